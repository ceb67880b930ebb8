"""Input rules shared by the API and the GUI."""

from __future__ import annotations

import re
import unicodedata

from chatdesk.services.errors import invalid, missing

USERNAME_MAX = 64
PASSWORD_MIN = 6
PASSWORD_MIN_REMOTE = 8
PASSWORD_MAX = 1024
CHAT_KEY_MAX = 128
TITLE_MAX = 200
PROMPT_TITLE_MAX = 200
#: The longest message, in characters, on every path: the API and the composer refuse a longer
#: one (1002 too_long), an import keeps its first CONTENT_MAX characters and says so in it
#: (:func:`fit_content`). A million characters is a 300-page book, far past any chat turn, and
#: it bounds what one message costs where it is copied whole (the search index: ~40 bytes a
#: character, so 40 MB at most; a 200 MB message once took 7 GB and failed to index).
CONTENT_MAX = 1_000_000
#: Real prompts run long: awesome-chatgpt-prompts' five-column prompts.csv holds one of 144,260
#: characters and dozens over 20,000 (the limit before). Still a limit: eight of the longest
#: prompts answer one get_prompt_fuction call.
PROMPT_TEXT_MAX = 200_000


def _has_control(value: str, allow_newlines: bool) -> bool:
    for ch in value:
        if allow_newlines and ch in "\n\r\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cs"):
            return True
    return False


#: The control characters an import takes out of a message or a prompt: C0 but tab, line feed
#: and carriage return, DEL, and C1 (Unicode category Cc, as :func:`text` refuses them). Chat
#: exports and prompt lists carry stray ones (U+001E and U+001F in a real prompts CSV); shown,
#: they are invisible or boxes, and the API refuses them.
_STRAY_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")
_CONTROLS_BETWEEN_WORDS = re.compile("(?<=\\S)[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+(?=\\S)")


def strip_controls(value: str) -> tuple[str, int]:
    """``value`` without its stray control characters (see :data:`_STRAY_CONTROLS`), and how
    many there were: a run of them between two words becomes one space (a separator meant
    something), any other is dropped."""
    if _STRAY_CONTROLS.search(value) is None:
        return value, 0
    count = sum(len(run) for run in _STRAY_CONTROLS.findall(value))
    value = _CONTROLS_BETWEEN_WORDS.sub(" ", value)
    return _STRAY_CONTROLS.sub("", value), count


def cut_note(length: int, kept: int) -> str:
    """What an imported message longer than :data:`CONTENT_MAX` ends with, once cut."""
    return (
        f"\n\n[… cut by ChatDesk on import: the message was {length:,} characters long; "
        f"the first {kept:,} are kept]"
    )


def fit_content(value: str) -> tuple[str, bool]:
    """An imported message that fits :data:`CONTENT_MAX`: a longer one is cut (short of the
    limit by its note's length) and says so at its end; True when it was cut."""
    if len(value) <= CONTENT_MAX:
        return value, False
    kept = CONTENT_MAX - len(cut_note(len(value), CONTENT_MAX))
    kept = CONTENT_MAX - len(cut_note(len(value), kept))  # the number in the note is shorter
    return value[:kept] + cut_note(len(value), kept), True


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


#: Code points that draw nothing, beside the control and format characters (category C*):
#: Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt) and the braille blank.
#: Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) are letters (Lo) to ``unicodedata``.
_INVISIBLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x2800, 0x2800),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
#: ``username_key`` of accounts that kept their pre-v9 key (see :func:`legacy_key`) start so;
#: no key of a valid name can (control characters are refused).
LEGACY_PREFIX = "\x01"
USERNAME_KEY_MAX = 256


def _invisible(ch: str) -> bool:
    point = ord(ch)
    return any(low <= point <= high for low, high in _INVISIBLE)


def _blank_or_control(name: str) -> bool:
    return any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in name)


def username(value: str | None) -> str:
    """A name to look an account up by: the rules every stored name already meets."""
    name = text(value, "username", max_len=USERNAME_MAX)
    if _blank_or_control(name):
        raise invalid("username", "whitespace")
    return name


def new_username(value: str | None) -> str:
    """A name for a new account: :func:`username`'s rules, and nothing invisible (fillers,
    zero-width, variation selectors...) in it or in its NFKC form, whose key fits the column."""
    name = username(value)
    folded = username_key(name)
    if any(_invisible(ch) for ch in name + folded) or _blank_or_control(folded):
        raise invalid("username", "invisible")
    if len(folded) > USERNAME_KEY_MAX:
        raise invalid("username", "too_long", max=USERNAME_MAX)
    return name


def username_key(name: str) -> str:
    """What names are unique and matched under: NFKC, casefold, NFKC again (casefolding can
    undo a normalisation). So ``ａｌｉｃｅ``, ``Alice`` and ``alice`` are one name, and a
    composed ``á`` the same as ``a`` with a combining accent."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def legacy_key(name: str) -> str:
    """The key of an account that would have collided with another under :func:`username_key`
    when that rule came (schema v9): it stays reachable by its exact name."""
    return LEGACY_PREFIX + name


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
