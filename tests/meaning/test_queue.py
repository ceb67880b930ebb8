"""The embedding queue (issue 25): triggers queue what changed, the embedder takes only what it
lacks, and a kill at any point loses nothing and embeds nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from chatdesk.services import accounts, chats, meaning
from chatdesk.store import database, write_transaction
from chatdesk.store.db import close_database
from chatdesk.store.models import Chat, MeaningChunk, Message
from tests.meaning.conftest import Fake
from tests.seeding import chat_with


def _drain(model: Fake) -> None:
    while meaning.embed_queued(model):
        pass


def _chunks() -> list[tuple[int, int, int, str]]:
    """(chat, message or 0 for the title, part, model) of every chunk."""
    return sorted(
        (c.chat_id, c.message_id or 0, c.part, c.model)
        for c in MeaningChunk.select(
            MeaningChunk.chat, MeaningChunk.message, MeaningChunk.part, MeaningChunk.model
        )
    )


def test_passages_end_at_sentences_and_leave_thinking_out() -> None:
    text = "<think>plan the answer</think>" + "第一句话很长。" * 80 + "\n\nEnd."
    cut = meaning.passages(text)
    assert all(b - a <= meaning.CHUNK_CHARS for a, b in cut)
    assert "plan" not in "".join(text[a:b] for a, b in cut)
    assert all(text[b - 1] in "。.\n" for a, b in cut[:-1])
    assert len(meaning.passages("x " * 100_000)) == meaning.MAX_PARTS  # bounded


def test_new_edited_renamed_and_purged_chats(store: str, fake: Fake) -> None:
    user = accounts.register("alice", "secret1")
    chat_id = chat_with(user, "Hello", [("user", "one"), ("assistant", "two"), ("tool", "x")])
    assert meaning.pending() == 1
    _drain(fake)
    assert meaning.pending() == 0
    assert sorted(fake.texts) == ["Hello", "one", "two"]  # the tool's output is left out
    first = _chunks()

    chats.add_message(user, chat_id, "user", "three")
    chats.rename_chat(user, chat_id, "Greetings")
    fake.texts.clear()
    _drain(fake)
    assert sorted(fake.texts) == ["Greetings", "three"]  # only what changed
    assert len(_chunks()) == len(first) + 1

    with write_transaction():
        Message.update(content="ONE").where(Message.content == "one").execute()
    fake.texts.clear()
    _drain(fake)
    assert fake.texts == ["ONE"]
    assert len(_chunks()) == len(first) + 1  # replaced, not added

    chats.delete_chats(user, [chat_id])
    with write_transaction():
        Chat.update(deleted_at="2000-01-01 00:00:00").execute()
    chats.purge_deleted()
    assert _chunks() == []  # a purged chat's vectors go with it


def test_reasoning_and_tool_rows_are_left_out(store: str, fake: Fake) -> None:
    """Issue 25: passages come from turns' text; thinking and tool calls (issue 22's kinds)
    are not embedded."""
    user = accounts.register("alice", "secret1")
    chat_id = chat_with(
        user, "Hello", [("user", "ask"), ("assistant", "pondering"), ("assistant", "ls -l")]
    )
    with write_transaction():
        Message.update(kind="reasoning").where(Message.content == "pondering").execute()
        Message.update(kind="tool").where(Message.content == "ls -l").execute()
    _drain(fake)
    assert sorted(fake.texts) == ["Hello", "ask"]
    assert {m for _, m, _, _ in _chunks()} == {
        0,
        *(m.id for m in Message.select().where(Message.chat == chat_id, Message.content == "ask")),
    }


def test_a_change_while_a_chat_is_embedded_keeps_it_queued(store: str) -> None:
    user = accounts.register("alice", "secret1")
    chat_id = chat_with(user, "Hello", [("user", "one")])

    class Meddling(Fake):
        def embed(self, texts):  # type: ignore[no-untyped-def]
            if not self.texts:  # while the first batch embeds, a message comes in
                chats.add_message(user, chat_id, "user", "late")
            return super().embed(texts)

    model = Meddling()
    meaning.embed_queued(model, budget=1)  # one chat
    assert meaning.pending() == 1  # the new message's stamp kept it queued
    _drain(model)
    assert sorted(model.texts) == ["Hello", "late", "one"]


def test_another_model_re_embeds(sqlite_store: str) -> None:
    user = accounts.register("alice", "secret1")
    chat_with(user, "Hello", [("user", "one")])
    _drain(Fake("old@1"))
    assert meaning.requeue_other_models("new@2") == 1
    new = Fake("new@2")
    _drain(new)
    assert sorted(new.texts) == ["Hello", "one"]
    assert {m for *_, m in _chunks()} == {"new@2"}


KILLED = """
import os, signal, sys
sys.path.insert(0, {root!r})
from chatdesk.store import open_store
from chatdesk.services import meaning
from tests.meaning.conftest import Fake

open_store({url!r})

class Dying(Fake):
    def embed(self, texts):
        if len(self.texts) >= 40:  # mid-batch, mid-chat: after some chats were written
            os.kill(os.getpid(), signal.SIGKILL)
        return super().embed(texts)

meaning.BATCH = 4
model = Dying()
while meaning.embed_queued(model, budget=8):
    pass
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_kill_mid_batch_loses_nothing_and_embeds_nothing_twice(
    sqlite_store: str, tmp_path: Path
) -> None:
    user = accounts.register("alice", "secret1")
    for n in range(12):
        chat_with(user, f"chat {n}", [("user", f"question {n} {i}") for i in range(9)])
    close_database()
    root = str(Path(__file__).parents[2])
    script = textwrap.dedent(KILLED.format(root=root, url=sqlite_store))
    done = subprocess.run([sys.executable, "-c", script], cwd=root, timeout=120, check=False)
    assert done.returncode == -signal.SIGKILL
    written = len(_chunks())
    assert 0 < written < 12 * 10  # it died part way
    rest = Fake()
    _drain(rest)
    everything = _chunks()
    assert len(everything) == 12 * 10  # nothing lost
    assert len(set(everything)) == len(everything)  # no chunk twice
    assert len(rest.texts) == 12 * 10 - written  # nothing embedded again
    assert os.path.exists(sqlite_store.removeprefix("sqlite:///"))
    assert database.execute_sql("SELECT count(*) FROM meaning_queue").fetchone()[0] == 0


def test_an_import_is_embedded_by_the_running_worker(
    sqlite_store: str, realdata: Path, model: object
) -> None:
    """The issue's "done": with the worker running, an imported library becomes searchable by
    meaning without a restart (the import only writes rows; triggers queue them)."""
    from chatdesk.services import search
    from chatdesk.services.importing import import_chats

    user = accounts.register("alice", "secret1")
    worker = meaning.ensure_worker()
    assert worker is not None
    import_chats(
        user, realdata / "chatgpt" / "mitkury_chatgpt-export-parser__example-conversation.json"
    )
    assert meaning.pending() > 0
    deadline = time.monotonic() + 120
    while not meaning.status().ready and time.monotonic() < deadline:
        worker.wake()
        time.sleep(0.1)
    assert meaning.status().ready, meaning.status()
    titles = [c.title for c in Chat.select(Chat.title)]
    hits = search.find(user, titles[0], mode="meaning").hits
    assert hits and hits[0].chat_title == titles[0]


def test_hostile_text_never_stops_the_queue(
    sqlite_store: str, model: object, caplog: pytest.LogCaptureFixture
) -> None:
    """Control characters, a 100,000-character word, a text the model fails on: each
    chat is embedded or skipped, and the chats behind it are embedded all the same."""
    from chatdesk.services import embedder

    user = accounts.register("alice", "secret1")
    behind = chat_with(user, "behind", [("user", "an ordinary question")])
    chat_with(user, "bad", [("user", "control \x00\x07\u202e " + "字" * 100_000)])
    real = embedder.load()
    meaning_model = real

    class Broken(Fake):
        def embed(self, texts):  # type: ignore[no-untyped-def]
            if any("boom" in t for t in texts):
                raise ValueError("the model fails on this text")
            return meaning_model.embed(texts)

    chat_with(user, "boom", [("user", "boom")])
    broken = Broken(real.model)
    _drain(broken)
    assert meaning.pending() == 0
    embedded = {c for c, *_ in _chunks()}
    assert behind in embedded and len(embedded) == 2  # the failing chat alone is left out
    assert "cannot be embedded" in caplog.text
