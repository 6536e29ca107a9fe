#!/usr/bin/env bash
# The whole test suite: Swift unit/contract/property tests, a short libFuzzer run of every parser,
# then the real-client conformance suite (boto3, aws-cli, bce-python-sdk, ufile) against the release
# `tessera` binary. Installs what it needs, and starts (then stops) a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

# System packages (a fresh Debian machine has only the Swift toolchain).
need_apt=()
[ -f /usr/include/sqlite3.h ] || need_apt+=(libsqlite3-dev)
command -v python3 >/dev/null || need_apt+=(python3 python3-venv)
python3 -c 'import ensurepip' 2>/dev/null || need_apt+=(python3-venv)
# Real clients from Debian (tests/conformance/test_more_clients.py).
for tool in s3cmd restic rclone; do command -v "$tool" >/dev/null || need_apt+=("$tool"); done
# Headless Chromium and its driver: the console's browser tests (tests/conformance/test_console.py).
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
# openssl makes the throwaway CA of the HTTPS tests.
command -v openssl >/dev/null || need_apt+=(openssl)
# prlimit and unshare (descriptor-exhaustion and full-disk tests).
command -v prlimit >/dev/null && command -v unshare >/dev/null || need_apt+=(util-linux)
if [ ${#need_apt[@]} -gt 0 ]; then
    say "installing system packages: ${need_apt[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

# A throwaway PostgreSQL for the PostgreSQL store's tests and the cluster suite (installed from
# Debian's packages when missing); if it cannot start, the run fails here.
say "starting a throwaway PostgreSQL (scripts/postgres.sh)"
PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tessera-pg.XXXXXX")
ROOT=$PWD
trap 'bash "$ROOT/scripts/postgres.sh" stop "$PG_DIR" || true; rm -rf "$PG_DIR"' EXIT
TESSERA_TEST_POSTGRES=$(bash scripts/postgres.sh start "$PG_DIR")
export TESSERA_TEST_POSTGRES
echo "PostgreSQL at $TESSERA_TEST_POSTGRES"

say "swift build (debug, with tests)"
swift build --build-tests
say "swift test"
swift test --skip-build

say "fuzzing every parser briefly (scripts/fuzz.sh; longer runs: scripts/fuzz.sh 600)"
bash scripts/fuzz.sh "${TESSERA_FUZZ_SECONDS:-10}"

say "swift build -c release --product tessera"
swift build -c release --product tessera

VENV=.build/conformance-venv
STAMP="$VENV/.requirements"
if [ ! -x "$VENV/bin/pytest" ] || ! cmp -s tests/conformance/requirements.txt "$STAMP"; then
    say "installing the real clients into $VENV (tests/conformance/requirements.txt)"
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r tests/conformance/requirements.txt
    cp tests/conformance/requirements.txt "$STAMP"
fi

say "conformance suite (real clients against the real binary)"
export TESSERA_BIN="$PWD/.build/release/tessera"
export PATH="$PWD/$VENV/bin:$PATH"
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export NO_PROXY="127.0.0.1,localhost"
cd tests/conformance
"$OLDPWD/$VENV/bin/pytest" -q -p no:cacheprovider "$@"
