"""Screenshots of every window, light and dark, English and Chinese, rendered offscreen.

    python scripts/screenshots.py [OUT_DIR]      (default: docs/screenshots)

Builds a throwaway database with a few sample chats, launches the app as ``main.py`` does (API
on a free port), and saves login, main, settings, add-prompt, shortcuts and About windows as PNG
files.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CHATDESK_BCRYPT_ROUNDS", "4")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from chatdesk.services import accounts, archive, chats, folders, tags  # noqa: E402
from chatdesk.startup import DesktopOptions  # noqa: E402
from chatdesk.ui.account.login_window import LoginWindow  # noqa: E402
from chatdesk.ui.app import ChatDeskApp, current_app  # noqa: E402
from chatdesk.ui.help import AboutBox, ShortcutsDialog  # noqa: E402
from chatdesk.ui.launch import launch  # noqa: E402
from chatdesk.ui.prompts.dialog import AddPromptDialog  # noqa: E402
from chatdesk.ui.settings import SETTINGS_FILE_ENV  # noqa: E402
from chatdesk.ui.settings_dialog import SettingsDialog  # noqa: E402

SAMPLES = json.loads((ROOT / "scripts" / "screenshot_samples.json").read_text("utf-8"))


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait(predicate: object, timeout_ms: int = 5000) -> None:
    waited = 0
    while not predicate() and waited < timeout_ms:  # type: ignore[operator]
        spin(20)
        waited += 20


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


#: The folders (the second inside the first), tags (name, colour) and the archived chat's
#: title of the sample library.
ORGANIZE = {
    "en": (
        ("Work", "Code review", "Travel"),
        (("python", "#3b82f6"), ("ideas", "#f59e0b")),
        "Old notes",
    ),
    "zh": (("工作", "代码评审", "旅行"), (("编程", "#3b82f6"), ("灵感", "#f59e0b")), "旧笔记"),
}


def seed(lang: str, username: str) -> None:
    """The sample chats, filed in a few folders, tagged, and one archived."""
    user = accounts.register(username, "secret1")
    names, tag_specs, old_title = ORGANIZE[lang]
    old = chats.create_chat(user, old_title)
    chats.add_message(user, old.id, "user", old_title)
    archive.archive_chats(user, [old.id])
    work = folders.create_folder(user, names[0])
    review = folders.create_folder(user, names[1], work.id)
    travel = folders.create_folder(user, names[2])
    made = [tags.create_tag(user, name, color) for name, color in tag_specs]
    ids = []
    for title, messages in SAMPLES[lang]:
        chat = chats.create_chat(user, title)
        ids.append(chat.id)
        for role, content in messages:
            chats.add_message(user, chat.id, role, content)
    for chat_id, folder in zip(ids, (review, work, travel), strict=False):
        folders.move_chats(user, [chat_id], folder.id)
    tags.tag_chats(user, ids[:2], [made[0].id])
    tags.tag_chats(user, ids[1:], [made[1].id])


def shoot(lang: str, theme: str, database: str, work: Path, out: Path) -> None:
    settings = work / f"settings-{lang}-{theme}.ini"
    settings.write_text(f"[ui]\nlanguage={lang}\ntheme={theme}\n", encoding="utf-8")
    os.environ[SETTINGS_FILE_ENV] = str(settings)
    username = f"{'小明' if lang == 'zh' else 'alice'}_{theme}"
    window = launch(DesktopOptions(database=database, port=0))
    app = current_app()
    assert isinstance(window, LoginWindow) and isinstance(app, ChatDeskApp)
    seed(lang, username)
    wait(lambda: app.server.state[0] != "starting" and app.warm)
    suffix = f"{lang}-{theme}"
    window.username.setText(username)
    window.password.setText("wrong")
    window.sign_in()
    wait(lambda: window.error.isVisible())
    save(window, out, f"login-{suffix}")
    window.password.setText("secret1")
    window.sign_in()
    wait(lambda: app.main_window is not None)
    main = app.main_window
    assert main is not None
    wait(lambda: main.chat_list.model.rowCount() == 3 and bool(main.gallery.shown_ids()))
    tree = main.folder_tree
    wait(lambda: tree.model().rowCount() >= 5)
    tree.expandAll()
    main.chat_list.select_chat(main.chat_list.model.index(1).data(main.chat_list.model.ChatIdRole))
    wait(lambda: main.messages.rowCount() == 4)
    main.composer.edit.setPlainText(
        main.gallery.cards[0].prompt.text if main.gallery.cards[0].prompt else ""
    )
    spin(200)
    save(main, out, f"main-{suffix}")
    tree.choose(("archive", 0))  # the Archive: the archived chat alone, opened
    wait(lambda: main.chat_list.model.rowCount() == 1 and main.messages.chat_id == 0)
    main.chat_list.select_chat(main.chat_list.model.index(0).data(main.chat_list.model.ChatIdRole))
    wait(lambda: main.messages.rowCount() == 1)
    spin(200)
    save(main, out, f"archive-{suffix}")
    tree.choose(("all", 0))
    wait(lambda: main.chat_list.model.rowCount() == 3)
    panel = main.chat_list  # searching inside messages: the count, the mode and the order
    panel.in_messages.setChecked(True)
    panel.search.setText("Python" if lang == "en" else "文件")
    wait(lambda: panel.hits.rowCount() > 0)
    spin(200)
    save(main, out, f"search-{suffix}")
    panel.search.clear()
    panel.in_messages.setChecked(False)
    size = main.size()
    main.resize(576, 458)  # the smallest window: the gallery folds into the Prompts toggle
    spin(300)
    save(main, out, f"narrow-{suffix}")
    main.resize(size)
    spin(100)
    dialogs = [
        (main.settings_action.trigger, SettingsDialog, "settingsDialog", "settings"),
        (main.gallery.add_button.click, AddPromptDialog, "addPromptDialog", "add-prompt"),
        (main.shortcuts_action.trigger, ShortcutsDialog, "shortcutsDialog", "shortcuts"),
        (main.about_action.trigger, AboutBox, "aboutDialog", "about"),
    ]
    for open_it, kind, name, file in dialogs:
        open_it()
        dialog = main.findChild(kind, name)
        assert dialog is not None, name
        spin(100)
        save(dialog, out, f"{file}-{suffix}")
        dialog.reject()
    app.shutdown()
    app.deleteLater()
    spin(50)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        database = f"sqlite:///{work / 'screens.sqlite3'}"
        for lang in ("en", "zh"):
            for theme in ("light", "dark"):
                shoot(lang, theme, database, work, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
