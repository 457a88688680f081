"""The faculty experience survey: invitations after a program ends, one reminder, answers from
My teaching, and aggregates suppressed below five respondents."""

from datetime import timedelta

import pytest
from django.utils import timezone

from teaching.models import FacultySurvey
from teaching.selectors.surveys import faculty_experience
from teaching.services import send_faculty_surveys
from tests.factories import FacultyMemberFactory, ProgramFactory
from tests.partners.conftest import status_for

pytestmark = pytest.mark.django_db

ANSWERS = {
    "preparation": "4",
    "support": "5",
    "engagement": "3",
    "logistics": "4",
    "would_teach_again": "yes",
    "comment": "The residents asked sharp questions.",
}


@pytest.fixture
def ended(taught):
    today = timezone.localdate()
    taught.start_date, taught.end_date = today - timedelta(days=12), today - timedelta(days=1)
    taught.save()
    return taught


def run(capture, now=None) -> dict:
    with capture(execute=True):
        return send_faculty_surveys(now=now or timezone.now())


def test_each_faculty_member_who_taught_is_invited_once_after_the_program_ends(
    world, ended, mailoutbox, django_capture_on_commit_callbacks
):
    first = run(django_capture_on_commit_callbacks)
    second = run(django_capture_on_commit_callbacks)

    invited = sorted(s.faculty_member.last_name for s in FacultySurvey.objects.all())
    assert (first, second) == ({"invited": 3, "reminded": 0}, {"invited": 0, "reminded": 0})
    assert len(invited) == 3
    assert "Alvarez" in invited
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        s.faculty_member.email for s in FacultySurvey.objects.all()
    )
    assert mailoutbox[0].subject.endswith(f"How did teaching in {ended.name} go for you?")
    assert f"/teaching/surveys/{ended.slug}/" in mailoutbox[0].body


def test_a_program_still_running_is_not_surveyed(world, taught, django_capture_on_commit_callbacks):
    assert run(django_capture_on_commit_callbacks) == {"invited": 0, "reminded": 0}


def test_those_who_have_not_answered_are_reminded_once_after_a_week(
    world, ended, mailoutbox, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks)
    maria = FacultySurvey.objects.get(faculty_member=world.member)
    maria.submitted_at, maria.preparation = timezone.now(), 4
    maria.save()
    mailoutbox.clear()
    later = timezone.now() + timedelta(days=7, minutes=1)

    too_soon = run(django_capture_on_commit_callbacks, timezone.now() + timedelta(days=6))
    reminded = run(django_capture_on_commit_callbacks, later)
    again = run(django_capture_on_commit_callbacks, later + timedelta(days=7))

    assert [too_soon["reminded"], reminded["reminded"], again["reminded"]] == [0, 2, 0]
    assert len(mailoutbox) == 2
    assert world.member.email not in [m.to[0] for m in mailoutbox]
    assert mailoutbox[0].subject.endswith(f"Reminder: two minutes on teaching in {ended.name}")


def test_faculty_answer_from_my_teaching_once(
    client, world, ended, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks)
    client.force_login(world.faculty_user)
    url = f"/teaching/surveys/{ended.slug}/"

    page = client.get("/teaching/")
    response = client.post(url, ANSWERS)
    again = client.post(url, {**ANSWERS, "preparation": "1"})
    after = client.get("/teaching/")

    survey = FacultySurvey.objects.get(faculty_member=world.member)
    assert url in page.content.decode()
    assert response.url == "/teaching/"
    assert (survey.preparation, survey.support, survey.engagement, survey.logistics) == (4, 5, 3, 4)
    assert (survey.would_teach_again, survey.comment) == ("yes", ANSWERS["comment"])
    assert again.context["form"].non_field_errors() == [
        "You have already answered this survey. Thank you!"
    ]
    assert url not in after.content.decode()


def test_a_rating_outside_one_to_five_is_refused(
    client, world, ended, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks)
    client.force_login(world.faculty_user)

    response = client.post(f"/teaching/surveys/{ended.slug}/", {**ANSWERS, "support": "9"})

    assert response.context["form"].errors == {
        "support": ["Select a valid choice. 9 is not one of the available choices."]
    }
    assert FacultySurvey.objects.get(faculty_member=world.member).submitted_at is None


def test_a_survey_is_only_for_its_own_faculty_member(
    client, world, ended, django_capture_on_commit_callbacks
):
    run(django_capture_on_commit_callbacks)
    url = f"/teaching/surveys/{ended.slug}/"

    codes = [status_for(client, world, role, url) for role in ["other_faculty_user", "director"]]

    assert codes == [404, 403]


def answered(organization, program, count: int, *, start: int = 1) -> None:
    for index in range(count):
        FacultySurvey.objects.create(
            faculty_member=FacultyMemberFactory(organization=organization),
            program=program,
            invited_at=timezone.now(),
            submitted_at=timezone.now(),
            preparation=min(start + index, 5),
            support=5,
            engagement=4,
            logistics=3,
            would_teach_again="yes" if index % 2 == 0 else "maybe",
        )


def test_aggregates_are_suppressed_below_five_respondents(world):
    program = world.program
    answered(world.organization, program, 4)
    FacultySurvey.objects.create(  # invited, not answered: not a respondent
        faculty_member=world.member, program=program, invited_at=timezone.now()
    )
    four = faculty_experience(organization=world.organization)
    answered(world.organization, program, 1, start=5)
    five = faculty_experience(organization=world.organization, programs=[program])
    other = faculty_experience(organization=world.other_organization)

    assert (four.respondents, four.invited, four.is_suppressed, four.means) == (4, 5, True, None)
    assert four.teach_again is None
    assert (five.respondents, five.invited, five.is_suppressed) == (5, 6, False)
    # preparation 1, 2, 3, 4 and 5: mean 3.0
    assert five.means == {"preparation": 3.0, "support": 5.0, "engagement": 4.0, "logistics": 3.0}
    assert five.teach_again == {"yes": 3, "maybe": 2, "no": 0}
    assert (other.respondents, other.is_suppressed) == (0, True)


@pytest.mark.parametrize("programs", [1, 5])
def test_directors_results_page_uses_a_constant_number_of_queries(
    client, world, programs, django_assert_num_queries
):
    answered(world.organization, world.program, 5)
    for _ in range(programs - 1):
        program = ProgramFactory(directors=[world.director])
        answered(world.organization, program, 2)
        answered(world.other_organization, program, 1)
    client.force_login(world.director)

    with django_assert_num_queries(4):
        response = client.get("/faculty-experience/")

    rows = [(p.name, e.respondents, e.is_suppressed) for p, e in response.context["programs"]]
    assert len(rows) == programs
    assert (world.program.name, 5, False) in rows
    assert ("Not shown: fewer than 5 answers" in response.content.decode()) == (programs > 1)


def test_results_page_is_for_directors(client, world):
    codes = [
        status_for(client, world, role, "/faculty-experience/")
        for role in ["anonymous", "learner", "faculty_user", "liaison", "director"]
    ]

    assert codes == [302, 403, 403, 403, 200]
