"""8 threads each adding 200 messages to one chat at once, over HTTP: nothing lost, each thread's
order kept, no "database is locked"."""

from __future__ import annotations

import threading
from collections import defaultdict

from tests.api.conftest import Client, Running

THREADS = 8
PER_THREAD = 200


def test_parallel_adds_to_one_chat(server: Running) -> None:
    setup = server.client()
    assert setup.post("register", {"username": "u", "password": "123456"}).code == 0
    barrier = threading.Barrier(THREADS)
    failures: list[str] = []

    def worker(n: int) -> None:
        client = Client(server.port)
        try:
            barrier.wait()
            for i in range(PER_THREAD):
                reply = client.post(
                    "add_chat",
                    {
                        "username": "u",
                        "chat_id": "shared",
                        "chat_title": "并发",
                        "chat_content": f"{n}:{i}",
                    },
                )
                if reply.status != 200 or reply.json["code"] != 0:
                    failures.append(reply.body.decode())
        finally:
            client.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    history = setup.post("get_history_chat", {"chat_title": "", "chat_id": "shared"}).json
    contents = [content for _, content in history["历史信息列表"]]
    assert len(contents) == THREADS * PER_THREAD == len(set(contents))
    per_thread: dict[str, list[int]] = defaultdict(list)
    for content in contents:
        n, i = content.split(":")
        per_thread[n].append(int(i))
    assert all(order == list(range(PER_THREAD)) for order in per_thread.values())
    listing = setup.post("get_chat_list", {"username": "u"}).json
    assert listing["chats"][0]["message_count"] == THREADS * PER_THREAD
