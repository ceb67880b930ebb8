"""Prompt collections: the real awesome-chatgpt-prompts files import cleanly; export; favorites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatdesk.importers import InputError
from chatdesk.services import accounts, prompts
from chatdesk.services.errors import ServiceError
from chatdesk.services.prompt_collections import export_prompts, import_prompts
from chatdesk.store.models import Prompt

CLASSIC = "prompts/f_awesome-chatgpt-prompts__prompts.csv"
ZH_JSON = "prompts/PlexPt_awesome-chatgpt-prompts-zh__prompts-zh.json"
ZH_TW_JSON = "prompts/PlexPt_awesome-chatgpt-prompts-zh__prompts-zh-TW.json"
ZH_CSV = "prompts/PlexPt_awesome-chatgpt-prompts-zh__prompts-zh.csv"


def slots_are_dense() -> bool:
    slots = sorted(s for (s,) in Prompt.select(Prompt.slot).tuples())
    return slots == list(range(len(slots)))


def test_classic_csv(store: str, realdata: Path) -> None:
    report = import_prompts(realdata / CLASSIC)
    # 211 rows; five titles come twice (any case): Life Coach, ChatGPT prompt generator, …
    assert (report.read, report.added, report.duplicates, report.invalid) == (211, 206, 5, [])
    assert Prompt.select().count() == 206 and slots_are_dense()
    # the malformed row (unquoted title, a space before the quoted prompt) reads as meant
    planner = Prompt.get(Prompt.title == "Virtual Event Planner")
    assert planner.text.startswith("I want you to act as a virtual event planner, responsible")
    assert planner.text.endswith("enjoyable for a global audience.")
    dan = Prompt.get(Prompt.title_key == "unconstrained ai model dan")
    assert '"' in dan.text and '""' not in dan.text  # doubled quotes are undone
    again = import_prompts(realdata / CLASSIC)
    assert (again.added, again.duplicates) == (0, 211)


def test_chinese_collections(store: str, realdata: Path) -> None:
    simplified = import_prompts(realdata / ZH_JSON)
    assert (simplified.read, simplified.added, simplified.duplicates) == (124, 124, 0)
    first = Prompt.get(Prompt.title == "担任雅思写作考官")
    assert first.text.startswith("我希望你假定自己是雅思写作考官") and not first.text.endswith("\n")
    traditional = import_prompts(realdata / ZH_TW_JSON)
    # 擔任人生教練 comes twice; 下棋 and 好耶！魅魔！ read the same in both scripts
    assert (traditional.read, traditional.added, traditional.duplicates) == (124, 121, 3)
    assert traditional.invalid == []
    assert Prompt.select().where(Prompt.title == "擔任人生教練").count() == 1
    csv_copy = import_prompts(realdata / ZH_CSV)  # the same data as the simplified JSON
    assert (csv_copy.read, csv_copy.added, csv_copy.duplicates) == (124, 0, 124)
    assert slots_are_dense()


def test_zh_tw_alone(sqlite_store: str, realdata: Path) -> None:
    report = import_prompts(realdata / ZH_TW_JSON)
    assert (report.read, report.added, report.duplicates, report.invalid) == (124, 123, 1, [])


def test_progress_and_cancel(sqlite_store: str, realdata: Path) -> None:
    seen: list[tuple[int, int]] = []
    report = import_prompts(
        realdata / CLASSIC, progress=lambda d, t: seen.append((d, t)), cancel=lambda: bool(seen)
    )
    size = (realdata / CLASSIC).stat().st_size
    # the first batch of 200 went in; the cancel came before the last 11 rows
    assert report.cancelled and len(seen) == 1 and seen[0][1] == size and 0 < seen[0][0] <= size
    assert report.added + report.duplicates == 200 == Prompt.select().count() + report.duplicates


def test_rows_the_gallery_refuses_are_reported(sqlite_store: str, tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    long_text = "x" * 200_001
    path.write_text(
        f'"act","prompt","for_devs"\nGood,"A fine prompt",FALSE\nToo long,"{long_text}",TRUE\n'
        'Short row\n"Tab\tTitle",text,FALSE\n',
        encoding="utf-8",
    )
    report = import_prompts(path)
    assert (report.read, report.added) == (4, 1)
    reasons = {s.name: s.reason for s in report.invalid}
    assert "too long" in reasons["'Too long'"]
    assert "fields" in reasons["line 4"]
    assert "control" in reasons["'Tab\\tTitle'"]
    with pytest.raises(InputError, match="not a prompt collection"):
        bad = tmp_path / "chats.json"
        bad.write_text('[{"conversations": []}]', encoding="utf-8")
        import_prompts(bad)


def test_export_reads_back_with_favorites(store: str, realdata: Path, tmp_path: Path) -> None:
    alice = accounts.register("alice", "secret1")
    import_prompts(realdata / ZH_JSON)
    fav = Prompt.get(Prompt.title == "担任雅思写作考官")
    prompts.set_favorite(alice, fav.id, True)
    before = {(p.title, p.text, p.favorite) for p in prompts.list_prompts(user=alice, limit=500)}
    assert sum(favorite for _, _, favorite in before) == 1
    for fmt in ("json", "csv"):
        out = tmp_path / f"gallery.{fmt}"
        assert export_prompts(out, fmt, user=alice) == 124
        Prompt.delete().execute()
        report = import_prompts(out, user=alice)
        assert (report.added, report.invalid) == (124, [])
        after = {(p.title, p.text, p.favorite) for p in prompts.list_prompts(user=alice, limit=500)}
        assert after == before
    rows = json.loads((tmp_path / "gallery.json").read_text(encoding="utf-8"))
    assert rows[0] == {"act": fav.title, "prompt": fav.text, "favorite": True}  # favorites first


def test_shuffle_draws_from_favorites_only(store: str, realdata: Path) -> None:
    alice = accounts.register("alice", "secret1")
    import_prompts(realdata / CLASSIC)
    assert prompts.random_prompts(8, favorites_only=True, user=alice) == []
    favorites = [p.id for p in Prompt.select().order_by(Prompt.id).limit(10)]
    for prompt_id in favorites:
        prompts.set_favorite(alice, prompt_id, True)
    drawn: set[int] = set()
    for _ in range(20):
        pick = prompts.random_prompts(8, favorites_only=True, user=alice)
        assert len(pick) == 8 and len({p.id for p in pick}) == 8
        assert all(p.favorite and p.id in favorites for p in pick)
        drawn |= {p.id for p in pick}
    assert drawn == set(favorites)  # 160 draws of 8 from 10 reach all of them
    shown = [p.id for p in prompts.random_prompts(8, favorites_only=True, user=alice)]
    fresh = prompts.random_prompts(2, favorites_only=True, exclude=shown, user=alice)
    assert {p.id for p in fresh} == set(favorites) - set(shown)  # "换一批" avoids those on screen
    everything = {p.id for _ in range(10) for p in prompts.random_prompts(8)}
    assert len(everything - set(favorites)) > 0  # the plain shuffle draws from all
    assert prompts.list_prompts(user=alice, limit=10)[0].favorite  # favorites are listed first


def test_long_real_prompts_fit(store: str, tmp_path: Path) -> None:
    """Issue 9 item 7: 24 prompts of the five-column prompts.csv were refused at 20,000
    characters; its longest is 144,260 (FORMATS.md). Such a row, in that layout, imports."""
    body = "You are an agent. ${Task:default}\n" + "Step: check, then act.\n" * 6_300
    body = body[:144_260]
    path = tmp_path / "prompts.csv"
    path.write_text(
        '"act","prompt","for_devs","type","contributor"\n'
        f'"Long Agent","{body}",TRUE,TEXT,someone\n"Short","Be brief.",FALSE,TEXT,other\n',
        encoding="utf-8",
    )
    report = import_prompts(path)
    assert (report.read, report.added, report.invalid) == (2, 2, [])
    assert len(Prompt.get(Prompt.title == "Long Agent").text) == 144_260
    with pytest.raises(ServiceError) as refused:
        prompts.add_prompt("Too long", "y" * 200_001)
    assert refused.value.code == 1002 and Prompt.select().count() == 2


def test_unreadable_collections_say_where_in_one_line(sqlite_store: str, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("act,prompt\nGood,fine\nCaf\u00e9,x\n".encode("latin-1"))
    with pytest.raises(InputError) as err:
        import_prompts(latin)
    assert (
        str(err.value)
        == "latin.csv: line 3, column 4: not UTF-8 text (byte 0xe9); save it as UTF-8"
    )
    broken = tmp_path / "broken.json"
    broken.write_text('[{"act": "a", "prompt": tru}]', encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_prompts(broken)
    assert str(err.value) == "broken.json: not valid JSON: line 1, column 25: Expecting value"
    cut = tmp_path / "cut.json"
    cut.write_text('[{"act": "a", "prompt": "b"},\n {"act": "c", "pro', encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_prompts(cut)
    assert str(err.value) == (
        "cut.json: the JSON breaks off after item 1: line 2, column 19: the file ends inside "
        "the JSON (cut off?)"
    )
    assert Prompt.select().count() == 0  # a batch is written only after a clean read
