"""The store's connections, for code that owns threads.

Each thread opens its own connection on first use (:mod:`chatdesk.store.db`); a thread that
ends its work closes its own here: the windows' worker and job threads when they finish, and
the GUI thread before a restore, which needs the only connection to the database file.
"""

from __future__ import annotations

from collections.abc import Callable

from chatdesk.store.db import DatabaseUnreachable, close_database, on_availability


def is_unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the database server cannot be reached now (a later call
    reconnects): the windows say so in the status bar rather than as a crash."""
    return isinstance(error, DatabaseUnreachable)


def follow_availability(listener: Callable[[bool], None]) -> Callable[[], None]:
    """``listener(False)`` when the database becomes unreachable, ``listener(True)`` when it
    answers again, from the thread that noticed; returns the unsubscriber."""
    return on_availability(listener)


def close_this_threads() -> None:
    """Close the calling thread's connection, if it has one (it reopens on next use)."""
    close_database()
