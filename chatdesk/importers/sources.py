"""The files an import reads: a JSON or CSV file, an export folder, or the export's ``.zip``.

Every member is opened as a binary stream that counts the bytes read, so a caller can report
progress over the whole input without knowing the format.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

#: ``conversations.json`` and the shards ``conversations-000.json`` … of newer ChatGPT exports.
CONVERSATIONS = re.compile(r"^conversations(-\d+)?\.json$", re.IGNORECASE)


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
    return [_file_member(path, path.name)]


def _file_member(path: Path, name: str) -> Member:
    return Member(name, path.stat().st_size, lambda: path.open("rb"))


def _zip_members(path: Path) -> list[Member]:
    with zipfile.ZipFile(path) as archive:
        infos = [
            info
            for info in archive.infolist()
            if not info.is_dir() and CONVERSATIONS.match(Path(info.filename).name)
        ]
    if not infos:
        raise InputError(f"{path}: the archive holds no conversations.json")
    infos.sort(key=lambda info: _shard_key(info.filename))
    return [_zip_member(path, info) for info in infos]


def _zip_member(path: Path, info: zipfile.ZipInfo) -> Member:
    def opener() -> IO[bytes]:
        archive = zipfile.ZipFile(path)
        stream = archive.open(info)
        close = stream.close

        def close_both() -> None:
            close()
            archive.close()

        stream.close = close_both  # type: ignore[method-assign]
        return stream

    return Member(f"{path.name}:{info.filename}", info.file_size, opener)


@contextmanager
def opened(member: Member, on_read: Callable[[int], None] | None = None) -> Iterator[IO[bytes]]:
    """Open ``member``; with ``on_read``, every read is counted through it."""
    stream = member.opener()
    try:
        yield CountingReader(stream, on_read) if on_read else stream  # type: ignore[misc]
    finally:
        stream.close()
