#!/usr/bin/env bash
# Catalog benchmark (not a test): loads 1,000,000 backups into an embedded PostgreSQL 17, measures p50/p99 of the
# list query with filters and of restore-point resolution, and rewrites the "Catalog" section of docs/benchmarks.md.
# Usage: catalog-svc/bench/run.sh [rows=1000000] [iterations=3000]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl catalog-svc test-compile
./mvnw -B -q -pl catalog-svc dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java -Xmx1g -cp "catalog-svc/target/test-classes:catalog-svc/target/classes:$(cat catalog-svc/target/bench.classpath)" \
  io.backstream.catalog.bench.CatalogBenchmark "${1:-1000000}" "${2:-3000}" docs/benchmarks.md
