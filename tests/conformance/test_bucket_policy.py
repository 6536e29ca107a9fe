"""Bucket policies (S3's Put/Get/DeleteBucketPolicy and GetBucketPolicyStatus; Terraform's
aws_s3_bucket_policy, aws-cli's s3api put-bucket-policy): kept, read back as given, and enforced
in the one decision of access every dialect goes through. An explicit Deny wins, even over the
bucket's owner (but never locks the owner out of the policy itself); an Allow gives what the
ACLs do not, to anyone or to named users; conditions read where the request came from and over
what. Before, setting a policy answered 501."""
import json
import subprocess
import uuid

import pytest
import requests
from botocore.exceptions import ClientError

from conftest import tessera_binary
from test_awscli import aws


def code_of(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["Error"]["Code"], e.value.response["ResponseMetadata"]["HTTPStatusCode"]


def message_of(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def add_user(server, name):
    key = name.upper()[:4] + uuid.uuid4().hex[:12].upper()
    user = f"{name}-{key.lower()}"
    subprocess.run([tessera_binary(), "user", "add", user, "--access-key", key, "--secret-key", name + "-secret",
                    "--data-dir", server.data_dir], capture_output=True, text=True, check=True)
    return user, server.client(key, name + "-secret")


def test_a_public_read_policy_lets_anyone_read_and_only_read(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="site/index.html", Body=b"<h1>hi</h1>")
    url = f"{server.endpoint}/{bucket}/site/index.html"
    assert requests.get(url).status_code == 403
    document = policy({"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{bucket}/site/*"})
    assert s3.put_bucket_policy(Bucket=bucket, Policy=document)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_bucket_policy(Bucket=bucket)["Policy"] == document
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"] == {"IsPublic": True}
    assert requests.get(url).content == b"<h1>hi</h1>"
    assert requests.head(url).status_code == 200
    s3.put_object(Bucket=bucket, Key="secret.txt", Body=b"s")
    assert requests.get(f"{server.endpoint}/{bucket}/secret.txt").status_code == 403  # outside site/
    # Reading is all it allows: no listing, no writing; a missing key is 403 without ListBucket.
    assert requests.get(f"{server.endpoint}/{bucket}?list-type=2").status_code == 403
    assert requests.put(f"{server.endpoint}/{bucket}/site/new.html", data=b"x").status_code == 403
    assert requests.get(f"{server.endpoint}/{bucket}/site/missing.html").status_code == 403
    s3.put_bucket_policy(Bucket=bucket, Policy=policy(
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["s3:GetObject"], "Resource": [f"arn:aws:s3:::{bucket}/site/*"]},
        {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}"}))
    listing = requests.get(f"{server.endpoint}/{bucket}?list-type=2&prefix=site/")
    assert listing.status_code == 200 and b"<Key>site/index.html</Key>" in listing.content
    assert requests.get(f"{server.endpoint}/{bucket}/site/missing.html").status_code == 404
    assert s3.delete_bucket_policy(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert requests.get(url).status_code == 403
    assert code_of(lambda: s3.get_bucket_policy(Bucket=bucket)) == ("NoSuchBucketPolicy", 404)
    assert code_of(lambda: s3.get_bucket_policy_status(Bucket=bucket)) == ("NoSuchBucketPolicy", 404)


def test_a_named_user_gets_what_the_policy_allows_and_no_more(server, s3, bucket):
    user, erin = add_user(server, "erin")
    assert code_of(lambda: erin.put_object(Bucket=bucket, Key="erin/a.txt", Body=b"a")) == ("AccessDenied", 403)
    s3.put_bucket_policy(Bucket=bucket, Policy=policy({
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::123456789012:user/{user}"},
        "Action": ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        "Resource": f"arn:aws:s3:::{bucket}/erin/*"}))
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"] == {"IsPublic": False}
    erin.put_object(Bucket=bucket, Key="erin/a.txt", Body=b"a")
    assert erin.get_object(Bucket=bucket, Key="erin/a.txt")["Body"].read() == b"a"
    assert code_of(lambda: erin.put_object(Bucket=bucket, Key="other/a.txt", Body=b"a")) == ("AccessDenied", 403)
    assert code_of(lambda: erin.delete_object(Bucket=bucket, Key="erin/a.txt")) == ("AccessDenied", 403)
    assert code_of(lambda: erin.list_objects_v2(Bucket=bucket)) == ("AccessDenied", 403)
    assert code_of(lambda: erin.get_bucket_policy(Bucket=bucket)) == ("AccessDenied", 403)
    # A multipart upload is PutObject at every step.
    upload = erin.create_multipart_upload(Bucket=bucket, Key="erin/big.bin")["UploadId"]
    etag = erin.upload_part(Bucket=bucket, Key="erin/big.bin", UploadId=upload, PartNumber=1, Body=b"p" * 1024)["ETag"]
    assert [p["ETag"] for p in erin.list_parts(Bucket=bucket, Key="erin/big.bin", UploadId=upload)["Parts"]] == [etag]
    erin.complete_multipart_upload(Bucket=bucket, Key="erin/big.bin", UploadId=upload,
                                   MultipartUpload={"Parts": [{"ETag": etag, "PartNumber": 1}]})
    assert s3.get_object(Bucket=bucket, Key="erin/big.bin")["Body"].read() == b"p" * 1024
    assert code_of(lambda: erin.create_multipart_upload(Bucket=bucket, Key="else/big.bin")) == ("AccessDenied", 403)
    # Another user is not named: nothing.
    _, frank = add_user(server, "frank")
    assert code_of(lambda: frank.get_object(Bucket=bucket, Key="erin/a.txt")) == ("AccessDenied", 403)


def test_policy_variables_give_each_user_a_home(server, s3, bucket):
    """The usual home-folder policy: one statement, `${aws:username}` in the resource."""
    erin_name, erin = add_user(server, "erin")
    frank_name, frank = add_user(server, "frank")
    s3.put_bucket_policy(Bucket=bucket, Policy=policy({
        "Effect": "Allow", "Principal": {"AWS": [f"arn:aws:iam::123456789012:user/{erin_name}",
                                                 f"arn:aws:iam::123456789012:user/{frank_name}"]},
        "Action": ["s3:PutObject", "s3:GetObject"], "Resource": f"arn:aws:s3:::{bucket}/home/${{aws:username}}/*"}))
    erin.put_object(Bucket=bucket, Key=f"home/{erin_name}/notes.txt", Body=b"e")
    frank.put_object(Bucket=bucket, Key=f"home/{frank_name}/notes.txt", Body=b"f")
    assert code_of(lambda: erin.get_object(Bucket=bucket, Key=f"home/{frank_name}/notes.txt")) == ("AccessDenied", 403)
    assert code_of(lambda: frank.put_object(Bucket=bucket, Key=f"home/{erin_name}/x", Body=b"x")) == ("AccessDenied", 403)
    assert erin.get_object(Bucket=bucket, Key=f"home/{erin_name}/notes.txt")["Body"].read() == b"e"



def test_object_attributes_need_both_actions_and_a_starred_variable_is_a_star(server, s3, bucket):
    """GetObjectAttributes takes s3:GetObject and s3:GetObjectAttributes (S3's reference for an
    object without versions); `${*}` in a resource is a literal `*` (IAM's policy variables)."""
    user, erin = add_user(server, "erin")
    s3.put_object(Bucket=bucket, Key="report*", Body=b"r")
    s3.put_object(Bucket=bucket, Key="reports", Body=b"s")
    principal = {"AWS": f"arn:aws:iam::123456789012:user/{user}"}
    attributes = lambda key: erin.get_object_attributes(Bucket=bucket, Key=key, ObjectAttributes=["ObjectSize"])
    s3.put_bucket_policy(Bucket=bucket, Policy=policy({
        "Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}))
    assert erin.get_object(Bucket=bucket, Key="reports")["Body"].read() == b"s"
    assert code_of(lambda: attributes("reports")) == ("AccessDenied", 403)
    s3.put_bucket_policy(Bucket=bucket, Policy=policy({
        "Effect": "Allow", "Principal": principal, "Action": ["s3:GetObject", "s3:GetObjectAttributes"],
        "Resource": f"arn:aws:s3:::{bucket}/report${{*}}"}))
    assert attributes("report*")["ObjectSize"] == 1
    assert code_of(lambda: attributes("reports")) == ("AccessDenied", 403)
    assert code_of(lambda: erin.get_object(Bucket=bucket, Key="reports")) == ("AccessDenied", 403)

def test_a_deny_wins_over_the_owner_but_never_locks_the_owner_out(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="keep/x", Body=b"x")
    s3.put_bucket_policy(Bucket=bucket, Policy=policy({
        "Effect": "Deny", "Principal": "*", "Action": ["s3:DeleteObject", "s3:PutBucketTagging", "s3:*Policy"],
        "Resource": [f"arn:aws:s3:::{bucket}/keep/*", f"arn:aws:s3:::{bucket}"]}))
    assert code_of(lambda: s3.delete_object(Bucket=bucket, Key="keep/x")) == ("AccessDenied", 403)
    deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "keep/x"}]})
    assert [e["Code"] for e in deleted.get("Errors", [])] == ["AccessDenied"]
    assert code_of(lambda: s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})) == ("AccessDenied", 403)
    assert s3.get_object(Bucket=bucket, Key="keep/x")["Body"].read() == b"x"
    # The owner still reads, replaces and deletes the policy that denies it.
    assert "Deny" in s3.get_bucket_policy(Bucket=bucket)["Policy"]
    s3.delete_bucket_policy(Bucket=bucket)
    s3.delete_object(Bucket=bucket, Key="keep/x")


def test_conditions_on_transport_and_source_address(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="a.txt", Body=b"a")
    url = f"{server.endpoint}/{bucket}/a.txt"
    # Terraform's usual "TLS only" statement: this server is plain HTTP, so everything is denied.
    s3.put_bucket_policy(Bucket=bucket, Policy=policy({
        "Sid": "AllowSSLRequestsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}))
    assert code_of(lambda: s3.get_object(Bucket=bucket, Key="a.txt")) == ("AccessDenied", 403)
    assert code_of(lambda: s3.list_objects_v2(Bucket=bucket)) == ("AccessDenied", 403)
    s3.delete_bucket_policy(Bucket=bucket)
    # Anonymous reads only from an address range: not from 10/8, from loopback.
    def from_range(cidr):
        s3.put_bucket_policy(Bucket=bucket, Policy=policy({
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*",
            "Condition": {"IpAddress": {"aws:SourceIp": [cidr]}}}))
    from_range("10.0.0.0/8")
    assert requests.get(url).status_code == 403
    from_range("127.0.0.0/8")
    assert requests.get(url).content == b"a"
    assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"] == {"IsPublic": False}
    # StringLike on the User-Agent, a negated operator.
    s3.put_bucket_policy(Bucket=bucket, Policy=policy({
        "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*",
        "Condition": {"StringNotLike": {"aws:UserAgent": ["*Boto3*"]}}}))
    assert s3.get_object(Bucket=bucket, Key="a.txt")["Body"].read() == b"a"
    assert requests.get(url, headers={"User-Agent": "curl/8"}).status_code == 403


@pytest.mark.parametrize("statement,code,message", [
    (None, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'"),
    ({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{b}/*"}, "MalformedPolicy", "Missing required field Principal"),
    ({"Effect": "Allow", "Principal": "*", "Resource": "arn:aws:s3:::{b}/*"}, "MalformedPolicy", "Missing required field Action"),
    ({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}, "MalformedPolicy", "Missing required field Resource"),
    ({"Effect": "Maybe", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{b}/*"}, "MalformedPolicy", "Invalid effect: Maybe"),
    ({"Effect": "Allow", "Principal": "*", "Action": "iam:PassRole", "Resource": "arn:aws:s3:::{b}/*"}, "MalformedPolicy", "Policy has invalid action"),
    ({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::another-bucket/*"}, "MalformedPolicy", "Policy has invalid resource"),
    ({"Effect": "Allow", "Principal": "someone", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{b}/*"}, "MalformedPolicy", "Invalid principal in policy"),
    ({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::{b}/*",
      "Condition": {"StringSortOf": {"aws:Referer": "x"}}}, "MalformedPolicy", "Invalid Condition type : StringSortOf"),
])
def test_what_is_not_a_policy_is_refused_as_s3_refuses_it(s3, bucket, statement, code, message):
    text = "not json" if statement is None else policy(json.loads(json.dumps(statement).replace("{b}", bucket)))
    assert message_of(lambda: s3.put_bucket_policy(Bucket=bucket, Policy=text)) == (code, message)
    assert code_of(lambda: s3.get_bucket_policy(Bucket=bucket)) == ("NoSuchBucketPolicy", 404)


def test_the_public_access_block_refuses_and_restricts_public_policies(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="a.txt", Body=b"a")
    public = policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"})
    s3.put_bucket_policy(Bucket=bucket, Policy=public)
    assert requests.get(f"{server.endpoint}/{bucket}/a.txt").content == b"a"
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"RestrictPublicBuckets": True})
    assert requests.get(f"{server.endpoint}/{bucket}/a.txt").status_code == 403
    assert s3.get_object(Bucket=bucket, Key="a.txt")["Body"].read() == b"a"
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={"BlockPublicPolicy": True})
    assert code_of(lambda: s3.put_bucket_policy(Bucket=bucket, Policy=public)) == ("AccessDenied", 403)
    user, _ = add_user(server, "gina")
    s3.put_bucket_policy(Bucket=bucket, Policy=policy({
        "Effect": "Allow", "Principal": {"AWS": [f"arn:aws:iam::000000000000:user/{user}"]}, "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*"}))
    s3.delete_public_access_block(Bucket=bucket)


def test_awscli_sets_and_reads_a_policy(server, s3, bucket, tmp_path):
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                                        "Resource": f"arn:aws:s3:::{bucket}/*"}]}
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(document))
    aws(server, "s3api", "put-bucket-policy", "--bucket", bucket, "--policy", f"file://{path}")
    read = json.loads(aws(server, "s3api", "get-bucket-policy", "--bucket", bucket).stdout)
    assert json.loads(read["Policy"]) == document
    status = json.loads(aws(server, "s3api", "get-bucket-policy-status", "--bucket", bucket).stdout)
    assert status == {"PolicyStatus": {"IsPublic": True}}
    aws(server, "s3api", "delete-bucket-policy", "--bucket", bucket)


def test_the_policy_judges_every_dialects_requests(server, s3, bucket):
    """One decision of access for every dialect: a Deny set through S3 refuses the same delete
    and the same read through BOS (bce-python-sdk), even to the bucket's owner; conditions on
    where a BOS request came from and over what hold as for S3's."""
    from baidubce.exception import BceHttpClientError
    from test_bos import bos_client
    s3.put_object(Bucket=bucket, Key="keep/x", Body=b"x")
    s3.put_object(Bucket=bucket, Key="open/y", Body=b"y")
    s3.put_object(Bucket=bucket, Key="local/z", Body=b"z")
    s3.put_bucket_policy(Bucket=bucket, Policy=policy(
        {"Effect": "Deny", "Principal": "*", "Action": ["s3:DeleteObject", "s3:GetObject"], "Resource": f"arn:aws:s3:::{bucket}/keep/*"},
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/open/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/local/*",
         "Condition": {"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}, "Bool": {"aws:SecureTransport": "false"}}}))
    bos = bos_client(server)
    with pytest.raises(BceHttpClientError) as e:
        bos.delete_object(bucket, "keep/x")
    assert (e.value.last_error.status_code, e.value.last_error.code) == (403, "AccessDenied")
    with pytest.raises(BceHttpClientError) as e:
        bos.get_object_as_string(bucket, "keep/x")
    assert e.value.last_error.status_code == 403
    assert bos.get_object_as_string(bucket, "open/y") == b"y"
    with pytest.raises(BceHttpClientError) as e:  # BOS's requests have their address and transport too
        bos.get_object_as_string(bucket, "local/z")
    assert e.value.last_error.status_code == 403
    s3.delete_bucket_policy(Bucket=bucket)
    bos.delete_object(bucket, "keep/x")


def test_minio_py_sets_the_policy_mc_anonymous_sets(server, bucket):
    """minio-py's set/get/delete_bucket_policy with the document MinIO's `mc anonymous set
    download` writes: anyone lists the bucket and reads its objects."""
    from minio import Minio
    from minio.error import S3Error
    from conftest import ACCESS_KEY, SECRET_KEY
    mc = Minio(f"127.0.0.1:{server.port}", access_key=ACCESS_KEY, secret_key=SECRET_KEY, secure=False, region="us-east-1")
    import io
    mc.put_object(bucket, "pics/cat.jpg", io.BytesIO(b"meow"), 4)
    download = policy(
        {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
         "Resource": [f"arn:aws:s3:::{bucket}"]},
        {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["s3:GetObject"], "Resource": [f"arn:aws:s3:::{bucket}/*"]})
    mc.set_bucket_policy(bucket, download)
    assert json.loads(mc.get_bucket_policy(bucket)) == json.loads(download)
    anonymous = Minio(f"127.0.0.1:{server.port}", secure=False, region="us-east-1")
    assert anonymous.get_object(bucket, "pics/cat.jpg").read() == b"meow"
    assert [o.object_name for o in anonymous.list_objects(bucket, prefix="pics/")] == ["pics/cat.jpg"]
    with pytest.raises(S3Error) as e:
        anonymous.put_object(bucket, "pics/dog.jpg", io.BytesIO(b"woof"), 4)
    assert e.value.code == "AccessDenied"
    mc.delete_bucket_policy(bucket)
    with pytest.raises(S3Error) as e:
        anonymous.get_object(bucket, "pics/cat.jpg")
    assert e.value.code == "AccessDenied"


def test_s3cmd_sets_shows_and_deletes_a_policy(server, s3, bucket, tmp_path):
    """s3cmd's `setpolicy`, `info` (which reads the policy among the bucket's settings) and
    `delpolicy`."""
    from conftest import ACCESS_KEY, SECRET_KEY
    from test_more_clients import run
    cfg = tmp_path / "s3cfg"
    host = f"127.0.0.1:{server.port}"
    cfg.write_text(f"[default]\naccess_key = {ACCESS_KEY}\nsecret_key = {SECRET_KEY}\nhost_base = {host}\nhost_bucket = {host}\n"
                   "use_https = False\nsignature_v2 = False\nbucket_location = us-east-1\n")
    document = tmp_path / "policy.json"
    document.write_text(policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                "Resource": f"arn:aws:s3:::{bucket}/*"}))
    run("s3cmd", "-c", str(cfg), "setpolicy", str(document), f"s3://{bucket}")
    info = run("s3cmd", "-c", str(cfg), "info", f"s3://{bucket}").stdout
    assert "Policy:" in info and "s3:GetObject" in info, info
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]) == json.loads(document.read_text())
    run("s3cmd", "-c", str(cfg), "delpolicy", f"s3://{bucket}")
    assert code_of(lambda: s3.get_bucket_policy(Bucket=bucket)) == ("NoSuchBucketPolicy", 404)


def test_behind_a_trusted_proxy_the_forwarded_client_is_the_source(server, s3, bucket, new_server):
    """`--trusted-proxy`: a load balancer in front speaks for its client in X-Forwarded-For,
    which is what aws:SourceIp then sees. Without it (the main server), a client's own
    X-Forwarded-For changes nothing."""
    from conftest import ACCESS_KEY, SECRET_KEY
    only_from = lambda b: policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/*",
                                  "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}})
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    s3.put_bucket_policy(Bucket=bucket, Policy=only_from(bucket))
    assert requests.get(f"{server.endpoint}/{bucket}/k", headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 403
    proxied = new_server(extra_args=["--trusted-proxy", "127.0.0.1/32"]).start()
    client = proxied.client(ACCESS_KEY, SECRET_KEY)
    client.create_bucket(Bucket="proxied")
    client.put_object(Bucket="proxied", Key="k", Body=b"v")
    client.put_bucket_policy(Bucket="proxied", Policy=only_from("proxied"))
    url = f"{proxied.endpoint}/proxied/k"
    assert requests.get(url, headers={"X-Forwarded-For": "203.0.113.5"}).content == b"v"
    assert requests.get(url, headers={"X-Forwarded-For": "203.0.113.5, 198.51.100.1"}).status_code == 403
    assert requests.get(url).status_code == 403  # the proxy itself is not in the range
    r = subprocess.run([tessera_binary(), "serve", "--trusted-proxy", "not-an-address", "--port", "0"], capture_output=True, text=True, timeout=30)
    assert r.returncode != 0 and "--trusted-proxy not-an-address is not an address or a CIDR range." in r.stderr
