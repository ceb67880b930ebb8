"""An import's errors in the window's language.

The importers are Qt-free and speak English (the command line's words); an
:class:`~chatdesk.importers.InputError` also carries a ``code`` and its parameters
(``chatdesk.importers.sources.CODES``), which this module turns into the translated sentence. A
code it does not know falls back to the English message, so a new importer error is never lost,
only untranslated (tests/ui/transfers/test_import_errors.py checks every code has a sentence).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def _templates() -> dict[str, str]:
    """Each code's sentence; ``{name}``-style fields are the error's parameters."""
    return {
        "missing": translate("ImportErrors", "{name}: no such file or folder"),
        "no_conversations": translate(
            "ImportErrors", "{name}: no chat export in it (ChatDesk reads {formats})"
        ),
        "bad_zip": translate(
            "ImportErrors", "{name}: a damaged or unreadable zip archive ({detail})"
        ),
        "not_json": translate("ImportErrors", "{name} is not valid JSON: {where}"),
        "json_breaks": translate(
            "ImportErrors",
            "The JSON of {name} breaks off after conversation {after}: {where}. The "
            "conversations before it were imported.",
        ),
        "unknown_format": translate(
            "ImportErrors",
            "{name}: not a format ChatDesk knows (it reads {formats}, and prompt collections)",
        ),
        "prompts_not_chats": translate(
            "ImportErrors", "{name} is a prompt collection, not chats: import it as prompts"
        ),
        "not_prompts": translate(
            "ImportErrors", "{name} is not a prompt collection (a CSV act,prompt or a JSON list)"
        ),
        "csv_header": translate(
            "ImportErrors", "{name}: the first row must name the columns “act” and “prompt”"
        ),
        "csv_unreadable": translate(
            "ImportErrors", "{name}: unreadable CSV at line {line} ({detail})"
        ),
        "not_utf8": translate("ImportErrors", "{name}: {where}; save it as UTF-8"),
        "empty": translate("ImportErrors", "{name} is empty"),
        "utf16": translate("ImportErrors", "{name} is {encoding} text; save it as UTF-8"),
        "not_text": translate("ImportErrors", "{name} is {kind}, not a chat export"),
        "too_deep": translate(
            "ImportErrors",
            "{name} nests more than {limit} levels deep. No chat export nests so deep: the file "
            "is damaged, or not an export.",
        ),
        "cherry_direct_backup": translate(
            "ImportErrors",
            "{name} is a Cherry Studio direct backup (format {version}, made by Cherry Studio "
            "{app_version}): a copy of the app's storage folders, which ChatDesk cannot read. A "
            "backup of Cherry Studio 1.7 or earlier (Settings → Data settings → Backup) is a zip "
            "holding data.json, which ChatDesk reads.",
        ),
        "too_long": translate(
            "ImportErrors",
            "{name} holds a text of more than {limit} MB in one piece. No chat message is that "
            "long (ChatDesk keeps up to 1,000,000 characters of a message).",
        ),
    }


def _kinds() -> dict[str, str]:
    return {
        "image": translate("ImportErrors", "an image"),
        "PDF document": translate("ImportErrors", "a PDF document"),
        "compressed archive": translate("ImportErrors", "a compressed archive"),
        "database": translate("ImportErrors", "a database"),
        "office document": translate("ImportErrors", "an office document"),
        "program": translate("ImportErrors", "a program"),
        "audio or video file": translate("ImportErrors", "an audio or video file"),
    }


def where_text(where: Any) -> str:
    """Where a file breaks (a ``sources.Where``), translated: the position and what happened;
    the JSON parser's own words for a syntax error stay as it says them."""
    kind = getattr(where, "kind", "")
    if not kind:
        return str(where)
    what = {
        "cut": translate("ImportErrors", "the file ends inside the JSON (cut off?)"),
        "not_utf8": translate("ImportErrors", "not UTF-8 text"),
    }.get(kind, str(getattr(where, "detail", "")))
    return translate("ImportErrors", "line {line}, column {column}: {what}").format(
        line=where.line, column=where.column, what=what
    )


def import_error_text(error: BaseException) -> str:
    """What to tell the person about ``error`` (an InputError), in the language in use."""
    code = getattr(error, "code", "")
    params: dict[str, Any] = dict(getattr(error, "params", {}))
    template = _templates().get(code)
    if template is None:
        return str(error)
    if "where" in params:
        params["where"] = where_text(params["where"])
    if "kind" in params:
        params["kind"] = _kinds().get(str(params["kind"]), str(params["kind"]))
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a translation that names a field wrongly
        return str(error)
