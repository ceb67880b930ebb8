"""The files an import reads: a JSON or CSV file, an export folder, or the export's ``.zip``.

Every member is opened as a binary stream that counts the bytes read, so a caller can report
progress over the whole input without knowing the format.
"""

from __future__ import annotations

import io
import json
import re
import threading
import weakref
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

#: ``conversations.json`` and the shards ``conversations-000.json`` … of newer ChatGPT exports.
CONVERSATIONS = re.compile(r"^conversations(-\d+)?\.json$", re.IGNORECASE)
#: A list of projects beside the conversations: Claude's ``projects.json``, or one file per
#: project under ``projects/`` (exports since 2026).
PROJECTS = re.compile(r"^(projects\.json|projects/[^/]+\.json)$", re.IGNORECASE)
#: How a zip archive starts: a local file header, or the end record of an empty archive.
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
#: What reading a damaged archive member raises (a bad CRC, a broken deflate stream, a cut).
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)
#: Up to this size a broken JSON input is read again whole to say where it breaks.
LOCATE_MAX = 32 * 1024 * 1024


class InputError(Exception):
    """The input cannot be read at all (missing, empty archive, unknown format, too deep).

    ``str()`` is the English message (the command line's); ``code`` and ``params`` say the
    same for a window to put in its own language (see ``chatdesk.ui.transfers.import_errors``,
    and :data:`CODES` for the codes). A bad file is the person's, not a program error: callers
    log it as one line, without a traceback.
    """

    def __init__(self, message: str, code: str = "other", **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params: dict[str, object] = {"message": message, **params}


#: The codes of :class:`InputError` and their parameters (all also get ``message``, the English
#: text): a window translating them keeps one entry per code.
CODES = {
    "other": (),
    "missing": ("name",),
    "no_conversations": ("name", "formats"),
    "bad_zip": ("name", "detail"),
    "not_json": ("name", "where"),
    "json_breaks": ("name", "after", "where"),
    "unknown_format": ("name", "formats"),
    "prompts_not_chats": ("name",),
    "not_prompts": ("name",),
    "csv_header": ("name",),
    "csv_unreadable": ("name", "line", "detail"),
    "not_utf8": ("name", "where"),
    "empty": ("name",),
    "utf16": ("name", "encoding"),
    "not_text": ("name", "kind"),
    "too_deep": ("name", "limit", "line"),
    "too_long": ("name", "limit", "line"),
    "cherry_direct_backup": ("name", "version", "app_version"),
}


@dataclass(frozen=True)
class Member:
    """One file of the input: ``name`` for messages, ``size`` in (uncompressed) bytes.

    ``sibling(name)`` is the file called ``name`` in the same folder (of the disk or the zip),
    or None: a format kept as several files (Jan's ``thread.json`` and ``messages.jsonl``)
    reads the others through it.
    """

    name: str
    size: int
    opener: Callable[[], IO[bytes]]
    sibling: Callable[[str], Member | None] | None = None

    def beside(self, name: str) -> Member | None:
        """The file ``name`` next to this one, if there is one."""
        return self.sibling(name) if self.sibling is not None else None


class CountingReader(io.RawIOBase):
    """A binary stream wrapper that reports every read to ``on_read(nbytes)``."""

    def __init__(self, raw: IO[bytes], on_read: Callable[[int], None]) -> None:
        super().__init__()
        self._raw = raw
        self._on_read = on_read

    @property
    def raw(self) -> IO[bytes]:
        """The stream read through this one."""
        return self._raw

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if data:
            self._on_read(len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _shard_key(name: str) -> tuple[int, str]:
    digits = re.findall(r"\d+", Path(name).name)
    return (int(digits[-1]) if digits else -1, name)


#: A folder is searched this deep for the files the formats read (a Jan data folder holds
#: ``threads/<id>/thread.json``; an agent's ``projects/<project>/<session>.jsonl``), and
#: through this many entries at most: a person who picks their home folder by mistake gets an
#: answer, not a walk of the whole disk.
WALK_DEPTH = 6
WALK_ENTRIES = 200_000


def _wanted() -> re.Pattern[str]:
    from chatdesk.importers.registry import file_names

    return file_names()


def _no_conversations(path: Path, where: str) -> InputError:
    from chatdesk.importers.registry import labels

    known = ", ".join(labels())
    return InputError(
        f"{path}: no chat export in {where} (ChatDesk reads {known})",
        "no_conversations",
        name=str(path),
        formats=known,
    )


def _walk(root: Path) -> tuple[list[Path], list[Path]]:
    """The files under ``root`` that a format reads by name, and the JSON files no format's
    name takes (for :func:`_claimed`), up to :data:`WALK_DEPTH` folders down."""
    wanted = _wanted()
    found: list[Path] = []
    unnamed: list[Path] = []
    seen = 0
    stack = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > WALK_ENTRIES:
                return found, unnamed
            if entry.is_symlink():
                continue  # no walking out of the folder, or in circles
            if entry.is_dir():
                if depth < WALK_DEPTH and not entry.name.startswith("."):
                    stack.append((entry, depth + 1))
            elif entry.is_file():
                if wanted.search(entry.relative_to(root).as_posix()):
                    found.append(entry)
                elif UNNAMED.search(entry.name):
                    unnamed.append(entry)
    return found, unnamed


#: Files a folder or zip may hold whose names say nothing of their format (LibreChat names an
#: export by its conversation's title; Open WebUI, NextChat, LobeChat and Chatbox by the date):
#: their starts are probed, and those a chat format claims are read. JSON only: the JSON Lines
#: files beside an agent's sessions (a sub-agent's steps, Jan's ``messages.jsonl``) are read
#: through the session that names them, never as chats of their own.
UNNAMED = re.compile(r"\.json$", re.IGNORECASE)
#: Of those, this many at most are probed (a few milliseconds each: a folder of a project's
#: JSON files picked by mistake costs a few seconds, not a minute).
PROBE_UNNAMED = 500


def _claimed(candidates: list[Member]) -> list[Member]:
    """The members of ``candidates`` (the first :data:`PROBE_UNNAMED`) that a chat format claims
    from their start; the others (a ``package.json``, a prompt collection, a damaged file) are
    left out silently, as files of no format are in a folder."""
    from chatdesk.importers.detect import claims
    from chatdesk.importers.probe import probe_file

    kept = []
    for member in candidates[:PROBE_UNNAMED]:
        try:
            with member.opener() as stream:
                if claims(probe_file(member.name, stream)):
                    kept.append(member)
        except (InputError, OSError):
            continue
    return kept


def members(path: Path) -> list[Member]:
    """The files to read: ``path`` itself, or the files in a folder or zip that some format
    reads (the formats' ``FILES``: ``conversations*.json``, ``chat-<uuid>.json``, …).

    Raises:
        InputError: the path does not exist, or a folder or zip holds no file a format reads.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file or folder", "missing", name=str(path))
    if path.is_dir():
        found, unnamed = _walk(path)

        def member(p: Path) -> Member:
            return _file_member(p, f"{path.name}/{p.relative_to(path).as_posix()}")

        claimed = _claimed([member(p) for p in unnamed])
        if not found and not claimed:
            raise _no_conversations(path, "this folder")
        found.sort(key=lambda p: (str(p.parent), _shard_key(p.name)))
        return [member(p) for p in found] + claimed
    if zipfile.is_zipfile(path):
        return _zip_members(path)
    if _looks_like_zip(path):
        raise InputError(
            f"{path.name}: a damaged or unreadable zip archive (its index is missing)",
            "bad_zip",
            name=path.name,
            detail="its index is missing",
        )
    return [_file_member(path, path.name)]


def project_members(path: Path) -> list[Member]:
    """The project lists (:data:`PROJECTS`) an input holds: in its folder or zip, or beside a
    ``conversations*.json`` given alone (the export unpacked). None is no error."""
    if path.is_dir():
        base = path
    elif path.is_file() and zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                infos = [
                    i
                    for i in archive.infolist()
                    if not i.is_dir() and PROJECTS.match(_tail(i.filename))
                ]
        except ZIP_ERRORS:
            return []
        return [_zip_member(path, info) for info in sorted(infos, key=lambda i: i.filename)]
    elif path.is_file() and CONVERSATIONS.match(path.name):
        base = path.parent
    else:
        return []
    found = [base / "projects.json"] if (base / "projects.json").is_file() else []
    if (base / "projects").is_dir():
        found += sorted(p for p in (base / "projects").iterdir() if p.suffix.lower() == ".json")
    return [_file_member(p, f"{base.name}/{p.relative_to(base).as_posix()}") for p in found]


def _tail(name: str) -> str:
    """An archive member's name from ``projects``: the export may sit in a top folder."""
    parts = Path(name).parts
    if len(parts) >= 2 and parts[-2].lower() == "projects":
        return "/".join(parts[-2:])
    return parts[-1] if parts else name


def _looks_like_zip(path: Path) -> bool:
    """Named ``.zip`` or starting as a zip does: a file meant to be an archive."""
    if path.suffix.lower() == ".zip":
        return True
    with path.open("rb") as stream:
        return stream.read(4) in ZIP_MAGIC


def _file_member(path: Path, name: str) -> Member:
    def sibling(other: str) -> Member | None:
        found = path.parent / other
        if "/" in other or not found.is_file():
            return None
        return _file_member(found, f"{name.rpartition('/')[0]}/{other}".lstrip("/"))

    return Member(name, path.stat().st_size, lambda: path.open("rb"), sibling)


def _zip_members(path: Path) -> list[Member]:
    try:
        with zipfile.ZipFile(path) as archive:
            wanted = _wanted()
            every = {info.filename: info for info in archive.infolist() if not info.is_dir()}
            infos = [info for name, info in every.items() if wanted.search(name)]
            unnamed = [
                info
                for name, info in every.items()
                if not wanted.search(name) and UNNAMED.search(name)
            ]
    except ZIP_ERRORS as exc:
        raise InputError(
            f"{path.name}: a damaged or unreadable zip archive ({exc})",
            "bad_zip",
            name=path.name,
            detail=str(exc),
        ) from None
    shared = SharedArchive(path)
    claimed = _claimed([_zip_member(path, info, every, shared) for info in unnamed])
    if not infos and not claimed:
        raise _no_conversations(path, "the archive")
    infos.sort(key=lambda info: (info.filename.rpartition("/")[0], _shard_key(info.filename)))
    return [_zip_member(path, info, every, shared) for info in infos] + claimed


class SharedArchive:
    """One zip archive opened once for all the members read from it: a zip of thousands of
    files (Le Chat's export: a file a conversation) would otherwise read its whole index again
    for every member (2,945 members: 100 s instead of 3). Closed when the last member list
    holding it goes (``weakref.finalize``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._lock = threading.Lock()

    def open(self, info: zipfile.ZipInfo) -> IO[bytes]:
        with self._lock:
            if self._zip is None:
                self._zip = zipfile.ZipFile(self.path)
                weakref.finalize(self, self._zip.close)
            return self._zip.open(info)


class ZipMemberReader(io.RawIOBase):
    """An archive member's stream that closes its archive with it (unless the archive is
    shared: :class:`SharedArchive`) and reports damage found while reading (a bad CRC, a broken
    deflate stream) as an InputError naming the archive."""

    def __init__(
        self, path: Path, info: zipfile.ZipInfo, shared: SharedArchive | None = None
    ) -> None:
        super().__init__()
        self._name = f"{path.name}:{info.filename}"
        self._archive: zipfile.ZipFile | None = None
        try:
            if shared is not None:
                self._stream = shared.open(info)
            else:
                self._archive = zipfile.ZipFile(path)
                self._stream = self._archive.open(info)
        except ZIP_ERRORS as exc:
            raise InputError(
                f"{self._name}: a damaged zip archive ({exc})",
                "bad_zip",
                name=self._name,
                detail=str(exc),
            ) from None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._stream.seek(offset, whence)

    def read(self, size: int = -1) -> bytes:
        try:
            return self._stream.read(size)
        except ZIP_ERRORS as exc:
            raise InputError(
                f"{self._name}: a damaged zip archive ({exc})",
                "bad_zip",
                name=self._name,
                detail=str(exc),
            ) from None

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._stream.close()
            if self._archive is not None:
                self._archive.close()
        super().close()


def _zip_member(
    path: Path,
    info: zipfile.ZipInfo,
    every: dict[str, zipfile.ZipInfo] | None = None,
    shared: SharedArchive | None = None,
) -> Member:
    def opener() -> IO[bytes]:
        return cast("IO[bytes]", ZipMemberReader(path, info, shared))

    def sibling(other: str) -> Member | None:
        folder = info.filename.rpartition("/")[0]
        found = (every or {}).get(f"{folder}/{other}" if folder else other)
        if found is None or "/" in other:
            return None
        return _zip_member(path, found, every, shared)

    return Member(f"{path.name}:{info.filename}", info.file_size, opener, sibling)


class Where(str):
    """Where and why an input breaks, as one English line (``line L, column C: what``), with the
    parts a window translates: ``kind`` is ``cut`` (the file ends inside the JSON),
    ``not_utf8``, ``syntax`` (``detail`` is the parser's own English words) or ``""`` (no
    position: ``detail`` only)."""

    line: int
    column: int
    kind: str
    detail: str

    def __new__(
        cls, text: str, line: int = 0, column: int = 0, kind: str = "", detail: str = ""
    ) -> Where:
        made = super().__new__(cls, text)
        made.line, made.column, made.kind, made.detail = line, column, kind, detail or text
        return made


def _where(line: int, column: int, kind: str, detail: str) -> Where:
    return Where(f"line {line}, column {column}: {detail}", line, column, kind, detail)


def broken_json(stream: IO[bytes], exc: Exception) -> Where:
    """Why and where the JSON of ``stream`` breaks, in one line: ``line L, column C: what``.

    The streaming parser (yajl) says what broke with a multi-line diagram of its read buffer
    and no position; an input of up to :data:`LOCATE_MAX` bytes is read again from the start
    to find the line and column (Python's own parser names them; a cut-off input ends there).
    A larger one gets the parser's first line only.
    """
    message = exc.args[0] if exc.args else exc
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    lines = str(message).strip().splitlines()
    first = lines[0].strip() if lines else type(exc).__name__
    raw = stream.raw if isinstance(stream, CountingReader | JsonGuard) else stream
    if isinstance(raw, CountingReader):
        raw = raw.raw
    try:
        raw.seek(0)
        data = raw.read(LOCATE_MAX + 1)
    except (OSError, ValueError, InputError):
        data = b""
    if data.startswith(UTF8_BOM):
        data = b" " * len(UTF8_BOM) + data[len(UTF8_BOM) :]  # as JsonGuard reads it
    if not data or len(data) > LOCATE_MAX:
        return Where(first)
    if "premature EOF" in first or isinstance(exc, EOFError):
        line, column = _position(data, len(data))
        return _where(line, column, "cut", "the file ends inside the JSON (cut off?)")
    try:
        json.loads(data)
    except json.JSONDecodeError as err:
        return _where(err.lineno, err.colno, "syntax", err.msg)
    except UnicodeDecodeError as err:
        line, column = _position(data, err.start)
        return _where(line, column, "not_utf8", "not UTF-8 text")
    except (RecursionError, ValueError):
        pass
    return Where(first)


def not_utf8(stream: IO[bytes], exc: UnicodeDecodeError) -> Where:
    """Where a text input stops being UTF-8, in one line: ``line L, column C: not UTF-8 text``.

    The decoder's own error counts bytes of the chunk it was given; an input of up to
    :data:`LOCATE_MAX` bytes is read again to place the first bad byte.
    """
    raw = stream.raw if isinstance(stream, CountingReader) else stream
    try:
        raw.seek(0)
        data = raw.read(LOCATE_MAX + 1)
    except (OSError, ValueError, InputError):
        data = b""
    if data and len(data) <= LOCATE_MAX:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as err:
            line, column = _position(data, err.start)
            detail = f"not UTF-8 text (byte 0x{data[err.start]:02x})"
            return _where(line, column, "not_utf8", detail)
    return Where(f"not UTF-8 text ({exc.reason})", kind="not_utf8")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (both from 1, the column in characters) of byte ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


#: How deep a JSON input may nest (objects and arrays inside each other). Real exports stay
#: under 15 (the deepest of ../shared/realdata: a LibreChat export, 14); ijson's C backend keeps
#: a prefix string per level, so memory grows with the square of the depth (20,000 levels of a
#: 40 KB file took 1 GB, 100,000 levels 24 GB), and Python code walking the records recurses.
#: 200 levels cost under a megabyte and stay far from Python's recursion limit (1,000). A
#: format whose records nest by design declares its own ``MAX_DEPTH`` in its parser module.
MAX_DEPTH = 200
#: The longest JSON string read, in bytes as written (escapes included): a message is kept up
#: to 1,000,000 characters (services.validation.CONTENT_MAX), at most 12 bytes each when
#: written as ``\uXXXX`` pairs, so no string of a chat that can be kept is longer. A longer one
#: is refused before it is read whole: a 1 GB string would otherwise cost gigabytes, and
#: minutes in the parser's buffer.
STRING_MAX = 16 * 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
#: A JSON string, complete (``(?s)``: an escaped byte may be any byte).
_STRING = re.compile(rb'(?s)"[^"\\]*(?:\\.[^"\\]*)*"')
#: Every byte but brackets, to delete.
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class JsonGuard(io.RawIOBase):
    """A binary stream of JSON that refuses, while it is read and before the parser sees the
    bytes, nesting deeper than ``max_depth`` and strings longer than :data:`STRING_MAX`
    (an :class:`InputError` naming the file), and drops a UTF-8 byte-order mark.

    It follows the JSON's strings and brackets chunk by chunk in C (``re.sub`` removes the
    complete strings, ``bytes.count`` counts the brackets left); only a chunk that could reach
    the limit is walked bracket by bracket. About 100 MB/s: a small part of an import's time.
    """

    def __init__(self, raw: IO[bytes], name: str, max_depth: int = MAX_DEPTH) -> None:
        super().__init__()
        self._raw = raw
        self._name = name
        self._max_depth = max_depth
        self._depth = 0
        self._in_string = False
        self._escape = b""  # an odd backslash held back to the next chunk
        self._string_bytes = 0  # of the string still open at the end of the last chunk
        self._started = False

    @property
    def raw(self) -> IO[bytes]:
        """The stream read through this one."""
        return self._raw

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if data and not self._started:  # (ijson's first read asks for 0 bytes)
            self._started = True
            if data.startswith(UTF8_BOM):  # the JSON parser refuses it: read it as spaces
                data = b" " * len(UTF8_BOM) + data[len(UTF8_BOM) :]
        if data:
            self._check(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _check(self, chunk: bytes) -> None:
        was_in = self._in_string
        data = (b'"' if was_in else b"") + self._escape + chunk
        self._escape = b""
        tail = len(data) - len(data.rstrip(b"\\"))
        if tail % 2:  # the next chunk's first byte is escaped: keep the backslash for it
            self._escape, data = b"\\", data[:-1]
        # A quote after the data closes a string left open; left alone, it is the only quote
        # left (every other string is complete and removed).
        rest = _STRING.sub(b"", data + b'"')
        self._in_string = not rest.endswith(b'"')
        if self._in_string:
            self._string_bytes = self._string_bytes + len(chunk) if was_in and not rest else 0
            if self._string_bytes > STRING_MAX:
                raise InputError(
                    f"{self._name}: holds a text of more than {STRING_MAX // (1024 * 1024)} MB "
                    "in one piece; no chat message is that long (ChatDesk keeps up to 1,000,000 "
                    "characters of a message)",
                    "too_long",
                    name=self._name,
                    limit=STRING_MAX // (1024 * 1024),
                )
        else:
            self._string_bytes = 0
        opens = rest.count(b"{") + rest.count(b"[")
        if self._depth + opens > self._max_depth:
            depth = self._depth
            for bracket in rest.translate(None, _NOT_BRACKETS):
                depth += 1 if bracket in b"[{" else -1
                if depth > self._max_depth:
                    raise InputError(
                        f"{self._name}: nested more than {self._max_depth} levels deep; no chat "
                        "export nests so deep (the file is damaged, or not an export)",
                        "too_deep",
                        name=self._name,
                        limit=self._max_depth,
                    )
        self._depth += opens - rest.count(b"}") - rest.count(b"]")


def guarded(stream: IO[bytes], name: str, max_depth: int = MAX_DEPTH) -> IO[bytes]:
    """``stream`` read through a :class:`JsonGuard` (every JSON an importer parses is)."""
    return cast("IO[bytes]", JsonGuard(stream, name, max_depth))


#: What a file is, by how it starts: (offset, magic bytes, kind). ``kind`` is what the message
#: calls it (a window translates it: ``chatdesk.ui.transfers.import_errors``).
MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "image"),
    (0, b"\xff\xd8\xff", "image"),
    (0, b"GIF87a", "image"),
    (0, b"GIF89a", "image"),
    (0, b"II*\x00", "image"),
    (0, b"MM\x00*", "image"),
    (0, b"\x00\x00\x01\x00", "image"),
    (8, b"WEBP", "image"),
    (4, b"ftypheic", "image"),
    (4, b"ftypheix", "image"),
    (4, b"ftypavif", "image"),
    (4, b"ftypmif1", "image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"\x1f\x8b", "compressed archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "compressed archive"),
    (0, b"Rar!\x1a\x07", "compressed archive"),
    (0, b"BZh", "compressed archive"),
    (0, b"\xfd7zXZ\x00", "compressed archive"),
    (0, b"\x28\xb5\x2f\xfd", "compressed archive"),
    (257, b"ustar", "compressed archive"),
    (0, b"SQLite format 3\x00", "database"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "office document"),
    (0, b"\x7fELF", "program"),
    (0, b"MZ", "program"),
    (0, b"\xca\xfe\xba\xbe", "program"),
    (0, b"\xcf\xfa\xed\xfe", "program"),
    (0, b"ID3", "audio or video file"),
    (0, b"fLaC", "audio or video file"),
    (0, b"OggS", "audio or video file"),
    (8, b"WAVE", "audio or video file"),
    (8, b"AVI ", "audio or video file"),
    (4, b"ftyp", "audio or video file"),
    (0, b"\x1a\x45\xdf\xa3", "audio or video file"),
)
#: Enough of a file's head for :func:`sniff`.
SNIFF_BYTES = 512


def sniff(name: str, head: bytes) -> None:
    """Refuse a file that is not text in a way the person can act on: an image, a PDF, another
    archive than zip, UTF-16 or UTF-32 text, an empty file (``head``: its first
    :data:`SNIFF_BYTES` bytes). Anything else is left to the format's reader.

    Raises:
        InputError: saying what the file is.
    """
    if not head.strip():
        raise InputError(f"{name}: the file is empty", "empty", name=name)
    for offset, magic, kind in MAGIC:
        if head[offset : offset + len(magic)] == magic:
            article = "an" if kind[0] in "aeiou" else "a"
            raise InputError(
                f"{name} is {article} {kind}, not a chat export", "not_text", name=name, kind=kind
            )
    encoding = _wide_encoding(head)
    if encoding:
        raise InputError(
            f"{name} is {encoding} text; save it as UTF-8", "utf16", name=name, encoding=encoding
        )


def _wide_encoding(head: bytes) -> str:
    """``UTF-16`` or ``UTF-32`` when ``head`` is text in one (a byte-order mark, or the zero
    bytes ASCII has there); else ""."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = head[:64]
    if len(sample) >= 4 and b"\x00" in sample:
        if all(sample[i] == 0 for i in range(len(sample)) if i % 4 != 0) or all(
            sample[i] == 0 for i in range(len(sample)) if i % 4 != 3
        ):
            return "UTF-32"
        evens = sample[0::2].count(0)
        odds = sample[1::2].count(0)
        if max(evens, odds) >= len(sample) // 4 and min(evens, odds) == 0:
            return "UTF-16"
    return ""


@contextmanager
def opened(member: Member, on_read: Callable[[int], None] | None = None) -> Iterator[IO[bytes]]:
    """Open ``member``; with ``on_read``, every read is counted through it."""
    stream = member.opener()
    try:
        yield CountingReader(stream, on_read) if on_read else stream  # type: ignore[misc]
    finally:
        stream.close()


def json_records(
    name: str, stream: IO[bytes], prefix: str, max_depth: int = MAX_DEPTH
) -> Iterator[Any]:
    """The JSON values at ``prefix`` of ``stream``, streamed through the guard, for a format
    that reads its file itself (``read``).

    Raises:
        InputError: the JSON is broken (``not_json`` before the first value, else
            ``json_breaks`` naming how many came before).
    """
    import ijson

    index = -1
    try:
        for value in ijson.items(guarded(stream, name, max_depth), prefix, use_float=True):
            index += 1
            yield value
    except ijson.JSONError as exc:
        where = broken_json(stream, exc)
        if index < 0:
            raise InputError(
                f"{name}: not valid JSON: {where}", "not_json", name=name, where=where
            ) from None
        raise InputError(
            f"{name}: the JSON breaks off after record {index + 1}: {where}",
            "json_breaks",
            name=name,
            after=index + 1,
            where=where,
        ) from None


#: The longest JSON line read (a Claude Code line carries a whole tool result): longer is
#: refused as a text too long, as :data:`STRING_MAX` refuses one string.
LINE_MAX = 4 * STRING_MAX


def json_lines(name: str, stream: IO[bytes]) -> Iterator[tuple[int, Any]]:
    """(line number, value) of each line of a JSON Lines file that is JSON; a blank line is
    skipped, a line that is not JSON gives (number, :data:`BAD_LINE`) — except a last line
    cut off without its newline (a writer still writing it), which is left for the next read.

    Raises:
        InputError: a line longer than :data:`LINE_MAX`, or nested too deep.
    """
    reader = io.BufferedReader(cast("io.RawIOBase", stream), 1024 * 1024)
    try:
        yield from _lines(name, reader)
    finally:
        reader.detach()  # the stream is its opener's to close


def _lines(name: str, reader: IO[bytes]) -> Iterator[tuple[int, Any]]:
    number = 0
    while True:
        line = reader.readline(LINE_MAX + 1)
        if not line:
            return
        number += 1
        if len(line) > LINE_MAX:
            raise InputError(
                f"{name}: line {number} is longer than {LINE_MAX // (1024 * 1024)} MB",
                "too_long",
                name=name,
                limit=LINE_MAX // (1024 * 1024),
                line=number,
            )
        if number == 1:
            line = line.removeprefix(UTF8_BOM)
        if not line.strip():
            continue
        guard = JsonGuard(io.BytesIO(line), name)
        while guard.read(1024 * 1024):
            pass
        try:
            yield number, json.loads(line)
        except (ValueError, RecursionError):
            if not line.endswith(b"\n"):
                return  # cut off at the end: the rest is not written yet
            yield number, BAD_LINE


#: What :func:`json_lines` gives for a line that is not JSON.
BAD_LINE: Any = object()
