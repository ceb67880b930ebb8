"""The store's connections, for code that owns threads.

Each thread opens its own connection on first use (:mod:`chatdesk.store.db`); a thread that
ends its work closes its own here: the windows' worker and job threads when they finish, and
the GUI thread before a restore, which needs the only connection to the database file.
"""

from __future__ import annotations

from chatdesk.store.db import close_database


def close_this_threads() -> None:
    """Close the calling thread's connection, if it has one (it reopens on next use)."""
    close_database()
