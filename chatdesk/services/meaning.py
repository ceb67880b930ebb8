"""Search by meaning (issue 25): chats cut into passages, embedded in the background, searched
through an in-process index over the stored vectors.

**Chunks.** A chat's title is one chunk; each user or assistant message is cut into passages of
at most :data:`CHUNK_CHARS` characters at a paragraph or sentence end (system and tool messages
and ``<think>`` blocks are left out; at most :data:`MAX_PARTS` passages a message, so a huge
message costs a bounded time). Each chunk is stored in ``meaning_chunk`` with its vector as int8
(512 bytes), the vector's signs as 64 bytes of bits, and the model's name and version.

**Queue.** Triggers (schema v19) queue a chat in ``meaning_queue`` when it is created or renamed
and when a message is added or edited; :func:`embed_queued` takes queued chats, embeds only the
passages whose text or model changed, writes them and takes the chat off the queue in one
transaction, and only if nothing re-queued it meanwhile (the row's ``stamp``). A kill at any
point loses nothing and embeds nothing twice: what was written stays, the rest is still queued.
The :class:`Worker` thread runs it with its own connection; an import only writes rows.

**Index.** :class:`Index` keeps every chunk's id, chat, owner and sign bits in numpy arrays (76
bytes a chunk: 76 MB at a million); a query ranks them all by Hamming distance, then re-ranks the
best :data:`CANDIDATES` by the exact cosine of their stored int8 vectors, read from the database
with the query's prefixes as SQL. The same code serves PostgreSQL (vectors in ``bytea``);
:func:`nearest` is the seam where pgvector would take over. Figures: docs/benchmarks-search.md.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from chatdesk.services import embedder as embedders
from chatdesk.services.embedder import Embedder, ModelError, Vectors
from chatdesk.store import database
from chatdesk.store.db import close_database, is_sqlite, write_transaction

log = logging.getLogger(__name__)

#: A passage's length in characters. The model averages its tokens, so a long passage blurs:
#: in messages of five topics the right topic's passage came first for 31 of 41 queries at 200
#: characters, 20 at 400, 12 at 800; and the cost is per token, so shorter passages cost no more
#: a character (docs/benchmarks-search.md).
CHUNK_CHARS = 200
#: Passages of one message at most (its first ``MAX_PARTS * CHUNK_CHARS`` characters, about a
#: second of embedding): a huge message cannot hold the queue for long.
MAX_PARTS = 48
#: The roles whose messages are embedded.
ROLES = ("user", "assistant")
#: Chunks embedded per call of the model: one batch holds the model's lock this long (~0.1 s).
BATCH = 16
#: Candidates re-ranked exactly after the bit-code pass (more with prefixes that filter by time):
#: recall@10 against an exact scan 0.91 with 400, 0.97 with 1,000, 0.98 with 2,000, at 12, 20
#: and 52 ms (100,000 chunks; docs/benchmarks-search.md).
CANDIDATES = 1000
#: A meaning hit needs at least this cosine: below it a passage is about something else.
MIN_SCORE = 0.2

_THINK = re.compile(r"<think(?:ing)?>.*?(?:</think(?:ing)?>|\Z)", re.DOTALL | re.IGNORECASE)
_BREAKS = ("\n\n", "\n", "。", "！", "？", ". ", "! ", "? ", "；", "; ", "，", ", ", " ")


def _ph() -> str:
    return "?" if is_sqlite() else "%s"


# --- chunks ---------------------------------------------------------------------------------


def passages(text: str, size: int = CHUNK_CHARS, most: int = MAX_PARTS) -> list[tuple[int, int]]:
    """``(start, stop)`` of the passages ``text`` is cut into: at most ``size`` characters each,
    ended at the last paragraph, sentence or word break in their second half; blank ones and
    ``<think>`` blocks left out; at most ``most`` of them."""
    masked = _THINK.sub(lambda m: " " * len(m.group(0)), text)
    out: list[tuple[int, int]] = []
    at, n = 0, len(masked)
    while at < n and len(out) < most:
        while at < n and masked[at].isspace():
            at += 1
        if at >= n:
            break
        stop = min(n, at + size)
        if stop < n:
            for mark in _BREAKS:
                cut = masked.rfind(mark, at + size // 2, stop)
                if cut >= 0:
                    stop = cut + len(mark)
                    break
        if masked[at:stop].strip():
            out.append((at, stop))
        at = stop
    return out


@dataclass(frozen=True)
class Chunk:
    message_id: int | None
    part: int
    start: int
    stop: int
    text: str

    def digest(self, model: str) -> str:
        return hashlib.blake2b(f"{model}\0{self.text}".encode(), digest_size=16).hexdigest()


def chat_chunks(title: str, messages: Sequence[tuple[int, str, str]]) -> list[Chunk]:
    """The chunks of a chat: its title, then each ``(id, role, content)`` message's passages."""
    out = [Chunk(None, 0, 0, len(title), _clean(title))] if title.strip() else []
    for message_id, role, content in messages:
        if role not in ROLES:
            continue
        for part, (a, b) in enumerate(passages(content)):
            out.append(Chunk(message_id, part, a, b, _clean(content[a:b])))
    return out


def _clean(text: str) -> str:
    """``text`` on one line, a lone surrogate (JSON allows them) as U+FFFD."""
    line = " ".join(text.split())
    return line.encode("utf-8", "replace").decode("utf-8") if not line.isascii() else line


def pack(vectors: Vectors) -> list[tuple[bytes, bytes]]:
    """Each vector as stored: int8 scaled to its largest component, and its sign bits."""
    peak = np.maximum(np.abs(vectors).max(axis=1, keepdims=True), 1e-12)
    q = np.rint(vectors / peak * 127).astype(np.int8)
    bits = np.packbits(vectors > 0, axis=1)
    return [(q[i].tobytes(), bits[i].tobytes()) for i in range(len(vectors))]


# --- the queue --------------------------------------------------------------------------------


def pending() -> int:
    """How many chats wait to be embedded."""
    return int(database.execute_sql("SELECT count(*) FROM meaning_queue").fetchone()[0])


def requeue_other_models(model: str) -> int:
    """Queue every chat with chunks of a model other than ``model`` (a change of model re-embeds);
    returns how many chats that is."""
    p = _ph()
    with write_transaction():
        cursor = database.execute_sql(
            "INSERT INTO meaning_queue (chat_id, stamp) SELECT DISTINCT chat_id, 0 "
            f"FROM meaning_chunk WHERE model <> {p} "
            "ON CONFLICT (chat_id) DO UPDATE SET stamp = meaning_queue.stamp + 1",
            [model],
        )
        return int(cursor.rowcount or 0)


def embed_queued(embedder: Embedder, budget: int = BATCH * 4) -> int:
    """Embed queued chats until about ``budget`` chunks are done or the queue is empty; returns
    how many chunks were embedded and chats finished (0: nothing was queued)."""
    done = 0
    p = _ph()
    while done < budget:
        row = database.execute_sql(
            f"SELECT chat_id, stamp FROM meaning_queue ORDER BY chat_id DESC LIMIT {p}", [1]
        ).fetchone()
        if row is None:
            break
        chat_id, stamp = int(row[0]), int(row[1])
        try:
            done += 1 + _embed_chat(embedder, chat_id, stamp, budget - done)
        except Exception:
            # one chat the model or the database cannot take must not stop the queue behind
            # it: it leaves the queue (what was written stays) until it changes again
            log.exception("chat %s cannot be embedded; skipped", chat_id)
            with write_transaction():
                _unqueue(chat_id, stamp)
            done += 1
    return done


def _embed_chat(embedder: Embedder, chat_id: int, stamp: int, budget: int) -> int:
    """Embed what chat ``chat_id`` lacks, up to ``max(budget, BATCH)`` chunks; once complete
    (and still at ``stamp``) take it off the queue. Returns the chunks embedded."""
    p = _ph()
    model = embedder.model
    found = database.execute_sql(f"SELECT title FROM chat WHERE id = {p}", [chat_id]).fetchone()
    if found is None:  # purged: its chunks went with it
        with write_transaction():
            _unqueue(chat_id, stamp)
        return 0
    messages = database.execute_sql(
        # a turn's text only: reasoning and tool rows (schema v20) are the model's workings
        f"SELECT id, role, content FROM message WHERE chat_id = {p} AND kind = 'text' ORDER BY id",
        [chat_id],
    ).fetchall()
    wanted = chat_chunks(str(found[0]), [(int(i), str(r), str(c)) for i, r, c in messages])
    del messages
    have = {
        (mid, part, digest): int(cid)
        for cid, mid, part, digest in database.execute_sql(
            f"SELECT id, message_id, part, digest FROM meaning_chunk WHERE chat_id = {p}",
            [chat_id],
        ).fetchall()
    }
    keep: set[int] = set()
    todo: list[tuple[Chunk, str]] = []
    for chunk in wanted:
        digest = chunk.digest(model)
        cid = have.get((chunk.message_id, chunk.part, digest))
        if cid is None:
            todo.append((chunk, digest))
        else:
            keep.add(cid)
    stale = [cid for cid in have.values() if cid not in keep]
    take = todo[: max(budget, BATCH)]
    rows: list[tuple[Any, ...]] = []
    for at in range(0, len(take), BATCH):
        part = take[at : at + BATCH]
        vectors = embedder.embed([c.text for c, _ in part])
        for (chunk, digest), (vec, code) in zip(part, pack(vectors), strict=True):
            rows.append(
                (
                    chat_id,
                    chunk.message_id,
                    chunk.part,
                    chunk.start,
                    chunk.stop,
                    digest,
                    model,
                    vec,
                    code,
                )
            )
    complete = len(take) == len(todo)
    with write_transaction():
        # the chat may have changed meanwhile: a removed message's chunks are gone (foreign key),
        # and a chunk of it must not be written
        alive = {
            int(r[0])
            for r in database.execute_sql(
                f"SELECT id FROM message WHERE chat_id = {p}", [chat_id]
            ).fetchall()
        }
        if stale and complete:
            for at in range(0, len(stale), 500):
                ids = ", ".join(str(i) for i in stale[at : at + 500])
                database.execute_sql(f"DELETE FROM meaning_chunk WHERE id IN ({ids})")
        insert = (
            "INSERT INTO meaning_chunk (chat_id, message_id, part, start, stop, digest, model, "
            f"vector, code) VALUES ({', '.join([p] * 9)})"
        )
        for row in rows:
            if row[1] is None or row[1] in alive:
                database.execute_sql(insert, list(row))
        if complete:
            _unqueue(chat_id, stamp)
    return len(rows)


def _unqueue(chat_id: int, stamp: int) -> None:
    p = _ph()
    database.execute_sql(
        f"DELETE FROM meaning_queue WHERE chat_id = {p} AND stamp = {p}", [chat_id, stamp]
    )


# --- the index --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Near:
    """A chunk near the query, with its cosine."""

    chunk_id: int
    chat_id: int
    message_id: int | None
    start: int
    stop: int
    score: float


class Index:
    """The bit codes of one model's chunks, loaded once and topped up with newer chunks before
    each query. Chunks deleted since are dropped at re-ranking; when more than half of the
    candidates are gone, the index is reloaded.

    The codes are held as eight rows of ``uint64`` (row k: the k-th 64 bits of every chunk), so
    the Hamming pass is eight passes over contiguous memory: 9 ms at a million chunks, against
    65 ms over a chunk-major array; the candidates are cut at a distance read from a histogram
    of the distances, not by a partial sort. The arrays grow by doubling."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.size = 0
        self._ids = np.zeros(0, dtype=np.int64)
        self._chats = np.zeros(0, dtype=np.int64)
        self._users = np.zeros(0, dtype=np.int32)
        self._codes = np.zeros((8, 0), dtype=np.uint64)
        self.last = 0

    @property
    def ids(self) -> npt.NDArray[np.int64]:
        return self._ids[: self.size]

    @property
    def chats(self) -> npt.NDArray[np.int64]:
        return self._chats[: self.size]

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self._ids, self._chats, self._users, self._codes))

    def _grow(self, need: int) -> None:
        cap = max(1024, len(self._ids))
        while cap < need:
            cap *= 2
        if cap == len(self._ids):
            return
        n = self.size
        for name in ("_ids", "_chats", "_users"):
            old = getattr(self, name)
            new = np.zeros(cap, dtype=old.dtype)
            new[:n] = old[:n]
            setattr(self, name, new)
        codes = np.zeros((8, cap), dtype=np.uint64)
        codes[:, :n] = self._codes[:, :n]
        self._codes = codes

    def refresh(self) -> None:
        """Take in the chunks written since the last call."""
        p = _ph()
        with self._lock:
            rows = database.execute_sql(
                "SELECT k.id, k.chat_id, c.user_id, k.code FROM meaning_chunk k "
                f"JOIN chat c ON c.id = k.chat_id WHERE k.id > {p} AND k.model = {p} "
                "ORDER BY k.id",
                [self.last, self.model],
            ).fetchall()
            if not rows:
                return
            n, at = len(rows), self.size
            self._grow(at + n)
            self._ids[at : at + n] = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
            self._chats[at : at + n] = np.fromiter((r[1] for r in rows), dtype=np.int64, count=n)
            self._users[at : at + n] = np.fromiter((r[2] for r in rows), dtype=np.int32, count=n)
            codes = np.frombuffer(b"".join(bytes(r[3]) for r in rows), dtype=np.uint64)
            self._codes[:, at : at + n] = codes.reshape(n, 8).T
            self.size = at + n
            self.last = int(self._ids[at + n - 1])

    def reload(self) -> None:
        with self._lock:
            self._reset()
        self.refresh()

    def candidates(
        self, user_id: int, query: Vectors, count: int, chats: set[int] | None = None
    ) -> npt.NDArray[np.int64]:
        """The ids of the ``count`` chunks of ``user_id`` (in ``chats``, when given) whose bits
        differ least from the query's signs (a few more on a tie), nearest first."""
        bits = np.packbits(query > 0).view(np.uint64)
        with self._lock:
            n = self.size
            ids, users, owners = self._ids[:n], self._users[:n], self._chats[:n]
            codes = self._codes[:, :n]
            if n == 0:
                return ids.copy()
            dist = np.bitwise_count(codes[0] ^ bits[0]).astype(np.uint16)
            for k in range(1, 8):
                dist += np.bitwise_count(codes[k] ^ bits[k])
            far = np.uint16(1024)  # beyond any distance (512 bits)
            dist[users != user_id] = far
            if chats is not None:
                allowed = np.fromiter(chats, dtype=np.int64, count=len(chats))
                dist[~np.isin(owners, allowed)] = far
            ids = ids.copy()
        counts = np.cumsum(np.bincount(dist, minlength=int(far) + 1)[: int(far)])
        if counts[-1] == 0:
            return ids[:0]
        cut = int(np.searchsorted(counts, min(count, int(counts[-1]))))
        best = np.flatnonzero(dist <= cut)
        found: npt.NDArray[np.int64] = ids[best[np.argsort(dist[best], kind="stable")]]
        return found


_indexes: dict[str, Index] = {}
_indexes_lock = threading.Lock()


def index_for(model: str) -> Index:
    with _indexes_lock:
        found = _indexes.get(model)
        if found is None:
            found = _indexes[model] = Index(model)
    return found


def forget_indexes() -> None:
    """Drop the loaded indexes (another database was opened, or a restore replaced it)."""
    with _indexes_lock:
        _indexes.clear()


Scope = tuple[tuple[str, list[Any]], tuple[str, list[Any]], tuple[str, list[Any]]]
_NO_SCOPE: Scope = (("", []), ("", []), ("", []))


def nearest(
    user_id: int,
    query: Vectors,
    model: str,
    limit: int,
    scope: Scope = _NO_SCOPE,
    chats: set[int] | None = None,
    exclude_chat: int | None = None,
) -> list[Near]:
    """The chunks of ``user_id``'s live chats nearest to ``query`` (one vector), best first,
    their cosine at least :data:`MIN_SCORE`; ``scope`` is what the query's prefixes add to the
    SQL (on the chat ``c``, a title's chat time, a message's time ``m.created_at``)."""
    index = index_for(model)
    index.refresh()
    count = CANDIDATES if not (scope[1][0] or scope[2][0]) else CANDIDATES * 4
    found = index.candidates(user_id, query, count, chats)
    if exclude_chat is not None and len(found):
        with index._lock:
            owners = index.chats[np.searchsorted(index.ids, found)]
        found = found[owners != exclude_chat]
    if not len(found):
        return []
    p = _ph()
    listed = ", ".join(str(int(i)) for i in found)
    (chat_sql, chat_args), (title_sql, title_args), (msg_sql, msg_args) = scope
    rows = database.execute_sql(
        # CROSS JOIN: SQLite starts from the candidates (by their ids), never from the user's
        # chats, which would read every chunk of the library (3 s at 100,000 chunks)
        "SELECT k.id, k.chat_id, k.message_id, k.start, k.stop, k.vector FROM meaning_chunk k "
        "CROSS JOIN chat c LEFT JOIN message m ON m.id = k.message_id "
        f"WHERE k.id IN ({listed}) AND c.id = k.chat_id AND c.user_id = {p} "
        f"AND c.deleted_at IS NULL{chat_sql} "
        f"AND ((k.message_id IS NULL{title_sql}) OR (k.message_id IS NOT NULL{msg_sql}))",
        [user_id, *chat_args, *title_args, *msg_args],
    ).fetchall()
    if len(rows) * 2 < len(found) and not scope[0][0] and chats is None:
        index.reload()  # many chunks were deleted since the index was loaded
    if not rows:
        return []
    vectors = np.frombuffer(b"".join(bytes(r[5]) for r in rows), dtype=np.int8)
    vectors = vectors.reshape(len(rows), -1).astype(np.float32)
    scores = vectors @ query / np.maximum(np.linalg.norm(vectors, axis=1), 1e-12)
    order = np.argsort(-scores, kind="stable")
    out = []
    for i in order[: max(limit, 0)]:
        if scores[i] < MIN_SCORE:
            break
        cid, chat_id, mid, a, b, _ = rows[i]
        out.append(
            Near(
                int(cid),
                int(chat_id),
                None if mid is None else int(mid),
                int(a),
                int(b),
                float(scores[i]),
            )
        )
    return out


# --- the worker -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """What the health check and the status bar say."""

    #: The model loaded and nothing waits.
    ready: bool
    #: Chats waiting to be embedded.
    pending: int
    #: ``name@version`` once loaded, else the name asked for.
    model: str
    #: How much of the library is embedded, 0–100.
    percent: int
    paused: bool = False
    #: Why the model is not there, if it is not.
    error: str = ""


class Worker:
    """A daemon thread that embeds the queue, with its own connection: never the GUI thread,
    never an import's transaction. :meth:`pause` stops it between batches."""

    def __init__(self, model: str | None = None, interval: float = 1.0) -> None:
        self.name = model or embedders.model_name()
        self.interval = interval
        self.embedder: Embedder | None = None
        self.error = ""
        self._stop = threading.Event()
        self._paused = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chatdesk-meaning", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def pause(self, paused: bool = True) -> None:
        if paused:
            self._paused.set()
        else:
            self._paused.clear()
            self._wake.set()

    @property
    def paused(self) -> bool:
        return self._paused.is_set()

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        try:
            try:
                self.embedder = embedders.load(self.name)
                requeue_other_models(self.embedder.model)
            except ModelError as e:
                self.error = str(e)
                log.warning("search by meaning is off: %s", e)
                return
            index = index_for(self.embedder.model)
            while not self._stop.is_set():
                did = 0
                if not self._paused.is_set():
                    try:
                        did = embed_queued(self.embedder)
                        index.refresh()  # here, so that no search waits for it to load
                    except Exception:  # the next round retries
                        log.exception("embedding failed")
                        time.sleep(self.interval)
                if not did:
                    self._wake.wait(self.interval)
                    self._wake.clear()
        finally:
            close_database()


def status(worker: Worker | None = None) -> Status:
    """The state of search by meaning in this process (``worker``: the running one, if any)."""
    worker = worker or running()
    waiting = pending()
    chats = int(database.execute_sql("SELECT count(*) FROM chat").fetchone()[0])
    percent = 100 if not chats else max(0, min(100, int(100 * (chats - waiting) / chats)))
    if worker is None:
        return Status(False, waiting, embedders.model_name(), percent)
    model = worker.embedder.model if worker.embedder is not None else worker.name
    ready = worker.embedder is not None and waiting == 0
    return Status(ready, waiting, model, percent, worker.paused, worker.error)


def health() -> tuple[bool, int, str]:
    """What ``GET health`` says: ready (the model loaded and nothing waits), chats waiting, the
    model; one count, for a check that may be polled often."""
    worker = running()
    waiting = pending()
    if worker is None:
        return False, waiting, embedders.model_name()
    model = worker.embedder.model if worker.embedder is not None else worker.name
    return worker.embedder is not None and waiting == 0, waiting, model


_worker_lock = threading.Lock()
_worker: Worker | None = None


#: Set to 1, no embedding worker starts (search by meaning finds what is already embedded):
#: for a machine that cannot spare the model's memory, and for the window tests.
OFF_ENV = "CHATDESK_MEANING_OFF"


def ensure_worker(model: str | None = None) -> Worker | None:
    """Start this process's embedding worker unless it runs (with ``model``, default
    :func:`chatdesk.services.embedder.model_name`); None when :data:`OFF_ENV` says so."""
    global _worker
    if os.environ.get(OFF_ENV, "") == "1":
        return None
    with _worker_lock:
        if _worker is None:
            _worker = Worker(model)
            _worker.start()
        return _worker


def running() -> Worker | None:
    return _worker


def stop_worker() -> None:
    """Stop this process's worker, if any (at exit, or before the database is replaced)."""
    global _worker
    with _worker_lock:
        worker, _worker = _worker, None
    if worker is not None:
        worker.stop()
    forget_indexes()
