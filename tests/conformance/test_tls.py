"""HTTPS (issue 15 item 8): `--tls-cert` / `--tls-key` with a throwaway CA made by `openssl`;
boto3 and aws-cli verify the chain and move a multipart object; plain HTTP to the TLS port and
an unknown CA are refused."""
import ssl
import urllib.error
import urllib.parse
import urllib.request
import os
import random
import socket
import subprocess

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import SSLError

import boto3
from botocore.config import Config

from conftest import ACCESS_KEY, SECRET_KEY, Server
from test_awscli import aws

MIB = 1024 * 1024


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def tls_server(workdir):
    d = os.path.join(workdir, "tls-ca")
    os.makedirs(d, exist_ok=True)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Tessera test CA", cwd=d)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1", cwd=d)
    with open(os.path.join(d, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem",
            "-days", "2", "-extfile", "san.ext", cwd=d)
    s = Server(os.path.join(workdir, "tls"), extra_args=["--tls-cert", os.path.join(d, "server.pem"),
                                                          "--tls-key", os.path.join(d, "server.key")]).start()
    s.ca = os.path.join(d, "ca.pem")
    yield s
    assert s.stop() == 0


def test_boto3_over_tls(tls_server, tmp_path):
    assert tls_server.endpoint.startswith("https://")
    s3 = boto3.client("s3", endpoint_url=tls_server.endpoint, region_name="us-east-1", verify=tls_server.ca,
                      aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                      config=Config(retries={"max_attempts": 1, "mode": "standard"}))
    s3.create_bucket(Bucket="tls")
    data = random.Random(8).randbytes(12 * MIB)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    s3.upload_file(str(path), "tls", "big", Config=TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB))
    assert s3.get_object(Bucket="tls", Key="big", ChecksumMode="ENABLED")["Body"].read() == data
    up = s3.create_multipart_upload(Bucket="tls", Key="pending")["UploadId"]
    assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket="tls")["Uploads"]] == [up]
    s3.abort_multipart_upload(Bucket="tls", Key="pending", UploadId=up)
    # A client that does not trust the CA refuses the server.
    untrusting = boto3.client("s3", endpoint_url=tls_server.endpoint, region_name="us-east-1",
                              aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                              config=Config(retries={"max_attempts": 1, "mode": "standard"}))
    with pytest.raises(SSLError):
        untrusting.list_buckets()


def test_awscli_over_tls(tls_server, tmp_path):
    src = tmp_path / "cli.bin"
    src.write_bytes(random.Random(9).randbytes(9 * MIB))
    aws(tls_server, "--ca-bundle", tls_server.ca, "s3", "mb", "s3://tls-cli")
    aws(tls_server, "--ca-bundle", tls_server.ca, "s3", "cp", str(src), "s3://tls-cli/f", "--only-show-errors")
    back = tmp_path / "back.bin"
    aws(tls_server, "--ca-bundle", tls_server.ca, "s3", "cp", "s3://tls-cli/f", str(back), "--only-show-errors")
    assert back.read_bytes() == src.read_bytes()


def test_plain_http_to_the_tls_port_gets_no_answer(tls_server):
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=5) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        try:
            data = s.recv(4096)
        except (ConnectionResetError, socket.timeout):
            data = b""
    assert not data.startswith(b"HTTP/1.1 200")


def test_the_console_cookie_is_secure_over_tls(tls_server):
    context = ssl.create_default_context(cafile=tls_server.ca)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)
    body = urllib.parse.urlencode({"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}).encode()
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(tls_server.endpoint + "/console/login", data=body)
    assert answer.value.code == 303
    cookie = answer.value.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie


def test_shutdown_over_tls_finishes_the_answer_in_flight(tls_server, workdir):
    """A graceful shutdown closes a TLS connection only after its last response went out whole.
    The close waits for an empty write queued behind the response; through the TLS handler that
    write must complete too, or the shutdown would hang. (Over TLS the old immediate close did not
    cut the answer in this test; over plain HTTP it did: test_slow_clients.)"""
    import signal
    import time
    import rawhttp
    d = os.path.dirname(tls_server.ca)
    server = Server(os.path.join(workdir, "tls-shutdown"), extra_args=[
        "--tls-cert", os.path.join(d, "server.pem"), "--tls-key", os.path.join(d, "server.key")]).start()
    s3 = boto3.client("s3", endpoint_url=server.endpoint, region_name="us-east-1", verify=tls_server.ca,
                      aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                      config=Config(retries={"max_attempts": 1, "mode": "standard"}))
    s3.create_bucket(Bucket="tls-big")
    body = random.Random(9).randbytes(24 * MIB)
    s3.put_object(Bucket="tls-big", Key="k", Body=body)
    headers = rawhttp.signed("GET", server.endpoint, "/tls-big/k")
    head = ["GET /tls-big/k HTTP/1.1", f"Host: 127.0.0.1:{server.port}"] + [f"{k}: {v}" for k, v in headers.items()]
    context = ssl.create_default_context(cafile=tls_server.ca)
    raw = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    s = context.wrap_socket(raw, server_hostname="127.0.0.1")
    s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
    received = bytearray(s.recv(65536))
    server.proc.send_signal(signal.SIGTERM)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            chunk = s.recv(32 * 1024)
        except (ssl.SSLEOFError, ConnectionResetError):
            break
        if not chunk:
            break
        received += chunk
        time.sleep(0.001)
    header_end = received.index(b"\r\n\r\n") + 4
    assert received.startswith(b"HTTP/1.1 200"), bytes(received[:200])
    assert len(received) - header_end == len(body), f"the answer was cut at {len(received) - header_end} of {len(body)} bytes"
    assert bytes(received[header_end:]) == body
    assert server.proc.wait(15) == 0


def test_a_policy_requiring_tls_lets_tls_through(tls_server):
    """The usual "TLS only" bucket policy (Deny when aws:SecureTransport is false) denies
    nothing over TLS: the connection, not a header, says how the request came."""
    import json
    s3 = boto3.client("s3", endpoint_url=tls_server.endpoint, region_name="us-east-1", verify=tls_server.ca,
                      aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
    s3.create_bucket(Bucket="tls-only")
    s3.put_bucket_policy(Bucket="tls-only", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::tls-only", "arn:aws:s3:::tls-only/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
    s3.put_object(Bucket="tls-only", Key="k", Body=b"v")
    assert s3.get_object(Bucket="tls-only", Key="k")["Body"].read() == b"v"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="tls-only")["Contents"]] == ["k"]
