"""The unmodified `ufile` SDK against Tessera's UFile dialect, reached through its HTTP proxy
setting (clients.md §4: the server receives absolute-form targets and takes the bucket from Host),
and one engine under three dialects."""
import hashlib
import io
import json
import logging
import os
import random
import time
import urllib.parse
import uuid

import pytest
import urllib3

from conftest import ACCESS_KEY, SECRET_KEY

MIB = 1024 * 1024
SUFFIX = ".ufile.local"


@pytest.fixture
def uf(server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", server.endpoint)
    monkeypatch.setenv("http_proxy", server.endpoint)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    from ufile import config, filemanager, multipartuploadufile
    logging.getLogger("UCLOUD").setLevel(logging.WARNING)
    config.set_default(uploadsuffix=SUFFIX, downloadsuffix=SUFFIX, connection_timeout=60)

    class UF:
        fm = filemanager.FileManager(ACCESS_KEY, SECRET_KEY)
        mp = multipartuploadufile.MultipartUploadUFile(ACCESS_KEY, SECRET_KEY)
    return UF


@pytest.fixture
def ubucket(s3):
    name = "uf-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=name)
    return name


def signed(method, bucket, key="", secret=SECRET_KEY):
    """A request header signed with the SDK's own Auth class (for what the SDK cannot send)."""
    from ufile.auth import Auth
    return Auth(ACCESS_KEY, secret).ufile_authorization(f"{method}\n\n\n\n/{bucket}/{key}")


def raw(server, method, bucket, path, headers=None):
    """Sends to the server directly with the bucket in the Host (no proxy needed for urllib3)."""
    headers = dict(headers or {})
    headers["Host"] = bucket + SUFFIX
    return urllib3.PoolManager(retries=False).request(method, server.endpoint + path, headers=headers)


def test_put_get_head_delete_list(uf, ubucket, tmp_path):
    src = tmp_path / "hello world.txt"
    src.write_bytes(b"hello world")
    ret, resp = uf.fm.putfile(ubucket, "dir/hello world.txt", str(src))
    assert resp.ok(), (resp.status_code, resp.error)
    assert resp.etag.strip('"') == "AQAAACqubDXJT8-0FdvpX0CLnOke6Ebt"
    assert resp.x_session_id
    ret, resp = uf.fm.head_file(ubucket, "dir/hello world.txt")
    assert resp.ok() and int(resp.content_length) == 11
    assert uf.fm.compare_file_etag(ubucket, "dir/hello world.txt", str(src))
    out = tmp_path / "out.txt"
    ret, resp = uf.fm.download_file(ubucket, "dir/hello world.txt", str(out))
    assert resp.ok() and out.read_bytes() == b"hello world"
    ret, resp = uf.fm.putstream(ubucket, "a+b.bin", io.BytesIO(os.urandom(5000)))
    assert resp.ok()
    ret, resp = uf.fm.getfilelist(ubucket, prefix="", limit=10)
    assert resp.ok() and [d["FileName"] for d in ret["DataSet"]] == ["a+b.bin", "dir/hello world.txt"] and ret["NextMarker"] == ""
    ret, resp = uf.fm.getfilelist(ubucket, limit=1)
    assert ret["NextMarker"] == "a+b.bin"
    ret, resp = uf.fm.listobjects(ubucket, prefix="", marker="", delimiter="/")
    assert resp.ok() and [c["Key"] for c in ret["Contents"]] == ["a+b.bin"] and [p["Prefix"] for p in ret["CommonPrefixes"]] == ["dir/"]
    modified = ret["Contents"][0]["LastModified"]  # integers, as the ListObjects page types them
    assert isinstance(modified, int) and isinstance(ret["Contents"][0]["CreateTime"], int) and abs(modified - time.time()) < 600
    ret, resp = uf.fm.copy(ubucket, "copied.txt", ubucket, "dir/hello world.txt")
    assert resp.ok()
    ret, resp = uf.fm.deletefile(ubucket, "dir/hello world.txt")
    assert resp.ok()
    ret, resp = uf.fm.head_file(ubucket, "dir/hello world.txt")
    assert not resp.ok() and resp.status_code == 404
    ret, resp = uf.fm.download_file(ubucket, "nope", str(out))
    assert not resp.ok() and resp.ret_code != 0


def test_postfile(uf, ubucket, tmp_path):
    src = tmp_path / "form.txt"
    src.write_bytes(b"posted through a form")
    ret, resp = uf.fm.postfile(ubucket, "form/upload.txt", str(src))
    assert resp.ok(), (resp.status_code, resp.error)
    assert uf.fm.compare_file_etag(ubucket, "form/upload.txt", str(src))


def test_uploadfile_30mib_four_threads(uf, s3, ubucket, tmp_path):
    data = random.Random(30).randbytes(30 * MIB)
    src = tmp_path / "big.bin"
    src.write_bytes(data)
    ret, resp = uf.mp.uploadfile(ubucket, "big/file.bin", str(src), maxthread=4)
    assert resp.ok(), (resp.status_code, resp.error)
    assert s3.get_object(Bucket=ubucket, Key="big/file.bin")["Body"].read() == data
    assert uf.fm.compare_file_etag(ubucket, "big/file.bin", str(src))
    assert resp.etag.strip('"') == uf.fm.head_file(ubucket, "big/file.bin")[1].etag.strip('"')


def test_resume_after_a_part_failure(uf, s3, ubucket, tmp_path, monkeypatch):
    import requests
    from ufile import httprequest
    data = random.Random(13).randbytes(13 * MIB)
    src = tmp_path / "resume.bin"
    src.write_bytes(data)
    real_put, failed = requests.put, []

    def flaky_put(url, *args, **kwargs):
        if "partNumber=2" in url and not failed:
            failed.append(url)
            raise requests.exceptions.ConnectionError("injected failure")
        return real_put(url, *args, **kwargs)

    monkeypatch.setattr(httprequest.requests, "put", flaky_put)
    ret, resp = uf.mp.uploadfile(ubucket, "resume.bin", str(src), maxthread=1, retrycount=1, retryinterval=0)
    assert not resp.ok() and failed and uf.mp.pausepartnumber == 2
    ret, resp = uf.mp.resumeuploadfile(retrycount=1, retryinterval=0)
    assert resp.ok(), (resp.status_code, resp.error)
    assert s3.get_object(Bucket=ubucket, Key="resume.bin")["Body"].read() == data


def test_muploadpart_listing(uf, server, ubucket):
    from ufile import multipartuploadufile
    mp = multipartuploadufile.MultipartUploadUFile(ACCESS_KEY, SECRET_KEY)
    ret, resp = mp.init_multipart_upload(ubucket, "parts.bin")
    assert resp.ok()
    up, blk = ret["UploadId"], ret["BlkSize"]
    assert blk == 4 * MIB
    import requests
    for n in range(3):
        r = requests.put(f"http://{ubucket}{SUFFIX}/parts.bin", params={"uploadId": up, "partNumber": n}, data=bytes([n]) * 1000,
                         headers={"Authorization": signed("PUT", ubucket, "parts.bin")})
        assert r.status_code == 200 and json.loads(r.text) == {"PartNumber": n}
    ret, resp = mp.get_multi_upload_part(ubucket, up, max_parts=2)
    assert resp.ok(), resp.error
    assert [p["PartNum"] for p in ret["Parts"]] == [0, 1] and ret["IsTruncated"] is True and ret["NextPartNumberMarker"] == 1
    ret, resp = mp.get_multi_upload_part(ubucket, up, part_number_marker=1)
    assert [p["PartNum"] for p in ret["Parts"]] == [2] and ret["Parts"][0]["Size"] == 1000


def test_storage_class_header(uf, server, s3, ubucket):
    """X-Ufile-Storage-Class takes STANDARD, IA or ARCHIVE (the UFile docs' values), given through
    the SDK's header argument; any other value is refused (400) and the object left as it was."""
    ret, resp = uf.fm.putstream(ubucket, "classed", io.BytesIO(b"infrequent"), header={"X-Ufile-Storage-Class": "IA"})
    assert resp.ok(), (resp.status_code, resp.error)
    head = raw(server, "HEAD", ubucket, "/classed", {"Authorization": signed("HEAD", ubucket, "classed")})
    assert head.status == 200 and head.headers["X-Ufile-Storage-Class"] == "IA"
    ret, resp = uf.fm.putstream(ubucket, "classed", io.BytesIO(b"replaced"), header={"X-Ufile-Storage-Class": "GLACIER"})
    assert resp.status_code == 400 and resp.ret_code == -15002 and "X-Ufile-Storage-Class" in resp.error, (resp.status_code, resp.error)
    assert s3.get_object(Bucket=ubucket, Key="classed")["Body"].read() == b"infrequent"
    # (Raw: the SDK's init_multipart_upload fails on any error answer, reading its None body.)
    init = raw(server, "POST", ubucket, "/classed-mp?uploads",
               {"Authorization": signed("POST", ubucket, "classed-mp"), "X-Ufile-Storage-Class": "COLD"})
    assert init.status == 400 and json.loads(init.data)["RetCode"] == -15002, init.data
    assert s3.list_multipart_uploads(Bucket=ubucket).get("Uploads", []) == []


def test_class_switch_and_restore(uf, server, s3, ubucket):
    """The SDK's class_switch_file changes an object's storage class in place (bytes and ETag
    kept; S3 sees the new class), and restore_file of an archived object succeeds at once (reads
    are always served here). Before, both answered 501."""
    ret, resp = uf.fm.putstream(ubucket, "switched", io.BytesIO(b"cold data"))
    assert resp.ok(), (resp.status_code, resp.error)
    etag = s3.head_object(Bucket=ubucket, Key="switched")["ETag"]
    for storage_class in ["IA", "ARCHIVE"]:
        ret, resp = uf.fm.class_switch_file(ubucket, "switched", storage_class)
        assert resp.ok(), (resp.status_code, resp.error)
        head = raw(server, "HEAD", ubucket, "/switched", {"Authorization": signed("HEAD", ubucket, "switched")})
        assert head.headers["X-Ufile-Storage-Class"] == storage_class
    assert s3.head_object(Bucket=ubucket, Key="switched")["StorageClass"] == "ARCHIVE"
    assert s3.head_object(Bucket=ubucket, Key="switched")["ETag"] == etag
    ret, resp = uf.fm.restore_file(ubucket, "switched")
    assert resp.ok(), (resp.status_code, resp.error)
    assert s3.get_object(Bucket=ubucket, Key="switched")["Body"].read() == b"cold data"
    ret, resp = uf.fm.class_switch_file(ubucket, "switched", "GLACIER")
    assert resp.status_code == 400 and resp.ret_code == -15002, (resp.status_code, resp.error)
    ret, resp = uf.fm.class_switch_file(ubucket, "missing", "IA")
    assert resp.status_code == 404, (resp.status_code, resp.error)
    ret, resp = uf.fm.restore_file(ubucket, "missing")
    assert resp.status_code == 404, (resp.status_code, resp.error)


def test_op_meta_sets_the_mime_type_in_place(uf, server, s3, ubucket):
    """The SDK's opMeta sets an object's MIME type (`metak` mimetype, the one key UFile names):
    bytes and ETag kept, the new type seen through UFile and S3; another op or key is 400, a
    missing object 404. Before, it answered 501."""
    ret, resp = uf.fm.putstream(ubucket, "typed", io.BytesIO(b"<svg/>"), mime_type="text/plain")
    assert resp.ok(), (resp.status_code, resp.error)
    etag = s3.head_object(Bucket=ubucket, Key="typed")["ETag"]
    ret, resp = uf.fm.opMeta(ubucket, "typed", "mimetype", "image/svg+xml")
    assert resp.ok(), (resp.status_code, resp.error)
    head = raw(server, "HEAD", ubucket, "/typed", {"Authorization": signed("HEAD", ubucket, "typed")})
    assert head.headers["Content-Type"] == "image/svg+xml"
    got = s3.get_object(Bucket=ubucket, Key="typed")
    assert (got["ContentType"], got["ETag"], got["Body"].read()) == ("image/svg+xml", etag, b"<svg/>")
    for args in [("typed", "colour", "red", "set"), ("typed", "mimetype", "text/html", "delete"), ("typed", "mimetype", "", "set")]:
        ret, resp = uf.fm.opMeta(ubucket, args[0], args[1], args[2], op=args[3])
        assert resp.status_code == 400 and resp.ret_code == -15002, (args, resp.status_code, resp.error)
    assert s3.head_object(Bucket=ubucket, Key="typed")["ContentType"] == "image/svg+xml"
    ret, resp = uf.fm.opMeta(ubucket, "missing", "mimetype", "text/plain")
    assert resp.status_code == 404, (resp.status_code, resp.error)


def test_copy_metadata_directive(uf, server, s3, ubucket):
    """Copy keeps the source's metadata (COPY, the default) or takes the request's (REPLACE: type,
    X-Ufile-Meta-*, storage class), given through the SDK's header argument; another directive is
    refused (400) and nothing is written."""
    ret, resp = uf.fm.putstream(ubucket, "meta-src", io.BytesIO(b"data"), mime_type="text/x-source",
                                header={"X-Ufile-Meta-Colour": "red"})
    assert resp.ok(), resp.error
    ret, resp = uf.fm.copy(ubucket, "kept", ubucket, "meta-src")
    assert resp.ok(), resp.error
    kept = s3.head_object(Bucket=ubucket, Key="kept")
    assert kept["ContentType"] == "text/x-source" and kept["Metadata"] == {"colour": "red"}
    ret, resp = uf.fm.copy(ubucket, "replaced", ubucket, "meta-src",
                           header={"X-Ufile-Metadata-Directive": "REPLACE", "Content-Type": "text/x-new",
                                   "X-Ufile-Meta-Shape": "round", "X-Ufile-Storage-Class": "IA"})
    assert resp.ok(), (resp.status_code, resp.error)
    replaced = s3.head_object(Bucket=ubucket, Key="replaced")
    assert replaced["ContentType"] == "text/x-new" and replaced["Metadata"] == {"shape": "round"}
    head = raw(server, "HEAD", ubucket, "/replaced", {"Authorization": signed("HEAD", ubucket, "replaced")})
    assert head.headers["X-Ufile-Storage-Class"] == "IA"
    assert s3.get_object(Bucket=ubucket, Key="replaced")["Body"].read() == b"data"
    ret, resp = uf.fm.copy(ubucket, "merged", ubucket, "meta-src", header={"X-Ufile-Metadata-Directive": "MERGE"})
    assert resp.status_code == 400 and resp.ret_code == -15002, (resp.status_code, resp.error)
    assert "merged" not in [o["Key"] for o in s3.list_objects_v2(Bucket=ubucket).get("Contents", [])]


def test_upload_part_copy_ranges(uf, s3, ubucket):
    """The SDK's part copy sends `bytes=<offset>-<size - 1>` (protocols/ufile.md §4): the range is
    honoured as sent, and one whose first byte is past its last is refused (400) rather than read as
    no range at all, which copied the whole source into the part."""
    from ufile import multipartuploadufile
    data = random.Random(41).randbytes(4 * MIB + 1000)
    s3.put_object(Bucket=ubucket, Key="copy-src", Body=data)
    mp = multipartuploadufile.MultipartUploadUFile(ACCESS_KEY, SECRET_KEY)
    ret, resp = mp.init_multipart_upload(ubucket, "copy-dst")
    assert resp.ok(), resp.error
    ret, resp = mp.upload_part_copy(ubucket, "copy-src", "application/octet-stream", 0, 4 * MIB, 0)
    assert resp.ok(), (resp.status_code, resp.error)
    # What the SDK sends for "1,000 bytes from 4 MiB on": bytes=4194304-999.
    ret, resp = mp.upload_part_copy(ubucket, "copy-src", "application/octet-stream", 4 * MIB, 1000, 1)
    assert resp.status_code == 400 and resp.ret_code == -15002, (resp.status_code, resp.error)
    assert "X-Ufile-Copy-Source-Range" in resp.error
    ret, resp = mp.get_multi_upload_part(ubucket, mp.uploadid)
    assert [(p["PartNum"], p["Size"]) for p in ret["Parts"]] == [(0, 4 * MIB)], "the refused copy stored nothing"
    # Past the source's end: refused as well.
    ret, resp = mp.upload_part_copy(ubucket, "copy-src", "application/octet-stream", 4 * MIB, 4 * MIB + 1001, 1)
    assert resp.status_code == 400 and "not valid" in resp.error, (resp.status_code, resp.error)
    ret, resp = mp.upload_part_copy(ubucket, "copy-src", "application/octet-stream", 4 * MIB, 4 * MIB + 1000, 1)
    assert resp.ok(), (resp.status_code, resp.error)
    # The SDK keeps a refused copy's ETag too (None: it tests `resp.ok` without calling it).
    assert mp.etaglist.count(None) == 2
    mp.etaglist = [tag for tag in mp.etaglist if tag is not None]
    ret, resp = mp.finish_upload()
    assert resp.ok(), (resp.status_code, resp.error)
    assert s3.get_object(Bucket=ubucket, Key="copy-dst")["Body"].read() == data


def get_multi_upload_id(server, bucket, **params):
    query = "&".join(f"{k}={urllib.parse.quote(str(v), safe='')}" for k, v in params.items())
    r = raw(server, "GET", bucket, "/?muploadid" + (("&" + query) if query else ""), {"Authorization": signed("GET", bucket)})
    assert r.status == 200, r.data
    assert r.headers["Content-Type"] == "application/json" and r.headers.get("X-SessionId")
    return json.loads(r.data)


def start_uploads(server, bucket, keys):
    """Initiates an upload of each key (hand-signed, eight at a time); returns (key, upload id)s."""
    import concurrent.futures

    def start(k):
        r = raw(server, "POST", bucket, f"/{k}?uploads", {"Authorization": signed("POST", bucket, k)})
        assert r.status == 200, r.data
        return k, json.loads(r.data)["UploadId"]

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        return list(pool.map(start, keys))


def test_get_multi_upload_id_walks_500_uploads(server, s3, ubucket):
    created = start_uploads(server, ubucket, [f"lar/{i % 150:03d}" for i in range(500)])
    first = get_multi_upload_id(server, ubucket)
    assert len(first["DataSet"]) == 20 and first["RetCode"] == 0 and first["ErrMsg"] == ""
    for limit in (7, 20, 333):
        got, marker = [], ""
        while True:
            page = get_multi_upload_id(server, ubucket, prefix="lar/", marker=marker, limit=limit)
            assert len(page["DataSet"]) <= limit
            got += [(d["FileName"], d["UploadId"]) for d in page["DataSet"]]
            marker = page["NextMarker"]
            if not marker:
                break
        assert len(got) == 500 and set(got) == set(created) and got == sorted(got, key=lambda x: (x[0].encode(), x[1]))
    # A plain key as marker resumes after that key.
    page = get_multi_upload_id(server, ubucket, marker="lar/148", limit=1000)
    assert {d["FileName"] for d in page["DataSet"]} == {"lar/149"}
    assert all(isinstance(d["StartTime"], int) for d in page["DataSet"])
    # Hand-signed abort.
    k, up = created[0]
    r = raw(server, "DELETE", ubucket, f"/{k}?uploadId={up}", {"Authorization": signed("DELETE", ubucket, k)})
    assert r.status == 204
    assert up not in [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=ubucket, Prefix=k)["Uploads"]]
    # JuiceFS's spelling of the same abort: ?uploads=<id>.
    k, up = created[1]
    r = raw(server, "DELETE", ubucket, f"/{k}?uploads={up}", {"Authorization": signed("DELETE", ubucket, k)})
    assert r.status == 204
    assert up not in [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=ubucket, Prefix=k).get("Uploads", [])]


def test_wrong_private_key(uf, server, ubucket, tmp_path):
    from ufile import filemanager
    bad = filemanager.FileManager(ACCESS_KEY, "wrong-private-key")
    ret, resp = bad.putstream(ubucket, "x", io.BytesIO(b"x"))
    assert not resp.ok() and resp.ret_code not in (0, -1) and resp.status_code == 401
    r = raw(server, "GET", ubucket, "/?muploadid", {"Authorization": signed("GET", ubucket, secret="wrong")})
    assert r.status == 401 and json.loads(r.data)["RetCode"] != 0


def test_one_engine_three_dialects(uf, server, s3, ubucket):
    """A UFile-initiated upload (parts from 0) is listed by S3 and BOS and completed through S3
    (parts from 1); an S3-initiated upload appears in GetMultiUploadId."""
    from test_bos import bos_client
    import requests
    r = raw(server, "POST", ubucket, "/tri/ufile-started?uploads", {"Authorization": signed("POST", ubucket, "tri/ufile-started")})
    up = json.loads(r.data)["UploadId"]
    blocks = [b"a" * (4 * MIB), b"tail"]
    etags = []
    for n, block in enumerate(blocks):
        resp = requests.put(f"http://{ubucket}{SUFFIX}/tri/ufile-started", params={"uploadId": up, "partNumber": n}, data=block,
                            headers={"Authorization": signed("PUT", ubucket, "tri/ufile-started")})
        assert resp.status_code == 200
    assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=ubucket, Prefix="tri/")["Uploads"]] == [up]
    assert [u.upload_id for u in bos_client(server).list_multipart_uploads(ubucket, prefix="tri/").uploads] == [up]
    parts = s3.list_parts(Bucket=ubucket, Key="tri/ufile-started", UploadId=up)["Parts"]
    assert [p["PartNumber"] for p in parts] == [1, 2]
    s3.complete_multipart_upload(Bucket=ubucket, Key="tri/ufile-started", UploadId=up,
                                 MultipartUpload={"Parts": [{"PartNumber": p["PartNumber"], "ETag": p["ETag"]} for p in parts]})
    assert s3.get_object(Bucket=ubucket, Key="tri/ufile-started")["Body"].read() == b"".join(blocks)
    # UFile sees its own block ETag for the completed object.
    ret, resp = uf.fm.head_file(ubucket, "tri/ufile-started")
    assert resp.ok() and resp.etag.strip('"').startswith("AgAAA")  # two 4 MiB blocks
    s3up = s3.create_multipart_upload(Bucket=ubucket, Key="tri/s3-started")["UploadId"]
    page = get_multi_upload_id(server, ubucket, prefix="tri/")
    assert [(d["FileName"], d["UploadId"]) for d in page["DataSet"]] == [("tri/s3-started", s3up)]


def test_a_bucket_policy_judges_ufile_requests(server, uf, ubucket, s3, tmp_path):
    """One decision of access for every dialect: a bucket policy set through S3 refuses the
    `ufile` SDK's delete (even the owner's), and lets an unsigned UFile read of what it makes
    public through."""
    s3.put_object(Bucket=ubucket, Key="keep/x", Body=b"x")
    s3.put_object(Bucket=ubucket, Key="open/y", Body=b"y")
    assert raw(server, "GET", ubucket, "/open/y").status == 403
    s3.put_bucket_policy(Bucket=ubucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": f"arn:aws:s3:::{ubucket}/keep/*"},
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{ubucket}/open/*"}]}))
    ret, resp = uf.fm.deletefile(ubucket, "keep/x")
    assert not resp.ok() and resp.status_code == 403
    r = raw(server, "GET", ubucket, "/open/y")
    assert (r.status, r.data) == (200, b"y")
    assert raw(server, "GET", ubucket, "/keep/x").status == 403
    s3.delete_bucket_policy(Bucket=ubucket)
    ret, resp = uf.fm.deletefile(ubucket, "keep/x")
    assert resp.ok(), (resp.status_code, resp.error)
