"""Object tags as clients use them: boto3's Tagging on PutObject, CreateMultipartUpload and
CopyObject (with its TaggingDirective), Get/Put/DeleteObjectTagging and the TagCount of GET and
HEAD; MinIO's Python SDK the same way. S3's rules for a tag set are kept (InvalidTag), the tags
are the object's own (a new object under the key starts with its own), and changing them leaves
the bytes and the ETag alone. Before, x-amz-tagging was dropped and ?tagging answered 501."""
import io
import subprocess
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, SECRET_KEY, tessera_binary

MIB = 1024 * 1024


def error(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["ResponseMetadata"]["HTTPStatusCode"], e.value.response["Error"]["Code"]


def tags(s3, bucket, key):
    return [(t["Key"], t["Value"]) for t in s3.get_object_tagging(Bucket=bucket, Key=key)["TagSet"]]


def test_tags_on_put_get_head_and_tagging_calls(s3, bucket):
    s3.put_object(Bucket=bucket, Key="t", Body=b"tagged", Tagging="project=blue%20sky&team=a%2Bb&empty=")
    assert tags(s3, bucket, "t") == [("project", "blue sky"), ("team", "a+b"), ("empty", "")]
    assert s3.head_object(Bucket=bucket, Key="t")["ResponseMetadata"]["HTTPHeaders"]["x-amz-tagging-count"] == "3"
    assert s3.get_object(Bucket=bucket, Key="t")["TagCount"] == 3
    etag = s3.head_object(Bucket=bucket, Key="t")["ETag"]

    s3.put_object_tagging(Bucket=bucket, Key="t", Tagging={"TagSet": [{"Key": "Ünïcode 中文", "Value": "x:y/z@w=v+u-t.s_r"}]})
    assert tags(s3, bucket, "t") == [("Ünïcode 中文", "x:y/z@w=v+u-t.s_r")]
    head = s3.head_object(Bucket=bucket, Key="t")
    assert head["ETag"] == etag and s3.get_object(Bucket=bucket, Key="t")["Body"].read() == b"tagged"

    assert s3.delete_object_tagging(Bucket=bucket, Key="t")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert tags(s3, bucket, "t") == []
    assert "TagCount" not in s3.get_object(Bucket=bucket, Key="t")

    # The tags are the object's: a new object under the key has its own (none here).
    s3.put_object_tagging(Bucket=bucket, Key="t", Tagging={"TagSet": [{"Key": "old", "Value": "1"}]})
    s3.put_object(Bucket=bucket, Key="t", Body=b"replaced")
    assert tags(s3, bucket, "t") == []


def test_tag_set_rules_and_missing_objects(s3, bucket):
    s3.put_object(Bucket=bucket, Key="r", Body=b"r", Tagging="keep=me")
    eleven = {"TagSet": [{"Key": f"k{i}", "Value": "v"} for i in range(11)]}
    for tagging in (eleven,
                    {"TagSet": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]},
                    {"TagSet": [{"Key": "k" * 129, "Value": "v"}]},
                    {"TagSet": [{"Key": "k", "Value": "v" * 257}]},
                    {"TagSet": [{"Key": "aws:reserved", "Value": "v"}]},
                    {"TagSet": [{"Key": "k", "Value": "comma,semicolon;"}]}):
        assert error(lambda: s3.put_object_tagging(Bucket=bucket, Key="r", Tagging=tagging)) == (400, "InvalidTag")
    assert tags(s3, bucket, "r") == [("keep", "me")]  # nothing changed by a refused set
    ten = {"TagSet": [{"Key": f"k{i}", "Value": "v" * 256} for i in range(10)]}
    s3.put_object_tagging(Bucket=bucket, Key="r", Tagging=ten)
    assert len(tags(s3, bucket, "r")) == 10

    # On a write: the same rules, and nothing is written when they fail.
    assert error(lambda: s3.put_object(Bucket=bucket, Key="w", Body=b"w", Tagging="a=1&a=2")) == (400, "InvalidArgument")
    assert error(lambda: s3.put_object(Bucket=bucket, Key="w", Body=b"w", Tagging="&".join(f"k{i}=v" for i in range(11)))) \
        == (400, "InvalidTag")
    assert error(lambda: s3.create_multipart_upload(Bucket=bucket, Key="w", Tagging="aws:x=1")) == (400, "InvalidTag")
    assert error(lambda: s3.head_object(Bucket=bucket, Key="w")) == (404, "404")
    assert not s3.list_multipart_uploads(Bucket=bucket).get("Uploads")

    assert error(lambda: s3.get_object_tagging(Bucket=bucket, Key="none")) == (404, "NoSuchKey")
    assert error(lambda: s3.put_object_tagging(Bucket=bucket, Key="none", Tagging={"TagSet": []})) == (404, "NoSuchKey")
    # A bucket's tags are not kept: said plainly, not pretended.
    assert error(lambda: s3.get_bucket_tagging(Bucket=bucket)) == (404, "NoSuchTagSet")  # the bucket has none of its own


def test_multipart_and_copy_carry_tags(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp", Tagging="stage=raw")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, Body=b"p" * MIB)["ETag"]
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert tags(s3, bucket, "mp") == [("stage", "raw")]

    # COPY (the default) keeps the source's tags, whatever x-amz-tagging says; REPLACE takes the
    # request's, or none; either way whichever metadata directive.
    s3.copy_object(Bucket=bucket, Key="c1", CopySource={"Bucket": bucket, "Key": "mp"}, Tagging="ignored=1")
    assert tags(s3, bucket, "c1") == [("stage", "raw")]
    s3.copy_object(Bucket=bucket, Key="c2", CopySource={"Bucket": bucket, "Key": "mp"}, MetadataDirective="REPLACE",
                   ContentType="text/plain")
    assert tags(s3, bucket, "c2") == [("stage", "raw")]
    s3.copy_object(Bucket=bucket, Key="c3", CopySource={"Bucket": bucket, "Key": "mp"}, TaggingDirective="REPLACE",
                   Tagging="stage=cooked&by=copy")
    assert tags(s3, bucket, "c3") == [("stage", "cooked"), ("by", "copy")]
    s3.copy_object(Bucket=bucket, Key="c4", CopySource={"Bucket": bucket, "Key": "mp"}, TaggingDirective="REPLACE")
    assert tags(s3, bucket, "c4") == []
    assert error(lambda: s3.copy_object(Bucket=bucket, Key="c5", CopySource={"Bucket": bucket, "Key": "mp"},
                                        TaggingDirective="REPLACE", Tagging="aws:no=1")) == (400, "InvalidTag")
    # A copy onto itself must change its metadata (S3's rule); its tags may change with it.
    s3.copy_object(Bucket=bucket, Key="mp", CopySource={"Bucket": bucket, "Key": "mp"}, MetadataDirective="REPLACE",
                   TaggingDirective="REPLACE", Tagging="stage=final")
    assert tags(s3, bucket, "mp") == [("stage", "final")]
    assert s3.get_object(Bucket=bucket, Key="mp")["Body"].read() == b"p" * MIB


def test_who_may_read_and_change_tags(server, s3, bucket):
    key = "DAVE" + uuid.uuid4().hex[:8].upper()
    subprocess.run([tessera_binary(), "user", "add", "dave-" + key.lower(), "--access-key", key, "--secret-key", "dave-secret",
                    "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    dave = server.client(key, "dave-secret")
    dave_id = dave.list_buckets()["Owner"]["ID"]
    s3.put_object(Bucket=bucket, Key="private", Body=b"p", Tagging="secret=1")
    assert error(lambda: dave.get_object_tagging(Bucket=bucket, Key="private")) == (403, "AccessDenied")
    s3.put_object_acl(Bucket=bucket, Key="private", GrantRead=f'id="{dave_id}"')
    assert tags(dave, bucket, "private") == [("secret", "1")]
    # Reading the object is not changing it.
    for call in (lambda: dave.put_object_tagging(Bucket=bucket, Key="private", Tagging={"TagSet": []}),
                 lambda: dave.delete_object_tagging(Bucket=bucket, Key="private")):
        assert error(call) == (403, "AccessDenied")
    assert tags(s3, bucket, "private") == [("secret", "1")]
    s3.put_object_acl(Bucket=bucket, Key="private", GrantFullControl=f'id="{dave_id}"')
    dave.delete_object_tagging(Bucket=bucket, Key="private")
    assert tags(s3, bucket, "private") == []


def test_minio_py_tags(server, s3, bucket):
    from minio import Minio
    from minio.commonconfig import Tags
    mc = Minio(f"127.0.0.1:{server.port}", access_key=ACCESS_KEY, secret_key=SECRET_KEY, secure=False, region="us-east-1")
    t = Tags.new_object_tags()
    t["app"] = "minio"
    t["size"] = "small"
    mc.put_object(bucket, "minio/tagged", io.BytesIO(b"m" * 100), 100, tags=t)
    assert dict(mc.get_object_tags(bucket, "minio/tagged")) == {"app": "minio", "size": "small"}
    t2 = Tags.new_object_tags()
    t2["app"] = "changed"
    mc.set_object_tags(bucket, "minio/tagged", t2)
    assert tags(s3, bucket, "minio/tagged") == [("app", "changed")]
    mc.delete_object_tags(bucket, "minio/tagged")
    assert mc.get_object_tags(bucket, "minio/tagged") is None or dict(mc.get_object_tags(bucket, "minio/tagged")) == {}


def bos_client(server):
    from baidubce.auth.bce_credentials import BceCredentials
    from baidubce.bce_client_configuration import BceClientConfiguration
    from baidubce.retry.retry_policy import NoRetryPolicy
    from baidubce.services.bos.bos_client import BosClient
    return BosClient(BceClientConfiguration(credentials=BceCredentials(ACCESS_KEY, SECRET_KEY), endpoint=server.endpoint,
                                            retry_policy=NoRetryPolicy()))


def bos_tags(bos, bucket, key):
    import json
    info = json.loads(bos.get_object_tagging(bucket, key).raw_data)["tagSet"][0]["tagInfo"]
    return sorted(info.items())


def test_bce_python_sdk_tags_and_one_set_under_two_dialects(server, s3):
    """bce-python-sdk: `object_tagging` on a put, put_object_tagging with BOS's body and
    put_object_tagging_canned with x-bce-tagging, get and delete; the same tags through S3."""
    from baidubce.exception import BceHttpClientError
    bos = bos_client(server)
    bucket = "bos-tags-" + uuid.uuid4().hex[:8]
    bos.create_bucket(bucket)
    bos.put_object_from_string(bucket, "b", "from bos", object_tagging="team=infra&tier=hot")
    assert bos_tags(bos, bucket, "b") == [("team", "infra"), ("tier", "hot")]
    assert tags(s3, bucket, "b") == [("team", "infra"), ("tier", "hot")]  # one store, two dialects

    bos.put_object_tagging(bucket, "b", {"tagSet": [{"tagInfo": [{"key": "stage", "value": "done"}]}]})
    assert tags(s3, bucket, "b") == [("stage", "done")]
    bos.put_object_tagging_canned(bucket, "b", "canned=yes")
    assert bos_tags(bos, bucket, "b") == [("canned", "yes")]
    s3.put_object_tagging(Bucket=bucket, Key="b", Tagging={"TagSet": [{"Key": "via", "Value": "s3"}]})
    assert bos_tags(bos, bucket, "b") == [("via", "s3")]
    bos.delete_object_tagging(bucket, "b")
    assert bos_tags(bos, bucket, "b") == []
    assert bos.get_object_as_string(bucket, "b") == b"from bos"

    with pytest.raises(BceHttpClientError) as e:
        bos.put_object_tagging_canned(bucket, "b", "aws:x=1")
    assert e.value.last_error.status_code == 400
    with pytest.raises(BceHttpClientError) as e:
        bos.put_object_from_string(bucket, "c", "x", object_tagging="a=1&a=2")
    assert e.value.last_error.status_code == 400
    with pytest.raises(BceHttpClientError) as e:
        bos.get_object_tagging(bucket, "none")
    assert e.value.last_error.status_code == 404


def test_bce_python_sdk_bucket_tags_are_s3s(server, s3):
    """A bucket's own tags through bce-python-sdk's put/get/delete_bucket_tagging, in the JSON of
    BOS's Go SDK, and the same set through S3's bucket tagging."""
    from baidubce.exception import BceHttpClientError
    bos = bos_client(server)
    bucket = "bos-btags-" + uuid.uuid4().hex[:8]
    bos.create_bucket(bucket)
    with pytest.raises(BceHttpClientError) as e:
        bos.get_bucket_tagging(bucket)
    assert (e.value.last_error.status_code, e.value.last_error.code) == (404, "NoSuchTagSet")
    bos.put_bucket_tagging(bucket, {"tags": [{"tagKey": "team", "tagValue": "media"}, {"tagKey": "cost", "tagValue": "42"}]})
    got = bos.get_bucket_tagging(bucket)
    assert [(t.tag_key, t.tag_value) for t in got.tag] == [("team", "media"), ("cost", "42")]
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "team", "Value": "media"}, {"Key": "cost", "Value": "42"}]
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "via", "Value": "s3"}]})
    assert [(t.tag_key, t.tag_value) for t in bos.get_bucket_tagging(bucket).tag] == [("via", "s3")]
    with pytest.raises(BceHttpClientError) as e:
        bos.put_bucket_tagging(bucket, {"tags": [{"tagKey": "aws:x", "tagValue": "1"}]})
    assert e.value.last_error.status_code == 400
    with pytest.raises(BceHttpClientError) as e:
        bos.put_bucket_tagging(bucket, {"tagSet": []})
    assert e.value.last_error.status_code == 400
    bos.delete_bucket_tagging(bucket)
    with pytest.raises(ClientError) as e:
        s3.get_bucket_tagging(Bucket=bucket)
    assert e.value.response["Error"]["Code"] == "NoSuchTagSet"
