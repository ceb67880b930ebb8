"""The chat apps' backups (LobeChat, NextChat, Chatbox, Cherry Studio), each imported from a
fixture written from its writer's own code (issue 22: no public sample of these exists).

The fixtures under ``fixtures/<format>/`` hold content written for these tests, in the shape each
writer produces: its field names and nesting, its timestamps' units and formats, JSON written as
a string inside JSON where the writer does that, reasoning and tool calls where it keeps them.
No code or fixture of those repositories was copied (several are AGPL or under their own
licenses). Each test names the repository, commit and files read.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from chatdesk.importers.detect import claims
from chatdesk.importers.model import read_detail
from chatdesk.importers.probe import probe_file
from chatdesk.services import accounts
from chatdesk.services.importing import import_chats
from chatdesk.store.models import Chat, Message

FIXTURES = Path(__file__).parent / "fixtures"


def _chat(source: str, source_id: str) -> Chat:
    return Chat.get(Chat.source == source, Chat.source_id == source_id)


def _rows(chat: Chat) -> list[Message]:
    return list(Message.select().where(Message.chat == chat.id).order_by(Message.id))


def _shape(chat: Chat) -> list[tuple[str, str, str, str | None]]:
    """Each row as (role, kind, content, model)."""
    return [(m.role, m.kind, m.content, m.model) for m in _rows(chat)]


def _utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts)


def _local(*parts: int) -> dt.datetime:
    """A local wall-clock time (a writer that stamps ``toLocaleString()``) as stored: UTC."""
    wall = dt.datetime(*parts)
    return wall.astimezone(dt.timezone.utc).replace(tzinfo=None)


def _reimport_adds_nothing(user: accounts.Account, path: Path) -> None:
    again = import_chats(user, path)
    assert (again.chats_added, again.messages_added, again.skipped) == (0, 0, [])


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("lobechat", "lobechat/LobeChat-sessions-v7.json"),
        ("lobechat", "lobechat/2025-06-01-10-30_LobeChat-data.json"),
        ("nextchat", "nextchat/Backup-3_1_2025 10_06_00 AM.json"),
        ("chatbox", "chatbox/chatbox-exported-data-2023-7-1.json"),
        ("chatbox", "chatbox/chatbox-exported-data-2025-6-1.json"),
        ("cherry-studio", "cherry-studio/v1-backup.json"),
        ("cherry-studio", "cherry-studio/v3-data.json"),
        ("cherry-studio", "cherry-studio/v5-data.json"),
        ("cherry-studio", "cherry-studio/direct-metadata.json"),
    ],
)
def test_each_writer_fixture_is_claimed_by_its_own_format_only(fmt: str, name: str) -> None:
    raw = (FIXTURES / name).read_bytes()
    found = claims(probe_file(Path(name).name, io.BytesIO(raw)))
    assert [d.format for d in found] == [fmt]


def test_lobechat_data_export_keeps_tools_reasoning_and_the_marked_branch(
    store: str, tmp_path: Path
) -> None:
    """lobehub/lobe-chat, the data export of LobeChat 1.x (one table a key, written by
    ``exportAll``): read at
    ``src/services/config.ts`` @ 0cbe5de3313be73f2266de9b3dbf6dc296ec6f51 (``{data, mode,
    schemaHash}``), ``packages/database/src/repositories/dataExporter/index.ts`` @
    5e912a4dcdcba65461dcc4218a3c684c085ecf0e (the tables and their order),
    ``packages/database/src/schemas/message.ts`` @ 0ce02d7cc2fa8e1e988b3f818d83af0a4490ff00
    (messages: ``model``, ``provider``, ``reasoning`` {content, duration ms}, ``tools``,
    ``parentId``, ``threadId``; ``message_plugins`` keyed by the tool message's id),
    ``packages/database/src/schemas/topic.ts`` @ 284309f2f8f5d85e0b8d1db6b2516ec592d08a75
    (topics, threads), ``packages/database/src/schemas/_helpers.ts`` @
    2f6062bc74c74da8bc1880bc3cb82c51583eac88 (timestamptz: ISO strings in JSON),
    ``packages/conversation-flow/src/transformation/BranchResolver.ts`` @
    01a8c626505de7ab1b4203a75b27d21328d987bd and ``FlatListBuilder.ts`` @
    193aa838531012156bdd63b3ea91a8cede41b4a9 (a parent's ``metadata.activeBranchIndex`` picks
    the branch shown; an assistant's tool messages and what follows them)."""
    path = FIXTURES / "lobechat/2025-06-01-10-30_LobeChat-data.json"
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, path)
    assert report.per_format == {"lobechat": 3} and not report.skipped
    assert (report.chats_added, report.messages_added) == (3, 10)

    topic = _chat("lobechat", "tpc_oolong")
    assert (topic.title, topic.pinned) == ("Oolong and caffeine", True)
    rows = _rows(topic)
    assert [(m.role, m.kind, m.model) for m in rows] == [
        ("user", "text", None),
        ("assistant", "reasoning", "gpt-4o"),
        ("assistant", "tool", "gpt-4o"),
        ("assistant", "tool", "gpt-4o"),
        ("assistant", "text", "gpt-4o"),
        ("user", "text", None),
    ]
    assert rows[0].content == "Does oolong have caffeine?"
    assert rows[0].created_at == _utc(2025, 6, 1, 10, 0, 0)
    assert rows[1].content == "I should look this up."
    assert read_detail(rows[1].detail).seconds == 1.8
    search, crawl = read_detail(rows[2].detail), read_detail(rows[3].detail)
    assert (search.tool, search.input, search.error) == (
        "searchWithSearXNG",
        '{"query":"oolong caffeine"}',
        False,
    )
    assert "Oolong: 30-50 mg a cup" in rows[2].content
    assert (crawl.tool, crawl.error, rows[3].content) == ("crawlSinglePage", True, "timed out")
    assert rows[4].content == "Yes: oolong has about 30-50 mg of caffeine a cup."
    assert rows[5].content == "Thanks!"
    # the regenerated branch the parent does not mark is not the thread
    assert not any("older answer" in m.content for m in rows)

    side = _chat("lobechat", "thread:thd_side")
    assert side.title == "Compared with green tea"
    assert _shape(side) == [
        ("user", "text", "Is that more than green tea?", None),
        ("assistant", "text", "About the same as green tea.", "gpt-4o"),
    ]
    inbox = _chat("lobechat", "session:ssn_inbox")
    assert inbox.title == "Inbox"
    assert _shape(inbox) == [
        ("user", "text", "Hello there", None),
        ("assistant", "text", "Hi! How can I help?", "gpt-4o-mini"),
    ]
    _reimport_adds_nothing(alice, path)


def test_lobechat_config_export_keeps_tool_messages_and_reasoning(
    store: str, tmp_path: Path
) -> None:
    """lobehub/lobe-chat, the settings' config export of LobeChat before its database
    (``LobeChat-<name>-v<N>.json``): read at ``src/utils/config.ts`` @
    152178338373f8808fe0c075d7b060cc8c4fd4a9 (``createConfigFile``: ``{exportType, state,
    version}``), ``src/migrations/FromV4ToV5/index.ts`` @
    6e48a6beec73f7c18543d18d67ac328ea4d81c1c and ``types/v5.ts`` @
    3f1d07e6703eba48d67889a99c9ffed9115cfc30 (a tool call: the assistant's ``tools`` and a
    ``role: tool`` message with ``plugin`` and ``tool_call_id``), and
    ``packages/database/src/repositories/dataImporter/deprecated/index.ts`` @
    003aebcf0e27bf91e55eafa51c26c9865da35657 (its reader: ``extra.fromModel``, ms times)."""
    path = FIXTURES / "lobechat/LobeChat-sessions-v7.json"
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, path)
    assert report.per_format == {"lobechat": 2} and not report.skipped
    topic = _chat("lobechat", "tpc-oolong")
    assert (topic.title, topic.pinned) == ("Oolong and caffeine", True)
    rows = _rows(topic)
    assert [(m.role, m.kind, m.model) for m in rows] == [
        ("user", "text", None),
        ("assistant", "tool", "gpt-4o"),
        ("assistant", "reasoning", "gpt-4o"),
        ("assistant", "text", "gpt-4o"),
    ]
    assert rows[0].created_at == _utc(2024, 6, 1, 10, 0, 0)
    call = read_detail(rows[1].detail)
    assert (call.tool, call.input) == ("searchWithSearXNG", '{"query":"oolong caffeine per cup"}')
    assert "30-50 mg" in rows[1].content
    assert (rows[2].content, read_detail(rows[2].detail).seconds) == (
        "The search says 30-50 mg.",
        1.5,
    )
    assert rows[3].content == "Yes: a cup of oolong has about 30-50 mg of caffeine."
    inbox = _chat("lobechat", "session:inbox")
    assert inbox.title == "Inbox"
    assert [m.model for m in _rows(inbox)] == [None, "gpt-4o-mini"]
    _reimport_adds_nothing(alice, path)


def test_nextchat_backup_keeps_tool_calls_images_and_locale_dates(
    store: str, tmp_path: Path
) -> None:
    """ChatGPTNextWeb/NextChat @ 706a18b95b714ab29b2a4842d3b9ff4f887935d5: ``app/store/sync.ts``
    (``export``: ``JSON.stringify(getLocalAppState())``), ``app/utils/sync.ts``
    (``getLocalAppState``: each store's non-function fields by ``StoreKey``),
    ``app/store/chat.ts`` (``ChatMessage``: ``date`` from ``toLocaleString()``, ``model``,
    ``tools``; ``ChatSession``; ``onUserInput``: a message with images is ``[{type: text},
    {type: image_url}]``), ``app/client/api.ts`` (``MultimodalContent``), ``app/utils/chat.ts``
    (a tool's ``content``, or ``isError`` and ``errorMsg``; thinking written into the text as
    a ``> `` quote), ``app/constant.ts`` (``StoreKey``)."""
    path = FIXTURES / "nextchat/Backup-3_1_2025 10_06_00 AM.json"
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, path)
    assert report.per_format == {"nextchat": 2} and not report.skipped

    weather = _chat("nextchat", "nc-weather")
    assert weather.title == "Weather in Oslo"
    rows = _rows(weather)
    assert [(m.role, m.kind, m.model) for m in rows] == [
        ("user", "text", None),
        ("assistant", "tool", "gpt-4o-mini"),
        ("assistant", "tool", "gpt-4o-mini"),
        ("assistant", "text", "gpt-4o-mini"),
    ]
    assert rows[0].created_at == _local(2025, 3, 1, 10, 5, 0)  # "3/1/2025, 10:05:00 AM"
    ok, failed = read_detail(rows[1].detail), read_detail(rows[2].detail)
    assert (ok.tool, ok.input, ok.error, rows[1].content) == (
        "get_weather",
        '{"city":"Oslo"}',
        False,
        '{"temp_c":3,"sky":"cloudy"}',
    )
    assert (failed.tool, failed.error, rows[2].content) == (
        "get_radar",
        True,
        "Error: radar service unavailable",
    )
    assert rows[3].content == "It is 3 °C and cloudy in Oslo."
    assert rows[3].created_at == _local(2025, 3, 1, 10, 5, 9)

    teapot = _chat("nextchat", "nc-teapot")
    assert _shape(teapot) == [
        ("user", "text", "What kind of teapot is this?\n\n[image]", None),
        (
            "assistant",
            "text",
            "> It is a small unglazed pot.\n\nIt looks like a Yixing clay teapot.",
            "deepseek-reasoner",
        ),
        ("user", "text", "Danke!", None),
    ]
    times = [m.created_at for m in _rows(teapot)]
    assert times == [  # "2025/3/1 09:00:00" (zh-CN), "1.3.2025, 09:01:00" (de-DE)
        _local(2025, 3, 1, 9, 0, 0),
        _local(2025, 3, 1, 9, 0, 7),
        _local(2025, 3, 1, 9, 1, 0),
    ]
    _reimport_adds_nothing(alice, path)


def test_chatbox_1x_backup_keeps_parts_threads_and_the_shown_fork(
    store: str, tmp_path: Path
) -> None:
    """chatboxai/chatbox @ 0d3139e5bf1677de66c19d65432fcd1c2994521d:
    ``src/renderer/routes/settings/general.tsx`` (``onExport``: every stored key, with
    ``__exported_items`` and ``__exported_at``), ``src/renderer/storage/StoreStorage.ts``
    (``chat-sessions``, ``chat-sessions-list``, ``session:<id>``),
    ``src/renderer/stores/migration.ts`` (``migrate_7_to_8`` copies ``chat-sessions`` into
    ``session:<id>`` keys and leaves the old array), ``src/shared/types/session.ts``
    (``contentParts``: text, image, info, reasoning {startTime, duration ms}, tool-call {state,
    toolName, args, result}; ``threads``; ``messageForksHash``), ``src/shared/utils/message.ts``
    (``migrateMessage``: ``content`` and ``webBrowsing`` of older messages),
    ``src/renderer/stores/session/threads.ts`` and ``forks.ts`` (earlier threads of a session;
    ``messages`` is the fork shown, the others are stored in ``messageForksHash``)."""
    path = FIXTURES / "chatbox/chatbox-exported-data-2025-6-1.json"
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, path)
    assert report.per_format == {"chatbox": 2} and not report.skipped

    oolong = _chat("chatbox", "cbn-1")
    assert (oolong.title, oolong.pinned) == ("Oolong", True)
    rows = _rows(oolong)
    assert [(m.role, m.kind, m.content, m.model) for m in rows] == [
        ("system", "text", "You are a tea expert.", None),  # the earlier thread first
        ("user", "text", "How hot for green tea?", None),
        ("assistant", "reasoning", "Green tea scalds easily.", "deepseek-reasoner"),
        ("assistant", "text", "About 80 °C.", "deepseek-reasoner"),
        ("system", "text", "You are a tea expert.", None),
        ("user", "text", "And oolong? Here is my pot.\n\n[image]", None),
        ("assistant", "reasoning", "Oolong is semi-oxidised.", "deepseek-reasoner"),
        ("assistant", "text", "Steep oolong 3-5 minutes at 90 °C.", "deepseek-reasoner"),
    ]
    assert read_detail(rows[6].detail).seconds == 2.4
    assert rows[5].created_at == _utc(2025, 6, 1, 10, 0, 10)
    everything = " ".join(m.content for m in Message.select())
    assert "before the fork" not in everything  # a stored fork, not the one shown
    assert "copy left behind" not in everything  # the old array, superseded by session:<id>

    shops = _rows(_chat("chatbox", "cbn-2"))
    assert [(m.kind, m.model) for m in shops] == [
        ("text", None),
        ("tool", "gpt-4o"),
        ("tool", "gpt-4o"),
        ("text", "gpt-4o"),
        ("tool", "gpt-4o"),
        ("text", "gpt-4o"),
    ]
    search, fetch = read_detail(shops[1].detail), read_detail(shops[2].detail)
    assert (search.tool, json.loads(search.input), search.error) == (
        "web_search",
        {"query": "tea shop Kyoto"},
        False,
    )
    assert "Ippodo" in shops[1].content
    assert (fetch.tool, fetch.error) == ("fetch_page", True) and "blocked" in shops[2].content
    assert shops[3].content == "Try Ippodo Tea in Kyoto."  # the info part is the app's
    assert read_detail(shops[4].detail).tool == "web_search"  # an older message's webBrowsing
    assert "Kyoto tea guide" in shops[4].content
    assert shops[5].content == "Older 1.x answer with a search."
    _reimport_adds_nothing(alice, path)


def test_chatbox_old_backup_reads_the_chat_sessions_array(store: str, tmp_path: Path) -> None:
    """chatboxai/chatbox @ 0d3139e5bf1677de66c19d65432fcd1c2994521d: the layout before
    ``migrate_7_to_8`` (``src/renderer/stores/migration.ts``): one ``chat-sessions`` array of
    ``{id, name, messages: [{id, role, content, timestamp (ms), model}]}``."""
    path = FIXTURES / "chatbox/chatbox-exported-data-2023-7-1.json"
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, path)
    assert report.per_format == {"chatbox": 2} and not report.skipped
    french = _chat("chatbox", "cbo-1")
    assert french.title == "Tea in French"
    assert _shape(french) == [
        ("system", "text", "You are a helpful assistant.", None),
        ("user", "text", "Translate 'tea' into French.", None),
        ("assistant", "text", "« thé »", "gpt-3.5-turbo"),
    ]
    assert [m.created_at for m in _rows(french)][2] == _utc(2023, 7, 1, 8, 26, 47)
    assert [m.model for m in _rows(_chat("chatbox", "cbo-2"))] == [None, "gpt-3.5-turbo"]
    _reimport_adds_nothing(alice, path)


def _cherry_zip(path: Path, data: bytes) -> Path:
    """A backup as Cherry Studio's ``BackupManager.backup`` zips it: ``data.json`` and the
    ``Data`` folder."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.json", data)
        archive.writestr("Data/Files/f1.pdf", b"%PDF-1.4 not read")
    return path


def test_cherry_studio_backup_with_message_blocks(store: str, tmp_path: Path) -> None:
    """CherryHQ/cherry-studio: ``src/renderer/src/services/BackupService.ts`` @
    00111ad787cc29fea8159b00de2c874d96261820 (``getBackupData``: ``{time, version: 5,
    localStorage, indexedDB: <every Dexie table>}``; ``handleData``: versions 1 to 5),
    ``src/main/services/BackupManager.ts`` @ 00a36a604184cfd4a94aeb6d5e344d05d909adae (the zip:
    ``data.json`` and ``Data/``), ``src/renderer/src/types/newMessage.ts`` @
    034343e1cc649f98c64bcb9237f04f64ff4cfc08 (``Message``: ``blocks``, ``model``, ``askId``,
    ``type: clear``; blocks ``main_text``, ``thinking`` {thinking_millsec}, ``tool`` {toolName,
    arguments, content, metadata.rawMcpToolResponse}, ``code``, ``file``, ``citation``,
    ``error``), ``src/renderer/src/utils/messageUtils/create.ts`` @
    0c6b487f7353aa0f16013c687bd0a7383d2d600e (ISO ``createdAt``)."""
    data = (FIXTURES / "cherry-studio/v5-data.json").read_bytes()
    path = _cherry_zip(tmp_path / "cherry-studio.202506011006.zip", data)
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, path)
    assert report.per_format == {"cherry-studio": 1} and not report.skipped  # empty topic: none
    chat = _chat("cherry-studio", "t5-oolong")
    assert (chat.title, chat.pinned) == ("Oolong", True)
    rows = _rows(chat)
    assert [(m.role, m.kind, m.model) for m in rows] == [
        ("user", "text", None),
        ("assistant", "reasoning", "deepseek-reasoner"),
        ("assistant", "tool", "deepseek-reasoner"),
        ("assistant", "text", "deepseek-reasoner"),
        ("assistant", "text", "claude-sonnet-4"),  # both answers to one question (askId)
        ("user", "text", None),
        ("assistant", "tool", "gpt-4o"),
    ]
    assert rows[0].content == "How long should I steep oolong?\n\n[file: tea-notes.pdf]"
    assert rows[0].created_at == _utc(2025, 6, 1, 10, 0, 0)
    assert read_detail(rows[1].detail).seconds == 4.2
    fetch = read_detail(rows[2].detail)
    assert (fetch.tool, json.loads(fetch.input), fetch.error) == (
        "fetch",
        {"url": "https://example.org/oolong"},
        False,
    )
    assert rows[2].content == "Steep 3-5 minutes at 90 C."
    assert rows[3].content == (
        "Steep oolong for 3-5 minutes at about 90 °C.\n\n```python\nsteep(minutes=4)\n```"
    )
    assert rows[4].content == "Claude says: three rinses, then 4 minutes."
    failed = read_detail(rows[6].detail)
    assert (failed.tool, failed.error, rows[6].content) == ("web_search", True, "rate limited")
    _reimport_adds_nothing(alice, path)


def test_cherry_studio_backups_before_blocks(store: str, tmp_path: Path) -> None:
    """CherryHQ/cherry-studio: ``src/renderer/src/services/BackupService.ts`` @
    00111ad787cc29fea8159b00de2c874d96261820 (``handleData``: version 1 keeps topics as
    ``indexedDB: [{key: "topic:<id>", value: {id, messages}}]``; versions 2 and 3 a ``topics``
    table whose messages hold their text), ``src/renderer/src/types/legacyMessage.ts`` @
    3a8ec0395ea222bad981890eb5eec378475b2423 (``content``, ``reasoning_content``,
    ``metadata.mcpTools``, ``model``, ``modelId``)."""
    alice = accounts.register("alice", "secret1")
    v3 = FIXTURES / "cherry-studio/v3-data.json"
    assert import_chats(alice, v3).per_format == {"cherry-studio": 1}
    matcha = _chat("cherry-studio", "t3-matcha")
    assert matcha.title == "Matcha"
    rows = _rows(matcha)
    assert [(m.kind, m.content) for m in rows] == [
        ("text", "How do I whisk matcha?"),
        ("reasoning", "A chasen works best."),
        ("tool", "09:00"),
        ("text", "Whisk in a zigzag until foamy."),
    ]
    assert [m.model for m in rows] == [None] + ["deepseek-reasoner"] * 3
    call = read_detail(rows[2].detail)
    assert (call.tool, json.loads(call.input)) == ("get_time", {"zone": "Asia/Tokyo"})
    _reimport_adds_nothing(alice, v3)

    v1 = FIXTURES / "cherry-studio/v1-backup.json"
    assert import_chats(alice, v1).per_format == {"cherry-studio": 1}
    puer = _chat("cherry-studio", "t1-puer")
    assert puer.title == "Pu-erh"
    assert _shape(puer) == [
        ("user", "text", "Is pu-erh fermented?", None),
        ("assistant", "text", "Yes, ripe pu-erh is.", "gpt-4o"),
    ]
    _reimport_adds_nothing(alice, v1)


#: The writers' fixtures that hold chats (each fuzzed below, beside the modules' EXAMPLEs).
CHAT_FIXTURES = [
    "lobechat/LobeChat-sessions-v7.json",
    "lobechat/2025-06-01-10-30_LobeChat-data.json",
    "nextchat/Backup-3_1_2025 10_06_00 AM.json",
    "chatbox/chatbox-exported-data-2023-7-1.json",
    "chatbox/chatbox-exported-data-2025-6-1.json",
    "cherry-studio/v1-backup.json",
    "cherry-studio/v3-data.json",
    "cherry-studio/v5-data.json",
]


@pytest.mark.parametrize("name", CHAT_FIXTURES)
def test_hostile_files_made_from_each_writer_fixture(name: str, tmp_path: Path) -> None:
    """test_fuzz.py's hostile files, made from each fixture (every layout, not only the
    module's EXAMPLE): a wrong type, a deep nesting or a huge string at a spread of places,
    doubled lists, one id everywhere, cut files. Each import ends clean or refused, within the
    memory and time limits, the database intact."""
    from tests.importers.test_fuzz import _run, _write_cases, hostile

    example = json.loads((FIXTURES / name).read_text("utf-8"))
    cases = list(hostile(example))
    tail = cases[-13:]  # the whole-file cases: doubled, same ids, BOM, UTF-16, cut, …
    picked = cases[:-13][:: max(1, len(cases) // 250)] + tail
    labels = _write_cases(tmp_path, ".json", iter(picked))
    result = _run(tmp_path, "chats")
    said = {labels[n]: outcome for n, (outcome, _) in result["outcomes"].items()}
    assert set(said) == set(labels.values())
    assert said["byte-order mark"] == "imported"
    assert "nested more than" in said["nested"]
    assert result["peak_kb"] < 1536 * 1024
