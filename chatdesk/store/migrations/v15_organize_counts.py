"""Version 15: the folder tree's counts kept by triggers (issue 13), as ``chat_count`` keeps the
default list's.

* ``folder_count``: how many of a folder's own chats the lists show (neither deleted nor
  archived); a folder with its sub-folders adds theirs up, and the chats in no folder are
  ``chat_count.live`` less every folder's. A row per folder, made with it.
* ``tag_count``: how many chats carrying the tag the lists show; a row per tag.
* ``archive_count``: how many chats a user has in the Archive (archived, not deleted).

Before, the tree counted every chat on each read (80–90 ms at 100,000 chats and 1,000 folders,
the API's totals of a tag's list 30–80 ms; docs/benchmarks-list.md).

A chat deleted for good while still listed (an account's chats go with it; purging only
removes chats already deleted) leaves its tags' counts before it goes (``BEFORE DELETE``): the
rows of ``chat_tag`` go after it, by the cascade, when it is no longer there to count.
"""

from __future__ import annotations

from chatdesk.store.db import is_sqlite
from chatdesk.store.migrations._script import run_script

_LISTED = "{row}.deleted_at IS NULL AND {row}.archived_at IS NULL"
NEW_LISTED, OLD_LISTED = _LISTED.format(row="NEW"), _LISTED.format(row="OLD")

# Written as the models (FolderCount, TagCount) declare them; IF NOT EXISTS: see v06.
_TABLES = """
CREATE TABLE IF NOT EXISTS "folder_count" (
    "folder_id" INTEGER NOT NULL PRIMARY KEY,
    "listed" INTEGER NOT NULL,
    FOREIGN KEY ("folder_id") REFERENCES "folder" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "tag_count" (
    "tag_id" INTEGER NOT NULL PRIMARY KEY,
    "listed" INTEGER NOT NULL,
    FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS "archive_count" (
    "user_id" INTEGER NOT NULL PRIMARY KEY,
    "archived" INTEGER NOT NULL
);
"""

_ARCHIVED = "{row}.deleted_at IS NULL AND {row}.archived_at IS NOT NULL"
NEW_ARCHIVED, OLD_ARCHIVED = _ARCHIVED.format(row="NEW"), _ARCHIVED.format(row="OLD")

_SQLITE = f"""
CREATE TRIGGER archive_count_insert AFTER INSERT ON chat WHEN {NEW_ARCHIVED} BEGIN
    INSERT INTO archive_count (user_id, archived) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET archived = archived + 1;
END;

CREATE TRIGGER archive_count_delete AFTER DELETE ON chat WHEN {OLD_ARCHIVED} BEGIN
    UPDATE archive_count SET archived = archived - 1 WHERE user_id = OLD.user_id;
END;

CREATE TRIGGER archive_count_update AFTER UPDATE OF deleted_at, archived_at ON chat
WHEN ({OLD_ARCHIVED}) <> ({NEW_ARCHIVED}) BEGIN
    INSERT INTO archive_count (user_id, archived) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET archived = archived
        + CASE WHEN {NEW_ARCHIVED} THEN 1 ELSE -1 END;
END;

CREATE TRIGGER folder_count_row AFTER INSERT ON folder BEGIN
    INSERT INTO folder_count (folder_id, listed) VALUES (NEW.id, 0);
END;

CREATE TRIGGER tag_count_row AFTER INSERT ON tag BEGIN
    INSERT INTO tag_count (tag_id, listed) VALUES (NEW.id, 0);
END;

CREATE TRIGGER folder_listed_insert AFTER INSERT ON chat
WHEN NEW.folder_id IS NOT NULL AND {NEW_LISTED} BEGIN
    UPDATE folder_count SET listed = listed + 1 WHERE folder_id = NEW.folder_id;
END;

CREATE TRIGGER folder_listed_delete AFTER DELETE ON chat
WHEN OLD.folder_id IS NOT NULL AND {OLD_LISTED} BEGIN
    UPDATE folder_count SET listed = listed - 1 WHERE folder_id = OLD.folder_id;
END;

CREATE TRIGGER folder_listed_update AFTER UPDATE OF folder_id, deleted_at, archived_at ON chat
WHEN OLD.folder_id IS NOT NEW.folder_id OR ({OLD_LISTED}) <> ({NEW_LISTED}) BEGIN
    UPDATE folder_count SET listed = listed - 1 WHERE folder_id = OLD.folder_id AND {OLD_LISTED};
    UPDATE folder_count SET listed = listed + 1 WHERE folder_id = NEW.folder_id AND {NEW_LISTED};
END;

CREATE TRIGGER tag_listed_insert AFTER INSERT ON chat_tag BEGIN
    UPDATE tag_count SET listed = listed + 1 WHERE tag_id = NEW.tag_id AND EXISTS (
        SELECT 1 FROM chat WHERE chat.id = NEW.chat_id
        AND chat.deleted_at IS NULL AND chat.archived_at IS NULL);
END;

CREATE TRIGGER tag_listed_delete AFTER DELETE ON chat_tag BEGIN
    UPDATE tag_count SET listed = listed - 1 WHERE tag_id = OLD.tag_id AND EXISTS (
        SELECT 1 FROM chat WHERE chat.id = OLD.chat_id
        AND chat.deleted_at IS NULL AND chat.archived_at IS NULL);
END;

CREATE TRIGGER tag_listed_chat AFTER UPDATE OF deleted_at, archived_at ON chat
WHEN ({OLD_LISTED}) <> ({NEW_LISTED}) BEGIN
    UPDATE tag_count SET listed = listed + CASE WHEN {NEW_LISTED} THEN 1 ELSE -1 END
    WHERE tag_id IN (SELECT tag_id FROM chat_tag WHERE chat_id = NEW.id);
END;

CREATE TRIGGER tag_listed_chat_delete BEFORE DELETE ON chat WHEN {OLD_LISTED} BEGIN
    UPDATE tag_count SET listed = listed - 1
    WHERE tag_id IN (SELECT tag_id FROM chat_tag WHERE chat_id = OLD.id);
END;
"""

# PostgreSQL counts once per statement, from its transition tables: a count row updated once per
# chat, thousands of times in one transaction, makes a chain of row versions that each update
# walks (tagging 10,000 chats took 20 s so, against 5 s without the counts). An UPDATE's
# transition tables cannot go with a column list, and every append updates its chat: there a
# row trigger with the column list writes what changed to chat_listed_change (inserts make no
# chain), and a statement trigger with the same list applies it and empties the table.
_POSTGRES = """
CREATE TABLE IF NOT EXISTS "chat_listed_change" (
    "chat_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "old_folder_id" INTEGER,
    "new_folder_id" INTEGER,
    "was_listed" BOOLEAN NOT NULL,
    "is_listed" BOOLEAN NOT NULL,
    "was_archived" BOOLEAN NOT NULL,
    "is_archived" BOOLEAN NOT NULL
);

CREATE OR REPLACE FUNCTION chatdesk_count_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'folder' THEN
        INSERT INTO folder_count (folder_id, listed) SELECT id, 0 FROM added;
    ELSE
        INSERT INTO tag_count (tag_id, listed) SELECT id, 0 FROM added;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER folder_count_row AFTER INSERT ON folder REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_count_row();

CREATE TRIGGER tag_count_row AFTER INSERT ON tag REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_count_row();

CREATE OR REPLACE FUNCTION chatdesk_folder_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO archive_count (user_id, archived)
        SELECT user_id, COUNT(*) FROM added
        WHERE deleted_at IS NULL AND archived_at IS NOT NULL GROUP BY user_id
        ON CONFLICT (user_id) DO UPDATE SET archived = archive_count.archived + EXCLUDED.archived;
        UPDATE folder_count f SET listed = f.listed + d.n
        FROM (SELECT folder_id, COUNT(*) AS n FROM added
              WHERE folder_id IS NOT NULL AND deleted_at IS NULL AND archived_at IS NULL
              GROUP BY folder_id) d
        WHERE f.folder_id = d.folder_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE archive_count c SET archived = c.archived - d.n
        FROM (SELECT user_id, COUNT(*) AS n FROM removed
              WHERE deleted_at IS NULL AND archived_at IS NOT NULL GROUP BY user_id) d
        WHERE c.user_id = d.user_id;
        UPDATE folder_count f SET listed = f.listed - d.n
        FROM (SELECT folder_id, COUNT(*) AS n FROM removed
              WHERE folder_id IS NOT NULL AND deleted_at IS NULL AND archived_at IS NULL
              GROUP BY folder_id) d
        WHERE f.folder_id = d.folder_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER chat_listed_insert AFTER INSERT ON chat REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_folder_listed();

CREATE OR REPLACE FUNCTION chatdesk_chat_listed_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO chat_listed_change VALUES (
        NEW.id, NEW.user_id, OLD.folder_id, NEW.folder_id,
        OLD.deleted_at IS NULL AND OLD.archived_at IS NULL,
        NEW.deleted_at IS NULL AND NEW.archived_at IS NULL,
        OLD.deleted_at IS NULL AND OLD.archived_at IS NOT NULL,
        NEW.deleted_at IS NULL AND NEW.archived_at IS NOT NULL);
    RETURN NULL;
END
$$;

CREATE TRIGGER chat_listed_row AFTER UPDATE OF folder_id, deleted_at, archived_at ON chat
FOR EACH ROW WHEN (OLD.folder_id IS DISTINCT FROM NEW.folder_id
    OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
    OR OLD.archived_at IS DISTINCT FROM NEW.archived_at)
EXECUTE FUNCTION chatdesk_chat_listed_row();

CREATE OR REPLACE FUNCTION chatdesk_chat_listed_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH gone AS (DELETE FROM chat_listed_change RETURNING *),
    folders AS (
        UPDATE folder_count f SET listed = f.listed + d.n
        FROM (SELECT folder_id, SUM(n) AS n FROM (
                SELECT old_folder_id AS folder_id, -1 AS n FROM gone
                WHERE was_listed AND old_folder_id IS NOT NULL
                UNION ALL
                SELECT new_folder_id, 1 FROM gone WHERE is_listed AND new_folder_id IS NOT NULL
              ) moved GROUP BY folder_id) d
        WHERE f.folder_id = d.folder_id AND d.n <> 0
    ),
    tags AS (
        UPDATE tag_count t SET listed = t.listed + d.n
        FROM (SELECT ct.tag_id, SUM(CASE WHEN g.is_listed THEN 1 ELSE -1 END) AS n
              FROM gone g JOIN chat_tag ct ON ct.chat_id = g.chat_id
              WHERE g.was_listed <> g.is_listed GROUP BY ct.tag_id) d
        WHERE t.tag_id = d.tag_id AND d.n <> 0
    )
    INSERT INTO archive_count (user_id, archived)
    SELECT user_id, SUM(CASE WHEN is_archived THEN 1 ELSE -1 END) FROM gone
    WHERE was_archived <> is_archived GROUP BY user_id
    ON CONFLICT (user_id) DO UPDATE SET archived = archive_count.archived + EXCLUDED.archived;
    RETURN NULL;
END
$$;

CREATE TRIGGER chat_listed_update AFTER UPDATE OF folder_id, deleted_at, archived_at ON chat
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_chat_listed_apply();

CREATE TRIGGER chat_listed_delete AFTER DELETE ON chat REFERENCING OLD TABLE AS removed
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_folder_listed();

CREATE OR REPLACE FUNCTION chatdesk_tag_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE tag_count t SET listed = t.listed + d.n
        FROM (SELECT ct.tag_id, COUNT(*) AS n FROM added ct JOIN chat ON chat.id = ct.chat_id
              WHERE chat.deleted_at IS NULL AND chat.archived_at IS NULL GROUP BY ct.tag_id) d
        WHERE t.tag_id = d.tag_id;
    ELSE
        UPDATE tag_count t SET listed = t.listed - d.n
        FROM (SELECT ct.tag_id, COUNT(*) AS n FROM removed ct JOIN chat ON chat.id = ct.chat_id
              WHERE chat.deleted_at IS NULL AND chat.archived_at IS NULL GROUP BY ct.tag_id) d
        WHERE t.tag_id = d.tag_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER chat_tag_listed_insert AFTER INSERT ON chat_tag REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_tag_listed();

CREATE TRIGGER chat_tag_listed_delete AFTER DELETE ON chat_tag REFERENCING OLD TABLE AS removed
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_tag_listed();

CREATE OR REPLACE FUNCTION chatdesk_chat_tags_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tag_count SET listed = listed - 1
    WHERE tag_id IN (SELECT tag_id FROM chat_tag WHERE chat_id = OLD.id);
    RETURN OLD;
END
$$;

CREATE TRIGGER chat_tags_gone BEFORE DELETE ON chat FOR EACH ROW
WHEN (OLD.deleted_at IS NULL AND OLD.archived_at IS NULL)
EXECUTE FUNCTION chatdesk_chat_tags_gone();
"""

_COUNT = """
DELETE FROM archive_count;

INSERT INTO archive_count (user_id, archived)
SELECT user_id, COUNT(*) FROM chat WHERE deleted_at IS NULL AND archived_at IS NOT NULL
GROUP BY user_id;

DELETE FROM folder_count;

INSERT INTO folder_count (folder_id, listed)
SELECT folder.id, (
    SELECT COUNT(*) FROM chat WHERE chat.folder_id = folder.id
    AND chat.deleted_at IS NULL AND chat.archived_at IS NULL)
FROM folder;

DELETE FROM tag_count;

INSERT INTO tag_count (tag_id, listed)
SELECT tag.id, (
    SELECT COUNT(*) FROM chat_tag JOIN chat ON chat.id = chat_tag.chat_id
    WHERE chat_tag.tag_id = tag.id AND chat.deleted_at IS NULL AND chat.archived_at IS NULL)
FROM tag;
"""


# The triggers again when a test runs the migrations anew over a database that has them.
_DROP_SQLITE = "\n\n".join(
    f"DROP TRIGGER IF EXISTS {name};"
    for name in (
        "archive_count_insert",
        "archive_count_delete",
        "archive_count_update",
        "folder_count_row",
        "tag_count_row",
        "folder_listed_insert",
        "folder_listed_delete",
        "folder_listed_update",
        "tag_listed_insert",
        "tag_listed_delete",
        "tag_listed_chat",
        "tag_listed_chat_delete",
    )
)
_DROP_POSTGRES = "\n\n".join(
    f"DROP TRIGGER IF EXISTS {name} ON {table};"
    for name, table in (
        ("folder_count_row", "folder"),
        ("tag_count_row", "tag"),
        ("chat_listed_insert", "chat"),
        ("chat_listed_update", "chat"),
        ("chat_listed_row", "chat"),
        ("chat_listed_delete", "chat"),
        ("chat_tag_listed_insert", "chat_tag"),
        ("chat_tag_listed_delete", "chat_tag"),
        ("chat_tags_gone", "chat"),
    )
)


def apply() -> None:
    """The two tables, their triggers, and the counts of what is there already."""
    run_script(_TABLES)
    run_script(_DROP_SQLITE if is_sqlite() else _DROP_POSTGRES)
    run_script(_SQLITE if is_sqlite() else _POSTGRES)
    run_script(_COUNT)
