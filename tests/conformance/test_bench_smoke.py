"""`tessera bench s3 --quick` against Tessera: every scenario's correctness check must pass
(no timing is asserted; figures live in docs/benchmarks.md)."""
import os
import subprocess

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
    scenarios = {__import__("json").loads(l)["scenario"] for l in lines}
    assert scenarios == {"initiate", "list-uploads", "multipart-put", "complete-scaling", "get", "small-put"}
