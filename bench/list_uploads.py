#!/usr/bin/env python3
"""Benchmark: CreateMultipartUpload rate and ListMultipartUploads page latency with N in-progress
uploads. Starts its own `tessera` (release build) on a free loopback port with a fresh data
directory, or talks to --endpoint. Prints a table; stops what it started.

    python3 bench/list_uploads.py --uploads 100000 [--connections 16] [--samples 50] [--metadata BYTES]

With --metadata each upload carries that many bytes of user metadata (`x-amz-meta-note`).
"""
import argparse
import concurrent.futures
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "conformance"))
import rawhttp  # noqa: E402  (the independent SigV4 signer)
from conftest import Server  # noqa: E402

NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
CLK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def proc_rss_peak(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def initiate_all(endpoint, bucket, n, connections, prefixes, metadata):
    counter = iter(range(n))
    headers = {"x-amz-meta-note": "m" * metadata} if metadata else None
    lock = threading.Lock()

    def worker():
        done = 0
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return done
            key = f"p{i % prefixes:03d}/obj-{i:08d}"
            r = rawhttp.request("POST", endpoint, f"/{bucket}/{key}?uploads", headers=headers)
            assert r.status == 200, r.data
            done += 1

    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        return sum(f.result() for f in [pool.submit(worker) for _ in range(connections)])


def timed_get(endpoint, path, samples):
    times, body = [], None
    for _ in range(samples):
        t = time.perf_counter()
        r = rawhttp.request("GET", endpoint, path)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status == 200, r.data
        body = r.data
    return times, ET.fromstring(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--uploads", type=int, default=10000)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--prefixes", type=int, default=100)
    ap.add_argument("--samples", type=int, default=50)
    ap.add_argument("--metadata", type=int, default=0, help="bytes of user metadata each upload carries")
    ap.add_argument("--binary", default=str(ROOT / ".build" / "release" / "tessera"))
    args = ap.parse_args()
    os.environ["TESSERA_BIN"] = args.binary
    workdir = tempfile.mkdtemp(prefix="tessera-bench-")
    server = Server(os.path.join(workdir, "data")).start()
    try:
        ep, bucket, n = server.endpoint, "bench", args.uploads
        assert rawhttp.request("PUT", ep, f"/{bucket}").status == 200
        pid = server.proc.pid
        cpu0, t0 = proc_cpu(pid), time.perf_counter()
        initiate_all(ep, bucket, n, args.connections, args.prefixes, args.metadata)
        wall, cpu = time.perf_counter() - t0, proc_cpu(pid) - cpu0
        rows = [("initiate", f"{n / wall:,.0f}/s", f"{cpu / n * 1e6:,.0f} µs CPU/upload", f"{args.connections} connections")]

        mid_key = f"p{args.prefixes // 2:03d}/obj-{0:08d}"
        end_key = f"p{args.prefixes - 1:03d}/obj-{n:08d}"
        cases = [
            ("page at start", f"/{bucket}?uploads&max-uploads=1000"),
            ("page in the middle (key-marker)", f"/{bucket}?uploads&max-uploads=1000&key-marker={mid_key}"),
            ("page at the end (key-marker)", f"/{bucket}?uploads&max-uploads=1000&key-marker={end_key[:-1]}"),
            ("prefix matching 1%", f"/{bucket}?uploads&max-uploads=1000&prefix=p007%2F"),
            ("delimiter over all", f"/{bucket}?uploads&max-uploads=1000&delimiter=%2F"),
        ]
        for name, path in cases:
            cpu0 = proc_cpu(pid)
            times, doc = timed_get(ep, path, args.samples)
            entries = len(doc.findall(f"{NS}Upload")) + len(doc.findall(f"{NS}CommonPrefixes"))
            cpu = (proc_cpu(pid) - cpu0) / args.samples * 1000
            rows.append((name, f"p50 {statistics.median(times):.1f} ms", f"p99 {pct(times, 99):.1f} ms",
                         f"{entries} entries, {cpu:.1f} ms CPU/page"))

        t0, seen, key_marker, id_marker, pages = time.perf_counter(), 0, "", "", 0
        last = None
        while True:
            q = f"/{bucket}?uploads&max-uploads=1000"
            if key_marker:
                q += f"&key-marker={rawhttp._quote(key_marker)}&upload-id-marker={id_marker}"
            r = rawhttp.request("GET", ep, q)
            doc = ET.fromstring(r.data)
            for u in doc.findall(f"{NS}Upload"):
                k = (u.find(f"{NS}Key").text.encode(), u.find(f"{NS}UploadId").text)
                assert last is None or k > last, "walk out of order or duplicated"
                last = k
                seen += 1
            pages += 1
            if doc.find(f"{NS}IsTruncated").text != "true":
                break
            key_marker, id_marker = doc.find(f"{NS}NextKeyMarker").text, doc.find(f"{NS}NextUploadIdMarker").text
        walk = time.perf_counter() - t0
        assert seen == n, f"walk saw {seen} of {n}"
        rows.append(("walk all by markers", f"{walk:.2f} s", f"{pages} pages", f"{seen:,} uploads, ordered, no duplicates"))
        rows.append(("server peak RSS", f"{proc_rss_peak(pid):.0f} MiB", "", ""))
        print(f"\nTessera ListMultipartUploads benchmark, N = {n:,} in-progress uploads in {args.prefixes} prefixes")
        for r in rows:
            print(f"  {r[0]:<34} {r[1]:>18} {r[2]:>22}   {r[3]}")
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
