"""Version 15: the folder tree's counts kept by triggers (issue 13), as ``chat_count`` keeps the
default list's.

* ``folder_count``: how many of a folder's own chats the lists show (neither deleted nor
  archived); a folder with its sub-folders adds theirs up, and the chats in no folder are
  ``chat_count.live`` less every folder's. A row per folder, made with it.
* ``tag_count``: how many chats carrying the tag the lists show; a row per tag.

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
"""

_SQLITE = f"""
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

_POSTGRES = f"""
CREATE OR REPLACE FUNCTION chatdesk_count_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'folder' THEN
        INSERT INTO folder_count (folder_id, listed) VALUES (NEW.id, 0);
    ELSE
        INSERT INTO tag_count (tag_id, listed) VALUES (NEW.id, 0);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER folder_count_row AFTER INSERT ON folder
FOR EACH ROW EXECUTE FUNCTION chatdesk_count_row();

CREATE TRIGGER tag_count_row AFTER INSERT ON tag
FOR EACH ROW EXECUTE FUNCTION chatdesk_count_row();

CREATE OR REPLACE FUNCTION chatdesk_folder_listed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_in boolean := TG_OP <> 'INSERT' AND OLD.folder_id IS NOT NULL AND {OLD_LISTED};
    is_in boolean := TG_OP <> 'DELETE' AND NEW.folder_id IS NOT NULL AND {NEW_LISTED};
BEGIN
    IF was_in AND is_in AND OLD.folder_id = NEW.folder_id THEN
        RETURN NULL;
    END IF;
    IF was_in THEN
        UPDATE folder_count SET listed = listed - 1 WHERE folder_id = OLD.folder_id;
    END IF;
    IF is_in THEN
        UPDATE folder_count SET listed = listed + 1 WHERE folder_id = NEW.folder_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER chat_folder_listed
AFTER INSERT OR DELETE OR UPDATE OF folder_id, deleted_at, archived_at ON chat
FOR EACH ROW EXECUTE FUNCTION chatdesk_folder_listed();

CREATE OR REPLACE FUNCTION chatdesk_tag_listed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE tag_count SET listed = listed + 1 WHERE tag_id = NEW.tag_id AND EXISTS (
            SELECT 1 FROM chat WHERE chat.id = NEW.chat_id
            AND chat.deleted_at IS NULL AND chat.archived_at IS NULL);
    ELSE
        UPDATE tag_count SET listed = listed - 1 WHERE tag_id = OLD.tag_id AND EXISTS (
            SELECT 1 FROM chat WHERE chat.id = OLD.chat_id
            AND chat.deleted_at IS NULL AND chat.archived_at IS NULL);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER chat_tag_listed AFTER INSERT OR DELETE ON chat_tag
FOR EACH ROW EXECUTE FUNCTION chatdesk_tag_listed();

CREATE OR REPLACE FUNCTION chatdesk_chat_tags_listed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_live boolean := {OLD_LISTED};
    is_live boolean := TG_OP = 'UPDATE' AND {NEW_LISTED};
BEGIN
    IF was_live <> is_live THEN
        UPDATE tag_count SET listed = listed + CASE WHEN is_live THEN 1 ELSE -1 END
        WHERE tag_id IN (SELECT tag_id FROM chat_tag WHERE chat_id = OLD.id);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER chat_tags_listed AFTER UPDATE OF deleted_at, archived_at ON chat
FOR EACH ROW EXECUTE FUNCTION chatdesk_chat_tags_listed();

CREATE TRIGGER chat_tags_listed_delete BEFORE DELETE ON chat
FOR EACH ROW EXECUTE FUNCTION chatdesk_chat_tags_listed();
"""

_COUNT = """
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
        ("chat_folder_listed", "chat"),
        ("chat_tag_listed", "chat_tag"),
        ("chat_tags_listed", "chat"),
        ("chat_tags_listed_delete", "chat"),
    )
)


def apply() -> None:
    """The two tables, their triggers, and the counts of what is there already."""
    run_script(_TABLES)
    run_script(_DROP_SQLITE if is_sqlite() else _DROP_POSTGRES)
    run_script(_SQLITE if is_sqlite() else _POSTGRES)
    run_script(_COUNT)
