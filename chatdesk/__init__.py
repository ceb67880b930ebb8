"""ChatDesk: a desktop manager for AI chat histories."""

__version__ = "0.1.0"
