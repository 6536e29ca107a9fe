"""Abandoned uploads: lifecycle rules through boto3 and bce-python-sdk, abort headers, the reaper
with a moved storage clock, /metrics, and `tessera uploads ls/abort/reap`."""
import datetime
import json
import re
import subprocess
import time
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, SECRET_KEY, tessera_binary
from test_bos import bos_client

TMP_RULE = {"ID": "tmp-1d", "Filter": {"Prefix": "tmp/"}, "Status": "Enabled",
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def metrics(server):
    text = urllib.request.urlopen(server.endpoint + "/metrics", timeout=10).read().decode()
    values = {}
    for line in text.splitlines():
        m = re.match(r'^(\w+)(?:\{bucket="([^"]*)"\})? (\S+)$', line)
        if m:
            values[(m.group(1), m.group(2))] = float(m.group(3))
    return values


def cli(*args, env=None):
    full_env = {"TESSERA_ACCESS_KEY": ACCESS_KEY, "TESSERA_SECRET_KEY": SECRET_KEY, "PATH": "/usr/bin:/bin"}
    out = subprocess.run([tessera_binary(), "uploads", *args], capture_output=True, text=True, timeout=120, env=full_env)
    assert out.returncode == 0, out.stderr + out.stdout
    return out.stdout


def test_rules_round_trip_and_abort_headers(s3, bucket):
    disabled = {"ID": "all-30d", "Filter": {"Prefix": ""}, "Status": "Disabled",
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 30}}
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [TMP_RULE, disabled]})
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"] == [TMP_RULE, disabled]

    before = datetime.datetime.now(datetime.timezone.utc)
    created = s3.create_multipart_upload(Bucket=bucket, Key="tmp/a")
    assert created["AbortRuleId"] == "tmp-1d"
    date = created["AbortDate"]
    assert (date.hour, date.minute, date.second) == (0, 0, 0)
    assert before + datetime.timedelta(days=1) <= date <= before + datetime.timedelta(days=2)

    part = s3.upload_part(Bucket=bucket, Key="tmp/a", UploadId=created["UploadId"], PartNumber=1, Body=b"x" * 1000)
    headers = part["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amz-abort-rule-id"] == "tmp-1d"
    assert headers["x-amz-abort-date"] == date.strftime("%a, %d %b %Y %H:%M:%S GMT")
    listed = s3.list_parts(Bucket=bucket, Key="tmp/a", UploadId=created["UploadId"])
    assert (listed["AbortDate"], listed["AbortRuleId"]) == (date, "tmp-1d")

    untouched = s3.create_multipart_upload(Bucket=bucket, Key="keep/a")
    assert "AbortDate" not in untouched and "AbortRuleId" not in untouched

    s3.delete_bucket_lifecycle(Bucket=bucket)
    with pytest.raises(ClientError) as e:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert error_code(e) == "NoSuchLifecycleConfiguration"
    assert "AbortDate" not in s3.create_multipart_upload(Bucket=bucket, Key="tmp/b")


def test_rules_the_engine_would_not_enforce_are_refused_not_dropped(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
            {"ID": "archive", "Filter": {"Prefix": "logs/"}, "Status": "Enabled",
             "Transitions": [{"Days": 7, "StorageClass": "GLACIER"}]}]})
    assert error_code(e) == "NotImplemented"
    with pytest.raises(ClientError) as e:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
            {"ID": "t", "Filter": {"Tag": {"Key": "a", "Value": "b"}}, "Status": "Enabled",
             "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]})
    assert error_code(e) == "InvalidRequest"
    with pytest.raises(ClientError) as e:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert error_code(e) == "NoSuchLifecycleConfiguration"


def test_bos_rules_map_onto_the_same_engine_rules(server, s3):
    bos = bos_client(server)
    name = "bos-lc-" + uuid.uuid4().hex[:8]
    bos.create_bucket(name)
    rule = {"id": "abort-7d", "status": "enabled", "resource": [f"{name}/uploads/*"],
            "condition": {"time": {"dateGreaterThan": "$(lastModified)+P7D"}}, "action": {"name": "AbortMultipartUpload"}}
    bos.put_bucket_lifecycle(name, [rule])
    got = bos.get_bucket_lifecycle(name)
    assert got.rule[0].id == "abort-7d"
    assert got.rule[0].resource == [f"{name}/uploads/*"]
    assert got.rule[0].condition.time.date_greater_than == "$(lastModified)+P7D"
    assert got.rule[0].action.name == "AbortMultipartUpload"
    # The same rule seen through S3, and it governs uploads initiated through S3.
    assert s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"] == [
        {"ID": "abort-7d", "Filter": {"Prefix": "uploads/"}, "Status": "Enabled",
         "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]
    assert s3.create_multipart_upload(Bucket=name, Key="uploads/x")["AbortRuleId"] == "abort-7d"
    transition = dict(rule, action={"name": "Transition", "storageClass": "COLD"})
    with pytest.raises(Exception) as e:
        bos.put_bucket_lifecycle(name, [transition])
    assert getattr(e.value.last_error, "code", None) == "NotImplemented"
    bos.delete_bucket_lifecycle(name)
    with pytest.raises(ClientError):
        s3.get_bucket_lifecycle_configuration(Bucket=name)


def test_reaper_aborts_exactly_the_expired_uploads_when_the_clock_moves(new_server):
    srv = new_server(extra_args=["--reap-interval", "0"]).start()
    s3 = srv.client()
    name = "reap-" + uuid.uuid4().hex[:8]
    s3.create_bucket(Bucket=name)
    s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [TMP_RULE]})
    old = s3.create_multipart_upload(Bucket=name, Key="tmp/old")
    s3.upload_part(Bucket=name, Key="tmp/old", UploadId=old["UploadId"], PartNumber=1, Body=b"o" * 1500)
    kept = s3.create_multipart_upload(Bucket=name, Key="keep/old")
    s3.upload_part(Bucket=name, Key="keep/old", UploadId=kept["UploadId"], PartNumber=1, Body=b"k" * 700)
    m = metrics(srv)
    assert m[("tessera_uploads_in_progress", name)] == 2
    assert m[("tessera_upload_bytes", name)] == 2200
    assert m[("tessera_upload_parts", name)] == 2

    until_abort = old["AbortDate"].timestamp() - time.time()

    # An hour before tmp/old's abort date: nothing is due yet; a new tmp/ upload gets a later date.
    srv.stop()
    srv.extra_args = ["--reap-interval", "0", "--clock-offset", str(int(until_abort - 3600))]
    srv.start()
    s3 = srv.client()
    young = s3.create_multipart_upload(Bucket=name, Key="tmp/young")
    assert young["AbortDate"] > old["AbortDate"]
    assert "aborted 0 uploads" in cli("reap", "--endpoint", srv.endpoint)

    # An hour after it: exactly tmp/old goes, through the admin endpoint.
    srv.stop()
    srv.extra_args = ["--reap-interval", "0", "--clock-offset", str(int(until_abort + 3600))]
    srv.start()
    s3 = srv.client()
    out = cli("reap", "--endpoint", srv.endpoint)
    assert "aborted 1 upload (1 part, 1.5 KiB)" in out, out
    left = {u["UploadId"] for u in s3.list_multipart_uploads(Bucket=name).get("Uploads", [])}
    assert left == {kept["UploadId"], young["UploadId"]}
    with pytest.raises(ClientError) as e:
        s3.list_parts(Bucket=name, Key="tmp/old", UploadId=old["UploadId"])
    assert error_code(e) == "NoSuchUpload"
    m = metrics(srv)
    assert m[("tessera_uploads_in_progress", name)] == 2
    assert m[("tessera_upload_bytes", name)] == 700
    assert m[("tessera_reaper_aborted_uploads_total", None)] == 1
    assert m[("tessera_reaper_reclaimed_bytes_total", None)] == 1500
    assert m[("tessera_upload_oldest_age_seconds", name)] > 86_400

    # `uploads ls` through the admin endpoint, as JSON and filtered by age.
    rows = [json.loads(l) for l in cli("ls", name, "--json", "--endpoint", srv.endpoint).splitlines()]
    assert [(r["key"], r["dialect"], r["parts"], r["bytes"]) for r in rows] == [("keep/old", "s3", 1, 700), ("tmp/young", "s3", 0, 0)]
    assert [r["uploadId"] for r in rows] == [kept["UploadId"], young["UploadId"]]
    older = [json.loads(l)["key"] for l in cli("ls", "--older-than", "1d", "--json", "--endpoint", srv.endpoint).splitlines()]
    assert older == ["keep/old"]
    table = cli("ls", name, "--prefix", "tmp/", "--endpoint", srv.endpoint)
    assert table.splitlines()[0].split()[:3] == ["BUCKET", "KEY", "UPLOAD"] and "tmp/young" in table and "keep/old" not in table

    # `uploads abort` on the stopped server's data directory: dry run first, then for real.
    srv.stop()
    # (The command runs on real time, so select by prefix here rather than by the moved clock's age.)
    assert "Would abort 1 upload holding 1 part, 700 B." in cli("abort", name, "--prefix", "keep/", "--dry-run", "--data-dir", srv.data_dir)
    out = cli("abort", name, "--prefix", "keep/", "--data-dir", srv.data_dir)
    assert "Aborted 1 upload; reclaimed 1 part, 700 B." in out, out
    srv.extra_args = ["--reap-interval", "0"]
    srv.start()
    left = [u["Key"] for u in srv.client().list_multipart_uploads(Bucket=name).get("Uploads", [])]
    assert left == ["tmp/young"]


def test_admin_endpoint_needs_an_admin_signature(server):
    import rawhttp
    ok = rawhttp.request("GET", server.endpoint, "/_tessera/uploads?older-than=0")
    assert ok.status == 200, ok.data
    assert "uploads" in json.loads(ok.data)
    key = "AKUSER" + uuid.uuid4().hex[:8].upper()
    subprocess.run([tessera_binary(), "user", "add", "plain", "--access-key", key, "--secret-key", "plain-secret",
                    "--data-dir", server.data_dir], check=True, capture_output=True, timeout=60)
    refused = rawhttp.request("GET", server.endpoint, "/_tessera/uploads", access_key=key, secret_key="plain-secret")
    assert refused.status == 403 and json.loads(refused.data)["code"] == "accessDenied"
    unsigned = rawhttp.send("POST", server.endpoint, "/_tessera/reap")
    assert unsigned.status == 403
    forged = rawhttp.request("POST", server.endpoint, "/_tessera/reap", secret_key="not-the-secret")
    assert forged.status == 403


def test_reaper_benchmark_reads_only_expired_entries_at_small_scale():
    """The scale check of docs/benchmarks.md, small enough for CI: correctness only, no timing."""
    out = subprocess.run([tessera_binary(), "bench", "reaper", "--uploads", "20000", "--expired", "0.05"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr + out.stdout
    assert "index entries read 1000, aborted 1000" in out.stdout
    assert "second pass (nothing due)" in out.stdout and "index entries read 0" in out.stdout
