#!/usr/bin/env bash
# Generates and checks the samples' Prisma migrations, one folder per provider
# (samples/<sample>/prisma/<provider>/migrations), with the official Prisma CLI.
#
#   scripts/migrations.sh [Initial]   delete each folder's migrations and generate a fresh
#                                     <timestamp>_Initial (prisma migrate diff --from-empty
#                                     --to-schema <folder> --script) plus migration_lock.toml
#   scripts/migrations.sh <Name>      add <timestamp>_<Name> on top of the committed migrations
#                                     (deployed to a scratch database, then diffed to the schema);
#                                     nothing is written when the schema did not change
#   scripts/migrations.sh --check     regenerate into a temporary folder and fail on any
#                                     difference in content from the committed migrations
#                                     (folder timestamps aside); CI runs this
#
#   --only <sample>   limit to samples/<sample> (repeatable)
#   --samples-dir <dir>  work on the samples in <dir> instead of samples/ (tests use a copy)
#   --strict          fail when a provider has no schema engine here, instead of keeping its
#                     committed files and reporting it
#
# Every run first copies the model files into the schema folders (scripts/sync-models.mjs;
# --check only reports stale copies). Prisma's native schema engine is used where it is
# installed; otherwise the offline bridge (docs/prisma-offline.md), which serves PostgreSQL and
# SQLite. PostgreSQL needs ATOMIZER_TEST_POSTGRES_URL (environment or test.env): the bridge
# connects to it even for a diff from empty, and scratch schemas are created in it.
set -euo pipefail
exec node "$(dirname "$0")/migrations/migrations.mjs" "$@"
