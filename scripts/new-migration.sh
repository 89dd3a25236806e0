#!/usr/bin/env bash
# Writes a new migration for the changes in prisma/schema.prisma since the last migration.
# With a driver adapter in prisma.config.ts, `migrate dev` and `migrate diff --from-migrations`
# need a shadow database the WASM engine cannot use, so the diff is taken from the schema as
# it was committed together with the newest migration (commit schema and migration together).
# Usage: scripts/new-migration.sh add_rapid_response
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/new-migration.sh <name>}
last=$(git log -1 --format=%H -- prisma/migrations)
previous=$(mktemp --suffix=.prisma)
trap 'rm -f "$previous"' EXIT
git show "$last:prisma/schema.prisma" > "$previous"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_$name"
sql=$(npx prisma migrate diff --from-schema-datamodel "$previous" --to-schema-datamodel prisma/schema.prisma --script)
if ! grep -qv '^-- This is an empty migration' <<<"$sql" || [ -z "$sql" ]; then
  echo "schema.prisma has no changes since $last"; exit 1
fi
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
echo "wrote $dir/migration.sql"
