"""Virtual-hosted-style addressing (issue 15 item 7): boto3 with `addressing_style='virtual'` puts
the bucket in the Host (`<bucket>.localhost:PORT`); `--s3-domain` (default `localhost`) tells the
server which Hosts carry a bucket. `*.localhost` does not resolve here, so the client reaches the
server as its HTTP proxy: the request line is absolute-form and the Host is exactly what an
S3 endpoint would see."""
import random

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

from conftest import make_client

MIB = 1024 * 1024


@pytest.fixture
def virtual(server, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    endpoint = "http://localhost:%d" % server.port

    def client(**config):
        return make_client(endpoint, proxies={"http": server.endpoint},
                           s3={"addressing_style": "virtual"}, **config)
    return client


@pytest.mark.parametrize("signature", ["s3v4", "s3"])
def test_boto3_virtual_hosted(virtual, s3, bucket, tmp_path, signature):
    v = virtual(signature_version=signature)
    urls = []
    v.meta.events.register("before-send.s3", lambda request, **_: urls.append(request.url))
    data = random.Random(signature).randbytes(11 * MIB)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    v.upload_file(str(path), bucket, "dir/big file+.bin",
                  Config=TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB))
    assert v.get_object(Bucket=bucket, Key="dir/big file+.bin")["Body"].read() == data
    assert urls and all(u.startswith(f"http://{bucket}.localhost:") for u in urls), urls[:3]
    up = v.create_multipart_upload(Bucket=bucket, Key="pending")["UploadId"]
    assert [u["UploadId"] for u in v.list_multipart_uploads(Bucket=bucket)["Uploads"]] == [up]
    assert [o["Key"] for o in v.list_objects_v2(Bucket=bucket)["Contents"]] == ["dir/big file+.bin"]
    v.abort_multipart_upload(Bucket=bucket, Key="pending", UploadId=up)
    # The same objects through path-style addressing: one store.
    assert s3.head_object(Bucket=bucket, Key="dir/big file+.bin")["ContentLength"] == len(data)
    v.delete_object(Bucket=bucket, Key="dir/big file+.bin")
    with pytest.raises(ClientError) as e:
        v.head_object(Bucket=bucket, Key="dir/big file+.bin")
    assert e.value.response["Error"]["Code"] == "404"


def test_virtual_hosted_create_and_delete_bucket(virtual):
    v = virtual()
    v.create_bucket(Bucket="virtual-made")
    assert "virtual-made" in [b["Name"] for b in v.list_buckets()["Buckets"]]
    v.delete_bucket(Bucket="virtual-made")

