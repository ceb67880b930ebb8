"""What schema v15's triggers on UPDATE of chat cost an append on PostgreSQL: appends timed
with them enabled and disabled in turn (docs/benchmarks-list.md).

Not a test; run by hand against an empty database ``appa`` (it is emptied)::

    python bench/organize_append_check.py [postgresql://postgres@127.0.0.1/appa]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("CHATDESK_BCRYPT_ROUNDS", "4")
from chatdesk.services import accounts, chats
from chatdesk.store import migrate
from chatdesk.store.db import database, init_database

URL = sys.argv[1] if len(sys.argv) > 1 else "postgresql://postgres@127.0.0.1/appa"
init_database(URL)
migrate()
database.execute_sql('TRUNCATE "user" CASCADE')
#: v15's triggers on UPDATE of chat (a column list: an append's UPDATE does not fire them).
TRIGGERS = ("chat_listed_row", "chat_listed_update")
u = accounts.register("ap", "secret1")
c = chats.create_chat(u, "t")


def run(n: int = 200) -> float:
    """The median of ``n`` appends, ms."""
    ts = []
    for i in range(n):
        started = time.perf_counter()
        chats.add_message(u, c.id, "user", f"hello {i}")
        ts.append((time.perf_counter() - started) * 1000)
    return statistics.median(ts)


run(50)
on, off = [], []
for _ in range(6):
    on.append(run())
    for trigger in TRIGGERS:
        database.execute_sql(f"ALTER TABLE chat DISABLE TRIGGER {trigger}")
    off.append(run())
    for trigger in TRIGGERS:
        database.execute_sql(f"ALTER TABLE chat ENABLE TRIGGER {trigger}")
print("with", [round(x, 2) for x in on], "without", [round(x, 2) for x in off])
