"""Version 11: the index of chat titles (``add_chat``/``get_history_chat`` find a chat by its
title), which databases whose version 1 was created from the models of their day already have
and databases created at the first version 1 lacked. With it, every database at version 11 has
the same schema, whichever way it came: from here on a migration need not check what is there.
"""

from __future__ import annotations

from chatdesk.store.db import database


def apply() -> None:
    database.execute_sql('CREATE INDEX IF NOT EXISTS "chat_title" ON "chat" ("title")')
