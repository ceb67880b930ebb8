"""The prompt gallery, shared by all users; each user stars their own favourites.

Each prompt holds a dense ``slot`` 0..n-1 (kept gap-free on delete), so picking k distinct
prompts uniformly at random is k index look-ups, not a table scan. A :class:`PromptRow`'s
``favorite`` is whether the user who asked starred it (``False`` when no user asked).
"""

from __future__ import annotations

import json
import random
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import cast

import peewee as pw

from chatdesk.services import validation
from chatdesk.services.accounts import AccountRef
from chatdesk.services.errors import ServiceError
from chatdesk.services.events import Change, publish
from chatdesk.store import write_transaction
from chatdesk.store.db import advisory_lock, contains
from chatdesk.store.models import Meta, Prompt, PromptStar, User

PICK = 8
DEFAULTS_KEY = "default_prompts_loaded"
_rng = random.SystemRandom()


@dataclass(frozen=True)
class PromptRow:
    id: int
    title: str
    text: str
    favorite: bool


@dataclass(frozen=True)
class DeletedPrompt:
    """What :func:`delete_prompt` removed, for :func:`restore_prompt` (Undo)."""

    row: PromptRow
    created_at: object
    starred_by: tuple[int, ...]


def _ids(query: pw.Select) -> list[int]:
    """The one column ``query`` selects, as ints."""
    return [int(row[0]) for row in cast("Iterable[tuple[int]]", query.tuples())]


def _stars(user: AccountRef | None, prompt_ids: Collection[int]) -> set[int]:
    """Which of ``prompt_ids`` ``user`` starred."""
    if user is None or not prompt_ids:
        return set()
    query = PromptStar.select(PromptStar.prompt).where(
        PromptStar.user == user.id, PromptStar.prompt.in_(list(prompt_ids))
    )
    return set(_ids(query))


def _rows(prompts: list[Prompt], user: AccountRef | None) -> list[PromptRow]:
    starred = _stars(user, [p.id for p in prompts])
    return [PromptRow(p.id, p.title, p.text, p.id in starred) for p in prompts]


def _insert(title: str, text: str) -> Prompt:
    """Insert inside a write transaction; the caller holds the slot lock."""
    top = Prompt.select(pw.fn.MAX(Prompt.slot)).scalar()
    slot = 0 if top is None else top + 1
    return Prompt.create(title=title, title_key=title.casefold(), text=text, slot=slot)


def _title(title: str | None) -> str:
    return validation.text(title, "prompt_title", max_len=validation.PROMPT_TITLE_MAX)


def _text(text: str | None) -> str:
    return validation.text(text, "prompt_text", max_len=validation.PROMPT_TEXT_MAX, multiline=True)


def add_prompt(title: str | None, text: str | None) -> PromptRow:
    """Add a prompt; raises 1001/1002 for bad input and 4001 when the title exists (any case)."""
    title, text = _title(title), _text(text)
    try:
        with write_transaction(), advisory_lock("chatdesk-prompt-slot"):
            if Prompt.select().where(Prompt.title_key == title.casefold()).exists():
                raise ServiceError(4001, title=title)
            prompt = _insert(title, text)
            publish(Change("prompt"))
    except pw.IntegrityError:
        raise ServiceError(4001, title=title) from None
    return PromptRow(prompt.id, prompt.title, prompt.text, False)


def find_prompt(title: str | None) -> int:
    """The id of the prompt titled ``title`` (any case); raises 4002 when there is none."""
    key = _title(title).casefold()
    prompt_id = Prompt.select(Prompt.id).where(Prompt.title_key == key).scalar()
    if prompt_id is None:
        raise ServiceError(4002, title=title)
    return int(prompt_id)


def update_prompt(
    prompt_id: int,
    title: str | None = None,
    text: str | None = None,
    *,
    user: AccountRef | None = None,
) -> PromptRow:
    """Change a prompt's title and/or text (``None``: keep). Raises 4002 when it is gone, 4001
    when the new title is another prompt's, 1001/1002 for bad input; a refusal changes
    nothing."""
    new_title = None if title is None else _title(title)
    new_text = None if text is None else _text(text)
    try:
        with write_transaction():
            prompt = Prompt.get_or_none(Prompt.id == prompt_id)
            if prompt is None:
                raise ServiceError(4002, title=new_title or str(prompt_id))
            if new_title is not None:
                taken = Prompt.select().where(
                    Prompt.title_key == new_title.casefold(), Prompt.id != prompt_id
                )
                if taken.exists():
                    raise ServiceError(4001, title=new_title)
                prompt.title, prompt.title_key = new_title, new_title.casefold()
            if new_text is not None:
                prompt.text = new_text
            prompt.save()
            publish(Change("prompt"))
    except pw.IntegrityError:
        raise ServiceError(4001, title=new_title) from None
    return _rows([prompt], user)[0]


def delete_prompt(prompt_id: int) -> DeletedPrompt | None:
    """Remove a prompt (and everyone's star on it) and move the last slot into its place.
    Returns what :func:`restore_prompt` needs to undo it, or ``None`` if it was gone."""
    with write_transaction(), advisory_lock("chatdesk-prompt-slot"):
        prompt = Prompt.get_or_none(Prompt.id == prompt_id)
        if prompt is None:
            return None
        stars = PromptStar.select(PromptStar.user).where(PromptStar.prompt == prompt_id)
        starred_by = tuple(_ids(stars))
        prompt.delete_instance()  # stars cascade
        top = Prompt.select(pw.fn.MAX(Prompt.slot)).scalar()
        if top is not None and top > prompt.slot:
            Prompt.update(slot=prompt.slot).where(Prompt.slot == top).execute()
        publish(Change("prompt"))
    row = PromptRow(prompt.id, prompt.title, prompt.text, False)
    return DeletedPrompt(row, prompt.created_at, starred_by)


def restore_prompt(deleted: DeletedPrompt) -> None:
    """Undo :func:`delete_prompt`: the prompt comes back with its id and its stars (4001 if its
    title was taken meanwhile)."""
    row = deleted.row
    try:
        with write_transaction(), advisory_lock("chatdesk-prompt-slot"):
            if Prompt.select().where(Prompt.title_key == row.title.casefold()).exists():
                raise ServiceError(4001, title=row.title)
            top = Prompt.select(pw.fn.MAX(Prompt.slot)).scalar()
            Prompt.insert(
                id=row.id,
                title=row.title,
                title_key=row.title.casefold(),
                text=row.text,
                slot=0 if top is None else top + 1,
                created_at=deleted.created_at,
            ).execute()
            starred_by = list(deleted.starred_by)
            live = [u.id for u in User.select(User.id).where(User.id.in_(starred_by))]
            if live:
                PromptStar.insert_many([{"user": u, "prompt": row.id} for u in live]).execute()
            publish(Change("prompt"))
    except pw.IntegrityError:
        raise ServiceError(4001, title=row.title) from None


def set_favorite(user: AccountRef, prompt_id: int, favorite: bool) -> None:
    """Star (or unstar) a prompt for ``user`` alone."""
    with write_transaction():
        if favorite:
            if Prompt.select().where(Prompt.id == prompt_id).exists():
                PromptStar.insert(user=user.id, prompt=prompt_id).on_conflict_ignore().execute()
        else:
            PromptStar.delete().where(
                PromptStar.user == user.id, PromptStar.prompt == prompt_id
            ).execute()
        publish(Change("prompt", user.id))


def set_favorites(user: AccountRef, prompt_ids: Collection[int]) -> None:
    """Star these prompts for ``user`` (those that exist; a collection import's favourites)."""
    if not prompt_ids:
        return
    with write_transaction():
        rows = [{"user": user.id, "prompt": i} for i in prompt_ids]
        for start in range(0, len(rows), 500):
            PromptStar.insert_many(rows[start : start + 500]).on_conflict_ignore().execute()


def count() -> int:
    top = Prompt.select(pw.fn.MAX(Prompt.slot)).scalar()
    return 0 if top is None else int(top) + 1


def random_prompts(
    k: int = PICK,
    *,
    exclude: Collection[int] = (),
    favorites_only: bool = False,
    user: AccountRef | None = None,
) -> list[PromptRow]:
    """Up to ``k`` distinct prompts drawn uniformly at random, starred as ``user`` starred them.

    ``exclude`` (prompt ids, e.g. those on screen) are avoided while enough others exist.

    ``favorites_only`` draws from ``user``'s favourites, whose ids come from the star table's
    primary key (user, prompt), not from the prompts (a scan took 0.3 s warm, 1.5 s cold at
    1,000,000 prompts on SQLite).
    """
    if favorites_only:
        if user is None:
            return []
        stars = PromptStar.select(PromptStar.prompt).where(PromptStar.user == user.id)
        ids = _ids(stars)
        fresh = [i for i in ids if i not in exclude]
        pool = fresh if len(fresh) >= min(k, len(ids)) else ids
        chosen = _rng.sample(pool, min(k, len(pool)))
        by_id = {p.id: p for p in Prompt.select().where(Prompt.id.in_(chosen))}
        return [PromptRow(p.id, p.title, p.text, True) for p in (by_id.get(i) for i in chosen) if p]
    n = count()
    if n == 0:
        return []
    excluded_slots: set[int] = set()
    if exclude and n - len(exclude) >= k:
        excluded_slots = {
            p.slot for p in Prompt.select(Prompt.slot).where(Prompt.id.in_(list(exclude)))
        }
    want = min(k, n - len(excluded_slots))
    slots: list[int] = []
    seen: set[int] = set(excluded_slots)
    while len(slots) < want:
        slot = _rng.randrange(n)
        if slot not in seen:
            seen.add(slot)
            slots.append(slot)
    by_slot = {p.slot: p for p in Prompt.select().where(Prompt.slot.in_(slots))}
    return _rows([by_slot[s] for s in slots if s in by_slot], user)


def list_prompts(
    query: str = "", *, user: AccountRef | None = None, offset: int = 0, limit: int = 100
) -> list[PromptRow]:
    """Prompts whose title or text contains ``query``: ``user``'s favourites first, then by
    title. A query holding a NUL finds nothing (no prompt holds one; SQLite's LIKE stops at it
    and found every prompt, PostgreSQL refuses it)."""
    if "\x00" in query:
        return []
    select = Prompt.select()
    if query:
        select = select.where(
            pw.NodeList(
                (contains(Prompt.title, query), pw.SQL("OR"), contains(Prompt.text, query)),
                parens=True,
            )
        )
    if user is not None:
        star = PromptStar.alias()
        select = select.join(
            star,
            pw.JOIN.LEFT_OUTER,
            on=((star.prompt == Prompt.id) & (star.user == user.id)),
        ).order_by(star.prompt.is_null(), Prompt.title_key)
    else:
        select = select.order_by(Prompt.title_key)
    return _rows(list(select.offset(offset).limit(limit)), user)


def load_defaults() -> int:
    """Load the shipped gallery once, on first start; returns how many were added."""
    if Meta.get_or_none(Meta.key == DEFAULTS_KEY) is not None:
        return 0
    data = json.loads(
        resources.files("chatdesk.data").joinpath("default_prompts.json").read_text("utf-8")
    )
    added = 0
    with write_transaction(), advisory_lock("chatdesk-prompt-slot"):
        if Meta.get_or_none(Meta.key == DEFAULTS_KEY) is not None:
            return 0
        existing = {p.title_key for p in Prompt.select(Prompt.title_key)}
        for item in data:
            if item["title"].casefold() not in existing:
                _insert(item["title"], item["text"])
                existing.add(item["title"].casefold())
                added += 1
        Meta.create(key=DEFAULTS_KEY, value="1")
    return added
