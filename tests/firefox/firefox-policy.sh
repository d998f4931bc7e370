#!/bin/sh
# Runs Firefox with the enterprise policies in $TURNBACK_FIREFOX_DIST (a
# folder holding policies.json, plus a copy of what the installation's own
# distribution folder holds) instead of that folder, for this process tree
# only: a private mount namespace gets it bound over the installation's
# distribution folder, so no other Firefox on the machine sees the policy.
# Usage: TURNBACK_FIREFOX_DIST=DIR firefox-policy.sh [firefox arguments]
set -eu
: "${TURNBACK_FIREFOX_DIST:?set TURNBACK_FIREFOX_DIST to a folder with policies.json}"
FIREFOX_BIN="${TURNBACK_FIREFOX:-/usr/bin/firefox-esr}"
# Firefox reads distribution/policies.json next to its real binary (Debian:
# /usr/lib/firefox-esr/distribution, a link into /usr/share/firefox-esr).
target="$(readlink -f "$(dirname "$(readlink -f "$FIREFOX_BIN")")/distribution")"
[ -d "$target" ] || { echo "firefox-policy.sh: no distribution folder at $target" >&2; exit 2; }
# Root can make a mount namespace directly; anyone else through a user
# namespace in which they are root.
if [ "$(id -u)" = 0 ]; then ns="--mount"; else ns="--mount --map-root-user"; fi
# shellcheck disable=SC2086
exec unshare $ns sh -c 'mount --bind "$TURNBACK_FIREFOX_DIST" "$1" && shift && exec "$@"' sh "$target" "$FIREFOX_BIN" "$@"
