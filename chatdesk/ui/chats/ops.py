"""The chat and folder actions of the windows, each a small function around one service call run
on the worker through :meth:`Tasks.run` (as Anki's ``aqt.operations``).

Widgets call these instead of the services: the call, the thread it runs on and what comes back
(``on_done`` with the service's result, on the GUI thread) are in one place. ``owner`` is the
widget whose destruction drops the callback. The actions that move or tag chats return what
their Undo needs (:class:`Moved`, :class:`Tagging`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from chatdesk.services import archive as archiving
from chatdesk.services import chat_filter, chats, folders, tags
from chatdesk.services.chat_filter import NO_FOLDER, ChatFilter
from chatdesk.services.chats import ChatSummary
from chatdesk.services.folders import ChatsMode, FolderDeletion, Moved
from chatdesk.services.tags import Tagging, TagInfo
from chatdesk.ui.tasks import ErrorCallback, Tasks

if TYPE_CHECKING:
    from chatdesk.services.accounts import Account

Done = Callable[[Any], None] | None


def _ids(chat_ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(chat_ids))


# --- chats ----------------------------------------------------------------------------------


def create(tasks: Tasks, owner: QObject, user: Account, title: str, on_done: Done = None) -> None:
    """A new chat; ``on_done`` receives its :class:`ChatSummary`."""
    tasks.run(lambda: chats.create_chat(user, title), on_done, owner=owner)


def set_pinned(
    tasks: Tasks,
    owner: QObject,
    user: Account,
    ids: Iterable[int],
    pinned: bool,
    on_done: Done = None,
) -> None:
    chat_ids = _ids(ids)
    tasks.run(lambda: chats.set_pinned(user, chat_ids, pinned), on_done, owner=owner)


def rename(
    tasks: Tasks,
    owner: QObject,
    user: Account,
    chat_id: int,
    title: str,
    on_error: ErrorCallback | None = None,
) -> None:
    tasks.run(lambda: chats.rename_chat(user, chat_id, title), on_error=on_error, owner=owner)


def delete(
    tasks: Tasks, owner: QObject, user: Account, ids: Iterable[int], on_done: Done = None
) -> None:
    """Delete chats (soft); ``on_done`` receives the ids deleted, for :func:`restore`."""
    chat_ids = _ids(ids)
    tasks.run(lambda: chats.delete_chats(user, chat_ids), on_done, owner=owner)


def restore(
    tasks: Tasks, owner: QObject, user: Account, ids: Iterable[int], on_done: Done = None
) -> None:
    chat_ids = _ids(ids)
    tasks.run(lambda: chats.restore_chats(user, chat_ids), on_done, owner=owner)


def move_to_folder(
    tasks: Tasks,
    owner: QObject,
    user: Account,
    ids: Iterable[int],
    folder_id: int | None,
    on_done: Done = None,
    on_error: ErrorCallback | None = None,
) -> None:
    """File chats into ``folder_id`` (None: out of any folder); ``on_done`` receives a
    :class:`Moved` (for :func:`undo_move`)."""
    chat_ids = _ids(ids)
    tasks.run(lambda: folders.move_chats(user, chat_ids, folder_id), on_done, on_error, owner=owner)


def undo_move(
    tasks: Tasks, owner: QObject, user: Account, moved: Moved, on_done: Done = None
) -> None:
    """Each chat of ``moved`` back where it was (see :func:`folders.undo_move`)."""
    tasks.run(lambda: folders.undo_move(user, moved), on_done, owner=owner)


def add_tag(
    tasks: Tasks,
    owner: QObject,
    user: Account,
    ids: Iterable[int],
    tag_id: int,
    on_done: Done = None,
) -> None:
    """Tag chats; ``on_done`` receives the :class:`Tagging` (for :func:`undo_tagging`)."""
    chat_ids = _ids(ids)
    tasks.run(lambda: tags.add_tags(user, chat_ids, [tag_id]), on_done, owner=owner)


def remove_tag(
    tasks: Tasks,
    owner: QObject,
    user: Account,
    ids: Iterable[int],
    tag_id: int,
    on_done: Done = None,
) -> None:
    """Untag chats; ``on_done`` receives the :class:`Tagging` (for :func:`undo_tagging`)."""
    chat_ids = _ids(ids)
    tasks.run(lambda: tags.remove_tags(user, chat_ids, [tag_id]), on_done, owner=owner)


def undo_tagging(
    tasks: Tasks, owner: QObject, user: Account, tagging: Tagging, on_done: Done = None
) -> None:
    """The tags :func:`add_tag` or :func:`remove_tag` changed, back as they were."""
    tasks.run(lambda: tags.undo_tagging(user, tagging), on_done, owner=owner)


def archive(
    tasks: Tasks, owner: QObject, user: Account, ids: Iterable[int], on_done: Done = None
) -> None:
    """Archive chats; ``on_done`` receives the ids archived (for :func:`unarchive`)."""
    chat_ids = _ids(ids)
    tasks.run(lambda: archiving.archive_chats(user, chat_ids), on_done, owner=owner)


def unarchive(
    tasks: Tasks, owner: QObject, user: Account, ids: Iterable[int], on_done: Done = None
) -> None:
    chat_ids = _ids(ids)
    tasks.run(lambda: archiving.unarchive_chats(user, chat_ids), on_done, owner=owner)


def lists_chat(
    tasks: Tasks, owner: QObject, user: Account, chat_id: int, where: ChatFilter, on_done: Done
) -> None:
    """``on_done`` receives whether the list ``where`` shows ``chat_id``."""
    tasks.run(lambda: chat_filter.lists(user.id, chat_id, where), on_done, owner=owner)


def tags_of(tasks: Tasks, owner: QObject, ids: Iterable[int], on_done: Done = None) -> None:
    """``on_done`` receives {chat id: [TagInfo]} (chats without tags left out)."""
    chat_ids = _ids(ids)
    tasks.run(lambda: tags.tags_of(chat_ids), on_done, owner=owner)


def chat_heading(
    tasks: Tasks, owner: QObject, user: Account, chat_id: int, on_done: Done = None
) -> None:
    """``on_done`` receives (the chat's summary or None, its tags): for a chat open but not
    loaded in the list (filtered out, a search hit far down, one just started elsewhere)."""

    def heading() -> tuple[ChatSummary | None, tuple[TagInfo, ...]]:
        found = chats.summaries(user, [chat_id])
        return (found[0] if found else None), tuple(tags.tags_of([chat_id]).get(chat_id, ()))

    tasks.run(heading, on_done, owner=owner)


# --- folders and tags ------------------------------------------------------------------------


def list_tree(tasks: Tasks, owner: QObject, user: Account, on_done: Done = None) -> None:
    """``on_done`` receives (folders, tags, the default list's count, chats in no folder,
    archived chats, the chats of each source: ``chats.source_counts``)."""
    tasks.run(lambda: _tree(user), on_done, owner=owner)


def _tree(
    user: Account,
) -> tuple[list[folders.FolderInfo], list[tags.TagInfo], int, int, int, list[tuple[str, int]]]:
    return (
        folders.list_folders(user),
        tags.list_tags(user),
        chats.count_chats(user),
        chats.count_chats(user, where=ChatFilter(folder_id=NO_FOLDER)),
        chats.count_chats(user, where=ChatFilter(archived=True)),
        chats.source_counts(user),
    )


def create_folder(
    tasks: Tasks,
    owner: QObject,
    user: Account,
    name: str,
    parent_id: int | None,
    on_done: Done = None,
    on_error: ErrorCallback | None = None,
) -> None:
    tasks.run(lambda: folders.create_folder(user, name, parent_id), on_done, on_error, owner=owner)


def rename_folder(
    tasks: Tasks,
    owner: QObject,
    user: Account,
    folder_id: int,
    name: str,
    on_error: ErrorCallback | None = None,
) -> None:
    tasks.run(lambda: folders.rename_folder(user, folder_id, name), None, on_error, owner=owner)


def delete_folder(
    tasks: Tasks,
    owner: QObject,
    user: Account,
    folder_id: int,
    mode: ChatsMode,
    on_done: Done = None,
) -> None:
    """``on_done`` receives the :class:`FolderDeletion` (for :func:`undo_delete_folder`)."""
    tasks.run(lambda: folders.delete_folder(user, folder_id, mode), on_done, owner=owner)


def undo_delete_folder(
    tasks: Tasks,
    owner: QObject,
    user: Account,
    deletion: FolderDeletion,
    on_done: Done = None,
    on_error: ErrorCallback | None = None,
) -> None:
    tasks.run(lambda: folders.undo_delete(user, deletion), on_done, on_error, owner=owner)


def create_tag(
    tasks: Tasks,
    owner: QObject,
    user: Account,
    name: str,
    color: str = "",
    on_done: Done = None,
    on_error: ErrorCallback | None = None,
) -> None:
    tasks.run(lambda: tags.create_tag(user, name, color), on_done, on_error, owner=owner)
