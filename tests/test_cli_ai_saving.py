"""``chatdesk ai-saving on|off|status``: the option "Let AI apps save to my library" from the
command line, for the admin of a headless ``serve`` (issue 24), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from chatdesk.cli import main
from chatdesk.services import accounts, ai_apps, events
from chatdesk.services.events import Change


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_turned_on_and_off_per_account(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    alice = accounts.register("alice", "secret123")
    bob = accounts.register("Bob", "secret123")
    db = ("--database", store)
    heard: list[Change] = []
    unsubscribe = events.subscribe(heard.append)
    try:
        assert run(capsys, "ai-saving", "status", *db) == (0, "no account lets AI apps save\n", "")
        assert run(capsys, "ai-saving", "on", "--user", "alice", *db) == (0, "alice: on\n", "")
        assert ai_apps.writes_allowed(alice) and not ai_apps.writes_allowed(bob)
        assert run(capsys, "ai-saving", "on", "--user", "ＢＯＢ", *db)[:2] == (0, "Bob: on\n")
        assert run(capsys, "ai-saving", "status", "--user", "bob", *db)[1] == "Bob: on\n"
        assert run(capsys, "ai-saving", "status", *db)[1] == "alice: on\nBob: on\n"
        assert run(capsys, "ai-saving", "off", "--user", "alice", *db)[:2] == (0, "alice: off\n")
        assert not ai_apps.writes_allowed(alice) and ai_apps.writes_allowed(bob)
        assert run(capsys, "ai-saving", "status", "--user", "alice", *db)[1] == "alice: off\n"
        # off without --user: every account (the admin's switch for the whole server)
        assert run(capsys, "ai-saving", "on", "--user", "alice", *db)[0] == 0
        assert run(capsys, "ai-saving", "off", *db)[:2] == (0, "alice: off\nBob: off\n")
        assert not ai_apps.writes_allowed(alice) and not ai_apps.writes_allowed(bob)
        assert run(capsys, "ai-saving", "off", *db)[:2] == (0, "no account lets AI apps save\n")
    finally:
        unsubscribe()
    # each change is announced, so that running MCP servers follow it (tests/mcp)
    assert Change(ai_apps.OPTION_CHANGE, alice.id) in heard
    assert Change(ai_apps.OPTION_CHANGE, bob.id) in heard


def test_bad_input_is_a_clear_error_and_changes_nothing(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    alice = accounts.register("alice", "secret123")
    db = ("--database", store)
    code, out, err = run(capsys, "ai-saving", "on", *db)
    assert (code, out) == (2, "") and "say whose library with --user NAME" in err
    code, out, err = run(capsys, "ai-saving", "on", "--user", "nobody", *db)
    assert (code, out) == (1, "") and "No such user: nobody" in err
    code, out, err = run(capsys, "ai-saving", "status", "--user", "a b", *db)
    assert code == 1 and "username" in err
    with pytest.raises(SystemExit) as usage:
        main(["ai-saving", "maybe", "--user", "alice", *db])
    assert usage.value.code == 2
    assert "invalid choice: 'maybe'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["ai-saving", *db])
    assert "the following arguments are required: ACTION" in capsys.readouterr().err
    code, out, err = run(capsys, "ai-saving", "on", "--user", "alice", "--database", "mysql://h/d")
    assert code == 1 and err == (
        "chatdesk: unsupported database URL scheme 'mysql' (sqlite:///FILE or postgresql://…)\n"
    )
    assert not ai_apps.writes_allowed(alice)
