"""Version 21: coding agents' sessions (issue 23).

* ``agent_session``: an agent session's project folder and git branch, for the thread's bar
  (a row for the chats that are agents' sessions only). A table of its own rather than columns
  of ``chat``: the chat list's hot table keeps its width (SQLite's planner weighs a row's size:
  with two more columns it read a folder's list from ``chat_list`` instead of ``chat_folder``).
* ``agent_source``: which agents' folders an account has turned on (and the folders it added),
  kept in the database so that every process on it (the desktop app, ``serve``, a cron's
  ``chatdesk sources sync``) sees a change within one poll.
* ``agent_file``: what was read of each session file: its identity (device, inode), size,
  modification time, the offset read up to and the session it holds, so that only what was
  appended is read next; a file whose identity changed or that shrank is read again from the
  start.
"""

from __future__ import annotations

from chatdesk.store.db import is_sqlite
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

CREATE TABLE IF NOT EXISTS "agent_session" (
    "chat_id" INTEGER NOT NULL PRIMARY KEY,
    "workdir" TEXT,
    "branch" VARCHAR(255),
    FOREIGN KEY ("chat_id") REFERENCES "chat" ("id") ON DELETE CASCADE
);
"""


def apply() -> None:
    sqlite = is_sqlite()
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
