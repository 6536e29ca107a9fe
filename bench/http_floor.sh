#!/bin/bash
# The cost of the HTTP stack alone (docs/benchmarks.md, "The fourteenth pass"): per round, a fresh
# server each, measured with `tessera bench s3` at the same moment:
#   floor      `tessera bench floor`: SwiftNIO's HTTP/1.1 parser and encoder answering 200 ok;
#   floor+hop  the same, each answer made in a Swift task (event loop -> task pool -> event loop);
#   floor+async-channel  each answer made by one task per connection through NIOAsyncChannel, as
#              Hummingbird's connection loop makes it (the same hops, through NIO's async sequence);
#   floor+engine-write   as floor+hop, the task first starting an upload through Tessera's engine
#              on SQLite: an initiate's durable write without its signature, routing or XML
#              ("The thirty-seventh pass");
#   health     Tessera's `GET /health` (Hummingbird, the guarded channel, the responder; no store);
#   initiate   Tessera's CreateMultipartUpload (signed, a metadata write).
# Loopback only; each server is stopped by its pid, and stops by itself after 10 minutes anyway.
#
#   bash bench/http_floor.sh ROUNDS       e.g. bash bench/http_floor.sh 3   (20,000 requests a figure)
#
# $BENCH_OPTIONS goes to every bench client, e.g. BENCH_OPTIONS="--connections 1" for a lone
# connection (with --uploads 5000 the initiate row makes 5,000 uploads instead of 20,000).
#
# The binary is $TESSERA_BIN, by default this checkout's .build/release/tessera.
set -u
rounds=${1:-3}
bin=${TESSERA_BIN:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/tessera}
key=AKHTTPFLOOR; secret=http-floor-secret-key-http-floor
. "$(dirname "$0")/start_server.sh"
measure() {  # measure <name> <scenario> [bench options]: one line of the figures
  local name=$1 scenario=$2; shift 2
  local figures
  figures=$("$bin" bench s3 --endpoint "http://127.0.0.1:$(cat "$dir/port")" --server-pid $pid --access-key $key \
    --secret-key $secret --scenarios "$scenario" "$@" 2>&1 | grep -E "rate|CPU|FAILED" | sed 's/^target  //' | tr -s ' ' | tr '\n' '|')
  echo "round $round $name: $figures"
  kill $pid; wait $pid 2>/dev/null; rm -rf "$dir"
}
for round in $(seq 1 "$rounds"); do
  for mode in "" "--task-hop" "--async-channel" "--engine-write"; do
    dir=$(mktemp -d)
    start_server "$dir" "$bin" bench floor --port-file "$dir/port" --seconds 600 $mode
    measure "floor${mode:+ ${mode#--}}" health ${BENCH_OPTIONS:-}
  done
  for scenario in health initiate; do
    dir=$(mktemp -d)
    start_server "$dir" env TESSERA_ACCESS_KEY=$key TESSERA_SECRET_KEY=$secret "$bin" serve --port 0 --port-file "$dir/port" \
      --data-dir "$dir/data" --reap-interval 0 --no-console
    measure "tessera" "$scenario" --uploads 20000 ${BENCH_OPTIONS:-}
  done
done
