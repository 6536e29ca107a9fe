"""More unmodified S3 clients (issue 15, "Also"): MinIO's Python SDK, obstore (Apache Arrow's
object_store), Apache OpenDAL, s3fs, s3cmd, rclone and restic. Each uploads in parts and the bytes
are checked end to end; conditional writes and checksums where the client offers them."""
import hashlib
import os
import random
import subprocess

import pytest

from conftest import ACCESS_KEY, SECRET_KEY

MIB = 1024 * 1024


def data(seed, size=12 * MIB + 7):
    return random.Random(seed).randbytes(size)


def parts_of(s3, bucket, key):
    """The object's part count (1 for a single-part object)."""
    return s3.head_object(Bucket=bucket, Key=key, PartNumber=1).get("PartsCount", 1)


def test_minio_py(server, s3, bucket, tmp_path):
    from minio import Minio
    from minio.error import S3Error
    mc = Minio(f"127.0.0.1:{server.port}", access_key=ACCESS_KEY, secret_key=SECRET_KEY, secure=False, region="us-east-1")
    body = data("minio")
    path = tmp_path / "m.bin"
    path.write_bytes(body)
    mc.fput_object(bucket, "minio/big.bin", str(path), part_size=5 * MIB)
    assert parts_of(s3, bucket, "minio/big.bin") == 3
    assert mc.get_object(bucket, "minio/big.bin").read() == body
    st = mc.stat_object(bucket, "minio/big.bin")
    assert st.size == len(body) and st.etag.endswith("-3")
    assert [o.object_name for o in mc.list_objects(bucket, prefix="minio/", recursive=True)] == ["minio/big.bin"]
    with pytest.raises(S3Error) as e:
        mc.stat_object(bucket, "minio/none")
    assert e.value.code in ("NoSuchKey", "ResourceNotFound")


def test_obstore_multipart_and_create_only(server, s3, bucket):
    import obstore
    from obstore.exceptions import AlreadyExistsError
    from obstore.store import S3Store
    store = S3Store(bucket, endpoint=server.endpoint, region="us-east-1", access_key_id=ACCESS_KEY, secret_access_key=SECRET_KEY,
                    virtual_hosted_style_request=False, client_options={"allow_http": True})
    body = data("obstore")
    obstore.put(store, "obs/big.bin", body, use_multipart=True, chunk_size=5 * MIB)
    assert parts_of(s3, bucket, "obs/big.bin") == 3
    assert bytes(obstore.get(store, "obs/big.bin").bytes()) == body
    # object_store's PutMode::Create is a lock: the second create must fail, the first must stay.
    obstore.put(store, "obs/lock", b"first", mode="create")
    with pytest.raises(AlreadyExistsError):
        obstore.put(store, "obs/lock", b"second", mode="create")
    assert bytes(obstore.get(store, "obs/lock").bytes()) == b"first"
    assert [m["path"] for m in obstore.list(store, prefix="obs/").collect()] == ["obs/big.bin", "obs/lock"]


def test_opendal_multipart_and_if_not_exists(server, s3, bucket):
    import opendal
    op = opendal.Operator("s3", bucket=bucket, endpoint=server.endpoint, region="us-east-1",
                          access_key_id=ACCESS_KEY, secret_access_key=SECRET_KEY)
    body = data("opendal")
    op.write("dal/big.bin", body, chunk=5 * MIB)
    assert parts_of(s3, bucket, "dal/big.bin") == 3
    assert bytes(op.read("dal/big.bin")) == body
    assert op.stat("dal/big.bin").content_length == len(body)
    op.write("dal/once", b"first", if_not_exists=True)
    with pytest.raises(Exception) as e:
        op.write("dal/once", b"second", if_not_exists=True)
    assert "ConditionNotMatch" in str(e.value) or "412" in str(e.value)
    assert bytes(op.read("dal/once")) == b"first"


def test_s3fs(server, s3, bucket):
    import s3fs
    fs = s3fs.S3FileSystem(key=ACCESS_KEY, secret=SECRET_KEY, client_kwargs={"endpoint_url": server.endpoint, "region_name": "us-east-1"},
                           default_block_size=5 * MIB)
    body = data("s3fs")
    with fs.open(f"{bucket}/fs/big.bin", "wb", block_size=5 * MIB) as f:
        for off in range(0, len(body), MIB):
            f.write(body[off:off + MIB])
    assert parts_of(s3, bucket, "fs/big.bin") == 3
    with fs.open(f"{bucket}/fs/big.bin", "rb") as f:
        assert f.read() == body
    assert fs.info(f"{bucket}/fs/big.bin")["size"] == len(body)
    assert fs.ls(f"{bucket}/fs") == [f"{bucket}/fs/big.bin"]


def run(*args, env=None, cwd=None, timeout=300):
    r = subprocess.run(list(args), capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)
    assert r.returncode == 0, (args, r.stdout[-2000:], r.stderr[-2000:])
    return r


def test_s3cmd(server, s3, bucket, tmp_path):
    cfg = tmp_path / "s3cfg"
    host = f"127.0.0.1:{server.port}"
    cfg.write_text(f"[default]\naccess_key = {ACCESS_KEY}\nsecret_key = {SECRET_KEY}\nhost_base = {host}\nhost_bucket = {host}\n"
                   "use_https = False\nsignature_v2 = False\nbucket_location = us-east-1\n")
    body = data("s3cmd")
    src = tmp_path / "s.bin"
    src.write_bytes(body)
    run("s3cmd", "-c", str(cfg), "put", "--multipart-chunk-size-mb=5", str(src), f"s3://{bucket}/cmd/big.bin")
    assert parts_of(s3, bucket, "cmd/big.bin") == 3
    back = tmp_path / "back.bin"
    run("s3cmd", "-c", str(cfg), "get", f"s3://{bucket}/cmd/big.bin", str(back))
    assert back.read_bytes() == body
    assert f"s3://{bucket}/cmd/big.bin" in run("s3cmd", "-c", str(cfg), "ls", f"s3://{bucket}/cmd/").stdout
    # s3cmd lists and aborts in-progress uploads too.
    up = s3.create_multipart_upload(Bucket=bucket, Key="cmd/pending")["UploadId"]
    assert up in run("s3cmd", "-c", str(cfg), "multipart", f"s3://{bucket}").stdout
    run("s3cmd", "-c", str(cfg), "abortmp", f"s3://{bucket}/cmd/pending", up)
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)


def rclone_env(server):
    # rclone 1.60's AWS SDK cannot use AWS_CA_BUNDLE with its own HTTP transport; this is plain HTTP.
    base = {k: v for k, v in os.environ.items() if k != "AWS_CA_BUNDLE"}
    return dict(base, RCLONE_CONFIG="/dev/null", RCLONE_CONFIG_T_TYPE="s3", RCLONE_CONFIG_T_PROVIDER="Other",
                RCLONE_CONFIG_T_ACCESS_KEY_ID=ACCESS_KEY, RCLONE_CONFIG_T_SECRET_ACCESS_KEY=SECRET_KEY,
                RCLONE_CONFIG_T_ENDPOINT=server.endpoint, RCLONE_CONFIG_T_REGION="us-east-1", RCLONE_CONFIG_T_FORCE_PATH_STYLE="true")


def test_rclone(server, s3, bucket, tmp_path):
    env = rclone_env(server)
    tree = tmp_path / "tree"
    (tree / "d").mkdir(parents=True)
    (tree / "d" / "big.bin").write_bytes(data("rclone"))
    (tree / "small.txt").write_bytes(b"small")
    run("rclone", "copy", "--s3-upload-cutoff", "5M", "--s3-chunk-size", "5M", str(tree), f"t:{bucket}/rc", env=env)
    assert parts_of(s3, bucket, "rc/d/big.bin") == 3
    run("rclone", "check", "--download", str(tree), f"t:{bucket}/rc", env=env)
    # rclone's cleanup aborts in-progress uploads older than --max-age.
    s3.create_multipart_upload(Bucket=bucket, Key="rc/pending")
    run("rclone", "backend", "cleanup", f"t:{bucket}", "-o", "max-age=0s", env=env)
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)


def test_restic(server, s3, bucket, tmp_path):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY, RESTIC_PASSWORD="tessera-test",
               RESTIC_REPOSITORY=f"s3:{server.endpoint}/{bucket}/restic", RESTIC_CACHE_DIR=str(tmp_path / "cache"))
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.bin").write_bytes(data("restic", 20 * MIB))
    (src / "b.txt").write_text("restic over tessera\n")
    run("restic", "init", env=env)
    run("restic", "backup", "--pack-size", "8", str(src), env=env)
    run("restic", "check", "--read-data", env=env)
    out = tmp_path / "out"
    run("restic", "restore", "latest", "--target", str(out), env=env)
    restored = out / str(src).lstrip("/")
    for name in ("a.bin", "b.txt"):
        assert hashlib.sha256((restored / name).read_bytes()).digest() == hashlib.sha256((src / name).read_bytes()).digest()
