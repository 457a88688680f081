import pytest

from rotation.models import ProgramPartner, Topic
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
            "sbp_competencies": ["physician_role", "safety_quality"],
        },
    )

    topic = Topic.objects.get(program=program)
    assert response.url == f"/programs/{program.slug}/topics/"
    assert (topic.title, topic.learning_objectives, topic.proposed_by) == (
        "Value-based payment",
        "Explain shared savings.",
        partner,
    )
    assert topic.sbp_competencies == ["physician_role", "safety_quality"]


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
    topic = TopicFactory(program=program, title="Quality", sbp_competencies=["navigation"])
    client.force_login(director)

    client.post(
        f"/programs/{program.slug}/topics/{topic.pk}/edit/",
        {"title": "Quality", "sbp_competencies": ["safety_quality"]},
    )

    topic.refresh_from_db()
    assert topic.sbp_competencies == ["safety_quality"]


def test_another_programs_topic_cannot_be_edited(client, director, program):
    foreign = TopicFactory()
    client.force_login(director)

    assert client.get(f"/programs/{program.slug}/topics/{foreign.pk}/edit/").status_code == 404


def test_coverage_counts_scheduled_sessions_per_sub_competency(client, director, program):
    quality = TopicFactory(program=program, title="Quality", sbp_competencies=["safety_quality"])
    navigation = TopicFactory(
        program=program, title="Prior authorization", sbp_competencies=["navigation"]
    )
    TopicFactory(program=program, title="Unscheduled", sbp_competencies=["physician_role"])
    SeminarSessionFactory(program=program, topic=quality)
    SeminarSessionFactory(program=program, topic=quality)
    SeminarSessionFactory(program=program, topic=navigation, status="cancelled")
    client.force_login(director)

    coverage = client.get(f"/programs/{program.slug}/topics/").context["coverage"]

    assert [(row.value, row.sessions, row.topics) for row in coverage] == [
        ("safety_quality", 2, ["Quality"]),
        ("navigation", 0, []),
        ("physician_role", 0, []),
    ]


@pytest.mark.parametrize("rows", [1, 10])
def test_topic_list_uses_a_constant_number_of_queries(
    client, director, program, rows, django_assert_num_queries
):
    for _ in range(rows):
        SeminarSessionFactory(program=program, topic=TopicFactory(program=program))
    client.force_login(director)

    with django_assert_num_queries(9):
        response = client.get(f"/programs/{program.slug}/topics/")

    assert len(response.context["topics"]) == rows
