"""Icons, translations and the .desktop entry are found (as an installed wheel finds them)."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from chatdesk import APP_ID, __version__
from chatdesk.ui import resources

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest depends on tomli there
    import tomli as tomllib
from chatdesk.ui.app import app_icon

ROOT = Path(__file__).resolve().parents[2]


def test_resources_are_found() -> None:
    for parts in (
        ("icons", "chatdesk.svg"),
        ("translations", "chatdesk_zh_CN.qm"),
        ("translations", "chatdesk_zh_CN.ts"),
        (f"{APP_ID}.desktop",),
        (f"{APP_ID}.metainfo.xml",),
    ):
        assert resources.exists(*parts), parts
        assert resources.read_bytes(*parts)


def test_the_icon_loads(qtbot: QtBot) -> None:
    icon: QIcon = app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(64, 64).isNull()


def test_the_chinese_catalogue_translates(qtbot: QtBot) -> None:
    translator = QTranslator()
    with resources.as_file("translations", "chatdesk_zh_CN.qm") as path:
        assert translator.load(str(path))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("PromptGallery", "Shuffle") == "换一批"
        assert QCoreApplication.translate("LoginWindow", "&Sign in") == "登录(&S)"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_every_string_is_translated() -> None:
    tree = ET.parse(ROOT / "resources" / "translations" / "chatdesk_zh_CN.ts")
    messages = tree.findall(".//message")
    assert len(messages) > 50
    for message in messages:
        translation = message.find("translation")
        assert translation is not None and translation.text, message.findtext("source")
        assert translation.get("type") not in ("unfinished", "obsolete", "vanished"), (
            message.findtext("source")
        )


def test_the_desktop_entry() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read_string(resources.read_bytes(f"{APP_ID}.desktop").decode("utf-8"))
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == "chatdesk"
    assert section["Icon"] == APP_ID, "the installed icon is named after the application id"


def test_the_metainfo_names_the_desktop_entry() -> None:
    root = ET.fromstring(resources.read_bytes(f"{APP_ID}.metainfo.xml"))
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == f"{APP_ID}.desktop"
    release = root.find("releases/release")
    assert release is not None and release.get("version") == __version__, (
        "add a <release> for the new version to the metainfo"
    )


def test_the_wheel_ships_resources_and_every_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert setuptools["package-dir"]["chatdesk.resources"] == "resources"
    listed = set(setuptools["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "chatdesk").rglob("__init__.py")
    }
    assert on_disk <= listed, f"add {sorted(on_disk - listed)} to [tool.setuptools] packages"
    assert (ROOT / "resources" / "__init__.py").is_file()
    shipped = set()
    for package, globs in setuptools["package-data"].items():
        if package.startswith("chatdesk.resources"):
            folder = ROOT.joinpath("resources", *package.split(".")[2:])
            shipped |= {p.relative_to(ROOT / "resources") for g in globs for p in folder.glob(g)}
    expected = {
        "icons/chatdesk.svg",
        "translations/chatdesk_zh_CN.qm",
        f"{APP_ID}.desktop",
        f"{APP_ID}.metainfo.xml",
    }
    assert {Path(p) for p in expected} <= shipped
