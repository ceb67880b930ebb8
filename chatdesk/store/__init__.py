"""Storage: the deferred database, the models and the migrations."""

from __future__ import annotations

from chatdesk.store.db import database, init_database, write_transaction
from chatdesk.store.migrations import migrate


def open_store(url: str) -> None:
    """Bind the database at ``url`` and bring its schema up to date."""
    init_database(url)
    migrate()


__all__ = ["database", "init_database", "migrate", "open_store", "write_transaction"]
