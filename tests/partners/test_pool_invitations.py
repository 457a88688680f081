"""A partner's liaison invites a colleague of another local organization into a program's
faculty pool, when the program's directors allow it (rotation.services.pool)."""

import pytest
from django.core import mail

from audit.models import AuditEvent
from partners.models import FacultyMember
from rotation.selectors.schedule import faculty_for_program

pytestmark = pytest.mark.django_db

COLLEAGUE = {
    "first_name": "Omar",
    "last_name": "Haddad",
    "email": "Omar.Haddad@Lakeview.example.org",
    "title": "Care manager",
}


def url(world) -> str:
    return f"/programs/{world.program.slug}/faculty-pool/invite/"


def post(client, world, capture, **changes):
    client.force_login(world.liaison)
    data = {**COLLEAGUE, "organization": world.other_organization.pk, **changes}
    with capture(execute=True):
        return client.post(url(world), data)


def test_a_liaison_invites_a_colleague_of_another_organization_when_allowed(
    client, world, django_capture_on_commit_callbacks
):
    world.program.liaisons_may_invite_faculty = True
    world.program.save()

    response = post(client, world, django_capture_on_commit_callbacks)

    colleague = FacultyMember.objects.get(email="omar.haddad@lakeview.example.org")
    assert response.url == url(world)
    assert (colleague.organization, colleague.title, colleague.recruitment_status) == (
        world.other_organization,
        "Care manager",
        "invited",
    )
    assert colleague in faculty_for_program(program=world.program)
    assert colleague not in faculty_for_program(program=world.other_program)
    assert (mail.outbox[0].to, mail.outbox[0].subject) == (
        ["omar.haddad@lakeview.example.org"],
        "[Mini-Rotation] You are invited to teach in Mini-Rotation",
    )
    assert AuditEvent.objects.get(action="program.faculty_invited").changes == {
        "faculty pool": [None, "Omar Haddad (Lakeview)"]
    }


def test_without_the_directors_permission_the_invitation_is_refused_with_a_message(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.liaison)
    page = client.get(url(world))

    response = post(client, world, django_capture_on_commit_callbacks)

    assert "have not opened its faculty pool" in page.content.decode()
    assert response.context["form"].non_field_errors() == [
        "The course directors of Concentrated 2026 have not opened its faculty pool to "
        "colleagues invited by partners. Ask them to allow it on the program's settings."
    ]
    assert (FacultyMember.objects.filter(last_name="Haddad").count(), len(mail.outbox)) == (0, 0)


def test_colleagues_of_ones_own_organization_and_of_a_third_are_refused(
    client, world, django_capture_on_commit_callbacks
):
    world.program.liaisons_may_invite_faculty = True
    world.program.save()

    own = post(
        client, world, django_capture_on_commit_callbacks, organization=world.organization.pk
    )
    elsewhere = post(client, world, django_capture_on_commit_callbacks, email=world.member.email)

    assert own.context["form"].errors == {
        "organization": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert elsewhere.context["form"].non_field_errors() == [
        "maria@keystone.example.org is a faculty member of Keystone Health Plan; choose that "
        "organization."
    ]


@pytest.mark.parametrize(("role", "status"), [("director", 403), ("other_liaison", 403)])
def test_only_the_programs_partner_liaisons_invite(client, world, role, status):
    world.program.liaisons_may_invite_faculty = True
    world.program.save()
    client.force_login(getattr(world, role))

    assert client.get(url(world)).status_code == status


def test_the_director_sets_the_switch_on_the_program_settings(client, world):
    client.force_login(world.director)

    page = client.get(f"/programs/{world.program.slug}/edit/")

    assert "liaisons_may_invite_faculty" in page.context["form"].fields
