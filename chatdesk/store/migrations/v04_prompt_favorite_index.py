"""Version 4: the favourites' ids from an index (favorites-only shuffle), on both engines."""

from __future__ import annotations

from chatdesk.store.db import database


def apply() -> None:
    """The favourites' ids from an index (favorites-only shuffle), on both engines."""
    database.execute_sql(
        'CREATE INDEX IF NOT EXISTS "prompt_favorite_id" ON "prompt" (favorite, id)'
    )
