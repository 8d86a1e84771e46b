#!/usr/bin/env bash
# Prepares the local PostgreSQL for the CRM and pricing change-data capture and the BI tables:
#   1. logical replication (wal_level=logical, enough replication slots and WAL senders), restarting
#      the cluster only when a setting changed, then waiting until it accepts connections;
#   2. the database partner_signals (PARTNER_SIGNALS_DB) with the SQL of connectors/sql/ applied.
# Idempotent: a second run changes nothing and restarts nothing. Run as root (the restart uses
# pg_ctlcluster) on a machine where PostgreSQL runs as a Debian cluster; the SQL goes through psql.
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), PARTNER_SIGNALS_DB (partner_signals),
# PG_CLUSTER ("VERSION NAME" of the cluster to restart; default: the one listening on PGPORT).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
sql_dir="$here/../sql"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db="${PARTNER_SIGNALS_DB:-partner_signals}"
min_slots=10
min_senders=10

log() { echo "postgres/setup.sh: $*"; }
die() { echo "postgres/setup.sh: $*" >&2; exit 1; }

command -v psql >/dev/null || die "psql not found: install the PostgreSQL client (apt-get install postgresql-client)"

cluster() {
  if [ -n "${PG_CLUSTER:-}" ]; then echo "$PG_CLUSTER"; return; fi
  command -v pg_lsclusters >/dev/null || die "pg_lsclusters not found; set PG_CLUSTER=\"VERSION NAME\" or restart PostgreSQL yourself"
  pg_lsclusters --no-header | awk -v port="$PGPORT" '$3 == port { print $1, $2; exit }'
}

wait_ready() {
  local deadline=$((SECONDS + 60))
  until psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "PostgreSQL at $PGHOST:$PGPORT does not accept connections after 60 s"
    sleep 0.5
  done
}

q() { psql -d postgres -v ON_ERROR_STOP=1 -Atqc "$1"; }

# a cluster that is installed but stopped is started (a fresh machine may boot without it)
if ! psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
  c="$(cluster)"
  if [ -n "$c" ]; then
    log "PostgreSQL does not answer at $PGHOST:$PGPORT; starting cluster $c"
    # shellcheck disable=SC2086
    pg_ctlcluster --skip-systemctl-redirect $c start || true
  fi
  wait_ready
fi

changed=0
set_at_least() { # name minimum
  local current
  current="$(q "select setting from pg_settings where name = '$1'")"
  if [ "$current" -lt "$2" ]; then
    q "alter system set $1 = $2" >/dev/null
    changed=1
    log "$1: $current -> $2"
  fi
}
if [ "$(q 'show wal_level')" != "logical" ]; then
  q "alter system set wal_level = logical" >/dev/null
  changed=1
  log "wal_level: $(q 'show wal_level') -> logical"
fi
set_at_least max_replication_slots "$min_slots"
set_at_least max_wal_senders "$min_senders"
# a setting changed earlier with ALTER SYSTEM but never applied counts too
if [ "$(q "select count(*) from pg_settings where pending_restart")" != "0" ]; then
  changed=1
fi

if [ "$changed" = 1 ]; then
  c="$(cluster)"
  [ -n "$c" ] || die "no PostgreSQL cluster listens on port $PGPORT (pg_lsclusters); set PG_CLUSTER=\"VERSION NAME\""
  log "restarting cluster $c"
  # shellcheck disable=SC2086
  pg_ctlcluster --skip-systemctl-redirect $c restart
  wait_ready
fi
[ "$(q 'show wal_level')" = "logical" ] || die "wal_level is still $(q 'show wal_level') after the restart"
log "wal_level=logical, max_replication_slots=$(q 'show max_replication_slots'), max_wal_senders=$(q 'show max_wal_senders')"

if [ "$(q "select count(*) from pg_database where datname = '$db'")" = "0" ]; then
  q "create database \"$db\"" >/dev/null
  log "created database $db"
fi
for f in "$sql_dir"/*.sql; do
  PGOPTIONS="-c client_min_messages=warning" psql -d "$db" -v ON_ERROR_STOP=1 -q -f "$f" >/dev/null
  log "applied $(basename "$f") to $db"
done
