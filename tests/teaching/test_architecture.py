"""Teaching sits above rotation and partners: the directory below it neither imports it nor
points at the course."""

from django.apps import apps
from django.contrib.auth import get_user_model

from tests.reports.test_architecture import ROOT, imported_modules


def test_partners_imports_nothing_from_teaching():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] == "teaching"
        )
        for path in (ROOT / "partners").rglob("*.py")
        if "migrations" not in path.parts
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_no_directory_model_points_at_the_course():
    """Only the user model (settings.AUTH_USER_MODEL, which lives in rotation) is allowed."""
    relations = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("partners").get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and not field.auto_created
        and field.related_model is not get_user_model()
        and field.related_model._meta.app_label in {"rotation", "teaching"}
    ]

    assert relations == []


def test_the_moved_models_keep_their_tables():
    assert sorted(m._meta.db_table for m in apps.get_app_config("teaching").get_models()) == [
        "partners_facultyavailability",
        "partners_printingrecord",
        "partners_sessionmaterial",
        "partners_teachingwithdrawal",
        "partners_volunteeroffer",
        "teaching_facultysurvey",  # born in teaching: its own table name
    ]
