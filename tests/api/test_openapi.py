"""The OpenAPI document says what the server does: limits, enums, content types, security per
operation, and the address it was fetched from (issue 11 item 10)."""

from __future__ import annotations

import re

from chatdesk.api.openapi import FIELDS
from chatdesk.services import validation
from chatdesk.services.errors import ServiceError
from tests.api.conftest import Client, Running, ServerFactory


def _doc(client: Client) -> dict:  # type: ignore[type-arg]
    reply = client.request("GET", "/myapp/openapi.json")
    assert reply.status == 200
    return reply.json  # type: ignore[no-any-return]


def test_servers_is_the_address_it_was_fetched_from(server: Running) -> None:
    assert _doc(server.client())["servers"] == [{"url": f"http://127.0.0.1:{server.port}"}]
    local = server.client(host_header=f"localhost:{server.port}")
    assert _doc(local)["servers"] == [{"url": f"http://localhost:{server.port}"}]


def test_limits_and_enums_are_the_services(client: Client) -> None:
    doc = _doc(client)
    register = doc["paths"]["/myapp/register/"]["post"]
    form = register["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    assert form["required"] == ["username", "password"]
    assert form["properties"]["username"]["maxLength"] == validation.USERNAME_MAX
    assert form["properties"]["password"]["maxLength"] == validation.PASSWORD_MAX
    add_chat = doc["paths"]["/myapp/add_chat/"]["post"]["requestBody"]["content"]
    tpye = add_chat["application/x-www-form-urlencoded"]["schema"]["properties"]["chat_tpye"]
    assert tpye["enum"] == ["", "1", "0"]
    assert FIELDS["chat_content"]["maxLength"] == validation.CONTENT_MAX
    assert FIELDS["chat_id"]["maxLength"] == validation.CHAT_KEY_MAX


def test_get_prompt_fuction_documents_both_content_types(client: Client) -> None:
    doc = _doc(client)
    ok = doc["paths"]["/myapp/get_prompt_fuction/"]["post"]["responses"]["200"]["content"]
    assert set(ok) == {"text/html", "application/json"}
    assert client.post("get_prompt_fuction", {}).headers["content-type"].startswith("text/html")
    as_json = client.post("get_prompt_fuction", {"format": "json"})
    assert as_json.headers["content-type"].startswith("application/json")


def test_security_per_operation(make_server: ServerFactory) -> None:
    loopback = _doc(make_server().client())
    tokens = _doc(make_server(require_token=True).client())
    for path, item in tokens["paths"].items():
        (operation,) = item.values()
        name = operation["operationId"]
        if name in ("register", "login", "health", "openapi_json"):
            assert operation["security"] == [], path
        else:
            assert operation["security"] == [{"bearer": []}], path
            assert "401" in operation["responses"], path
    add_chat = loopback["paths"]["/myapp/add_chat/"]["post"]
    assert add_chat["security"] == [{"bearer": []}, {}]  # optional without token mode
    logout = loopback["paths"]["/myapp/logout/"]["post"]
    assert logout["security"] == [{"bearer": []}]  # logout always needs one


def test_number_fields_accept_what_the_services_read() -> None:
    """offset and limit as form text: the document's pattern and length accept exactly what
    validation.non_negative_int takes (leading zeros too; the fuzzer found "0000" answered 0
    while the document refused it)."""
    samples = ["0", "00", "0000", "7", "050", "200", "0200", "201", "999", "1000000000"]
    samples += ["01000000000", "1000000001", "0" * 17 + "5", "0" * 18 + "5", "1e3", "-1", ""]
    for field, maximum in (("offset", 10**9), ("limit", 200)):
        schema = FIELDS[field]
        for text in samples:
            documented = (
                schema["minLength"] <= len(text) <= schema["maxLength"]
                and re.search(schema["pattern"], text) is not None
            )
            try:
                validation.non_negative_int(text, field, 0, maximum)
                served = text != ""  # empty means "the default": not a value sent
            except ServiceError:
                served = False
            assert documented == served, (field, text)
