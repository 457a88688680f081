"""The outbox sits on the ground floor with audit: any app may start jobs through it, and it
imports no domain app (it knows tasks by name only)."""

from pathlib import Path

from tests.reports.test_architecture import ROOT, imported_modules

DOMAIN_APPS = {"accounts", "rotation", "partners", "teaching", "assessments", "reports", "privacy"}


def test_the_outbox_imports_no_domain_app():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in DOMAIN_APPS
        )
        for path in Path(ROOT / "outbox").rglob("*.py")
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_no_app_queues_a_celery_task_except_through_the_outbox():
    offenders = sorted(
        str(path.relative_to(ROOT))
        for app in DOMAIN_APPS | {"audit", "config"}
        for path in Path(ROOT / app).rglob("*.py")
        if any(
            call in path.read_text()
            for call in (".delay(", ".apply_async(", "transaction.on_commit(")
        )
    )

    assert offenders == []
