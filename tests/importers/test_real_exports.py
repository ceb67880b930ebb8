"""The real third-party exports in ../shared/realdata import correctly, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from chatdesk.importers.model import read_detail
from chatdesk.services import accounts
from chatdesk.services.importing import import_chats
from chatdesk.store.models import Chat, Message, User

GPT = "chatgpt/yetanotherchris_openwebui-importer__gpt_example.json"
GPT_BRANCH = "chatgpt/mitkury_chatgpt-export-parser__example-conversation.json"
CLAUDE_OLD = "claude/simonw_claude-to-sqlite__artifacts.json"
CLAUDE = "claude/yetanotherchris_openwebui-importer__claude_example.json"
CLAUDE_THINKING = "claude/yetanotherchris_openwebui-importer__claude_thinking_example.json"
SHAREGPT = "sharegpt/lm-sys_FastChat__dummy_conversation.json"


def utc(epoch: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).replace(tzinfo=None)


def chats_of(user: User) -> list[Chat]:
    return list(Chat.select().where(Chat.user == user.id).order_by(Chat.id))


def thread(chat: Chat) -> list[Message]:
    return list(Message.select().where(Message.chat == chat.id).order_by(Message.id))


def test_chatgpt_export_follows_current_node_and_keeps_times(store: str, realdata: Path) -> None:
    user = accounts.register("alice", "secret1")
    report = import_chats(user, realdata / GPT)
    assert (report.formats, report.conversations, report.chats_added) == (["chatgpt"], 1, 1)
    assert report.messages_added == 10 and report.skipped == []
    [chat] = chats_of(user)
    assert chat.title == "How photosynthesis works"
    assert (chat.source, chat.source_id) == ("chatgpt", "6857150a-cd20-800f-a5f7-d2404f94b935")
    assert chat.chat_key == "chatgpt:6857150a-cd20-800f-a5f7-d2404f94b935"
    assert chat.created_at == utc(1750537482.970556)
    assert chat.updated_at == utc(1750537534.231514)
    messages = thread(chat)
    # the hidden system message and the custom-instructions context are not turns
    assert [m.role for m in messages] == ["user", "assistant"] * 5
    assert chat.message_count == 10
    assert messages[0].content == "Can you explain how photosynthesis works in simple terms?"
    assert messages[0].source_id == "4a718348-3eb5-4e00-a464-38417f6cb252"
    assert messages[0].created_at == utc(1750537483.102)
    # a reply stamped earlier than its question stays after it: order is the thread's
    assert messages[1].created_at == utc(1750537483.023421)
    assert messages[-1].content.startswith("Forests, like ponds, are not sentient—they don’t")
    assert chat.last_preview.startswith("Forests, like ponds")


def test_chatgpt_branch_keeps_only_the_displayed_thread(store: str, realdata: Path) -> None:
    user = accounts.register("alice", "secret1")
    import_chats(user, realdata / GPT_BRANCH)
    [chat] = chats_of(user)
    messages = thread(chat)
    assert chat.title == "Sample conversation with branch"
    assert [m.source_id for m in messages] == ["msg-2", "msg-3", "msg-4", "msg-6"]
    assert not any("Python instead" in m.content for m in messages)  # the abandoned edit
    assert "```javascript\nfunction greet(name)" in messages[-1].content
    assert messages[2].created_at == dt.datetime(2024, 1, 1, 0, 3, 20)


def test_claude_old_export_is_ordered_by_time_question_first(store: str, realdata: Path) -> None:
    user = accounts.register("alice", "secret1")
    report = import_chats(user, realdata / CLAUDE_OLD)
    assert (report.chats_added, report.messages_added) == (1, 20)
    [chat] = chats_of(user)
    messages = thread(chat)
    assert chat.title == "LLM Pricing Calculator"
    assert [m.role for m in messages] == ["user", "assistant"] * 10
    times = [m.created_at for m in messages]
    assert times == sorted(times)
    assert messages[0].content.startswith("Built me an artifact with no react")
    assert messages[1].content.startswith("Certainly!")  # the leading space is gone
    assert messages[0].created_at == dt.datetime(2024, 10, 17, 3, 28, 55, 541307)
    # screenshots exist only as names: they are kept as a note, not lost
    assert any("[file: CleanShot" in m.content for m in messages)


def test_claude_old_tags_become_a_thinking_quote_and_titled_code(
    store: str, realdata: Path
) -> None:
    """Issue 9 item 7: the old export's <antThinking> and <antArtifact> tags were shown raw."""
    user = accounts.register("alice", "secret1")
    import_chats(user, realdata / CLAUDE_OLD)
    answers = [m.content for m in thread(chats_of(user)[0]) if m.role == "assistant"]
    assert not any("<antThinking" in a or "<antArtifact" in a or "</ant" in a for a in answers)
    assert sum(a.count("> **Thinking**\n>\n> ") for a in answers) == 10
    assert sum(a.count("\n```html\n<!DOCTYPE html>") for a in answers) == 10
    first = answers[0]
    head = first.index("> **Thinking**")
    quote = first[head : first.index("\n\n", head + 20)]
    assert all(line.startswith(">") for line in quote.splitlines())
    assert 'identifier "llm-pricing-calculator"' in quote
    assert "\n\n**LLM Pricing Calculator**\n\n```html\n<!DOCTYPE html>" in first
    code = first[first.index("```html\n") + 8 : first.index("\n```\n", first.index("```html"))]
    assert code.endswith("</html>") and "</antArtifact>" not in code
    assert "**LLM Pricing Calculator with Presets**" in "".join(answers)


def test_claude_export_with_empty_titles_bodies_and_chats(store: str, realdata: Path) -> None:
    user = accounts.register("alice", "secret1")
    report = import_chats(user, realdata / CLAUDE)
    assert (report.conversations, report.chats_added, report.messages_added) == (85, 85, 557)
    chats = chats_of(user)
    roles = [m.role for m in Message.select().join(Chat).where(Chat.user == user.id)]
    assert (roles.count("user"), roles.count("assistant")) == (283, 274)
    assert sum(1 for c in chats if c.message_count == 0) == 2
    assert all(c.title for c in chats)
    [photo] = [c for c in chats if c.source_id.startswith("76a904ac")]
    assert photo.title == "How Photosynthesis Works"
    contents = [m.content for m in thread(photo)]
    assert len(contents) == 10 and contents[-2] == "What about forests?"
    assert photo.created_at == dt.datetime(2025, 6, 21, 20, 48, 38, 467685)


def test_claude_thinking_is_kept_as_reasoning(store: str, realdata: Path) -> None:
    """Issue 22: the thinking is a reasoning row of its own (folded in the thread), timed by
    its block's stamps; the reply's text is the reply alone."""
    user = accounts.register("alice", "secret1")
    import_chats(user, realdata / CLAUDE_THINKING)
    [chat] = chats_of(user)
    user_msg, thought, reply = thread(chat)
    assert (chat.title, user_msg.content) == ("Thinking Demo", "Can you greet me?")
    assert thought.kind == "reasoning" and thought.content.startswith("The user asked")
    assert read_detail(thought.detail).seconds == 2
    assert reply.kind == "text" and reply.content.startswith("Hello there!")
    assert "\n" not in reply.content and chat.message_count == 2


def test_sharegpt_export(store: str, realdata: Path) -> None:
    user = accounts.register("alice", "secret1")
    report = import_chats(user, realdata / SHAREGPT)
    assert (report.chats_added, report.messages_added) == (500, 2000)
    first = Chat.get(Chat.user == user.id, Chat.source_id == "identity_0")
    assert first.title == "Who are you?"
    assert [(m.role, m.content) for m in thread(first)][:2] == [
        ("user", "Who are you?"),
        (
            "assistant",
            "I am Vicuna, a language model trained by researchers from Large Model Systems "
            "Organization (LMSYS).",
        ),
    ]


def test_a_second_import_adds_nothing(store: str, realdata: Path) -> None:
    user = accounts.register("alice", "secret1")
    for name in (GPT, GPT_BRANCH, CLAUDE, SHAREGPT):
        import_chats(user, realdata / name)
    chats, messages = Chat.select().count(), Message.select().count()
    for name in (GPT, GPT_BRANCH, CLAUDE, SHAREGPT):
        report = import_chats(user, realdata / name)
        assert report.chats_added == report.chats_updated == report.messages_added == 0
        assert report.unchanged == report.conversations
    assert (Chat.select().count(), Message.select().count()) == (chats, messages)
    # another user imports the same export into a history of their own
    bob = accounts.register("bob", "secret1")
    assert import_chats(bob, realdata / GPT).chats_added == 1


def test_reimport_puts_the_reasoning_of_an_older_import_in_its_place(
    store: str, realdata: Path
) -> None:
    """A chat imported before schema v20 has its turns but not the thinking; importing the export
    again puts the reasoning row between the question and the reply (not after the last turn),
    keeps a message typed in ChatDesk since after them with its export id, and counts right."""
    from chatdesk.importers import native
    from chatdesk.services import chats as chat_service

    user = accounts.register("alice", "secret1")
    import_chats(user, realdata / CLAUDE_THINKING)
    [chat] = chats_of(user)
    Message.delete().where(Message.chat == chat.id, Message.kind != "text").execute()
    chat_service.add_message(user, chat.id, "user", "typed later in ChatDesk")
    typed = thread(chat)[-1]
    typed_name = f"{native.SOURCE}:{typed.id}"

    report = import_chats(user, realdata / CLAUDE_THINKING)

    assert (report.chats_updated, report.messages_added) == (1, 1)
    user_msg, thought, reply, mine = thread(chat)
    assert (user_msg.content, thought.kind, reply.content[:12]) == (
        "Can you greet me?",
        "reasoning",
        "Hello there!",
    )
    assert (mine.content, mine.source_id) == ("typed later in ChatDesk", typed_name)
    stored = Chat.get_by_id(chat.id)
    assert (stored.message_count, stored.last_preview) == (3, "typed later in ChatDesk")
    again = import_chats(user, realdata / CLAUDE_THINKING)
    assert (again.unchanged, again.messages_added) == (1, 0)
    assert len(thread(chat)) == 4
