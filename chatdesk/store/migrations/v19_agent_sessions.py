"""Version 19: coding agents' sessions (issue 23).

* ``chat.workdir`` and ``chat.branch``: an agent session's project folder and git branch, for
  the thread's header (NULL for every other chat).
* ``agent_source``: which agents' folders an account has turned on (and the folders it added),
  kept in the database so that every process on it (the desktop app, ``serve``, a cron's
  ``chatdesk sources sync``) sees a change within one poll.
* ``agent_file``: what was read of each session file: its identity (device, inode), size,
  modification time, the offset read up to and the session it holds, so that only what was
  appended is read next; a file whose identity changed or that shrank is read again from the
  start.
"""

from __future__ import annotations

from chatdesk.store.db import database, is_sqlite
from chatdesk.store.migrations._script import run_script

_TABLES = """
CREATE TABLE IF NOT EXISTS "agent_source" (
    "id" {serial} NOT NULL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "name" VARCHAR(32) NOT NULL,
    "enabled" {boolean} NOT NULL,
    "folders" TEXT NOT NULL,
    "changed_at" {timestamp} NOT NULL,
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX IF NOT EXISTS "agent_source_user_id_name" ON "agent_source" ("user_id", "name");

CREATE TABLE IF NOT EXISTS "agent_file" (
    "id" {serial} NOT NULL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "source" VARCHAR(32) NOT NULL,
    "path" TEXT NOT NULL,
    "device" {bigint} NOT NULL,
    "inode" {bigint} NOT NULL,
    "size" {bigint} NOT NULL,
    "mtime" {double} NOT NULL,
    "offset" {bigint} NOT NULL,
    "session" VARCHAR(255),
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX IF NOT EXISTS "agent_file_user_id_path" ON "agent_file" ("user_id", "path");
"""

_COLUMNS = {"workdir": '"workdir" TEXT', "branch": '"branch" VARCHAR(255)'}


def apply() -> None:
    sqlite = is_sqlite()
    have = (
        {row[1] for row in database.execute_sql('PRAGMA table_info("chat")').fetchall()}
        if sqlite
        else set()
    )
    for name, column in _COLUMNS.items():
        if name not in have:
            exists = "" if sqlite else "IF NOT EXISTS "
            database.execute_sql(f'ALTER TABLE "chat" ADD COLUMN {exists}{column}')
    run_script(
        _TABLES.format(
            serial="INTEGER" if sqlite else "SERIAL",
            timestamp="DATETIME" if sqlite else "TIMESTAMP",
            double="REAL" if sqlite else "DOUBLE PRECISION",
            # as Peewee writes them (a test compares a migrated database with a fresh one)
            boolean="INTEGER" if sqlite else "BOOLEAN",
            bigint="INTEGER" if sqlite else "BIGINT",
        )
    )
