"""Benchmark: the benchmarking page over 10 academic years × 10 programs × 100 learners.

`python bench/benchmarking.py seed` flushes the database of DATABASE_URL (point it at a scratch
PostgreSQL database) and inserts, in bulk: 100 programs (10 a year, concentrated and
distributed in turn, 3 partners each, 5 sessions), each with a copy of one instrument (20
knowledge items, 10 attitude items in 5 subscales: every item common), pre and post, 100
enrolled learners of whom about 90 % submit the pre and 80 % the post, every answer, and about
60 % of learners' session evaluations: 10,000 learners, 19,000 responses, 510,000 answers.

`python bench/benchmarking.py` then requests the page once as site staff (who compare every
program) through Django's test client, in this process, and prints one line: the queries it
took and the wall-clock and CPU seconds of the request; `python bench/benchmarking.py stages`
first times its stages apart (reads, analysis, charts). Time the whole process from outside
for figures that include start-up.
"""

import math
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402 -- after the path and settings above

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessments.models import (  # noqa: E402
    Administration,
    Answer,
    Instrument,
    Item,
    Response,
    SessionEvaluation,
)
from partners.models import Organization  # noqa: E402
from rotation.models import (  # noqa: E402
    Enrollment,
    Learner,
    Program,
    ProgramPartner,
    SeminarSession,
    User,
)

YEARS, PROGRAMS_A_YEAR, LEARNERS = 10, 10, 100
KNOWLEDGE, ATTITUDE, SESSIONS = 20, 10, 5
SUBSCALES = ("Stewardship", "Systems thinking", "Partnership", "Navigation", "Advocacy")
STAFF = "bench-staff@example.org"


def seed() -> None:
    rng = random.Random(16)  # noqa: S311 -- benchmark data, not secrets
    call_command("migrate", "--noinput", verbosity=0)
    call_command("flush", "--noinput", verbosity=0)
    User.objects.create(email=STAFF, first_name="Bench", last_name="Staff", is_staff=True)
    partners = Organization.objects.bulk_create(
        Organization(name=f"Partner {number}", slug=f"partner-{number}", kind="health_plan")
        for number in range(6)
    )
    started = time.perf_counter()
    for year in range(2016, 2016 + YEARS):
        for number in range(PROGRAMS_A_YEAR):
            _seed_program(year, number, partners, rng)
    with connection.cursor() as cursor:
        # What autovacuum would do soon after: without statistics on the bulk-inserted tables
        # PostgreSQL plans the answers' read as nested loops and takes minutes.
        cursor.execute("ANALYZE")
    print(f"seeded {Program.objects.count()} programs, {Learner.objects.count()} learners, "
          f"{Response.objects.count()} responses, {Answer.objects.count()} answers, "
          f"{SessionEvaluation.objects.count()} session evaluations in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip


def _seed_program(year: int, number: int, partners, rng: random.Random) -> None:
    start = date(year, 9, 1) + timedelta(days=30 * number)
    program = Program.objects.create(
        name=f"Mini-Rotation {number + 1}",
        slug=f"mini-rotation-{year}-{number + 1}",
        academic_year=f"{year}-{year + 1}",
        format="concentrated" if number % 2 == 0 else "distributed",
        start_date=start,
        end_date=start + timedelta(days=2),
    )
    ProgramPartner.objects.bulk_create(
        ProgramPartner(program=program, organization=partners[(number + k) % 6], role="content")
        for k in range(3)
    )
    moment = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    instrument = Instrument.objects.create(program=program, key="sbp", title="SBP knowledge")
    items = Item.objects.bulk_create(
        [
            Item(instrument=instrument, position=k, kind="knowledge", text=f"Question {k + 1}")
            for k in range(KNOWLEDGE)
        ]
        + [
            Item(
                instrument=instrument,
                position=KNOWLEDGE + k,
                kind="attitude",
                text=f"Statement {k + 1}",
                subscale=SUBSCALES[k % len(SUBSCALES)],
            )
            for k in range(ATTITUDE)
        ]
    )
    pre, post = Administration.objects.bulk_create(
        Administration(
            instrument=instrument,
            kind=kind,
            opens_at=moment + timedelta(days=offset),
            closes_at=moment + timedelta(days=offset + 7),
        )
        for kind, offset in (("pre", -10), ("post", 3))
    )
    learners = Learner.objects.bulk_create(
        Learner(
            first_name="Learner",
            last_name=f"{k:03d}",
            email=f"learner{k}@{program.slug}.example.org",
            residency_program="Internal Medicine",
            pgy_level=2,
            program_director_name="Dr. Lee",
            program_director_email="pd@example.org",
        )
        for k in range(LEARNERS)
    )
    Enrollment.objects.bulk_create(Enrollment(program=program, learner=p) for p in learners)
    responses, plans = [], []
    for learner in learners:
        ability, gain = rng.gauss(0, 1), rng.gauss(1.0, 0.6)
        for administration, shift, share in ((pre, 0.0, 0.9), (post, gain, 0.8)):
            if rng.random() < share:
                responses.append(
                    Response(
                        administration=administration,
                        learner=learner,
                        status="submitted",
                        started_at=moment,
                        updated_at=moment,
                        submitted_at=moment,
                    )
                )
                plans.append(ability + shift)
    responses = Response.objects.bulk_create(responses, batch_size=1000)
    answers = []
    for response, level in zip(responses, plans, strict=True):
        for item in items:
            if item.kind == "knowledge":
                right = rng.random() < 1 / (1 + math.exp(0.3 - level - (item.position % 5) / 5))
                answers.append(
                    Answer(
                        response=response,
                        item=item,
                        score=int(right),
                        is_correct=right,
                        answered_at=moment,
                    )
                )
            else:
                value = min(5, max(1, round(3 + level * 0.6 + rng.gauss(0, 0.8))))
                answers.append(
                    Answer(
                        response=response, item=item, value=value, score=value, answered_at=moment
                    )
                )
    Answer.objects.bulk_create(answers, batch_size=5000)
    sessions = SeminarSession.objects.bulk_create(
        SeminarSession(
            program=program,
            title=f"Session {k + 1}",
            starts_at=moment + timedelta(days=k, hours=9),
            ends_at=moment + timedelta(days=k, hours=11),
            status="published",
        )
        for k in range(SESSIONS)
    )
    SessionEvaluation.objects.bulk_create(
        SessionEvaluation(
            session=session,
            learner=learner,
            overall=rng.choice((3, 4, 4, 5, 5)),
            relevance=rng.choice((3, 4, 5)),
            changed_view=rng.choice((2, 3, 4, 5)),
            submitted_at=moment,
        )
        for session in sessions
        for learner in learners
        if rng.random() < 0.6
    )


def measure(*, with_stages: bool) -> None:
    from reports.analysis.benchmarking import benchmark
    from reports.benchmarking import cohort_inputs, programs_to_benchmark
    from reports.rendering import benchmarking_figures

    staff = User.objects.get(email=STAFF)
    stages = []

    def timed(name, function, *args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*args, **kwargs)
        stages.append(
            f"{name} {time.perf_counter() - wall:.2f} s ({time.process_time() - cpu:.2f} CPU)"
        )
        return result

    if with_stages:
        inputs = timed("reads", cohort_inputs, programs=programs_to_benchmark(user=staff))
        figures = timed("analysis", benchmark, inputs)
        timed("charts", benchmarking_figures, figures)
    client = Client()
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get("/reports/benchmarking/", HTTP_HOST="localhost")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if response.status_code != 200:
        raise SystemExit(f"the page answered {response.status_code}")
    print(
        f"benchmarking page, {YEARS * PROGRAMS_A_YEAR} cohorts of {LEARNERS} learners: "
        f"{len(queries)} queries, {wall:.2f} s "
        f"({cpu:.2f} s CPU), {len(response.content) // 1024} KiB"
        + (f"; stages: {'; '.join(stages)}" if stages else "")
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["seed"]:
        seed()
    else:
        measure(with_stages=sys.argv[1:] == ["stages"])
