"""Password hashing: bcrypt over base64(SHA-256(password)), as Django's BCryptSHA256 hasher does.

The pre-hash makes every byte of a long password count (bcrypt alone reads 72 bytes and bcrypt 5
refuses longer input). The stored value names its scheme, so it can be upgraded later. Hashing runs
behind a small semaphore (:data:`HASH_SLOTS`), waited for at most :data:`HASH_WAIT_S`: past that the
caller is told to retry (2003 with ``Retry-After``), so a flood of logins queues nowhere for long.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import bcrypt

from chatdesk.services.errors import ServiceError

SCHEME = "bcrypt_sha256"
ROUNDS_ENV = "CHATDESK_BCRYPT_ROUNDS"
DEFAULT_ROUNDS = 12
#: Hashes computed at once (bcrypt releases the GIL: one a core on a 2-core machine).
HASH_SLOTS = 2
#: How long a hash waits for a slot before the caller is told to retry.
HASH_WAIT_S = 1.0
#: What a caller told to retry waits (seconds, the ``Retry-After`` header).
BUSY_RETRY_S = 1
_hash_slots = threading.BoundedSemaphore(HASH_SLOTS)


def busy() -> ServiceError:
    """The answer when no hashing slot is free in time: 2003 with ``Retry-After``."""
    return ServiceError(2003, headers={"Retry-After": str(BUSY_RETRY_S)}, retry_after=BUSY_RETRY_S)


@contextmanager
def hashing_slot(wait: float | None = None) -> Iterator[None]:
    """Hold one of the :data:`HASH_SLOTS`; raises :func:`busy` after ``wait`` seconds
    (:data:`HASH_WAIT_S` by default)."""
    if not _hash_slots.acquire(timeout=HASH_WAIT_S if wait is None else wait):
        raise busy()
    try:
        yield
    finally:
        _hash_slots.release()


def rounds() -> int:
    """bcrypt's cost; tests lower it through ``$CHATDESK_BCRYPT_ROUNDS``."""
    return max(4, min(16, int(os.environ.get(ROUNDS_ENV, DEFAULT_ROUNDS))))


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str) -> str:
    with hashing_slot():
        hashed = bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds()))
    return f"{SCHEME}${hashed.decode('ascii')}"


def verify_password(password: str, stored: str) -> bool:
    scheme, _, hashed = stored.partition("$")
    if scheme != SCHEME or not hashed:
        return False
    with hashing_slot():
        return bcrypt.checkpw(_prehash(password), hashed.encode("ascii"))


@lru_cache(maxsize=4)
def _dummy_hash(cost: int) -> str:
    hashed = bcrypt.hashpw(_prehash("chatdesk-dummy-password"), bcrypt.gensalt(cost))
    return f"{SCHEME}${hashed.decode('ascii')}"


def burn_verify(password: str) -> None:
    """Spend the time of one verification, for a user that does not exist."""
    verify_password(password, _dummy_hash(rounds()))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
