"""A throwaway PostgreSQL cluster a test starts, stops and restarts itself (never the system's
server): ``initdb`` and ``pg_ctl`` from /usr/lib/postgresql/*/bin (or ``$PATH``) on a free
loopback port, in a folder of its own.

``initdb`` refuses to run as root: as root, the cluster belongs to the ``postgres`` OS user (or
``nobody``) and its commands run as that user. The binaries missing skip the test, except in CI,
where they fail it (tests/__init__.py).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import IN_CI


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    if found:
        return Path(found[0]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """One cluster: :meth:`start`, :meth:`stop`, :meth:`restart`; ``url`` is its database."""

    def __init__(self, bin_dir: Path, owner: pwd.struct_passwd | None) -> None:
        self.bin = bin_dir
        self.owner = owner  # None: run as this (unprivileged) user
        self.home = Path(tempfile.mkdtemp(prefix="chatdesk-pg-"))
        self.data = self.home / "data"
        self.port = _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        if owner is not None:
            os.chown(self.home, owner.pw_uid, owner.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        user = self.owner.pw_name if self.owner is not None else None
        done = subprocess.run(
            command, user=user, capture_output=True, text=True, cwd=self.home, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stdout}{done.stderr}")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.home / "log"), "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def wait_down(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.05)

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
        shutil.rmtree(self.home, ignore_errors=True)


def _owner() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and no postgres or nobody user to run initdb as")


@pytest.fixture
def pg_cluster() -> Iterator[Cluster]:
    """A started throwaway cluster, stopped and removed with the test."""
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        if IN_CI:
            pytest.fail("initdb/pg_ctl are missing in CI (install PostgreSQL's server package)")
        pytest.skip("initdb/pg_ctl are not installed")
    cluster = Cluster(bin_dir, _owner())
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()
