"""The random prompt pick: distinct, at most 8, uniform, every prompt reachable, no table scan."""

from __future__ import annotations

from collections import Counter

import pytest

from chatdesk.services import accounts, prompts
from chatdesk.services.errors import ServiceError
from chatdesk.store import database, migrate
from chatdesk.store.db import is_sqlite, sqlite_path
from chatdesk.store.migrations import SCHEMA_KEY, SCHEMA_VERSION, current_version
from chatdesk.store.models import Favorite, Meta, Prompt


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


def test_favorites_are_per_user(store: str) -> None:
    """Issue 9 item 6: a star was shared by every user."""
    alice = accounts.register("alice", "secret1")
    bob = accounts.register("bob", "secret1")
    ids = add(10)
    prompts.set_favorite(ids[0], True, alice)
    prompts.set_favorite(ids[1], True, alice)
    prompts.set_favorite(ids[2], True, bob)
    prompts.set_favorite(ids[2], True, bob)  # twice: still one star
    assert sorted(prompts.favorite_ids(alice)) == ids[:2] and prompts.favorite_ids(bob) == [ids[2]]
    for _ in range(5):
        assert {p.id for p in prompts.random_prompts(favorites_only=True, user=alice)} == set(
            ids[:2]
        )
        assert [p.id for p in prompts.random_prompts(favorites_only=True, user=bob)] == [ids[2]]
    assert all(p.favorite for p in prompts.random_prompts(favorites_only=True, user=alice))
    drawn = prompts.random_prompts(10, user=bob)
    assert {p.id for p in drawn if p.favorite} == {ids[2]} and len(drawn) == 10
    assert [p.id for p in prompts.list_prompts(user=alice)][:2] == ids[:2]
    assert next((p.id, p.favorite) for p in prompts.list_prompts(user=bob)) == (ids[2], True)
    assert not any(p.favorite for p in prompts.list_prompts())  # nobody's shared star
    prompts.set_favorite(ids[0], False, alice)
    assert prompts.favorite_ids(alice) == [ids[1]] and prompts.favorite_ids(bob) == [ids[2]]
    prompts.set_favorite(99_999, True, alice)  # no such prompt: nothing starred
    prompts.delete_prompt(ids[2])  # a deleted prompt leaves no star behind
    assert prompts.favorite_ids(bob) == [] and Favorite.select().count() == 1


def test_favorites_read_from_the_user_index(sqlite_store: str) -> None:
    alice = accounts.register("alice", "secret1")
    sql, params = Favorite.select(Favorite.prompt).where(Favorite.user == alice.id).sql()
    plan = database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    assert any("COVERING INDEX favorite_user_id_prompt_id" in row[-1] for row in plan), plan


def test_migration_keeps_todays_stars_for_every_user(store: str) -> None:
    alice = accounts.register("alice", "secret1")
    bob = accounts.register("bob", "secret1")
    ids = add(4)
    for prompt_id in ids[1:3]:
        prompts.set_favorite(prompt_id, True)  # the shared star, as before schema v6
    database.execute_sql('DROP TABLE "favorite"')  # what a version 5 database holds
    Meta.update(value="5").where(Meta.key == SCHEMA_KEY).execute()
    assert migrate() == 5 and current_version() == SCHEMA_VERSION == 6
    assert sorted(prompts.favorite_ids(alice)) == sorted(prompts.favorite_ids(bob)) == ids[1:3]
    carol = accounts.register("carol", "secret1")  # a user from after: no stars yet
    assert prompts.favorite_ids(carol) == []
    prompts.set_favorite(ids[1], False, alice)  # from now on each their own
    assert prompts.favorite_ids(alice) == [ids[2]] and len(prompts.favorite_ids(bob)) == 2
    path = sqlite_path()
    if path is not None:  # the SQLite file was copied before the migration
        assert list(path.parent.glob(f"{path.name}.v5-*.bak"))
