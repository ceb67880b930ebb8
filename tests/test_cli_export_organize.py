"""``export --folder PATH --tag NAME`` end to end through chatdesk.cli.main (issue 13 item 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatdesk.cli import main
from chatdesk.services import accounts, archive, chats, folders, tags


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def seed() -> None:
    alice = accounts.register("alice", "secret1")
    work = folders.create_folder(alice, "Work")
    clients = folders.create_folder(alice, "Clients", work.id)
    urgent = tags.create_tag(alice, "urgent", "#ff0000")
    made = {}
    for title in ("Acme 合同", "Beta", "Lunch"):
        made[title] = chats.create_chat(alice, title).id
        chats.add_message(alice, made[title], "user", f"about {title}")
    folders.move_chats(alice, [made["Acme 合同"], made["Beta"]], clients.id)
    tags.tag_chats(alice, [made["Acme 合同"], made["Lunch"]], [urgent.id])
    archive.archive_chats(alice, [made["Beta"]])


def test_export_a_folder_and_a_tag(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed()
    db = ("--database", store)
    out = tmp_path / "x.md"
    code, said, _ = run(
        capsys, "export", "--user", "alice", "--folder", "Work/Clients", "--tag", "urgent",
        "-f", "md", "-o", out, *db,
    )  # fmt: skip
    assert (code, said.strip()) == (0, f"exported 1 chats to {out}")
    text = out.read_text(encoding="utf-8")
    assert "# Acme 合同" in text and "Folder: Work / Clients · Tags: urgent" in text
    assert "Beta" not in text and "Lunch" not in text

    # the folder alone: its archived chat too; JSON to stdout carries the filing
    code, said, _ = run(capsys, "export", "--user", "alice", "--folder", "work", "-o", "-",
                        "--format", "json", *db)  # fmt: skip
    data = json.loads(said)
    assert code == 0 and sorted(c["title"] for c in data["chats"]) == ["Acme 合同", "Beta"]
    beta = next(c for c in data["chats"] if c["title"] == "Beta")
    assert beta["folder"] == ["Work", "Clients"] and beta["archived_at"] is not None
    assert [f["path"] for f in data["folders"]] == [["Work"], ["Work", "Clients"]]

    page = tmp_path / "urgent.html"
    code, said, _ = run(capsys, "export", "--user", "alice", "--tag", "URGENT", "-o", page, *db)
    assert (code, said.strip()) == (0, f"exported 2 chats to {page}")
    assert page.read_text(encoding="utf-8").count('class="tag" style="border-color: #ff0000"') == 2


def test_unknown_folder_or_tag_fails_and_writes_nothing(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed()
    db = ("--database", store)
    out = tmp_path / "x.json"
    code, _, err = run(capsys, "export", "--user", "alice", "--folder", "Work/Nope", "-o", out, *db)
    assert code == 1 and "no folder 'Work/Nope' among alice's folders" in err
    code, _, err = run(
        capsys, "export", "--user", "alice", "--folder", "Work", "--tag", "nope", "-o", out, *db
    )
    assert code == 1 and "no tag 'nope' among alice's tags" in err
    code, said, err = run(capsys, "export", "--user", "alice", "--tag", "nope", "-o", "-",
                          "--format", "md", *db)  # fmt: skip
    assert code == 1 and said == ""
    code, _, err = run(capsys, "export", "--prompts", "--tag", "urgent", "-o", out, *db)
    assert code == 2 and "--folder and --tag select chats" in err
    assert list(tmp_path.glob("*.json")) == [] and list(tmp_path.glob(".*.part")) == []
