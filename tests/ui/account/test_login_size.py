"""Issue 21 item 14: after a sign-out (or a restore) the sign-in window comes back the size it
first had, not taller by the error line or busy bar it showed while it was last open."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt

from chatdesk.services import accounts
from chatdesk.ui.account.login_window import LoginWindow
from tests.ui.helpers import Desk


def first_login(desk: Desk) -> tuple[LoginWindow, QSize]:
    login = desk.login
    desk.qtbot.waitUntil(lambda: login.painted)
    return login, QSize(login.size())


def fail_then_sign_in(desk: Desk, login: LoginWindow) -> None:
    """A wrong password first (the error line shows), then the right one."""
    login.username.clear()
    desk.qtbot.keyClicks(login.username, "alice")
    desk.qtbot.keyClicks(login.password, "wrong-password")
    desk.qtbot.keyClick(login.password, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: login.error.isVisible())
    login.password.clear()
    desk.qtbot.keyClicks(login.password, "secret1")
    desk.qtbot.keyClick(login.password, Qt.Key.Key_Return)
    desk.qtbot.waitUntil(lambda: desk.app.main_window is not None, timeout=5000)


def test_the_login_window_comes_back_its_first_size_after_sign_out(desk: Desk) -> None:
    accounts.register("alice", "secret1")
    login, first = first_login(desk)
    fail_then_sign_in(desk, login)
    desk.app.sign_out()
    desk.qtbot.waitUntil(lambda: desk.app.login_window is not None)
    again = desk.app.login_window
    assert again is not None and again is not login
    desk.qtbot.waitUntil(lambda: again.painted)
    assert again.size() == first
    assert not again.error.isVisible()
    # and once more: it does not creep either
    desk.login = again
    fail_then_sign_in(desk, again)
    desk.app.sign_out()
    desk.qtbot.waitUntil(lambda: desk.app.login_window not in (None, again))
    third = desk.app.login_window
    assert third is not None
    desk.qtbot.waitUntil(lambda: third.painted)
    assert third.size() == first


def test_a_wider_window_keeps_its_width(desk: Desk) -> None:
    """The person's width stays (and where the window was); only the height is the content's."""
    accounts.register("alice", "secret1")
    login, first = first_login(desk)
    login.resize(first.width() + 120, first.height())
    desk.qtbot.waitUntil(lambda: login.width() == first.width() + 120)
    fail_then_sign_in(desk, login)
    desk.app.sign_out()
    desk.qtbot.waitUntil(lambda: desk.app.login_window is not None)
    again = desk.app.login_window
    assert again is not None
    desk.qtbot.waitUntil(lambda: again.painted)
    assert again.size() == QSize(first.width() + 120, first.height())
