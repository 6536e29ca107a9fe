#!/usr/bin/env python3
"""Instructions per request: the repeatable figure beside the noisy times (issue 18).

    python3 bench/callgrind.py [--binary .build/release/tessera] [--requests 200] [--out DIR]

Starts `tessera serve` under `valgrind --tool=callgrind` with instrumentation off, prepares a
bucket with boto3, then for each kind of small request turns instrumentation on, sends
--requests requests one at a time, dumps, and prints the server's instructions (Ir) per request
(every thread of the server: HTTP parsing, routing, authentication, the metadata write, the
response). With bce-python-sdk installed, two rows list the same entries through BOS (JSON
documents). Same binary and inputs, same counts, whatever else the machine does. The last rows are
`GET /health` of `tessera bench floor`, a bare SwiftNIO server, in its four modes (each started
under callgrind the same way): the floor under every request, and with `--engine-write` the floor
under an initiate (its engine call and durable write, without signature, routing or XML). The
dumps stay in --out for `callgrind_annotate`. Loopback only; stops what it started.

valgrind 3.19 cannot read the DWARF 5 Swift 6 emits, so the server and the Swift runtime
libraries run from copies without debug sections (symbols stay: callgrind_annotate names
functions).
"""
import argparse
import glob
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import boto3
from botocore.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCESS_KEY, SECRET_KEY = "AKCALLGRIND", "callgrind-secret-key"
SWIFT_LIBS = "/opt/swift/usr/lib/swift/linux"


def without_debug_info(binary, out):
    """Copies of the server and of the Swift runtime libraries without DWARF; returns the binary
    and the library directory to put first on LD_LIBRARY_PATH."""
    libs = os.path.join(out, "lib")
    os.makedirs(libs, exist_ok=True)
    runtime = SWIFT_LIBS if os.path.isdir(SWIFT_LIBS) else os.path.join(os.path.dirname(shutil.which("swift")), "..", "lib", "swift", "linux")
    for lib in glob.glob(os.path.join(runtime, "*.so")):
        subprocess.run(["objcopy", "--strip-debug", lib, os.path.join(libs, os.path.basename(lib))], check=True)
    copy = os.path.join(out, "tessera-nodebug")
    subprocess.run(["objcopy", "--strip-debug", binary, copy], check=True)
    return copy, libs


RECORD_LIFETIME = 5.0  # seconds: the store reloads an access key or a bucket this old (SQLiteMetadataStore)


def count(pid, out, name, call, requests):
    """The server's instructions per request over `requests` calls of `call`, dumped as `name`.

    No reload of a cached record is counted: the records are loaded by an uncounted call first,
    and when a window nears their lifetime (a slow row under callgrind, or a slow moment),
    counting pauses, waits the lifetime out, reloads them by another uncounted call and goes on.
    A window that ran past it paid a reload of both records by chance (HeadObject 275,030
    instructions against 238,000-243,000 before and GET 4 KiB's 261,113 in the same run,
    2026-12-07)."""
    def control(*args):
        subprocess.run(["callgrind_control", *args, pid], check=True, capture_output=True)

    def reload():
        time.sleep(RECORD_LIFETIME + 0.2)
        call()
        return time.monotonic()

    loaded = reload()
    control("-z")
    control("-i", "on")
    for _ in range(requests):
        if time.monotonic() - loaded > RECORD_LIFETIME - 2:  # room for the reloading call, a call and the control
            control("-i", "off")
            loaded = reload()
            control("-i", "on")
        call()
    control("-i", "off")
    before = set(glob.glob(f"{out}/callgrind.out.{pid}*"))
    subprocess.run(["callgrind_control", "-d", name.replace(" ", "_"), pid], check=True, capture_output=True)
    new = set(glob.glob(f"{out}/callgrind.out.{pid}*")) - before
    total = 0
    for dump in new:  # one file per thread or one in all, depending on --separate-threads
        for line in open(dump, errors="replace"):
            if line.startswith("totals:"):  # ("summary:" reads 0 in interactive dumps)
                total += int(line.split()[1])
    return total // requests


def floor(binary, env, out, mode, requests):
    """Instructions per `GET /health` of `tessera bench floor` (in `mode`: no option, `--task-hop`,
    `--async-channel` or `--engine-write`) under callgrind: the least a request costs a SwiftNIO
    server, and with `--engine-write` the least an initiate's durable write adds to it."""
    port_file = os.path.join(out, "floor.port")
    if os.path.exists(port_file):
        os.remove(port_file)
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}/callgrind.out.%p",
         binary, "bench", "floor", "--port-file", port_file, "--seconds", "600"] + mode,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.time() + 300
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if server.poll() is not None or time.time() > deadline:
                sys.exit("tessera bench floor did not start under valgrind")
            time.sleep(0.2)
        plain = http.client.HTTPConnection("127.0.0.1", int(open(port_file).read().strip()), timeout=300)
        for _ in range(5):
            health(plain)
        # With --engine-write its store reloads its bucket's record once it is 5 s old, as the
        # server's does: `count` keeps the reloads out of the window.
        return count(str(server.pid), out, "floor" + "".join(mode), lambda: health(plain), requests)
    finally:
        stop(server)


def stop(server):
    """Ends a server this script started: SIGTERM, then SIGKILL if it has not gone in 300 s."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(300)
    except subprocess.TimeoutExpired:
        server.kill()


def health(connection):
    """`GET /health` on a keep-alive connection of its own; the body must be Tessera's."""
    connection.request("GET", "/health")
    response = connection.getresponse()
    if response.status != 200 or response.read() != b"ok\n":
        sys.exit(f"GET /health answered {response.status}")


def bos_client(endpoint):
    """A BOS client (bce-python-sdk) for the BOS rows, or None without the SDK (the rows are left out)."""
    try:
        from baidubce.auth.bce_credentials import BceCredentials
        from baidubce.bce_client_configuration import BceClientConfiguration
        from baidubce.services.bos.bos_client import BosClient
    except ImportError:
        print("(no BOS rows: pip install bce-python-sdk)", file=sys.stderr)
        return None
    return BosClient(BceClientConfiguration(credentials=BceCredentials(ACCESS_KEY, SECRET_KEY), endpoint=endpoint))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "tessera"))
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--out", default=None)
    a = p.parse_args()
    if not 1 <= a.requests <= 9_994:  # the new-part row numbers its parts 1...10,000
        p.error("--requests must be between 1 and 9,994")
    out = a.out or tempfile.mkdtemp(prefix="tessera-callgrind-")
    os.makedirs(out, exist_ok=True)
    data = tempfile.mkdtemp(prefix="tessera-callgrind-data-")
    port_file = os.path.join(data, "port")
    binary, libs = without_debug_info(a.binary, out)
    env = dict(os.environ, TESSERA_ACCESS_KEY=ACCESS_KEY, TESSERA_SECRET_KEY=SECRET_KEY,
               LD_LIBRARY_PATH=libs + (":" + os.environ["LD_LIBRARY_PATH"] if os.environ.get("LD_LIBRARY_PATH") else ""))
    log = open(os.path.join(out, "server.log"), "wb")
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}/callgrind.out.%p",
         binary, "serve", "--port", "0", "--port-file", port_file, "--data-dir", os.path.join(data, "d"), "--reap-interval", "0"],
        stdout=log, stderr=subprocess.STDOUT, env=env)
    pid = str(server.pid)
    try:
        deadline = time.time() + 300
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if server.poll() is not None or time.time() > deadline:
                sys.exit("the server did not start under valgrind: " + open(os.path.join(out, "server.log")).read()[-3000:])
            time.sleep(0.2)
        endpoint = "http://127.0.0.1:" + open(port_file).read().strip()
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=ACCESS_KEY,
                          aws_secret_access_key=SECRET_KEY, config=Config(retries={"max_attempts": 1}, read_timeout=300))
        plain = http.client.HTTPConnection("127.0.0.1", int(open(port_file).read().strip()), timeout=300)
        s3.create_bucket(Bucket="cgbench")
        s3.put_object(Bucket="cgbench", Key="small", Body=b"s" * 4096)
        upload = s3.create_multipart_upload(Bucket="cgbench", Key="mp")["UploadId"]
        s3.upload_part(Bucket="cgbench", Key="mp", UploadId=upload, PartNumber=1, Body=b"p" * 4096)
        # A part number never used before for each UploadPart of `fresh`: the request as clients
        # send it. The "replaced" row (part 2 again and again, the only UploadPart row before
        # 2026-12-04) also wakes the garbage collector, whose work varies between dumps.
        fresh = s3.create_multipart_upload(Bucket="cgbench", Key="mp-fresh")["UploadId"]
        for n in range(1_000):  # what the listing rows list
            s3.put_object(Bucket="cgbench", Key=f"list/{n:04}", Body=b"l")
            s3.create_multipart_upload(Bucket="cgbench", Key=f"list/{n:04}")
        parts = iter(range(1, 10_001))
        counter = iter(range(10**9))
        deleted = iter(range(10**9))
        kinds = [
            ("CreateMultipartUpload", lambda: s3.create_multipart_upload(Bucket="cgbench", Key="init/k")),
            ("HeadObject", lambda: s3.head_object(Bucket="cgbench", Key="small")),
            ("GetObject 4 KiB", lambda: s3.get_object(Bucket="cgbench", Key="small")["Body"].read()),
            ("PutObject 4 KiB", lambda: s3.put_object(Bucket="cgbench", Key=f"put/{next(counter)}", Body=b"x" * 4096)),
            ("UploadPart 4 KiB", lambda: s3.upload_part(Bucket="cgbench", Key="mp", UploadId=upload, PartNumber=2, Body=b"q" * 4096)),
            ("UploadPart 4 KiB, new", lambda: s3.upload_part(Bucket="cgbench", Key="mp-fresh", UploadId=fresh,
                                                             PartNumber=next(parts), Body=b"n" * 4096)),
            ("ListParts", lambda: s3.list_parts(Bucket="cgbench", Key="mp", UploadId=upload)),
            # The objects the PutObject row wrote, each deleted once (as many as it wrote).
            ("DeleteObject 4 KiB", lambda: s3.delete_object(Bucket="cgbench", Key=f"put/{next(deleted)}")),
            # A page of 1,000 objects (ListObjectsV2's default and largest page).
            ("ListObjectsV2, 1,000", lambda: s3.list_objects_v2(Bucket="cgbench", Prefix="list/")),
            ("ListMultipartUploads, 1,000", lambda: s3.list_multipart_uploads(Bucket="cgbench", Prefix="list/")),
            # A truncated page, as every page of a walk but the last is.
            ("ListObjectsV2, 999 of 1,000", lambda: s3.list_objects_v2(Bucket="cgbench", Prefix="list/", MaxKeys=999)),
        ]
        bos = bos_client(endpoint)
        if bos is not None:  # the seed dialect's listings, JSON documents of the same 1,000 entries
            kinds += [
                ("BOS ListMultipartUploads, 1,000", lambda: bos.list_multipart_uploads(b"cgbench", prefix=b"list/")),
                ("BOS ListObjects, 1,000", lambda: bos.list_objects(b"cgbench", prefix=b"list/")),
            ]
        # Last, so the dumps above keep their numbers: the HTTP stack alone (no signature, no store).
        kinds.append(("GET /health", lambda: health(plain)))
        for _, call in kinds:  # every path once before counting
            for _ in range(5):
                call()
        print(f"{'request (S3 by boto3, BOS by bce-python-sdk)':34} {'instructions per request':>26}")
        for name, call in kinds:
            # `count` keeps the store's 5 s reloads of the access key and the bucket out of the
            # window (16,000 instructions a request of 20 in a GET 4 KiB row that paid one, 2026-12-06).
            print(f"{name:34} {count(pid, out, name, call, a.requests):26,}")
        for mode in ([], ["--task-hop"], ["--async-channel"], ["--engine-write"]):  # the floor under GET /health: a bare SwiftNIO server
            print(f"{' '.join(['GET /health, bench floor'] + mode):46} {floor(binary, env, out, mode, a.requests):14,}")
        print(f"(dumps in {out}; callgrind_annotate <dump> shows where the instructions go)")
    finally:
        stop(server)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
