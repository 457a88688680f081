"""Structured logs: one JSON object per line (or plain text), secrets in URLs masked, and one line
per request with its method, path, status, duration and user id.

Logged request paths never carry a query string, and the secret part of the token URLs (calendar
feeds, faculty invitations, assessment sign-in links, allauth's password-reset and
email-confirmation keys) is replaced by `***` in every log line, whoever wrote it. Request bodies,
headers and cookies are never logged, so neither are passwords nor answers.
"""

import json
import logging
import re
import time
from datetime import UTC, datetime

MASK = "***"

# The token URLs; tests/config/test_logging.py fails if a URL with a secret parameter is missing.
SECRET_IN_PATH = re.compile(
    r"(?P<prefix>/calendar/|/invitations/|/liaison-invitations/|/planning/join/|/patient-feedback/"
    r"|/assessments/link/|/check-in/|/comparison/join/"
    r"|/accounts/confirm-email/"
    r"|/accounts/password/reset/key/(?!done/))"
    r"(?P<secret>[^/?#\s\"']+?)(?P<suffix>\.ics|/|(?=[?#\s\"']|$))"
)

# Attributes of a record that a request's log line carries as JSON fields.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "cpu_ms", "user_id")

request_logger = logging.getLogger("mini_rotation.request")


def mask_secrets(text: str) -> str:
    return SECRET_IN_PATH.sub(lambda m: f"{m['prefix']}{MASK}{m['suffix']}", text)


class MaskSecretsFilter(logging.Filter):
    """Rewrites each record's message with the URL secrets masked (Django's own "Not Found:
    /calendar/<token>.ics" included); attached to the handler, so every logger is covered."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the request fields
    when present and the exception's traceback. Other `extra` attributes are left out on
    purpose: Django attaches the whole request (with its POST data) to error records."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = mask_secrets(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING setting: everything to standard error, in `json` or `plain` format."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"mask_secrets": {"()": MaskSecretsFilter}},
        "formatters": {
            "json": {"()": JSONFormatter},
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["mask_secrets"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint and fontTools narrate every PDF step at INFO.
        "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
    }


class RequestLogMiddleware:
    """Logs one line per request after the response: method, masked path without the query
    string, status, wall-clock and CPU milliseconds, and the signed-in user's id (or null).
    CPU time is this thread's, so other threads of the process (other requests under a threaded
    server, library thread pools) do not count towards this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started, cpu_started = time.perf_counter(), time.thread_time()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        cpu_ms = round((time.thread_time() - cpu_started) * 1000, 1)
        user = getattr(request, "user", None)
        path = mask_secrets(request.path)
        request_logger.info(
            "%s %s %s %.0fms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "cpu_ms": cpu_ms,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response
