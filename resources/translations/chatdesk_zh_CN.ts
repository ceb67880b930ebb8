<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddPromptDialog</name>
    <message>
        <location filename="../../chatdesk/ui/prompt_dialog.py" line="35"/>
        <source>Add a prompt</source>
        <translation>添加提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_dialog.py" line="46"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_dialog.py" line="47"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>ChatListPanel</name>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="172"/>
        <source>Search chats…</source>
        <translation>搜索对话…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="173"/>
        <location filename="../../chatdesk/ui/chat_list.py" line="234"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="174"/>
        <source>Start a new chat (Ctrl+N)</source>
        <translation>新建对话（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="175"/>
        <location filename="../../chatdesk/ui/chat_list.py" line="267"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="176"/>
        <source>Delete the selected chat (Del)</source>
        <translation>删除选中的对话（Del）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="260"/>
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/chat_list.py" line="261"/>
        <source>Delete “%s”? You can undo this right after.</source>
        <translation>删除“%s”？删除后可以立即撤销。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="72"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="73"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="74"/>
        <source>Who says this message</source>
        <translation>这条消息由谁说</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="75"/>
        <source>Write a message… (Ctrl+Enter adds it)</source>
        <translation>输入消息…（Ctrl+Enter 添加）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="76"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/composer.py" line="77"/>
        <source>Add the message to the chat (Ctrl+Enter)</source>
        <translation>将消息加入对话（Ctrl+Enter）</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="282"/>
        <source>Message copied</source>
        <translation>消息已复制</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="299"/>
        <source>Copy message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="304"/>
        <source>You</source>
        <translation>我</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="305"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="306"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="307"/>
        <source>Tool</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/history_view.py" line="309"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="96"/>
        <source>ChatDesk — Sign in</source>
        <translation>ChatDesk — 登录</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="97"/>
        <source>ChatDesk</source>
        <translation>ChatDesk</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="98"/>
        <source>Sign in, or create an account with a new name.</source>
        <translation>登录，或用新用户名注册账号。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="99"/>
        <source>&amp;Username</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="100"/>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="101"/>
        <source>Your name</source>
        <translation>你的用户名</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="102"/>
        <source>At least 6 characters</source>
        <translation>至少 6 个字符</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="103"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="104"/>
        <source>Register</source>
        <translation>注册</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="128"/>
        <source>Enter a username and a password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/login_window.py" line="157"/>
        <source>Something went wrong: %s</source>
        <translation>出错了：%s</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="140"/>
        <source>ChatDesk</source>
        <translation>ChatDesk</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="141"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="142"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="143"/>
        <source>&amp;New chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="144"/>
        <source>&amp;Find chats</source>
        <translation>查找对话(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="145"/>
        <source>&amp;Rename chat</source>
        <translation>重命名对话(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="146"/>
        <source>&amp;Undo delete</source>
        <translation>撤销删除(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="147"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="148"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="150"/>
        <source>Signed in as %s</source>
        <translation>已登录：%s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="151"/>
        <location filename="../../chatdesk/ui/main_window.py" line="199"/>
        <source>Undo: restore “%s”</source>
        <translation>撤销：恢复“%s”</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="177"/>
        <source>No chat open: pick one, or write to start one</source>
        <translation>未打开对话：选择一个，或直接输入开始新对话</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="218"/>
        <source>API: %s/myapp/</source>
        <translation>API：%s/myapp/</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="220"/>
        <source>API not running: %s</source>
        <translation>API 未运行：%s</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="222"/>
        <source>API: starting…</source>
        <translation>API：正在启动…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/main_window.py" line="224"/>
        <source>API: off</source>
        <translation>API：已关闭</translation>
    </message>
</context>
<context>
    <name>PromptGallery</name>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="179"/>
        <source>Prompts</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="180"/>
        <source>Search all prompts…</source>
        <translation>搜索全部提示词…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="181"/>
        <source>Shuffle</source>
        <translation>换一批</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="182"/>
        <source>Show 8 other prompts</source>
        <translation>换 8 条其他提示词</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="183"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/prompt_gallery.py" line="184"/>
        <source>Add a prompt to the gallery</source>
        <translation>向提示词库添加一条提示词</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="29"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="32"/>
        <source>Serve the /myapp/ API while ChatDesk runs</source>
        <translation>ChatDesk 运行时提供 /myapp/ API</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="39"/>
        <source>Require a token (log in first) for every call</source>
        <translation>每次调用都需要令牌（先登录）</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="47"/>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="53"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="54"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="55"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="61"/>
        <source>Browser pages may call the API only from the origins listed, one per line.</source>
        <translation>只有列出的来源（每行一个）的网页可以调用 API。</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="66"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="68"/>
        <source>Allowed origins</source>
        <translation>允许的来源</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="70"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../chatdesk/ui/settings_dialog.py" line="71"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
</context>
</TS>
