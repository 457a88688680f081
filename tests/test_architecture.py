"""Architecture rules that span every app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
FORBIDDEN_CALLS = {"save", "delete", "delay"}
# Their views are reworked on other branches; flip these once those are merged.
VIEWS_MOVED_ELSEWHERE = {"partners", "privacy"}


def view_modules(app: str) -> list[Path]:
    single = ROOT / app / "views.py"
    return [single] if single.exists() else sorted((ROOT / app / "views").glob("*.py"))


def queries_writes_and_queues(path: Path) -> list[tuple[int, str]]:
    """The line of each `.objects.` lookup and `.save()`, `.delete()` or `.delay()` call."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append((node.lineno, ".objects."))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in FORBIDDEN_CALLS
        ):
            found.append((node.lineno, f".{node.func.attr}()"))
    return sorted(found)


@pytest.mark.parametrize(
    "app",
    [
        pytest.param(
            app,
            marks=pytest.mark.xfail(strict=True, reason="moved in the teaching/pipeline branch"),
        )
        if app in VIEWS_MOVED_ELSEWHERE
        else app
        for app in APPS
    ],
)
def test_views_leave_queries_writes_and_queueing_to_selectors_and_services(app):
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {what}"
        for path in view_modules(app)
        for line, what in queries_writes_and_queues(path)
    ]

    assert offenders == []


def test_the_view_scan_sees_every_forbidden_call(tmp_path):
    view = tmp_path / "views.py"
    view.write_text(
        "def post(request):\n"
        "    Program.objects.get(pk=1)\n"
        "    form.save()\n"
        "    session.delete()\n"
        "    send.delay(pk=1)\n"
    )

    assert queries_writes_and_queues(view) == [
        (2, ".objects."),
        (3, ".save()"),
        (4, ".delete()"),
        (5, ".delay()"),
    ]
