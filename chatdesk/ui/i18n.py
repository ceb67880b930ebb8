"""Chinese and English through Qt's translation system.

English is the source language; ``resources/translations/chatdesk_zh_CN.qm`` (compiled from the
``.ts`` beside it) holds the Chinese. Qt's own strings (dialog buttons) come from qtbase's
catalogue shipped with PySide6.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from chatdesk.ui import resources

_installed: list[QTranslator] = []
_language = "en"


def current() -> str:
    """The language in use: "zh" or "en"."""
    return _language


def resolve(language: str) -> str:
    """ "zh" or "en" for a setting of "system", "zh" or "en"."""
    if language in ("zh", "en"):
        return language
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def apply(language: str) -> str:
    """Install the translators for ``language`` ("system", "zh" or "en"); returns "zh" or "en".

    Installing or removing a translator sends every widget a LanguageChange event, on which the
    windows retranslate themselves.
    """
    global _language
    app = QCoreApplication.instance()
    assert app is not None
    lang = _language = resolve(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang == "zh":
        ours = QTranslator(app)
        with resources.as_file("translations", "chatdesk_zh_CN.qm") as path:
            if ours.load(str(path)):
                _installed.append(ours)
        qt = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load("qtbase_zh_CN", qt_dir):
            _installed.append(qt)
    for translator in _installed:
        app.installTranslator(translator)
    chosen = QLocale.Language.Chinese if lang == "zh" else QLocale.Language.English
    QLocale.setDefault(QLocale(chosen))
    return lang
