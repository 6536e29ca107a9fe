"""Browser form uploads (S3's POST Object): boto3's `generate_presigned_post`, with SigV2 and SigV4,
posted by requests and by headless Chromium from a page of another origin. The policy is held
as S3 holds it (its expiry, each condition, no field it does not name, the file's size range),
the key takes `${filename}`, and the answer is 204, 200, 201 with S3's `PostResponse`, or a 303 to
`success_action_redirect`. A refused form stores nothing. Before, a POST to a bucket answered 501."""
import hashlib
import subprocess
import uuid
import xml.etree.ElementTree as ET

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import tessera_binary
from test_console import browser  # noqa: F401 (the fixture: headless Chromium)
from test_cors import page_origin  # noqa: F401 (a page of another origin)

MIB = 1024 * 1024


def missing(s3, bucket, key):
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key=key)
    return e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def error(response):
    root = ET.fromstring(response.content)
    return root.findtext("Code"), root.findtext("Message")


@pytest.mark.parametrize("signature", ["s3", "s3v4"])
def test_a_presigned_post_uploads_with_its_fields(server, bucket, signature):
    s3 = server.client(signature_version=signature)
    post = s3.generate_presigned_post(
        bucket, "uploads/${filename}", ExpiresIn=600,
        Fields={"Content-Type": "image/png", "x-amz-meta-owner": "eve", "acl": "public-read", "Cache-Control": "max-age=60"},
        Conditions=[["starts-with", "$Content-Type", "image/"], {"x-amz-meta-owner": "eve"}, {"acl": "public-read"},
                    {"Cache-Control": "max-age=60"}, ["content-length-range", 1, 20 * MIB]])
    content = bytes(range(256)) * (12 * 1024 + 7)  # 3 MiB and a bit: many socket reads
    r = requests.post(post["url"], data=post["fields"], files={"file": ("cat.png", content, "application/octet-stream")})
    assert r.status_code == 204, r.text
    assert r.headers["ETag"] == '"%s"' % hashlib.md5(content).hexdigest()
    assert r.headers["Location"].endswith(f"/{bucket}/uploads%2Fcat.png")
    head = s3.head_object(Bucket=bucket, Key="uploads/cat.png")
    assert (head["ContentLength"], head["ContentType"], head["Metadata"], head["CacheControl"]) == (len(content), "image/png", {"owner": "eve"}, "max-age=60")
    assert s3.get_object(Bucket=bucket, Key="uploads/cat.png")["Body"].read() == content
    # The ACL field was applied: anyone reads it.
    assert requests.get(f"{server.endpoint}/{bucket}/uploads/cat.png").content == content


def test_the_answer_the_form_asks_for(server, s3, bucket):
    def post_with(fields, conditions):
        return s3.generate_presigned_post(bucket, "answers/${filename}", Fields=fields, Conditions=conditions, ExpiresIn=600)

    post = post_with({"success_action_status": "201"}, [{"success_action_status": "201"}])
    r = requests.post(post["url"], data=post["fields"], files={"file": ("a b.txt", b"created")})
    assert r.status_code == 201
    root = ET.fromstring(r.content)
    assert root.tag == "PostResponse"
    assert (root.findtext("Bucket"), root.findtext("Key"), root.findtext("ETag")) == (bucket, "answers/a b.txt", '"%s"' % hashlib.md5(b"created").hexdigest())
    post = post_with({"success_action_status": "200"}, [{"success_action_status": "200"}])
    r = requests.post(post["url"], data=post["fields"], files={"file": ("ok.txt", b"ok")})
    assert (r.status_code, r.content) == (200, b"")
    redirect = "https://app.example.com/done?from=upload"
    post = post_with({"success_action_redirect": redirect}, [{"success_action_redirect": redirect}])
    r = requests.post(post["url"], data=post["fields"], files={"file": ("r.txt", b"redirected")}, allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["Location"] == redirect + f"&bucket={bucket}&key=answers%2Fr.txt&etag=%22{hashlib.md5(b'redirected').hexdigest()}%22"
    assert s3.get_object(Bucket=bucket, Key="answers/r.txt")["Body"].read() == b"redirected"


def test_a_form_the_policy_refuses_stores_nothing(server, s3, bucket):
    def post_with(conditions, expires=600, fields=None):
        return s3.generate_presigned_post(bucket, "refused/${filename}", Fields=fields, Conditions=conditions, ExpiresIn=expires)

    size = [["content-length-range", 10, 1000]]
    cases = [
        (post_with(size), {}, b"x" * 1001, 400, "EntityTooLarge"),
        (post_with(size), {}, b"x" * 9, 400, "EntityTooSmall"),
        (post_with(size + [["starts-with", "$Content-Type", "image/"]], fields={"Content-Type": "image/png"}),
         {"Content-Type": "text/html"}, b"x" * 20, 403, "AccessDenied"),
        (post_with(size), {"x-amz-meta-extra": "1"}, b"x" * 20, 403, "AccessDenied"),
        (post_with(size, expires=-60), {}, b"x" * 20, 403, "AccessDenied"),
        (post_with(size), {"key": "elsewhere/${filename}"}, b"x" * 20, 403, "AccessDenied"),
    ]
    for n, (post, changes, content, status, code) in enumerate(cases):
        r = requests.post(post["url"], data=dict(post["fields"], **changes), files={"file": (f"f{n}.bin", content)})
        assert (r.status_code, error(r)[0]) == (status, code), (n, r.text)
        assert missing(s3, bucket, f"refused/f{n}.bin") and missing(s3, bucket, f"elsewhere/f{n}.bin")
    assert error(requests.post(cases[4][0]["url"], data=cases[4][0]["fields"], files={"file": ("e", b"x" * 20)}))[1] == \
        "Invalid according to Policy: Policy expired."
    assert error(requests.post(cases[3][0]["url"], data=dict(cases[3][0]["fields"], **{"x-amz-meta-extra": "1"}),
                               files={"file": ("e", b"x" * 20)}))[1] == "Invalid according to Policy: Extra input fields: x-amz-meta-extra"
    # A tampered signature, an unknown key, no key field, no file, a broken form.
    post = post_with(size)
    r = requests.post(post["url"], data=dict(post["fields"], signature="AAAA" + post["fields"]["signature"][4:]), files={"file": ("t", b"x" * 20)})
    assert (r.status_code, error(r)[0]) == (403, "SignatureDoesNotMatch")
    r = requests.post(post["url"], data=dict(post["fields"], AWSAccessKeyId="AKNOBODY"), files={"file": ("t", b"x" * 20)})
    assert (r.status_code, error(r)[0]) == (403, "InvalidAccessKeyId")
    r = requests.post(post["url"], data={k: v for k, v in post["fields"].items() if k != "key"}, files={"file": ("t", b"x" * 20)})
    assert (r.status_code, error(r)) == (400, ("InvalidArgument", "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields."))
    r = requests.post(post["url"], files={k: (None, v) for k, v in post["fields"].items()})
    assert (r.status_code, error(r)[0]) == (400, "InvalidArgument")
    prepared = requests.Request("POST", post["url"], data=post["fields"], files={"file": ("cut.bin", b"x" * 500)}).prepare()
    r = requests.post(post["url"], data=prepared.body[:-80], headers={"Content-Type": prepared.headers["Content-Type"]})
    assert (r.status_code, error(r)[0]) == (400, "MalformedPOSTRequest")
    assert missing(s3, bucket, "refused/cut.bin") and missing(s3, bucket, "refused/t")


def test_without_a_policy_only_a_bucket_open_to_writes_takes_it(server, s3, bucket):
    form = {"key": "anon.txt"}
    r = requests.post(f"{server.endpoint}/{bucket}", data=form, files={"file": ("anon.txt", b"hello")})
    assert (r.status_code, error(r)[0]) == (403, "AccessDenied")
    assert missing(s3, bucket, "anon.txt")
    open_bucket = "open-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=open_bucket, ACL="public-read-write")
    r = requests.post(f"{server.endpoint}/{open_bucket}", data=form, files={"file": ("anon.txt", b"hello")})
    assert r.status_code == 204, r.text
    assert s3.get_object(Bucket=open_bucket, Key="anon.txt")["Body"].read() == b"hello"
    # Another user's signed form for a bucket it may not write to: 403.
    key = "POST" + uuid.uuid4().hex[:8].upper()
    subprocess.run([tessera_binary(), "user", "add", "poe-" + key.lower(), "--access-key", key, "--secret-key", "poe-secret",
                    "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    post = server.client(key, "poe-secret").generate_presigned_post(bucket, "poe.txt", ExpiresIn=600)
    r = requests.post(post["url"], data=post["fields"], files={"file": ("poe.txt", b"nope")})
    assert (r.status_code, error(r)[0]) == (403, "AccessDenied")
    assert missing(s3, bucket, "poe.txt")


# Posts the form's fields and a file made in the page, as a browser's upload form does.
FORM_POST = """
const [url, fields, size, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
const form = new FormData();
for (const [k, v] of Object.entries(fields)) form.append(k, v);
form.append('file', new Blob([new Uint8Array(size).fill(122)], {type: 'video/mp4'}), 'clip.mp4');
fetch(url, {method: 'POST', body: form})
  .then(r => done({status: r.status, etag: r.headers.get('ETag')}))
  .catch(e => done({error: String(e)}));
"""


def test_a_page_of_another_origin_posts_a_form(server, bucket, browser, page_origin):  # noqa: F811
    s3 = server.client(signature_version="s3v4")
    browser.get(page_origin + "/")
    browser.set_script_timeout(60)
    post = s3.generate_presigned_post(bucket, "clips/${filename}", ExpiresIn=600, Fields={"Content-Type": "video/mp4"},
                                      Conditions=[{"Content-Type": "video/mp4"}, ["content-length-range", 1, 10 * MIB]])
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [
        {"AllowedOrigins": [page_origin], "AllowedMethods": ["POST"], "ExposeHeaders": ["ETag"]}]})
    result = browser.execute_async_script(FORM_POST, post["url"], post["fields"], 2 * MIB + 3)
    assert result == {"status": 204, "etag": '"%s"' % hashlib.md5(b"z" * (2 * MIB + 3)).hexdigest()}, result
    head = s3.head_object(Bucket=bucket, Key="clips/clip.mp4")
    assert (head["ContentLength"], head["ContentType"]) == (2 * MIB + 3, "video/mp4")
