"""Gemini CLI chat recordings: ``~/.gemini/tmp/<project>/chats/session-*.json`` (and the newer
``.jsonl``).

The JSON generation is one object ``{sessionId, projectHash, startTime, lastUpdated,
messages:[…]}`` that Gemini CLI rewrites as the session goes; the JSONL generation is a header
line with the same fields, then a line a message and ``{"$set": {…}}`` lines that patch the
header (FORMATS.md, section 5). Both are streamed (ijson for the JSON: its messages one at a
time).

Messages: ``user`` (the person; a ``/command`` is kept as typed and does not title the
session), ``gemini`` (its ``thoughts`` as one reasoning row, its text, then each of its
``toolCalls`` as a tool row: name, ``args``, the call's output or ``resultDisplay``, an
``error`` status marked), and ``info``/``warning``/``error`` (the CLI's own notes, kept as
system rows). There is no title and no working directory in the file: the first prompt titles
the session, and the project folder is named from the folder the file is in (``tmp/<name>``:
a name in newer versions, a hash in older ones, shortened).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

import ijson

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
    MalformedConversation,
    Skipped,
    clean,
    from_iso,
    model_name,
)
from chatdesk.importers.probe import Probe
from chatdesk.importers.sources import InputError, Member, guarded

SOURCE = "gemini-cli"
GROWS = True
LABEL = "Gemini CLI"
FILES = r"(?:^|/)chats/session-[^/]*\.jsonl?$"
EXAMPLE: dict[str, Any] = {
    "sessionId": "session-2025-12-16T23-47-b4f17607",
    "projectHash": "205016864bd110904e9ad8314192344ab398d043e779da15bedbb9ee9be00da2",
    "startTime": "2025-12-16T23:47:00.000Z",
    "lastUpdated": "2025-12-16T23:48:00.000Z",
    "messages": [
        {
            "id": "m1",
            "timestamp": "2025-12-16T23:47:01.000Z",
            "type": "user",
            "content": "How long to steep tea?",
        },
        {
            "id": "m2",
            "timestamp": "2025-12-16T23:47:02.000Z",
            "type": "gemini",
            "model": "gemini-2.5-pro",
            "content": "About 3 minutes.",
            "thoughts": [{"subject": "Tea", "description": "Black tea: 3 minutes."}],
            "toolCalls": [
                {
                    "id": "t1",
                    "name": "run_shell_command",
                    "args": {"command": "ls"},
                    "status": "success",
                    "resultDisplay": "tea.txt",
                }
            ],
        },
    ],
}
_HEADER = ("sessionId", "projectHash", "startTime", "lastUpdated")


def sniff(probe: Probe) -> str | None:
    """``projectHash`` and ``sessionId`` at the top with ``messages`` (JSON), or a first line
    with them (JSONL)."""
    if probe.shape == "object" and probe.has("projectHash", "sessionId", "messages"):
        return "messages.item"
    if probe.shape == "lines" and probe.has("first.projectHash", "first.sessionId"):
        return "item"
    return None


def _project(name: str, given: object) -> str | None:
    """The project's folder name: ``tmp/<name>/chats`` in the file's path, else the hash."""
    found = re.search(r"(?:^|[/:\\])tmp[/\\]([^/\\]+)[/\\]chats[/\\]", name)
    value = found.group(1) if found else given if isinstance(given, str) else None
    if not value:
        return None
    return value[:12] if re.fullmatch(r"[0-9a-f]{32,}", value) else value


class Reader:
    """A recording read record by record (the JSONL's lines, or the JSON's messages)."""

    def __init__(self, name: str = "") -> None:
        self.session = SessionBuilder(SOURCE)
        self._name = name

    def header(self, record: dict[str, Any]) -> None:
        session = self.session
        if isinstance(record.get("sessionId"), str) and record["sessionId"]:
            session.session_id = record["sessionId"]
        if session.workdir is None:
            session.workdir = _project(self._name, record.get("projectHash"))
        for key, attr in (("startTime", "created_at"), ("lastUpdated", "updated_at")):
            when = from_iso(record.get(key))
            if when is not None and getattr(session, attr) is None:
                setattr(session, attr, when)

    def feed(self, record: dict[str, Any]) -> None:
        """A JSONL line: the header, a ``$set`` patch, or a message."""
        patch = record.get("$set")
        if isinstance(patch, dict):
            self.header(patch)
        elif "type" in record and "id" in record:
            self.message(record)
        elif any(key in record for key in _HEADER):
            self.header(record)

    def message(self, item: object) -> None:
        if not isinstance(item, dict):
            return
        ident = item.get("id")
        if not isinstance(ident, (str, int)) or isinstance(ident, bool):
            return
        ident = str(ident)
        kind = item.get("type")
        when = from_iso(item.get("timestamp"))
        content = item.get("content", item.get("parts"))
        text = text_of(content)
        session = self.session
        if kind == "user":
            if text.strip():
                if not text.lstrip().startswith("/"):
                    session.prompt(text)
                session.put(ImportedMessage(ident, "user", text, when))
            return
        if kind in ("info", "warning", "error"):
            if text.strip():
                session.put(ImportedMessage(ident, "system", text, when))
            return
        if kind not in ("gemini", "model"):
            return
        model = model_name(item.get("model"))
        thoughts = item.get("thoughts")
        if isinstance(thoughts, list):
            parts = []
            for thought in thoughts:
                if isinstance(thought, dict):
                    subject, said = thought.get("subject"), thought.get("description")
                    line = "\n".join(
                        p
                        for p in (
                            f"**{subject}**" if isinstance(subject, str) and subject else "",
                            said if isinstance(said, str) else "",
                        )
                        if p
                    )
                    if line:
                        parts.append(line)
            if parts:
                session.put(
                    ImportedMessage(
                        f"{ident}:thoughts",
                        "assistant",
                        clean("\n\n".join(parts)),
                        when,
                        kind=REASONING,
                        model=model,
                    )
                )
        if text.strip():
            session.put(ImportedMessage(ident, "assistant", text, when, model=model))
        calls = item.get("toolCalls")
        if isinstance(calls, list):
            for n, call in enumerate(calls):
                if not isinstance(call, dict):
                    continue
                cid = call.get("id")
                cid = f"{ident}:{cid}" if isinstance(cid, str) and cid else f"{ident}:tool{n}"
                shown = call.get("resultDisplay")
                if not isinstance(shown, str) or not shown:
                    shown = _response(call.get("result"))
                session.put(
                    tool_message(
                        cid,
                        call.get("name") or call.get("displayName"),
                        call.get("args"),
                        shown or "",
                        error=call.get("status") in ("error", "cancelled"),
                        created_at=from_iso(call.get("timestamp")) or when,
                        model=model,
                    )
                )

    def chat(self, name: str) -> ImportedChat:
        return self.session.chat(LABEL, file_stem(name))


def _response(result: object) -> object:
    """The output of a call's ``functionResponse`` parts."""
    if not isinstance(result, list):
        return result
    out = []
    for part in result:
        if isinstance(part, dict):
            response = part.get("functionResponse")
            if isinstance(response, dict):
                body = response.get("response")
                if isinstance(body, dict):
                    out.append(body.get("output", body.get("error", body)))
                else:
                    out.append(body)
    return out if out else None


def read(member: Member, stream: IO[bytes], prefix: str) -> Iterator[ImportedChat | Skipped]:
    """The one session of a recording (JSON or JSONL)."""
    reader = Reader(member.name)
    if prefix == "item":
        for record in json_lines(stream, LineCursor()):
            reader.feed(record)
    else:
        try:
            header: dict[str, Any] = {}
            builder: Any = None
            for key, event, value in ijson.parse(guarded(stream, member.name)):
                if builder is not None:
                    if key == "messages.item" and event in ("end_map", "end_array"):
                        builder.event(event, value)
                        reader.message(builder.value)
                        builder = None
                    else:
                        builder.event(event, value)
                elif key == "messages.item" and event in ("start_map", "start_array"):
                    builder = ijson.ObjectBuilder()
                    builder.event(event, value)
                elif key in _HEADER and event in ("string", "number"):
                    header[key] = value
            reader.header(header)
        except ijson.JSONError as exc:
            raise InputError(
                f"{member.name}: not valid JSON: {exc}",
                "not_json",
                name=member.name,
                where=str(exc)[:200],
            ) from None
        except MalformedConversation as exc:
            yield Skipped(member.name, str(exc))
            return
    if not reader.session.messages:
        yield Skipped(member.name, "no messages in this session")
        return
    yield reader.chat(member.name)
