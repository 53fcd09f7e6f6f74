#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on 127.0.0.1 at a free port, in a temporary folder.
#   pg_cluster.sh start STATE_DIR   initdb + pg_ctl start, TLS on; writes STATE_DIR/url (a libpq URI of
#                                   an empty database "salesim"), STATE_DIR/ca.crt (the server's
#                                   certificate) and STATE_DIR/data (the cluster's folder)
#   pg_cluster.sh stop STATE_DIR    stops the server and removes its folder
#   pg_cluster.sh pause STATE_DIR   stops the server but keeps its data (for fault tests)
#   pg_cluster.sh resume STATE_DIR  starts it again on the same port
# As root the server runs as the unprivileged user "postgres" (Debian's postgresql package makes
# it), since PostgreSQL refuses to run as root. Needs Debian's postgresql (scripts/setup.sh test).
set -euo pipefail

cmd=${1:?usage: pg_cluster.sh start|stop|pause|resume STATE_DIR}
state=${2:?usage: pg_cluster.sh start|stop|pause|resume STATE_DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z $bindir || ! -x $bindir/initdb ]]; then
  echo "pg_cluster: the PostgreSQL server is not installed (initdb not found); run scripts/setup.sh test" >&2
  exit 1
fi

as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || { echo "pg_cluster: running as root needs the user postgres" >&2; exit 1; }
  as_owner=(runuser -u postgres --)
fi

pgctl() { "${as_owner[@]}" "$bindir/pg_ctl" "$@"; }

stop_server() {
  local data=$1
  [[ -f $data/postmaster.pid ]] && pgctl -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
}

start_server() {
  local data=$1 port=$2
  pgctl -D "$data" -w -t 60 -l "$data/server.log" \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c ssl=on" start >/dev/null ||
    { cat "$data/server.log" >&2; exit 1; }
}

case $cmd in
  start)
    mkdir -p "$state"
    # A cluster left by an interrupted run goes first.
    if [[ -f $state/data ]]; then
      old=$(cat "$state/data")
      stop_server "$old/pgdata"
      rm -rf "$old"
    fi
    root=$(mktemp -d /tmp/salesim-pg.XXXXXX)
    chmod 755 "$root"
    data=$root/pgdata
    mkdir "$data"
    [[ ${#as_owner[@]} -gt 0 ]] && chown postgres "$data"
    "${as_owner[@]}" "$bindir/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 ||
      { cat "$root/initdb.log" >&2; exit 1; }
    # TLS on, with a certificate made here for 127.0.0.1: tests connect with sslmode=verify-full and
    # STATE_DIR/ca.crt as the root certificate.
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
      -keyout "$data/server.key" -out "$data/server.crt" >/dev/null 2>&1 ||
      { echo "pg_cluster: openssl could not make a certificate" >&2; exit 1; }
    chmod 600 "$data/server.key"
    [[ ${#as_owner[@]} -gt 0 ]] && chown postgres "$data/server.key" "$data/server.crt"
    cp "$data/server.crt" "$state/ca.crt"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    start_server "$data" "$port"
    "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE salesim" >/dev/null
    echo "$root" >"$state/data"
    echo "$port" >"$state/port"
    echo "postgresql://postgres@127.0.0.1:$port/salesim" >"$state/url"
    echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
    ;;
  pause)
    stop_server "$(cat "$state/data")/pgdata"
    ;;
  resume)
    start_server "$(cat "$state/data")/pgdata" "$(cat "$state/port")"
    ;;
  stop)
    if [[ -f $state/data ]]; then
      root=$(cat "$state/data")
      stop_server "$root/pgdata"
      rm -rf "$root"
      rm -f "$state/data" "$state/url" "$state/port" "$state/ca.crt"
    fi
    ;;
  *)
    echo "pg_cluster: unknown command $cmd" >&2
    exit 2
    ;;
esac
