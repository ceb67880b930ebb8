"""The MCP server's tools, prompts and resources, on the SDK's ``MCPServer``.

Every tool is one call of the services (search, chats, folders, tags, prompts): no rule is
written twice. Tools are plain functions; the SDK runs them on its worker threads (each with its
own database connection, as the API's threads have). Each result is bounded (the ``*_MAX``
constants below; docs/mcp.md lists them), so an AI app never receives a 5,000-message chat or a
megabyte message whole: it pages.

Whom a call acts for comes from :func:`caller_of`: over HTTP the request's token, checked on
the WSGI side before the SDK sees the request (:mod:`chatdesk.mcp_server.http`); over stdio the
account the command was started for.

Write tools (``save_message``, ``tag_chats``, ``move_chats``) are listed only while the caller's
account has the option "Let AI apps save to my library" on: each ``tools/list`` reads it, and
each write checks it again when called, so turning it on or off (in the desktop app, with
``chatdesk ai-saving``, from any process on the database) takes effect at the next call, on
both transports. A stdio client is also told (:meth:`ChatDeskMCP.tools_changed`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Annotated, Any, Literal

from mcp.server.lowlevel.server import NotificationOptions
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.server.session import ServerSession
from mcp.server.stdio import stdio_server
from mcp.server.subscriptions import InMemorySubscriptionBus, ToolsListChanged
from mcp.shared.exceptions import MCPError
from mcp.types import (
    INVALID_PARAMS,
    GetPromptResult,
    ListPromptsResult,
    ListResourcesResult,
    ListToolsResult,
    PaginatedRequestParams,
    Prompt,
    PromptMessage,
    Resource,
    TextContent,
    ToolAnnotations,
)
from mcp_types.version import MODERN_PROTOCOL_VERSIONS
from pydantic import BaseModel, Field

from chatdesk import __version__
from chatdesk.services import ai_apps, chats, folders, prompts, search, tags, validation
from chatdesk.services.ai_apps import Caller
from chatdesk.services.chat_filter import ChatFilter
from chatdesk.services.errors import ServiceError

log = logging.getLogger(__name__)

# --- bounds (docs/mcp.md) ---------------------------------------------------------------------
#: Hits one search_chats call returns at most (default 10); each snippet is about 100 characters.
SEARCH_MAX = 50
#: Chats one list_chats call returns at most (default 20).
LIST_MAX = 100
#: Messages one get_chat page holds at most (default 20) …
PAGE_MAX = 50
#: … and characters in all: a page stops early rather than pass this (the next page goes on).
PAGE_CHARS_MAX = 100_000
#: A message longer than this is cut (``truncated`` says so); a model rarely needs more.
MESSAGE_CHARS_MAX = 20_000
#: Folders and tags listed at most (``truncated`` says when there are more).
NAMES_MAX = 1_000
#: random_prompts' count at most; search_prompts' hits at most (default 20).
PROMPTS_MAX = 20
#: A prompt's text as a tool returns it, at most (the gallery allows 200,000 characters).
PROMPT_CHARS_MAX = 20_000
#: Gallery prompts and chats per page of prompts/list and resources/list.
LIST_PAGE = 100
#: A chat resource's Markdown at most (longer chats: read them with get_chat, page by page).
RESOURCE_CHARS_MAX = 200_000
#: Chats one tag_chats or move_chats call names at most (as the API's bulk endpoints).
BULK_MAX = 1_000
#: What search_chats' ``mode`` takes: what the search service takes.
SEARCH_MODES = search.MODES

#: The tools that change the library: listed while the account lets AI apps save, only.
WRITE_TOOLS = frozenset({"save_message", "tag_chats", "move_chats"})

CHAT_URI = "chatdesk://chat/{chat_id}"
INSTRUCTIONS = (
    "ChatDesk is the user's library of past AI chats (ChatGPT, Claude, DeepSeek… exports and "
    "chats saved by apps) and a gallery of prompts. Use search_chats to find what the user "
    "discussed before, get_chat to read a chat page by page, list_chats / list_folders / "
    "list_tags to browse, random_prompts / search_prompts for prompt ideas."
)


def _iso(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"


def _clip(text: str, limit: int) -> tuple[str, bool]:
    return (text, False) if len(text) <= limit else (text[:limit], True)


# --- result types (their JSON schemas are the tools' output schemas) ----------------------------


class SearchHit(BaseModel):
    chat_id: int = Field(description="The chat's id: pass it to get_chat.")
    chat_title: str
    role: str = Field(description='"user", "assistant", "system", "tool", or "title".')
    snippet: str = Field(description="The text around the first match, on one line.")
    time: str = Field(description="When the message was written (UTC, ISO 8601).")
    message_id: int | None = Field(description="The message's id; null for a title hit.")
    folder: str = Field(description='The chat\'s folder ("" when in none).')
    tags: list[str]


class SearchResult(BaseModel):
    hits: list[SearchHit]
    total: int = Field(description="How many hits there are (more if total_exact is false).")
    total_exact: bool
    next_offset: int | None = Field(description="offset of the next page; null at the end.")
    mode: str


class ChatItem(BaseModel):
    chat_id: int
    title: str
    message_count: int
    updated_at: str = Field(description="Last change (UTC, ISO 8601).")
    pinned: bool
    archived: bool
    folder: str = Field(description='The folder\'s name ("" when in none).')
    folder_id: int | None
    tags: list[str]
    preview: str = Field(description="The start of the last message.")


class ChatList(BaseModel):
    chats: list[ChatItem]
    total: int = Field(description="How many chats this list holds in all.")
    next_cursor: str | None = Field(description="cursor of the next page; null at the end.")


class MessageItem(BaseModel):
    index: int = Field(description="The message's place in the chat, from 0.")
    role: str
    time: str
    text: str
    truncated: bool = Field(description=f"True when cut at {MESSAGE_CHARS_MAX} characters.")


class ChatPage(BaseModel):
    chat_id: int
    title: str
    message_count: int = Field(description="How many messages the chat has in all.")
    offset: int
    messages: list[MessageItem]
    next_offset: int | None = Field(description="offset of the next page; null at the end.")


class FolderItem(BaseModel):
    folder_id: int
    name: str
    path: str = Field(description='Its place in the tree, "Parent/Child"; use it in folder:.')
    parent_id: int | None
    count: int = Field(description="Chats directly in it (neither deleted nor archived).")
    total: int = Field(description="Chats in it and its sub-folders.")


class FolderList(BaseModel):
    folders: list[FolderItem]
    truncated: bool


class TagItem(BaseModel):
    name: str
    color: str
    count: int = Field(description="Chats carrying it (neither deleted nor archived).")


class TagList(BaseModel):
    tags: list[TagItem]
    truncated: bool


class PromptItem(BaseModel):
    title: str
    text: str
    favorite: bool
    truncated: bool


class PromptList(BaseModel):
    prompts: list[PromptItem]


class Saved(BaseModel):
    chat_id: int
    created: bool = Field(description="True when this call created the chat.")


class Changed(BaseModel):
    count: int = Field(description="How many chats changed.")


# --- whom a call acts for -----------------------------------------------------------------------

#: The WSGI environ key under which the HTTP side leaves the checked :class:`Caller`.
CALLER_KEY = "chatdesk.mcp.caller"


def caller_of(ctx: Context[Any, Any], default: Caller | None) -> Caller:
    """The account a request acts for: the HTTP request's (checked before the SDK saw it), else
    ``default`` (stdio: the command's account)."""
    request = ctx.request_context.request if ctx._request_context is not None else None
    scope = getattr(request, "scope", None)
    if scope is not None:
        caller = scope.get("wsgi_environ", {}).get(CALLER_KEY)
        if isinstance(caller, Caller):
            return caller
        raise ToolError("not signed in")  # unreachable behind the HTTP guard
    if default is None:
        raise ToolError("not signed in")
    return default


def _service(call: Callable[[], Any]) -> Any:
    """Run a service call; its errors become the tool's error, in English, for the model."""
    try:
        return call()
    except ServiceError as error:
        raise ToolError(error.message("en")) from None


# --- the server ---------------------------------------------------------------------------------


class ChatDeskMCP(MCPServer[Any]):
    """ChatDesk's MCP server: the SDK's ``MCPServer`` with the gallery as prompts and the chats
    as resources, both listed from the database page by page (the SDK's own lists are fixed
    sets registered in advance), and the write tools listed per account (see the module)."""

    def __init__(self, *, default: Caller | None = None) -> None:
        bus = InMemorySubscriptionBus()
        super().__init__(
            "ChatDesk",
            title="ChatDesk",
            instructions=INSTRUCTIONS,
            version=__version__,
            log_level="WARNING",
            subscriptions=bus,
        )
        self.default = default
        self.bus = bus
        #: The handshake-era (2025) connection that last listed the tools, over stdio: told on
        #: it when they change (the 2026-07-28 era hears it through subscriptions/listen).
        self._listed: ServerSession | None = None
        self._over_stdio = False
        _register(self)

    def caller(self, ctx: Context[Any, Any]) -> Caller:
        return caller_of(ctx, self.default)

    async def _handle_list_tools(
        self, ctx: Any, params: PaginatedRequestParams | None
    ) -> ListToolsResult:
        caller = caller_of(_context(self, ctx), self.default)
        writes = await _threaded(lambda: ai_apps.writes_allowed(caller.user))
        if self._over_stdio and ctx.protocol_version not in MODERN_PROTOCOL_VERSIONS:
            self._listed = ctx.session
        tools = await self.list_tools()
        return ListToolsResult(tools=[t for t in tools if writes or t.name not in WRITE_TOOLS])

    async def tools_changed(self) -> None:
        """Tell the client the tools list changed (the write tools came or went): a 2026-07-28
        client through its ``subscriptions/listen`` stream, a handshake-era one with
        ``notifications/tools/list_changed`` on its connection, as the stdio transport
        advertises (``tools.listChanged``). Over stateless HTTP there is no channel to the
        client: it sees the change at its next ``tools/list``."""
        await self.bus.publish(ToolsListChanged())
        if self._listed is not None:
            try:
                await self._listed.send_tool_list_changed()
            except Exception:  # the client went away meanwhile: nothing to tell
                log.debug("could not send tools/list_changed", exc_info=True)

    async def run_stdio_async(self) -> None:
        """Serve over stdin/stdout, advertising ``tools.listChanged`` to handshake-era clients
        (the SDK's own advertises no change notification there)."""
        self._over_stdio = True
        server = self._lowlevel_server
        options = server.create_initialization_options(NotificationOptions(tools_changed=True))
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, options)

    # prompts: the gallery, by title, page by page
    async def _handle_list_prompts(
        self, ctx: Any, params: PaginatedRequestParams | None
    ) -> ListPromptsResult:
        offset = _offset_cursor(params.cursor if params else None)
        rows = await _threaded(lambda: prompts.list_prompts(offset=offset, limit=LIST_PAGE + 1))
        more = len(rows) > LIST_PAGE
        return ListPromptsResult(
            prompts=[
                Prompt(name=p.title, title=p.title, description=_clip(p.text, 200)[0])
                for p in rows[:LIST_PAGE]
            ],
            next_cursor=str(offset + LIST_PAGE) if more else None,
        )

    async def get_prompt(
        self, name: str, arguments: dict[str, Any] | None = None, context: Any = None
    ) -> GetPromptResult:
        try:
            row = await _threaded(lambda: _service(lambda: ai_apps.prompt_by_title(name)))
        except ToolError as error:
            raise MCPError(INVALID_PARAMS, str(error)) from None
        message = PromptMessage(role="user", content=TextContent(type="text", text=row.text))
        return GetPromptResult(description=row.title, messages=[message])

    # resources: each chat, in the recent-chats order, page by page (a keyset cursor)
    async def _handle_list_resources(
        self, ctx: Any, params: PaginatedRequestParams | None
    ) -> ListResourcesResult:
        caller = caller_of(_context(self, ctx), self.default)
        cursor = params.cursor if params else None

        def page() -> tuple[list[chats.ChatSummary], str | None]:
            rows, _ = _service(
                lambda: chats.list_chats(caller.user, limit=LIST_PAGE + 1, before=cursor or None)
            )
            more = len(rows) > LIST_PAGE
            rows = rows[:LIST_PAGE]
            return rows, chats.cursor_of(rows[-1]) if more else None

        try:
            rows, after = await _threaded(page)
        except ToolError as error:
            raise MCPError(INVALID_PARAMS, str(error)) from None
        return ListResourcesResult(
            resources=[
                Resource(
                    uri=CHAT_URI.format(chat_id=c.id),
                    name=c.title,
                    title=c.title,
                    description=f"{c.message_count} messages, last on {_iso(c.updated_at)}",
                    mime_type="text/markdown",
                )
                for c in rows
            ],
            next_cursor=after,
        )


def _context(server: MCPServer[Any], ctx: Any) -> Context[Any, Any]:
    return Context(request_context=ctx, mcp_server=server)


async def _threaded(fn: Callable[[], Any]) -> Any:
    import anyio.to_thread

    return await anyio.to_thread.run_sync(fn)


def _offset_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    if not cursor.isascii() or not cursor.isdigit() or len(cursor) > 9:
        raise MCPError(INVALID_PARAMS, "not a cursor this server gave")
    return int(cursor)


def _register(mcp: ChatDeskMCP) -> None:
    """The tools and the chat resource template."""
    read = ToolAnnotations(read_only_hint=True, open_world_hint=False)

    @mcp.tool(annotations=read, structured_output=True)
    def search_chats(
        query: Annotated[
            str,
            Field(
                description="Words to find (any language; two Chinese characters are enough), "
                "with optional prefixes: folder:NAME, tag:NAME, is:archived, is:pinned, "
                "before:YYYY-MM-DD, after:YYYY-MM-DD. Up to 200 characters."
            ),
        ],
        ctx: Context[Any, Any],
        mode: Annotated[
            str,
            Field(
                description='How to match: "text" (the words as written, the default), '
                '"meaning" (passages about the same thing in any language, even without the '
                'words: use it when exact words fail or the user describes a topic), or "hybrid" '
                "(both, exact hits kept first)."
            ),
        ] = "text",
        limit: Annotated[int, Field(ge=1, le=SEARCH_MAX)] = 10,
        offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0,
    ) -> SearchResult:
        """Search the user's past AI chats (titles and messages) for words, newest first.

        Use it when the user refers to something discussed before ("what did I ask about
        Postgres indexes?", "find my chat about 旅行计划"). Returns hits with the chat's id,
        title, the message's role, a snippet around the match, its time, folder and tags; read a
        whole chat with get_chat(chat_id). Page with offset (next_offset)."""
        if mode not in SEARCH_MODES:
            raise ToolError(f"mode must be one of {', '.join(SEARCH_MODES)} (got {mode!r})")
        user = mcp.caller(ctx).user
        found = _service(lambda: search.find(user, query, offset=offset, limit=limit, mode=mode))
        hits = [
            SearchHit(
                chat_id=h.chat_id,
                chat_title=h.chat_title,
                role=h.role,
                snippet=h.snippet,
                time=_iso(h.created_at),
                message_id=h.message_id,
                folder=h.folder,
                tags=list(h.tags),
            )
            for h in found.hits
        ]
        more = offset + len(hits) < found.total or not found.exact
        return SearchResult(
            hits=hits,
            total=found.total,
            total_exact=found.exact,
            next_offset=offset + len(hits) if hits and more else None,
            mode=mode,
        )

    @mcp.tool(annotations=read, structured_output=True)
    def list_chats(
        ctx: Context[Any, Any],
        folder: Annotated[
            int | None, Field(description="A folder_id from list_folders; 0: chats in no folder.")
        ] = None,
        tag: Annotated[str | None, Field(description="A tag's name (see list_tags).")] = None,
        archived: Annotated[
            bool | None, Field(description="true: the Archive; null: both; false: default.")
        ] = False,
        source: Annotated[str | None, Field(description="Not supported yet: leave it out.")] = None,
        limit: Annotated[int, Field(ge=1, le=LIST_MAX)] = 20,
        cursor: Annotated[
            str | None, Field(description="next_cursor of the previous page.")
        ] = None,
    ) -> ChatList:
        """List the user's chats, pinned first then most recently updated first, optionally in
        one folder (with its sub-folders), with one tag, or in the Archive.

        Use it to browse ("my latest chats", "what is in my Work folder"). Returns each chat's
        id, title, message count, last update, folder, tags and a preview; page with cursor."""
        if source:
            raise ToolError("source is not supported yet by this ChatDesk")
        user = mcp.caller(ctx).user

        def load() -> ChatList:
            tag_ids: tuple[int, ...] = ()
            if tag:
                found = tags.find_tag(user, tags.name(tag, "tag"))
                if found is None:
                    raise ToolError(f"no tag named {tag!r}: see list_tags")
                tag_ids = (found,)
            if folder:
                folders.owned(user, folder)
            where = ChatFilter(
                folder_id=folder, subfolders=bool(folder), tag_ids=tag_ids, archived=archived
            )
            rows, total = chats.list_chats(user, limit=limit, before=cursor, where=where)
            names = {f.id: f.name for f in folders.list_folders(user)} if rows else {}
            labels = tags.tags_of(c.id for c in rows)
            items = [
                ChatItem(
                    chat_id=c.id,
                    title=c.title,
                    message_count=c.message_count,
                    updated_at=_iso(c.updated_at),
                    pinned=c.pinned,
                    archived=c.archived,
                    folder=names.get(c.folder_id or 0, ""),
                    folder_id=c.folder_id,
                    tags=[t.name for t in labels.get(c.id, [])],
                    preview=c.last_preview,
                )
                for c in rows
            ]
            after = chats.cursor_of(rows[-1]) if len(rows) == limit else None
            return ChatList(chats=items, total=total, next_cursor=after)

        result: ChatList = _service(load)
        return result

    @mcp.tool(annotations=read, structured_output=True)
    def get_chat(
        chat_id: Annotated[int, Field(description="The chat's id (from search or a list).")],
        ctx: Context[Any, Any],
        offset: Annotated[int, Field(ge=0, description="The first message's index.")] = 0,
        limit: Annotated[int, Field(ge=1, le=PAGE_MAX)] = 20,
    ) -> ChatPage:
        """Read one chat's messages in order (role, time, text), a page at a time.

        Use it after search_chats or list_chats to read what was said. Says how many messages
        the chat has; continue with offset=next_offset until it is null. A message over
        20,000 characters comes cut (truncated: true)."""
        user = mcp.caller(ctx).user

        def load() -> ChatPage:
            chat = ai_apps.chat_of(user, chat_id)
            rows = ai_apps.messages_page(chat.id, offset, limit, MESSAGE_CHARS_MAX + 1)
            items: list[MessageItem] = []
            used = 0
            for i, m in enumerate(rows):
                text, cut = _clip(m.content, MESSAGE_CHARS_MAX)
                if items and used + len(text) > PAGE_CHARS_MAX:
                    break
                used += len(text)
                items.append(
                    MessageItem(
                        index=offset + i,
                        role=m.role,
                        time=_iso(m.created_at),
                        text=text,
                        truncated=cut,
                    )
                )
            end = offset + len(items)
            return ChatPage(
                chat_id=chat.id,
                title=chat.title,
                message_count=chat.message_count,
                offset=offset,
                messages=items,
                next_offset=end if end < chat.message_count and items else None,
            )

        result: ChatPage = _service(load)
        return result

    @mcp.tool(annotations=read, structured_output=True)
    def list_folders(ctx: Context[Any, Any]) -> FolderList:
        """List the user's folders (the tree, parents first) with how many chats each holds.

        Use it to learn folder names for search_chats' folder: prefix or list_chats' folder."""
        user = mcp.caller(ctx).user
        rows = _service(lambda: folders.list_folders(user))
        paths: dict[int, str] = {}
        items = []
        for f in rows:
            paths[f.id] = f"{paths[f.parent_id]}/{f.name}" if f.parent_id in paths else f.name
            items.append(
                FolderItem(
                    folder_id=f.id,
                    name=f.name,
                    path=paths[f.id],
                    parent_id=f.parent_id,
                    count=f.count,
                    total=f.total,
                )
            )
        return FolderList(folders=items[:NAMES_MAX], truncated=len(items) > NAMES_MAX)

    @mcp.tool(annotations=read, structured_output=True)
    def list_tags(ctx: Context[Any, Any]) -> TagList:
        """List the user's tags with how many chats carry each.

        Use it to learn tag names for search_chats' tag: prefix or list_chats' tag."""
        user = mcp.caller(ctx).user
        rows = _service(lambda: tags.list_tags(user))
        items = [TagItem(name=t.name, color=t.color, count=t.count) for t in rows[:NAMES_MAX]]
        return TagList(tags=items, truncated=len(rows) > NAMES_MAX)

    @mcp.tool(annotations=read, structured_output=True)
    def random_prompts(
        ctx: Context[Any, Any],
        count: Annotated[int, Field(ge=1, le=PROMPTS_MAX)] = 8,
    ) -> PromptList:
        """Draw prompts at random from the user's prompt gallery (its Shuffle).

        Use it when the user wants ideas or inspiration for what to ask. Returns each prompt's
        title and text."""
        user = mcp.caller(ctx).user
        rows = _service(lambda: prompts.random_prompts(count, user=user))
        return PromptList(prompts=[_prompt(p) for p in rows])

    @mcp.tool(annotations=read, structured_output=True)
    def search_prompts(
        query: Annotated[str, Field(description="Words in the title or text; up to 200.")],
        ctx: Context[Any, Any],
        limit: Annotated[int, Field(ge=1, le=PROMPTS_MAX)] = 10,
    ) -> PromptList:
        """Find prompts in the user's prompt gallery whose title or text holds the words,
        favourites first.

        Use it when the user asks for a prompt they saved ("my code review prompt")."""
        user = mcp.caller(ctx).user
        text = _service(lambda: validation.text(query.strip(), "query", max_len=200))
        rows = _service(lambda: prompts.list_prompts(text, user=user, limit=limit))
        return PromptList(prompts=[_prompt(p) for p in rows])

    @mcp.resource(
        CHAT_URI,
        name="chat",
        title="A chat",
        mime_type="text/markdown",
        description="One chat as Markdown (at most 200,000 characters: get_chat pages).",
    )
    def chat_resource(chat_id: str, ctx: Context[Any, Any]) -> str:
        if not chat_id.isascii() or not chat_id.isdigit() or len(chat_id) > 18:
            raise ResourceError("no such chat")
        user = mcp.caller(ctx).user
        try:
            text, cut = ai_apps.chat_markdown(user, int(chat_id), RESOURCE_CHARS_MAX)
        except ServiceError as error:
            raise ResourceError(error.message("en")) from None
        if cut:
            text += "\n\n[… cut: read the rest with the get_chat tool]\n"
        return text

    _register_writes(mcp)


def _prompt(p: prompts.PromptRow) -> PromptItem:
    text, cut = _clip(p.text, PROMPT_CHARS_MAX)
    return PromptItem(title=p.title, text=text, favorite=p.favorite, truncated=cut)


def _register_writes(mcp: ChatDeskMCP) -> None:
    """The write tools (:data:`WRITE_TOOLS`), listed only while the account lets AI apps save,
    and refused when called while it does not."""
    write = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)

    def allowed(ctx: Context[Any, Any]) -> Caller:
        caller = mcp.caller(ctx)
        if not ai_apps.writes_allowed(caller.user):
            raise ToolError(
                "saving is turned off in ChatDesk (the option Let AI apps save to my library)"
            )
        return caller

    @mcp.tool(annotations=write, structured_output=True)
    def save_message(
        chat_id: Annotated[
            str,
            Field(
                description="Your own key for the conversation (up to 128 characters): the "
                "same key appends to the same chat."
            ),
        ],
        role: Literal["user", "assistant"],
        content: Annotated[str, Field(description="The message's text (Markdown).")],
        ctx: Context[Any, Any],
        chat_title: Annotated[
            str | None, Field(description="The chat's title; required for a new chat.")
        ] = None,
    ) -> Saved:
        """Save one message to the user's ChatDesk library, creating the chat (titled
        chat_title) the first time its key is used.

        Use it only when the user asks to keep this conversation (or a part of it) in
        ChatDesk. Returns the chat's id."""
        user = allowed(ctx).user

        def save() -> Saved:
            created = chats.add_chat(user, chat_id, chat_title, content, role)
            return Saved(chat_id=chats.find_chat(user, chat_key=chat_id), created=created)

        result: Saved = _service(save)
        return result

    @mcp.tool(annotations=write, structured_output=True)
    def tag_chats(
        chat_ids: Annotated[list[int], Field(min_length=1, max_length=BULK_MAX)],
        tag: Annotated[str, Field(description="The tag's name; made if the user has none.")],
        ctx: Context[Any, Any],
    ) -> Changed:
        """Put a tag on chats of the user's library (the tag is made if it does not exist).

        Use it when the user asks to label chats ("tag these as travel")."""
        user = allowed(ctx).user

        def run() -> Changed:
            name = tags.name(tag, "tag")
            tag_id = tags.find_tag(user, name)
            if tag_id is None:
                tag_id = tags.create_tag(user, name).id
            return Changed(count=len(tags.tag_chats(user, chat_ids, [tag_id])))

        result: Changed = _service(run)
        return result

    @mcp.tool(annotations=write, structured_output=True)
    def move_chats(
        chat_ids: Annotated[list[int], Field(min_length=1, max_length=BULK_MAX)],
        ctx: Context[Any, Any],
        folder_id: Annotated[
            int | None, Field(description="A folder_id from list_folders; null: out of folders.")
        ] = None,
    ) -> Changed:
        """Move chats of the user's library into a folder (or out of any folder).

        Use it when the user asks to file chats ("put these in Work")."""
        user = allowed(ctx).user
        result: Changed = _service(
            lambda: Changed(count=len(folders.move_chats(user, chat_ids, folder_id).before))
        )
        return result
