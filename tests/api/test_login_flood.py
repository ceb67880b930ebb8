"""Logins under load (issue 11 items 2 and 3): concurrent wrong passwords cannot outrun the
throttle, on SQLite and PostgreSQL; a flood of logins cannot hold every worker thread."""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from collections import Counter

import pytest

from chatdesk.api.app import Api
from chatdesk.api.server import ApiServer, ServerThread
from chatdesk.services import accounts, passwords
from chatdesk.services.errors import ServiceError
from chatdesk.store.db import close_database
from chatdesk.store.models import LoginAttempt
from tests.api.conftest import Client


def test_40_simultaneous_wrong_passwords_get_at_most_5_checked(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.register("victim", "right-password")
    checked = Counter[str]()
    real_verify = passwords.verify_password

    def counting(password: str, stored: str) -> bool:
        checked["hash"] += 1
        time.sleep(0.05)  # a real hash takes this long or more: long enough for others to race
        return real_verify(password, stored)

    monkeypatch.setattr(passwords, "verify_password", counting)
    start = threading.Barrier(40)
    answers = Counter[int]()
    lock = threading.Lock()

    def attempt() -> None:
        try:
            start.wait(10)
            try:
                accounts.login("victim", "wrong-password")
                code = 0
            except ServiceError as error:
                code = error.code
            with lock:
                answers[code] += 1
        finally:
            close_database()  # each thread's own connection

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(answers.values()) == 40, answers
    assert checked["hash"] <= accounts.MAX_FAILURES, (checked, answers)
    assert answers[-2] <= accounts.MAX_FAILURES and answers[0] == 0, answers
    assert answers[-2] + answers[2003] == 40, answers
    assert LoginAttempt.select().count() == answers[-2]
    # and the right password is throttled too now, as it should be within the window
    with pytest.raises(ServiceError) as refused:
        accounts.login("victim", "right-password")
    assert refused.value.code == 2003


def test_a_try_that_found_no_hashing_slot_is_not_counted(
    store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.register("victim", "right-password")
    monkeypatch.setattr(passwords, "HASH_WAIT_S", 0.05)
    for _ in range(passwords.HASH_SLOTS):
        assert passwords._hash_slots.acquire(timeout=1)
    try:
        with pytest.raises(ServiceError) as busy:
            accounts.login("victim", "right-password")
        assert busy.value.code == 2003 and busy.value.headers["Retry-After"] == "1"
        for _ in range(accounts.MAX_FAILURES + 2):
            with pytest.raises(ServiceError) as again:
                accounts.login("victim", "wrong-password")
            assert again.value.code == 2003
        assert LoginAttempt.select().count() == 0
    finally:
        for _ in range(passwords.HASH_SLOTS):
            passwords._hash_slots.release()
    assert accounts.login("victim", "right-password").token


def _flood(port: int, stop: threading.Event, answers: Counter[int]) -> None:
    client = Client(port)
    try:
        while not stop.is_set():
            name = uuid.uuid4().hex[:12]  # a fresh name each time: never throttled
            reply = client.post("login", {"username": name, "password": "whatever"})
            answers[reply.code] += 1
    finally:
        client.close()


def test_a_login_flood_does_not_hold_every_thread(
    sqlite_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20 clients looping login/ with fresh names against 4 threads: health stays fast (before:
    every thread hashed and health queued behind them, 3.2 s median in the issue)."""
    monkeypatch.setenv(passwords.ROUNDS_ENV, "10")  # ~50-100 ms a hash here, as in production
    passwords.burn_verify("warm up the dummy hash")
    thread = ServerThread(ApiServer(Api(), "127.0.0.1", 0, threads=4))
    thread.start_and_wait()
    port = thread.server.port
    stop = threading.Event()
    answers = Counter[int]()
    flooders = [threading.Thread(target=_flood, args=(port, stop, answers)) for _ in range(20)]
    for flooder in flooders:
        flooder.start()
    health = Client(port)
    times = []
    try:
        time.sleep(0.5)
        for _ in range(20):
            started = time.perf_counter()
            assert health.request("GET", "/myapp/health").status == 200
            times.append(time.perf_counter() - started)
            time.sleep(0.05)
    finally:
        stop.set()
        for flooder in flooders:
            flooder.join(30)
        health.close()
        thread.stop()
    assert answers[-2] > 0 and answers[2003] > 0, answers  # logins were checked, the rest told
    assert statistics.median(times) < 0.1, times
