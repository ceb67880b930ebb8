"""Full-text index helpers shared by the schema (triggers) and the search service.

SQLite keeps two contentless FTS5 indexes over message content (schema v2 in
:mod:`chatdesk.store.migrations`), and one over chat titles. Since schema v3 a new message is
queued by its insert trigger and indexed in a batch after its commit (:mod:`chatdesk.store.indexer`;
every search catches up first); deletes, edits and chat deletes/restores update the indexes in
their own transaction, by triggers.

- ``message_fts``: the ``trigram`` tokenizer, for queries of 3 or more characters; any substring
  of 3+ characters is found, Chinese included. Its ``scope`` column holds ``<user_id>``, or
  ``<user_id:kind>`` for a reasoning or tool row (schema v22, :func:`scope_token`).
- ``message_grams``: every character and every pair of adjacent characters as a token
  (``detail=none``), for queries of 1 or 2 characters, which trigram cannot match, plus one
  token ``@@user_id`` (3+ characters, so never a gram), ``@@user_id:kind`` for a reasoning or
  tool row. The grams come from :func:`grams`,
  registered on every SQLite connection as the SQL function ``chatdesk_grams`` (see
  :func:`chatdesk.store.db.init_database`): a connection that writes messages without it fails
  with "no such function: chatdesk_grams".
- ``chat_fts``: trigrams of chat titles (external content on ``chat``).
- ``chat_grams`` (schema v23): the grams of chat titles, as ``message_grams`` (contentless, no
  owner token: a title hit is joined to its chat), for title hits of 1–2 characters.

The owner's token carries the message's kind (schema v22), so that a search of the visible
turns (the default) or of one kind (``in:reasoning``, ``in:tools``) is a match of the index
alone, never a read of each hit's row: a row is indexed as ``<7>`` / ``@@7`` when it is a
visible turn (``text``), as ``<7:reasoning>`` / ``@@7:reasoning`` when not. Neither token is a
substring (trigram) or an equal token (grams) of another.

PostgreSQL (schema v3) answers 3+ characters with pg_trgm GIN indexes, and 1–2 characters with
GIN indexes over the expressions ``chatdesk_grams(content)`` and ``chatdesk_grams(title)``: a
PL/pgSQL function giving every character and every pair of adjacent characters of the lower-cased
text as numbers (a character's code point ``a``; a pair ``a * PG_PAIR_BASE + b``), pairs never
spanning whitespace (:data:`PG_BREAK_CHARS`). ``chatdesk_gram(q)`` is the number of a 1–2
character ``lower(q)``, and ``q`` is in a text exactly when the text's grams hold it
(``chatdesk_grams(content) @> ARRAY[chatdesk_gram(q)]``), as ``ILIKE`` compares ``lower()`` of
both sides. PostgreSQL keeps an expression index in step with every write: no column, no trigger.

On SQLite, every message is indexed (once its queue entry is taken in), whatever its chat's
state; since schema v10 the ids of messages whose chat is deleted are listed in ``message_hidden``
(kept by triggers, one integer row per message, no re-indexing), so that deleting 10,000 chats
and undoing it costs seconds. A user's hits, and their number, come from the index, less the
hidden ids (a primary-key probe per hit, made only while some chat is deleted).
"""

from __future__ import annotations

import re
import sys
from array import array

#: How the owner is written in ``message_fts.scope`` and in ``message_grams``.
SCOPE_OPEN, SCOPE_CLOSE, USER_GRAM = "<", ">", "@@"

#: The SQL function name under which :func:`grams` is registered.
GRAMS_FUNCTION = "chatdesk_grams"

#: The tokenizer of ``message_grams``: every printable, non-space character is a token character,
#: so each space-separated gram stays one token. Case is folded; diacritics are kept (as the
#: trigram tokenizer of SQLite 3.40 does).
GRAMS_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* M* N* P* S*'"


#: PostgreSQL: the characters that ``chatdesk_grams`` leaves out and no pair spans. All are
#: whitespace to Python, so a stripped 1–2 character query never holds one.
PG_BREAK_CHARS = " \t\n\r\f\v\u00a0\u3000"
#: The code points of :data:`PG_BREAK_CHARS`, as an SQL list.
PG_GRAMS_BREAKS = ", ".join(str(ord(ch)) for ch in PG_BREAK_CHARS)
#: PostgreSQL: the function that gives the number of a 1–2 character query.
GRAM_KEY_FUNCTION = "chatdesk_gram"
#: One more than the highest code point: a pair of characters ``a b`` is ``a * PG_PAIR_BASE + b``.
PG_PAIR_BASE = 0x110000

#: The planner's cost of one ``chatdesk_grams`` call, in units of ``cpu_operator_cost``: about
#: 50 µs for a message of 120 characters, so that no plan computes it row by row when the index
#: can answer.
PG_GRAMS_COST = 1000


def pg_indexable_short(query: str) -> bool:
    """True when a 1–2 character ``query`` can be answered from the PostgreSQL grams indexes."""
    return 0 < len(query) <= 2 and not any(ch in PG_BREAK_CHARS for ch in query)


def gram_char(ch: str) -> bool:
    """True for a character that :func:`grams` indexes (and a short query may contain).

    Printable, not whitespace, in the Basic Multilingual Plane (SQLite's Unicode tables may
    not know newer characters beyond it, and would split a token there).
    """
    return ch.isprintable() and not ch.isspace() and ch <= "\uffff"


def grams(text: str | None) -> str:
    """The 1- and 2-character tokens of ``text``, space separated: every character, then every
    pair of adjacent characters.

    A character that :func:`gram_char` rejects breaks the text: no pair spans it. Tokens may
    repeat, and their order means nothing: ``message_grams`` has ``detail=none``, so it keeps
    only which tokens a row holds, and a repeated token is the same entry (a contentless index
    is told the same text again to delete a row, whatever order it comes in).

    Called once per message indexed (about 200 characters), so the common case makes no Python
    call per character (on the import bench's text, about 21 µs a message against 56 µs for the
    version before, which kept each token once, in order of first appearance): the
    text is checked printable and in the BMP in C, whitespace runs become one space
    (``str.split``), the characters are ``" ".join(flat)``, and the pairs are the text's UTF-32
    code units interleaved with its shifted self and a space, by array slices. A pair with the
    space in it tokenizes as its other character, already a token. Other text takes the
    character-by-character walk, :func:`_grams_slow`.
    """
    if not text:
        return ""
    flat = " ".join(text.split())
    if not flat.isprintable() or _ASTRAL.search(flat) is not None:
        return _grams_slow(text)
    if len(flat) < 2:
        return flat
    units = array("I", flat.encode(_UTF32))
    pairs = array("I", _SPACE) * (3 * (len(units) - 1))  # a, b, space; for every adjacent a b
    pairs[0::3] = units[:-1]
    pairs[1::3] = units[1:]
    return " ".join(flat) + " " + pairs.tobytes().decode(_UTF32)


#: A character outside the Basic Multilingual Plane (see :func:`gram_char`).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: One UTF-32 code unit of a space.
_SPACE = array("I", [ord(" ")])
assert _SPACE.itemsize == 4, "array('I') is not 32 bits here"
#: UTF-32 in the machine's byte order (the order of ``array``'s items).
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


def _grams_slow(text: str) -> str:
    """:func:`grams` one character at a time, for text holding odd characters."""
    seen: dict[str, None] = {}
    prev = ""
    for ch in text:
        if gram_char(ch):
            seen[ch] = None
            if prev:
                seen[prev + ch] = None
            prev = ch
        else:
            prev = ""
    chars = [t for t in seen if len(t) == 1]
    return " ".join([*chars, *(t for t in seen if len(t) == 2)])


def indexable_short(query: str) -> bool:
    """True when a 1–2 character ``query`` can be answered from ``message_grams``."""
    return 0 < len(query) <= 2 and all(gram_char(ch) for ch in query)


def phrase(query: str) -> str:
    """``query`` as one FTS5 string: its syntax characters (quotes, ``*``, ``-``, ``NEAR``,
    ``AND``, parentheses, colons) lose their meaning."""
    return '"' + query.replace('"', '""') + '"'


#: The kind of a visible turn (``message.kind``, schema v20), indexed under its owner alone.
TEXT_KIND = "text"
#: What separates the owner from a kind in the owner's token.
KIND_MARK = ":"


def _owner(user_id: int, kind: str) -> str:
    return str(user_id) if kind == TEXT_KIND else f"{user_id}{KIND_MARK}{kind}"


def scope_token(user_id: int, kind: str = TEXT_KIND) -> str:
    """``message_fts.scope`` of ``user_id``'s messages of ``kind``: ``<7>``, ``<7:tool>``."""
    return SCOPE_OPEN + _owner(user_id, kind) + SCOPE_CLOSE


def user_gram(user_id: int, kind: str = TEXT_KIND) -> str:
    """The owner's token in ``message_grams`` for messages of ``kind``: ``@@7``, ``@@7:tool``."""
    return USER_GRAM + _owner(user_id, kind)


def long_match(query: str, user_id: int, kind: str = TEXT_KIND, *, unkinded: bool = False) -> str:
    """The ``message_fts`` query for ``user_id``'s messages of ``kind`` containing ``query``
    (3+ chars); ``unkinded``: also the rows indexed before kinds were (schema v22, while
    :func:`chatdesk.store.indexer.rescoping`), under the owner alone, which the caller tells
    apart by their row."""
    owner = phrase(scope_token(user_id, kind))
    if unkinded and kind != TEXT_KIND:
        owner = f"({owner} OR {phrase(scope_token(user_id))})"
    return f"scope : {owner} AND content : {phrase(query)}"


def short_match(query: str, user_id: int, kind: str = TEXT_KIND, *, unkinded: bool = False) -> str:
    """The ``message_grams`` query for ``user_id``'s messages of ``kind`` containing ``query``
    (1–2 chars); ``unkinded`` as for :func:`long_match`."""
    owner = phrase(user_gram(user_id, kind))
    if unkinded and kind != TEXT_KIND:
        owner = f"({owner} OR {phrase(user_gram(user_id))})"
    return f"{owner} AND {phrase(query)}"


# SQLite: a message is in the indexes while its chat is live (not deleted), tagged with its owner
# (see chatdesk.store.fts), so that a user's hits are counted from the index alone.


def _kind_sql(m: str, kinds: bool, unkinded: bool) -> str:
    """SQL for what follows the owner in the owner's token of message ``m``: nothing before
    schema v22 (``kinds`` False), else :data:`KIND_MARK` and the kind for a reasoning or tool
    row; ``unkinded``: nothing for a row listed in ``message_fts_rescope`` either (indexed
    before v22)."""
    if not kinds:
        return "''"
    plain = f"{m}.kind = '{TEXT_KIND}'"
    if unkinded:
        plain += f" OR {m}.id IN (SELECT id FROM message_fts_rescope)"
    return f"CASE WHEN {plain} THEN '' ELSE '{KIND_MARK}' || {m}.kind END"


def index_sql(m: str, user: str, source: str, *, kinds: bool = False) -> str:
    """Index the messages ``m`` (an alias) of owner ``user`` that ``source`` (FROM …) yields;
    ``kinds`` (schema v22): under the owner and the message's kind (:func:`scope_token`)."""
    owner = f"{user} || {_kind_sql(m, kinds, False)}" if kinds else user
    grams = f"{GRAMS_FUNCTION}({m}.content) || ' {USER_GRAM}' || {owner}"
    return f"""
    INSERT INTO message_fts(rowid, content, scope)
        SELECT {m}.id, {m}.content, '{SCOPE_OPEN}' || {owner} || '{SCOPE_CLOSE}' {source};
    INSERT INTO message_grams(rowid, grams)
        SELECT {m}.id, {grams} {source};"""


def unindex_sql(m: str, user: str, source: str, *, kinds: bool = False) -> str:
    """The reverse of :func:`index_sql` (a contentless index must be told the values it indexed):
    with ``kinds``, a row still listed in ``message_fts_rescope`` was indexed under its owner
    alone."""
    owner = f"{user} || {_kind_sql(m, kinds, True)}" if kinds else user
    grams = f"{GRAMS_FUNCTION}({m}.content) || ' {USER_GRAM}' || {owner}"
    return f"""
    INSERT INTO message_fts(message_fts, rowid, content, scope)
        SELECT 'delete', {m}.id, {m}.content, '{SCOPE_OPEN}' || {owner} || '{SCOPE_CLOSE}' {source};
    INSERT INTO message_grams(message_grams, rowid, grams)
        SELECT 'delete', {m}.id, {grams} {source};"""
