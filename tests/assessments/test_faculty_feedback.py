import pytest
from django.utils import timezone

from assessments.models import FacultyRating, SessionEvaluation
from tests.factories import EnrollmentFactory, SessionFacultyFactory

pytestmark = pytest.mark.django_db


def evaluate(session, member, learners, score):
    for learner in learners:
        evaluation = SessionEvaluation.objects.create(
            session=session,
            learner=learner,
            overall=score,
            relevance=score,
            changed_view=score,
            comment="Private words",
            submitted_at=timezone.now(),
        )
        FacultyRating.objects.create(
            evaluation=evaluation, faculty_member=member, effectiveness=score
        )


def test_faculty_see_means_only_and_none_under_five(client, faculty_user):
    member = faculty_user.faculty_profile
    many = SessionFacultyFactory(faculty_member=member, session__status="published").session
    few = SessionFacultyFactory(faculty_member=member, session__status="published").session
    evaluate(many, member, [EnrollmentFactory(program=many.program).learner for _ in range(5)], 4)
    evaluate(few, member, [EnrollmentFactory(program=few.program).learner for _ in range(4)], 2)
    client.force_login(faculty_user)

    page = client.get("/teaching/feedback/")

    rows = [(r.session, r.count, r.overall, r.effectiveness) for r in page.context["feedback"]]
    assert rows == [(many, 5, 4.0, 4.0), (few, 4, None, None)]
    assert "Private words" not in page.content.decode()


@pytest.mark.parametrize("fixture", ["learner_user", "director", "liaison"])
def test_only_faculty_see_the_feedback_page(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))

    assert client.get("/teaching/feedback/").status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/teaching/feedback/").status_code == 302


@pytest.mark.parametrize("rows", [1, 10])
def test_feedback_uses_a_constant_number_of_queries(
    client, faculty_user, rows, django_assert_num_queries
):
    member = faculty_user.faculty_profile
    for _ in range(rows):
        session = SessionFacultyFactory(faculty_member=member, session__status="published").session
        evaluate(session, member, [EnrollmentFactory(program=session.program).learner], 3)
    client.force_login(faculty_user)

    with django_assert_num_queries(4):
        page = client.get("/teaching/feedback/")

    assert len(page.context["feedback"]) == rows
