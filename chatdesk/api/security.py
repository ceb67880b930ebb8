"""The local server's guards: Host (DNS rebinding), the peer's OS user, Origin / Sec-Fetch-Site
(CSRF), CORS."""

from __future__ import annotations

import ipaddress
import os
import sys
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
        same_user_only: without token mode, serve loopback connections only from the OS user
            that runs ChatDesk (Linux; see :func:`peer_is_owner`).
    """

    require_token: bool = False
    allowed_origins: frozenset[str] = field(default_factory=frozenset)
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    max_body: int = DEFAULT_MAX_BODY
    same_user_only: bool = True

    @classmethod
    def build(
        cls,
        *,
        require_token: bool = False,
        allowed_origins: Iterable[str] = (),
        allowed_hosts: Iterable[str] = (),
        max_body: int = DEFAULT_MAX_BODY,
        same_user_only: bool = True,
    ) -> SecurityConfig:
        return cls(
            require_token=require_token,
            allowed_origins=frozenset(o.rstrip("/") for o in allowed_origins if o),
            allowed_hosts=frozenset(h.lower() for h in allowed_hosts if h),
            max_body=max_body,
            same_user_only=same_user_only,
        )


def is_loopback_address(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


#: The WSGI environ key where the server puts the peer's uid it looked up once per connection.
PEER_UID_KEY = "chatdesk.peer_uid"
_TCP_TABLES = ("/proc/net/tcp", "/proc/net/tcp6")


def _proc_address(field: str) -> tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, int]:
    """An address of /proc/net/tcp{,6}: hex words in host byte order, then ``:`` and the port."""
    host, _, port = field.rpartition(":")
    raw = bytes.fromhex(host)
    words = b"".join(
        raw[i : i + 4][::-1] if sys.byteorder == "little" else raw[i : i + 4]
        for i in range(0, len(raw), 4)
    )
    address = ipaddress.ip_address(words)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped, int(port, 16)
    return address, int(port, 16)


def _plain(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def socket_owner(client_host: str, client_port: int, server_port: int) -> int | None:
    """Linux: the uid owning the TCP socket ``client_host:client_port`` connected to port
    ``server_port`` (the client's end of a connection this server accepted), from
    /proc/net/tcp and /proc/net/tcp6; None when no such socket is found."""
    client = _plain(client_host)
    want_local, want_remote = f":{client_port:04X} ", f":{server_port:04X} "
    for table in _TCP_TABLES:
        try:
            with open(table, encoding="ascii") as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            if want_local not in line or want_remote not in line:
                continue  # cheap: most lines are other connections
            parts = line.split()
            local, remote = _proc_address(parts[1]), _proc_address(parts[2])
            if local[1] == client_port and remote[1] == server_port and local[0] == client:
                return int(parts[7])
    return None


def peer_uid(environ: dict[str, Any]) -> int | None:
    """The OS user of the loopback client of this request (Linux), or None where that cannot
    be known: another system, a client beyond loopback, a server that gives no ports."""
    if PEER_UID_KEY in environ:
        return environ[PEER_UID_KEY]  # type: ignore[no-any-return]
    return lookup_peer_uid(environ)


def lookup_peer_uid(environ: dict[str, Any]) -> int | None:
    if not sys.platform.startswith("linux"):
        return None
    host, port, server = (
        environ.get("REMOTE_ADDR", ""),
        environ.get("REMOTE_PORT"),
        environ.get("SERVER_PORT"),
    )
    if not (port and server and str(port).isdigit() and str(server).isdigit()):
        return None
    if not is_loopback_address(host):
        return None
    owner = socket_owner(host, int(port), int(server))
    return -1 if owner is None else owner  # not found: nobody that can be trusted


def peer_is_owner(environ: dict[str, Any]) -> bool:
    """Whether the request's client runs as the OS user that runs this server.

    Linux only: the kernel's socket tables name each socket's owner; on loopback the client's
    end of the connection is in them. Elsewhere (and for a client beyond loopback, which needs
    token mode anyway) this does not refuse: macOS would need ``proc_pidinfo`` over every
    process's sockets (``LOCAL_PEERCRED`` is for Unix sockets only), Windows the owning PID
    from ``GetExtendedTcpTable`` and that process's token; see docs/security.md.
    """
    uid = peer_uid(environ)
    return uid is None or (hasattr(os, "getuid") and uid == os.getuid())


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
