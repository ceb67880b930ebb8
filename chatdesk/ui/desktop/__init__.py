"""The app as a desktop program: one instance per database, the smoke test, the crash dialog
and the check that this PySide6 will not crash Python."""
