"""Detection is each format's own rule (issue 22): a file is claimed by its own format only,
and one of no known format is refused with the list of the formats ChatDesk reads."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from chatdesk.importers import PARSERS, InputError, detect
from chatdesk.importers.detect import claims
from chatdesk.importers.probe import probe_file


def _claims(name: str, data: Any) -> list[str]:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return [d.format for d in claims(probe_file(name, io.BytesIO(raw)))]


#: A DeepSeek export's first conversation, in the shape its writer gives (FORMATS.md § 3):
#: a ``mapping`` like ChatGPT's, but ``fragments`` and ``inserted_at``.
DEEPSEEK_LIKE = [
    {
        "id": "d1",
        "title": "Tea",
        "inserted_at": "2025-02-01T10:00:00.000+08:00",
        "updated_at": "2025-02-01T10:01:00.000+08:00",
        "mapping": {
            "root": {"id": "root", "parent": None, "children": ["1"], "message": None},
            "1": {
                "id": "1",
                "parent": "root",
                "children": [],
                "message": {
                    "model": "deepseek-chat",
                    "inserted_at": "2025-02-01T10:00:00.000+08:00",
                    "files": [],
                    "fragments": [{"type": "REQUEST", "content": "How long?"}],
                },
            },
        },
    }
]
#: Grok's ``prod-grok-backend.json``: a top-level ``conversations`` (FORMATS.md § 6).
GROK_LIKE = {
    "conversations": [
        {
            "conversation": {"conversation_id": "g1", "title": "Tea"},
            "responses": [{"response": {"response_id": "r1", "message": "hi", "sender": "human"}}],
        }
    ]
}


def test_deepseek_is_not_taken_for_chatgpt() -> None:
    assert "chatgpt" not in _claims("conversations.json", DEEPSEEK_LIKE)


def test_grok_is_not_taken_for_sharegpt() -> None:
    assert "sharegpt" not in _claims("prod-grok-backend.json", GROK_LIKE)


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_every_example_is_claimed_by_its_own_format_only(fmt: str) -> None:
    module = PARSERS[fmt]
    suffix = getattr(module, "EXAMPLE_SUFFIX", ".json")
    example = module.EXAMPLE
    if hasattr(module, "example_bytes"):  # a text or binary format (Aider, Cursor)
        raw = module.example_bytes()
    elif suffix == ".jsonl":
        raw = "".join(json.dumps(line) + "\n" for line in example).encode()
    else:
        raw = json.dumps(example).encode()
    assert _claims(f"example{suffix}", raw) == [fmt]


def test_unknown_file_is_refused_naming_every_format() -> None:
    with pytest.raises(InputError) as caught:
        detect("x.json", io.BytesIO(b'{"hello": "world"}'))
    assert caught.value.code == "unknown_format"
    for module in PARSERS.values():
        assert module.LABEL in str(caught.value)
