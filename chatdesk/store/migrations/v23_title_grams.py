"""Version 23 (SQLite): ``chat_grams``, the 1–2 character grams of chat titles, so that a title
hit of one or two characters comes from an index as a message hit does, not from a scan of the
user's chats (``chat_fts`` is trigrams: 3+ characters). At 100,000 chats the scan took 35-75 ms
of every two-character search (docs/benchmarks.md).

Contentless, as ``message_grams`` (:mod:`chatdesk.store.fts`), with no owner token: a title hit
is joined to its chat, whose owner and state the search checks. The indexer indexes a queued
title in both ``chat_fts`` and ``chat_grams`` (schema v14's queue); renames and deletes take the
old title out of both. The titles already there are indexed here (a few µs a chat). PostgreSQL
has had a grams index of titles since version 5: nothing to do.
"""

from __future__ import annotations

from chatdesk.store.db import is_sqlite
from chatdesk.store.fts import GRAMS_FUNCTION, GRAMS_TOKENIZER
from chatdesk.store.migrations._script import run_script

_NOT_QUEUED = "NOT EXISTS (SELECT 1 FROM chat_fts_queue q WHERE q.id = old.id)"

_SQLITE = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS chat_grams USING fts5(
    grams, content='', detail='none', tokenize="{GRAMS_TOKENIZER}");

DROP TRIGGER IF EXISTS chat_fts_ad;

DROP TRIGGER IF EXISTS chat_fts_au;

CREATE TRIGGER chat_fts_ad AFTER DELETE ON chat BEGIN
    INSERT INTO chat_fts(chat_fts, rowid, title)
        SELECT 'delete', old.id, old.title WHERE {_NOT_QUEUED};
    INSERT INTO chat_grams(chat_grams, rowid, grams)
        SELECT 'delete', old.id, {GRAMS_FUNCTION}(old.title) WHERE {_NOT_QUEUED};
    DELETE FROM chat_fts_queue WHERE id = old.id;
END;

CREATE TRIGGER chat_fts_au AFTER UPDATE OF title ON chat BEGIN
    INSERT INTO chat_fts(chat_fts, rowid, title)
        SELECT 'delete', old.id, old.title WHERE {_NOT_QUEUED};
    INSERT INTO chat_grams(chat_grams, rowid, grams)
        SELECT 'delete', old.id, {GRAMS_FUNCTION}(old.title) WHERE {_NOT_QUEUED};
    INSERT OR IGNORE INTO chat_fts_queue(id) VALUES (new.id);
END;

INSERT INTO chat_grams(rowid, grams)
    SELECT id, {GRAMS_FUNCTION}(title) FROM chat WHERE id NOT IN (SELECT id FROM chat_fts_queue);
"""


def apply() -> None:
    if is_sqlite():
        run_script(_SQLITE)
