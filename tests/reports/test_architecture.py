"""Data flows one way: reports reads the other apps, and nothing imports reports."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_other_app_imports_reports():
    offenders = [
        str(path.relative_to(ROOT))
        for app in ("config", "audit", "rotation", "partners", "teaching", "assessments", "privacy")
        for path in (ROOT / app).rglob("*.py")
        if any(name.split(".")[0] == "reports" for name in imported_modules(path))
    ]

    assert offenders == []


def test_statistics_does_not_import_django():
    assert not any(
        name.split(".")[0] == "django"
        for name in imported_modules(ROOT / "reports" / "statistics.py")
    )
