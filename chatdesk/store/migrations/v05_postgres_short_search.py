"""Version 5 (PostgreSQL): GIN indexes of the 1-2 character grams of messages and chat titles."""

from __future__ import annotations

from chatdesk.store.db import is_postgres
from chatdesk.store.fts import (
    GRAM_KEY_FUNCTION,
    GRAMS_FUNCTION,
    PG_GRAMS_BREAKS,
    PG_GRAMS_COST,
    PG_PAIR_BASE,
)
from chatdesk.store.migrations._script import run_script

# PostgreSQL: pg_trgm extracts no trigram from a 1–2 character pattern, so such an ILIKE scans every
# message. A GIN index over the expression chatdesk_grams(content) answers them instead: every
# character and adjacent pair of the lower-cased text, each as a number (see chatdesk.store.fts).
# Numbers rather than text: GIN sorts and compares every key of every row, and text compares by
# the collation (strcoll), which made building the index twice as slow (docs/benchmarks-search.md).
# An expression index needs no column and no trigger: PostgreSQL
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


def apply() -> None:
    """PostgreSQL: GIN indexes of the 1–2 character grams of messages and chat titles, built
    from the rows already there. SQLite has had its own since version 2: nothing to do."""
    if is_postgres():
        run_script(_V5_POSTGRES)
