"""Running a migration's SQL script."""

from __future__ import annotations

from chatdesk.store.db import database


def statements(script: str) -> list[str]:
    """The statements of a script: one per paragraph (statements are separated by blank lines)."""
    return [part.strip() for part in script.split("\n\n") if part.strip()]


def run_script(script: str) -> None:
    for statement in statements(script):
        database.execute_sql(statement)
