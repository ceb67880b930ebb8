<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutBox</name>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="126"/>
        <source>About ChatDesk</source>
        <translation>关于 ChatDesk</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="128"/>
        <source>Library</source>
        <translation>资料库</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="129"/>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="129"/>
        <source>not served</source>
        <translation>未提供</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="131"/>
        <source>Runs on</source>
        <translation>运行环境</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="141"/>
        <source>A desktop manager for AI chat histories.</source>
        <translation>管理 AI 聊天记录的桌面应用。</translation>
    </message>
</context>
<context>
    <name>AddPromptDialog</name>
    <message>
        <location filename="../../chatdesk/ui/prompts/dialog.py" line="50"/>
        <source>Add a prompt</source>
        <translation>添加提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/dialog.py" line="50"/>
        <source>Edit prompt</source>
        <translation>编辑提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/dialog.py" line="53"/>
        <source>A short name, e.g. “Code review”</source>
        <translation>简短的名称，例如“代码审查”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/dialog.py" line="54"/>
        <source>The prompt itself, as you would send it…</source>
        <translation>提示词正文，就像你要发送的那样…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/dialog.py" line="62"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/dialog.py" line="63"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../chatdesk/ui/account/dialogs.py" line="98"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/dialogs.py" line="100"/>
        <source>API clients signed in as %s will have to sign in again.</source>
        <translation>以 %s 登录的 API 客户端需要重新登录。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/dialogs.py" line="106"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/dialogs.py" line="107"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/dialogs.py" line="108"/>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/dialogs.py" line="114"/>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
</context>
<context>
    <name>ChatDeskApp</name>
    <message>
        <location filename="../../chatdesk/ui/app.py" line="191"/>
        <source>Database reachable again</source>
        <extracomment>The main window&apos;s Qt modules, imported one per event-loop turn before it is built. the database became unreachable (False) or answers again (True); queued to this thread</extracomment>
        <translation>数据库已恢复连接</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/app.py" line="193"/>
        <source>Database unreachable, retrying…</source>
        <translation>数据库暂时无法连接，正在重试…</translation>
    </message>
</context>
<context>
    <name>ChatFinder</name>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="100"/>
        <source>Search chats… (Ctrl+F)</source>
        <extracomment>Words, meaning or both (issue 25); remembered in the settings.</extracomment>
        <translation>搜索对话…（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="103"/>
        <source>Ctrl+F: find chats by title as you type.
Ctrl+F again (or Ctrl+Shift+F): search inside messages.
Down or Enter: go to the results. Esc: clear and back to the chats.</source>
        <translation>Ctrl+F：边输入边按标题查找对话。
再按一次 Ctrl+F（或 Ctrl+Shift+F）：在消息内容中搜索。
下方向键或回车：转到结果。Esc：清除搜索并回到对话列表。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="108"/>
        <source>Search inside messages</source>
        <translation>在消息内容中搜索</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="110"/>
        <source>List the messages that contain the text (Ctrl+Shift+F)</source>
        <translation>列出包含这段文字的消息（Ctrl+Shift+F）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="112"/>
        <source>Newest first</source>
        <translation>最新的在前</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="113"/>
        <source>Best match</source>
        <translation>最匹配的在前</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="114"/>
        <source>How to sort the messages found</source>
        <translation>找到的消息如何排序</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="115"/>
        <source>Words</source>
        <translation>按文字</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="116"/>
        <source>Meaning</source>
        <translation>按语义</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="117"/>
        <source>Both</source>
        <translation>两者</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="120"/>
        <source>Words: messages containing the text.
Meaning: passages about the same thing, in Chinese or English, whatever their words.
Both: the two together, every match of the words kept.</source>
        <translation>按文字：包含这段文字的消息。
按语义：讲同一件事的段落，中文或英文，用词不同也能找到。
两者：两种结果合在一起，文字匹配一条不少。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="220"/>
        <source>Related to “%s”: %d</source>
        <translation>与“%s”相关：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="223"/>
        <source>Found: %d+</source>
        <translation>找到 %d+ 条</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="225"/>
        <source>Found: %d</source>
        <translation>找到 %d 条</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="227"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="229"/>
        <source>Nothing found</source>
        <translation>没有找到</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/finder.py" line="237"/>
        <source>Chats found: %d</source>
        <translation>找到 %d 个对话</translation>
    </message>
</context>
<context>
    <name>ChatListPanel</name>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="239"/>
        <location filename="../../chatdesk/ui/chats/list.py" line="788"/>
        <source>New chat</source>
        <extracomment>A current chat that follows the one before within this many milliseconds (an arrow key or PageDown held, 25–40 ms a repeat) opens once the keys rest this long: opening one reads and lays out its thread, 20–50 ms at each repeat otherwise (docs/benchmarks-list.md). A single press or click opens at once. The titles of at most this many chats are noted when an action starts, for its Undo offer to name the one chat it changed (the row may have left the list by the time it is done). The folders and tags the menus offer (the folder tree&apos;s model, set by the window).</extracomment>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="240"/>
        <source>Start a new chat (Ctrl+N)</source>
        <translation>新建对话（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="241"/>
        <location filename="../../chatdesk/ui/chats/list.py" line="829"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="474"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="243"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="242"/>
        <source>Delete the selected chats (Del)</source>
        <translation>删除选中的对话（Del）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="244"/>
        <location filename="../../chatdesk/ui/chats/list.py" line="504"/>
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="245"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="246"/>
        <source>Move to folder…</source>
        <translation>移到文件夹…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="247"/>
        <source>Tags…</source>
        <translation>标签…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="248"/>
        <source>Select all chats</source>
        <translation>选择全部对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="260"/>
        <source>No chat title contains “%s”.
Ctrl+F again searches inside messages.</source>
        <translation>没有标题包含“%s”的对话。
再按 Ctrl+F 可在消息中搜索。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="264"/>
        <source>No archived chats.</source>
        <translation>没有已归档的对话。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="267"/>
        <source>No chats yet.
Write a message to start one, or import your exports: File ▸ Import chats… (Ctrl+I).</source>
        <translation>还没有对话。
写一条消息即可开始，或导入你导出的记录：文件 ▸ 导入对话…（Ctrl+I）。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="270"/>
        <source>No chats here.</source>
        <translation>这里没有对话。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="478"/>
        <source>Move to folder</source>
        <translation>移到文件夹</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="481"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="486"/>
        <source>Related chats</source>
        <translation>相关对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="504"/>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="534"/>
        <source>No folder</source>
        <translation>未归入文件夹</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="565"/>
        <source>New tag…</source>
        <translation>新建标签…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="574"/>
        <source>New tag</source>
        <translation>新建标签</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="575"/>
        <source>Tag name:</source>
        <translation>标签名称：</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="613"/>
        <source>Undo: take the tag “%1” off “%2”</source>
        <translation>撤销：取下“%2”上的标签“%1”</translation>
    </message>
    <message numerus="yes">
        <location filename="../../chatdesk/ui/chats/list.py" line="615"/>
        <source>Undo: take the tag “%1” off %n chats</source>
        <translation>
            <numerusform>撤销：取下 %n 个对话上的标签“%1”</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="617"/>
        <source>Undo: put the tag “%1” back on “%2”</source>
        <translation>撤销：把标签“%1”放回“%2”上</translation>
    </message>
    <message numerus="yes">
        <location filename="../../chatdesk/ui/chats/list.py" line="618"/>
        <source>Undo: put the tag “%1” back on %n chats</source>
        <translation>
            <numerusform>撤销：把标签“%1”放回 %n 个对话上</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../chatdesk/ui/chats/list.py" line="640"/>
        <source>Undo: move %n chats back</source>
        <translation>
            <numerusform>撤销：把 %n 个对话移回原处</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../chatdesk/ui/chats/list.py" line="755"/>
        <source>Undo: unarchive %n chats</source>
        <translation>
            <numerusform>撤销：取消归档 %n 个对话</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="773"/>
        <source>Undo: archive “%s” again</source>
        <translation>撤销：重新归档“%s”</translation>
    </message>
    <message numerus="yes">
        <location filename="../../chatdesk/ui/chats/list.py" line="774"/>
        <source>Undo: archive %n chats again</source>
        <translation>
            <numerusform>撤销：重新归档 %n 个对话</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="639"/>
        <source>Undo: move “%s” back</source>
        <translation>撤销：把“%s”移回原处</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="734"/>
        <source>Unarchive</source>
        <translation>取消归档</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="734"/>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="754"/>
        <source>Undo: unarchive “%s”</source>
        <translation>撤销：取消归档“%s”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="819"/>
        <source>Delete %d chats? You can undo this right after.</source>
        <translation>删除这 %d 个对话？删除后可以立即撤销。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="822"/>
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="822"/>
        <source>Delete chats</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/list.py" line="816"/>
        <source>Delete “%s”? You can undo this right after.</source>
        <translation>删除“%s”？删除后可以立即撤销。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../chatdesk/ui/history/composer.py" line="75"/>
        <source>User</source>
        <extracomment>The edit&apos;s text when it was last submitted (taken out once stored: _take_out_sent).</extracomment>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/composer.py" line="76"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/composer.py" line="77"/>
        <source>Who says this message</source>
        <translation>这条消息由谁说</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/composer.py" line="78"/>
        <source>Write a message… (Ctrl+Enter adds it)</source>
        <translation>输入消息…（Ctrl+Enter 添加）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/composer.py" line="79"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/composer.py" line="80"/>
        <source>Add the message to the chat (Ctrl+Enter)</source>
        <translation>将消息加入对话（Ctrl+Enter）</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="100"/>
        <source>Connect an AI app</source>
        <extracomment>How long the status bar says an AI app is connected after its last call (ms).</extracomment>
        <translation>连接 AI 应用</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="106"/>
        <source>AI apps that speak the Model Context Protocol can search and read your chats and use your prompt gallery. Make a token for each app, then paste its configuration below into the app&apos;s MCP settings.</source>
        <translation>支持模型上下文协议（MCP）的 AI 应用可以搜索和阅读你的对话，并使用你的提示词库。为每个应用生成一个令牌，然后把下面的配置粘贴到该应用的 MCP 设置中。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="113"/>
        <source>The local server is off</source>
        <translation>本地服务器已关闭</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="118"/>
        <source>The app&apos;s name, e.g. Claude Desktop</source>
        <translation>应用名称，例如 Claude Desktop</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="119"/>
        <source>Make a token</source>
        <translation>生成令牌</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="123"/>
        <source>Shown once, when made</source>
        <translation>仅在生成时显示一次</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="127"/>
        <source>Revoke</source>
        <translation>吊销</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="129"/>
        <source>Let AI apps save to my library</source>
        <translation>允许 AI 应用保存到我的资料库</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="131"/>
        <source>Adds the tools save_message, tag_chats and move_chats; off: read only.</source>
        <translation>增加 save_message、tag_chats 和 move_chats 工具；关闭时只读。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="150"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="158"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="159"/>
        <source>New token:</source>
        <translation>新令牌：</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="161"/>
        <source>Tokens:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="176"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="200"/>
        <source>last used %s</source>
        <translation>上次使用 %s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="202"/>
        <source>never used</source>
        <translation>从未使用</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="214"/>
        <source>PASTE-A-TOKEN-MADE-ABOVE</source>
        <translation>粘贴上面生成的令牌</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="262"/>
        <source>The local server is off: turn it on in Settings.</source>
        <translation>本地服务器已关闭：请在设置中开启。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="268"/>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="273"/>
        <source>Works. Tools: %s</source>
        <translation>连接正常。工具：%s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/connect_dialog.py" line="277"/>
        <source>Failed: %s</source>
        <translation>失败：%s</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../chatdesk/ui/desktop/crash_dialog.py" line="33"/>
        <location filename="../../chatdesk/ui/desktop/crash_dialog.py" line="40"/>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/desktop/crash_dialog.py" line="39"/>
        <source>ChatDesk — Unexpected error</source>
        <translation>ChatDesk — 意外错误</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/desktop/crash_dialog.py" line="43"/>
        <source>Something went wrong inside ChatDesk. It carries on, but what you were doing may not have finished.</source>
        <translation>ChatDesk 内部出了问题。程序仍在运行，但您刚才的操作可能没有完成。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/desktop/crash_dialog.py" line="47"/>
        <source>The details were written to the log:
%s</source>
        <translation>详细信息已写入日志：
%s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/desktop/crash_dialog.py" line="49"/>
        <source>Errors since this message appeared: %d</source>
        <translation>此消息出现后的错误数：%d</translation>
    </message>
</context>
<context>
    <name>DeleteAccountDialog</name>
    <message>
        <location filename="../../chatdesk/ui/account/dialogs.py" line="126"/>
        <location filename="../../chatdesk/ui/account/dialogs.py" line="136"/>
        <source>Delete account</source>
        <translation>删除账户</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/dialogs.py" line="129"/>
        <source>Delete the account %s with all of its chats and messages? This cannot be undone. Export your chats first if you want to keep them.</source>
        <translation>删除账户 %s 及其全部对话和消息？此操作无法撤销。如需保留，请先导出对话。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/dialogs.py" line="135"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>FolderTree</name>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="380"/>
        <source>All chats</source>
        <extracomment>How long changes gather before the tree is read again. A source row&apos;s id (a stable number for its name: the chosen row survives a rebuild) and the source it names.</extracomment>
        <translation>全部对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="381"/>
        <source>No folder</source>
        <translation>未归入文件夹</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="382"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="383"/>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="384"/>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="385"/>
        <source>Made in ChatDesk</source>
        <translation>在 ChatDesk 中创建</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="388"/>
        <location filename="../../chatdesk/ui/chats/folders.py" line="526"/>
        <source>New folder</source>
        <translation>新建文件夹</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="389"/>
        <source>New sub-folder</source>
        <translation>新建子文件夹</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="390"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="393"/>
        <source>Delete folder…</source>
        <translation>删除文件夹…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="394"/>
        <source>Folders, tags and the archive: drag chats onto a folder</source>
        <translation>文件夹、标签和归档：把对话拖到文件夹上即可移入</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="577"/>
        <source>Delete folder</source>
        <translation>删除文件夹</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="578"/>
        <source>Delete the folder “%s” and its sub-folders? It holds %d chats.</source>
        <translation>删除文件夹“%s”及其子文件夹？其中有 %d 个对话。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="584"/>
        <source>Move the chats out</source>
        <translation>把对话移出</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chats/folders.py" line="587"/>
        <source>Delete the chats too</source>
        <translation>连同对话一起删除</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="236"/>
        <source>New message ↓</source>
        <extracomment>How far above the thread&apos;s bottom edge the &quot;New message ↓&quot; pill floats. The message at the top and its offset, kept through a change of width (0: the end). A message the person just added, to scroll to when it arrives (0: none). The first of the new messages that arrived out of sight (-1: none), and how many.</extracomment>
        <translation>新消息 ↓</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="238"/>
        <source>%d new messages ↓</source>
        <translation>%d 条新消息 ↓</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="240"/>
        <source>Show the messages that arrived (End)</source>
        <translation>显示新到的消息（End）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="386"/>
        <source>Message copied</source>
        <translation>消息已复制</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="425"/>
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="426"/>
        <source>Open to select text…</source>
        <translation>打开以选择文字…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="457"/>
        <source>You</source>
        <translation>我</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="458"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="459"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="460"/>
        <source>Tool</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="463"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="465"/>
        <source>%s more characters: double-click to read the whole message</source>
        <translation>还有 %s 个字符：双击阅读完整消息</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="468"/>
        <source>(This message has no text)</source>
        <translation>（这条消息没有文字）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="469"/>
        <source>Thought for %1 s</source>
        <translation>思考了 %1 秒</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="470"/>
        <source>Thinking</source>
        <translation>思考过程</translation>
    </message>
    <message numerus="yes">
        <location filename="../../chatdesk/ui/history/view.py" line="473"/>
        <source>Ran %1 · %n lines</source>
        <translation>
            <numerusform>运行了 %1 · %n 行</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="473"/>
        <source>Ran %1 · 1 line</source>
        <translation>运行了 %1 · 1 行</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="476"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="478"/>
        <source>This chat has no messages yet.</source>
        <translation>这个对话还没有消息。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history/view.py" line="480"/>
        <source>Write the first one below: Ctrl+Enter adds it.</source>
        <translation>在下方写下第一条：按 Ctrl+Enter 添加。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="89"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="91"/>
        <source>Importing “%s”…</source>
        <translation>正在导入“%s”…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="93"/>
        <source>Importing %n files…</source>
        <translation>
            <numerusform>正在导入 %n 个文件…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="94"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="97"/>
        <source>Cancel stops after the current conversation. Each conversation is saved on its own: those imported before you cancel stay, and importing the file again adds only what is missing.</source>
        <translation>取消会在当前这段对话处理完后停止。每段对话单独保存：取消前已导入的会保留，再次导入同一文件只会补上缺少的部分。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="102"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="103"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="114"/>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="135"/>
        <source>Conversations read: %d</source>
        <translation>已读取对话：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="126"/>
        <source>Importing “%1” (file %2 of %3)…</source>
        <translation>正在导入“%1”（第 %2 个，共 %3 个文件）…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="141"/>
        <source>Stopping after the current conversation…</source>
        <translation>将在当前对话处理完后停止…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="198"/>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="232"/>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="288"/>
        <source>Import cancelled</source>
        <translation>导入已取消</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="200"/>
        <source>Conversations read before stopping: %d (%s). What was imported is kept: import the file again to add the rest, nothing is duplicated.</source>
        <translation>停止前已读取对话：%d（%s）。已导入的内容会保留：再次导入该文件即可补上其余部分，不会重复。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="204"/>
        <source>Imported “%s”</source>
        <translation>已导入“%s”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="205"/>
        <source>Conversations read: %d (%s).</source>
        <translation>已读取对话：%d（%s）。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="208"/>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="275"/>
        <source>New chats: %d</source>
        <translation>新建对话：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="209"/>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="276"/>
        <source>Updated chats (new messages): %d</source>
        <translation>更新的对话（有新消息）：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="210"/>
        <source>Already imported, unchanged: %d</source>
        <translation>已导入过、未变化：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="213"/>
        <source>Repeated in the file: %d</source>
        <translation>文件中重复的：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="215"/>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="239"/>
        <source>Left out, malformed: %d</source>
        <translation>格式有误、已跳过：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="216"/>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="277"/>
        <source>Messages added: %d</source>
        <translation>新增消息：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="220"/>
        <source>Messages cut to 1,000,000 characters (a note at their end): %d</source>
        <translation>截断到 1,000,000 个字符的消息（末尾有说明）：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="224"/>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="242"/>
        <source>Control characters removed: %d</source>
        <translation>已删除的控制字符：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="226"/>
        <source>The conversations left out, and why:</source>
        <translation>跳过的对话及原因：</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="227"/>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="243"/>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="294"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="234"/>
        <source>Imported “%s” into the prompt gallery</source>
        <translation>已将“%s”导入提示词库</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="236"/>
        <source>Prompts read: %d</source>
        <translation>已读取提示词：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="237"/>
        <source>Added: %d</source>
        <translation>已添加：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="238"/>
        <source>Already in the gallery: %d</source>
        <translation>库中已有：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="248"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="249"/>
        <source>Could not import “%s”</source>
        <translation>无法导入“%s”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="250"/>
        <source>Conversations imported before the problem, if any, are kept.</source>
        <translation>出错前已导入的对话（如有）会保留。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="281"/>
        <source>Prompts added to the gallery: %d</source>
        <translation>加入提示词库的提示词：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="284"/>
        <source>Files not imported: %d</source>
        <translation>未导入的文件：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="285"/>
        <source>File by file:</source>
        <translation>逐个文件：</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="289"/>
        <source>What was imported is kept: import again to add the rest.</source>
        <translation>已导入的内容会保留：再次导入即可补上其余部分。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="291"/>
        <source>Imported %n files</source>
        <translation>
            <numerusform>已导入 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="293"/>
        <source>Imported %1 of %2 files</source>
        <translation>已导入 %1 个文件（共 %2 个）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="305"/>
        <source>%1 — not imported: %2</source>
        <translation>%1 — 未导入：%2</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="307"/>
        <source>%1 — not imported: the import was cancelled before it</source>
        <translation>%1 — 未导入：导入在此之前已取消</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="311"/>
        <source>%1 — new chats: %2, updated: %3, unchanged: %4, left out: %5, messages added: %6</source>
        <translation>%1 — 新建对话：%2，更新：%3，未变化：%4，已跳过：%5，新增消息：%6</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="329"/>
        <source>%1 — prompts added to the gallery: %2, already there: %3, left out: %4</source>
        <translation>%1 — 加入提示词库：%2，库中已有：%3，已跳过：%4</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_dialog.py" line="335"/>
        <source>(cancelled part way: what was read before is kept)</source>
        <translation>（中途取消：之前读取的内容已保留）</translation>
    </message>
</context>
<context>
    <name>ImportErrors</name>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="22"/>
        <source>{name}: no such file or folder</source>
        <translation>{name}：没有这个文件或文件夹</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="26"/>
        <source>{name}: a damaged or unreadable zip archive ({detail})</source>
        <translation>{name}：zip 压缩包已损坏或无法读取（{detail}）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="29"/>
        <source>{name} is not valid JSON: {where}</source>
        <translation>{name} 不是有效的 JSON：{where}</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="30"/>
        <source>The JSON of {name} breaks off after conversation {after}: {where}. The conversations before it were imported.</source>
        <translation>{name} 的 JSON 在第 {after} 个对话之后中断：{where}。之前的对话已导入。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="23"/>
        <source>{name}: no chat export in it (ChatDesk reads {formats})</source>
        <translation>{name}：其中没有对话导出文件（ChatDesk 可读取 {formats}）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="35"/>
        <source>{name}: not a format ChatDesk knows (it reads {formats}, and prompt collections)</source>
        <translation>{name}：不是 ChatDesk 认识的格式（它可读取 {formats}，以及提示词合集）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="39"/>
        <source>{name} is a prompt collection, not chats: import it as prompts</source>
        <translation>{name} 是提示词合集，不是对话：请作为提示词导入</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="42"/>
        <source>{name} is not a prompt collection (a CSV act,prompt or a JSON list)</source>
        <translation>{name} 不是提示词合集（act,prompt 格式的 CSV 或 JSON 列表）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="45"/>
        <source>{name}: the first row must name the columns “act” and “prompt”</source>
        <translation>{name}：第一行必须包含列名“act”和“prompt”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="48"/>
        <source>{name}: unreadable CSV at line {line} ({detail})</source>
        <translation>{name}：第 {line} 行的 CSV 无法读取（{detail}）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="51"/>
        <source>{name}: {where}; save it as UTF-8</source>
        <translation>{name}：{where}；请另存为 UTF-8</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="52"/>
        <source>{name} is empty</source>
        <translation>{name} 是空文件</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="53"/>
        <source>{name} is {encoding} text; save it as UTF-8</source>
        <translation>{name} 是 {encoding} 编码的文本；请另存为 UTF-8</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="54"/>
        <source>{name} is {kind}, not a chat export</source>
        <translation>{name} 是{kind}，不是聊天导出文件</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="55"/>
        <source>{name} nests more than {limit} levels deep. No chat export nests so deep: the file is damaged, or not an export.</source>
        <translation>{name} 的嵌套超过 {limit} 层。聊天导出文件不会嵌套这么深：文件已损坏，或不是导出文件。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="60"/>
        <source>{name} is a Cherry Studio direct backup (format {version}, made by Cherry Studio {app_version}): a copy of the app&apos;s storage folders, which ChatDesk cannot read. A backup of Cherry Studio 1.7 or earlier (Settings → Data settings → Backup) is a zip holding data.json, which ChatDesk reads.</source>
        <translation>{name} 是 Cherry Studio 的直接备份（第 {version} 版格式，由 Cherry Studio {app_version} 生成）：应用存储文件夹的副本，ChatDesk 无法读取。Cherry Studio 1.7 及更早版本的备份（设置 → 数据设置 → 备份）是含有 data.json 的 zip 文件，ChatDesk 可以读取。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="67"/>
        <source>{name} holds a text of more than {limit} MB in one piece. No chat message is that long (ChatDesk keeps up to 1,000,000 characters of a message).</source>
        <translation>{name} 中有一段超过 {limit} MB 的连续文本。聊天消息不会这么长（ChatDesk 每条消息最多保留 1,000,000 个字符）。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="77"/>
        <source>an image</source>
        <translation>一张图片</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="78"/>
        <source>a PDF document</source>
        <translation>一个 PDF 文档</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="79"/>
        <source>a compressed archive</source>
        <translation>一个压缩包</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="80"/>
        <source>a database</source>
        <translation>一个数据库</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="81"/>
        <source>an office document</source>
        <translation>一个 Office 文档</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="82"/>
        <source>a program</source>
        <translation>一个程序</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="83"/>
        <source>an audio or video file</source>
        <translation>一个音频或视频文件</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="94"/>
        <source>the file ends inside the JSON (cut off?)</source>
        <translation>文件在 JSON 中途结束（被截断了？）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="95"/>
        <source>not UTF-8 text</source>
        <translation>不是 UTF-8 文本</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/import_errors.py" line="97"/>
        <source>line {line}, column {column}: {what}</source>
        <translation>第 {line} 行，第 {column} 列：{what}</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="120"/>
        <source>ChatDesk — Sign in</source>
        <translation>ChatDesk — 登录</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="121"/>
        <source>ChatDesk</source>
        <translation>ChatDesk</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="122"/>
        <source>Sign in, or create an account with a new name.</source>
        <translation>登录，或用新用户名注册账号。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="123"/>
        <source>&amp;Username</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="124"/>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="125"/>
        <source>Your name</source>
        <translation>你的用户名</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="126"/>
        <source>At least 6 characters</source>
        <translation>至少 6 个字符</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="127"/>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="128"/>
        <source>&amp;Register</source>
        <translation>注册(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="132"/>
        <source>ChatDesk closed unexpectedly last time. What is known of the crash is in:
%s</source>
        <translation>ChatDesk 上次意外关闭。有关这次崩溃的信息保存在：
%s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="182"/>
        <source>Enter a username and a password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/account/login_window.py" line="211"/>
        <source>Something went wrong: %s</source>
        <translation>出错了：%s</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="374"/>
        <source>ChatDesk</source>
        <translation>ChatDesk</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="375"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="376"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="377"/>
        <source>&amp;New chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="378"/>
        <source>&amp;Find chats</source>
        <translation>查找对话(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="379"/>
        <source>Find in &amp;messages</source>
        <translation>在消息中查找(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="380"/>
        <source>&amp;Rename chat</source>
        <translation>重命名对话(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="382"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="383"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="384"/>
        <source>&amp;Account</source>
        <translation>账户(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="385"/>
        <source>Change &amp;password…</source>
        <translation>修改密码(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="386"/>
        <source>&amp;Sign out</source>
        <translation>退出登录(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="387"/>
        <source>&amp;Delete account…</source>
        <translation>删除账户(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="388"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="390"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="391"/>
        <source>&amp;About ChatDesk</source>
        <translation>关于 ChatDesk(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="394"/>
        <source>Signed in as %s</source>
        <translation>已登录：%s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="423"/>
        <source>Password changed</source>
        <translation>密码已修改</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="510"/>
        <source>Undo: restore %d chats</source>
        <translation>撤销：恢复 %d 个对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="511"/>
        <source>Undo: restore “%s”</source>
        <translation>撤销：恢复“%s”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="454"/>
        <source>No chat open: pick one, or write to start one</source>
        <translation>未打开对话：选择一个，或直接输入开始新对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="270"/>
        <source>Back to the chat</source>
        <extracomment>Below this window width the prompt gallery folds into the thread&apos;s &quot;Prompts&quot; toggle: three panels left the thread ~150 px of a 576 px window. Folded, the thread keeps at least 60 % of the width (the chat list at most :data:`FOLDED_LEFT_SHARE` of it); at 1,000 px and more the three panels fit with the thread the widest. Undo of something other than a delete of chats (a move, an archive, a folder).</extracomment>
        <translation>返回对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="271"/>
        <source>Show the chat again</source>
        <translation>重新显示对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="273"/>
        <source>Prompts</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="275"/>
        <source>Show the prompt gallery in the chat&apos;s place (the window is narrow)</source>
        <translation>在对话的位置显示提示词库（窗口较窄）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="381"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="523"/>
        <source>Undo: restore the folder “%s”</source>
        <translation>撤销：恢复文件夹“%s”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="554"/>
        <source>API: %s/myapp/</source>
        <translation>API：%s/myapp/</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="556"/>
        <source>API not running: %s</source>
        <translation>API 未运行：%s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="558"/>
        <source>API: starting…</source>
        <translation>API：正在启动…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="560"/>
        <source>API: off</source>
        <translation>API：已关闭</translation>
    </message>
</context>
<context>
    <name>MeaningStatus</name>
    <message>
        <location filename="../../chatdesk/ui/meaning_status.py" line="46"/>
        <source>Search by meaning is off</source>
        <translation>按语义搜索已关闭</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/meaning_status.py" line="52"/>
        <source>Meaning index: %d %% (paused)</source>
        <translation>语义索引：%d %%（已暂停）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/meaning_status.py" line="53"/>
        <source>Paused in the settings</source>
        <translation>已在设置中暂停</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/meaning_status.py" line="55"/>
        <source>Meaning index: %d %%</source>
        <translation>语义索引：%d %%</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/meaning_status.py" line="57"/>
        <source>%d chats to embed for search by meaning (model %s)</source>
        <translation>还有 %d 个对话待建立语义索引（模型 %s）</translation>
    </message>
</context>
<context>
    <name>PromptCard</name>
    <message>
        <location filename="../../chatdesk/ui/prompts/card.py" line="245"/>
        <source>Favorite</source>
        <translation>已收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/card.py" line="338"/>
        <source>Use this prompt</source>
        <translation>使用此提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/card.py" line="339"/>
        <source>Remove from favorites</source>
        <translation>取消收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/card.py" line="339"/>
        <source>Add to favorites</source>
        <translation>加入收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/card.py" line="341"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/card.py" line="343"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>PromptCollectionsMenu</name>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="62"/>
        <source>Import prompts…</source>
        <translation>导入提示词…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="64"/>
        <source>Add the prompts of a CSV (act,prompt) or JSON collection to the gallery</source>
        <translation>将 CSV（act,prompt）或 JSON 提示词集里的提示词加入提示词库</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="66"/>
        <source>Export gallery…</source>
        <translation>导出提示词库…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="67"/>
        <source>Save every prompt as CSV or JSON</source>
        <translation>将全部提示词保存为 CSV 或 JSON</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="76"/>
        <source>JSON list (*.json)</source>
        <translation>JSON 列表 (*.json)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="77"/>
        <source>CSV act,prompt (*.csv)</source>
        <translation>CSV act,prompt (*.csv)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="78"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="87"/>
        <source>Import prompts</source>
        <translation>导入提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="90"/>
        <source>Prompt collections (*.csv *.json)</source>
        <translation>提示词集 (*.csv *.json)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="100"/>
        <source>Export gallery</source>
        <translation>导出提示词库</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="131"/>
        <source>Importing prompts from %s…</source>
        <translation>正在从 %s 导入提示词…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="137"/>
        <source>Could not import %s</source>
        <translation>无法导入 %s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="148"/>
        <source>Exporting the gallery to %s…</source>
        <translation>正在将提示词库导出到 %s…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="154"/>
        <source>Could not export to %s</source>
        <translation>无法导出到 %s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="161"/>
        <source>{name}: {added} added, {duplicates} skipped as duplicates, {errors} with errors.</source>
        <translation>{name}：新增 {added} 条，跳过重复 {duplicates} 条，出错 {errors} 条。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="170"/>
        <source>… and %d more</source>
        <translation>……另有 %d 条</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="172"/>
        <source>Prompts imported</source>
        <translation>提示词已导入</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/collections_menu.py" line="177"/>
        <source>Exported {count} prompts to {name}</source>
        <translation>已将 {count} 条提示词导出到 {name}</translation>
    </message>
</context>
<context>
    <name>PromptGallery</name>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="163"/>
        <source>Prompts</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="164"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="165"/>
        <source>Search all prompts…</source>
        <translation>搜索全部提示词…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="166"/>
        <source>Shuffle</source>
        <translation>换一批</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="167"/>
        <source>Favorites only</source>
        <translation>只看收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="168"/>
        <source>Shuffle draws from your starred prompts only</source>
        <translation>“换一批”只从你收藏的提示词中抽取</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="171"/>
        <source>Collections</source>
        <translation>提示词集</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="172"/>
        <source>Import prompts or export the gallery</source>
        <translation>导入提示词或导出提示词库</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="173"/>
        <source>Prompt collections</source>
        <translation>提示词集</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="174"/>
        <source>Show all prompts</source>
        <translation>显示全部提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="180"/>
        <source>Show 8 other favorites</source>
        <translation>换 8 条其他收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="182"/>
        <source>No favorites yet — star a prompt</source>
        <translation>还没有收藏——给提示词加个星标吧</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="184"/>
        <source>Show all prompts, then click a card&apos;s star or press F on it.</source>
        <translation>先显示全部提示词，再点卡片上的星标，或选中卡片按 F。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="187"/>
        <source>Show 8 other prompts</source>
        <translation>换 8 条其他提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="188"/>
        <source>No prompts yet — add one or import a collection</source>
        <translation>还没有提示词——添加一条，或导入提示词集</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="302"/>
        <source>Use this prompt</source>
        <translation>使用此提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="304"/>
        <source>Remove from favorites</source>
        <translation>取消收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="304"/>
        <source>Add to favorites</source>
        <translation>加入收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="308"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="309"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="394"/>
        <source>Deleted “%s”</source>
        <translation>已删除“%s”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="411"/>
        <source>Restored “%s”</source>
        <translation>已恢复“%s”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="169"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/gallery.py" line="170"/>
        <source>Add a prompt to the gallery</source>
        <translation>向提示词库添加一条提示词</translation>
    </message>
</context>
<context>
    <name>PromptListModel</name>
    <message>
        <location filename="../../chatdesk/ui/prompts/models.py" line="59"/>
        <source>Favorite</source>
        <translation>已收藏</translation>
    </message>
</context>
<context>
    <name>Restorer</name>
    <message>
        <location filename="../../chatdesk/ui/transfers/restore.py" line="57"/>
        <source>Restoring “%s”…</source>
        <translation>正在恢复“%s”…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/restore.py" line="66"/>
        <source>Restored the backup “%s”.

Sign in again: the accounts are now those of the backup. The data from before the restore is kept in
%s</source>
        <translation>已恢复备份“%s”。

请重新登录：现在的账户是备份中的账户。恢复之前的数据保存在
%s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/restore.py" line="75"/>
        <source>Could not restore “%s”: %s

Nothing was changed.</source>
        <translation>无法恢复“%s”：%s

没有做任何更改。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/restore.py" line="81"/>
        <source>Could not restore “%s”: %s

If the data looks wrong, the database from before the restore is kept beside it (a .before-restore file).</source>
        <translation>无法恢复“%s”：%s

如果数据看起来不对，恢复之前的数据库保存在它旁边（文件名含 .before-restore）。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/restore.py" line="89"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="44"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="47"/>
        <source>Serve the /myapp/ API while ChatDesk runs</source>
        <translation>ChatDesk 运行时提供 /myapp/ API</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="52"/>
        <source>Any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="55"/>
        <source>Require a token (log in first) for every call</source>
        <translation>每次调用都需要令牌（先登录）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="67"/>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="73"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="74"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="75"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="81"/>
        <source>Pause building the meaning index</source>
        <translation>暂停建立语义索引</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="84"/>
        <source>Search by meaning finds what is already embedded; the rest waits</source>
        <translation>按语义搜索只查已建立索引的内容，其余的等待</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="93"/>
        <source>Browser pages may call the API only from the origins listed, one per line.</source>
        <translation>只有列出的来源（每行一个）的网页可以调用 API。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="98"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="100"/>
        <source>Allowed origins</source>
        <translation>允许的来源</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="103"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="104"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="105"/>
        <source>Meaning model</source>
        <translation>语义模型</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="121"/>
        <source>an origin is scheme://host[:port], such as https://example.org</source>
        <translation>来源的格式是 scheme://host[:port]，例如 https://example.org</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="122"/>
        <source>the scheme must be http:// or https://</source>
        <translation>协议必须是 http:// 或 https://</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="123"/>
        <source>an origin has nothing after the host and port (no path, query or #)</source>
        <translation>来源在主机和端口之后不能再有内容（没有路径、查询或 #）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="124"/>
        <source>an origin has no user name or password</source>
        <translation>来源中不能有用户名或密码</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="126"/>
        <source>the host is not a name (letters, digits, - and dots), an IPv4 or an [IPv6] address</source>
        <translation>主机既不是名称（字母、数字、- 和点），也不是 IPv4 或 [IPv6] 地址</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="128"/>
        <source>the port must be a number from 1 to 65535</source>
        <translation>端口必须是 1 到 65535 之间的数字</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="130"/>
        <source>browsers leave out the scheme&apos;s default port (80, 443): write it without</source>
        <translation>浏览器会省略协议的默认端口（80、443）：请去掉端口</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="153"/>
        <source>“%1” is not an origin: %2.</source>
        <translation>“%1”不是来源：%2。</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="87"/>
        <source>Keyboard shortcuts</source>
        <extracomment>The message list&apos;s copy key (a :class:`QShortcut` of the history view). F2: rename the chat, or the folder chosen in the tree (the main window&apos;s Rename). Keys a focused prompt card, or a search result of the gallery, handles itself: star (a favourite or not), edit, delete. Their menus show them and F1 lists them, from here.</extracomment>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="89"/>
        <source>Add the message being written</source>
        <translation>添加正在编写的消息</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="90"/>
        <source>Copy the message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="91"/>
        <source>From the search box to the results, and back</source>
        <translation>从搜索框到搜索结果，再返回</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="92"/>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="93"/>
        <source>Read a message in a window of its own</source>
        <translation>在单独的窗口中阅读消息</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="93"/>
        <source>Double-click</source>
        <translation>双击</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="94"/>
        <source>Rename the folder chosen in the tree</source>
        <translation>重命名树中选中的文件夹</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="95"/>
        <source>Star or unstar the prompt</source>
        <translation>收藏或取消收藏提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="96"/>
        <source>Edit the prompt</source>
        <translation>编辑提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="97"/>
        <source>Delete the prompt</source>
        <translation>删除提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="101"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/help.py" line="101"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>SourcesDialog</name>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="43"/>
        <source>%1: not found</source>
        <translation>%1：未找到</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="47"/>
        <source>%1: %2 sessions in %3 projects, %4</source>
        <translation>%1：%3 个项目中的 %2 个会话，%4</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="70"/>
        <source>Coding agents</source>
        <translation>编程智能体</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="72"/>
        <source>ChatDesk can import the sessions of coding agents from their folders on this computer and keep them up to date while the agents write. Nothing is read until you turn a source on; the agents&apos; files are never changed.</source>
        <translation>ChatDesk 可以从本机上编程智能体的文件夹导入它们的会话，并在智能体写入时保持更新。在你打开某个来源之前不会读取任何内容；智能体的文件永远不会被修改。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="88"/>
        <source>Looking…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="93"/>
        <source>Add a folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="106"/>
        <source>Mask secrets in threads and exports</source>
        <translation>在对话和导出中遮盖密钥</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="111"/>
        <source>Agents often echo keys: lines with API_KEY=, Authorization: Bearer, AWS keys. They are kept as they are; with this on they are shown and exported as ••••••.</source>
        <translation>智能体常会回显密钥：含 API_KEY=、Authorization: Bearer、AWS 密钥的行。它们按原样保存；打开此项后，显示和导出时显示为 ••••••。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="167"/>
        <source>A folder of this agent&apos;s sessions</source>
        <translation>存放此智能体会话的文件夹</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="191"/>
        <source>Importing: %1 of %2 sessions</source>
        <translation>正在导入：%1 / %2 个会话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="221"/>
        <source>Copy resume command</source>
        <translation>复制恢复命令</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="249"/>
        <source>Project: %1</source>
        <translation>项目：%1</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="255"/>
        <source>Branch: %1</source>
        <translation>分支：%1</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="267"/>
        <source>Copied: %1</source>
        <translation>已复制：%1</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/sources_dialog.py" line="293"/>
        <source>Coding &amp;agents…</source>
        <translation>编程智能体(&amp;A)…</translation>
    </message>
</context>
<context>
    <name>StarButton</name>
    <message>
        <location filename="../../chatdesk/ui/prompts/card.py" line="170"/>
        <source>Favorite</source>
        <extracomment>Keys a focused card (or search result) takes before the window&apos;s shortcuts: edit, delete. How much of a prompt&apos;s text a card reads for its preview: more than the most lines a card shows hold, and a 20,000-character prompt is not laid out at every repaint.</extracomment>
        <translation>收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/card.py" line="172"/>
        <source>Remove from favorites (F)</source>
        <translation>取消收藏 (F)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompts/card.py" line="174"/>
        <source>Add to favorites (F)</source>
        <translation>加入收藏 (F)</translation>
    </message>
</context>
<context>
    <name>Transfers</name>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="174"/>
        <source>&amp;Import chats…</source>
        <translation>导入对话(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="176"/>
        <source>&amp;Export selected chats…</source>
        <translation>导出所选对话(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="177"/>
        <source>Export &amp;all chats…</source>
        <translation>导出全部对话(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="179"/>
        <source>&amp;Back up…</source>
        <translation>备份(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="180"/>
        <source>&amp;Restore from backup…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="233"/>
        <source>Unexpected error (%s): %s</source>
        <translation>意外错误（%s）：%s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="258"/>
        <source>Import chats</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="262"/>
        <source>Prompt collections (*.json *.csv)</source>
        <translation>提示词合集 (*.json *.csv)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="263"/>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="557"/>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="589"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="302"/>
        <source>An import is already running</source>
        <translation>已有导入正在进行</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="394"/>
        <source>Import cancelled. New chats kept: %d</source>
        <translation>导入已取消，保留的新对话：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="377"/>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="398"/>
        <source>Import finished. New chats: %d, updated: %d</source>
        <translation>导入完成。新建对话：%d，更新：%d</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="175"/>
        <source>Import chats from a &amp;folder…</source>
        <translation>从文件夹导入对话(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="261"/>
        <source>Chat exports and sessions (*.json *.jsonl *.zip *.html *.md *.vscdb)</source>
        <translation>对话导出与会话文件 (*.json *.jsonl *.zip *.html *.md *.vscdb)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="270"/>
        <source>Import chats from a folder</source>
        <translation>从文件夹导入对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="309"/>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="313"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="314"/>
        <source>“%s” holds no file to import (.json, .zip or .csv).</source>
        <translation>“%s”中没有可导入的文件（.json、.zip 或 .csv）。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="403"/>
        <source>Added %d prompts to the gallery</source>
        <translation>已向提示词库添加 %d 条提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="410"/>
        <source>Select a chat to export first</source>
        <translation>请先选择要导出的对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="415"/>
        <source>Export all chats</source>
        <translation>导出全部对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="417"/>
        <source>Export chat</source>
        <translation>导出对话</translation>
    </message>
    <message numerus="yes">
        <location filename="../../chatdesk/ui/transfers/controller.py" line="419"/>
        <source>Export %n chats</source>
        <translation>
            <numerusform>导出 %n 个对话</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="433"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="434"/>
        <source>JSON, can be imported again (*.json)</source>
        <translation>JSON，可再次导入 (*.json)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="435"/>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="465"/>
        <source>Export the arc&amp;hive…</source>
        <translation>导出归档(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="467"/>
        <source>Export the chats in &amp;no folder…</source>
        <translation>导出未归入文件夹的对话(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="469"/>
        <source>Export &amp;this folder (%s)…</source>
        <translation>导出此文件夹（%s）(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="471"/>
        <source>Export the chats &amp;tagged %s…</source>
        <translation>导出带有标签 %s 的对话(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="472"/>
        <source>Export &amp;this folder…</source>
        <translation>导出此文件夹(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="476"/>
        <source>Choose a folder, tag or the archive to export first</source>
        <translation>请先选择要导出的文件夹、标签或归档</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="524"/>
        <source>Exporting chats: %d of %d…</source>
        <translation>正在导出对话：%d / %d…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="526"/>
        <source>Chats exported: %d, to %s</source>
        <translation>已导出对话：%d，保存到 %s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="529"/>
        <source>Exporting to %s…</source>
        <translation>正在导出到 %s…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="537"/>
        <source>Export cancelled: nothing was written</source>
        <translation>导出已取消：没有写入任何文件</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="540"/>
        <source>That chat is gone (deleted meanwhile?): nothing was written.</source>
        <translation>该对话已不存在（可能刚被删除）：没有写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="542"/>
        <source>That folder or tag is gone (deleted meanwhile?): nothing was written.</source>
        <translation>该文件夹或标签已不存在（可能刚被删除）：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="546"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="546"/>
        <source>Could not export to %s:</source>
        <translation>无法导出到 %s：</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="555"/>
        <source>Back up all data</source>
        <translation>备份全部数据</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="557"/>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="589"/>
        <source>ChatDesk backups (*.sqlite3 *.db)</source>
        <translation>ChatDesk 备份 (*.sqlite3 *.db)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="573"/>
        <source>Backed up all data to %s</source>
        <translation>已将全部数据备份到 %s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="576"/>
        <source>Backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="578"/>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="587"/>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="600"/>
        <source>Restore not available</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="611"/>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="613"/>
        <source>Replace all data (every account, chat and prompt) with the backup “%s”?

What is there now is kept in a copy beside the database. Imports still running are stopped, the API server restarts, and everyone signs in again.</source>
        <translation>用备份“%s”替换全部数据（所有账户、对话和提示词）？

现有数据会在数据库旁保留一份副本。正在进行的导入会停止，API 服务器会重启，所有人都需要重新登录。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/transfers/controller.py" line="624"/>
        <source>Replace all data</source>
        <translation>替换全部数据</translation>
    </message>
</context>
<context>
    <name>launch</name>
    <message>
        <location filename="../../chatdesk/ui/launch.py" line="95"/>
        <source>ChatDesk cannot open your library:</source>
        <translation>ChatDesk 无法打开你的资料库：</translation>
    </message>
</context>
</TS>
