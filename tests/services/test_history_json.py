"""``chats.history_json``: SQLite writes the legacy history JSON itself; it must be byte for byte
what Python's encoder writes, in message order, on both backends."""

from __future__ import annotations

import json

from chatdesk.api.app import API_ROLES
from chatdesk.services import accounts, chats
from chatdesk.store.db import is_sqlite
from chatdesk.store.models import Message, utcnow

AWKWARD = [
    "",
    'quotes " and \\ backslash \\n not a newline',
    "control " + "".join(chr(c) for c in range(1, 0x20)) + " end",
    "\x7f DEL, \u2028 LS, \u2029 PS, \ufeff BOM, \uffff",
    "中文，全角标点；emoji 😀 and astral \U0010ffff",
    "it's 'single' quotes, ', ' separators ], [ and \"]\"",
    "line one\nline two\r\n\ttabbed",
]


def _expected(chat_id: int, roles: dict[str, str]) -> bytes:
    rows = [[roles.get(role, role), content] for role, content in chats.history(chat_id)]
    return json.dumps(rows, ensure_ascii=False).encode()


def test_history_json_is_what_python_writes(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    chat_id = chats.create_chat(alice, "awkward").id
    other = chats.create_chat(alice, "other").id
    now = utcnow()
    awkward = AWKWARD + (["NUL \x00 inside"] if is_sqlite() else [])  # PostgreSQL refuses NUL
    for i, text in enumerate(awkward * 3):
        role = ("user", "assistant", "system")[i % 3]
        Message.create(chat=chat_id, role=role, content=text, created_at=now)
        Message.create(chat=other, role="user", content=f"other {i}", created_at=now)
    got = chats.history_json(chat_id, API_ROLES)
    assert got == _expected(chat_id, API_ROLES)
    assert [content for _, content in json.loads(got)] == awkward * 3  # in order, none lost
    quoted = {"assistant": "it's", "user": '"me"'}  # names needing SQL and JSON escapes
    assert chats.history_json(chat_id, quoted) == _expected(chat_id, quoted)
    assert chats.history_json(other, {}) == _expected(other, {})


def test_history_json_of_an_empty_chat(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    chat_id = chats.create_chat(alice, "empty").id
    assert chats.history_json(chat_id, API_ROLES) == b"[]" == _expected(chat_id, API_ROLES)


def test_history_json_keeps_the_order_of_a_long_chat(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    chat_id = chats.create_chat(alice, "long").id
    for i in range(300):
        chats.add_message(alice, chat_id, "user" if i % 2 else "assistant", f"message {i:03d}")
    got = json.loads(chats.history_json(chat_id, API_ROLES))
    assert [content for _, content in got] == [f"message {i:03d}" for i in range(300)]
    assert got[0][0] == "chatcar" and got[1][0] == "user"
