"""Qt's ICU data, cut to what Qt can reach: read, filter and rebuild ``libicudata.so.NN``.

PySide6's Qt links ICU, whose data library (``libicudata.so.73``, 32 MB) holds one "common data"
package (ICU's ``CmnD`` format: a table of contents, then one item per resource file) behind one
exported symbol, ``icudt73_dat``. Qt Core calls four families of ICU functions only (collation
``ucol_*``, calendars and time-zone names ``ucal_*``, charset converters ``ucnv_*``, and
``u_strToUpper``/``u_strToLower``; :data:`QT_ICU_FUNCTIONS`, which the build checks against the
libraries' imports). The items only other ICU services read (break iterators, units, currencies,
language and region names, transliterators, spelled-out numbers, StringPrep profiles, the spoof
checker's confusables) are left out, and so are the collation, calendar and time-zone names of
languages other than the app's two: Qt asks ICU for the locale of ``QLocale()``, which the app
sets to Chinese or English (``chatdesk.ui.i18n``), and ICU falls back to its root data for any
other. Every converter stays (``QStringDecoder`` by name reaches any of them).

The result is the same ICU data format, items byte-identical, in a library built with binutils
(``as`` and ``ld``) that exports the same symbol under the same soname. Standard library only:
the spec (at build time) and packaging/tests use it.
"""

from __future__ import annotations

import re
import struct
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: The ICU functions (without their ``_73`` version suffix) Qt may call. The spec fails the
#: build if a bundled library other than ICU's own imports any other: the filter below would
#: then have to be looked at again.
QT_ICU_FUNCTIONS = re.compile(
    r"(ucol_\w+|ucal_\w+|ucnv_\w+|UCNV_(TO|FROM)_U_CALLBACK_\w+|u_strToUpper|u_strToLower)"
)
#: Resource trees and item kinds only ICU services outside those families read.
DROPPED_TREES = ("brkitr/", "curr/", "lang/", "rbnf/", "region/", "translit/", "unit/")
DROPPED_SUFFIXES = (".cfu", ".spp")
#: A locale's resource name: language, then script, region or variant (``zh_Hant_TW``).
LOCALE_NAME = re.compile(r"^(?P<language>[a-z]{2,3})(_\w+)?\.res$")
#: The trees whose locale items are kept for the app's languages only.
LOCALE_TREES = ("", "coll/", "zone/")
#: The app's UI languages (chatdesk.ui.i18n: English, and Chinese from chatdesk_zh_CN.qm).
APP_LANGUAGES = ("en", "zh")
PADDING = b"\xaa"
ALIGN = 16


class IcuDataError(ValueError):
    """Not an ICU common data package, or not one this module can read."""


def _elf_sections(data: bytes) -> list[tuple[int, int, int, int, int, int]]:
    """(type, addr, offset, size, link, entsize) of each section of a 64-bit little-endian ELF."""
    if data[:6] != b"\x7fELF\x02\x01":
        raise IcuDataError("not a 64-bit little-endian ELF file")
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = []
    for index in range(shnum):
        base = shoff + index * shentsize
        _, kind, _, addr, offset, size, link, _, _, entsize = struct.unpack_from(
            "<IIQQQQIIQQ", data, base
        )
        sections.append((kind, addr, offset, size, link, entsize))
    return sections


def _dynamic_symbols(data: bytes) -> list[tuple[str, int, int, int]]:
    """(name, section index, value, size) of each dynamic symbol of an ELF file."""
    sections = _elf_sections(data)
    dynsym = next((s for s in sections if s[0] == 11), None)  # SHT_DYNSYM
    if dynsym is None:
        return []
    strtab = sections[dynsym[4]]
    symbols = []
    for offset in range(dynsym[2], dynsym[2] + dynsym[3], dynsym[5]):
        name_at, _, _, shndx, value, size = struct.unpack_from("<IBBHQQ", data, offset)
        end = data.index(b"\0", strtab[2] + name_at)
        symbols.append((data[strtab[2] + name_at : end].decode("ascii"), shndx, value, size))
    return symbols


def icu_functions(path: Path, major: str) -> set[str]:
    """The ICU functions (``ucol_open``, without the ``_73`` suffix) an ELF file imports."""
    suffix = f"_{major}"
    return {
        name[: -len(suffix)]
        for name, shndx, _, _ in _dynamic_symbols(path.read_bytes())
        if shndx == 0 and name.endswith(suffix)
    }


def read_library(path: Path) -> tuple[str, bytes]:
    """The exported data symbol's name (``icudt73_dat``) and its bytes, from an ICU data
    library."""
    data = path.read_bytes()
    sections = _elf_sections(data)
    for name, shndx, value, size in _dynamic_symbols(data):
        if re.fullmatch(r"icudt\d+_dat", name) and shndx:
            holder = sections[shndx]
            start = holder[2] + value - holder[1]
            return name, data[start : start + size]
    raise IcuDataError(f"{path}: no icudtNN_dat symbol")


def parse(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The header and the (name, bytes) items of an ICU common data package, in its order."""
    if len(package) < 32:
        raise IcuDataError("too short for an ICU data header")
    header_size, magic1, magic2 = struct.unpack_from("<HBB", package, 0)
    big_endian, charset, _ = struct.unpack_from("<BBB", package, 8)
    if (magic1, magic2) != (0xDA, 0x27) or package[12:16] != b"CmnD":
        raise IcuDataError("not an ICU common data package (CmnD)")
    if big_endian or charset:
        raise IcuDataError("only little-endian ASCII packages are read")
    count = struct.unpack_from("<I", package, header_size)[0]
    toc = [struct.unpack_from("<II", package, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_at, data_at) in enumerate(toc):
        name_start = header_size + name_at
        name = package[name_start : package.index(b"\0", name_start)].decode("ascii")
        end = toc[index + 1][1] if index + 1 < count else len(package) - header_size
        items.append((name, package[header_size + data_at : header_size + end]))
    return package[:header_size], items


def _padded(data: bytes, at: int) -> bytes:
    return data + PADDING * (-(at + len(data)) % ALIGN)


def pack(header: bytes, items: Iterable[tuple[str, bytes]]) -> bytes:
    """An ICU common data package of ``items`` (already sorted by name, padded as ICU's own
    tools pad them): the inverse of :func:`parse`."""
    items = list(items)
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    names = _padded(names, len(header) + toc_size)
    entries = []
    name_at, data_at = toc_size, toc_size + len(names)
    body = []
    for index, (name, data) in enumerate(items):
        entries.append(struct.pack("<II", name_at, data_at))
        name_at += len(name) + 1
        chunk = data if index + 1 == len(items) else _padded(data, len(header) + data_at)
        body.append(chunk)
        data_at += len(chunk)
    return b"".join([header, struct.pack("<I", len(items)), *entries, names, *body])


def kept(name: str, languages: Iterable[str]) -> bool:
    """Whether the item ``name`` (``icudt73l/coll/zh.res``) stays, for the app's UI
    ``languages``."""
    item = name.split("/", 1)[1] if "/" in name else name
    if item.startswith(DROPPED_TREES) or item.endswith(DROPPED_SUFFIXES):
        return False
    tree, _, leaf = item.rpartition("/")
    tree = f"{tree}/" if tree else ""
    found = LOCALE_NAME.match(leaf)
    if tree in LOCALE_TREES and found:
        return found.group("language") in set(languages)
    return True  # root, pools, indexes, supplemental data, normalisation, converters


def build_library(symbol: str, package: bytes, soname: str, out: Path) -> None:
    """A shared library named ``soname`` exporting ``package`` as the read-only ``symbol``,
    built with binutils' ``as`` and ``ld``."""
    with tempfile.TemporaryDirectory(prefix="chatdesk-icu-") as tmp:
        folder = Path(tmp)
        (folder / "data.bin").write_bytes(package)
        (folder / "data.s").write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            f"\t.balign {ALIGN}\n"
            f"{symbol}:\n"
            f'\t.incbin "{folder / "data.bin"}"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        subprocess.run(["as", "--64", "-o", folder / "data.o", folder / "data.s"], check=True)
        subprocess.run(
            [
                "ld",
                "-shared",
                "-soname",
                soname,
                "-z",
                "noexecstack",
                "-z",
                "relro",
                "--hash-style=gnu",
                "-s",
                "-o",
                out,
                folder / "data.o",
            ],
            check=True,
        )


def slim(library: Path, languages: Iterable[str]) -> tuple[int, int]:
    """Rebuild ``library`` in place with only the items Qt can reach for ``languages``; returns
    its size before and after (bytes)."""
    languages = set(languages)
    before = library.stat().st_size
    symbol, package = read_library(library)
    header, items = parse(package)
    if pack(header, items) != package:
        raise IcuDataError(f"{library}: the package does not round-trip; not rewritten")
    package = pack(header, [(n, d) for n, d in items if kept(n, languages)])
    out = library.with_name(library.name + ".slim")
    build_library(symbol, package, library.name, out)
    if read_library(out) != (symbol, package):
        raise IcuDataError(f"{out}: the rebuilt library does not hold the package")
    out.replace(library)
    return before, library.stat().st_size
