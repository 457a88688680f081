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


def run_settings(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "CACHE_URL"}
    }
    return subprocess.run(  # noqa: S603 -- our own interpreter and a literal script
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_database_url_the_app_uses_sqlite_and_eager_celery():
    result = run_settings(PRINT_DATABASE)

    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_a_postgres_database_url_selects_postgresql_and_a_broker_disables_eager_tasks():
    result = run_settings(
        PRINT_DATABASE,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )

    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_missing_secret_key_with_debug_off_fails_at_start_up_with_a_clear_message():
    result = run_settings(PRINT_DATABASE, DEBUG="false", ALLOWED_HOSTS="example.org")

    assert result.returncode == 1
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_production_settings_pass_the_deployment_check():
    result = subprocess.run(  # noqa: S603 -- our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            # tests/e2e/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; not here.
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DEBUG": "false",
            "SECRET_KEY": "a-production-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "minirotation.example.org",
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    )
