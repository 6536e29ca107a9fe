#!/bin/bash
# Server CPU a request by thread group, for one bench scenario against a fresh server: the event
# loops (NIO-SGLTN-*), Swift's task pool (*default-qos), the SQLite writer (*qos.overcommit) and
# any other thread, from /proc/PID/task/*/stat before and after (docs/benchmarks.md, "The
# sixteenth pass"). Loopback only; stops the server it started, by its pid.
#
#   bash bench/by_thread.sh SCENARIO [UPLOADS] [tessera serve options]
#   e.g. bash bench/by_thread.sh initiate 20000
#        TESSERA_BIN=/tmp/base-tessera bash bench/by_thread.sh small-put 20000 --event-loops 2
#
# The server is $TESSERA_BIN (default: this checkout's .build/release/tessera); the bench client is
# always this checkout's. Figures are µs of CPU per request of the scenario (the clock ticks are
# 10 ms, so use 20,000 requests or more; small-put always makes 20,000).
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
TESSERA_ACCESS_KEY=$key TESSERA_SECRET_KEY=$secret "$server" serve --port 0 --port-file "$dir/port" \
  --data-dir "$dir/data" --reap-interval 0 --no-console "$@" > "$dir/log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
if [ ! -s "$dir/port" ]; then echo "the server did not start:"; cat "$dir/log"; kill $pid 2>/dev/null; exit 1; fi
snapshot() {  # "name|ticks" per thread; a thread gone between the two reads is skipped
  for t in /proc/$pid/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) && ticks=$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null) && echo "$name|$ticks"
  done
}
snapshot > "$dir/before"
"$client" bench s3 --endpoint "http://127.0.0.1:$(cat "$dir/port")" --server-pid $pid --access-key $key \
  --secret-key $secret --scenarios "$scenario" --uploads "$count" 2>&1 | grep -E "rate|server CPU"
snapshot > "$dir/after"
python3 - "$dir/before" "$dir/after" "$count" "$(getconf CLK_TCK)" <<'PY'
import collections, sys
def load(path):
    ticks = collections.Counter()
    for line in open(path):
        name, value = line.rstrip("\n").rsplit("|", 1)
        ticks[name] += int(value)
    return ticks
before, after = load(sys.argv[1]), load(sys.argv[2])
count, hz = int(sys.argv[3]), int(sys.argv[4])
groups = collections.Counter()
for name, value in after.items():
    group = ("loops" if name.startswith("NIO-SGLTN") else "writer" if "overcommit" in name
             else "pool" if "default-qos" in name else "other")
    groups[group] += value - before.get(name, 0)
print("by thread: " + ", ".join(f"{g} {v * 1e6 / hz / count:.1f} µs" for g, v in groups.most_common() if v))
PY
kill $pid; wait $pid 2>/dev/null; rm -rf "$dir"
