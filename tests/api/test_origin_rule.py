"""Issue 21 item 3: an allowed origin is what a browser sends in ``Origin``
(``scheme://host[:port]``); anything else is refused with the reason, in the settings dialog and
on the command line alike (one rule, :func:`chatdesk.api.security.allowed_origin`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from chatdesk.api.security import OriginError, allowed_origin
from chatdesk.cli import build_parser


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("https://example.org", "https://example.org"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://[::1]:5173", "http://[::1]:5173"),
        ("http://[0:0:0:0:0:0:0:1]", "http://[::1]"),  # as a browser writes it
        ("HTTPS://Chat.Example.ORG", "https://chat.example.org"),  # browsers send lowercase
        ("  https://a-b.example.org:8443/ ", "https://a-b.example.org:8443"),  # the address bar's
        ("http://a:1", "http://a:1"),
        ("https://xn--fsqu00a.example", "https://xn--fsqu00a.example"),
    ],
)
def test_origins_a_browser_sends_are_taken_as_it_sends_them(text: str, origin: str) -> None:
    assert allowed_origin(text) == origin


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Q", "form"),
        ("Z", "form"),
        ("", "form"),
        ("null", "form"),
        ("example.org", "form"),
        ("*", "form"),
        ("https://a.org\tZ", "form"),
        ("ftp://example.org", "scheme"),
        ("file://host", "scheme"),
        ("javascript://x", "scheme"),
        ("https://example.org/app", "path"),
        ("https://example.org//", "path"),
        ("https://example.org?x=1", "path"),
        ("https://example.org#top", "path"),
        ("https://user:pw@example.org", "userinfo"),
        ("https://", "host"),
        ("https://:8000", "host"),
        ("https://exa mple.org", "form"),
        ("https://exa_mple.org", "host"),
        ("https://-a.org", "host"),
        ("https://a..org", "host"),
        ("https://例子.测试", "host"),
        ("http://[::1", "host"),
        ("http://[::g]", "host"),
        ("http://127.1", "host"),
        ("http://256.1.1.1", "host"),
        ("https://" + "a" * 64 + ".org", "host"),
        ("https://a.org,", "host"),
        ("https://a.org:", "port"),
        ("https://a.org:0", "port"),
        ("https://a.org:65536", "port"),
        ("https://a.org:80a", "port"),
        ("https://a.org:0443", "port"),
        ("https://a.org:443", "default_port"),
        ("http://a.org:80", "default_port"),
    ],
)
def test_anything_else_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(OriginError) as refused:
        allowed_origin(text)
    assert refused.value.reason == reason
    assert str(refused.value)  # an English sentence for the command line


def test_the_command_line_refuses_a_bad_origin_and_says_why() -> None:
    parser = build_parser()
    args = parser.parse_args(["serve", "--allow-origin", "HTTP://Example.org:8443/"])
    assert args.allow_origin == ["http://example.org:8443"]
    result = subprocess.run(
        [sys.executable, "main.py", "serve", "--allow-origin", "Q", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--allow-origin: 'Q' is not an origin" in result.stderr
    assert "scheme://host[:port]" in result.stderr
