"""The local server's guards: Host (DNS rebinding), the peer's OS user, Origin / Sec-Fetch-Site
(CSRF), CORS."""

from __future__ import annotations

import ipaddress
import os
import re
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


def _packed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bytes:
    return address.packed.ljust(16, b"\0")


def socket_owner_netlink(client: tuple[str, int], server: tuple[str, int]) -> int | None:
    """Linux: the uid owning the TCP socket from ``client`` to ``server``, asked of the kernel
    by its exact addresses (``NETLINK_SOCK_DIAG``, what ``ss`` uses): a lookup, where reading
    /proc/net/tcp costs ~35 ms with a thousand connections open. None when not found; OSError
    where netlink is not available."""
    import socket
    import struct

    local, remote = _plain(client[0]), _plain(server[0])
    if local is None or remote is None or local.version != remote.version:
        return None
    family = socket.AF_INET if local.version == 4 else socket.AF_INET6
    request = (
        struct.pack("=BBBBI", family, socket.IPPROTO_TCP, 0, 0, 0xFFFFFFFF)
        + struct.pack("!HH", client[1], server[1])
        + _packed(local)
        + _packed(remote)
        + struct.pack("=III", 0, 0xFFFFFFFF, 0xFFFFFFFF)  # any interface, no cookie
    )
    header = struct.pack("=IHHII", 16 + len(request), _SOCK_DIAG_BY_FAMILY, 1, 1, 0)
    with socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, _NETLINK_SOCK_DIAG) as diag:
        diag.settimeout(1.0)
        diag.sendall(header + request)
        answer = diag.recv(8192)
    if len(answer) < 16 + 72:
        return None  # NLMSG_ERROR: no such socket
    kind = struct.unpack_from("=IH", answer)[1]
    if kind != _SOCK_DIAG_BY_FAMILY:
        return None
    return int(struct.unpack_from("=I", answer, 16 + 64)[0])


_NETLINK_SOCK_DIAG = 4
_SOCK_DIAG_BY_FAMILY = 20


def peer_uid(environ: dict[str, Any]) -> int | None:
    """The OS user of the loopback client of this request (Linux), or None where that cannot
    be known: another system, a client beyond loopback, a server that gives no ports."""
    if PEER_UID_KEY in environ:
        return environ[PEER_UID_KEY]  # type: ignore[no-any-return]
    return lookup_peer_uid(environ)


def lookup_peer_uid(
    environ: dict[str, Any], server_address: tuple[Any, ...] | None = None
) -> int | None:
    """:func:`peer_uid` looked up now: by netlink when this end's address is known
    (``server_address``, the accepted socket's), else from /proc/net/tcp{,6}; -1 when the
    client's socket is not found."""
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
    owner: int | None = None
    try:
        if server_address is not None:
            owner = socket_owner_netlink((host, int(port)), (server_address[0], int(server)))
        else:
            owner = socket_owner(host, int(port), int(server))
    except OSError:  # no netlink here (a sandbox): the slower way
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
