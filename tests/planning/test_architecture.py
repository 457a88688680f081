"""planning sits above rotation and partners: it may use accounts, partners, rotation and audit,
and none of the apps below it imports it, not even in a migration."""

from pathlib import Path

from tests.reports.test_architecture import ROOT, imported_modules

BELOW = ("accounts", "audit", "partners", "rotation")
ALLOWED = {"accounts", "audit", "config", "partners", "planning", "rotation"}


def project_apps(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names if (ROOT / name.split(".")[0]).is_dir()}


def test_no_app_below_planning_imports_it():
    offenders = sorted(
        str(path.relative_to(ROOT))
        for app in BELOW
        for path in Path(ROOT / app).rglob("*.py")
        if "planning" in project_apps(imported_modules(path))
    )

    assert offenders == []


def test_planning_imports_only_the_apps_below_it():
    imported = set().union(
        *(imported_modules(path) for path in Path(ROOT / "planning").rglob("*.py"))
    )

    assert project_apps(imported) - ALLOWED == set()
