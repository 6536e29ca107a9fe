#!/usr/bin/env python3
"""Soak: kill -9 a `tessera` server again and again under a mixed load (tests/conformance/crash_soak.py),
checking acknowledged writes and deletes after every restart, then `tessera verify` on the stopped
store (no missing, orphaned or temporary file). Starts its own server on loopback with a fresh data
directory and stops it; exits non-zero on any loss or leak.

    python3 bench/crash_soak.py [--cycles 50] [--workers 4] [--seed 1]

Needs the release binary (swift build -c release --product tessera) and boto3
(tests/conformance/requirements.txt; scripts/test.sh installs them into .build/conformance-venv).
"""
import argparse
import os
import pathlib
import shutil
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "conformance"))
os.environ.setdefault("AWS_CONFIG_FILE", "/dev/null")
os.environ.setdefault("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

import crash_soak  # noqa: E402
from conftest import Server  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cycles", type=int, default=50)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--keep", action="store_true", help="keep the data directory")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="tessera-soak-")
    server = Server(os.path.join(work, "data"))
    started = time.time()
    try:
        ledger = crash_soak.run(server, cycles=args.cycles, workers=args.workers, seed=args.seed)
        code, report = crash_soak.verify(server)
        print("verify beside the running server:", "clean" if code == 0 else f"exit {code}")
        assert code == 0, report
        assert server.stop() == 0, "server did not stop cleanly"
        code, report = crash_soak.verify(server)
        print(report)
        assert code == 0, "verify found damage or leaks"
        print(f"{args.cycles} kill -9 cycles in {time.time() - started:.0f} s: {len(ledger.acked)} writes, "
              f"{len(ledger.deleted)} deletes acknowledged; nothing lost, nothing leaked")
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
