import io
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from partners.models import FacultyInvitation, FacultyMember
from partners.selectors import invitation_token
from partners.services import invite_faculty
from partners.tasks import send_faculty_invitation
from tests.factories import ExpertiseAreaFactory, FacultyMemberFactory
from tests.partners.conftest import status_for

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def faculty_data(**changes):
    return {
        "first_name": "Priya",
        "last_name": "Raman",
        "email": "Priya.Raman@Keystone.example.org",
        "title": "VP Population Health",
        "professional_role": "Executive",
        "clinical_background": "physician",
        "bio": "Leads population health.",
        "recruitment_status": "prospect",
        **changes,
    }


def test_liaison_adds_a_prospect_with_expertise_and_photo(client, world):
    quality = ExpertiseAreaFactory(name="Quality measurement")
    client.force_login(world.liaison)
    photo = SimpleUploadedFile("../../me.png", png_bytes(), content_type="image/png")

    response = client.post(
        "/partners/keystone/faculty/new/",
        {**faculty_data(), "expertise": [quality.pk], "photo": photo},
    )

    member = FacultyMember.objects.get(last_name="Raman")
    assert response.url == "/partners/keystone/faculty/"
    assert (member.organization, member.email, member.recruitment_status) == (
        world.organization,
        "priya.raman@keystone.example.org",
        "prospect",
    )
    assert list(member.expertise.values_list("name", flat=True)) == ["Quality measurement"]
    assert re.fullmatch(r"faculty-photos/[0-9a-f]{32}\.png", member.photo.name)


def test_a_photo_that_is_not_an_image_is_refused(client, world):
    client.force_login(world.liaison)
    fake = SimpleUploadedFile("me.png", b"%PDF-1.4 not an image", content_type="image/png")

    response = client.post("/partners/keystone/faculty/new/", {**faculty_data(), "photo": fake})

    assert list(response.context["form"].errors) == ["photo"]
    assert FacultyMember.objects.filter(last_name="Raman").count() == 0


def test_a_duplicate_email_is_refused(client, world):
    client.force_login(world.liaison)

    response = client.post(
        "/partners/keystone/faculty/new/", faculty_data(email="MARIA@keystone.example.org")
    )

    assert response.context["form"].errors == {
        "email": ["A faculty member with this email address already exists."]
    }


def test_director_edits_a_faculty_members_recruitment_status(client, world):
    client.force_login(world.director)

    client.post(
        f"/partners/keystone/faculty/{world.member.pk}/edit/",
        faculty_data(
            first_name="Maria",
            last_name="Alvarez",
            email=world.member.email,
            recruitment_status="confirmed",
        ),
    )

    world.member.refresh_from_db()
    assert (world.member.title, world.member.recruitment_status) == (
        "VP Population Health",
        "confirmed",
    )


@pytest.mark.parametrize("rows", [1, 10])
def test_faculty_list_uses_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    areas = [ExpertiseAreaFactory(name="Quality"), ExpertiseAreaFactory(name="Pharmacy")]
    world.member.expertise.set(areas)
    for _ in range(rows - 1):
        FacultyMemberFactory(organization=world.organization).expertise.set(areas)
    client.force_login(world.liaison)

    with django_assert_num_queries(5):
        response = client.get("/partners/keystone/faculty/")

    assert len(response.context["faculty"]) == rows


def test_faculty_list_shows_only_this_partners_faculty(client, world):
    client.force_login(world.liaison)

    response = client.get("/partners/keystone/faculty/")

    assert [m.full_name for m in response.context["faculty"]] == ["Maria Alvarez"]


def invite(client, world, django_capture_on_commit_callbacks, member):
    client.force_login(world.liaison)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/partners/keystone/faculty/{member.pk}/invite/")
    return response


def link_in(message) -> str:
    return re.search(r"http://\S+/invitations/(\S+)/", message.body).group(0)


def test_invitation_email_has_a_link_that_sets_the_password_and_links_the_account(
    client, world, django_capture_on_commit_callbacks
):
    prospect = FacultyMemberFactory(
        organization=world.organization, email="tom@keystone.example.org", first_name="Tom"
    )

    response = invite(client, world, django_capture_on_commit_callbacks, prospect)
    prospect.refresh_from_db()
    link = link_in(mail.outbox[0])
    client.logout()
    form = client.get(link)
    accepted = client.post(
        link, {"password1": "a-long-teaching-pass", "password2": "a-long-teaching-pass"}
    )

    prospect.refresh_from_db()
    assert response.status_code == 302
    assert (mail.outbox[0].to, mail.outbox[0].subject) == (
        ["tom@keystone.example.org"],
        "[Mini-Rotation] You are invited to teach in Mini-Rotation",
    )
    assert form.status_code == 200
    assert (accepted.status_code, accepted.url) == (302, "/teaching/profile/")
    assert prospect.user.email == "tom@keystone.example.org"
    assert prospect.user.check_password("a-long-teaching-pass")
    assert prospect.recruitment_status == "confirmed"
    assert EmailAddress.objects.get(user=prospect.user).verified is True
    assert client.get("/teaching/profile/").status_code == 200


def test_the_invitation_link_uses_the_address_the_director_is_using(
    client, world, django_capture_on_commit_callbacks, settings
):
    settings.ALLOWED_HOSTS = ["minirotation.example.org"]
    prospect = FacultyMemberFactory(organization=world.organization)
    client.force_login(world.liaison)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/partners/keystone/faculty/{prospect.pk}/invite/",
            headers={"host": "minirotation.example.org"},
        )

    assert re.findall(r"\S+/invitations/", mail.outbox[0].body) == [
        "http://minirotation.example.org/invitations/"
    ]


def test_an_invitation_without_a_request_links_to_the_site_url(world, settings):
    settings.SITE_URL = "https://rotation.example.org/"
    invitation = FacultyInvitation.objects.create(
        faculty_member=FacultyMemberFactory(organization=world.organization),
        invited_by=world.liaison,
    )

    send_faculty_invitation(invitation_id=invitation.pk)

    assert re.findall(r"\S+/invitations/", mail.outbox[0].body) == [
        "https://rotation.example.org/invitations/"
    ]


def test_an_invitation_link_works_once(client, world, django_capture_on_commit_callbacks):
    prospect = FacultyMemberFactory(organization=world.organization)
    invite(client, world, django_capture_on_commit_callbacks, prospect)
    link = link_in(mail.outbox[0])
    client.logout()
    client.post(link, {"password1": "a-long-teaching-pass", "password2": "a-long-teaching-pass"})
    client.logout()

    again = client.get(link)

    assert again.status_code == 410
    assert "does not work" in again.content.decode()


def test_a_new_invitation_replaces_the_old_link(client, world):
    prospect = FacultyMemberFactory(organization=world.organization)
    first = invite_faculty(faculty_member=prospect, invited_by=world.liaison)
    second = invite_faculty(faculty_member=prospect, invited_by=world.liaison)

    assert client.get(f"/invitations/{invitation_token(invitation=first)}/").status_code == 410
    assert client.get(f"/invitations/{invitation_token(invitation=second)}/").status_code == 200


@pytest.mark.parametrize(
    ("before", "after"),
    [("prospect", "invited"), ("invited", "invited"), ("confirmed", "confirmed")],
)
def test_inviting_never_lowers_the_recruitment_status(world, before, after):
    member = FacultyMemberFactory(organization=world.organization, recruitment_status=before)

    invite_faculty(faculty_member=member, invited_by=world.liaison)

    member.refresh_from_db()
    assert member.recruitment_status == after


def test_an_invitation_expires(world, client):
    prospect = FacultyMemberFactory(organization=world.organization)
    invitation = invite_faculty(faculty_member=prospect, invited_by=world.liaison)
    token = invitation_token(invitation=invitation)

    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.get(f"/invitations/{token}/")

    assert response.status_code == 410


def test_a_tampered_token_is_refused(client, world):
    assert client.get("/invitations/not-a-token/").status_code == 410


def test_mismatched_or_weak_passwords_create_nothing(client, world):
    prospect = FacultyMemberFactory(organization=world.organization)
    token = invitation_token(invitation=invite_faculty(faculty_member=prospect, invited_by=None))

    mismatch = client.post(
        f"/invitations/{token}/", {"password1": "a-long-teaching-pass", "password2": "other"}
    )
    weak = client.post(f"/invitations/{token}/", {"password1": "12345678", "password2": "12345678"})

    prospect.refresh_from_db()
    assert mismatch.context["form"].errors == {"password2": ["The two passwords differ."]}
    assert list(weak.context["form"].errors) == ["password1"]
    assert prospect.user is None
    assert FacultyInvitation.objects.get().accepted_at is None


def test_members_with_an_account_or_who_declined_are_not_invited(client, world):
    declined = FacultyMemberFactory(organization=world.organization, recruitment_status="declined")
    client.force_login(world.liaison)

    with_account = client.post(f"/partners/keystone/faculty/{world.member.pk}/invite/", follow=True)
    refused = client.post(f"/partners/keystone/faculty/{declined.pk}/invite/", follow=True)

    assert [str(m) for m in with_account.context["messages"]] == [
        "Maria Alvarez already has an account."
    ]
    assert [str(m) for m in refused.context["messages"]] == [
        f"{declined.full_name} is marked declined; "
        "change the recruitment status before inviting them."
    ]
    assert FacultyInvitation.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("faculty_user", 403),
        ("other_liaison", 404),
        ("other_director", 404),
        ("liaison", 302),
        ("director", 302),
    ],
)
def test_only_the_partners_managers_invite(client, world, role, expected):
    prospect = FacultyMemberFactory(organization=world.organization)

    status = status_for(
        client, world, role, f"/partners/keystone/faculty/{prospect.pk}/invite/", "post"
    )

    assert status == expected
    assert FacultyInvitation.objects.count() == (
        1 if expected == 302 and role != "anonymous" else 0
    )


def test_faculty_complete_their_own_profile_but_cannot_change_status(client, world):
    area = ExpertiseAreaFactory(name="Care management")
    client.force_login(world.faculty_user)

    response = client.post(
        "/teaching/profile/",
        {
            "first_name": "Maria",
            "last_name": "Alvarez",
            "title": "CMO",
            "clinical_background": "physician",
            "expertise": [area.pk],
            "bio": "Twenty years in managed care.",
            "is_patient_family_partner": "on",
            "recruitment_status": "inactive",
        },
    )

    world.member.refresh_from_db()
    assert response.url == "/teaching/"
    assert (world.member.title, world.member.bio, world.member.is_patient_family_partner) == (
        "CMO",
        "Twenty years in managed care.",
        True,
    )
    assert world.member.recruitment_status == "prospect"
    assert list(world.member.expertise.values_list("name", flat=True)) == ["Care management"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("learner", 403), ("liaison", 403), ("faculty_user", 200)],
)
def test_own_profile_is_for_faculty(client, world, role, expected):
    assert status_for(client, world, role, "/teaching/profile/") == expected


def test_someone_with_an_account_signs_in_and_links_it(client, world):
    liaison_who_teaches = FacultyMemberFactory(
        organization=world.organization, email="LIAISON@keystone.example.org"
    )
    token = invitation_token(
        invitation=invite_faculty(faculty_member=liaison_who_teaches, invited_by=None)
    )
    url = f"/invitations/{token}/"

    anonymous = client.get(url)
    client.force_login(world.other_liaison)
    wrong = client.post(url, {"link": "1"}, follow=True)
    client.force_login(world.liaison)
    linked = client.post(url, {"link": "1"})

    liaison_who_teaches.refresh_from_db()
    assert f"/accounts/login/?next={quote(url)}" in anonymous.content.decode()
    assert [str(m) for m in wrong.context["messages"]] == [
        "This invitation is for LIAISON@keystone.example.org; "
        "you are signed in as liaison@lakeview.example.org."
    ]
    assert linked.url == "/teaching/profile/"
    assert (liaison_who_teaches.user, liaison_who_teaches.recruitment_status) == (
        world.liaison,
        "confirmed",
    )
    assert client.get(url).status_code == 410


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("other_liaison", 403),
        ("other_faculty_user", 403),
        ("faculty_user", 200),
        ("liaison", 200),
        ("director", 200),
    ],
)
def test_a_photo_is_shown_to_the_member_and_those_who_manage_them(client, world, role, expected):
    world.member.photo.save("me.png", SimpleUploadedFile("me.png", png_bytes()))

    assert status_for(client, world, role, f"/faculty/{world.member.pk}/photo/") == expected
