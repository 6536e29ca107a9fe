"""S3 conditional writes with boto3 (issue 15 item 1): create-only writes are locks, so a write
whose condition fails must not land. If-None-Match: * and If-Match on PutObject and on
CompleteMultipartUpload answer 412 PreconditionFailed (404 NoSuchKey for If-Match on nothing), a
refused Complete leaves the upload, and of many concurrent create-only writers exactly one wins."""
import concurrent.futures
import threading

import pytest
from botocore.exceptions import ClientError

MIB = 1024 * 1024


def error(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["ResponseMetadata"]["HTTPStatusCode"], e.value.response["Error"]["Code"]


@pytest.mark.parametrize("size", [100, 300_000])
def test_put_object_if_none_match_and_if_match(s3, bucket, size):
    assert error(lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"a" * size, IfMatch='"0123456789abcdef0123456789abcdef"')) \
        == (404, "NoSuchKey")
    first = s3.put_object(Bucket=bucket, Key="k", Body=b"a" * size, IfNoneMatch="*")["ETag"]
    assert error(lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"b" * size, IfNoneMatch="*")) == (412, "PreconditionFailed")
    assert error(lambda: s3.put_object(Bucket=bucket, Key="k", Body=b"b" * size, IfMatch='"0123456789abcdef0123456789abcdef"')) \
        == (412, "PreconditionFailed")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"a" * size  # nothing overwritten
    second = s3.put_object(Bucket=bucket, Key="k", Body=b"c" * size, IfMatch=first)["ETag"]
    assert s3.head_object(Bucket=bucket, Key="k")["ETag"] == second


def test_complete_multipart_upload_conditions(s3, bucket):
    s3.put_object(Bucket=bucket, Key="mp", Body=b"existing")
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, Body=b"p" * 1000)["ETag"]
    parts = {"Parts": [{"PartNumber": 1, "ETag": etag}]}
    assert error(lambda: s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload=parts,
                                                      IfNoneMatch="*")) == (412, "PreconditionFailed")
    assert s3.get_object(Bucket=bucket, Key="mp")["Body"].read() == b"existing"
    assert [p["PartNumber"] for p in s3.list_parts(Bucket=bucket, Key="mp", UploadId=upload)["Parts"]] == [1]
    current = s3.head_object(Bucket=bucket, Key="mp")["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload=parts, IfMatch=current)
    assert s3.get_object(Bucket=bucket, Key="mp")["Body"].read() == b"p" * 1000


def test_of_concurrent_create_only_writers_exactly_one_wins(server, bucket):
    barrier = threading.Barrier(8)

    def attempt(n):
        client = server.client()
        body = bytes([n]) * 200_000
        barrier.wait()
        try:
            client.put_object(Bucket=bucket, Key="lock", Body=body, IfNoneMatch="*")
            return n, 200
        except ClientError as e:
            return n, e.response["ResponseMetadata"]["HTTPStatusCode"]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(attempt, range(8)))
    winners = [n for n, status in results if status == 200]
    assert len(winners) == 1, results
    assert all(status in (409, 412) for n, status in results if n not in winners), results
    body = server.client().get_object(Bucket=bucket, Key="lock")["Body"].read()
    assert body == bytes([winners[0]]) * 200_000


def test_copy_source_conditions(s3, bucket):
    import datetime
    etag = s3.put_object(Bucket=bucket, Key="src", Body=b"source bytes")["ETag"]
    modified = s3.head_object(Bucket=bucket, Key="src")["LastModified"]
    before, after = modified - datetime.timedelta(days=1), modified + datetime.timedelta(days=1)
    src = {"Bucket": bucket, "Key": "src"}
    copied = lambda **c: s3.copy_object(Bucket=bucket, Key="dst", CopySource=src, **c)
    copied(CopySourceIfMatch=etag)
    copied(CopySourceIfNoneMatch='"0123456789abcdef0123456789abcdef"')
    copied(CopySourceIfModifiedSince=before)
    copied(CopySourceIfUnmodifiedSince=after)
    copied(CopySourceIfMatch=etag, CopySourceIfUnmodifiedSince=before)  # if-match holding wins, as in S3
    for conditions in [dict(CopySourceIfMatch='"0123456789abcdef0123456789abcdef"'), dict(CopySourceIfNoneMatch=etag),
                       dict(CopySourceIfModifiedSince=after), dict(CopySourceIfUnmodifiedSince=before),
                       dict(CopySourceIfNoneMatch=etag, CopySourceIfModifiedSince=before)]:
        assert error(lambda: copied(**conditions)) == (412, "PreconditionFailed"), conditions
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp-copy")["UploadId"]
    assert error(lambda: s3.upload_part_copy(Bucket=bucket, Key="mp-copy", UploadId=upload, PartNumber=1, CopySource=src,
                                             CopySourceIfNoneMatch=etag)) == (412, "PreconditionFailed")
    s3.upload_part_copy(Bucket=bucket, Key="mp-copy", UploadId=upload, PartNumber=1, CopySource=src, CopySourceIfMatch=etag)
    s3.abort_multipart_upload(Bucket=bucket, Key="mp-copy", UploadId=upload)


@pytest.mark.parametrize("size", [100, 300_000])
def test_copy_object_if_none_match_and_if_match(s3, bucket, size):
    """CopyObject's IfNoneMatch and IfMatch (current botocore) are on the destination, as on
    PutObject: a create-only copy over an existing key is 412 and overwrites nothing; they were
    ignored and the copy replaced the object."""
    s3.put_object(Bucket=bucket, Key="src", Body=b"s" * size)
    source = {"Bucket": bucket, "Key": "src"}
    assert error(lambda: s3.copy_object(Bucket=bucket, Key="dst", CopySource=source, IfMatch='"0123456789abcdef0123456789abcdef"')) \
        == (404, "NoSuchKey")
    first = s3.copy_object(Bucket=bucket, Key="dst", CopySource=source, IfNoneMatch="*")["CopyObjectResult"]["ETag"]
    s3.put_object(Bucket=bucket, Key="dst", Body=b"d" * size)
    current = s3.head_object(Bucket=bucket, Key="dst")["ETag"]
    assert error(lambda: s3.copy_object(Bucket=bucket, Key="dst", CopySource=source, IfNoneMatch="*")) == (412, "PreconditionFailed")
    assert error(lambda: s3.copy_object(Bucket=bucket, Key="dst", CopySource=source, IfMatch=first)) == (412, "PreconditionFailed")
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == b"d" * size  # nothing overwritten
    s3.copy_object(Bucket=bucket, Key="dst", CopySource=source, IfMatch=current)
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == b"s" * size


def test_delete_object_if_match(s3, bucket):
    """DeleteObject's IfMatch and DeleteObjects' per-object ETag (current botocore): the object is
    deleted only if its ETag matches (`*`: if there is one); 412 otherwise, the object kept.
    They were ignored and the object deleted whatever it held."""
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"v1")["ETag"]
    wrong = '"0123456789abcdef0123456789abcdef"'
    assert error(lambda: s3.delete_object(Bucket=bucket, Key="k", IfMatch=wrong)) == (412, "PreconditionFailed")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"v1"
    assert error(lambda: s3.delete_object(Bucket=bucket, Key="nothing", IfMatch="*")) == (404, "NoSuchKey")
    s3.delete_object(Bucket=bucket, Key="k", IfMatch=etag)
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0
    s3.put_object(Bucket=bucket, Key="k", Body=b"v2")
    s3.delete_object(Bucket=bucket, Key="k", IfMatch="*")
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0
    a = s3.put_object(Bucket=bucket, Key="a", Body=b"a")["ETag"]
    s3.put_object(Bucket=bucket, Key="b", Body=b"b")
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a", "ETag": a}, {"Key": "b", "ETag": wrong}, {"Key": "c"}]})
    assert sorted(d["Key"] for d in result["Deleted"]) == ["a", "c"]
    assert [(e["Key"], e["Code"]) for e in result["Errors"]] == [("b", "PreconditionFailed")]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["b"]
