"""BOS's bucket ACL (bce-python-sdk's set_bucket_canned_acl, set_bucket_acl, get_bucket_acl;
was 501): canned ACLs and ACL documents with grantees, permissions, resources, conditions and
effects, kept as statements beside the bucket's policy and enforced in the one decision of
access every dialect's request goes through."""
import subprocess
import uuid

import pytest
import requests
from baidubce.exception import BceHttpClientError
from baidubce.services.bos import canned_acl

from conftest import tessera_binary
from test_bos import bos_client


def add_user(server, name):
    key = name.upper()[:4] + uuid.uuid4().hex[:12].upper()
    subprocess.run([tessera_binary(), "user", "add", f"{name}-{key.lower()}", "--access-key", key, "--secret-key", name + "-secret",
                    "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    user_id = server.client(key, name + "-secret").list_buckets()["Owner"]["ID"]
    return user_id, bos_client(server, key, name + "-secret")


def refused(call):
    with pytest.raises(BceHttpClientError) as e:
        call()
    return e.value.last_error.status_code, e.value.last_error.code


def entries(acl):
    return [([g.id for g in e.grantee], list(e.permission)) for e in acl.access_control_list]


@pytest.fixture
def bos_bucket(server):
    bos = bos_client(server)
    name = "acl-" + uuid.uuid4().hex[:12]
    bos.create_bucket(name)
    return bos, name


def test_canned_acls_open_and_close_a_bucket(server, bos_bucket, s3):
    bos, bucket = bos_bucket
    bos.put_object_from_string(bucket, "pub/a.txt", "hello")
    url = f"{server.endpoint}/{bucket}/pub/a.txt"
    assert requests.get(url).status_code == 403
    owner = s3.list_buckets()["Owner"]["ID"]
    assert entries(bos.get_bucket_acl(bucket)) == [([owner], ["FULL_CONTROL"])]
    bos.set_bucket_canned_acl(bucket, canned_acl.PUBLIC_READ)
    assert entries(bos.get_bucket_acl(bucket)) == [([owner], ["FULL_CONTROL"]), (["*"], ["READ"])]
    assert requests.get(url).content == b"hello"
    listing = requests.get(f"{server.endpoint}/{bucket}?list-type=2")
    assert listing.status_code == 200 and b"<Key>pub/a.txt</Key>" in listing.content
    assert requests.put(f"{server.endpoint}/{bucket}/pub/b.txt", data=b"b").status_code == 403
    bos.set_bucket_canned_acl(bucket, canned_acl.PUBLIC_READ_WRITE)
    assert requests.put(f"{server.endpoint}/{bucket}/pub/b.txt", data=b"b").status_code == 200
    assert bos.get_object_as_string(bucket, "pub/b.txt") == b"b"
    bos.set_bucket_canned_acl(bucket, canned_acl.PRIVATE)
    assert requests.get(url).status_code == 403
    assert entries(bos.get_bucket_acl(bucket)) == [([owner], ["FULL_CONTROL"])]
    # The ACL is not the S3 bucket policy, which stays unset.
    with pytest.raises(Exception) as e:
        s3.get_bucket_policy(Bucket=bucket)
    assert "NoSuchBucketPolicy" in str(e.value)
    assert refused(lambda: bos.set_bucket_canned_acl(bucket, b"public-write")) == (400, "InvalidArgument")


def test_an_acl_document_grants_a_user_part_of_a_bucket(server, bos_bucket):
    bos, bucket = bos_bucket
    erin_id, erin = add_user(server, "erin")
    bos.put_object_from_string(bucket, "shared/x", "x")
    bos.put_object_from_string(bucket, "private/y", "y")
    assert refused(lambda: erin.get_object_as_string(bucket, "shared/x"))[0] == 403
    bos.set_bucket_acl(bucket, [{"grantee": [{"id": erin_id}], "permission": ["READ", "WRITE"], "resource": [f"{bucket}/shared/*"]}])
    assert entries(bos.get_bucket_acl(bucket))[1] == ([erin_id], ["READ", "WRITE"])
    assert erin.get_object_as_string(bucket, "shared/x") == b"x"
    erin.put_object_from_string(bucket, "shared/z", "z")
    assert refused(lambda: erin.get_object_as_string(bucket, "private/y"))[0] == 403
    assert refused(lambda: erin.list_objects(bucket))[0] == 403  # the bucket itself is not granted
    assert refused(lambda: erin.set_bucket_canned_acl(bucket, canned_acl.PUBLIC_READ))[0] == 403
    # A deny for the user on part of what the bucket-wide grant gives, only from loopback.
    bos.set_bucket_acl(bucket, [
        {"grantee": [{"id": erin_id}], "permission": ["READ"]},
        {"grantee": [{"id": erin_id}], "permission": ["GetObject"], "resource": [f"{bucket}/shared/*"], "effect": "Deny",
         "condition": {"ipAddress": ["127.0.0.0/8"]}},
    ])
    assert [o.key for o in erin.list_objects(bucket).contents] == ["private/y", "shared/x", "shared/z"]
    assert erin.get_object_as_string(bucket, "private/y") == b"y"
    assert refused(lambda: erin.get_object_as_string(bucket, "shared/x"))[0] == 403
    assert refused(lambda: bos.set_bucket_acl(bucket, [{"grantee": [{"id": "*"}], "permission": ["FLY"]}])) == (400, "InvalidArgument")
    assert refused(lambda: bos.set_bucket_acl(bucket, [{"grantee": [{"id": "*"}], "permission": ["READ"],
                                                         "resource": ["another-bucket/*"]}]))[0] == 400
    assert len(entries(bos.get_bucket_acl(bucket))) == 3  # nothing changed by the refusals


def test_object_acls_share_one_object(server, bos_bucket):
    """set_object_canned_acl, set_object_acl, get_object_acl and delete_object_acl (was 501):
    one object made public, or readable by one user, in a private bucket."""
    bos, bucket = bos_bucket
    erin_id, erin = add_user(server, "erin")
    bos.put_object_from_string(bucket, "one.txt", "1")
    bos.put_object_from_string(bucket, "two.txt", "2")
    url = f"{server.endpoint}/{bucket}/one.txt"
    assert requests.get(url).status_code == 403
    owner = server.client().list_buckets()["Owner"]["ID"]
    assert entries(bos.get_object_acl(bucket, "one.txt")) == [([owner], ["FULL_CONTROL"])]
    bos.set_object_canned_acl(bucket, "one.txt", canned_acl=canned_acl.PUBLIC_READ)
    assert requests.get(url).content == b"1"
    assert requests.get(f"{server.endpoint}/{bucket}/two.txt").status_code == 403
    assert entries(bos.get_object_acl(bucket, "one.txt")) == [([owner], ["FULL_CONTROL"]), (["*"], ["READ"])]
    bos.delete_object_acl(bucket, "one.txt")
    assert requests.get(url).status_code == 403
    bos.set_object_canned_acl(bucket, "two.txt", grant_read=f'id="{erin_id}"')
    assert erin.get_object_as_string(bucket, "two.txt") == b"2"
    assert refused(lambda: erin.get_object_as_string(bucket, "one.txt"))[0] == 403
    bos.set_object_acl(bucket, "one.txt", [{"grantee": [{"id": "*"}], "permission": ["READ"]}])
    assert requests.get(url).content == b"1"
    assert refused(lambda: bos.set_object_canned_acl(bucket, "one.txt", canned_acl=canned_acl.PUBLIC_READ_WRITE)) == (400, "InvalidArgument")
    assert refused(lambda: bos.set_object_acl(bucket, "one.txt", [{"grantee": [{"id": "*"}], "permission": ["WRITE"]}])) == (400, "InvalidArgument")
    assert requests.get(url).content == b"1"  # nothing changed by the refusals


def test_an_objects_own_acl_prevails_over_its_buckets(server, bos_bucket):
    """As BOS documents it: in a public-read bucket, an object made private by its own ACL is not
    read anonymously; once its ACL is deleted, the bucket's decides again."""
    bos, bucket = bos_bucket
    bos.put_object_from_string(bucket, "secret.txt", "s")
    bos.put_object_from_string(bucket, "open.txt", "o")
    bos.set_bucket_canned_acl(bucket, canned_acl.PUBLIC_READ)
    url = f"{server.endpoint}/{bucket}/secret.txt"
    assert requests.get(url).content == b"s"
    bos.set_object_canned_acl(bucket, "secret.txt", canned_acl=canned_acl.PRIVATE)
    assert requests.get(url).status_code == 403
    assert requests.get(f"{server.endpoint}/{bucket}/open.txt").content == b"o"
    assert bos.get_object_as_string(bucket, "secret.txt") == b"s"  # the owner still reads it
    bos.delete_object_acl(bucket, "secret.txt")
    assert requests.get(url).content == b"s"
