import io

import pytest
from django.core.management import call_command
from django.db.models import Avg
from django.utils import timezone

from assessments.models import (
    Answer,
    ComparisonLink,
    ComparisonMember,
    CourseEvaluation,
    DemographicAnswers,
    FacultyRating,
    Instrument,
    Item,
    Response,
    SessionEvaluation,
)
from assessments.selectors.due import due_for_learner
from rotation.models import Enrollment, Learner, Program

pytestmark = pytest.mark.django_db

MODELS = [
    Instrument,
    Item,
    Response,
    Answer,
    SessionEvaluation,
    FacultyRating,
    CourseEvaluation,
    ComparisonLink,
    DemographicAnswers,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seeded(demo_settings):
    call_command("seed_demo", "--learners", "40", "--programs", "3", stdout=io.StringIO())


def test_seed_demo_twice_adds_no_assessment_data(seeded):
    first = counts()

    call_command("seed_demo", "--learners", "40", "--programs", "3", stdout=io.StringIO())

    assert counts() == first
    assert (first["Instrument"], first["Item"]) == (3, 3 * 34)


def test_demo_responses_show_a_knowledge_gain_and_some_drafts(seeded):
    submitted = Response.objects.filter(status="submitted")

    def mean(kind):
        return submitted.filter(administration__kind=kind).aggregate(mean=Avg("knowledge_correct"))[
            "mean"
        ]

    assert mean("post") > mean("pre") + 2
    assert Response.objects.filter(status="draft").exists()
    assert Answer.objects.filter(is_retrospective=True).exists()


def test_the_demo_resident_has_the_post_assessment_and_an_evaluation_due(seeded):
    learner = Learner.objects.get(email="resident@demo.test")

    due = due_for_learner(learner=learner, now=timezone.now())

    kinds = sorted({entry.kind for entry in due})
    assert kinds == ["course", "post", "session"]


def test_the_demo_has_follow_ups_with_behaviour_answers_only_there(seeded):
    behaviour = Answer.objects.filter(item__kind="behaviour")

    kinds = set(behaviour.values_list("response__administration__kind", flat=True))
    assert kinds == {"follow_up_3", "follow_up_6"}
    assert Response.objects.filter(administration__kind="follow_up_3", status="submitted").exists()


def test_the_demo_has_a_comparison_group_with_pre_and_post(seeded):
    members = ComparisonMember.objects.all()

    kinds = set(
        Response.objects.filter(learner__comparison_memberships__isnull=False).values_list(
            "administration__kind", flat=True
        )
    )
    assert members.count() >= 6
    assert kinds == {"pre", "post"}
    assert not Enrollment.objects.filter(learner__comparison_memberships__isnull=False).exists()


@pytest.fixture
def default_demo(demo_settings):
    call_command("seed_demo", "--learners", "20", stdout=io.StringIO())


def test_the_demo_resident_sees_last_years_finished_program_and_its_results(default_demo, client):
    resident = Learner.objects.get(email="resident@demo.test")
    finished = Response.objects.get(
        learner=resident,
        administration__kind="post",
        administration__instrument__program__archived_at__isnull=False,
    )
    assert finished.status == Response.Status.SUBMITTED
    assert finished.administration.closes_at < timezone.now()
    program = finished.administration.instrument.program
    assert Response.objects.filter(
        learner=resident,
        administration__instrument__program=program,
        administration__kind__startswith="follow_up",
        status=Response.Status.SUBMITTED,
    ).exists()
    assert SessionEvaluation.objects.filter(session__program=program).exists()

    client.force_login(resident.user)
    page = client.get(f"/assessments/{finished.administration_id}/results/")

    assert page.status_code == 200
    assert page.context["results"] is not None


def test_the_demo_comments_are_nearly_all_different(default_demo):
    comments = [
        comment
        for comment in SessionEvaluation.objects.values_list("comment", flat=True)
        if comment
    ]

    assert len(comments) > 100
    assert len(set(comments)) >= 0.8 * len(comments)


def test_every_demo_program_has_a_comparison_sign_up_link(seeded):
    links = ComparisonLink.objects.all()

    assert sorted(links.values_list("program__slug", flat=True)) == sorted(
        Program.objects.values_list("slug", flat=True)
    )
    assert {link.residency_program for link in links} == {"Psychiatry"}


def test_concentrated_demo_programs_ask_optional_demographics(seeded):
    answered = DemographicAnswers.objects.all()

    assert set(answered.values_list("program__format", flat=True)) == {"concentrated"}
    assert answered.exists()
    assert not answered.filter(learner__email="resident@demo.test").exists()
