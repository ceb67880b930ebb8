"""Account changes a signed-in person makes: a new password, and deleting the account with all
its chats (SQLite and the real PostgreSQL server)."""

from __future__ import annotations

import pytest

from chatdesk.services import accounts, chats, search
from chatdesk.services.errors import ServiceError
from chatdesk.store.models import Chat, LoginAttempt, Message, Token, User


def test_change_password_checks_the_current_one_and_revokes_tokens(store: str) -> None:
    user = accounts.register("alice", "secret1")
    accounts.login("alice", "secret1")
    with pytest.raises(ServiceError) as wrong:
        accounts.change_password(user, "not-it", "newsecret")
    assert wrong.value.code == 2006
    with pytest.raises(ServiceError) as short:
        accounts.change_password(user, "secret1", "abc")
    assert short.value.code == 1002
    accounts.login("alice", "secret1")  # nothing changed by the refusals
    assert Token.select().where(Token.user == user.id).count() == 2

    accounts.change_password(user, "secret1", "newsecret")
    assert Token.select().where(Token.user == user.id).count() == 0
    with pytest.raises(ServiceError) as old:
        accounts.login("alice", "secret1")
    assert old.value.code == -2
    assert accounts.login("alice", "newsecret").user.id == user.id


def test_delete_account_takes_every_chat_and_message_and_nothing_else(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    bob = accounts.register("bob", "secret1")
    for owner in (alice, bob):
        for n in range(3):
            chat = chats.create_chat(owner, f"{owner.username} {n} gardening")
            chats.add_message(owner, chat.id, "user", f"tomatoes {owner.username} {n}")
    accounts.login("alice", "secret1")
    with pytest.raises(ServiceError):
        accounts.login("alice", "wrong")
    with pytest.raises(ServiceError) as wrong:
        accounts.delete_account(alice, "wrong")
    assert wrong.value.code == 2006
    assert Chat.select().where(Chat.user == alice.id).count() == 3  # a refusal changes nothing

    assert accounts.delete_account(alice, "secret1") == 3
    assert not User.select().where(User.id == alice.id).exists()
    assert Chat.select().where(Chat.user == alice.id).count() == 0
    assert Message.select().join(Chat).where(Chat.user == alice.id).count() == 0
    assert Token.select().where(Token.user == alice.id).count() == 0
    assert LoginAttempt.select().where(LoginAttempt.username_key == "alice").count() == 0
    # bob keeps everything, and search finds his messages only
    assert Chat.select().where(Chat.user == bob.id).count() == 3
    hits, total = search.search(bob, "tomatoes")
    assert total == 3
    assert {hit.chat_id for hit in hits} == {c.id for c in Chat.select().where(Chat.user == bob.id)}
    with pytest.raises(ServiceError) as gone:
        accounts.login("alice", "secret1")
    assert gone.value.code == -2
    accounts.register("alice", "another1")  # the name is free again
