"""Version 8: the change log other processes follow (:mod:`chatdesk.services.events`)."""

from __future__ import annotations

from chatdesk.store.db import is_sqlite
from chatdesk.store.migrations._script import run_script

# IF NOT EXISTS: see v06_prompt_stars.
SQLITE = """
CREATE TABLE IF NOT EXISTS "change_log" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "user_id" INTEGER NOT NULL,
    "chat_id" INTEGER NOT NULL,
    "origin" VARCHAR(32) NOT NULL
);
"""

POSTGRES = """
CREATE TABLE IF NOT EXISTS "change_log" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "user_id" INTEGER NOT NULL,
    "chat_id" INTEGER NOT NULL,
    "origin" VARCHAR(32) NOT NULL
);
"""


def apply() -> None:
    """The change log other processes follow: a window shows what a CLI import or another
    server writes."""
    run_script(SQLITE if is_sqlite() else POSTGRES)
