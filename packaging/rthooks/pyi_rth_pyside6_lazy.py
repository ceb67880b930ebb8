"""Run-time hook in place of PyInstaller's own for PySide6 (see chatdesk.spec).

It sets the same environment but does not import PySide6.QtCore at start-up, which the stock
hook does only to check that an embedded qt.conf exists (PySide6's wheels register their own when
QtCore is imported). So ``chatdesk-cli serve`` and the other Qt-free commands never load Qt, and
every start is about 0.1 s shorter.
"""

import os
import sys


def _pyi_rthook() -> None:
    base = sys._MEIPASS  # type: ignore[attr-defined]
    qt = (
        os.path.join(base, "PySide6")
        if sys.platform == "win32"
        else os.path.join(base, "PySide6", "Qt")
    )
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt, "plugins")
    if sys.platform == "win32":  # QtNetwork finds OpenSSL DLLs collected beside it (UNTESTED)
        os.environ["PATH"] = base + os.pathsep + os.environ.get("PATH", "")


_pyi_rthook()
del _pyi_rthook
