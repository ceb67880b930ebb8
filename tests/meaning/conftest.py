"""Search by meaning: the real model (loaded once per process), and no worker left running."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chatdesk.services import embedder, meaning


@pytest.fixture(scope="session")
def model() -> embedder.Embedder:
    return embedder.load()


@pytest.fixture(autouse=True)
def _no_meaning_worker() -> Iterator[None]:
    meaning.stop_worker()
    yield
    meaning.stop_worker()
