"""Grok's data export (grok.com / x.ai account data): ``prod-grok-backend.json``, an object
whose ``conversations`` are ``{conversation: {...}, responses: [{response: {...}}]}``.

A response is one turn (``sender`` ``human`` or ``assistant``, in any case); they form a tree
through ``parent_response_id`` and are not sorted: the thread ends at the conversation's
``leaf_response_id`` when it names one, else at the latest leaf, and is followed up to its
root. ``thinking_trace`` is kept as reasoning (timed by ``thinking_start_time`` and
``thinking_end_time``), web search results as a tool call; the model is
``metadata.requestModelDetails.modelId`` (or ``model``). A starred conversation is pinned.
Generated images are named, not fetched. Shape: FORMATS.md § 6, the sample in
../shared/realdata/grok.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from chatdesk.importers.model import (
    REASONING,
    TOOL,
    ImportedChat,
    ImportedMessage,
    MalformedConversation,
    model_name,
    path_to,
    stable_id,
    text_of,
    title_of,
    when,
)
from chatdesk.importers.probe import Probe

SOURCE = "grok"
LABEL = "Grok"
FILES = r"(?:^|/)prod-grok-backend\.json$"

#: A small export: one conversation of a question and a thought-out answer.
EXAMPLE: dict[str, Any] = {
    "conversations": [
        {
            "conversation": {
                "conversation_id": "g1",
                "title": "Tea",
                "create_time": "2025-06-21T19:28:21.177720Z",
                "modify_time": "2025-06-21T19:30:01.846938Z",
                "starred": None,
                "leaf_response_id": None,
            },
            "responses": [
                {
                    "response": {
                        "response_id": "r2",
                        "conversation_id": "g1",
                        "message": "About 3 minutes.",
                        "sender": "ASSISTANT",
                        "create_time": "2025-06-21T19:28:31.000000Z",
                        "parent_response_id": "r1",
                        "thinking_trace": "Green tea is delicate.",
                        "thinking_start_time": "2025-06-21T19:28:22.000000Z",
                        "thinking_end_time": "2025-06-21T19:28:30.000000Z",
                        "web_search_results": [],
                        "metadata": {"requestModelDetails": {"modelId": "grok-3"}},
                    }
                },
                {
                    "response": {
                        "response_id": "r1",
                        "conversation_id": "g1",
                        "message": "How long to steep tea?",
                        "sender": "human",
                        "create_time": "2025-06-21T19:28:21.194663Z",
                        "parent_response_id": None,
                    }
                },
            ],
        }
    ]
}
SENDERS = {"human": "user", "user": "user", "assistant": "assistant", "grok": "assistant"}


def sniff(probe: Probe) -> str | None:
    """A top-level ``conversations`` whose items hold a ``conversation`` and ``responses``."""
    if probe.shape == "object" and probe.has(
        "conversations.item.conversation", "conversations.item.responses"
    ):
        return "conversations.item"
    return None


def conversation_id(raw: dict[str, Any]) -> str | None:
    head = raw.get("conversation")
    value = head.get("conversation_id") if isinstance(head, dict) else None
    return str(value) if isinstance(value, str) and value else None


def parse(raw: object) -> ImportedChat:
    """One conversation; raises MalformedConversation when it cannot be read."""
    if not isinstance(raw, dict):
        raise MalformedConversation("not a JSON object")
    head = raw.get("conversation")
    items = raw.get("responses")
    if not isinstance(head, dict) or not isinstance(items, list):
        raise MalformedConversation("no 'conversation' object or 'responses' list")
    responses: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(items):
        response = item.get("response") if isinstance(item, dict) else None
        if not isinstance(response, dict):
            raise MalformedConversation(f"response {index + 1} is not an object")
        ident = response.get("response_id")
        responses[str(ident) if isinstance(ident, str) and ident else f"#{index}"] = response
    parents = {
        key: (p if isinstance(p := r.get("parent_response_id"), str) and p in responses else None)
        for key, r in responses.items()
    }
    leaf = head.get("leaf_response_id")
    if not (isinstance(leaf, str) and leaf in responses):
        has_child = {p for p in parents.values() if p}
        leaves = [k for k in responses if k not in has_child] or list(responses)
        leaf = max(
            leaves, key=lambda k: (when(responses[k].get("create_time")) or dt.datetime.min, k)
        )
    messages: list[ImportedMessage] = []
    asked: str | None = None  # the model a question requested answers its reply
    for key in path_to(leaf, parents) if responses else []:
        made = _messages(key, responses[key], asked)
        if made and made[-1].role == "user":
            asked = _model(responses[key])
        messages += made
    ident = conversation_id(raw) or stable_id(head.get("title"), head.get("create_time"))
    created = when(head.get("create_time"))
    return ImportedChat(
        source=SOURCE,
        source_id=ident,
        title=title_of(head.get("title"), messages),
        created_at=created or (messages[0].created_at if messages else None),
        updated_at=when(head.get("modify_time")) or (messages[-1].created_at if messages else None),
        messages=messages,
        pinned=head.get("starred") is True,
    )


def _model(response: dict[str, Any]) -> str | None:
    details = response.get("metadata")
    requested = details.get("requestModelDetails") if isinstance(details, dict) else None
    found = requested.get("modelId") if isinstance(requested, dict) else None
    return model_name(found) or model_name(response.get("model"))


def _messages(key: str, response: dict[str, Any], asked: str | None) -> list[ImportedMessage]:
    sender = response.get("sender")
    role = SENDERS.get(sender.lower()) if isinstance(sender, str) else None
    if role is None:
        raise MalformedConversation(f"response {key!r} has an unknown sender {sender!r}")
    stamp = when(response.get("create_time"))
    model = (_model(response) or asked) if role == "assistant" else None
    out: list[ImportedMessage] = []
    thought = text_of(response.get("thinking_trace"))
    if thought.strip():
        start, end = (
            when(response.get("thinking_start_time")),
            when(response.get("thinking_end_time")),
        )
        seconds = (end - start).total_seconds() if start and end and end >= start else None
        out.append(
            ImportedMessage(
                f"{key}:think", role, thought, stamp, kind=REASONING, model=model, seconds=seconds
            )
        )
    found = [
        " — ".join(p for p in (text_of(r.get("title")), text_of(r.get("url"))) if p)
        for r in response.get("web_search_results") or []
        if isinstance(r, dict)
    ]
    if any(found):
        query = text_of(response.get("query")) or None
        out.append(
            ImportedMessage(
                f"{key}:search",
                role,
                "\n".join(f for f in found if f),
                stamp,
                kind=TOOL,
                tool="web search",
                tool_input=query,
                model=model,
            )
        )
    text = text_of(response.get("message"))
    images = [u for u in response.get("generated_image_urls") or [] if isinstance(u, str)]
    if images:
        text = "\n\n".join([text, *(f"[generated image: {u.rsplit('/', 1)[-1]}]" for u in images)])
    out.append(
        ImportedMessage(key, role, text.strip(), stamp, model=model if role != "user" else None)
    )
    return out
