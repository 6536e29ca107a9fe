"""The unmodified bce-python-sdk against Tessera's BOS dialect, and one engine under two dialects."""
import hashlib
import io
import os
import random
import uuid
import zlib

import pytest
from baidubce.auth.bce_credentials import BceCredentials
from baidubce.bce_client_configuration import BceClientConfiguration
from baidubce.exception import BceHttpClientError
from baidubce.retry.retry_policy import NoRetryPolicy
from baidubce.services.bos.bos_client import BosClient

import rawhttp
from conftest import ACCESS_KEY, SECRET_KEY

MIB = 1024 * 1024


def bos_client(server, ak=ACCESS_KEY, sk=SECRET_KEY):
    return BosClient(BceClientConfiguration(credentials=BceCredentials(ak, sk), endpoint=server.endpoint,
                                            retry_policy=NoRetryPolicy(), connection_timeout_in_mills=30_000))


@pytest.fixture
def bos(server):
    return bos_client(server)


@pytest.fixture
def bbucket(bos):
    name = "bos-" + uuid.uuid4().hex[:12]
    bos.create_bucket(name)
    return name


def error_code(excinfo):
    return getattr(excinfo.value.last_error, "code", None)


def test_bucket_lifecycle(bos):
    name = "bos-life-" + uuid.uuid4().hex[:8]
    assert not bos.does_bucket_exist(name)
    bos.create_bucket(name)
    assert bos.does_bucket_exist(name)
    assert name in [b.name for b in bos.list_buckets().buckets]
    assert bos.get_bucket_location(name) is not None
    with pytest.raises(BceHttpClientError) as e:
        bos.create_bucket(name)
    assert error_code(e) == "BucketAlreadyExists"
    bos.put_object_from_string(name, "k", "x")
    with pytest.raises(BceHttpClientError) as e:
        bos.delete_bucket(name)
    assert error_code(e) == "BucketNotEmpty"
    bos.delete_object(name, "k")
    # BOS's DeleteBucket requires its uncompleted three-step uploads gone too (unlike S3's).
    upload = bos.initiate_multipart_upload(name, "m").upload_id
    with pytest.raises(BceHttpClientError) as e:
        bos.delete_bucket(name)
    assert error_code(e) == "BucketNotEmpty"
    bos.abort_multipart_upload(name, "m", upload)
    bos.delete_bucket(name)
    assert not bos.does_bucket_exist(name)


@pytest.mark.parametrize("key", ["plain.txt", "dir/with space.txt", "a+b=c&d ü~(1).txt", "日本/文件"])
def test_put_get_head_delete(bos, bbucket, key):
    data = os.urandom(1000)
    r = bos.put_object_from_string(bbucket, key, data, user_metadata={"color": "red"})
    assert r.metadata.etag == hashlib.md5(data).hexdigest()
    assert bos.get_object_as_string(bbucket, key) == data
    ranged = bos.get_object_as_string(bbucket, key, range=[10, 19])
    assert ranged == data[10:20]
    meta = bos.get_object_meta_data(bbucket, key).metadata
    assert int(meta.content_length) == 1000 and meta.etag == hashlib.md5(data).hexdigest()
    assert meta.bce_meta_color == "red"
    assert key in [o.key for o in bos.list_objects(bbucket).contents]
    bos.delete_object(bbucket, key)
    with pytest.raises(BceHttpClientError) as e:
        bos.get_object_as_string(bbucket, key)
    assert error_code(e) == "NoSuchKey"


def test_list_objects_and_delete_multiple(bos, bbucket):
    keys = [f"d{i % 3}/k{i:02d}" for i in range(12)] + ["top"]
    for k in keys:
        bos.put_object_from_string(bbucket, k, k)
    listed = [o.key for o in bos.list_all_objects(bbucket)]
    assert listed == sorted(keys)
    page = bos.list_objects(bbucket, max_keys=5)
    assert page.is_truncated and page.next_marker == sorted(keys)[4]
    top = bos.list_objects(bbucket, delimiter="/")
    assert [p.prefix for p in top.common_prefixes] == ["d0/", "d1/", "d2/"] and [o.key for o in top.contents] == ["top"]
    bos.delete_multiple_objects(bbucket, keys[:6])
    assert [o.key for o in bos.list_all_objects(bbucket)] == sorted(keys[6:])


def test_copy_object(bos, bbucket):
    bos.put_object_from_string(bbucket, "src", "copy me")
    bos.copy_object(bbucket, "src", bbucket, "dst")
    assert bos.get_object_as_string(bbucket, "dst") == b"copy me"


def test_copy_conditions_on_the_source(server, bos, bbucket):
    """The SDK's `etag` argument (x-bce-copy-source-if-match) and the conditions it passes in
    copy_object_user_headers hold a copy to the source the caller saw: when one fails, 412
    PreconditionFailed and nothing is written."""
    import email.utils
    import time
    bos.put_object_from_string(bbucket, "src", "version one")
    etag = bos.get_object_meta_data(bbucket, "src").metadata.etag
    past, future = email.utils.formatdate(time.time() - 3600, usegmt=True), email.utils.formatdate(time.time() + 3600, usegmt=True)
    failing = [{"etag": "0" * 32}, {"copy_object_user_headers": {"x-bce-copy-source-if-none-match": etag}},
               {"copy_object_user_headers": {"x-bce-copy-source-if-unmodified-since": past}},
               {"copy_object_user_headers": {"x-bce-copy-source-if-modified-since": future}}]
    for arguments in failing:
        with pytest.raises(BceHttpClientError) as e:
            bos.copy_object(bbucket, "src", bbucket, "dst", **arguments)
        assert error_code(e) == "PreconditionFailed", arguments
    assert not any(o.key == "dst" for o in bos.list_objects(bbucket).contents)
    bos.copy_object(bbucket, "src", bbucket, "dst", etag=etag,
                    copy_object_user_headers={"x-bce-copy-source-if-unmodified-since": future})
    assert bos.get_object_as_string(bbucket, "dst") == b"version one"
    upload = bos.initiate_multipart_upload(bbucket, "assembled").upload_id
    with pytest.raises(BceHttpClientError) as e:
        bos.upload_part_copy(bbucket, "src", bbucket, "assembled", upload, 1, 7, 0, etag="0" * 32)
    assert error_code(e) == "PreconditionFailed"
    assert bos.list_parts(bbucket, "assembled", upload).parts == []
    bos.upload_part_copy(bbucket, "src", bbucket, "assembled", upload, 1, 7, 0, etag=etag)
    assert [p.size for p in bos.list_parts(bbucket, "assembled", upload).parts] == [7]
    # A directive that is neither copy nor replace is refused, not taken for copy.
    r = bce_request("PUT", server, f"/{bbucket}/dst2", headers={"x-bce-copy-source": f"/{bbucket}/src",
                                                                "x-bce-metadata-directive": "merge"})
    assert r.status == 400 and b'"InvalidArgument"' in r.data, r.data


def test_get_response_header_overrides(bos, bbucket):
    """GetObject's responseContentType, responseContentDisposition, … query parameters (BOS's
    GetObject document) replace the stored headers in that response, here through a URL the SDK
    presigns with them."""
    import urllib3
    bos.put_object_from_string(bbucket, "report.bin", "bytes", content_type="application/octet-stream")
    overrides = {"responseContentType": "text/csv", "responseContentDisposition": 'attachment; filename="r.csv"',
                 "responseCacheControl": "no-cache", "responseContentLanguage": "zh-CN",
                 "responseContentEncoding": "identity", "responseExpires": "Thu, 01 Dec 2033 16:00:00 GMT"}
    url = bos.generate_pre_signed_url(bbucket, "report.bin", params=overrides)
    r = urllib3.PoolManager(retries=False).request("GET", url.decode() if isinstance(url, bytes) else url)
    assert r.status == 200 and r.data == b"bytes", r.data
    assert r.headers["Content-Type"] == "text/csv" and r.headers["Content-Disposition"] == 'attachment; filename="r.csv"'
    assert r.headers["Cache-Control"] == "no-cache" and r.headers["Content-Language"] == "zh-CN"
    assert r.headers["Content-Encoding"] == "identity" and r.headers["Expires"] == "Thu, 01 Dec 2033 16:00:00 GMT"
    assert bos.get_object_meta_data(bbucket, "report.bin").metadata.content_type == "application/octet-stream"


def test_conditional_reads_and_writes(bos, bbucket):
    """bce-python-sdk's cond_read_write: If-None-Match: * creates only, If-Match replaces only the
    version named, on PutObject and on Complete (412 PreconditionFailed, the object left as it
    was); If-Unmodified-Since on a write is refused (501), not ignored. On GET and HEAD, a failing
    If-Match or If-Unmodified-Since is 412 and a failing If-None-Match or If-Modified-Since is 304."""
    import email.utils
    import time
    def code(call):
        with pytest.raises(BceHttpClientError) as e:
            call()
        return e.value.last_error.status_code, error_code(e)
    bos.put_object_from_string(bbucket, "lock", "first", cond_read_write={"If-None-Match": "*"})
    etag = bos.get_object_meta_data(bbucket, "lock").metadata.etag
    assert code(lambda: bos.put_object_from_string(bbucket, "lock", "second", cond_read_write={"If-None-Match": "*"})) \
        == (412, "PreconditionFailed")
    assert code(lambda: bos.put_object_from_string(bbucket, "lock", "second", cond_read_write={"If-Match": '"' + "0" * 32 + '"'})) \
        == (412, "PreconditionFailed")
    past = email.utils.formatdate(time.time() - 3600, usegmt=True)
    assert code(lambda: bos.put_object_from_string(bbucket, "lock", "second", cond_read_write={"If-Unmodified-Since": past})) \
        == (501, "NotImplemented")
    assert bos.get_object_as_string(bbucket, "lock") == b"first"
    bos.put_object_from_string(bbucket, "lock", "second", cond_read_write={"If-Match": '"' + etag + '"'})
    assert bos.get_object_as_string(bbucket, "lock") == b"second"
    etag = bos.get_object_meta_data(bbucket, "lock").metadata.etag
    # Reads.
    assert bos.get_object_as_string(bbucket, "lock", cond_read_write={"If-Match": '"' + etag + '"'}) == b"second"
    assert code(lambda: bos.get_object_as_string(bbucket, "lock", cond_read_write={"If-Match": '"' + "0" * 32 + '"'}))[0] == 412
    assert code(lambda: bos.get_object_as_string(bbucket, "lock", cond_read_write={"If-None-Match": '"' + etag + '"'}))[0] == 304
    assert code(lambda: bos.get_object_meta_data(bbucket, "lock", cond_read_write={"If-Unmodified-Since": past}))[0] == 412
    future = email.utils.formatdate(time.time() + 3600, usegmt=True)
    assert code(lambda: bos.get_object_meta_data(bbucket, "lock", cond_read_write={"If-Modified-Since": future}))[0] == 304
    # Complete, create-only, over a key that exists: refused, the upload kept.
    upload = bos.initiate_multipart_upload(bbucket, "lock").upload_id
    part = bos.upload_part(bbucket, "lock", upload, 1, 5, io.BytesIO(b"third"))
    parts = [{"partNumber": 1, "eTag": part.metadata.etag}]
    assert code(lambda: bos.complete_multipart_upload(bbucket, "lock", upload, parts, cond_read_write={"If-None-Match": "*"})) \
        == (412, "PreconditionFailed")
    assert bos.get_object_as_string(bbucket, "lock") == b"second"
    bos.complete_multipart_upload(bbucket, "lock", upload, parts, cond_read_write={"If-Match": '"' + etag + '"'})
    assert bos.get_object_as_string(bbucket, "lock") == b"third"


def test_server_side_encryption_is_refused_where_it_cannot_be_kept(bos, bbucket):
    """The SDK's customer_key (SSE-C) and an encryption Tessera does not keep (SM4): 501
    NotImplemented and nothing written, where they were ignored. AES256 is taken."""
    import base64
    key = base64.b64encode(os.urandom(32)).decode()
    for arguments in [{"customer_key": key, "customer_key_md5": base64.b64encode(hashlib.md5(base64.b64decode(key)).digest()).decode()},
                      {"encryption": "SM4"}]:
        with pytest.raises(BceHttpClientError) as e:
            bos.put_object_from_string(bbucket, "sse", "secret", **arguments)
        assert e.value.last_error.status_code == 501 and error_code(e) == "NotImplemented", arguments
    assert not any(o.key == "sse" for o in bos.list_objects(bbucket).contents)
    bos.put_object_from_string(bbucket, "sse", "plain", encryption="AES256")
    assert bos.get_object_as_string(bbucket, "sse") == b"plain"


def test_crc32_header_is_verified(server, bos, bbucket):
    body = b"hello world"
    path = f"/{bbucket}/crc"
    ok = bce_request("PUT", server, path, body, {"x-bce-content-crc32": "222957957"})
    assert ok.status == 200, ok.data
    bad = bce_request("PUT", server, path, body, {"x-bce-content-crc32": "1"})
    assert bad.status == 400 and b'"BadDigest"' in bad.data and bad.headers.get("x-bce-request-id")


def test_md5_and_sha256_headers_are_verified(server, bbucket):
    import base64
    body = b"integrity"
    good = {"Content-MD5": base64.b64encode(hashlib.md5(body).digest()).decode(), "x-bce-content-sha256": hashlib.sha256(body).hexdigest()}
    assert bce_request("PUT", server, f"/{bbucket}/i", body, good).status == 200
    for bad in ({"Content-MD5": base64.b64encode(b"x" * 16).decode()}, {"x-bce-content-sha256": hashlib.sha256(b"other").hexdigest()}):
        r = bce_request("PUT", server, f"/{bbucket}/i2", body, bad)
        assert r.status == 400 and b'"BadDigest"' in r.data, r.data


def test_presigned_url(bos, bbucket):
    import urllib3
    bos.put_object_from_string(bbucket, "pre signed.txt", "presigned content")
    url = bos.generate_pre_signed_url(bbucket, "pre signed.txt", expiration_in_seconds=300)
    url = url.decode() if isinstance(url, bytes) else url
    r = urllib3.PoolManager(retries=False).request("GET", url)
    assert r.status == 200 and r.data == b"presigned content", r.data
    r = urllib3.PoolManager(retries=False).request("GET", url.replace("pre%20signed", "other"))
    assert r.status in (400, 403) and b"SignatureDoesNotMatch" in r.data


def test_super_object_40mib(bos, bbucket, tmp_path):
    data = random.Random(40).randbytes(40 * MIB)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    bos.put_super_object_from_file(bbucket, "super/big.bin", str(path), chunk_size=5, thread_num=3)
    assert bos.get_object_as_string(bbucket, "super/big.bin") == data
    meta = bos.get_object_meta_data(bbucket, "super/big.bin").metadata
    assert meta.etag.endswith("-8")
    # The SDK sends the whole object's CRC-32 on Complete; it was verified by combining the part
    # CRCs and is returned on GetObjectMeta (issue 16 item 6).
    assert int(meta.bce_content_crc_32) == zlib.crc32(data)


def test_complete_with_a_wrong_object_crc32_is_refused(bos, bbucket):
    data = [random.Random(7).randbytes(5 * MIB), b"last"]
    upload_id = bos.initiate_multipart_upload(bbucket, "crc").upload_id
    parts = []
    for n, d in enumerate(data, 1):
        r = bos.upload_part(bbucket, "crc", upload_id, n, len(d), io.BytesIO(d))
        parts.append({"partNumber": n, "eTag": r.metadata.etag})
    with pytest.raises(BceHttpClientError) as e:
        bos.complete_multipart_upload(bbucket, "crc", upload_id, parts, content_crc32=zlib.crc32(b"other"))
    assert error_code(e) == "BadDigest"
    bos.complete_multipart_upload(bbucket, "crc", upload_id, parts, content_crc32=zlib.crc32(b"".join(data)))
    assert bos.get_object_as_string(bbucket, "crc") == b"".join(data)


def test_multipart_listing_parts_and_abort(bos, bbucket):
    uploads = {}
    for key in ["a/1", "a/2", "b/1", "c"] + ["a/1"] * 2:
        up = bos.initiate_multipart_upload(bbucket, key).upload_id
        uploads.setdefault(key, []).append(up)
    listed = bos.list_multipart_uploads(bbucket)
    assert [(u.key, u.upload_id) for u in listed.uploads] == [(k, u) for k in sorted(uploads) for u in uploads[k]]
    assert listed.is_truncated is False and listed.max_uploads == 1000
    assert all(u.owner.id and u.initiated and u.storage_class == "STANDARD" for u in listed.uploads)
    pref = bos.list_multipart_uploads(bbucket, prefix="a/")
    assert [u.key for u in pref.uploads] == ["a/1", "a/1", "a/1", "a/2"]
    delim = bos.list_multipart_uploads(bbucket, delimiter="/")
    assert [p.prefix for p in delim.common_prefixes] == ["a/", "b/"] and [u.key for u in delim.uploads] == ["c"]
    after = bos.list_multipart_uploads(bbucket, key_marker="a/1")
    assert [u.key for u in after.uploads] == ["a/2", "b/1", "c"]
    small = bos.list_multipart_uploads(bbucket, max_uploads=2)
    assert small.is_truncated and [u.key for u in small.uploads] == ["a/1", "a/1"]
    # Parts.
    up = uploads["c"][0]
    etags = {}
    for n in (1, 2, 3, 5):
        etags[n] = bos.upload_part_from_file if False else None
        r = bos.upload_part(bbucket, "c", up, n, 100 * 1024, __import__("io").BytesIO(bytes([n]) * 100 * 1024))
        etags[n] = r.metadata.etag
    page = bos.list_parts(bbucket, "c", up, max_parts=2)
    assert [p.part_number for p in page.parts] == [1, 2] and page.is_truncated
    assert [p.part_number for p in bos.list_all_parts(bbucket, "c", up)] == [1, 2, 3, 5]
    # Gaps allowed, BOS minimum part size 100 KiB.
    done = bos.complete_multipart_upload(bbucket, "c", up, [{"partNumber": n, "eTag": etags[n]} for n in (1, 3, 5)])
    assert done.etag.endswith("-3")
    assert bos.get_object_as_string(bbucket, "c") == bytes([1]) * 102400 + bytes([3]) * 102400 + bytes([5]) * 102400
    with pytest.raises(BceHttpClientError) as e:
        bos.abort_multipart_upload(bbucket, "c", up)
    assert error_code(e) == "NoSuchUpload"
    bos.abort_multipart_upload(bbucket, "b/1", uploads["b/1"][0])
    assert "b/1" not in [u.key for u in bos.list_multipart_uploads(bbucket).uploads]


def test_complete_errors(bos, bbucket):
    up = bos.initiate_multipart_upload(bbucket, "k").upload_id
    small = bos.upload_part(bbucket, "k", up, 1, 10, __import__("io").BytesIO(b"0123456789")).metadata.etag
    big = bos.upload_part(bbucket, "k", up, 2, 10, __import__("io").BytesIO(b"abcdefghij")).metadata.etag
    with pytest.raises(BceHttpClientError) as e:
        bos.complete_multipart_upload(bbucket, "k", up, [{"partNumber": 1, "eTag": small}, {"partNumber": 2, "eTag": big}])
    assert error_code(e) == "EntityTooSmall"
    with pytest.raises(BceHttpClientError) as e:
        bos.complete_multipart_upload(bbucket, "k", up, [{"partNumber": 2, "eTag": big}, {"partNumber": 1, "eTag": small}])
    assert error_code(e) == "InvalidPartOrder"
    with pytest.raises(BceHttpClientError) as e:
        bos.complete_multipart_upload(bbucket, "k", up, [{"partNumber": 1, "eTag": big}])
    assert error_code(e) == "InvalidPart"


def test_list_all_multipart_uploads_2500_with_1200_for_one_key(server, bos, bbucket):
    """The SDK's helper resumes with keyMarker only; every upload must come back exactly once."""
    import concurrent.futures
    keys = ["hot/key"] * 1200 + [f"k/{i:04d}" for i in range(650)] + [f"z/{i % 130:03d}" for i in range(650)]

    def start(key):
        return key, bos_client(server).initiate_multipart_upload(bbucket, key).upload_id

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        created = list(pool.map(start, keys))
    got = [(u.key, u.upload_id) for u in bos.list_all_multipart_uploads(bbucket)]
    assert len(got) == 2500 and len(set(got)) == 2500
    assert sorted(got, key=lambda x: (x[0].encode(), x[1])) == got
    assert set(got) == set(created)
    # Pages end on key boundaries where they can: the page after "hot/key" starts at a new key.
    first = bos.list_multipart_uploads(bbucket, max_uploads=1000)
    assert first.is_truncated and {u.key for u in first.uploads} == {"hot/key"}
    hand = rawhttp_bos_uploads(server, bbucket, key_marker="hot/key", upload_id_marker=first.uploads[499].upload_id, max_uploads=5)
    assert [u["uploadId"] for u in hand["uploads"]] == [u.upload_id for u in first.uploads[500:505]]
    assert hand["nextUploadIdMarker"] == first.uploads[504].upload_id
    # bce-sdk-java (0.10.427+) pages with keyMarker = nextKeyMarker (here sometimes Tessera's
    # key + NUL + uploadId token) and uploadIdMarker = the last upload it read, never reading
    # nextUploadIdMarker (issue 16 item 5): the walk is exact at any page size.
    for size in (333, 1000):
        walked, key_marker, id_marker, tokens = [], "", "", 0
        while True:
            params = {"max_uploads": size}
            if key_marker:
                params.update(key_marker=key_marker, upload_id_marker=id_marker)
            page = rawhttp_bos_uploads(server, bbucket, **params)
            walked += [(u["key"], u["uploadId"]) for u in page["uploads"]]
            if not page["isTruncated"]:
                break
            key_marker, id_marker = page["nextKeyMarker"], page["uploads"][-1]["uploadId"]
            tokens += "\x00" in key_marker
        assert walked == got, size
        assert tokens > 0


def bce_request(method, server, path, body=b"", headers=None):
    """A request signed with the SDK's own signer (for what the SDK cannot send)."""
    from baidubce.auth import bce_v1_signer
    import datetime
    from urllib.parse import urlsplit, parse_qsl
    headers = dict(headers or {})
    host = server.endpoint.split("://")[1]
    headers.update({"Host": host, "Content-Length": str(len(body)),
                    "x-bce-date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")})
    parts = urlsplit(path)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    auth = bce_v1_signer.sign(BceCredentials(ACCESS_KEY, SECRET_KEY), method.encode(), parts.path.encode(),
                              {k.encode(): v.encode() for k, v in headers.items()},
                              {k.encode(): v.encode() for k, v in params.items()})
    headers["Authorization"] = auth.decode() if isinstance(auth, bytes) else auth
    return rawhttp.send(method, server.endpoint, path, body, headers)


def rawhttp_bos_uploads(server, bucket, **params):
    import json
    import urllib.parse
    names = {"key_marker": "keyMarker", "upload_id_marker": "uploadIdMarker", "max_uploads": "maxUploads", "prefix": "prefix"}
    query = "&".join(f"{names[k]}={urllib.parse.quote(str(v), safe='')}" for k, v in params.items())
    r = bce_request("GET", server, f"/{bucket}?uploads=&{query}")
    assert r.status == 200, r.data
    return json.loads(r.data)


def test_wrong_secret_and_expired(server, bbucket):
    bad = bos_client(server, sk="wrong-secret")
    with pytest.raises(BceHttpClientError) as e:
        bad.list_objects(bbucket)
    assert error_code(e) == "SignatureDoesNotMatch"
    from baidubce.auth import bce_v1_signer
    import time
    old = time.time() - 4000
    headers = {"Host": server.endpoint.split("://")[1], "Content-Length": "0",
               "x-bce-date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(old))}
    auth = bce_v1_signer.sign(BceCredentials(ACCESS_KEY, SECRET_KEY), b"GET", f"/{bbucket}".encode(),
                              {k.encode(): v.encode() for k, v in headers.items()}, {}, timestamp=int(old))
    headers["Authorization"] = auth.decode() if isinstance(auth, bytes) else auth
    r = rawhttp.send("GET", server.endpoint, f"/{bbucket}", headers=headers)
    assert r.status == 400 and b'"RequestExpired"' in r.data, r.data


def test_one_engine_two_dialects(s3, bos, bbucket):
    """An upload initiated through BOS is listed and completed through S3, and the reverse."""
    up = bos.initiate_multipart_upload(bbucket, "cross/bos-started").upload_id
    listed = s3.list_multipart_uploads(Bucket=bbucket, Prefix="cross/")["Uploads"]
    assert [(u["Key"], u["UploadId"]) for u in listed] == [("cross/bos-started", up)]
    e1 = bos.upload_part(bbucket, "cross/bos-started", up, 1, 200 * 1024, __import__("io").BytesIO(b"1" * 200 * 1024)).metadata.etag
    e2 = s3.upload_part(Bucket=bbucket, Key="cross/bos-started", UploadId=up, PartNumber=2, Body=b"2" * 10)["ETag"]
    # BOS rules belong to the upload: a 200 KiB first part is fine even when S3 completes it.
    s3.complete_multipart_upload(Bucket=bbucket, Key="cross/bos-started", UploadId=up,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": e1}, {"PartNumber": 2, "ETag": e2}]})
    assert bos.get_object_as_string(bbucket, "cross/bos-started") == b"1" * 200 * 1024 + b"2" * 10
    s3up = s3.create_multipart_upload(Bucket=bbucket, Key="cross/s3-started")["UploadId"]
    assert ("cross/s3-started", s3up) in [(u.key, u.upload_id) for u in bos.list_multipart_uploads(bbucket, prefix="cross/").uploads]
    e = bos.upload_part(bbucket, "cross/s3-started", s3up, 1, 5 * MIB, __import__("io").BytesIO(b"x" * 5 * MIB)).metadata.etag
    bos.complete_multipart_upload(bbucket, "cross/s3-started", s3up, [{"partNumber": 1, "eTag": e}])
    assert s3.get_object(Bucket=bbucket, Key="cross/s3-started")["Body"].read() == b"x" * 5 * MIB
