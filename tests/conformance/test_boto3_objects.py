"""boto3 against Tessera: buckets, objects, listings, copies, presigned URLs, users."""
import hashlib
import os
import subprocess
import uuid

import pytest
import urllib3
from botocore.exceptions import ClientError

import rawhttp
from conftest import tessera_binary


def code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_bucket_lifecycle(s3):
    name = "life-" + uuid.uuid4().hex[:10]
    s3.create_bucket(Bucket=name)
    assert name in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    s3.head_bucket(Bucket=name)
    # Re-creating one's own bucket: 200 in us-east-1, as AWS answers there (409 elsewhere, below).
    assert s3.create_bucket(Bucket=name)["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert s3.get_bucket_location(Bucket=name).get("LocationConstraint") in (None, "")
    assert "Status" not in s3.get_bucket_versioning(Bucket=name)
    s3.put_object(Bucket=name, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.delete_bucket(Bucket=name)
    assert code(e) == "BucketNotEmpty"
    up = s3.create_multipart_upload(Bucket=name, Key="m")["UploadId"]
    s3.upload_part(Bucket=name, Key="m", UploadId=up, PartNumber=1, Body=b"p" * 100_000)
    with pytest.raises(ClientError) as e:  # objects still block it
        s3.delete_bucket(Bucket=name)
    assert code(e) == "BucketNotEmpty"
    s3.delete_object(Bucket=name, Key="k")
    # In-progress uploads do not: AWS aborts them with the bucket, so cleanup tools that empty
    # the objects and delete the bucket work (issue 15 item 5).
    s3.delete_bucket(Bucket=name)
    with pytest.raises(ClientError) as e:
        s3.head_bucket(Bucket=name)
    assert code(e) == "404"
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket="Invalid_Name")
    assert code(e) == "InvalidBucketName"


def test_put_get_head_round_trip(s3, bucket):
    key = "dir/hello world+ü.txt"
    put = s3.put_object(Bucket=bucket, Key=key, Body=b"hello world", ContentType="text/plain; charset=utf-8",
                        Metadata={"color": "blue", "encoded": "=?UTF-8?B?w7w=?="}, CacheControl="max-age=60",
                        ContentDisposition='attachment; filename="a.txt"', ContentLanguage="de")
    assert put["ETag"] == '"5eb63bbbe01eeed093cb22bb8f5acdc3"'
    assert put["ChecksumCRC32"] == "DUoRhQ=="
    got = s3.get_object(Bucket=bucket, Key=key)
    assert got["Body"].read() == b"hello world"
    assert got["ContentType"] == "text/plain; charset=utf-8"
    assert got["Metadata"] == {"color": "blue", "encoded": "=?UTF-8?B?w7w=?="}
    assert got["CacheControl"] == "max-age=60"
    assert got["ContentDisposition"] == 'attachment; filename="a.txt"'
    assert got["ContentLanguage"] == "de"
    head = s3.head_object(Bucket=bucket, Key=key)
    assert head["ContentLength"] == 11 and head["ETag"] == put["ETag"]
    ranged = s3.get_object(Bucket=bucket, Key=key, Range="bytes=6-")
    assert ranged["Body"].read() == b"world" and ranged["ContentRange"] == "bytes 6-10/11"
    assert s3.get_object(Bucket=bucket, Key=key, Range="bytes=-3")["Body"].read() == b"rld"
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key=key, Range="bytes=20-30")
    assert code(e) == "InvalidRange"
    # What is not one byte range S3 ignores: the whole object, 200, no Content-Range.
    for ignored in ["bytes=0-1,3-4", "bytes=+1-2", "bytes=5-4", "items=0-1"]:
        whole = s3.get_object(Bucket=bucket, Key=key, Range=ignored)
        assert whole["ResponseMetadata"]["HTTPStatusCode"] == 200, ignored
        assert whole["Body"].read() == b"hello world" and "ContentRange" not in whole, ignored
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="missing")
    assert code(e) == "NoSuchKey"
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="missing")
    assert code(e) == "404"
    s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    assert s3.get_object(Bucket=bucket, Key="empty")["Body"].read() == b""
    # Conditional GET.
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key=key, IfNoneMatch=put["ETag"])
    assert code(e) == "304"
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key=key, IfMatch='"00000000000000000000000000000000"')
    assert code(e) == "PreconditionFailed"


def test_overwrite_and_delete(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    s3.put_object(Bucket=bucket, Key="k", Body=b"two!")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"two!"
    assert s3.delete_object(Bucket=bucket, Key="k")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.delete_object(Bucket=bucket, Key="k")["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_delete_objects(s3, bucket):
    for k in ["a", "b", "c&d"]:
        s3.put_object(Bucket=bucket, Key=k, Body=k.encode())
    r = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "c&d"}, {"Key": "nope"}]})
    assert sorted(d["Key"] for d in r["Deleted"]) == ["a", "c&d", "nope"]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["b"]


def test_list_objects_v1_v2_and_versions(s3, bucket):
    keys = ["a", "a/b", "a/c/d", "b+c", "b c", "é", "z/1", "z/2"]
    for k in keys:
        s3.put_object(Bucket=bucket, Key=k, Body=b"x")
    v2 = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2})
    assert [o["Key"] for page in v2 for o in page.get("Contents", [])] == sorted(keys, key=lambda k: k.encode())
    top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["a/", "z/"]
    assert [o["Key"] for o in top["Contents"]] == ["a", "b c", "b+c", "é"]
    sub = s3.list_objects_v2(Bucket=bucket, Prefix="a/", Delimiter="/")
    assert [o["Key"] for o in sub["Contents"]] == ["a/b"] and [p["Prefix"] for p in sub["CommonPrefixes"]] == ["a/c/"]
    v1 = s3.get_paginator("list_objects").paginate(Bucket=bucket, Delimiter="/", PaginationConfig={"PageSize": 1})
    seen = []
    for page in v1:
        seen += [o["Key"] for o in page.get("Contents", [])] + [p["Prefix"] for p in page.get("CommonPrefixes", [])]
    assert seen == ["a", "a/", "b c", "b+c", "z/", "é"] or sorted(seen) == sorted(["a", "a/", "b c", "b+c", "z/", "é"])
    assert len(seen) == len(set(seen)) == 6
    versions = s3.list_object_versions(Bucket=bucket, Prefix="z/")
    assert [(v["Key"], v["VersionId"], v["IsLatest"]) for v in versions["Versions"]] == [("z/1", "null", True), ("z/2", "null", True)]
    assert s3.list_objects_v2(Bucket=bucket, StartAfter="b c")["Contents"][0]["Key"] == "b+c"


def test_copy_object_and_part_copy(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"0123456789" * 100, ContentType="a/b", Metadata={"m": "1"})
    r = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert r["CopyObjectResult"]["ETag"] == s3.head_object(Bucket=bucket, Key="src")["ETag"]
    got = s3.get_object(Bucket=bucket, Key="dst")
    assert got["Body"].read() == b"0123456789" * 100 and got["ContentType"] == "a/b" and got["Metadata"] == {"m": "1"}
    s3.copy_object(Bucket=bucket, Key="dst2", CopySource=f"{bucket}/src", MetadataDirective="REPLACE", ContentType="c/d")
    assert s3.head_object(Bucket=bucket, Key="dst2")["ContentType"] == "c/d"
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="src", CopySource={"Bucket": bucket, "Key": "src"})
    assert code(e) == "InvalidRequest"
    up = s3.create_multipart_upload(Bucket=bucket, Key="assembled")["UploadId"]
    p = s3.upload_part_copy(Bucket=bucket, Key="assembled", UploadId=up, PartNumber=1,
                            CopySource={"Bucket": bucket, "Key": "src"}, CopySourceRange="bytes=10-29")
    s3.complete_multipart_upload(Bucket=bucket, Key="assembled", UploadId=up,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": p["CopyPartResult"]["ETag"]}]})
    assert s3.get_object(Bucket=bucket, Key="assembled")["Body"].read() == b"01234567890123456789"


def test_server_side_encryption_is_refused_where_it_cannot_be_kept(s3, bucket):
    """On a write, SSE-C (the request's or its copy source's) and KMS keys: 501 NotImplemented,
    nothing written, where they were ignored and a customer-keyed object was served to a GET
    without the key. AES256, S3's default for every object, is taken; an unknown method is 400."""
    key = os.urandom(32)
    for call in [lambda: s3.put_object(Bucket=bucket, Key="sse", Body=b"secret", SSECustomerAlgorithm="AES256", SSECustomerKey=key),
                 lambda: s3.create_multipart_upload(Bucket=bucket, Key="sse", SSECustomerAlgorithm="AES256", SSECustomerKey=key),
                 lambda: s3.put_object(Bucket=bucket, Key="sse", Body=b"secret", ServerSideEncryption="aws:kms"),
                 lambda: s3.put_object(Bucket=bucket, Key="sse", Body=b"secret", ServerSideEncryption="aws:kms", SSEKMSKeyId="k-1")]:
        with pytest.raises(ClientError) as e:
            call()
        assert code(e) == "NotImplemented" and e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="sse", Body=b"x", ServerSideEncryption="DES")
    assert code(e) == "InvalidArgument"
    s3.put_object(Bucket=bucket, Key="plain", Body=b"plain", ServerSideEncryption="AES256")
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "plain"},
                       CopySourceSSECustomerAlgorithm="AES256", CopySourceSSECustomerKey=key)
    assert code(e) == "NotImplemented"
    assert s3.get_object(Bucket=bucket, Key="plain")["Body"].read() == b"plain"
    # A read with a customer's key, of an object stored without one: S3's 400, not the bytes.
    for call in [lambda: s3.get_object(Bucket=bucket, Key="plain", SSECustomerAlgorithm="AES256", SSECustomerKey=key),
                 lambda: s3.head_object(Bucket=bucket, Key="plain", SSECustomerAlgorithm="AES256", SSECustomerKey=key)]:
        with pytest.raises(ClientError) as e:
            call()
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="plain", SSECustomerAlgorithm="AES256", SSECustomerKey=key)
    assert code(e) == "InvalidRequest" and "not applicable" in e.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="none", SSECustomerAlgorithm="AES256", SSECustomerKey=key)
    assert code(e) == "NoSuchKey"


def test_object_lock_on_a_write_is_refused(s3, bucket):
    """A write's Object Lock headers get S3's answer for a bucket without an Object Lock
    configuration (every bucket here): 400 InvalidRequest, nothing written; they were ignored, so
    an object the client meant to be locked could be deleted."""
    import datetime
    until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    for call in [lambda: s3.put_object(Bucket=bucket, Key="locked", Body=b"x", ObjectLockMode="COMPLIANCE", ObjectLockRetainUntilDate=until),
                 lambda: s3.create_multipart_upload(Bucket=bucket, Key="locked", ObjectLockLegalHoldStatus="ON")]:
        with pytest.raises(ClientError) as e:
            call()
        assert code(e) == "InvalidRequest" and "Object Lock" in e.value.response["Error"]["Message"]
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    # Nor is a bucket made with Object Lock enabled: refused, not made without it.
    name = "lock-" + uuid.uuid4().hex[:12]
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    assert code(e) == "NotImplemented"
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


@pytest.mark.parametrize("version", ["default", "s3v4"])
def test_presigned_get_and_put(server, bucket, version):
    """boto3 presigns with SigV2 query parameters by default, SigV4 when asked."""
    s3 = server.client() if version == "default" else server.client(signature_version="s3v4")
    http = urllib3.PoolManager(retries=False)
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "pre"}, ExpiresIn=300)
    assert http.request("PUT", put_url, body=b"presigned body").status == 200
    get_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "pre"}, ExpiresIn=300)
    r = http.request("GET", get_url)
    assert r.status == 200 and r.data == b"presigned body"
    r = http.request("GET", get_url.replace("pre?", "pre2?"))
    assert r.status == 403 and b"SignatureDoesNotMatch" in r.data
    # (ExpiresIn=0 is refused outright in SigV4, as AWS does: X-Amz-Expires runs 1..604800.)
    expired = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "pre"}, ExpiresIn=1)
    import time
    time.sleep(2.2)
    r = http.request("GET", expired)
    assert r.status == 403 and b"Request has expired" in r.data


def test_second_user_is_isolated(server, s3, bucket):
    out = subprocess.run([tessera_binary(), "user", "add", "bob", "--access-key", "BOBKEY", "--secret-key", "bobsecret",
                          "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    assert "BOBKEY" in out.stdout
    listed = subprocess.run([tessera_binary(), "user", "ls", "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    assert "bob\tBOBKEY\tuser" in listed.stdout
    bob = server.client("BOBKEY", "bobsecret")
    assert bucket not in [b["Name"] for b in bob.list_buckets()["Buckets"]]
    for call in (lambda: bob.put_object(Bucket=bucket, Key="x", Body=b"x"), lambda: bob.list_objects_v2(Bucket=bucket),
                 lambda: bob.list_multipart_uploads(Bucket=bucket)):
        with pytest.raises(ClientError) as e:
            call()
        assert code(e) == "AccessDenied"
    bob.create_bucket(Bucket="bob-" + bucket[2:])
    assert [b["Name"] for b in bob.list_buckets()["Buckets"]] == ["bob-" + bucket[2:]]


def test_list_buckets_pages_by_prefix_and_region(server, s3):
    """Current SDKs page ListBuckets (max-buckets, continuation-token) and filter it by prefix and
    region; without those parameters the answer is as before: every bucket, no region named."""
    tag = "lb-" + uuid.uuid4().hex[:8]
    names = [f"{tag}-{i}" for i in range(5)]
    for n in names[:4]:
        s3.create_bucket(Bucket=n)
    s3.create_bucket(Bucket=names[4], CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    pages = list(s3.get_paginator("list_buckets").paginate(Prefix=tag, PaginationConfig={"PageSize": 2}))
    assert [[b["Name"] for b in p["Buckets"]] for p in pages] == [names[0:2], names[2:4], names[4:]]
    assert [p.get("Prefix") for p in pages] == [tag] * 3 and "ContinuationToken" not in pages[-1]
    assert [b["BucketRegion"] for p in pages for b in p["Buckets"]] == ["us-east-1"] * 4 + ["eu-west-1"]
    assert [b["Name"] for b in s3.list_buckets(Prefix=tag, BucketRegion="eu-west-1")["Buckets"]] == names[4:]
    assert [b["Name"] for b in s3.list_buckets(Prefix=tag, BucketRegion="us-east-1", MaxBuckets=3)["Buckets"]] == names[:3]
    assert s3.list_buckets(Prefix=tag + "-9")["Buckets"] == []
    whole = s3.list_buckets()
    assert set(names) <= {b["Name"] for b in whole["Buckets"]}
    assert "ContinuationToken" not in whole and "Prefix" not in whole and all("BucketRegion" not in b for b in whole["Buckets"])
    raw = server.client(parameter_validation=False)
    for bad in ({"MaxBuckets": 0}, {"MaxBuckets": 10001}, {"ContinuationToken": "not base64!"}):
        with pytest.raises(ClientError) as e:
            raw.list_buckets(**bad)
        assert code(e) == "InvalidArgument" and e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_get_object_response_header_overrides(s3, bucket):
    """response-content-type and its siblings replace the stored headers in the answer (issue 15 item 10)."""
    import datetime
    s3.put_object(Bucket=bucket, Key="doc", Body=b"<p>hi</p>", ContentType="text/html", CacheControl="max-age=60")
    expires = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    for call in (s3.get_object, s3.head_object):
        r = call(Bucket=bucket, Key="doc", ResponseContentType="application/x-test", ResponseCacheControl="no-store",
                 ResponseContentDisposition='attachment; filename="doc.html"', ResponseContentLanguage="fr",
                 ResponseContentEncoding="identity", ResponseExpires=expires)
        h = r["ResponseMetadata"]["HTTPHeaders"]
        assert h["content-type"] == "application/x-test" and h["cache-control"] == "no-store"
        assert h["content-disposition"] == 'attachment; filename="doc.html"' and h["content-language"] == "fr"
        assert h["content-encoding"] == "identity" and "2030" in h["expires"]
    plain = s3.get_object(Bucket=bucket, Key="doc")
    assert plain["ContentType"] == "text/html" and plain["CacheControl"] == "max-age=60"


def test_recreating_ones_bucket_outside_us_east_1_is_409(new_server):
    server = new_server(extra_args=["--region", "eu-west-1"]).start()
    s3 = server.client()
    s3.create_bucket(Bucket="mine", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket="mine", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert code(e) == "BucketAlreadyOwnedByYou"
    assert server.stop() == 0


def test_non_ascii_metadata_round_trips_byte_for_byte(server, bucket):
    """botocore refuses non-ASCII metadata, but other clients (Go's, rclone's) send UTF-8 bytes:
    they come back as sent (issue 15 item 10)."""
    value = "é ✓ 日本"
    h = rawhttp.signed("PUT", server.endpoint, f"/{bucket}/meta", b"x", {"x-amz-meta-k": value})
    h["x-amz-meta-k"] = value.encode()  # the bytes on the wire, not http.client's latin-1
    assert rawhttp.send("PUT", server.endpoint, f"/{bucket}/meta", b"x", h).status == 200
    r = rawhttp.request("HEAD", server.endpoint, f"/{bucket}/meta")
    assert r.headers["x-amz-meta-k"].encode("latin-1") == value.encode()


@pytest.mark.parametrize("extra_args", [[], ["--buffered-reads"]])
def test_ranges_of_a_large_object_read_right_after_the_upload_and_again(new_server, extra_args):
    """A large object's whole chunks are written past the page cache; by default its first read
    goes past it too (O_DIRECT: aligned reads narrowed to the range asked), its second through it.
    Every range at every alignment is the object's bytes, in both reads and with --buffered-reads."""
    srv = new_server(extra_args=extra_args).start()
    s3 = srv.client()
    name = "big-" + uuid.uuid4().hex[:10]
    s3.create_bucket(Bucket=name)
    body = os.urandom(3 * 1024 * 1024 + 12_345)
    s3.put_object(Bucket=name, Key="big", Body=body)
    n = len(body)
    ranges = [(1, 4_096), (4_095, 4_097), (1_048_575, 1_053_577), (n - 100, n - 1), (n - 1, n - 1),
              (0, n - 1), (5_000, None), (2_097_152, 3_145_727)]
    for read in (1, 2):
        for first, last in ranges:
            header = f"bytes={first}-{'' if last is None else last}"
            got = s3.get_object(Bucket=name, Key="big", Range=header)["Body"].read()
            assert got == body[first:None if last is None else last + 1], f"read {read}, {header}"
        assert s3.get_object(Bucket=name, Key="big")["Body"].read() == body, f"read {read}, whole"


def test_expected_bucket_owner_is_checked(s3, bucket):
    """boto3's ExpectedBucketOwner (x-amz-expected-bucket-owner) and, on a copy,
    ExpectedSourceBucketOwner: a request naming another owner is 403 AccessDenied and changes
    nothing; naming the bucket's owner it goes ahead. They were ignored, so the guard did nothing."""
    owner = s3.list_buckets()["Owner"]["ID"]
    other = "0" * len(owner) if owner != "0" * len(owner) else "1" * len(owner)
    s3.put_object(Bucket=bucket, Key="mine", Body=b"mine", ExpectedBucketOwner=owner)
    assert s3.get_object(Bucket=bucket, Key="mine", ExpectedBucketOwner=owner)["Body"].read() == b"mine"
    for call in [lambda: s3.put_object(Bucket=bucket, Key="theirs", Body=b"x", ExpectedBucketOwner=other),
                 lambda: s3.get_object(Bucket=bucket, Key="mine", ExpectedBucketOwner=other),
                 lambda: s3.delete_object(Bucket=bucket, Key="mine", ExpectedBucketOwner=other),
                 lambda: s3.list_objects_v2(Bucket=bucket, ExpectedBucketOwner=other),
                 lambda: s3.create_multipart_upload(Bucket=bucket, Key="theirs", ExpectedBucketOwner=other),
                 lambda: s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "mine"},
                                        ExpectedSourceBucketOwner=other)]:
        with pytest.raises(ClientError) as e:
            call()
        assert code(e) == "AccessDenied" and e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]) == ["mine"]
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "mine"},
                   ExpectedBucketOwner=owner, ExpectedSourceBucketOwner=owner)
    assert s3.get_object(Bucket=bucket, Key="copy")["Body"].read() == b"mine"


def test_website_redirect_location_is_kept(s3, bucket):
    """boto3's WebsiteRedirectLocation (x-amz-website-redirect-location) is stored and returned on
    GET and HEAD, from PutObject and from CreateMultipartUpload through Complete; a value S3 would
    refuse is 400 InvalidRedirectLocation and nothing is written. A copy does not keep the
    source's (S3: it is unique to each object) unless the copy names one, which also lets an
    object be copied onto itself. It was dropped without a word."""
    s3.put_object(Bucket=bucket, Key="page", Body=b"old page", WebsiteRedirectLocation="/new/page.html")
    assert s3.head_object(Bucket=bucket, Key="page")["WebsiteRedirectLocation"] == "/new/page.html"
    assert s3.get_object(Bucket=bucket, Key="page")["WebsiteRedirectLocation"] == "/new/page.html"
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="bad", Body=b"x", WebsiteRedirectLocation="new/page.html")
    assert code(e) == "InvalidRedirectLocation" and e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="bad")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp", WebsiteRedirectLocation="https://example.com/x")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, Body=b"p" * 100)["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert s3.head_object(Bucket=bucket, Key="mp")["WebsiteRedirectLocation"] == "https://example.com/x"
    s3.copy_object(Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "page"})
    assert "WebsiteRedirectLocation" not in s3.head_object(Bucket=bucket, Key="copy")
    s3.copy_object(Bucket=bucket, Key="page", CopySource={"Bucket": bucket, "Key": "page"}, WebsiteRedirectLocation="http://example.com/")
    head = s3.head_object(Bucket=bucket, Key="page")
    assert head["WebsiteRedirectLocation"] == "http://example.com/"
    assert s3.get_object(Bucket=bucket, Key="page")["Body"].read() == b"old page"
