"""Fill the Chinese translations still marked unfinished, by source text, from the table below.

    python scripts/fill_translations.py      (then scripts/build_translations.py compiles the .qm)

Entries whose source is not in the table stay unfinished (and are listed), so a new string is
never shipped in English by accident without someone seeing it.

A plural message (``tr(text, "", n)`` with ``%n``, ``numerus="yes"`` in the .ts) gets its one
Chinese form as a ``<numerusform>``: Chinese has no plural forms, so lrelease wants exactly one.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "chatdesk_zh_CN.ts"

ZH = {
    "ChatDesk cannot open your library:": "ChatDesk 无法打开你的资料库：",
    # issue 23: coding agents' sources (chatdesk/ui/sources_dialog.py)
    "%1: not found": "%1：未找到",
    "%1: %2 sessions in %3 projects, %4": "%1：%3 个项目中的 %2 个会话，%4",
    "Coding agents": "编程智能体",
    "Coding &agents…": "编程智能体(&A)…",
    (
        "ChatDesk can import the sessions of coding agents from their folders on this "
        "computer and keep them up to date while the agents write. Nothing is read "
        "until you turn a source on; the agents' files are never changed."
    ): (
        "ChatDesk 可以从本机上编程智能体的文件夹导入它们的会话，并在智能体写入时保持更新。"
        "在你打开某个来源之前不会读取任何内容；智能体的文件永远不会被修改。"
    ),
    "Looking…": "正在查找…",
    "Add a folder…": "添加文件夹…",
    "Mask secrets in threads and exports": "在对话和导出中遮盖密钥",
    (
        "Agents often echo keys: lines with API_KEY=, Authorization: Bearer, AWS keys. "
        "They are kept as they are; with this on they are shown and exported as ••••••."
    ): (
        "智能体常会回显密钥：含 API_KEY=、Authorization: Bearer、AWS 密钥的行。"
        "它们按原样保存；打开此项后，显示和导出时显示为 ••••••。"
    ),
    "A folder of this agent's sessions": "存放此智能体会话的文件夹",
    "Importing: %1 of %2 sessions": "正在导入：%1 / %2 个会话",
    "Copy resume command": "复制恢复命令",
    "Project: %1": "项目：%1",
    "Branch: %1": "分支：%1",
    "Copied: %1": "已复制：%1",
    "Thought for %1 s": "思考了 %1 秒",
    "Thinking": "思考过程",
    "Ran %1 · %n lines": "运行了 %1 · %n 行",
    "Ran %1 · 1 line": "运行了 %1 · 1 行",
    "failed": "失败",
    "Sources": "来源",
    "Made in ChatDesk": "在 ChatDesk 中创建",
    "Repeated in the file: %d": "文件中重复的：%d",
    "Messages cut to 1,000,000 characters (a note at their end): %d": (
        "截断到 1,000,000 个字符的消息（末尾有说明）：%d"
    ),
    "Control characters removed: %d": "已删除的控制字符：%d",
    "{name}: no such file or folder": "{name}：没有这个文件或文件夹",
    (
        "{name} is a Cherry Studio direct backup (format {version}, made by Cherry Studio "
        "{app_version}): a copy of the app's storage folders, which ChatDesk cannot read. A "
        "backup of Cherry Studio 1.7 or earlier (Settings → Data settings → Backup) is a zip "
        "holding data.json, which ChatDesk reads."
    ): (
        "{name} 是 Cherry Studio 的直接备份（第 {version} 版格式，由 Cherry Studio {app_version} "
        "生成）：应用存储文件夹的副本，ChatDesk 无法读取。Cherry Studio 1.7 及更早版本的备份"
        "（设置 → 数据设置 → 备份）是含有 data.json 的 zip 文件，ChatDesk 可以读取。"
    ),
    "{name}: no chat export in it (ChatDesk reads {formats})": (
        "{name}：其中没有对话导出文件（ChatDesk 可读取 {formats}）"
    ),
    "{name}: a damaged or unreadable zip archive ({detail})": (
        "{name}：zip 压缩包已损坏或无法读取（{detail}）"
    ),
    "{name} is not valid JSON: {where}": "{name} 不是有效的 JSON：{where}",
    (
        "The JSON of {name} breaks off after conversation {after}: {where}. The conversations "
        "before it were imported."
    ): ("{name} 的 JSON 在第 {after} 个对话之后中断：{where}。之前的对话已导入。"),
    "{name}: not a format ChatDesk knows (it reads {formats}, and prompt collections)": (
        "{name}：不是 ChatDesk 认识的格式（它可读取 {formats}，以及提示词合集）"
    ),
    "{name} is a prompt collection, not chats: import it as prompts": (
        "{name} 是提示词合集，不是对话：请作为提示词导入"
    ),
    "{name} is not a prompt collection (a CSV act,prompt or a JSON list)": (
        "{name} 不是提示词合集（act,prompt 格式的 CSV 或 JSON 列表）"
    ),
    "{name}: the first row must name the columns “act” and “prompt”": (
        "{name}：第一行必须包含列名“act”和“prompt”"
    ),
    "{name}: unreadable CSV at line {line} ({detail})": (
        "{name}：第 {line} 行的 CSV 无法读取（{detail}）"
    ),
    "{name}: {where}; save it as UTF-8": "{name}：{where}；请另存为 UTF-8",
    "{name} is empty": "{name} 是空文件",
    "{name} is {encoding} text; save it as UTF-8": (
        "{name} 是 {encoding} 编码的文本；请另存为 UTF-8"
    ),
    "{name} is {kind}, not a chat export": "{name} 是{kind}，不是聊天导出文件",
    (
        "{name} nests more than {limit} levels deep. No chat export nests so deep: the file is "
        "damaged, or not an export."
    ): ("{name} 的嵌套超过 {limit} 层。聊天导出文件不会嵌套这么深：文件已损坏，或不是导出文件。"),
    (
        "{name} holds a text of more than {limit} MB in one piece. No chat message is that long "
        "(ChatDesk keeps up to 1,000,000 characters of a message)."
    ): (
        "{name} 中有一段超过 {limit} MB 的连续文本。"
        "聊天消息不会这么长（ChatDesk 每条消息最多保留 1,000,000 个字符）。"
    ),
    "an image": "一张图片",
    "a PDF document": "一个 PDF 文档",
    "a compressed archive": "一个压缩包",
    "a database": "一个数据库",
    "an office document": "一个 Office 文档",
    "a program": "一个程序",
    "an audio or video file": "一个音频或视频文件",
    "the file ends inside the JSON (cut off?)": "文件在 JSON 中途结束（被截断了？）",
    "not UTF-8 text": "不是 UTF-8 文本",
    "line {line}, column {column}: {what}": "第 {line} 行，第 {column} 列：{what}",
    "Database unreachable, retrying…": "数据库暂时无法连接，正在重试…",
    "Database reachable again": "数据库已恢复连接",
    # Connect an AI app (issue 24)
    "Connect an AI app": "连接 AI 应用",
    "Connect an &AI app…": "连接 AI 应用(&A)…",
    "AI apps that speak the Model Context Protocol can search and read your chats and use your "
    "prompt gallery. Make a token for each app, then paste its configuration below into the "
    "app's MCP settings.": "支持模型上下文协议（MCP）的 AI 应用可以搜索和阅读你的对话，并使用你的"
    "提示词库。为每个应用生成一个令牌，然后把下面的配置粘贴到该应用的 MCP 设置中。",
    "The local server is off": "本地服务器已关闭",
    "The app's name, e.g. Claude Desktop": "应用名称，例如 Claude Desktop",
    "Make a token": "生成令牌",
    "Shown once, when made": "仅在生成时显示一次",
    "Revoke": "吊销",
    "Let AI apps save to my library": "允许 AI 应用保存到我的资料库",
    "Adds the tools save_message, tag_chats and move_chats; off: read only.": (
        "增加 save_message、tag_chats 和 move_chats 工具；关闭时只读。"
    ),
    "Test": "测试",
    "Address:": "地址：",
    "New token:": "新令牌：",
    "Tokens:": "令牌：",
    "Copy": "复制",
    "last used %s": "上次使用 %s",
    "never used": "从未使用",
    "PASTE-A-TOKEN-MADE-ABOVE": "粘贴上面生成的令牌",
    "The local server is off: turn it on in Settings.": "本地服务器已关闭：请在设置中开启。",
    "Testing…": "正在测试…",
    "Works. Tools: %s": "连接正常。工具：%s",
    "Failed: %s": "失败：%s",
    "an AI app": "一个 AI 应用",
    "AI app connected: %s": "已连接 AI 应用：%s",
    # search by meaning (issue 25)
    "Words": "按文字",
    "Meaning": "按语义",
    "Both": "两者",
    "Words: messages containing the text.\n"
    "Meaning: passages about the same thing, in Chinese or English, whatever their words.\n"
    "Both: the two together, every match of the words kept.": (
        "按文字：包含这段文字的消息。\n"
        "按语义：讲同一件事的段落，中文或英文，用词不同也能找到。\n"
        "两者：两种结果合在一起，文字匹配一条不少。"
    ),
    "Related to “%s”: %d": "与“%s”相关：%d",
    "Related chats": "相关对话",
    "Search by meaning is off": "按语义搜索已关闭",
    "Meaning index: %d %% (paused)": "语义索引：%d %%（已暂停）",
    "Paused in the settings": "已在设置中暂停",
    "Meaning index: %d %%": "语义索引：%d %%",
    "%d chats to embed for search by meaning (model %s)": "还有 %d 个对话待建立语义索引（模型 %s）",
    "Pause building the meaning index": "暂停建立语义索引",
    "Search by meaning finds what is already embedded; the rest waits": (
        "按语义搜索只查已建立索引的内容，其余的等待"
    ),
    "Meaning model": "语义模型",
    "&Undo": "撤销(&U)",
    "&Sign in": "登录(&S)",
    "&Help": "帮助(&H)",
    "&Keyboard shortcuts": "键盘快捷键(&K)",
    "&About ChatDesk": "关于 ChatDesk(&A)",
    "About ChatDesk": "关于 ChatDesk",
    "A desktop manager for AI chat histories.": "管理 AI 聊天记录的桌面应用。",
    "API": "API",
    "Action": "操作",
    "Keys": "按键",
    "Keyboard shortcuts": "键盘快捷键",
    "Add the message being written": "添加正在编写的消息",
    "Clear the search": "清除搜索",
    "Double-click": "双击",
    "From the search box to the results, and back": "从搜索框到搜索结果，再返回",
    "Read a message in a window of its own": "在单独的窗口中阅读消息",
    "Library": "资料库",
    "Runs on": "运行环境",
    "not served": "未提供",
    "Chats found: %d": "找到 %d 个对话",
    "%s more characters: double-click to read the whole message": (
        "还有 %s 个字符：双击阅读完整消息"
    ),
    "&Register": "注册(&R)",
    "No chat title contains “%s”.\nCtrl+F again searches inside messages.": (
        "没有标题包含“%s”的对话。\n再按 Ctrl+F 可在消息中搜索。"
    ),
    "No archived chats.": "没有已归档的对话。",
    "No chats yet.\nWrite a message to start one, or import your exports: "
    "File ▸ Import chats… (Ctrl+I).": (
        "还没有对话。\n写一条消息即可开始，或导入你导出的记录：文件 ▸ 导入对话…（Ctrl+I）。"
    ),
    "No chats here.": "这里没有对话。",
    "All chats": "全部对话",
    "Archive": "归档",
    "Unarchive": "取消归档",
    "Delete folder": "删除文件夹",
    "Delete folder…": "删除文件夹…",
    "Delete the chats too": "连同对话一起删除",
    "Delete the folder “%s” and its sub-folders? It holds %d chats.": (
        "删除文件夹“%s”及其子文件夹？其中有 %d 个对话。"
    ),
    "Found: %d+": "找到 %d+ 条",
    "Folders, tags and the archive: drag chats onto a folder": (
        "文件夹、标签和归档：把对话拖到文件夹上即可移入"
    ),
    "Move the chats out": "把对话移出",
    "Move to folder": "移到文件夹",
    "Move to folder…": "移到文件夹…",
    "New folder": "新建文件夹",
    "New sub-folder": "新建子文件夹",
    "New tag": "新建标签",
    "New tag…": "新建标签…",
    "No folder": "未归入文件夹",
    "Rename": "重命名",
    "Tag name:": "标签名称：",
    "Tags": "标签",
    "Tags…": "标签…",
    "Undo: archive %n chats again": "撤销：重新归档 %n 个对话",
    "Undo: archive “%s” again": "撤销：重新归档“%s”",
    "Undo: move %n chats back": "撤销：把 %n 个对话移回原处",
    "Undo: move “%s” back": "撤销：把“%s”移回原处",
    "Undo: restore the folder “%s”": "撤销：恢复文件夹“%s”",
    "Undo: take the tag “%1” off %n chats": "撤销：取下 %n 个对话上的标签“%1”",
    "Undo: take the tag “%1” off “%2”": "撤销：取下“%2”上的标签“%1”",
    "Undo: put the tag “%1” back on %n chats": "撤销：把标签“%1”放回 %n 个对话上",
    "Undo: put the tag “%1” back on “%2”": "撤销：把标签“%1”放回“%2”上",
    "Undo: unarchive %n chats": "撤销：取消归档 %n 个对话",
    "Undo: unarchive “%s”": "撤销：取消归档“%s”",
    # File > Export this folder… (issue 13 item 6)
    "Export &this folder (%s)…": "导出此文件夹（%s）(&T)…",
    "Export &this folder…": "导出此文件夹(&T)…",
    "Export the chats &tagged %s…": "导出带有标签 %s 的对话(&T)…",
    "Export the arc&hive…": "导出归档(&H)…",
    "Export the chats in &no folder…": "导出未归入文件夹的对话(&N)…",
    "Choose a folder, tag or the archive to export first": "请先选择要导出的文件夹、标签或归档",
    "That folder or tag is gone (deleted meanwhile?): nothing was written.": (
        "该文件夹或标签已不存在（可能刚被删除）：未写入任何内容。"
    ),
    "“%1” is not an origin: %2.": "“%1”不是来源：%2。",
    "an origin is scheme://host[:port], such as https://example.org": (
        "来源的格式是 scheme://host[:port]，例如 https://example.org"
    ),
    "the scheme must be http:// or https://": "协议必须是 http:// 或 https://",
    "an origin has nothing after the host and port (no path, query or #)": (
        "来源在主机和端口之后不能再有内容（没有路径、查询或 #）"
    ),
    "an origin has no user name or password": "来源中不能有用户名或密码",
    "the host is not a name (letters, digits, - and dots), an IPv4 or an [IPv6] address": (
        "主机既不是名称（字母、数字、- 和点），也不是 IPv4 或 [IPv6] 地址"
    ),
    "the port must be a number from 1 to 65535": "端口必须是 1 到 65535 之间的数字",
    "browsers leave out the scheme's default port (80, 443): write it without": (
        "浏览器会省略协议的默认端口（80、443）：请去掉端口"
    ),
    "Copy the message": "复制消息",
    "Rename the folder chosen in the tree": "重命名树中选中的文件夹",
    "Star or unstar the prompt": "收藏或取消收藏提示词",
    "Edit the prompt": "编辑提示词",
    "Delete the prompt": "删除提示词",
    "Select all chats": "选择全部对话",
    "Add to favorites": "加入收藏",
    "Import chats from a &folder…": "从文件夹导入对话(&F)…",
    "Import chats from a folder": "从文件夹导入对话",
    "Chat exports and sessions (*.json *.jsonl *.zip *.html *.md *.vscdb)": (
        "对话导出与会话文件 (*.json *.jsonl *.zip *.html *.md *.vscdb)"
    ),
    "Import failed": "导入失败",
    "Export %n chats": "导出 %n 个对话",
    "“%s” holds no file to import (.json, .zip or .csv).": (
        "“%s”中没有可导入的文件（.json、.zip 或 .csv）。"
    ),
    "Importing %n files…": "正在导入 %n 个文件…",
    "Importing “%1” (file %2 of %3)…": "正在导入“%1”（第 %2 个，共 %3 个文件）…",
    "Prompts added to the gallery: %d": "加入提示词库的提示词：%d",
    "Files not imported: %d": "未导入的文件：%d",
    "File by file:": "逐个文件：",
    "What was imported is kept: import again to add the rest.": (
        "已导入的内容会保留：再次导入即可补上其余部分。"
    ),
    "Imported %n files": "已导入 %n 个文件",
    "Imported %1 of %2 files": "已导入 %1 个文件（共 %2 个）",
    "%1 — not imported: %2": "%1 — 未导入：%2",
    "%1 — not imported: the import was cancelled before it": "%1 — 未导入：导入在此之前已取消",
    "%1 — new chats: %2, updated: %3, unchanged: %4, left out: %5, messages added: %6": (
        "%1 — 新建对话：%2，更新：%3，未变化：%4，已跳过：%5，新增消息：%6"
    ),
    "%1 — prompts added to the gallery: %2, already there: %3, left out: %4": (
        "%1 — 加入提示词库：%2，库中已有：%3，已跳过：%4"
    ),
    "(cancelled part way: what was read before is kept)": "（中途取消：之前读取的内容已保留）",
    "Remove from favorites": "取消收藏",
    # the thread: new messages, an empty chat; the prompt gallery folded (issue 21 items 4, 6, 14)
    "New message ↓": "新消息 ↓",
    "%d new messages ↓": "%d 条新消息 ↓",
    "Show the messages that arrived (End)": "显示新到的消息（End）",
    "This chat has no messages yet.": "这个对话还没有消息。",
    "(This message has no text)": "（这条消息没有文字）",
    "Prompts": "提示词",
    "Back to the chat": "返回对话",
    "Show the chat again": "重新显示对话",
    "Show the prompt gallery in the chat's place (the window is narrow)": (
        "在对话的位置显示提示词库（窗口较窄）"
    ),
    "Write the first one below: Ctrl+Enter adds it.": "在下方写下第一条：按 Ctrl+Enter 添加。",
}


MESSAGE = re.compile(
    r"(?P<head>(?P<numerus><message numerus=\"yes\">)?.*?<source>(?P<source>.*?)</source>.*?)"
    r'<translation type="unfinished"(?:/>|>(?P<old>.*?)</translation>)',
    re.DOTALL,
)


def main() -> int:
    missing: set[str] = set()
    filled = 0

    def fill(match: re.Match[str]) -> str:
        nonlocal filled
        source = html.unescape(match["source"])
        if source not in ZH:
            missing.add(source)
            return match[0]
        filled += 1
        zh = html.escape(ZH[source], quote=False)
        if match["numerus"]:
            zh = f"<numerusform>{zh}</numerusform>"
        return f"{match['head']}<translation>{zh}</translation>"

    text = TS.read_text("utf-8")
    # one message at a time, so that a match never runs from one message into the next
    parts = re.split(r"(?=<message)", text)
    TS.write_text("".join(MESSAGE.sub(fill, part, count=1) for part in parts), "utf-8")
    print(f"filled {filled}")
    for source in sorted(missing):
        print(f"still unfinished: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
