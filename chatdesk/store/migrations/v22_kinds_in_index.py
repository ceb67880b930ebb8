"""Version 22: a message's kind in the full-text indexes (issue 22), so that the default search
(the visible turns) and ``in:reasoning`` / ``in:tools`` are answered by the index alone, not by a
read of every hit's row to test its kind.

SQLite: the owner's token of a reasoning or tool row names its kind too (``<7:tool>`` in
``message_fts.scope``, ``@@7:tool`` in ``message_grams``; a visible turn's stays ``<7>`` /
``@@7``: see :mod:`chatdesk.store.fts`). Only the reasoning and tool rows already indexed are
indexed again, and not here: their ids are listed in ``message_fts_rescope`` and the indexer
moves them in batches (:func:`chatdesk.store.indexer.rescope`), each batch its own
transaction, so that the work is bounded in memory, resumable, and never holds up opening the
database. Until a row has moved, a search leaves it out of the visible turns by its id and finds
it under its owner's old token for ``in:`` (``chatdesk.services.search``). The triggers that take
rows out of the indexes tell them by that list; an edit of a row's kind moves it (the update
trigger now fires on ``kind``). Measured against two indexes of their own for the reasoning and
tool rows: no difference a search shows (docs/benchmarks.md), and this needs no new table.

PostgreSQL: the trigram and grams GIN indexes of message content become partial, one pair for
the visible turns (``kind = 'text'``), which a default search names, and one for the others:
a default search reads neither the entries nor, for the recheck, the rows of tool output. And
messages get a time index (``message_created_at``), which SQLite has had since version 2: with
it the planner walks a common word's messages newest first and stops at the page's end, where
it read and sorted every hit (at 100,000 messages, a word in 42% of them: ~300 ms against
~1 ms; docs/benchmarks.md). Not partial: a partial one would be the planner's way to find every
visible turn of a small table.
"""

from __future__ import annotations

from chatdesk.store.db import is_sqlite
from chatdesk.store.fts import GRAMS_FUNCTION, index_sql, unindex_sql
from chatdesk.store.migrations._script import run_script
from chatdesk.store.migrations.v03_index_after_commit import NOT_QUEUED

_OF_CHAT = "FROM chat c WHERE c.id = {}.chat_id"
_HIDE_IF_DELETED = """
    INSERT OR IGNORE INTO message_hidden(id)
        SELECT {m}.id FROM chat c WHERE c.id = {m}.chat_id AND c.deleted_at IS NOT NULL;"""

_SQLITE = f"""
CREATE TABLE IF NOT EXISTS message_fts_rescope (id INTEGER PRIMARY KEY);

DROP TRIGGER IF EXISTS message_fts_ad;

DROP TRIGGER IF EXISTS message_fts_au;

DROP TRIGGER IF EXISTS chat_fts_bd;

DROP TRIGGER IF EXISTS chat_fts_owner;

CREATE TRIGGER message_fts_ad AFTER DELETE ON message BEGIN{
    unindex_sql("old", "c.user_id", _OF_CHAT.format("old") + NOT_QUEUED.format("old"), kinds=True)
}
    DELETE FROM message_fts_queue WHERE id = old.id;
    DELETE FROM message_hidden WHERE id = old.id;
    DELETE FROM message_fts_rescope WHERE id = old.id;
END;

CREATE TRIGGER message_fts_au AFTER UPDATE OF content, chat_id, kind ON message BEGIN{
    unindex_sql("old", "c.user_id", _OF_CHAT.format("old") + NOT_QUEUED.format("old"), kinds=True)
}{index_sql("new", "c.user_id", _OF_CHAT.format("new") + NOT_QUEUED.format("new"), kinds=True)}
    DELETE FROM message_fts_rescope WHERE id = old.id;
    DELETE FROM message_hidden WHERE id = old.id;{_HIDE_IF_DELETED.format(m="new")}
END;

CREATE TRIGGER chat_fts_bd BEFORE DELETE ON chat BEGIN{
    unindex_sql(
        "m",
        "old.user_id",
        "FROM message m WHERE m.chat_id = old.id" + NOT_QUEUED.format("m"),
        kinds=True,
    )
}
END;

CREATE TRIGGER chat_fts_owner AFTER UPDATE OF user_id ON chat
WHEN old.user_id != new.user_id BEGIN{
    unindex_sql(
        "m",
        "old.user_id",
        "FROM message m WHERE m.chat_id = old.id" + NOT_QUEUED.format("m"),
        kinds=True,
    )
}{
    index_sql(
        "m",
        "new.user_id",
        "FROM message m WHERE m.chat_id = new.id" + NOT_QUEUED.format("m"),
        kinds=True,
    )
}
    DELETE FROM message_fts_rescope WHERE id IN (SELECT id FROM message WHERE chat_id = new.id);
END;

INSERT OR IGNORE INTO message_fts_rescope(id)
    SELECT id FROM message INDEXED BY message_folded WHERE kind <> 'text'
    AND id NOT IN (SELECT id FROM message_fts_queue);
"""

_POSTGRES = f"""
CREATE INDEX IF NOT EXISTS message_content_trgm_text ON message
    USING gin (content gin_trgm_ops) WHERE kind = 'text';

CREATE INDEX IF NOT EXISTS message_content_trgm_folded ON message
    USING gin (content gin_trgm_ops) WHERE kind <> 'text';

CREATE INDEX IF NOT EXISTS message_content_grams_text ON message
    USING gin ({GRAMS_FUNCTION}(content)) WHERE kind = 'text';

CREATE INDEX IF NOT EXISTS message_content_grams_folded ON message
    USING gin ({GRAMS_FUNCTION}(content)) WHERE kind <> 'text';

CREATE INDEX IF NOT EXISTS message_created_at ON message (created_at, id);

DROP INDEX IF EXISTS message_content_trgm;

DROP INDEX IF EXISTS message_content_grams;

ANALYZE message;
"""


def apply() -> None:
    run_script(_SQLITE if is_sqlite() else _POSTGRES)
