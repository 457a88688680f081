import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from audit.models import AuditEvent
from planning.models import TeamInvitation, TeamMember
from planning.selectors import invitation_token
from planning.services import invite_member
from rotation.services.programs import archive_program
from tests.factories import (
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    TopicFactory,
    UserFactory,
)
from tests.planning.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db

INVITE = {
    "name": "Pat Okafor",
    "email": "Pat@Families.example.org",
    "role": "patient_partner",
    "organization": "",
}


def link_in(message) -> str:
    return re.search(r"http://[^/\s]+(/planning/join/\S+/)", message.body).group(1)


def invite(client, world, capture, **changes):
    client.force_login(world.director)
    with capture(execute=True):
        return client.post(
            f"/programs/{world.program.slug}/planning/team/invite/", {**INVITE, **changes}
        )


def test_a_director_invites_a_patient_partner_by_email(
    client, world, django_capture_on_commit_callbacks
):
    response = invite(client, world, django_capture_on_commit_callbacks)

    member = world.program.planning_team.get(email="pat@families.example.org")
    event = AuditEvent.objects.get(action="planning.member_invited")
    assert (response.status_code, response.url) == (302, "/programs/concentrated-2026/planning/")
    assert (member.name, member.role, member.has_joined) == ("Pat Okafor", "patient_partner", False)
    assert (mail.outbox[0].to, mail.outbox[0].subject) == (
        ["pat@families.example.org"],
        "[Mini-Rotation] Join the planning team of Concentrated 2026",
    )
    assert "as patient or family partner" in mail.outbox[0].body
    assert (event.actor, event.program, event.changes) == (
        world.director,
        world.program,
        {
            "email": [None, "pat@families.example.org"],
            "role": [None, "Patient or family partner"],
        },
    )


def test_the_link_creates_an_account_and_joins_the_team(
    client, world, django_capture_on_commit_callbacks
):
    invite(client, world, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    client.logout()

    form = client.get(link)
    joined = client.post(
        link, {"password1": "a-long-planning-pass", "password2": "a-long-planning-pass"}
    )

    member = world.program.planning_team.get(email="pat@families.example.org")
    assert form.status_code == 200
    assert (joined.status_code, joined.url) == (302, "/programs/concentrated-2026/planning/")
    assert member.user.check_password("a-long-planning-pass")
    assert (member.user.first_name, member.user.last_name) == ("Pat", "Okafor")
    assert EmailAddress.objects.get(user=member.user).verified is True
    assert member.has_joined is True
    assert client.get("/programs/concentrated-2026/planning/").status_code == 200
    assert (
        AuditEvent.objects.filter(action="planning.member_joined", actor=member.user).count() == 1
    )


def test_the_link_works_once(client, world, django_capture_on_commit_callbacks):
    invite(client, world, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    client.logout()
    client.post(link, {"password1": "a-long-planning-pass", "password2": "a-long-planning-pass"})
    client.logout()

    again = client.get(link)

    assert again.status_code == 410
    assert "This invitation link does not work" in again.content.decode()


def test_a_new_invitation_replaces_the_old_link(client, world):
    arguments = {**INVITE, "organization": None, "program": world.program}
    first = invite_member(invited_by=world.director, **arguments)
    second = invite_member(invited_by=world.director, **arguments)

    assert world.program.planning_team.filter(email="pat@families.example.org").count() == 1
    assert client.get(f"/planning/join/{invitation_token(invitation=first)}/").status_code == 410
    assert client.get(f"/planning/join/{invitation_token(invitation=second)}/").status_code == 200


def test_the_link_expires(client, world):
    invitation = invite_member(
        invited_by=world.director, program=world.program, **{**INVITE, "organization": None}
    )
    link = f"/planning/join/{invitation_token(invitation=invitation)}/"

    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.get(link)

    assert response.status_code == 410


def test_a_tampered_link_is_refused(client, world):
    invitation = invite_member(
        invited_by=world.director, program=world.program, **{**INVITE, "organization": None}
    )

    response = client.get(f"/planning/join/{invitation_token(invitation=invitation)}x/")

    assert response.status_code == 410


def test_someone_with_an_account_joins_once_signed_in(client, world):
    user = UserFactory(email="pat@families.example.org")
    invitation = invite_member(
        invited_by=world.director, program=world.program, **{**INVITE, "organization": None}
    )
    link = f"/planning/join/{invitation_token(invitation=invitation)}/"
    anonymous = client.get(link)
    client.force_login(user)

    joined = client.post(link, {"join": "1"})

    assert "Sign in with it" in anonymous.content.decode()
    assert (joined.status_code, joined.url) == (302, "/programs/concentrated-2026/planning/")
    assert world.program.planning_team.get(user=user).has_joined is True


def test_someone_signed_in_with_another_address_cannot_use_the_link(client, world):
    invitation = invite_member(
        invited_by=world.director, program=world.program, **{**INVITE, "organization": None}
    )
    UserFactory(email="pat@families.example.org")
    client.force_login(world.resident)

    response = client.post(
        f"/planning/join/{invitation_token(invitation=invitation)}/", {"join": "1"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "This invitation is for pat@families.example.org; "
        "you are signed in as resident@hospital.example.org."
    ]
    assert TeamInvitation.objects.get().accepted_at is None


def test_someone_on_the_team_is_not_invited_again(
    client, world, django_capture_on_commit_callbacks
):
    response = invite(
        client, world, django_capture_on_commit_callbacks, email="LIAISON@keystone.example.org"
    )

    assert response.status_code == 200
    assert response.context["invite_form"].errors == {
        "email": [f"{world.liaison_member.name} is on the planning team already."]
    }
    assert mail.outbox == []


def test_an_archived_programs_team_takes_no_invitation(
    client, world, django_capture_on_commit_callbacks
):
    archive_program(program=world.program)

    response = invite(client, world, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "is archived" in response.context["invite_form"].errors["email"][0]
    assert not world.program.planning_team.filter(email="pat@families.example.org").exists()


def test_the_organization_must_be_a_partner_of_the_program(
    client, world, django_capture_on_commit_callbacks
):
    stranger = world.organization.__class__.objects.create(name="Elsewhere", slug="elsewhere")

    response = invite(client, world, django_capture_on_commit_callbacks, organization=stranger.pk)

    assert list(response.context["invite_form"].errors) == ["organization"]


# --- What members see ------------------------------------------------------------------------


def test_a_liaison_on_the_team_sees_goals_topics_draft_schedule_and_team(client, world):
    world.program.goals = "Residents can read a health plan's quality measures."
    world.program.save()
    TopicFactory(program=world.program, title="Paying for quality", proposed_by=world.organization)
    SeminarSessionFactory(program=world.program, title="Draft session", status="draft")
    SeminarSessionFactory(program=world.program, title="Dropped session", status="cancelled")
    client.force_login(world.liaison)

    response = client.get("/programs/concentrated-2026/planning/")

    plan = response.context["plan"]
    assert response.status_code == 200
    assert "Residents can read a health plan" in response.content.decode()
    assert [(t.title, str(t.proposed_by)) for t in plan.topics] == [
        ("Paying for quality", "Keystone Health Plan")
    ]
    assert [s.title for s in plan.sessions] == ["Draft session"]
    assert [(m.user_id, m.organization) for m in plan.team] == [
        (world.liaison.pk, "Keystone Health Plan")
    ]
    assert (response.context["may_manage"], "invite_form" in response.context) == (False, False)


@pytest.mark.parametrize(
    ("who", "links"),
    [
        (
            "director",
            [
                "/programs/concentrated-2026/planning/",
                "/programs/concentrated-2026/planning/",
                "/programs/concentrated-2026/planning/proposals/",
                "/programs/concentrated-2026/planning/meetings/",
                "/programs/concentrated-2026/planning/patient-partners/",
                "/programs/concentrated-2026/",
            ],
        ),
        (
            "liaison",
            [
                "/programs/concentrated-2026/planning/",
                "/programs/concentrated-2026/planning/",
                "/programs/concentrated-2026/planning/proposals/",
                "/programs/concentrated-2026/planning/meetings/",
            ],
        ),
    ],
)
def test_the_planning_links_lead_to_the_programs_planning_pages(client, world, who, links):
    client.force_login(getattr(world, who))

    page = client.get("/programs/concentrated-2026/planning/").content.decode()

    nav = page.split('<nav class="program-nav" aria-label="Planning">')[1].split("</nav>")[0]
    assert re.findall(r'href="([^"]+)"', nav) == links


def test_the_draft_schedule_names_each_sessions_faculty_lead_first(client, world):
    session = SeminarSessionFactory(program=world.program, title="Draft session")
    for first, last, role in [("Ana", "Zeller", "panelist"), ("Ben", "Young", "lead")]:
        SessionFacultyFactory(
            session=session,
            role=role,
            faculty_member__first_name=first,
            faculty_member__last_name=last,
        )
    SeminarSessionFactory(program=world.program, title="Nobody yet")
    client.force_login(world.director)

    response = client.get("/programs/concentrated-2026/planning/")

    sessions = response.context["plan"].sessions
    assert [(s.title, s.faculty) for s in sessions] == [
        ("Draft session", "Ben Young, Ana Zeller"),
        ("Nobody yet", ""),
    ]
    assert "Ben Young, Ana Zeller</td>" in response.content.decode()


def test_the_draft_schedule_shows_each_sessions_room_topic_and_status(client, world):
    topic = TopicFactory(program=world.program, title="Paying for quality")
    booked = SeminarSessionFactory(program=world.program, topic=topic, status="published")
    SeminarSessionFactory(program=world.program, title="Unplaced", room=None, status="draft")
    client.force_login(world.director)

    response = client.get("/programs/concentrated-2026/planning/")

    sessions = response.context["plan"].sessions
    assert [(s.title, s.room, s.topic, s.status_label) for s in sessions] == [
        (booked.title, f"{booked.room.name} ({booked.room.site.name})", topic.title, "Published"),
        ("Unplaced", "", None, "Draft"),
    ]
    assert '<span class="cell-label">Where</span>—</td>' in response.content.decode()


def test_the_plan_counts_each_topics_sessions_leaving_cancelled_ones_out(client, world):
    taught = TopicFactory(program=world.program, title="Paying for quality")
    TopicFactory(program=world.program, title="Unscheduled")
    for status in ["draft", "published", "cancelled"]:
        SeminarSessionFactory(program=world.program, topic=taught, status=status)
    client.force_login(world.director)

    response = client.get("/programs/concentrated-2026/planning/")

    assert [(t.title, t.session_count) for t in response.context["plan"].topics] == [
        ("Paying for quality", 2),
        ("Unscheduled", 0),
    ]


def test_team_members_do_not_change_the_schedule(client, world):
    client.force_login(world.liaison)

    statuses = [
        client.get("/programs/concentrated-2026/schedule/").status_code,
        client.get("/programs/concentrated-2026/sessions/new/").status_code,
        client.post("/programs/concentrated-2026/planning/team/invite/", INVITE).status_code,
    ]

    assert statuses == [403, 403, 403]


def test_a_liaison_off_the_team_and_an_invited_member_see_nothing(client, world):
    invited = TeamMemberFactory(
        program=world.program, user=world.resident, email=world.resident.email, joined_at=None
    )
    other = UserFactory()
    world.organization.liaisons.add(other)

    responses = []
    for user in (other, invited.user):
        client.force_login(user)
        responses.append(client.get("/programs/concentrated-2026/planning/").status_code)

    assert responses == [403, 403]


def test_only_the_teams_program_opens(client, world):
    ProgramFactory(slug="other-program")
    client.force_login(world.liaison)

    response = client.get("/programs/other-program/planning/")

    assert response.status_code == 403


def test_a_member_without_another_role_starts_on_the_planning_page(client, world):
    patient = UserFactory(email="pat@families.example.org")
    TeamMemberFactory(program=world.program, user=patient, email=patient.email)
    client.force_login(patient)

    home = client.get("/")
    page = client.get("/planning/")

    assert (home.status_code, home.url) == (302, "/planning/")
    assert [p.slug for p in page.context["programs"]] == ["concentrated-2026"]


@pytest.mark.parametrize(
    ("fixture_user", "start_page"), [("resident", "/my-rotation/"), ("liaison", "/partners/")]
)
def test_start_pages_link_to_planning_for_team_members_only(
    client, world, fixture_user, start_page
):
    user = getattr(world, fixture_user)
    client.force_login(user)
    before = 'href="/planning/"' in client.get(start_page).content.decode()
    TeamMember.objects.filter(user=user).delete()
    TeamMemberFactory(program=world.program, user=user, email=user.email)

    after = 'href="/planning/"' in client.get(start_page).content.decode()

    expected_before = fixture_user == "liaison"
    assert (before, after) == (expected_before, True)


def test_directors_reach_the_plan_from_their_workspace(client, world):
    client.force_login(world.director)

    response = client.get("/programs/concentrated-2026/")

    assert 'href="/programs/concentrated-2026/planning/"' in response.content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_my_planning_uses_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    for _ in range(rows - 1):
        TeamMemberFactory(user=world.liaison, email=world.liaison.email)
    client.force_login(world.liaison)

    # 3 (the membership is read with the user), and the member's open action items
    with django_assert_num_queries(4):
        response = client.get("/planning/")

    assert len(response.context["programs"]) == rows


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize(("who", "queries"), [("liaison", 9), ("director", 9)])
def test_the_plan_uses_a_constant_number_of_queries(
    client, world, rows, who, queries, django_assert_num_queries
):
    for _ in range(rows):
        session = SeminarSessionFactory(
            program=world.program, topic=TopicFactory(program=world.program)
        )
        SessionFacultyFactory(session=session)
    for _ in range(rows - 1):
        TeamMemberFactory(program=world.program)
    client.force_login(getattr(world, who))

    # The session, the user and the program (with whether the user directs it); for a member,
    # whether they have joined the team; 4 for the plan (the sessions with their faculty's
    # names, and their patient partners, among them), where the page finds its user's own
    # place on the team; the user's open action items; and for a director, the invitation
    # form's partners.
    with django_assert_num_queries(queries):
        response = client.get("/programs/concentrated-2026/planning/")

    assert len(response.context["plan"].team) == rows
    assert len(response.context["plan"].sessions) == rows
