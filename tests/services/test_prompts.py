"""The random prompt pick: distinct, at most 8, uniform, every prompt reachable, no table scan."""

from __future__ import annotations

from collections import Counter

import pytest

from chatdesk.services import accounts, prompts
from chatdesk.services.errors import ServiceError
from chatdesk.store import database
from chatdesk.store.migrations import SCHEMA_KEY, SCHEMA_VERSION, current_version, migrate
from chatdesk.store.models import Meta, Prompt, PromptStar


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


def test_favorites_are_each_users_own(store: str) -> None:
    alice, bob = accounts.register("alice", "secret1"), accounts.register("bob", "secret1")
    ids = add(10)
    for prompt_id in ids[:3]:
        prompts.set_favorite(alice, prompt_id, True)
    prompts.set_favorite(bob, ids[9], True)
    for _ in range(10):
        assert {p.id for p in prompts.random_prompts(favorites_only=True, user=alice)} == set(
            ids[:3]
        )
    assert [p.id for p in prompts.random_prompts(favorites_only=True, user=bob)] == [ids[9]]
    assert prompts.random_prompts(favorites_only=True) == []  # nobody asked: no favourites
    assert [p.id for p in prompts.list_prompts(user=bob)][:1] == [ids[9]]  # bob's first
    assert {p.id for p in prompts.list_prompts(user=alice)[:3]} == set(ids[:3])
    assert all(p.favorite == (p.id in ids[:3]) for p in prompts.random_prompts(10, user=alice))
    prompts.set_favorite(alice, ids[0], False)
    prompts.set_favorite(alice, ids[1], True)  # twice is once
    assert {p.id for p in prompts.list_prompts(user=alice) if p.favorite} == set(ids[1:3])


def test_favorites_only_reads_the_star_key_not_the_prompts(sqlite_store: str) -> None:
    alice = accounts.register("alice", "secret1")
    sql, params = PromptStar.select(PromptStar.prompt).where(PromptStar.user == alice.id).sql()
    plan = database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    assert any("COVERING INDEX" in row[-1] or "PRIMARY KEY" in row[-1] for row in plan), plan


def test_update_prompt(store: str) -> None:
    first = prompts.add_prompt("Review", "Review this code")
    prompts.add_prompt("Translate", "Translate to English")
    changed = prompts.update_prompt(first.id, "Code review", "Review this diff")
    assert (changed.title, changed.text) == ("Code review", "Review this diff")
    assert prompts.update_prompt(first.id, text="Only the text").title == "Code review"
    for title, code in (("translate", 4001), ("", 1001), ("x" * 201, 1002)):
        with pytest.raises(ServiceError) as err:
            prompts.update_prompt(first.id, title)
        assert err.value.code == code
    row = Prompt.get_by_id(first.id)
    assert (row.title, row.text) == ("Code review", "Only the text")  # refusals changed nothing
    assert prompts.update_prompt(first.id, "CODE REVIEW").title == "CODE REVIEW"  # its own title
    with pytest.raises(ServiceError) as gone:
        prompts.update_prompt(first.id + 100, "New")
    assert gone.value.code == 4002
    assert prompts.find_prompt("code review") == first.id
    with pytest.raises(ServiceError) as missing:
        prompts.find_prompt("nothing like it")
    assert missing.value.code == 4002


def test_delete_then_restore_brings_back_id_slot_and_stars(store: str) -> None:
    alice, bob = accounts.register("alice", "secret1"), accounts.register("bob", "secret1")
    ids = add(5)
    prompts.set_favorite(alice, ids[1], True)
    prompts.set_favorite(bob, ids[1], True)
    deleted = prompts.delete_prompt(ids[1])
    assert deleted is not None and sorted(deleted.starred_by) == sorted([alice.id, bob.id])
    assert prompts.count() == 4 and sorted(p.slot for p in Prompt.select()) == [0, 1, 2, 3]
    assert prompts.delete_prompt(ids[1]) is None  # gone already
    prompts.restore_prompt(deleted)
    assert prompts.count() == 5 and sorted(p.slot for p in Prompt.select()) == [0, 1, 2, 3, 4]
    for user in (alice, bob):
        assert [p.id for p in prompts.list_prompts(user=user) if p.favorite] == [ids[1]]
    prompts.delete_prompt(ids[1])
    prompts.add_prompt("p1", "someone took the title meanwhile")
    with pytest.raises(ServiceError) as taken:
        prompts.restore_prompt(deleted)
    assert taken.value.code == 4001


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


def test_migration_keeps_todays_stars_for_every_existing_user(store: str) -> None:
    alice, bob = accounts.register("alice", "secret1"), accounts.register("bob", "secret1")
    ids = add(4)
    # a version 5 database: one shared flag on the prompt, no star table
    database.drop_tables([PromptStar])
    Prompt.update(favorite=True).where(Prompt.id.in_(ids[:2])).execute()
    Meta.update(value="5").where(Meta.key == SCHEMA_KEY).execute()
    assert migrate() == 5
    assert current_version() == SCHEMA_VERSION
    for user in (alice, bob):
        assert {p.id for p in prompts.list_prompts(user=user) if p.favorite} == set(ids[:2])
    prompts.set_favorite(alice, ids[0], False)  # and from now on they are each one's own
    assert {p.id for p in prompts.list_prompts(user=bob) if p.favorite} == set(ids[:2])


def test_a_search_holding_a_nul_finds_nothing_on_either_engine(store: str) -> None:
    """A NUL pasted into the gallery's search: no prompt holds one (PostgreSQL refused the
    statement: psycopg2 cannot send it), so it finds nothing, like any text no prompt has."""
    prompts.add_prompt("Tea", "Brew it well")
    assert [p.title for p in prompts.list_prompts("Tea")] == ["Tea"]
    assert prompts.list_prompts("Te\x00a") == []
    assert prompts.list_prompts("\x00") == []
