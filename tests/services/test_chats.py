from chatdesk.services import accounts, chats


def test_register_add_and_read_back(store: str) -> None:
    user = accounts.register("Alice", "secret1")
    assert chats.add_chat(user, "c1", "Title", "hello", "user") is True
    assert chats.add_chat(user, "c1", "Title", "hi", "assistant") is False
    chat_id = chats.find_chat(user, chat_key="c1")
    assert chats.history(chat_id) == [("user", "hello"), ("assistant", "hi")]


def test_deleted_chats_are_kept_for_undo_then_purged(store: str) -> None:
    import datetime as dt

    from chatdesk.store.models import Chat, Message

    user = accounts.register("Bob", "secret1")
    chats.add_chat(user, "c1", "Title", "hello")
    chat_id = chats.find_chat(user, chat_key="c1")
    assert chats.delete_chats(user, [chat_id]) == [chat_id]
    assert chats.list_chats(user)[1] == 0
    chats.restore_chats(user, [chat_id])
    assert chats.list_chats(user)[1] == 1
    chats.delete_chats(user, [chat_id])
    assert chats.purge_deleted() == 0  # still within the undo window
    assert chats.purge_deleted(older_than=dt.timedelta(0)) == 1
    assert Chat.select().count() == 0 and Message.select().count() == 0
