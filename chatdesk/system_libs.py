"""The system libraries Qt's xcb platform plugin needs on Linux, with the packages that bring them.

PySide6's wheels carry Qt but not these: without one of them Qt aborts with a generic "could not
load the Qt platform plugin" message. The table was read with ``readelf -d`` (NEEDED) off
``libqxcb.so``, ``libQt6XcbQpa.so.6`` and the Qt Core/Gui/Widgets/DBus libraries of
PySide6-Essentials 6.11, plus ``libxcb-glx`` (the xcb GLX integration plugin's) and the C++
runtime every Qt library links (``libstdc++``, ``libgcc_s``): the bundle leaves them all to the
system, to match its X server and OpenGL driver. :func:`missing` finds the absent ones before Qt
starts; :func:`advice` says what to install; packaging/build.py writes the .deb's ``Depends:``
from it; :func:`display_problem` is what the desktop app checks before it loads Qt. Imports no Qt.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping

#: shared object -> (Debian/Ubuntu package, Fedora package)
XCB_LIBRARIES: dict[str, tuple[str, str]] = {
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgcc_s.so.1": ("libgcc-s1", "libgcc"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libstdc++.so.6": ("libstdc++6", "libstdc++"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libz.so.1": ("zlib1g", "zlib"),
    "libzstd.so.1": ("libzstd1", "libzstd"),
}

#: The other system libraries the bundle links and leaves to the system: OpenSSL 3, which
#: Python's ``_ssl`` and ``_hashlib`` link by these sonames (the spec leaves the build machine's
#: copies out only when those sonames and their symbol versions are the system's). Not needed to
#: open a window, so :func:`missing` does not look for them.
OTHER_LIBRARIES: dict[str, tuple[str, str]] = {
    "libcrypto.so.3": ("libssl3", "openssl-libs"),
    "libssl.so.3": ("libssl3", "openssl-libs"),
}

#: Every library the bundle takes from the system (the .deb's Depends, the README's list).
SYSTEM_LIBRARIES: dict[str, tuple[str, str]] = {**XCB_LIBRARIES, **OTHER_LIBRARIES}


def debian_packages() -> list[str]:
    """Every Debian/Ubuntu package of SYSTEM_LIBRARIES, sorted, once each (the .deb's Depends)."""
    return sorted({debian for debian, _ in SYSTEM_LIBRARIES.values()})


def missing() -> list[str]:
    """The table's libraries that the dynamic loader cannot find on this machine."""
    absent = []
    for name in XCB_LIBRARIES:
        try:
            ctypes.CDLL(name)
        except OSError:
            absent.append(name)
    return absent


def advice(absent: list[str]) -> str:
    """What to tell a person whose machine lacks ``absent``: the libraries and the commands that
    install them on Debian/Ubuntu and on Fedora."""
    debian = sorted({XCB_LIBRARIES[name][0] for name in absent})
    fedora = sorted({XCB_LIBRARIES[name][1] for name in absent})
    return (
        "ChatDesk cannot open a window: Qt's X11 (xcb) platform needs system libraries this "
        f"machine lacks: {', '.join(absent)}.\n"
        f"Debian/Ubuntu: sudo apt-get install {' '.join(debian)}\n"
        f"Fedora: sudo dnf install {' '.join(fedora)}"
    )


NO_DISPLAY = (
    "ChatDesk cannot open a window: there is no display (neither DISPLAY nor WAYLAND_DISPLAY is "
    "set). Start it from a desktop session, or run the API alone with: chatdesk serve"
)


def _platforms(env: Mapping[str, str]) -> list[str]:
    """The plugin names QT_QPA_PLATFORM asks for, in order ("wayland;xcb", "xcb:option=1")."""
    parts = env.get("QT_QPA_PLATFORM", "").split(";")
    return [name for name in (part.split(":")[0].strip() for part in parts) if name]


def _would_use_xcb(env: Mapping[str, str]) -> bool:
    """Whether Qt would load its xcb plugin: asked for first, or left to choose on an X11
    session (on a Wayland session Qt 6 takes its wayland plugin)."""
    asked = _platforms(env)
    if asked:
        return asked[0] == "xcb"
    wayland = env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland"
    return bool(env.get("DISPLAY")) and not wayland


def display_problem(env: Mapping[str, str] | None = None, system: str | None = None) -> str | None:
    """Why the desktop app could not open a window here, said before Qt would abort with its
    generic message: no display at all, or libraries of the xcb platform missing (with the
    packages that bring them). None when nothing is known to be wrong, and off Linux."""
    env = os.environ if env is None else env
    if not (system or sys.platform).startswith("linux"):
        return None
    asked = _platforms(env)
    on_screen = not asked or asked[0] == "xcb" or asked[0].startswith("wayland")
    if on_screen and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return NO_DISPLAY
    if _would_use_xcb(env) and env.get("DISPLAY") and (absent := missing()):
        return advice(absent)
    return None
