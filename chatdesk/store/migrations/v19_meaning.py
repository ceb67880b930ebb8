"""Version 19: search by meaning (issue 25). ``meaning_chunk`` holds each chat's passages (its
title, and its messages in pieces) with their vectors and the model that made them;
``meaning_queue`` the chats waiting to be embedded, filled by triggers: a new chat, a renamed
one, a new or edited message. A deleted message's or purged chat's chunks go with it (foreign
keys). Every chat already there is queued, so an existing library is embedded once, in the
background (:mod:`chatdesk.services.meaning`).

Each trigger bumps the chat's ``stamp``: the embedder removes a chat from the queue only if the
stamp is still the one it read, so a message added while the chat was being embedded is not
lost. PostgreSQL queues inserted rows once per statement (transition tables), as version 17
counts chats; edits and renames once per row (a column list allows no transition table).
"""

from __future__ import annotations

from chatdesk.store.db import is_sqlite
from chatdesk.store.migrations._script import run_script

_TABLES = """
CREATE TABLE IF NOT EXISTS "meaning_chunk" ("id" {serial} NOT NULL PRIMARY KEY,
    "chat_id" INTEGER NOT NULL, "message_id" INTEGER, "part" INTEGER NOT NULL,
    "start" INTEGER NOT NULL, "stop" INTEGER NOT NULL, "digest" VARCHAR(32) NOT NULL,
    "model" VARCHAR(64) NOT NULL, "vector" {blob} NOT NULL, "code" {blob} NOT NULL,
    FOREIGN KEY ("chat_id") REFERENCES "chat" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("message_id") REFERENCES "message" ("id") ON DELETE CASCADE);

CREATE INDEX IF NOT EXISTS "meaning_chunk_chat_id" ON "meaning_chunk" ("chat_id");

CREATE INDEX IF NOT EXISTS "meaning_chunk_message_id" ON "meaning_chunk" ("message_id");

CREATE TABLE IF NOT EXISTS "meaning_queue" ("chat_id" INTEGER NOT NULL PRIMARY KEY,
    "stamp" INTEGER NOT NULL);
"""

_QUEUE = (
    "INSERT INTO meaning_queue (chat_id, stamp) VALUES ({id}, 0) "
    "ON CONFLICT (chat_id) DO UPDATE SET stamp = meaning_queue.stamp + 1"
)

SQLITE = (
    _TABLES.format(serial="INTEGER", blob="BLOB")
    + f"""
CREATE TRIGGER IF NOT EXISTS meaning_message_ai AFTER INSERT ON message BEGIN
    {_QUEUE.format(id="new.chat_id")};
END;

CREATE TRIGGER IF NOT EXISTS meaning_message_au AFTER UPDATE OF content ON message BEGIN
    {_QUEUE.format(id="new.chat_id")};
END;

CREATE TRIGGER IF NOT EXISTS meaning_chat_ai AFTER INSERT ON chat BEGIN
    {_QUEUE.format(id="new.id")};
END;

CREATE TRIGGER IF NOT EXISTS meaning_chat_au AFTER UPDATE OF title ON chat BEGIN
    {_QUEUE.format(id="new.id")};
END;

INSERT OR IGNORE INTO meaning_queue (chat_id, stamp) SELECT id, 0 FROM chat;
"""
)

_MANY = (
    "INSERT INTO meaning_queue (chat_id, stamp) SELECT DISTINCT {id}, 0 FROM added "
    "ON CONFLICT (chat_id) DO UPDATE SET stamp = meaning_queue.stamp + 1"
)

POSTGRES = (
    _TABLES.format(serial="SERIAL", blob="BYTEA")
    + f"""
CREATE OR REPLACE FUNCTION chatdesk_meaning_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'message' THEN
        {_MANY.format(id="chat_id")};
    ELSE
        {_MANY.format(id="id")};
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION chatdesk_meaning_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'message' THEN
        {_QUEUE.format(id="NEW.chat_id")};
    ELSE
        {_QUEUE.format(id="NEW.id")};
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS meaning_message_ai ON message;

CREATE TRIGGER meaning_message_ai AFTER INSERT ON message REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_meaning_added();

DROP TRIGGER IF EXISTS meaning_message_au ON message;

CREATE TRIGGER meaning_message_au AFTER UPDATE OF content ON message
FOR EACH ROW EXECUTE FUNCTION chatdesk_meaning_changed();

DROP TRIGGER IF EXISTS meaning_chat_ai ON chat;

CREATE TRIGGER meaning_chat_ai AFTER INSERT ON chat REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION chatdesk_meaning_added();

DROP TRIGGER IF EXISTS meaning_chat_au ON chat;

CREATE TRIGGER meaning_chat_au AFTER UPDATE OF title ON chat
FOR EACH ROW EXECUTE FUNCTION chatdesk_meaning_changed();

INSERT INTO meaning_queue (chat_id, stamp) SELECT id, 0 FROM chat ON CONFLICT DO NOTHING;
"""
)


def apply() -> None:
    run_script(SQLITE if is_sqlite() else POSTGRES)
