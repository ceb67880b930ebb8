"""``chatdesk.api.wsgi:application``: configured from the environment, for gunicorn or uWSGI."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest
from werkzeug.test import Client

from chatdesk.store.db import close_database


def test_application_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHATDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'w.sqlite3'}")
    monkeypatch.setenv("CHATDESK_REQUIRE_TOKEN", "1")
    monkeypatch.setenv("CHATDESK_ALLOWED_HOSTS", "chat.example.org")
    sys.modules.pop("chatdesk.api.wsgi", None)
    module = importlib.import_module("chatdesk.api.wsgi")
    try:
        client = Client(module.application)
        host = {"Host": "chat.example.org"}
        reply = client.post(
            "/myapp/register/", data={"username": "u", "password": "1234567"}, headers=host
        )
        assert json.loads(reply.data)["code"] == 1002  # 8 characters in token mode
        reply = client.post(
            "/myapp/register/", data={"username": "u", "password": "12345678"}, headers=host
        )
        assert json.loads(reply.data) == {"code": 0, "msg": "注册成功！"}
        reply = client.post("/myapp/get_prompt_fuction/", headers=host)
        assert reply.status_code == 401  # token mode
        token = json.loads(
            client.post(
                "/myapp/login/", headers=host, data={"username": "u", "password": "12345678"}
            ).data
        )["token"]
        reply = client.post(
            "/myapp/get_prompt_fuction/",
            data={"format": "json"},
            headers={**host, "Authorization": f"Bearer {token}"},
        )
        assert len(json.loads(reply.data)["prompts"]) == 8  # the default gallery was loaded
    finally:
        sys.modules.pop("chatdesk.api.wsgi", None)
        close_database()


def test_an_origin_no_browser_sends_stops_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``CHATDESK_ALLOW_ORIGINS`` takes what ``--allow-origin`` and Settings take, no more."""
    monkeypatch.setenv("CHATDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'w.sqlite3'}")
    monkeypatch.setenv("CHATDESK_ALLOW_ORIGINS", "https://App.example.org/, Q")
    sys.modules.pop("chatdesk.api.wsgi", None)
    try:
        with pytest.raises(SystemExit, match="CHATDESK_ALLOW_ORIGINS: 'Q' is not an origin"):
            importlib.import_module("chatdesk.api.wsgi")
        monkeypatch.setenv("CHATDESK_ALLOW_ORIGINS", "https://App.example.org/")
        module = importlib.import_module("chatdesk.api.wsgi")
        reply = Client(module.application).options(
            "/myapp/login/",
            headers={
                "Host": "127.0.0.1:8000",
                "Origin": "https://app.example.org",
                "Access-Control-Request-Method": "POST",
            },
        )
        assert reply.headers["Access-Control-Allow-Origin"] == "https://app.example.org"
    finally:
        sys.modules.pop("chatdesk.api.wsgi", None)
        close_database()
