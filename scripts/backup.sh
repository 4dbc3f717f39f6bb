#!/usr/bin/env bash
# Back up OpenWard: the PostgreSQL database (pg_dump, custom format) and the uploaded files (a tar of MEDIA_ROOT).
#   DATABASE_URL=postgres://user:pw@host:5432/openward MEDIA_ROOT=/srv/openward/media scripts/backup.sh [DEST_DIR]
# DEST_DIR defaults to var/backups/<date-time>; it receives openward.dump, media.tar.gz and SHA256SUMS.
# The dump is consistent (one snapshot); files uploaded during the tar may or may not be in it, so back up when
# traffic is low, or keep the previous backup too. Restore with scripts/restore.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up (postgres://...)}"
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *) echo "error: backup.sh backs up PostgreSQL; for the embedded SQLite mode copy var/ while the portal is stopped" >&2
       exit 2 ;;
esac
MEDIA="${MEDIA_ROOT:-${OPENWARD_VAR_DIR:-var}/media}"
DEST="${1:-var/backups/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$DEST"
chmod 700 "$DEST"  # residents' personal data

pg_dump --format=custom --no-owner --no-privileges --file "$DEST/openward.dump" "$DATABASE_URL"
if [ -d "$MEDIA" ]; then
    tar -C "$MEDIA" -czf "$DEST/media.tar.gz" .
else
    tar -czf "$DEST/media.tar.gz" --files-from /dev/null
fi
(cd "$DEST" && sha256sum openward.dump media.tar.gz >SHA256SUMS)
echo "backup written to $DEST"
