"""Lifecycle expiration of objects: S3's Expiration (boto3, aws-cli) and BOS's DeleteObject
(bce-python-sdk) rules stored and shown, `x-amz-expiration` on HEAD and GET, and the reaper
deleting exactly the expired objects when the storage clock moves."""
import datetime
import json
import pathlib
import re
import subprocess
import time
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import tessera_binary
from test_awscli import aws
from test_bos import bos_client
from test_lifecycle import cli, error_code, metrics

UTC = datetime.timezone.utc

TAGGED_RULE = {"ID": "tmp-tagged-1d", "Status": "Enabled", "Expiration": {"Days": 1},
               "Filter": {"And": {"Prefix": "tmp/", "Tags": [{"Key": "class", "Value": "scratch"}]}}}
SIZED_RULE = {"ID": "large-30d", "Status": "Enabled", "Expiration": {"Days": 30},
              "Filter": {"ObjectSizeGreaterThan": 1000}}
DATED_RULE = {"ID": "dated", "Status": "Disabled", "Expiration": {"Date": datetime.datetime(2027, 1, 1, tzinfo=UTC)},
              "Filter": {"Prefix": "old/"}}
# The common rule for any bucket: delete markers (none without versions) and stale uploads.
MARKER_RULE = {"ID": "hygiene", "Status": "Enabled", "Filter": {"Prefix": ""},
               "Expiration": {"ExpiredObjectDeleteMarker": True},
               "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}


def test_expiration_rules_round_trip_through_boto3(s3, bucket):
    rules = [TAGGED_RULE, SIZED_RULE, DATED_RULE, MARKER_RULE]
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"] == rules


def test_rules_s3_refuses_are_refused(s3, bucket):
    def refused(rule):
        with pytest.raises(ClientError) as e:
            s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [rule]})
        return error_code(e), e.value.response["Error"].get("Message", "")

    base = {"ID": "r", "Status": "Enabled", "Filter": {"Prefix": ""}}
    assert refused(dict(base, Expiration={"Days": 0})) == ("InvalidArgument", "'Days' for Expiration action must be a positive integer")
    assert refused(dict(base, Expiration={"Date": datetime.datetime(2027, 1, 1, 12, tzinfo=UTC)})) == \
        ("InvalidArgument", "'Date' must be at midnight GMT")
    assert refused(dict(base, Filter={"ObjectSizeGreaterThan": 10},
                        AbortIncompleteMultipartUpload={"DaysAfterInitiation": 1}))[0] == "InvalidRequest"
    assert refused(dict(base, Filter={"And": {"Tags": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]}},
                        Expiration={"Days": 1}))[0] == "InvalidRequest"
    assert refused(dict(base, Filter={"And": {"ObjectSizeGreaterThan": 10, "ObjectSizeLessThan": 10}},
                        Expiration={"Days": 1}))[0] == "InvalidArgument"
    # Actions Tessera does not run are still refused, not stored and ignored.
    assert refused(dict(base, Transitions=[{"Days": 30, "StorageClass": "GLACIER"}]))[0] == "NotImplemented"
    with pytest.raises(ClientError) as e:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert error_code(e) == "NoSuchLifecycleConfiguration"


def test_head_and_get_name_the_rule_that_expires_the_object(s3, bucket):
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [TAGGED_RULE, SIZED_RULE]})
    before = datetime.datetime.now(UTC)
    put = s3.put_object(Bucket=bucket, Key="tmp/a", Body=b"x" * 10, Tagging="class=scratch")
    s3.put_object(Bucket=bucket, Key="tmp/b", Body=b"x" * 10)
    s3.put_object(Bucket=bucket, Key="big", Body=b"x" * 2000)
    expiration = s3.head_object(Bucket=bucket, Key="tmp/a")["Expiration"]
    m = re.fullmatch(r'expiry-date="([^"]+)", rule-id="tmp-tagged-1d"', expiration)
    assert m, expiration
    date = datetime.datetime.strptime(m.group(1), "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
    assert (date.hour, date.minute, date.second) == (0, 0, 0)
    assert before + datetime.timedelta(days=1) <= date <= before + datetime.timedelta(days=2)
    assert s3.get_object(Bucket=bucket, Key="tmp/a")["Expiration"] == expiration
    assert put["Expiration"] == expiration  # the write's answer names it too
    copied = s3.copy_object(Bucket=bucket, Key="tmp/copy", CopySource={"Bucket": bucket, "Key": "tmp/a"})
    assert 'rule-id="tmp-tagged-1d"' in copied["Expiration"]  # the copy keeps the tags
    assert "Expiration" not in s3.put_object(Bucket=bucket, Key="tmp/plain", Body=b"x")
    # An object made by Complete: the tags given at initiation bring it under the rule.
    mp = s3.create_multipart_upload(Bucket=bucket, Key="tmp/mp", Tagging="class=scratch")
    part = s3.upload_part(Bucket=bucket, Key="tmp/mp", UploadId=mp["UploadId"], PartNumber=1, Body=b"p" * 10)
    done = s3.complete_multipart_upload(Bucket=bucket, Key="tmp/mp", UploadId=mp["UploadId"],
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert re.fullmatch(r'expiry-date="[^"]+ 00:00:00 GMT", rule-id="tmp-tagged-1d"', done["Expiration"]), done
    assert "Expiration" not in s3.head_object(Bucket=bucket, Key="tmp/b")
    assert 'rule-id="large-30d"' in s3.head_object(Bucket=bucket, Key="big")["Expiration"]
    # Tagging the object afterwards brings it under the rule.
    s3.put_object_tagging(Bucket=bucket, Key="tmp/b", Tagging={"TagSet": [{"Key": "class", "Value": "scratch"}]})
    assert 'rule-id="tmp-tagged-1d"' in s3.head_object(Bucket=bucket, Key="tmp/b")["Expiration"]
    # The rule id is URL-encoded, as S3 sends it: any text an ID holds stays one quoted parameter.
    odd = {"ID": 'big "files" 30d/ü', "Status": "Enabled", "Expiration": {"Days": 30}, "Filter": {"Prefix": "big"}}
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [odd]})
    assert s3.head_object(Bucket=bucket, Key="big")["Expiration"].endswith('rule-id="big%20%22files%22%2030d%2F%C3%BC"')


def test_awscli_sets_and_reads_an_expiration_rule(server, bucket, tmp_path):
    config = {"Rules": [{"ID": "logs-90d", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 90}}]}
    path = tmp_path / "lifecycle.json"
    path.write_text(json.dumps(config))
    aws(server, "s3api", "put-bucket-lifecycle-configuration", "--bucket", bucket, "--lifecycle-configuration", f"file://{path}")
    got = json.loads(aws(server, "s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket).stdout)
    assert got["Rules"] == config["Rules"]


def test_bos_delete_object_rules_are_the_same_rules(server, s3):
    bos = bos_client(server)
    name = "bos-exp-" + uuid.uuid4().hex[:8]
    bos.create_bucket(name)
    rules = [{"id": "logs-7d", "status": "enabled", "resource": [f"{name}/logs/*"],
              "condition": {"time": {"dateGreaterThan": "$(lastModified)+P7D"}}, "action": {"name": "DeleteObject"}},
             {"id": "all-2027", "status": "disabled", "resource": [f"{name}/*"],
              "condition": {"time": {"dateGreaterThan": "2027-01-01T00:00:00Z"}}, "action": {"name": "DeleteObject"}}]
    bos.put_bucket_lifecycle(name, rules)
    got = bos.get_bucket_lifecycle(name).rule
    assert [(r.id, r.status, r.resource, r.condition.time.date_greater_than, r.action.name) for r in got] == [
        ("logs-7d", "enabled", [f"{name}/logs/*"], "$(lastModified)+P7D", "DeleteObject"),
        ("all-2027", "disabled", [f"{name}/*"], "2027-01-01T00:00:00Z", "DeleteObject")]
    assert s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"] == [
        {"ID": "logs-7d", "Filter": {"Prefix": "logs/"}, "Status": "Enabled", "Expiration": {"Days": 7}},
        {"ID": "all-2027", "Filter": {"Prefix": ""}, "Status": "Disabled",
         "Expiration": {"Date": datetime.datetime(2027, 1, 1, tzinfo=UTC)}}]
    bos.put_object_from_string(name, "logs/a", "bos")
    assert 'rule-id="logs-7d"' in s3.head_object(Bucket=name, Key="logs/a")["Expiration"]
    with pytest.raises(Exception) as e:
        bos.put_bucket_lifecycle(name, [dict(rules[0], action={"name": "Transition"})])
    assert getattr(e.value.last_error, "code", None) == "NotImplemented"


def test_reaper_deletes_exactly_the_expired_objects_when_the_clock_moves(new_server):
    srv = new_server(extra_args=["--reap-interval", "0"]).start()
    s3 = srv.client()
    name = "exp-" + uuid.uuid4().hex[:8]
    s3.create_bucket(Bucket=name)
    s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [TAGGED_RULE]})
    s3.put_object(Bucket=name, Key="tmp/old", Body=b"o" * 1500, Tagging="class=scratch")
    s3.put_object(Bucket=name, Key="tmp/untagged", Body=b"u" * 10)
    s3.put_object(Bucket=name, Key="keep/old", Body=b"k" * 10, Tagging="class=scratch")
    big = b"B" * (100 * 1024)  # a blob file of its own, not inline
    s3.put_object(Bucket=name, Key="tmp/big", Body=big, Tagging="class=scratch")
    assert len(_blob_files(srv.data_dir, len(big))) == 1
    bos_client(srv).put_object_from_string(name, "tmp/bos", "written through BOS", object_tagging="class=scratch")
    expiry = re.search(r'expiry-date="([^"]+)"', s3.head_object(Bucket=name, Key="tmp/old")["Expiration"]).group(1)
    until = datetime.datetime.strptime(expiry, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC).timestamp() - time.time()

    # An hour before the expiry date nothing goes.
    srv.stop()
    srv.extra_args = ["--reap-interval", "0", "--clock-offset", str(int(until - 3600))]
    srv.start()
    out = cli("reap", "--endpoint", srv.endpoint)
    assert "4 objects read, expired 0 objects" in out, out  # the rule's prefix: keep/old is not read

    # An hour after it, exactly the tagged objects under tmp/, whichever dialect wrote them.
    srv.stop()
    srv.extra_args = ["--reap-interval", "0", "--clock-offset", str(int(until + 3600))]
    srv.start()
    s3 = srv.client()
    out = cli("reap", "--endpoint", srv.endpoint)
    expired_bytes = 1500 + len(big) + len("written through BOS")
    assert f"expired 3 objects" in out, out
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=name).get("Contents", [])]
    assert keys == ["keep/old", "tmp/untagged"]
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=name, Key="tmp/old")
    assert error_code(e) == "NoSuchKey"
    m = metrics(srv)
    assert m[("tessera_reaper_expired_objects_total", None)] == 3
    assert m[("tessera_reaper_expired_bytes_total", None)] == expired_bytes
    assert m[("tessera_bucket_objects", name)] == 2
    # A second pass the same day walks nothing: the rule has swept since the last midnight.
    assert "0 objects read, expired 0 objects" in cli("reap", "--endpoint", srv.endpoint)
    # The big object's blob file goes too: the collector, woken by the deletes, removes it.
    deadline = time.time() + 20
    while _blob_files(srv.data_dir, len(big)) and time.time() < deadline:
        time.sleep(0.1)
    assert _blob_files(srv.data_dir, len(big)) == []


def _blob_files(root, size):
    return [p for p in pathlib.Path(root, "blobs").rglob("*") if p.is_file() and p.stat().st_size == size]


def test_expiry_benchmark_deletes_only_expired_objects_at_small_scale():
    """The scale check of docs/benchmarks.md, small enough for CI: correctness only, no timing."""
    out = subprocess.run([tessera_binary(), "bench", "expiry", "--objects", "20000", "--expired", "0.05"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr + out.stdout
    assert "objects read 20000" in out.stdout and "deleted 1000" in out.stdout
    assert "second pass the same day" in out.stdout and "objects read 0" in out.stdout
