#!/usr/bin/env bash
# Builds the release binary and installs it as `tessera` on PATH:
#   bash scripts/install.sh              # into ~/.local/bin (or /usr/local/bin when run as root)
#   PREFIX=/opt/tessera bash scripts/install.sh
# Needs the Swift toolchain (6.x) and libsqlite3-dev; the first build takes about ten minutes on
# two cores (the dependencies compile once).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f /usr/include/sqlite3.h ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libsqlite3-dev
fi
swift build -c release --product tessera
if [ -n "${PREFIX:-}" ]; then dest="$PREFIX/bin"; elif [ "$(id -u)" = 0 ]; then dest=/usr/local/bin; else dest="$HOME/.local/bin"; fi
mkdir -p "$dest"
install -m 0755 .build/release/tessera "$dest/tessera"
echo "installed $dest/tessera"
case ":$PATH:" in *":$dest:"*) ;; *) echo "note: $dest is not on PATH; add it, or run $dest/tessera" ;; esac
