"""Version 2: full-text search. FTS5 indexes kept by triggers (SQLite), trigram GIN indexes
(PostgreSQL); both built from the rows already there. See :mod:`chatdesk.store.fts`."""

from __future__ import annotations

from chatdesk.store.db import is_postgres, is_sqlite
from chatdesk.store.fts import GRAMS_TOKENIZER, index_sql, unindex_sql
from chatdesk.store.migrations._script import run_script

LIVE_CHAT_OF = "FROM chat c WHERE c.id = {}.chat_id AND c.deleted_at IS NULL"

# Index the rows already there: one statement per paragraph.
_BUILD = index_sql(
    "m", "c.user_id", "FROM message m JOIN chat c ON c.id = m.chat_id WHERE c.deleted_at IS NULL"
).replace(";\n", ";\n\n")

_V2_SQLITE = f"""
CREATE VIRTUAL TABLE message_fts USING fts5(content, scope, content='', tokenize='trigram');

CREATE VIRTUAL TABLE message_grams USING fts5(
    grams, content='', detail='none', tokenize="{GRAMS_TOKENIZER}");

CREATE VIRTUAL TABLE chat_fts USING fts5(
    title, content='chat', content_rowid='id', tokenize='trigram');

CREATE INDEX message_created_at ON message (created_at);

CREATE TRIGGER message_fts_ai AFTER INSERT ON message BEGIN{
    index_sql("new", "c.user_id", LIVE_CHAT_OF.format("new"))
}
END;

CREATE TRIGGER message_fts_ad AFTER DELETE ON message BEGIN{
    unindex_sql("old", "c.user_id", LIVE_CHAT_OF.format("old"))
}
END;

CREATE TRIGGER message_fts_au AFTER UPDATE OF content, chat_id ON message BEGIN{
    unindex_sql("old", "c.user_id", LIVE_CHAT_OF.format("old"))
}{index_sql("new", "c.user_id", LIVE_CHAT_OF.format("new"))}
END;

CREATE TRIGGER chat_fts_bd BEFORE DELETE ON chat WHEN old.deleted_at IS NULL BEGIN{
    unindex_sql("m", "old.user_id", "FROM message m WHERE m.chat_id = old.id")
}
END;

CREATE TRIGGER chat_fts_live AFTER UPDATE OF deleted_at, user_id ON chat
WHEN (old.deleted_at IS NULL) != (new.deleted_at IS NULL) OR old.user_id != new.user_id BEGIN{
    unindex_sql(
        "m", "old.user_id", "FROM message m WHERE m.chat_id = old.id AND old.deleted_at IS NULL"
    )
}{
    index_sql(
        "m", "new.user_id", "FROM message m WHERE m.chat_id = new.id AND new.deleted_at IS NULL"
    )
}
END;

CREATE TRIGGER chat_fts_ai AFTER INSERT ON chat BEGIN
    INSERT INTO chat_fts(rowid, title) VALUES (new.id, new.title);
END;

CREATE TRIGGER chat_fts_ad AFTER DELETE ON chat BEGIN
    INSERT INTO chat_fts(chat_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;

CREATE TRIGGER chat_fts_au AFTER UPDATE OF title ON chat BEGIN
    INSERT INTO chat_fts(chat_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO chat_fts(rowid, title) VALUES (new.id, new.title);
END;
{_BUILD}

INSERT INTO chat_fts(chat_fts) VALUES ('rebuild');
"""

_V2_POSTGRES = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX IF NOT EXISTS message_content_trgm ON message USING gin (content gin_trgm_ops);

CREATE INDEX IF NOT EXISTS chat_title_trgm ON chat USING gin (title gin_trgm_ops);
"""


def apply() -> None:
    """Full-text search: FTS5 indexes kept by triggers (SQLite), trigram GIN indexes
    (PostgreSQL); both built from the rows already there. See chatdesk.store.fts."""
    if is_sqlite():
        script = _V2_SQLITE
    elif is_postgres():
        script = _V2_POSTGRES
    else:
        raise RuntimeError("unsupported database engine")
    run_script(script)
