"""The audit app sits below the domain apps: they call its services, so its core (models,
services, change snapshots) imports none of them. Only its pages read through rotation's
access-checked lookups and role predicates."""

from pathlib import Path

from tests.reports.test_architecture import ROOT, imported_modules

DOMAIN_APPS = {"rotation", "partners", "teaching", "assessments", "reports"}
PAGES = {"views.py", "rules.py"}


def test_the_audit_core_imports_no_domain_app():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in DOMAIN_APPS
        )
        for path in Path(ROOT / "audit").rglob("*.py")
        if path.name not in PAGES and "migrations" not in path.parts
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_audit_pages_use_only_rotations_lookups_and_roles():
    imported = set().union(*(imported_modules(ROOT / "audit" / name) for name in PAGES))

    assert sorted(name for name in imported if name.split(".")[0] in DOMAIN_APPS) == [
        "rotation.selectors.access",
    ]
