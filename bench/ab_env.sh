#!/bin/bash
# Alternates two environment settings on one server binary, a fresh server and data directory
# each round, and prints the bench's figures of each round on one line (docs/benchmarks.md,
# "The thirteenth pass"). Loopback only; stops each server it started, by its pid.
#
#   bash bench/ab_env.sh ROUNDS SCENARIOS "NAME=VALUE" "NAME=VALUE" [tessera bench s3 options]
#   e.g. bash bench/ab_env.sh 3 initiate,small-put "X=1" "GLIBC_TUNABLES=glibc.malloc.tcache_count=256" --uploads 20000
#
# The binary is $TESSERA_BIN, by default this checkout's .build/release/tessera. A setting
# "bin=PATH" runs the server from another binary instead (the bench stays this one's):
#   bash bench/ab_env.sh 4 initiate,small-put "bin=/path/to/older/tessera" "bin=.build/release/tessera" --uploads 20000
# and "client=PATH" runs the bench client from another binary (the server stays this one's).
#
# Each round's data directory is removed only when the script ends: on this machine's ext4
# (no journal) the inodes a removal frees are walked past by every file created in the next
# minutes, and a round after a 20,000-file removal paid twice the server CPU a 64 KiB PUT
# (docs/benchmarks.md, the thirty-eighth pass). So the first round of a run started within six
# minutes of another run's end pays that run's removal: in the thirty-ninth pass's eleven runs, 13
# of the 22 first rounds were the slowest of their setting. Wait, or read the first round with care.
set -u
if [ $# -lt 4 ]; then sed -n 2,8p "$0"; exit 2; fi
. "$(dirname "$0")/start_server.sh"
finished=()
trap 'rm -rf "${finished[@]}"' EXIT
rounds=$1; scenarios=$2; first=$3; second=$4; shift 4
bin=${TESSERA_BIN:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/tessera}
key=AKABENV; secret=ab-env-secret-key-ab-env
for round in $(seq 1 "$rounds"); do
  for setting in "$first" "$second"; do
    dir=$(mktemp -d)
    server=$bin; client=$bin; environment=()
    if [[ $setting == bin=* ]]; then server=${setting#bin=}
    elif [[ $setting == client=* ]]; then client=${setting#client=}
    else environment=("$setting"); fi
    start_server "$dir" env "${environment[@]}" TESSERA_ACCESS_KEY=$key TESSERA_SECRET_KEY=$secret "$server" serve --port 0 \
      --port-file "$dir/port" --data-dir "$dir/data" --reap-interval 0 --no-console
    figures=$("$client" bench s3 --endpoint "http://127.0.0.1:$(cat "$dir/port")" --server-pid $pid --access-key $key \
      --secret-key $secret --scenarios "$scenarios" "$@" 2>&1 | grep -E "rate|server CPU|client CPU|MB/s|p99" | tr -s ' ' | tr '\n' '|')
    echo "round $round [$setting]: $figures"
    kill $pid; wait $pid 2>/dev/null; finished+=("$dir")
  done
done
