"""How long ChatDesk takes to show its login window, the bundle next to the source checkout.

``python packaging/measure_start.py [--runs N] [--cold]``, after ``python packaging/build.py``
and the README's set-up (``.venv``). Each run is ``--smoke-test PNG`` under a private Xvfb with
the xcb platform: from the process start until it has shown and painted the login window, saved
a grab of it and exited (so an upper bound of "window on screen"). Both use the same prepared
data folder (migrated once before) and English settings; a first run of each is discarded, then
the two alternate. Wall time is what a person waits; CPU time (user + system) says the same with
less noise from other work on the machine.
``--cold`` also drops the page cache before each run (``echo 3 > /proc/sys/vm/drop_caches``, as
root; it slows everything else on the machine for a moment). Prints the medians.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "build" / "packaging" / "pyinstaller" / "dist" / "chatdesk" / "chatdesk"
SOURCE = [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "main.py")]


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        return server, ":" + pipe.readline().strip()


def drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(command: list[str], env: dict[str, str], work: Path, cold: bool) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one ``--smoke-test`` run."""
    png = work / "login.png"
    args = [*command, "--no-server", "--data-dir", str(work / "data"), "--smoke-test", str(png)]
    if cold:
        drop_caches()
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: exit {done.returncode}: {done.stderr}")
    return seconds, children_cpu() - cpu


def summary(name: str, runs: list[tuple[float, float]]) -> str:
    wall = [w for w, _ in runs]
    cpu = [c for _, c in runs]
    return (
        f"{name}: wall median {statistics.median(wall):.3f} s (min {min(wall):.3f}, "
        f"max {max(wall):.3f}), CPU median {statistics.median(cpu):.3f} s, {len(runs)} runs"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold", action="store_true", help="also measure with the cache dropped")
    args = parser.parse_args()
    xvfb, display = start_xvfb()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            (work / "home").mkdir()
            settings = work / "settings.ini"
            settings.write_text("[ui]\nlanguage=en\ntheme=light\n", encoding="utf-8")
            env = {
                "PATH": os.environ["PATH"],
                "HOME": str(work / "home"),
                "LANG": "C.UTF-8",
                "DISPLAY": display,
                "QT_QPA_PLATFORM": "xcb",
                "CHATDESK_SETTINGS_FILE": str(settings),
            }
            kinds = {"bundle": [str(BUNDLE)], "source": SOURCE}
            for command in kinds.values():
                one_run(command, env, work, cold=False)  # migrates the data folder, warms up
            print(f"load average before: {os.getloadavg()[0]:.2f}")
            modes = ["warm", "cold"] if args.cold else ["warm"]
            for mode in modes:
                runs: dict[str, list[tuple[float, float]]] = {name: [] for name in kinds}
                for _ in range(args.runs):  # alternating, so that load hits both alike
                    for name, command in kinds.items():
                        runs[name].append(one_run(command, env, work, cold=mode == "cold"))
                for name in kinds:
                    print(summary(f"{name} {mode}", runs[name]), flush=True)
            print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
