"""Fill the Chinese translations still marked unfinished, by source text, from the table below.

    python scripts/fill_translations.py      (then scripts/build_translations.py compiles the .qm)

Entries whose source is not in the table stay unfinished (and are listed), so a new string is
never shipped in English by accident without someone seeing it.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "chatdesk_zh_CN.ts"

ZH = {
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
    "Undo: archive %d chats again": "撤销：重新归档 %d 个对话",
    "Undo: move %d chats back": "撤销：把 %d 个对话移回原处",
    "Undo: move “%s” back": "撤销：把“%s”移回原处",
    "Undo: restore the folder “%s”": "撤销：恢复文件夹“%s”",
    "Undo: take the tag “%s” off %d chats": "撤销：取下标签“%s”（%d 个对话）",
    "Undo: put the tag “%s” back on %d chats": "撤销：重新加上标签“%s”（%d 个对话）",
    "Undo: unarchive %d chats": "撤销：取消归档 %d 个对话",
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
}


MESSAGE = re.compile(
    r"(<source>(?P<source>.*?)</source>.*?)"
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
        return f"{match[1]}<translation>{html.escape(ZH[source], quote=False)}</translation>"

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
