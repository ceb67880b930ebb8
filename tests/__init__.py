"""The test suite. ``IN_CI``: CI is running it, where a test whose service, data or tool is
missing fails instead of skipping (a test skipped in CI is not a test)."""

import os

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
