"""Optional demographics for equity: a director turns questions on, learners may answer (never
required), the course evaluation breaks outcomes down only where every group has at least 10
learners, the research export includes them only when site staff say so (audited), and they
are part of the learner's data export and erased with the account."""

import csv
import io

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import DemographicAnswers, EvaluationSettings
from assessments.personal_data import erase
from assessments.personal_data import export as assessments_export
from assessments.services.demographics import save_demographic_answers, set_research_demographics
from audit.models import AuditEvent
from reports.analysis.demographics import attitude_change_per_learner, breakdown
from reports.selectors import course_report
from rotation.models import Enrollment
from tests.factories import EnrollmentFactory, LearnerFactory, ProgramFactory
from tests.reports.seeding import post_correct, pre_correct, seed_course

pytestmark = pytest.mark.django_db

ASKED = ["gender_identity", "first_generation"]


def ask(program, fields=ASKED):
    EvaluationSettings.objects.update_or_create(
        program=program, defaults={"demographic_fields": fields}
    )


def answer(program, learner, **answers):
    return save_demographic_answers(
        learner=learner, program=program, answers=answers, now=timezone.now()
    )


# --- Turning the questions on, answering them -------------------------------------------------


def test_the_director_turns_questions_on_in_the_evaluation_settings(client, director, program):
    client.force_login(director)

    response = client.post(
        reverse("assessments:program_evaluations", args=[program.slug]),
        {
            "session_open_days": "7",
            "demographic_fields": ["first_generation", "gender_identity"],
        },
    )

    assert response.status_code == 302
    assert EvaluationSettings.objects.get(program=program).demographic_fields == [
        "gender_identity",
        "first_generation",
    ]
    event = AuditEvent.objects.get(action="evaluation_settings.changed")
    assert event.changes["demographic_fields"] == [None, ["gender_identity", "first_generation"]]


@pytest.fixture
def resident(learner_user, program):
    EnrollmentFactory(program=program, learner=learner_user.learner_profile)
    ask(program)
    return learner_user


def test_my_rotation_invites_the_resident_until_they_answer_or_skip(client, resident, program):
    client.force_login(resident)
    url = reverse("assessments:demographics", args=[program.slug])

    page = client.get(reverse("rotation:my_rotation"))
    assert f'href="{url}"' in page.content.decode()
    form = client.get(url).context["form"]
    assert list(form.fields) == ["gender_identity", "first_generation"]
    assert form.fields["gender_identity"].required is False
    assert ("prefer_not", "Prefer not to say") in form.fields["first_generation"].choices

    saved = client.post(url, {"gender_identity": "", "first_generation": "prefer_not"})

    assert saved.status_code == 302
    record = DemographicAnswers.objects.get(learner=resident.learner_profile, program=program)
    assert (record.gender_identity, record.first_generation, record.race_ethnicity) == (
        "",
        "prefer_not",
        "",
    )
    assert f'href="{url}"' not in client.get(reverse("rotation:my_rotation")).content.decode()
    assert client.get(url).context["form"].initial == {
        "gender_identity": "",
        "first_generation": "prefer_not",
    }


def test_an_answer_outside_the_choices_is_refused_with_a_message(client, resident, program):
    client.force_login(resident)

    response = client.post(
        reverse("assessments:demographics", args=[program.slug]), {"gender_identity": "robot"}
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "gender_identity": ["Select a valid choice. robot is not one of the available choices."]
    }
    assert DemographicAnswers.objects.count() == 0


def test_a_program_that_asks_nothing_or_a_learner_not_enrolled_is_refused(program):
    learner = LearnerFactory()
    with pytest.raises(ValidationError, match="does not ask demographic questions"):
        answer(program, learner, gender_identity="woman")
    ask(program)
    with pytest.raises(ValidationError, match="You are not enrolled"):
        answer(program, learner, gender_identity="woman")


def test_another_programs_page_is_not_found(client, resident):
    client.force_login(resident)
    other = ProgramFactory()

    assert client.get(reverse("assessments:demographics", args=[other.slug])).status_code == 404


# --- The course evaluation's breakdown: every group at least 10 learners -----------------------


def seeded_with_groups(women: int, men: int, *, unanswered: int = 1):
    program = ProgramFactory()
    seeded = seed_course(program, learners=women + men + unanswered)
    ask(program)
    for i, learner in enumerate(seeded.learners):
        gender = "woman" if i < women else "man" if i < women + men else "prefer_not"
        answer(program, learner, gender_identity=gender)
    return seeded


def test_a_group_of_9_withholds_the_breakdown_and_says_why():
    seeded = seeded_with_groups(women=10, men=9)

    [gender, first_generation] = course_report(program=seeded.program).demographics

    assert (gender.question, gender.rows, gender.not_counted) == ("Gender identity", (), 1)
    assert gender.withheld == (
        "at least one group has fewer than 10 learners, and figures for so few could identify them"
    )
    assert first_generation.withheld == "fewer than two groups answered"


def test_groups_of_10_show_each_groups_knowledge_and_attitude_change():
    seeded = seeded_with_groups(women=10, men=10)

    report = course_report(program=seeded.program)
    [gender, _first_generation] = report.demographics

    pre = np.array([100 * pre_correct(i) / 4 for i in range(21)])
    post = np.array([100 * post_correct(i) / 4 for i in range(21)])
    attitude = attitude_change_per_learner(report.data.attitude_pre, report.data.attitude_post)
    women, men = slice(0, 10), slice(10, 20)
    assert gender.withheld == ""
    assert [(row.label, row.n) for row in gender.rows] == [("Man", 10), ("Woman", 10)]
    assert [row.pre for row in gender.rows] == pytest.approx([pre[men].mean(), pre[women].mean()])
    assert [row.change for row in gender.rows] == pytest.approx(
        [(post - pre)[men].mean(), (post - pre)[women].mean()]
    )
    assert [row.attitude_change for row in gender.rows] == pytest.approx(
        [attitude[men].mean(), attitude[women].mean()]
    )
    assert gender.not_counted == 1


def test_the_report_page_shows_the_breakdown_or_the_reason(client, director):
    seeded = seeded_with_groups(women=10, men=9)
    seeded.program.directors.add(director)
    client.force_login(director)

    page = client.get(reverse("reports:course_evaluation", args=[seeded.program.slug]))

    text = page.content.decode()
    assert "By learner group (optional demographic answers)" in text
    assert "Breakdown withheld: at least one group has fewer than 10 learners" in text


def test_the_breakdown_ignores_prefer_not_and_unanswered_learners():
    result = breakdown(
        question="Q",
        answers={1: "A", 2: "B"},
        learner_ids=(1, 2, 3),
        pre_percent=np.array([0.0, 50.0, 100.0]),
        post_percent=np.array([50.0, 50.0, 100.0]),
        attitude_change=np.array([np.nan, 1.0, 0.0]),
    )

    assert (result.not_counted, result.withheld) == (
        1,
        "at least one group has fewer than 10 learners, and figures for so few could identify them",
    )


# --- The research export: only when staff enable it, audited -----------------------------------


def export_rows(client, program) -> list[dict]:
    response = client.get(reverse("reports:export_deidentified", args=[program.slug]))
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_research_export_leaves_demographics_out_until_staff_enable_it(
    client, director, staff_user
):
    seeded = seeded_with_groups(women=1, men=1)
    program = seeded.program
    program.directors.add(director)
    client.force_login(director)
    assert "gender_identity" not in export_rows(client, program)[0]
    denied = client.post(
        reverse("reports:research_demographics", args=[program.slug]), {"enabled": "yes"}
    )
    assert denied.status_code == 403

    client.force_login(staff_user)
    enabled = client.post(
        reverse("reports:research_demographics", args=[program.slug]), {"enabled": "yes"}
    )

    assert enabled.status_code == 302
    rows = export_rows(client, program)
    assert [(row["gender_identity"], row["first_generation"]) for row in rows][:4] == [
        ("woman", ""),
        ("woman", ""),
        ("man", ""),
        ("man", ""),
    ]
    event = AuditEvent.objects.get(action="demographics.research_export")
    assert (event.actor, event.program, event.changes) == (
        staff_user,
        program,
        {"demographics in the research export": [False, True]},
    )
    identified = client.get(reverse("reports:export_identified", args=[program.slug]))
    assert "gender_identity" not in identified.content.decode().splitlines()[0]


def test_only_staff_may_switch_the_research_export(program, director):
    with pytest.raises(ValidationError):
        set_research_demographics(program=program, enabled=True, actor=director, now=timezone.now())
    assert AuditEvent.objects.filter(action="demographics.research_export").count() == 0


# --- Privacy ---------------------------------------------------------------------------------


def test_demographics_are_in_the_learners_export_and_erased_with_the_account(program):
    learner = LearnerFactory()
    Enrollment.objects.create(program=program, learner=learner)
    ask(program)
    answer(program, learner, gender_identity="non_binary", first_generation="prefer_not")

    [record] = assessments_export(learner=learner)["demographics"]
    assert {key: record[key] for key in ("program", *ASKED, "race_ethnicity")} == {
        "program": program.name,
        "gender_identity": "Non-binary",
        "first_generation": "Prefer not to say",
        "race_ethnicity": None,
    }

    erase(learner=learner, code="R-1", email="r-1@example.invalid")

    assert DemographicAnswers.objects.filter(learner=learner).count() == 0
