"""Bodies that end early or are framed badly get the dialect's 400, never a 500 (issue 13 item 3),
and the server keeps serving. Raw sockets: no client library sends these on purpose."""
import socket

import pytest

import rawhttp


def exchange(port, head, body, close_write=True):
    """Sends a request head and (part of) a body; returns the status line and the response bytes."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(head + body)
    if close_write:
        s.shutdown(socket.SHUT_WR)
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data and (b"</Error>" in data or b"}" in data.split(b"\r\n\r\n", 1)[1]):
                break
    except socket.timeout:
        pass
    s.close()
    return data.split(b"\r\n", 1)[0].decode(errors="replace"), data


def s3_head(server, method, path, extra):
    headers = rawhttp.signed(method, server.endpoint, path, headers=extra, payload_hash="UNSIGNED-PAYLOAD")
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_body_shorter_than_content_length(server, s3, bucket):
    head = s3_head(server, "PUT", f"/{bucket}/short", {"Content-Length": "100000"})
    status, data = exchange(server.port, head, b"x" * 50_000)
    assert status == "HTTP/1.1 400 Bad Request", data[:300]
    assert b"<Code>IncompleteBody</Code>" in data
    # Nothing was stored, and the server still answers.
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix="short")


@pytest.mark.parametrize("framing,refused", [
    (b"zz\r\nhello\r\n0\r\n\r\n", True),                      # not hex
    (b"ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n", True),    # overflowing size
    (b"5\r\nhelloXX0\r\n\r\n", True),                          # no CRLF after the data
    (b"5\r\nhello\r\n", True),                                 # no final chunk
    (b"7fffffff\r\nhello", True),                              # huge declared chunk, then the end
    # Thousands of chunk extensions are legal HTTP (NIO's parser takes them): never a 5xx.
    (b"5" + b";ext=1" * 2000 + b"\r\nhello\r\n0\r\n\r\n", False),
], ids=["not-hex", "overflow", "no-crlf", "no-final-chunk", "huge-chunk", "many-extensions"])
def test_malformed_chunked_framing(server, s3, bucket, framing, refused):
    head = s3_head(server, "PUT", f"/{bucket}/chunked", {"Transfer-Encoding": "chunked"})
    status, data = exchange(server.port, head, framing)
    assert not status.startswith("HTTP/1.1 5"), (status, data[:300])
    if refused:
        assert status == "HTTP/1.1 400 Bad Request", (status, data[:300])
        assert b"<Code>IncompleteBody</Code>" in data
    assert s3.head_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 200


def bos_head(server, path, extra):
    """A BOS request head signed by bce-python-sdk's own signer (host signed)."""
    import time

    from baidubce.auth import bce_v1_signer
    from baidubce.auth.bce_credentials import BceCredentials

    from conftest import ACCESS_KEY, SECRET_KEY
    host = f"127.0.0.1:{server.port}"
    auth = bce_v1_signer.sign(BceCredentials(ACCESS_KEY, SECRET_KEY), b"PUT", path.encode(), {b"host": host.encode()}, {},
                              int(time.time()), 1800, [b"host"]).decode()
    lines = [f"PUT {path} HTTP/1.1", f"Host: {host}", f"Authorization: {auth}"] + [f"{k}: {v}" for k, v in extra.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def ufile_head(bucket, key, extra):
    """A UFile request head signed by the ufile SDK's own Auth (bucket in the Host)."""
    from ufile.auth import Auth

    from conftest import ACCESS_KEY, SECRET_KEY
    auth = Auth(ACCESS_KEY, SECRET_KEY).ufile_authorization(f"PUT\n\n\n\n/{bucket}/{key}")
    lines = [f"PUT /{key} HTTP/1.1", f"Host: {bucket}.ufile.local", f"Authorization: {auth}"] + [f"{k}: {v}" for k, v in extra.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


@pytest.mark.parametrize("dialect", ["bos", "ufile"])
@pytest.mark.parametrize("framing", ["short", "not-hex", "no-final-chunk"])
def test_bos_and_ufile_answer_broken_bodies_with_their_400(server, s3, bucket, dialect, framing):
    extra, body = {
        "short": ({"Content-Length": "100000"}, b"x" * 50_000),
        "not-hex": ({"Transfer-Encoding": "chunked"}, b"zz\r\nhello\r\n0\r\n\r\n"),
        "no-final-chunk": ({"Transfer-Encoding": "chunked"}, b"5\r\nhello\r\n"),
    }[framing]
    key = f"{dialect}-{framing}"
    head = bos_head(server, f"/{bucket}/{key}", extra) if dialect == "bos" else ufile_head(bucket, key, extra)
    status, data = exchange(server.port, head, body)
    assert status == "HTTP/1.1 400 Bad Request", (status, data[:400])
    document = data.split(b"\r\n\r\n", 1)[1]
    if dialect == "bos":
        assert b'"code"' in document and b"requestId" in document, document
    else:
        assert b'"RetCode":-15006' in document.replace(b" ", b""), document
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix=key)
