"""Plain-text previews: Markdown markup left out of the chat list (issue 9 item 7)."""

from __future__ import annotations

import pytest

from chatdesk.services import accounts, chats
from chatdesk.services.plain import plain_text
from chatdesk.store.models import Chat, Meta


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("~~old~~ new", "old new"),
        ("**bold**, *em*, _em_, __strong__ and ***both***", "bold, em, em, strong and both"),
        ("`a ** b` and ``x`y``", "a ** b and x`y"),
        ("```python\nx = a ** 2  # ~~\n```\nafter", "x = a ** 2 # ~~ after"),
        ("# Title #\n\n> quoted **x**", "Title quoted x"),
        ("- one\n* two\n+ three\n1. four\n2) five\n- [x] done", "one two three four five done"),
        ("| a | b |\n|---|:-:|\n| 1 | 2 |", "a · b 1 · 2"),
        ('See [the docs](https://x.org/a_(b) "t") and ![a cat](cat.png)', "See the docs and a cat"),
        ("<https://example.com> [ref][1]", "https://example.com ref"),
        ("Title\n=====\nbody\n\n---\n\n***\nend", "Title body end"),
        ("cut off **bold and ~~strike", "cut off bold and strike"),
        ("2 * 3 * 4 = 24, snake_case_name, a_b", "2 * 3 * 4 = 24, snake_case_name, a_b"),
        (
            r"literal \*stars\* and \~~tildes\~~ and \`ticks\`",
            "literal *stars* and ~~tildes~~ and `ticks`",
        ),
        ("价格是 **100 元**，~~不含税~~。", "价格是 100 元，不含税。"),
        ("  many\n\n\tspaces   and\r\nlines ", "many spaces and lines"),
        ("", ""),
    ],
)
def test_plain_text(markdown: str, plain: str) -> None:
    assert plain_text(markdown) == plain


def test_previews_are_plain_text(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    chats.add_chat(alice, "k1", "Notes", "~~wrong~~ **right**: use `uv`")
    [summary], _ = chats.list_chats(alice)
    assert summary.last_preview == "wrong right: use uv"
    chat = chats.create_chat(alice, "Another")
    chats.add_message(alice, chat.id, "assistant", "# Steps\n\n1. **Boil** water\n2. ~~Wait~~")
    assert chats.get_summary(chat.id).last_preview == "Steps Boil water Wait"  # type: ignore[union-attr]
    long = "**" + "x" * 300 + "**"
    chats.add_message(alice, chat.id, "user", long)
    assert chats.get_summary(chat.id).last_preview == "x" * 200  # type: ignore[union-attr]


def test_previews_stored_before_are_remade_once(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    chats.add_chat(alice, "k1", "Notes", "~~wrong~~ **right**")
    chats.add_chat(alice, "k2", "Empty", "")
    chats.add_chat(alice, "k3", "Plain", "nothing to strip")
    Chat.update(last_preview="~~wrong~~ **right**").where(Chat.chat_key == "k1").execute()
    Meta.delete().where(Meta.key == chats.PREVIEW_RULES_KEY).execute()  # as stored before
    assert chats.refresh_previews() == 1
    previews = {c.chat_key: c.last_preview for c in Chat.select()}
    assert previews == {"k1": "wrong right", "k2": "", "k3": "nothing to strip"}
    Chat.update(last_preview="~~left~~").where(Chat.chat_key == "k1").execute()
    assert chats.refresh_previews() == 0  # once per database
    assert Chat.get(Chat.chat_key == "k1").last_preview == "~~left~~"
