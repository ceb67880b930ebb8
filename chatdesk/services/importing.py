"""Importing chat exports into a user's history.

Conversations are written in batches: one transaction holds up to :data:`BATCH_MESSAGES`
messages, and each conversation sits in its own savepoint inside it, so a malformed one is
reported and rolled back alone while the others land, and a cancelled import (or one whose
input breaks off) commits what it finished. The hot path is prepared SQL (``executemany`` for
messages), not Peewee query building, and the full-text index is brought up to date in bulk
every :data:`INDEX_EVERY` messages and at the end, so it is complete when :func:`import_chats`
returns; on SQLite with FTS5's incremental merging off meanwhile and temporary storage in files
(:func:`chatdesk.store.indexer.bulk`). A second import of the
same export adds nothing: chats match on (user, source, source id), messages on their source id
within the chat; a conversation that grew since gains its new turns.

Qt-free and print-free: a GUI passes ``progress`` (called after every conversation) and
``cancel`` (checked before every conversation, e.g. ``threading.Event().is_set``), runs the call
on a worker thread, and closes that thread's connection when done
(:func:`chatdesk.store.db.close_database`).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import hashlib
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import peewee as pw

from chatdesk.importers import (
    PARSERS,
    PROMPT_FORMATS,
    Detected,
    ImportedChat,
    ImportedMessage,
    InputError,
    Member,
    Skipped,
    detect,
    members,
    native,
    opened,
    read_chats,
    read_library,
)
from chatdesk.importers.detect import EMPTY, chat_formats
from chatdesk.importers.model import KINDS, TEXT, TOOL, clean, model_name, read_detail
from chatdesk.services.accounts import AccountRef
from chatdesk.services.chats import FullMessage, append_messages
from chatdesk.services.errors import ServiceError
from chatdesk.services.events import Change, publish
from chatdesk.services.organize_io import Organizer, Placement
from chatdesk.services.search import title_echoes
from chatdesk.services.validation import CHAT_KEY_MAX, fit_content, strip_controls
from chatdesk.services.validation import chat_key as validate_key
from chatdesk.store import database, write_transaction
from chatdesk.store.db import is_postgres, run, stored_time
from chatdesk.store.indexer import bulk, catch_up
from chatdesk.store.models import Chat, Message, utcnow

__all__ = ["ImportProgress", "ImportReport", "InputError", "import_chats", "input_kind"]

#: The length of ``Chat.source_id`` and ``Message.source_id``.
ID_MAX = 255
#: Messages a transaction holds at most (one savepoint per conversation inside it): large
#: enough that commits cost little, small enough to hold the writer lock for well under a second.
BATCH_MESSAGES = 5_000
#: ... and is open this long at most, so that other writers (the GUI, the API) wait little and
#: an open window shows the chats imported so far (each commit announces them).
BATCH_SECONDS = 0.25
#: Messages imported between two runs of the full-text indexer, which indexes them in one
#: transaction (chatdesk.store.indexer): FTS5 writes one segment per run.
INDEX_EVERY = 50_000


@dataclass(frozen=True)
class ImportProgress:
    """``done`` of ``total`` input bytes read; ``conversations`` handled so far."""

    done: int
    total: int
    conversations: int


ProgressFn = Callable[[ImportProgress], None]
CancelFn = Callable[[], bool]


@dataclass
class ImportReport:
    """What an import did. ``skipped`` names each conversation left out, and why."""

    formats: list[str] = field(default_factory=list)
    #: Conversations found per format (source name), read or skipped: "DeepSeek: 212".
    per_format: dict[str, int] = field(default_factory=dict)
    conversations: int = 0
    chats_added: int = 0
    chats_updated: int = 0
    unchanged: int = 0
    #: Conversations that came earlier in the same input (the same source and id): nothing
    #: new, and not "already imported" either (issue 21, item 13).
    repeated: int = 0
    messages_added: int = 0
    #: Messages longer than validation.CONTENT_MAX, cut with a note at their end.
    messages_cut: int = 0
    #: Stray control characters taken out of messages (validation.strip_controls).
    controls_removed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    cancelled: bool = False


def found_by_format(report: ImportReport) -> list[tuple[str, int]]:
    """What an import found, per format, as a person names it: ("DeepSeek", 212), …"""
    from chatdesk.importers.registry import label

    return [(label(fmt), n) for fmt, n in sorted(report.per_format.items())]


def input_kind(path: Path) -> str:
    """``"chats"`` or ``"prompts"``: what the file at ``path`` holds. Raises InputError."""
    first = members(path)[0]
    with opened(first) as stream:
        found = detect(first.name, stream)
    return "prompts" if found.format in PROMPT_FORMATS else "chats"


def _detect_all(items: list[Member]) -> tuple[list[Member], list[Detected], list[Skipped]]:
    """Each member's format. Of an input of several files (a folder, a zip of many chats), a
    file that cannot be read is skipped and named and the others import; a single file that
    cannot be read refuses the import (InputError), as does a prompt collection."""
    kept: list[Member] = []
    found: list[Detected] = []
    skipped: list[Skipped] = []
    first_error: InputError | None = None
    for member in items:
        try:
            with opened(member) as stream:
                detected = detect(member.name, stream)
        except InputError as exc:
            if len(items) == 1:
                raise
            first_error = first_error or exc
            skipped.append(Skipped(member.name, str(exc)))
            continue
        if detected.format not in (*chat_formats(), EMPTY):
            raise InputError(
                f"{member.name}: a prompt collection, not chats (import it as prompts)",
                "prompts_not_chats",
                name=member.name,
            )
        kept.append(member)
        found.append(detected)
    if not kept and first_error is not None:
        raise first_error
    return kept, found, skipped


def import_chats(
    user: AccountRef,
    path: Path,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportReport:
    """Import the chats at ``path``: a file, folder or zip of any format
    :mod:`chatdesk.importers` reads.

    Raises:
        InputError: the input cannot be read (missing, unknown format, broken JSON). Whatever
            was imported before a break in the JSON stays imported.
    """
    items = members(path)
    items, found, unreadable = _detect_all(items)
    report = ImportReport(formats=sorted({f.format for f in found if f.format != EMPTY}))
    report.skipped += unreadable
    organizer = Organizer(user, read_library(path, items, found))
    with bulk():
        organizer.prepare(report.skipped)
        _import_all(user, items, found, report, progress, cancel, organizer)
    return report


def _import_all(
    user: AccountRef,
    items: list[Member],
    found: list[Detected],
    report: ImportReport,
    progress: ProgressFn | None,
    cancel: CancelFn | None,
    organizer: Organizer | None = None,
) -> None:
    total = sum(m.size for m in items)
    done = 0

    def count(nbytes: int) -> None:
        nonlocal done
        done += nbytes

    batch = _Batch()
    indexed_at = 0
    seen: set[tuple[str, str]] = set()  # the conversations of this input so far
    try:
        for member, detected in zip(items, found, strict=True):
            try:
                with opened(member, count) as stream:
                    for item in read_chats(member.name, stream, detected, member):
                        if cancel is not None and cancel():
                            report.cancelled = True
                            break
                        report.conversations += 1
                        report.per_format[detected.format] = (
                            report.per_format.get(detected.format, 0) + 1
                        )
                        if isinstance(item, Skipped):
                            report.skipped.append(item)
                        else:
                            before = report.messages_added
                            batch.open()
                            _import_one(user, item, report, organizer, seen)
                            batch.added(report.messages_added - before)
                        if report.messages_added - indexed_at >= INDEX_EVERY:
                            batch.commit()
                            catch_up(INDEX_EVERY)
                            indexed_at = report.messages_added
                        if progress is not None:
                            progress(ImportProgress(min(done, total), total, report.conversations))
            except InputError as exc:
                # of an input of several files, one that breaks off or is refused while it is
                # read is named and the others import, as one that cannot be detected is; what
                # it gave before the break stays imported
                if len(items) == 1:
                    raise
                batch.commit()
                report.skipped.append(Skipped(member.name, str(exc)))
            if report.cancelled:
                break
    except BaseException as exc:
        if isinstance(exc, InputError):
            batch.commit()  # what was read before the break stays imported
        else:
            batch.rollback()
        raise
    batch.commit()
    catch_up(INDEX_EVERY)
    if progress is not None and not report.cancelled:
        progress(ImportProgress(total, total, report.conversations))


class _Batch:
    """The open transaction of an import: conversations are added in savepoints until it holds
    :data:`BATCH_MESSAGES` messages, then it commits and the next one opens."""

    def __init__(self) -> None:
        self._stack: contextlib.ExitStack | None = None
        self.messages = 0
        self._opened = 0.0

    def open(self) -> None:
        """Open the batch's transaction unless it is open (each conversation then takes a
        savepoint in it: :func:`_import_one`)."""
        if self._stack is None:
            stack = contextlib.ExitStack()
            stack.enter_context(write_transaction())
            self._stack = stack
            self._opened = time.monotonic()
            if is_postgres():
                # A crash may lose the last few commits (never corrupt); re-importing restores them.
                database.execute_sql("SET LOCAL synchronous_commit TO OFF")

    def added(self, messages: int) -> None:
        self.messages += messages
        if self.messages >= BATCH_MESSAGES or time.monotonic() - self._opened >= BATCH_SECONDS:
            self.commit()

    def commit(self) -> None:
        stack, self._stack, self.messages = self._stack, None, 0
        if stack is not None:
            stack.close()

    def rollback(self) -> None:
        stack, self._stack, self.messages = self._stack, None, 0
        if stack is not None:
            stack.__exit__(RuntimeError, RuntimeError("import failed"), None)


def _fit(value: str) -> str:
    """An id that fits its column and UTF-8; any other is replaced by its (stable) hash."""
    if len(value) <= ID_MAX and clean(value) == value:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def _fitted(chat: ImportedChat) -> ImportedChat:
    if _fit(chat.source_id) == chat.source_id and all(
        _fit(m.source_id) == m.source_id for m in chat.messages
    ):
        return chat
    messages = [replace(m, source_id=_fit(m.source_id)) for m in chat.messages]
    return replace(chat, source_id=_fit(chat.source_id), messages=messages)


def _driver_errors(name: str) -> tuple[type[Exception], ...]:
    """Peewee's wrapped error ``name`` (IntegrityError, DataError) and the drivers' own: rows
    written by ``executemany`` on the raw cursor raise those."""
    errors: list[type[Exception]] = [getattr(pw, name), getattr(sqlite3, name)]
    with contextlib.suppress(ImportError):
        import psycopg2

        errors.append(getattr(psycopg2, name))
    return tuple(errors)


_INTEGRITY_ERRORS = _driver_errors("IntegrityError")
#: What writing one conversation may raise for its data: it is skipped, not the import.
_WRITE_ERRORS: tuple[type[Exception], ...] = (
    ServiceError,
    *_INTEGRITY_ERRORS,
    *_driver_errors("DataError"),
)


def _cleaned(chat: ImportedChat, report: ImportReport) -> ImportedChat:
    """``chat`` as it is stored, whatever its importer: ids that fit (:func:`_fitted`), no stray
    control characters in its messages, each message within validation.CONTENT_MAX (cut with
    a note); what was taken or cut is counted in ``report``."""
    chat = _fitted(chat)
    messages = []
    changed = False
    for message in chat.messages:
        content, controls = strip_controls(message.content)
        content, cut = fit_content(content)
        if controls or cut:
            report.controls_removed += controls
            report.messages_cut += cut
            message = replace(message, content=content)
            changed = True
        fitted = _fitted_extras(message)
        if fitted is not message:
            message, changed = fitted, True
        messages.append(message)
    return replace(chat, messages=messages) if changed else chat


def _fitted_extras(message: ImportedMessage) -> ImportedMessage:
    """``message`` with a known kind (an unknown one is kept as text), a model name that fits
    its column, and a tool input within validation.CONTENT_MAX (cut with a note)."""
    kind = message.kind if message.kind in KINDS else TEXT
    model = model_name(message.model) if message.model is not None else None
    given = message.tool_input
    if given:
        given = fit_content(strip_controls(given)[0])[0]
    if (kind, model, given) == (message.kind, message.model, message.tool_input):
        return message
    return replace(message, kind=kind, model=model, tool_input=given)


def _repeated_id(chat: ImportedChat) -> str | None:
    """A message id that two messages of ``chat`` share, if any (the input is damaged: which
    of them is the message is anyone's guess)."""
    seen: set[str] = set()
    for message in chat.messages:
        if message.source_id in seen:
            return message.source_id
        seen.add(message.source_id)
    return None


def _import_one(
    user: AccountRef,
    raw: ImportedChat,
    report: ImportReport,
    organizer: Organizer | None = None,
    seen: set[tuple[str, str]] | None = None,
) -> None:
    """Write one conversation in a savepoint (of the batch's transaction, or its own); a chat
    it adds is filed where the export says (folder, tags, archive: ``organizer``), and one it
    cannot write or file is reported, with nothing of it kept. ``seen`` holds the
    conversations of the input before this one: one of them again is counted as repeated."""
    chat = _cleaned(raw, report)
    repeated = _repeated_id(chat)
    if repeated is not None:
        reason = f"two of its messages have the same id ({repeated[:80]!r}): the file is damaged"
        report.skipped.append(Skipped(_label(chat), reason))
        return
    try:
        with write_transaction():  # nested: a savepoint
            outcome, added = _write(user, chat, organizer)
    except _WRITE_ERRORS as exc:
        if organizer is not None:
            organizer.forget()  # the folders and tags the savepoint made are gone with it
        if isinstance(exc, ServiceError):  # its folder or tags
            reason = f"its filing: {exc.message('en')}"
        elif isinstance(exc, _INTEGRITY_ERRORS):
            reason = f"conflicts with a stored chat: {exc}"
        else:
            reason = f"the database refused it: {exc}"
        report.skipped.append(Skipped(_label(chat), reason))
        return
    report.messages_added += added
    key = (chat.source, chat.source_id)
    if outcome == "added":
        report.chats_added += 1
    elif outcome == "updated":
        report.chats_updated += 1
    elif seen is not None and key in seen:
        report.repeated += 1
    else:
        report.unchanged += 1
    if seen is not None:
        seen.add(key)


def _label(chat: ImportedChat) -> str:
    return f"{chat.title[:80]!r} ({chat.source_id})"


def chat_key(source: str, source_id: str) -> str:
    """The imported chat's ``chat_key``: ``source:id``, or a hash of it when too long or odd."""
    key = f"{source}:{source_id}"
    if len(key) <= CHAT_KEY_MAX and key.isprintable():
        return key
    return f"{source}:{hashlib.sha256(source_id.encode('utf-8')).hexdigest()}"


_FIND = (
    'SELECT id, deleted_at, updated_at FROM "chat" WHERE user_id = ? AND source = ? '
    "AND source_id = ?"
)
# The chat's count, preview and time come with its messages (chats.append_messages).
_INSERT_CHAT = (
    'INSERT INTO "chat" (user_id, chat_key, title, created_at, updated_at, message_count, '
    "last_preview, pinned, source, source_id, title_echo, folder_id, archived_at, detail) "
    "VALUES (?, ?, ?, ?, ?, 0, '', ?, ?, ?, ?, ?, ?, ?) RETURNING id"
)
_STORED_IDS = 'SELECT id, source_id FROM "message" WHERE chat_id = ? ORDER BY id'


def _find(user: AccountRef, chat: ImportedChat) -> tuple[int, object, dt.datetime] | None:
    """The stored chat ``chat`` is (id, deleted_at, updated_at), or None; inside the transaction.

    A chat matches on (source, source id). A chat made in ChatDesk comes back from its export
    with the source ``chatdesk`` and its ``chat_key`` as id: in the account it was made in, it
    is the chat that still has that key and no source, and the same first message (another
    account's chat that merely uses the same key is left alone: see :func:`_same_chat`).
    """
    row = run(_FIND, (user.id, chat.source, chat.source_id)).fetchone()
    found: tuple[int, object, dt.datetime] | None = (
        None if row is None else (row[0], row[1], stored_time(row[2]))
    )
    if found is None and chat.source == native.SOURCE and chat.chat_key == chat.source_id:
        found = (
            Chat.select(Chat.id, Chat.deleted_at, Chat.updated_at)
            .where(Chat.user == user.id, Chat.chat_key == chat.chat_key, Chat.source.is_null())
            .tuples()
            .first()
        )
        if found is not None and not _same_chat(found[0], chat):
            found = None
    return found


def _same_chat(chat_id: int, chat: ImportedChat) -> bool:
    """Whether the stored chat ``chat_id`` is the one ``chat`` was exported from: the same first
    message (its export id and text), or, where either has none, the same title."""
    first = (
        Message.select(Message.id, Message.source_id, Message.content)
        .where(Message.chat == chat_id)
        .order_by(Message.id)
        .first()
    )
    if first is None or not chat.messages:
        return bool(Chat.select().where(Chat.id == chat_id, Chat.title == chat.title).exists())
    [export_id] = native.message_ids([(first.id, first.source_id)])
    return export_id == chat.messages[0].source_id and first.content == chat.messages[0].content


def _new_key(user: AccountRef, chat: ImportedChat) -> str:
    """The key a new chat gets: the one it had where it was exported, when it is a valid key
    and free in this account (a deleted chat's key is free, as for ``add_chat``), else
    ``source:id``."""
    wanted = chat.chat_key
    if wanted is not None:
        try:
            wanted = validate_key(wanted)
        except ServiceError:
            wanted = None
    if wanted is not None:
        holder = (
            Chat.select(Chat.id, Chat.deleted_at)
            .where(Chat.user == user.id, Chat.chat_key == wanted)
            .tuples()
            .first()
        )
        if holder is None:
            return wanted
        if holder[1] is not None:
            Chat.delete().where(Chat.id == holder[0]).execute()
            return wanted
    return chat_key(chat.source, chat.source_id)


def _write(
    user: AccountRef, chat: ImportedChat, organizer: Organizer | None = None
) -> tuple[str, int]:
    """Store one conversation (in the caller's savepoint); returns (added|updated|unchanged,
    messages added). A chat it adds is filed where the export says (``organizer``), with its
    row: a chat stored already keeps the filing the person gave it."""
    now = utcnow()
    found = _find(user, chat)
    if found is not None and found[1] is not None:
        Chat.delete().where(Chat.id == found[0]).execute()  # like add_chat: its id is free
        found = None
    fallback = chat.created_at or now
    if found is None:
        new, outcome = chat.messages, "added"
        stored_update = created = chat.created_at or now
    else:
        chat_id, _, stored_update = found
        new, outcome = _new_messages(chat_id, chat), "updated"
        grown = _regrown(chat_id, chat) if _grows(chat.source) else 0
        if not new and not grown:
            return "unchanged", 0
        if not new:
            _set_project(chat_id, chat)
            publish(Change("message", user.id, chat_id))
            return "updated", 0
    times = [m.created_at or fallback for m in new]
    latest = max([chat.updated_at or stored_update, *times])
    if found is None:
        placement = organizer.place(chat) if organizer is not None else Placement()
        values = (
            user.id,
            _new_key(user, chat),
            chat.title,
            created,
            chat.updated_at or created,
            chat.pinned,
            chat.source,
            chat.source_id,
            bool(new) and title_echoes(chat.title, new[0].content),
            placement.folder_id,
            placement.archived_at,
            chat.detail_text(),
        )
        chat_id = int(run(_INSERT_CHAT, values).fetchone()[0])
        Organizer.tag(chat_id, placement)
        _set_project(chat_id, chat)
    else:
        latest = max(latest, stored_update)
        _set_project(chat_id, chat)
    messages: list[FullMessage] = [
        (m.role, m.content, t, m.source_id, m.kind, m.model, m.detail())
        for m, t in zip(new, times, strict=True)
    ]
    if found is not None:
        messages = _interleaved(chat_id, chat, messages)
    append_messages(chat_id, messages, latest)
    publish(Change("chat" if outcome == "added" else "message", user.id, chat_id))
    return outcome, len(new)


def _grows(source: str) -> bool:
    """Whether ``source``'s messages may grow under the same id (a coding agent's session read
    while the agent writes it: its module says ``GROWS = True``)."""
    module = PARSERS.get(source)
    return bool(getattr(module, "GROWS", False))


_STORED_ROWS = (
    'SELECT id, source_id, content, kind, model, detail FROM "message" WHERE chat_id = ? '
    "ORDER BY id"
)
_UPDATE_MESSAGE = 'UPDATE "message" SET content = ?, kind = ?, model = ?, detail = ? WHERE id = ?'


def _regrown(chat_id: int, chat: ImportedChat) -> int:
    """Update the stored messages of ``chat`` that it now gives with more or other content (a
    streamed answer that grew, a tool call whose result came): reconciling a session read
    again or read on from where it stopped, never adding a message twice. Returns how many."""
    given = {m.source_id: m for m in chat.messages}
    changed = 0
    for row_id, source_id, content, kind, model, detail in run(_STORED_ROWS, (chat_id,)).fetchall():
        message = given.get(source_id)
        if message is None:
            continue
        message = _kept(message, content, model, detail)
        wanted = (message.content, message.kind, message.model, message.detail())
        if wanted != (content, kind, model, detail):
            run(_UPDATE_MESSAGE, (*wanted, row_id))
            changed += 1
    return changed


def _kept(
    message: ImportedMessage, content: str, model: str | None, detail: str | None
) -> ImportedMessage:
    """``message`` given again with less than the stored one has (a tool result read on its
    own, after its call was stored): what it lacks is kept from the stored row."""
    if message.content and message.model and (message.tool or message.kind != TOOL):
        return message
    stored = read_detail(detail)
    return replace(
        message,
        content=message.content or content,
        model=message.model or model,
        tool=message.tool or stored.tool or None,
        tool_input=message.tool_input or stored.input or None,
    )


_SET_PROJECT = (
    'INSERT INTO "agent_session" (chat_id, workdir, branch) VALUES (?, ?, ?) '
    "ON CONFLICT (chat_id) DO UPDATE SET workdir = excluded.workdir, branch = excluded.branch"
)


def _set_project(chat_id: int, chat: ImportedChat) -> None:
    """An agent session's project folder and git branch (``agent_session``, schema v21)."""
    if chat.workdir is not None or chat.branch is not None:
        run(_SET_PROJECT, (chat_id, chat.workdir, chat.branch))


def _new_messages(chat_id: int, chat: ImportedChat) -> list[ImportedMessage]:
    """The turns of ``chat`` not stored yet, in thread order.

    They go after the stored ones (a conversation continued since is extended, and one continued
    on another branch, an edited question or a regenerated answer, keeps its old turns and gains
    the new branch's after them), except those the export places between stored turns: see
    :func:`_interleaved`. Nothing stored is removed or reordered.
    """
    rows = run(_STORED_IDS, (chat_id,)).fetchall()
    known = set(native.message_ids(rows))
    return [m for m in chat.messages if m.source_id not in known]


_STORED_TAIL = (
    'SELECT id, role, content, created_at, source_id, kind, model, detail FROM "message" '
    "WHERE chat_id = ? AND id >= ? ORDER BY id"
)
_DROP_TAIL = 'DELETE FROM "message" WHERE chat_id = ? AND id >= ?'
_UNCOUNT = 'UPDATE "chat" SET message_count = message_count - ? WHERE id = ?'


def _interleaved(chat_id: int, chat: ImportedChat, new: list[FullMessage]) -> list[FullMessage]:
    """``new`` (the turns of ``chat`` not stored yet, in its thread order) with the stored rows
    they must go between, the stored ones taken out of the chat to be written again after them.

    A chat imported before the export's reasoning and tool rows were kept (schema v20) gains
    them in their places, between the turns stored then, not after the last one. A stored row
    the export does not have (typed in ChatDesk, or from another branch) stays after the row
    before it; stored rows keep their order, texts, times and export ids (one typed in ChatDesk
    keeps its ``chatdesk:<id>`` as its source id). When every new turn goes after the stored
    ones, ``new`` is returned as it is and nothing stored is touched.
    """
    if not new:
        return new
    place: dict[str | None, int] = {m.source_id: i for i, m in enumerate(chat.messages)}
    stored = run(_STORED_IDS, (chat_id,)).fetchall()
    keys: list[int] = []
    last = -1
    for name in native.message_ids(stored):
        last = max(last, place.get(name, last))
        keys.append(last)
    first = min(bisect.bisect_right(keys, place[m[3]]) for m in new)
    if first == len(stored):
        return new
    rows = run(_STORED_TAIL, (chat_id, stored[first][0])).fetchall()
    kept: list[tuple[tuple[int, int, int], FullMessage]] = []
    for i, (row_id, role, content, created, source_id, kind, model, detail) in enumerate(rows):
        name = source_id or f"{native.SOURCE}:{row_id}"
        row: FullMessage = (role, content, stored_time(created), name, kind, model, detail)
        kept.append(((keys[first + i], 0, i), row))
    added = [((place[m[3]], 1, j), m) for j, m in enumerate(new)]
    run(_DROP_TAIL, (chat_id, stored[first][0]))
    run(_UNCOUNT, (sum(1 for r in rows if r[5] == TEXT), chat_id))
    return [row for _, row in sorted(kept + added, key=lambda pair: pair[0])]
