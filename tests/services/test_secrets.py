"""Secrets that agents echo, masked when the account says (issue 23): off by default, the
stored text never changed, the thread's pages and every export format masked when on."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatdesk.services import accounts, chats, exporting, secrets
from chatdesk.store.models import Message

KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz123456"
CASES = [
    (f"export OPENAI_API_KEY={KEY}", "export OPENAI_API_KEY=••••••"),
    (
        'curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.x" x',
        'curl -H "Authorization: Bearer ••••••" x',
    ),
    ("key AKIAIOSFODNN7EXAMPLE here", "key •••••• here"),
    (
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "aws_secret_access_key = ••••••",
    ),
    ('{"api_key": "abcd1234efgh"}', '{"api_key": "••••••"}'),
    ("GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789", "GITHUB_TOKEN=••••••"),
    (f"pasted {KEY} alone", "pasted •••••• alone"),
]
HARMLESS = ["the API key is in the vault", "token = 5", "Authorization: see the docs", "AKIA"]


@pytest.mark.parametrize(("text", "masked"), CASES)
def test_mask(text: str, masked: str) -> None:
    assert secrets.mask(text) == masked


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_left(text: str) -> None:
    assert secrets.mask(text) == text


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_exports_and_thread_masked_only_when_on(
    sqlite_store: str, tmp_path: Path, fmt: str
) -> None:
    user = accounts.register("alice", "secret1")
    chats.add_chat(user, "c1", "Keys", f"export OPENAI_API_KEY={KEY}")
    assert not secrets.masking(user)  # off by default
    target = tmp_path / f"plain.{fmt}"
    exporting.export_to_file(user, target, fmt)
    assert KEY in target.read_text(encoding="utf-8")
    secrets.set_masking(user, True)
    target = tmp_path / f"masked.{fmt}"
    exporting.export_to_file(user, target, fmt)
    written = target.read_text(encoding="utf-8")
    assert KEY not in written and "OPENAI_API_KEY=" in written
    assert Message.get().content == f"export OPENAI_API_KEY={KEY}"  # the library keeps it
    [row] = secrets.mask_rows(chats.messages_before(Message.get().chat_id, None, 10))
    assert row.content == "export OPENAI_API_KEY=••••••"
    secrets.set_masking(user, False)
    [row] = secrets.mask_rows(chats.messages_before(Message.get().chat_id, None, 10))
    assert row.content.endswith(KEY)


def test_tool_inputs_masked_in_exports(sqlite_store: str, tmp_path: Path) -> None:
    """A tool call's input (``message.detail``) is masked in the exports too, its JSON kept."""
    from chatdesk.importers.model import detail_json

    user = accounts.register("alice", "secret1")
    chats.add_chat(user, "c1", "Keys", "hello")
    chat_id = Message.get().chat_id
    detail = detail_json("Bash", f"curl -H 'Authorization: Bearer {KEY}' x", False, None)
    Message.create(chat=chat_id, role="assistant", content="ok", kind="tool", detail=detail)
    secrets.set_masking(user, True)
    for fmt in ("md", "json", "html"):
        target = tmp_path / f"masked.{fmt}"
        exporting.export_to_file(user, target, fmt)
        written = target.read_text(encoding="utf-8")
        assert KEY not in written and "Bearer" in written, fmt
