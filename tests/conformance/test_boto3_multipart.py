"""boto3 multipart: upload_file at several sizes, the AWS rules at Complete, ListParts and
ListMultipartUploads with every parameter."""
import hashlib
import io
import os
import random
import urllib.parse

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

import rawhttp

MIB = 1024 * 1024


def code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def s3_etag(data, part_size):
    """The ETag s3transfer's upload gets: plain MD5 below the threshold, multipart `-N` at or above it."""
    parts = [data[i:i + part_size] for i in range(0, len(data), part_size)]
    if len(data) < part_size:
        return '"%s"' % hashlib.md5(data).hexdigest()
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    return '"%s-%d"' % (digest, len(parts))


@pytest.mark.parametrize("size", [1, 5 * MIB - 1, 5 * MIB, 12 * MIB + 3, 33 * MIB])
def test_upload_file_sizes(s3, bucket, tmp_path, size):
    data = random.Random(size).randbytes(size)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    cfg = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, max_concurrency=4)
    s3.upload_file(str(path), bucket, f"sizes/{size}", Config=cfg)
    head = s3.head_object(Bucket=bucket, Key=f"sizes/{size}")
    assert head["ContentLength"] == size
    assert head["ETag"] == s3_etag(data, 5 * MIB)
    out = tmp_path / "back.bin"
    s3.download_file(bucket, f"sizes/{size}", str(out), Config=cfg)
    assert out.read_bytes() == data
    if size > 5 * MIB:
        part2 = s3.get_object(Bucket=bucket, Key=f"sizes/{size}", PartNumber=2)
        assert part2["PartsCount"] == (size + 5 * MIB - 1) // (5 * MIB)
        assert part2["Body"].read() == data[5 * MIB:10 * MIB]
        # Beyond the parts: 400 InvalidPartNumber; with a Range too: 400 InvalidRequest (as AWS).
        with pytest.raises(ClientError) as e:
            s3.get_object(Bucket=bucket, Key=f"sizes/{size}", PartNumber=part2["PartsCount"] + 1)
        assert code(e) == "InvalidPartNumber" and e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        with pytest.raises(ClientError) as e:
            s3.get_object(Bucket=bucket, Key=f"sizes/{size}", PartNumber=1, Range="bytes=0-9")
        assert code(e) == "InvalidRequest"
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_complete_rules(s3, bucket):
    key = "rules/obj"
    up = s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    small = s3.upload_part(Bucket=bucket, Key=key, UploadId=up, PartNumber=1, Body=b"a" * 1024)["ETag"]
    big = s3.upload_part(Bucket=bucket, Key=key, UploadId=up, PartNumber=2, Body=b"b" * (5 * MIB))["ETag"]
    last = s3.upload_part(Bucket=bucket, Key=key, UploadId=up, PartNumber=3, Body=b"c" * 10)["ETag"]

    def complete(parts):
        return s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=up, MultipartUpload={"Parts": parts})

    with pytest.raises(ClientError) as e:
        complete([{"PartNumber": 1, "ETag": small}, {"PartNumber": 2, "ETag": big}])
    assert code(e) == "EntityTooSmall"
    with pytest.raises(ClientError) as e:
        complete([{"PartNumber": 2, "ETag": big}, {"PartNumber": 1, "ETag": small}])
    assert code(e) == "InvalidPartOrder"
    with pytest.raises(ClientError) as e:
        complete([{"PartNumber": 2, "ETag": small}])
    assert code(e) == "InvalidPart"
    with pytest.raises(ClientError) as e:
        complete([{"PartNumber": 9, "ETag": big}])
    assert code(e) == "InvalidPart"
    for bad in (0, 10001):
        with pytest.raises(ClientError) as e:
            s3.upload_part(Bucket=bucket, Key=key, UploadId=up, PartNumber=bad, Body=b"x")
        assert code(e) == "InvalidArgument"
    with pytest.raises(ClientError) as e:
        s3.upload_part(Bucket=bucket, Key=key, UploadId="nope", PartNumber=1, Body=b"x")
    assert code(e) == "NoSuchUpload"
    # Re-uploading a part number replaces it.
    big2 = s3.upload_part(Bucket=bucket, Key=key, UploadId=up, PartNumber=2, Body=b"B" * (5 * MIB))["ETag"]
    assert [p["ETag"] for p in s3.list_parts(Bucket=bucket, Key=key, UploadId=up)["Parts"]] == [small, big2, last]
    with pytest.raises(ClientError) as e:
        complete([{"PartNumber": 2, "ETag": big}])
    assert code(e) == "InvalidPart"
    done = complete([{"PartNumber": 2, "ETag": big2}, {"PartNumber": 3, "ETag": last}])
    assert done["ETag"].endswith('-2"')
    # A retried Complete with the same parts answers the same 200.
    again = complete([{"PartNumber": 2, "ETag": big2}, {"PartNumber": 3, "ETag": last}])
    assert again["ETag"] == done["ETag"]
    with pytest.raises(ClientError) as e:
        complete([{"PartNumber": 3, "ETag": last}])
    assert code(e) == "NoSuchUpload"
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"B" * (5 * MIB) + b"c" * 10
    with pytest.raises(ClientError) as e:
        s3.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=up)
    assert code(e) == "NoSuchUpload"


def test_malformed_complete_is_malformed_xml(server, s3, bucket):
    up = s3.create_multipart_upload(Bucket=bucket, Key="m")["UploadId"]
    for body in (b"<not-xml", b"<CompleteMultipartUpload></CompleteMultipartUpload>", b"garbage", b""):
        r = rawhttp.request("POST", server.endpoint, f"/{bucket}/m?uploadId={up}", body=body)
        assert r.status == 400, r.data
        assert rawhttp.error_code(r) == "MalformedXML"
    r = rawhttp.request("POST", server.endpoint, f"/{bucket}?delete", body=b"<Delete><Object>")
    assert r.status == 400 and rawhttp.error_code(r) == "MalformedXML"
    assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]] == [up]


def test_list_parts_pagination(s3, bucket):
    up = s3.create_multipart_upload(Bucket=bucket, Key="p")["UploadId"]
    numbers = [7, 1, 3, 10000, 2, 5]
    for n in numbers:
        s3.upload_part(Bucket=bucket, Key="p", UploadId=up, PartNumber=n, Body=str(n).encode())
    first = s3.list_parts(Bucket=bucket, Key="p", UploadId=up, MaxParts=2)
    assert [p["PartNumber"] for p in first["Parts"]] == [1, 2] and first["IsTruncated"] and first["NextPartNumberMarker"] == 2
    pages = s3.get_paginator("list_parts").paginate(Bucket=bucket, Key="p", UploadId=up, PaginationConfig={"PageSize": 2})
    parts = [p for page in pages for p in page["Parts"]]
    assert [p["PartNumber"] for p in parts] == sorted(numbers)
    assert all(p["Size"] == len(str(p["PartNumber"])) for p in parts)
    rest = s3.list_parts(Bucket=bucket, Key="p", UploadId=up, PartNumberMarker=5)
    assert [p["PartNumber"] for p in rest["Parts"]] == [7, 10000] and not rest["IsTruncated"]
    with pytest.raises(ClientError) as e:
        s3.list_parts(Bucket=bucket, Key="other", UploadId=up)
    assert code(e) == "NoSuchUpload"


def model(uploads, prefix="", delimiter=None, key_marker=None, upload_id_marker=None):
    """S3's rules, plainly: filter by prefix and markers, order by (key bytes, initiation), roll up."""
    rows = sorted((k, u) for k, u in uploads if k.startswith(prefix))
    rows.sort(key=lambda r: (r[0].encode(), r[1]))
    if key_marker:
        rows = [r for r in rows if r[0].encode() > key_marker.encode() or
                (upload_id_marker and r[0] == key_marker and r[1] > upload_id_marker)]
    out, seen = [], set()
    for k, u in rows:
        if delimiter and delimiter in k[len(prefix):]:
            cp = prefix + k[len(prefix):].split(delimiter, 1)[0] + delimiter
            if key_marker and cp.encode() <= key_marker.encode():
                continue
            if cp not in seen:
                seen.add(cp)
                out.append(("P", cp))
            continue
        out.append(("U", k, u))
    return out


def walk(s3, bucket, **kw):
    got, params, pages = [], dict(kw), 0
    while True:
        r = s3.list_multipart_uploads(Bucket=bucket, **params)
        pages += 1
        assert r["MaxUploads"] == min(max(kw.get("MaxUploads", 1000), 1), 1000)
        assert len(r.get("Uploads", [])) + len(r.get("CommonPrefixes", [])) <= r["MaxUploads"]
        entries = [("U", u["Key"], u["UploadId"], u["Initiated"]) for u in r.get("Uploads", [])]
        entries += [("P", p["Prefix"]) for p in r.get("CommonPrefixes", [])]
        # Uploads and prefixes interleave by key in the listing; restore that order for comparison.
        entries.sort(key=lambda e: e[1].encode())
        got += [e[:3] if e[0] == "U" else e for e in entries]
        for u in r.get("Uploads", []):
            assert u["Owner"]["ID"] and u["Initiator"]["ID"] and u["StorageClass"] == "STANDARD" and u["Initiated"]
        if not r["IsTruncated"]:
            # As AWS: the page's last upload, or empty when it lists none.
            last = r["Uploads"][-1] if r.get("Uploads") else {"Key": "", "UploadId": ""}
            assert (r.get("NextKeyMarker", ""), r.get("NextUploadIdMarker", "")) == (last["Key"], last["UploadId"])
            return got, pages
        assert "NextKeyMarker" in r and "NextUploadIdMarker" in r
        params["KeyMarker"] = r["NextKeyMarker"]
        params["UploadIdMarker"] = r["NextUploadIdMarker"]


def test_list_multipart_uploads_every_parameter(s3, bucket):
    keys = ["a", "a/b", "a/b/c", "a/c", "ab", "b/x", "b/y", "é/1", "z z", "z+z", "logs/2026/01", "logs/2026/02"]
    uploads = []
    for i, k in enumerate(keys + ["a/b"] * 3 + ["ab"] * 2):
        uploads.append((k, s3.create_multipart_upload(Bucket=bucket, Key=k)["UploadId"]))
    # Several uploads of one key are ordered by initiation, i.e. by id.
    same = [u for k, u in uploads if k == "a/b"]
    listed = [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=bucket, Prefix="a/b").get("Uploads", []) if u["Key"] == "a/b"]
    assert listed == same
    cases = [
        {}, {"Prefix": "a"}, {"Prefix": "a/"}, {"Delimiter": "/"}, {"Prefix": "a/", "Delimiter": "/"},
        {"Prefix": "logs/", "Delimiter": "/"}, {"KeyMarker": "a/b"}, {"KeyMarker": "a/b", "UploadIdMarker": same[1]},
        {"KeyMarker": "a", "Delimiter": "/"}, {"KeyMarker": "b/x", "Delimiter": "/"}, {"MaxUploads": 1}, {"MaxUploads": 2, "Delimiter": "/"},
        {"MaxUploads": 3, "Prefix": "a"}, {"UploadIdMarker": same[1]}, {"MaxUploads": 5000},
    ]
    for params in cases:
        want = model(uploads, params.get("Prefix", ""), params.get("Delimiter"), params.get("KeyMarker"),
                     params.get("UploadIdMarker") if params.get("KeyMarker") else None)
        got, _ = walk(s3, bucket, **params)
        assert got == want, params


def test_list_multipart_uploads_encoding_type(server, s3, bucket):
    s3.create_multipart_upload(Bucket=bucket, Key="dir/a b+c&é")
    r = rawhttp.request("GET", server.endpoint, f"/{bucket}?uploads&encoding-type=url&prefix=dir%2F&delimiter=%2F")
    body = r.data.decode()
    assert r.status == 200
    assert "<Key>dir/a%20b%2Bc%26%C3%A9</Key>" in body
    assert "<EncodingType>url</EncodingType>" in body and "<Prefix>dir/</Prefix>" in body
    r = rawhttp.request("GET", server.endpoint, f"/{bucket}?uploads&max-uploads=abc")
    assert r.status == 400 and rawhttp.error_code(r) == "InvalidArgument"


def test_abort_and_list_again(s3, bucket):
    a = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    b = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="k", UploadId=a, PartNumber=1, Body=b"x")
    s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=a)
    assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]] == [b]
    with pytest.raises(ClientError) as e:
        s3.list_parts(Bucket=bucket, Key="k", UploadId=a)
    assert code(e) == "NoSuchUpload"


def test_checksum_flow_of_s3transfer(s3, bucket, tmp_path):
    """s3transfer announces CRC32 at CreateMultipartUpload and lists ChecksumCRC32 per part in Complete."""
    data = os.urandom(11 * MIB)
    up = s3.create_multipart_upload(Bucket=bucket, Key="crc", ChecksumAlgorithm="CRC32")
    assert up.get("ChecksumAlgorithm") == "CRC32"
    parts = []
    for n, off in enumerate(range(0, len(data), 5 * MIB), start=1):
        r = s3.upload_part(Bucket=bucket, Key="crc", UploadId=up["UploadId"], PartNumber=n, Body=data[off:off + 5 * MIB],
                           ChecksumAlgorithm="CRC32")
        assert r["ChecksumCRC32"]
        parts.append({"PartNumber": n, "ETag": r["ETag"], "ChecksumCRC32": r["ChecksumCRC32"]})
    listed = s3.list_parts(Bucket=bucket, Key="crc", UploadId=up["UploadId"])
    assert [p["ChecksumCRC32"] for p in listed["Parts"]] == [p["ChecksumCRC32"] for p in parts]
    bad = [dict(parts[0], ChecksumCRC32="AAAAAA==")] + parts[1:]
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="crc", UploadId=up["UploadId"], MultipartUpload={"Parts": bad})
    assert code(e) == "InvalidPart"
    s3.complete_multipart_upload(Bucket=bucket, Key="crc", UploadId=up["UploadId"], MultipartUpload={"Parts": parts})
    assert s3.get_object(Bucket=bucket, Key="crc")["Body"].read() == data


def test_list_multipart_uploads_answers_as_aws(s3, bucket):
    """NextKeyMarker / NextUploadIdMarker on every page (the last upload when not truncated, empty
    without uploads) and Initiated in whole seconds, as AWS's responses show (issue 15 item 6)."""
    ids = [s3.create_multipart_upload(Bucket=bucket, Key=k)["UploadId"] for k in ("a", "b")]
    page = s3.list_multipart_uploads(Bucket=bucket)
    assert page["IsTruncated"] is False
    assert (page["NextKeyMarker"], page["NextUploadIdMarker"]) == ("b", ids[1])
    assert all(u["Initiated"].microsecond == 0 for u in page["Uploads"])
    none = s3.list_multipart_uploads(Bucket=bucket, Prefix="zzz")
    assert none.get("NextKeyMarker", "") == "" and none.get("NextUploadIdMarker", "") == "" and "Uploads" not in none
    for k, u in zip(("a", "b"), ids):
        s3.abort_multipart_upload(Bucket=bucket, Key=k, UploadId=u)


def test_list_multipart_uploads_zero_and_prefix_as_aws(server, s3, bucket):
    """max-uploads=0 lists nothing; Prefix is echoed only when the request sent one; an empty
    max-uploads= is the default (issue 15 item 6). max-keys=0 likewise for ListObjects(V2)."""
    s3.create_multipart_upload(Bucket=bucket, Key="z")
    s3.put_object(Bucket=bucket, Key="o", Body=b"o")
    zero = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=0)
    assert "Uploads" not in zero and zero["MaxUploads"] == 0 and zero["IsTruncated"] is False
    r = rawhttp.request("GET", server.endpoint, f"/{bucket}?uploads")
    assert b"<Prefix>" not in r.data and b"<Upload>" in r.data
    r = rawhttp.request("GET", server.endpoint, f"/{bucket}?uploads&prefix=&max-uploads=")
    assert b"<Prefix></Prefix>" in r.data and b"<MaxUploads>1000</MaxUploads>" in r.data
    v2 = s3.list_objects_v2(Bucket=bucket, MaxKeys=0)
    assert v2["KeyCount"] == 0 and "Contents" not in v2 and v2["MaxKeys"] == 0
    assert "Contents" not in s3.list_objects(Bucket=bucket, MaxKeys=0)
