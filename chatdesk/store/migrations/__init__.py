"""Schema versions and the migration runner; each migration is a module of its own.

The version lives in ``chatdesk_meta``. Before an existing SQLite database changes schema it is
copied with SQLite's online backup API next to itself (``<file>.v<old>-<time>.bak``), unless
the migrations due change nothing on SQLite (:data:`SQLITE_UNCHANGED`). Every migration runs in
one transaction with the version stamp: a failure changes nothing.

Migrations run in order on every database, fresh ones included, from version 1, which is frozen
SQL (:mod:`.v01_initial`): a migration's module says exactly what it changes, whatever the
models say today. To change the schema, add the next ``vNN_what.py`` with an ``apply()`` and
append it to :data:`MIGRATIONS`; change the models to match, and ``tests/test_migrations.py``
checks that both agree and that old and fresh databases end up the same.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from chatdesk.store.db import advisory_lock, database, sqlite_path, write_transaction
from chatdesk.store.migrations import (
    v01_initial,
    v02_search_index,
    v03_index_after_commit,
    v04_prompt_favorite_index,
    v05_postgres_short_search,
    v06_prompt_stars,
    v07_chat_list,
    v08_change_log,
    v09_username_keys,
    v10_deleted_chats_stay_indexed,
    v11_chat_title_index,
    v12_organize,
    v13_postgres_grams,
    v14_title_queue,
    v15_organize_counts,
    v16_title_echo,
    v17_postgres_chat_count,
    v18_app_tokens,
    v19_meaning,
    v20_message_kinds,
    v21_agent_sessions,
    v22_kinds_in_index,
    v23_title_grams,
)
from chatdesk.store.migrations.v09_username_keys import V9_LEGACY_PREFIX, v9_username_key
from chatdesk.store.models import Meta, utcnow

__all__ = [
    "MIGRATIONS",
    "SCHEMA_KEY",
    "SCHEMA_VERSION",
    "SQLITE_UNCHANGED",
    "V9_LEGACY_PREFIX",
    "backup_sqlite",
    "current_version",
    "migrate",
    "v9_username_key",
]

log = logging.getLogger(__name__)

SCHEMA_KEY = "schema_version"

#: Numbered migrations; ``MIGRATIONS[n - 1]`` brings the schema from version n-1 to n.
MIGRATIONS: list[Callable[[], None]] = [
    v01_initial.apply,
    v02_search_index.apply,
    v03_index_after_commit.apply,
    v04_prompt_favorite_index.apply,
    v05_postgres_short_search.apply,
    v06_prompt_stars.apply,
    v07_chat_list.apply,
    v08_change_log.apply,
    v09_username_keys.apply,
    v10_deleted_chats_stay_indexed.apply,
    v11_chat_title_index.apply,
    v12_organize.apply,
    v13_postgres_grams.apply,
    v14_title_queue.apply,
    v15_organize_counts.apply,
    v16_title_echo.apply,
    v17_postgres_chat_count.apply,
    v18_app_tokens.apply,
    v19_meaning.apply,
    v20_message_kinds.apply,
    v21_agent_sessions.apply,
    v22_kinds_in_index.apply,
    v23_title_grams.apply,
]
SCHEMA_VERSION = len(MIGRATIONS)
#: Versions whose migration changes nothing on SQLite but the version stamp: a SQLite database
#: is not copied before them (the copy of a large file takes minutes and its size on disk).
SQLITE_UNCHANGED = frozenset({5, 13, 17})


def current_version() -> int:
    if not database.table_exists(Meta._meta.table_name):
        return 0
    row = Meta.get_or_none(Meta.key == SCHEMA_KEY)
    return int(row.value) if row else 0


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite database consistently (safe while others write)."""
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def migrate() -> int:
    """Bring the schema to :data:`SCHEMA_VERSION`; returns the version found before."""
    found = current_version()
    if found > SCHEMA_VERSION:
        raise RuntimeError(
            f"this database has schema version {found}, newer than this ChatDesk knows "
            f"({SCHEMA_VERSION}); upgrade ChatDesk"
        )
    if found == SCHEMA_VERSION:
        return found
    path = sqlite_path()
    changes = set(range(found + 1, SCHEMA_VERSION + 1)) - SQLITE_UNCHANGED
    if found > 0 and path is not None and changes:
        stamp = utcnow().strftime("%Y%m%d-%H%M%S")
        backup = backup_sqlite(path, path.with_name(f"{path.name}.v{found}-{stamp}.bak"))
        log.info("backed up %s to %s before migrating", path, backup)
    with write_transaction(), advisory_lock("chatdesk-migrate"):
        version = current_version()  # another process may have migrated meanwhile
        for number in range(version + 1, SCHEMA_VERSION + 1):
            log.info("migrating schema to version %d", number)
            MIGRATIONS[number - 1]()
        Meta.insert(key=SCHEMA_KEY, value=str(SCHEMA_VERSION)).on_conflict(
            conflict_target=[Meta.key], update={Meta.value: str(SCHEMA_VERSION)}
        ).execute()
    return found
