"""A bucket's CORS rules: boto3 and bce-python-sdk set, read and delete one rule set; preflights
and actual requests are answered as AWS answers them (its recorded answers: the status, the
code, the message, every Access-Control field); and headless Chromium uploads a multipart
object from a page of another origin through presigned URLs, reading each part's ETag, as
browser uploaders (Uppy's S3 multipart, for one) do. Before, `?cors` answered 501 and a
preflight 405, so no page could upload at all."""
import http.server
import subprocess
import threading
import uuid

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import tessera_binary
from test_bos import bos_client
from test_console import browser  # noqa: F401 (the fixture: headless Chromium)

MIB = 1024 * 1024
NOT_ALLOWED = ("CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / "
               "Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.")
VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"
APP = "https://app.example.com"


def code_of(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["Error"]["Code"], e.value.response["ResponseMetadata"]["HTTPStatusCode"]


def access_control(response):
    return {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-") or k.lower() == "vary"}


def error_of(response):
    import xml.etree.ElementTree as ET
    root = ET.fromstring(response.content)
    return {child.tag: child.text for child in root}


def test_rules_are_set_read_and_deleted_as_s3_does(server, s3, bucket):
    assert code_of(lambda: s3.get_bucket_cors(Bucket=bucket)) == ("NoSuchCORSConfiguration", 404)
    rules = [{"ID": "uploads", "AllowedHeaders": ["*"], "AllowedMethods": ["PUT", "POST"], "AllowedOrigins": [APP],
              "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000},
             {"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]
    put = s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == rules
    # S3's checks: the five methods, one wildcard an origin or header, at most 100 rules, a
    # rule with an origin and a method; nothing is changed by a refused write.
    refused = {
        "Found unsupported HTTP method in CORS config. Unsupported method is PATCH": [{"AllowedMethods": ["PATCH"], "AllowedOrigins": ["*"]}],
        'AllowedOrigin "https://*.*.example.com" can not have more than one wildcard.':
            [{"AllowedMethods": ["GET"], "AllowedOrigins": ["https://*.*.example.com"]}],
        'AllowedHeader "x-*-*" can not have more than one wildcard.':
            [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "AllowedHeaders": ["x-*-*"]}],
        "The number of CORS rules should not exceed allowed limit of 100 rules.": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}] * 101,
    }
    for message, bad in refused.items():
        with pytest.raises(ClientError) as e:
            s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": bad})
        assert (e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]) == ("InvalidRequest", message)
    assert code_of(lambda: s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": []})) == ("MalformedXML", 400)
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == rules
    # Only the owner reads, sets or deletes them.
    key = "CORS" + uuid.uuid4().hex[:8].upper()
    subprocess.run([tessera_binary(), "user", "add", "cora-" + key.lower(), "--access-key", key, "--secret-key", "cora-secret",
                    "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    cora = server.client(key, "cora-secret")
    assert code_of(lambda: cora.get_bucket_cors(Bucket=bucket)) == ("AccessDenied", 403)
    assert code_of(lambda: cora.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules[1:]})) == ("AccessDenied", 403)
    assert code_of(lambda: cora.delete_bucket_cors(Bucket=bucket)) == ("AccessDenied", 403)
    assert s3.delete_bucket_cors(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.delete_bucket_cors(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert code_of(lambda: s3.get_bucket_cors(Bucket=bucket)) == ("NoSuchCORSConfiguration", 404)


def test_preflights_and_actual_requests_are_answered_as_aws_answers(server, s3, bucket):
    url = f"{server.endpoint}/{bucket}/notes.txt"
    s3.put_object(Bucket=bucket, Key="notes.txt", Body=b"test-cors", ACL="public-read")
    # No rules yet: a preflight is refused, an actual request served without fields.
    r = requests.options(url, headers={"Origin": APP, "Access-Control-Request-Method": "PUT"})
    assert r.status_code == 403
    assert error_of(r)["Code"] == "AccessForbidden"
    assert error_of(r)["Message"] == "CORSResponse: CORS is not enabled for this bucket."
    assert (error_of(r)["Method"], error_of(r)["ResourceType"]) == ("PUT", "OBJECT")
    r = requests.options(f"{server.endpoint}/{bucket}", headers={"Origin": APP})
    assert (r.status_code, error_of(r)["Method"], error_of(r)["ResourceType"]) == (403, "OPTIONS", "BUCKET")
    r = requests.get(url, headers={"Origin": APP})
    assert (r.status_code, r.content, access_control(r)) == (200, b"test-cors", {})
    # No Origin: 400 whatever the rules; a missing bucket: 403.
    r = requests.options(url, headers={"Access-Control-Request-Method": "GET", "Referer": APP})
    assert (r.status_code, error_of(r)["Code"], error_of(r)["Message"]) == (400, "BadRequest", "Insufficient information. Origin request header needed.")
    r = requests.options(f"{server.endpoint}/no-such-{bucket}/k", headers={"Origin": APP, "Access-Control-Request-Method": "GET"})
    assert (r.status_code, error_of(r)["Message"]) == (403, "CORSResponse: Bucket not found")

    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
        {"AllowedOrigins": ["https://*.example.com"], "AllowedMethods": ["GET", "PUT"], "MaxAgeSeconds": 3000,
         "AllowedHeaders": ["x-amz-*", "Content-Type"], "ExposeHeaders": ["ETag", "x-amz-request-id"]},
        {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}]})
    r = requests.options(url, headers={"Origin": APP, "Access-Control-Request-Method": "PUT",
                                       "Access-Control-Request-Headers": "X-Amz-Date, content-type"})
    assert (r.status_code, r.content) == (200, b"")
    assert access_control(r) == {
        "Access-Control-Allow-Origin": APP, "Access-Control-Allow-Credentials": "true", "Access-Control-Allow-Methods": "GET, PUT",
        "Access-Control-Allow-Headers": "x-amz-date, content-type", "Access-Control-Expose-Headers": "ETag, x-amz-request-id",
        "Access-Control-Max-Age": "3000", "Vary": VARY}
    # A header no rule names, a method no rule names, an origin no rule names: refused.
    for headers in ({"Origin": APP, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "x-custom"},
                    {"Origin": APP, "Access-Control-Request-Method": "DELETE"},
                    {"Origin": "https://example.org", "Access-Control-Request-Method": "PUT"}):
        r = requests.options(url, headers=headers)
        assert (r.status_code, error_of(r)["Code"], error_of(r)["Message"]) == (403, "AccessForbidden", NOT_ALLOWED), headers
        assert access_control(r) == {}
    # Any origin may GET, by the second rule: `*`, without credentials.
    r = requests.options(url, headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert access_control(r) == {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET", "Vary": VARY}
    r = requests.get(url, headers={"Origin": "https://example.org"})
    assert (r.status_code, r.content) == (200, b"test-cors")
    assert access_control(r) == {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET", "Vary": VARY}
    # An actual request's answer carries its rule's fields, an error's too (the page can read why).
    r = requests.get(f"{server.endpoint}/{bucket}/missing", headers={"Origin": APP})
    assert r.status_code == 403  # anonymous, and no such object
    assert access_control(r) == {
        "Access-Control-Allow-Origin": APP, "Access-Control-Allow-Credentials": "true", "Access-Control-Allow-Methods": "GET, PUT",
        "Access-Control-Expose-Headers": "ETag, x-amz-request-id", "Access-Control-Max-Age": "3000", "Vary": VARY}
    # A method no rule allows gets its answer without fields.
    r = requests.delete(url, headers={"Origin": APP})
    assert r.status_code == 403 and access_control(r) == {}
    # The preflight of a presigned URL is not taken for a signed request.
    presigned = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "up.bin"}, ExpiresIn=300)
    r = requests.options(presigned, headers={"Origin": APP, "Access-Control-Request-Method": "PUT"})
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == APP


def test_one_rule_set_under_bos_and_s3(server, s3, bucket):
    bos = bos_client(server)
    bos.put_bucket_cors(bucket, [{"allowedOrigins": [APP], "allowedMethods": ["GET", "PUT"], "allowedHeaders": ["*"],
                                  "allowedExposeHeaders": ["ETag", "x-bce-request-id"], "maxAgeSeconds": 1800}])
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == [
        {"AllowedHeaders": ["*"], "AllowedMethods": ["GET", "PUT"], "AllowedOrigins": [APP],
         "ExposeHeaders": ["ETag", "x-bce-request-id"], "MaxAgeSeconds": 1800}]
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]})
    got = bos.get_bucket_cors(bucket).cors_configuration
    assert [(c.allowed_origins, c.allowed_methods) for c in got] == [(["*"], ["GET"])]
    # A BOS presigned GET from a page: its answer carries the rule's fields.
    bos.put_object_from_string(bucket, "bos.txt", "from bos")
    url = bos.generate_pre_signed_url(bucket, "bos.txt")
    url = url.decode() if isinstance(url, bytes) else url
    r = requests.get(url, headers={"Origin": APP})
    assert (r.status_code, r.text, r.headers["Access-Control-Allow-Origin"]) == (200, "from bos", "*")
    bos.delete_bucket_cors(bucket)
    assert code_of(lambda: s3.get_bucket_cors(Bucket=bucket)) == ("NoSuchCORSConfiguration", 404)


PAGE = b"<!doctype html><title>uploader</title><p>another origin</p>"

# Uploads the parts through their presigned URLs, reads each ETag from the answer (CORS lets the
# page read it only when a rule exposes it), then completes the upload through its presigned URL.
UPLOAD = """
const [partURLs, completeURL, sizes, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
(async () => {
  const etags = [];
  for (let i = 0; i < partURLs.length; i++) {
    const body = new Uint8Array(sizes[i]).fill(97 + i);
    const r = await fetch(partURLs[i], {method: 'PUT', body});
    if (!r.ok) return done({error: 'part ' + (i + 1) + ': ' + r.status});
    etags.push(r.headers.get('ETag'));
  }
  if (etags.includes(null)) return done({etags});
  const xml = '<CompleteMultipartUpload>' + etags.map((e, i) =>
      '<Part><PartNumber>' + (i + 1) + '</PartNumber><ETag>' + e + '</ETag></Part>').join('') + '</CompleteMultipartUpload>';
  const c = await fetch(completeURL, {method: 'POST', body: xml, headers: {'Content-Type': 'application/xml'}});
  done({etags, status: c.status, body: await c.text()});
})().catch(e => done({error: String(e)}));
"""


@pytest.fixture
def page_origin():
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    thread.join(10)


def browser_upload(browser, server, bucket, key, sizes):
    # SigV4 presigning, as browser uploaders use: a SigV2 URL signs the Content-Type too.
    s3 = server.client(signature_version="s3v4")
    upload = s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    parts = [s3.generate_presigned_url("upload_part", ExpiresIn=600, Params={
        "Bucket": bucket, "Key": key, "UploadId": upload, "PartNumber": n}) for n in range(1, len(sizes) + 1)]
    complete = s3.generate_presigned_url("complete_multipart_upload", ExpiresIn=600,
                                         Params={"Bucket": bucket, "Key": key, "UploadId": upload})
    browser.set_script_timeout(60)
    return upload, browser.execute_async_script(UPLOAD, parts, complete, sizes)


def test_a_page_of_another_origin_uploads_in_parts_through_presigned_urls(server, s3, bucket, browser, page_origin):  # noqa: F811
    browser.get(page_origin + "/")
    sizes = [5 * MIB, 1234]
    # Without rules the browser refuses to send the first part (its preflight is refused).
    upload, result = browser_upload(browser, server, bucket, "blocked.bin", sizes)
    assert "error" in result and "Failed to fetch" in result["error"], result
    assert s3.list_parts(Bucket=bucket, Key="blocked.bin", UploadId=upload).get("Parts", []) == []
    # A rule that allows the page but exposes no ETag: the parts land, the page cannot read them.
    rule = {"AllowedOrigins": [page_origin], "AllowedMethods": ["PUT", "POST"], "AllowedHeaders": ["*"]}
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [rule]})
    upload, result = browser_upload(browser, server, bucket, "unread.bin", sizes)
    assert result == {"etags": [None, None]}, result
    assert [p["Size"] for p in s3.list_parts(Bucket=bucket, Key="unread.bin", UploadId=upload)["Parts"]] == sizes
    # Exposing the ETag lets the page finish the upload.
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [dict(rule, ExposeHeaders=["ETag"])]})
    upload, result = browser_upload(browser, server, bucket, "video.bin", sizes)
    assert result.get("status") == 200, result
    assert "<CompleteMultipartUploadResult" in result["body"]
    head = s3.head_object(Bucket=bucket, Key="video.bin")
    assert head["ContentLength"] == sum(sizes) and head["ETag"].endswith('-2"')
    body = s3.get_object(Bucket=bucket, Key="video.bin")["Body"].read()
    assert body == b"a" * sizes[0] + b"b" * sizes[1]
