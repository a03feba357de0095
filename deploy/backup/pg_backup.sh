#!/usr/bin/env bash
# Back up Bimtek's PostgreSQL database into one compressed, restorable file.
#
#   deploy/backup/pg_backup.sh [DATABASE_URL] [BACKUP_DIR]
#
# DATABASE_URL and BACKUP_DIR also come from the environment (the app's own
# DATABASE_URL works). Writes BACKUP_DIR/bimtek-<UTC time>.dump (pg_dump's
# custom format: compressed, restorable table by table) and a .sha256 beside
# it, checks that pg_restore can read the archive, then deletes dumps older
# than BACKUP_KEEP_DAYS (14). Prints the path of the new dump.
#
# pg_dump takes a consistent snapshot while the site runs: no downtime. The
# database holds everything but the files in MEDIA storage (uploads, PDFs):
# back those up as well (docs/deploy.md).
set -euo pipefail

url="${1:-${DATABASE_URL:-}}"
dir="${2:-${BACKUP_DIR:-/var/backups/bimtek}}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
if [[ -z "$url" || "$url" != postgres* ]]; then
  echo "usage: $0 postgres://user@host:5432/dbname [backup-dir]  (or set DATABASE_URL)" >&2
  exit 2
fi

mkdir -p "$dir"
umask 077  # the dump holds personal data
file="$dir/bimtek-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$partial" "$url"
# An archive pg_restore cannot list is no backup.
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"
(cd "$dir" && sha256sum "$(basename "$file")" >"$(basename "$file").sha256")

find "$dir" -maxdepth 1 -name 'bimtek-*.dump*' -mtime +"$keep_days" -delete
echo "$file"
