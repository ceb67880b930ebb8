"""``chatdesk sources``: the coding agents' folders found on this computer, turned on or off,
and synced once (for a cron job). No Qt imported. Exit codes as for ``import``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chatdesk.cli_transfer import FAILED, OK, USAGE, ProgressBar, _fail, _user
from chatdesk.startup import open_store

if TYPE_CHECKING:
    from chatdesk.store.models import User


def add_parser(commands: argparse._SubParsersAction, common: object) -> None:  # type: ignore[type-arg]
    """The ``sources`` command and its four actions."""
    sources = commands.add_parser(
        "sources", help="coding agents' folders (Claude Code, Codex, …): list, enable, sync"
    )
    common(sources, argparse.SUPPRESS)  # type: ignore[operator]
    sources.add_argument("action", choices=("list", "enable", "disable", "sync"))
    sources.add_argument("name", nargs="?", metavar="NAME", help="claude-code, codex, …")
    sources.add_argument("--user", metavar="NAME", help="whose library")
    sources.add_argument("--folder", type=Path, help="enable: a folder to add to the source")
    sources.set_defaults(handler=cmd_sources)


def cmd_sources(args: argparse.Namespace) -> int:
    from chatdesk.services import agents
    from chatdesk.services.errors import ServiceError

    open_store(args.database, args.data_dir)
    try:
        if args.action == "list":
            return _list(args)
        if args.action in ("enable", "disable"):
            if args.name not in agents.AGENTS:
                known = ", ".join(agents.AGENTS)
                return _fail(f"say which source: one of {known}", USAGE)
            if args.action == "enable" and not args.user:
                return _fail("say whose library with --user NAME", USAGE)
            users = [_user(args.user)] if args.user else _all_users()
            for user in users:
                agents.set_enabled(user, args.name, args.action == "enable", args.folder)
            print(f"{args.name}: {'on' if args.action == 'enable' else 'off'}")
            return OK
        if not args.user:
            return _fail("say whose library with --user NAME", USAGE)
        return _sync(args)
    except ServiceError as exc:
        return _fail(exc.message("en"))
    except KeyboardInterrupt:
        return _fail("interrupted: what was imported so far is kept", FAILED)


def _all_users() -> list[User]:
    from chatdesk.store.models import User

    return list(User.select())


def _list(args: argparse.Namespace) -> int:
    from chatdesk.services import agents

    states = agents.states(_user(args.user)) if args.user else {}
    for found in agents.discover():
        state = states.get(found.name)
        on = "on " if state is not None and state.enabled else "off" if args.user else "   "
        where = ", ".join(str(f) for f in found.folders) or "-"
        print(f"{found.name:<11} {on} {found.summary()}  [{where}]")
    return OK


def _sync(args: argparse.Namespace) -> int:
    from chatdesk.services import agents

    bar = ProgressBar(sys.stderr)
    try:
        report = agents.sync(
            _user(args.user),
            [args.name] if args.name else None,
            progress=lambda done, total: bar.update(done, total, f"{done} sessions"),
        )
    finally:
        bar.close()
    for skipped in report.skipped:
        print(f"skipped {skipped.name}: {skipped.reason}", file=sys.stderr)
    print(
        f"{report.files} session files, {report.read} read: {report.chats_added} new chats, "
        f"{report.messages_added} messages added, {len(report.skipped)} skipped"
    )
    return OK
