"""ACLs as clients use them (issue 15 item 9): canned ACLs on CreateBucket, PutObject, CopyObject
and CreateMultipartUpload, x-amz-grant-* to another user by canonical id, Get/Put Bucket/Object
Acl (headers and AccessControlPolicy body) — and enforced: public-read is readable unsigned, a grant
lets the other user do exactly what it says."""
import subprocess
import uuid

import pytest
import urllib3
from botocore.exceptions import ClientError

from conftest import tessera_binary

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def anon(server, method, path, body=None):
    return urllib3.PoolManager(retries=False).request(method, server.endpoint + path, body=body)


@pytest.fixture(scope="module")
def carol(server):
    key = "CAROL" + uuid.uuid4().hex[:8].upper()
    subprocess.run([tessera_binary(), "user", "add", "carol-" + key.lower(), "--access-key", key, "--secret-key", "carol-secret",
                    "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    client = server.client(key, "carol-secret")
    return client, client.list_buckets()["Owner"]["ID"]


def grants(acl):
    return sorted((g["Grantee"].get("ID") or g["Grantee"].get("URI"), g["Permission"]) for g in acl["Grants"])


def test_public_read_object_and_bucket(server, s3, bucket):
    owner = s3.list_buckets()["Owner"]["ID"]
    s3.put_object(Bucket=bucket, Key="pub", Body=b"public", ACL="public-read")
    s3.put_object(Bucket=bucket, Key="priv", Body=b"private")
    r = anon(server, "GET", f"/{bucket}/pub")
    assert r.status == 200 and r.data == b"public"
    assert anon(server, "HEAD", f"/{bucket}/pub").status == 200
    r = anon(server, "GET", f"/{bucket}/priv")
    assert r.status == 403 and b"<Code>AccessDenied</Code>" in r.data
    assert anon(server, "GET", f"/{bucket}/missing").status == 403  # no READ on the bucket: no existence leak
    assert anon(server, "PUT", f"/{bucket}/new", body=b"x").status == 403
    assert anon(server, "GET", f"/{bucket}").status == 403
    assert anon(server, "GET", "/").status == 403
    acl = s3.get_object_acl(Bucket=bucket, Key="pub")
    assert acl["Owner"]["ID"] == owner and grants(acl) == sorted([(owner, "FULL_CONTROL"), (ALL_USERS, "READ")])
    assert grants(s3.get_object_acl(Bucket=bucket, Key="priv")) == [(owner, "FULL_CONTROL")]
    # A public-read bucket lists unsigned; its private objects stay private.
    s3.put_bucket_acl(Bucket=bucket, ACL="public-read")
    assert grants(s3.get_bucket_acl(Bucket=bucket)) == sorted([(owner, "FULL_CONTROL"), (ALL_USERS, "READ")])
    r = anon(server, "GET", f"/{bucket}?list-type=2")
    assert r.status == 200 and b"<Key>pub</Key>" in r.data
    assert anon(server, "GET", f"/{bucket}/priv").status == 403
    assert anon(server, "GET", f"/{bucket}/missing").status == 404
    assert anon(server, "PUT", f"/{bucket}/new", body=b"x").status == 403
    assert anon(server, "PUT", f"/{bucket}?acl").status == 403
    # Back to private.
    s3.put_bucket_acl(Bucket=bucket, ACL="private")
    assert anon(server, "GET", f"/{bucket}?list-type=2").status == 403
    s3.put_object_acl(Bucket=bucket, Key="pub", ACL="private")
    assert anon(server, "GET", f"/{bucket}/pub").status == 403


def test_public_read_write_bucket_takes_unsigned_writes(server, s3):
    name = "rw-" + uuid.uuid4().hex[:10]
    s3.create_bucket(Bucket=name, ACL="public-read-write")
    assert anon(server, "PUT", f"/{name}/dropped", body=b"dropped").status == 200
    assert s3.get_object(Bucket=name, Key="dropped")["Body"].read() == b"dropped"
    assert anon(server, "DELETE", f"/{name}/dropped").status == 204


def test_canned_acl_on_multipart_and_copy(server, s3, bucket):
    up = s3.create_multipart_upload(Bucket=bucket, Key="mp", ACL="public-read")["UploadId"]
    part = s3.upload_part(Bucket=bucket, Key="mp", UploadId=up, PartNumber=1, Body=b"multipart")
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=up, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert anon(server, "GET", f"/{bucket}/mp").data == b"multipart"
    # A copy does not inherit the source's ACL; it takes the request's.
    s3.copy_object(Bucket=bucket, Key="copy-private", CopySource={"Bucket": bucket, "Key": "mp"})
    assert anon(server, "GET", f"/{bucket}/copy-private").status == 403
    s3.copy_object(Bucket=bucket, Key="copy-public", CopySource={"Bucket": bucket, "Key": "mp"}, ACL="public-read")
    assert anon(server, "GET", f"/{bucket}/copy-public").data == b"multipart"


def test_grants_to_another_user(server, s3, bucket, carol):
    c, carol_id = carol
    s3.put_object(Bucket=bucket, Key="shared", Body=b"for carol")
    with pytest.raises(ClientError) as e:
        c.get_object(Bucket=bucket, Key="shared")
    assert code(e) == "AccessDenied"
    s3.put_object_acl(Bucket=bucket, Key="shared", GrantRead=f'id="{carol_id}"')
    assert c.get_object(Bucket=bucket, Key="shared")["Body"].read() == b"for carol"
    # READ on the object is not READ_ACP, nor any right on the bucket.
    for call in (lambda: c.get_object_acl(Bucket=bucket, Key="shared"), lambda: c.list_objects_v2(Bucket=bucket),
                 lambda: c.put_object(Bucket=bucket, Key="x", Body=b"x"), lambda: c.delete_object(Bucket=bucket, Key="shared")):
        with pytest.raises(ClientError) as e:
            call()
        assert code(e) == "AccessDenied"
    # WRITE on the bucket lets carol write (and own what she writes); READ lets her list.
    s3.put_bucket_acl(Bucket=bucket, GrantWrite=f'id="{carol_id}"', GrantRead=f'id="{carol_id}"')
    c.put_object(Bucket=bucket, Key="from-carol", Body=b"carol wrote")
    assert "from-carol" in [o["Key"] for o in c.list_objects_v2(Bucket=bucket)["Contents"]]
    assert s3.get_object(Bucket=bucket, Key="from-carol")["Body"].read() == b"carol wrote"
    assert c.get_object_acl(Bucket=bucket, Key="from-carol")["Owner"]["ID"] == carol_id
    with pytest.raises(ClientError) as e:
        c.get_bucket_acl(Bucket=bucket)
    assert code(e) == "AccessDenied"
    with pytest.raises(ClientError) as e:
        c.delete_bucket(Bucket=bucket)
    assert code(e) == "AccessDenied"
    # The whole policy as a document: the owner's FULL_CONTROL plus carol's READ_ACP.
    owner = s3.list_buckets()["Owner"]
    s3.put_object_acl(Bucket=bucket, Key="shared", AccessControlPolicy={
        "Owner": {"ID": owner["ID"]},
        "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": owner["ID"]}, "Permission": "FULL_CONTROL"},
                   {"Grantee": {"Type": "CanonicalUser", "ID": carol_id}, "Permission": "READ_ACP"}]})
    assert grants(c.get_object_acl(Bucket=bucket, Key="shared")) == sorted([(owner["ID"], "FULL_CONTROL"), (carol_id, "READ_ACP")])
    with pytest.raises(ClientError) as e:
        c.get_object(Bucket=bucket, Key="shared")
    assert code(e) == "AccessDenied"


def test_acl_errors(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"k")
    with pytest.raises(ClientError) as e:
        s3.put_object_acl(Bucket=bucket, Key="k", ACL="public-read", GrantRead='id="x"')
    assert code(e) == "InvalidRequest"
    with pytest.raises(ClientError) as e:
        s3.put_object_acl(Bucket=bucket, Key="k", GrantRead='emailAddress="a@example.com"')
    assert code(e) == "InvalidArgument"
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k2", Body=b"x", ACL="everyone-may")
    assert code(e) == "InvalidArgument"
    with pytest.raises(ClientError) as e:
        s3.get_object_acl(Bucket=bucket, Key="missing")
    assert code(e) == "NoSuchKey"
