"""Hostile files for every importer (issue 20, item 11), the current ones and those to come.

The chat formats are discovered from ``chatdesk.importers.PARSERS``: each parser module gives a
small ``EXAMPLE`` of its file, and this test derives hostile files from it — every value
replaced by each wrong type, nested 5,000 levels, or 2 million characters long; every list's
items doubled, every id made the same (repeated ids), every string made the same (ids that
point at themselves: loops); the file with a byte-order mark, in UTF-16, in Latin-1, cut in
half, or a PNG. The prompt
collections get the same from their own examples. Each format's files are imported one after
another into one database by a subprocess with a memory limit (``RLIMIT_AS``) and a time limit,
which must end every import in a clean result or an InputError (nothing else escapes), and
leave the database intact (``PRAGMA integrity_check``, the FTS5 indexes' ``integrity-check``).
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chatdesk.importers import PARSERS

#: The subprocess's address space: Python, Peewee and SQLite take ~300 MB of it; the
#: nesting that once took 24 GB and a message that took 1.2 GB would not fit.
MEMORY_LIMIT = 1536 * 1024 * 1024
#: One format's files, all of them, in seconds (a few seconds on 2 shared cores).
TIME_LIMIT = 60
HOLE = "__HOSTILE__"
#: What a value is replaced by: JSON text put where the placeholder string was.
WRONG = [
    "null",
    "0",
    "-1",
    "1e308",
    "true",
    '""',
    "[]",
    "{}",
    '"\\u0000\\u001e\\ud800 x"',
    json.dumps("x" * 300),
    "[" * 5000 + "]" * 5000,
    json.dumps("y" * 2_000_000),
]
PROMPT_EXAMPLES = {
    "prompts.json": [{"act": "Tea", "prompt": "Steep it.", "favorite": True}],
}
PROMPTS_CSV = 'act,prompt,favorite\nTea,"Steep it.",true\nCoffee,"Brew it.",\n'


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in ``value``: its containers and leaves, top first."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*path, i))


def _set(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copied = copy.deepcopy(value)
    target = copied
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return copied


def _doubled(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _doubled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_doubled(v) for v in value for _ in range(2)]
    return value


def _same_strings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _same_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_same_strings(v) for v in value]
    return "x" if isinstance(value, str) else value


def _same_ids(value: Any, key: str = "") -> Any:
    """Every id (a string under a key ending in ``id``) the same: repeated message ids."""
    if isinstance(value, dict):
        return {k: _same_ids(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_same_ids(v, key) for v in value]
    return "same" if isinstance(value, str) and key.lower().endswith("id") else value


def _json_lines(value: Any) -> str:
    """A JSON Lines file of ``value``: a line per item of a list, else one line."""
    if isinstance(value, list):
        return "".join(json.dumps(item) + "\n" for item in value)
    return json.dumps(value) + "\n"


def hostile(example: Any, lines: bool = False) -> Iterator[tuple[str, bytes]]:
    """(label, file content) of hostile files made from ``example`` (with ``lines``, written as
    JSON Lines: a format whose ``EXAMPLE_SUFFIX`` is ``.jsonl``)."""
    dump = _json_lines if lines else json.dumps
    text = dump(example)
    for n, path in enumerate(_paths(example)):
        for m, wrong in enumerate(WRONG):
            if len(wrong) > 10_000 and n % 4:  # the big ones at a quarter of the places
                continue
            doc = dump(_set(example, path, HOLE)).replace(f'"{HOLE}"', wrong)
            yield f"{'/'.join(map(str, path)) or 'top'} = {wrong[:12]}#{m}", doc.encode()
    yield "doubled lists", dump(_doubled(example)).encode()
    yield "twice doubled", dump(_doubled(_doubled(example))).encode()
    yield "every string the same", dump(_same_strings(example)).encode()
    yield "every id the same", dump(_same_ids(example)).encode()
    yield "byte-order mark", b"\xef\xbb\xbf" + text.encode()
    yield "UTF-16", text.encode("utf-16")
    yield (
        "Latin-1",
        (_json_lines(example) if lines else json.dumps(example, ensure_ascii=False))
        .replace('"', '"\xe9', 1)
        .encode("latin-1", "replace"),
    )
    yield "cut in half", text.encode()[: len(text) // 2]
    yield "PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + text.encode()
    yield "empty", b""
    yield "nested", ("[" * 100_000 + "]" * 100_000).encode()


RUNNER = textwrap.dedent(
    """
    import json, resource, sys, time, traceback
    from pathlib import Path
    limit = int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from chatdesk.importers import InputError
    from chatdesk.services import accounts, search
    from chatdesk.services.importing import import_chats
    from chatdesk.services.prompt_collections import import_prompts
    from chatdesk.store import open_store
    from chatdesk.store.db import database
    from chatdesk.store.indexer import catch_up

    folder, prompts = Path(sys.argv[1]), sys.argv[2] == "prompts"
    open_store("sqlite:///" + str(folder / "db.sqlite3"))
    user = accounts.register("alice", "secret1")
    outcomes = {}
    for path in sorted(folder.glob("case-*")):
        started = time.monotonic()
        try:
            if prompts:
                import_prompts(path, user=user)
            else:
                import_chats(user, path)
            outcome = "imported"
        except InputError as exc:
            outcome = "refused: " + str(exc)[:60]
        except BaseException:
            print("CRASH", path.name, traceback.format_exc()[-3000:])
            sys.exit(1)
        outcomes[path.name] = (outcome, round(time.monotonic() - started, 2))
    catch_up()
    check = database.execute_sql("PRAGMA integrity_check").fetchall()
    for table in ("message_fts", "message_grams", "chat_fts"):
        database.execute_sql(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
    found = search.search(user, "steep")[1] if not prompts else -1
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec from the forking process (the
    # test run, hundreds of MB late in the suite); VmHWM is this program's own peak
    status = Path("/proc/self/status").read_text().splitlines()
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(json.dumps({"outcomes": outcomes, "check": check, "found": found, "peak_kb": peak}))
    """
)


def _run(folder: Path, kind: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(folder), kind, str(MEMORY_LIMIT)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=False,
    )
    assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-3000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["check"] == [["ok"]]
    slow = {name: s for name, (_, s) in result["outcomes"].items() if s > 10}
    assert not slow
    return result


def _write_cases(folder: Path, suffix: str, cases: Iterator[tuple[str, bytes]]) -> dict[str, str]:
    labels = {}
    for i, (label, data) in enumerate(cases):
        name = f"case-{i:04d}{suffix}"
        (folder / name).write_bytes(data)
        labels[name] = label
    return labels


def test_every_parser_gives_an_example() -> None:
    """A new importer comes with the example its hostile files are made from."""
    for fmt, module in PARSERS.items():
        assert hasattr(module, "EXAMPLE"), f"{module.__name__} ({fmt}) has no EXAMPLE"


#: Formats whose example is not JSON text (a SQLite database, Markdown): their hostile files are
#: made in tests/importers/test_agents.py, which must name them.
NOT_JSON = sorted(fmt for fmt, module in PARSERS.items() if hasattr(module, "example_bytes"))


def test_every_format_that_is_not_json_is_fuzzed_elsewhere() -> None:
    agents_tests = (Path(__file__).parent / "test_agents.py").read_text(encoding="utf-8")
    for fmt in NOT_JSON:
        assert f"def test_{fmt.replace('-', '_')}_hostile(" in agents_tests, fmt


@pytest.mark.parametrize("fmt", sorted(set(PARSERS) - set(NOT_JSON)))
def test_hostile_chat_files(fmt: str, tmp_path: Path) -> None:
    example = PARSERS[fmt].EXAMPLE
    suffix = getattr(PARSERS[fmt], "EXAMPLE_SUFFIX", ".json")
    labels = _write_cases(tmp_path, suffix, hostile(example, lines=suffix == ".jsonl"))
    assert len(labels) > 50
    result = _run(tmp_path, "chats")
    outcomes = result["outcomes"]
    assert set(outcomes) == set(labels)
    said = {labels[name]: outcome for name, (outcome, _) in outcomes.items()}
    # the unhostile ones import; the ones that cannot be read are named for what they are
    assert said["byte-order mark"] == "imported"
    assert "is UTF-16 text" in said["UTF-16"]
    assert "is an image" in said["PNG"]
    assert "nested more than" in said["nested"]
    assert any(o.startswith("imported") for o in said.values())
    assert result["found"] >= 0
    assert result["peak_kb"] < MEMORY_LIMIT // 1024


def test_hostile_prompt_files(tmp_path: Path) -> None:
    cases: list[tuple[str, bytes]] = []
    for example in PROMPT_EXAMPLES.values():
        cases += list(hostile(example))
    for i, (_label, data) in enumerate(cases):
        (tmp_path / f"case-{i:04d}.json").write_bytes(data)
    csv_cases = {
        "csv": PROMPTS_CSV.encode(),
        "csv controls": PROMPTS_CSV.replace("Steep", "St\x1eeep\x00").encode(),
        "csv UTF-16": PROMPTS_CSV.encode("utf-16"),
        "csv Latin-1": PROMPTS_CSV.replace("Tea", "Thé").encode("latin-1"),
        "csv huge field": ("act,prompt\nBig," + "z" * 3_000_000 + "\n").encode(),
        "csv ragged": b'act,prompt\nA\nB,C,D,E\n"unclosed,x\n',
        "csv PNG": b"\x89PNG\r\n\x1a\n" + PROMPTS_CSV.encode(),
    }
    for i, data in enumerate(csv_cases.values()):
        (tmp_path / f"case-csv-{i:02d}.csv").write_bytes(data)
    result = _run(tmp_path, "prompts")
    assert len(result["outcomes"]) == len(cases) + len(csv_cases)
