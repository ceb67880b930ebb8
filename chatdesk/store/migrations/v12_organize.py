"""Version 12: folders, tags and an archive (issue 13).

* ``folder``: a user's folders, nested through ``parent_id``; a name is unique among its
  siblings under NFKC + casefold (``folder_sibling``, over ``COALESCE(parent_id, 0)``: a plain
  unique index would let two top-level folders share a name, NULLs being distinct on both
  engines).
* ``tag`` (a name unique per user under NFKC + casefold, a colour) and ``chat_tag``.
* ``chat.folder_id`` (at most one folder; ON DELETE SET NULL) and ``chat.archived_at``.
* The default list now leaves archived chats out: ``chat_list`` becomes the partial index of
  chats neither deleted nor archived, ``chat_archive`` serves the Archive view, ``chat_folder``
  a folder's list, and ``chat_count`` counts what the default list shows.

Nothing is dropped but an index and triggers, which are made again.
"""

from __future__ import annotations

from chatdesk.store.db import database, is_sqlite
from chatdesk.store.migrations._script import run_script

# IF NOT EXISTS: see v06_prompt_stars (a test builds version 1 from today's models).
_TABLES = """
CREATE TABLE IF NOT EXISTS "folder" (
    "id" {serial} NOT NULL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "parent_id" INTEGER,
    "name" VARCHAR(100) NOT NULL,
    "name_key" VARCHAR(400) NOT NULL,
    "position" INTEGER NOT NULL,
    "created_at" {timestamp} NOT NULL,
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("parent_id") REFERENCES "folder" ("id") ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS "folder_parent_id" ON "folder" ("parent_id");

CREATE UNIQUE INDEX IF NOT EXISTS "folder_sibling"
ON "folder" ("user_id", COALESCE("parent_id", 0), "name_key");

CREATE TABLE IF NOT EXISTS "tag" (
    "id" {serial} NOT NULL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "name_key" VARCHAR(256) NOT NULL,
    "color" VARCHAR(7) NOT NULL,
    "created_at" {timestamp} NOT NULL,
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX IF NOT EXISTS "tag_user_id_name_key" ON "tag" ("user_id", "name_key");

CREATE TABLE IF NOT EXISTS "chat_tag" (
    "chat_id" INTEGER NOT NULL,
    "tag_id" INTEGER NOT NULL,
    PRIMARY KEY ("chat_id", "tag_id"),
    FOREIGN KEY ("chat_id") REFERENCES "chat" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS "chat_tag_tag_id_chat_id" ON "chat_tag" ("tag_id", "chat_id");
"""

_COLUMNS = {
    "archived_at": '"archived_at" {timestamp}',
    "folder_id": '"folder_id" INTEGER REFERENCES "folder" ("id") ON DELETE SET NULL',
}

# The list's order over chats neither deleted nor archived (the default list), over archived
# chats (the Archive view) and per folder (not partial: it also serves the foreign key's
# ON DELETE SET NULL, which looks up deleted chats too); and the counts of the folder tree and
# of a folder's list (the chats in none too), from an index alone (chat_folder_listed).
_INDEXES = """
DROP INDEX IF EXISTS "chat_list";

CREATE INDEX "chat_list" ON "chat" ("user_id", "pinned" DESC, "updated_at" DESC, "id" DESC)
WHERE "deleted_at" IS NULL AND "archived_at" IS NULL;

CREATE INDEX IF NOT EXISTS "chat_archive"
ON "chat" ("user_id", "pinned" DESC, "updated_at" DESC, "id" DESC)
WHERE "deleted_at" IS NULL AND "archived_at" IS NOT NULL;

CREATE INDEX IF NOT EXISTS "chat_folder"
ON "chat" ("folder_id", "pinned" DESC, "updated_at" DESC, "id" DESC);

CREATE INDEX IF NOT EXISTS "chat_folder_listed" ON "chat" ("folder_id", "user_id")
WHERE "deleted_at" IS NULL AND "archived_at" IS NULL;
"""

# chat_count (v7) counts the chats the default list shows: neither deleted nor archived.
_COUNT_SQLITE = """
DROP TRIGGER IF EXISTS chat_count_insert;

DROP TRIGGER IF EXISTS chat_count_delete;

DROP TRIGGER IF EXISTS chat_count_soft_delete;

DROP TRIGGER IF EXISTS chat_count_listed;

CREATE TRIGGER chat_count_insert AFTER INSERT ON chat
WHEN NEW.deleted_at IS NULL AND NEW.archived_at IS NULL BEGIN
    INSERT INTO chat_count (user_id, live) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET live = live + 1;
END;

CREATE TRIGGER chat_count_delete AFTER DELETE ON chat
WHEN OLD.deleted_at IS NULL AND OLD.archived_at IS NULL BEGIN
    UPDATE chat_count SET live = live - 1 WHERE user_id = OLD.user_id;
END;

CREATE TRIGGER chat_count_listed AFTER UPDATE OF deleted_at, archived_at ON chat
WHEN (OLD.deleted_at IS NULL AND OLD.archived_at IS NULL)
    <> (NEW.deleted_at IS NULL AND NEW.archived_at IS NULL) BEGIN
    INSERT INTO chat_count (user_id, live)
    VALUES (NEW.user_id, CASE WHEN NEW.deleted_at IS NULL AND NEW.archived_at IS NULL
                              THEN 1 ELSE 0 END)
    ON CONFLICT (user_id) DO UPDATE SET live = live + CASE
        WHEN NEW.deleted_at IS NULL AND NEW.archived_at IS NULL THEN 1 ELSE -1 END;
END;
"""

_COUNT_POSTGRES = """
CREATE OR REPLACE FUNCTION chatdesk_chat_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_live boolean := TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL AND OLD.archived_at IS NULL;
    is_live boolean := TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL AND NEW.archived_at IS NULL;
BEGIN
    IF is_live AND NOT was_live THEN
        INSERT INTO chat_count (user_id, live) VALUES (NEW.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET live = chat_count.live + 1;
    ELSIF was_live AND NOT is_live THEN
        UPDATE chat_count SET live = live - 1 WHERE user_id = OLD.user_id;
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS chat_count_change ON chat;

CREATE TRIGGER chat_count_change
AFTER INSERT OR DELETE OR UPDATE OF deleted_at, archived_at ON chat
FOR EACH ROW EXECUTE FUNCTION chatdesk_chat_count();
"""


def _sqlite_columns() -> set[str]:
    return {row[1] for row in database.execute_sql('PRAGMA table_info("chat")').fetchall()}


def apply() -> None:
    """Folders, tags and the archive; the default list's index and count leave archived chats
    out (counted again, though none is archived yet)."""
    sqlite = is_sqlite()
    types = {
        "serial": "INTEGER" if sqlite else "SERIAL",
        "timestamp": "DATETIME" if sqlite else "TIMESTAMP",
    }
    run_script(_TABLES.format(**types))
    have = _sqlite_columns() if sqlite else set()
    for name, column in _COLUMNS.items():
        if name not in have:  # SQLite has no ADD COLUMN IF NOT EXISTS
            exists = "" if sqlite else "IF NOT EXISTS "
            database.execute_sql(f'ALTER TABLE "chat" ADD COLUMN {exists}{column.format(**types)}')
    run_script(_INDEXES)
    run_script(_COUNT_SQLITE if sqlite else _COUNT_POSTGRES)
    database.execute_sql("DELETE FROM chat_count")
    database.execute_sql(
        "INSERT INTO chat_count (user_id, live) SELECT user_id, COUNT(*) FROM chat "
        "WHERE deleted_at IS NULL AND archived_at IS NULL GROUP BY user_id"
    )
