"""Aider's chat history: ``<repo>/.aider.chat.history.md``, appended to by every run.

Markdown (FORMATS.md, section 17), read line by line: each ``# aider chat started at
YYYY-MM-DD HH:MM:SS`` (local time, the only time there is) begins a chat of its own. In it,
``#### `` lines are the person's input (consecutive ones are one message; a ``/command`` is
kept as typed and does not title the chat), ``> `` lines are aider's own output (banners,
``Tokens: …``, ``Applied edit …``, ``Commit …``, errors), kept as one folded tool row named
``aider`` per run of such lines, and everything else is the model's reply. ``> Model: …``
gives the model. A run with nothing but aider's own output (it stopped at a question) is not a
chat and is left out.

Ids: a chat is its start time (read by file or from its folder alike); a
message is its place in the chat, so a reply that grows is the same message, longer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import IO

from chatdesk.importers._agents import LINE_MAX, SessionBuilder
from chatdesk.importers.model import (
    TEXT,
    TOOL,
    ImportedChat,
    ImportedMessage,
    Skipped,
    clean,
    model_name,
    stable_id,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import Member

SOURCE = "aider"
GROWS = True
LABEL = "Aider"
FILES = r"(?:^|/)\.aider\.chat\.history\.md$"
EXAMPLE_SUFFIX = ".md"
#: One run of two turns (the fuzz test writes it as it is: a text file, not JSON).
EXAMPLE = (
    "\n# aider chat started at 2025-06-02 11:47:49\n\n"
    "> Aider v0.84.0  \n> Model: gpt-4o with diff edit format  \n\n"
    "#### How long to steep tea?  \n\n"
    "About 3 minutes.\n\n"
    "> Tokens: 2.1k sent, 12 received.  \n"
)


def example_bytes() -> bytes:
    """:data:`EXAMPLE` as the file holds it (tests: detection, fuzzing)."""
    return EXAMPLE.encode("utf-8")


_START = re.compile(r"^# aider chat started at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s*$")
_MODEL = re.compile(r"^> Model: (\S+)")


def sniff(probe: Probe) -> str | None:
    """A text file whose lines include ``# aider chat started at``."""
    if probe.shape in ("other", "html") and re.search(
        r"(?m)^# aider chat started at \d{4}-", probe.text
    ):
        return ""
    return None


def _local(text: str) -> dt.datetime | None:
    """The header's local time as naive UTC (the machine's zone: aider wrote it there)."""
    try:
        stamp = dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
        return stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    except (ValueError, OverflowError, OSError):
        return None


def project_of(name: str) -> str | None:
    """The folder that holds the history file, from the member's name, if it says."""
    parts = [p for p in re.split(r"[\\/]", name.split(":")[-1]) if p]
    return parts[-2] if len(parts) >= 2 else None


class Reader:
    """A history read line by line; :attr:`runs` are its chats (each a builder)."""

    def __init__(self, project: str | None = None) -> None:
        self.project = project
        self.runs: list[SessionBuilder] = []
        self._kind: str | None = None  # "user", "aider", "reply": the block being read
        self._lines: list[str] = []
        self._n = 0
        self._model: str | None = None

    def feed_line(self, line: str) -> None:
        start = _START.match(line)
        if start:
            self._flush()
            run = SessionBuilder(SOURCE)
            # the start time alone: the same history read by file or from its folder is the
            # same chat (two projects started in the same second would share one: rare)
            run.session_id = stable_id("aider", start.group(1))
            run.workdir = self.project
            when = _local(start.group(1))
            run.created_at = run.updated_at = when
            self.runs.append(run)
            self._kind, self._lines, self._n, self._model = None, [], 0, None
            return
        if not self.runs:
            return
        if line.startswith("#### ") or line.rstrip() == "####":
            kind, text = "user", line[5:]
        elif line.startswith(">"):
            kind, text = "aider", line[2:] if line.startswith("> ") else line[1:]
            found = _MODEL.match(line)
            if found:
                self._model = model_name(found.group(1))
        elif not line.strip():
            if self._kind is not None:
                self._lines.append("")
            return
        else:
            kind, text = "reply", line
        if kind != self._kind:
            self._flush()
            self._kind = kind
        self._lines.append(text.rstrip())
        self._emit()

    def _flush(self) -> None:
        if self._kind is not None and any(s.strip() for s in self._lines):
            self._n += 1
        self._kind, self._lines = None, []

    def _emit(self) -> None:
        """The block being read, as it stands (it may grow: the same id, longer)."""
        run = self.runs[-1]
        text = clean("\n".join(self._lines).strip())
        if not text:
            return
        ident = str(self._n + 1)
        when = run.created_at
        if self._kind == "user":
            if not text.startswith("/"):
                run.prompt(text)
            run.put(ImportedMessage(ident, "user", text, when))
        elif self._kind == "aider":
            run.put(ImportedMessage(ident, "assistant", text, when, kind=TOOL, tool="aider"))
        else:
            run.put(ImportedMessage(ident, "assistant", text, when, kind=TEXT, model=self._model))

    def chats(self) -> Iterator[ImportedChat]:
        """Every run that holds a conversation (a message of the person or of the model)."""
        for run in self.runs:
            if any(m.kind == TEXT for m in run.messages.values()):
                yield run.chat(LABEL, run.session_id or "aider")


def lines(stream: IO[bytes]) -> Iterator[str]:
    """The file's lines as text (invalid UTF-8 replaced; an overlong line cut)."""
    while True:
        raw = stream.readline(LINE_MAX)
        if not raw:
            return
        yield raw.decode("utf-8", "replace").rstrip("\r\n")


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    """Every chat of a history file."""
    reader = Reader(project_of(member.name))
    for line in lines(stream):
        reader.feed_line(line)
    reader._flush()
    found = False
    for chat in reader.chats():
        found = True
        yield chat
    if not found:
        yield Skipped(member.name, "no conversation in this history")
