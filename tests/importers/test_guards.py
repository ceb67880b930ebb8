"""The guards every importer reads through (issue 20, items 2, 3, 10; issue 21, item 10):
nesting depth and string length refused before they cost memory, a UTF-8 byte-order mark
accepted, UTF-16 and files that are not text named for what they are."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from chatdesk.importers import InputError
from chatdesk.importers.sources import MAX_DEPTH, STRING_MAX, JsonGuard
from chatdesk.services import accounts
from chatdesk.services.importing import import_chats, input_kind
from chatdesk.services.prompt_collections import import_prompts
from chatdesk.store.models import Chat, Message


def chatgpt(text: str = "hello", parts: Any = None) -> list[dict[str, Any]]:
    """One ChatGPT conversation of one user message."""
    return [
        {
            "title": "t",
            "id": "c1",
            "create_time": 1,
            "current_node": "b",
            "mapping": {
                "a": {"id": "a", "message": None, "parent": None, "children": ["b"]},
                "b": {
                    "id": "b",
                    "parent": "a",
                    "children": [],
                    "message": {
                        "id": "b",
                        "author": {"role": "user"},
                        "content": {
                            "content_type": "text",
                            "parts": parts if parts is not None else [text],
                        },
                        "create_time": 2,
                    },
                },
            },
        }
    ]


def nested(levels: int) -> bytes:
    """A ChatGPT export whose message part nests ``levels`` arrays."""
    text = json.dumps(chatgpt(parts=["PLACE"]))
    return text.replace('"PLACE"', "[" * levels + "]" * levels).encode()


def test_deep_nesting_is_refused_naming_the_file(store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    path = tmp_path / "deep.json"
    path.write_bytes(nested(20_000))
    with pytest.raises(InputError) as caught:
        import_chats(user, path)
    assert caught.value.code == "too_deep"
    assert "deep.json" in str(caught.value) and str(MAX_DEPTH) in str(caught.value)
    assert Chat.select().count() == 0


def test_nesting_up_to_the_limit_imports(store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    path = tmp_path / "ok.json"
    path.write_bytes(nested(MAX_DEPTH - 10))
    report = import_chats(user, path)
    assert report.conversations == 1 and not report.skipped


def test_deep_nesting_costs_no_memory(tmp_path: Path) -> None:
    """100,000 levels (200 KB) took 23.9 GB before; now the import is refused within 300 MB of
    address space, in a second."""
    path = tmp_path / "deep.json"
    path.write_bytes(nested(100_000))
    code = textwrap.dedent(
        f"""
        import resource, sys, tempfile
        resource.setrlimit(resource.RLIMIT_AS, (1024 * 1024 * 1024, 1024 * 1024 * 1024))
        from pathlib import Path
        from chatdesk.store import open_store
        from chatdesk.services import accounts
        from chatdesk.services.importing import import_chats, InputError
        open_store("sqlite:///" + tempfile.mkdtemp() + "/db.sqlite3")
        user = accounts.register("alice", "secret1")
        try:
            import_chats(user, Path({str(path)!r}))
        except InputError as exc:
            print(exc.code)
        # VmHWM, not ru_maxrss, which Linux carries over an exec from the (large) test run
        status = Path("/proc/self/status").read_text().splitlines()
        print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    code_line, rss_kb = done.stdout.split()
    assert code_line == "too_deep"
    assert int(rss_kb) < 300 * 1024


def test_a_string_longer_than_the_limit_is_refused_early(store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    path = tmp_path / "big.json"
    path.write_bytes(json.dumps(chatgpt("a" * (STRING_MAX + 256 * 1024))).encode())
    with pytest.raises(InputError) as caught:
        import_chats(user, path)
    assert caught.value.code == "too_long" and "big.json" in str(caught.value)
    assert Chat.select().count() == 0


def _depth_and_strings(doc: bytes, chunk: int) -> tuple[int, int]:
    """The deepest nesting and longest open string the guard saw, reading ``doc`` by ``chunk``."""
    guard = JsonGuard(io.BytesIO(doc), "x.json", max_depth=10**9)
    deepest = 0
    while True:
        data = guard.read(chunk)
        if not data:
            break
        deepest = max(deepest, guard._depth)
    return deepest, guard._depth


@pytest.mark.parametrize("seed", range(40))
def test_the_guard_follows_strings_across_chunks(seed: int) -> None:
    """Brackets, quotes and backslashes inside strings, cut anywhere: the depth the guard
    tracks ends at 0 and never counts a bracket inside a string."""
    rng = random.Random(seed)
    alphabet = ['"', "\\", "[", "]", "{", "}", "a", "é", "\n"]

    def value(level: int) -> Any:
        roll = rng.random()
        if level > 6 or roll < 0.4:
            return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        if roll < 0.7:
            return [value(level + 1) for _ in range(rng.randrange(0, 4))]
        return {f"k{i}": value(level + 1) for i in range(rng.randrange(0, 4))}

    doc = json.dumps([value(0) for _ in range(5)], ensure_ascii=rng.random() < 0.5).encode()
    for chunk in (1, 2, 3, 7, 64):
        guard = JsonGuard(io.BytesIO(doc), "x.json", max_depth=10**9)
        while guard.read(chunk):
            assert not guard._in_string or guard._depth >= 1
        assert guard._depth == 0 and not guard._in_string, (chunk, doc)


def test_the_depth_limit_counts_only_brackets_outside_strings(tmp_path: Path) -> None:
    brackets = "[" * (MAX_DEPTH * 3)
    doc = json.dumps(chatgpt(brackets)).encode()
    guard = JsonGuard(io.BytesIO(doc), "x.json")
    while guard.read(5):
        pass  # no error: the brackets are text
    with pytest.raises(InputError):
        guard = JsonGuard(io.BytesIO(b"[" * (MAX_DEPTH + 1)), "x.json")
        while guard.read(4):
            pass


def test_a_utf8_byte_order_mark_is_accepted(store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(chatgpt("with a BOM")).encode())
    assert input_kind(path) == "chats"
    report = import_chats(user, path)
    assert report.chats_added == 1
    assert Message.get().content == "with a BOM"


def test_a_prompt_list_with_a_byte_order_mark_is_accepted(store: str, tmp_path: Path) -> None:
    path = tmp_path / "prompts.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps([{"act": "A", "prompt": "B"}]).encode())
    assert import_prompts(path).added == 1


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_is_named(store: str, tmp_path: Path, encoding: str) -> None:
    user = accounts.register("alice", "secret1")
    path = tmp_path / "wide.json"
    path.write_bytes(json.dumps(chatgpt("x")).encode(encoding))
    with pytest.raises(InputError) as caught:
        import_chats(user, path)
    wanted = "UTF-32" if "32" in encoding else "UTF-16"
    assert str(caught.value) == f"wide.json is {wanted} text; save it as UTF-8"
    assert caught.value.code == "utf16"


def test_a_utf16_csv_is_named(store: str, tmp_path: Path) -> None:
    path = tmp_path / "prompts.csv"
    path.write_bytes("act,prompt\nA,B\n".encode("utf-16"))
    with pytest.raises(InputError, match=r"prompts\.csv is UTF-16 text; save it as UTF-8"):
        import_prompts(path)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
GZIP = b"\x1f\x8b\x08\x00" + b"\x00" * 30
SEVENZIP = b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 30
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 30


@pytest.mark.parametrize(
    ("name", "head", "said"),
    [
        ("picture.png", PNG, "picture.png is an image, not a chat export"),
        ("photo.jpg", JPEG, "photo.jpg is an image, not a chat export"),
        ("conversations.json", PNG, "conversations.json is an image, not a chat export"),
        ("paper.pdf", PDF, "paper.pdf is a PDF document, not a chat export"),
        ("export.tar.gz", GZIP, "export.tar.gz is a compressed archive, not a chat export"),
        ("export.7z", SEVENZIP, "export.7z is a compressed archive, not a chat export"),
        ("prompts.csv", PNG, "prompts.csv is an image, not a chat export"),
    ],
)
def test_a_file_that_is_not_text_is_named(
    store: str, tmp_path: Path, name: str, head: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(head)
    with pytest.raises(InputError) as caught:
        input_kind(path)
    assert str(caught.value) == said
    assert caught.value.code == "not_text"


def test_an_empty_file_is_named(store: str, tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(b"  \n")
    with pytest.raises(InputError, match=r"empty\.json: the file is empty"):
        input_kind(path)


def test_not_utf8_keeps_its_position_and_says_so(store: str, tmp_path: Path) -> None:
    user = accounts.register("alice", "secret1")
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(chatgpt("café"), ensure_ascii=False).encode("latin-1"))
    with pytest.raises(InputError) as caught:
        import_chats(user, path)
    where = caught.value.params["where"]
    assert caught.value.code in ("not_json", "json_breaks")
    assert getattr(where, "kind", "") == "not_utf8" and getattr(where, "line", 0) == 1
