"""Request parsing and responses for the WSGI application.

Bodies: form-encoded (what the original clients send), multipart (Werkzeug's decoder) and JSON.
Every body is decoded strictly: bytes that are not UTF-8 are a 9006, not silently replaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from werkzeug.datastructures import LanguageAccept
from werkzeug.exceptions import HTTPException
from werkzeug.formparser import MultiPartParser
from werkzeug.http import parse_accept_header, parse_options_header
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from chatdesk.services.errors import ServiceError, invalid

JSON_TYPE = "application/json; charset=utf-8"
TEXT_TYPE = "text/html; charset=utf-8"
_HTTP_REASONS = {
    200: "200 OK",
    204: "204 No Content",
    400: "400 Bad Request",
    401: "401 Unauthorized",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    413: "413 Content Too Large",
    429: "429 Too Many Requests",
    500: "500 Internal Server Error",
}


def status_line(code: int) -> str:
    return _HTTP_REASONS.get(code, f"{code} Status")


def json_body(payload: Any) -> bytes:
    """JSON as the original service wrote it: ``", "``/``": "`` separators, UTF-8 unescaped."""
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def language(environ: dict[str, Any]) -> str:
    """ "en" when ``Accept-Language`` prefers English over Chinese, else "zh"."""
    header = environ.get("HTTP_ACCEPT_LANGUAGE")
    if not header:
        return "zh"
    accept = parse_accept_header(header, LanguageAccept)
    return "en" if accept.best_match(["zh", "en"], default="zh") == "en" else "zh"


class _Object(list[tuple[str, Any]]):
    """A JSON object's members in order, duplicates kept (so that they can be refused)."""


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _load_json(text: str) -> Any:
    """JSON with numbers kept as the text the client wrote (``1.0`` stays ``"1.0"``, as in a
    form) and ``NaN``/``Infinity`` refused; objects as :class:`_Object`."""
    return json.loads(
        text, object_pairs_hook=_Object, parse_int=str, parse_float=str, parse_constant=_no_constant
    )


def _field_value(key: str, value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if key == "token":
        raise ServiceError(2004)  # a token that is not text is no token this server gave
    raise invalid(key, "not_text")  # true/false, arrays, objects


def _pairs_to_fields(pairs: Iterable[tuple[str, Any]]) -> dict[str, str | None]:
    """The fields of a body or query string. A field given twice is refused (1002): which of the
    two a client meant cannot be known, and parsers differ (Django reads the last, others the
    first), so JSON, forms and multipart bodies all follow this one rule."""
    fields: dict[str, str | None] = {}
    for key, value in pairs:
        if key in fields:
            raise invalid(key, "repeated")
        fields[key] = _field_value(key, value)
    return fields


def merge_fields(
    query: dict[str, str | None], body: dict[str, str | None]
) -> dict[str, str | None]:
    """The query string's fields and the body's: a field in both is given twice (1002)."""
    for key in body:
        if key in query:
            raise invalid(key, "repeated")
    return {**query, **body}


def parse_body(environ: dict[str, Any], length: int) -> dict[str, str | None]:
    """The body's fields. Raises ServiceError 9006 when it cannot be parsed."""
    mimetype, options = parse_options_header(environ.get("CONTENT_TYPE", ""))
    try:
        # the size was checked against the limit already; waitress caps chunked bodies
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        if mimetype == "multipart/form-data":
            return _pairs_to_fields(_multipart_fields(body, options.get("boundary", "")))
        if mimetype == "application/json" or (not mimetype and body[:1] in (b"{", b"[")):
            if not body.strip():
                return {}
            data = _load_json(body.decode("utf-8"))
            if not isinstance(data, _Object):
                raise ServiceError(9006, reason="JSON body must be an object")
            return _pairs_to_fields(data)
        # form-encoded, and what the original clients sent without a Content-Type
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
        return _pairs_to_fields(pairs)
    except UnicodeDecodeError:
        raise ServiceError(9006, reason="not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ServiceError(9006, reason=f"bad JSON ({exc.msg})") from None
    except RecursionError:  # Python's JSON decoder recurses once per level of nesting
        raise ServiceError(9006, reason="JSON nested too deep") from None
    except (ValueError, HTTPException) as exc:
        raise ServiceError(9006, reason=type(exc).__name__) from None


def _multipart_fields(body: bytes, boundary: str) -> list[tuple[str, str]]:
    """The text fields of a multipart body; file parts are left out.

    Werkzeug's own parser (``parse_form_data``) decodes text fields with ``errors="replace"``
    and has no option to be strict, so its sans-IO decoder splits the parts here and each field
    is decoded strictly, in the charset Werkzeug would use (UTF-8 unless the part says otherwise).
    """
    if not boundary:
        raise ValueError("multipart body without a boundary")
    decoder = MultipartDecoder(boundary.encode("ascii"), max_form_memory_size=len(body))
    decoder.receive_data(body)
    decoder.receive_data(None)
    charset_of = MultiPartParser().get_part_charset
    fields: list[tuple[str, str]] = []
    field: Field | None = None
    chunks: list[bytes] = []
    event = decoder.next_event()
    while not isinstance(event, (Epilogue, NeedData)):
        if isinstance(event, (Field, File)):
            field, chunks = (event if isinstance(event, Field) else None), []
        elif isinstance(event, Data) and field is not None:
            chunks.append(event.data)
            if not event.more_data:
                fields.append((field.name, b"".join(chunks).decode(charset_of(field.headers))))
        event = decoder.next_event()
    if not isinstance(event, Epilogue):
        raise ValueError("multipart body ends before its closing boundary")
    return fields


def query_fields(environ: dict[str, Any]) -> dict[str, str | None]:
    try:
        pairs = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ServiceError(9006, reason="not UTF-8") from None
    return _pairs_to_fields(pairs)
