#!/usr/bin/env bash
# Restore an OpenWard backup made by scripts/backup.sh into a NEW, empty PostgreSQL database, and its files into
# MEDIA_ROOT; then check the audit log's hash chain (manage.py verify_audit).
#   createdb -h host -U user openward_restored
#   DATABASE_URL=postgres://user:pw@host:5432/openward_restored MEDIA_ROOT=/srv/openward/media \
#       scripts/restore.sh var/backups/20260701-020000
# It refuses a database that already has tables, so it never overwrites a live portal.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SRC="${1:?usage: scripts/restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?set DATABASE_URL to the new, empty PostgreSQL database (postgres://...)}"
MEDIA="${MEDIA_ROOT:-${OPENWARD_VAR_DIR:-var}/media}"
PYTHON="${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)}"

(cd "$SRC" && sha256sum --check --quiet SHA256SUMS)
tables="$(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$tables" != 0 ]; then
    echo "error: the target database already has $tables tables; restore into a new, empty database" >&2
    exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$SRC/openward.dump"
mkdir -p "$MEDIA"
tar -C "$MEDIA" -xzf "$SRC/media.tar.gz"
DATABASE_URL="$DATABASE_URL" MEDIA_ROOT="$MEDIA" "$PYTHON" manage.py verify_audit
echo "restored $SRC into the database of DATABASE_URL and $MEDIA"
