#!/usr/bin/env python3
"""A large browser form upload (POST Object) against the same bytes PUT: rate, server CPU per MiB
and the server's peak RSS, each upload on a fresh server.

    python3 bench/post_upload.py [--binary .build/release/tessera] [--mib 1024] [--rounds 3]

The form is boto3's `generate_presigned_post` (SigV4), its file streamed by requests from a
generator (the body is never whole in this process either); the PUT is a presigned PutObject of
the same bytes, streamed the same way. The server reads the form's fields, then streams the file
into the object: its memory must stay bounded whatever the size, and its cost per MiB near the
PUT's (the boundary scan is the difference). The ETag is checked against the bytes' MD5. Loopback
only; stops what it started.
"""
import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid

import boto3
import requests
from botocore.config import Config

from boto3_upload import cpu_seconds
from compare import ACCESS_KEY, ROOT, SECRET_KEY, start_tessera

MIB = 1 << 20


def peak_rss_mib(pid):
    """The process's peak resident set (VmHWM), in MiB."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Stream:
    """The pieces (bytes) as one body of known length, sent as requests iterates it (a bare
    generator would be sent chunked)."""

    def __init__(self, parts):
        self.parts = parts

    def __len__(self):
        return sum(len(p) for p in self.parts)

    def __iter__(self):
        return iter(self.parts)


def upload(binary, block, mib, form):
    """Starts `binary`, uploads `mib` copies of `block` once (a form or a PUT), returns (MB/s,
    server ms of CPU per MiB, server peak RSS MiB)."""
    work = tempfile.mkdtemp(prefix="tessera-post-bench-")
    server, endpoint = start_tessera(work, binary)
    try:
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=ACCESS_KEY,
                          aws_secret_access_key=SECRET_KEY, config=Config(signature_version="s3v4", retries={"max_attempts": 1}))
        s3.create_bucket(Bucket="bench")
        size = mib * len(block)
        if form:
            post = s3.generate_presigned_post("bench", "big", ExpiresIn=3600)
            boundary = uuid.uuid4().hex
            head = b"".join(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode() for k, v in post["fields"].items())
            head += f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big\"\r\n\r\n".encode()
            tail = f"\r\n--{boundary}--\r\n".encode()
            url, method = post["url"], "POST"
            headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
            pieces = [head] + [block] * mib + [tail]
        else:
            url, method = s3.generate_presigned_url("put_object", Params={"Bucket": "bench", "Key": "big"}, ExpiresIn=3600), "PUT"
            headers, pieces = {}, [block] * mib
        before, start = cpu_seconds(server.p.pid), time.perf_counter()
        r = requests.request(method, url, data=Stream(pieces), headers=headers)
        wall, cpu = time.perf_counter() - start, cpu_seconds(server.p.pid) - before
        if r.status_code not in (200, 204):
            sys.exit(f"the {method} failed: {r.status_code} {r.text[:600]}")
        expected = hashlib.md5()
        for _ in range(mib):
            expected.update(block)
        if r.headers.get("ETag") != f'"{expected.hexdigest()}"' or s3.head_object(Bucket="bench", Key="big")["ContentLength"] != size:
            sys.exit(f"the {method} stored something else: {r.headers.get('ETag')}")
        return size / wall / 1e6, cpu * 1000 / mib, peak_rss_mib(server.p.pid)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=str(ROOT / ".build" / "release" / "tessera"))
    p.add_argument("--mib", type=int, default=1024)
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    block = os.urandom(MIB)
    results = {"POST form": [], "PUT": []}
    for r in range(a.rounds):
        order = ["POST form", "PUT"] if r % 2 == 0 else ["PUT", "POST form"]
        for name in order:
            rate, cpu, rss = upload(a.binary, block, a.mib, form=name == "POST form")
            results[name].append((rate, cpu, rss))
            print(f"round {r + 1}: {name:9} {rate:7.0f} MB/s  server CPU {cpu:.2f} ms/MiB  server peak RSS {rss:.0f} MiB", flush=True)
    print(f"\n{a.mib} MiB in one request, medians of {a.rounds}:")
    for name, rows in results.items():
        print(f"  {name:9} {statistics.median(x[0] for x in rows):7.0f} MB/s  server CPU {statistics.median(x[1] for x in rows):.2f} ms/MiB"
              f"  peak RSS {statistics.median(x[2] for x in rows):.0f} MiB")


if __name__ == "__main__":
    main()
