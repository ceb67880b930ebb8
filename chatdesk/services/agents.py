"""Coding agents' folders on this computer (issue 23): found, turned on, imported, kept live.

- :func:`discover` looks for each agent's folder where the agent keeps it on this platform, and
  where its environment variable says (``CLAUDE_CONFIG_DIR``, ``CODEX_HOME``,
  ``GEMINI_CLI_HOME``), and counts its sessions, projects and bytes from the file names and
  sizes alone: **nothing is read before the person turns a source on**.
- Which sources are on, and the folders the person added, are kept in the database
  (``agent_source``, schema v21), so every process on it (the desktop app, ``serve``, a cron
  job's ``chatdesk sources sync``) follows a change within one poll of :class:`SourceWatcher`.
- :func:`sync` imports what is new: each session file's identity (device, inode), size, time
  and the offset read up to are kept (``agent_file``); a file that only grew is read from that
  offset, one that was rewritten, truncated or replaced is read again from the start and
  reconciled by message id (:mod:`chatdesk.services.importing` updates what grew, adds what is
  new, never twice). A file that is deleted or moved leaves its chat alone: the chat is the
  person's now; a session moved to another project folder is the same session (same id).
- :class:`SourceWatcher` is one Qt-free thread: it polls the turned-on folders' file sizes and
  times every :data:`POLL_S` seconds (a ``stat`` per session file, and a listing of each
  project folder, measured in docs/benchmarks-import.md) and syncs what changed; each write
  announces its change, which is how an open window shows the new messages.

The agents' files are read-only to ChatDesk: opened for reading only, never written, moved or
locked (Cursor's database: :func:`chatdesk.importers.cursor.connect`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sqlite3
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee as pw

from chatdesk.importers import (
    ImportedChat,
    InputError,
    Skipped,
    aider,
    claude_code,
    codex,
    cursor,
    gemini_cli,
)
from chatdesk.importers._agents import LineCursor, json_lines
from chatdesk.importers.sources import _file_member
from chatdesk.services import importing
from chatdesk.services.accounts import AccountRef
from chatdesk.services.errors import ServiceError
from chatdesk.services.organize_io import Organizer
from chatdesk.store import write_transaction
from chatdesk.store.indexer import bulk, catch_up
from chatdesk.store.models import AgentFile, AgentSource, utcnow

log = logging.getLogger(__name__)

#: Seconds between two looks at the turned-on folders (and at which sources are on).
POLL_S = 1.0
#: A session read in pieces of at most this many messages (a file of several hundred MB is
#: never held whole: each piece is written, then forgotten).
PIECE_MESSAGES = 2_000
#: Seconds before the next poll after a fault, or while the database is unreachable.
RETRY_S = 5.0
#: Seconds a syncer trusts its memory of what was read before reading it from the database.
RELOAD_S = 30.0
#: A sync that reads this many session files or more indexes in bulk (a first import).
BULK_FILES = 20
#: The deepest a folder the person added is searched for Aider's history files.
AIDER_DEPTH = 4


@dataclass(frozen=True)
class Agent:
    """What ChatDesk knows of one agent: its source name, label, environment variable, where
    it keeps its sessions, and the command that resumes one."""

    name: str
    label: str
    env: str | None
    #: Session files under a root folder (``Path.glob`` patterns).
    patterns: tuple[str, ...]
    #: ``{id}`` is the session's id; None: the agent has no such command.
    resume: str | None

    def roots(self, home: Path, environ: dict[str, str], platform: str) -> list[Path]:
        """The folders where the agent keeps its data, the environment's first."""
        found: list[Path] = []
        value = environ.get(self.env, "") if self.env else ""
        if value:
            base = Path(value).expanduser()
            found.append(base / ".gemini" if self.name == "gemini-cli" else base)
        found += _defaults(self.name, home, environ, platform)
        unique: list[Path] = []
        for path in found:
            if path not in unique:
                unique.append(path)
        return unique


def _defaults(name: str, home: Path, environ: dict[str, str], platform: str) -> list[Path]:
    if name == "claude-code":
        return [home / ".claude", home / ".config" / "claude"]
    if name == "codex":
        return [home / ".codex"]
    if name == "gemini-cli":
        return [home / ".gemini"]
    if name == "cursor":
        if platform == "darwin":
            base = home / "Library" / "Application Support"
        elif platform.startswith("win"):
            base = Path(environ.get("APPDATA") or home / "AppData" / "Roaming")
        else:
            base = Path(environ.get("XDG_CONFIG_HOME") or home / ".config")
        return [base / "Cursor" / "User" / "globalStorage"]
    return []  # aider: a history file in each project; the person adds the folders


AGENTS: dict[str, Agent] = {
    a.name: a
    for a in (
        Agent(
            "claude-code",
            claude_code.LABEL,
            "CLAUDE_CONFIG_DIR",
            ("projects/*/*.jsonl",),
            "claude --resume {id}",
        ),
        Agent(
            "codex",
            codex.LABEL,
            "CODEX_HOME",
            ("sessions/*/*/*/rollout-*.jsonl", "archived_sessions/rollout-*.jsonl"),
            "codex resume {id}",
        ),
        Agent(
            "gemini-cli",
            gemini_cli.LABEL,
            "GEMINI_CLI_HOME",
            ("tmp/*/chats/session-*.json", "tmp/*/chats/session-*.jsonl"),
            "gemini --resume {id}",
        ),
        Agent("cursor", cursor.LABEL, None, ("state.vscdb",), None),
        Agent("aider", aider.LABEL, None, (), None),
    )
}


def resume_command(source: str | None, session_id: str | None) -> str | None:
    """The command that resumes an agent's session in a terminal, or None."""
    agent = AGENTS.get(source or "")
    if agent is None or agent.resume is None or not session_id:
        return None
    if not all(ch.isalnum() or ch in "-_." for ch in session_id):
        return None  # an id that is not one: nothing to paste into a shell
    return agent.resume.format(id=session_id)


@dataclass(frozen=True)
class Found:
    """What is on disk for one agent: its folders and what they hold (names and sizes only)."""

    name: str
    label: str
    folders: tuple[Path, ...]
    sessions: int
    projects: int
    size: int
    env: str | None

    def summary(self) -> str:
        """ "Claude Code: 412 sessions in 23 projects, 180 MB"."""
        if not self.folders:
            return f"{self.label}: not found"
        size = f"{self.size / 1e6:.0f} MB" if self.size >= 1e6 else f"{self.size / 1e3:.0f} kB"
        return f"{self.label}: {self.sessions} sessions in {self.projects} projects, {size}"


def _session_files(name: str, root: Path) -> Iterator[Path]:
    agent = AGENTS[name]
    if name == "aider":
        yield from _aider_files(root)
        return
    for pattern in agent.patterns:
        yield from sorted(root.glob(pattern))  # regular files only: the caller's lstat


def _aider_files(root: Path, depth: int = 0) -> Iterator[Path]:
    target = root / ".aider.chat.history.md"
    if target.is_file():
        yield target
    if depth >= AIDER_DEPTH:
        return
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink() and not entry.name.startswith("."):
            if entry.name in ("node_modules", "__pycache__", "venv", ".venv"):
                continue
            yield from _aider_files(entry, depth + 1)


def _signature(path: Path, st: os.stat_result) -> tuple[int, float]:
    """(size, time) that change when the file's content may have: a SQLite database in WAL
    mode (Cursor's) is written to its ``-wal`` file first, so that file's count too."""
    if path.suffix != ".vscdb":
        return st.st_size, st.st_mtime
    try:
        wal = os.stat(f"{path}-wal")
    except OSError:
        return st.st_size, st.st_mtime
    return st.st_size + wal.st_size, max(st.st_mtime, wal.st_mtime)


def _project_key(name: str, path: Path) -> str:
    if name == "codex":
        return str(path.parent)  # by day: the project is inside; counted as days
    return str(path.parent)


def discover(
    home: Path | None = None,
    environ: dict[str, str] | None = None,
    platform: str | None = None,
    extra: dict[str, list[Path]] | None = None,
) -> list[Found]:
    """Every agent's folders on this computer and what they hold, from names and sizes."""
    home = home or Path.home()
    environ = dict(os.environ) if environ is None else environ
    platform = platform or sys.platform
    out = []
    for name, agent in AGENTS.items():
        roots = [r for r in agent.roots(home, environ, platform) if r.is_dir()]
        roots += [r for r in (extra or {}).get(name, []) if r.is_dir() and r not in roots]
        sessions = size = 0
        projects: set[str] = set()
        for root in roots:
            for path in _session_files(name, root):
                sessions += 1
                projects.add(_project_key(name, path))
                with contextlib.suppress(OSError):
                    size += path.stat().st_size
        out.append(Found(name, agent.label, tuple(roots), sessions, len(projects), size, agent.env))
    return out


# -- which sources are on (kept in the database) -------------------------------------------


@dataclass(frozen=True)
class SourceState:
    """One agent for one account: on or off, and the folders the person added."""

    name: str
    enabled: bool
    folders: tuple[str, ...] = ()


def _check(name: str) -> Agent:
    agent = AGENTS.get(name)
    if agent is None:
        raise ServiceError(1001, field="source")
    return agent


def states(user: AccountRef) -> dict[str, SourceState]:
    """Every agent's state for ``user`` (off when never turned on)."""
    rows = {
        r.name: r
        for r in AgentSource.select().where(AgentSource.user == user.id)
        if r.name in AGENTS
    }
    out = {}
    for name in AGENTS:
        row = rows.get(name)
        folders: tuple[str, ...] = ()
        if row is not None:
            try:
                given = json.loads(row.folders)
                folders = (
                    tuple(f for f in given if isinstance(f, str)) if isinstance(given, list) else ()
                )
            except ValueError:
                folders = ()
        out[name] = SourceState(name, bool(row.enabled) if row else False, folders)
    return out


def set_enabled(user: AccountRef, name: str, enabled: bool, folder: Path | None = None) -> None:
    """Turn a source on or off (and add ``folder`` to it); its chats stay either way."""
    _check(name)
    with write_transaction():
        row = AgentSource.get_or_none(AgentSource.user == user.id, AgentSource.name == name)
        folders = list(states(user)[name].folders)
        if folder is not None:
            text = str(folder.expanduser().resolve())
            if text not in folders:
                folders.append(text)
        if row is None:
            AgentSource.create(
                user=user.id,
                name=name,
                enabled=enabled,
                folders=json.dumps(folders),
                changed_at=utcnow(),
            )
        else:
            row.enabled, row.folders, row.changed_at = enabled, json.dumps(folders), utcnow()
            row.save()


def enabled_stamp() -> tuple[Any, ...]:
    """What changes when any source anywhere is turned on or off (the watcher's cheap poll)."""
    return tuple(
        AgentSource.select(
            AgentSource.user,
            AgentSource.name,
            AgentSource.enabled,
            AgentSource.folders,
            AgentSource.changed_at,
        )
        .order_by(AgentSource.id)
        .tuples()
    )


# -- import what is new ---------------------------------------------------------------------


@dataclass
class SyncReport:
    """What one sync did, per source: sessions looked at, read, chats added and messages."""

    files: int = 0
    read: int = 0
    chats_added: int = 0
    messages_added: int = 0
    skipped: list[Skipped] = field(default_factory=list)


ProgressFn = Callable[[int, int], None]


@dataclass
class _Live:
    """A line reader kept between two reads of a growing file (its small state only)."""

    reader: Any
    offset: int


class Syncer:
    """Imports the turned-on sources' new sessions and messages for one account. Keeps the
    line readers of the files it read (their small state: an answer being merged), so a line
    appended to a session joins what came before it."""

    def __init__(
        self, user: AccountRef, home: Path | None = None, environ: dict[str, str] | None = None
    ) -> None:
        self.user = user
        self.home = home
        self.environ = environ
        self._live: dict[str, _Live] = {}
        self._indexed = 0
        self._known: dict[str, AgentFile] | None = None
        self._loaded = 0.0

    def files(self, name: str, state: SourceState) -> list[Path]:
        """The session files of one turned-on source."""
        agent = AGENTS[name]
        roots = agent.roots(
            self.home or Path.home(),
            dict(os.environ) if self.environ is None else self.environ,
            sys.platform,
        )
        roots += [Path(f) for f in state.folders]
        out: list[Path] = []
        for root in roots:
            if root.is_dir():
                out += [p for p in _session_files(name, root) if p not in out]
        return out

    def sync(
        self,
        names: list[str] | None = None,
        progress: ProgressFn | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> SyncReport:
        """Import what changed in the turned-on sources (``names``: only those)."""
        report = SyncReport()
        known = self._known_files()
        work: list[tuple[str, Path]] = []
        for name, state in states(self.user).items():
            if state.enabled and (names is None or name in names):
                work += [(name, p) for p in self.files(name, state)]
        report.files = len(work)
        todo: list[tuple[str, Path, AgentFile | None, os.stat_result]] = []
        for name, path in work:
            row = known.get(str(path))
            try:
                st = os.lstat(path)  # one stat a file a poll; a symlink is not followed
            except OSError:
                continue  # gone since it was listed: its chat stays
            if not stat.S_ISREG(st.st_mode):
                continue
            same = row is not None and (row.device, row.inode) == (st.st_dev, st.st_ino)
            if not (same and row is not None and (row.size, row.mtime) == _signature(path, st)):
                todo.append((name, path, row, st))
        if not todo:
            return report  # an idle poll: listings and stats only, nothing written
        organizer = Organizer(self.user)
        # many sessions (a first import): index in bulk, as an import of a file does
        with bulk() if len(todo) >= BULK_FILES else contextlib.nullcontext():
            for n, (name, path, row, st) in enumerate(todo):
                if cancel is not None and cancel():
                    break
                try:
                    self._one(name, path, row, st, organizer, report)
                except (OSError, InputError) as exc:
                    report.skipped.append(Skipped(str(path), str(exc)[:300]))
                if report.messages_added - self._indexed >= importing.INDEX_EVERY:
                    catch_up(importing.INDEX_EVERY)
                    self._indexed = report.messages_added
                if progress is not None:
                    progress(n + 1, len(todo))
        if report.messages_added:
            catch_up(importing.INDEX_EVERY)  # searchable at once, not at the first search
        self._indexed = 0
        return report

    def _one(
        self,
        name: str,
        path: Path,
        row: AgentFile | None,
        st: os.stat_result,
        organizer: Organizer,
        report: SyncReport,
    ) -> None:
        same = row is not None and (row.device, row.inode) == (st.st_dev, st.st_ino)
        report.read += 1
        lines = name in ("claude-code", "codex") or (
            name == "gemini-cli" and path.suffix == ".jsonl"
        )
        start = 0
        if lines and same and row is not None and st.st_size >= row.offset:
            start = row.offset
        session = row.session if row is not None else None
        if lines:
            end, session = self._read_lines(name, path, start, session, organizer, report)
        elif name == "cursor":  # the composers updated since the last read (the same file)
            since = row.offset if same and row is not None else 0
            end = self._read_cursor(path, since, organizer, report)
        else:
            end = self._read_whole(name, path, organizer, report)
        self._remember(name, path, st, end, session, row)

    def _reader(self, name: str, path: Path, start: int, session: str | None) -> Any:
        live = self._live.get(str(path))
        if start and live is not None and live.offset == start:
            return live.reader
        if name == "claude-code":
            reader: Any = claude_code.Reader(agent_file=path.name.startswith("agent-"))
        elif name == "codex":
            reader = codex.Reader()
        else:
            reader = gemini_cli.Reader(str(path))
        if start and session:
            reader.session.session_id = session  # a rollout names it on its first line only
        return reader

    def _read_lines(
        self,
        name: str,
        path: Path,
        start: int,
        session: str | None,
        organizer: Organizer,
        report: SyncReport,
    ) -> tuple[int, str | None]:
        reader = self._reader(name, path, start, session)
        cursor_ = LineCursor(end=start)
        with path.open("rb") as stream:
            stream.seek(start)
            for record in json_lines(stream, cursor_):
                reader.feed(record)
                if len(reader.session.changed) >= PIECE_MESSAGES:
                    self._write_piece(reader, path, organizer, report)
            self._write_piece(reader, path, organizer, report)
        self._live[str(path)] = _Live(reader, cursor_.end)
        return cursor_.end, reader.session.session_id

    def _write_piece(
        self, reader: Any, path: Path, organizer: Organizer, report: SyncReport
    ) -> None:
        """The messages read since the last piece, written, then forgotten."""
        taken = reader.session.take_changed()
        side = {m.source_id for m in getattr(reader, "_side", [])}
        if getattr(reader, "_main", False):
            taken = [m for m in taken if m.source_id not in side]
        reader.session.messages.clear()
        label = {"claude-code": claude_code.LABEL, "codex": codex.LABEL}.get(
            reader.session.source, gemini_cli.LABEL
        )
        chat = reader.session.chat(label, path.stem, taken)
        if taken:
            self._write(chat, organizer, report)
        given = reader.session.titles
        if given:
            # the agent's own title (a /rename, a summary) may come after the first piece, or
            # in a line appended later: it replaces the one the first prompt gave
            title = given[min(given)]
            if getattr(reader, "_titled", None) != title:
                reader._titled = title
                self._retitle(chat, reader)

    def _retitle(self, chat: ImportedChat, reader: Any) -> None:
        """The stored chat's title made the agent's, unless it already is."""
        from chatdesk.services.events import Change, publish
        from chatdesk.store.models import Chat

        whole = reader.session.chat(chat.folder[0], chat.source_id, chat.messages)
        with write_transaction():
            found = (
                Chat.select(Chat.id, Chat.title)
                .where(
                    Chat.user == self.user.id,
                    Chat.source == chat.source,
                    Chat.source_id == chat.source_id,
                    Chat.deleted_at.is_null(),
                )
                .first()
            )
            if found is None or found.title == whole.title:
                return
            Chat.update(title=whole.title, title_echo=False).where(Chat.id == found.id).execute()
            publish(Change("chat", self.user.id, found.id))

    def _read_cursor(self, path: Path, since: int, organizer: Organizer, report: SyncReport) -> int:
        """Cursor's composers updated since ``since`` (ms; the offset kept for its database),
        read-only; returns the newest update seen."""
        conn = cursor.connect(path)
        newest = since
        try:
            for item in cursor.composers(conn, since):
                if isinstance(item, ImportedChat):
                    self._write(item, organizer, report)
                    if item.updated_at is not None:
                        stamp = item.updated_at.replace(tzinfo=dt.timezone.utc).timestamp()
                        newest = max(newest, int(stamp * 1000))
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{path}: {exc}", "unknown_format", name=str(path)) from None
        finally:
            conn.close()
        return newest

    def _read_whole(self, name: str, path: Path, organizer: Organizer, report: SyncReport) -> int:
        module = {"gemini-cli": gemini_cli, "cursor": cursor, "aider": aider}[name]
        member = _file_member(
            path, path.name if name != "aider" else f"{path.parent.name}/{path.name}"
        )
        with path.open("rb") as stream:
            prefix = "messages.item" if name == "gemini-cli" else ""
            for item in module.read(member, stream, prefix):
                if isinstance(item, ImportedChat):
                    self._write(item, organizer, report)
            return stream.tell()

    def _write(self, chat: ImportedChat, organizer: Organizer, report: SyncReport) -> None:
        result = importing.ImportReport()
        with write_transaction():
            importing._import_one(self.user, chat, result, organizer)
        report.chats_added += result.chats_added
        report.messages_added += result.messages_added
        report.skipped += result.skipped

    def _remember(
        self,
        name: str,
        path: Path,
        st: os.stat_result,
        end: int,
        session: str | None,
        row: AgentFile | None,
    ) -> None:
        values = dict(
            source=name,
            device=st.st_dev,
            inode=st.st_ino,
            size=_signature(path, st)[0],
            mtime=_signature(path, st)[1],
            offset=end,
            session=session[:255] if session else None,
        )
        with write_transaction():
            if row is None:
                row = AgentFile.create(user=self.user.id, path=str(path), **values)
            else:
                AgentFile.update(**values).where(AgentFile.id == row.id).execute()
                for key, value in values.items():
                    setattr(row, key, value)
        if self._known is not None:
            self._known[str(path)] = row

    def _known_files(self) -> dict[str, AgentFile]:
        """What was read of each file: kept in memory between polls (an idle poll then makes
        no query for it), read again from the database every :data:`RELOAD_S` seconds, as
        another process (a cron's sync) may have read on meanwhile (reading again from an
        older offset only reconciles: nothing is added twice)."""
        now = time.monotonic()
        if self._known is None or now - self._loaded > RELOAD_S:
            query = AgentFile.select().where(AgentFile.user == self.user.id)
            self._known = {row.path: row for row in query}
            self._loaded = now
        return self._known


def sync(
    user: AccountRef,
    names: list[str] | None = None,
    *,
    home: Path | None = None,
    environ: dict[str, str] | None = None,
    progress: ProgressFn | None = None,
) -> SyncReport:
    """One sync of ``user``'s turned-on sources (``chatdesk sources sync``)."""
    return Syncer(user, home, environ).sync(names, progress)


# -- kept live ------------------------------------------------------------------------------


class SourceWatcher(threading.Thread):
    """Syncs every account's turned-on sources, then again whenever a session file changes or
    a source is turned on or off (in this process or another on the same database).

    One thread, no Qt; ``users`` gives the accounts to follow (the desktop app: the signed-in
    one; ``serve``: every account that turned a source on).
    """

    def __init__(
        self,
        users: Callable[[], Sequence[AccountRef]],
        *,
        interval: float = POLL_S,
        home: Path | None = None,
        environ: dict[str, str] | None = None,
    ) -> None:
        super().__init__(name="chatdesk-agent-sources", daemon=True)
        self._users = users
        self.interval = interval
        self.home = home
        self.environ = environ
        self._halt = threading.Event()
        self._syncers: dict[int, Syncer] = {}
        self._stamp: tuple[Any, ...] | None = None
        #: The last sync's report by account (for the window's progress and the tests).
        self.reports: dict[int, SyncReport] = {}
        self.polls = 0
        self.ready = threading.Event()
        #: (session files looked at, of how many) in the sync under way; (0, 0) between.
        self.progress: tuple[int, int] = (0, 0)

    def run(self) -> None:
        from chatdesk.store.db import (
            DatabaseUnreachable,
            close_database,
            database_available,
            quietly,
        )

        while not self._halt.is_set():
            wait = self.interval
            if database_available():  # an outage is said once, by whoever met it first
                try:
                    with quietly():
                        self.poll()
                except DatabaseUnreachable:
                    wait = RETRY_S  # the store said so; the next poll tries again
                except Exception:  # a fault is logged; the next poll tries again
                    log.exception("syncing the agents' folders failed")
                    wait = RETRY_S
                finally:
                    # no connection held between polls: a server going away is met by the
                    # next statement that needs it, not by this thread's idle connection
                    close_database()
            else:
                wait = RETRY_S
            self.ready.set()
            self._halt.wait(wait)

    def poll(self) -> None:
        """One look: the sources' switches, then every turned-on folder's files."""
        self.polls += 1
        users = {u.id: u for u in self._users()}
        if not users and not self._syncers:
            return  # nobody to follow (the window before sign-in): no query at all
        stamp = (enabled_stamp(), tuple(sorted(users)))
        if stamp != self._stamp:
            self._stamp = stamp
            self._syncers = {
                uid: self._syncers.get(uid) or Syncer(u, self.home, self.environ)
                for uid, u in users.items()
            }
        for uid, syncer in self._syncers.items():
            self.reports[uid] = syncer.sync(cancel=self._halt.is_set, progress=self._progress)
        self.progress = (0, 0)

    def _progress(self, done: int, total: int) -> None:
        self.progress = (done, total)

    def stop(self, timeout: float = 10) -> None:
        self._halt.set()
        if self.is_alive():
            self.join(timeout)


@dataclass(frozen=True)
class _Ref:
    id: int


def users_with_sources() -> list[AccountRef]:
    """The accounts that turned some source on (``serve`` follows these)."""
    rows = (
        AgentSource.select(AgentSource.user)
        .where(AgentSource.enabled == True)  # noqa: E712
        .distinct()
    )
    return [_Ref(int(r.user_id)) for r in rows]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SessionInfo:
    """What the thread's header shows of an agent's session."""

    source: str
    label: str
    workdir: str | None
    branch: str | None
    resume: str | None


def session_info(user: AccountRef, chat_id: int) -> SessionInfo | None:
    """The project path, git branch and resume command of ``user``'s chat ``chat_id`` when it
    is an agent's session; None for any other chat."""
    from chatdesk.store.models import AgentSession, Chat

    row = (
        Chat.select(Chat.source, Chat.source_id, AgentSession.workdir, AgentSession.branch)
        .join(AgentSession, pw.JOIN.LEFT_OUTER, on=(AgentSession.chat == Chat.id))
        .where(Chat.id == chat_id, Chat.user == user.id, Chat.source.in_(list(AGENTS)))
        .tuples()
        .first()
    )
    if row is None:
        return None
    source, source_id, workdir, branch = row
    return SessionInfo(
        source,
        AGENTS[source].label,
        workdir or None,
        branch or None,
        resume_command(source, source_id),
    )
