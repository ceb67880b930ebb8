"""Issue 21 item 12: add_chat takes the message type as ``chat_tpye`` (the seed's document) or
``chat_type`` (what the seed's service read, SPEC §1); a bad value's error names the field the
client sent, not the other spelling."""

from __future__ import annotations

import pytest

from chatdesk.store.models import Chat, Message
from tests.api.conftest import Client


@pytest.fixture
def user(client: Client) -> str:
    client.post("register", {"username": "jiuhua", "password": "123456"})
    return "jiuhua"


SPELLINGS = [("chat_type", "chat_tpye"), ("chat_tpye", "chat_type")]


@pytest.mark.parametrize(("sent", "other"), SPELLINGS)
@pytest.mark.parametrize("accept", ["zh-CN", "en"])
def test_a_bad_type_names_the_field_sent(
    client: Client, user: str, sent: str, other: str, accept: str
) -> None:
    fields = {"username": user, "chat_id": "1", "chat_title": "t", "chat_content": "x", sent: "2"}
    reply = client.post("add_chat", fields, Accept_Language=accept)
    assert reply.code == 1002
    assert sent in reply.json["msg"] and other not in reply.json["msg"], reply.json
    assert Chat.select().count() == 0 and Message.select().count() == 0


def test_as_json_too(client: Client, user: str) -> None:
    body = {"username": user, "chat_id": "1", "chat_title": "t", "chat_type": "assistant"}
    reply = client.post_json("add_chat", body)
    assert reply.code == 1002 and "chat_type" in reply.json["msg"]
    assert "chat_tpye" not in reply.json["msg"]
