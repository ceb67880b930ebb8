from chatdesk.services import accounts, chats


def test_register_add_and_read_back(store: str) -> None:
    user = accounts.register("Alice", "secret1")
    assert chats.add_chat(user, "c1", "Title", "hello", "user") is True
    assert chats.add_chat(user, "c1", "Title", "hi", "assistant") is False
    chat_id = chats.find_chat(user, chat_key="c1")
    assert chats.history(chat_id) == [("user", "hello"), ("assistant", "hi")]
