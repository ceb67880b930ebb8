"""Migrations are frozen: version 1 is SQL of its own, not today's models. A database whose
version 1 was created the old way (the tables from the models of its day) and a fresh one end
up with the same schema, on SQLite and on PostgreSQL, and that schema holds every table, column
and index the models declare."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from chatdesk.store import database, init_database, migrate
from chatdesk.store.db import close_database, is_sqlite, write_transaction
from chatdesk.store.migrations import SCHEMA_KEY, SCHEMA_VERSION, current_version
from chatdesk.store.models import ALL_MODELS, Meta

Schema = set[tuple[str, ...]]


def _squeeze(sql: str | None) -> str:
    """SQL without layout: SQLite keeps the text as written (IF NOT EXISTS aside)."""
    return re.sub(r'[\s"]+', "", sql or "").lower()


def _sqlite_schema() -> Schema:
    rows = database.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {(kind, name, table, _squeeze(sql)) for kind, name, table, sql in rows}


PG_CATALOG = {
    "column": "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, "
    "'') FROM information_schema.columns WHERE table_schema = 'public'",
    "index": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "constraint": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
    "FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
    "trigger": "SELECT event_object_table, trigger_name, event_manipulation, action_timing, "
    "action_statement FROM information_schema.triggers WHERE trigger_schema = 'public'",
    "function": "SELECT proname, pg_get_functiondef(oid) FROM pg_proc "
    "WHERE pronamespace = 'public'::regnamespace AND starts_with(proname, 'chatdesk')",
}


def _pg_schema() -> Schema:
    found: Schema = set()
    for kind, sql in PG_CATALOG.items():
        found |= {(kind, *map(str, row)) for row in database.execute_sql(sql).fetchall()}
    return found


def _schema() -> Schema:
    return _sqlite_schema() if is_sqlite() else _pg_schema()


def _empty(url: str) -> None:
    init_database(url)
    if not is_sqlite():
        database.execute_sql("DROP SCHEMA public CASCADE")
        database.execute_sql("CREATE SCHEMA public")


def _old_version_1() -> None:
    """What version 1 did before it was frozen: the tables from today's models, stamped 1."""
    with write_transaction():
        database.create_tables(ALL_MODELS)
        Meta.insert(key=SCHEMA_KEY, value="1").execute()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_urls(
    request: pytest.FixtureRequest, tmp_path: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/fresh.sqlite3", f"sqlite:///{tmp_path}/old.sqlite3"
    else:
        url = request.getfixturevalue("pg_database_url")
        yield url, url  # one after the other, emptied in between
    close_database()


def test_an_old_version_1_and_a_fresh_database_end_with_the_same_schema(
    two_urls: tuple[str, str],
) -> None:
    fresh_url, old_url = two_urls
    _empty(fresh_url)
    migrate()
    assert current_version() == SCHEMA_VERSION
    fresh = _schema()
    close_database()

    _empty(old_url)
    _old_version_1()
    models_only = _schema()
    migrate()
    assert current_version() == SCHEMA_VERSION
    upgraded = _schema()

    assert upgraded == fresh
    assert models_only <= fresh  # every table, column and index the models declare is there
    assert len(fresh) > len(models_only)  # and the migrations' own: indexes, triggers, FTS
