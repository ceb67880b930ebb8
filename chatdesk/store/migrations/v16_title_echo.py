"""Version 16: ``chat.title_echo``, true when the chat's title is known to be the exact start of
its first message (an imported chat titled after its first line), so that a search need not
read the first message of every chat whose title matches to tell (a title hit that only echoes
the first message is left out, the message hit stands for it: ``chatdesk.services.search``).

Conservative: true only where a writer checked it (the importer, :func:`title_echoes`, and this
migration for the chats already there); triggers make it false when the title changes and when
any message of the chat is edited or deleted (the first one may be among them). False only
costs the search its read. The index ``chat_title_own`` lists the chats a search must still
match by title. PostgreSQL counts the deleted messages' chats once per statement (a
purge removes thousands of messages in one).
"""

from __future__ import annotations

from chatdesk.store.db import database, is_sqlite
from chatdesk.store.migrations._script import run_script

_SQLITE = """
CREATE TRIGGER chat_title_echo_title AFTER UPDATE OF title ON chat
WHEN NEW.title_echo AND NEW.title IS NOT OLD.title BEGIN
    UPDATE chat SET title_echo = 0 WHERE id = NEW.id;
END;

CREATE TRIGGER message_title_echo_edit AFTER UPDATE OF content ON message
WHEN NEW.content IS NOT OLD.content BEGIN
    UPDATE chat SET title_echo = 0 WHERE id = NEW.chat_id AND title_echo;
END;

CREATE TRIGGER message_title_echo_gone AFTER DELETE ON message BEGIN
    UPDATE chat SET title_echo = 0 WHERE id = OLD.chat_id AND title_echo;
END;
"""

_POSTGRES = """
CREATE OR REPLACE FUNCTION chatdesk_title_echo_title() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.title IS DISTINCT FROM OLD.title THEN
        NEW.title_echo := FALSE;
    END IF;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS chat_title_echo_title ON chat;

CREATE TRIGGER chat_title_echo_title BEFORE UPDATE OF title ON chat
FOR EACH ROW WHEN (OLD.title_echo) EXECUTE FUNCTION chatdesk_title_echo_title();

CREATE OR REPLACE FUNCTION chatdesk_title_echo_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE chat SET title_echo = FALSE
    WHERE title_echo AND id IN (SELECT DISTINCT chat_id FROM changed);
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS message_title_echo_edit ON message;

CREATE TRIGGER message_title_echo_edit AFTER UPDATE ON message
REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_title_echo_message();

DROP TRIGGER IF EXISTS message_title_echo_gone ON message;

CREATE TRIGGER message_title_echo_gone AFTER DELETE ON message
REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_title_echo_message();
"""

#: Chats checked a statement, for the chats already there.
_CHUNK = 5_000


def _echoes(title: str, first: str | None) -> bool:
    """Version 16's rule (a copy of ``chatdesk.services.search.title_echoes`` as it was then):
    the title less a trailing ``…`` is the exact start of the first message, and holds only ASCII
    or caseless characters (which every matcher folds alike)."""
    stem = title.rstrip("…").strip()
    if not stem or first is None or not first.startswith(stem):
        return False
    return all(
        ch.isprintable()
        and (ch.isascii() or (ch.lower() == ch == ch.upper() and ch not in "\ufffd\ufffe\uffff"))
        for ch in stem
    )


#: The chats whose title a search must match (and, for the rest, read the first message of):
#: few when most titles echo their first message, as an import's do.
_OWN_TITLES = (
    'CREATE INDEX IF NOT EXISTS "chat_title_own" ON "chat" ("user_id") '
    "WHERE title_echo = {false} AND deleted_at IS NULL"
)


def apply() -> None:
    sqlite = is_sqlite()
    if sqlite:
        have = {row[1] for row in database.execute_sql('PRAGMA table_info("chat")').fetchall()}
        if "title_echo" not in have:  # SQLite has no ADD COLUMN IF NOT EXISTS
            database.execute_sql(
                'ALTER TABLE "chat" ADD COLUMN "title_echo" INTEGER NOT NULL DEFAULT FALSE'
            )
        for name in ("chat_title_echo_title", "message_title_echo_edit", "message_title_echo_gone"):
            database.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
        run_script(_SQLITE)
    else:
        database.execute_sql(
            'ALTER TABLE "chat" ADD COLUMN IF NOT EXISTS "title_echo" '
            "BOOLEAN NOT NULL DEFAULT FALSE"
        )
        run_script(_POSTGRES)
    database.execute_sql(_OWN_TITLES.format(false="0" if sqlite else "FALSE"))
    p = "?" if sqlite else "%s"
    last = 0
    while True:
        rows = database.execute_sql(
            "SELECT c.id, c.title, (SELECT substr(m.content, 1, length(c.title)) FROM message m "
            f"WHERE m.chat_id = c.id ORDER BY m.id LIMIT 1) FROM chat c WHERE c.id > {p} "
            f"ORDER BY c.id LIMIT {_CHUNK}",
            (last,),
        ).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        echoing = [chat_id for chat_id, title, first in rows if _echoes(title, first)]
        if echoing:
            database.execute_sql(
                f"UPDATE chat SET title_echo = {p} WHERE id IN ({', '.join(map(str, echoing))})",
                (True,),
            )
