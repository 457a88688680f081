"""Upgrading keeps every row: a database built and seeded by an earlier release, migrated by
this one, still holds every table's rows unchanged (columns the earlier release knew)."""

import hashlib
import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from tests.markers import requires_postgresql

ROOT = Path(__file__).resolve().parents[1]
# The release before the apps were split along their seams (partners → partners + teaching,
# roles in accounts): the oldest schema an installation may still be running.
BASE_RELEASE = "c31b5dd"
# Tables an upgrade adds rows to by design: new migrations, content types and permissions.
GROWING = {"django_migrations", "django_content_type", "auth_permission"}
# Columns an upgrade may rewrite by design: models that moved between apps (partners →
# teaching) keep their content type's id and model name under the new app label; topics' SBP
# tags are renamed to the Milestones 2.0 codes (safety_quality → SBP1, …; rotation 0007).
MOVED = {"django_content_type": {"app_label"}, "rotation_topic": {"sbp_competencies"}}


# The virtualenv's editable install of this tree finds a module the earlier release lacks (an
# app's newer `demo.py`, say) in this tree: the earlier release must see only its own code.
ONLY_ITS_OWN_CODE = """import sys
sys.meta_path[:] = [f for f in sys.meta_path if "_EditableFinder" not in repr(f)]
sys.path_hooks[:] = [h for h in sys.path_hooks if "_EditableNamespaceFinder" not in repr(h)]
sys.path_importer_cache.clear()
"""


def manage(code: Path, database_url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
    env.pop("CELERY_BROKER_URL", None)  # the demo's emails and jobs run in process
    if code != ROOT:
        isolation = code / "isolation"
        isolation.mkdir(exist_ok=True)
        (isolation / "sitecustomize.py").write_text(ONLY_ITS_OWN_CODE)
        env["PYTHONPATH"] = str(isolation)
    subprocess.run(  # noqa: S603 -- our own interpreter and literal arguments
        [sys.executable, "manage.py", *args], cwd=code, env=env, check=True, capture_output=True
    )


def checkout(commit: str, into: Path) -> Path:
    archive = subprocess.run(  # noqa: S603 -- a fixed tool and our own commit
        ["git", "archive", commit],  # noqa: S607 -- found on PATH like any CLI
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def table_rows(cursor, table: str, columns: list[str]) -> dict[str, str]:
    """Each row as a digest of the given columns, keyed by its digest (so order is free)."""
    listed = ", ".join(f'"{column}"::text' for column in columns)
    cursor.execute(f'SELECT {listed} FROM "{table}"')  # noqa: S608 -- names from the catalog
    digests = {}
    for row in cursor.fetchall():
        digest = hashlib.sha256(repr(row).encode()).hexdigest()
        digests[digest] = digests.get(digest, 0) + 1
    return digests


def snapshot(dsn: str) -> dict[str, tuple[list[str], dict]]:
    with psycopg2.connect(dsn) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, array_agg(column_name::text ORDER BY column_name) "
            "FROM information_schema.columns WHERE table_schema = 'public' GROUP BY table_name"
        )
        tables = {
            table: [column for column in columns if column not in MOVED.get(table, ())]
            for table, columns in cursor.fetchall()
        }
        return {
            table: (columns, table_rows(cursor, table, columns))
            for table, columns in tables.items()
        }


def rows_of(dsn: str, table: str, columns: list[str]) -> dict:
    with psycopg2.connect(dsn) as conn, conn.cursor() as cursor:
        return table_rows(cursor, table, columns)


@pytest.fixture
def upgrade_database():
    """An empty database beside the test database, dropped afterwards."""
    params = connection.get_connection_params()
    name = f"{settings.DATABASES['default']['NAME']}_upgrade"
    admin = psycopg2.connect(**{**params, "dbname": "postgres"})
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user, host, port = params.get("user", ""), params.get("host", ""), params.get("port", 5432)
    yield f"postgres://{user}@{host}:{port}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@requires_postgresql
@pytest.mark.django_db
def test_migrating_a_seeded_database_of_the_earlier_release_keeps_every_row(
    upgrade_database, tmp_path
):
    base = checkout(BASE_RELEASE, tmp_path / "base")
    manage(base, upgrade_database, "migrate", "--noinput")
    manage(base, upgrade_database, "seed_demo", "--learners", "24", "--programs", "3")
    before = snapshot(upgrade_database)

    manage(ROOT, upgrade_database, "migrate", "--noinput")

    changed = {}
    for table, (columns, rows) in before.items():
        after = rows_of(upgrade_database, table, columns)
        kept = all(after.get(digest, 0) >= count for digest, count in rows.items())
        if not kept or (table not in GROWING and after != rows):
            changed[table] = (sum(rows.values()), sum(after.values()))
    assert sum(sum(rows.values()) for _columns, rows in before.values()) > 1000
    assert changed == {}
