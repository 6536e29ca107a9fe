"""The README's client examples, run as written (endpoint, keys and bucket names filled in) with the
unmodified SDKs in a fresh interpreter each: a newcomer following the README must succeed."""
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest

from conftest import ACCESS_KEY, SECRET_KEY

README = Path(__file__).resolve().parents[2] / "README.md"


def python_block_after(marker):
    text = README.read_text()
    start = text.index(marker)
    match = re.compile(r"```python\n(.*?)```", re.S).search(text, start)
    assert match, f"no python example after {marker!r}"
    return match.group(1)


def run_example(code, server, tmp_path, bucket):
    code = code.replace("http://127.0.0.1:9000", server.endpoint).replace("my-bucket", bucket)
    program = f"ACCESS_KEY = {ACCESS_KEY!r}\nSECRET_KEY = {SECRET_KEY!r}\n" + code
    env = {k: v for k, v in os.environ.items() if not k.upper().endswith("_PROXY")}
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"the README example failed:\n{program}\n--- stderr ---\n{done.stderr[-3000:]}"
    return done.stdout


def test_the_bos_example(server, tmp_path):
    (tmp_path / "big.iso").write_bytes(os.urandom(20 * 1024 * 1024 + 123))
    bucket = "readme-bos-" + uuid.uuid4().hex[:8]
    run_example(python_block_after("BOS notes"), server, tmp_path, bucket)
    s3 = boto3.client("s3", endpoint_url=server.endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                      region_name="us-east-1")
    got = s3.get_object(Bucket=bucket, Key="dir/big.iso")["Body"].read()
    assert got == (tmp_path / "big.iso").read_bytes()


def test_the_ufile_example(server, tmp_path):
    (tmp_path / "file.txt").write_text("hello from the README\n")
    bucket = "readme-ufile-" + uuid.uuid4().hex[:8]
    s3 = boto3.client("s3", endpoint_url=server.endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                      region_name="us-east-1")
    s3.create_bucket(Bucket=bucket)  # the README's `aws s3 mb s3://my-bucket`
    run_example(python_block_after("UFile notes"), server, tmp_path, bucket)
    assert s3.get_object(Bucket=bucket, Key="dir/file.txt")["Body"].read() == b"hello from the README\n"
