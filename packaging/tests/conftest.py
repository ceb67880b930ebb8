"""Fixtures for the tests of the built artifacts (``python packaging/build.py`` first).

Run explicitly: ``python -m pytest -p no:cacheprovider packaging/tests`` (the project's own
``tests/`` never builds a bundle). The bundle tested is the one unpacked from the tarball, as a
person gets it. Each run of an executable gets an empty temporary HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from artifacts import clean_env, deb, tarball

CI = os.environ.get("CI") == "true"


def need_tool(name: str, package: str) -> None:
    """Skip without a tool, except under CI=true, where its absence is a failure."""
    if shutil.which(name) is None:
        message = f"{name} not found: apt-get install {package}"
        if CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def unpacked() -> Iterator[Path]:
    """The tarball unpacked in a world-readable temporary folder (another user installs from it
    in the per-user install test); its top folder."""
    archive = tarball()
    assert archive.is_file(), f"{archive} is missing: run python packaging/build.py"
    folder = Path(tempfile.mkdtemp(prefix="chatdesk-artifact-"))
    folder.chmod(0o755)
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="tar")
    (top,) = folder.iterdir()
    yield top
    shutil.rmtree(folder)


@pytest.fixture(scope="session")
def bundle(unpacked: Path) -> Path:
    return unpacked / "chatdesk"


@pytest.fixture(scope="session")
def deb_file() -> Path:
    path = deb()
    assert path.is_file(), f"{path} is missing: run python packaging/build.py"
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def env(home: Path, tmp_path: Path) -> dict[str, str]:
    return clean_env(home, tmp_path / "runtime")


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    """A private Xvfb server (the real xcb platform, not offscreen); its DISPLAY."""
    need_tool("Xvfb", "xvfb")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number, f"Xvfb did not start (exit {server.poll()})"
    yield f":{number}"
    server.terminate()
    server.wait(10)
