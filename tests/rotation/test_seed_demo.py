import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from partners.models import FacultyMember, MeetingRoom, Organization
from rotation.models import Attendance, Enrollment, Learner, Program, SeminarSession, User

pytestmark = pytest.mark.django_db

MODELS = [
    Organization,
    MeetingRoom,
    FacultyMember,
    User,
    Learner,
    Program,
    SeminarSession,
    Enrollment,
    Attendance,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_twice_leaves_the_same_counts(demo_settings):
    call_command("seed_demo", "--learners", "12", "--programs", "3", stdout=io.StringIO())
    first = counts()

    call_command("seed_demo", "--learners", "12", "--programs", "3", stdout=io.StringIO())

    assert counts() == first
    # 12 enrolled learners, and 6 residents in last year's comparison group (not enrolled).
    assert (first["Learner"], first["Program"], first["Enrollment"]) == (12 + 6, 3, 12)


@override_settings(DEBUG=False)
def test_seed_demo_refuses_to_run_with_debug_off():
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo")

    assert User.objects.count() == 0
