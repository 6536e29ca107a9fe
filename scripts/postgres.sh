#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `scripts/postgres.sh start DIR` creates one in DIR
# (as an unprivileged user, on a free loopback port, trust authentication, C collation), starts it
# and prints its URL; `scripts/postgres.sh stop DIR` stops it. Installs Debian's `postgresql` when
# no server is found. Any failure exits non-zero: a test run that needs PostgreSQL never goes on
# without it. TESSERA_PG_OPTIONS adds server settings (`-c commit_delay=100 …`, for benchmarks).
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1 dir=$2

find_bin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    return 1
}

# As root, the server runs as `nobody` (PostgreSQL refuses to run as root).
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

case "$action" in
start)
    if ! bin=$(find_bin); then
        SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
        echo "installing postgresql from Debian's packages" >&2
        $SUDO apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
        bin=$(find_bin)
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown nobody "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U tessera --auth=trust --locale=C -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # Durability as in production (fsync on); a small cluster: loopback only, its socket in DIR.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=200 -c shared_buffers=128MB ${TESSERA_PG_OPTIONS:-}" start >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U tessera tessera
    echo "$port" >"$dir/port"
    echo "postgres://tessera@127.0.0.1:$port/tessera"
    ;;
stop)
    bin=$(find_bin)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    ;;
*) usage ;;
esac
