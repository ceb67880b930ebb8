"""Signing in and the account menu's dialogs."""
