"""Peewee models: users, folders, chats, tags, messages, prompts, tokens and login attempts.

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


class Folder(BaseModel):
    """A user's folder of chats (schema v12): nested through ``parent`` (None at the top), its
    name unique among its siblings under :attr:`name_key` (the unique index ``folder_sibling``
    of the migration, over ``COALESCE(parent_id, 0)``: NULLs are distinct in a plain index)."""

    id = pw.AutoField()
    user = pw.ForeignKeyField(User, on_delete="CASCADE", index=False)  # first in folder_sibling
    parent = pw.ForeignKeyField("self", null=True, backref="children", on_delete="CASCADE")
    name = pw.CharField(max_length=100)
    #: NFKC + casefold of ``name``, as for usernames.
    name_key = pw.CharField(max_length=400)
    #: The order among its siblings (ascending); new folders go last.
    position = pw.IntegerField(default=0)
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
    #: Set when archived (schema v12): hidden from the default list, still searchable.
    archived_at = pw.DateTimeField(null=True)
    #: The folder it is filed in, if any (schema v12); indexed by the migration's
    #: ``chat_folder`` (folder, then the list's order). The foreign key is the column's own
    #: clause, as SQLite's ADD COLUMN writes it (a ForeignKeyField writes a table constraint).
    folder_id = pw.IntegerField(
        null=True, constraints=[pw.SQL('REFERENCES "folder" ("id") ON DELETE SET NULL')]
    )
    #: True when the title is known to be the exact start of the first message (schema v16):
    #: a search leaves such a chat's title hit out without reading the message.
    title_echo = pw.BooleanField(default=False, constraints=[pw.SQL("DEFAULT FALSE")])
    #: What its source says of it beside its messages, a small JSON object (schema v20): an
    #: agent session's ``cwd`` and ``git_branch``.
    detail = pw.TextField(null=True)

    class Meta:
        depends_on = (Folder,)  # folder_id's foreign key: created after ``folder``
        indexes = (
            (("user", "chat_key"), True),
            (("user", "updated_at", "id"), False),
            (("user", "source", "source_id"), True),
            (("title",), False),
        )


class Tag(BaseModel):
    """A user's tag (schema v12): a name unique under :attr:`name_key`, and a colour."""

    id = pw.AutoField()
    user = pw.ForeignKeyField(User, on_delete="CASCADE", index=False)  # first in the unique key
    name = pw.CharField(max_length=64)
    #: NFKC + casefold of ``name``.
    name_key = pw.CharField(max_length=256)
    #: ``#rrggbb``, or "" for the default colour.
    color = pw.CharField(max_length=7, default="")
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("user", "name_key"), True),)


class ChatTag(BaseModel):
    """A tag on a chat (schema v12)."""

    chat = pw.ForeignKeyField(Chat, on_delete="CASCADE", index=False)  # the key's first column
    tag = pw.ForeignKeyField(Tag, on_delete="CASCADE", index=False)

    class Meta:
        table_name = "chat_tag"
        primary_key = pw.CompositeKey("chat", "tag")
        indexes = ((("tag", "chat"), False),)


class FolderCount(BaseModel):
    """How many of a folder's own chats the lists show (neither deleted nor archived), kept by
    triggers (schema v15, as :class:`ChatCount`), so the folder tree reads its counts."""

    folder = pw.ForeignKeyField(Folder, primary_key=True, on_delete="CASCADE")
    listed = pw.IntegerField(default=0)

    class Meta:
        table_name = "folder_count"


class TagCount(BaseModel):
    """How many chats carrying a tag the lists show, kept by triggers (schema v15)."""

    tag = pw.ForeignKeyField(Tag, primary_key=True, on_delete="CASCADE")
    listed = pw.IntegerField(default=0)

    class Meta:
        table_name = "tag_count"


class ArchiveCount(BaseModel):
    """How many chats a user has in the Archive (archived, not deleted), kept by triggers
    (schema v15): the folder tree's Archive row and the Archive's total."""

    user_id = pw.IntegerField(primary_key=True)  # no foreign key, as ChatCount
    archived = pw.IntegerField(default=0)

    class Meta:
        table_name = "archive_count"


class ChatCount(BaseModel):
    """How many chats the default list shows a user (not deleted and, from schema v12, not
    archived), kept by triggers on ``chat`` (schema v7), so the chat list's total is one row,
    not a count of every chat on every page."""

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
    #: "text" (a visible turn), "reasoning" or "tool" (schema v20).
    kind = pw.CharField(max_length=16, default="text", constraints=[pw.SQL("DEFAULT 'text'")])
    #: The model that wrote it, where the export says (schema v20).
    model = pw.CharField(max_length=128, null=True)
    #: A small JSON object: a tool call's name, input and error flag, a step's seconds (v20).
    detail = pw.TextField(null=True)

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


class AppToken(BaseModel):
    """A token for one AI app (schema v18): named, revocable, without expiry until revoked."""

    id = pw.AutoField()
    user = pw.ForeignKeyField(User, on_delete="CASCADE")
    name = pw.CharField(max_length=64)
    #: SHA-256 of the token; the token itself is never stored.
    token_hash = pw.CharField(max_length=64, unique=True)
    created_at = pw.DateTimeField(default=utcnow)
    #: When the app last called (written at most once a minute); None: never.
    last_used_at = pw.DateTimeField(null=True)


class UserOption(BaseModel):
    """One of an account's options, kept with its library (schema v18): ``ai_writes``."""

    user = pw.ForeignKeyField(User, on_delete="CASCADE", index=False)  # the key's first column
    key = pw.CharField(max_length=64)
    value = pw.CharField(max_length=255)

    class Meta:
        primary_key = pw.CompositeKey("user", "key")


class AgentSource(BaseModel):
    """A coding agent's folders turned on or off for an account (schema v21)."""

    id = pw.AutoField()
    user = pw.ForeignKeyField(User, on_delete="CASCADE", index=False)
    name = pw.CharField(max_length=32)
    enabled = pw.BooleanField()
    #: JSON list of folders the person added beside the agent's default one.
    folders = pw.TextField()
    changed_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("user", "name"), True),)


class AgentFile(BaseModel):
    """What was read of one agent session file (schema v21): its identity and offset."""

    id = pw.AutoField()
    user = pw.ForeignKeyField(User, on_delete="CASCADE", index=False)
    source = pw.CharField(max_length=32)
    path = pw.TextField()
    device = pw.BigIntegerField()
    inode = pw.BigIntegerField()
    size = pw.BigIntegerField()
    mtime = pw.DoubleField()
    offset = pw.BigIntegerField()
    #: The session's id, for a read that starts mid-file (a rollout names it on line 1 only).
    session = pw.CharField(max_length=255, null=True)

    class Meta:
        indexes = ((("user", "path"), True),)


class AgentSession(BaseModel):
    """A coding agent's session's project folder and git branch (schema v21)."""

    chat = pw.ForeignKeyField(Chat, primary_key=True, on_delete="CASCADE")
    workdir = pw.TextField(null=True)
    branch = pw.CharField(max_length=255, null=True)


class LoginAttempt(BaseModel):
    """A failed login, kept for the throttling window."""

    id = pw.AutoField()
    username_key = pw.CharField(max_length=256)
    attempted_at = pw.DateTimeField()

    class Meta:
        indexes = ((("username_key", "attempted_at"), False),)


class MeaningChunk(BaseModel):
    """A passage of a chat (its title, or a piece of one message) and its vector, for search by
    meaning (schema v19, :mod:`chatdesk.services.meaning`). ``model`` names the embedder and its
    version: chunks of another model are left out of searches and re-embedded."""

    id = pw.AutoField()
    chat = pw.ForeignKeyField(Chat, on_delete="CASCADE")
    #: None for the chat's title.
    message = pw.ForeignKeyField(Message, null=True, on_delete="CASCADE")
    #: The chunk's number within its message (0 for a title).
    part = pw.IntegerField(default=0)
    #: Character offsets of the passage in the message's content (or the title).
    start = pw.IntegerField(default=0)
    stop = pw.IntegerField(default=0)
    #: A hash of the passage's text: an unchanged passage keeps its vector.
    digest = pw.CharField(max_length=32)
    model = pw.CharField(max_length=64)
    #: The vector as int8 (scaled to the largest component), and its signs as bits.
    vector = pw.BlobField()
    code = pw.BlobField()

    class Meta:
        table_name = "meaning_chunk"


class MeaningQueue(BaseModel):
    """A chat waiting to be (re-)embedded (schema v19): written by triggers on ``message`` and
    ``chat``; ``stamp`` grows with each change, so the embedder removes only what it saw."""

    chat_id = pw.IntegerField(primary_key=True)  # no foreign key: a purged chat's row says so
    stamp = pw.IntegerField(default=0)

    class Meta:
        table_name = "meaning_queue"


ALL_MODELS: list[type[BaseModel]] = [
    Meta,
    User,
    Folder,
    Chat,
    Tag,
    ChatTag,
    FolderCount,
    TagCount,
    ArchiveCount,
    ChatCount,
    ChangeLog,
    Message,
    Prompt,
    PromptStar,
    Token,
    AppToken,
    AgentSource,
    AgentFile,
    AgentSession,
    UserOption,
    LoginAttempt,
    MeaningChunk,
    MeaningQueue,
]
