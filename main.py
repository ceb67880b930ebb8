"""Start ChatDesk: the desktop app, or `python main.py serve` for the API alone."""

import sys

from chatdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
