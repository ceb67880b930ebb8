"""Paging over a chat's messages: from the newest end, and around a message far back (a search
hit), on SQLite and on the real PostgreSQL server, via ``store``."""

from __future__ import annotations

from chatdesk.services import accounts, chats
from tests import seeding


def _chat(count: int, title: str = "long") -> tuple[int, list[int]]:
    """A chat of ``count`` messages "#0" … "#count-1"; returns its id and the message ids."""
    user = accounts.register("alice", "secret1")
    chat_id = seeding.chat_with(user, title, [("user", f"#{n}") for n in range(count)])
    ids = [m.id for m in chats.messages_before(chat_id, None, count)]
    return chat_id, ids


def _numbers(rows: list[chats.MessageRow]) -> list[int]:
    return [int(r.content[1:]) for r in rows]


def test_window_around_a_message_far_back(store: str) -> None:
    chat_id, ids = _chat(3000)
    window = chats.messages_around(chat_id, ids[1500], 50)
    assert _numbers(window.rows) == list(range(1450, 1551))
    assert window.has_older and window.has_newer
    # paging on from both ends joins up with the window, without gaps or repeats
    older = chats.messages_before(chat_id, window.rows[0].id, 50)
    newer = chats.messages_after(chat_id, window.rows[-1].id, 50)
    assert _numbers(older) == list(range(1400, 1450))
    assert _numbers(newer) == list(range(1551, 1601))


def test_window_near_either_end(store: str) -> None:
    chat_id, ids = _chat(300)
    start = chats.messages_around(chat_id, ids[49], 50)
    assert _numbers(start.rows) == list(range(0, 100))
    assert not start.has_older and start.has_newer
    first = chats.messages_around(chat_id, ids[0], 50)
    assert _numbers(first.rows) == list(range(0, 51))
    assert not first.has_older
    end = chats.messages_around(chat_id, ids[-1], 50)
    assert _numbers(end.rows) == list(range(249, 300))
    assert end.has_older and not end.has_newer
    exact = chats.messages_around(chat_id, ids[249], 50)  # exactly 50 newer: nothing beyond
    assert _numbers(exact.rows) == list(range(199, 300)) and not exact.has_newer


def test_window_around_a_message_not_in_the_chat(store: str) -> None:
    chat_id, ids = _chat(10)
    bob = accounts.register("bob", "secret1")
    other = chats.create_chat(bob, "other")
    stray = chats.add_message(bob, other.id, "user", "elsewhere").id
    window = chats.messages_around(chat_id, ids[5], 3)
    assert _numbers(window.rows) == [2, 3, 4, 5, 6, 7, 8]
    assert window.has_older and window.has_newer
    beyond = chats.messages_around(chat_id, stray, 3)  # another chat's, newer than all of these
    assert _numbers(beyond.rows) == [7, 8, 9]
    assert beyond.has_older and not beyond.has_newer
