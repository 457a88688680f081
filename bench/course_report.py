"""Benchmark: the course evaluation PDF for 30 and for 1,000 learners (30 items each).

For each size, `seed_demo --learners N --programs 1` builds one program on a fresh database
(DATABASE_URL when set: point it at a scratch PostgreSQL database, it is flushed; otherwise a
temporary SQLite file), then the report is built in this process as the worker builds it and
each stage is timed: queries (`analysis.collect`), statistics (`analysis.analyse`), charts and
HTML, WeasyPrint (after a warm-up that a worker process pays once, printed apart).
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


def measure(learners: int) -> None:
    from reports.analysis import analyse, collect
    from reports.rendering import render_document
    from rotation.models import Program

    program = Program.objects.get()
    times = {}
    started = time.perf_counter()
    data = collect(program=program)
    times["queries"] = time.perf_counter() - started
    mark = time.perf_counter()
    report = analyse(data)
    times["statistics"] = time.perf_counter() - mark
    mark = time.perf_counter()
    html = render_document(report)
    times["charts and HTML"] = time.perf_counter() - mark
    mark = time.perf_counter()
    from weasyprint import HTML

    pdf = HTML(string=html).write_pdf()
    times["WeasyPrint"] = time.perf_counter() - mark
    total = time.perf_counter() - started
    stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times.items())
    print(
        f"course evaluation, {learners} learners ({data.matched} matched, "
        f"{len(data.knowledge_items) + len(data.attitude_items)} items): {total:.2f} s "
        f"[{stages}; {len(pdf) // 1024} KiB PDF]"
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
        started = time.perf_counter()
        from weasyprint import HTML

        HTML(string="<p>warm-up</p>").write_pdf()
        print(
            "WeasyPrint import and first page (fonts), once per worker process: "
            f"{time.perf_counter() - started:.2f} s"
        )
        for learners in (30, 1000):
            manage("flush", "--noinput", env=env)
            manage("seed_demo", "--learners", str(learners), "--programs", "1", env=env)
            measure(learners)
            from django.db import connection

            connection.close()


if __name__ == "__main__":
    main()
