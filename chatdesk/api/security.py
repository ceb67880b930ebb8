"""The local server's guards: Host (DNS rebinding), Origin / Sec-Fetch-Site (CSRF), CORS."""

from __future__ import annotations

import ipaddress
import re
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


# --- allowed origins: the one rule for the settings dialog, --allow-origin and the API ---------

#: The schemes an allowed origin may have: the web pages' (an extension's or a file's page sends
#: another scheme, or ``null``, which is never allowed: SPEC §2).
ORIGIN_SCHEMES = {"http": 80, "https": 443}

#: Why a text is not an origin, by :attr:`OriginError.reason` (the windows translate their own).
ORIGIN_REASONS = {
    "form": "an origin is scheme://host[:port], such as https://example.org",
    "scheme": "the scheme must be http:// or https://",
    "path": "an origin has nothing after the host and port (no path, query or #)",
    "userinfo": "an origin has no user name or password",
    "host": "the host is not a name (letters, digits, - and dots), an IPv4 or an [IPv6] address",
    "port": "the port must be a number from 1 to 65535",
    "default_port": "browsers leave out the scheme's default port (80, 443): write it without",
}

_ORIGIN = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)", re.DOTALL)
_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


class OriginError(ValueError):
    """A text that is not an origin: ``reason`` is a key of :data:`ORIGIN_REASONS`."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"{text!r} is not an origin: {ORIGIN_REASONS[reason]}")
        self.text, self.reason = text, reason


def allowed_origin(text: str) -> str:
    """``text`` as the exact ``Origin`` a browser would send for it: ``scheme://host[:port]``,
    scheme and host in lowercase, an IPv6 address compressed, a trailing ``/`` (as copied from
    the address bar) dropped. :class:`OriginError` when it cannot be one (an origin that no
    browser sends would never match, and a typo would be served as an allowed origin)."""
    value = text.strip()
    found = _ORIGIN.fullmatch(value)
    if found is None or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        raise OriginError(text, "form")
    scheme, authority, rest = found[1].lower(), found[2], found[3]
    if scheme not in ORIGIN_SCHEMES:
        raise OriginError(text, "scheme")
    if rest not in ("", "/"):
        raise OriginError(text, "path")
    if "@" in authority:
        raise OriginError(text, "userinfo")
    host, port = _host_port(text, authority.lower())
    if port is not None:
        if not port.isascii() or not port.isdigit() or port.startswith("0"):
            raise OriginError(text, "port")
        if not 1 <= int(port) <= 65535:
            raise OriginError(text, "port")
        if int(port) == ORIGIN_SCHEMES[scheme]:
            raise OriginError(text, "default_port")
    return f"{scheme}://{host}" + (f":{port}" if port is not None else "")


def _host_port(text: str, authority: str) -> tuple[str, str | None]:
    """The host as a browser serializes it, and the port as written (None when absent)."""
    if authority.startswith("["):
        inside, bracket, rest = authority[1:].partition("]")
        try:
            host = f"[{ipaddress.IPv6Address(inside).compressed}]"
        except ValueError:
            raise OriginError(text, "host") from None
        if not bracket or (rest and not rest.startswith(":")):
            raise OriginError(text, "host")
        return host, rest[1:] if rest else None
    host, colon, port = authority.partition(":")
    if not host.isascii() or not 0 < len(host) <= 253:
        raise OriginError(text, "host")
    if host.replace(".", "").isdigit():  # an IPv4 address: only as a browser writes one
        try:
            if str(ipaddress.IPv4Address(host)) != host:
                raise ValueError(host)
        except ValueError:
            raise OriginError(text, "host") from None
    elif not all(_LABEL.fullmatch(label) for label in host.split(".")):
        raise OriginError(text, "host")
    return host, port if colon else None
