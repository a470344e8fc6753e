"""Start the local runtime (and moto server) as real processes on free loopback ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx

REPO = Path(__file__).resolve().parents[2]
T = TypeVar("T")

# What a runtime (or any process) needs to use the AWS adapters against moto server; never a real account.
AWS_LOCAL_ENV = {
    "STORAGE": "aws",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "DDB_TABLE": "e2e-sessions",
    "SNAPSHOT_BUCKET": "e2e-snapshots",
    "JOBS_BUCKET": "e2e-jobs",
}


def child_env(base: Mapping[str, str] | None = None, /, **extra: str) -> dict[str, str]:
    """The environment of a child Python process that imports the product (`core`, `local`) as the runtime does;
    `base` defaults to this process's environment."""
    return {**(os.environ if base is None else base), **extra, "PYTHONPATH": f"{REPO / 'lambdas'}:{REPO}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], T], timeout: float, what: str, interval: float = 0.05) -> T:
    """Poll `check` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
            if result:
                return result
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


@dataclass
class Process:
    log_path: Path
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _spawn(self) -> None:
        env = child_env(**self.env, PORT=str(self.port))
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process
        self.process = subprocess.Popen(self.args, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


@dataclass
class LocalRuntime(Process):
    """`python -m local` with its own DATA_DIR."""

    args: list[str] = field(default_factory=lambda: [sys.executable, "-m", "local"])

    def start(self, timeout: float = 30) -> LocalRuntime:
        self._spawn()

        def healthy() -> bool:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"local runtime exited:\n{self.log()}")
            return httpx.get(f"{self.base_url}/api/health", timeout=2).status_code == 200

        wait_until(healthy, timeout, "the local runtime to answer /api/health")
        return self

    def restart(self, sig: int = signal.SIGKILL) -> LocalRuntime:
        self.kill(sig)
        return self.start()


@dataclass
class MotoServer(Process):
    def start(self, timeout: float = 30) -> MotoServer:
        self.args = [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)]
        self._spawn()
        wait_until(lambda: httpx.get(f"{self.base_url}/moto-api/", timeout=2).status_code < 500, timeout, "moto server")
        return self


def provision_aws(endpoint_url: str) -> dict[str, str]:
    """Create the product's tables, buckets and queues at `endpoint_url` (moto server); returns the environment
    a process needs to use them (AWS_ENDPOINT_URL, names, JOBS_QUEUE_URL...)."""
    env = {**AWS_LOCAL_ENV, "AWS_ENDPOINT_URL": endpoint_url}
    created = subprocess.run(
        [sys.executable, "-m", "local.provision"],
        cwd=REPO,
        env=child_env(**env),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return env | dict(line.split("=", 1) for line in created.splitlines() if "=" in line)
