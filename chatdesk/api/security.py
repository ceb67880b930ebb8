"""The local server's guards: Host (DNS rebinding), Origin / Sec-Fetch-Site (CSRF), CORS."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
DEFAULT_MAX_BODY = 4 * 1024 * 1024


@dataclass(frozen=True)
class SecurityConfig:
    """What the server accepts.

    Attributes:
        require_token: every endpoint but register, login and health needs a token.
        allowed_origins: browser origins (exact ``scheme://host[:port]``) that may call the API.
        allowed_hosts: Host names accepted besides the loopback ones.
        max_body: the largest body accepted, in bytes.
    """

    require_token: bool = False
    allowed_origins: frozenset[str] = field(default_factory=frozenset)
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    max_body: int = DEFAULT_MAX_BODY

    @classmethod
    def build(
        cls,
        *,
        require_token: bool = False,
        allowed_origins: Iterable[str] = (),
        allowed_hosts: Iterable[str] = (),
        max_body: int = DEFAULT_MAX_BODY,
    ) -> SecurityConfig:
        return cls(
            require_token=require_token,
            allowed_origins=frozenset(o.rstrip("/") for o in allowed_origins if o),
            allowed_hosts=frozenset(h.lower() for h in allowed_hosts if h),
            max_body=max_body,
        )


def is_loopback_address(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    """Exactly ``localhost``, ``127.0.0.1``, ``[::1]`` or an allowed name, with an optional port."""
    if not header:
        return False
    host = header.lower()
    if host.startswith("["):
        name, _, rest = host.partition("]")
        name += "]"
        if rest and not (rest.startswith(":") and rest[1:].isdigit()):
            return False
    else:
        name, sep, port = host.partition(":")
        if sep and not port.isdigit():
            return False
    return name in LOOPBACK_HOSTS or name in allowed


def csrf_allowed(environ: dict[str, Any], allowed_origins: frozenset[str]) -> bool:
    """Refuse browser requests from other sites; requests without ``Origin`` (native clients)
    pass unless ``Sec-Fetch-Site`` says they are cross-site."""
    origin = environ.get("HTTP_ORIGIN")
    if origin is not None:
        return origin in allowed_origins
    site = environ.get("HTTP_SEC_FETCH_SITE")
    return site is None or site in ("same-origin", "none")


def cors_headers(origin: str) -> list[tuple[str, str]]:
    return [
        ("Access-Control-Allow-Origin", origin),
        ("Vary", "Origin"),
    ]


PREFLIGHT_HEADERS = [
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept-Language"),
    ("Access-Control-Max-Age", "600"),
]
