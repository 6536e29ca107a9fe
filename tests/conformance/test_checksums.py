"""S3's modern integrity with unmodified boto3 (and awscrt's CRC64NVME): full-object multipart
checksums, composite ones, checksums on read and GetObjectAttributes (issue 15 items 2-4); BOS's
whole-object CRC-32 on Complete (issue 16 item 6)."""
import base64
import hashlib
import random
import zlib

import pytest
from awscrt import checksums as crt
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

MIB = 1024 * 1024
CFG = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, max_concurrency=3)


def code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def b64(raw):
    return base64.b64encode(raw).decode()


def crc32(data):
    return b64(zlib.crc32(data).to_bytes(4, "big"))


def crc64nvme(data):
    return b64(crt.crc64nvme(data).to_bytes(8, "big"))


def crc32c(data):
    return b64(crt.crc32c(data).to_bytes(4, "big"))


@pytest.mark.parametrize("arg,fn", [("ChecksumCRC32", crc32), ("ChecksumCRC32C", crc32c), ("ChecksumCRC64NVME", crc64nvme)])
def test_upload_file_with_a_whole_object_checksum(s3, bucket, tmp_path, arg, fn):
    """s3transfer turns a caller's whole-file checksum into a FULL_OBJECT upload and sends the
    value on Complete: the server combines the part CRCs and agrees (it used to answer BadDigest)."""
    data = random.Random(arg).randbytes(12 * MIB + 5)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    s3.upload_file(str(path), bucket, "full", ExtraArgs={arg: fn(data)}, Config=CFG)
    head = s3.head_object(Bucket=bucket, Key="full", ChecksumMode="ENABLED")
    assert head[arg] == fn(data) and head["ChecksumType"] == "FULL_OBJECT"
    assert head["ETag"].endswith('-3"')
    # botocore validates a whole-object value against the body it reads.
    assert s3.get_object(Bucket=bucket, Key="full", ChecksumMode="ENABLED")["Body"].read() == data
    ranged = s3.get_object(Bucket=bucket, Key="full", ChecksumMode="ENABLED", Range="bytes=0-9")
    assert arg not in ranged and ranged["Body"].read() == data[:10]
    # A wrong whole-object value: BadDigest, s3transfer aborts, nothing is written.
    with pytest.raises(Exception) as e:
        s3.upload_file(str(path), bucket, "wrong", ExtraArgs={arg: fn(b"other")}, Config=CFG)
    assert "BadDigest" in str(e.value)
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="wrong")


def test_crc64nvme_upload_is_full_object_by_default(s3, bucket):
    up = s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="CRC64NVME")
    assert up["ChecksumAlgorithm"] == "CRC64NVME" and up["ChecksumType"] == "FULL_OBJECT"
    pieces = [random.Random(1).randbytes(5 * MIB), b"tail"]
    parts = []
    for n, d in enumerate(pieces, 1):
        r = s3.upload_part(Bucket=bucket, Key="k", UploadId=up["UploadId"], PartNumber=n, Body=d, ChecksumAlgorithm="CRC64NVME")
        assert r["ChecksumCRC64NVME"] == crc64nvme(d)
        parts.append({"PartNumber": n, "ETag": r["ETag"], "ChecksumCRC64NVME": r["ChecksumCRC64NVME"]})
    listed = s3.list_parts(Bucket=bucket, Key="k", UploadId=up["UploadId"])
    assert listed["ChecksumAlgorithm"] == "CRC64NVME" and listed["ChecksumType"] == "FULL_OBJECT"
    uploads = s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert [(u["ChecksumAlgorithm"], u["ChecksumType"]) for u in uploads] == [("CRC64NVME", "FULL_OBJECT")]
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=up["UploadId"], MultipartUpload={"Parts": parts},
                                     ChecksumType="COMPOSITE")
    assert code(e) == "InvalidRequest"
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=up["UploadId"], MultipartUpload={"Parts": parts},
                                     MpuObjectSize=1)
    assert code(e) == "InvalidRequest"
    whole = b"".join(pieces)
    done = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=up["UploadId"], MultipartUpload={"Parts": parts},
                                        ChecksumCRC64NVME=crc64nvme(whole), ChecksumType="FULL_OBJECT", MpuObjectSize=len(whole))
    assert done["ChecksumCRC64NVME"] == crc64nvme(whole) and done["ChecksumType"] == "FULL_OBJECT"
    assert s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")["Body"].read() == whole


def test_composite_sha256_reads_and_attributes(s3, bucket):
    up = s3.create_multipart_upload(Bucket=bucket, Key="c", ChecksumAlgorithm="SHA256")
    assert up["ChecksumType"] == "COMPOSITE"
    pieces = [random.Random(2).randbytes(5 * MIB), random.Random(3).randbytes(5 * MIB), b"end"]
    parts = []
    for n, d in enumerate(pieces, 1):
        r = s3.upload_part(Bucket=bucket, Key="c", UploadId=up["UploadId"], PartNumber=n, Body=d, ChecksumAlgorithm="SHA256")
        parts.append({"PartNumber": n, "ETag": r["ETag"], "ChecksumSHA256": r["ChecksumSHA256"]})
    # S3 needs each part's checksum in a COMPOSITE upload's Complete.
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="c", UploadId=up["UploadId"],
                                     MultipartUpload={"Parts": [{"PartNumber": p["PartNumber"], "ETag": p["ETag"]} for p in parts]})
    assert code(e) == "InvalidRequest" and "missing for part 1" in str(e.value)
    expected = b64(hashlib.sha256(b"".join(hashlib.sha256(d).digest() for d in pieces)).digest())
    done = s3.complete_multipart_upload(Bucket=bucket, Key="c", UploadId=up["UploadId"], MultipartUpload={"Parts": parts})
    assert done["ChecksumSHA256"] == expected + "-3" and done["ChecksumType"] == "COMPOSITE"
    head = s3.head_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == expected + "-3" and head["ChecksumType"] == "COMPOSITE"
    # botocore skips validating a composite value; the body is still whole.
    assert s3.get_object(Bucket=bucket, Key="c", ChecksumMode="ENABLED")["Body"].read() == b"".join(pieces)
    # A part read returns that part's checksum, which botocore validates against the part.
    second = s3.get_object(Bucket=bucket, Key="c", PartNumber=2, ChecksumMode="ENABLED")
    assert second["ChecksumSHA256"] == parts[1]["ChecksumSHA256"] and second["Body"].read() == pieces[1]
    a = s3.get_object_attributes(Bucket=bucket, Key="c", MaxParts=2,
                                 ObjectAttributes=["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"])
    assert a["ETag"] == head["ETag"].strip('"') and a["ObjectSize"] == 10 * MIB + 3 and a["StorageClass"] == "STANDARD"
    assert a["Checksum"] == {"ChecksumSHA256": expected, "ChecksumType": "COMPOSITE"}
    op = a["ObjectParts"]
    assert op["TotalPartsCount"] == 3 and op["IsTruncated"] is True and op["NextPartNumberMarker"] == 2 and op["MaxParts"] == 2
    assert [(p["PartNumber"], p["Size"], p["ChecksumSHA256"]) for p in op["Parts"]] == [
        (1, 5 * MIB, parts[0]["ChecksumSHA256"]), (2, 5 * MIB, parts[1]["ChecksumSHA256"])]
    rest = s3.get_object_attributes(Bucket=bucket, Key="c", PartNumberMarker=2, ObjectAttributes=["ObjectParts"])
    assert [p["PartNumber"] for p in rest["ObjectParts"]["Parts"]] == [3] and rest["ObjectParts"]["IsTruncated"] is False
    assert set(rest) - {"ResponseMetadata", "LastModified"} == {"ObjectParts"}


def test_attributes_of_a_single_part_object_and_errors(s3, bucket, server):
    body = b"attributes" * 100
    s3.put_object(Bucket=bucket, Key="one", Body=body, ChecksumAlgorithm="CRC32")
    a = s3.get_object_attributes(Bucket=bucket, Key="one", ObjectAttributes=["ETag", "Checksum", "ObjectParts", "ObjectSize"])
    assert a["ETag"] == hashlib.md5(body).hexdigest() and a["ObjectSize"] == len(body)
    assert a["Checksum"] == {"ChecksumCRC32": crc32(body), "ChecksumType": "FULL_OBJECT"} and "ObjectParts" not in a
    # Without checksums a multipart object reports its part count but no Part entries.
    up = s3.create_multipart_upload(Bucket=bucket, Key="plain")["UploadId"]
    r = s3.upload_part(Bucket=bucket, Key="plain", UploadId=up, PartNumber=1, Body=b"x")
    s3.complete_multipart_upload(Bucket=bucket, Key="plain", UploadId=up, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": r["ETag"]}]})
    plain = s3.get_object_attributes(Bucket=bucket, Key="plain", ObjectAttributes=["ObjectParts", "Checksum"])
    assert plain["ObjectParts"]["TotalPartsCount"] == 1 and "Parts" not in plain["ObjectParts"]
    with pytest.raises(ClientError) as e:
        s3.get_object_attributes(Bucket=bucket, Key="one", ObjectAttributes=["Colour"])
    assert code(e) == "InvalidArgument"
    with pytest.raises(ClientError) as e:
        s3.get_object_attributes(Bucket=bucket, Key="missing", ObjectAttributes=["ETag"])
    assert code(e) == "NoSuchKey"


@pytest.mark.parametrize("algorithm,type_", [("SHA1", "FULL_OBJECT"), ("SHA256", "FULL_OBJECT"), ("CRC64NVME", "COMPOSITE"), (None, "COMPOSITE")])
def test_invalid_checksum_combinations(s3, bucket, algorithm, type_):
    kwargs = {"ChecksumType": type_}
    if algorithm:
        kwargs["ChecksumAlgorithm"] = algorithm
    with pytest.raises(ClientError) as e:
        s3.create_multipart_upload(Bucket=bucket, Key="bad", **kwargs)
    assert code(e) == "InvalidRequest"
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)


def test_part_with_another_algorithm_is_refused(s3, bucket):
    up = s3.create_multipart_upload(Bucket=bucket, Key="m", ChecksumAlgorithm="SHA256")["UploadId"]
    with pytest.raises(ClientError) as e:
        s3.upload_part(Bucket=bucket, Key="m", UploadId=up, PartNumber=1, Body=b"abc", ChecksumAlgorithm="CRC32")
    assert code(e) == "InvalidRequest" and "expected checksum Type: sha256" in str(e.value)
    s3.abort_multipart_upload(Bucket=bucket, Key="m", UploadId=up)


def test_listings_name_each_objects_checksum(s3, server, bucket):
    """ListObjectsV2, ListObjects and ListObjectVersions show the algorithm and type of each
    object's stored checksum, as S3 does, and nothing for an object stored without one."""
    s3.put_object(Bucket=bucket, Key="a-crc32", Body=b"boto3 sends a CRC32 by default")
    s3.put_object(Bucket=bucket, Key="b-sha1", Body=b"sha1", ChecksumAlgorithm="SHA1")
    plain = server.client(request_checksum_calculation="when_required")
    plain.put_object(Bucket=bucket, Key="c-none", Body=b"no checksum")
    up = s3.create_multipart_upload(Bucket=bucket, Key="d-composite", ChecksumAlgorithm="SHA256")
    r = s3.upload_part(Bucket=bucket, Key="d-composite", UploadId=up["UploadId"], PartNumber=1, Body=b"one part",
                       ChecksumAlgorithm="SHA256")
    s3.complete_multipart_upload(Bucket=bucket, Key="d-composite", UploadId=up["UploadId"], MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": r["ETag"], "ChecksumSHA256": r["ChecksumSHA256"]}]})
    expected = [("a-crc32", ["CRC32"], "FULL_OBJECT"), ("b-sha1", ["SHA1"], "FULL_OBJECT"), ("c-none", None, None),
                ("d-composite", ["SHA256"], "COMPOSITE")]

    def shown(entries):
        return [(e["Key"], e.get("ChecksumAlgorithm"), e.get("ChecksumType")) for e in entries]
    assert shown(s3.list_objects_v2(Bucket=bucket)["Contents"]) == expected
    assert shown(s3.list_objects_v2(Bucket=bucket, MaxKeys=2, StartAfter="a-crc32")["Contents"]) == expected[1:3]
    assert shown(s3.list_objects(Bucket=bucket)["Contents"]) == expected
    assert shown(s3.list_object_versions(Bucket=bucket)["Versions"]) == expected
