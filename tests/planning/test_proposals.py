import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from audit.models import AuditEvent
from planning.models import Endorsement, Proposal, TeamMember
from planning.services import accept_proposal, decline_proposal, endorse_proposal
from rotation.services.programs import archive_program
from tests.factories import TopicFactory, UserFactory
from tests.planning.factories import ProposalFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "kind": "topic",
    "title": "Prior authorization from the patient's side",
    "rationale": "Residents order; patients wait weeks.",
    "sbp_competency": "SBP2",
    "format": "storytelling",
    "suggested_faculty": "Pat Okafor with Keystone's utilization team",
    "preferred_timing": "Before the pharmacy benefits session",
}


def url(world, suffix=""):
    return f"/programs/{world.program.slug}/planning/proposals/{suffix}"


@pytest.fixture
def patient(world):
    user = UserFactory(email="pat@families.example.org", first_name="Pat", last_name="Okafor")
    TeamMemberFactory(
        program=world.program, user=user, email=user.email, role=TeamMember.Role.PATIENT_PARTNER
    )
    return user


@pytest.fixture
def proposal(world):
    return ProposalFactory(
        program=world.program,
        title="Prior authorization",
        proposed_by=world.liaison,
        proposer_name=str(world.liaison),
        proposer_kind=TeamMember.Role.PARTNER_LIAISON,
        proposer_organization=world.organization,
    )


def test_a_liaison_proposes_a_topic(client, world):
    client.force_login(world.liaison)

    response = client.post(url(world, "new/"), PROPOSAL)

    proposal = Proposal.objects.get()
    assert (response.status_code, response.url) == (302, url(world, f"{proposal.pk}/"))
    assert (
        proposal.title,
        proposal.status,
        proposal.proposer_kind,
        proposal.proposer_organization,
        proposal.proposed_by,
    ) == (
        PROPOSAL["title"],
        "open",
        "partner_liaison",
        world.organization,
        world.liaison,
    )
    assert AuditEvent.objects.filter(action="proposal.submitted").count() == 1


def test_a_proposal_needs_its_reason_and_sub_competency(client, world):
    client.force_login(world.liaison)

    response = client.post(url(world, "new/"), {**PROPOSAL, "rationale": "", "sbp_competency": "x"})

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["rationale", "sbp_competency"]
    assert Proposal.objects.count() == 0


def test_a_director_off_the_team_proposes_as_course_director(client, world):
    client.force_login(world.director)

    client.post(url(world, "new/"), PROPOSAL)

    assert Proposal.objects.get().proposer_kind == "course_director"


def test_members_comment_and_endorse(client, world, patient, proposal):
    client.force_login(patient)

    commented = client.post(url(world, f"{proposal.pk}/comment/"), {"body": "Yes, with a story."})
    endorsed = client.post(url(world, f"{proposal.pk}/endorse/"))
    client.post(url(world, f"{proposal.pk}/endorse/"))
    page = client.get(url(world, f"{proposal.pk}/"))

    assert [commented.status_code, endorsed.status_code] == [302, 302]
    assert [c.body for c in page.context["comments"]] == ["Yes, with a story."]
    assert [e.user for e in page.context["endorsements"]] == [patient]
    assert page.context["has_endorsed"] is True
    assert sorted(
        AuditEvent.objects.filter(action__startswith="proposal.").values_list("action", flat=True)
    ) == ["proposal.commented", "proposal.endorsed"]


def test_an_empty_comment_is_refused_with_a_message(client, world, patient, proposal):
    client.force_login(patient)

    response = client.post(url(world, f"{proposal.pk}/comment/"), {"body": ""})

    assert response.status_code == 200
    assert response.context["comment_form"].errors == {"body": ["This field is required."]}


def test_nobody_endorses_their_own_proposal(world, proposal):
    with pytest.raises(ValidationError, match="you made this one"):
        endorse_proposal(proposal=proposal, user=world.liaison)

    assert Endorsement.objects.count() == 0


def test_a_director_accepts_a_proposal_into_a_topic(
    client, world, proposal, django_capture_on_commit_callbacks
):
    client.force_login(world.director)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, f"{proposal.pk}/accept/"))

    proposal.refresh_from_db()
    topic = world.program.topics.get()
    event = AuditEvent.objects.get(action="proposal.accepted")
    assert (response.status_code, response.url) == (302, url(world, f"{proposal.pk}/"))
    assert (proposal.status, proposal.topic, proposal.decided_by) == (
        "accepted",
        topic,
        world.director,
    )
    assert (topic.title, topic.description, topic.proposed_by, topic.sbp_competencies) == (
        "Prior authorization",
        "Residents meet this every week.",
        world.organization,
        ["SBP2"],
    )
    assert event.changes == {
        "status": ["Under discussion", "Accepted"],
        "topic": [None, "Prior authorization"],
    }
    assert (mail.outbox[0].to, mail.outbox[0].subject) == (
        ["liaison@keystone.example.org"],
        "[Mini-Rotation] Your proposal “Prior authorization” was accepted",
    )
    assert "It is now a topic of the program" in mail.outbox[0].body


def test_a_director_declines_with_a_reason_the_proposer_reads(
    client, world, proposal, django_capture_on_commit_callbacks
):
    client.force_login(world.director)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(world, f"{proposal.pk}/decline/"), {"reason": "Covered in session 3."})

    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason, proposal.topic) == (
        "declined",
        "Covered in session 3.",
        None,
    )
    assert AuditEvent.objects.get(action="proposal.declined").changes == {
        "status": ["Under discussion", "Declined"],
        "reason": [None, "Covered in session 3."],
    }
    assert (
        mail.outbox[0].subject == "[Mini-Rotation] Your proposal “Prior authorization” was declined"
    )
    assert "Covered in session 3." in mail.outbox[0].body


def test_declining_without_a_reason_is_refused(client, world, proposal):
    client.force_login(world.director)

    response = client.post(url(world, f"{proposal.pk}/decline/"), {"reason": "  "})

    proposal.refresh_from_db()
    assert response.status_code == 200
    assert response.context["decline_form"].errors == {"reason": ["This field is required."]}
    assert proposal.status == "open"


def test_the_database_keeps_a_reason_on_every_declined_proposal(proposal):
    proposal.status = "declined"

    with pytest.raises(IntegrityError):
        proposal.save()


def test_a_proposal_is_decided_once(client, world, proposal):
    decline_proposal(proposal=proposal, director=world.director, reason="Covered already.")
    client.force_login(world.director)

    response = client.post(url(world, f"{proposal.pk}/accept/"), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "“Prior authorization” was declined already."
    ]
    assert world.program.topics.count() == 0


def test_a_title_clash_with_a_topic_leaves_the_proposal_open(client, world, proposal):
    TopicFactory(program=world.program, title="prior authorization")
    client.force_login(world.director)

    response = client.post(url(world, f"{proposal.pk}/accept/"), follow=True)

    proposal.refresh_from_db()
    assert [str(m) for m in response.context["messages"]] == [
        "The program already has a topic called “Prior authorization”."
    ]
    assert (proposal.status, AuditEvent.objects.filter(action="proposal.accepted").count()) == (
        "open",
        0,
    )


def test_members_do_not_decide(client, world, patient, proposal):
    client.force_login(patient)

    statuses = [
        client.post(url(world, f"{proposal.pk}/accept/")).status_code,
        client.post(url(world, f"{proposal.pk}/decline/"), {"reason": "No"}).status_code,
    ]

    assert statuses == [403, 403]


def test_an_archived_program_takes_no_proposal_or_decision(client, world, proposal):
    archive_program(program=world.program)
    client.force_login(world.director)

    created = client.post(url(world, "new/"), PROPOSAL)
    with pytest.raises(ValidationError, match="is archived"):
        accept_proposal(proposal=proposal, director=world.director)

    assert created.status_code == 200
    assert "is archived" in str(created.context["form"].non_field_errors())


def test_a_proposal_of_another_program_is_not_found(client, world):
    other = ProposalFactory()
    client.force_login(world.director)

    response = client.get(url(world, f"{other.pk}/"))

    assert response.status_code == 404


def test_the_board_filters_by_status_and_proposer_kind(client, world, proposal):
    ProposalFactory(program=world.program, title="Food insecurity", status="accepted")
    ProposalFactory(
        program=world.program, title="Doulas", status="declined", decline_reason="Next year."
    )
    client.force_login(world.liaison)

    def titles(query):
        return [p.title for p in client.get(url(world) + query).context["proposals"]]

    assert titles("?status=open") == ["Prior authorization"]
    assert titles("?proposer_kind=patient_partner") == ["Doulas", "Food insecurity"]
    assert titles("?status=accepted&proposer_kind=patient_partner") == ["Food insecurity"]
    assert titles("?status=nonsense") == ["Doulas", "Food insecurity", "Prior authorization"]


def test_the_plan_shows_who_proposed_each_topic(client, world, proposal):
    accept_proposal(proposal=proposal, director=world.director)
    TopicFactory(program=world.program, title="A director's own topic")
    client.force_login(world.liaison)

    response = client.get(f"/programs/{world.program.slug}/planning/")

    rows = response.content.decode().split('<table class="data" id="topics">')[1]
    assert "liaison@keystone.example.org" not in rows
    assert f"{world.liaison}</a>, partner liaison (Keystone Health Plan)" in rows
    assert [t.title for t in response.context["plan"].topics] == [
        "A director's own topic",
        "Prior authorization",
    ]


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize(("who", "queries"), [("liaison", 5), ("director", 4)])
def test_the_board_uses_a_constant_number_of_queries(
    client, world, rows, who, queries, django_assert_num_queries
):
    for _ in range(rows):
        proposal = ProposalFactory(program=world.program, proposer_organization=world.organization)
        Endorsement.objects.create(proposal=proposal, user=world.director)
    client.force_login(getattr(world, who))

    # The session, the user and the program (with whether the user directs it); for a member,
    # whether they have joined the team, asked once for both permissions; the proposals.
    with django_assert_num_queries(queries):
        response = client.get(url(world))

    assert len(response.context["proposals"]) == rows
