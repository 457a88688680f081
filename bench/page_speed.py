"""Page speed, unloaded: every role's main pages against the app's own sign-in page.

Production settings (gunicorn, DEBUG off, Redis cache) on the data of
`seed_demo --learners 1000 --programs 10` (built as `bench/load.py` builds it, in the scratch
database BENCH_DATABASE_URL). One request at a time, in rounds that ask for every page once:
two rounds to warm up, then BENCH_REPEATS (15); the table gives each page's median in
milliseconds and its ratio to the sign-in page's median. Target: every page within 3× the
sign-in page. Exits 1 if any page misses it. `python bench/page_speed.py` (the README's "Page
speed" section); BENCH_REUSE_DATA=1 measures the scratch database as an earlier run left it,
without reseeding.
"""

import sys
from pathlib import Path

# The project's root, not bench/, first: bench/statistics.py would shadow the standard library's.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import json  # noqa: E402
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


def fetch_ms(path: str, cookie: str) -> float:
    """One request's wall-clock milliseconds, from sending it to reading the whole answer."""
    url = f"http://127.0.0.1:{load.PORT}{path}"
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 -- loopback
        answer.read()
        if answer.status != 200:
            raise SystemExit(f"{path} answered {answer.status}")
    return (time.perf_counter() - started) * 1000


def medians_ms(pages: list[tuple[str, str, str, str]]) -> list[float]:
    """Each page's median over REPEATS rounds, after two warm-up rounds. A round asks for every
    page once, in turn, so that a slow spell of a shared machine falls on all pages alike
    (the sign-in page included) instead of on the one measured at the time."""
    times: list[list[float]] = [[] for _ in pages]
    for round_number in range(REPEATS + 2):
        for index, (_role, _label, path, cookie) in enumerate(pages):
            elapsed = fetch_ms(path, cookie)
            if round_number >= 2:
                times[index].append(elapsed)
    return [statistics.median(page_times) for page_times in times]


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
        pages = [
            ("anonymous", "sign-in page (reference)", "/accounts/login/", ""),
            ("anonymous", "/healthz", "/healthz", ""),
        ]
        for role, entry in plan["roles"].items():
            pages += [(role, label, path, entry["cookie"]) for label, path in entry["pages"]]
        try:
            measured = medians_ms(pages)
        finally:
            server.terminate()
            server.wait(timeout=30)
        cpu = server_cpu_ms(scratch / "gunicorn.log")
    print(
        f"| role | page | median ms ({REPEATS} requests) | × sign-in | within {FACTOR:g}× "
        "| server CPU ms | CPU × sign-in |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    floor, cpu_floor = measured[0], cpu[pages[0][2]]
    missed = 0
    for (role, label, path, _cookie), ms in zip(pages, measured, strict=True):
        ratio = ms / floor
        ok = ratio <= FACTOR
        missed += not ok
        print(
            f"| {role} | {label} | {ms:.1f} | {ratio:.1f} | {'yes' if ok else '**no**'} "
            f"| {cpu[path]:.1f} | {cpu[path] / cpu_floor:.1f} |"
        )
    sys.exit(1 if missed else 0)


def server_cpu_ms(log: Path) -> dict[str, float]:
    """Each path's median CPU milliseconds in the server, from its request log (one JSON line
    per request with `cpu_ms`, the worker thread's CPU time): a figure that a busy neighbour on
    a shared machine moves much less than the wall-clock time."""
    times: dict[str, list[float]] = {}
    for line in log.read_text().splitlines():
        if '"cpu_ms"' in line:
            entry = json.loads(line)
            times.setdefault(entry["path"], []).append(entry["cpu_ms"])
    return {path: statistics.median(values) for path, values in times.items()}


if __name__ == "__main__":
    main()
