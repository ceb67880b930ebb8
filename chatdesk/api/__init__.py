"""The legacy ``/myapp/`` HTTP API: the WSGI application and the server that hosts it."""

#: Worker threads. Requests are short and mostly Python, so threads beyond the two that can run
#: at once mostly fight over the GIL: on a 2-core machine, 2 threads served ``get_history_chat``
#: at 0.38-0.41 of waitress's hello ceiling against 0.26-0.28 with 8, and ``add_chat`` at
#: 0.23-0.28 against 0.21-0.23 (bench/load.py --threads, docs/benchmarks.md). Slow clients do not
#: hold a thread (waitress reads requests and writes responses on its own loop); a login holds one
#: for its bcrypt hash, so a server where many sign in at once wants more (``serve --threads``).
DEFAULT_THREADS = 2
