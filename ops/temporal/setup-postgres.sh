#!/bin/sh
# Creates Temporal's two PostgreSQL databases and brings their schemas to the version this
# server image ships. Safe to run again: existing databases are kept, schemas only move forward.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
port="${DB_PORT:-5432}"
schema=/etc/temporal/schema/postgresql/v12

until nc -z "$POSTGRES_SEEDS" "$port"; do echo "waiting for PostgreSQL on $POSTGRES_SEEDS:$port"; sleep 2; done

for db in temporal temporal_visibility; do
  case "$db" in temporal) dir="$schema/temporal/versioned" ;; *) dir="$schema/visibility/versioned" ;; esac
  tool="temporal-sql-tool --plugin postgres12 --ep $POSTGRES_SEEDS -u $POSTGRES_USER -p $port --db $db"
  $tool create || echo "database $db already exists"
  $tool setup-schema -v 0.0 || echo "schema of $db already set up"
  $tool update-schema -d "$dir"
done
echo "Temporal schemas ready"
