"""Search by meaning: the real model (loaded once per process), and no worker left running."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

import numpy as np
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


class Fake:
    """An embedder that counts what it embeds: each text's vector from its hash (fast, stable)."""

    dim = 512

    def __init__(self, model: str = "fake@1") -> None:
        self.model = model
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> embedder.Vectors:
        self.texts += texts
        out = np.stack(
            [
                np.random.default_rng(
                    int.from_bytes(hashlib.sha256(t.encode()).digest()[:8], "little")
                ).standard_normal(self.dim)
                for t in texts
            ]
        ).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture
def fake() -> Fake:
    return Fake()
