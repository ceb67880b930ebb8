"""Version 18: app tokens and per-account options (issue 24, the MCP server).

* ``app_token``: a token made in the desktop app for one AI app (Claude Desktop, Cherry
  Studio…): named, listed, revocable, stored as its SHA-256 only, without expiry until revoked;
  ``last_used_at`` says when an app last called (written at most once a minute).
* ``user_option``: an account's options kept with its library, readable by every process on the
  database (the desktop app, ``serve``, ``chatdesk mcp``): today only ``ai_writes``, whether AI
  apps may save to the library.
"""

from __future__ import annotations

from chatdesk.store.db import is_sqlite
from chatdesk.store.migrations._script import run_script

# IF NOT EXISTS: see v06_prompt_stars (a test builds version 1 from today's models).
_TABLES = """
CREATE TABLE IF NOT EXISTS "app_token" (
    "id" {serial} NOT NULL PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL,
    "created_at" {timestamp} NOT NULL,
    "last_used_at" {timestamp},
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX IF NOT EXISTS "app_token_token_hash" ON "app_token" ("token_hash");

CREATE INDEX IF NOT EXISTS "app_token_user_id" ON "app_token" ("user_id");

CREATE TABLE IF NOT EXISTS "user_option" (
    "user_id" INTEGER NOT NULL,
    "key" VARCHAR(64) NOT NULL,
    "value" VARCHAR(255) NOT NULL,
    PRIMARY KEY ("user_id", "key"),
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE
);
"""


def apply() -> None:
    """The two tables; nothing else changes."""
    sqlite = is_sqlite()
    run_script(
        _TABLES.format(
            serial="INTEGER" if sqlite else "SERIAL",
            timestamp="DATETIME" if sqlite else "TIMESTAMP",
        )
    )
