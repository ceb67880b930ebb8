"""Prompt collections in and out of the gallery.

In: the awesome-chatgpt-prompts CSV and JSON lists (see :mod:`chatdesk.importers.prompts`). A
title already in the gallery, in any case, or earlier in the file is a duplicate and skipped; a
row the gallery's rules refuse (too long, control characters) is reported with the reason.
Out: the gallery as a JSON list of ``{act, prompt, favorite}`` or a CSV ``act,prompt,favorite``,
both of which this module reads back.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from chatdesk.importers import (
    PROMPTS_CSV,
    PROMPTS_JSON,
    InputError,
    Skipped,
    detect,
    members,
    opened,
)
from chatdesk.importers.prompts import PromptItem, read_csv, read_json
from chatdesk.services import validation
from chatdesk.services.accounts import AccountRef
from chatdesk.services.errors import ServiceError
from chatdesk.services.events import Change, publish
from chatdesk.services.exporting import atomic_output
from chatdesk.services.prompts import _insert, count, list_prompts, set_favorites
from chatdesk.store import write_transaction
from chatdesk.store.db import advisory_lock
from chatdesk.store.models import Prompt

BATCH = 200
EXPORT_FORMATS = ("json", "csv")
ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


@dataclass
class PromptImportReport:
    """``read`` records; ``added`` new; ``duplicates`` skipped by title; ``invalid`` refused."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    invalid: list[Skipped] = field(default_factory=list)
    cancelled: bool = False
    #: Stray control characters taken out of titles and texts (validation.strip_controls).
    controls_removed: int = 0


def _checked(item: PromptItem, report: PromptImportReport) -> PromptItem:
    """``item`` by the gallery's rules, its stray control characters taken out first (counted
    in ``report``): a collection's U+001E or U+001F costs the prompt no more. Raises
    ServiceError for what stays refused (too long, a title on two lines)."""
    title, in_title = validation.strip_controls(item.title)
    text, in_text = validation.strip_controls(item.text)
    title = validation.text(title.strip(), "prompt_title", max_len=validation.PROMPT_TITLE_MAX)
    text = validation.text(
        text.strip(), "prompt_text", max_len=validation.PROMPT_TEXT_MAX, multiline=True
    )
    report.controls_removed += in_title + in_text
    return PromptItem(title, text, item.favorite)


def import_prompts(
    path: Path,
    *,
    user: AccountRef | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> PromptImportReport:
    """Add the prompts of the CSV or JSON collection at ``path`` to the gallery; the ones it
    marks as favourites are starred for ``user`` (if any).

    ``progress(done, total)`` counts bytes; ``cancel`` is checked before each batch of
    :data:`BATCH` prompts (those added before stay). Raises InputError when the file cannot be
    read.
    """
    if not path.is_file():
        raise InputError(f"{path}: no such file", "missing", name=str(path))
    member = members(path)[0]
    with opened(member) as stream:
        found = detect(member.name, stream)
    if found.format not in (PROMPTS_CSV, PROMPTS_JSON):
        raise InputError(
            f"{path}: not a prompt collection (CSV act,prompt or a JSON list)",
            "not_prompts",
            name=str(path),
        )
    read = read_csv if found.format == PROMPTS_CSV else read_json
    report = PromptImportReport()
    done = 0

    def count(nbytes: int) -> None:
        nonlocal done
        done += nbytes

    batch: list[PromptItem] = []
    with opened(member, count) as stream:
        for item in read(member.name, stream):
            report.read += 1
            if isinstance(item, Skipped):
                report.invalid.append(item)
                continue
            try:
                batch.append(_checked(item, report))
            except ServiceError as exc:
                report.invalid.append(Skipped(repr(item.title[:80]), exc.message("en")))
            if len(batch) >= BATCH:
                if cancel is not None and cancel():
                    report.cancelled = True
                    return report
                _add(batch, report, user)
                batch = []
                if progress is not None:
                    progress(min(done, member.size), member.size)
    if cancel is not None and cancel():
        report.cancelled = True
        return report
    _add(batch, report, user)
    if progress is not None:
        progress(member.size, member.size)
    return report


def _add(batch: list[PromptItem], report: PromptImportReport, user: AccountRef | None) -> None:
    if not batch:
        return
    with write_transaction(), advisory_lock("chatdesk-prompt-slot"):
        keys = list({item.title.casefold() for item in batch})
        taken = {
            p.title_key for p in Prompt.select(Prompt.title_key).where(Prompt.title_key.in_(keys))
        }
        added = 0
        starred: list[int] = []
        for item in batch:
            key = item.title.casefold()
            if key in taken:
                report.duplicates += 1
                continue
            prompt = _insert(item.title, item.text)
            if item.favorite:
                starred.append(prompt.id)
            taken.add(key)
            added += 1
        if user is not None:
            set_favorites(user, starred)
        if added:
            publish(Change("prompt"))
    report.added += added


def export_prompts(target: Path, fmt: str, user: AccountRef | None = None) -> int:
    """Write the gallery to ``target`` (``user``'s favourites marked and first, then by title);
    returns how many."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown prompt export format {fmt!r} (json or csv)")
    rows = [
        {"act": p.title, "prompt": p.text, "favorite": p.favorite}
        for p in list_prompts(user=user, limit=max(count(), 1))
    ]
    with atomic_output(target, newline="") as out:
        if fmt == "json":
            json.dump(rows, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            writer = csv.DictWriter(out, fieldnames=["act", "prompt", "favorite"])
            writer.writeheader()
            writer.writerows({**r, "favorite": "true" if r["favorite"] else ""} for r in rows)
    return len(rows)
