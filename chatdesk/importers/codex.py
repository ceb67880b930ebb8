"""OpenAI Codex CLI rollouts: ``~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl``.

Each line is ``{timestamp, type, payload}`` (FORMATS.md, section 2). The ``response_item``
stream is read; ``event_msg`` repeats it (``user_message``, ``agent_message``,
``agent_reasoning``) and is left out, but for ``thread_name_updated``, the session's title.

- ``message``: a user or assistant turn (``input_text``/``output_text`` parts; images named).
  The context Codex injects as user messages (``<environment_context>``,
  ``<user_instructions>``, ``AGENTS.md`` instructions) and the ``developer`` messages are left
  out: they are not the person's words.
- ``reasoning``: its ``summary`` texts as a reasoning row (the ``encrypted_content`` cannot be
  read by anyone but OpenAI).
- ``function_call`` / ``custom_tool_call`` / ``local_shell_call``: one tool row each, which the
  ``*_output`` with the same ``call_id`` fills (a shell's ``{"output", "metadata":{exit_code}}``
  shown as its output, an exit code other than 0 marked as an error). ``web_search_call`` is a
  tool row with its query.
- The first ``session_meta`` gives the session's id, working directory and git branch (a fork
  repeats its parent's below it: ignored).

Ids: an item's own ``id`` when it has one, else a hash of its record (the same line read again
gives the same id); a tool call is its ``call_id``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import IO, Any

from chatdesk.importers._agents import (
    LineCursor,
    SessionBuilder,
    file_stem,
    json_lines,
    text_of,
    tool_message,
)
from chatdesk.importers.model import (
    REASONING,
    ImportedChat,
    ImportedMessage,
    Skipped,
    clean,
    from_iso,
    model_name,
    stable_id,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import Member

SOURCE = "codex"
GROWS = True
LABEL = "Codex CLI"
FILES = r"(?:^|/)rollout-[^/]*\.jsonl$"
EXAMPLE_SUFFIX = ".jsonl"
EXAMPLE: list[dict[str, Any]] = [
    {
        "timestamp": "2025-11-17T21:30:28.664Z",
        "type": "session_meta",
        "payload": {
            "id": "019a93b9-f380-7600-98ff-940e6b99603c",
            "cwd": "/home/me/tea",
            "originator": "codex_cli_rs",
            "cli_version": "0.58.0",
            "git": {"branch": "main"},
        },
    },
    {
        "timestamp": "2025-11-17T21:30:45.025Z",
        "type": "response_item",
        "payload": {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "How long to steep tea?"}],
        },
    },
    {
        "timestamp": "2025-11-17T21:30:46.000Z",
        "type": "turn_context",
        "payload": {"model": "gpt-5.1-codex"},
    },
    {
        "timestamp": "2025-11-17T21:30:47.000Z",
        "type": "response_item",
        "payload": {
            "type": "function_call",
            "name": "shell",
            "arguments": '{"command":["ls"]}',
            "call_id": "call_1",
        },
    },
    {
        "timestamp": "2025-11-17T21:30:48.000Z",
        "type": "response_item",
        "payload": {
            "type": "function_call_output",
            "call_id": "call_1",
            "output": '{"output":"tea.txt\\n","metadata":{"exit_code":0}}',
        },
    },
    {
        "timestamp": "2025-11-17T21:30:49.000Z",
        "type": "response_item",
        "payload": {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "About 3 minutes."}],
        },
    },
]

_INJECTED = (
    "<environment_context>",
    "<user_instructions>",
    "# AGENTS.md instructions",
    "<permissions instructions>",
    "<turn_aborted>",
)
_CALLS = ("function_call", "custom_tool_call", "local_shell_call")
_OUTPUTS = ("function_call_output", "custom_tool_call_output", "local_shell_call_output")


def sniff(probe: Probe) -> str | None:
    """A first line ``session_meta`` with ``payload.originator`` or ``cli_version``."""
    if probe.shape != "lines":
        return None
    if probe.value("first.type") == "session_meta" and probe.any(
        "first.payload.originator", "first.payload.cli_version"
    ):
        return "item"
    return None


def _output(value: object) -> tuple[object, bool]:
    """A call's output as shown, and whether it failed (a shell's exit code)."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except (ValueError, RecursionError):
            return value, False
        if isinstance(parsed, dict) and isinstance(parsed.get("output"), str):
            meta = parsed.get("metadata")
            code = meta.get("exit_code") if isinstance(meta, dict) else None
            failed = isinstance(code, int) and not isinstance(code, bool) and code != 0
            return parsed["output"], failed
        return value, False
    if isinstance(value, dict):
        if isinstance(value.get("text"), str):
            return value["text"], False
        if isinstance(value.get("content"), (str, list)):
            return value["content"], value.get("success") is False
    return value, False


class Reader:
    """A rollout read record by record, over one read or several of a growing file."""

    def __init__(self) -> None:
        self.session = SessionBuilder(SOURCE)
        self._model: str | None = None
        self._meta = False

    def feed(self, record: dict[str, Any]) -> None:
        kind = record.get("type")
        payload = record.get("payload")
        if not isinstance(payload, dict):
            return
        session = self.session
        if kind == "session_meta":
            if not self._meta:
                self._meta = True
                ident = payload.get("id")
                if isinstance(ident, str) and ident:
                    session.session_id = ident
                if isinstance(payload.get("cwd"), str):
                    session.workdir = payload["cwd"]
                git = payload.get("git")
                if isinstance(git, dict) and isinstance(git.get("branch"), str):
                    session.branch = git["branch"]
            return
        if kind == "turn_context":
            self._model = model_name(payload.get("model")) or self._model
            return
        if kind == "event_msg":
            if payload.get("type") == "thread_name_updated":
                session.title(0, payload.get("thread_name"))
            return
        if kind != "response_item":
            return
        when = from_iso(record.get("timestamp"))
        ptype = payload.get("type")
        own = payload.get("id")
        ident = own if isinstance(own, str) and own else stable_id(json.dumps(record, default=str))
        if ptype == "message":
            role = payload.get("role")
            if role not in ("user", "assistant"):
                return
            text = text_of(payload.get("content"))
            if not text.strip() or (role == "user" and text.lstrip().startswith(_INJECTED)):
                return
            if role == "user":
                session.prompt(text)
            model = self._model if role == "assistant" else None
            session.put(ImportedMessage(ident, role, text, when, model=model))
        elif ptype == "reasoning":
            summary = payload.get("summary")
            text = text_of(summary) if isinstance(summary, list) else ""
            if not text.strip():
                text = text_of(payload.get("content"))
            if text.strip():
                session.put(
                    ImportedMessage(
                        ident, "assistant", text, when, kind=REASONING, model=self._model
                    )
                )
        elif ptype in _CALLS:
            call = payload.get("call_id")
            call = call if isinstance(call, str) and call else ident
            given = payload.get("arguments", payload.get("input", payload.get("action")))
            if isinstance(given, str):
                with contextlib.suppress(ValueError, RecursionError):
                    given = json.loads(given)
            name = payload.get("name") or ("shell" if ptype == "local_shell_call" else None)
            session.put(tool_message(call, name, given, None, created_at=when, model=self._model))
        elif ptype in _OUTPUTS:
            call = payload.get("call_id")
            if not isinstance(call, str) or not call:
                return
            shown, failed = _output(payload.get("output"))
            session.put(
                tool_message(
                    call,
                    None,
                    None,
                    shown if shown is not None else "",
                    error=failed,
                    created_at=when,
                )
            )
        elif ptype == "web_search_call":
            action = payload.get("action")
            query = action.get("query") if isinstance(action, dict) else None
            session.put(
                tool_message(
                    ident,
                    "web_search",
                    clean(query) if isinstance(query, str) else None,
                    "",
                    created_at=when,
                    model=self._model,
                )
            )

    def chat(self, name: str) -> ImportedChat:
        return self.session.chat(LABEL, file_stem(name))


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    """The one session of a rollout file."""
    reader = Reader()
    for record in json_lines(stream, LineCursor()):
        reader.feed(record)
    if not reader.session.messages:
        yield Skipped(member.name, "no messages in this session")
        return
    yield reader.chat(member.name)
