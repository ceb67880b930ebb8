"""Prompt collections: the awesome-chatgpt-prompts CSV (``act,prompt``, or the newer five-column
layout) and JSON lists of ``{act, prompt}`` or ``{title, text}``; both may carry ``favorite``.

Rows come out as read; length and character rules are the gallery's (see the prompt service).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import ijson

from chatdesk.importers.model import Skipped
from chatdesk.importers.sources import InputError, broken_json, guarded, not_utf8

TITLE_KEYS = ("act", "title")
TEXT_KEYS = ("prompt", "text")
#: One newer awesome-chatgpt-prompts prompt is 144,260 characters, above csv's default limit.
FIELD_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True)
class PromptItem:
    title: str
    text: str
    favorite: bool = False


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y")
    return value is True or value == 1


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> object:
    return next((record[k] for k in keys if k in record), None)


def read_json(name: str, stream: IO[bytes]) -> Iterator[PromptItem | Skipped]:
    """The records of a JSON list, streamed."""
    index = -1
    try:
        for index, record in enumerate(ijson.items(guarded(stream, name), "item")):
            title = _pick(record, TITLE_KEYS) if isinstance(record, dict) else None
            text = _pick(record, TEXT_KEYS) if isinstance(record, dict) else None
            if not isinstance(title, str) or not isinstance(text, str):
                yield Skipped(f"item {index + 1}", "needs a text 'act' (or 'title') and 'prompt'")
                continue
            yield PromptItem(title, text, _truthy(record.get("favorite")))
    except ijson.JSONError as exc:
        where = broken_json(stream, exc)
        if index < 0:
            raise InputError(
                f"{name}: not valid JSON: {where}", "not_json", name=name, where=where
            ) from None
        raise InputError(
            f"{name}: the JSON breaks off after item {index + 1}: {where}",
            "json_breaks",
            name=name,
            after=index + 1,
            where=where,
        ) from None


def read_csv(name: str, stream: IO[bytes]) -> Iterator[PromptItem | Skipped]:
    """The rows of a CSV with a header naming ``act`` and ``prompt`` (UTF-8, BOM or not).

    ``skipinitialspace`` reads the classic file's one malformed row (an unquoted title, then a
    space before the quoted prompt) as the two fields its author meant.
    """
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    rows = csv.reader(text, skipinitialspace=True)
    try:
        header = [h.strip().lower() for h in next(rows, [])]
        title_at = next((header.index(k) for k in TITLE_KEYS if k in header), None)
        text_at = next((header.index(k) for k in TEXT_KEYS if k in header), None)
        if title_at is None or text_at is None:
            raise InputError(
                f"{name}: the first row must name the columns 'act' and 'prompt'",
                "csv_header",
                name=name,
            )
        favorite_at = header.index("favorite") if "favorite" in header else None
        for row in rows:
            if not row or row == [""]:
                continue
            line = rows.line_num
            if len(row) != len(header):
                yield Skipped(
                    f"line {line}", f"{len(row)} fields where the header has {len(header)}"
                )
                continue
            favorite = favorite_at is not None and _truthy(row[favorite_at])
            yield PromptItem(row[title_at], row[text_at], favorite)
    except UnicodeDecodeError as exc:
        where = not_utf8(stream, exc)
        raise InputError(
            f"{name}: {where}; save it as UTF-8", "not_utf8", name=name, where=where
        ) from None
    except csv.Error as exc:
        raise InputError(
            f"{name}: unreadable CSV at line {rows.line_num}: {exc}",
            "csv_unreadable",
            name=name,
            line=rows.line_num,
            detail=str(exc),
        ) from None
