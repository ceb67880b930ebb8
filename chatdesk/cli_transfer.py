"""The ``import``, ``export``, ``backup`` and ``restore`` commands (no Qt imported).

Exit codes: 0 done (an import that skipped malformed conversations names them on stderr and
still succeeds), 1 failed with a message on stderr, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from chatdesk.startup import open_store

if TYPE_CHECKING:
    from chatdesk.services.errors import ServiceError
    from chatdesk.store.models import User

OK, FAILED, USAGE = 0, 1, 2
CHAT_FORMATS = ("md", "json", "html")
PROMPT_FORMATS = ("json", "csv")
SUFFIXES = {".md": "md", ".json": "json", ".html": "html", ".htm": "html", ".csv": "csv"}


class ProgressBar:
    """A one-line progress bar on a terminal (nothing when the stream is not one)."""

    def __init__(self, stream: TextIO, *, force: bool = False, width: int = 28) -> None:
        self.stream = stream
        self.enabled = force or stream.isatty()
        self.width = width
        self.last = 0.0
        self.drawn = False

    def update(self, done: int, total: int, note: str = "", *, final: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not final and now - self.last < 0.1):
            return
        self.last = now
        share = done / total if total else 1.0
        filled = int(self.width * share)
        bar = "#" * filled + "." * (self.width - filled)
        size = f"{done / 1e6:.1f}/{total / 1e6:.1f} MB"
        self.stream.write(f"\r[{bar}] {share:4.0%}  {size}  {note}\x1b[K")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def _fail(message: str, code: int = FAILED) -> int:
    print(f"chatdesk: {message}", file=sys.stderr)
    return code


def _user(name: str | None) -> User:
    from chatdesk.services import accounts

    return accounts.find_user(name)


def cmd_import(args: argparse.Namespace) -> int:
    from chatdesk.importers import InputError
    from chatdesk.services.errors import ServiceError
    from chatdesk.services.importing import input_kind

    open_store(args.database, args.data_dir)
    status = OK
    for path in args.files:
        try:
            prompts = args.prompts or input_kind(path) == "prompts"
            if prompts:
                _import_prompts(path, _user(args.user) if args.user else None)
            elif not args.user:
                return _fail(f"{path}: holds chats: say whose with --user NAME", USAGE)
            else:
                _import_chats(path, _user(args.user))
        except (InputError, ServiceError, OSError) as exc:
            status = _fail(str(exc) if not isinstance(exc, ServiceError) else exc.message("en"))
        except KeyboardInterrupt:
            return _fail("interrupted: the conversations imported so far are kept")
    return status


def _import_chats(path: Path, user: User) -> None:
    from chatdesk.services.importing import ImportProgress, import_chats
    from chatdesk.services.validation import CONTENT_MAX

    bar = ProgressBar(sys.stderr)

    def progress(p: ImportProgress) -> None:
        bar.update(p.done, p.total, f"{p.conversations} conversations", final=p.done == p.total)

    try:
        report = import_chats(user, path, progress=progress)
    finally:
        bar.close()
    for skipped in report.skipped:
        print(f"skipped {skipped.name}: {skipped.reason}", file=sys.stderr)
    repeated = f", {report.repeated} repeated in the file" if report.repeated else ""
    extras = ""
    if report.messages_cut:
        extras += f"; {report.messages_cut} cut to {CONTENT_MAX:,} characters"
    if report.controls_removed:
        extras += f"; {report.controls_removed} control characters removed"
    from chatdesk.services.importing import found_by_format

    found = "; ".join(f"{name}: {n} conversations" for name, n in found_by_format(report))
    print(
        f"{path.name}: {report.conversations} conversations ({found or '-'}): "
        f"{report.chats_added} new chats, {report.chats_updated} updated, "
        f"{report.unchanged} unchanged{repeated}, {len(report.skipped)} skipped; "
        f"{report.messages_added} messages added{extras}"
    )


def _import_prompts(path: Path, user: User | None) -> None:
    """A prompt collection into the gallery; its favourites become ``user``'s (if given)."""
    from chatdesk.services.prompt_collections import import_prompts

    report = import_prompts(path, user=user)
    for skipped in report.invalid:
        print(f"skipped {skipped.name}: {skipped.reason}", file=sys.stderr)
    print(
        f"{path.name}: {report.read} prompts: {report.added} added, "
        f"{report.duplicates} duplicates skipped, {len(report.invalid)} refused"
        + (
            f"; {report.controls_removed} control characters removed"
            if report.controls_removed
            else ""
        )
    )


def _format(args: argparse.Namespace, allowed: tuple[str, ...]) -> str | None:
    """``--format``, else the one OUT's suffix names; None when that is not in ``allowed``."""
    fmt = args.format or SUFFIXES.get(Path(args.output).suffix.lower())
    return fmt if fmt in allowed else None


def cmd_export(args: argparse.Namespace) -> int:
    from chatdesk.services import exporting
    from chatdesk.services.errors import ServiceError
    from chatdesk.services.prompt_collections import export_prompts

    allowed = PROMPT_FORMATS if args.prompts else CHAT_FORMATS
    fmt = _format(args, allowed)
    if fmt is None:
        return _fail(f"say --format {'|'.join(allowed)} (or give OUT that suffix)", USAGE)
    if not args.prompts and not args.user:
        return _fail("say whose chats with --user NAME", USAGE)
    if args.prompts and args.output == "-":
        return _fail("the gallery is exported to a file: give -o FILE", USAGE)
    folder, tag_names = getattr(args, "folder", None), getattr(args, "tag", None) or []
    if args.prompts and (folder is not None or tag_names):
        return _fail("--folder and --tag select chats, not prompts", USAGE)
    open_store(args.database, args.data_dir)
    try:
        if args.prompts:
            owner = _user(args.user) if args.user else None  # whose favourites are marked
            count = export_prompts(Path(args.output), fmt, owner)
            print(f"exported {count} prompts to {args.output}")
            return OK
        user = _user(args.user)
        where = exporting.selection(user, folder, tag_names)
        if args.output == "-":
            chats = exporting.selected_chats(user, args.chat, args.chat_key, where)
            everything = where is None and not args.chat and not args.chat_key
            filing = exporting.filing_of(user, chats, where, everything)
            exporting.write_chats(chats, sys.stdout, fmt, filing=filing)
            return OK
        count = exporting.export_to_file(
            user, Path(args.output), fmt, args.chat, args.chat_key, where=where
        )
    except ServiceError as exc:
        return _fail(_export_error(exc, args.user))
    except OSError as exc:
        return _fail(f"{args.output}: {exc.strerror or exc}")
    print(f"exported {count} chats to {args.output}")
    return OK


def _export_error(exc: ServiceError, user: str) -> str:
    """What a failed export says: which chat, folder or tag is not the user's."""
    if exc.code == 3001:
        return "no such chat among the user's chats (in the folder and tags given)"
    if exc.code == 6001:
        return (
            f"no folder {exc.params.get('name')!r} among {user}'s folders "
            "(give its path from the top, e.g. Work/Clients); nothing was written"
        )
    if exc.code == 6004:
        return f"no tag {exc.params.get('name')!r} among {user}'s tags; nothing was written"
    return exc.message("en")


def cmd_backup(args: argparse.Namespace) -> int:
    from chatdesk.services.backup import BackupError, backup

    open_store(args.database, args.data_dir)
    try:
        target = backup(Path(args.out))
    except (BackupError, OSError) as exc:
        return _fail(str(exc))
    print(f"backed up to {target}")
    return OK


def cmd_restore(args: argparse.Namespace) -> int:
    from chatdesk.services.backup import BackupError, restore

    open_store(args.database, args.data_dir)
    try:
        done = restore(Path(args.file))
    except (BackupError, OSError) as exc:
        return _fail(str(exc))
    print(
        f"restored {args.file} into {done.database} (the previous database is at {done.previous})"
    )
    return OK
