"""The search modes beside ``text`` (issue 25): ``meaning`` and ``hybrid``, and related chats.

``meaning`` ranks passages by the cosine of their vectors to the query's
(:func:`chatdesk.services.meaning.nearest`): one hit per message (or title), its best passage as
the snippet, at most :data:`MEANING_HITS`. The query's prefixes filter them as they filter text
hits. ``hybrid`` fuses the two lists by reciprocal rank (:data:`RRF_K`): every text hit is in it
(a hit found by its words is never lost; text hits past the fused head follow in their own
order), and meaning hits that text search missed are added. A query of prefixes alone lists
the chats they name in every mode.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chatdesk.services import embedder as embedders
from chatdesk.services import meaning, search, search_query
from chatdesk.services.accounts import AccountRef
from chatdesk.services.embedder import Embedder, ModelError
from chatdesk.services.errors import ServiceError
from chatdesk.store import database
from chatdesk.store.db import is_sqlite, stored_time

#: Meaning hits at most: past these, what is near is no longer about the query.
MEANING_HITS = 50
#: Reciprocal-rank fusion's constant (the usual 60).
RRF_K = 60
#: Text hits taken into the fusion; the rest follow.
FUSED_TEXT = 100
#: The length of a meaning hit's passage as shown.
PASSAGE_CHARS = 200
#: Related chats listed.
RELATED = 10


def _embedder() -> Embedder:
    worker = meaning.running()
    if worker is not None and worker.embedder is not None:
        return worker.embedder
    if worker is not None and worker.error:
        raise ServiceError(7001, detail=worker.error)
    try:
        return embedders.load()
    except ModelError as e:
        raise ServiceError(7001, detail=str(e)) from e


def _passage(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= PASSAGE_CHARS else line[: PASSAGE_CHARS - 1] + "…"


def meaning_hits(
    user: AccountRef,
    words: str,
    scope: search.Scope,
    limit: int = MEANING_HITS,
    *,
    exclude_chat: int | None = None,
    vector: Any = None,
) -> list[search.Hit]:
    """``user``'s hits nearest in meaning to ``words`` (or to ``vector``), best first."""
    model = _embedder()
    query = model.embed([words])[0] if vector is None else vector
    near = meaning.nearest(user.id, query, model.model, limit * 3, scope, exclude_chat=exclude_chat)
    best: dict[tuple[int, int | None], meaning.Near] = {}
    for n in near:
        best.setdefault((n.chat_id, n.message_id), n)
    chosen = list(best.values())[:limit]
    if not chosen:
        return []
    chat_ids = ", ".join(str(n.chat_id) for n in chosen)
    chats = {
        int(r[0]): r
        for r in database.execute_sql(
            f"SELECT id, chat_key, title, updated_at FROM chat WHERE id IN ({chat_ids})"
        ).fetchall()
    }
    message_ids = [n.message_id for n in chosen if n.message_id is not None]
    messages: dict[int, tuple[Any, ...]] = {}
    if message_ids:
        listed = ", ".join(str(i) for i in message_ids)
        messages = {
            int(r[0]): r
            for r in database.execute_sql(
                f"SELECT id, role, content, created_at FROM message WHERE id IN ({listed})"
            ).fetchall()
        }
    hits = []
    for n in chosen:
        chat = chats.get(n.chat_id)
        if chat is None:
            continue
        if n.message_id is None:
            text, role, when = str(chat[2]), search.TITLE_ROLE, chat[3]
        else:
            message = messages.get(n.message_id)
            if message is None:
                continue
            text, role, when = str(message[2])[n.start : n.stop], str(message[1]), message[3]
        hits.append(
            search.Hit(
                n.message_id,
                n.chat_id,
                str(chat[1]),
                str(chat[2]),
                role,
                _passage(text),
                stored_time(when),
            )
        )
    return hits


def find(
    user: AccountRef,
    parsed: search_query.Query,
    scope: search.Scope,
    mode: str,
    *,
    offset: int,
    limit: int,
    order: str,
    cap: int | None,
) -> search.Found:
    """A page of ``mode`` hits (``meaning`` or ``hybrid``) for a query with words."""
    found = meaning_hits(user, parsed.words, scope)
    if mode == "meaning":
        return search.Found(search._labelled(found[offset : offset + limit]), len(found))
    text = search.find(
        user,
        _query_text(parsed),
        offset=0,
        limit=max(FUSED_TEXT, offset + limit),
        order=order,
        cap=cap,
    )
    fused = fuse(text.hits, found)
    page = fused[offset : offset + limit]
    extra = len(fused) - len(text.hits)
    return search.Found(search._labelled(page), text.total + extra, text.exact)


def _query_text(parsed: search_query.Query) -> str:
    """The query as text mode reads it (the prefixes put back)."""
    out = [parsed.words]
    out += [f'folder:"{f}"' for f in parsed.folders]
    out += [f'tag:"{t}"' for t in parsed.tags]
    out += ["is:archived"] * parsed.archived + ["is:pinned"] * parsed.pinned
    if parsed.before is not None:
        out.append(f"before:{parsed.before.date().isoformat()}")
    if parsed.after is not None:
        out.append(f"after:{parsed.after.date().isoformat()}")
    out += [f'source:"{s}"' for s in parsed.sources]
    if parsed.kind != search_query.DEFAULT_KIND:
        out.append(f"in:{_IN_NAMES[parsed.kind]}")
    return " ".join(out)


#: The ``in:`` name of each kind (:data:`chatdesk.services.search_query.IN_KINDS`).
_IN_NAMES = {kind: name for name, kind in reversed(search_query.IN_KINDS.items())}


def fuse(text: list[search.Hit], near: list[search.Hit]) -> list[search.Hit]:
    """Reciprocal-rank fusion of text and meaning hits (one per chat and message); every text
    hit is kept."""
    score: dict[tuple[int, int | None], float] = {}
    hit: dict[tuple[int, int | None], search.Hit] = {}
    for ranked in (text, near):
        for rank, h in enumerate(ranked):
            key = (h.chat_id, h.message_id)
            score[key] = score.get(key, 0.0) + 1.0 / (RRF_K + rank + 1)
            hit.setdefault(key, h)  # a text hit keeps its highlighted snippet
    return [hit[k] for k in sorted(score, key=lambda k: -score[k])]


def related(user: AccountRef, chat_id: int, limit: int = RELATED) -> list[search.Hit]:
    """The chats nearest in meaning to chat ``chat_id`` (its title and first passages), one hit
    each (the passage that matched), nearest first."""
    model = _embedder()
    p = "?" if is_sqlite() else "%s"
    rows = database.execute_sql(
        f"SELECT k.vector FROM meaning_chunk k JOIN chat c ON c.id = k.chat_id "
        f"WHERE k.chat_id = {p} AND c.user_id = {p} AND k.model = {p} ORDER BY k.id LIMIT 64",
        [chat_id, user.id, model.model],
    ).fetchall()
    if not rows:
        return []
    raw = np.frombuffer(b"".join(bytes(r[0]) for r in rows), dtype=np.int8)
    vectors = raw.reshape(len(rows), -1).astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    centre = vectors.mean(axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-12)
    hits = meaning_hits(
        user, "", (("", []), ("", []), ("", [])), limit * 5, exclude_chat=chat_id, vector=centre
    )
    seen: set[int] = set()
    out = []
    for h in hits:
        if h.chat_id not in seen:
            seen.add(h.chat_id)
            out.append(h)
    return search._labelled(out[:limit])
