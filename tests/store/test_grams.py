"""grams() against the version it replaced: the same tokens, so the same index and hits."""

from __future__ import annotations

import operator
import random
import sqlite3

import pytest

from chatdesk.store.fts import GRAMS_TOKENIZER, _grams_slow, gram_char, grams


def _old_grams(text: str | None) -> str:
    """grams() as it was before tokens could repeat (frozen copy, schema v10)."""
    if not text:
        return ""
    flat = " ".join(text.split())
    if not flat or not flat.isprintable() or max(flat) > "\uffff":
        return _old_slow(text)
    chars = dict.fromkeys(flat)
    pairs = dict.fromkeys(map(operator.add, flat, flat[1:]))
    chars.pop(" ", None)
    for ch in chars:
        pairs.pop(ch + " ", None)
        pairs.pop(" " + ch, None)
    return " ".join([*chars, *pairs])


def _old_slow(text: str) -> str:
    seen: dict[str, None] = {}
    prev = ""
    for ch in text:
        if ch.isprintable() and not ch.isspace() and ch <= "\uffff":
            seen[ch] = None
            if prev:
                seen[prev + ch] = None
            prev = ch
        else:
            prev = ""
    return " ".join([*(t for t in seen if len(t) == 1), *(t for t in seen if len(t) == 2)])


#: Chinese, English, emoji (outside the BMP, and a ZWJ sequence), combining marks, wide and
#: invisible spaces, controls, full-width forms, symbols, RTL text.
ALPHABET = (
    "ab AZ 北京数据库，。！ \t\n\r\u200b\u200d\u00a0\u3000\x00\x7f"
    "e\u0301\u0308ñ\U0001f600\U0001f469\u200d\U0001f4bb♥€ＡＢ１مرحبا한국"
)


def _texts() -> list[str]:
    rng = random.Random(11)
    texts = ["", " ", "a", "北", "\u0301", "\U0001f600", "e\u0301", "a b", "aa", "北京 ab"]
    for _ in range(4_000):
        texts.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))))
    for _ in range(300):  # long, ordinary text: the fast path
        texts.append(
            " ".join("".join(rng.choice("北京数据库ab cdé，") for _ in range(6)) for _ in range(60))
        )
    return texts


def _tokens(index_text: str) -> set[str]:
    """The tokens ``message_grams``'s tokenizer makes of ``index_text``, from SQLite itself."""
    db = sqlite3.connect(":memory:")
    db.execute(
        f"CREATE VIRTUAL TABLE g USING fts5(grams, content='', detail='none', "
        f'tokenize="{GRAMS_TOKENIZER}")'
    )
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(g, 'row')")
    db.execute("INSERT INTO g(rowid, grams) VALUES (1, ?)", (index_text,))
    return {term for (term,) in db.execute("SELECT term FROM v")}


def test_same_tokens_as_before() -> None:
    for text in _texts():
        new, old = grams(text), _old_grams(text)
        assert set(new.split()) == set(old.split()), repr(text)


def test_the_index_sees_the_same_tokens() -> None:
    """What FTS5 indexes (its own tokenizer's view, case folded) is the same for both."""
    for text in _texts()[:600]:
        assert _tokens(grams(text)) == _tokens(_old_grams(text)), repr(text)


def test_rows_indexed_before_are_deleted_by_the_new_text() -> None:
    """A row indexed with the old text (databases from before) leaves the contentless index
    when told the new text, and the index holds exactly what the old one would."""
    texts = _texts()[:2_000]
    db = sqlite3.connect(":memory:")
    for name in ("old", "new"):
        db.execute(
            f"CREATE VIRTUAL TABLE {name} USING fts5(grams, content='', detail='none', "
            f'tokenize="{GRAMS_TOKENIZER}")'
        )
        db.execute(f"CREATE VIRTUAL TABLE {name}_v USING fts5vocab({name}, 'row')")
    rows = list(enumerate(texts, 1))
    db.executemany(
        "INSERT INTO old(rowid, grams) VALUES (?, ?)", [(i, _old_grams(t)) for i, t in rows]
    )
    db.executemany(
        "INSERT INTO new(rowid, grams) VALUES (?, ?)", [(i, _old_grams(t)) for i, t in rows]
    )
    gone = rows[::2]
    db.executemany(
        "INSERT INTO old(old, rowid, grams) VALUES ('delete', ?, ?)",
        [(i, _old_grams(t)) for i, t in gone],
    )
    db.executemany(
        "INSERT INTO new(new, rowid, grams) VALUES ('delete', ?, ?)",
        [(i, grams(t)) for i, t in gone],
    )
    db.commit()
    vocab = "SELECT term, doc FROM {}_v ORDER BY term"
    assert db.execute(vocab.format("new")).fetchall() == db.execute(vocab.format("old")).fetchall()
    for query in ("北", "北京", "a", "ab", "é", "♥"):
        match = "SELECT rowid FROM {0} WHERE {0} MATCH ? ORDER BY rowid"
        phrase = '"' + query + '"'
        assert (
            db.execute(match.format("new"), (phrase,)).fetchall()
            == db.execute(match.format("old"), (phrase,)).fetchall()
        )
    db.execute("INSERT INTO new(new) VALUES ('integrity-check')")  # raises if corrupt


@pytest.mark.parametrize("code", [0x20, 0x41, 0x301, 0x4E2D, 0x200B, 0x3000, 0xFFFD, 0x1F600])
def test_single_characters(code: int) -> None:
    ch = chr(code)
    assert (grams(ch) == ch) == gram_char(ch)
    assert set(grams(ch).split()) == set(_grams_slow(ch).split())


#: chatdesk_grams on PostgreSQL as schema v5 made it (frozen copy; schema v13 replaced it).
_OLD_PG_GRAMS = """
CREATE FUNCTION old_chatdesk_grams(t text) RETURNS int8[]
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    out int8[] := '{}';
    prev int8;
    code int8;
    c text;
BEGIN
    FOREACH c IN ARRAY regexp_split_to_array(lower(t), '') LOOP
        code := ascii(c);
        IF code IN (32, 9, 10, 13, 12, 11, 160, 12288) THEN
            prev := NULL;
        ELSE
            out := array_append(out, code);
            IF prev IS NOT NULL THEN
                out := array_append(out, prev * 1114112 + code);
            END IF;
            prev := code;
        END IF;
    END LOOP;
    RETURN out;
END
$$
"""


@pytest.mark.postgres
def test_postgres_grams_same_keys_as_before(pg_database_url: str) -> None:
    """Schema v13's chatdesk_grams gives the keys v5's gave (as a set: what GIN keeps), on
    varied text; only the empty text differs, by the key 0, which no query has."""
    from chatdesk.store import open_store
    from chatdesk.store.db import close_database, database
    from chatdesk.store.fts import GRAMS_FUNCTION, PG_GRAMS_BREAKS, PG_PAIR_BASE

    assert (PG_GRAMS_BREAKS, PG_PAIR_BASE) == ("32, 9, 10, 13, 12, 11, 160, 12288", 1114112)
    open_store(pg_database_url)
    try:
        database.execute_sql("DROP FUNCTION IF EXISTS old_chatdesk_grams(text)")
        database.execute_sql(_OLD_PG_GRAMS)
        texts = [t.replace("\x00", "") for t in _texts()[:1_500]]  # PostgreSQL text has no NUL
        texts += ["ÀÉÎ ÕÜ", "ǅ ǈ ß ẞ İ", "a\u0301\u0302", "\U0001f469\u200d\U0001f4bb", "x"]
        rows = database.execute_sql(
            f"SELECT t, {GRAMS_FUNCTION}(t), old_chatdesk_grams(t) FROM unnest(%s::text[]) AS t",
            (texts,),
        ).fetchall()
        assert len(rows) == len(texts)
        for text, new, old in rows:
            expected = set(old) - ({0} if text == "" else set())
            assert set(new) == expected, repr(text)
        assert database.execute_sql(f"SELECT {GRAMS_FUNCTION}(NULL)").fetchone()[0] is None
    finally:
        database.execute_sql("DROP FUNCTION IF EXISTS old_chatdesk_grams(text)")
        close_database()
