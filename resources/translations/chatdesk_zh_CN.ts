<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddPromptDialog</name>
    <message>
        <location filename="../../chatdesk/ui/prompt_dialog.py" line="36"/>
        <source>Add a prompt</source>
        <translation>添加提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_dialog.py" line="39"/>
        <source>A short name, e.g. “Code review”</source>
        <translation>简短的名称，例如“代码审查”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_dialog.py" line="40"/>
        <source>The prompt itself, as you would send it…</source>
        <translation>提示词正文，就像你要发送的那样…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_dialog.py" line="48"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_dialog.py" line="49"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>ChatFinder</name>
    <message>
        <location filename="../../chatdesk/ui/chat_finder.py" line="90"/>
        <source>Search chats… (Ctrl+F)</source>
        <translation>搜索对话…（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_finder.py" line="93"/>
        <source>Ctrl+F: find chats by title as you type.
Ctrl+F again (or Ctrl+Shift+F): search inside messages.
Down or Enter: go to the results. Esc: clear and back to the chats.</source>
        <translation>Ctrl+F：边输入边按标题查找对话。
再按一次 Ctrl+F（或 Ctrl+Shift+F）：在消息内容中搜索。
下方向键或回车：转到结果。Esc：清除搜索并回到对话列表。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_finder.py" line="98"/>
        <source>Search inside messages</source>
        <translation>在消息内容中搜索</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_finder.py" line="100"/>
        <source>List the messages that contain the text (Ctrl+Shift+F)</source>
        <translation>列出包含这段文字的消息（Ctrl+Shift+F）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_finder.py" line="102"/>
        <source>Newest first</source>
        <translation>最新的在前</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_finder.py" line="103"/>
        <source>Best match</source>
        <translation>最匹配的在前</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_finder.py" line="104"/>
        <source>How to sort the messages found</source>
        <translation>找到的消息如何排序</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_finder.py" line="172"/>
        <source>Found: %d</source>
        <translation>找到 %d 条</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_finder.py" line="174"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_finder.py" line="176"/>
        <source>Nothing found</source>
        <translation>没有找到</translation>
    </message>
</context>
<context>
    <name>ChatListPanel</name>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="143"/>
        <location filename="../../chatdesk/ui/chat_list.py" line="305"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="144"/>
        <source>Start a new chat (Ctrl+N)</source>
        <translation>新建对话（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="145"/>
        <location filename="../../chatdesk/ui/chat_list.py" line="344"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="276"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="147"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="146"/>
        <source>Delete the selected chats (Del)</source>
        <translation>删除选中的对话（Del）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="148"/>
        <location filename="../../chatdesk/ui/chat_list.py" line="288"/>
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="149"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="288"/>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="334"/>
        <source>Delete %d chats? You can undo this right after.</source>
        <translation>删除这 %d 个对话？删除后可以立即撤销。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="337"/>
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="337"/>
        <source>Delete chats</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="331"/>
        <source>Delete “%s”? You can undo this right after.</source>
        <translation>删除“%s”？删除后可以立即撤销。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="73"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="74"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="75"/>
        <source>Who says this message</source>
        <translation>这条消息由谁说</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="76"/>
        <source>Write a message… (Ctrl+Enter adds it)</source>
        <translation>输入消息…（Ctrl+Enter 添加）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="77"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="78"/>
        <source>Add the message to the chat (Ctrl+Enter)</source>
        <translation>将消息加入对话（Ctrl+Enter）</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="185"/>
        <source>Message copied</source>
        <translation>消息已复制</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="202"/>
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="203"/>
        <source>Open to select text…</source>
        <translation>打开以选择文字…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="226"/>
        <source>You</source>
        <translation>我</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="227"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="228"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="229"/>
        <source>Tool</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="231"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="107"/>
        <source>ChatDesk — Sign in</source>
        <translation>ChatDesk — 登录</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="108"/>
        <source>ChatDesk</source>
        <translation>ChatDesk</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="109"/>
        <source>Sign in, or create an account with a new name.</source>
        <translation>登录，或用新用户名注册账号。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="110"/>
        <source>&amp;Username</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="111"/>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="112"/>
        <source>Your name</source>
        <translation>你的用户名</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="113"/>
        <source>At least 6 characters</source>
        <translation>至少 6 个字符</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="114"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="115"/>
        <source>Register</source>
        <translation>注册</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="145"/>
        <source>Enter a username and a password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="174"/>
        <source>Something went wrong: %s</source>
        <translation>出错了：%s</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="160"/>
        <source>ChatDesk</source>
        <translation>ChatDesk</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="161"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="162"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="163"/>
        <source>&amp;New chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="164"/>
        <source>&amp;Find chats</source>
        <translation>查找对话(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="165"/>
        <source>Find in &amp;messages</source>
        <translation>在消息中查找(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="166"/>
        <source>&amp;Rename chat</source>
        <translation>重命名对话(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="167"/>
        <source>&amp;Undo delete</source>
        <translation>撤销删除(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="168"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="169"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="171"/>
        <source>Signed in as %s</source>
        <translation>已登录：%s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="223"/>
        <source>Undo: restore %d chats</source>
        <translation>撤销：恢复 %d 个对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="224"/>
        <source>Undo: restore “%s”</source>
        <translation>撤销：恢复“%s”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="198"/>
        <source>No chat open: pick one, or write to start one</source>
        <translation>未打开对话：选择一个，或直接输入开始新对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="247"/>
        <source>API: %s/myapp/</source>
        <translation>API：%s/myapp/</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="249"/>
        <source>API not running: %s</source>
        <translation>API 未运行：%s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="251"/>
        <source>API: starting…</source>
        <translation>API：正在启动…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="253"/>
        <source>API: off</source>
        <translation>API：已关闭</translation>
    </message>
</context>
<context>
    <name>PromptCard</name>
    <message>
        <location filename="../../chatdesk/ui/prompt_card.py" line="172"/>
        <source>Favorite</source>
        <translation>已收藏</translation>
    </message>
</context>
<context>
    <name>PromptCollectionsMenu</name>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="57"/>
        <source>Import prompts…</source>
        <translation>导入提示词…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="59"/>
        <source>Add the prompts of a CSV (act,prompt) or JSON collection to the gallery</source>
        <translation>将 CSV（act,prompt）或 JSON 提示词集里的提示词加入提示词库</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="61"/>
        <source>Export gallery…</source>
        <translation>导出提示词库…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="62"/>
        <source>Save every prompt as CSV or JSON</source>
        <translation>将全部提示词保存为 CSV 或 JSON</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="71"/>
        <source>JSON list (*.json)</source>
        <translation>JSON 列表 (*.json)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="72"/>
        <source>CSV act,prompt (*.csv)</source>
        <translation>CSV act,prompt (*.csv)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="73"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="82"/>
        <source>Import prompts</source>
        <translation>导入提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="85"/>
        <source>Prompt collections (*.csv *.json)</source>
        <translation>提示词集 (*.csv *.json)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="95"/>
        <source>Export gallery</source>
        <translation>导出提示词库</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="126"/>
        <source>Importing prompts from %s…</source>
        <translation>正在从 %s 导入提示词…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="131"/>
        <source>Could not import %s</source>
        <translation>无法导入 %s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="142"/>
        <source>Exporting the gallery to %s…</source>
        <translation>正在将提示词库导出到 %s…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="147"/>
        <source>Could not export to %s</source>
        <translation>无法导出到 %s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="154"/>
        <source>{name}: {added} added, {duplicates} skipped as duplicates, {errors} with errors.</source>
        <translation>{name}：新增 {added} 条，跳过重复 {duplicates} 条，出错 {errors} 条。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="163"/>
        <source>… and %d more</source>
        <translation>……另有 %d 条</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="165"/>
        <source>Prompts imported</source>
        <translation>提示词已导入</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_collections_menu.py" line="170"/>
        <source>Exported {count} prompts to {name}</source>
        <translation>已将 {count} 条提示词导出到 {name}</translation>
    </message>
</context>
<context>
    <name>PromptGallery</name>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="142"/>
        <source>Prompts</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="143"/>
        <source>Search all prompts…</source>
        <translation>搜索全部提示词…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="144"/>
        <source>Shuffle</source>
        <translation>换一批</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="145"/>
        <source>Favorites only</source>
        <translation>只看收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="146"/>
        <source>Shuffle draws from your starred prompts only</source>
        <translation>“换一批”只从你收藏的提示词中抽取</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="149"/>
        <source>Collections</source>
        <translation>提示词集</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="150"/>
        <source>Import prompts or export the gallery</source>
        <translation>导入提示词或导出提示词库</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="151"/>
        <source>Prompt collections</source>
        <translation>提示词集</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="152"/>
        <source>Show all prompts</source>
        <translation>显示全部提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="158"/>
        <source>Show 8 other favorites</source>
        <translation>换 8 条其他收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="160"/>
        <source>No favorites yet — star a prompt</source>
        <translation>还没有收藏——给提示词加个星标吧</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="162"/>
        <source>Show all prompts, then click a card&apos;s star or press F on it.</source>
        <translation>先显示全部提示词，再点卡片上的星标，或选中卡片按 F。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="165"/>
        <source>Show 8 other prompts</source>
        <translation>换 8 条其他提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="166"/>
        <source>No prompts yet — add one or import a collection</source>
        <translation>还没有提示词——添加一条，或导入提示词集</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="270"/>
        <source>Use this prompt</source>
        <translation>使用此提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="272"/>
        <source>Remove from favorites</source>
        <translation>取消收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="274"/>
        <source>Add to favorites</source>
        <translation>加入收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="147"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="148"/>
        <source>Add a prompt to the gallery</source>
        <translation>向提示词库添加一条提示词</translation>
    </message>
</context>
<context>
    <name>PromptListModel</name>
    <message>
        <location filename="../../chatdesk/ui/prompt_models.py" line="55"/>
        <source>Favorite</source>
        <translation>已收藏</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="34"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="37"/>
        <source>Serve the /myapp/ API while ChatDesk runs</source>
        <translation>ChatDesk 运行时提供 /myapp/ API</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="42"/>
        <source>Any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="45"/>
        <source>Require a token (log in first) for every call</source>
        <translation>每次调用都需要令牌（先登录）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="53"/>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="59"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="60"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="61"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="67"/>
        <source>Browser pages may call the API only from the origins listed, one per line.</source>
        <translation>只有列出的来源（每行一个）的网页可以调用 API。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="72"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="74"/>
        <source>Allowed origins</source>
        <translation>允许的来源</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="76"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="77"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
</context>
<context>
    <name>StarButton</name>
    <message>
        <location filename="../../chatdesk/ui/prompt_card.py" line="105"/>
        <source>Favorite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_card.py" line="107"/>
        <source>Remove from favorites (F)</source>
        <translation>取消收藏 (F)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_card.py" line="109"/>
        <source>Add to favorites (F)</source>
        <translation>加入收藏 (F)</translation>
    </message>
</context>
</TS>
