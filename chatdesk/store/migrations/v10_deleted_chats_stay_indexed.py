"""Version 10 (SQLite): deleting a chat, or restoring it, no longer takes its messages out of the
indexes or puts them back (each message cost a Python call of chatdesk_grams, 18 s for 5,000
chats of 10 messages): its messages stay indexed, and their ids are listed in message_hidden
while the chat is deleted; searches leave those out. A chat deleted for good (purge, cascade)
still leaves the indexes, as any deleted message does. Indexed now means: every message not
queued, whatever its chat's state."""

from __future__ import annotations

from chatdesk.store.db import is_sqlite
from chatdesk.store.fts import index_sql, unindex_sql
from chatdesk.store.migrations._script import run_script
from chatdesk.store.migrations.v03_index_after_commit import NOT_QUEUED

_OF_CHAT = "FROM chat c WHERE c.id = {}.chat_id"
_HIDE_IF_DELETED = """
    INSERT OR IGNORE INTO message_hidden(id)
        SELECT {m}.id FROM chat c WHERE c.id = {m}.chat_id AND c.deleted_at IS NOT NULL;"""

# The messages of chats deleted before version 10: one statement per paragraph.
_INDEX_DELETED = index_sql(
    "m",
    "c.user_id",
    "FROM message m JOIN chat c ON c.id = m.chat_id WHERE c.deleted_at IS NOT NULL"
    + NOT_QUEUED.format("m"),
).replace(";\n", ";\n\n")

_V10_SQLITE = f"""
CREATE TABLE IF NOT EXISTS message_hidden (id INTEGER PRIMARY KEY);

DELETE FROM message_hidden;

DROP TRIGGER IF EXISTS message_fts_ai;

DROP TRIGGER IF EXISTS message_fts_ad;

DROP TRIGGER IF EXISTS message_fts_au;

DROP TRIGGER IF EXISTS chat_fts_bd;

DROP TRIGGER IF EXISTS chat_fts_live;

DROP TRIGGER IF EXISTS chat_fts_owner;

DROP TRIGGER IF EXISTS chat_hide;

DROP TRIGGER IF EXISTS chat_unhide;

CREATE TRIGGER message_fts_ai AFTER INSERT ON message BEGIN
    INSERT OR IGNORE INTO message_fts_queue(id) VALUES (new.id);{_HIDE_IF_DELETED.format(m="new")}
END;

CREATE TRIGGER message_fts_ad AFTER DELETE ON message BEGIN{
    unindex_sql("old", "c.user_id", _OF_CHAT.format("old") + NOT_QUEUED.format("old"))
}
    DELETE FROM message_fts_queue WHERE id = old.id;
    DELETE FROM message_hidden WHERE id = old.id;
END;

CREATE TRIGGER message_fts_au AFTER UPDATE OF content, chat_id ON message BEGIN{
    unindex_sql("old", "c.user_id", _OF_CHAT.format("old") + NOT_QUEUED.format("old"))
}{index_sql("new", "c.user_id", _OF_CHAT.format("new") + NOT_QUEUED.format("new"))}
    DELETE FROM message_hidden WHERE id = old.id;{_HIDE_IF_DELETED.format(m="new")}
END;

CREATE TRIGGER chat_fts_bd BEFORE DELETE ON chat BEGIN{
    unindex_sql(
        "m", "old.user_id", "FROM message m WHERE m.chat_id = old.id" + NOT_QUEUED.format("m")
    )
}
END;

CREATE TRIGGER chat_fts_owner AFTER UPDATE OF user_id ON chat
WHEN old.user_id != new.user_id BEGIN{
    unindex_sql(
        "m", "old.user_id", "FROM message m WHERE m.chat_id = old.id" + NOT_QUEUED.format("m")
    )
}{index_sql("m", "new.user_id", "FROM message m WHERE m.chat_id = new.id" + NOT_QUEUED.format("m"))}
END;

CREATE TRIGGER chat_hide AFTER UPDATE OF deleted_at ON chat
WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL BEGIN
    INSERT OR IGNORE INTO message_hidden(id) SELECT m.id FROM message m WHERE m.chat_id = new.id;
END;

CREATE TRIGGER chat_unhide AFTER UPDATE OF deleted_at ON chat
WHEN old.deleted_at IS NOT NULL AND new.deleted_at IS NULL BEGIN
    DELETE FROM message_hidden WHERE id IN (SELECT m.id FROM message m WHERE m.chat_id = new.id);
END;
{_INDEX_DELETED}

INSERT INTO message_hidden(id)
    SELECT m.id FROM message m JOIN chat c ON c.id = m.chat_id WHERE c.deleted_at IS NOT NULL;
"""


def apply() -> None:
    """SQLite: a chat's delete and restore cost a row per message in ``message_hidden``, with
    no re-indexing (see above); the messages of chats deleted before are indexed once here.
    PostgreSQL filters deleted chats in its queries already: nothing to do."""
    if is_sqlite():
        run_script(_V10_SQLITE)
