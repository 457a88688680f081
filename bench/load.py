"""Load test: the app under production settings, served by gunicorn on loopback, measured by Locust.

1. (Re)creates the PostgreSQL database named by BENCH_DATABASE_URL (its name must contain
   "bench"; it is dropped first), migrates it and runs `seed_demo --learners 1000 --programs 10`.
2. Collects static files into a scratch folder and serves `bench.settings` (the real settings
   plus a floor view) with gunicorn: DEBUG off, Redis cache and broker, on 127.0.0.1 only.
3. (a) Each role's main pages, signed in, next to the floor view, in a closed loop for a while.
   (b) BENCH_SUBMITTERS new residents (200) submit the open post-assessment within a minute, some
   twice; then the database must hold exactly one submitted, complete response per resident.
   (c) `course_report` for a program of 1,000 learners (a fresh `seed_demo --programs 1`):
   the whole command, as an operator runs it (start-up, queries, statistics, WeasyPrint).
4. Prints one table with the targets and PASS/FAIL; exits 1 if any target fails.

Every other environment variable passes through to the server (e.g. a feature switch that the
benchmark must turn off); see the README's "Load tests" section for the knobs.
"""

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

STARTED = time.monotonic()
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mini_rotation_bench"
)
PORT = int(os.environ.get("BENCH_PORT", "8601"))
# Two gunicorn workers per core, as the README's production section advises for this machine;
# twice as many simulated users as workers, so that (a) measures a busy server.
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))
USERS = int(os.environ.get("BENCH_USERS", str(2 * WORKERS)))
PAGE_SECONDS = int(os.environ.get("BENCH_PAGE_SECONDS", "40"))
SUBMITTERS = int(os.environ.get("BENCH_SUBMITTERS", "200"))
SUBMIT_SECONDS = int(os.environ.get("BENCH_SUBMIT_SECONDS", "55"))
TIMEOUT = int(os.environ.get("BENCH_TIMEOUT", "900"))
DOUBLE_EVERY = 10  # every 10th resident double-clicks, the next one re-submits afterwards
LEARNERS, PROGRAMS = 1000, 10

PAGE_FACTOR = 3.0  # a page's median within 3× the floor's
SUBMIT_P95_MS = 300.0


@dataclass
class Line:
    what: str
    figures: str
    target: str = ""
    passed: bool | None = None  # None: for information, no target


def production_environment(static_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STATIC_ROOT": static_root,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/1"),
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
    }


def manage(*args: str, env: dict[str, str], timeout: int = 300) -> float:
    """Run a management command; its wall-clock seconds."""
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 -- our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _connect(dbname: str):
    import psycopg2

    url = urlsplit(DATABASE_URL)
    connection = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname=dbname,
    )
    connection.autocommit = True
    return connection


def recreate_database() -> None:
    from psycopg2 import sql

    name = urlsplit(DATABASE_URL).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(
            f"BENCH_DATABASE_URL must name a scratch database with 'bench' in it, not {name!r}."
        )
    connection = _connect("postgres")
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def analyze_database() -> None:
    """Gather the planner's statistics on the freshly seeded tables, as autovacuum does on a
    running database within a minute or so; without them PostgreSQL guesses the 146,000 seeded
    answers are a few rows and picks plans 30× slower than a production server would."""
    connection = _connect(urlsplit(DATABASE_URL).path.lstrip("/"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


# --- Signed-in sessions and the traffic plans (in this process, through Django) -----------------


def session_cookie(user) -> str:
    """Sign the user in as a login view would (signals, session hash) without a password hash.
    Staff and directors get the authenticator app that production requires them to have."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import login
    from django.test import RequestFactory

    from accounts.policy import needs_mfa_setup

    if needs_mfa_setup(user):
        TOTP.activate(user, generate_totp_secret())

    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, backend="accounts.backends.ModelBackend")
    request.session.save()
    return f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}"


def current_post():
    """This year's concentrated program's post-assessment, open in the demo."""
    from assessments.models import Administration

    return (
        Administration.objects.select_related("instrument__program")
        .filter(kind=Administration.Kind.POST, instrument__program__format="concentrated")
        .latest("opens_at")
    )


def pages_plan() -> dict:
    from django.urls import reverse

    from rotation.models import User

    post = current_post()
    program = post.instrument.program.slug
    partner = "keystone-health-plan"
    pages = {
        "director": [
            ("programs", reverse("rotation:program_list")),
            ("program overview", reverse("rotation:program_home", args=[program])),
            ("schedule", reverse("rotation:schedule", args=[program])),
            ("learners", reverse("rotation:roster", args=[program])),
            ("attendance", reverse("rotation:attendance", args=[program])),
            ("post completion", reverse("assessments:completion", args=[post.pk])),
        ],
        "liaison": [
            ("partners", reverse("partners:organization_list")),
            ("organization", reverse("partners:organization_detail", args=[partner])),
            ("faculty pool", reverse("partners:faculty_list", args=[partner])),
            ("contribution", reverse("reports:partner_contribution", args=[partner])),
        ],
        "faculty": [
            ("my teaching", reverse("teaching:my_teaching")),
            ("volunteer", reverse("teaching:volunteer_board")),
            ("feedback", reverse("assessments:faculty_feedback")),
        ],
        "resident": [
            ("my rotation", reverse("rotation:my_rotation")),
            ("post form", reverse("assessments:take", args=[post.pk])),
            ("calendar feeds", reverse("rotation:calendar_feeds")),
        ],
    }
    users = User.objects.in_bulk([f"{role}@demo.test" for role in pages], field_name="email")
    return {
        "roles": {
            role: {"cookie": session_cookie(users[f"{role}@demo.test"]), "pages": role_pages}
            for role, role_pages in pages.items()
        },
        "floor": reverse("bench_floor"),
        "users": USERS,
        "seconds": PAGE_SECONDS,
    }


def submitters_plan() -> tuple[dict, list[int]]:
    """New residents enrolled in the program whose post is open, each with a session."""
    from django.conf import settings
    from django.urls import reverse

    from rotation.models import Enrollment, Learner, User

    post = current_post()
    emails = [f"bench-resident-{number:03d}@bench.test" for number in range(SUBMITTERS)]
    User.objects.bulk_create(
        User(email=email, first_name="Bench", last_name="Resident") for email in emails
    )
    accounts = User.objects.filter(email__in=emails).order_by("email")
    learners = Learner.objects.bulk_create(
        Learner(
            user=user,
            email=user.email,
            first_name="Bench",
            last_name=f"Resident {n}",
            residency_program="Internal Medicine",
            pgy_level=2,
        )
        for n, user in enumerate(accounts)
    )
    Enrollment.objects.bulk_create(
        Enrollment(program=post.instrument.program, learner=learner) for learner in learners
    )
    plan = {
        "form": reverse("assessments:take", args=[post.pk]),
        "cookies": [session_cookie(user) for user in accounts],
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "double_every": DOUBLE_EVERY,
        "spawn_seconds": SUBMIT_SECONDS,
        "grace_seconds": 30,
    }
    return plan, [learner.pk for learner in learners]


def submission_count(learner_ids: list[int], accepted: list[int]) -> list[Line]:
    """Every resident whose submission the server confirmed has exactly one submitted response,
    with an answer to every question; nobody has two responses."""
    from django.db.models import Count

    from assessments.models import Response
    from assessments.services.responses import answer_fields

    post = current_post()
    questions = len(answer_fields(post))
    responses = Response.objects.filter(administration=post, learner_id__in=learner_ids)
    per_learner = dict(responses.values_list("learner_id").annotate(n=Count("id")))
    submitted = dict(
        responses.filter(status=Response.Status.SUBMITTED)
        .annotate(answer_count=Count("answers"))
        .values_list("learner_id", "answer_count")
    )
    lost = sum(1 for number in accepted if learner_ids[number] not in submitted)
    duplicated = sum(n - 1 for n in per_learner.values() if n > 1)
    incomplete = sum(1 for answers in submitted.values() if answers != questions)
    return [
        Line(
            "(b) submissions confirmed (302) in the window",
            f"{len(accepted)} of {len(learner_ids)} residents",
            "all",
            len(accepted) == len(learner_ids),
        ),
        Line(
            "(b) database after the submissions",
            f"{len(submitted)} submitted responses; {lost} lost, {duplicated} duplicated, "
            f"{incomplete} without all {questions} answers",
            "0 lost, 0 duplicated",
            lost == 0 and duplicated == 0 and incomplete == 0,
        ),
    ]


def server_log(log: Path, start: int = 0) -> dict[tuple[str, str], dict]:
    """Per (method, path), from the server's JSON request log (from byte `start` on): the median
    CPU milliseconds spent (unlike latency, hardly moved by other work on the machine), the
    median time inside Django (the rest of a latency is waiting for a worker) and the statuses."""
    seen: dict[tuple[str, str], dict] = {}
    with log.open("rb") as lines:
        lines.seek(start)
        for line in lines:
            if b'"cpu_ms"' in line:
                entry = json.loads(line)
                key = (entry["method"], entry["path"])
                found = seen.setdefault(key, {"cpu": [], "time": [], "statuses": Counter()})
                found["cpu"].append(entry["cpu_ms"])
                found["time"].append(entry["duration_ms"])
                found["statuses"][entry["status"]] += 1
    for found in seen.values():
        for figure in ("cpu", "time"):
            found[figure] = sorted(found[figure])[len(found[figure]) // 2]
    return seen


# --- Server and traffic -------------------------------------------------------------------------


def start_server(env: dict[str, str], log: Path) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 -- gunicorn from this virtualenv
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-file",
            str(log),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {log}")


def traffic(mode: str, plan: dict, scratch: Path) -> dict:
    plan = {**plan, "host": f"http://127.0.0.1:{PORT}", "hostname": f"127.0.0.1:{PORT}"}
    plan_file, result_file = scratch / f"{mode}-plan.json", scratch / f"{mode}-result.json"
    plan_file.write_text(json.dumps(plan))
    progress(f"Locust: {mode}")
    limit = plan.get("seconds", 0) + plan.get("spawn_seconds", 0) + plan.get("grace_seconds", 0)
    subprocess.run(  # noqa: S603 -- our own script
        [
            sys.executable,
            str(ROOT / "bench" / "traffic.py"),
            mode,
            str(plan_file),
            str(result_file),
        ],
        cwd=ROOT,
        check=True,
        timeout=limit + 60,
    )
    result = json.loads(result_file.read_text())
    for error in result["errors"]:
        progress(f"  client-side error: {error}")
    return result


def page_paths(plan: dict) -> dict[str, str]:
    """Locust's name of each page → its path."""
    paths = {
        f"{role}: {label}": path
        for role, entry in plan["roles"].items()
        for label, path in entry["pages"]
    }
    return {**paths, "floor (trivial view)": plan["floor"]}


def page_lines(result: dict, paths: dict[str, str], served: dict) -> list[Line]:
    rows = {row["name"]: row for row in result["rows"]}
    for name, path in paths.items():
        rows[name]["server"] = served.get(("GET", path))
    floor = rows["floor (trivial view)"]
    limit = PAGE_FACTOR * floor["p50"]
    lines = []
    for name, row in sorted(rows.items()):
        if name in {"Aggregated", "floor (trivial view)"}:
            continue
        lines.append(
            Line(
                f"(a) {name}",
                figures(row),
                f"p50 ≤ {PAGE_FACTOR:g}× floor = {limit:.0f} ms, no errors",
                row["p50"] <= limit and row["failures"] == 0,
            )
        )
    lines.append(
        Line("(a) floor (trivial view)", figures(floor), "no errors", floor["failures"] == 0)
    )
    total = rows["Aggregated"]
    lines.append(
        Line(
            f"(a) all pages, {USERS} users, {WORKERS} workers, {result['seconds']:.0f} s",
            figures(total),
        )
    )
    return lines


def submission_lines(result: dict, path: str, served: dict) -> list[Line]:
    rows = {row["name"]: row for row in result["rows"]}
    form = rows["resident: post-assessment form"]
    first = rows["resident: submit post-assessment"]
    form["server"], first["server"] = served.get(("GET", path)), served.get(("POST", path))
    again = rows.get("resident: submit again (back button)")
    lines = [
        Line("(b) post form (GET, CSRF)", figures(form), "no errors", form["failures"] == 0),
        Line(
            f"(b) submit, {SUBMITTERS} residents in {SUBMIT_SECONDS} s (incl. double clicks)",
            figures(first),
            f"p95 < {SUBMIT_P95_MS:.0f} ms, no errors",
            first["p95"] < SUBMIT_P95_MS and first["failures"] == 0,
        ),
    ]
    if first.get("server"):
        statuses = sorted(first["server"]["statuses"].items())
        answers = ", ".join(f"{status} ×{count}" for status, count in statuses)
        lines.append(Line("(b) the server's answers to all submissions", answers))
    if again:
        lines.append(
            Line(
                "(b) submit again (back button)",
                figures(again),
                "no errors",
                again["failures"] == 0,
            )
        )
    return lines


def figures(row: dict) -> str:
    server = row.get("server")
    cpu = f"; server: {server['time']:.0f} ms, CPU {server['cpu']:.0f} ms" if server else ""
    return (
        f"n={row['requests']} err={row['failures']} p50={row['p50']:.0f} p95={row['p95']:.0f} "
        f"p99={row['p99']:.0f} ms, {row['rps']:.1f} req/s{cpu}"
    )


def print_table(lines: list[Line]) -> None:
    width = max(len(line.what) for line in lines)
    figure_width = max(len(line.figures) for line in lines)
    print()
    print(f"{'measurement':<{width}}  {'figures':<{figure_width}}  {'target':<38}  result")
    print("-" * (width + figure_width + 52))
    for line in lines:
        verdict = "" if line.passed is None else ("PASS" if line.passed else "FAIL")
        print(f"{line.what:<{width}}  {line.figures:<{figure_width}}  {line.target:<38}  {verdict}")


def progress(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


def server_errors(log: Path) -> list[str]:
    lines = log.read_text(errors="replace").splitlines()
    return [line for line in lines if "ERROR" in line or "Traceback" in line]


def give_up(signum, frame):
    raise TimeoutError(f"bench/load.py ran longer than BENCH_TIMEOUT = {TIMEOUT} s")


def main() -> None:
    # Bounded as a whole; the server is stopped on the way out (see the `finally` below).
    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(TIMEOUT)
    lines: list[Line] = []

    def add(*new: Line) -> None:
        for line in new:
            progress(f"{line.what}: {line.figures}")
        lines.extend(new)

    with tempfile.TemporaryDirectory(prefix="mini-rotation-bench-") as folder:
        scratch = Path(folder)
        env = production_environment(str(scratch / "static"))
        progress(f"recreating {urlsplit(DATABASE_URL).path.lstrip('/')}, migrating")
        recreate_database()
        manage("migrate", "--noinput", env=env)
        seed = ("seed_demo", "--force", f"--learners={LEARNERS}")
        seconds = manage(*seed, f"--programs={PROGRAMS}", env=env)
        add(Line(f"seed_demo --learners {LEARNERS} --programs {PROGRAMS}", f"{seconds:.1f} s"))
        analyze_database()
        manage("collectstatic", "--noinput", env=env)
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection

        page_plan = pages_plan()
        log = scratch / "gunicorn.log"
        progress(f"gunicorn on 127.0.0.1:{PORT} with {WORKERS} workers")
        server = start_server(env, log)
        try:
            progress(f"(a) pages: {USERS} users for {PAGE_SECONDS} s")
            result = traffic("pages", page_plan, scratch)
            add(*page_lines(result, page_paths(page_plan), server_log(log)))
            submit_plan, learner_ids = submitters_plan()
            connection.close()
            progress(f"(b) {SUBMITTERS} residents submit within {SUBMIT_SECONDS} s")
            offset = log.stat().st_size
            result = traffic("submissions", submit_plan, scratch)
            add(*submission_lines(result, submit_plan["form"], server_log(log, offset)))
            add(*submission_count(learner_ids, result["accepted"]))
        finally:
            server.terminate()
            server.wait(timeout=30)
            if errors := server_errors(log):
                print("\n".join(["Server errors (last 20):", *errors[-20:]]), file=sys.stderr)
        connection.close()
        progress(f"(c) a program of {LEARNERS} learners")
        manage("flush", "--noinput", env=env)
        manage(*seed, "--programs=1", env=env)
        from rotation.models import Program

        slug = Program.objects.get().slug
        connection.close()
        seconds = manage("course_report", slug, "--output", str(scratch / "report.pdf"), env=env)
        # The issue sets no target here; bench/course_report.py times the stages against its own.
        add(Line(f"(c) course_report, {LEARNERS} learners (whole command)", f"{seconds:.1f} s"))
    print_table(lines)
    progress("done")
    if any(line.passed is False for line in lines):
        sys.exit(1)


if __name__ == "__main__":
    main()
