"""Structured logs: JSON lines with the request's fields, and no secret of a URL in any line."""

import io
import json
import logging
import re
import subprocess

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.logging import JSONFormatter, MaskSecretsFilter, mask_secrets
from rotation.services.feeds import calendar_feed_for
from tests.config.test_settings import run_settings

SECRET_PARAMETERS = {"token", "key", "uidb36"}


@pytest.fixture
def log_lines():
    """What the production handler writes (JSON, secrets masked), as parsed lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(MaskSecretsFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "mini_rotation.request"]


def test_a_record_becomes_one_json_object_with_time_level_logger_and_message():
    record = logging.LogRecord("reports.tasks", logging.WARNING, __file__, 1, "run %s", (7,), None)
    record.created = 1_800_000_000.25

    line = json.loads(JSONFormatter().format(record))

    assert line == {
        "time": "2027-01-15T08:00:00.250+00:00",
        "level": "WARNING",
        "logger": "reports.tasks",
        "message": "run 7",
    }


def test_other_extra_attributes_such_as_the_request_are_left_out():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), None)
    record.request = object()
    record.status_code = 500

    assert set(json.loads(JSONFormatter().format(record))) == {"time", "level", "logger", "message"}


def test_a_request_is_logged_once_with_method_path_status_duration_and_user(
    client, learner_user, log_lines
):
    client.force_login(learner_user)

    client.get("/my-rotation/?page=2")

    (line,) = request_lines(log_lines())
    timings = {key: line.pop(key) for key in ("time", "duration_ms", "cpu_ms")}
    assert line == {
        "level": "INFO",
        "logger": "mini_rotation.request",
        "message": f"GET /my-rotation/ 200 {timings['duration_ms']:.0f}ms",
        "method": "GET",
        "path": "/my-rotation/",
        "status": 200,
        "user_id": learner_user.pk,
    }
    assert timings["duration_ms"] >= timings["cpu_ms"] >= 0


def test_an_anonymous_request_logs_no_user(client, db, log_lines):
    client.get("/accounts/login/")

    assert [(line["path"], line["user_id"]) for line in request_lines(log_lines())] == [
        ("/accounts/login/", None)
    ]


def test_a_calendar_feed_token_is_masked_in_the_request_line(client, learner_user, log_lines):
    feed = calendar_feed_for(user=learner_user)

    client.get(f"/calendar/{feed.token}.ics")

    (line,) = request_lines(log_lines())
    assert (line["path"], line["status"]) == ("/calendar/***.ics", 200)


def test_a_wrong_token_is_masked_in_djangos_not_found_warning_too(client, db, log_lines):
    client.get("/calendar/not-the-right-token.ics")

    lines = log_lines()
    assert [line["message"] for line in lines if line["logger"] == "django.request"] == [
        "Not Found: /calendar/***.ics"
    ]
    assert "not-the-right-token" not in json.dumps(lines)


def test_a_password_posted_to_sign_in_is_not_logged(client, learner_user, log_lines):
    client.post(
        "/accounts/login/", {"login": learner_user.email, "password": "Wr0ng-Secret-Passw0rd"}
    )

    lines = log_lines()
    assert [line["path"] for line in request_lines(lines)] == ["/accounts/login/"]
    assert "Wr0ng-Secret-Passw0rd" not in json.dumps(lines)


def _routes(patterns, prefix="", namespace=""):
    """(URL name with namespace, parameter names) of every named URL of the project."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", set(pattern.pattern.regex.groupindex)


def test_every_url_with_a_secret_parameter_is_masked():
    secret_routes = [
        (name, parameters)
        for name, parameters in _routes(get_resolver().url_patterns)
        if parameters & SECRET_PARAMETERS
    ]
    masked = {}
    for name, parameters in secret_routes:
        kwargs = {p: "S3cretValue" if p in SECRET_PARAMETERS else "1" for p in parameters}
        masked[name] = "S3cretValue" not in mask_secrets(f"GET {reverse(name, kwargs=kwargs)} 200")

    assert masked == {
        "account_confirm_email": True,
        "account_reset_password_from_key": True,
        "assessments:link": True,
        "assessments:comparison_join": True,
        "partners:accept_invitation": True,
        "partners:accept_liaison_invitation": True,
        "planning:join": True,
        "planning:patient_feedback": True,
        "rotation:calendar_feed": True,
    }


def test_masking_leaves_other_paths_alone():
    assert mask_secrets("GET /accounts/password/reset/key/done/ 200") == (
        "GET /accounts/password/reset/key/done/ 200"
    )
    assert mask_secrets("/calendar/") == "/calendar/"
    assert mask_secrets("/invitations/abc?x=1") == "/invitations/***?x=1"


def _log_format(**env: str) -> subprocess.CompletedProcess:
    return run_settings("-c", "from django.conf import settings; print(settings.LOG_FORMAT)", **env)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "plain"),
        (
            {
                "DEBUG": "false",
                "SECRET_KEY": "x" * 50,
                "ALLOWED_HOSTS": "example.org",
                "CACHE_URL": "redis://redis.example.org:6379/1",
            },
            "json",
        ),
        ({"LOG_FORMAT": "json"}, "json"),
    ],
)
def test_log_format_is_json_by_default_in_production_and_plain_in_development(env, expected):
    assert _log_format(**env).stdout.strip() == expected


def test_an_unknown_log_format_fails_at_start_up():
    result = _log_format(LOG_FORMAT="xml")

    assert result.returncode == 1
    assert re.search(r"LOG_FORMAT must be json or plain, not 'xml'", result.stderr)
