"""Chats dragged between the windows' views: their ids, as JSON, in one MIME type."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QMimeData

#: The drag payload of chats: their ids, as JSON.
CHAT_IDS_MIME = "application/x-chatdesk-chat-ids"


def chat_ids_mime(ids: Sequence[int]) -> QMimeData:
    data = QMimeData()
    data.setData(CHAT_IDS_MIME, QByteArray(json.dumps([int(i) for i in ids]).encode()))
    return data


def chat_ids_of(data: QMimeData | None) -> list[int]:
    if data is None or not data.hasFormat(CHAT_IDS_MIME):
        return []
    try:
        ids = json.loads(bytes(data.data(CHAT_IDS_MIME).data()).decode())
    except ValueError:
        return []
    return [i for i in ids if isinstance(i, int) and i > 0] if isinstance(ids, list) else []
