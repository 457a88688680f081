import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from planning.models import Proposal
from rotation.models import ProgramPartner, Topic
from rotation.services.programs import save_topic
from tests.factories import OrganizationFactory, SeminarSessionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_director_creates_a_topic_with_objectives_partner_and_sbp_tags(client, director, program):
    partner = OrganizationFactory(name="Keystone Health Plan")
    ProgramPartner.objects.create(program=program, organization=partner, role="content")
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/topics/new/",
        {
            "title": "Value-based payment",
            "description": "How risk contracts work.",
            "learning_objectives": "Explain shared savings.",
            "proposed_by": partner.pk,
            "sbp_competencies": ["SBP3", "SBP1"],
        },
    )

    topic = Topic.objects.get(program=program)
    assert response.url == f"/programs/{program.slug}/topics/"
    assert (topic.title, topic.learning_objectives, topic.proposed_by) == (
        "Value-based payment",
        "Explain shared savings.",
        partner,
    )
    assert topic.sbp_competencies == ["SBP1", "SBP3"]


def test_a_partner_outside_the_program_cannot_propose(client, director, program):
    client.force_login(director)

    response = client.post(
        f"/programs/{program.slug}/topics/new/",
        {"title": "X", "proposed_by": OrganizationFactory().pk},
    )

    assert list(response.context["form"].errors) == ["proposed_by"]


def test_topic_titles_are_unique_per_program(client, director, program):
    TopicFactory(program=program, title="Quality")
    client.force_login(director)

    response = client.post(f"/programs/{program.slug}/topics/new/", {"title": "quality "})

    assert response.context["form"].errors == {
        "title": ["The program already has a topic called “quality”."]
    }


def test_editing_a_topic_changes_its_tags(client, director, program):
    topic = TopicFactory(program=program, title="Quality", sbp_competencies=["SBP2"])
    client.force_login(director)

    client.post(
        f"/programs/{program.slug}/topics/{topic.pk}/edit/",
        {"title": "Quality", "sbp_competencies": ["SBP1"]},
    )

    topic.refresh_from_db()
    assert topic.sbp_competencies == ["SBP1"]


def test_another_programs_topic_cannot_be_edited(client, director, program):
    foreign = TopicFactory()
    client.force_login(director)

    assert client.get(f"/programs/{program.slug}/topics/{foreign.pk}/edit/").status_code == 404


def test_coverage_counts_scheduled_sessions_per_sub_competency(client, director, program):
    quality = TopicFactory(program=program, title="Quality", sbp_competencies=["SBP1"])
    navigation = TopicFactory(
        program=program, title="Prior authorization", sbp_competencies=["SBP2"]
    )
    TopicFactory(program=program, title="Unscheduled", sbp_competencies=["SBP3"])
    SeminarSessionFactory(program=program, topic=quality)
    SeminarSessionFactory(program=program, topic=quality)
    SeminarSessionFactory(program=program, topic=navigation, status="cancelled")
    client.force_login(director)

    coverage = client.get(f"/programs/{program.slug}/topics/").context["coverage"]

    assert [(row.value, row.sessions, row.topics) for row in coverage] == [
        ("SBP1", 2, ["Quality"]),
        ("SBP2", 0, []),
        ("SBP3", 0, []),
    ]


@pytest.mark.parametrize("rows", [1, 10])
def test_topic_list_uses_a_constant_number_of_queries(
    client, director, program, rows, django_assert_num_queries
):
    for _ in range(rows):
        SeminarSessionFactory(program=program, topic=TopicFactory(program=program))
    client.force_login(director)

    with django_assert_num_queries(4):
        response = client.get(f"/programs/{program.slug}/topics/")

    assert len(response.context["topics"]) == rows


def test_coverage_names_each_sub_competency_with_its_sub_themes(client, director, program):
    client.force_login(director)

    coverage = client.get(f"/programs/{program.slug}/topics/").context["coverage"]

    assert [(row.label, row.sub_themes) for row in coverage] == [
        (
            "SBP1 Patient safety and quality improvement",
            ("patient safety events", "quality improvement"),
        ),
        (
            "SBP2 System navigation for patient-centered care",
            ("coordination of care", "transitions of care", "population and community health"),
        ),
        (
            "SBP3 Physician role in health care systems",
            ("cost and value of care", "payment models", "health care systems", "regulation"),
        ),
    ]


def test_an_unknown_sbp_code_is_refused_with_the_codes_to_use(program):
    with pytest.raises(ValidationError) as refused:
        save_topic(program=program, title="Old tags", sbp_competencies=["navigation"])

    assert refused.value.messages == [
        "Unknown SBP sub-competency navigation: use SBP1, SBP2, SBP3."
    ]
    assert not program.topics.exists()


def test_the_earlier_topic_codes_migrate_one_to_one_and_back(program):
    migration = importlib.import_module("rotation.migrations.0007_sbp_milestones_codes")
    topic = TopicFactory(program=program, sbp_competencies=["physician_role", "navigation"])
    other = TopicFactory(program=program, sbp_competencies=["safety_quality"])

    migration.remap(django_apps, migration.FORWARD)
    topic.refresh_from_db()
    other.refresh_from_db()
    assert (topic.sbp_competencies, other.sbp_competencies) == (["SBP2", "SBP3"], ["SBP1"])

    migration.remap(django_apps, migration.BACKWARD)
    topic.refresh_from_db()
    assert topic.sbp_competencies == ["navigation", "physician_role"]


def test_the_earlier_proposal_codes_migrate_one_to_one(program):
    migration = importlib.import_module("planning.migrations.0003_sbp_milestones_codes")
    proposal = Proposal.objects.create(
        program=program,
        title="Prior authorization",
        rationale="Delays care.",
        sbp_competency="navigation",
        format="panel",
        proposer_name="Pat Partner",
        proposer_kind="patient_partner",
    )

    migration.remap(django_apps, migration.FORWARD)

    proposal.refresh_from_db()
    assert proposal.sbp_competency == "SBP2"
