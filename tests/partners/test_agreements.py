from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import Agreement, AgreementReminder, Contact
from partners.selectors import agreement_overview, agreements_with_status, contacts_with_role
from partners.services import send_agreement_reminders
from rotation.models import ProgramPartner
from tests.factories import OrganizationFactory
from tests.partners.conftest import close_response, status_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def sponsor(db):
    return OrganizationFactory(
        name="Riverside School of Medicine", slug="riverside", kind="academic_sponsor"
    )


def make_agreement(organization, sponsor, *, ends_in: int, signed=True, **fields) -> Agreement:
    ends_on = timezone.localdate() + timedelta(days=ends_in)
    return Agreement.objects.create(
        organization=organization,
        sponsor=sponsor,
        starts_on=ends_on - timedelta(days=365),
        ends_on=ends_on,
        signed_on=ends_on - timedelta(days=370) if signed else None,
        **fields,
    )


def status_of(agreement: Agreement) -> str:
    return agreements_with_status().get(pk=agreement.pk).status


def test_status_is_derived_from_signature_end_date_and_renewal(world, sponsor):
    draft = make_agreement(world.organization, sponsor, ends_in=200, signed=False)
    active = make_agreement(world.organization, sponsor, ends_in=61)
    expiring = make_agreement(world.organization, sponsor, ends_in=60)
    ended = make_agreement(world.organization, sponsor, ends_in=-1)
    renewed = make_agreement(world.organization, sponsor, ends_in=100)
    make_agreement(world.organization, sponsor, ends_in=465, renews=renewed)

    statuses = [status_of(each) for each in (draft, active, expiring, ended, renewed)]

    assert statuses == ["draft", "active", "expiring", "ended", "ended"]


def test_overview_lists_current_agreements_expiring_first(world, sponsor):
    names = ["Active Far", "Draft Co", "Ended Co", "Expiring Late", "Expiring Soon"]
    orgs = {name: OrganizationFactory(name=name) for name in names}
    for org in orgs.values():
        ProgramPartner.objects.create(program=world.program, organization=org, role="content")
    make_agreement(orgs["Active Far"], sponsor, ends_in=300)
    make_agreement(orgs["Draft Co"], sponsor, ends_in=400, signed=False)
    make_agreement(orgs["Ended Co"], sponsor, ends_in=-5)
    make_agreement(orgs["Expiring Late"], sponsor, ends_in=50)
    old = make_agreement(orgs["Expiring Soon"], sponsor, ends_in=-400)
    make_agreement(orgs["Expiring Soon"], sponsor, ends_in=10, renews=old)

    rows = [(a.organization.name, a.status) for a in agreement_overview(user=world.director)]

    assert rows == [
        ("Expiring Soon", "expiring"),
        ("Expiring Late", "expiring"),
        ("Active Far", "active"),
        ("Draft Co", "draft"),
        ("Ended Co", "ended"),
    ]


def test_overview_shows_a_director_only_their_partners(client, world, sponsor):
    make_agreement(world.organization, sponsor, ends_in=30)
    make_agreement(world.other_organization, sponsor, ends_in=30)
    client.force_login(world.director)

    response = client.get("/agreements/")

    assert [a.organization.slug for a in response.context["agreements"]] == ["keystone"]


@pytest.mark.parametrize("rows", [1, 5])
def test_agreement_pages_use_a_constant_number_of_queries(
    client, world, sponsor, rows, django_assert_num_queries
):
    previous = None
    for index in range(rows):
        previous = make_agreement(world.organization, sponsor, ends_in=index * 50, renews=previous)
        other = OrganizationFactory()
        ProgramPartner.objects.create(program=world.program, organization=other, role="content")
        make_agreement(other, sponsor, ends_in=index * 40)
    client.force_login(world.director)

    with django_assert_num_queries(5):
        listing = client.get("/partners/keystone/agreements/")
    with django_assert_num_queries(3):
        overview = client.get("/agreements/")

    assert (len(listing.context["agreements"]), len(overview.context["agreements"])) == (
        rows,
        rows + 1,
    )


AGREEMENT_FORM = {
    "title": "Memorandum of understanding",
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "renewal_date": "2026-10-01",
    "signed_on": "2025-12-15",
    "partner_rooms": "on",
    "partner_av": "on",
    "partner_faculty_hours": "40",
    "partner_funds": "0",
    "sponsor_faculty_hours": "12",
    "sponsor_funds": "5000.00",
    "sponsor_notes": "Honoraria for patient partners",
}


def post_agreement(client, sponsor, *, name="signed.pdf", content=PDF, **changes):
    data = {**AGREEMENT_FORM, "sponsor": sponsor.pk, **changes}
    if content is not None:
        data["document"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post("/partners/keystone/agreements/new/", data)


def test_director_adds_an_agreement_with_its_signed_pdf(client, world, sponsor, media_root):
    client.force_login(world.director)

    response = post_agreement(client, sponsor, name="MOU Keystone 2026.pdf")

    agreement = Agreement.objects.get()
    stored = agreement.document.name
    assert response.status_code == 302
    assert (agreement.document_name, agreement.document_size) == ("MOU Keystone 2026.pdf", len(PDF))
    assert stored.startswith("agreements/")
    assert stored.endswith(".pdf")
    assert "Keystone" not in stored
    assert (media_root / stored).read_bytes() == PDF
    assert (agreement.partner_faculty_hours, str(agreement.sponsor_funds)) == (40, "5000.00")
    assert AuditEvent.objects.filter(action="agreement.created").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("contract.docx", PDF, "The signed document must be a PDF file."),
        ("fake.pdf", b"<html>not a pdf</html>", "The signed document must be a PDF file."),
        ("big.pdf", PDF + b"0" * 2048, "The document is 2.0\xa0KB; the limit is 1.0\xa0KB."),
    ],
)
def test_a_document_that_is_not_a_small_pdf_is_refused(
    client, world, sponsor, settings, media_root, name, content, message
):
    settings.PARTNERS_AGREEMENT_MAX_BYTES = 1024
    client.force_login(world.director)

    response = post_agreement(client, sponsor, name=name, content=content)

    assert response.status_code == 200
    assert response.context["form"].errors == {"document": [message]}
    assert Agreement.objects.count() == 0
    assert not (media_root / "agreements").exists() or not any(
        (media_root / "agreements").iterdir()
    )


def test_a_new_document_replaces_the_old_file_once_saved(
    client, world, sponsor, media_root, django_capture_on_commit_callbacks
):
    client.force_login(world.director)
    post_agreement(client, sponsor)
    agreement = Agreement.objects.get()
    old = agreement.document.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/partners/keystone/agreements/{agreement.pk}/edit/",
            {
                **AGREEMENT_FORM,
                "sponsor": sponsor.pk,
                "document": SimpleUploadedFile("v2.pdf", PDF + b"%v2"),
            },
        )

    agreement.refresh_from_db()
    assert agreement.document_name == "v2.pdf"
    assert not (media_root / old).exists()
    assert (media_root / agreement.document.name).read_bytes() == PDF + b"%v2"


def test_a_term_that_ends_before_it_starts_is_refused(client, world, sponsor):
    client.force_login(world.director)

    response = post_agreement(client, sponsor, content=None, ends_on="2025-06-30")

    assert response.context["form"].errors == {
        "ends_on": ["The term must end on or after the day it starts."]
    }


def test_liaison_reads_the_agreements_but_cannot_write_them(client, world, sponsor):
    agreement = make_agreement(world.organization, sponsor, ends_in=100)
    base = "/partners/keystone/agreements/"

    codes = {
        path: status_for(client, world, "liaison", path)
        for path in [
            base,
            f"{base}new/",
            f"{base}{agreement.pk}/edit/",
            f"{base}{agreement.pk}/renew/",
        ]
    }

    assert list(codes.values()) == [200, 403, 403, 403]


def test_the_signed_document_is_served_only_to_those_who_manage_the_partner(client, world, sponsor):
    client.force_login(world.director)
    post_agreement(client, sponsor)
    url = f"/agreements/{Agreement.objects.get().pk}/document/"

    codes = {
        role: status_for(client, world, role, url)
        for role in [
            "anonymous",
            "learner",
            "faculty_user",
            "other_liaison",
            "other_director",
            "liaison",
            "director",
            "staff",
        ]
    }
    client.force_login(world.liaison)
    response = client.get(url)
    body = b"".join(response.streaming_content)
    close_response(response)

    assert codes == {
        "anonymous": 302,
        "learner": 403,
        "faculty_user": 403,
        "other_liaison": 403,
        "other_director": 403,
        "liaison": 200,
        "director": 200,
        "staff": 200,
    }
    assert body == PDF
    assert response["Content-Disposition"] == 'attachment; filename="signed.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_director_renews_an_agreement_and_the_old_one_is_kept(client, world, sponsor):
    old = make_agreement(
        world.organization, sponsor, ends_in=20, partner_rooms=True, partner_faculty_hours=30
    )
    client.force_login(world.director)
    new_end = old.ends_on + timedelta(days=365)

    form = client.get(f"/partners/keystone/agreements/{old.pk}/renew/")
    response = client.post(
        f"/partners/keystone/agreements/{old.pk}/renew/",
        {
            "starts_on": (old.ends_on + timedelta(days=1)).isoformat(),
            "ends_on": new_end.isoformat(),
            "signed_on": timezone.localdate().isoformat(),
            "document": SimpleUploadedFile("renewal.pdf", PDF),
        },
    )
    again = client.post(
        f"/partners/keystone/agreements/{old.pk}/renew/",
        {"starts_on": "2030-01-01", "ends_on": "2030-12-31"},
    )

    renewal = Agreement.objects.get(renews=old)
    assert form.context["form"].initial["starts_on"] == old.ends_on + timedelta(days=1)
    assert response.status_code == 302
    assert (renewal.ends_on, renewal.partner_rooms, renewal.partner_faculty_hours) == (
        new_end,
        True,
        30,
    )
    assert renewal.document_name == "renewal.pdf"
    assert [status_of(old), status_of(renewal)] == ["ended", "active"]
    assert again.context["form"].non_field_errors() == ["This agreement has already been renewed."]
    assert Agreement.objects.count() == 2
    event = AuditEvent.objects.get(action="agreement.renewed")
    assert event.changes["term"][1] == f"{renewal.starts_on.isoformat()} – {new_end.isoformat()}"


# --- Reminders ----------------------------------------------------------------------------------


def test_reminders_go_60_and_14_days_before_the_end_once_each(
    world, sponsor, mailoutbox, django_capture_on_commit_callbacks
):
    start = date(2026, 3, 1)
    agreement = Agreement.objects.create(
        organization=world.organization,
        sponsor=sponsor,
        starts_on=date(2025, 7, 1),
        ends_on=start + timedelta(days=70),
        signed_on=date(2025, 6, 1),
    )
    sent_on = {}
    for offset in range(0, 71):
        today = start + timedelta(days=offset)
        before = len(mailoutbox)
        for _ in range(2):  # beat running twice on one day
            with django_capture_on_commit_callbacks(execute=True):
                send_agreement_reminders(today=today)
        if len(mailoutbox) > before:
            sent_on[today] = mailoutbox[before:]

    days_left = {(agreement.ends_on - day).days: len(msgs) for day, msgs in sent_on.items()}
    recipients = sorted(m.to[0] for msgs in sent_on.values() for m in msgs)
    assert days_left == {60: 2, 14: 2}
    assert recipients == sorted([world.liaison.email, world.director.email] * 2)
    assert sorted(AgreementReminder.objects.values_list("days_before", flat=True)) == [14, 60]
    assert "ends in 14 days" in mailoutbox[-1].body


def test_an_agreement_signed_late_gets_one_reminder_for_the_nearer_end(
    world, sponsor, mailoutbox, django_capture_on_commit_callbacks
):
    make_agreement(world.organization, sponsor, ends_in=10)

    with django_capture_on_commit_callbacks(execute=True):
        first = send_agreement_reminders(today=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        second = send_agreement_reminders(today=timezone.localdate())

    assert (first, second, len(mailoutbox)) == (1, 0, 2)
    assert "ends in 14 days" in mailoutbox[0].body
    assert sorted(AgreementReminder.objects.values_list("days_before", flat=True)) == [14, 60]


def test_drafts_and_renewed_agreements_are_not_reminded(world, sponsor):
    make_agreement(world.organization, sponsor, ends_in=14, signed=False)
    renewed = make_agreement(world.organization, sponsor, ends_in=14)
    make_agreement(world.organization, sponsor, ends_in=400, renews=renewed)

    assert send_agreement_reminders(today=timezone.localdate()) == 0


def test_reminder_beat_task_is_scheduled(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["partners-agreement-reminders"]
    assert schedule["task"] == "partners.send_agreement_reminders"


# --- Contacts -----------------------------------------------------------------------------------


def test_liaison_adds_a_contact_with_several_roles_shown_on_the_organization_page(client, world):
    client.force_login(world.liaison)

    response = client.post(
        "/partners/keystone/contacts/new/",
        {
            "name": "Ava Chen",
            "title": "Facilities Manager",
            "email": "ava@keystone.example.org",
            "phone": "555-0101",
            "av_contact": "on",
            "billing_contact": "on",
        },
    )
    duplicate = client.post(
        "/partners/keystone/contacts/new/", {"name": "Ava C.", "email": "AVA@keystone.example.org"}
    )
    page = client.get("/partners/keystone/")

    assert response.status_code == 302
    assert duplicate.context["form"].errors == {
        "email": ["This organization already has a contact with that email."]
    }
    assert [c.roles for c in page.context["contacts"]] == [["AV contact", "Billing contact"]]
    assert "AV contact, Billing contact" in page.content.decode()
    assert AuditEvent.objects.filter(action="contact.created").count() == 1


def test_contacts_with_role_finds_the_holders_of_a_role(world):
    Contact.objects.create(
        organization=world.organization, name="B", email="b@x.org", av_contact=True
    )
    Contact.objects.create(
        organization=world.organization,
        name="A",
        email="a@x.org",
        av_contact=True,
        billing_contact=True,
    )
    Contact.objects.create(organization=world.organization, name="C", email="c@x.org", liaison=True)
    Contact.objects.create(
        organization=world.other_organization, name="D", email="d@x.org", av_contact=True
    )

    av = [c.name for c in contacts_with_role(world.organization, Contact.Role.AV_CONTACT)]
    billing = [c.name for c in contacts_with_role(world.organization, "billing_contact")]

    assert (av, billing) == (["A", "B"], ["A"])
    with pytest.raises(ValueError, match="Unknown contact role"):
        contacts_with_role(world.organization, "chef")


def test_a_contact_is_removed_and_the_removal_audited(client, world):
    contact = Contact.objects.create(organization=world.organization, name="Bo", email="bo@x.org")
    client.force_login(world.director)

    client.post(f"/partners/keystone/contacts/{contact.pk}/delete/")

    assert Contact.objects.count() == 0
    assert AuditEvent.objects.get(action="contact.removed").changes == {
        "contact": ["Bo <bo@x.org>", None]
    }


def test_another_partners_liaison_cannot_edit_its_contacts(client, world):
    contact = Contact.objects.create(organization=world.organization, name="Bo", email="bo@x.org")

    code = status_for(
        client, world, "other_liaison", f"/partners/keystone/contacts/{contact.pk}/edit/"
    )

    assert code == 404
