"""The dates of Google Takeout's HTML activity, written in the account's language.

Takeout's JSON gives ISO 8601 times; its HTML gives the date as the account's language writes
it: CLDR's medium date and long time, with the zone (``Jan 5, 2025, 3:04:05 PM CET``,
``05.01.2025, 15:04:05 MEZ``, ``5. 1. 2025 15:04:05 SEČ``, ``2025年1月5日 GMT+08:00 下午3:04:05``,
``2025/01/05 15:04:05 JST``, ``5 janv. 2025, 15:04:05 UTC+1``). No locale database is needed:
the date is read from its parts — a time ``H:MM:SS`` (or ``15 h 04 min 05 s``), a morning or
afternoon mark (:data:`MERIDIEM`), a zone (``GMT±H[:MM]``, ``UTC±H[:MM]`` or a name in
:data:`ZONES`), and a year with a month and a day, either numbers (``2025年1月5日``,
``2025/01/05``, ``05.01.2025``: year first, else day first) or a month's name in one of the
languages of :data:`MONTHS`.

Takeout names the zone of the account at the time of the export (a January date may say
``BST``); the offset it names is the one the time was written in, so it is applied as is
(google_takeout_parser ``html_time_utils.py`` found the same). A date without a zone (Takeouts
before about 2018) or with a zone not in :data:`ZONES` is read as UTC. A text of none of these
shapes gives None: the caller says what the row does then.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

#: The longest date text read (a Takeout date is about 30 characters).
TEXT_MAX = 200

#: Month names by their first three letters, lowercased with accents removed, in the languages
#: whose medium date spells the month (en, de, fr, es, it, pt, nl, pl, tr, ru, da/no/sv).
MONTHS: dict[str, int] = {
    **dict.fromkeys(["jan", "ene", "gen", "sty", "oca", "янв"], 1),
    **dict.fromkeys(["feb", "fev", "lut", "sub", "фев"], 2),
    **dict.fromkeys(["mar", "mrt", "maa", "мар"], 3),
    **dict.fromkeys(["apr", "avr", "abr", "kwi", "nis", "апр"], 4),
    **dict.fromkeys(["may", "mai", "mei", "mag", "maj", "май", "мая"], 5),
    **dict.fromkeys(["jun", "giu", "cze", "haz", "июн"], 6),
    **dict.fromkeys(["jul", "lug", "lip", "tem", "июл"], 7),
    **dict.fromkeys(["aug", "aou", "ago", "sie", "agu", "авг"], 8),
    **dict.fromkeys(["sep", "set", "wrz", "eyl", "сен"], 9),
    **dict.fromkeys(["oct", "okt", "ott", "out", "paz", "eki", "окт"], 10),
    **dict.fromkeys(["nov", "lis", "kas", "ноя"], 11),
    **dict.fromkeys(["dec", "dez", "dic", "des", "gru", "ara", "дек"], 12),
}
#: French writes June and July with the same three letters: read four.
MONTHS_FOUR = {"juin": 6, "juil": 7}

#: Zone names Takeout writes, as UTC offsets in minutes: CLDR's short names in English (the
#: US zones, ``BST``, ``IST``), German (``MEZ``), Czech (``SEČ``) and the names most
#: languages keep (``CET``, ``JST``, ``MSK``...). ``CST`` is the US one (CLDR's English has no
#: short name for China's zone: it writes ``GMT+8``).
ZONES: dict[str, int] = {
    "UTC": 0, "GMT": 0, "WET": 0, "WEZ": 0,
    "BST": 60, "IST": 330, "WEST": 60, "WESZ": 60, "CET": 60, "MEZ": 60, "SEČ": 60,
    "CEST": 120, "MESZ": 120, "SELČ": 120, "EET": 120, "OEZ": 120,
    "EEST": 180, "OESZ": 180, "MSK": 180,
    "HKT": 480, "SGT": 480, "AWST": 480, "PHT": 480,
    "JST": 540, "KST": 540, "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780,
    "BRT": -180, "ART": -180, "AST": -240, "ADT": -180, "NST": -210, "NDT": -150,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
}  # fmt: skip
#: The morning and afternoon marks: English and Spanish (``AM``, ``p. m.``), Chinese,
#: Japanese, Korean.
MERIDIEM = re.compile(
    r"(?<![^\W\d_])([ap])\.?\s?m\.?(?![^\W\d_])|(上午|午前|오전)|(下午|午後|오후)", re.IGNORECASE
)

_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " ", "\u2212": "-"})
_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d)")
_ZONE_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,5})(?![^\W\d_])")
_TIME = re.compile(r"(\d{1,2}):(\d{2}):(\d{2})|(\d{1,2})\s*h\s*(\d{2})\s*min\s*(\d{2})\s*s")
_YEAR_FIRST = re.compile(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})")
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{4})(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+")


def parse(text: str) -> dt.datetime | None:
    """``text`` (a Takeout HTML date) as a naive UTC datetime, or None when it cannot be read."""
    if not isinstance(text, str) or len(text) > TEXT_MAX:
        return None
    rest = " " + text.translate(_SPACES) + " "
    offset, rest = _zone(rest)
    found = _TIME.search(rest)
    if found is None:
        return None
    parts = found.groups()
    hour, minute, second = (int(p) for p in (parts[:3] if parts[0] is not None else parts[3:]))
    rest = rest[: found.start()] + " " + rest[found.end() :]
    mark = MERIDIEM.search(rest)
    if mark is not None:
        if not 1 <= hour <= 12:
            return None
        afternoon = bool(mark.group(3)) or (mark.group(1) or "").lower() == "p"
        hour = hour % 12 + (12 if afternoon else 0)
        rest = rest[: mark.start()] + " " + rest[mark.end() :]
    day = _day(rest)
    if day is None:
        return None
    try:
        local = dt.datetime(*day, hour, minute, second)
    except ValueError:
        return None
    return local - dt.timedelta(minutes=offset)


def _zone(text: str) -> tuple[int, str]:
    """The zone's offset in minutes (0 when none is written or known) and the text without it."""
    found = _OFFSET.search(text)
    if found is not None:
        hours, minutes = int(found.group(2)), int(found.group(3) or 0)
        if hours <= 14 and minutes < 60:
            sign = -1 if found.group(1) == "-" else 1
            return sign * (hours * 60 + minutes), text[: found.start()] + " " + text[found.end() :]
    for word in _ZONE_WORD.finditer(text):
        name = word.group(1)
        if name.isupper() and name in ZONES:
            return ZONES[name], text[: word.start()] + " " + text[word.end() :]
    return 0, text


def _day(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) from what is left of the text once the time and zone are out."""
    found = _YEAR_FIRST.search(text)
    if found is not None:
        return int(found.group(1)), int(found.group(2)), int(found.group(3))
    found = _DAY_FIRST.search(text)
    if found is not None:  # no locale writes a numeric medium date month first (en-US spells it)
        return int(found.group(3)), int(found.group(2)), int(found.group(1))
    month = next((m for w in _WORD.finditer(text) if (m := _month(w.group(0)))), None)
    numbers = [n.group(0) for n in _NUMBER.finditer(text)]
    years = [int(n) for n in numbers if len(n) == 4]
    days = [int(n) for n in numbers if len(n) <= 2]
    if month is None or len(years) != 1 or not days:
        return None
    return years[0], month, days[0]


def _month(word: str) -> int | None:
    folded = _fold(word)
    if len(folded) < 3:
        return None
    return MONTHS_FOUR.get(folded[:4]) or _FOLDED.get(folded[:3])


def _fold(word: str) -> str:
    """``word`` lowercased without its accents (``Févr`` → ``fevr``, ``май`` → ``маи``)."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(ch)
    )


_FOLDED = {_fold(name): month for name, month in MONTHS.items()}
