"""The File menu's transfers: import, export, back up and restore, on a job thread."""
