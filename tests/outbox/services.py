"""Real services the fault tests own and may kill: a Redis server on a spare port and Celery
worker processes. The shared PostgreSQL and Redis on 6379 are never touched."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, seconds: float, what: str, every: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    raise AssertionError(f"{what}: not within {seconds} s")


class RedisServer:
    """`redis-server` on a spare port; stop() kills it (SIGKILL, as a crash would), start() brings
    it back on the same port, empty."""

    def __init__(self, workdir: Path):
        self.port = spare_port()
        self.workdir = workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16) == b"+PONG\r\n"
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 -- a fixed command line
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.answers, seconds=10, what="redis-server started")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


class WorkerProcess:
    """`celery worker` (prefork, concurrency 1) against the test database and the given broker,
    in its own process group so that a SIGKILL takes the main process and its child."""

    def __init__(self, *, broker_url: str, media_root: Path, log: Path):
        self.broker_url, self.media_root, self.log = broker_url, media_root, log
        self.process: subprocess.Popen | None = None
        log.touch()

    def start(self) -> None:
        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_BROKER_URL": self.broker_url,
            "MEDIA_ROOT": str(self.media_root),
            "DEBUG": "true",
        }
        ready_lines = self.log.read_text().count(" ready.")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 -- a fixed command line
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool",
                    "prefork",
                    "--concurrency",
                    "1",
                    "--without-gossip",
                    "--without-mingle",
                    "--loglevel",
                    "INFO",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(
            lambda: self.log.read_text().count(" ready.") > ready_lines or self.died(),
            seconds=30,
            what="celery worker ready",
            every=0.2,
        )
        assert not self.died(), self.log.read_text()[-3000:]

    def died(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def kill(self) -> None:
        """SIGKILL the worker and its pool child: nothing is acknowledged, nothing cleaned up."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None
