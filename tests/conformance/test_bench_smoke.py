"""`tessera bench s3 --quick` against Tessera: every scenario's correctness check must pass
(no timing is asserted; figures live in docs/benchmarks.md)."""
import json
import os
import subprocess
import sys
import time

from conftest import ACCESS_KEY, SECRET_KEY, tessera_binary


def test_every_benchmark_scenario_checks_out_against_tessera(server, tmp_path):
    out_file = tmp_path / "results.jsonl"
    env = dict(os.environ, TESSERA_ACCESS_KEY=ACCESS_KEY, TESSERA_SECRET_KEY=SECRET_KEY)
    r = subprocess.run([tessera_binary(), "bench", "s3", "--endpoint", server.endpoint, "--server-pid", str(server.proc.pid),
                        "--quick", "--uploads", "2500", "--object-mib", "32", "--label", "tessera", "--json-out", str(out_file)],
                       capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stderr + r.stdout
    assert "CHECK FAILED" not in r.stdout, r.stdout
    lines = out_file.read_text().splitlines()
    scenarios = {json.loads(l)["scenario"] for l in lines}
    assert scenarios == {"initiate", "list-uploads", "multipart-put", "complete-scaling", "get", "small-put"}


def test_the_http_floor_and_health_scenario_answer_and_stop(server, tmp_path):
    """`tessera bench floor` (in each of its four modes) and Tessera's `/health`, driven by
    `bench s3 --scenarios health`: every answer is checked by the bench, each run reports its
    figures, and the floor server stops by itself when its time is up, or at SIGTERM. With
    `--engine-write` every answered request started an upload in the floor's store (it says how
    many it holds when it stops)."""
    env = dict(os.environ, TESSERA_ACCESS_KEY=ACCESS_KEY, TESSERA_SECRET_KEY=SECRET_KEY)

    def health(endpoint, pid, out_file):
        r = subprocess.run([tessera_binary(), "bench", "s3", "--endpoint", endpoint, "--server-pid", str(pid), "--quick",
                            "--scenarios", "health", "--json-out", str(out_file)], capture_output=True, text=True, timeout=300, env=env)
        assert r.returncode == 0, r.stderr + r.stdout
        assert "CHECK FAILED" not in r.stdout, r.stdout
        figures = [json.loads(l) for l in out_file.read_text().splitlines()]
        assert {f["metric"] for f in figures} >= {"rate (16 conns)", "server CPU per request"}, figures
        assert all(f["scenario"] == "health" and f["value"] > 0 for f in figures), figures

    health(server.endpoint, server.proc.pid, tmp_path / "tessera.jsonl")
    for mode in ([], ["--task-hop"], ["--async-channel"], ["--engine-write"]):
        port_file = tmp_path / f"floor{''.join(mode)}.port"
        floor = subprocess.Popen([tessera_binary(), "bench", "floor", "--port-file", str(port_file), "--seconds", "8"] + mode,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            for _ in range(100):
                if port_file.exists() and port_file.read_text().strip():
                    break
                time.sleep(0.1)
            health(f"http://127.0.0.1:{port_file.read_text().strip()}", floor.pid, tmp_path / f"floor{''.join(mode)}.jsonl")
            if mode == ["--engine-write"]:
                floor.terminate()  # SIGTERM ends it as its lifetime does: its store is counted and removed
            out, _ = floor.communicate(timeout=60)
            assert floor.returncode == 0  # its own lifetime or SIGTERM ends it
            if mode == ["--engine-write"]:
                # --quick sends 5,000 requests (S3BenchPlan: 20,000 at full size); the bench checked each answer.
                assert "engine-write: 5000 uploads started" in out, out
        finally:
            if floor.poll() is None:
                floor.kill()


def test_the_small_request_scenarios_check_what_they_read_back(server, tmp_path):
    """`--scenarios small-get,small-head,small-overwrite,small-part,list-parts` runs small-put
    first, then GETs and HEADs each of its objects (every answer's length checked by the bench),
    PUTs each again with other bytes (a sample read back must be the new bytes), uploads small
    parts (each ETag checked against the body's MD5, every upload's parts listed afterwards) and
    lists two-part uploads (each page must name parts 1 and 2): each reports its figures."""
    out_file = tmp_path / "small.jsonl"
    env = dict(os.environ, TESSERA_ACCESS_KEY=ACCESS_KEY, TESSERA_SECRET_KEY=SECRET_KEY)
    r = subprocess.run([tessera_binary(), "bench", "s3", "--endpoint", server.endpoint, "--server-pid", str(server.proc.pid),
                        "--quick", "--scenarios", "small-get,small-head,small-overwrite,small-part,list-parts", "--json-out", str(out_file)],
                       capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr + r.stdout
    assert "CHECK FAILED" not in r.stdout, r.stdout
    figures = [json.loads(l) for l in out_file.read_text().splitlines()]
    by_scenario = {(f["scenario"], f["metric"]) for f in figures}
    assert by_scenario >= {
        ("small-put", "server CPU per PUT"),
        ("small-get", "4 KiB GET rate (16 conns)"), ("small-get", "server CPU per GET"),
        ("small-head", "HEAD rate (16 conns)"), ("small-head", "server CPU per HEAD"),
        ("small-overwrite", "4 KiB overwrite rate (16 conns)"), ("small-overwrite", "server CPU per PUT"),
        ("small-part", "4 KiB UploadPart rate (16 conns)"), ("small-part", "server CPU per UploadPart"),
        ("list-parts", "ListParts rate (16 conns)"), ("list-parts", "server CPU per ListParts"),
    }, figures
    assert all(f["value"] > 0 for f in figures), figures


def test_the_form_upload_bench_checks_what_it_stored():
    """bench/post_upload.py at a small size: both uploads store the bytes sent (their ETags are
    checked against the MD5) and the figures print."""
    bench = os.path.join(os.path.dirname(__file__), "..", "..", "bench")
    r = subprocess.run([sys.executable, "post_upload.py", "--binary", tessera_binary(), "--mib", "8", "--rounds", "1"],
                       cwd=bench, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr + r.stdout
    assert "POST form" in r.stdout and "PUT" in r.stdout and "peak RSS" in r.stdout, r.stdout


def test_the_reaper_bench_reads_exactly_the_due_uploads_by_either_time():
    """`tessera bench reaper` at a small size, counting from initiation and from the last part
    (with uploads initiated among the due ones and active since, which the walk by activity must
    pass over): each pass must abort and read exactly the due uploads, and the second none; the
    bench exits non-zero otherwise."""
    for extra in ([], ["--active-since", "0.5"]):
        r = subprocess.run([tessera_binary(), "bench", "reaper", "--uploads", "20000", "--expired", "0.05"] + extra,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr + r.stdout
        assert "index entries read 1000, aborted 1000" in r.stdout, r.stdout
        assert "second pass (nothing due)" in r.stdout and "index entries read 0" in r.stdout, r.stdout
