"""The bit-code index (issue 25): its candidates are exactly the nearest by Hamming distance,
only the asking user's, topped up as chunks are written."""

from __future__ import annotations

import numpy as np

from chatdesk.services import accounts, meaning
from chatdesk.store import write_transaction
from chatdesk.store.models import MeaningChunk
from tests.seeding import chat_with


def test_candidates_are_the_nearest_of_the_users_own(sqlite_store: str) -> None:
    alice = accounts.register("alice", "secret1")
    bob = accounts.register("bob", "secret1")
    chats = [chat_with(alice, "a", []), chat_with(bob, "b", [])]
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((600, 512)).astype(np.float32)
    owner = [chats[i % 2] for i in range(600)]
    with write_transaction():
        for i, (vec, code) in enumerate(meaning.pack(vectors)):
            MeaningChunk.create(
                chat=owner[i],
                part=0,
                start=0,
                stop=1,
                digest="x",
                model="m",
                vector=vec,
                code=code,
            )
    index = meaning.Index("m")
    index.refresh()
    assert index.size == 600
    query = rng.standard_normal(512).astype(np.float32)
    found = index.candidates(alice.id, query, 20)
    bits = np.unpackbits(np.packbits(vectors > 0, axis=1), axis=1)
    hamming = (bits != (query > 0)).sum(axis=1)
    mine = [i for i in range(600) if owner[i] == chats[0]]
    ranked = sorted(mine, key=lambda i: hamming[i])
    cut = hamming[ranked[19]]
    assert len(found) >= 20
    assert {int(i) - 1 for i in found} == {i for i in mine if hamming[i] <= cut}
    assert [hamming[int(i) - 1] for i in found] == sorted(hamming[int(i) - 1] for i in found)

    with write_transaction():  # topped up, not reloaded
        MeaningChunk.create(
            chat=chats[0],
            part=0,
            start=0,
            stop=1,
            digest="x",
            model="m",
            vector=meaning.pack(query[None])[0][0],
            code=meaning.pack(query[None])[0][1],
        )
    index.refresh()
    assert index.size == 601
    assert int(index.candidates(alice.id, query, 1)[0]) == 601
    assert 601 not in set(index.candidates(bob.id, query, 50).tolist())
