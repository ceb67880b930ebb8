"""Version 3: a message is indexed after its commit, not in it (chatdesk.store.indexer). Its
insert trigger only queues its id; the triggers that take messages out of the indexes or put
them back leave queued ones alone (they are not in the indexes yet, and a contentless FTS5
table must never be told to delete a row it does not hold); the indexer checks at indexing
time that the chat is live."""

from __future__ import annotations

from chatdesk.store.db import is_sqlite
from chatdesk.store.fts import index_sql, unindex_sql
from chatdesk.store.migrations._script import run_script
from chatdesk.store.migrations.v02_search_index import LIVE_CHAT_OF

NOT_QUEUED = " AND NOT EXISTS (SELECT 1 FROM message_fts_queue q WHERE q.id = {}.id)"

_V3_SQLITE = f"""
CREATE TABLE message_fts_queue (id INTEGER PRIMARY KEY);

DROP TRIGGER message_fts_ai;

DROP TRIGGER message_fts_ad;

DROP TRIGGER message_fts_au;

DROP TRIGGER chat_fts_bd;

DROP TRIGGER chat_fts_live;

CREATE TRIGGER message_fts_ai AFTER INSERT ON message BEGIN
    INSERT OR IGNORE INTO message_fts_queue(id) VALUES (new.id);
END;

CREATE TRIGGER message_fts_ad AFTER DELETE ON message BEGIN{
    unindex_sql("old", "c.user_id", LIVE_CHAT_OF.format("old") + NOT_QUEUED.format("old"))
}
    DELETE FROM message_fts_queue WHERE id = old.id;
END;

CREATE TRIGGER message_fts_au AFTER UPDATE OF content, chat_id ON message BEGIN{
    unindex_sql("old", "c.user_id", LIVE_CHAT_OF.format("old") + NOT_QUEUED.format("old"))
}{index_sql("new", "c.user_id", LIVE_CHAT_OF.format("new") + NOT_QUEUED.format("new"))}
END;

CREATE TRIGGER chat_fts_bd BEFORE DELETE ON chat WHEN old.deleted_at IS NULL BEGIN{
    unindex_sql(
        "m", "old.user_id", "FROM message m WHERE m.chat_id = old.id" + NOT_QUEUED.format("m")
    )
}
END;

CREATE TRIGGER chat_fts_live AFTER UPDATE OF deleted_at, user_id ON chat
WHEN (old.deleted_at IS NULL) != (new.deleted_at IS NULL) OR old.user_id != new.user_id BEGIN{
    unindex_sql(
        "m",
        "old.user_id",
        "FROM message m WHERE m.chat_id = old.id AND old.deleted_at IS NULL"
        + NOT_QUEUED.format("m"),
    )
}{
    index_sql(
        "m",
        "new.user_id",
        "FROM message m WHERE m.chat_id = new.id AND new.deleted_at IS NULL"
        + NOT_QUEUED.format("m"),
    )
}
END;
"""


def apply() -> None:
    """SQLite: index new messages in batches after they commit (see chatdesk.store.indexer).

    Indexing a message in its own transaction wrote two FTS5 segments per message and was
    most of the cost of ``add_chat``; PostgreSQL's GIN indexes are unchanged.
    """
    if is_sqlite():
        run_script(_V3_SQLITE)
