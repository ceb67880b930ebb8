"""Version 13 (PostgreSQL): ``chatdesk_grams`` without a PL/pgSQL loop over the characters
(version 5's grew its array one element at a time): the lower-cased text split into characters
in C (``string_to_array(t, NULL)``), and the characters and adjacent pairs taken by two set
queries over that array. The same elements in another order (and no 0 for an empty text, a key
no query has); a GIN index keeps only which keys a row holds, so the indexes built by the old
function stay right as they are (``tests/store/test_grams.py`` compares both functions on the
server). About twice as fast a call; an import's server CPU barely moves, as the GIN upkeep is
most of it (docs/benchmarks-import.md). SQLite: nothing to do.
"""

from __future__ import annotations

from chatdesk.store.db import database, is_postgres
from chatdesk.store.fts import GRAMS_FUNCTION, PG_GRAMS_BREAKS, PG_GRAMS_COST, PG_PAIR_BASE

_V12_POSTGRES = f"""
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
$$
"""


def apply() -> None:
    if is_postgres():
        database.execute_sql(_V12_POSTGRES.strip())
