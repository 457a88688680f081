"""Hostile input gets a message, never a 500, and nothing half-written.

Every URL of the access matrix that takes a POST (the POST-only rows, and the pages whose view
has a `post` method) is posted, as the role the matrix lets use it, the form a browser would
send — the fields and default values read from the forms of the pages those roles can open —
with hostile strings in its text fields: NUL bytes, lone surrogates, other Unicode digits,
right-to-left marks, 10,000 characters, whitespace only (every target gets each of them), then
strings Hypothesis generates (a bounded, reproducible number per target). A 5xx fails, and so
does any change to the row count of the project's tables after a post that was refused (a 4xx,
or a page showing form errors). Each post runs in a savepoint rolled back afterwards.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms import BaseForm
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import ROLES
from tests.security.test_access_matrix import PATTERNS, ROWS, build_url
from tests.security.test_access_matrix import shared_world as matrix_world

HOSTILE = [
    "nul\x00byte",
    "\x00",
    "lone \ud800 surrogate",
    "\udfff",
    "²",
    "٣",
    "３",
    "\u200fright-to-left\u202e",
    "x" * 10_000,
    "   \t\n ",
    "",
    "-1",
    "1e309",
    "=1+1",
]
# Posted in one field at a time (each field gets the next), the rest of the form as it was, so
# that they get past the other fields' checks to the service. (NUL and lone surrogates stop at
# the middleware, whatever the field.)
DEEP = ["²", "x" * 10_000, "   ", "٣", "\u200f1"]
# Role for each target: anyone's pages (invitations, sign-in links, sign-in) as the anonymous
# visitor they are for; the others as the narrowest role that may use them, staff last.
PREFERENCE = ("anonymous", "director", "resident", "faculty", "liaison", "other_director", "staff")
PROJECT_APPS = (
    "rotation",
    "partners",
    "planning",
    "assessments",
    "reports",
    "audit",
    "privacy",
    "account",
)
TEXT_TYPES = {"text", "email", "number", "search", "url", "tel", "password", "date", "time", ""}


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name: default value
    fuzzable: list[str] = field(default_factory=list)  # text inputs and text areas
    files: list[str] = field(default_factory=list)
    htmx: bool = False


class FormReader(HTMLParser):
    """The POST forms of a page (and hx-post elements), as a browser would submit them."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url, self.forms, self.form, self.textarea, self.select = (
            page_url,
            [],
            None,
            None,
            None,
        )

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.form = Form(action=urljoin(self.page_url, a.get("action") or self.page_url))
            self.forms.append(self.form)
        elif "hx-post" in a:
            self.forms.append(Form(action=urljoin(self.page_url, a["hx-post"]), htmx=True))
            if a.get("name"):
                self.forms[-1].fields[a["name"]] = a.get("value") or ""
                self.forms[-1].fuzzable.append(a["name"])
        if self.form is None or not a.get("name"):
            return
        name, kind = a["name"], (a.get("type") or "").lower()
        if name == "csrfmiddlewaretoken":
            return
        if tag == "input" and kind == "file":
            self.form.files.append(name)
        elif tag == "input" and kind in {"checkbox", "radio"}:
            if "checked" in a or name not in self.form.fields:
                self.form.fields[name] = a.get("value") or "on"
        elif tag == "input" and kind not in {"submit", "button", "image", "reset"}:
            self.form.fields[name] = a.get("value") or ""
            if kind in TEXT_TYPES or kind == "hidden":
                self.form.fuzzable.append(name)
        elif tag == "textarea":
            self.form.fields[name], self.textarea = "", name
            self.form.fuzzable.append(name)
        elif tag == "select":
            self.select = name
            self.form.fuzzable.append(name)
        elif (
            tag == "option"
            and self.select
            and ("selected" in a or self.select not in self.form.fields)
        ):
            self.form.fields[self.select] = a.get("value") or ""

    def handle_data(self, data):
        if self.textarea and self.form:
            self.form.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def allowed_role(expect: str, method: str) -> str | None:
    outcomes = dict(zip(ROLES, expect.split(), strict=True))
    denied = {"LOGIN", "ADMIN", "403", "404", "405", "410"}
    usable = [role for role in PREFERENCE if outcomes[role] not in denied]
    if method == "get":
        usable = [role for role in usable if outcomes[role] == "OK"]
    return usable[0] if usable else None


def accepts_post(pattern) -> bool:
    view = getattr(pattern.pattern.callback, "view_class", None)
    return view is not None and hasattr(view, "post")


def targets() -> list[tuple[str, str]]:
    """(URL name, role) of every matrix row taking a POST."""
    by_key = {p.key: p for p in PATTERNS}
    found = []
    for key, row in ROWS.items():
        if row.method == "get" and not accepts_post(by_key[key]):
            continue
        role = allowed_role(row.expect, row.method)
        if role is not None:
            found.append((key, role))
    return found


TARGETS = targets()


def page_forms(world) -> dict[tuple[str, str], list[Form]]:
    """(path, role): the forms posting to that path, read from every page each role can open."""
    by_key = {p.key: p for p in PATTERNS}
    forms: dict[tuple[str, str], list[Form]] = {}
    for key, row in ROWS.items():
        outcomes = dict(zip(ROLES, row.expect.split(), strict=True))
        if row.method != "get":
            continue
        for role in {role for _key, role in TARGETS}:
            if outcomes[role] != "OK":
                continue
            client = Client(raise_request_exception=False)
            with transaction.atomic():
                if role != "anonymous":
                    client.force_login(world.users[role])
                url = build_url(by_key[key], row.kwargs(world))
                response = client.get(url)
                if response.streaming:  # reading a download to its end closes its file
                    b"".join(response.streaming_content)
                transaction.set_rollback(True)
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith("text/html"):
                continue
            reader = FormReader("http://testserver" + url)
            reader.feed(response.content.decode())
            for form in reader.forms:
                forms.setdefault((urlsplit(form.action).path, role), []).append(form)
    return forms


shared_world = matrix_world  # the access matrix's world, built once for the module


@pytest.fixture(scope="module")
def posting(shared_world):
    return shared_world, page_forms(shared_world)


def row_counts() -> dict[str, int]:
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and model._meta.managed
    )
    # Table names come from Django's model registry, quoted: nothing here comes from input.
    counts = [f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables]  # noqa: S608
    sql = "SELECT " + ", ".join(counts)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def encode(data: dict[str, str]) -> bytes:
    """A urlencoded body as a browser sends it; lone surrogates go out as their raw bytes."""
    return "&".join(
        f"{quote(key)}={quote(value.encode('utf-8', 'surrogatepass'))}"
        for key, value in data.items()
    ).encode()


def was_refused(response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    if response.status_code != 200 or response.context is None:
        return False
    return any(
        isinstance(value, BaseForm) and value.errors
        for context in response.context
        for value in context.flatten().values()
    )


def post(world, key: str, role: str, forms: list[Form], values: dict[str, str]):
    """Post the target's form with `values` over its defaults; assert no 5xx and, when refused,
    no row count changed. Returns the status code."""
    pattern = {p.key: p for p in PATTERNS}[key]
    url = build_url(pattern, ROWS[key].kwargs(world))
    data = {name: value for form in forms for name, value in form.fields.items()}
    data.update(values)
    files = [name for form in forms for name in form.files]
    headers = {"HX-Request": "true"} if any(form.htmx for form in forms) else {}
    client = Client()  # a server error raises here, with its traceback
    with transaction.atomic():
        if role != "anonymous":
            client.force_login(world.users[role])
        before = row_counts()
        if files:
            safe = {
                k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
                for k, v in data.items()
            }
            content = next(iter(values.values()), "").encode("utf-8", "surrogatepass")
            for name in files:
                safe[name] = SimpleUploadedFile("hostile.csv", content, content_type="text/csv")
            response = client.post(url, safe, headers=headers)
        else:
            response = client.post(
                url, encode(data), content_type="application/x-www-form-urlencoded", headers=headers
            )
        after = row_counts()
        transaction.set_rollback(True)
    assert response.status_code < 500, f"{key} as {role}: {response.status_code}"
    if was_refused(response):
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        assert changed == {}, f"{key} as {role} refused the post but changed {changed}"
    return response.status_code


def fuzzable_fields(forms: list[Form]) -> list[str]:
    names = [name for form in forms for name in form.fuzzable + form.files]
    return sorted(set(names)) or ["value"]


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role"), TARGETS, ids=[key for key, _role in TARGETS])
def test_fixed_hostile_strings_get_an_answer_not_an_error(key, role, posting):
    world, forms_by_target = posting
    path = urlsplit(build_url({p.key: p for p in PATTERNS}[key], ROWS[key].kwargs(world))).path
    forms = forms_by_target.get((path, role), [])
    names = fuzzable_fields(forms)
    for value in HOSTILE:  # every field at once
        post(world, key, role, forms, dict.fromkeys(names, value))
    for number, name in enumerate(names):  # one field at a time, the others as they were
        post(world, key, role, forms, {name: DEEP[number % len(DEEP)]})


hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
    st.text(alphabet="\x00\u200f\u202e²٣９ \t-=+@0123456789", max_size=20),
)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role"), TARGETS, ids=[key for key, _role in TARGETS])
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_strings_get_an_answer_not_an_error(key, role, posting, data):
    world, forms_by_target = posting
    path = urlsplit(build_url({p.key: p for p in PATTERNS}[key], ROWS[key].kwargs(world))).path
    forms = forms_by_target.get((path, role), [])
    names = data.draw(st.lists(st.sampled_from(fuzzable_fields(forms)), min_size=1, unique=True))
    post(world, key, role, forms, {name: data.draw(hostile_text, label=name) for name in names})


# Targets whose form no page of the shared world shows (no archived program, runs that did not
# fail, an invitation for a member who has an account, closed evaluation windows, allauth's
# keyed pages with stale keys, the admin): posted with one made-up field.
WITHOUT_FORM = [
    "rotation:program_unarchive",
    "partners:faculty_invite",
    "partners:accept_invitation",
    "teaching:volunteer",
    "assessments:link",
    "assessments:evaluate_session",
    "assessments:evaluate_course",
    "reports:faculty_feedback_retry",
    "reports:retry",
    "reports:milestone_retry",
    "reports:benchmarking_retry",
    "reports:partner_value_retry",
    "reports:research_demographics",
    "privacy:request_deletion",
    "account_signup",
    "account_confirm_email",
    "account_reset_password_from_key",
    "admin:logout",
    # JSON endpoints of the REST API (tests/api fuzzes them through their schema), the planning
    # team's and the liaisons' signed links and allauth's connected-accounts page.
    "api:attendance",
    "api:reports",
    "api:roster",
    "api:session_cancel",
    "api:sessions",
    "planning:join",
    "partners:accept_liaison_invitation",
    "socialaccount_connections",
    # Confirmation steps and undo buttons whose forms sit on pages the shared world's crawl does
    # not open (a confirm page, a withdrawn learner's row, a cancelled session's row).
    "rotation:learner_reenroll",
    "rotation:learner_withdraw",
    "rotation:publish",
    "rotation:session_cancel",
    "rotation:session_restore",
    # The timeline's Schedule… form sits on topics without a session; the world's one topic has.
    "rotation:topic_schedule",
    # The optional demographic questions, which the shared world's program does not ask.
    "assessments:demographics",
]


@pytest.mark.django_db
def test_every_target_but_the_known_few_is_posted_through_its_own_form(posting):
    world, forms_by_target = posting
    by_key = {p.key: p for p in PATTERNS}
    without = [
        key
        for key, role in TARGETS
        if (urlsplit(build_url(by_key[key], ROWS[key].kwargs(world))).path, role)
        not in forms_by_target
    ]

    assert sorted(without) == sorted(WITHOUT_FORM)
    assert len(TARGETS) == 135
