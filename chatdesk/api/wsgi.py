"""The WSGI application configured from the environment, for gunicorn, uWSGI or any WSGI server::

    CHATDESK_DATABASE_URL=postgresql://chatdesk@db/chatdesk \\
    CHATDESK_REQUIRE_TOKEN=1 CHATDESK_ALLOWED_HOSTS=chat.example.org \\
    gunicorn -w 4 --threads 4 -b 0.0.0.0:8000 chatdesk.api.wsgi:application

Settings: ``CHATDESK_DATABASE_URL`` / ``CHATDESK_DATA_DIR`` (where the data is),
``CHATDESK_REQUIRE_TOKEN`` (1/true), ``CHATDESK_ALLOW_ORIGINS`` and ``CHATDESK_ALLOWED_HOSTS``
(comma-separated), ``CHATDESK_MAX_BODY`` (bytes), ``CHATDESK_SAME_USER_ONLY`` (0 to serve
loopback clients of any OS user without token mode, e.g. behind a reverse proxy that runs as
another user; on by default, see docs/security.md).
"""

from __future__ import annotations

import os

from chatdesk.api.app import Api
from chatdesk.api.security import DEFAULT_MAX_BODY, OriginError, SecurityConfig, allowed_origin
from chatdesk.paths import database_url
from chatdesk.services import prompts
from chatdesk.store import open_store
from chatdesk.store.db import close_database


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _origins(name: str) -> list[str]:
    """The origins ``name`` lists, as browsers send them; a text no browser sends stops the start
    with the variable's name (it would never match, and a typo must not pass for a rule)."""
    try:
        return [allowed_origin(item) for item in _list(name)]
    except OriginError as error:
        raise SystemExit(f"{name}: {error}") from None


def create_application() -> Api:
    """Open the store (migrating it), load the default prompts once, and build the app."""
    open_store(database_url())
    prompts.load_defaults()
    close_database()  # no connection may cross a pre-fork into the workers
    require_token = os.environ.get("CHATDESK_REQUIRE_TOKEN", "").lower() in ("1", "true", "yes")
    config = SecurityConfig.build(
        require_token=require_token,
        allowed_origins=_origins("CHATDESK_ALLOW_ORIGINS"),
        allowed_hosts=_list("CHATDESK_ALLOWED_HOSTS"),
        max_body=int(os.environ.get("CHATDESK_MAX_BODY", DEFAULT_MAX_BODY)),
        same_user_only=os.environ.get("CHATDESK_SAME_USER_ONLY", "1").lower()
        not in ("0", "false", "no"),
    )
    return Api(config, min_password=8 if require_token else 6)


application = create_application()
