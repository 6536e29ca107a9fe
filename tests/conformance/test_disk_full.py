"""A full disk, for real: the server runs on a small tmpfs mounted in its own mount namespace
(`unshare`, gone with the process). Writes that do not fit answer 507 InsufficientStorage (never
500, never a crash); reads and deletes keep working; freed space is writable again; with the
reserve, writes are refused before the disk fills and /metrics shows the free space."""
import os

import urllib.request

import pytest
from botocore.exceptions import ClientError

from conftest import Server

MIB = 1024 * 1024


def on_tmpfs(workdir, name, size_mib, reserve):
    data = os.path.join(workdir, name)
    os.makedirs(data, exist_ok=True)
    mount = f'mount -t tmpfs -o size={size_mib}m tmpfs "$0" && exec "$@"'
    return Server(data, extra_args=["--min-free-space", reserve],
                  wrapper=["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", mount, data]).start()


def fill(s3, bucket, size):
    """PUTs objects of `size` bytes until one is refused; returns the keys stored and the refusal."""
    stored = []
    for i in range(100):
        try:
            s3.put_object(Bucket=bucket, Key=f"fill-{i}", Body=os.urandom(size))
            stored.append(f"fill-{i}")
        except ClientError as e:
            return stored, e
    pytest.fail("the disk never filled")


@pytest.mark.parametrize("reserve", ["0", "12M"])
def test_a_full_disk_answers_507_and_deletes_free_it(workdir, reserve):
    server = on_tmpfs(workdir, f"full-{reserve}", 40, reserve)
    try:
        s3 = server.client()
        s3.create_bucket(Bucket="full")
        stored, refusal = fill(s3, "full", 3 * MIB + 1)
        assert refusal.response["ResponseMetadata"]["HTTPStatusCode"] == 507, refusal.response
        assert refusal.response["Error"]["Code"] == "InsufficientStorage"
        assert 3 <= len(stored) <= 13, stored
        if reserve != "0":
            metrics = urllib.request.urlopen(server.endpoint + "/metrics", timeout=10).read().decode()
            free = [l for l in metrics.splitlines() if l.startswith("tessera_storage_free_bytes ")]
            assert free and float(free[0].split()[1]) < 12 * MIB + 3 * MIB + 1, free
            assert "tessera_storage_free_bytes_reserve 12582912" in metrics
        # A multipart part that does not fit: 507 too, and the upload stays usable.
        upload = s3.create_multipart_upload(Bucket="full", Key="mp")["UploadId"] if reserve == "0" else None
        if upload:
            with pytest.raises(ClientError) as part:
                for n in range(1, 10):
                    s3.upload_part(Bucket="full", Key="mp", UploadId=upload, PartNumber=n, Body=os.urandom(5 * MIB))
            assert part.value.response["ResponseMetadata"]["HTTPStatusCode"] == 507
        assert s3.get_object(Bucket="full", Key=stored[0])["ContentLength"] == 3 * MIB + 1
        for key in stored[:3]:
            s3.delete_object(Bucket="full", Key=key)
        if upload:
            s3.abort_multipart_upload(Bucket="full", Key="mp", UploadId=upload)
        # The collector runs as soon as blobs are queued; the freed space takes new writes.
        s3.put_object(Bucket="full", Key="after", Body=os.urandom(3 * MIB + 1))
        assert s3.head_object(Bucket="full", Key="after")["ContentLength"] == 3 * MIB + 1
    finally:
        assert server.stop() == 0
