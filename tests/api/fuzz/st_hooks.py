"""Schemathesis hooks for tests/api/test_fuzz.py: the API's own reading of "rejected".

Business errors answer HTTP 200 with a non-zero ``code`` (SPEC §1, as the seed did), so
Schemathesis's ``negative_data_rejection`` is told that 200 can be a rejection
(schemathesis.toml), and this check holds such answers to what the built-in check holds 4xx
to: schema-violating data must never get ``code`` 0. It applies the built-in check's own
exclusions (a negation that becomes valid once form-encoded, and so on).
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from schemathesis.specs.openapi import checks as openapi_checks


def _code(response: Any) -> int | None:
    try:
        payload = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
    return payload.get("code") if isinstance(payload, dict) else None


def _excused(ctx: Any, response: Any, case: Any) -> bool:
    c = openapi_checks
    return bool(
        c.has_only_additional_properties_in_non_body_parameters(case)
        or c._body_negation_becomes_valid_after_serialization(response, case)
        or c._body_negation_is_only_forbidden_property(case)
        or c._single_element_array_becomes_valid_after_serialization(response, case)
        or c._type_mutations_become_valid_after_serialization(case)
        or c._path_array_becomes_valid_after_serialization(case)
        or c._non_body_negative_values_match_schema(response, case)
        or c._negative_body_replaced_by_caller(ctx, case)
    )


@schemathesis.check
def negative_data_gets_an_error_code(ctx: Any, response: Any, case: Any) -> None:
    """Schema-violating data answered HTTP 200 must carry a non-zero code."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative or response.status_code != 200:
        return
    if response.headers.get("content-type", [""])[0].startswith("text/html"):
        code = 0  # get_prompt_fuction's success body
    else:
        code = _code(response)
    if code == 0 and not _excused(ctx, response, case):
        raise AssertionError(f"schema-violating data answered code 0: {response.content[:200]!r}")


@schemathesis.check
class every_operation_succeeds:
    """Positive mode must reach each operation's success path (code 0) at least once: a schema
    that only ever earned business errors would be fuzzing the validation, not the API."""

    def __init__(self) -> None:
        self.tested: set[str] = set()
        self.succeeded: set[str] = set()

    def after_response(self, ctx: Any, response: Any, case: Any) -> None:
        label = case.operation.label
        self.tested.add(label)
        if response.status_code == 200:
            html = response.headers.get("content-type", [""])[0].startswith("text/html")
            if html or _code(response) == 0:
                self.succeeded.add(label)

    def after_run(self, ctx: Any) -> None:
        missing = sorted(self.tested - self.succeeded)
        if missing:
            raise AssertionError(f"never answered code 0: {', '.join(missing)}")
