"""Claude Code session transcripts: ``~/.claude/projects/<project>/<session>.jsonl``.

One JSON record a line (FORMATS.md, section 1). What becomes of each:

- ``user`` records: the person's prompt (a string, or ``text``/``image`` blocks: an image is
  named, ``[image: image/png]``, not kept); a slash command (``<command-name>/init``
  ``<command-args>…``) shown as the command itself, ``/init …``; a command's printed output
  (``<local-command-stdout>``) as a tool row; ``isMeta`` records (context Claude Code injects)
  left out; ``tool_result`` blocks fill the tool call they answer (by ``tool_use_id``).
- ``assistant`` records: one API response is written as several lines sharing ``message.id``,
  one block each; consecutive ``text`` blocks of one response are merged into one message,
  ``thinking`` is a reasoning row, each ``tool_use`` one tool row (named, its input as JSON)
  that its result fills when it arrives. The model is kept.
- ``custom-title`` (the person's ``/rename``), then ``summary``, then ``ai-title`` give the
  title; without them the first real prompt does.
- Sub-agents are **folded**: the sub-agent's own steps (records with ``isSidechain``, and the
  ``subagents/agent-*.jsonl`` files) are not imported into the session; the ``Task``/``Agent``
  tool call that started it is one tool row whose result is the sub-agent's answer. A file
  that holds nothing but sidechain records (a sub-agent's file imported by hand) is read as a
  thread of its own.
- ``system``, ``progress``, ``file-history-snapshot``, ``attachment`` and unknown types are
  left out.

Ids: a prompt is its record's ``uuid``; a response's text or reasoning is the ``uuid`` of the
line that began it; a tool call is its ``tool_use`` id. So reading the file again, or only what
was appended (:class:`Reader` carries its small state over), gives the same ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

from chatdesk.importers._agents import (
    LineCursor,
    SessionBuilder,
    file_stem,
    image_name,
    json_lines,
    tool_message,
)
from chatdesk.importers.model import (
    REASONING,
    TEXT,
    TOOL,
    ImportedChat,
    ImportedMessage,
    Skipped,
    clean,
    from_iso,
    model_name,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import Member

SOURCE = "claude-code"
GROWS = True
LABEL = "Claude Code"
#: Sessions in a Claude Code folder, a project's folder or a zip of either: named by their
#: session's UUID (sub-agents' own ``agent-<id>.jsonl`` files are left out: folded, above).
FILES = r"(?:^|/)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.jsonl$"
EXAMPLE_SUFFIX = ".jsonl"
#: A session of two turns with a tool call, as Claude Code writes it (the fuzz test's seed).
EXAMPLE: list[dict[str, Any]] = [
    {
        "parentUuid": None,
        "isSidechain": False,
        "cwd": "/home/me/tea",
        "sessionId": "s1",
        "gitBranch": "main",
        "type": "user",
        "message": {"role": "user", "content": "How long to steep tea?"},
        "uuid": "u1",
        "timestamp": "2025-09-03T00:47:19.293Z",
    },
    {
        "parentUuid": "u1",
        "isSidechain": False,
        "cwd": "/home/me/tea",
        "sessionId": "s1",
        "type": "assistant",
        "message": {
            "id": "msg_1",
            "role": "assistant",
            "model": "claude-sonnet-4",
            "content": [
                {"type": "tool_use", "id": "toolu_1", "name": "Bash", "input": {"command": "ls"}}
            ],
        },
        "uuid": "a1",
        "timestamp": "2025-09-03T00:47:20.000Z",
    },
    {
        "parentUuid": "a1",
        "isSidechain": False,
        "sessionId": "s1",
        "type": "user",
        "message": {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "tea.txt"}],
        },
        "uuid": "u2",
        "timestamp": "2025-09-03T00:47:21.000Z",
    },
    {
        "parentUuid": "u2",
        "isSidechain": False,
        "sessionId": "s1",
        "type": "assistant",
        "message": {
            "id": "msg_2",
            "role": "assistant",
            "model": "claude-sonnet-4",
            "content": [{"type": "text", "text": "About 3 minutes."}],
        },
        "uuid": "a2",
        "timestamp": "2025-09-03T00:47:22.000Z",
    },
    {"type": "summary", "summary": "Steeping tea", "leafUuid": "a2"},
]

_COMMAND = re.compile(r"<command-name>\s*(.*?)\s*</command-name>", re.DOTALL)
_ARGS = re.compile(r"<command-args>(.*?)</command-args>", re.DOTALL)
_STDOUT = re.compile(
    r"<local-command-std(?:out|err)>(.*?)</local-command-std(?:out|err)>", re.DOTALL
)
#: Text Claude Code puts in a user record that the person did not type.
_INJECTED = (
    "<system-reminder>",
    "Caveat: The messages below were generated",
    "<local-command-caveat>",
)
#: Title sources, best first.
_CUSTOM, _SUMMARY, _AI = 0, 1, 2


def sniff(probe: Probe) -> str | None:
    """JSON Lines whose records carry ``sessionId`` with ``parentUuid`` or ``isSidechain``
    and a ``message.role``, or a first ``summary`` record with ``leafUuid``."""
    if probe.shape != "lines":
        return None
    if probe.has("item.sessionId", "item.message.role") and probe.any(
        "item.parentUuid", "item.isSidechain"
    ):
        return "item"
    if probe.value("first.type") == "summary" and probe.has("first.leafUuid"):
        return "item"
    return None


class Reader:
    """A session read record by record; :meth:`feed` may be called over several reads of a
    growing file (the builder keeps only what joins the next lines to the earlier ones)."""

    def __init__(self, agent_file: bool = False) -> None:
        self.session = SessionBuilder(SOURCE)
        #: The response being merged: (message.id, kind, our id) of its last block.
        self._open: tuple[str, str, str] | None = None
        self._open_text = ""
        self._main = False
        self._agent_file = agent_file
        self._side: list[ImportedMessage] = []

    def feed(self, record: dict[str, Any]) -> None:
        kind = record.get("type")
        session = self.session
        if kind == "custom-title":
            session.title(_CUSTOM, record.get("customTitle"))
            return
        if kind == "summary":
            session.title(_SUMMARY, record.get("summary"))
            return
        if kind == "ai-title":
            session.title(_AI, record.get("aiTitle"))
            return
        if kind not in ("user", "assistant"):
            return
        message = record.get("message")
        if not isinstance(message, dict):
            return
        side = record.get("isSidechain") is True and not self._agent_file
        if not side:
            self._main = True
            for key, attr in (
                ("sessionId", "session_id"),
                ("cwd", "workdir"),
                ("gitBranch", "branch"),
            ):
                value = record.get(key)
                if isinstance(value, str) and value:
                    setattr(session, attr, value)
        elif session.session_id is None and isinstance(record.get("sessionId"), str):
            session.session_id = record["sessionId"]
        if side and self._main:
            return  # folded: the Task tool call that started it is the sub-agent's row
        uuid = record.get("uuid")
        uuid = uuid if isinstance(uuid, str) and uuid else None
        when = from_iso(record.get("timestamp"))
        if kind == "user":
            if record.get("isMeta") is True:
                return
            self._open = None
            self._user(message.get("content"), uuid, when, side)
        else:
            self._assistant(message, uuid, when, side)

    def _put(self, message: ImportedMessage, side: bool) -> None:
        if side:
            self._side.append(message)
        self.session.put(message)

    def _user(self, content: object, uuid: str | None, when: Any, side: bool) -> None:
        if isinstance(content, str):
            blocks: list[Any] = [{"type": "text", "text": content}]
        elif isinstance(content, list):
            blocks = content
        else:
            return
        texts: list[str] = []
        for n, block in enumerate(blocks):
            if not isinstance(block, dict):
                continue
            btype = block.get("type")
            if btype == "tool_result":
                call = block.get("tool_use_id")
                if not isinstance(call, str) or not call:
                    call = f"{uuid}:{n}" if uuid else None
                if call is None:
                    continue
                result = block.get("content")
                self._put(
                    tool_message(
                        call,
                        None,
                        None,
                        result if result is not None else "",
                        error=block.get("is_error") is True,
                        created_at=when,
                    ),
                    side,
                )
            elif btype == "text" and isinstance(block.get("text"), str):
                texts.append(block["text"])
            elif btype == "image":
                texts.append(image_name(block))
        if not texts or uuid is None:
            return
        text = "\n".join(texts)
        stdout = _STDOUT.search(text)
        if stdout:
            self._put(
                ImportedMessage(
                    uuid,
                    "assistant",
                    clean(stdout.group(1).strip()),
                    when,
                    kind=TOOL,
                    tool="Command output",
                ),
                side,
            )
            return
        command = _COMMAND.search(text)
        if command:
            args = _ARGS.search(text)
            shown = command.group(1).strip()
            if args and args.group(1).strip():
                shown += " " + args.group(1).strip()
            self._put(ImportedMessage(uuid, "user", clean(shown), when), side)
            return
        if text.lstrip().startswith(_INJECTED):
            return
        self.session.prompt(text)
        self._put(ImportedMessage(uuid, "user", clean(text), when), side)

    def _assistant(self, message: dict[str, Any], uuid: str | None, when: Any, side: bool) -> None:
        content = message.get("content")
        if isinstance(content, str):
            content = [{"type": "text", "text": content}]
        if not isinstance(content, list):
            return
        mid = message.get("id")
        mid = mid if isinstance(mid, str) and mid else (uuid or "")
        model = model_name(message.get("model"))
        if model == "<synthetic>":
            model = None
        for n, block in enumerate(content):
            if not isinstance(block, dict):
                continue
            btype = block.get("type")
            if btype == "tool_use":
                call = block.get("id")
                call = call if isinstance(call, str) and call else f"{uuid}:{n}"
                self._open = None
                self._put(
                    tool_message(
                        call,
                        block.get("name"),
                        block.get("input"),
                        None,
                        created_at=when,
                        model=model,
                    ),
                    side,
                )
                continue
            if btype == "text":
                kind, text = TEXT, block.get("text")
            elif btype == "thinking":
                kind, text = REASONING, block.get("thinking")
            elif btype == "redacted_thinking":
                kind, text = REASONING, "[redacted thinking]"
            else:
                continue
            if not isinstance(text, str) or not text.strip():
                continue
            if self._open is not None and self._open[:2] == (mid, kind):
                ident = self._open[2]
                self._open_text = f"{self._open_text}\n\n{text}"
            elif uuid is not None:
                ident = f"{uuid}:{n}" if n else uuid
                self._open, self._open_text = (mid, kind, ident), text
            else:
                continue
            self._put(
                ImportedMessage(
                    ident, "assistant", clean(self._open_text), when, kind=kind, model=model
                ),
                side,
            )

    def chat(self, name: str) -> ImportedChat:
        """The session read so far as a chat (a file of sidechain records only: those)."""
        side = {m.source_id for m in self._side}
        messages = [
            m for m in self.session.messages.values() if (m.source_id in side) != self._main
        ]
        return self.session.chat(LABEL, file_stem(name), messages)


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    """The one session of a ``.jsonl`` file (the registry's reader for this format)."""
    reader = Reader(agent_file=bool(re.search(r"(?:^|[/:])agent-[^/]*\.jsonl$", member.name)))
    cursor = LineCursor()
    for record in json_lines(stream, cursor):
        reader.feed(record)
    if not reader.session.messages:
        yield Skipped(member.name, "no messages in this session")
        return
    yield reader.chat(member.name)
