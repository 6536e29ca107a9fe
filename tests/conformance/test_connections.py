"""How one connection carries several requests (the server's RequestDispatcher): pipelined
requests answered in order, a refused body left unread dropped before the next request,
`Connection: close` and bytes that are not HTTP ending the connection. Raw sockets, so that what
goes over the one connection is exactly what the test sends."""
import socket

import rawhttp


def request(server, method, path, body=b"", extra=None, payload_hash=None, secret_key=rawhttp.SECRET_KEY):
    headers = rawhttp.signed(method, server.endpoint, path, body=body, headers=extra, payload_hash=payload_hash,
                             secret_key=secret_key)
    headers["Content-Length"] = str(len(body))
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class Responses:
    """Reads responses one by one from a socket (Content-Length framing; HEAD answers carry none)."""

    def __init__(self, sock):
        self.sock, self.data = sock, b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed")
        self.data += chunk

    def next(self, head_request=False):
        while b"\r\n\r\n" not in self.data:
            self._fill()
        head, self.data = self.data.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        fields = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        length = 0 if head_request else int(fields.get("content-length", "0"))
        while len(self.data) < length:
            self._fill()
        body, self.data = self.data[:length], self.data[length:]
        return int(lines[0].split()[1]), fields, body

    def closed(self):
        """Whether the server ends the connection with nothing more to say."""
        try:
            while True:
                if not self.sock.recv(65536):
                    return self.data == b""
        except (ConnectionResetError, socket.timeout):
            return False


def connect(server):
    return socket.create_connection(("127.0.0.1", server.port), timeout=10)


def test_pipelined_requests_are_answered_in_order(server, bucket):
    content = b"pipelined body " * 100
    with connect(server) as sock:
        sock.sendall(request(server, "PUT", f"/{bucket}/p1", content)
                     + request(server, "GET", f"/{bucket}/p1")
                     + request(server, "HEAD", f"/{bucket}/p1")
                     + request(server, "GET", f"/{bucket}/missing"))
        responses = Responses(sock)
        status, fields, _ = responses.next()
        assert status == 200 and fields["etag"]
        status, _, body = responses.next()
        assert (status, body) == (200, content)
        status, fields, _ = responses.next(head_request=True)
        assert (status, fields["content-length"]) == (200, str(len(content)))
        status, _, body = responses.next()
        assert status == 404 and b"<Code>NoSuchKey</Code>" in body


def test_a_refused_body_is_dropped_and_the_connection_serves_the_next_request(server, bucket):
    # Larger than what is read whole (64 KiB) and sent in pieces: the refused body streams.
    body = b"r" * (300 * 1024)
    refused = request(server, "PUT", f"/{bucket}/refused", body, secret_key="not-the-secret")
    head, rest = refused.split(b"\r\n\r\n", 1)
    with connect(server) as sock:
        sock.sendall(head + b"\r\n\r\n")
        for at in range(0, len(rest), 32 * 1024):
            sock.sendall(rest[at:at + 32 * 1024])
        sock.sendall(request(server, "PUT", f"/{bucket}/after", b"after"))
        responses = Responses(sock)
        status, _, answer = responses.next()
        assert status == 403 and b"<Code>SignatureDoesNotMatch</Code>" in answer
        status, _, _ = responses.next()
        assert status == 200
    with connect(server) as sock:
        sock.sendall(request(server, "GET", f"/{bucket}/after"))
        assert Responses(sock).next()[2] == b"after"


def test_connection_close_ends_the_connection_after_the_response(server, bucket):
    with connect(server) as sock:
        sock.sendall(request(server, "GET", f"/{bucket}/absent", extra={"Connection": "close"}))
        responses = Responses(sock)
        assert responses.next()[0] == 404
        assert responses.closed()


def test_bytes_that_are_not_http_get_one_400_and_the_end(server):
    with connect(server) as sock:
        sock.sendall(b"THIS IS NOT HTTP\r\n\r\n")
        responses = Responses(sock)
        status, fields, _ = responses.next()
        assert status == 400 and fields.get("connection") == "close"
        assert responses.closed()


def test_http_1_0_without_keep_alive_ends_after_the_response_and_with_it_stays(server):
    with connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.0\r\n\r\n")
        responses = Responses(sock)
        assert responses.next()[0] == 200
        assert responses.closed()
    with connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" * 2)
        responses = Responses(sock)
        assert [responses.next()[2], responses.next()[2]] == [b"ok\n", b"ok\n"]
