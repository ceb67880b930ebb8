"""ChatDesk: a desktop manager for AI chat histories."""

__version__ = "0.1.0"

#: The freedesktop application id: the .desktop file's and the AppStream metainfo's name, and
#: QGuiApplication.desktopFileName, so that a desktop shell ties the window to its menu entry.
APP_ID = "io.github.chatdesk.ChatDesk"
