"""Version 1: the tables as ChatDesk first created them, frozen here as SQL.

Until schema 10 this migration created the tables from the models as they were at the time, so
each later migration had to check what a fresh database already had. Frozen, a fresh database
takes the same path as an old one (``tests/test_migrations.py`` compares the two).
"""

from __future__ import annotations

from chatdesk.store.db import is_sqlite
from chatdesk.store.migrations._script import run_script

SQLITE = """
CREATE TABLE "chatdesk_meta" (
    "key" VARCHAR(64) NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

CREATE TABLE "user" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "username" VARCHAR(64) NOT NULL,
    "username_key" VARCHAR(256) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "created_at" DATETIME NOT NULL
);

CREATE UNIQUE INDEX "user_username_key" ON "user" ("username_key");

CREATE TABLE "chat" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "chat_key" VARCHAR(128) NOT NULL,
    "title" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "message_count" INTEGER NOT NULL,
    "last_preview" TEXT NOT NULL,
    "pinned" INTEGER NOT NULL,
    "deleted_at" DATETIME,
    "source" VARCHAR(32),
    "source_id" VARCHAR(255),
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE
);

CREATE INDEX "chat_user_id" ON "chat" ("user_id");

CREATE UNIQUE INDEX "chat_user_id_chat_key" ON "chat" ("user_id", "chat_key");

CREATE INDEX "chat_user_id_updated_at_id" ON "chat" ("user_id", "updated_at", "id");

CREATE UNIQUE INDEX "chat_user_id_source_source_id" ON "chat" ("user_id", "source", "source_id");

CREATE TABLE "message" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "chat_id" INTEGER NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "content" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "source_id" VARCHAR(255),
    FOREIGN KEY ("chat_id") REFERENCES "chat" ("id") ON DELETE CASCADE
);

CREATE INDEX "message_chat_id" ON "message" ("chat_id");

CREATE INDEX "message_chat_id_id" ON "message" ("chat_id", "id");

CREATE UNIQUE INDEX "message_chat_id_source_id" ON "message" ("chat_id", "source_id");

CREATE TABLE "prompt" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "title" VARCHAR(200) NOT NULL,
    "title_key" VARCHAR(800) NOT NULL,
    "text" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "favorite" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL
);

CREATE UNIQUE INDEX "prompt_title_key" ON "prompt" ("title_key");

CREATE UNIQUE INDEX "prompt_slot" ON "prompt" ("slot");

CREATE TABLE "token" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL,
    "created_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL,
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE
);

CREATE INDEX "token_user_id" ON "token" ("user_id");

CREATE UNIQUE INDEX "token_token_hash" ON "token" ("token_hash");

CREATE INDEX "token_expires_at" ON "token" ("expires_at");

CREATE TABLE "login_attempt" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "username_key" VARCHAR(256) NOT NULL,
    "attempted_at" DATETIME NOT NULL
);

CREATE INDEX "login_attempt_username_key_attempted_at"
    ON "login_attempt" ("username_key", "attempted_at");
"""

POSTGRES = """
CREATE TABLE "chatdesk_meta" (
    "key" VARCHAR(64) NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

CREATE TABLE "user" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "username" VARCHAR(64) NOT NULL,
    "username_key" VARCHAR(256) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMP NOT NULL
);

CREATE UNIQUE INDEX "user_username_key" ON "user" ("username_key");

CREATE TABLE "chat" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "chat_key" VARCHAR(128) NOT NULL,
    "title" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "message_count" INTEGER NOT NULL,
    "last_preview" TEXT NOT NULL,
    "pinned" BOOLEAN NOT NULL,
    "deleted_at" TIMESTAMP,
    "source" VARCHAR(32),
    "source_id" VARCHAR(255),
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE
);

CREATE INDEX "chat_user_id" ON "chat" ("user_id");

CREATE UNIQUE INDEX "chat_user_id_chat_key" ON "chat" ("user_id", "chat_key");

CREATE INDEX "chat_user_id_updated_at_id" ON "chat" ("user_id", "updated_at", "id");

CREATE UNIQUE INDEX "chat_user_id_source_source_id" ON "chat" ("user_id", "source", "source_id");

CREATE TABLE "message" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "chat_id" INTEGER NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "content" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "source_id" VARCHAR(255),
    FOREIGN KEY ("chat_id") REFERENCES "chat" ("id") ON DELETE CASCADE
);

CREATE INDEX "message_chat_id" ON "message" ("chat_id");

CREATE INDEX "message_chat_id_id" ON "message" ("chat_id", "id");

CREATE UNIQUE INDEX "message_chat_id_source_id" ON "message" ("chat_id", "source_id");

CREATE TABLE "prompt" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "title" VARCHAR(200) NOT NULL,
    "title_key" VARCHAR(800) NOT NULL,
    "text" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "favorite" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP NOT NULL
);

CREATE UNIQUE INDEX "prompt_title_key" ON "prompt" ("title_key");

CREATE UNIQUE INDEX "prompt_slot" ON "prompt" ("slot");

CREATE TABLE "token" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE
);

CREATE INDEX "token_user_id" ON "token" ("user_id");

CREATE UNIQUE INDEX "token_token_hash" ON "token" ("token_hash");

CREATE INDEX "token_expires_at" ON "token" ("expires_at");

CREATE TABLE "login_attempt" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "username_key" VARCHAR(256) NOT NULL,
    "attempted_at" TIMESTAMP NOT NULL
);

CREATE INDEX "login_attempt_username_key_attempted_at"
    ON "login_attempt" ("username_key", "attempted_at");
"""


def apply() -> None:
    run_script(SQLITE if is_sqlite() else POSTGRES)
