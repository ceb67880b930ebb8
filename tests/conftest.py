"""Shared fixtures: a fresh database per test (SQLite file, or the real PostgreSQL server), and the
real API server on a free loopback port."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CHATDESK_BCRYPT_ROUNDS"] = "4"  # bcrypt cost 12 takes ~0.25 s a hash: too slow here
# logs and crash files of the processes tests start stay out of the real user's log folder
os.environ["CHATDESK_LOG_DIR"] = tempfile.mkdtemp(prefix="chatdesk-test-logs-")

import gc
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatdesk.services import meaning
from chatdesk.store import open_store
from chatdesk.store.db import close_database, database
from chatdesk.store.indexer import stop_background_indexer
from chatdesk.store.migrations import SCHEMA_KEY
from chatdesk.store.models import ALL_MODELS, Meta
from tests import IN_CI

PG_URL = os.environ.get("CHATDESK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


def pytest_unconfigure(config: pytest.Config) -> None:
    """The session's log folder (set above) goes with the session."""
    shutil.rmtree(os.environ["CHATDESK_LOG_DIR"], ignore_errors=True)


def _pg_admin():  # type: ignore[no-untyped-def]
    import psycopg2

    conn = psycopg2.connect(PG_URL, connect_timeout=5)
    conn.autocommit = True
    return conn


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A PostgreSQL database of this test session's own, dropped at the end."""
    try:
        admin = _pg_admin()
    except Exception as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL is not reachable at {PG_URL} in CI: {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {PG_URL}: {exc}")
    name = f"chatdesk_test_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    base = PG_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        close_database()
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _fresh_postgres(url: str) -> None:
    open_store(url)
    tables = ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS if m is not Meta)
    database.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    Meta.delete().where(Meta.key != SCHEMA_KEY).execute()


@pytest.fixture(autouse=True, scope="module")
def _collect_garbage_between_modules() -> Iterator[None]:
    """Free each module's garbage before the next module runs: the server tests leave
    thousands of connection objects in reference cycles (each holding True), and a collection
    that happened to run inside tests/ui/test_soak.py moved True's reference count by more than
    that test allows for a leak."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _no_background_indexer() -> Iterator[None]:
    """A test's first API request starts the process's indexer thread: stop it with the test, so
    that it never works on the next test's database."""
    stop_background_indexer()
    meaning.stop_worker()
    yield
    stop_background_indexer()
    meaning.stop_worker()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'chatdesk.sqlite3'}"
    open_store(url)
    yield url
    close_database()


@pytest.fixture
def pg_store(pg_database_url: str) -> Iterator[str]:
    """A fresh, migrated database on the real PostgreSQL server only (for PostgreSQL's plans)."""
    _fresh_postgres(pg_database_url)
    yield pg_database_url
    close_database()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database: a SQLite file, then the real PostgreSQL server."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'chatdesk.sqlite3'}"
        open_store(url)
    else:
        url = request.getfixturevalue("pg_database_url")
        _fresh_postgres(url)
    yield url
    close_database()


@pytest.fixture
def realdata() -> Path:
    """The real third-party exports in ../shared/realdata; missing, they skip, except in CI."""
    if not REALDATA.is_dir():
        if IN_CI:
            pytest.fail(f"the real test data is missing at {REALDATA} in CI")
        pytest.skip(f"the real test data is missing at {REALDATA}")
    return REALDATA
