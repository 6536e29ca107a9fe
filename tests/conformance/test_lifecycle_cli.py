"""`tessera lifecycle get / set / rm` (issue 17 item 10): the DaysAfterLastPart extension, which
aws-cli will not send, set from the command line beside a running server and seen by S3 clients."""
import subprocess
import uuid

from conftest import tessera_binary


def lifecycle(server, *args, check=True):
    r = subprocess.run([tessera_binary(), "lifecycle", *args, "--data-dir", server.data_dir], capture_output=True, text=True, timeout=60)
    if check:
        assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r


def test_lifecycle_from_the_command_line(server, s3, bucket, tmp_path):
    assert "no rules" in lifecycle(server, "get", bucket).stdout
    lifecycle(server, "set", bucket, "--days-after-last-part", "3", "--prefix", "tmp/", "--id", "idle-3d")
    assert lifecycle(server, "get", bucket).stdout.strip() == 'idle-3d\tenabled\tprefix "tmp/"\tabort 3 days after the last part'
    xml = lifecycle(server, "get", bucket, "--xml").stdout
    assert "<DaysAfterLastPart>3</DaysAfterLastPart>" in xml
    # The running server sees it (its bucket cache lives 5 s at most): the abort date comes back.
    import time
    deadline = time.time() + 10
    while True:
        up = s3.create_multipart_upload(Bucket=bucket, Key="tmp/x")
        if up.get("AbortRuleId") == "idle-3d":
            break
        s3.abort_multipart_upload(Bucket=bucket, Key="tmp/x", UploadId=up["UploadId"])
        assert time.time() < deadline, "the server never saw the rule"
        time.sleep(0.5)
    s3.abort_multipart_upload(Bucket=bucket, Key="tmp/x", UploadId=up["UploadId"])
    # A file: S3's document, as the CLI printed it, round-trips.
    path = tmp_path / "rules.xml"
    path.write_text(xml.replace("idle-3d", "from-file"))
    lifecycle(server, "set", bucket, "--file", str(path))
    assert lifecycle(server, "get", bucket).stdout.startswith("from-file\t")
    assert lifecycle(server, "set", bucket, "--days-after-initiation", "1", "--days-after-last-part", "2", check=False).returncode != 0
    assert lifecycle(server, "set", "no-such-" + uuid.uuid4().hex[:6], "--days-after-initiation", "1", check=False).returncode != 0
    lifecycle(server, "rm", bucket)
    assert "no rules" in lifecycle(server, "get", bucket).stdout
