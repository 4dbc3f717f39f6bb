#!/usr/bin/env bash
# `make run`: the embedded mode of ARCHITECTURE.md, on one machine with no servers to install.
# SQLite and media files under var/, e-mail and SMS written to the worker log, and the production Celery tasks run by
# a real worker (with beat embedded) over kombu's filesystem transport (message files under var/broker/).
# The worker runs in the background and is stopped when the web server stops (Ctrl-C).
set -euo pipefail +m  # no job control: the `setsid ... &` children below keep the pid $! names
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ADDR="${ADDR:-127.0.0.1:8000}"
# Links in e-mails and SMS (the worker writes them to its log) go to where this server listens, unless set.
export SITE_URL="${SITE_URL:-http://$ADDR}"
VAR_DIR="${OPENWARD_VAR_DIR:-var}"
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=portal.settings

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

scripts/bootstrap.sh run

mkdir -p "$VAR_DIR/broker/queue" "$VAR_DIR/broker/processed" "$VAR_DIR/log" "$VAR_DIR/media"
log "migrate"
"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput -v 0

# --- demo data: loaded once, into a database that has no ward yet -----------------------------------------------------
ACCOUNTS="$VAR_DIR/demo-accounts.txt"
if ! "$PY" -c "import django; django.setup(); from django.core.management import get_commands; \
        raise SystemExit('seed_demo' not in get_commands())"; then
    log "no seed_demo command in this checkout: starting without demo data"
elif "$PY" manage.py shell -v 0 -c \
        "import sys; from portal.wards.models import Ward; sys.exit(0 if Ward.objects.exists() else 1)"; then
    log "the database already has data: not loading the demo data again (rm -r $VAR_DIR to start over)"
    if [ -s "$ACCOUNTS" ]; then cat "$ACCOUNTS"; fi
else
    log "loading demo data"
    "$PY" manage.py seed_demo | tee "$ACCOUNTS.tmp"
    mv "$ACCOUNTS.tmp" "$ACCOUNTS"
fi

# --- Celery worker with embedded beat, then the web server -----------------------------------------------------------
# Both run in process groups of their own (setsid), watched by this script: Ctrl-C, a TERM to this script or the web
# server stopping on its own all end in `cleanup`, which stops the two groups (runserver's autoreloader child too).
PIDFILE="$VAR_DIR/worker.pid"
WORKER_LOG="$VAR_DIR/log/worker.log"
WORKER_PID=""
WEB_PID=""

stop_group() {  # stop_group PID NAME: TERM to the process group led by PID, KILL after 10 s
    local pid="$1" name="$2" i
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 1 100); do
        kill -0 -- "-$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    log "$name ($pid) did not stop in 10 s: killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

if [ -s "$PIDFILE" ]; then
    old="$(cat "$PIDFILE")"
    if kill -0 "$old" 2>/dev/null && tr '\0' ' ' <"/proc/$old/cmdline" 2>/dev/null | grep -q 'celery.*worker'; then
        log "stopping the worker left running by an earlier run (pid $old)"
        stop_group "$old" "old worker"
    fi
    rm -f "$PIDFILE"
fi

cleanup() {
    trap - EXIT INT TERM HUP
    [ -n "$WEB_PID" ] && stop_group "$WEB_PID" "web server"
    if [ -n "$WORKER_PID" ]; then
        log "stopping the Celery worker"
        stop_group "$WORKER_PID" "Celery worker"
        rm -f "$PIDFILE"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

[ -f "$WORKER_LOG" ] && mv -f "$WORKER_LOG" "$WORKER_LOG.1"
log "starting the Celery worker with beat (log: $WORKER_LOG)"
setsid .venv/bin/celery -A portal worker -B --pool=solo --loglevel=INFO --hostname="embedded@%h" \
    --without-gossip --without-mingle --without-heartbeat >"$WORKER_LOG" 2>&1 </dev/null &
WORKER_PID=$!
echo "$WORKER_PID" >"$PIDFILE"

for _ in $(seq 1 300); do
    grep -q ' ready\.' "$WORKER_LOG" 2>/dev/null && break
    if ! kill -0 "$WORKER_PID" 2>/dev/null; then
        tail -n 40 "$WORKER_LOG" >&2
        log "the Celery worker failed to start (see $WORKER_LOG)"
        exit 1
    fi
    sleep 0.1
done
grep -q ' ready\.' "$WORKER_LOG" || log "the worker is slow to start; carrying on (see $WORKER_LOG)"

# Beat runs a job first one interval after it starts (an hour for the deadline sweep): send every periodic job once
# now, so that reminders and outbox sends of the demo happen at once. The jobs are idempotent.
"$PY" -c "
import django; django.setup()
from django.conf import settings
from portal.celery import app
for entry in settings.CELERY_BEAT_SCHEDULE.values():
    app.send_task(entry['task'], args=entry.get('args', ()), kwargs=entry.get('kwargs', {}))
print('sent the periodic jobs once:', ', '.join(e['task'] for e in settings.CELERY_BEAT_SCHEDULE.values()))
"

log "OpenWard: http://$ADDR/   (Ctrl-C stops the web server and the worker)"
log "e-mails, SMS and background jobs: tail -f $WORKER_LOG"
setsid "$PY" manage.py runserver "$ADDR" </dev/null &
WEB_PID=$!
# `wait` returns at once when a signal arrives (then the trap runs), or when the web server exits.
status=0
wait "$WEB_PID" || status=$?
exit "$status"
