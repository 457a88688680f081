"""Locust traffic for `bench/load.py`, run in its own process (Locust patches the standard library
with gevent): `python bench/traffic.py pages|submissions PLAN.json RESULT.json`.

- pages: each role's signed-in users ask for their role's main pages and the floor view, in a
  closed loop without think time, for a fixed time.
- submissions: one simulated resident per session in the plan, arriving evenly over the window,
  opens the post-assessment, answers every question of the real form (with its CSRF token) and
  submits it once; every `double_every`-th submits twice at the same moment (double click) and
  the next one submits again afterwards (back button). Each simulated resident then stops.
"""

import json
import random
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

# Run as a script, bench/ comes first on sys.path, where bench/statistics.py would shadow the
# standard library's module for everything imported after: put the project there instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import gevent  # noqa: E402
from locust import FastHttpUser, constant, task  # noqa: E402
from locust.contrib.fasthttp import FastHttpSession  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.exception import StopUser  # noqa: E402

FORM_TEXT = "Seeing the plan's side of prior authorization was useful."


class PostForm(HTMLParser):
    """The fields of the page's largest POST form: one value per radio group, text for textareas."""

    def __init__(self, rng: random.Random):
        super().__init__()
        self.rng = rng
        self.forms: list[dict[str, list[str]]] = []
        self.in_post_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_post_form = (attrs.get("method") or "").lower() == "post"
            if self.in_post_form:
                self.forms.append({})
        elif self.in_post_form and tag in {"input", "textarea"} and attrs.get("name"):
            kind = attrs.get("type", "textarea" if tag == "textarea" else "text")
            values = self.forms[-1].setdefault(attrs["name"], [])
            values.append(FORM_TEXT if kind == "textarea" else attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False

    def answers(self) -> dict[str, str]:
        fields = max(self.forms, key=len, default={})
        return {name: self.rng.choice(values) for name, values in fields.items()}


class SignedIn(FastHttpUser):
    """Sends the session cookie it is given and says it came through the HTTPS proxy."""

    abstract = True
    plan: dict = {}

    def headers(self, cookie: str) -> dict[str, str]:
        return {
            "Cookie": cookie,
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{self.plan['hostname']}/",
        }

    def get_page(self, label: str, path: str, cookie: str):
        with self.client.get(
            path,
            name=label,
            headers=self.headers(cookie),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")
            return response


class RoleUser(SignedIn):
    """One signed-in user of a role, asking for one of its pages (or the floor) at a time."""

    abstract = True
    wait_time = constant(0)
    role = ""

    def on_start(self):
        role = self.plan["roles"][self.role]
        self.cookie = role["cookie"]
        self.pages = [(f"{self.role}: {label}", path) for label, path in role["pages"]]
        self.pages.append(("floor (trivial view)", self.plan["floor"]))

    @task
    def one_page(self):
        label, path = random.choice(self.pages)  # noqa: S311 -- traffic mix, not a secret
        self.get_page(label, path, self.cookie)


def role_users(plan: dict) -> list[type[RoleUser]]:
    return [
        type(f"{role.title()}User", (RoleUser,), {"role": role, "plan": plan, "abstract": False})
        for role in plan["roles"]
    ]


class Submitter(SignedIn):
    """One resident submitting the post-assessment, then leaving."""

    wait_time = constant(0)
    queue: list[tuple[int, str]] = []
    accepted: set[int] = set()  # residents whose submission the server confirmed (a redirect)
    started = 0.0

    @task
    def submit(self):
        if not self.queue:
            raise StopUser()
        number, cookie = self.queue.pop()
        # Resident n arrives at n × window / residents: an even, open-loop arrival whatever
        # the server's speed (Locust's spawn rate alone does not hold it).
        arrival = self.started + number * self.plan["spawn_seconds"] / len(self.plan["cookies"])
        gevent.sleep(max(0.0, arrival - time.monotonic()))
        page = self.get_page("resident: post-assessment form", self.plan["form"], cookie)
        name = self.plan["csrf_cookie"]
        set_cookie = page.headers.get("Set-Cookie", "")
        token = next(
            (
                part.strip().split("=", 1)[1]
                for part in set_cookie.split(";")
                if part.strip().startswith(f"{name}=")
            ),
            "",
        )
        form = PostForm(random.Random(number))  # noqa: S311 -- answers, not secrets
        form.feed(page.text or "")
        data = form.answers()
        cookies = f"{cookie}; {name}={token}"
        every = self.plan["double_every"]
        if number % every == 0:  # a double click: two requests at the same moment
            # Two connections: one client's redirect setting is not safe across greenlets.
            second = FastHttpSession(
                self.host,
                self.environment.events.request,
                user=self,
                network_timeout=self.network_timeout,
                connection_timeout=self.connection_timeout,
                max_retries=self.max_retries,
            )
            both = [
                gevent.spawn(self.post, "resident: submit post-assessment", data, cookies, client)
                for client in (self.client, second)
            ]
            gevent.joinall(both)
            confirmed = any(greenlet.value for greenlet in both)
        else:
            confirmed = self.post("resident: submit post-assessment", data, cookies)
            if number % every == 1:  # back button and submit again
                self.post("resident: submit again (back button)", data, cookies)
        if confirmed:
            self.accepted.add(number)
        raise StopUser()

    def post(self, label: str, data: dict[str, str], cookies: str, client=None) -> bool:
        with (client or self.client).post(
            self.plan["form"],
            name=label,
            data=data,
            headers=self.headers(cookies),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                reason = response.error or response.status_code
                response.failure(f"not submitted: {reason!r}")
            return response.status_code == 302


def summary(environment: Environment, seconds: float) -> dict:
    rows = []
    for entry in [*environment.stats.entries.values(), environment.stats.total]:
        rows.append(
            {
                "name": entry.name,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
                "p99": entry.get_response_time_percentile(0.99),
                "rps": entry.num_requests / seconds if seconds else 0.0,
            }
        )
    errors = [
        f"{error.name}: {error.error} ×{error.occurrences}"
        for error in environment.stats.errors.values()
    ]
    return {"seconds": seconds, "rows": rows, "errors": errors}


def run(mode: str, plan: dict) -> dict:
    if mode == "pages":
        classes = role_users(plan)
        environment = Environment(user_classes=classes, host=plan["host"])
        runner = environment.create_local_runner()
        started = time.monotonic()
        runner.start(plan["users"], spawn_rate=plan["users"])
        gevent.sleep(plan["seconds"])
        runner.quit()
        return summary(environment, time.monotonic() - started)
    Submitter.plan = plan
    Submitter.queue = list(enumerate(plan["cookies"]))[::-1]
    environment = Environment(user_classes=[Submitter], host=plan["host"])
    runner = environment.create_local_runner()
    count = len(plan["cookies"])
    started = Submitter.started = time.monotonic()
    runner.start(count, spawn_rate=count)
    deadline = started + plan["spawn_seconds"] + plan["grace_seconds"]
    gevent.sleep(1)
    while time.monotonic() < deadline and (runner.user_count or Submitter.queue):
        gevent.sleep(0.5)
    runner.quit()
    return {
        **summary(environment, time.monotonic() - started),
        "accepted": sorted(Submitter.accepted),
    }


def main() -> None:
    mode, plan_file, result_file = sys.argv[1:4]
    if mode not in {"pages", "submissions"}:
        raise SystemExit("usage: traffic.py pages|submissions PLAN.json RESULT.json")
    plan = json.loads(Path(plan_file).read_text())
    Path(result_file).write_text(json.dumps(run(mode, plan)))


if __name__ == "__main__":
    main()
