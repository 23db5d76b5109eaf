#!/usr/bin/env bash
# Builds everything in Release, then runs one benchmark:
#   bench/run.sh sync [--jobs N] [--delay-ms MS] [--concurrency N]
#   bench/run.sh hubspot [--jobs N]
#   bench/run.sh ingest [--seconds S] [--connections C] [--threads T] [--duplicates] [--preload N] [--no-sync] [--drain]   (needs wrk)
#   bench/run.sh crash [--kills N] [--concurrency N] [--seed N]
# Results and how to read them: docs/benchmarks.md. ingest and crash exit non-zero when a database check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release ActOnSync.sln -v quiet -nologo
exec dotnet bench/ActOnSync.Bench/bin/Release/net10.0/ActOnSync.Bench.dll "$@"
