"""Architecture rules that span every app."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
FORBIDDEN_CALLS = {"save", "delete", "delay"}


def view_modules(app: str) -> list[Path]:
    """The app's views.py or views/ package, and those of its topic packages (planning/panel/,
    planning/patients/)."""
    return sorted(
        path
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and (path.name == "views.py" or path.parent.name == "views")
    )


def queries_writes_and_queues(path: Path) -> list[tuple[int, str]]:
    """The line of each `.objects.` lookup and `.save()`, `.delete()` or `.delay()` call; a
    form's `save(commit=False)` only builds the instance a service then saves."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append((node.lineno, ".objects."))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in FORBIDDEN_CALLS
            and not builds_only(node)
        ):
            found.append((node.lineno, f".{node.func.attr}()"))
    return sorted(found)


def builds_only(call: ast.Call) -> bool:
    return any(
        keyword.arg == "commit"
        and isinstance(keyword.value, ast.Constant)
        and keyword.value.value is False
        for keyword in call.keywords
    )


def test_the_view_scan_includes_views_of_topic_packages():
    assert ROOT / "planning" / "patients" / "views.py" in view_modules("planning")


@pytest.mark.parametrize("app", APPS)
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
        "    save_room(room=form.save(commit=False))\n"
    )

    assert queries_writes_and_queues(view) == [
        (2, ".objects."),
        (3, ".save()"),
        (4, ".delete()"),
        (5, ".delay()"),
    ]


# --- Apps as layers ---------------------------------------------------------------------------

# Lowest first. An app uses apps on lower floors only: never one on its own floor or above.
FLOORS = [
    {"config"},
    {"accounts"},
    {"audit", "outbox"},
    {"webhooks"},
    {"partners"},
    {"rotation"},
    {"teaching", "planning"},
    {"assessments"},
    {"reports"},
    {"api"},
]
FLOOR_OF = {app: floor for floor, apps in enumerate(FLOORS) for app in apps}
# Where the apps are put together: settings, URLs and the Celery app name every app.
COMPOSERS = {"config/urls.py", "config/settings.py", "config/celery.py"}
STRING_FOREIGN_KEY = re.compile(r"""["']([a-z_]+)\.[A-Z]\w*["']""")
# The one link that points up: an audit event is scoped to its program, so that a program's
# directors read their own trail (the audit app imports nothing of rotation).
KNOWN_LINKS = {("audit/models.py", "rotation")}


def app_files(app: str) -> list[Path]:
    return [
        path
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in COMPOSERS
    ]


def apps_used_by(path: Path) -> set[str]:
    """Project apps a module imports, at any depth (function-level imports count), and the apps
    a models module names in string foreign keys."""
    text = path.read_text()
    names = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    if path.name == "models.py" or path.parent.name == "models":
        names |= set(STRING_FOREIGN_KEY.findall(text))
    return {name.split(".")[0] for name in names} & set(APPS)


def app_graph() -> dict[str, set[str]]:
    """Which apps each app uses, leaving out the known links."""
    return {
        app: {
            used
            for path in app_files(app)
            for used in apps_used_by(path)
            if (str(path.relative_to(ROOT)), used) not in KNOWN_LINKS
        }
        - {app}
        for app in APPS
    }


def test_every_app_has_a_floor_or_is_privacy():
    assert set(APPS) - set(FLOOR_OF) == {"privacy"}


@pytest.mark.parametrize("app", sorted(FLOOR_OF.keys() & set(APPS)))
def test_an_app_uses_only_the_floors_below_it(app):
    reaching_up = {
        used for used in app_graph()[app] if used == "privacy" or FLOOR_OF[used] >= FLOOR_OF[app]
    }

    assert reaching_up == set()


def test_nothing_but_the_url_configuration_uses_privacy():
    assert sorted(app for app, used in app_graph().items() if "privacy" in used) == []


def test_the_graph_between_apps_has_no_cycle():
    graph = app_graph()
    cycles = []

    def visit(app: str, trail: list[str]) -> None:
        for used in sorted(graph[app]):
            if used in trail:
                cycles.append([*trail[trail.index(used) :], used])
            else:
                visit(used, [*trail, used])

    for app in APPS:
        visit(app, [app])
    assert cycles == []


def test_the_layer_scan_sees_imports_and_string_foreign_keys(tmp_path):
    models = tmp_path / "models.py"
    models.write_text(
        "def late():\n"
        "    from reports.selectors import course_rows\n"
        'room = models.ForeignKey("partners.MeetingRoom", on_delete=models.PROTECT)\n'
    )

    assert apps_used_by(models) == {"reports", "partners"}
