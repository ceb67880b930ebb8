"""Icons, translations and the .desktop entry, shipped as ``chatdesk.resources``."""
