"""Provenance (issue 22): every chat knows its source; ``source:NAME`` in search, a source's
list and the Sources counts; the API's items carry ``source`` (null for chats made here)."""

from __future__ import annotations

import datetime as dt

from chatdesk.importers.model import ImportedChat, ImportedMessage
from chatdesk.services import accounts, chats, search
from chatdesk.services.chat_filter import NATIVE, ChatFilter
from chatdesk.services.importing import ImportReport, _import_one

T0 = dt.datetime(2025, 1, 1, 10, 0, 0)


def _imported(source: str, ident: str, text: str) -> ImportedChat:
    return ImportedChat(
        source, ident, f"{source} {ident}", T0, messages=[ImportedMessage("m1", "user", text, T0)]
    )


def _library() -> accounts.Account:
    alice = accounts.register("alice", "secret1")
    for source, ident in (("deepseek", "d1"), ("deepseek", "d2"), ("grok", "g1")):
        _import_one(alice, _imported(source, ident, f"green tea from {source}"), ImportReport())
    chats.add_chat(alice, "mine", "mine", "green tea made here")
    return alice


def test_source_prefix_narrows_search(store: str) -> None:
    alice = _library()
    assert search.search(alice, "green tea")[1] == 4
    hits, total = search.search(alice, "source:deepseek green tea")
    assert total == 2 and {h.source for h in hits} == {"deepseek"}
    assert search.search(alice, "source:DeepSeek source:grok tea")[1] == 3
    hits, total = search.search(alice, "source:chatdesk tea")
    assert total == 1 and hits[0].source is None and hits[0].chat_key == "mine"
    assert search.search(alice, "source:nowhere tea")[1] == 0
    # prefixes alone list the chats
    assert search.search(alice, "source:grok")[1] == 1


def test_source_counts_and_a_sources_list(store: str) -> None:
    alice = _library()
    assert chats.source_counts(alice) == [("deepseek", 2), ("chatdesk", 1), ("grok", 1)]
    rows, total = chats.list_chats(alice, where=ChatFilter(source="deepseek"))
    assert total == 2 and {r.source for r in rows} == {"deepseek"}
    rows, total = chats.list_chats(alice, where=ChatFilter(source=NATIVE))
    assert total == 1 and rows[0].source is None
    deleted = chats.find_chat(alice, chat_key="grok:g1")
    chats.delete_chats(alice, [deleted])
    assert ("grok", 1) not in chats.source_counts(alice)
