"""The Account menu: sign out to the login window (the next person sees only their chats),
change the password, delete the account with its chats."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chatdesk.services import accounts, chats
from chatdesk.services.errors import ServiceError
from chatdesk.store.models import Chat, Token, User
from chatdesk.ui.account.dialogs import ChangePasswordDialog, DeleteAccountDialog
from chatdesk.ui.account.login_window import LoginWindow
from chatdesk.ui.main_window import MainWindow
from tests.ui.chats.test_list import titles
from tests.ui.helpers import Desk


def sign_in_as(desk: Desk, name: str, password: str = "secret1") -> MainWindow:
    login = desk.app.login_window
    assert isinstance(login, LoginWindow) and login.isVisible()
    login.username.clear()
    desk.qtbot.keyClicks(login.username, name)
    desk.qtbot.keyClicks(login.password, password)
    desk.qtbot.keyClick(login.password, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: desk.app.main_window is not None, timeout=5000)
    return desk.main


def test_sign_out_returns_to_login_and_the_next_user_sees_only_theirs(desk: Desk) -> None:
    alice = accounts.register("alice", "secret1")
    bob = accounts.register("bob", "secret1")
    chats.create_chat(alice, "alice's plans")
    chats.create_chat(bob, "bob's notes")
    first = sign_in_as(desk, "alice")
    desk.qtbot.waitUntil(lambda: titles(first) == ["alice's plans"])
    assert Token.select().where(Token.user == alice.id).count() == 1

    desk.qtbot.keyClick(
        first, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    desk.qtbot.waitUntil(lambda: desk.app.login_window is not None)
    assert desk.app.main_window is None
    desk.qtbot.waitUntil(lambda: Token.select().where(Token.user == alice.id).count() == 0)
    assert desk.app.server.state[0] == "listening"  # the API kept serving

    second = sign_in_as(desk, "bob")
    assert second is not first
    desk.qtbot.waitUntil(lambda: titles(second) == ["bob's notes"])
    assert second.messages.chat_id == 0  # nothing of alice's left open
    assert "bob" in second.user_label.text()


def test_change_password_from_the_account_menu(desk: Desk) -> None:
    accounts.register("alice", "secret1")
    main = sign_in_as(desk, "alice")
    main.password_action.trigger()
    dialog = main.findChild(ChangePasswordDialog)
    assert dialog is not None and dialog.isVisible()
    desk.qtbot.keyClicks(dialog.current, "wrong-one")
    desk.qtbot.keyClicks(dialog.new, "brandnew1")
    desk.qtbot.keyClicks(dialog.repeat, "brandnew2")
    dialog.ok_button.click()
    assert dialog.error.isVisible() and "differ" in dialog.error.text()
    dialog.repeat.clear()
    desk.qtbot.keyClicks(dialog.repeat, "brandnew1")
    dialog.ok_button.click()
    desk.qtbot.waitUntil(lambda: "current password is wrong" in dialog.error.text())
    assert dialog.isVisible()
    dialog.current.clear()
    desk.qtbot.keyClicks(dialog.current, "secret1")
    with desk.qtbot.waitSignal(dialog.finished):
        dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "Password changed" in main.statusBar().currentMessage()
    assert accounts.login("alice", "brandnew1").user.username == "alice"
    try:
        accounts.login("alice", "secret1")
    except ServiceError as error:
        assert error.code == -2
    else:
        raise AssertionError("the old password still signs in")


def test_delete_account_asks_for_the_password_then_signs_out(desk: Desk) -> None:
    alice = accounts.register("alice", "secret1")
    bob = accounts.register("bob", "secret1")
    for n in range(3):
        chats.create_chat(alice, f"alice {n}")
    chats.create_chat(bob, "bob's")
    main = sign_in_as(desk, "alice")
    main.delete_account_action.trigger()
    dialog = main.findChild(DeleteAccountDialog)
    assert dialog is not None
    desk.qtbot.waitExposed(dialog)
    intro = dialog.intro  # the whole warning shows: no line cut off at the top
    assert intro.height() >= intro.heightForWidth(intro.width())
    desk.qtbot.keyClicks(dialog.password, "nope")
    dialog.ok_button.click()
    desk.qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert User.select().where(User.id == alice.id).exists()  # refused: nothing deleted
    dialog.password.clear()
    desk.qtbot.keyClicks(dialog.password, "secret1")
    dialog.ok_button.click()
    desk.qtbot.waitUntil(lambda: desk.app.login_window is not None and desk.app.main_window is None)
    assert not User.select().where(User.id == alice.id).exists()
    assert Chat.select().where(Chat.user == alice.id).count() == 0
    assert [c.title for c in Chat.select().where(Chat.user == bob.id)] == ["bob's"]
