#!/bin/bash
# Server CPU and thread switches a request by thread group, for one bench scenario against a
# fresh server: the event loops (NIO-SGLTN-*), Swift's task pool (*default-qos), the SQLite writer
# (*qos.overcommit) and any other thread, from /proc/PID/task/*/stat and status before and after
# (docs/benchmarks.md, "The sixteenth pass" and "The seventeenth pass"). Loopback only; stops the
# server it started, by its pid.
#
#   bash bench/by_thread.sh SCENARIO [UPLOADS] [tessera serve options]
#   e.g. bash bench/by_thread.sh initiate 20000
#        TESSERA_BIN=/tmp/base-tessera bash bench/by_thread.sh small-put 20000 --event-loops 2
#
# The server is $TESSERA_BIN (default: this checkout's .build/release/tessera); the bench client is
# always this checkout's. Figures are µs of CPU per request of the scenario (the clock ticks are
# 10 ms, so use 20,000 requests or more; small-put always makes 20,000). $BENCH_OPTIONS goes to
# the bench client, e.g. BENCH_OPTIONS="--connections 48" bash bench/by_thread.sh small-put.
set -u
if [ $# -lt 1 ]; then sed -n 2,12p "$0"; exit 2; fi
scenario=$1; count=${2:-20000}; shift; [ $# -gt 0 ] && shift
# small-put always makes 20,000 PUTs (`--uploads` sizes the other scenarios): divide by those.
[ "$scenario" = small-put ] && count=20000
here=$(cd "$(dirname "$0")/.." && pwd)
client=$here/.build/release/tessera
server=${TESSERA_BIN:-$client}
key=AKBYTHREAD; secret=by-thread-secret-key
dir=$(mktemp -d)
. "$here/bench/start_server.sh"
start_server "$dir" env TESSERA_ACCESS_KEY=$key TESSERA_SECRET_KEY=$secret "$server" serve --port 0 --port-file "$dir/port" \
  --data-dir "$dir/data" --reap-interval 0 --no-console "$@"
snapshot() {  # "name|ticks|voluntary|involuntary switches" per thread; one gone meanwhile is skipped
  for t in /proc/$pid/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) && ticks=$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null) \
      && switches=$(awk '/^voluntary_ctxt/ {v = $2} /^nonvoluntary_ctxt/ {n = $2} END {print v "|" n}' "$t/status" 2>/dev/null) \
      && echo "$name|$ticks|$switches"
  done
}
snapshot > "$dir/before"
"$client" bench s3 --endpoint "http://127.0.0.1:$(cat "$dir/port")" --server-pid $pid --access-key $key \
  --secret-key $secret --scenarios "$scenario" --uploads "$count" ${BENCH_OPTIONS:-} 2>&1 | grep -E "rate|server CPU"
snapshot > "$dir/after"
python3 - "$dir/before" "$dir/after" "$count" "$(getconf CLK_TCK)" <<'PY'
import collections, sys
def load(path):  # per thread name: [ticks, voluntary, involuntary]
    totals = collections.defaultdict(lambda: [0, 0, 0])
    for line in open(path):
        name, *values = line.rstrip("\n").rsplit("|", 3)
        for i, v in enumerate(values):
            totals[name][i] += int(v)
    return totals
before, after = load(sys.argv[1]), load(sys.argv[2])
count, hz = int(sys.argv[3]), int(sys.argv[4])
groups = collections.defaultdict(lambda: [0, 0, 0])
for name, values in after.items():
    group = ("loops" if name.startswith("NIO-SGLTN") else "writer" if "overcommit" in name
             else "pool" if "default-qos" in name else "other")
    for i, v in enumerate(values):
        groups[group][i] += v - before[name][i] if name in before else v
order = sorted(groups.items(), key=lambda g: -g[1][0])
print("by thread: " + ", ".join(f"{g} {v[0] * 1e6 / hz / count:.1f} µs" for g, v in order if v[0]))
print("switches a request (voluntary + involuntary): "
      + ", ".join(f"{g} {v[1] / count:.2f} + {v[2] / count:.2f}" for g, v in order if v[1] or v[2]))
PY
kill $pid; wait $pid 2>/dev/null; rm -rf "$dir"
