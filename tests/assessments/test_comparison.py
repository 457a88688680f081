"""The comparison group: added from a roster CSV, invited to the pre and post (never to a
follow-up), allowed to take them and nothing else of the program."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from assessments import tasks
from assessments.models import ComparisonLink, ComparisonMember
from assessments.selectors.lookups import get_administration_for_learner
from assessments.services.comparison import add_comparison_learners
from audit.models import AuditEvent
from rotation.models import Learner
from tests.assessments.factories import AdministrationFactory, ResponseFactory, build_instrument
from tests.factories import EnrollmentFactory, LearnerFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "email,first_name,last_name,residency_program,pgy_level,program_director_name,"
    "program_director_email\n"
)


def roster_row(email="fm.resident@example.org"):
    return {
        "email": email,
        "first_name": "Femi",
        "last_name": "Okafor",
        "residency_program": "Family Medicine",
        "pgy_level": 2,
        "program_director_name": "Dr. Lee",
        "program_director_email": "pd@example.org",
    }


def csv_file(*emails):
    lines = [f"{e},Femi,Okafor,Family Medicine,2,Dr. Lee,pd@example.org\n" for e in emails]
    return SimpleUploadedFile("group.csv", (HEADER + "".join(lines)).encode(), "text/csv")


def test_adding_creates_the_learner_with_an_account_once_and_audits_it(program, director):
    now = timezone.now()

    first = add_comparison_learners(program=program, rows=[roster_row()], now=now, actor=director)
    again = add_comparison_learners(program=program, rows=[roster_row()], now=now, actor=director)

    learner = Learner.objects.get(email="fm.resident@example.org")
    assert (first, again) == (1, 0)
    assert learner.user.email == "fm.resident@example.org"
    assert list(ComparisonMember.objects.values_list("program", "learner")) == [
        (program.pk, learner.pk)
    ]
    assert list(AuditEvent.objects.filter(action="comparison.added").values_list("actor")) == [
        (director.pk,)
    ]
    assert mail.outbox == []  # no program invitation: they are not enrolled


def test_an_enrolled_learner_cannot_be_their_own_comparison(program):
    enrolled = EnrollmentFactory(program=program, learner__email="in.course@example.org")
    rows = [roster_row(), roster_row(enrolled.learner.email)]

    with pytest.raises(ValidationError) as error:
        add_comparison_learners(program=program, rows=rows, now=timezone.now())

    assert error.value.messages == [
        f"Enrolled in {program.name}, so not a comparison: in.course@example.org."
    ]
    assert ComparisonMember.objects.count() == 0


def test_the_group_is_invited_to_the_pre_and_post_but_not_to_a_follow_up(program):
    instrument = build_instrument(program)
    now = timezone.now()
    pre = AdministrationFactory(instrument=instrument, kind="pre", opens_at=now + timedelta(days=1))
    follow_up = AdministrationFactory(
        instrument=instrument,
        kind="follow_up_3",
        opens_at=now + timedelta(days=100),
        closes_at=now + timedelta(days=110),
    )
    member = LearnerFactory(user=UserFactory(email="compare@example.org"))
    ComparisonMember.objects.create(program=program, learner=member, added_at=now)

    with time_machine.travel(pre.opens_at + timedelta(minutes=1)):
        at_pre = tasks.send_due_notifications()
    with time_machine.travel(follow_up.opens_at + timedelta(minutes=1)):
        at_follow_up = tasks.send_due_notifications()

    assert (at_pre["invitations"], at_follow_up["invitations"]) == (1, 0)
    assert [m.to for m in mail.outbox] == [["compare@example.org"]]
    assert get_administration_for_learner(learner=member, pk=pre.pk) == pre
    with pytest.raises(Http404):
        get_administration_for_learner(learner=member, pk=follow_up.pk)


def test_an_enrolled_learner_still_finds_the_pre_when_there_is_a_group(program):
    pre = AdministrationFactory(instrument=build_instrument(program), kind="pre")
    learner = EnrollmentFactory(program=program).learner
    for _ in range(2):
        ComparisonMember.objects.create(
            program=program, learner=LearnerFactory(), added_at=timezone.now()
        )

    assert get_administration_for_learner(learner=learner, pk=pre.pk) == pre


# --- The director's page ----------------------------------------------------------------------


def test_the_director_adds_residents_from_a_csv(client, director, program):
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/comparison/", {"file": csv_file("a@example.org", "b@ex.org")}
    )

    assert response.status_code == 302
    assert sorted(ComparisonMember.objects.values_list("learner__email", flat=True)) == [
        "a@example.org",
        "b@ex.org",
    ]


def test_a_bad_csv_is_refused_with_the_line_named_and_nothing_saved(client, director, program):
    client.force_login(director)
    bad = SimpleUploadedFile("group.csv", (HEADER + "not-an-email,F,O,FM,2,Dr,x\n").encode())

    response = client.post(f"/programs/{program.slug}/comparison/", {"file": bad})

    assert response.status_code == 422
    assert response.context["import_errors"][0].startswith("Line 2")
    assert ComparisonMember.objects.count() == 0


@pytest.mark.parametrize("size", [1, 5])
def test_the_group_page_uses_a_constant_number_of_queries(
    client, director, program, size, django_assert_num_queries
):
    pre = AdministrationFactory(instrument=build_instrument(program), kind="pre")
    for _ in range(size):
        member = ComparisonMember.objects.create(
            program=program, learner=LearnerFactory(), added_at=timezone.now()
        )
        ResponseFactory(
            administration=pre, learner=member.learner, status="submitted",
            submitted_at=timezone.now(),
        )  # fmt: skip
        ComparisonLink.objects.create(
            program=program,
            residency_program="Family Medicine",
            program_director_name="Dr. Lee",
            program_director_email="pd@example.org",
            created_at=timezone.now(),
            expires_at=timezone.now() + timedelta(days=30),
        )
    client.force_login(director)

    # The members, and the sign-up links with how many joined through each: one query each.
    with django_assert_num_queries(5):
        page = client.get(f"/programs/{program.slug}/comparison/")

    assert [(m.has_pre, m.has_post) for m in page.context["members"]] == [(True, False)] * size
    assert [link.joined for link in page.context["links"]] == [0] * size
