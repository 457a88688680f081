import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from partners.invitations import InvitationUsed
from partners.models import LiaisonInvitation, Organization
from partners.selectors import LIAISON_INVITATIONS, liaison_invitation_token
from partners.services import invite_liaison, join_as_liaison
from rotation.models import User
from tests.assessments.test_concurrency import requires_postgresql, run_at_once
from tests.factories import OrganizationFactory, ProgramFactory, UserFactory

NEW_ORGANIZATION = {
    "name": "Eastside Community Health Center",
    "kind": "provider",
    "description": "A federally qualified health center.",
    "website": "eastside.example.org",
    "address": "40 River Rd",
    "phone": "555-0100",
}
PASSWORD = {"password1": "a-long-liaison-pass", "password2": "a-long-liaison-pass"}


def link_in(message) -> str:
    return re.search(r"http://[^/\s]+(/partners/liaison-invitations/\S+/)", message.body).group(1)


def director():
    user = UserFactory(email="director@riverside.example.org")
    ProgramFactory(directors=[user])
    return user


@pytest.mark.django_db
def test_a_director_adds_an_organization_and_then_manages_it(client):
    user = director()
    client.force_login(user)

    response = client.post("/partners/new/", NEW_ORGANIZATION)

    organization = Organization.objects.get()
    assert response.url == "/partners/eastside-community-health-center/"
    assert (organization.created_by, organization.website, organization.kind) == (
        user,
        "https://eastside.example.org",
        "provider",
    )
    assert client.get(response.url).status_code == 200
    assert AuditEvent.objects.get().action == "organization.created"


@pytest.mark.django_db
def test_an_organization_name_is_taken_once_and_slugs_keep_off_the_fixed_pages(client):
    OrganizationFactory(name="Keystone", slug="keystone")
    client.force_login(director())

    taken = client.post("/partners/new/", {**NEW_ORGANIZATION, "name": "keystone"})
    client.post("/partners/new/", {**NEW_ORGANIZATION, "name": "New"})

    assert taken.context["form"].errors == {
        "name": ["An organization with this name is in the directory."]
    }
    assert Organization.objects.get(name="New").slug == "new-2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("liaison", 403), ("resident", 403), ("anonymous", 302)]
)
def test_only_directors_and_staff_add_organizations(client, role, status):
    if role == "liaison":
        user = UserFactory()
        OrganizationFactory().liaisons.add(user)
        client.force_login(user)
    elif role == "resident":
        client.force_login(UserFactory())

    response = client.post("/partners/new/", NEW_ORGANIZATION)

    assert (response.status_code, Organization.objects.filter(name__startswith="East").count()) == (
        status,
        0,
    )


@pytest.mark.django_db
def test_the_invited_liaison_sets_a_password_and_sees_the_organization(
    client, django_capture_on_commit_callbacks
):
    user = director()
    client.force_login(user)
    client.post("/partners/new/", NEW_ORGANIZATION)
    with django_capture_on_commit_callbacks(execute=True):
        invited = client.post(
            "/partners/eastside-community-health-center/liaisons/invite/",
            {"name": "Eve Okoye", "email": "Eve@Eastside.example.org"},
        )
    link = link_in(mail.outbox[0])
    client.logout()

    accepted = client.post(link, PASSWORD)
    again = Client().post(link, PASSWORD)

    liaison = User.objects.get(email="eve@eastside.example.org")
    organization = Organization.objects.get()
    assert invited.url == "/partners/eastside-community-health-center/"
    assert (mail.outbox[0].to, mail.outbox[0].subject) == (
        ["eve@eastside.example.org"],
        "[Mini-Rotation] Speak for Eastside Community Health Center in Mini-Rotation",
    )
    assert accepted.url == "/partners/eastside-community-health-center/"
    assert (liaison.first_name, liaison.last_name) == ("Eve", "Okoye")
    assert list(organization.liaisons.all()) == [liaison]
    assert EmailAddress.objects.get(user=liaison).verified is True
    assert again.status_code == 410
    assert "Eastside Community Health Center" in client.get("/partners/").content.decode()
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("pk")) == [
        "organization.created",
        "organization.liaison_invited",
        "organization.liaison_joined",
    ]


@pytest.mark.django_db
def test_a_new_invitation_replaces_the_earlier_link_and_links_expire(settings):
    organization = OrganizationFactory()
    user = director()
    first = invite_liaison(
        organization=organization, name="Eve", email="eve@x.org", invited_by=user
    )
    second = invite_liaison(
        organization=organization, name="Eve", email="EVE@x.org", invited_by=user
    )
    token = liaison_invitation_token(invitation=second)

    later = timezone.now() + timedelta(days=settings.PARTNERS_INVITATION_DAYS, hours=1)
    with time_machine.travel(later):
        expired = LIAISON_INVITATIONS.from_token(token)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert LIAISON_INVITATIONS.from_token(liaison_invitation_token(invitation=first)) is None
    assert LIAISON_INVITATIONS.from_token(token) == second
    assert expired is None
    assert LIAISON_INVITATIONS.from_token("tampered" + token) is None


@pytest.mark.django_db
def test_someone_with_an_account_joins_signed_in_and_only_with_the_invited_address():
    organization = OrganizationFactory()
    eve = UserFactory(email="eve@x.org")
    invitation = invite_liaison(
        organization=organization, name="Eve", email="eve@x.org", invited_by=director()
    )

    with pytest.raises(ValidationError, match=r"This invitation is for eve@x\.org"):
        join_as_liaison(invitation=invitation, user=UserFactory(email="mallory@x.org"))
    join_as_liaison(invitation=invitation, user=eve)
    with pytest.raises(InvitationUsed):
        join_as_liaison(invitation=invitation, user=eve)

    assert list(organization.liaisons.all()) == [eve]


@pytest.mark.django_db
def test_a_liaison_already_is_not_invited_again():
    organization = OrganizationFactory()
    eve = UserFactory(email="eve@x.org")
    organization.liaisons.add(eve)

    with pytest.raises(ValidationError, match=r"eve@x\.org is a liaison of"):
        invite_liaison(organization=organization, name="Eve", email="EVE@x.org", invited_by=eve)

    assert LiaisonInvitation.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 5])
def test_the_directory_uses_a_constant_number_of_queries(client, rows, django_assert_num_queries):
    user = director()
    for n in range(rows):
        organization = OrganizationFactory(created_by=user if n % 2 else None)
        organization.liaisons.add(UserFactory())
    client.force_login(user)

    with django_assert_num_queries(3):
        response = client.get("/partners/directory/")

    organizations = response.context["organizations"]
    assert (len(organizations), sum(o.is_managed for o in organizations)) == (rows, rows // 2)


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_acceptances_of_one_liaison_link_make_one_liaison():
    organization = OrganizationFactory()
    invitation = invite_liaison(
        organization=organization, name="Eve Okoye", email="eve@x.org", invited_by=UserFactory()
    )
    url = f"/partners/liaison-invitations/{liaison_invitation_token(invitation=invitation)}/"

    def accept():
        return Client().post(url, PASSWORD).status_code

    statuses = sorted(run_at_once([accept] * 8))

    assert statuses == [302] + [410] * 7
    assert list(organization.liaisons.values_list("email", flat=True)) == ["eve@x.org"]
    assert User.objects.filter(email__iexact="eve@x.org").count() == 1
