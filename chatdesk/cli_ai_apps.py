"""``chatdesk ai-saving``: the option "Let AI apps save to my library" from the command line, so
that the admin of a headless ``serve`` (which has no window to tick it in) can turn it on or off
per account. Running MCP servers follow it at their next call. No Qt imported; exit codes as
for ``import``."""

from __future__ import annotations

import argparse

from chatdesk.cli_transfer import OK, USAGE, _fail, _user
from chatdesk.startup import open_store


def add_parser(commands: argparse._SubParsersAction, common: object) -> None:  # type: ignore[type-arg]
    """The ``ai-saving`` command and its three actions."""
    saving = commands.add_parser(
        "ai-saving",
        help="let AI apps (MCP) save to a library, or not: on, off, status",
        description="Turn the option 'Let AI apps save to my library' on or off for an "
        "account: while it is on, MCP clients get the write tools (save_message, tag_chats, "
        "move_chats). 'off' without --user turns it off for every account.",
    )
    common(saving, argparse.SUPPRESS)  # type: ignore[operator]
    saving.add_argument(
        "action", choices=("on", "off", "status"), metavar="ACTION", help="on, off or status"
    )
    saving.add_argument("--user", metavar="NAME", help="whose library (on: required)")
    saving.set_defaults(handler=cmd_ai_saving)


def cmd_ai_saving(args: argparse.Namespace) -> int:
    from chatdesk.services import ai_apps
    from chatdesk.services.errors import ServiceError

    open_store(args.database, args.data_dir)
    try:
        if args.action == "on" and not args.user:
            return _fail("say whose library with --user NAME", USAGE)
        if args.user:
            users = [_user(args.user)]
        else:
            users = ai_apps.accounts_allowing_writes()
            if not users:
                print("no account lets AI apps save")
                return OK
        for user in users:
            if args.action != "status":
                ai_apps.set_writes_allowed(user, args.action == "on")
            print(f"{user.username}: {'on' if ai_apps.writes_allowed(user) else 'off'}")
        return OK
    except ServiceError as exc:
        return _fail(exc.message("en"))
