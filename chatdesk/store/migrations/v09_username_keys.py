"""Version 9: usernames unique under NFKC + casefold."""

from __future__ import annotations

import logging
import unicodedata

from chatdesk.store.db import run

log = logging.getLogger(__name__)

#: v9's key for legacy accounts (see :func:`_v9_username_keys`); frozen here, as the rule is.
V9_LEGACY_PREFIX = "\x01"
_V9_KEY_MAX = 256


def v9_username_key(name: str) -> str:
    """The key names are unique under from schema v9 on: NFKC, casefold, NFKC (frozen copy of
    ``chatdesk.services.validation.username_key``, which a test keeps equal)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def apply() -> None:
    """Usernames unique under NFKC + casefold (before: casefold only, so ``ａｌｉｃｅ`` and
    ``alice`` were two accounts). Every key is recomputed; nobody is locked out:

    * where several accounts now share a key, the one whose key it already was (else the
      oldest) takes it; each other keeps working under its exact name, with the key
      ``V9_LEGACY_PREFIX + username`` (the services look that key up first);
    * a name whose new key would not fit the column is kept the same way.

    Each account kept so is logged. Keys move through a temporary value, so the unique index
    never sees two equal keys on the way.
    """
    rows = run('SELECT id, username, username_key FROM "user" ORDER BY id').fetchall()
    wanted: dict[int, str] = {}
    by_key: dict[str, list[tuple[int, str, str]]] = {}
    for user_id, name, old in rows:
        new = v9_username_key(name)
        if len(new) > _V9_KEY_MAX:
            wanted[user_id] = V9_LEGACY_PREFIX + name
            log.warning("user %d keeps its exact name: its normalised name is too long", user_id)
            continue
        by_key.setdefault(new, []).append((user_id, name, old))
    for new, users in by_key.items():
        keeper = next((u for u in users if u[2] == new), users[0])
        for user_id, name, _old in users:
            wanted[user_id] = new if user_id == keeper[0] else V9_LEGACY_PREFIX + name
            if user_id != keeper[0]:
                log.warning(
                    "user %d is the same name as user %d under NFKC + casefold: it keeps "
                    "working under its exact name only",
                    user_id,
                    keeper[0],
                )
    changed = [(user_id, wanted[user_id]) for user_id, _name, old in rows if wanted[user_id] != old]
    for user_id, _key in changed:
        run('UPDATE "user" SET username_key = ? WHERE id = ?', (f"\x02{user_id}", user_id))
    for user_id, key in changed:
        run('UPDATE "user" SET username_key = ? WHERE id = ?', (key, user_id))
