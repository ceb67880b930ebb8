#!/bin/sh
# Install ChatDesk from this unpacked tarball.
#
#   ./install.sh               per user: ~/.local/lib/chatdesk, ~/.local/bin, ~/.local/share
#   sudo ./install.sh          system-wide: /usr/local/lib/chatdesk, /usr/local/bin, ...
#   ./install.sh --prefix DIR  elsewhere: DIR/lib/chatdesk, DIR/bin, DIR/share
#
# The menu entry, icons and AppStream metainfo go where the freedesktop specs look (per user:
# $XDG_DATA_HOME, by default ~/.local/share). Every file and folder made is listed in
# lib/chatdesk/installed-files, which uninstall.sh reads. Installing again replaces the last copy.
# No cache to update: the entry has no MimeType, and menus watch the applications folder.
set -eu

APP_ID=io.github.chatdesk.ChatDesk
here=$(cd "$(dirname "$0")" && pwd)

prefix=
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        -h|--help) awk 'NR > 1 { if (!/^#/) exit; sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done
if [ -n "$prefix" ]; then
    share=$prefix/share
elif [ "$(id -u)" -eq 0 ]; then
    prefix=/usr/local
    share=$prefix/share
else
    : "${HOME:?HOME is not set}"
    prefix=$HOME/.local
    share=${XDG_DATA_HOME:-$HOME/.local/share}
fi
lib=$prefix/lib/chatdesk
bin=$prefix/bin

if [ -f "$lib/installed-files" ]; then
    "$here/uninstall.sh" --prefix "$prefix" --quiet
fi

manifest=$(mktemp)
trap 'rm -f "$manifest"' EXIT

# Make a folder and its missing parents, listing each one made (uninstall removes them if empty).
make_dir() {
    [ -d "$1" ] && return 0
    make_dir "$(dirname "$1")"
    mkdir "$1"
    echo "dir $1" >>"$manifest"
}

# An Exec= value for a path, quoted as the Desktop Entry spec says when it has to be.
desktop_exec() {
    case $1 in
        *[!A-Za-z0-9/._+-]*)
            quoted=$(printf '%s' "$1" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g')
            printf '"%s"' "$quoted" ;;
        *) printf '%s' "$1" ;;
    esac
}

make_dir "$(dirname "$lib")"
cp -R "$here/chatdesk" "$lib"
echo "dir $lib" >>"$manifest"

make_dir "$bin"
for exe in chatdesk chatdesk-cli; do
    ln -sf "$lib/$exe" "$bin/$exe"
    echo "file $bin/$exe" >>"$manifest"
done

put() {  # put SOURCE TARGET: copy one file, list it
    make_dir "$(dirname "$2")"
    cp "$1" "$2"
    chmod 0644 "$2"
    echo "file $2" >>"$manifest"
}
entry=$share/applications/$APP_ID.desktop
make_dir "$(dirname "$entry")"
exec_value=$(desktop_exec "$lib/chatdesk")
while IFS= read -r line; do
    case $line in
        Exec=*) printf 'Exec=%s\n' "$exec_value" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$here/share/applications/$APP_ID.desktop" >"$entry"
chmod 0644 "$entry"
echo "file $entry" >>"$manifest"
for icon in "$here"/share/icons/hicolor/*/apps/*; do
    put "$icon" "$share/icons/hicolor/${icon#"$here"/share/icons/hicolor/}"
done
put "$here/share/metainfo/$APP_ID.metainfo.xml" "$share/metainfo/$APP_ID.metainfo.xml"
cp "$here/uninstall.sh" "$lib/uninstall.sh"

mv "$manifest" "$lib/installed-files"
chmod 0644 "$lib/installed-files"
trap - EXIT
echo "ChatDesk installed in $lib"
echo "  start it from the applications menu, or run $bin/chatdesk"
case ":${PATH:-}:" in
    *":$bin:"*) ;;
    *) echo "  ($bin is not on your PATH)" ;;
esac
echo "  uninstall: $lib/uninstall.sh"
