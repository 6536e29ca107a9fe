"""Hand-signed requests for what the SDKs will not send (malformed bodies, tampered signatures,
skewed clocks). The signer is a small independent SigV4 implementation."""
import datetime
import hashlib
import hmac
import socket
import urllib.parse

import urllib3

from conftest import ACCESS_KEY, SECRET_KEY

_http = urllib3.PoolManager(retries=False)


def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def _quote(s, safe="-_.~"):
    return urllib.parse.quote(s, safe=safe)


def signed(method, endpoint, path, body=b"", headers=None, access_key=ACCESS_KEY, secret_key=SECRET_KEY,
           payload_hash=None, when=None):
    """Headers (with Authorization) for a request; `path` may carry a query string."""
    when = when or datetime.datetime.now(datetime.timezone.utc)
    amz_date = when.strftime("%Y%m%dT%H%M%SZ")
    date = amz_date[:8]
    host = endpoint.split("://", 1)[1]
    raw_path, _, raw_query = path.partition("?")
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    headers["host"] = host
    headers["x-amz-date"] = amz_date
    headers["x-amz-content-sha256"] = payload_hash or hashlib.sha256(body).hexdigest()
    pairs = []
    for item in filter(None, raw_query.split("&")):
        k, _, v = item.partition("=")
        pairs.append((_quote(urllib.parse.unquote(k)), _quote(urllib.parse.unquote(v))))
    canonical_query = "&".join(f"{k}={v}" for k, v in sorted(pairs))
    names = sorted(headers)
    canonical_headers = "".join(f"{n}:{' '.join(str(headers[n]).split())}\n" for n in names)
    signed_headers = ";".join(names)
    canonical_uri = _quote(urllib.parse.unquote(raw_path), safe="-_.~/")
    canonical = "\n".join([method, canonical_uri, canonical_query, canonical_headers, signed_headers,
                           headers["x-amz-content-sha256"]])
    scope = f"{date}/us-east-1/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(("AWS4" + secret_key).encode(), date)
    for part in ("us-east-1", "s3", "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, "
                                f"SignedHeaders={signed_headers}, Signature={signature}")
    del headers["host"]
    return headers


def send(method, endpoint, path, body=b"", headers=None):
    return _http.request(method, endpoint + path, body=body, headers=headers or {}, redirect=False)


def request(method, endpoint, path, body=b"", headers=None, **sign_args):
    return send(method, endpoint, path, body, signed(method, endpoint, path, body, headers, **sign_args))


def error_code(response):
    data = response.data.decode()
    start = data.find("<Code>")
    return data[start + 6:data.find("</Code>")] if start >= 0 else None


def put_head(port, path, headers, timeout=5):
    """Opens a raw socket to the server and sends a PUT's head only; the caller sends the rest."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall((f"PUT {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
               + "\r\n").encode())
    return s


def read_until(s, marker):
    """What arrives on `s` until `marker` has arrived or the server closes."""
    answer = b""
    while marker not in answer:
        chunk = s.recv(4096)
        if not chunk:
            break
        answer += chunk
    return answer


def expect_continue(port, path, headers, body):
    """Sends a PUT with `Expect: 100-continue` over a raw socket; returns what arrived before the
    body was sent, and the final response head."""
    with put_head(port, path, headers) as s:
        interim = s.recv(4096)
        s.sendall(body)
        return interim, read_until(s, b"\r\n\r\n")


def aws_chunked(data, chunk=64 * 1024, trailer=None, signing=None):
    """Frames `data` as aws-chunked. `signing` = (key, amz_date, scope, seed_signature) signs each
    chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD); `trailer` = (name, value) appends a trailer line."""
    out = b""
    prev = signing[3] if signing else None
    pieces = [data[i:i + chunk] for i in range(0, len(data), chunk)] + [b""]
    for piece in pieces:
        ext = b""
        if signing:
            key, amz_date, scope, _ = signing
            to_sign = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, prev, hashlib.sha256(b"").hexdigest(),
                                 hashlib.sha256(piece).hexdigest()])
            prev = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
            ext = b";chunk-signature=" + prev.encode()
        out += b"%x" % len(piece) + ext + b"\r\n" + piece
        if piece:
            out += b"\r\n"
    if trailer:
        out += f"{trailer[0]}:{trailer[1]}\r\n".encode()
    return out + b"\r\n"


def signing_key(secret_key, date):
    key = _hmac(("AWS4" + secret_key).encode(), date)
    for part in ("us-east-1", "s3", "aws4_request"):
        key = _hmac(key, part)
    return key
