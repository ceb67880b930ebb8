"""ChatDesk against the seed's Django service, in one run: issue 11's 2x reference.

The seed's code is not part of this repository. Given a folder holding the seed's
``myapp/views.py``, ``myapp/models.py`` and ``myapp/urls.py`` (``--seed-app DIR``), this script
builds a minimal Django project around them in a temporary folder (SQLite, ``DEBUG = False``,
``ALLOWED_HOSTS`` for loopback, Django's default ``startproject`` apps and middleware minus
``CsrfViewMiddleware`` and the admin; the project's urls mount ``myapp/``), runs
``makemigrations myapp`` and ``migrate``, and serves it under gunicorn with 1 worker and 4
threads (gthread). In the same run it starts, each on its own fresh SQLite data:

* ``seed``: the seed under gunicorn, 1 worker x 4 threads;
* ``seed-wal``: the same with ChatDesk's SQLite settings instead of Django's defaults (WAL,
  ``synchronous=NORMAL``, ``BEGIN IMMEDIATE``; Django's ``init_command`` and
  ``transaction_mode``), to show how much of the gap is the journal, not the code;
* ``serve``: ``python main.py serve`` as shipped (one process, its default threads);
* ``serve-4``: the same with ``--threads 4``;
* ``gunicorn``: ``chatdesk.api.wsgi:application`` under gunicorn, 1 worker x 4 threads (gthread);
* ``granian``: the same application under granian, 1 worker, 4 blocking threads, WSGI.

Every server gets the same data through its own API: user ``bench``, 500 chats ``c0``..``c499``
(title 压测) and the chat ``history80`` (title 历史) holding 80 messages (Chinese text; the
seed's first ``add_chat`` of a chat only creates it, so it gets one call more). Then, round after
round, the servers in a rotating order, wrk (2 threads, 8 keep-alive connections) sends each the
same bytes: ``add_chat`` appending a message to one of the 500 existing chats
(``chat_tpye=1&chat_type=1``: ChatDesk reads the first, as the seed's API document spells it,
the seed's view reads the second), and ``get_history_chat`` with
``username=bench&chat_id=history80&chat_title=历史`` (ChatDesk finds the chat by its id, the
seed's view by its title). Figures are medians over the rounds; "x seed" is the median of each
round's ratio to the seed in that round ("x wal": to ``seed-wal``). "errors" adds non-2xx
answers and the rounds in which wrk reported socket errors (a request over its 2 s timeout is
one). CPU ms/req is the server's process tree's user+system
time per request (``/proc``). Only 127.0.0.1; bounded in time.

    pip install django==5.2.19 gunicorn==27.0.1 granian==2.8.7   # bench only
    python bench/seed_reference.py --seed-app /tmp/seed-app [--seconds 8] [--rounds 5]

Needs wrk (``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import free_port, wait_up, wrk

ROOT = Path(__file__).resolve().parents[1]
SEED_FILES = ("views.py", "models.py", "urls.py")
SETTINGS = textwrap.dedent(
    """
    import os
    SECRET_KEY = "bench-only-not-secret"
    DEBUG = False
    ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    INSTALLED_APPS = [
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
        "myapp",
    ]
    # startproject's default middleware, minus CsrfViewMiddleware: the seed's clients post plain
    # forms without a CSRF token, which that middleware would refuse (403).
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
    ROOT_URLCONF = "seedproj.urls"
    TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [],
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]},
        },
    ]
    WSGI_APPLICATION = "seedproj.wsgi.application"
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["SEED_DB"]}}
    if os.environ.get("SEED_WAL"):  # the variant with ChatDesk's SQLite settings (not the seed's)
        DATABASES["default"]["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    LANGUAGE_CODE = "en-us"
    TIME_ZONE = "UTC"
    USE_I18N = True
    USE_TZ = True
    STATIC_URL = "static/"
    DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
    """
)
PROJECT_URLS = textwrap.dedent(
    """
    from django.urls import include, path

    urlpatterns = [path("myapp/", include("myapp.urls"))]
    """
)
PROJECT_WSGI = textwrap.dedent(
    """
    import os

    from django.core.wsgi import get_wsgi_application

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seedproj.settings")
    application = get_wsgi_application()
    """
)
ADD_CHAT_LUA = """
counter = 0
request = function()
  counter = counter + 1
  local body = "username=bench&chat_id=c" .. (counter % 500) ..
    "&chat_title=%E5%8E%8B%E6%B5%8B&chat_tpye=1&chat_type=1&chat_content=message+" .. counter
  return wrk.format("POST", "/myapp/add_chat/",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
"""
HISTORY_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "username=bench&chat_id=history80&chat_title=%E5%8E%86%E5%8F%B2"
"""
HISTORY_FIELDS = {"username": "bench", "chat_id": "history80", "chat_title": "历史"}
SERVERS = ("seed", "seed-wal", "serve", "serve-4", "gunicorn", "granian")
CASES = ("add_chat", "get_history_chat")


def build_seed_project(seed_app: Path, folder: Path) -> Path:
    """A Django project around the seed's three files in ``folder``, migrated; its path."""
    project = folder / "seed-project"
    (project / "seedproj").mkdir(parents=True)
    (project / "myapp" / "migrations").mkdir(parents=True)
    for name in SEED_FILES:
        shutil.copyfile(seed_app / name, project / "myapp" / name)
    for init in ("seedproj", "myapp", "myapp/migrations"):
        (project / init / "__init__.py").write_text("")
    (project / "seedproj" / "settings.py").write_text(SETTINGS)
    (project / "seedproj" / "urls.py").write_text(PROJECT_URLS)
    (project / "seedproj" / "wsgi.py").write_text(PROJECT_WSGI)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="seedproj.settings", SEED_DB=":memory:")
    subprocess.run(
        [sys.executable, "-m", "django", "makemigrations", "myapp", "-v", "0"],
        cwd=project,
        env=env,
        check=True,
    )
    return project


def seed_env(kind: str, folder: Path, seed_project: Path) -> dict[str, str]:
    """The environment of one seed server, its own database migrated."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="seedproj.settings")
    env["SEED_DB"] = str(folder / kind / "db.sqlite3")
    if kind == "seed-wal":
        env["SEED_WAL"] = "1"
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "-v", "0"],
        cwd=seed_project,
        env=env,
        check=True,
    )
    return env


def post(port: int, endpoint: str, fields: dict[str, str]) -> dict[str, object]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(
        "POST",
        f"/myapp/{endpoint}/",
        urlencode(fields),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{endpoint} on {port}: HTTP {response.status}: {body[:200]!r}")
    data: dict[str, object] = json.loads(body)
    if data.get("code") != 0:
        raise RuntimeError(f"{endpoint} on {port}: {data}")
    return data


def populate(port: int, seed: bool) -> None:
    """The same data on every server, through its own API."""
    post(port, "register", {"username": "bench", "password": "bench-password"})
    base = {"username": "bench", "chat_title": "压测", "chat_content": "first"}
    for i in range(500):
        post(port, "add_chat", dict(base, chat_id=f"c{i}", chat_tpye="1", chat_type="1"))
    if seed:  # the seed's first add_chat of a chat only creates it
        post(port, "add_chat", HISTORY_FIELDS)
    for i in range(80):
        fields = dict(HISTORY_FIELDS)
        kind = str(i % 2)
        fields.update(chat_tpye=kind, chat_type=kind, chat_content=f"消息 {i} " + "内容" * 40)
        post(port, "add_chat", fields)
    messages = post(port, "get_history_chat", HISTORY_FIELDS)["历史信息列表"]
    if not isinstance(messages, list) or len(messages) != 80:
        raise RuntimeError(f"history on {port} is not 80 messages: {str(messages)[:200]}")


def start(kind: str, folder: Path, seed_project: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    data = folder / kind
    data.mkdir()
    env = dict(os.environ, CHATDESK_DATA_DIR=str(data))
    bind = f"127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    gunicorn = [str(bin_dir / "gunicorn"), "-w", "1", "--threads", "4", "-k", "gthread", "-b", bind]
    cwd = ROOT
    if kind in ("seed", "seed-wal"):
        env = seed_env(kind, folder, seed_project)
        cmd = [*gunicorn, "seedproj.wsgi:application"]
        cwd = seed_project
    elif kind in ("serve", "serve-4"):
        cmd = [sys.executable, str(ROOT / "main.py"), "serve", "--port", str(port)]
        cmd += ["--data-dir", str(data)] + (["--threads", "4"] if kind == "serve-4" else [])
    elif kind == "gunicorn":
        cmd = [*gunicorn, "chatdesk.api.wsgi:application"]
    else:
        cmd = [str(bin_dir / "granian"), "--interface", "wsgi", "--workers", "1"]
        cmd += ["--blocking-threads", "4", "--host", "127.0.0.1", "--port", str(port)]
        cmd += ["chatdesk.api.wsgi:application"]
    log = open(folder / f"{kind}.log", "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=log)
    wait_up(port, "/myapp/get_prompt_fuction/", proc)
    populate(port, kind.startswith("seed"))
    return proc, port


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += times.get(current, 0.0)
        todo += [child for child, parent in parents.items() if parent == current]
    return total


def measure(port: int, pid: int, case: str, seconds: int, connections: int) -> dict[str, float]:
    path, script = {
        "add_chat": ("/", ADD_CHAT_LUA),
        "get_history_chat": ("/myapp/get_history_chat/", HISTORY_LUA),
    }[case]
    before = tree_cpu_seconds(pid)
    result = wrk(port, path, script, seconds, connections, pid)
    result["cpu_ms"] = (tree_cpu_seconds(pid) - before) * 1000 / max(result["requests"], 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-app", type=Path, required=True, help="the seed's myapp/ files")
    parser.add_argument("--seconds", type=int, default=8, help="per case, server and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    missing = [name for name in SEED_FILES if not (args.seed_app / name).is_file()]
    if missing:
        print(f"{args.seed_app} lacks {', '.join(missing)}", file=sys.stderr)
        return 2
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    import django

    folder = Path(tempfile.mkdtemp(prefix="chatdesk-seedref-"))
    servers: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    rounds: list[dict[str, dict[str, dict[str, float]]]] = []
    loads = [os.getloadavg()[0]]
    try:
        seed_project = build_seed_project(args.seed_app, folder)
        for kind in SERVERS:
            servers[kind] = start(kind, folder, seed_project)
        for number in range(args.rounds):
            order = SERVERS[number % len(SERVERS) :] + SERVERS[: number % len(SERVERS)]
            one: dict[str, dict[str, dict[str, float]]] = {kind: {} for kind in SERVERS}
            for case in CASES:
                for kind in order:
                    proc, port = servers[kind]
                    one[kind][case] = measure(port, proc.pid, case, args.seconds, args.connections)
            rounds.append(one)
            loads.append(os.getloadavg()[0])
            print(f"round {number + 1}/{args.rounds} done, load {loads[-1]:.2f}", file=sys.stderr)
    finally:
        for proc, _port in servers.values():
            proc.terminate()
        for proc, _port in servers.values():
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(
        f"Django {django.get_version()}, {args.connections} connections, {args.rounds} rounds of "
        f"{args.seconds} s, 1-min load average {min(loads):.2f}-{max(loads):.2f} "
        f"(start {loads[0]:.2f}), {os.cpu_count()} CPUs"
    )
    print(
        f"{'server':9} {'case':17} {'req/s':>7} {'x seed':>7} {'x wal':>6} {'p50 ms':>7} "
        f"{'p99 ms':>7} "
        f"{'CPU ms':>6} {'errors':>6}   req/s by round"
    )
    for case in CASES:
        for kind in SERVERS:
            runs = [r[kind][case] for r in rounds]
            ratio, wal = (
                statistics.median(r[kind][case]["rps"] / r[ref][case]["rps"] for r in rounds)
                for ref in ("seed", "seed-wal")
            )
            errors = sum(run["non2xx"] + run["socket_errors"] for run in runs)
            print(
                f"{kind:9} {case:17} {statistics.median(r['rps'] for r in runs):7.0f} "
                f"{ratio:7.2f} {wal:6.2f} {statistics.median(r['p50'] for r in runs):7.2f} "
                f"{statistics.median(r['p99'] for r in runs):7.2f} "
                f"{statistics.median(r['cpu_ms'] for r in runs):6.2f} {errors:6.0f}   "
                + " ".join(f"{r['rps']:.0f}" for r in runs)
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
