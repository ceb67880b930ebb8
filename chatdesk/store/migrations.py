"""Schema versions and the migration runner.

The version lives in ``chatdesk_meta``. Before an existing SQLite database changes schema it is
copied with SQLite's online backup API next to itself (``<file>.v<old>-<time>.bak``), unless
the migrations due change nothing on SQLite (:data:`SQLITE_UNCHANGED`). Every migration runs in
one transaction with the version stamp: a failure changes nothing.

Migrations run in order on every database, fresh ones included, and version 1 creates the tables
from the models as they are. So models only grow, and a later migration that adds a column to a
model first checks whether the column is there (a fresh database got it from version 1).
"""

from __future__ import annotations

import logging
import sqlite3
import unicodedata
from collections.abc import Callable
from pathlib import Path

from chatdesk.store.db import (
    advisory_lock,
    database,
    is_postgres,
    is_sqlite,
    run,
    sqlite_path,
    write_transaction,
)
from chatdesk.store.fts import (
    GRAM_KEY_FUNCTION,
    GRAMS_FUNCTION,
    GRAMS_TOKENIZER,
    PG_GRAMS_BREAKS,
    PG_GRAMS_COST,
    PG_PAIR_BASE,
    SCOPE_CLOSE,
    SCOPE_OPEN,
    USER_GRAM,
)
from chatdesk.store.models import ALL_MODELS, ChangeLog, ChatCount, Meta, PromptStar, utcnow

log = logging.getLogger(__name__)

SCHEMA_KEY = "schema_version"


def _v1_initial() -> None:
    database.create_tables(ALL_MODELS)


# SQLite: a message is in the indexes while its chat is live (not deleted), tagged with its owner
# (see chatdesk.store.fts), so that a user's hits are counted from the index alone.


def index_sql(m: str, user: str, source: str) -> str:
    """Index the messages ``m`` (an alias) of owner ``user`` that ``source`` (FROM …) yields."""
    grams = f"{GRAMS_FUNCTION}({m}.content) || ' {USER_GRAM}' || {user}"
    return f"""
    INSERT INTO message_fts(rowid, content, scope)
        SELECT {m}.id, {m}.content, '{SCOPE_OPEN}' || {user} || '{SCOPE_CLOSE}' {source};
    INSERT INTO message_grams(rowid, grams)
        SELECT {m}.id, {grams} {source};"""


def unindex_sql(m: str, user: str, source: str) -> str:
    """The reverse of :func:`index_sql` (a contentless index must be told the values it indexed)."""
    grams = f"{GRAMS_FUNCTION}({m}.content) || ' {USER_GRAM}' || {user}"
    return f"""
    INSERT INTO message_fts(message_fts, rowid, content, scope)
        SELECT 'delete', {m}.id, {m}.content, '{SCOPE_OPEN}' || {user} || '{SCOPE_CLOSE}' {source};
    INSERT INTO message_grams(message_grams, rowid, grams)
        SELECT 'delete', {m}.id, {grams} {source};"""


_LIVE_CHAT_OF = "FROM chat c WHERE c.id = {}.chat_id AND c.deleted_at IS NULL"

# Index the rows already there: one statement per paragraph.
_BUILD = index_sql(
    "m", "c.user_id", "FROM message m JOIN chat c ON c.id = m.chat_id WHERE c.deleted_at IS NULL"
).replace(";\n", ";\n\n")

_V2_SQLITE = f"""
CREATE VIRTUAL TABLE message_fts USING fts5(content, scope, content='', tokenize='trigram');

CREATE VIRTUAL TABLE message_grams USING fts5(
    grams, content='', detail='none', tokenize="{GRAMS_TOKENIZER}");

CREATE VIRTUAL TABLE chat_fts USING fts5(
    title, content='chat', content_rowid='id', tokenize='trigram');

CREATE INDEX message_created_at ON message (created_at);

CREATE TRIGGER message_fts_ai AFTER INSERT ON message BEGIN{
    index_sql("new", "c.user_id", _LIVE_CHAT_OF.format("new"))
}
END;

CREATE TRIGGER message_fts_ad AFTER DELETE ON message BEGIN{
    unindex_sql("old", "c.user_id", _LIVE_CHAT_OF.format("old"))
}
END;

CREATE TRIGGER message_fts_au AFTER UPDATE OF content, chat_id ON message BEGIN{
    unindex_sql("old", "c.user_id", _LIVE_CHAT_OF.format("old"))
}{index_sql("new", "c.user_id", _LIVE_CHAT_OF.format("new"))}
END;

CREATE TRIGGER chat_fts_bd BEFORE DELETE ON chat WHEN old.deleted_at IS NULL BEGIN{
    unindex_sql("m", "old.user_id", "FROM message m WHERE m.chat_id = old.id")
}
END;

CREATE TRIGGER chat_fts_live AFTER UPDATE OF deleted_at, user_id ON chat
WHEN (old.deleted_at IS NULL) != (new.deleted_at IS NULL) OR old.user_id != new.user_id BEGIN{
    unindex_sql(
        "m", "old.user_id", "FROM message m WHERE m.chat_id = old.id AND old.deleted_at IS NULL"
    )
}{
    index_sql(
        "m", "new.user_id", "FROM message m WHERE m.chat_id = new.id AND new.deleted_at IS NULL"
    )
}
END;

CREATE TRIGGER chat_fts_ai AFTER INSERT ON chat BEGIN
    INSERT INTO chat_fts(rowid, title) VALUES (new.id, new.title);
END;

CREATE TRIGGER chat_fts_ad AFTER DELETE ON chat BEGIN
    INSERT INTO chat_fts(chat_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;

CREATE TRIGGER chat_fts_au AFTER UPDATE OF title ON chat BEGIN
    INSERT INTO chat_fts(chat_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO chat_fts(rowid, title) VALUES (new.id, new.title);
END;
{_BUILD}

INSERT INTO chat_fts(chat_fts) VALUES ('rebuild');
"""

_V2_POSTGRES = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX IF NOT EXISTS message_content_trgm ON message USING gin (content gin_trgm_ops);

CREATE INDEX IF NOT EXISTS chat_title_trgm ON chat USING gin (title gin_trgm_ops);
"""


def _v2_search_index() -> None:
    """Full-text search: FTS5 indexes kept by triggers (SQLite), trigram GIN indexes
    (PostgreSQL); both built from the rows already there. See chatdesk.store.fts."""
    if is_sqlite():
        script = _V2_SQLITE
    elif is_postgres():
        script = _V2_POSTGRES
    else:
        raise RuntimeError("unsupported database engine")
    for statement in _statements(script):
        database.execute_sql(statement)


# Version 3: a message is indexed after its commit, not in it (chatdesk.store.indexer). Its
# insert trigger only queues its id; the triggers that take messages out of the indexes or put
# them back leave queued ones alone (they are not in the indexes yet, and a contentless FTS5
# table must never be told to delete a row it does not hold); the indexer checks at indexing
# time that the chat is live.
_NOT_QUEUED = " AND NOT EXISTS (SELECT 1 FROM message_fts_queue q WHERE q.id = {}.id)"

_V3_SQLITE = f"""
CREATE TABLE message_fts_queue (id INTEGER PRIMARY KEY);

DROP TRIGGER message_fts_ai;

DROP TRIGGER message_fts_ad;

DROP TRIGGER message_fts_au;

DROP TRIGGER chat_fts_bd;

DROP TRIGGER chat_fts_live;

CREATE TRIGGER message_fts_ai AFTER INSERT ON message BEGIN
    INSERT OR IGNORE INTO message_fts_queue(id) VALUES (new.id);
END;

CREATE TRIGGER message_fts_ad AFTER DELETE ON message BEGIN{
    unindex_sql("old", "c.user_id", _LIVE_CHAT_OF.format("old") + _NOT_QUEUED.format("old"))
}
    DELETE FROM message_fts_queue WHERE id = old.id;
END;

CREATE TRIGGER message_fts_au AFTER UPDATE OF content, chat_id ON message BEGIN{
    unindex_sql("old", "c.user_id", _LIVE_CHAT_OF.format("old") + _NOT_QUEUED.format("old"))
}{index_sql("new", "c.user_id", _LIVE_CHAT_OF.format("new") + _NOT_QUEUED.format("new"))}
END;

CREATE TRIGGER chat_fts_bd BEFORE DELETE ON chat WHEN old.deleted_at IS NULL BEGIN{
    unindex_sql(
        "m", "old.user_id", "FROM message m WHERE m.chat_id = old.id" + _NOT_QUEUED.format("m")
    )
}
END;

CREATE TRIGGER chat_fts_live AFTER UPDATE OF deleted_at, user_id ON chat
WHEN (old.deleted_at IS NULL) != (new.deleted_at IS NULL) OR old.user_id != new.user_id BEGIN{
    unindex_sql(
        "m",
        "old.user_id",
        "FROM message m WHERE m.chat_id = old.id AND old.deleted_at IS NULL"
        + _NOT_QUEUED.format("m"),
    )
}{
    index_sql(
        "m",
        "new.user_id",
        "FROM message m WHERE m.chat_id = new.id AND new.deleted_at IS NULL"
        + _NOT_QUEUED.format("m"),
    )
}
END;
"""


def _v3_index_after_commit() -> None:
    """SQLite: index new messages in batches after they commit (see chatdesk.store.indexer).

    Indexing a message in its own transaction wrote two FTS5 segments per message and was
    most of the cost of ``add_chat``; PostgreSQL's GIN indexes are unchanged.
    """
    if is_sqlite():
        for statement in _statements(_V3_SQLITE):
            database.execute_sql(statement)


def _v4_prompt_favorite_index() -> None:
    """The favourites' ids from an index (favorites-only shuffle), on both engines."""
    database.execute_sql(
        'CREATE INDEX IF NOT EXISTS "prompt_favorite_id" ON "prompt" (favorite, id)'
    )


# PostgreSQL: pg_trgm extracts no trigram from a 1–2 character pattern, so such an ILIKE scans every
# message. A GIN index over the expression chatdesk_grams(content) answers them instead: every
# character and adjacent pair of the lower-cased text, each as a number (see chatdesk.store.fts).
# Numbers rather than text: GIN sorts and compares every key of every row, and text compares by
# the collation (strcoll), which made building the index 2.3 times slower (measured: 20,000
# messages, 9.6 s against 4.2 s). An expression index needs no column and no trigger: PostgreSQL
# keeps it in step with every insert, update and delete. Both functions must be IMMUTABLE to be
# indexed; they are, as lower() is (for a given collation).
_V5_POSTGRES = f"""
CREATE OR REPLACE FUNCTION {GRAMS_FUNCTION}(t text) RETURNS int8[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST {PG_GRAMS_COST} AS $$
DECLARE
    out int8[] := '{{}}';
    prev int8;
    code int8;
    c text;
BEGIN
    FOREACH c IN ARRAY regexp_split_to_array(lower(t), '') LOOP
        code := ascii(c);
        IF code IN ({PG_GRAMS_BREAKS}) THEN
            prev := NULL;
        ELSE
            out := array_append(out, code);
            IF prev IS NOT NULL THEN
                out := array_append(out, prev * {PG_PAIR_BASE} + code);
            END IF;
            prev := code;
        END IF;
    END LOOP;
    RETURN out;
END
$$;

CREATE OR REPLACE FUNCTION {GRAM_KEY_FUNCTION}(q text) RETURNS int8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT CASE length(l)
    WHEN 1 THEN ascii(l)::int8
    WHEN 2 THEN ascii(l)::int8 * {PG_PAIR_BASE} + ascii(substr(l, 2))
END
FROM lower(q) AS l
$$;

CREATE INDEX IF NOT EXISTS message_content_grams ON message USING gin ({GRAMS_FUNCTION}(content));

CREATE INDEX IF NOT EXISTS chat_title_grams ON chat USING gin ({GRAMS_FUNCTION}(title));

ANALYZE message;

ANALYZE chat;
"""


def _v5_postgres_short_search() -> None:
    """PostgreSQL: GIN indexes of the 1–2 character grams of messages and chat titles, built
    from the rows already there. SQLite has had its own since version 2: nothing to do."""
    if is_postgres():
        for statement in _statements(_V5_POSTGRES):
            database.execute_sql(statement)


def _v6_prompt_stars() -> None:
    """Favourites per user: today's stars become every existing user's, and the index of the
    shared flag (v4) goes (the flag's column stays, read by nothing)."""
    database.create_tables([PromptStar], safe=True)
    database.execute_sql(
        'INSERT INTO prompt_star (user_id, prompt_id) SELECT u.id, p.id FROM "user" u '
        "CROSS JOIN prompt p WHERE p.favorite ON CONFLICT DO NOTHING"
    )
    database.execute_sql('DROP INDEX IF EXISTS "prompt_favorite_id"')


# The count of a user's live chats, kept by the database itself whatever writes a chat (the API,
# the windows, an import, a cascade from a deleted user). No foreign key to the user: a user's
# cascade deletes their chats first, and each decrement must find the row, not a violation; a
# reused user id finds its count back at 0.
_V7_SQLITE = """
CREATE TRIGGER IF NOT EXISTS chat_count_insert AFTER INSERT ON chat
WHEN NEW.deleted_at IS NULL BEGIN
    INSERT INTO chat_count (user_id, live) VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET live = live + 1;
END;

CREATE TRIGGER IF NOT EXISTS chat_count_delete AFTER DELETE ON chat
WHEN OLD.deleted_at IS NULL BEGIN
    UPDATE chat_count SET live = live - 1 WHERE user_id = OLD.user_id;
END;

CREATE TRIGGER IF NOT EXISTS chat_count_soft_delete AFTER UPDATE OF deleted_at ON chat
WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) BEGIN
    INSERT INTO chat_count (user_id, live)
    VALUES (NEW.user_id, CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE 0 END)
    ON CONFLICT (user_id)
    DO UPDATE SET live = live + CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END;
END;
"""

_V7_POSTGRES = """
CREATE OR REPLACE FUNCTION chatdesk_chat_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_live boolean := TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL;
    is_live boolean := TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL;
BEGIN
    IF is_live AND NOT was_live THEN
        INSERT INTO chat_count (user_id, live) VALUES (NEW.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET live = chat_count.live + 1;
    ELSIF was_live AND NOT is_live THEN
        UPDATE chat_count SET live = live - 1 WHERE user_id = OLD.user_id;
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS chat_count_change ON chat;

CREATE TRIGGER chat_count_change AFTER INSERT OR DELETE OR UPDATE OF deleted_at ON chat
FOR EACH ROW EXECUTE FUNCTION chatdesk_chat_count();
"""


def _v7_chat_list() -> None:
    """The chat list's order (pinned, updated, id; newest first) over live chats from an index,
    and its total from a count kept by triggers: before, every page sorted and counted all of
    a user's chats (74 ms a page at 20,000 chats)."""
    database.execute_sql(
        "CREATE INDEX IF NOT EXISTS chat_list ON chat "
        "(user_id, pinned DESC, updated_at DESC, id DESC) WHERE deleted_at IS NULL"
    )
    database.create_tables([ChatCount], safe=True)
    database.execute_sql("DELETE FROM chat_count")
    database.execute_sql(
        "INSERT INTO chat_count (user_id, live) SELECT user_id, COUNT(*) FROM chat "
        "WHERE deleted_at IS NULL GROUP BY user_id"
    )
    script = _V7_SQLITE if is_sqlite() else _V7_POSTGRES
    for statement in _statements(script):
        database.execute_sql(statement)


def _v8_change_log() -> None:
    """The change log other processes follow: a window shows what a CLI import or another
    server writes."""
    database.create_tables([ChangeLog], safe=True)


#: v9's key for legacy accounts (see :func:`_v9_username_keys`); frozen here, as the rule is.
V9_LEGACY_PREFIX = "\x01"
_V9_KEY_MAX = 256


def v9_username_key(name: str) -> str:
    """The key names are unique under from schema v9 on: NFKC, casefold, NFKC (frozen copy of
    ``chatdesk.services.validation.username_key``, which a test keeps equal)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def _v9_username_keys() -> None:
    """Usernames unique under NFKC + casefold (before: casefold only, so ``ａｌｉｃｅ`` and
    ``alice`` were two accounts). Every key is recomputed; nobody is locked out:

    * where several accounts now share a key, the one whose key it already was (else the
      oldest) takes it; each other keeps working under its exact name, with the key
      ``V9_LEGACY_PREFIX + username`` (the services look that key up first);
    * a name whose new key would not fit the column is kept the same way.

    Each account kept so is logged. Keys move through a temporary value, so the unique index
    never sees two equal keys on the way.
    """
    rows = run('SELECT id, username, username_key FROM "user" ORDER BY id').fetchall()
    wanted: dict[int, str] = {}
    by_key: dict[str, list[tuple[int, str, str]]] = {}
    for user_id, name, old in rows:
        new = v9_username_key(name)
        if len(new) > _V9_KEY_MAX:
            wanted[user_id] = V9_LEGACY_PREFIX + name
            log.warning("user %d keeps its exact name: its normalised name is too long", user_id)
            continue
        by_key.setdefault(new, []).append((user_id, name, old))
    for new, users in by_key.items():
        keeper = next((u for u in users if u[2] == new), users[0])
        for user_id, name, _old in users:
            wanted[user_id] = new if user_id == keeper[0] else V9_LEGACY_PREFIX + name
            if user_id != keeper[0]:
                log.warning(
                    "user %d is the same name as user %d under NFKC + casefold: it keeps "
                    "working under its exact name only",
                    user_id,
                    keeper[0],
                )
    changed = [(user_id, wanted[user_id]) for user_id, _name, old in rows if wanted[user_id] != old]
    for user_id, _key in changed:
        run('UPDATE "user" SET username_key = ? WHERE id = ?', (f"\x02{user_id}", user_id))
    for user_id, key in changed:
        run('UPDATE "user" SET username_key = ? WHERE id = ?', (key, user_id))


# Version 10 (SQLite): deleting a chat, or restoring it, no longer takes its messages out of the
# indexes or puts them back (each message cost a Python call of chatdesk_grams, 18 s for 5,000
# chats of 10 messages): its messages stay indexed, and their ids are listed in message_hidden
# while the chat is deleted; searches leave those out. A chat deleted for good (purge, cascade)
# still leaves the indexes, as any deleted message does. Indexed now means: every message not
# queued, whatever its chat's state.
_OF_CHAT = "FROM chat c WHERE c.id = {}.chat_id"
_HIDE_IF_DELETED = """
    INSERT OR IGNORE INTO message_hidden(id)
        SELECT {m}.id FROM chat c WHERE c.id = {m}.chat_id AND c.deleted_at IS NOT NULL;"""

# The messages of chats deleted before version 10: one statement per paragraph.
_INDEX_DELETED = index_sql(
    "m",
    "c.user_id",
    "FROM message m JOIN chat c ON c.id = m.chat_id WHERE c.deleted_at IS NOT NULL"
    + _NOT_QUEUED.format("m"),
).replace(";\n", ";\n\n")

_V10_SQLITE = f"""
CREATE TABLE IF NOT EXISTS message_hidden (id INTEGER PRIMARY KEY);

DELETE FROM message_hidden;

DROP TRIGGER IF EXISTS message_fts_ai;

DROP TRIGGER IF EXISTS message_fts_ad;

DROP TRIGGER IF EXISTS message_fts_au;

DROP TRIGGER IF EXISTS chat_fts_bd;

DROP TRIGGER IF EXISTS chat_fts_live;

DROP TRIGGER IF EXISTS chat_fts_owner;

DROP TRIGGER IF EXISTS chat_hide;

DROP TRIGGER IF EXISTS chat_unhide;

CREATE TRIGGER message_fts_ai AFTER INSERT ON message BEGIN
    INSERT OR IGNORE INTO message_fts_queue(id) VALUES (new.id);{_HIDE_IF_DELETED.format(m="new")}
END;

CREATE TRIGGER message_fts_ad AFTER DELETE ON message BEGIN{
    unindex_sql("old", "c.user_id", _OF_CHAT.format("old") + _NOT_QUEUED.format("old"))
}
    DELETE FROM message_fts_queue WHERE id = old.id;
    DELETE FROM message_hidden WHERE id = old.id;
END;

CREATE TRIGGER message_fts_au AFTER UPDATE OF content, chat_id ON message BEGIN{
    unindex_sql("old", "c.user_id", _OF_CHAT.format("old") + _NOT_QUEUED.format("old"))
}{index_sql("new", "c.user_id", _OF_CHAT.format("new") + _NOT_QUEUED.format("new"))}
    DELETE FROM message_hidden WHERE id = old.id;{_HIDE_IF_DELETED.format(m="new")}
END;

CREATE TRIGGER chat_fts_bd BEFORE DELETE ON chat BEGIN{
    unindex_sql(
        "m", "old.user_id", "FROM message m WHERE m.chat_id = old.id" + _NOT_QUEUED.format("m")
    )
}
END;

CREATE TRIGGER chat_fts_owner AFTER UPDATE OF user_id ON chat
WHEN old.user_id != new.user_id BEGIN{
    unindex_sql(
        "m", "old.user_id", "FROM message m WHERE m.chat_id = old.id" + _NOT_QUEUED.format("m")
    )
}{
    index_sql(
        "m", "new.user_id", "FROM message m WHERE m.chat_id = new.id" + _NOT_QUEUED.format("m")
    )
}
END;

CREATE TRIGGER chat_hide AFTER UPDATE OF deleted_at ON chat
WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL BEGIN
    INSERT OR IGNORE INTO message_hidden(id) SELECT m.id FROM message m WHERE m.chat_id = new.id;
END;

CREATE TRIGGER chat_unhide AFTER UPDATE OF deleted_at ON chat
WHEN old.deleted_at IS NOT NULL AND new.deleted_at IS NULL BEGIN
    DELETE FROM message_hidden WHERE id IN (SELECT m.id FROM message m WHERE m.chat_id = new.id);
END;
{_INDEX_DELETED}

INSERT INTO message_hidden(id)
    SELECT m.id FROM message m JOIN chat c ON c.id = m.chat_id WHERE c.deleted_at IS NOT NULL;
"""


def _v10_deleted_chats_stay_indexed() -> None:
    """SQLite: a chat's delete and restore cost a row per message in ``message_hidden``, with
    no re-indexing (see above); the messages of chats deleted before are indexed once here.
    PostgreSQL filters deleted chats in its queries already: nothing to do."""
    if is_sqlite():
        for statement in _statements(_V10_SQLITE):
            database.execute_sql(statement)


# Version 11 (PostgreSQL): chatdesk_grams without a PL/pgSQL loop over the characters (which
# grew its array one element at a time): the lower-cased text split into characters in C, and
# the characters and adjacent pairs taken by two set-returning queries over that array. The
# same elements but in another order (and no 0 for an empty text, a key no query has); a GIN
# index keeps only which keys a row holds, so the indexes built by the old function stay right
# as they are (tests/test_grams.py compares both functions on the server).
_V11_POSTGRES = f"""
CREATE OR REPLACE FUNCTION {GRAMS_FUNCTION}(t text) RETURNS int8[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST {PG_GRAMS_COST} AS $$
DECLARE
    s text[] := string_to_array(lower(t), NULL);
BEGIN
    RETURN ARRAY(
        SELECT ascii(c)::int8 FROM unnest(s) AS c WHERE ascii(c) NOT IN ({PG_GRAMS_BREAKS})
        UNION ALL
        SELECT ascii(a)::int8 * {PG_PAIR_BASE} + ascii(b)
        FROM unnest(s[1:cardinality(s) - 1], s[2:]) AS p(a, b)
        WHERE ascii(a) NOT IN ({PG_GRAMS_BREAKS}) AND ascii(b) NOT IN ({PG_GRAMS_BREAKS})
    );
END
$$;
"""


def _v11_postgres_grams_in_c() -> None:
    """PostgreSQL: a faster ``chatdesk_grams`` (see above); SQLite: nothing to do."""
    if is_postgres():
        database.execute_sql(_V11_POSTGRES.strip())


def _statements(script: str) -> list[str]:
    """The statements of a script: one per paragraph (statements are separated by blank lines)."""
    return [part.strip() for part in script.split("\n\n") if part.strip()]


#: Numbered migrations; ``MIGRATIONS[n - 1]`` brings the schema from version n-1 to n.
MIGRATIONS: list[Callable[[], None]] = [
    _v1_initial,
    _v2_search_index,
    _v3_index_after_commit,
    _v4_prompt_favorite_index,
    _v5_postgres_short_search,
    _v6_prompt_stars,
    _v7_chat_list,
    _v8_change_log,
    _v9_username_keys,
    _v10_deleted_chats_stay_indexed,
    _v11_postgres_grams_in_c,
]
SCHEMA_VERSION = len(MIGRATIONS)
#: Versions whose migration changes nothing on SQLite but the version stamp: a SQLite database
#: is not copied before them (the copy of a large file takes minutes and its size on disk).
SQLITE_UNCHANGED = frozenset({5, 11})


def current_version() -> int:
    if not database.table_exists(Meta._meta.table_name):
        return 0
    row = Meta.get_or_none(Meta.key == SCHEMA_KEY)
    return int(row.value) if row else 0


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite database consistently (safe while others write)."""
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def migrate() -> int:
    """Bring the schema to :data:`SCHEMA_VERSION`; returns the version found before."""
    found = current_version()
    if found > SCHEMA_VERSION:
        raise RuntimeError(
            f"this database has schema version {found}, newer than this ChatDesk knows "
            f"({SCHEMA_VERSION}); upgrade ChatDesk"
        )
    if found == SCHEMA_VERSION:
        return found
    path = sqlite_path()
    changes = set(range(found + 1, SCHEMA_VERSION + 1)) - SQLITE_UNCHANGED
    if found > 0 and path is not None and changes:
        stamp = utcnow().strftime("%Y%m%d-%H%M%S")
        backup = backup_sqlite(path, path.with_name(f"{path.name}.v{found}-{stamp}.bak"))
        log.info("backed up %s to %s before migrating", path, backup)
    with write_transaction(), advisory_lock("chatdesk-migrate"):
        version = current_version()  # another process may have migrated meanwhile
        for number in range(version + 1, SCHEMA_VERSION + 1):
            log.info("migrating schema to version %d", number)
            MIGRATIONS[number - 1]()
        Meta.insert(key=SCHEMA_KEY, value=str(SCHEMA_VERSION)).on_conflict(
            conflict_target=[Meta.key], update={Meta.value: str(SCHEMA_VERSION)}
        ).execute()
    return found
