"""Version 17 (PostgreSQL): ``chat_count`` kept once per statement, not once per chat.

Version 12's row trigger updated the user's one ``chat_count`` row for every chat a statement
deleted, restored or archived: 10,000 new versions of that row in one transaction (a delete of
10,000 chats took 1.13–1.51 s with it, 1.00–1.28 s without: docs/benchmarks-list.md). Now, as
version 15 counts folders, tags and the archive: inserts and deletes count their transition
tables, and updates count the rows version 15's ``chat_listed_row`` trigger wrote to
``chat_listed_change`` for the statement. ``chat_count_update`` reads them before
``chat_listed_update`` consumes them: PostgreSQL fires the triggers of one event in the
alphabetical order of their names. SQLite: nothing to do (its triggers count a row at a time,
in microseconds).
"""

from __future__ import annotations

from chatdesk.store.db import is_postgres
from chatdesk.store.migrations._script import run_script

_LISTED = "deleted_at IS NULL AND archived_at IS NULL"

_POSTGRES = f"""
DROP TRIGGER IF EXISTS chat_count_change ON chat;

DROP FUNCTION IF EXISTS chatdesk_chat_count();

CREATE OR REPLACE FUNCTION chatdesk_chat_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO chat_count (user_id, live)
        SELECT user_id, COUNT(*) FROM added WHERE {_LISTED} GROUP BY user_id
        ON CONFLICT (user_id) DO UPDATE SET live = chat_count.live + EXCLUDED.live;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE chat_count c SET live = c.live - d.n
        FROM (SELECT user_id, COUNT(*) AS n FROM removed WHERE {_LISTED} GROUP BY user_id) d
        WHERE c.user_id = d.user_id;
    ELSE
        INSERT INTO chat_count (user_id, live)
        SELECT user_id, SUM(CASE WHEN is_listed THEN 1 ELSE -1 END) FROM chat_listed_change
        WHERE was_listed <> is_listed GROUP BY user_id
        ON CONFLICT (user_id) DO UPDATE SET live = chat_count.live + EXCLUDED.live;
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS chat_count_insert ON chat;

CREATE TRIGGER chat_count_insert AFTER INSERT ON chat REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_chat_counted();

DROP TRIGGER IF EXISTS chat_count_delete ON chat;

CREATE TRIGGER chat_count_delete AFTER DELETE ON chat REFERENCING OLD TABLE AS removed
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_chat_counted();

DROP TRIGGER IF EXISTS chat_count_update ON chat;

CREATE TRIGGER chat_count_update AFTER UPDATE OF deleted_at, archived_at ON chat
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_chat_counted();
"""


def apply() -> None:
    if is_postgres():
        run_script(_POSTGRES)
