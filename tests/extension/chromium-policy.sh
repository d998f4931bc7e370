#!/bin/sh
# Runs Chromium with the machine policy in $TURNBACK_POLICY_DIR (a folder
# holding policies/managed/*.json) instead of /etc/chromium, for this process
# tree only: a private mount namespace gets the folder bound over
# /etc/chromium, so no other Chromium on the machine sees the test policy.
# Usage: TURNBACK_POLICY_DIR=DIR chromium-policy.sh [chromium arguments]
set -eu
: "${TURNBACK_POLICY_DIR:?set TURNBACK_POLICY_DIR to a folder with policies/managed/*.json}"
CHROMIUM_BIN="${TURNBACK_CHROMIUM:-/usr/bin/chromium}"
# Root can make a mount namespace directly; anyone else through a user
# namespace in which they are root.
if [ "$(id -u)" = 0 ]; then ns="--mount"; else ns="--mount --map-root-user"; fi
# /etc/chromium comes with Debian's chromium package; the bind needs it.
[ -d /etc/chromium ] || mkdir -p /etc/chromium
# shellcheck disable=SC2086
exec unshare $ns sh -c 'mount --bind "$TURNBACK_POLICY_DIR" /etc/chromium && exec "$0" "$@"' "$CHROMIUM_BIN" "$@"
