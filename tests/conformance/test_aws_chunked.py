"""aws-chunked request bodies, as SDKs send them over https (unsigned with a checksum trailer) and
as other SDKs sign them chunk by chunk. Built by hand: botocore only frames bodies this way on https."""
import base64
import datetime
import os
import zlib

import rawhttp
from conftest import SECRET_KEY


def crc32_b64(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def test_unsigned_payload_with_crc32_trailer(server, s3, bucket):
    data = os.urandom(300_000)
    headers = {"Content-Encoding": "aws-chunked", "X-Amz-Trailer": "x-amz-checksum-crc32",
               "X-Amz-Decoded-Content-Length": str(len(data)), "x-amz-sdk-checksum-algorithm": "CRC32"}
    body = rawhttp.aws_chunked(data, trailer=("x-amz-checksum-crc32", crc32_b64(data)))
    r = rawhttp.request("PUT", server.endpoint, f"/{bucket}/chunked", body=body, headers=headers,
                        payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    assert r.status == 200, r.data
    assert r.headers["x-amz-checksum-crc32"] == crc32_b64(data)
    got = s3.get_object(Bucket=bucket, Key="chunked")
    assert got["Body"].read() == data and "ContentEncoding" not in got  # aws-chunked is not stored
    bad = rawhttp.aws_chunked(data, trailer=("x-amz-checksum-crc32", "AAAAAA=="))
    r = rawhttp.request("PUT", server.endpoint, f"/{bucket}/chunked-bad", body=bad, headers=headers,
                        payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    assert r.status == 400 and rawhttp.error_code(r) == "BadDigest"
    short = dict(headers, **{"X-Amz-Decoded-Content-Length": str(len(data) + 1)})
    r = rawhttp.request("PUT", server.endpoint, f"/{bucket}/chunked-bad", body=body, headers=short,
                        payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    assert r.status == 400 and rawhttp.error_code(r) == "IncompleteBody"
    assert "chunked-bad" not in [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]


def test_signed_chunks(server, s3, bucket):
    data = os.urandom(200_000)
    when = datetime.datetime.now(datetime.timezone.utc)
    amz_date = when.strftime("%Y%m%dT%H%M%SZ")
    scope = f"{amz_date[:8]}/us-east-1/s3/aws4_request"
    headers = {"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": str(len(data))}
    framed_len = len(rawhttp.aws_chunked(data, signing=(b"k" * 32, amz_date, scope, "0" * 64)))
    headers["Content-Length"] = str(framed_len)
    signed = rawhttp.signed("PUT", server.endpoint, f"/{bucket}/signed", headers=headers,
                            payload_hash="STREAMING-AWS4-HMAC-SHA256-PAYLOAD", when=when)
    seed = signed["authorization"].rsplit("Signature=", 1)[1]
    key = rawhttp.signing_key(SECRET_KEY, amz_date[:8])
    body = rawhttp.aws_chunked(data, signing=(key, amz_date, scope, seed))
    r = rawhttp.send("PUT", server.endpoint, f"/{bucket}/signed", body=body, headers=signed)
    assert r.status == 200, r.data
    assert s3.get_object(Bucket=bucket, Key="signed")["Body"].read() == data
    tampered = bytearray(body)
    tampered[-200] ^= 1
    r = rawhttp.send("PUT", server.endpoint, f"/{bucket}/signed2", body=bytes(tampered), headers=signed)
    assert r.status == 403 and rawhttp.error_code(r) == "SignatureDoesNotMatch"
