"""The files an import reads: a JSON or CSV file, an export folder, or the export's ``.zip``.

Every member is opened as a binary stream that counts the bytes read, so a caller can report
progress over the whole input without knowing the format.
"""

from __future__ import annotations

import io
import json
import re
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
    """The input cannot be read at all (missing, empty archive, unknown format)."""


@dataclass(frozen=True)
class Member:
    """One file of the input: ``name`` for messages, ``size`` in (uncompressed) bytes."""

    name: str
    size: int
    opener: Callable[[], IO[bytes]]


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


def members(path: Path) -> list[Member]:
    """The files to read: ``path`` itself, or the ``conversations*.json`` in a folder or zip.

    Raises:
        InputError: the path does not exist, or a folder or zip holds no conversations file.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        found = [p for p in path.iterdir() if p.is_file() and CONVERSATIONS.match(p.name)]
        if not found:
            raise InputError(f"{path}: no conversations.json or conversations-NNN.json in it")
        found.sort(key=lambda p: _shard_key(p.name))
        return [_file_member(p, f"{path.name}/{p.name}") for p in found]
    if zipfile.is_zipfile(path):
        return _zip_members(path)
    if _looks_like_zip(path):
        raise InputError(f"{path.name}: a damaged or unreadable zip archive (its index is missing)")
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
    return Member(name, path.stat().st_size, lambda: path.open("rb"))


def _zip_members(path: Path) -> list[Member]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [
                info
                for info in archive.infolist()
                if not info.is_dir() and CONVERSATIONS.match(Path(info.filename).name)
            ]
    except ZIP_ERRORS as exc:
        raise InputError(f"{path.name}: a damaged or unreadable zip archive ({exc})") from None
    if not infos:
        raise InputError(f"{path}: the archive holds no conversations.json")
    infos.sort(key=lambda info: _shard_key(info.filename))
    return [_zip_member(path, info) for info in infos]


class ZipMemberReader(io.RawIOBase):
    """An archive member's stream that closes its archive with it and reports damage found
    while reading (a bad CRC, a broken deflate stream) as an InputError naming the archive."""

    def __init__(self, path: Path, info: zipfile.ZipInfo) -> None:
        super().__init__()
        self._name = f"{path.name}:{info.filename}"
        try:
            self._archive = zipfile.ZipFile(path)
            self._stream = self._archive.open(info)
        except ZIP_ERRORS as exc:
            raise InputError(f"{self._name}: a damaged zip archive ({exc})") from None

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
            raise InputError(f"{self._name}: a damaged zip archive ({exc})") from None

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._stream.close()
            self._archive.close()
        super().close()


def _zip_member(path: Path, info: zipfile.ZipInfo) -> Member:
    def opener() -> IO[bytes]:
        return cast("IO[bytes]", ZipMemberReader(path, info))

    return Member(f"{path.name}:{info.filename}", info.file_size, opener)


def broken_json(stream: IO[bytes], exc: Exception) -> str:
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
    raw = stream.raw if isinstance(stream, CountingReader) else stream
    try:
        raw.seek(0)
        data = raw.read(LOCATE_MAX + 1)
    except (OSError, ValueError, InputError):
        data = b""
    if not data or len(data) > LOCATE_MAX:
        return first
    if "premature EOF" in first or isinstance(exc, EOFError):
        line, column = _position(data, len(data))
        return f"line {line}, column {column}: the file ends inside the JSON (cut off?)"
    try:
        json.loads(data)
    except json.JSONDecodeError as err:
        return f"line {err.lineno}, column {err.colno}: {err.msg}"
    except UnicodeDecodeError as err:
        line, column = _position(data, err.start)
        return f"line {line}, column {column}: not UTF-8 text"
    except (RecursionError, ValueError):
        pass
    return first


def not_utf8(stream: IO[bytes], exc: UnicodeDecodeError) -> str:
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
            return f"line {line}, column {column}: not UTF-8 text (byte 0x{data[err.start]:02x})"
    return f"not UTF-8 text ({exc.reason})"


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (both from 1, the column in characters) of byte ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


@contextmanager
def opened(member: Member, on_read: Callable[[int], None] | None = None) -> Iterator[IO[bytes]]:
    """Open ``member``; with ``on_read``, every read is counted through it."""
    stream = member.opener()
    try:
        yield CountingReader(stream, on_read) if on_read else stream  # type: ignore[misc]
    finally:
        stream.close()
