"""Numbers at and past the 64-bit limits in every numeric field a request carries, through the
real clients where they can send them: each gets its dialect's answer and the server lives on.

Before this file, seven of these stopped the server with an arithmetic overflow: a signed-in user's
copy-source range in each dialect (`bytes=0-9223372036854775807`), a PUT's declared length near
2**63, UFile's part-number-marker, a lifecycle rule of 2**63-1 days (at the next initiate and at
every reaper run), and, without any credential, a SigV2 presigned URL's `Expires` and a BOS
authorization's expiration."""
import datetime
import json
import os
import uuid

import pytest
import urllib3
from botocore.exceptions import ClientError

import rawhttp
from conftest import ACCESS_KEY, SECRET_KEY, Server

MAX = 2**63 - 1
PAST = 10**20  # more digits than any 64-bit count


@pytest.fixture(scope="module")
def srv(workdir):
    """A server of its own: a crash here must not take the session's server with it."""
    s = Server(os.path.join(workdir, "hostile"), extra_args=["--reap-interval", "0"]).start()
    yield s
    assert s.stop() == 0


@pytest.fixture
def s3(srv):
    return srv.client()


@pytest.fixture
def source(s3):
    name = "hn-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="src", Body=bytes(range(100)))
    return name


def alive(srv):
    assert srv.proc.poll() is None, open(srv.log_path, errors="replace").read()[-3000:]
    assert rawhttp.send("GET", srv.endpoint, "/health").status == 200


def code(e):
    return e.value.response["Error"]["Code"]


def test_s3_copy_source_ranges_past_int64(srv, s3, source):
    upload = s3.create_multipart_upload(Bucket=source, Key="dst")["UploadId"]
    for header in [f"bytes=0-{MAX}", f"bytes=1-{MAX}", f"bytes=0-{PAST}", f"bytes={PAST}-{PAST}", f"bytes={MAX}-{MAX}"]:
        with pytest.raises(ClientError) as e:
            s3.upload_part_copy(Bucket=source, Key="dst", UploadId=upload, PartNumber=1,
                                CopySource={"Bucket": source, "Key": "src"}, CopySourceRange=header)
        assert code(e) == "InvalidArgument", header
        # The error names the range as it was sent, not as the server held it.
        assert e.value.response["Error"].get("ArgumentValue") == header
        alive(srv)
    done = s3.upload_part_copy(Bucket=source, Key="dst", UploadId=upload, PartNumber=1,
                               CopySource={"Bucket": source, "Key": "src"}, CopySourceRange="bytes=90-99")
    assert done["CopyPartResult"]["ETag"]


def test_s3_get_ranges_past_int64(srv, s3, source):
    """RFC 9110 sets no limit on a bound's digits: past any object, a first byte is unsatisfiable
    and a last byte or suffix means "to the end"."""
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=source, Key="src", Range=f"bytes={PAST}-")
    assert code(e) == "InvalidRange"
    for header, start in [(f"bytes=3-{PAST}", 3), (f"bytes=3-{MAX}", 3), (f"bytes=-{PAST}", 0)]:
        got = s3.get_object(Bucket=source, Key="src", Range=header)
        assert got["ResponseMetadata"]["HTTPStatusCode"] == 206, header
        assert got["ContentRange"] == f"bytes {start}-99/100"
        assert got["Body"].read() == bytes(range(start, 100))
    alive(srv)


def test_s3_lifecycle_days_past_any_date(srv, s3, source):
    """S3 takes any positive day count; past 9999-12-31 the abort date is held there, and the
    reaper, which works back from today by the rule's days, aborts nothing."""
    rule = {"ID": "forever", "Filter": {"Prefix": ""}, "Status": "Enabled",
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": MAX}}
    s3.put_bucket_lifecycle_configuration(Bucket=source, LifecycleConfiguration={"Rules": [rule]})
    assert s3.get_bucket_lifecycle_configuration(Bucket=source)["Rules"] == [rule]
    created = s3.create_multipart_upload(Bucket=source, Key="long")
    assert created["AbortRuleId"] == "forever"
    assert created["AbortDate"] == datetime.datetime(9999, 12, 31, tzinfo=datetime.timezone.utc)
    reaped = rawhttp.request("POST", srv.endpoint, "/_tessera/reap")
    assert reaped.status == 200, reaped.data
    assert [u["Key"] for u in s3.list_multipart_uploads(Bucket=source).get("Uploads", [])] == ["long"]
    with pytest.raises(ClientError) as e:
        s3.put_bucket_lifecycle_configuration(Bucket=source, LifecycleConfiguration={"Rules": [
            dict(rule, AbortIncompleteMultipartUpload={"DaysAfterInitiation": PAST})]})
    assert code(e) == "MalformedXML"
    alive(srv)


def test_s3_markers_and_expiries_past_int64(srv, s3, source):
    upload = s3.create_multipart_upload(Bucket=source, Key="m")["UploadId"]
    s3.upload_part(Bucket=source, Key="m", UploadId=upload, PartNumber=1, Body=b"x")
    page = s3.list_parts(Bucket=source, Key="m", UploadId=upload, PartNumberMarker=MAX)
    assert page.get("Parts", []) == [] and not page["IsTruncated"]
    # A SigV2 presigned URL that expired at the start of the 64-bit range, and one that never does.
    expired = rawhttp.send("GET", srv.endpoint, f"/{source}/src?AWSAccessKeyId={ACCESS_KEY}&Signature=x&Expires=-{MAX + 1}")
    assert expired.status == 403 and rawhttp.error_code(expired) == "AccessDenied"
    forged = rawhttp.send("GET", srv.endpoint, f"/{source}/src?AWSAccessKeyId={ACCESS_KEY}&Signature=x&Expires={MAX}")
    assert forged.status == 403 and rawhttp.error_code(forged) == "SignatureDoesNotMatch"
    listed = rawhttp.request("GET", srv.endpoint, f"/_tessera/uploads?older-than={MAX}")
    assert listed.status == 200 and json.loads(listed.data)["uploads"] == []
    alive(srv)


def raw_put(srv, path, headers, declared, payload="UNSIGNED-PAYLOAD"):
    """A signed PUT declaring `declared` bytes and sending one: the answer must come before the body."""
    port = int(srv.endpoint.rsplit(":", 1)[1])
    h = rawhttp.signed("PUT", srv.endpoint, path, b"", headers, payload_hash=payload)
    h["content-length"] = declared
    with rawhttp.put_head(port, path, h, timeout=30) as s:
        s.sendall(b"x")
        answer = rawhttp.read_until(s, b"</Error>")
    return answer.split(b"\r\n", 1)[0].decode(), answer


def test_s3_declared_lengths_past_the_limits(srv, s3, source):
    """Content-Length (or aws-chunked's decoded length) near 2**63 is EntityTooLarge before the
    free-space reserve is reckoned: reserve + length overflowed and stopped the server."""
    upload = s3.create_multipart_upload(Bucket=source, Key="big")["UploadId"]
    for path in [f"/{source}/big-object", f"/{source}/big?partNumber=1&uploadId={upload}"]:
        for declared in [str(MAX), str(MAX - 1)]:
            status, answer = raw_put(srv, path, {}, declared)
            assert status == "HTTP/1.1 400 Bad Request" and b"<Code>EntityTooLarge</Code>" in answer, (path, declared, answer)
            alive(srv)
    chunked = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    status, answer = raw_put(srv, f"/{source}/chunked", {"content-encoding": "aws-chunked", "x-amz-decoded-content-length": str(MAX)},
                             "1", chunked)
    assert b"<Code>EntityTooLarge</Code>" in answer, answer
    status, answer = raw_put(srv, f"/{source}/chunked", {"content-encoding": "aws-chunked", "x-amz-decoded-content-length": "-5"},
                             "1", chunked)
    assert status.startswith("HTTP/1.1 411") and b"<Code>MissingContentLength</Code>" in answer, answer
    alive(srv)


def test_bos_expiration_and_copy_range_past_int64(srv, source):
    from baidubce.auth.bce_credentials import BceCredentials
    from baidubce.bce_client_configuration import BceClientConfiguration
    from baidubce.exception import BceHttpClientError
    from baidubce.retry.retry_policy import NoRetryPolicy
    from baidubce.services.bos.bos_client import BosClient
    bos = BosClient(BceClientConfiguration(credentials=BceCredentials(ACCESS_KEY, SECRET_KEY), endpoint=srv.endpoint,
                                           retry_policy=NoRetryPolicy()))
    # The SDK's presigned URL, valid for 2**63-1 seconds: the server compared now with
    # timestamp + expiration, which overflowed before the signature was even checked.
    url = bos.generate_pre_signed_url(source, "src", expiration_in_seconds=MAX)
    url = url.decode() if isinstance(url, bytes) else url
    got = urllib3.PoolManager(retries=False).request("GET", url if "://" in url else "http://" + url)
    assert got.status == 200 and got.data == bytes(range(100))
    alive(srv)
    upload = bos.initiate_multipart_upload(source, "bos-dst").upload_id
    with pytest.raises(BceHttpClientError) as e:
        bos.upload_part_copy(source, "src", source, "bos-dst", upload, 1, part_size=MAX + 1, offset=0)
    assert getattr(e.value.last_error, "code", None) == "InvalidArgument"
    alive(srv)
    rule = {"id": "forever", "status": "enabled", "resource": [f"{source}/*"],
            "condition": {"time": {"dateGreaterThan": f"$(lastModified)+P{MAX}D"}}, "action": {"name": "AbortMultipartUpload"}}
    bos.put_bucket_lifecycle(source, [rule])
    assert bos.get_bucket_lifecycle(source).rule[0].condition.time.date_greater_than == f"$(lastModified)+P{MAX}D"
    bos.initiate_multipart_upload(source, "bos-later")
    assert rawhttp.request("POST", srv.endpoint, "/_tessera/reap").status == 200
    alive(srv)


def test_ufile_part_marker_and_copy_range_past_int64(srv, s3, source):
    from ufile.auth import Auth

    def send(method, key, query="", headers=None):
        headers = dict(headers or {}, Host=source + ".ufile.local")
        headers["Authorization"] = Auth(ACCESS_KEY, SECRET_KEY).ufile_authorization(
            f"{method}\n\n{headers.get('Content-Type', '')}\n\n/{source}/{key}")
        return urllib3.PoolManager(retries=False).request(method, f"{srv.endpoint}/{key}{query}", headers=headers)

    upload = json.loads(send("POST", "uf-dst", "?uploads").data)["UploadId"]
    listed = send("GET", "", f"?muploadpart&uploadId={upload}&part-number-marker={MAX}")
    assert listed.status == 200, listed.data
    assert json.loads(listed.data)["Parts"] == []
    alive(srv)
    copied = send("PUT", "uf-dst", f"?uploadId={upload}&partNumber=0",
                  {"X-Ufile-Copy-Source": f"/{source}/src", "X-Ufile-Copy-Source-Range": f"bytes=0-{MAX}"})
    assert copied.status == 400, copied.data
    assert "Range specified is not valid" in json.loads(copied.data)["ErrMsg"]
    alive(srv)
