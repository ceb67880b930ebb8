"""Installing what is shipped: the tarball's install.sh and uninstall.sh, the .deb with dpkg, and
the freedesktop validators on the files both put in place."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from artifacts import APP_ID, check_headless, clean_env, desktop_exec, smoke_test, version
from conftest import CI, need_tool

from chatdesk.system_libs import debian_packages

ICONS = [f"{n}x{n}/apps/{APP_ID}.png" for n in (48, 128, 256)] + [f"scalable/apps/{APP_ID}.svg"]


def validate(share: Path) -> None:
    """desktop-file-validate and appstreamcli validate --no-net on a share folder's files."""
    need_tool("desktop-file-validate", "desktop-file-utils")
    need_tool("appstreamcli", "appstream")
    entry = share / "applications" / f"{APP_ID}.desktop"
    done = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout + done.stderr
    metainfo = share / "metainfo" / f"{APP_ID}.metainfo.xml"
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for icon in ICONS:
        assert (share / "icons" / "hicolor" / icon).is_file(), f"no {icon} under {share}"


def test_the_tarball_validates(unpacked: Path) -> None:
    validate(unpacked / "share")
    assert desktop_exec(unpacked / "share" / "applications" / f"{APP_ID}.desktop") == "chatdesk"


def tree(top: Path) -> list[str]:
    return sorted(str(p.relative_to(top)) for p in top.rglob("*"))


@pytest.fixture
def user_home() -> Iterator[tuple[Path, list[str]]]:
    """An empty HOME with a space in its path, and the command prefix that runs as its owner:
    as root, the user ``nobody`` (install.sh installs system-wide for root)."""
    top = Path(tempfile.mkdtemp(prefix="chatdesk-install-"))
    top.chmod(0o755)
    home = top / "home of tester"
    home.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(home, "nobody", "nogroup")
        as_user = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
    yield home, as_user
    shutil.rmtree(top)


def test_per_user_install_then_uninstall_leaves_nothing(
    unpacked: Path, user_home: tuple[Path, list[str]], tmp_path: Path
) -> None:
    home, as_user = user_home
    runtime = Path(tempfile.mkdtemp(prefix="chatdesk-runtime-"))
    if as_user:
        shutil.chown(runtime, "nobody", "nogroup")
    env = clean_env(home, runtime, PATH=os.environ["PATH"])

    def sh(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*as_user, *args], env=env, capture_output=True, text=True)

    done = sh("sh", str(unpacked / "install.sh"))
    assert done.returncode == 0, done.stdout + done.stderr
    local = home / ".local"
    lib = local / "lib" / "chatdesk"
    share = local / "share"
    assert (lib / "chatdesk").is_file() and (lib / "uninstall.sh").is_file(), tree(home)
    validate(share)
    entry = share / "applications" / f"{APP_ID}.desktop"
    assert desktop_exec(entry) == str(lib / "chatdesk"), entry.read_text("utf-8")
    for exe in ("chatdesk", "chatdesk-cli"):
        ran = sh(str(local / "bin" / exe), "--version")
        assert ran.stdout.strip() == f"ChatDesk {version()}", ran.stdout + ran.stderr
    again = sh("sh", str(unpacked / "install.sh"))  # installing again replaces the copy
    assert again.returncode == 0, again.stdout + again.stderr
    done = sh("sh", str(lib / "uninstall.sh"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert tree(home) == [], f"left behind in HOME: {tree(home)}"
    shutil.rmtree(runtime)


def test_install_with_a_prefix_then_uninstall(unpacked: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "usr local"
    done = subprocess.run(
        ["sh", str(unpacked / "install.sh"), "--prefix", str(prefix)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    validate(prefix / "share")
    assert desktop_exec(prefix / "share" / "applications" / f"{APP_ID}.desktop") == str(
        prefix / "lib" / "chatdesk" / "chatdesk"
    )
    done = subprocess.run(
        ["sh", str(unpacked / "uninstall.sh"), "--prefix", str(prefix)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not prefix.exists() or tree(prefix) == [], tree(prefix)


def deb_field(deb: Path, field: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb), field], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_deb_is_well_formed(deb_file: Path, tmp_path: Path) -> None:
    need_tool("dpkg-deb", "dpkg")
    assert deb_field(deb_file, "Package") == "chatdesk"
    assert deb_field(deb_file, "Version") == version()
    assert deb_field(deb_file, "Architecture") == "amd64"
    depends = [d.split()[0] for d in deb_field(deb_file, "Depends").split(", ")]
    assert depends[0] == "libc6" and depends[1:] == debian_packages(), depends
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb_file), str(root)], check=True)
    assert (root / "opt" / "chatdesk" / "chatdesk").is_file()
    for exe in ("chatdesk", "chatdesk-cli"):
        assert os.readlink(root / "usr" / "bin" / exe) == f"/opt/chatdesk/{exe}"
    validate(root / "usr" / "share")
    assert desktop_exec(root / "usr/share/applications" / f"{APP_ID}.desktop") == "chatdesk"


def test_the_deb_installs_and_runs(
    deb_file: Path, tmp_path: Path, home: Path, display: str
) -> None:
    """dpkg -i (its Depends installed first, as packaging/ci.sh does), then the installed
    commands: --version, the headless test, the windowed smoke test under Xvfb; dpkg --purge
    removes it all again."""
    if os.geteuid() != 0:
        if CI:
            pytest.fail("installing the .deb needs root")
        pytest.skip("installing the .deb needs root")
    need_tool("dpkg", "dpkg")
    absent = [
        p
        for p in debian_packages()
        if subprocess.run(["dpkg-query", "-W", p], capture_output=True).returncode != 0
    ]
    assert absent == [], f"install the .deb's Depends first: apt-get install {' '.join(absent)}"
    done = subprocess.run(["dpkg", "-i", str(deb_file)], capture_output=True, text=True)
    try:
        assert done.returncode == 0, done.stdout + done.stderr
        env = clean_env(home, tmp_path / "runtime")
        ran = subprocess.run(["/usr/bin/chatdesk", "--version"], env=env, capture_output=True)
        assert ran.stdout.decode().strip() == f"ChatDesk {version()}", ran
        check_headless(Path("/usr/bin/chatdesk-cli"), tmp_path, env)
        smoke_test(Path("/usr/bin/chatdesk"), env, tmp_path, display)
        validate(Path("/usr/share"))
    finally:
        purge = subprocess.run(["dpkg", "--purge", "chatdesk"], capture_output=True, text=True)
    assert purge.returncode == 0, purge.stdout + purge.stderr
    assert not Path("/opt/chatdesk").exists(), "dpkg --purge left /opt/chatdesk"
    assert not Path("/usr/bin/chatdesk").exists()
