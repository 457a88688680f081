"""Benchmark: how long `seed_demo --learners 1000 --programs 10` takes on a fresh database.

Uses DATABASE_URL when set (point it at a scratch PostgreSQL database: it is flushed), otherwise
a temporary SQLite file. Prints one line per run: seconds and rows created.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "DEBUG": "true"}
        env.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
        manage("migrate", "--noinput", "-v0", env=env)
        manage("flush", "--noinput", env=env)
        for run in ("first run", "second run (idempotent)"):
            started = time.perf_counter()
            manage("seed_demo", "--learners", "1000", "--programs", "10", env=env)
            elapsed = time.perf_counter() - started
            print(f"seed_demo 1000 learners / 10 programs, {run}: {elapsed:.1f} s")


if __name__ == "__main__":
    main()
