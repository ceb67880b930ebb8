"""The frozen app's entry point, for both executables (see chatdesk.spec).

It lives here, not at the repository's top, so that PyInstaller analyses the installed ``chatdesk``
package in the build virtualenv (where ``resources/`` is ``chatdesk.resources``) rather than the
checkout beside ``main.py``.
"""

import sys

from chatdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
