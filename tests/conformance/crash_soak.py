"""kill -9 cycles under a mixed load (puts of inline and blob sizes, multipart uploads completed and
aborted, deletes), checking after each restart that every acknowledged write is there byte for
byte, every acknowledged delete is gone, nothing is visible half-written, and at the end that
`tessera verify` finds the store clean: no missing, orphaned or temporary file left behind.

Used by test_crash.py (a few cycles, in the suite) and bench/crash_soak.py (50 cycles or more).
"""
import concurrent.futures
import hashlib
import io
import random
import subprocess
import threading
import time

from boto3.s3.transfer import TransferConfig

from conftest import tessera_binary

MIB = 1024 * 1024
BUCKET = "soak"


class Ledger:
    """What clients attempted and what the server acknowledged, per key (each key written once)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.put = {}          # key -> md5 attempted
        self.acked = set()     # keys whose write was acknowledged
        self.deleting = set()  # keys whose delete was attempted
        self.deleted = set()   # keys whose delete was acknowledged

    def check(self, s3, keys):
        """Every key's state after a restart is one the acknowledgements allow."""
        for key in keys:
            try:
                body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
                present = hashlib.md5(body).hexdigest()
            except s3.exceptions.NoSuchKey:
                present = None
            with self.lock:
                want, acked, deleting, deleted = self.put[key], key in self.acked, key in self.deleting, key in self.deleted
            if deleted:
                assert present is None, f"acknowledged delete of {key} undone"
            elif acked and not deleting:
                assert present == want, f"acknowledged {key} lost or changed"
            else:
                assert present in (None, want), f"{key} visible half-written"


def worker(endpoint_client, ledger, stop, seed, prefix):
    rng = random.Random(seed)
    s3 = endpoint_client()
    i = 0
    while not stop.is_set():
        i += 1
        key = f"{prefix}/{seed}-{i}"
        op = rng.random()
        try:
            if op < 0.15 and ledger.acked:
                with ledger.lock:
                    candidates = sorted(ledger.acked - ledger.deleting)
                if candidates:
                    victim = rng.choice(candidates)
                    with ledger.lock:
                        ledger.deleting.add(victim)
                    s3.delete_object(Bucket=BUCKET, Key=victim)
                    with ledger.lock:
                        ledger.deleted.add(victim)
                continue
            if op < 0.25:  # an upload that is aborted after a part
                u = s3.create_multipart_upload(Bucket=BUCKET, Key=key)["UploadId"]
                s3.upload_part(Bucket=BUCKET, Key=key, UploadId=u, PartNumber=1, Body=rng.randbytes(200_000))
                s3.abort_multipart_upload(Bucket=BUCKET, Key=key, UploadId=u)
                continue
            size = rng.choice([700, 40_000, 300_000, 5 * MIB + 333])
            data = rng.randbytes(size)
            with ledger.lock:
                ledger.put[key] = hashlib.md5(data).hexdigest()
            if size > 5 * MIB:
                s3.upload_fileobj(io.BytesIO(data), BUCKET, key,
                                  Config=TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, use_threads=False))
            else:
                s3.put_object(Bucket=BUCKET, Key=key, Body=data)
            with ledger.lock:
                ledger.acked.add(key)
        except Exception:
            if stop.is_set():
                return
            time.sleep(0.05)  # the server is gone; the cycle is ending


def verify(server):
    r = subprocess.run([tessera_binary(), "verify", "--data-dir", server.data_dir], capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout + r.stderr


def run(server, cycles, workers=4, seconds=(0.5, 2.5), seed=1, log=print):
    """Runs `cycles` kill -9 cycles on `server` (a conftest.Server, not started); returns the ledger."""
    rng = random.Random(seed)
    ledger = Ledger()
    server.start()
    server.client().create_bucket(Bucket=BUCKET)
    for cycle in range(cycles):
        stop = threading.Event()
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            futures = [pool.submit(worker, server.client, ledger, stop, seed * 1000 + cycle * workers + n, f"c{cycle}")
                       for n in range(workers)]
            time.sleep(rng.uniform(*seconds))
            server.kill9()
            stop.set()
            for f in futures:
                f.result(timeout=120)
        server.start()
        s3 = server.client()
        ledger.check(s3, [k for k in ledger.put if k.startswith(f"c{cycle}/")] + sorted(ledger.deleted))
        for u in s3.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []):
            if rng.random() < 0.5:  # leave some for the next cycles, abort the rest
                s3.abort_multipart_upload(Bucket=BUCKET, Key=u["Key"], UploadId=u["UploadId"])
        log(f"cycle {cycle + 1}/{cycles}: {len(ledger.acked)} writes and {len(ledger.deleted)} deletes acknowledged so far")
    ledger.check(server.client(), sorted(ledger.put))
    return ledger
