"""Benchmark: parsing and importing a roster CSV of 1,000, 5,000 and 20,000 new learners.

Each size runs on a freshly flushed database (DATABASE_URL when set: point it at a scratch
PostgreSQL database, it is flushed; otherwise a temporary SQLite file) with one program and its
director, and times, in this process, what the web request or the import job does: validating
the file (`parse_roster`) and writing it (`import_roster`, one transaction, commit included).
Handing jobs to the broker is not timed (the invitation mails are the worker's work): the jobs
are counted instead. On a machine shared with other jobs the wall clock counts waiting for a
core: the CPU seconds of this process and of its PostgreSQL backend (read from /proc when the
database runs on this machine) are the steadier figures. Target: 5,000 rows in at most 5 s in
all. Sizes can be given as arguments.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

HEADER = (
    "email,first_name,last_name,residency_program,pgy_level,"
    "program_director_name,program_director_email\n"
)


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603 -- our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def roster(rows: int) -> bytes:
    lines = (
        f"r{n}@hosp.example.org,Ann,Lee {n},Internal Medicine,{n % 8 + 1},Dr. Roe,"
        f"pd@hosp.example.org\n"
        for n in range(rows)
    )
    return (HEADER + "".join(lines)).encode()


def database_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, when it runs on this
    machine (its /proc entry is readable); None elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(rows: int) -> None:
    from celery.app.task import Task

    from rotation.importing import parse_roster
    from rotation.services.roster import import_roster
    from tests.factories import ProgramFactory, UserFactory

    director = UserFactory(email="director@example.org")
    program = ProgramFactory()
    program.directors.add(director)
    content = roster(rows)
    database_before = database_cpu()
    with mock.patch.object(Task, "apply_async") as handed_to_broker:
        wall, cpu = time.perf_counter(), time.process_time()
        parsed = parse_roster(filename="roster.csv", content=content)
        parsed_at = time.perf_counter(), time.process_time()
        outcome = import_roster(
            program=program,
            rows=[data for _line, data in parsed.rows],
            base_url="http://testserver/",
            actor=director,
        )
        done_at = time.perf_counter(), time.process_time()
    database_after = database_cpu()
    database = (
        f", PostgreSQL {database_after - database_before:.2f} s CPU"
        if database_before is not None and database_after is not None
        else ""
    )
    if parsed.errors or outcome.enrollments_created != rows:
        raise SystemExit(f"The import went wrong: {parsed.errors[:3]} {outcome}")
    print(
        f"{rows} rows ({len(content) // 1024} KiB): {done_at[0] - wall:.2f} s wall, "
        f"{done_at[1] - cpu:.2f} s CPU{database} [parse {parsed_at[0] - wall:.2f} s, "
        f"import {done_at[0] - parsed_at[0]:.2f} s; "
        f"{handed_to_broker.call_count} job(s) handed to the broker]",
        flush=True,
    )


def main() -> None:
    sizes = [int(size) for size in sys.argv[1:]] or [1000, 5000, 20000]
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "DEBUG": "true"}
        env.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        manage("migrate", "--noinput", "-v0", env=env)
        import django

        django.setup()
        from django.db import connection

        for rows in sizes:
            manage("flush", "--noinput", env=env)
            measure(rows)
            connection.close()


if __name__ == "__main__":
    main()
