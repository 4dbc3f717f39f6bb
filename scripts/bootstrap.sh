#!/usr/bin/env bash
# Prepare a checkout: .venv with the project installed, Debian tools, compiled translations.
#   scripts/bootstrap.sh run   # what `make run` needs (runtime dependencies only)
#   scripts/bootstrap.sh dev   # what `make test` needs (plus test tools and Debian's chromium)
# Safe to run again: pip runs only when pyproject.toml changed, apt-get only when a tool is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MODE="${1:-run}"
case "$MODE" in run | dev) ;; *) echo "usage: $0 run|dev" >&2; exit 2 ;; esac
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else echo "error: '$*' needs root (run as root or install sudo)" >&2; return 1
    fi
}

APT_UPDATED=0
apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: please install the Debian packages $* (no apt-get on this machine)" >&2
        return 1
    fi
    log "apt-get install $*"
    if [ "$APT_UPDATED" = 0 ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# apt_ensure COMMAND:PACKAGE... installs the packages whose command (a name on PATH, or an absolute path) is missing.
apt_ensure() {
    local missing=() spec cmd
    for spec in "$@"; do
        cmd="${spec%%:*}"
        if [[ "$cmd" == /* ]]; then [ -x "$cmd" ]; else command -v "$cmd" >/dev/null 2>&1; fi \
            || missing+=("${spec#*:}")
    done
    [ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"
}

# --- virtualenv ---------------------------------------------------------------------------------------------------
if ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    log "creating $VENV with $("$PYTHON" --version 2>&1)"
    if ! "$PYTHON" -m venv --clear "$VENV" 2>/dev/null; then
        # Debian's own python3 ships venv/ensurepip separately.
        apt_install python3-venv
        "$PYTHON" -m venv --clear "$VENV"
    fi
fi

# --- Python packages ----------------------------------------------------------------------------------------------
STAMP="$VENV/.openward-install"
WANT_HASH="$(sha256sum pyproject.toml | cut -d' ' -f1)"
HAVE="$(cat "$STAMP" 2>/dev/null || true)"
if [ "$HAVE" = "dev $WANT_HASH" ] || { [ "$MODE" = run ] && [ "$HAVE" = "run $WANT_HASH" ]; }; then
    : # up to date
else
    EXTRA=""
    [ "$MODE" = dev ] && EXTRA="[dev]"
    log "pip install -e .$EXTRA"
    start=$SECONDS
    if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --progress-bar off -e ".$EXTRA" \
            >"$VENV/pip-install.log" 2>&1; then
        tail -n 40 "$VENV/pip-install.log" >&2
        echo "error: pip install failed (full log: $VENV/pip-install.log)" >&2
        exit 1
    fi
    echo "$MODE $WANT_HASH" >"$STAMP"
    log "installed in $((SECONDS - start)) s"
fi

# --- Debian tools -------------------------------------------------------------------------------------------------
NEED=("msgfmt:gettext")
[ "$MODE" = dev ] && NEED+=("/usr/bin/chromium:chromium")  # the e2e tests drive Debian's chromium
apt_ensure "${NEED[@]}"

# --- translations -------------------------------------------------------------------------------------------------
if find . \( -path ./.venv -o -path "./$VENV" -o -path ./var -o -path ./.git -o -name node_modules \) -prune \
        -o -name '*.po' -print -quit | grep -q .; then
    "$VENV/bin/python" manage.py compilemessages -v 0 --ignore=.venv --ignore="$VENV" --ignore=var \
        --ignore=node_modules --ignore=.git
else
    log "no .po files yet: skipping compilemessages"
fi
