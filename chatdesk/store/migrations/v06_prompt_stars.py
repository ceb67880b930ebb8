"""Version 6: favourites per user (``prompt_star``)."""

from __future__ import annotations

from chatdesk.store.db import database
from chatdesk.store.migrations._script import run_script

# IF NOT EXISTS: a database whose version 1 created the tables from the models of its day has
# this table already.
DDL = """
CREATE TABLE IF NOT EXISTS "prompt_star" (
    "user_id" INTEGER NOT NULL,
    "prompt_id" INTEGER NOT NULL,
    PRIMARY KEY ("user_id", "prompt_id"),
    FOREIGN KEY ("user_id") REFERENCES "user" ("id") ON DELETE CASCADE,
    FOREIGN KEY ("prompt_id") REFERENCES "prompt" ("id") ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS "prompt_star_prompt_id" ON "prompt_star" ("prompt_id");
"""


def apply() -> None:
    """Favourites per user: today's stars become every existing user's, and the index of the
    shared flag (v4) goes (the flag's column stays, read by nothing)."""
    run_script(DDL)  # the same on both engines
    database.execute_sql(
        'INSERT INTO prompt_star (user_id, prompt_id) SELECT u.id, p.id FROM "user" u '
        "CROSS JOIN prompt p WHERE p.favorite ON CONFLICT DO NOTHING"
    )
    database.execute_sql('DROP INDEX IF EXISTS "prompt_favorite_id"')
