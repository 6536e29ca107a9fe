#!/usr/bin/env bash
# Fuzzes Tessera's parsers with libFuzzer (Fuzz/: the XML reader and S3 documents, BOS JSON, the
# UFile form, the streaming form of S3's POST uploads, ranges and percent-decoding, the aws-chunked decoder, every dialect's authorization
# parsing, signed S3, BOS and UFile requests through the real pipeline, which must never answer 5xx, and any
# bytes through one connection's own handlers, which must answer well-formed and close).
#
#   scripts/fuzz.sh [seconds-per-target] [target ...]     (default: 60 s each, every target)
#
# Builds the harness once with -sanitize=fuzzer in .build-fuzz. Each target starts from its seed
# corpus in Fuzz/Corpus/<target> (never modified: new inputs go to a scratch copy) and first replays
# every past finding in Fuzz/Regressions/<target>. A crash leaves its input in .build-fuzz/findings/
# and fails the run; add it to Fuzz/Regressions/<target>/ once fixed. Bounded: -max_total_time.
# Every target mutates with Fuzz/numbers.dict (numbers at the 64-bit limits) besides its seeds.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(xml s3-documents bos-json form form-stream range-percent aws-chunked auth s3-request bos-request ufile-request connection)

echo "== building the fuzz harness (.build-fuzz, -sanitize=fuzzer)"
TESSERA_FUZZ=1 swift build --scratch-path .build-fuzz --product tessera-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld
bin=".build-fuzz/debug/tessera-fuzz"
findings=".build-fuzz/findings"
mkdir -p "$findings"

for target in "${targets[@]}"; do
    seeds="Fuzz/Corpus/$target"
    [ -d "$seeds" ] || { echo "no corpus for fuzz target '$target'" >&2; exit 2; }
    if [ -d "Fuzz/Regressions/$target" ] && [ -n "$(ls -A "Fuzz/Regressions/$target")" ]; then
        echo "== $target: replaying past findings"
        TESSERA_FUZZ_TARGET="$target" "$bin" -runs=1 "Fuzz/Regressions/$target"/* >/dev/null 2>&1 \
            || { echo "a past finding of $target fails again" >&2; exit 1; }
    fi
    work="$(mktemp -d)"
    echo "== $target: ${seconds}s"
    if ! SWIFT_BACKTRACE=enable=no TESSERA_FUZZ_TARGET="$target" "$bin" "$work" "$seeds" -max_total_time="$seconds" -max_len=65536 -dict=Fuzz/numbers.dict \
            -timeout=10 -rss_limit_mb=4096 -artifact_prefix="$findings/$target-" -print_final_stats=1 \
            >"$findings/$target.log" 2>&1; then
        tail -40 "$findings/$target.log" >&2
        echo "fuzz target $target found a failure: $(ls "$findings"/"$target"-* 2>/dev/null | head -1)" >&2
        rm -rf "$work"
        exit 1
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$findings/$target.log" | tr '\n' ' '
    echo "corpus: $(ls "$work" | wc -l) new inputs"
    rm -rf "$work"
done
echo "== fuzzing: no findings"
