"""The legacy ``/myapp/`` HTTP API: the WSGI application and the server that hosts it."""
