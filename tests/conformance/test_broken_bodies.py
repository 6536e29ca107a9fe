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
