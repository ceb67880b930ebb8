"""Version 19: a message's kind, its model and a small detail (issue 22).

* ``message.kind``: ``text`` (a visible turn: every message stored before), ``reasoning`` (the
  model's thinking) or ``tool`` (one tool call with its result: the result is ``content``).
* ``message.model``: the model that wrote it, where the export says; NULL otherwise.
* ``message.detail``: a small JSON object for what only some kinds have: a tool call's
  ``tool`` (name), ``input`` (as text) and ``error`` (true when the call failed), a step's
  ``seconds``. One text column rather than a column each: nothing filters or sorts on these
  (they are read with the row to show or export it), the coding agents' importers add facts of
  their own (a call id, an exit code) with no migration, and the hot paths that read
  ``role, content`` do not widen.

Existing rows become ``text`` through the column default; nothing is rewritten.

* ``message_folded``: the reasoning and tool rows, so that a search knows at once whether
  there are any to leave out.
* ``chat_source``: the chats of the default list by source, in the list's order: the folder
  tree's Sources section counts them (``chats.source_counts``) and a source's list reads them
  in order, without walking the whole list for a source of a few chats.
"""

from __future__ import annotations

from chatdesk.store.db import database, is_sqlite

_COLUMNS = {
    "kind": "\"kind\" VARCHAR(16) NOT NULL DEFAULT 'text'",
    "model": '"model" VARCHAR(128)',
    "detail": '"detail" TEXT',
}


#: The reasoning and tool rows (few, or none in a library of chat apps' exports): whether a
#: database has any is one probe of it (``chatdesk.services.search`` leaves them out of a
#: default search only then, so a library without them searches as before).
_FOLDED_INDEX = (
    'CREATE INDEX IF NOT EXISTS "message_folded" ON "message" ("chat_id") WHERE "kind" <> \'text\''
)
_SOURCE_INDEX = (
    'CREATE INDEX IF NOT EXISTS "chat_source" '
    'ON "chat" ("user_id", "source", "pinned" DESC, "updated_at" DESC, "id" DESC) '
    'WHERE "deleted_at" IS NULL AND "archived_at" IS NULL'
)


def apply() -> None:
    sqlite = is_sqlite()
    have = (
        {row[1] for row in database.execute_sql('PRAGMA table_info("message")').fetchall()}
        if sqlite
        else set()
    )
    for name, column in _COLUMNS.items():
        if name not in have:  # SQLite has no ADD COLUMN IF NOT EXISTS
            exists = "" if sqlite else "IF NOT EXISTS "
            database.execute_sql(f'ALTER TABLE "message" ADD COLUMN {exists}{column}')
    database.execute_sql(_SOURCE_INDEX)
    database.execute_sql(_FOLDED_INDEX)
