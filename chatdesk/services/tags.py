"""Tags on chats (issue 13); the archive is :mod:`chatdesk.services.archive`.

A tag is a user's: a name unique under NFKC + casefold, and a colour; a chat carries any number.
Every write is one transaction and announces itself: ``Change("tag", user)`` when the user's
tags changed, ``Change("chat", user, chat)`` for each chat whose tags changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

import peewee as pw

from chatdesk.services import validation
from chatdesk.services.accounts import AccountRef
from chatdesk.services.errors import ServiceError, invalid
from chatdesk.services.events import Change, publish, publish_all
from chatdesk.store import database, write_transaction
from chatdesk.store.models import Chat, ChatTag, Tag, TagCount

NAME_MAX = 64
_COLOR = re.compile(r"#[0-9a-f]{6}")
_BATCH = 500


@dataclass(frozen=True)
class TagInfo:
    """A tag; ``count`` is how many chats not deleted carry it (where asked for)."""

    id: int
    name: str
    color: str
    count: int = 0


def name(value: str | None, field_name: str = "name") -> str:
    """A tag's name: text without control characters, surrounding blanks trimmed."""
    text = validation.text(value, field_name, max_len=NAME_MAX).strip()
    if not text:
        raise ServiceError(1001, field=field_name)
    return text


def color(value: str | None) -> str:
    """``#rrggbb`` (lower-cased), or "" for the default colour."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or not _COLOR.fullmatch(value.lower()):
        raise invalid("color", "color")
    return value.lower()


def _info(tag: Tag, count: int = 0) -> TagInfo:
    return TagInfo(id=tag.id, name=tag.name, color=tag.color, count=count)


def _owned(user: AccountRef, tag_id: int | None) -> Tag:
    tag = (
        Tag.get_or_none(Tag.id == tag_id, Tag.user == user.id) if isinstance(tag_id, int) else None
    )
    if tag is None:
        raise ServiceError(6004)
    return tag


def create_tag(user: AccountRef, tag_name: str | None, tag_color: str | None = "") -> TagInfo:
    """A new tag; 6005 when the user has one of that name (under NFKC + casefold)."""
    text, hue = name(tag_name), color(tag_color)
    key = validation.username_key(text)
    with write_transaction():
        if Tag.select().where(Tag.user == user.id, Tag.name_key == key).exists():
            raise ServiceError(6005, name=text)
        try:
            with database.atomic():
                tag_id = Tag.insert(user=user.id, name=text, name_key=key, color=hue).execute()
        except pw.IntegrityError:  # made meanwhile by another process
            raise ServiceError(6005, name=text) from None
        publish(Change("tag", user.id))
    return TagInfo(id=int(tag_id), name=text, color=hue)


def rename_tag(user: AccountRef, tag_id: int, tag_name: str | None) -> None:
    text = name(tag_name)
    key = validation.username_key(text)
    with write_transaction():
        tag = _owned(user, tag_id)
        taken = Tag.select().where(Tag.user == user.id, Tag.name_key == key, Tag.id != tag.id)
        if taken.exists():
            raise ServiceError(6005, name=text)
        Tag.update(name=text, name_key=key).where(Tag.id == tag.id).execute()
        publish(Change("tag", user.id))


def recolor_tag(user: AccountRef, tag_id: int, tag_color: str | None) -> None:
    hue = color(tag_color)
    with write_transaction():
        tag = _owned(user, tag_id)
        Tag.update(color=hue).where(Tag.id == tag.id).execute()
        publish(Change("tag", user.id))


def delete_tag(user: AccountRef, tag_id: int) -> list[int]:
    """Delete a tag (it leaves every chat); returns the ids of the chats that carried it."""
    with write_transaction():
        tag = _owned(user, tag_id)
        select = ChatTag.select(ChatTag.chat).where(ChatTag.tag == tag.id)
        carried = [int(r.chat_id) for r in select]  # type: ignore[attr-defined]
        Tag.delete().where(Tag.id == tag.id).execute()  # chat_tag rows go by the cascade
        publish_all([Change("tag", user.id), *(Change("chat", user.id, c) for c in carried)])
    return carried


def list_tags(user: AccountRef) -> list[TagInfo]:
    """The user's tags by name, each with how many chats its list shows (neither deleted nor
    archived: archived chats show in the Archive only), as a folder's count does: the count the
    triggers of schema v15 keep (``tag_count``)."""
    counts = dict(
        cast(
            "Iterable[tuple[int, int]]",
            TagCount.select(TagCount.tag, TagCount.listed)
            .join(Tag, on=(Tag.id == TagCount.tag))
            .where(Tag.user == user.id)
            .tuples(),
        )
    )
    tags = Tag.select().where(Tag.user == user.id).order_by(Tag.name_key, Tag.id)
    return [_info(t, int(counts.get(t.id, 0))) for t in tags]


def find_tag(user: AccountRef, tag_name: str) -> int | None:
    """The id of the user's tag of this name (under NFKC + casefold), if any."""
    key = validation.username_key(tag_name.strip())
    tag = Tag.get_or_none(Tag.user == user.id, Tag.name_key == key)
    return None if tag is None else int(tag.id)


def _live_ids(user: AccountRef, ids: Sequence[int]) -> list[int]:
    found: list[int] = []
    for start in range(0, len(ids), _BATCH):
        select = Chat.select(Chat.id).where(
            Chat.id.in_(list(ids[start : start + _BATCH])),
            Chat.user == user.id,
            Chat.deleted_at.is_null(),
        )
        have = {c.id for c in select}
        found += [i for i in ids[start : start + _BATCH] if i in have]  # in the order given
    return found


@dataclass(frozen=True)
class Tagging:
    """What :func:`add_tags` or :func:`remove_tags` did, for :func:`undo_tagging`: the chats it
    applied to, and the (chat, tag) pairs it put on (``added``) or took off, those already so
    left out."""

    added: bool
    chat_ids: tuple[int, ...]
    pairs: tuple[tuple[int, int], ...]


def tag_chats(user: AccountRef, chat_ids: Iterable[int], tag_ids: Iterable[int]) -> list[int]:
    """Put tags on chats (many at once; a tag already there stays once); returns the ids of
    the user's chats (not deleted) it applied to. 6004 for a tag not the user's."""
    return list(add_tags(user, chat_ids, tag_ids).chat_ids)


def untag_chats(user: AccountRef, chat_ids: Iterable[int], tag_ids: Iterable[int]) -> list[int]:
    """Take tags off chats (many at once); returns the ids of the chats it applied to."""
    return list(remove_tags(user, chat_ids, tag_ids).chat_ids)


def add_tags(user: AccountRef, chat_ids: Iterable[int], tag_ids: Iterable[int]) -> Tagging:
    """:func:`tag_chats`, returning what changed (for Undo)."""
    return _retag(user, chat_ids, tag_ids, add=True)


def remove_tags(user: AccountRef, chat_ids: Iterable[int], tag_ids: Iterable[int]) -> Tagging:
    """:func:`untag_chats`, returning what changed (for Undo)."""
    return _retag(user, chat_ids, tag_ids, add=False)


def _carried(chat_ids: list[int], tag_ids: list[int]) -> set[tuple[int, int]]:
    """The (chat, tag) pairs of these chats and tags that exist (``chat_ids``: at most a batch)."""
    if not chat_ids or not tag_ids:
        return set()
    select = ChatTag.select(ChatTag.chat, ChatTag.tag).where(
        ChatTag.chat.in_(chat_ids), ChatTag.tag.in_(tag_ids)
    )
    return set(cast("Iterable[tuple[int, int]]", select.tuples()))


def _retag(
    user: AccountRef, chat_ids: Iterable[int], tag_ids: Iterable[int], *, add: bool
) -> Tagging:
    ids, tags = list(dict.fromkeys(chat_ids)), list(dict.fromkeys(tag_ids))
    changed: list[tuple[int, int]] = []
    with write_transaction():
        for tag_id in tags:
            _owned(user, tag_id)
        chats = _live_ids(user, ids)
        for start in range(0, len(chats), _BATCH):
            batch = chats[start : start + _BATCH]
            there = _carried(batch, tags)
            if add:
                pairs = [(c, t) for c in batch for t in tags if (c, t) not in there]
                if pairs:
                    rows = [{"chat": c, "tag": t} for c, t in pairs]
                    ChatTag.insert_many(rows).on_conflict_ignore().execute()
            else:
                pairs = [(c, t) for c in batch for t in tags if (c, t) in there]
                if pairs:
                    ChatTag.delete().where(ChatTag.chat.in_(batch), ChatTag.tag.in_(tags)).execute()
            changed += pairs
        publish_all(Change("chat", user.id, chat_id) for chat_id in chats)
    return Tagging(add, tuple(chats), tuple(changed))


def undo_tagging(user: AccountRef, tagging: Tagging) -> list[int]:
    """Undo :func:`add_tags` or :func:`remove_tags`: exactly the pairs it changed go back (a
    tag it put on comes off, one it took off goes back on), on the chats not deleted and the
    tags not deleted meanwhile. One transaction; returns the ids of the chats changed."""
    with write_transaction():
        chats = set(_live_ids(user, list(dict.fromkeys(c for c, _ in tagging.pairs))))
        wanted = list({t for _, t in tagging.pairs})
        owned = {t.id for t in Tag.select(Tag.id).where(Tag.id.in_(wanted), Tag.user == user.id)}
        pairs = [(c, t) for c, t in tagging.pairs if c in chats and t in owned]
        by_tag: dict[int, list[int]] = {}
        for chat_id, tag_id in pairs:
            by_tag.setdefault(tag_id, []).append(chat_id)
        for tag_id, chat_ids in by_tag.items():
            for start in range(0, len(chat_ids), _BATCH):
                batch = chat_ids[start : start + _BATCH]
                if tagging.added:
                    ChatTag.delete().where(ChatTag.tag == tag_id, ChatTag.chat.in_(batch)).execute()
                else:
                    rows = [{"chat": c, "tag": tag_id} for c in batch]
                    ChatTag.insert_many(rows).on_conflict_ignore().execute()
        done = list(dict.fromkeys(c for c, _ in pairs))
        publish_all(Change("chat", user.id, chat_id) for chat_id in done)
    return done


def tags_of(chat_ids: Iterable[int]) -> dict[int, list[TagInfo]]:
    """The tags of each chat (by name); chats without tags are left out. For the list's tag
    chips and search hits: one query per 500 chats."""
    ids = list(dict.fromkeys(chat_ids))
    found: dict[int, list[TagInfo]] = {}
    for start in range(0, len(ids), _BATCH):
        rows = (
            ChatTag.select(ChatTag.chat, Tag.id, Tag.name, Tag.color)
            .join(Tag, on=(Tag.id == ChatTag.tag))
            .where(ChatTag.chat.in_(ids[start : start + _BATCH]))
            .order_by(Tag.name_key, Tag.id)
            .tuples()
        )
        for chat_id, tag_id, tag_name, hue in cast("Iterable[tuple[int, int, str, str]]", rows):
            found.setdefault(chat_id, []).append(TagInfo(tag_id, tag_name, hue))
    return found
