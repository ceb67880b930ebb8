"""Crashes leave a trace: a rotating log, hooks for uncaught exceptions, and a crash file.

:func:`install` writes the log (``chatdesk.log``, rotated at 1 MiB, 3 kept) in the platform's
log folder (platformdirs ``user_log_dir``; ``$CHATDESK_LOG_DIR`` moves it), routes uncaught
exceptions of the main thread (``sys.excepthook``) and of every other thread
(``threading.excepthook``: the API server, the workers) into it with their tracebacks, and tells
``on_crash`` (the desktop app shows a dialog). :mod:`faulthandler` writes what it knows of a
fatal crash (a segfault, an abort inside Qt) to ``crash-PID.txt`` beside the log; the next start
finds it with :func:`take_crash_report`, which moves it into ``crashes/`` so it is mentioned once.
Imports no Qt: ``serve`` uses it too.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import IO

import platformdirs

from chatdesk.paths import APP_NAME, make_private, private_dir

LOG_DIR_ENV = "CHATDESK_LOG_DIR"
LOG_FILE = "chatdesk.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"
#: Where crash files go once reported.
REPORTED = "crashes"

log = logging.getLogger(__name__)

OnCrash = Callable[[Path], None]


def log_dir() -> Path:
    """The log folder: ``$CHATDESK_LOG_DIR``, else the platform's (created)."""
    chosen = os.environ.get(LOG_DIR_ENV)
    if chosen:
        return private_dir(Path(chosen).expanduser())
    return private_dir(Path(platformdirs.user_log_dir(APP_NAME, False)), tighten=True)


class PrivateRotatingFileHandler(RotatingFileHandler):
    """The rotating log, each file 0600: a log names chats, users and paths."""

    def _open(self) -> TextIOWrapper:
        make_private(Path(self.baseFilename))
        return super()._open()


def _not_access(record: logging.LogRecord) -> bool:
    return record.name != "chatdesk.access"  # one line per request: serve's stderr has them


@dataclass
class CrashLog:
    """What :func:`install` changed, so that :meth:`uninstall` can put it back (tests)."""

    folder: Path
    on_crash: OnCrash | None
    handler: RotatingFileHandler
    crash_file: IO[str]
    echo: logging.Handler | None
    previous: tuple[object, object]
    faulthandler_was_on: bool

    @property
    def path(self) -> Path:
        return self.folder / LOG_FILE

    @property
    def crash_path(self) -> Path:
        return Path(self.crash_file.name)

    def report(self, message: str, exc_info: BaseException) -> None:
        """Log ``exc_info`` with its traceback and tell ``on_crash`` where it went."""
        log.critical(message, exc_info=exc_info)
        self.handler.flush()
        if self.on_crash is not None:
            try:
                self.on_crash(self.path)
            except Exception:  # a broken dialog must not hide the first error
                log.exception("could not show the crash dialog")

    def _sys_hook(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        self.report("uncaught exception", value.with_traceback(tb))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "a thread"
        self.report(f"uncaught exception in thread {name}", args.exc_value)

    def uninstall(self) -> None:
        """Put the hooks back, stop logging to the file and remove the (empty) crash file."""
        global _installed
        if _installed is self:
            _installed = None
        sys.excepthook, threading.excepthook = self.previous  # type: ignore[assignment]
        for handler in (self.handler, self.echo):
            if handler is not None:
                logging.getLogger().removeHandler(handler)
                handler.close()
        faulthandler.disable()
        if self.faulthandler_was_on and sys.__stderr__ is not None:  # as pytest had it
            faulthandler.enable(sys.__stderr__, all_threads=True)
        self.crash_file.close()
        if self.crash_path.exists() and self.crash_path.stat().st_size == 0:
            self.crash_path.unlink()


_installed: CrashLog | None = None


def installed() -> CrashLog | None:
    return _installed


def install(
    on_crash: OnCrash | None = None, level: int = logging.INFO, echo_level: int | None = None
) -> CrashLog:
    """Log to the rotating file, hook uncaught exceptions and enable faulthandler.

    Args:
        on_crash: called with the log's path after an uncaught exception was logged (from the
            thread that raised it).
        level: the least severe records the file keeps.
        echo_level: also write records this severe to stderr (where Python's last-resort
            handler wrote warnings before the file handler replaced it); None: the caller has
            its own stderr handler.
    """
    global _installed
    folder = log_dir()
    handler = PrivateRotatingFileHandler(
        folder / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(_not_access)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    was_on = faulthandler.is_enabled()
    crash_path = folder / f"crash-{os.getpid()}.txt"
    make_private(crash_path)  # 0600, then opened by name (CrashLog.crash_path reads it back)
    crash_file = open(crash_path, "w", encoding="utf-8")  # noqa: SIM115
    faulthandler.enable(crash_file, all_threads=True)
    echo = None
    if echo_level is not None and sys.stderr is not None:  # a windowed Windows build has none
        echo = logging.StreamHandler()
        echo.setLevel(echo_level)
        echo.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(echo)
    hooks = (sys.excepthook, threading.excepthook)
    crash_log = CrashLog(folder, on_crash, handler, crash_file, echo, hooks, was_on)
    sys.excepthook = crash_log._sys_hook
    threading.excepthook = crash_log._thread_hook
    _installed = crash_log
    return crash_log


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no harmless probe on Windows: leave its empty files be
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def take_crash_report(folder: Path | None = None) -> Path | None:
    """The newest crash file a past run left (moved into ``crashes/`` so that it is reported
    once), or None. Empty crash files of processes that are gone (killed, not crashed) are
    removed; those of running processes are theirs."""
    folder = folder or log_dir()
    found = []
    for path in folder.glob("crash-*.txt"):
        pid_text = path.stem.removeprefix("crash-")
        pid = int(pid_text) if pid_text.isdigit() else 0
        if pid == os.getpid():
            continue
        try:
            size = path.stat().st_size
        except FileNotFoundError:  # another start took it
            continue
        if size == 0:
            if pid and not _alive(pid):
                path.unlink(missing_ok=True)
            continue
        found.append(path)
    if not found:
        return None
    reported = private_dir(folder / REPORTED)
    moved = []
    for path in sorted(found, key=lambda p: p.stat().st_mtime):
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(path.stat().st_mtime))
        target = reported / f"{stamp}-{path.name}"
        try:
            path.replace(target)
        except FileNotFoundError:
            continue
        moved.append(target)
    if moved:
        log.warning("the previous run crashed: see %s", moved[-1])
    return moved[-1] if moved else None
