import io

import pytest
from django.core.management import call_command

from rotation.models import ExcusalLetter, Program, SeminarSession

pytestmark = pytest.mark.django_db


def test_demo_has_published_schedules_sent_letters_for_past_programs_and_tagged_topics(
    demo_settings,
):
    call_command("seed_demo", "--learners", "6", "--programs", "2", stdout=io.StringIO())
    call_command("seed_demo", "--learners", "6", "--programs", "2", stdout=io.StringIO())

    concentrated = Program.objects.get(format="concentrated", archived_at=None)
    distributed = Program.objects.get(format="distributed", archived_at=None)
    assert set(SeminarSession.objects.values_list("status", flat=True)) == {"published"}
    assert SeminarSession.objects.filter(published_at__isnull=True).count() == 0
    assert (
        ExcusalLetter.objects.filter(enrollment__program=concentrated, status="sent").count()
        == concentrated.enrollments.count()
    )
    assert ExcusalLetter.objects.filter(enrollment__program=distributed).count() == 0
    assert concentrated.topics.get(title="How health plans measure quality").sbp_competencies == [
        "SBP1"
    ]
