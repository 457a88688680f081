"""docker-compose.yml parses (Debian's docker-compose validates it without an engine) and runs
the web app, a Celery worker and exactly one beat against PostgreSQL and Redis."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.markers import CI_STRICT

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("docker-compose") is None and not CI_STRICT,
    reason="needs Debian's docker-compose (.ci/run installs it)",
)


def compose(*args: str, with_secret_key: bool = True):
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    if with_secret_key:
        env["SECRET_KEY"] = "compose-check-only"
    return subprocess.run(  # noqa: S603 -- a fixed command line
        [shutil.which("docker-compose") or "docker-compose", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_the_compose_file_is_valid():
    result = compose("config", "-q")

    assert (result.returncode, result.stderr) == (0, "")


def test_compose_runs_web_worker_and_beat_with_their_stores():
    result = compose("config", "--services")

    assert sorted(result.stdout.split()) == ["beat", "db", "migrate", "redis", "web", "worker"]


def test_compose_refuses_to_start_without_a_secret_key():
    result = compose("config", "-q", with_secret_key=False)

    assert result.returncode == 1
    assert "set SECRET_KEY to a long random string" in result.stderr
