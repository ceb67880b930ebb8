"""Business rules shared by the HTTP API and the desktop app. No Qt here."""
