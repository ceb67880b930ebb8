"""Masking the secrets coding agents often echo (issue 23): an option, off by default.

Agents print environment files and commands back into their sessions; the person's library
keeps them as they are. With the account's option ``mask_secrets`` on (``user_option``, so the
desktop app, ``serve`` and the exports follow it alike), the thread and the exports show such
values as ``••••••``; the stored text is never changed (turning the option off shows them again).

What is masked (:data:`PATTERNS`): the value after a ``…API_KEY=``/``…_TOKEN=``/``…SECRET=``/
``…PASSWORD=`` assignment (also with ``:`` and quotes), the credential after ``Authorization:
Bearer`` (or ``Basic``), AWS access key ids (``AKIA…``/``ASIA…``) and the value of
``aws_secret_access_key``, and tokens of the well-known shapes (``sk-…``, ``ghp_…``,
``xox[bp]-…``). A rule errs towards masking: a false positive hides a harmless word, a miss
shows a key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from chatdesk.importers.model import detail_json, read_detail
from chatdesk.services.accounts import AccountRef
from chatdesk.store import write_transaction
from chatdesk.store.models import UserOption

R = TypeVar("R", bound=Any)

OPTION = "mask_secrets"
MASK = "••••••"

PATTERNS: tuple[re.Pattern[str], ...] = (
    # NAME_API_KEY=value, "api_key": "value", SECRET: value, PASSWORD=value
    re.compile(
        r"(?i)((?:[A-Z0-9_]*(?:API[_-]?KEY|SECRET(?:[_-]?KEY)?|ACCESS[_-]?TOKEN|AUTH[_-]?TOKEN|"
        r"_TOKEN|PASSWORD|PASSWD)[\"']?\s*[:=]\s*[\"']?))([^\s\"'`,;]{4,})"
    ),
    re.compile(r"(?i)(Authorization\s*:\s*(?:Bearer|Basic|Token)\s+)([^\s\"'`]{4,})"),
    re.compile(r"(?i)((?:^|\s)(?:--)?(?:bearer)\s+)([A-Za-z0-9._~+/=-]{16,})"),
    re.compile(r"()\b((?:AKIA|ASIA)[0-9A-Z]{16})\b"),
    re.compile(r"(?i)(aws_secret_access_key\s*[:=]\s*[\"']?)([A-Za-z0-9/+=]{20,})"),
    re.compile(
        r"()\b(sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|"
        r"xox[bpas]-[A-Za-z0-9-]{10,})"
    ),
)


def mask(text: str) -> str:
    """``text`` with every secret's value replaced by :data:`MASK` (the name kept)."""
    for pattern in PATTERNS:
        if pattern.search(text):
            text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text


def masking(user: AccountRef) -> bool:
    """Whether ``user`` has secrets masked (off unless turned on)."""
    return (
        UserOption.select()
        .where(UserOption.user == user.id, UserOption.key == OPTION, UserOption.value == "1")
        .exists()
    )


def set_masking(user: AccountRef, on: bool) -> None:
    with write_transaction():
        UserOption.delete().where(UserOption.user == user.id, UserOption.key == OPTION).execute()
        if on:
            UserOption.create(user=user.id, key=OPTION, value="1")


def masking_chat(chat_id: int) -> bool:
    """Whether the owner of chat ``chat_id`` has secrets masked."""
    from chatdesk.store.models import Chat

    owner = Chat.select(Chat.user).where(Chat.id == chat_id).tuples().first()
    return owner is not None and masking(_Owner(int(owner[0])))


@dataclass(frozen=True)
class _Owner:
    id: int


def mask_rows(rows: list[R]) -> list[R]:
    """A page of a thread's rows (``content``, ``chat_id``, a tool call's ``detail``), masked
    when its owner says."""
    if not rows or not masking_chat(int(rows[0].chat_id)):
        return rows
    return [
        replace(r, content=mask(r.content), detail=mask_detail(getattr(r, "detail", None)))
        if hasattr(r, "detail")
        else replace(r, content=mask(r.content))
        for r in rows
    ]


def mask_detail(detail: str | None) -> str | None:
    """A message's stored detail with its tool input masked (the JSON kept valid)."""
    if not detail:
        return detail
    found = read_detail(detail)
    if not found.input or mask(found.input) == found.input:
        return detail
    return detail_json(found.tool, mask(found.input), found.error, found.seconds)
