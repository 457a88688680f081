"""Data flows one way: reports reads the other apps, and nothing imports reports. Inside
reports, the analysis, the statistics and the charts are pure: no Django, not even through
another module of the project."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_PACKAGES = ("statistics", "analysis", "charts")
PURE = [f"reports.{package}" for package in PURE_PACKAGES] + [
    f"reports.{package}.{path.stem}"
    for package in PURE_PACKAGES
    for path in sorted((ROOT / "reports" / package).glob("*.py"))
    if path.stem != "__init__"
]


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}  # submodules
    return names


def project_file(module: str) -> Path | None:
    """The file of one of the project's modules; None for a module from elsewhere."""
    path = ROOT.joinpath(*module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def django_import_chains(module: str) -> list[tuple[str, ...]]:
    """Every way `module` reaches Django, following imports through the project's own
    modules (and the packages that contain them): each chain ends in the Django import."""
    chains, seen, stack = [], set(), [(module,)]
    while stack:
        chain = stack.pop()
        parts = chain[-1].split(".")
        files = {project_file(".".join(parts[:end])) for end in range(1, len(parts) + 1)}
        for path in sorted(files - {None}):
            if path in seen:
                continue
            seen.add(path)
            for name in sorted(imported_modules(path)):
                if name.split(".")[0] == "django":
                    chains.append((*chain, name))
                elif project_file(name):
                    stack.append((*chain, name))
    return chains


@pytest.mark.parametrize("module", PURE)
def test_analysis_and_statistics_import_no_django(module):
    assert django_import_chains(module) == []


def test_the_import_walk_finds_django_behind_a_project_module():
    chains = django_import_chains("reports.views.runs")
    importers = {chain[-2] for chain in chains}

    # views imports Django itself, and reaches it again through its selectors and services.
    assert {"reports.views.runs", "reports.selectors", "reports.services"} <= importers


def test_no_other_app_imports_reports():
    offenders = [
        str(path.relative_to(ROOT))
        for app in ("config", "audit", "rotation", "partners", "teaching", "assessments", "privacy")
        for path in (ROOT / app).rglob("*.py")
        if any(name.split(".")[0] == "reports" for name in imported_modules(path))
    ]

    assert offenders == []


def test_views_leave_reads_writes_and_queueing_to_selectors_and_services():
    calls = sorted(
        node.attr
        for path in sorted((ROOT / "reports" / "views").glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "save", "delete", "delay"}
    )

    assert calls == []
