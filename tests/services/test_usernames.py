"""Usernames unique under NFKC + casefold, nothing invisible in new ones, and the schema v9
migration that recomputes existing keys without locking anyone out (issue 11 item 9)."""

from __future__ import annotations

import pytest

from chatdesk.services import accounts, chats, passwords, validation
from chatdesk.services.errors import ServiceError
from chatdesk.store import migrations
from chatdesk.store.db import run
from chatdesk.store.migrations import SCHEMA_KEY, SCHEMA_VERSION, current_version, migrate
from chatdesk.store.models import Meta, User


def _code(call: object, *args: object) -> int:
    try:
        call(*args)  # type: ignore[operator]
    except ServiceError as error:
        return error.code
    return 0


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("alice", "ａｌｉｃｅ"),  # fullwidth
        ("Alice", "ＡＬＩＣＥ"),
        ("\u00e1lvaro", "a\u0301lvaro"),  # composed and decomposed á
        ("straße", "STRASSE"),  # casefold
        ("ﬁsh", "fish"),  # the ligature is two letters under NFKC
        ("Ⅸ", "ix"),  # roman numeral nine
    ],
)
def test_look_alike_names_are_one_name(store: str, first: str, second: str) -> None:
    assert _code(accounts.register, first, "123456") == 0
    assert _code(accounts.register, second, "123456") == -1
    assert accounts.login(second, "123456").user.username == first  # and sign in as it
    assert User.select().count() == 1


@pytest.mark.parametrize(
    "name",
    [
        "alice\u115f",  # Hangul choseong filler: a letter (Lo) that draws nothing
        "\u3164",  # Hangul filler
        "a\uffa0",  # halfwidth Hangul filler
        "a\u200bb",  # zero-width space
        "a\u200db",  # zero-width joiner
        "a\u2060b",  # word joiner
        "a\ufe0fb",  # variation selector
        "a\u034fb",  # combining grapheme joiner
        "a\u00adb",  # soft hyphen
        "a\u202eb",  # right-to-left override
        "\u2800",  # braille blank
        "a\U000e0041b",  # tag letter
    ],
)
def test_names_with_invisible_characters_are_refused(store: str, name: str) -> None:
    with pytest.raises(ServiceError) as refused:
        accounts.register(name, "123456")
    assert refused.value.code == 1002 and refused.value.params["field"] == "username"
    assert User.select().count() == 0


def test_the_frozen_migration_rule_is_the_services_rule() -> None:
    for name in ("ａｌｉｃｅ", "Straße", "a\u0301", "ﬁ", "Ⅸ", "ǅ", "ß", "İstanbul", "ﷺ"):
        assert migrations.v9_username_key(name) == validation.username_key(name)
    assert migrations.V9_LEGACY_PREFIX == validation.LEGACY_PREFIX


def _old_account(name: str, password: str = "123456") -> int:
    """An account as schema v8 stored it: the key was ``casefold()`` only."""
    user = User.create(
        username=name, username_key=name.casefold(), password_hash=passwords.hash_password(password)
    )
    return int(user.id)


def test_migration_to_v9_recomputes_keys_and_locks_nobody_out(store: str) -> None:
    ids = {
        name: _old_account(name)
        for name in ("alice", "ａｌｉｃｅ", "Ｂob", "carol\u115f", "ﷺ" * 20, "a\u0301", "\u00e1")
    }
    Meta.update(value="8").where(Meta.key == SCHEMA_KEY).execute()
    assert migrate() == 8 and current_version() == SCHEMA_VERSION
    keys = dict(run('SELECT id, username_key FROM "user"').fetchall())
    assert keys[ids["alice"]] == "alice"  # its key already: it keeps it
    assert keys[ids["ａｌｉｃｅ"]] == "\x01ａｌｉｃｅ"  # collides: kept under its exact name
    assert keys[ids["Ｂob"]] == "bob"  # no collision: the new key
    assert keys[ids["\u00e1"]] == "\u00e1"  # the composed á had that key already: it keeps it
    assert keys[ids["a\u0301"]] == "\x01a\u0301"  # though older, the decomposed one is kept so
    assert keys[ids["ﷺ" * 20]].startswith("\x01")  # 360 characters under NFKC: too long
    # every account signs in with its exact name, and is its own
    for name, user_id in ids.items():
        session = accounts.login(name, "123456")
        assert session.user.id == user_id, name
        assert accounts.find_user(name).id == user_id
        assert accounts.resolve_user(name, session.user).id == user_id
    # other spellings reach the account that holds the key
    assert accounts.login("ＡＬＩＣＥ", "123456").user.id == ids["alice"]
    assert accounts.find_user("BOB").id == ids["Ｂob"]
    # chats stay apart
    chats.add_chat(accounts.find_user("alice"), "1", "a's", "hi", "user")
    chats.add_chat(accounts.find_user("ａｌｉｃｅ"), "1", "fullwidth's", "hi", "user")
    titles = {
        name: chats.list_chats(accounts.find_user(name), offset=0, limit=5)[0][0].title
        for name in ("alice", "ａｌｉｃｅ")
    }
    assert titles == {"alice": "a's", "ａｌｉｃｅ": "fullwidth's"}
    # and nobody new can take any of those names
    for name in ("ａｌｉｃｅ", "ALICE", "bob", "\u00e1"):
        assert _code(accounts.register, name, "123456") == -1
    assert User.select().count() == len(ids)


def test_migration_to_v9_on_a_database_without_collisions_changes_keys_only(store: str) -> None:
    user_id = _old_account("ＤＡＶＥ")
    Meta.update(value="8").where(Meta.key == SCHEMA_KEY).execute()
    migrate()
    assert User.get_by_id(user_id).username_key == "dave"
    assert User.get_by_id(user_id).username == "ＤＡＶＥ"  # stored as typed
    assert accounts.login("dave", "123456").user.id == user_id
