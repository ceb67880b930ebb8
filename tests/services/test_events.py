"""Changes made by other processes are announced here: the change log and its watcher (SQLite
and the real PostgreSQL server), with a second process writing through the services."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from chatdesk.services import accounts, chats, events
from chatdesk.services.events import Change
from chatdesk.store.models import ChangeLog

ROOT = Path(__file__).resolve().parents[2]


def other_process(url: str, code: str) -> None:
    """Run ``code`` (with ``user`` bound to alice) in another Python process on ``url``."""
    script = (
        "from chatdesk.store import open_store\n"
        f"open_store({url!r})\n"
        "from chatdesk.services import accounts, chats\n"
        "user = accounts.find_user('alice')\n" + code
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=60)


@pytest.fixture
def heard() -> list[Change]:
    got: list[Change] = []
    lock = threading.Lock()

    def listen(change: Change) -> None:
        with lock:
            got.append(change)

    unsubscribe = events.subscribe(listen)
    yield got
    unsubscribe()
    events.stop_watching()


def wait_for(predicate, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_another_process_is_heard_within_a_second(store: str, heard: list[Change]) -> None:
    alice = accounts.register("alice", "secret1")
    events.start_watching()
    mine = chats.create_chat(alice, "made here")
    assert heard == [Change("chat", alice.id, mine.id)]  # once: not again from the log
    other_process(store, "chats.create_chat(user, 'made elsewhere')")
    started = time.monotonic()
    assert wait_for(lambda: len(heard) == 2)
    elapsed = time.monotonic() - started
    theirs = chats.list_chats(alice)[0][0]
    assert theirs.title == "made elsewhere"
    assert heard[1] == Change("chat", alice.id, theirs.id)
    assert elapsed < 1.0  # PostgreSQL: by NOTIFY (without one the log is read every 5 s)
    other_process(store, f"chats.add_message(user, {theirs.id}, 'user', 'hello from there')")
    assert wait_for(lambda: Change("message", alice.id, theirs.id) in heard)
    time.sleep(3 * events.POLL_S)
    assert len(heard) == 3  # each announced once


def test_the_log_is_trimmed(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "KEEP", 10)
    monkeypatch.setattr(events, "PRUNE_EVERY", 5)
    alice = accounts.register("alice", "secret1")
    for n in range(23):
        chats.create_chat(alice, f"c{n}")
    assert ChangeLog.select().count() <= 10 + 5


def test_a_bulk_change_elsewhere_is_heard_chat_by_chat(store: str, heard: list[Change]) -> None:
    """A bulk delete logs its 300 chats in one statement with one NOTIFY (publish_all): each
    is heard here once, in order, within a second; the bulk of this process too, once."""
    alice = accounts.register("alice", "secret1")
    ids = [chats.create_chat(alice, f"c{n}").id for n in range(300)]
    logged = ChangeLog.select().count()
    events.start_watching()
    heard.clear()
    other_process(store, f"chats.delete_chats(user, {ids!r})")
    started = time.monotonic()
    assert wait_for(lambda: len(heard) >= 300)
    assert time.monotonic() - started < 1.0
    assert heard == [Change("chat", alice.id, i) for i in ids]
    assert ChangeLog.select().count() == logged + 300
    heard.clear()
    chats.restore_chats(alice, ids)
    assert heard == [Change("chat", alice.id, i) for i in ids]  # at its commit, not again
    time.sleep(3 * events.POLL_S)
    assert len(heard) == 300
