"""The archive (issue 13): archived chats leave the default list
(:mod:`chatdesk.services.chat_filter`) and the counts of the folder tree, but stay searchable
and exportable; unarchiving puts them back where they were (their folder and tags are kept).

Every write is one transaction and announces ``Change("chat", user, chat)`` for each chat whose
state changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from chatdesk.services.accounts import AccountRef
from chatdesk.services.events import Change, publish_all
from chatdesk.store import write_transaction
from chatdesk.store.models import Chat, utcnow

_BATCH = 500


def archive_chats(user: AccountRef, chat_ids: Iterable[int]) -> list[int]:
    """Archive chats (many at once); returns the ids archived (the user's chats neither
    deleted nor archived already), in the order given: what :func:`unarchive_chats` undoes."""
    return _set_archived(user, list(dict.fromkeys(chat_ids)), archived=True)


def unarchive_chats(user: AccountRef, chat_ids: Iterable[int]) -> list[int]:
    """Put archived chats back in the default list; returns the ids unarchived."""
    return _set_archived(user, list(dict.fromkeys(chat_ids)), archived=False)


def _set_archived(user: AccountRef, ids: list[int], *, archived: bool) -> list[int]:
    now = utcnow() if archived else None
    with write_transaction():
        changed: list[int] = []
        for start in range(0, len(ids), _BATCH):
            select = Chat.select(Chat.id).where(
                Chat.id.in_(ids[start : start + _BATCH]),
                Chat.user == user.id,
                Chat.deleted_at.is_null(),
                Chat.archived_at.is_null(archived),
            )
            have = {c.id for c in select}
            batch = [i for i in ids[start : start + _BATCH] if i in have]
            if batch:
                Chat.update(archived_at=now).where(Chat.id.in_(batch)).execute()
            changed += batch
        publish_all(Change("chat", user.id, chat_id) for chat_id in changed)
    return changed
