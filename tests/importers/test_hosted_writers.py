"""DeepSeek, Gemini (Google Takeout), Le Chat and SillyTavern, imported from fixtures written in
the shape their writers write (issue 22, item 1).

No public export of these four is kept in ../shared/realdata, and the hosted services' writers
are closed: each fixture under ``fixtures/<format>/`` is small content of our own, laid out as
the code that writes the format (SillyTavern) or that reads it most closely (the others) lays it
out. Each test names the repository, commit and files it follows; nothing of theirs was copied
(their licences: none, GPL-3.0, AGPL-3.0, MIT — cited only). ``fixtures/README.md`` says, file by
file, which part of a fixture is seen in that code and which is our stand-in.

Each test imports through the normal path (:func:`import_chats`, on SQLite and PostgreSQL) and
checks titles, roles and order, times in UTC (each format writes its zone differently), the
model of each message, reasoning and tool rows (``message.kind``), the branch kept, and that a
second import adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from chatdesk.importers import _takeout_dates, gemini, sillytavern
from chatdesk.importers.detect import claims
from chatdesk.importers.model import read_detail
from chatdesk.importers.probe import probe_file
from chatdesk.services import accounts
from chatdesk.services.importing import import_chats
from chatdesk.store.models import Chat, Message

FIXTURES = Path(__file__).parent / "fixtures"
T = dt.datetime


def _chats(user: accounts.Account) -> dict[str, Chat]:
    return {c.source_id: c for c in Chat.select().where(Chat.user == user.id)}


def _thread(chat: Chat) -> list[Message]:
    return list(Message.select().where(Message.chat == chat.id).order_by(Message.id))


def _zip(path: Path, folder: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(folder).as_posix())
    return path


def test_deepseek_export_as_its_readers_read_it(store: str, tmp_path: Path) -> None:
    """xionglongztz/DeepSeekDataExporter @ 2ea09575b83330a820d47320a09824dfabc5e4a6,
    ``deepseek_exporter.py`` (and FORMATS.md § 3): ``conversations.json`` in the zip, numeric
    node ids under ``root``; a node holds REQUEST, or THINK and RESPONSE; ``files`` of ``{id,
    file_name, content}``; TOOL_SEARCH and TOOL_OPEN fragments without content; the older
    SEARCH fragment with ``results`` of ``{url, title, snippet, cite_index, published_at,
    site_name}``; an empty thought or answer left out (``if content:``); times with
    ``+08:00``. The regenerated answer is the last child: the thread keeps it."""
    export = _zip(tmp_path / "deepseek_data-2025-05-03.zip", FIXTURES / "deepseek")
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, export)
    assert report.per_format == {"deepseek": 3} and not report.skipped
    assert (report.chats_added, report.messages_added) == (3, 11)
    chats = _chats(alice)
    tea = chats["b2f6c1e0-7d1a-4c8e-9a55-0d3e2f1a9c01"]
    assert (tea.source, tea.title, tea.message_count) == ("deepseek", "泡茶的时间", 4)
    assert (tea.created_at, tea.updated_at) == (
        T(2025, 4, 29, 3, 59, 11, 635000),
        T(2025, 4, 29, 4, 44, 11, 402000),
    )
    rows = _thread(tea)
    assert [(m.role, m.kind, m.content, m.model) for m in rows] == [
        ("user", "text", "绿茶要泡多久？\n\n[file: tea-notes.txt]", None),
        ("assistant", "reasoning", "用户问绿茶。水温 80 °C，时间不宜太长。", "deepseek-reasoner"),
        ("assistant", "text", "绿茶用 80 °C 的水泡 **2–3 分钟**。", "deepseek-reasoner"),
        ("user", "text", "如果用冷水呢？", None),
        ("assistant", "tool", "", "deepseek-chat"),
        ("assistant", "tool", "", "deepseek-chat"),
        ("assistant", "text", "冷泡需要放进冰箱 6–8 小时。", "deepseek-chat"),
    ]
    assert [m.created_at for m in rows[:2]] == [
        T(2025, 4, 29, 3, 59, 13, 202000),
        T(2025, 4, 29, 4, 0, 5, 481000),
    ]
    assert read_detail(rows[1].detail).seconds == 6
    assert [read_detail(m.detail).tool for m in rows[4:6]] == ["search", "open"]
    # the first answer and the question asked under it are the branch left
    assert not Message.select().where(Message.content.in_(["大约两分钟。", "那红茶呢？"])).exists()
    search = chats["c3a8e2d4-1f60-4b7a-8e2c-6a9d0b4f7e12"]
    assert search.title == "What's new in Python 3.13?"
    [tool] = [m for m in _thread(search) if m.kind == "tool"]
    assert tool.content == (
        "What's New In Python 3.13 — https://docs.python.org/3/whatsnew/3.13.html\n"
        "PEP 703 — https://peps.python.org/pep-0703/"
    )
    assert read_detail(tool.detail).tool == "web search"
    stopped = chats["d41e9b7c-55aa-4e0f-b3c2-8f1a2e6d9c33"]
    assert [(m.role, m.content) for m in _thread(stopped)] == [("user", "Write a poem about tea.")]
    again = import_chats(alice, export)
    assert (again.chats_added, again.messages_added, again.unchanged) == (0, 0, 3)


def test_gemini_takeout_json_in_english_chinese_and_french(store: str, tmp_path: Path) -> None:
    """Superkikim/nexus-ai-chat-importer @ 0ae7f0db8fb6bcb9deb5dbe561796cbe2977a2bb,
    ``src/providers/gemini/gemini-types.ts`` (the row's fields: ``attachedFiles``,
    ``imageFile``) and ``gemini-converter.ts`` (titles ``Prompted …``, and ``Prompt : …`` in
    French); FORMATS.md § 4 (non-prompt rows). A Chinese account's Takeout names its folders in
    Chinese and keeps ``Prompted`` (``我的活动/Gemini Apps/我的活动记录.json``, the default path
    of a public ``takeout_diff.py`` that reads its author's own export). Rows within 30 minutes
    are one conversation; a canvas row is no message even with content."""
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, FIXTURES / "gemini" / "json" / "Takeout")
    assert report.per_format == {"gemini": 2}  # the Search activity beside it is not read
    chats = _chats(alice)
    talk = chats["gap@2025-03-04T14:04:05.120000"]
    assert [(m.role, m.content, m.created_at) for m in _thread(talk)] == [
        (
            "user",
            "How long should green tea steep?\n\n[file: tea-notes.pdf]\n\n[file: teapot.jpg]",
            T(2025, 3, 4, 14, 4, 5, 120000),
        ),
        (
            "assistant",
            "About 2–3 minutes at 80 °C.\n\n- Longer turns it bitter.",
            T(2025, 3, 4, 14, 4, 5, 120000),
        ),
        ("user", "And with milk?", T(2025, 3, 4, 14, 10, 0, 512000)),
        ("assistant", "Milk suits black tea better.", T(2025, 3, 4, 14, 10, 0, 512000)),
    ]
    assert talk.title == "How long should green tea steep?" and talk.source == "gemini"
    assert [m.content for m in _thread(chats["gap@2025-03-01T08:00:00"])] == [
        "Recommend a book & a tea",
        "The Book of Tea.",
    ]
    assert import_chats(alice, FIXTURES / "gemini" / "json" / "Takeout").messages_added == 0
    bob = accounts.register("bob", "secret1")
    chinese = import_chats(bob, FIXTURES / "gemini" / "json-zh" / "Takeout")
    assert chinese.per_format == {"gemini": 2} and chinese.chats_added == 2
    carol = accounts.register("carol", "secret1")
    french = import_chats(carol, FIXTURES / "gemini" / "json-fr" / "MonActivité.json")
    assert (french.chats_added, french.messages_added) == (1, 2)
    [chat] = _chats(carol).values()
    assert chat.title == "Combien de temps infuser un thé vert ?"


#: Each language's Takeout HTML (fixtures/gemini/html/<lang>.html), and the UTC times of its
#: first prompt and of its prompt three days before (written 15:04:05 and 09:00:00 local).
HTML_LANGUAGES = {
    "en": (T(2025, 3, 4, 14, 4, 5), T(2025, 3, 1, 8, 0)),  # CET
    "zh": (T(2025, 3, 4, 7, 4, 5), T(2025, 3, 1, 1, 0)),  # GMT+08:00
    "de": (T(2025, 3, 4, 14, 4, 5), T(2025, 3, 1, 8, 0)),  # MEZ
    "fr": (T(2025, 3, 4, 14, 4, 5), T(2025, 3, 1, 8, 0)),  # UTC+1
    "es": (T(2025, 3, 4, 14, 4, 5), T(2025, 3, 1, 8, 0)),  # CET
    "ja": (T(2025, 3, 4, 6, 4, 5), T(2025, 3, 1, 0, 0)),  # JST
    "cs": (T(2025, 3, 4, 14, 4, 5), T(2025, 3, 1, 8, 0)),  # SEČ
}


@pytest.mark.parametrize("lang", sorted(HTML_LANGUAGES))
def test_gemini_takeout_html_in_the_accounts_language(store: str, lang: str) -> None:
    """The card as Google Takeout writes it: purarue/google_takeout_parser @
    aebb2dcade4b9156c59ea04a4ced6063dc209c82, ``tests/testdata/HtmlTakeout/My Activity/Chrome/
    MyActivity.html`` (a real card: ``Label&nbsp;object<br>date``) and FORMATS.md § 4 (the
    answer after the date). The localized date and label: jetpack3331/ai-chat-history-manager
    @ 717e1379af22ae23c12f4d2e4fb65b4fdcd920ef, ``examples/gemini.html`` and
    ``parsers/gemini_parser.py`` (Czech: ``Pokyn&nbsp;…<br>1. 1. 2026 10:00:00 SEČ``; the label
    is the account's language); the German date of google_takeout_parser's pull request #59
    (``01.09.2022, 21:08:12``); kenn-io/agentsview @ 538600744d1b87614d3746d36a0966c1f2ac1cad,
    ``internal/parser/gemini_apps_takeout.go`` (English with U+202F before PM, ``GMT+05:30``).
    Chinese, French, Spanish and Japanese are CLDR's medium date and long time, as Takeout
    writes English and German (fixtures/README.md). Feedback rows are not messages; the other
    languages' labels are not known and the cards are read by their shape."""
    first, older = HTML_LANGUAGES[lang]
    alice = accounts.register("alice", "secret1")
    page = FIXTURES / "gemini" / "html" / f"{lang}.html"
    report = import_chats(alice, page)
    assert report.per_format == {"gemini": 2} and report.chats_added == 2
    chats = _chats(alice)
    talk = chats[f"gap@{first.isoformat()}"]
    rows = _thread(talk)
    prompts = [m.content for m in rows if m.role == "user"]
    expected = ["How long should green tea steep?", "And with milk?"]
    if lang == "en":  # its damaged date keeps the time of the row before it: see the next test
        expected.insert(1, "Is it 2 or 3?")
    assert prompts == expected
    assert [(m.role, m.content, m.created_at) for m in rows[:2]] == [
        ("user", "How long should green tea steep?", first),
        ("assistant", "About 2–3 minutes at 80 °C.\n\n- Longer turns it bitter.", first),
    ]
    assert rows[-1].created_at == first + dt.timedelta(minutes=5, seconds=55)
    assert talk.title == "How long should green tea steep?"
    assert [m.content for m in _thread(chats[f"gap@{older.isoformat()}"])] == [
        "Recommend a book & a tea",
        "The Book of Tea.",
    ]
    assert import_chats(alice, page).messages_added == 0


def test_gemini_html_date_not_read_keeps_the_row_before(store: str) -> None:
    """What a date that cannot be read does (kenn-io/agentsview @ 5386007, which refuses the
    whole file then: here the rest imports). A damaged date (en.html: ``Mar 4, 2025``, no time)
    takes the time of the row before it in the file, the next prompt of the talk, and stays in
    its conversation; a file whose dates are all in a language not read (Thai, Buddhist years)
    gives each prompt a conversation of its own, as no pause can be measured."""
    alice = accounts.register("alice", "secret1")
    import_chats(alice, FIXTURES / "gemini" / "html" / "en.html")
    talk = _chats(alice)["gap@2025-03-04T14:04:05"]
    times = {m.content: m.created_at for m in _thread(talk) if m.role == "user"}
    assert times == {
        "How long should green tea steep?": T(2025, 3, 4, 14, 4, 5),
        "Is it 2 or 3?": T(2025, 3, 4, 14, 10),  # the time of "And with milk?", after it
        "And with milk?": T(2025, 3, 4, 14, 10),
    }
    bob = accounts.register("bob", "secret1")
    report = import_chats(bob, FIXTURES / "gemini" / "html" / "th.html")
    assert (report.chats_added, report.messages_added, report.skipped) == (2, 4, [])
    chats = _chats(bob)
    assert all(key.startswith("gap@") for key in chats)
    assert sorted(c.title for c in chats.values()) == ["ชาเขียวแช่นานเท่าไร", "แล้วชาดำล่ะ"]
    assert import_chats(bob, FIXTURES / "gemini" / "html" / "th.html").messages_added == 0


def test_gemini_html_with_the_label_and_date_in_the_header(store: str) -> None:
    """kenn-io/agentsview @ 538600744d1b87614d3746d36a0966c1f2ac1cad,
    ``internal/parser/gemini_apps_takeout_test.go`` and ``internal/importer/
    gemini_apps_test.go`` (the layout its tests call the real one: ``<h3>Gemini Apps</h3>
    <p>Prompted</p><p>date</p>`` in the header, the prompt's and the answer's paragraphs in the
    content; ``Canvas`` and ``Feedback`` cards; another product's card in the same file)."""
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, FIXTURES / "gemini" / "html" / "header-layout.html")
    assert report.per_format == {"gemini": 1}
    [talk] = _chats(alice).values()
    assert [(m.role, m.content, m.created_at) for m in _thread(talk)] == [
        ("user", "How long for green tea?", T(2025, 1, 2, 20, 4, 5)),
        ("assistant", "Two minutes & no more.", T(2025, 1, 2, 20, 4, 5)),
        ("user", "And oolong?", T(2025, 1, 2, 20, 10)),
        ("assistant", "Three to five minutes.", T(2025, 1, 2, 20, 10)),
    ]


@pytest.mark.parametrize(
    "line",
    ["Prompted&nbsp;What does &lt;script&gt; do?", "Prompted What does &lt;script&gt; do?"],
)
def test_gemini_prompt_about_markup_keeps_its_text(line: str) -> None:
    """A prompt's escaped markup is its text, with ``&nbsp;`` after the label or a space."""
    assert gemini._card_prompt(line, answered=True) == "What does <script> do?"


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        # kenn-io/agentsview @ 5386007 gemini_apps_takeout_test.go: English, named and numeric zones
        ("Jan 2, 2025, 3:04:05 PM EDT", T(2025, 1, 2, 19, 4, 5)),
        ("Jan 2, 2025, 3:04:05\u202fPM GMT+05:30", T(2025, 1, 2, 9, 34, 5)),
        ("Jan 2, 2025, 3:04:05 PM GMT-8", T(2025, 1, 2, 23, 4, 5)),
        # purarue/google_takeout_parser @ aebb2dc html_time_utils.py: no zone (old Takeouts:
        # UTC), MSK, and the export's zone written on a date of the other season (BST in January)
        ("Jun 23, 2015, 2:43:45 PM", T(2015, 6, 23, 14, 43, 45)),
        ("Sep 10, 2019, 8:51:45 PM MSK", T(2019, 9, 10, 17, 51, 45)),
        ("Jan 15, 2021, 6:54:12 PM BST", T(2021, 1, 15, 17, 54, 12)),
        # German (google_takeout_parser pull request #59's date, CLDR's zone name)
        ("01.09.2022, 21:08:12 MESZ", T(2022, 9, 1, 19, 8, 12)),
        # Czech (jetpack3331/ai-chat-history-manager @ 717e137 examples/gemini.html)
        ("12. 1. 2026 19:01:56 SEČ", T(2026, 1, 12, 18, 1, 56)),
        # Chinese: the zone before the time (as Android writes CLDR's zh), or after it
        ("2025年3月4日 GMT+08:00 下午3:04:05", T(2025, 3, 4, 7, 4, 5)),
        ("2025年3月4日 下午3:04:05 GMT+08:00", T(2025, 3, 4, 7, 4, 5)),
        ("2025年3月4日 GMT+08:00 上午12:06:51", T(2025, 3, 3, 16, 6, 51)),
        # Japanese, Korean, French, French Canadian, Spanish, Portuguese, Polish, Russian (CLDR)
        ("2025/03/04 15:04:05 JST", T(2025, 3, 4, 6, 4, 5)),
        ("2025. 3. 4. 오후 3:04:05 GMT+9", T(2025, 3, 4, 6, 4, 5)),
        ("4 juil. 2025, 15:04:05 UTC+2", T(2025, 7, 4, 13, 4, 5)),
        ("4 juin 2025 15 h 04 min 05 s UTC−4", T(2025, 6, 4, 19, 4, 5)),
        ("4 mar 2025, 3:04:05 p. m. CET", T(2025, 3, 4, 14, 4, 5)),
        ("4 de set. de 2025, 15:04:05 BRT", T(2025, 9, 4, 18, 4, 5)),
        ("4 paź 2025, 15:04:05 CEST", T(2025, 10, 4, 13, 4, 5)),
        ("4 мая 2025 г., 15:04:05 MSK", T(2025, 5, 4, 12, 4, 5)),
        # a zone it does not know: read as UTC
        ("Mar 4, 2025, 3:04:05 PM XYZ", T(2025, 3, 4, 15, 4, 5)),
    ],
)
def test_takeout_dates_in_many_languages(text: str, utc: dt.datetime) -> None:
    assert _takeout_dates.parse(text) == utc


@pytest.mark.parametrize(
    "text",
    ["Mar 4, 2025", "4 มี.ค. 2568 15:04:05", "Feb 30, 2025, 1:00:00 PM", "13:04:05 PM", "x" * 300],
)
def test_takeout_dates_not_read(text: str) -> None:
    assert _takeout_dates.parse(text) is None


def test_lechat_zip_as_the_export_holds_it(store: str, tmp_path: Path) -> None:
    """Superkikim/nexus-ai-chat-importer @ 0ae7f0db8fb6bcb9deb5dbe561796cbe2977a2bb,
    ``src/providers/lechat/lechat-types.ts``, ``lechat-converter.ts`` and
    ``lechat-converter.test.ts``: ``chat-<uuid>.json`` arrays with their ``-files/`` folder;
    messages not in time order ("CRITICAL: … random order"); ``contentChunks`` null or a list
    of ``text``, ``tool_call`` (``publicArguments`` a string, ``publicResult`` any value,
    ``success``, ``startTime``/``endTime``, ``toolType``), ``reference`` (``referenceIds``),
    ``image_url``, ``custom_element``; ``files`` of ``{type, name}``; no title."""
    export = _zip(tmp_path / "lechat-export.zip", FIXTURES / "lechat")
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, export)
    assert report.per_format == {"lechat": 2} and not report.skipped
    chats = _chats(alice)
    tea = chats["6f1c2b9e-3d4a-4e8b-9c7d-1a2b3c4d5e6f"]
    assert (tea.source, tea.title) == ("lechat", "How long should green tea steep?")
    assert (tea.created_at, tea.updated_at) == (
        T(2025, 9, 19, 16, 18, 19, 236000),
        T(2025, 9, 19, 16, 19, 40, 2000),
    )
    rows = _thread(tea)
    assert [(m.role, m.kind, m.content) for m in rows] == [
        ("user", "text", "How long should green tea steep?\n\n[file: tea-guide.pdf]"),
        (
            "assistant",
            "tool",
            '{"results": [{"title": "Brewing green tea", "url": "https://example.org/green"}]}',
        ),
        ("assistant", "text", "Steep green tea for 2–3 minutes at 80 °C.[1][2]"),
        ("user", "text", "Draw me a teapot."),
        ("assistant", "text", "Here is a picture of a teapot:\n\n[image]"),
    ]
    call = read_detail(rows[1].detail)
    assert (call.tool, call.input, call.error, call.seconds) == (
        "web_search",
        '{"query": "green tea steeping time"}',
        False,
        2.45,
    )
    assert call.extra == {"tool_type": "rag"}
    failed = [m for m in _thread(chats["0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"]) if m.kind == "tool"]
    detail = read_detail(failed[0].detail)
    assert (failed[0].content, detail.tool, detail.input, detail.error) == (
        "",
        "weather",
        "Lyon",
        True,
    )
    again = import_chats(alice, export)
    assert (again.chats_added, again.messages_added, again.unchanged) == (0, 0, 2)


def test_sillytavern_data_folder(store: str, tmp_path: Path) -> None:
    """SillyTavern/SillyTavern @ ba6f7b7a98cf7a5eaf4f0e81da9779a9a668ced4: ``public/script.js``
    (``saveChat``: the header line; messages with ``swipes``/``swipe_id``/``swipe_info``,
    ``gen_started``/``gen_finished`` and ``extra.api``/``extra.model``),
    ``public/scripts/RossAscends-mods.js`` (``getMessageTimeStamp``: ``March 1, 2025 10:02am``;
    ``humanizedDateTime``: ``2025-03-01@10h00m00s``), ``src/util.js``
    (``humanizedISO8601DateTime``, written by ``src/endpoints/chats.js``),
    ``public/scripts/group-chats.js`` (``saveGroupChat``: no header),
    ``public/scripts/slash-commands.js`` (``sendNarratorMessage``: ``extra.type`` narrator,
    ``api`` manual), ``public/scripts/chats.js`` (``hideChatMessageRange``: ``is_system`` hides);
    and @ 885b6176c10b2efb605d14dc57748914b740391a ``public/scripts/reasoning.js``
    (``extra.reasoning``, ``reasoning_duration`` in ms). The writer's local time is UTC+8 here:
    the answer's ``gen_finished`` gives it."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES / "sillytavern" / "data", folder)
    alice = accounts.register("alice", "secret1")
    report = import_chats(alice, folder)
    assert report.per_format == {"sillytavern": 3} and not report.skipped
    chats = {c.title: c for c in _chats(alice).values()}
    assert set(chats) == {
        "Tea Master · 2025-03-01@10h00m00s",
        "Tea Master · 2024-6-5 @14h 56m 50s 682ms",
        "Which tea for the evening?",
    }
    tea = chats["Tea Master · 2025-03-01@10h00m00s"]
    assert (tea.source, tea.created_at) == ("sillytavern", T(2025, 3, 1, 2, 0))
    rows = _thread(tea)
    assert [(m.role, m.kind, m.content, m.model, m.created_at) for m in rows] == [
        ("assistant", "text", "Welcome to my tea house.", None, T(2025, 3, 1, 2, 0)),
        ("user", "text", "How long should green tea steep?", None, T(2025, 3, 1, 2, 1)),
        (
            "assistant",
            "reasoning",
            "Green tea is delicate; keep it short.",
            "deepseek-reasoner",
            T(2025, 3, 1, 2, 2, 10, 480000),
        ),
        (
            "assistant",
            "text",
            "Three minutes, no more.",  # the chosen swipe; "Five minutes." is not kept
            "deepseek-reasoner",
            T(2025, 3, 1, 2, 2, 10, 480000),
        ),
        ("user", "text", "(OOC: this line is hidden from the prompt)", None, T(2025, 3, 1, 2, 3)),
        ("system", "text", "The kettle whistles.", None, T(2025, 3, 1, 4, 4)),
    ]
    assert read_detail(rows[2].detail).seconds == 8.2
    assert not Message.select().where(Message.content == "Five minutes.").exists()
    served = _thread(chats["Tea Master · 2024-6-5 @14h 56m 50s 682ms"])
    assert [(m.content, m.created_at) for m in served] == [  # no gen_finished: local, as written
        ("Oolong?", T(2024, 6, 5, 14, 56, 50, 682000)),
        ("Four minutes.", T(2024, 6, 5, 14, 56, 51, 5000)),
    ]
    group = _thread(chats["Which tea for the evening?"])
    assert [(m.role, m.created_at, m.model) for m in group] == [
        ("assistant", T(2025, 3, 1, 2, 0), None),
        ("user", T(2025, 3, 1, 2, 0, 30), None),
        ("assistant", T(2025, 3, 1, 2, 0, 45, 250000), "llama-3-8b-instruct"),
    ]
    again = import_chats(alice, folder)
    assert (again.chats_added, again.messages_added, again.unchanged) == (0, 0, 3)
    # the group chat alone (named from its file, not from the folder it was found in)
    alone = import_chats(alice, folder / "default-user" / "group chats" / "1740794399000.jsonl")
    assert (alone.chats_added, alone.messages_added) == (0, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("June 19, 2023 2:20pm", (T(2023, 6, 19, 14, 20), True)),
        ("June 19, 2023 12:05am", (T(2023, 6, 19, 0, 5), True)),
        ("June 19, 2023 12:05pm", (T(2023, 6, 19, 12, 5), True)),
        ("2024-7-12@01h31m37s", (T(2024, 7, 12, 1, 31, 37), True)),
        ("2024-6-5 @14h 56m 50s 682ms", (T(2024, 6, 5, 14, 56, 50, 682000), True)),
        (1718000000000, (T(2024, 6, 10, 6, 13, 20), False)),
        ("1718000000000", (T(2024, 6, 10, 6, 13, 20), False)),
        ("2024-06-10T06:13:20.000Z", (T(2024, 6, 10, 6, 13, 20), False)),
        ("2024-06-10T08:13:20", (T(2024, 6, 10, 8, 13, 20), True)),
        ("February 30, 2025 1:00pm", (None, False)),
        ("Smarch 3, 2025 1:00pm", (None, False)),
    ],
)
def test_sillytavern_send_date_forms(value: object, expected: tuple[object, bool]) -> None:
    """The forms ``public/scripts/utils.js`` ``parseTimestamp`` reads (SillyTavern @ ba6f7b7)."""
    assert sillytavern.sent_time(value) == expected


def _fixture_files() -> list[tuple[str, Path]]:
    found = []
    for fmt in ("deepseek", "gemini", "lechat", "sillytavern"):
        for path in sorted((FIXTURES / fmt).rglob("*")):
            if path.suffix in (".json", ".jsonl", ".html") and path.name != "user.json":
                found.append((fmt, path))
    return found


@pytest.mark.parametrize(("fmt", "path"), _fixture_files(), ids=lambda v: getattr(v, "name", v))
def test_each_fixture_is_claimed_by_its_own_format_only(fmt: str, path: Path) -> None:
    with path.open("rb") as stream:
        found = [d.format for d in claims(probe_file(path.name, stream))]
    if "Search" in path.parts:  # another product's activity in the same Takeout: no format's
        assert found == []
    else:
        assert found == [fmt]


def test_gemini_files_in_a_takeout_of_any_language() -> None:
    """The folder and file names are the account's language; Gemini CLI's ``.gemini`` folder
    (its credentials beside its settings) is not looked into."""
    wanted = re.compile(gemini.FILES, re.IGNORECASE)
    assert wanted.search("Takeout/My Activity/Gemini Apps/MyActivity.json")
    assert wanted.search("Takeout/我的活动/Gemini Apps/我的活动记录.json")
    assert wanted.search("Takeout/Meine Aktivitäten/Gemini Apps/MeineAktivitäten.html")
    assert not wanted.search("Takeout/My Activity/Search/MyActivity.json")
    assert not wanted.search("home/.gemini/oauth_creds.json")


def test_fixture_readme_names_every_fixture() -> None:
    """Each fixture file is in fixtures/README.md, with where its shape comes from."""
    readme = (FIXTURES / "README.md").read_text("utf-8")
    missing = [path.name for _, path in _fixture_files() if f"`{path.name}`" not in readme]
    assert missing == []
