"""Peewee models: users, chats, messages, prompts, tokens and login attempts.

Times are naive UTC datetimes.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from chatdesk.store.db import database


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Meta(BaseModel):
    """Key/value facts about the database itself (schema version, first-start flags)."""

    key = pw.CharField(max_length=64, primary_key=True)
    value = pw.TextField()

    class Meta:
        table_name = "chatdesk_meta"


class User(BaseModel):
    id = pw.AutoField()
    username = pw.CharField(max_length=64)
    #: NFKC + casefold of ``username`` (schema v9; casefold before): names are unique and
    #: matched under it. ``"\x01" + username`` for an account kept under its exact name by v9.
    username_key = pw.CharField(max_length=256, unique=True)
    #: ``scheme$hash``, e.g. ``bcrypt_sha256$2b$12$…``.
    password_hash = pw.CharField(max_length=255)
    created_at = pw.DateTimeField(default=utcnow)


class Chat(BaseModel):
    id = pw.AutoField()
    user = pw.ForeignKeyField(User, backref="chats", on_delete="CASCADE")
    #: The client's ``chat_id``: unique per user.
    chat_key = pw.CharField(max_length=128)
    title = pw.TextField()
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    message_count = pw.IntegerField(default=0)
    #: The start of the newest message, for list views.
    last_preview = pw.TextField(default="")
    pinned = pw.BooleanField(default=False)
    #: Set when deleted (kept for Undo); deleted chats are invisible to every read.
    deleted_at = pw.DateTimeField(null=True)
    #: Where an imported chat came from ("chatgpt", "claude", …) and its id there.
    source = pw.CharField(max_length=32, null=True)
    source_id = pw.CharField(max_length=255, null=True)

    class Meta:
        indexes = (
            (("user", "chat_key"), True),
            (("user", "updated_at", "id"), False),
            (("user", "source", "source_id"), True),
            (("title",), False),
        )


class ChatCount(BaseModel):
    """How many live (not deleted) chats a user has, kept by triggers on ``chat`` (schema v7),
    so the chat list's total is one row, not a count of every chat on every page."""

    user_id = pw.IntegerField(primary_key=True)  # no foreign key: see migrations.v07_chat_list
    live = pw.IntegerField(default=0)

    class Meta:
        table_name = "chat_count"


class ChangeLog(BaseModel):
    """One committed change, written in the transaction that made it (schema v8), so that other
    processes on the same database can follow (see chatdesk.services.events)."""

    id = pw.AutoField()
    kind = pw.CharField(max_length=16)
    user_id = pw.IntegerField(default=0)
    chat_id = pw.IntegerField(default=0)
    #: The writing process's token: a process skips its own changes (it announced them).
    origin = pw.CharField(max_length=32)

    class Meta:
        table_name = "change_log"


class Message(BaseModel):
    id = pw.AutoField()
    chat = pw.ForeignKeyField(Chat, backref="messages", on_delete="CASCADE")
    #: "user", "assistant", "system" or "tool".
    role = pw.CharField(max_length=16)
    content = pw.TextField()
    created_at = pw.DateTimeField(default=utcnow)
    source_id = pw.CharField(max_length=255, null=True)

    class Meta:
        indexes = (
            (("chat", "id"), False),
            (("chat", "source_id"), True),
        )


class Prompt(BaseModel):
    id = pw.AutoField()
    title = pw.CharField(max_length=200)
    title_key = pw.CharField(max_length=800, unique=True)
    text = pw.TextField()
    #: Dense position 0..n-1, kept gap-free, so a uniform random pick is an index look-up.
    slot = pw.IntegerField(unique=True)
    #: Read by nothing since schema v6 (stars are per user: :class:`PromptStar`); v6 copied it.
    favorite = pw.BooleanField(default=False)
    created_at = pw.DateTimeField(default=utcnow)


class PromptStar(BaseModel):
    """A user's favourite prompt (schema v6; before, one star was shared by every user)."""

    user = pw.ForeignKeyField(User, on_delete="CASCADE", index=False)  # the key's first column
    prompt = pw.ForeignKeyField(Prompt, on_delete="CASCADE")

    class Meta:
        primary_key = pw.CompositeKey("user", "prompt")


class Token(BaseModel):
    id = pw.AutoField()
    user = pw.ForeignKeyField(User, backref="tokens", on_delete="CASCADE")
    #: SHA-256 of the token; the token itself is never stored.
    token_hash = pw.CharField(max_length=64, unique=True)
    created_at = pw.DateTimeField(default=utcnow)
    expires_at = pw.DateTimeField(index=True)


class LoginAttempt(BaseModel):
    """A failed login, kept for the throttling window."""

    id = pw.AutoField()
    username_key = pw.CharField(max_length=256)
    attempted_at = pw.DateTimeField()

    class Meta:
        indexes = ((("username_key", "attempted_at"), False),)


ALL_MODELS: list[type[BaseModel]] = [
    Meta,
    User,
    Chat,
    ChatCount,
    ChangeLog,
    Message,
    Prompt,
    PromptStar,
    Token,
    LoginAttempt,
]
