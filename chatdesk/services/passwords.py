"""Password hashing: bcrypt over base64(SHA-256(password)), as Django's BCryptSHA256 hasher does.

The pre-hash makes every byte of a long password count (bcrypt alone reads 72 bytes and bcrypt 5
refuses longer input). The stored value names its scheme, so it can be upgraded later. Hashing runs
behind a small semaphore so a flood of logins cannot take every server thread.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from functools import lru_cache

import bcrypt

SCHEME = "bcrypt_sha256"
ROUNDS_ENV = "CHATDESK_BCRYPT_ROUNDS"
DEFAULT_ROUNDS = 12
_hash_slots = threading.BoundedSemaphore(2)


def rounds() -> int:
    """bcrypt's cost; tests lower it through ``$CHATDESK_BCRYPT_ROUNDS``."""
    return max(4, min(16, int(os.environ.get(ROUNDS_ENV, DEFAULT_ROUNDS))))


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str) -> str:
    with _hash_slots:
        hashed = bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds()))
    return f"{SCHEME}${hashed.decode('ascii')}"


def verify_password(password: str, stored: str) -> bool:
    scheme, _, hashed = stored.partition("$")
    if scheme != SCHEME or not hashed:
        return False
    with _hash_slots:
        return bcrypt.checkpw(_prehash(password), hashed.encode("ascii"))


@lru_cache(maxsize=4)
def _dummy_hash(cost: int) -> str:
    return hash_password("chatdesk-dummy-password")


def burn_verify(password: str) -> None:
    """Spend the time of one verification, for a user that does not exist."""
    verify_password(password, _dummy_hash(rounds()))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
