#!/usr/bin/env bash
# CI, after the README's test command (.ci/run): build the Linux artifacts from this checkout with
# the one command, then test what was built (packaging/tests), as root on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# The build's tools (binutils: strip, objdump, readelf) and the tests' (Xvfb, xprop and xwininfo,
# the freedesktop validators). dpkg-deb comes with dpkg.
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    binutils xvfb x11-utils desktop-file-utils appstream >/dev/null

start=$(date +%s)
python3 packaging/build.py
echo "packaging/build.py took $(($(date +%s) - start)) s"

# What the .deb depends on, installed as apt-get would before dpkg -i (the windowed tests of the
# tarball's bundle need the same libraries).
deb=$(ls dist/chatdesk_*_amd64.deb)
depends=$(dpkg-deb --field "$deb" Depends | sed -e 's/([^)]*)//g' -e 's/,/ /g')
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $depends >/dev/null

python=.venv/bin/python
if [ ! -x "$python" ]; then
    echo "packaging/ci.sh: no .venv: run the README's test command first" >&2
    exit 1
fi
"$python" -m pytest -p no:cacheprovider -rA packaging/tests
