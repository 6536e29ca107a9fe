#!/usr/bin/env python3
"""A large upload as boto3 makes it by default: server CPU per MiB, with the checksum it sends.

    python3 bench/boto3_upload.py [--binary .build/release/tessera] [--baseline OLDER] [--mib 1024] [--rounds 3]

boto3 (1.36 and later, like the other AWS SDKs) sends a CRC32 of every part and of every PutObject
by default, which the server computes while the bytes stream in and compares; `tessera bench s3`
sends none. This uploads a file of --mib MiB with `upload_file` (16 MiB parts, 4 in flight,
boto3's defaults otherwise), checks that the object reads back with its CRC32, and prints the
server's CPU per MiB (user + system, from /proc) and the wall-clock rate. With --baseline, an
older binary runs in the same rounds, the order alternating round by round: a same-moment A/B.
The Python client, not the server, bounds the rate; the CPU per MiB is the figure. Loopback only;
stops what it started.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

from compare import ACCESS_KEY, ROOT, SECRET_KEY, start_tessera

MIB = 1 << 20


def cpu_seconds(pid):
    """User + system CPU of a process so far, in seconds."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(binary, source, mib):
    """Starts `binary`, uploads `source` once, returns (MB/s, server ms of CPU per MiB)."""
    work = tempfile.mkdtemp(prefix="tessera-boto3-bench-")
    server, endpoint = start_tessera(work, binary)
    try:
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=ACCESS_KEY,
                          aws_secret_access_key=SECRET_KEY, config=Config(retries={"max_attempts": 1}, read_timeout=300))
        s3.create_bucket(Bucket="bench")
        transfer = TransferConfig(multipart_threshold=16 * MIB, multipart_chunksize=16 * MIB, max_concurrency=4)
        before, start = cpu_seconds(server.p.pid), time.perf_counter()
        s3.upload_file(source, "bench", "big", Config=transfer)
        wall, cpu = time.perf_counter() - start, cpu_seconds(server.p.pid) - before
        head = s3.head_object(Bucket="bench", Key="big", ChecksumMode="ENABLED")
        if head["ContentLength"] != mib * MIB or "ChecksumCRC32" not in head:
            sys.exit(f"unexpected object after the upload: {head}")
        return mib * MIB / wall / 1e6, cpu * 1000 / mib
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=str(ROOT / ".build" / "release" / "tessera"))
    p.add_argument("--baseline", default=None, help="an older tessera binary, measured in the same rounds")
    p.add_argument("--mib", type=int, default=1024)
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    targets = [("tessera", a.binary)] + ([("baseline", a.baseline)] if a.baseline else [])
    work = tempfile.mkdtemp(prefix="tessera-boto3-source-")
    try:
        source = os.path.join(work, "source")
        with open(source, "wb") as f:
            for _ in range(a.mib):
                f.write(os.urandom(MIB))
        results = {name: [] for name, _ in targets}
        for r in range(a.rounds):
            order = targets if r % 2 == 0 else list(reversed(targets))
            for name, binary in order:
                rate, cpu = run(binary, source, a.mib)
                results[name].append((rate, cpu))
                print(f"round {r + 1}: {name:9} {rate:8.0f} MB/s  server CPU {cpu:.2f} ms/MiB", flush=True)
        print(f"\n{a.mib} MiB with boto3 {boto3.__version__} upload_file (16 MiB parts, 4 in flight, default CRC32), medians of {a.rounds}:")
        for name, _ in targets:
            rates, cpus = [x[0] for x in results[name]], [x[1] for x in results[name]]
            print(f"  {name:9} {statistics.median(rates):8.0f} MB/s  server CPU {statistics.median(cpus):.2f} ms/MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
