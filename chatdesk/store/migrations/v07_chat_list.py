"""Version 7: the chat list's order from an index, its total from a count kept by triggers."""

from __future__ import annotations

from chatdesk.store.db import database, is_sqlite
from chatdesk.store.migrations._script import run_script

# IF NOT EXISTS: see v06_prompt_stars.
TABLE = """
CREATE TABLE IF NOT EXISTS "chat_count" (
    "user_id" INTEGER NOT NULL PRIMARY KEY,
    "live" INTEGER NOT NULL
);
"""


# The count of a user's live chats, kept by the database itself whatever writes a chat (the API,
# the windows, an import, a cascade from a deleted user). No foreign key to the user: a user's
# cascade deletes their chats first, and each decrement must find the row, not a violation; a
# reused user id finds its count back at 0.
_V7_SQLITE = """
CREATE TRIGGER IF NOT EXISTS chat_count_insert AFTER INSERT ON chat
WHEN NEW.deleted_at IS NULL BEGIN
    INSERT INTO chat_count (user_id, live) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET live = live + 1;
END;

CREATE TRIGGER IF NOT EXISTS chat_count_delete AFTER DELETE ON chat
WHEN OLD.deleted_at IS NULL BEGIN
    UPDATE chat_count SET live = live - 1 WHERE user_id = OLD.user_id;
END;

CREATE TRIGGER IF NOT EXISTS chat_count_soft_delete AFTER UPDATE OF deleted_at ON chat
WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) BEGIN
    INSERT INTO chat_count (user_id, live)
    VALUES (NEW.user_id, CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE 0 END)
    ON CONFLICT (user_id)
    DO UPDATE SET live = live + CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END;
END;
"""

_V7_POSTGRES = """
CREATE OR REPLACE FUNCTION chatdesk_chat_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_live boolean := TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL;
    is_live boolean := TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL;
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

CREATE TRIGGER chat_count_change AFTER INSERT OR DELETE OR UPDATE OF deleted_at ON chat
FOR EACH ROW EXECUTE FUNCTION chatdesk_chat_count();
"""


def apply() -> None:
    """The chat list's order (pinned, updated, id; newest first) over live chats from an index,
    and its total from a count kept by triggers: before, every page sorted and counted all of
    a user's chats (docs/benchmarks-list.md)."""
    database.execute_sql(
        "CREATE INDEX IF NOT EXISTS chat_list ON chat "
        "(user_id, pinned DESC, updated_at DESC, id DESC) WHERE deleted_at IS NULL"
    )
    run_script(TABLE)  # the same on both engines
    database.execute_sql("DELETE FROM chat_count")
    database.execute_sql(
        "INSERT INTO chat_count (user_id, live) SELECT user_id, COUNT(*) FROM chat "
        "WHERE deleted_at IS NULL GROUP BY user_id"
    )
    run_script(_V7_SQLITE if is_sqlite() else _V7_POSTGRES)
