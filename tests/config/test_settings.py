"""Settings are read from the environment in a fresh interpreter, as at start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_DATABASE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER)"
)


# The browser tests allow async-unsafe ORM calls in this process; a deployment must not.
TEST_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}
CONFIGURATION = {
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "DEBUG",
    "CACHE_URL",
    "MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS",
    "LOG_FORMAT",
}


def run_settings(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run our interpreter with `args` in a clean environment plus `env`."""
    clean = {
        key: value for key, value in os.environ.items() if key not in TEST_ONLY | CONFIGURATION
    }
    return subprocess.run(  # noqa: S603 -- our own interpreter and literal arguments
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_database_url_the_app_uses_sqlite_and_eager_celery():
    result = run_settings("-c", PRINT_DATABASE)

    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_a_postgres_database_url_selects_postgresql_and_a_broker_disables_eager_tasks():
    result = run_settings(
        "-c",
        PRINT_DATABASE,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )

    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_missing_secret_key_with_debug_off_fails_at_start_up_with_a_clear_message():
    result = run_settings("-c", PRINT_DATABASE, DEBUG="false", ALLOWED_HOSTS="example.org")

    assert result.returncode == 1
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_production_settings_pass_the_deployment_check():
    result = run_settings(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="a-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="minirotation.example.org",
        DATABASE_URL="postgres://minirotation@db.example.org/minirotation",
        CELERY_BROKER_URL="redis://redis.example.org:6379/0",
        CACHE_URL="redis://redis.example.org:6379/1",
    )

    assert (result.returncode, result.stderr, result.stdout) == (
        0,
        "",
        "System check identified no issues (0 silenced).\n",
    )
