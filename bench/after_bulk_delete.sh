#!/bin/bash
# What a blob write costs right after a bulk delete, alternating two server binaries, a fresh
# server and data directory each round (docs/benchmarks.md, "The thirty-eighth pass"):
# small-put and small-delete of 20,000 objects of 64 KiB (each a blob file), two seconds'
# pause, then small-put of 20,000 more on the same server. Loopback only; stops each server
# it started, by its pid; removes the data directories only at the end (see bench/ab_env.sh).
#
#   bash bench/after_bulk_delete.sh ROUNDS BINARY_A BINARY_B [tessera bench s3 options]
#
# The bench client is $TESSERA_BIN, by default this checkout's .build/release/tessera.
set -u
if [ $# -lt 3 ]; then sed -n 2,9p "$0"; exit 2; fi
rounds=$1; first=$2; second=$3; shift 3
client=${TESSERA_BIN:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/tessera}
key=AKBULK; secret=bulk-delete-secret-key
. "$(dirname "$0")/start_server.sh"
finished=()
trap 'rm -rf "${finished[@]}"' EXIT
figures() {  # the rate and server CPU lines of a bench run, on one line
  "$client" bench s3 --endpoint "$1" --server-pid "$2" --access-key $key --secret-key $secret --small-kib 64 "${@:3}" 2>&1 \
    | grep -E "rate|server CPU" | sed 's/^target *//' | tr -s ' ' | tr '\n' '|'
}
for round in $(seq 1 "$rounds"); do
  for server in "$first" "$second"; do
    dir=$(mktemp -d)
    start_server "$dir" env TESSERA_ACCESS_KEY=$key TESSERA_SECRET_KEY=$secret "$server" serve --port 0 --port-file "$dir/port" \
      --data-dir "$dir/data" --reap-interval 0 --no-console
    endpoint="http://127.0.0.1:$(cat "$dir/port")"
    before=$(figures "$endpoint" $pid --scenarios small-delete "$@")
    sleep 2
    after=$(figures "$endpoint" $pid --scenarios small-put "$@")
    echo "round $round [$server]: $before after the deletes: $after"
    kill $pid; wait $pid 2>/dev/null; finished+=("$dir")
  done
done
