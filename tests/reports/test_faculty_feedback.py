"""A faculty member's feedback PDF: own sessions only, aggregated, nothing under five."""

import numpy as np
import pytest
from django.urls import reverse

from partners.models import FacultyMember
from reports.analysis import faculty_feedback
from tests.factories import ProgramFactory, UserFactory
from tests.pdf import pdf_words
from tests.reports.seeding import seed_course

URL = reverse("reports:faculty_feedback_pdf")


@pytest.fixture
def seeded(db):
    return seed_course(ProgramFactory(), learners=6)


def test_feedback_of_ada_shows_her_session_only(seeded):
    ada = seeded.faculty[0]

    feedback = faculty_feedback(faculty_member=ada)

    assert [row.title for row in feedback.sessions] == ["Health plans"]
    assert feedback.sessions[0].overall.mean == pytest.approx(np.mean([3, 4, 5, 3, 4, 5]))
    assert feedback.effectiveness.mean == pytest.approx(4.5)


def test_fewer_than_five_evaluations_show_nothing(seeded):
    feedback = faculty_feedback(faculty_member=seeded.faculty[1])

    assert (feedback.sessions[0].overall.n, feedback.sessions[0].overall.mean) == (2, None)
    assert feedback.effectiveness.suppressed == "fewer than 5 learners"


def test_feedback_uses_a_constant_number_of_queries(seeded, django_assert_num_queries):
    member = FacultyMember.objects.get(pk=seeded.faculty[0].pk)

    with django_assert_num_queries(4):  # sessions, evaluations, own ratings, organization
        faculty_feedback(faculty_member=member)


def test_the_faculty_member_downloads_their_own_pdf(client, seeded):
    ada = seeded.faculty[0]
    ada.user = UserFactory(email="ada@example.org")
    ada.save()
    client.force_login(ada.user)

    response = client.get(URL)
    text = pdf_words(response.content, layout=False)

    assert response["Content-Type"] == "application/pdf"
    assert "Your effectiveness as a teacher, all sessions: 4.50 (SD 0.55, n = 6)." in text
    assert "Health plans" in text
    assert "Public agencies" not in text
    assert "Session remark" not in text


@pytest.mark.parametrize("fixture", ["director", "learner_user", "liaison"])
def test_only_faculty_get_a_feedback_report(db, client, request, fixture):
    assert client.get(URL).status_code == 302
    client.force_login(request.getfixturevalue(fixture))

    assert client.get(URL).status_code == 403
