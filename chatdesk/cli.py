"""The command line: the desktop app by default; ``serve`` (the API alone), ``import``, ``export``,
``backup`` and ``restore`` import no Qt."""

from __future__ import annotations

import argparse
import errno
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from chatdesk import __version__, crashlog
from chatdesk import cli_transfer as transfer
from chatdesk.api import DEFAULT_THREADS
from chatdesk.startup import DesktopOptions, failure_line, open_store, store_name

if TYPE_CHECKING:
    from chatdesk.api.security import SecurityConfig

DEFAULT_PORT = 8000


def _common(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument("--data-dir", default=default, help="where ChatDesk keeps its data")
    parser.add_argument(
        "--database", default=default, metavar="URL", help="sqlite:///FILE or postgresql://…"
    )


def _port(value: str) -> int:
    """A TCP port, 0 (any free one) to 65535."""
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0 to 65535)")
    return port


def _origin(value: str) -> str:
    """A browser origin, as :func:`chatdesk.api.security.allowed_origin` takes it."""
    from chatdesk.api.security import OriginError, allowed_origin

    try:
        return allowed_origin(value)
    except OriginError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _new_file(value: str) -> Path:
    """A path to write to: its folder must exist."""
    path = Path(value).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} is a folder, not a file name")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"the folder {str(path.parent)!r} does not exist")
    return path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chatdesk", description="ChatDesk: a desktop manager for AI chat histories."
    )
    parser.add_argument("--version", action="version", version=f"ChatDesk {__version__}")
    _common(parser)
    parser.add_argument(
        "--port", type=_port, help=f"API port (default: the saved one, {DEFAULT_PORT} at first)"
    )
    parser.add_argument("--no-server", action="store_true", help="do not serve the API")
    parser.add_argument(
        "--smoke-test",
        type=_new_file,
        metavar="PNG",
        help="show the login window, save a screenshot of it to PNG and quit (exit code 0, or 1 "
        "if it was not shown within 10 s)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the /myapp/ API without the desktop app")
    _common(serve, argparse.SUPPRESS)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help="port (default 8000)")
    serve.add_argument(
        "--threads",
        type=int,
        default=DEFAULT_THREADS,
        help=f"worker threads (default {DEFAULT_THREADS}; more if many clients sign in at once)",
    )
    serve.add_argument(
        "--require-token", action="store_true", help="every call but login/register needs a token"
    )
    serve.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        type=_origin,
        metavar="ORIGIN",
        help="a browser origin allowed to call the API, scheme://host[:port] (repeatable)",
    )
    serve.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="HOST",
        help="a Host name accepted besides localhost/127.0.0.1/[::1] (repeatable)",
    )
    serve.set_defaults(handler=cmd_serve)

    imp = commands.add_parser(
        "import",
        help="import chats (an export, backup or agent session: ChatGPT, Claude, DeepSeek, "
        "Gemini, Grok, …; docs/import-export.md lists them) or prompts",
    )
    _common(imp, argparse.SUPPRESS)
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a file, folder or .zip")
    imp.add_argument("--user", metavar="NAME", help="whose history the chats join")
    imp.add_argument(
        "--prompts", action="store_true", help="FILE is a prompt collection (else detected)"
    )
    imp.set_defaults(handler=transfer.cmd_import)

    exp = commands.add_parser("export", help="export chats, or the prompt gallery")
    _common(exp, argparse.SUPPRESS)
    exp.add_argument("--user", metavar="NAME", help="whose chats")
    exp.add_argument(
        "--chat", type=int, nargs="+", action="extend", default=[], metavar="ID", help="chat ids"
    )
    exp.add_argument("--chat-key", nargs="+", action="extend", default=[], metavar="KEY")
    exp.add_argument(
        "--folder", metavar="PATH", help="the chats in this folder and its sub-folders (A/B)"
    )
    exp.add_argument(
        "--tag", action="append", default=[], metavar="NAME", help="the chats with this tag"
    )
    exp.add_argument("--prompts", action="store_true", help="export the prompt gallery")
    exp.add_argument("-f", "--format", choices=("md", "json", "html", "csv"), help="else from OUT")
    exp.add_argument("-o", "--output", required=True, metavar="OUT", help="a file, or - (stdout)")
    exp.set_defaults(handler=transfer.cmd_export)

    backup = commands.add_parser("backup", help="copy the whole (SQLite) database to one file")
    _common(backup, argparse.SUPPRESS)
    backup.add_argument("out", metavar="OUT")
    backup.set_defaults(handler=transfer.cmd_backup)

    restore = commands.add_parser("restore", help="replace the database with a backup")
    _common(restore, argparse.SUPPRESS)
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(handler=transfer.cmd_restore)

    mcp = commands.add_parser(
        "mcp", help="serve the library to an AI app over stdio (Model Context Protocol)"
    )
    _common(mcp, argparse.SUPPRESS)
    mcp.add_argument("--user", metavar="NAME", help="whose library (optional with one account)")
    mcp.set_defaults(handler=cmd_mcp)

    from chatdesk import cli_ai_apps, cli_sources

    cli_sources.add_parser(commands, _common)
    cli_ai_apps.add_parser(commands, _common)
    return parser


def serve_settings(args: argparse.Namespace) -> tuple[SecurityConfig, int]:
    """The server's guards and minimum password length: binding beyond loopback forces token
    mode and 8-character passwords."""
    from chatdesk.api.security import SecurityConfig, is_loopback_address

    remote = not is_loopback_address(args.host)
    config = SecurityConfig.build(
        require_token=args.require_token or remote,
        allowed_origins=args.allow_origin,
        allowed_hosts=args.allowed_host,
    )
    return config, 8 if remote else 6


def cmd_serve(args: argparse.Namespace) -> int:
    from chatdesk.api.app import Api
    from chatdesk.api.server import ApiServer, ServerThread
    from chatdesk.services import meaning

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # One line per request: skip what the format never shows (the logging HOWTO's
    # "Optimization": caller's file and line, thread and process names).
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    log = logging.getLogger("chatdesk.serve")
    crashlog.install()  # the file keeps what stderr shows but the access log, and tracebacks
    crashlog.take_crash_report()
    config, min_password = serve_settings(args)
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    url = open_store(args.database, args.data_dir)
    meaning.ensure_worker()  # embeds in the background (the model: CHATDESK_MEANING_MODEL)
    app = Api(config, min_password=min_password)
    server = ApiServer(app, args.host, args.port, threads=args.threads)
    thread = ServerThread(server)
    try:
        thread.start_and_wait()
    except OSError as exc:
        hint = " (another program uses it: choose another with --port)"
        log.error(
            "cannot listen on %s:%s: %s%s",
            args.host,
            args.port,
            exc.strerror or exc,
            hint if exc.errno == errno.EADDRINUSE else "",
        )
        return 1
    log.info(
        "serving %s/myapp/ (database %s, token mode %s)",
        server.url,
        url.split("@")[-1],
        "on" if config.require_token else "off",
    )
    from chatdesk.services.agents import SourceWatcher, users_with_sources

    # the coding agents' folders an account turned on (from the app or `chatdesk sources`)
    sources = SourceWatcher(users_with_sources)
    sources.start()
    try:
        while not stop.wait(0.5):
            if not thread.is_alive():
                log.error("the server stopped unexpectedly")
                return 1
    finally:
        sources.stop()
    log.info("shutting down")
    thread.stop()
    meaning.stop_worker()
    log.info("stopped")
    return 0


def cmd_mcp(args: argparse.Namespace) -> int:
    from chatdesk.mcp_server.stdio import serve_stdio

    return serve_stdio(args.user, args.database, args.data_dir)


def desktop_options(args: argparse.Namespace) -> DesktopOptions:
    return DesktopOptions(
        database=args.database,
        data_dir=args.data_dir,
        port=args.port,
        no_server=args.no_server,
        smoke_test=args.smoke_test,
    )


def cmd_gui(args: argparse.Namespace) -> int:
    from chatdesk.system_libs import display_problem

    problem = display_problem()  # before Qt loads: it would abort with a generic message
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    from chatdesk.ui.launch import run

    return run(desktop_options(args))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        return cmd_gui(args)
    try:
        return int(handler(args))
    except Exception as exc:
        # a full disk, a read-only folder, a damaged file, a server that is down: one line, not
        # a traceback (what is left is a bug, and keeps its traceback)
        line = failure_line(exc, store_name(args.database, args.data_dir))
        if line is None:
            raise
        print(f"chatdesk: {line}", file=sys.stderr)
        return 1
