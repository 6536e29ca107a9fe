"""The UCloud API form (issue 16 items 1-3): the unmodified ufile SDK's BucketManager (which only
talks to http://api.ucloud.cn, reached here through its proxy setting), and the seed page's
GetMultiUploadId with Action / PublicKey / Signature, paged as JuiceFS pages it (limit 1000 until
NextMarker is empty); public buckets serve the SDK's unsigned downloads."""
import json
import urllib.parse
import uuid

import pytest
import urllib3

from conftest import ACCESS_KEY, SECRET_KEY
from test_ufile import SUFFIX, raw, signed, start_uploads, uf  # noqa: F401  (uf is a fixture)


def api(server, secret=SECRET_KEY, **params):
    """A GET in the API form, signed as the SDK's Auth.bucket_signature signs (to api.ucloud.cn)."""
    from ufile.auth import Auth
    params = {k: str(v) for k, v in params.items()}
    params["Signature"] = Auth(ACCESS_KEY, secret).bucket_signature(params)  # adds PublicKey
    r = urllib3.PoolManager(retries=False).request("GET", server.endpoint + "/?" + urllib.parse.urlencode(params),
                                                    headers={"Host": "api.ucloud.cn"})
    assert r.headers["Content-Type"] == "application/json"
    return r.status, json.loads(r.data)


@pytest.fixture
def bm(uf):  # noqa: F811
    from ufile import bucketmanager
    return bucketmanager.BucketManager(ACCESS_KEY, SECRET_KEY)


def test_bucket_manager_lifecycle(server, bm, uf, s3, tmp_path):  # noqa: F811
    name = "bm-" + uuid.uuid4().hex[:10]
    ret, resp = bm.createbucket(name, "cn-bj", "private")
    assert resp.status_code == 200 and ret["RetCode"] == 0 and ret["BucketName"] == name and ret["BucketId"]
    assert ret["Action"] == "CreateBucketResponse"
    ret, resp = bm.describebucket(name)
    assert resp.status_code == 200 and [(d["BucketName"], d["Type"], d["Region"]) for d in ret["DataSet"]] == [(name, "private", "cn-bj")]
    assert ret["DataSet"][0]["Domain"]["Src"] == [name + SUFFIX]
    assert name in [d["BucketName"] for d in bm.describebucket(limit=1000)[0]["DataSet"]]
    # The bucket is a bucket of every dialect.
    assert name in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    src = tmp_path / "pub.txt"
    src.write_bytes(b"public bytes")
    ret, resp = uf.fm.putfile(name, "pub.txt", str(src))
    assert resp.ok()
    out = tmp_path / "out.txt"
    # Private: the SDK's unsigned download (isprivate=False) is refused...
    ret, resp = uf.fm.download_file(name, "pub.txt", str(out), isprivate=False)
    assert resp.status_code == 403
    # ...until UpdateBucket makes the bucket public.
    ret, resp = bm.updatebucket(name, "public")
    assert resp.status_code == 200 and ret["RetCode"] == 0
    assert bm.describebucket(name)[0]["DataSet"][0]["Type"] == "public"
    ret, resp = uf.fm.download_file(name, "pub.txt", str(out), isprivate=False)
    assert resp.status_code == 200 and out.read_bytes() == b"public bytes"
    # Public means readable, not writable or listable.
    for method, path in (("PUT", "/other.txt"), ("DELETE", "/pub.txt"), ("GET", "/?list")):
        r = urllib3.PoolManager(retries=False).request(method, server.endpoint + path, body=b"x", headers={"Host": name + SUFFIX})
        assert r.status in (401, 403), (method, path, r.status)
    # DeleteBucket refuses a bucket with objects, then deletes it.
    ret, resp = bm.deletebucket(name)
    assert resp.status_code == 409 and resp.ret_code != 0 and resp.error
    uf.fm.deletefile(name, "pub.txt")
    ret, resp = bm.deletebucket(name)
    assert resp.status_code == 200 and ret["RetCode"] == 0
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_api_form_errors(server, bm):
    status, body = api(server, secret="wrong", Action="DescribeBucket", Offset=0, Limit=10)
    assert status == 401 and body["RetCode"] != 0 and body["Action"] == "DescribeBucketResponse" and body["Message"]
    status, body = api(server, Action="DescribeUFileToken", BucketName="x")
    assert status == 501 and body["RetCode"] != 0
    status, body = api(server, Action="CreateBucket", BucketName="x" * 70, Region="cn-bj", Type="private")
    assert status == 400 and body["RetCode"] != 0
    status, body = api(server, Action="DescribeBucket", BucketName="no-such-bucket-" + uuid.uuid4().hex[:6])
    assert status == 404 and body["RetCode"] != 0


def test_get_multi_upload_id_api_form_walks_like_juicefs(server, s3):
    bucket = "api-" + uuid.uuid4().hex[:10]
    s3.create_bucket(Bucket=bucket)
    created = start_uploads(server, bucket, [f"j/{i % 700:04d}" for i in range(1500)])
    got, marker, pages = [], "", 0
    while True:
        status, page = api(server, Action="GetMultiUploadId", BucketName=bucket, Prefix="j/", Marker=marker, Limit=1000)
        assert status == 200 and page["RetCode"] == 0 and page["Action"] == "GetMultiUploadIdResponse"
        assert page["Bucket"] == bucket and isinstance(page["IsTruncated"], bool)
        assert all(d["StorageClass"] == "STANDARD" and isinstance(d["StartTime"], int) for d in page["DataSet"])
        got += [(d["FileName"], d["UploadId"]) for d in page["DataSet"]]
        pages += 1
        marker = page["NextMarker"]
        assert page["IsTruncated"] == bool(marker)
        if not marker:
            break
    assert pages == 2 and len(got) == 1500 and set(got) == set(created)
    assert got == sorted(got, key=lambda x: (x[0].encode(), x[1]))
    # The seed's default page is 20; Prefix narrows as on the REST form.
    status, page = api(server, Action="GetMultiUploadId", BucketName=bucket)
    assert len(page["DataSet"]) == 20
    status, page = api(server, Action="GetMultiUploadId", BucketName=bucket, Prefix="j/0001")
    assert {d["FileName"] for d in page["DataSet"]} == {"j/0001"} and len(page["DataSet"]) == 3
    # The REST form answers the same union of fields, and takes upload-id-marker with a key marker.
    k, up = sorted(c for c in created if c[0] == "j/0001")[0]
    r = raw(server, "GET", bucket, f"/?muploadid&prefix=j/0001&marker={k}&upload-id-marker={up}&limit=10",
            {"Authorization": signed("GET", bucket)})
    rest = json.loads(r.data)
    assert r.status == 200 and rest["UploadIdMarker"] == up and rest["Action"] == "GetMultiUploadIdResponse"
    assert [d["UploadId"] for d in rest["DataSet"]] == [u for kk, u in sorted(c for c in created if c[0] == "j/0001")][1:]
