#!/usr/bin/env bash
# Builds everything in Release, then runs one benchmark: bench/run.sh sync [--jobs N] [--delay-ms MS] [--concurrency N]
# Results and how to read them: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release ActOnSync.sln -v quiet -nologo
exec dotnet bench/ActOnSync.Bench/bin/Release/net10.0/ActOnSync.Bench.dll "$@"
