"""Page speed, unloaded: every role's main pages against the app's own sign-in page.

Production settings (gunicorn, DEBUG off, Redis cache) on the data of
`seed_demo --learners 1000 --programs 10` (built as `bench/load.py` builds it, in the scratch
database BENCH_DATABASE_URL). One request at a time: each page is asked for twice to warm up,
then BENCH_REPEATS (15) times; the table gives each page's median in milliseconds and its ratio
to the sign-in page's median. Target: every page within 3× the sign-in page. Exits 1 if any
page misses it. `python bench/page_speed.py` (the README's "Page speed" section);
BENCH_REUSE_DATA=1 measures the scratch database as an earlier run left it, without reseeding.
"""

import sys
from pathlib import Path

# The project's root, not bench/, first: bench/statistics.py would shadow the standard library's.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

from bench import load  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "15"))
FACTOR = 3.0


def extra_pages() -> dict[str, list[tuple[str, str]]]:
    """Main pages the load test leaves out: the planning, partnership and outcome pages."""
    from django.urls import reverse

    from rotation.models import Program

    program = load.current_post().instrument.program.slug
    planned = (
        Program.objects.filter(planning_team__isnull=False, format="distributed")
        .order_by("-start_date")
        .values_list("slug", flat=True)[0]
    )
    partner = "keystone-health-plan"
    return {
        "director": [
            ("reports", reverse("reports:list", args=[program])),
            ("timeline", reverse("rotation:timeline", args=[program])),
            ("budget", reverse("reports:budget", args=[program])),
            ("benchmarking", reverse("reports:benchmarking")),
            ("agreements", reverse("partners:agreement_overview")),
            ("planning", reverse("planning:plan", args=[planned])),
            ("proposals", reverse("planning:proposals", args=[planned])),
            ("panel", reverse("planning:partnership_meetings")),
        ],
        "liaison": [
            ("outcomes", reverse("reports:partner_outcomes", args=[partner])),
            ("agreements", reverse("partners:agreement_list", args=[partner])),
            ("planning teams", reverse("planning:my_planning")),
        ],
    }


def median_ms(path: str, cookie: str) -> float:
    url = f"http://127.0.0.1:{load.PORT}{path}"
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    times = []
    for attempt in range(REPEATS + 2):
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 -- loopback
            answer.read()
            if answer.status != 200:
                raise SystemExit(f"{path} answered {answer.status}")
        if attempt >= 2:  # two warm-up requests
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="mini-rotation-speed-") as folder:
        scratch = Path(folder)
        env = load.production_environment(str(scratch / "static"))
        if os.environ.get("BENCH_REUSE_DATA") != "1":
            load.progress("recreating the scratch database, migrating, seeding 1,000 × 10")
            load.recreate_database()
            load.manage("migrate", "--noinput", env=env)
            load.manage(
                "seed_demo",
                "--force",
                f"--learners={load.LEARNERS}",
                f"--programs={load.PROGRAMS}",
                env=env,
                timeout=1200,
            )
            load.analyze_database()
        load.manage("collectstatic", "--noinput", env=env)
        os.environ.update(env)
        import django

        django.setup()
        plan = load.pages_plan()
        for role, pages in extra_pages().items():
            plan["roles"][role]["pages"] += pages
        load.WORKERS = 1  # unloaded: one request at a time, one worker
        server = load.start_server(env, scratch / "gunicorn.log")
        try:
            floor = median_ms("/accounts/login/", "")
            rows = [("anonymous", "sign-in page (reference)", floor)]
            rows.append(("anonymous", "/healthz", median_ms("/healthz", "")))
            for role, entry in plan["roles"].items():
                for label, path in entry["pages"]:
                    rows.append((role, label, median_ms(path, entry["cookie"])))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"| role | page | median ms ({REPEATS} requests) | × sign-in | within {FACTOR:g}× |")
    print("| --- | --- | --- | --- | --- |")
    missed = 0
    for role, label, ms in rows:
        ratio = ms / floor
        ok = ratio <= FACTOR
        missed += not ok
        print(f"| {role} | {label} | {ms:.1f} | {ratio:.1f} | {'yes' if ok else '**no**'} |")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
