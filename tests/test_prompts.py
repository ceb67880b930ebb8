"""The random prompt pick: distinct, at most 8, uniform, every prompt reachable, no table scan."""

from __future__ import annotations

from collections import Counter

import pytest

from chatdesk.services import prompts
from chatdesk.services.errors import ServiceError
from chatdesk.store import database
from chatdesk.store.db import is_sqlite
from chatdesk.store.models import Prompt


def add(n: int) -> list[int]:
    return [prompts.add_prompt(f"p{i}", f"text {i}").id for i in range(n)]


def test_empty_and_small_galleries(store: str) -> None:
    assert prompts.random_prompts() == []
    add(3)
    picked = prompts.random_prompts()
    assert sorted(p.title for p in picked) == ["p0", "p1", "p2"]


def test_distinct_at_most_eight_and_every_prompt_reachable(store: str) -> None:
    ids = add(12)
    seen: Counter[int] = Counter()
    for _ in range(300):
        picked = [p.id for p in prompts.random_prompts()]
        assert len(picked) == 8 == len(set(picked))
        seen.update(picked)
    assert set(seen) == set(ids)
    # uniform: each prompt is drawn 8/12 of the time, 200 of 300 expected (sd ~8)
    assert all(150 < count < 250 for count in seen.values()), seen


def test_shuffle_shows_others(store: str) -> None:
    add(20)
    first = {p.id for p in prompts.random_prompts()}
    for _ in range(20):
        again = {p.id for p in prompts.random_prompts(exclude=first)}
        assert len(again) == 8 and not again & first
    # fewer than 8 others: still 8 distinct, some repeated from the screen
    on_screen = [p.id for p in prompts.random_prompts(15)]
    assert len({p.id for p in prompts.random_prompts(exclude=on_screen)}) == 8


def test_slots_stay_dense_after_delete(store: str) -> None:
    ids = add(10)
    for prompt_id in (ids[0], ids[5], ids[9]):
        prompts.delete_prompt(prompt_id)
    slots = sorted(p.slot for p in Prompt.select())
    assert slots == list(range(7))
    assert prompts.count() == 7
    reachable = set()
    for _ in range(100):
        reachable |= {p.id for p in prompts.random_prompts()}
    assert reachable == set(ids) - {ids[0], ids[5], ids[9]}


def test_favorites_only(store: str) -> None:
    ids = add(10)
    for prompt_id in ids[:3]:
        prompts.set_favorite(prompt_id, True)
    for _ in range(10):
        assert {p.id for p in prompts.random_prompts(favorites_only=True)} == set(ids[:3])


def test_favorites_are_read_from_an_index(store: str) -> None:
    if not is_sqlite():  # the planner may prefer a scan of a tiny table: check the index is there
        names = {row[0] for row in database.execute_sql("SELECT indexname FROM pg_indexes")}
        assert "prompt_favorite_id" in names
        return
    sql, params = Prompt.select(Prompt.id).where(Prompt.favorite == True).sql()  # noqa: E712
    plan = database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    assert any("COVERING INDEX prompt_favorite_id" in row[-1] for row in plan), plan


def test_pick_uses_the_slot_index_not_a_scan(sqlite_store: str) -> None:
    add(3)
    plan = database.execute_sql(
        "EXPLAIN QUERY PLAN SELECT * FROM prompt WHERE slot IN (1, 2)"
    ).fetchall()
    assert any("USING INDEX" in row[-1] for row in plan), plan
    plan = database.execute_sql("EXPLAIN QUERY PLAN SELECT MAX(slot) FROM prompt").fetchall()
    assert any("INDEX" in row[-1] for row in plan), plan


def test_duplicate_and_invalid_titles(store: str) -> None:
    prompts.add_prompt("Title", "x")
    with pytest.raises(ServiceError) as err:
        prompts.add_prompt("TITLE", "y")
    assert err.value.code == 4001
    with pytest.raises(ServiceError) as err:
        prompts.add_prompt("", "y")
    assert err.value.code == 1001
    assert prompts.count() == 1


def test_defaults_load_once(store: str) -> None:
    added = prompts.load_defaults()
    assert added >= 40
    assert prompts.load_defaults() == 0
    prompts.delete_prompt(Prompt.get(Prompt.title == "高情商大师").id)
    assert prompts.load_defaults() == 0  # a deleted default stays deleted
