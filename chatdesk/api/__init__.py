"""The legacy ``/myapp/`` HTTP API: the WSGI application and the server that hosts it."""

#: Worker threads. Requests are short and mostly Python, so threads beyond the cores that can run
#: them mostly fight over the GIL: more served no more requests on the 2-core machines measured
#: (docs/benchmarks.md). Slow clients do not hold a thread (waitress reads requests and writes
#: responses on its own loop); a login holds one for its bcrypt hash, so a server where many sign
#: in at once wants more (``serve --threads``).
DEFAULT_THREADS = 2
