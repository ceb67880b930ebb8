"""What the bundle leaves out to stay small (docs/packaging.md, "What is left out and why"):
Qt's ICU data cut to what Qt reaches for the app's two languages, and no Python build tools.
The features themselves are tested in test_bundle.py, on this same bundle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from artifacts import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import icudata

#: Python packages and libraries the app never loads; the build leaves them out (chatdesk.spec).
NEVER_LOADED = (
    "setuptools",
    "pkg_resources",
    "distutils",
    "_distutils_hack",
    "cffi",
    "pycparser",
    "libreadline.so.8",
    "libtinfo.so.6",
)
#: What the build venv's Qt (the PySide6 the bundle was built from) computes with ICU,
#: printed one result a line: collation, case, time-zone names and converters, in the app's two
#: languages (which i18n.apply sets as QLocale's default).
ICU_PROBE = """
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QStringEncoder, QTimeZone
words = ["北京", "上海", "广州", "阿里", "中文", "zebra", "Apple", "apple", "Äpfel", "éclair",
         "10", "9"]
for name in ("zh_CN", "en_US"):
    QLocale.setDefault(QLocale(name))
    collator = QCollator()
    print(name, sorted(words, key=collator.sortKey))
    collator.setNumericMode(True)
    print(name, "numeric", sorted(words, key=collator.sortKey))
    print(name, QLocale().toUpper("istanbul ß"), QLocale().toLower("İSTANBUL"))
    for zone in (b"Asia/Shanghai", b"Europe/Berlin", b"America/New_York", b"UTC"):
        for kind in QTimeZone.TimeType:
            for style in QTimeZone.NameType:
                print(name, zone, QTimeZone(zone).displayName(kind, style, QLocale()))
print(QLocale("tr_TR").toUpper("istanbul"))
for codec in ("GBK", "GB18030", "Big5", "Shift_JIS", "EUC-KR", "windows-1252", "KOI8-R"):
    print(codec, QStringDecoder(codec).isValid(), QStringEncoder(codec).name())
print(QStringEncoder.availableCodecs())
"""


def bundled_icu_data(bundle: Path) -> Path:
    (found,) = (bundle / "_internal" / "PySide6" / "Qt" / "lib").glob("libicudata.so.*")
    return found


def build_python() -> str:
    """The Python the bundle was built from (build.py's venv: PySide6 as pinned), else this one."""
    python = ROOT / "build" / "packaging" / "venv" / "bin" / "python"
    return str(python) if python.exists() else sys.executable


def source_icu_data(name: str) -> Path:
    """The ICU data library of the same name in the PySide6 the bundle was built from."""
    done = subprocess.run(
        [build_python(), "-c", "import PySide6; print(PySide6.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    path = Path(done.stdout.strip()).parent / "Qt" / "lib" / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: that PySide6 and the bundle's differ")
    return path


def test_no_python_build_tools_nor_readline(bundle: Path) -> None:
    internal = bundle / "_internal"
    present = [name for name in NEVER_LOADED if (internal / name).exists()]
    assert present == [], f"the bundle holds what the app never loads: {present}"
    assert (internal / "_cffi_backend.cpython-311-x86_64-linux-gnu.so").is_file(), (
        "cryptography's Rust bindings load _cffi_backend: it must stay"
    )


def test_icu_data_holds_what_qt_reaches_byte_for_byte(bundle: Path) -> None:
    """Every ICU item Qt can reach for Chinese and English is there, byte-identical to the
    wheel's; the ones it cannot reach are gone; Qt Core calls no other ICU service."""
    shipped = bundled_icu_data(bundle)
    symbol, package = icudata.read_library(shipped)
    _, items = icudata.parse(package)
    source_symbol, source_package = icudata.read_library(source_icu_data(shipped.name))
    _, source_items = icudata.parse(source_package)
    assert symbol == source_symbol
    wanted = {n: d for n, d in source_items if icudata.kept(n, icudata.APP_LANGUAGES)}
    assert dict(items) == wanted
    names = {name.split("/", 1)[1] for name, _ in items}
    for item in ("coll/zh.res", "coll/root.res", "coll/ucadata.icu", "zone/zh.res",
                   "zone/en.res", "zh_Hans_CN.res", "metaZones.res", "zoneinfo64.res",
                   "cnvalias.icu", "gb18030.cnv", "windows-936-2000.cnv"):  # fmt: skip
        assert item in names, item
    assert not any(n.startswith(("brkitr/", "lang/", "coll/de.", "zone/ja.")) for n in names)
    assert shipped.stat().st_size < 10_000_000, shipped.stat().st_size
    core = bundle / "_internal" / "PySide6" / "Qt" / "lib" / "libQt6Core.so.6"
    calls = icudata.icu_functions(core, shipped.name.rsplit(".", 1)[1])
    assert {"ucol_open", "ucal_open", "ucnv_open"} <= calls
    assert all(icudata.QT_ICU_FUNCTIONS.fullmatch(name) for name in calls), calls


def test_qt_computes_the_same_with_the_bundled_icu_data(bundle: Path) -> None:
    """The build's Qt, given the bundle's ICU data in place of its own (LD_PRELOAD: the
    library that defines the data symbol first wins), sorts Chinese by pinyin, names time zones
    and opens converters exactly as with the whole data."""
    shipped = bundled_icu_data(bundle)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "ICU_"))}
    env["QT_QPA_PLATFORM"] = "offscreen"

    def probe(extra: dict[str, str]) -> str:
        done = subprocess.run(
            [build_python(), "-c", ICU_PROBE],
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    whole = probe({})
    slim = probe({"LD_PRELOAD": str(shipped)})
    assert slim == whole
    assert "zh_CN ['10', '9', '阿里', '北京', '广州', '上海', '中文'," in slim, slim  # pinyin
    assert "中国标准时间" in slim and "China Standard Time" in slim, slim
    assert "GBK True" in slim and "Big5 True" in slim, slim
