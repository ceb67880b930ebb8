#!/bin/sh
# Remove what install.sh put in place, by the list it wrote (lib/chatdesk/installed-files):
# the files, then the folders it made where they are empty. Your chats stay (in ChatDesk's data
# folder, ~/.local/share/ChatDesk by default).
#
#   ./uninstall.sh               the per-user copy (or, as root, the system-wide one)
#   ./uninstall.sh --prefix DIR  the copy installed with --prefix DIR
set -eu

prefix=
quiet=
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --quiet) quiet=1; shift ;;
        -h|--help) awk 'NR > 1 { if (!/^#/) exit; sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        *) echo "uninstall.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done
if [ -z "$prefix" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        prefix=/usr/local
    else
        : "${HOME:?HOME is not set}"
        prefix=$HOME/.local
    fi
fi
lib=$prefix/lib/chatdesk
manifest=$lib/installed-files
if [ ! -f "$manifest" ]; then
    echo "uninstall.sh: ChatDesk is not installed in $lib (no $manifest)" >&2
    exit 1
fi

# Files first, then folders, the deepest first (install.sh listed each before its children).
grep '^file ' "$manifest" | while IFS= read -r line; do
    rm -f "${line#file }"
done
# The bundle's own folder was listed as made: it goes whole (with installed-files).
grep '^dir ' "$manifest" | sed -n '1!G;h;$p' | while IFS= read -r line; do
    folder=${line#dir }
    if [ "$folder" = "$lib" ]; then
        rm -rf "$lib"
    else
        rmdir "$folder" 2>/dev/null || true
    fi
done
if [ -d "$lib" ]; then
    rm -rf "$lib"
fi
[ -n "$quiet" ] || echo "ChatDesk removed from $lib"
