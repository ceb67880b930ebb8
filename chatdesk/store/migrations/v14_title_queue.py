"""Version 14 (SQLite): a new chat's title is indexed (``chat_fts``) with the messages, after
the commit, not by its insert trigger. The trigger only queues the chat's id in
``chat_fts_queue``, as version 3 did for messages; :func:`chatdesk.store.indexer.index_queued`
indexes the queued titles with the queued messages, and every search catches up first.

Why: FTS5 flushes what it holds to a new segment at every savepoint, and an import writes each
conversation in a savepoint of its own, so each imported chat's title became one tiny segment
(and a merge now and then): about 90 µs a conversation, a third of the import's writing
(docs/benchmarks-import.md). Renaming and deleting a chat leave a queued title alone in the
index (``chat_fts`` holds the title only once it is indexed, and FTS5 must never be told to
delete a row it does not hold). Titles already indexed stay as they are. PostgreSQL: nothing to
do (its title search reads a GIN index kept by the server).
"""

from __future__ import annotations

from chatdesk.store.db import is_sqlite
from chatdesk.store.migrations._script import run_script

_NOT_QUEUED = "NOT EXISTS (SELECT 1 FROM chat_fts_queue q WHERE q.id = old.id)"

_V14_SQLITE = f"""
CREATE TABLE IF NOT EXISTS chat_fts_queue (id INTEGER PRIMARY KEY);

DROP TRIGGER IF EXISTS chat_fts_ai;

DROP TRIGGER IF EXISTS chat_fts_ad;

DROP TRIGGER IF EXISTS chat_fts_au;

CREATE TRIGGER chat_fts_ai AFTER INSERT ON chat BEGIN
    INSERT OR IGNORE INTO chat_fts_queue(id) VALUES (new.id);
END;

CREATE TRIGGER chat_fts_ad AFTER DELETE ON chat BEGIN
    INSERT INTO chat_fts(chat_fts, rowid, title)
        SELECT 'delete', old.id, old.title WHERE {_NOT_QUEUED};
    DELETE FROM chat_fts_queue WHERE id = old.id;
END;

CREATE TRIGGER chat_fts_au AFTER UPDATE OF title ON chat BEGIN
    INSERT INTO chat_fts(chat_fts, rowid, title)
        SELECT 'delete', old.id, old.title WHERE {_NOT_QUEUED};
    INSERT OR IGNORE INTO chat_fts_queue(id) VALUES (new.id);
END;
"""


def apply() -> None:
    if is_sqlite():
        run_script(_V14_SQLITE)
