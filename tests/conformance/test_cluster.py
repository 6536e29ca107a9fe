"""Several gateways on one PostgreSQL and one shared data directory (issue 14): real processes,
real clients. Each test gets a fresh schema on the throwaway server scripts/test.sh starts
(TESSERA_TEST_POSTGRES); the run fails, never skips, without it."""
import concurrent.futures
import hashlib
import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, SECRET_KEY, Server, tessera_binary


def postgres_url():
    base = os.environ.get("TESSERA_TEST_POSTGRES")
    assert base, "TESSERA_TEST_POSTGRES is not set: run the suite through scripts/test.sh, which starts PostgreSQL"
    schema = "c_" + uuid.uuid4().hex
    return f"{base}?sslmode=disable&schema={schema}"


class Cluster:
    """`count` gateways serving one data directory, metadata in one PostgreSQL schema."""

    def __init__(self, workdir, count=3):
        self.url = postgres_url()
        self.data_dir = os.path.join(workdir, "cluster-" + uuid.uuid4().hex[:8])
        self.gateways = [Server(self.data_dir, extra_args=["--metadata", self.url], tag=f"gw{i}") for i in range(count)]

    def start(self):
        try:
            with concurrent.futures.ThreadPoolExecutor(len(self.gateways)) as pool:  # together: migrations race
                list(pool.map(lambda g: g.start(), self.gateways))
        except Exception:
            self.stop()  # the ones that did start would outlive the run
            raise
        return self

    def stop(self):
        codes = [g.stop() for g in self.gateways]
        return codes

    def cli(self, *args, check=True):
        r = subprocess.run([tessera_binary(), *args, "--data-dir", self.data_dir, "--metadata", self.url],
                           capture_output=True, text=True, timeout=60)
        if check:
            assert r.returncode == 0, (args, r.stdout, r.stderr)
        return r


@pytest.fixture
def cluster(workdir):
    c = Cluster(workdir).start()
    yield c
    assert c.stop() == [0, 0, 0], "a gateway did not shut down cleanly"


def test_one_upload_through_three_gateways(cluster):
    a, b, c = (g.client() for g in cluster.gateways)
    bucket = "cl-" + uuid.uuid4().hex[:12]
    a.create_bucket(Bucket=bucket)
    upload = a.create_multipart_upload(Bucket=bucket, Key="big/object.bin")["UploadId"]
    parts = {n: os.urandom(5 * 1024 * 1024 + n) for n in range(1, 7)}

    def put(n):
        client = b if n % 2 else c
        return n, client.upload_part(Bucket=bucket, Key="big/object.bin", UploadId=upload, PartNumber=n, Body=parts[n])["ETag"]

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        etags = dict(pool.map(put, parts))
    listed = c.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert [(u["Key"], u["UploadId"]) for u in listed] == [("big/object.bin", upload)]
    assert [p["PartNumber"] for p in c.list_parts(Bucket=bucket, Key="big/object.bin", UploadId=upload)["Parts"]] == list(parts)
    a.complete_multipart_upload(Bucket=bucket, Key="big/object.bin", UploadId=upload,
                                MultipartUpload={"Parts": [{"PartNumber": n, "ETag": etags[n]} for n in parts]})
    body = b.get_object(Bucket=bucket, Key="big/object.bin")["Body"].read()
    assert hashlib.sha256(body).digest() == hashlib.sha256(b"".join(parts[n] for n in parts)).digest()
    assert c.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_racing_complete_and_abort_have_one_outcome(cluster):
    clients = [g.client() for g in cluster.gateways]
    bucket = "race-" + uuid.uuid4().hex[:12]
    clients[0].create_bucket(Bucket=bucket)
    for round_ in range(3):
        key = f"k{round_}"
        upload = clients[0].create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
        etag = clients[1].upload_part(Bucket=bucket, Key=key, UploadId=upload, PartNumber=1, Body=b"x" * 1000)["ETag"]

        def attempt(i):
            client = clients[i % 3]
            try:
                if i % 2:
                    client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload)
                    return "aborted"
                client.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload,
                                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
                return "completed"
            except ClientError as e:
                return e.response["Error"]["Code"]

        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            outcomes = list(pool.map(attempt, range(20)))
        assert set(outcomes) <= {"aborted", "completed", "NoSuchUpload"}, outcomes
        assert ("aborted" in outcomes) != ("completed" in outcomes), outcomes
        assert outcomes.count("aborted") <= 1, outcomes
        exists = True
        try:
            clients[2].head_object(Bucket=bucket, Key=key)
        except ClientError:
            exists = False
        assert exists == ("completed" in outcomes), outcomes
        assert clients[1].list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_a_bucket_deleted_through_one_gateway_is_gone_through_the_others(cluster):
    a, b, _ = (g.client() for g in cluster.gateways)
    bucket = "gone-" + uuid.uuid4().hex[:12]
    a.create_bucket(Bucket=bucket)
    b.put_object(Bucket=bucket, Key="warm", Body=b"1")  # B has now read (and cached) the bucket
    b.delete_object(Bucket=bucket, Key="warm")
    a.delete_bucket(Bucket=bucket)
    with pytest.raises(ClientError) as e:
        b.put_object(Bucket=bucket, Key="late", Body=b"2")
    assert e.value.response["Error"]["Code"] == "NoSuchBucket"


def test_a_key_revoked_through_the_cli_is_refused_by_every_gateway(cluster):
    out = cluster.cli("user", "add", "erin-" + uuid.uuid4().hex[:6]).stdout
    fields = dict(line.strip().split(": ", 1) for line in out.splitlines() if ": " in line)
    key, secret = fields["access key"], fields["secret key"]
    clients = [g.client(key, secret) for g in cluster.gateways]
    for client in clients:
        client.list_buckets()
    revoked = time.time()
    cluster.cli("user", "key", "revoke", key)
    pending = set(range(3))
    while pending:
        assert time.time() - revoked < 4.5, f"gateways {sorted(pending)} still honour a key revoked {time.time() - revoked:.1f} s ago"
        for i in sorted(pending):
            try:
                clients[i].list_buckets()
            except ClientError as e:
                assert e.response["Error"]["Code"] == "InvalidAccessKeyId"
                pending.discard(i)
        time.sleep(0.25)


def test_bos_and_s3_clients_on_different_gateways_share_one_upload(cluster):
    from test_bos import bos_client
    bos_a = bos_client(cluster.gateways[0])
    s3_b = cluster.gateways[1].client()
    bos_c = bos_client(cluster.gateways[2])
    bucket = "dial-" + uuid.uuid4().hex[:12]
    bos_a.create_bucket(bucket)
    upload = bos_a.initiate_multipart_upload(bucket, "mixed").upload_id
    data = [os.urandom(5 * 1024 * 1024), b"tail"]
    parts = []
    for n, d in enumerate(data, 1):
        etag = s3_b.upload_part(Bucket=bucket, Key="mixed", UploadId=upload, PartNumber=n, Body=d)["ETag"].strip('"')
        parts.append({"partNumber": n, "eTag": etag})
    assert [u.upload_id for u in bos_c.list_multipart_uploads(bucket).uploads] == [upload]
    bos_c.complete_multipart_upload(bucket, "mixed", upload, parts)
    assert s3_b.get_object(Bucket=bucket, Key="mixed")["Body"].read() == b"".join(data)


def metric(server, name):
    import urllib.request
    text = urllib.request.urlopen(server.endpoint + "/metrics", timeout=10).read().decode()
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + " ") or line.startswith(name + "{"))


def test_a_rule_set_through_one_gateway_is_enforced_once_by_all_reapers(workdir):
    """Abort and expiration rules, set through one gateway, enforced by the reapers of all three
    at once: every expired upload aborted and every expired object deleted exactly once."""
    c = Cluster(workdir)
    for g in c.gateways:
        g.extra_args += ["--reap-interval", "0"]
    c.start()
    bucket = "reap-" + uuid.uuid4().hex[:12]
    b = c.gateways[1].client()
    b.create_bucket(Bucket=bucket)
    b.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [
        {"ID": "tmp", "Filter": {"Prefix": "tmp/"}, "Status": "Enabled", "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}},
        {"ID": "old", "Filter": {"Prefix": "old/"}, "Status": "Enabled", "Expiration": {"Days": 1}}]})
    for i in range(60):
        c.gateways[i % 3].client().create_multipart_upload(Bucket=bucket, Key=f"tmp/{i}")
        c.gateways[(i + 1) % 3].client().put_object(Bucket=bucket, Key=f"old/{i}", Body=b"o" * i)
    kept = b.create_multipart_upload(Bucket=bucket, Key="keep/me")["UploadId"]
    b.put_object(Bucket=bucket, Key="keep/object", Body=b"k")
    assert c.stop() == [0, 0, 0]
    # Two days later, every gateway's reaper runs every second.
    for g in c.gateways:
        g.extra_args = ["--metadata", c.url, "--reap-interval", "1s", "--clock-offset", str(2 * 86400)]
    c.start()
    try:
        deadline = time.time() + 30
        while [u["Key"] for u in c.gateways[0].client().list_multipart_uploads(Bucket=bucket)["Uploads"]] != ["keep/me"]:
            assert time.time() < deadline, "the reapers did not abort the expired uploads"
            time.sleep(0.5)
        listed = c.gateways[2].client().list_multipart_uploads(Bucket=bucket)["Uploads"]
        assert [(u["Key"], u["UploadId"]) for u in listed] == [("keep/me", kept)]
        # The three reapers race over the same expired objects: each is deleted once.
        while [o["Key"] for o in c.gateways[1].client().list_objects_v2(Bucket=bucket).get("Contents", [])] != ["keep/object"]:
            assert time.time() < deadline, "the reapers did not expire the objects"
            time.sleep(0.5)
        time.sleep(2.5)  # more passes: nothing is aborted or expired twice
        assert sum(metric(g, "tessera_reaper_aborted_uploads_total") for g in c.gateways) == 60
        assert sum(metric(g, "tessera_reaper_expired_objects_total") for g in c.gateways) == 60
        assert sum(metric(g, "tessera_reaper_expired_bytes_total") for g in c.gateways) == sum(range(60))
    finally:
        assert c.stop() == [0, 0, 0]


def test_kill_9_of_one_gateway_loses_nothing_acknowledged(workdir):
    c = Cluster(workdir).start()
    victim = c.gateways[2]
    survivors = c.gateways[:2]
    bucket = "kill-" + uuid.uuid4().hex[:12]
    survivors[0].client().create_bucket(Bucket=bucket)
    # Uploads in progress on the victim, with a part each.
    vc = victim.client()
    pending = {}
    for i in range(4):
        upload = vc.create_multipart_upload(Bucket=bucket, Key=f"mp/{i}")["UploadId"]
        first = os.urandom(5 * 1024 * 1024)
        pending[f"mp/{i}"] = (upload, first, vc.upload_part(Bucket=bucket, Key=f"mp/{i}", UploadId=upload, PartNumber=1, Body=first)["ETag"])
    acked, lock, stop = {}, __import__("threading").Lock(), time.time() + 3

    def writer(w):
        clients = [g.client() for g in c.gateways]
        n = 0
        while time.time() < stop:
            key, body = f"w{w}/{n}", os.urandom(2000 + n % 3 * 70000)
            try:
                clients[n % 3].put_object(Bucket=bucket, Key=key, Body=body)
                with lock:
                    acked[key] = hashlib.md5(body).hexdigest()
            except Exception:
                pass  # through the victim after the kill: not acknowledged
            n += 1

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(writer, w) for w in range(4)]
        time.sleep(1.2)
        victim.kill9()
        for f in futures:
            f.result()
    a = survivors[0].client()
    assert len(acked) > 20
    for key, md5 in acked.items():
        assert hashlib.md5(a.get_object(Bucket=bucket, Key=key)["Body"].read()).hexdigest() == md5, key
    # The victim's uploads are listed and completed through the survivors.
    listed = {u["Key"]: u["UploadId"] for u in a.list_multipart_uploads(Bucket=bucket, Prefix="mp/")["Uploads"]}
    assert listed == {k: v[0] for k, v in pending.items()}
    b = survivors[1].client()
    for key, (upload, first, etag) in pending.items():
        second = os.urandom(1000)
        etag2 = b.upload_part(Bucket=bucket, Key=key, UploadId=upload, PartNumber=2, Body=second)["ETag"]
        a.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload,
                                    MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}, {"PartNumber": 2, "ETag": etag2}]})
        assert b.get_object(Bucket=bucket, Key=key)["Body"].read() == first + second
    # The restarted gateway reclaims what the dead one left; nothing is orphaned.
    victim.start()
    time.sleep(1.0)
    for g in survivors:  # their collectors drain what the restart queued
        g.client().put_object(Bucket=bucket, Key="nudge", Body=b"1")
    deadline = time.time() + 20
    while True:
        r = c.cli("verify", check=False)
        if r.returncode == 0:
            break
        assert time.time() < deadline, r.stdout + r.stderr
        time.sleep(1)
    assert c.stop() == [0, 0, 0]


def test_migrate_moves_a_data_directory_onto_postgres_mid_upload(workdir):
    single = Server(os.path.join(workdir, "to-migrate-" + uuid.uuid4().hex[:8])).start()
    s3 = single.client()
    bucket = "mig-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="small", Body=b"inline bytes")
    big = os.urandom(3 * 1024 * 1024)
    s3.put_object(Bucket=bucket, Key="big", Body=big)
    upload = s3.create_multipart_upload(Bucket=bucket, Key="resumed")["UploadId"]
    first = os.urandom(5 * 1024 * 1024)
    etag1 = s3.upload_part(Bucket=bucket, Key="resumed", UploadId=upload, PartNumber=1, Body=first)["ETag"]
    assert single.stop() == 0
    url = postgres_url()
    r = subprocess.run([tessera_binary(), "migrate", "--from", single.data_dir, "--to", url], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2 objects, 1 upload in progress with 1 part" in r.stdout, r.stdout
    again = subprocess.run([tessera_binary(), "migrate", "--from", single.data_dir, "--to", url], capture_output=True, text=True, timeout=120)
    assert again.returncode != 0 and "empty" in again.stdout + again.stderr
    gateways = [Server(single.data_dir, extra_args=["--metadata", url], tag=f"pg{i}").start() for i in range(2)]
    try:
        a, b = gateways[0].client(), gateways[1].client()
        assert a.get_object(Bucket=bucket, Key="small")["Body"].read() == b"inline bytes"
        assert b.get_object(Bucket=bucket, Key="big")["Body"].read() == big
        assert [u["UploadId"] for u in b.list_multipart_uploads(Bucket=bucket)["Uploads"]] == [upload]
        etag2 = b.upload_part(Bucket=bucket, Key="resumed", UploadId=upload, PartNumber=2, Body=b"end")["ETag"]
        a.complete_multipart_upload(Bucket=bucket, Key="resumed", UploadId=upload,
                                    MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag1}, {"PartNumber": 2, "ETag": etag2}]})
        assert b.get_object(Bucket=bucket, Key="resumed")["Body"].read() == first + b"end"
    finally:
        assert [g.stop() for g in gateways] == [0, 0]


def test_listings_on_postgres_match_sqlite_key_for_key(cluster, server):
    """The same keys in a bucket of the embedded server and of the cluster: every listing with a
    prefix and a delimiter answers the same (the PostgreSQL store seeks past rolled-up prefixes
    inside one statement; SQLite reads ranges)."""
    import random
    rng = random.Random(14)
    # Each delimiter with the character just after it ("/" "0", "-" ".", "é" "ê"): the keys a seek
    # past a rolled-up prefix must land on exactly.
    alphabet = ["a", "b", "/", "0", "é", "ê", "-", ".", "z"]
    keys = sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) for _ in range(150)})
    bucket = "diff-" + uuid.uuid4().hex[:12]
    targets = [server.client(), cluster.gateways[1].client()]
    for s3 in targets:
        s3.create_bucket(Bucket=bucket)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda k: s3.put_object(Bucket=bucket, Key=k, Body=b"x"), keys))
            list(pool.map(lambda k: s3.create_multipart_upload(Bucket=bucket, Key=k), keys[::3]))

    def objects(s3, **kw):
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 7}, **kw)
        return [([c["Key"] for c in p.get("Contents", [])], [c["Prefix"] for c in p.get("CommonPrefixes", [])]) for p in pages]

    def uploads(s3, **kw):
        pages = s3.get_paginator("list_multipart_uploads").paginate(Bucket=bucket, PaginationConfig={"PageSize": 5}, **kw)
        return [([u["Key"] for u in p.get("Uploads", [])], [c["Prefix"] for c in p.get("CommonPrefixes", [])]) for p in pages]

    for prefix in ["", "a", "a/", "é"]:
        for delimiter in ["/", "é", "a/", "-"]:
            got = [(objects(s3, Prefix=prefix, Delimiter=delimiter), uploads(s3, Prefix=prefix, Delimiter=delimiter)) for s3 in targets]
            assert got[0] == got[1], (prefix, delimiter)
    assert objects(targets[1])[0][0][:1] == [keys[0]]


def test_ufile_and_bos_sdks_on_different_gateways_share_one_upload(cluster, monkeypatch, tmp_path):
    """The UFile SDK initiates through gateway A, its parts go through B (UFile numbers parts from
    0), the BOS SDK on C lists and completes it (BOS numbers them from 1), and the UFile SDK reads
    the object back through B."""
    import requests
    from test_bos import bos_client
    from test_ufile import SUFFIX, signed
    from conftest import ACCESS_KEY, SECRET_KEY
    a, b, c = cluster.gateways
    monkeypatch.setenv("HTTP_PROXY", a.endpoint)
    monkeypatch.setenv("http_proxy", a.endpoint)
    from ufile import config, filemanager, multipartuploadufile
    config.set_default(uploadsuffix=SUFFIX, downloadsuffix=SUFFIX, connection_timeout=60)
    bucket = "ufx-" + uuid.uuid4().hex[:12]
    a.client().create_bucket(Bucket=bucket)
    mp = multipartuploadufile.MultipartUploadUFile(ACCESS_KEY, SECRET_KEY)
    ret, resp = mp.init_multipart_upload(bucket, "shared.bin")
    assert resp.ok(), resp.error
    upload = ret["UploadId"]
    blocks = [os.urandom(ret["BlkSize"]), b"tail"]
    for n, block in enumerate(blocks):
        r = requests.put(f"http://{bucket}{SUFFIX}/shared.bin", params={"uploadId": upload, "partNumber": n}, data=block,
                         headers={"Authorization": signed("PUT", bucket, "shared.bin")}, proxies={"http": b.endpoint})
        assert r.status_code == 200, r.text
    bos_c = bos_client(c)
    assert [u.upload_id for u in bos_c.list_multipart_uploads(bucket).uploads] == [upload]
    parts = [{"partNumber": p.part_number, "eTag": p.etag} for p in bos_c.list_parts(bucket, "shared.bin", upload).parts]
    assert [p["partNumber"] for p in parts] == [1, 2]
    bos_c.complete_multipart_upload(bucket, "shared.bin", upload, parts)
    monkeypatch.setenv("HTTP_PROXY", b.endpoint)
    monkeypatch.setenv("http_proxy", b.endpoint)
    ret, resp = filemanager.FileManager(ACCESS_KEY, SECRET_KEY).download_file(bucket, "shared.bin", str(tmp_path / "back"))
    assert resp.ok(), resp.error
    assert (tmp_path / "back").read_bytes() == b"".join(blocks)


def test_a_console_session_made_on_one_gateway_is_valid_on_the_others(cluster):
    """The session cookie is signed with the key's own secret: no session state to share."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    body = urllib.parse.urlencode({"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}).encode()
    with pytest.raises(urllib.error.HTTPError) as signed_in:
        opener.open(cluster.gateways[0].endpoint + "/console/login", data=body)
    cookie = signed_in.value.headers["Set-Cookie"].split(";")[0]
    bucket = "console-" + uuid.uuid4().hex[:8]
    cluster.gateways[2].client().create_bucket(Bucket=bucket)
    for gateway in cluster.gateways[1:]:
        page = opener.open(urllib.request.Request(gateway.endpoint + "/console/", headers={"Cookie": cookie}))
        assert page.status == 200 and f'data-bucket="{bucket}"'.encode() in page.read()
