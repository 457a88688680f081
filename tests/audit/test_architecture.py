"""The audit app sits below the domain apps: they call its services and a program's directors
read their trail through rotation, so no module of audit imports a domain app."""

from pathlib import Path

from tests.reports.test_architecture import ROOT, imported_modules

DOMAIN_APPS = {"partners", "rotation", "teaching", "planning", "assessments", "reports", "api"}


def test_no_module_of_audit_imports_a_domain_app():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in DOMAIN_APPS
        )
        for path in Path(ROOT / "audit").rglob("*.py")
        if "migrations" not in path.parts
    }

    assert {path: names for path, names in offenders.items() if names} == {}
