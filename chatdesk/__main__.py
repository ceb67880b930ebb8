import sys

from chatdesk.cli import main

sys.exit(main())
