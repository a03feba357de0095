#!/usr/bin/env bash
# Prove a backup restores: restore it into a scratch database on the same
# server, compare the row count of every table with the source database, and
# drop the scratch database again. Run it after every backup job, or at least
# weekly: a backup nobody restored is a hope, not a backup.
#
#   deploy/backup/pg_restore_check.sh DUMP_FILE [SOURCE_DATABASE_URL]
#
# Without a source URL (or with SOURCE_DATABASE_URL empty) only the restore is
# checked. Row counts match only when nothing wrote between the dump and the
# check: compare against the live database right after pg_backup.sh, or
# against a quiet copy. Exit status 0 means the dump restored (and matched).
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 DUMP_FILE [postgres://user@host:5432/source_db]" >&2
  exit 2
fi
dump="$1"
source_url="${2:-${SOURCE_DATABASE_URL:-}}"
here="$(cd "$(dirname "$0")" && pwd)"
admin_url="${RESTORE_CHECK_ADMIN_URL:-${source_url:-${DATABASE_URL:?set DATABASE_URL or pass a source URL}}}"

# The same server and credentials, another database name.
with_database() {
  python3 - "$1" "$2" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit
parts = urlsplit(sys.argv[1])
print(urlunsplit(parts._replace(path="/" + sys.argv[2])))
PY
}
scratch="bimtek_restore_check_$$"
maintenance_url="$(with_database "$admin_url" postgres)"
scratch_url="$(with_database "$admin_url" "$scratch")"

psql "$maintenance_url" --no-psqlrc --quiet --command "CREATE DATABASE $scratch"
trap 'psql "$maintenance_url" --no-psqlrc --quiet --command "DROP DATABASE IF EXISTS $scratch WITH (FORCE)"' EXIT

"$here/pg_restore.sh" "$dump" "$scratch_url" >/dev/null

count_rows() {
  psql "$1" --no-psqlrc --tuples-only --no-align --field-separator=' ' <<'SQL'
SELECT format('SELECT %L, count(*) FROM %I.%I', tablename, schemaname, tablename)
FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename
\gexec
SQL
}
restored="$(count_rows "$scratch_url")"
tables=$(wc -l <<<"$restored")
rows=$(awk '{sum += $2} END {print sum + 0}' <<<"$restored")
echo "restored $tables tables, $rows rows from $dump"

if [[ -n "$source_url" ]]; then
  if ! diff <(count_rows "$source_url") <(echo "$restored") >&2; then
    echo "MISMATCH: the restored row counts differ from the source (above)" >&2
    exit 1
  fi
  echo "row counts match the source database"
fi
