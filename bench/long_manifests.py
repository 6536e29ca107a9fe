#!/usr/bin/env python3
"""Objects completed from many parts: what listing them costs (docs/benchmarks.md, the eighteenth pass).

    python3 bench/long_manifests.py [--binary .build/release/tessera] [--parts 128] [--objects 100000]
                                    [--metadata BYTES] [--migrate-with BINARY] [--rounds 1]

Starts `tessera serve` on a fresh data directory, completes one real multipart upload with boto3
to learn the store's row for it (with `--metadata` bytes of user metadata), stops the server, and writes `--objects` copies of that row
under keys `obj/0000000`…, each with a manifest of `--parts` segments (its blob repeated: nothing
reads the bytes), straight into the SQLite database as the server lays them out (a long manifest
in `object_manifests` when the schema has it). Then it starts the server again and measures,
from /proc, the server's CPU for a whole ListObjectsV2 walk of them with boto3 (1,000 a page),
and for 2,000 HEADs of random keys (one connection: their times are mostly wake-ups).

With `--migrate-with`, the rows are written by `--binary` (an older schema) and the second
server is `--migrate-with`, which migrates the database as it starts: the time to start is the
migration's. Loopback only; stops what it started, by its pid; removes its directory.
"""
import argparse, os, random, sqlite3, subprocess, sys, tempfile, time

import boto3
from botocore.config import Config


def start(binary, directory):
    """A server on `directory`, and a boto3 client for it."""
    port_file = os.path.join(directory, "port")
    if os.path.exists(port_file):
        os.remove(port_file)
    server = subprocess.Popen(
        [binary, "serve", "--port", "0", "--port-file", port_file, "--data-dir", os.path.join(directory, "data"),
         "--reap-interval", "0", "--no-console"],
        env=dict(os.environ, TESSERA_ACCESS_KEY="AKMANIFESTS", TESSERA_SECRET_KEY="manifests-secret"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(3000):  # a migration of millions of rows takes minutes
        if os.path.exists(port_file) and open(port_file).read().strip():
            break
        if server.poll() is not None:
            sys.exit(f"the server exited with {server.returncode}")
        time.sleep(0.1)
    else:
        server.kill()
        sys.exit("the server did not start in 300 s")
    s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{open(port_file).read().strip()}",
                      aws_access_key_id="AKMANIFESTS", aws_secret_access_key="manifests-secret", region_name="us-east-1",
                      config=Config(retries={"max_attempts": 0}))
    return server, s3


def stop(server):
    server.terminate()
    server.wait()


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def seed(binary, directory, parts, objects, metadata):
    """One real completed upload, then `objects` copies of its row with `parts` segments."""
    server, s3 = start(binary, directory)
    try:
        s3.create_bucket(Bucket="manifests")
        upload = s3.create_multipart_upload(Bucket="manifests", Key="seed",
                                            Metadata={"note": "m" * metadata} if metadata else {})["UploadId"]
        etag = s3.upload_part(Bucket="manifests", Key="seed", UploadId=upload, PartNumber=1, Body=b"x" * 1024)["ETag"]
        s3.complete_multipart_upload(Bucket="manifests", Key="seed", UploadId=upload,
                                     MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    finally:
        stop(server)
    db = sqlite3.connect(os.path.join(directory, "data", "metadata.sqlite"))
    columns = [r[1] for r in db.execute("PRAGMA table_info(objects)")]
    row = dict(zip(columns, db.execute("SELECT * FROM objects WHERE key = CAST('seed' AS BLOB)").fetchone()))
    manifest = ",".join([row["manifest"]] * parts)
    if row.get("attributes_id"):  # the seed's own long attributes, read back into the row
        row["attributes"] = db.execute("SELECT attributes FROM object_attributes WHERE id = ?", (row["attributes_id"],)).fetchone()[0]
    apart = "manifest_id" in columns and len(manifest) > 384  # Codecs.manifestLimit
    attributes_apart = "attributes_id" in columns and len(row["attributes"].encode()) > 384  # Codecs.attributesLimit
    row["size"] = 1024 * parts
    first = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM object_attributes").fetchone()[0] if attributes_apart else 0
    db.execute("BEGIN")
    if apart:
        db.executemany("INSERT INTO object_manifests(id, manifest) VALUES (?, ?)", ((i + 1, manifest) for i in range(objects)))
    if attributes_apart:
        db.executemany("INSERT INTO object_attributes(id, attributes) VALUES (?, ?)", ((first + i, row["attributes"]) for i in range(objects)))
    rows = []
    for i in range(objects):
        r = dict(row, key=b"obj/%07d" % i, manifest="" if apart else manifest)
        if apart:
            r["manifest_id"] = i + 1
        if attributes_apart:
            r["attributes"], r["attributes_id"] = "", first + i
        rows.append(tuple(r[c] for c in columns))
    db.executemany(f"INSERT INTO objects({','.join(columns)}) VALUES ({','.join('?' * len(columns))})", rows)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    size = os.path.getsize(os.path.join(directory, "data", "metadata.sqlite")) >> 20
    print(f"{objects} objects of {parts} parts, {metadata} bytes of user metadata, manifests of {len(manifest)} bytes"
          f"{' in their own rows' if apart else ' in the objects rows'}"
          f"{', attributes in their own rows' if attributes_apart else ''}, database {size} MiB")


def measure(server, s3, objects, rounds):
    for _ in range(rounds):
        before, started, listed = cpu_seconds(server.pid), time.time(), 0
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="manifests", Prefix="obj/"):
            listed += len(page.get("Contents", []))
        print(f"ListObjectsV2 walk of {listed}: {cpu_seconds(server.pid) - before:.2f} s server CPU, "
              f"{time.time() - started:.2f} s wall")
    keys = ["obj/%07d" % random.Random(1).randrange(objects) for _ in range(2000)]
    before = cpu_seconds(server.pid)
    for key in keys:
        s3.head_object(Bucket="manifests", Key=key)
    print(f"HEAD, one connection: {(cpu_seconds(server.pid) - before) / len(keys) * 1e6:.0f} µs server CPU each")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/tessera")
    parser.add_argument("--parts", type=int, default=128)
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--metadata", type=int, default=0, help="bytes of user metadata an object carries")
    parser.add_argument("--migrate-with")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="tessera-manifests-")
    try:
        seed(os.path.abspath(args.binary), directory, args.parts, args.objects, args.metadata)
        started = time.time()
        server, s3 = start(os.path.abspath(args.migrate_with or args.binary), directory)
        try:
            s3.list_buckets()
            if args.migrate_with:
                print(f"started, migrating, in {time.time() - started:.2f} s")
            measure(server, s3, args.objects, args.rounds)
        finally:
            stop(server)
    finally:
        subprocess.run(["rm", "-rf", directory])


if __name__ == "__main__":
    main()
