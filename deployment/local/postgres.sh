#!/usr/bin/env bash
# Makes sure a PostgreSQL runs on 127.0.0.1:5432 (starting it, or installing it from Debian's packages, when
# it is not there) and that jira-sync's role and databases exist: jirasync (the worker's), jirasync_test
# (the tests', emptied at every test run) and jirasync_bench (the reliability suite's and the benchmarks', emptied
# by every scenario). Safe to run again.
set -euo pipefail

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL is not installed: installing it from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q postgresql
fi
if ! pg_ready; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $2}' | grep -qx main; then
    pg_createcluster "$version" main
  fi
  # Local connections over TCP with trust auth, as on the machines this runs on.
  hba=/etc/postgresql/$version/main/pg_hba.conf
  grep -q '^host all all 127.0.0.1/32 trust' "$hba" || sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  echo "Starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
fi
pg_ready || { echo "PostgreSQL did not become ready on 127.0.0.1:5432" >&2; exit 1; }

# Trust auth over TCP where the machine has it, else the postgres OS user over the local socket (peer auth).
if psql -h 127.0.0.1 -U postgres -d postgres -qtAc 'select 1' >/dev/null 2>&1; then
  psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
else
  psql_admin() { runuser -u postgres -- psql -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
fi
if [ "$(psql_admin -c "select 1 from pg_roles where rolname = 'jirasync'")" != 1 ]; then
  psql_admin -c "create role jirasync login password 'jirasync'"
fi
for db in jirasync jirasync_test jirasync_bench; do
  if [ "$(psql_admin -c "select 1 from pg_database where datname = '$db'")" != 1 ]; then
    psql_admin -c "create database $db owner jirasync"
  fi
done
