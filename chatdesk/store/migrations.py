"""Schema versions and the migration runner.

The version lives in ``chatdesk_meta``. Before an existing SQLite database changes schema it is
copied with SQLite's online backup API next to itself (``<file>.v<old>-<time>.bak``). Every
migration runs in one transaction with the version stamp: a failure changes nothing.

Migrations run in order on every database, fresh ones included, and version 1 creates the tables
from the models as they are. So models only grow, and a later migration that adds a column to a
model first checks whether the column is there (a fresh database got it from version 1).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from chatdesk.store.db import advisory_lock, database, sqlite_path, write_transaction
from chatdesk.store.models import ALL_MODELS, Meta, utcnow

log = logging.getLogger(__name__)

SCHEMA_KEY = "schema_version"


def _v1_initial() -> None:
    database.create_tables(ALL_MODELS)


#: Numbered migrations; ``MIGRATIONS[n - 1]`` brings the schema from version n-1 to n.
MIGRATIONS: list[Callable[[], None]] = [_v1_initial]
SCHEMA_VERSION = len(MIGRATIONS)


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
    if found > 0 and path is not None:
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
