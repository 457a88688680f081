"""Skips for optional services, which CI turns off: with CI_STRICT set, nothing is skipped."""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connection

CI_STRICT = bool(os.environ.get("CI_STRICT"))

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql" and not CI_STRICT,
    reason="needs PostgreSQL (exclusion constraints, the audit trigger); CI sets DATABASE_URL",
)
requires_broker = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL and not CI_STRICT,
    reason="no CELERY_BROKER_URL configured (CI sets one)",
)
requires_rscript = pytest.mark.skipif(
    shutil.which("Rscript") is None and not CI_STRICT,
    reason="needs R (Rscript, Debian's r-base-core) for the differential tests; CI installs it",
)
