"""Slow and greedy clients no longer hold the server (issue 13 items 4 and 5): a header sent a
byte at a time meets the header deadline (408, closed); a body that stalls or trickles below the
minimum rate is cut off; a client past its connection limit is refused at once; and a server out
of file descriptors sheds idle connections instead of spinning, so it keeps serving. An idle
keep-alive connection is closed after the idle timeout, and a shutdown closes idle connections at
once but answers a request in flight first, to its last byte. Raw sockets against a server started with short limits;
every wait below is bounded."""
import os
import signal
import socket
import subprocess
import time

import pytest

import rawhttp
from conftest import Server, tessera_binary


def limited_server(workdir, name, *args, wrapper=None):
    return Server(os.path.join(workdir, name), extra_args=list(args), wrapper=wrapper).start()


def closed_within(sock, seconds, received=None):
    """Reads until the server closes the connection; returns (seconds taken, bytes read), or None.
    Bytes read before a timeout are kept in `received` (a bytearray) for the next call."""
    received = bytearray() if received is None else received
    sock.settimeout(0.2)
    start = time.time()
    while time.time() - start < seconds:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except ConnectionResetError:
            return time.time() - start, bytes(received)
        if not chunk:
            return time.time() - start, bytes(received)
        received += chunk
    return None


def test_a_header_sent_a_byte_at_a_time_meets_the_deadline(workdir):
    server = limited_server(workdir, "slow-header", "--header-timeout", "2s")
    try:
        s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        start = time.time()
        closed = None
        received = bytearray()
        for byte in b"GET /bucket?uploads HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100:
            try:
                s.send(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = (time.time() - start, bytes(received))
                break
            result = closed_within(s, 0.4, received)
            if result is not None:
                closed = (time.time() - start, result[1])
                break
        assert closed is not None, "the connection outlived a 2 s header deadline by 40 s"
        took, answer = closed
        assert 1.5 <= took <= 6, took
        assert answer.startswith(b"HTTP/1.1 408"), answer
        # The server still answers others.
        assert rawhttp.send("GET", server.endpoint, "/health").status == 200
    finally:
        assert server.stop() == 0


@pytest.mark.parametrize("trickle", [False, True])
def test_a_body_that_stalls_or_trickles_is_cut_off(workdir, trickle):
    server = limited_server(workdir, f"slow-body-{trickle}", "--body-min-rate", "1K", "--body-rate-window", "2s")
    try:
        s3 = server.client()
        s3.create_bucket(Bucket="slow")
        headers = rawhttp.signed("PUT", server.endpoint, "/slow/k", headers={"Content-Length": "1000000"},
                                 payload_hash="UNSIGNED-PAYLOAD")
        head = [f"PUT /slow/k HTTP/1.1", f"Host: 127.0.0.1:{server.port}"] + [f"{k}: {v}" for k, v in headers.items()]
        s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        s.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + b"x" * 5000)
        start = time.time()
        result = None
        while time.time() - start < 15 and result is None:
            if trickle:  # 100 bytes a second: a tenth of the minimum
                try:
                    s.send(b"y" * 50)
                except (BrokenPipeError, ConnectionResetError):
                    result = (time.time() - start, b"")
                    break
            result = closed_within(s, 0.5)
        assert result is not None, "a stalled body held its connection for 15 s"
        assert time.time() - start <= 8
        # Nothing of the object was stored, and the server serves on.
        with pytest.raises(s3.exceptions.ClientError):
            s3.head_object(Bucket="slow", Key="k")
        s3.put_object(Bucket="slow", Key="fast", Body=b"z" * 100_000)
    finally:
        assert server.stop() == 0


def test_a_client_past_its_connection_limit_is_refused_at_once(workdir):
    server = limited_server(workdir, "per-client", "--max-connections-per-client", "4")
    try:
        held = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(4)]
        time.sleep(0.3)
        extra = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        assert closed_within(extra, 3) is not None, "a fifth connection from one client was admitted"
        for s in held:
            s.close()
        time.sleep(0.3)
        assert server.client().list_buckets()["ResponseMetadata"]["HTTPStatusCode"] == 200
    finally:
        assert server.stop() == 0


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_out_of_descriptors_the_server_sheds_idle_connections_and_does_not_spin(workdir):
    # 400 descriptors: the server keeps 256 for files, so it holds at most 144 connections.
    server = limited_server(workdir, "nofile", wrapper=["prlimit", "--nofile=400:400"])
    try:
        idle = []
        for _ in range(500):  # past the limit: the old server ran out of descriptors here
            idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        time.sleep(0.5)
        before = cpu_seconds(server.proc.pid)
        time.sleep(2)
        spent = cpu_seconds(server.proc.pid) - before
        assert spent < 0.5, f"the server spun: {spent:.2f} s of CPU in 2 s while full"
        # A new client is served: the longest-idle connections made room.
        s3 = server.client()
        s3.create_bucket(Bucket="full-of-connections")
        s3.put_object(Bucket="full-of-connections", Key="k", Body=b"x" * 200_000)
        assert s3.get_object(Bucket="full-of-connections", Key="k")["Body"].read() == b"x" * 200_000
        shed = sum(1 for s in idle[:100] if closed_within(s, 0.05) is not None)
        assert shed > 0, "no idle connection was closed to make room"
        for s in idle:
            s.close()
    finally:
        assert server.stop() == 0


def test_an_idle_keep_alive_connection_is_closed_after_the_idle_timeout(workdir):
    server = limited_server(workdir, "idle", "--idle-timeout", "2s")
    try:
        s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        s.sendall(f"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        result = closed_within(s, 15)
        assert result is not None, "an idle connection outlived a 2 s idle timeout by 13 s"
        took, answer = result
        assert answer.startswith(b"HTTP/1.1 200"), answer
        assert 1.5 <= took <= 6, took
    finally:
        assert server.stop() == 0


def test_an_idle_timeout_of_zero_is_refused(workdir):
    result = subprocess.run([tessera_binary(), "serve", "--idle-timeout", "0", "--port", "0",
                             "--data-dir", os.path.join(workdir, "idle-zero")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "--idle-timeout must be at least 1s" in result.stderr, result.stderr


def test_shutdown_closes_idle_connections_and_answers_the_request_in_flight(workdir):
    server = limited_server(workdir, "shutdown")
    server.client().create_bucket(Bucket="late")
    idle = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    idle.sendall(f"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
    assert idle.recv(65536).startswith(b"HTTP/1.1 200")
    body = b"0123456789"
    headers = rawhttp.signed("PUT", server.endpoint, "/late/k", body=body, headers={"Content-Length": str(len(body))})
    head = ["PUT /late/k HTTP/1.1", f"Host: 127.0.0.1:{server.port}"] + [f"{k}: {v}" for k, v in headers.items()]
    busy = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    busy.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body[:5])
    time.sleep(0.3)
    server.proc.send_signal(signal.SIGTERM)
    assert closed_within(idle, 5) is not None, "shutdown left an idle keep-alive connection open"
    time.sleep(0.5)
    assert server.proc.poll() is None, "the server exited with a request in flight"
    busy.sendall(body[5:])
    result = closed_within(busy, 10)
    assert result is not None, "the connection stayed open after its answer during shutdown"
    assert result[1].startswith(b"HTTP/1.1 200"), result[1]
    assert server.proc.wait(15) == 0
    # What was acknowledged is there after a restart.
    again = limited_server(workdir, "shutdown")
    try:
        assert again.client().get_object(Bucket="late", Key="k")["Body"].read() == body
    finally:
        assert again.stop() == 0


def test_shutdown_lets_a_large_answer_in_flight_finish_whole(workdir):
    server = limited_server(workdir, "shutdown-large")
    size = 48 * 1024 * 1024
    body = os.urandom(1024 * 1024) * 48
    server.client().create_bucket(Bucket="big")
    server.client().put_object(Bucket="big", Key="k", Body=body)
    headers = rawhttp.signed("GET", server.endpoint, "/big/k")
    head = ["GET /big/k HTTP/1.1", f"Host: 127.0.0.1:{server.port}"] + [f"{k}: {v}" for k, v in headers.items()]
    s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
    received = bytearray(s.recv(65536))
    # The server stops while most of the answer is still to be sent, and the client reads slowly,
    # so the server's last writes queue up behind a full socket when the response ends.
    server.proc.send_signal(signal.SIGTERM)
    deadline = time.time() + 30
    while time.time() < deadline:
        chunk = s.recv(32 * 1024)
        if not chunk:
            break
        received += chunk
        time.sleep(0.001)  # about 20 MB/s: the server's writes wait behind a full socket to the end
    header_end = received.index(b"\r\n\r\n") + 4
    assert received.startswith(b"HTTP/1.1 200"), bytes(received[:200])
    assert len(received) - header_end == size, f"the answer was cut at {len(received) - header_end} of {size} bytes"
    assert bytes(received[header_end:]) == body
    assert server.proc.wait(15) == 0
