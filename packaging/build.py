"""Build ChatDesk's Linux artifacts from a checkout: ``python packaging/build.py``.

1. A build virtualenv (``build/packaging/venv``) with ``packaging/requirements.txt`` and the
   project itself, installed from a clean copy of the tree (not editable). It is reused while
   those pins, ``pyproject.toml`` and the Python stay the same; the project is reinstalled.
2. Icons rendered from ``resources/icons/chatdesk.svg``: hicolor PNGs (48, 128, 256) and the SVG.
3. PyInstaller with ``packaging/chatdesk.spec``: the one-folder bundle, two executables.
4. ``dist/chatdesk-VERSION-linux-x86_64.tar.gz`` (the bundle, install.sh, uninstall.sh) and
   ``dist/chatdesk_VERSION_amd64.deb`` (``dpkg-deb --build --root-owner-group``).

Needs Python 3.10+, and on Linux ``dpkg-deb``, ``strip``, ``objdump``, ``as`` and ``ld`` (binutils,
the last two for Qt's ICU data: packaging/icudata.py). Prints how
long each step took. ``--package-only`` repacks the tarball and .deb from the last bundle.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import venv
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = ROOT / "build" / "packaging"
DIST = ROOT / "dist"
sys.path.insert(0, str(ROOT))

from chatdesk import APP_ID, __version__  # noqa: E402
from chatdesk.system_libs import debian_packages  # noqa: E402

BUNDLE = BUILD / "pyinstaller" / "dist" / "chatdesk"
ICONS = BUILD / "icons"
ICON_SIZES = (48, 128, 256)
RESOURCES = ROOT / "resources"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"
MAINTAINER = os.environ.get("CHATDESK_MAINTAINER", "ChatDesk developers <chatdesk@example.org>")
#: The build tree's parts that never go into the build venv's copy of the project.
NOT_SOURCE = (".git", ".venv", "build", "dist", "__pycache__", "*.egg-info", ".*_cache")


def run(cmd: Sequence[str | Path], **kwargs: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)  # type: ignore[call-overload]


def venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def build_venv() -> Path:
    """The build virtualenv's Python, with the pinned requirements and this checkout installed."""
    folder = BUILD / "venv"
    python = venv_python(folder)
    requirements = HERE / "requirements.txt"
    digest = hashlib.sha256(
        requirements.read_bytes() + (ROOT / "pyproject.toml").read_bytes() + sys.version.encode()
    ).hexdigest()
    stamp = folder / "chatdesk-build-stamp"
    if not (stamp.is_file() and stamp.read_text() == digest and python.exists()):
        shutil.rmtree(folder, ignore_errors=True)
        venv.create(folder, with_pip=True)
        run([python, "-m", "pip", "install", "-q", "-r", requirements])
        stamp.write_text(digest)
    source = BUILD / "source"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    run([python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", source])
    run([python, "-m", "pip", "check"])
    return python


def render_icons(python: Path) -> None:
    shutil.rmtree(ICONS, ignore_errors=True)
    run([python, HERE / "render_icons.py", RESOURCES / "icons" / "chatdesk.svg", ICONS])


def pyinstaller(python: Path) -> None:
    env = dict(os.environ, CHATDESK_ICONS=str(ICONS))
    work = BUILD / "pyinstaller"
    # cwd outside the checkout: the analysis must see the installed package, not ./chatdesk
    spec = HERE / "chatdesk.spec"
    folders = ["--distpath", work / "dist", "--workpath", work / "work"]
    run(
        [python, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", *folders, spec],
        cwd=BUILD,
        env=env,
    )


def desktop_entry() -> str:
    """The desktop entry as the .deb ships it (Exec=chatdesk, found on PATH in /usr/bin)."""
    return DESKTOP.read_text(encoding="utf-8")


def share_tree(share: Path) -> None:
    """The freedesktop files under a ``share`` folder: applications, hicolor icons, metainfo."""
    (share / "applications").mkdir(parents=True)
    (share / "applications" / DESKTOP.name).write_text(desktop_entry(), encoding="utf-8")
    for size in ICON_SIZES:
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copyfile(ICONS / f"{size}.png", folder / f"{APP_ID}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copyfile(RESOURCES / "icons" / "chatdesk.svg", scalable / f"{APP_ID}.svg")
    (share / "metainfo").mkdir()
    shutil.copyfile(METAINFO, share / "metainfo" / METAINFO.name)


def normalise_modes(top: Path) -> None:
    """Folders and executables 0755, other files 0644, whatever the umask was."""
    for path in [top, *top.rglob("*")]:
        if path.is_symlink():
            continue
        executable = path.is_dir() or os.access(path, os.X_OK)
        path.chmod(0o755 if executable else 0o644)


def tarball() -> Path:
    name = f"chatdesk-{__version__}-linux-x86_64"
    stage = BUILD / "tar" / name
    shutil.rmtree(stage.parent, ignore_errors=True)
    stage.mkdir(parents=True)
    shutil.copytree(BUNDLE, stage / "chatdesk", symlinks=True)
    share_tree(stage / "share")
    for script in ("install.sh", "uninstall.sh"):
        shutil.copyfile(HERE / "linux" / script, stage / script)
        (stage / script).chmod(0o755)
    normalise_modes(stage)
    out = DIST / f"{name}.tar.gz"

    def owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out, "w:gz", compresslevel=6) as archive:
        archive.add(stage, arcname=name, filter=owned_by_root)
    return out


def glibc_needed(top: Path) -> str:
    """The newest GLIBC_x.y symbol version any ELF file of the bundle asks for."""
    newest = (2, 17)
    for path in top.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as file:
            if file.read(4) != b"\x7fELF":
                continue
        dump = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True)
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", dump.stdout):
            newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}"


def deb_depends() -> list[str]:
    return [f"libc6 (>= {glibc_needed(BUNDLE)})", *debian_packages()]


def control(installed_kib: int) -> str:
    return (
        "Package: chatdesk\n"
        f"Version: {__version__}\n"
        "Architecture: amd64\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(deb_depends())}\n"
        "Section: utils\n"
        "Priority: optional\n"
        "Description: desktop manager for AI chat histories\n"
        " ChatDesk keeps your AI conversations: sign in, browse and search them, read\n"
        " one as a chat thread, add messages and browse a prompt gallery. While it runs\n"
        " it serves the legacy /myapp/ HTTP API on 127.0.0.1:8000; `chatdesk-cli serve`\n"
        " runs that API alone.\n"
        " .\n"
        " A self-contained build: Python and Qt live in /opt/chatdesk.\n"
    )


COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: ChatDesk

Files: *
License: MIT

Files: opt/chatdesk/_internal/*
Comment: the bundled Python runtime and libraries, each under its own licence: Python (PSF),
 Qt 6 and PySide6 (LGPL-3.0), peewee, bcrypt, waitress, Werkzeug, platformdirs, psycopg2
 (LGPL-3.0), ijson, mistune, Pygments, MarkupSafe.
License: various
"""


def deb() -> Path:
    stage = BUILD / "deb" / f"chatdesk_{__version__}_amd64"
    shutil.rmtree(stage.parent, ignore_errors=True)
    shutil.copytree(BUNDLE, stage / "opt" / "chatdesk", symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    for exe in ("chatdesk", "chatdesk-cli"):
        (stage / "usr" / "bin" / exe).symlink_to(f"/opt/chatdesk/{exe}")
    share_tree(stage / "usr" / "share")
    doc = stage / "usr" / "share" / "doc" / "chatdesk"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT, encoding="utf-8")
    size = sum(p.lstat().st_size for p in stage.rglob("*") if not p.is_dir())
    (stage / "DEBIAN").mkdir()
    (stage / "DEBIAN" / "control").write_text(control((size + 1023) // 1024), encoding="utf-8")
    normalise_modes(stage)
    out = DIST / f"chatdesk_{__version__}_amd64.deb"
    run(["dpkg-deb", "--build", "--root-owner-group", "-Zxz", stage, out])
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--package-only",
        action="store_true",
        help="repack the tarball and .deb from the last bundle",
    )
    args = parser.parse_args(argv)
    timings: list[tuple[str, float]] = []

    def step(name: str, start: float) -> None:
        timings.append((name, time.monotonic() - start))

    DIST.mkdir(exist_ok=True)
    if not args.package_only:
        start = time.monotonic()
        python = build_venv()
        step("build venv", start)
        start = time.monotonic()
        render_icons(python)
        pyinstaller(python)
        step("PyInstaller", start)
    if not sys.platform.startswith("linux"):
        print(f"bundle: {BUNDLE.parent} (tarball and .deb are built on Linux only)")
        return 0
    start = time.monotonic()
    outputs = [tarball(), deb()]
    step("tarball and .deb", start)
    for name, seconds in timings:
        print(f"{name}: {seconds:.0f} s")
    for out in outputs:
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
