"""Input rules shared by the API and the GUI."""

from __future__ import annotations

import unicodedata

from chatdesk.services.errors import invalid, missing

USERNAME_MAX = 64
PASSWORD_MIN = 6
PASSWORD_MIN_REMOTE = 8
PASSWORD_MAX = 1024
CHAT_KEY_MAX = 128
TITLE_MAX = 200
PROMPT_TITLE_MAX = 200
CONTENT_MAX = 1_000_000
PROMPT_TEXT_MAX = 20_000


def _has_control(value: str, allow_newlines: bool) -> bool:
    for ch in value:
        if allow_newlines and ch in "\n\r\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cs"):
            return True
    return False


def text(
    value: str | None,
    field: str,
    *,
    required: bool = True,
    max_len: int,
    multiline: bool = False,
) -> str:
    """A text field: present (when required), within ``max_len``, no control characters."""
    if value is None or value == "":
        if required:
            raise missing(field)
        return ""
    if not isinstance(value, str):
        raise invalid(field, "not_text")
    if len(value) > max_len:
        raise invalid(field, "too_long", max=max_len)
    if _has_control(value, allow_newlines=multiline):
        raise invalid(field, "control")
    return value


def username(value: str | None) -> str:
    name = text(value, "username", max_len=USERNAME_MAX)
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in name):
        raise invalid("username", "whitespace")
    return name


def username_key(name: str) -> str:
    return name.casefold()


def password(value: str | None, *, min_len: int = PASSWORD_MIN) -> str:
    if value is None or value == "":
        raise missing("password")
    if not isinstance(value, str):
        raise invalid("password", "not_text")
    if len(value) < min_len:
        raise invalid("password", "too_short", min=min_len)
    if len(value) > PASSWORD_MAX:
        raise invalid("password", "too_long", max=PASSWORD_MAX)
    return value


def chat_key(value: str | None) -> str:
    return text(value, "chat_id", max_len=CHAT_KEY_MAX)


def non_negative_int(value: str | int | None, field: str, default: int, maximum: int) -> int:
    if value is None or value == "":
        return default
    # ASCII digits only: int() would also take " 1", "1_0", "+1" and other scripts' digits
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        raise invalid(field, "integer")
    number = int(text) if len(text) <= 18 else maximum + 1  # int() refuses 4,300+ digits
    if number < 0 or number > maximum:
        raise invalid(field, "range", min=0, max=maximum)
    return number
