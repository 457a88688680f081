"""Benchmark: the course evaluation PDF for 30 and for 1,000 learners (30 items each).

For each size, `seed_demo --learners N --programs 1` builds one program on a fresh database
(DATABASE_URL when set: point it at a scratch PostgreSQL database, it is flushed; otherwise a
temporary SQLite file), then the report is built in this process as the worker builds it and
each stage is timed: queries (`selectors.course_rows`), arrays (`analysis.data.course_data`),
statistics (`analysis.course.analyse`), charts and HTML, WeasyPrint (after a warm-up that a
worker process pays once, printed apart), in wall-clock seconds and in CPU seconds of this
process (steadier while other jobs share the machine; the database's own work is not in it).
Targets: under 2 s for 30 learners and under 10 s for 1,000.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603 -- our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


class Stopwatch:
    """Wall-clock and CPU seconds (this process) of each stage: on a machine shared with other
    jobs the wall clock varies with their load, the CPU time much less."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, float, float]] = []

    def time(self, name: str, function, *args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*args, **kwargs)
        self.stages.append((name, time.perf_counter() - wall, time.process_time() - cpu))
        return result

    def total(self) -> tuple[float, float]:
        return sum(s[1] for s in self.stages), sum(s[2] for s in self.stages)


def measure(learners: int) -> None:
    from reports.analysis.course import analyse
    from reports.analysis.data import course_data
    from reports.rendering import render_document
    from reports.selectors import course_rows
    from rotation import documents
    from rotation.models import Program

    program = Program.objects.get()
    watch = Stopwatch()
    rows = watch.time("queries", course_rows, program=program)
    data = watch.time("arrays", course_data, rows)
    report = watch.time("statistics", analyse, data)
    html = watch.time("charts and HTML", render_document, report)
    pdf = watch.time("WeasyPrint", documents.html_to_pdf, html)
    wall, cpu = watch.total()
    stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds, _ in watch.stages)
    print(
        f"course evaluation, {learners} learners ({data.matched} matched, "
        f"{len(data.knowledge_items) + len(data.attitude_items)} items): "
        f"{wall:.2f} s wall, {cpu:.2f} s CPU [wall: {stages}; "
        f"{len(pdf) // 1024} KiB PDF]"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "DEBUG": "true"}
        env.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        import logging

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        manage("migrate", "--noinput", "-v0", env=env)
        from rotation import documents

        wall, cpu = time.perf_counter(), time.process_time()
        documents.html_to_pdf("<p>warm-up</p>")
        print(
            "WeasyPrint import and first page (fonts), once per worker process: "
            f"{time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU "
            "(not counted below)"
        )
        for learners in (30, 1000):
            manage("flush", "--noinput", env=env)
            manage("seed_demo", "--learners", str(learners), "--programs", "1", env=env)
            measure(learners)
            from django.db import connection

            connection.close()


if __name__ == "__main__":
    main()
