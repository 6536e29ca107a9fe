"""`tessera user` beside a running server (issue 17 item 9): unique names, a second key, revoking a
key (honoured within the 5 s credential cache lifetime), removing a user only once their buckets
are gone."""
import subprocess
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import tessera_binary


def user(server, *args, check=True):
    r = subprocess.run([tessera_binary(), "user", *args, "--data-dir", server.data_dir], capture_output=True, text=True, timeout=60)
    if check:
        assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r


def keys_of(out):
    lines = dict(line.strip().split(": ", 1) for line in out.splitlines() if ": " in line)
    return lines["access key"], lines.get("secret key")


def refused_within(call, seconds=10):
    """Polls until `call` is refused for its credential (the cache lifetime is 5 s)."""
    deadline = time.time() + seconds
    while True:
        try:
            call()
        except ClientError as e:
            return e.response["Error"]["Code"]
        assert time.time() < deadline, "a revoked key still works"
        time.sleep(0.5)


def test_user_lifecycle_beside_a_running_server(server):
    name = "dave-" + uuid.uuid4().hex[:6]
    first_key, first_secret = keys_of(user(server, "add", name).stdout)
    assert user(server, "add", name, check=False).returncode != 0
    second_key, second_secret = keys_of(user(server, "key", "add", name).stdout)
    first, second = server.client(first_key, first_secret), server.client(second_key, second_secret)
    bucket = name + "-bkt"
    first.create_bucket(Bucket=bucket)
    assert [b["Name"] for b in second.list_buckets()["Buckets"]] == [bucket]  # one user, two keys
    user(server, "key", "revoke", first_key)
    assert refused_within(lambda: first.list_buckets()) == "InvalidAccessKeyId"
    r = user(server, "rm", name, check=False)
    assert r.returncode != 0 and bucket in (r.stdout + r.stderr)
    second.delete_bucket(Bucket=bucket)
    assert "1 key" in user(server, "rm", name).stdout
    assert refused_within(lambda: second.list_buckets()) == "InvalidAccessKeyId"
    assert name not in user(server, "ls").stdout
