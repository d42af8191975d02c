#!/usr/bin/env bash
# Fails when the checked-in migrations or OpenAPI document no longer match the code.
set -euo pipefail
cd "$(dirname "$0")/.."
npx drizzle-kit generate --name schema_change >/dev/null
npm run --silent openapi:write >/dev/null
changes=$(git status --porcelain -- drizzle ../../docs/openapi.json)
if [ -n "$changes" ]; then
  echo "Generated files are out of date. Run 'npm run db:generate -w apps/api' and 'npm run openapi:write -w apps/api', review, and commit:"
  echo "$changes"
  git --no-pager diff --stat -- drizzle ../../docs/openapi.json
  exit 1
fi
echo "migrations and docs/openapi.json are up to date"
