#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks. Installs nothing: it needs Debian's `postgresql`
# package (binaries under /usr/lib/postgresql/*/bin).
#
#   export DRAGOMAN_TEST_PG_URL="$(scripts/pg-throwaway.sh start)"   # prints postgresql+psycopg://...
#   scripts/pg-throwaway.sh stop                                     # stops the last one started and removes it
#   scripts/pg-throwaway.sh stop /tmp/dragoman-pg.XXXX               # or a given one
#
# `start [DIR]` runs initdb into a new temporary folder (or DIR), starts the server on 127.0.0.1 on a free port
# (as the `postgres` user when run as root, since PostgreSQL refuses to run as root), creates the database
# `dragoman` and prints its URL. The folder holds the data, the log and the socket; `stop` removes it.
set -euo pipefail

STATE="${TMPDIR:-/tmp}/dragoman-pg-throwaway.$(id -u).last"
DB_NAME="${PG_THROWAWAY_DB:-dragoman}"

die() { echo "pg-throwaway: $*" >&2; exit 1; }

pg_bin() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [[ -n "$dir" && -x "$dir/initdb" ]] || die "PostgreSQL server binaries not found: apt-get install -y postgresql"
    echo "$dir"
}

# Run a command as the server's owner: ourselves, or `postgres` when we are root.
as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (made by Debian's package)"
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local bin dir port user
    bin="$(pg_bin)"
    dir="${1:-$(mktemp -d "${TMPDIR:-/tmp}/dragoman-pg.XXXXXX")}"
    mkdir -p "$dir"
    if [[ "$(id -u)" == 0 ]]; then
        chown postgres: "$dir"
        user=postgres
    else
        user="$(id -un)"
    fi
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    for _ in 1 2 3 4 5; do
        port="$(free_port)"
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on" start >/dev/null 2>&1; then
            echo "$port" >"$dir/port"
            as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$DB_NAME"
            echo "$dir" >"$STATE"
            echo "pg-throwaway: server in $dir; stop it with: $0 stop $dir" >&2
            echo "postgresql+psycopg://$user@127.0.0.1:$port/$DB_NAME"
            return 0
        fi
    done
    cat "$dir/server.log" >&2 || true
    die "could not start the server"
}

stop() {
    local dir bin
    dir="${1:-$(cat "$STATE" 2>/dev/null || true)}"
    [[ -n "$dir" && -d "$dir/data" ]] || die "no throwaway server to stop (give its folder)"
    bin="$(pg_bin)"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    if [[ -f "$STATE" && "$(cat "$STATE")" == "$dir" ]]; then rm -f "$STATE"; fi
    echo "pg-throwaway: stopped and removed $dir" >&2
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) echo "usage: $0 start [DIR] | stop [DIR]" >&2; exit 2 ;;
esac
