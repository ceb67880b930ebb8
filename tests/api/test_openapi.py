"""The OpenAPI document says what the server does: limits, enums, content types, security per
operation, and the address it was fetched from (issue 11 item 10)."""

from __future__ import annotations

from chatdesk.api.openapi import FIELDS
from chatdesk.services import validation
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
