"""aws-cli against Tessera: cp both ways (multipart), ls, sync, rm --recursive, s3api."""
import json
import os
import subprocess

import pytest
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, SECRET_KEY

MIB = 1024 * 1024


def aws(server, *args, check=True):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY, AWS_DEFAULT_REGION="us-east-1",
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_MAX_ATTEMPTS="1")
    r = subprocess.run(["aws", "--endpoint-url", server.endpoint, *args], capture_output=True, text=True, env=env, timeout=300)
    if check:
        assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r


def test_cp_50mib_both_ways(server, bucket, tmp_path):
    src = tmp_path / "f50.bin"
    data = os.urandom(50 * MIB)
    src.write_bytes(data)
    aws(server, "s3", "cp", str(src), f"s3://{bucket}/cli/f50.bin", "--only-show-errors")
    head = json.loads(aws(server, "s3api", "head-object", "--bucket", bucket, "--key", "cli/f50.bin").stdout)
    assert head["ContentLength"] == 50 * MIB and head["ETag"].endswith('-7"')  # 8 MiB parts
    back = tmp_path / "back.bin"
    aws(server, "s3", "cp", f"s3://{bucket}/cli/f50.bin", str(back), "--only-show-errors")
    assert back.read_bytes() == data


def test_ls_sync_rm(server, bucket, tmp_path):
    tree = tmp_path / "tree"
    (tree / "sub" / "deeper").mkdir(parents=True)
    files = {"a.txt": b"a", "sub/b.txt": b"bb", "sub/deeper/c d.txt": b"ccc", "sub/é+.bin": os.urandom(9 * MIB)}
    for name, content in files.items():
        (tree / name).write_bytes(content)
    aws(server, "s3", "sync", str(tree), f"s3://{bucket}/tree", "--only-show-errors")
    listing = aws(server, "s3", "ls", f"s3://{bucket}/tree/").stdout
    assert "PRE sub/" in listing and "a.txt" in listing
    recursive = aws(server, "s3", "ls", "--recursive", f"s3://{bucket}/tree/").stdout
    for name in files:
        assert "tree/" + name in recursive
    # A second sync uploads nothing; a changed file is uploaded again.
    assert aws(server, "s3", "sync", str(tree), f"s3://{bucket}/tree").stdout.strip() == ""
    (tree / "a.txt").write_bytes(b"changed!")
    assert "a.txt" in aws(server, "s3", "sync", str(tree), f"s3://{bucket}/tree").stdout
    down = tmp_path / "down"
    aws(server, "s3", "sync", f"s3://{bucket}/tree", str(down), "--only-show-errors")
    for name, content in files.items():
        expected = b"changed!" if name == "a.txt" else content
        assert (down / name).read_bytes() == expected
    aws(server, "s3", "rm", "--recursive", f"s3://{bucket}/tree", "--only-show-errors")
    assert aws(server, "s3", "ls", "--recursive", f"s3://{bucket}/", check=False).stdout.strip() == ""


def test_s3api_list_multipart_uploads(server, s3, bucket):
    ids = [s3.create_multipart_upload(Bucket=bucket, Key=f"cli/{i}")["UploadId"] for i in range(3)]
    s3.create_multipart_upload(Bucket=bucket, Key="other/x")
    out = json.loads(aws(server, "s3api", "list-multipart-uploads", "--bucket", bucket, "--prefix", "cli/").stdout)
    assert [u["UploadId"] for u in out["Uploads"]] == ids
    paged = json.loads(aws(server, "s3api", "list-multipart-uploads", "--bucket", bucket, "--page-size", "1").stdout)
    assert len(paged["Uploads"]) == 4
    top = json.loads(aws(server, "s3api", "list-multipart-uploads", "--bucket", bucket, "--delimiter", "/").stdout)
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["cli/", "other/"]


def test_ls_buckets_by_name_prefix_in_pages(server, s3):
    """`aws s3 ls --bucket-name-prefix` pages ListBuckets through its paginator (`--page-size`)."""
    tag = "cli-" + os.urandom(4).hex()
    names = [f"{tag}-{i}" for i in range(3)]
    for n in names:
        s3.create_bucket(Bucket=n)
    out = aws(server, "s3", "ls", "--bucket-name-prefix", tag, "--page-size", "2").stdout
    assert [line.split()[-1] for line in out.splitlines()] == names
    out = aws(server, "s3", "ls", "--bucket-name-prefix", tag, "--bucket-region", "eu-west-1").stdout
    assert out.strip() == ""


def test_archived_objects_are_read_as_restored(server, s3, bucket, tmp_path):
    """An object stored as GLACIER or DEEP_ARCHIVE is always readable here, so it says so as S3
    says it of a restored one (`x-amz-restore: ongoing-request="false"`): aws-cli's `s3 cp`
    downloads it (before, it skipped it: "Unable to perform download operations on GLACIER
    objects"), and RestoreObject answers 200 as for one already restored. Another class's restore
    is S3's 403 InvalidObjectState; a SELECT restore is NotImplemented."""
    for storage_class in ["GLACIER", "DEEP_ARCHIVE"]:
        s3.put_object(Bucket=bucket, Key=f"cold/{storage_class}", Body=b"frozen " + storage_class.encode(), StorageClass=storage_class)
        head = s3.head_object(Bucket=bucket, Key=f"cold/{storage_class}")
        assert (head["StorageClass"], head["Restore"]) == (storage_class, 'ongoing-request="false"')
        r = s3.restore_object(Bucket=bucket, Key=f"cold/{storage_class}", RestoreRequest={"Days": 2, "GlacierJobParameters": {"Tier": "Bulk"}})
        assert r["ResponseMetadata"]["HTTPStatusCode"] == 200
        out = tmp_path / storage_class
        result = aws(server, "s3", "cp", f"s3://{bucket}/cold/{storage_class}", str(out))
        assert "Unable to perform download" not in result.stderr + result.stdout
        assert out.read_bytes() == b"frozen " + storage_class.encode()
    s3.put_object(Bucket=bucket, Key="warm", Body=b"w", StorageClass="STANDARD_IA")
    assert "Restore" not in s3.head_object(Bucket=bucket, Key="warm")
    for key in ["warm"]:
        with pytest.raises(ClientError) as e:
            s3.restore_object(Bucket=bucket, Key=key, RestoreRequest={"Days": 1})
        assert (e.value.response["Error"]["Code"], e.value.response["ResponseMetadata"]["HTTPStatusCode"]) == ("InvalidObjectState", 403)
    with pytest.raises(ClientError) as e:
        s3.restore_object(Bucket=bucket, Key="missing", RestoreRequest={"Days": 1})
    assert e.value.response["Error"]["Code"] == "NoSuchKey"
    with pytest.raises(ClientError) as e:
        s3.restore_object(Bucket=bucket, Key="cold/GLACIER", RestoreRequest={
            "Type": "SELECT", "Tier": "Standard", "OutputLocation": {"S3": {"BucketName": bucket, "Prefix": "out"}},
            "SelectParameters": {"InputSerialization": {"CSV": {}}, "ExpressionType": "SQL", "Expression": "select 1",
                                 "OutputSerialization": {"CSV": {}}}})
    assert e.value.response["Error"]["Code"] == "NotImplemented"


def test_listings_show_archived_objects_as_restored_when_asked(s3, bucket):
    """ListObjectsV2, ListObjects and ListObjectVersions with `OptionalObjectAttributes=
    ["RestoreStatus"]` (`x-amz-optional-object-attributes`): an archived object is listed as
    restored for good, as HEAD says; another has no RestoreStatus; unasked, none has one.
    Before, the header was ignored."""
    s3.put_object(Bucket=bucket, Key="cold", Body=b"c", StorageClass="DEEP_ARCHIVE")
    s3.put_object(Bucket=bucket, Key="warm", Body=b"w")
    for listed in [s3.list_objects_v2(Bucket=bucket, OptionalObjectAttributes=["RestoreStatus"])["Contents"],
                   s3.list_objects(Bucket=bucket, OptionalObjectAttributes=["RestoreStatus"])["Contents"],
                   s3.list_object_versions(Bucket=bucket, OptionalObjectAttributes=["RestoreStatus"])["Versions"]]:
        status = {o["Key"]: o.get("RestoreStatus") for o in listed}
        assert status == {"cold": {"IsRestoreInProgress": False}, "warm": None}
    assert all("RestoreStatus" not in o for o in s3.list_objects_v2(Bucket=bucket)["Contents"])
