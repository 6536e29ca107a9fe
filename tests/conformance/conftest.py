"""Fixtures: start the real `tessera` binary on a free loopback port and point real clients at it."""
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time
import uuid

import boto3
import pytest
from botocore.config import Config

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
ROOT = pathlib.Path(__file__).resolve().parents[2]


def tessera_binary() -> str:
    path = os.environ.get("TESSERA_BIN") or str(ROOT / ".build" / "release" / "tessera")
    if not os.path.exists(path):
        raise RuntimeError(f"tessera binary not found at {path}; build it first (scripts/test.sh does)")
    return path


class Server:
    """One running `tessera serve` process with its own data directory."""

    def __init__(self, data_dir: str, extra_env=None, extra_args=None, wrapper=None, tag=None):
        self.data_dir = data_dir
        self.wrapper = list(wrapper or [])  # a command the server is exec'd by (same pid)
        self.extra_env = extra_env or {}
        self.extra_args = list(extra_args or [])
        self.proc = None
        self.port = None
        # Gateways sharing one data directory each need their own port and log files.
        self.files = data_dir + (f".{tag}" if tag else "")
        self.log_path = self.files + ".log"
        self.scheme = "https" if "--tls-cert" in self.extra_args else "http"

    def start(self, timeout=30):
        port_file = self.files + ".port"
        if os.path.exists(port_file):
            os.remove(port_file)
        env = dict(os.environ, TESSERA_ACCESS_KEY=ACCESS_KEY, TESSERA_SECRET_KEY=SECRET_KEY, **self.extra_env)
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [*self.wrapper, tessera_binary(), "serve", "--port", "0", "--port-file", port_file, "--data-dir", self.data_dir, *self.extra_args],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"tessera exited early: {open(self.log_path).read()}")
            if os.path.exists(port_file) and open(port_file).read().strip():
                self.port = int(open(port_file).read().strip())
                return self
            time.sleep(0.05)
        raise RuntimeError("tessera did not start in time")

    @property
    def endpoint(self):
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode if self.proc else None

    def client(self, access_key=ACCESS_KEY, secret_key=SECRET_KEY, **config):
        return make_client(self.endpoint, access_key, secret_key, **config)


def make_client(endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY, **config):
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id=access_key, aws_secret_access_key=secret_key,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, **config))


@pytest.fixture(scope="session")
def workdir():
    d = tempfile.mkdtemp(prefix="tessera-conformance-")
    yield d
    if os.environ.get("TESSERA_KEEP_DATA") != "1":
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def server(workdir):
    s = Server(os.path.join(workdir, "main")).start()
    yield s
    code = s.stop()
    assert code == 0, f"server did not shut down cleanly on SIGTERM (exit {code})"


@pytest.fixture
def s3(server):
    return server.client()


@pytest.fixture
def bucket(s3):
    name = "b-" + uuid.uuid4().hex[:16]
    s3.create_bucket(Bucket=name)
    return name


@pytest.fixture
def new_server(workdir):
    """A factory for extra servers with fresh data directories (crash tests)."""
    started = []

    def make(name=None, extra_args=None):
        s = Server(os.path.join(workdir, name or ("srv-" + uuid.uuid4().hex[:8])), extra_args=extra_args)
        started.append(s)
        return s

    yield make
    for s in started:
        s.stop()
