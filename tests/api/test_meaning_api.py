"""Search by meaning over the API (issue 25): ``search/`` takes ``mode`` (text by default, so old
clients see no change) and ``health`` reports the index."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from chatdesk.services import meaning
from tests.api.conftest import Client


@pytest.fixture(autouse=True)
def _no_meaning_worker() -> Iterator[None]:
    yield
    meaning.stop_worker()


def test_the_api_takes_mode_and_reports_the_index(client: Client) -> None:
    client.post("register", {"username": "u", "password": "123456"})
    client.post(
        "add_chat",
        {"username": "u", "chat_id": "c1", "chat_title": "退租", "chat_content": "房东不退押金"},
    )
    health = client.request("GET", "/myapp/health/").json
    assert health["meaning"]["pending"] >= 1 and health["meaning"]["ready"] is False
    worker = meaning.ensure_worker()
    for _ in range(600):
        if meaning.status().ready:
            break
        worker.wake()
        time.sleep(0.05)
    health = client.request("GET", "/myapp/health/").json
    assert health["meaning"] == {"ready": True, "pending": 0, "model": worker.embedder.model}
    text = client.post("search", {"username": "u", "query": "security deposit"}).json
    assert text["hits"] == []  # text by default: old clients see no change
    found = client.post(
        "search", {"username": "u", "query": "security deposit", "mode": "meaning"}
    ).json
    assert found["code"] == 0 and found["hits"][0]["chat_id"] == "c1"
    bad = client.post("search", {"username": "u", "query": "x", "mode": "vibes"}).json
    assert bad["code"] == 1002
