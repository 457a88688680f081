"""Deleting a learner's account on request: personal data gone, answers kept under a code,
course statistics and the de-identified export unchanged; idempotent; site staff only."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from audit.models import AuditEvent
from privacy.models import DeletionRequest
from privacy.services import deidentify_learner, request_deletion
from reports.exports import response_table
from reports.selectors import course_report
from rotation.models import CalendarFeed, ExcusalLetter, Learner, User
from rotation.services.feeds import calendar_feed_for
from rotation.services.roster import withdraw_learner
from tests.factories import ProgramFactory, UserFactory
from tests.reports.seeding import seed_course

PERSONAL = [
    "Given0",
    "Family0000",
    "learner0@",
    "Internal Medicine",
    "Dr. Lee",
    "pd@example.org",
]


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.org", is_staff=True)


@pytest.fixture
def seeded(program):
    return seed_course(program, learners=6)


@pytest.fixture
def resident(seeded):
    """The first seeded learner, with an account, a calendar feed and a sent letter."""
    learner = seeded.learners[0]
    learner.user = UserFactory(email=learner.email, first_name="Given0", last_name="Family0000")
    learner.save()
    calendar_feed_for(user=learner.user)
    enrollment = learner.enrollments.get()
    ExcusalLetter.objects.create(enrollment=enrollment, status="sent", sent_to="pd@example.org")
    return learner


def row_text(*querysets) -> str:
    return repr([list(qs.values()) for qs in querysets])


def test_deletion_erases_the_personal_data_it_touches(resident, staff):
    user_pk = resident.user.pk
    before = row_text(Learner.objects.filter(pk=resident.pk))

    learner = deidentify_learner(learner=resident, erased_by=staff)

    after = row_text(
        Learner.objects.filter(pk=resident.pk),
        ExcusalLetter.objects.filter(enrollment__learner=resident),
        User.objects.filter(pk=user_pk),
        EmailAddress.objects.filter(user_id=user_pk),
        CalendarFeed.objects.filter(user_id=user_pk),
    )
    assert [value for value in PERSONAL if value in before] == PERSONAL
    assert [value for value in PERSONAL if value in after] == []
    assert User.objects.filter(pk=user_pk).exists() is False
    assert EmailAddress.objects.filter(email__iexact=resident.email).exists() is False
    assert (learner.first_name, learner.last_name[:2], len(learner.last_name)) == ("", "D-", 12)
    assert learner.email == f"{learner.last_name.lower()}@deidentified.invalid"
    assert learner.user_id is None
    assert learner.deidentified_at is not None


def test_deletion_rewrites_the_audit_events_that_name_the_learner(resident, staff, director):
    enrollment = resident.enrollments.get()
    withdraw_learner(enrollment=enrollment, actor=director)
    event = AuditEvent.objects.get(action="enrollment.withdrawn")
    assert "Given0" in event.target_label

    learner = deidentify_learner(learner=resident, erased_by=staff)

    event.refresh_from_db()
    events = row_text(AuditEvent.objects.all())
    assert [value for value in PERSONAL[:3] if value in events] == []
    assert (event.action, event.actor_label, event.target_label) == (
        "enrollment.withdrawn",
        director.email,
        f"{learner.last_name} in {enrollment.program}",
    )


def test_deletion_keeps_every_answer_and_evaluation(resident, staff):
    counts = (resident.responses.count(), resident.evaluations.count())

    learner = deidentify_learner(learner=resident, erased_by=staff)

    assert (learner.responses.count(), learner.evaluations.count()) == counts == (2, 2)


def test_course_statistics_are_identical_after_deletion(seeded, resident, staff):
    before = repr(course_report(program=seeded.program))

    deidentify_learner(learner=resident, erased_by=staff)

    assert repr(course_report(program=seeded.program)) == before


def test_the_deidentified_export_is_unchanged(seeded, resident, staff):
    before = response_table(program=seeded.program, identified=False)

    deidentify_learner(learner=resident, erased_by=staff)

    assert response_table(program=seeded.program, identified=False) == before


def test_the_identified_export_shows_the_code_instead_of_the_name(seeded, resident, staff):
    learner = deidentify_learner(learner=resident, erased_by=staff)

    header, rows = response_table(program=seeded.program, identified=True)

    named = [dict(zip(header, row, strict=True)) for row in rows]
    theirs = [row for row in named if row["email"] == learner.email]
    assert [(row["first_name"], row["last_name"]) for row in theirs] == [
        ("", learner.last_name),
        ("", learner.last_name),
    ]
    assert not any("Family0000" in repr(row) for row in rows)


def test_deleting_twice_is_harmless(resident, staff):
    first = deidentify_learner(learner=resident, erased_by=staff)

    second = deidentify_learner(learner=first, erased_by=staff)

    assert (second.last_name, second.deidentified_at) == (first.last_name, first.deidentified_at)
    assert Learner.objects.get(pk=resident.pk).last_name == first.last_name


def test_an_account_with_other_roles_is_left_alone(resident, staff):
    ProgramFactory(directors=[resident.user])

    with pytest.raises(ValidationError) as refusal:
        deidentify_learner(learner=resident, erased_by=staff)

    assert refusal.value.messages == [
        "This account is also used as course director; remove those roles first, then delete "
        "the learner's account."
    ]
    assert Learner.objects.get(pk=resident.pk).first_name == "Given0"


def test_a_failure_half_way_leaves_everything_as_it_was(resident, staff, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(User, "delete", fail)

    with pytest.raises(RuntimeError):
        deidentify_learner(learner=resident, erased_by=staff)

    stored = Learner.objects.get(pk=resident.pk)
    assert (stored.first_name, stored.deidentified_at, stored.user_id) == (
        "Given0",
        None,
        resident.user.pk,
    )
    assert ExcusalLetter.objects.get(enrollment__learner=resident).sent_to == "pd@example.org"


# --- Requests and pages -------------------------------------------------------------------------


def test_a_resident_asks_once_and_staff_see_the_request(client, resident, staff):
    client.force_login(resident.user)
    url = reverse("privacy:request_deletion")

    client.post(url)
    client.post(url)
    client.force_login(staff)
    listing = client.get(reverse("privacy:deletion_requests"))

    assert DeletionRequest.objects.filter(learner=resident).count() == 1
    assert [r.learner for r in listing.context["requests"]] == [resident]


def test_the_confirmation_page_says_what_will_happen(client, resident, staff):
    client.force_login(staff)

    page = client.get(reverse("privacy:learner_delete", args=[resident.pk])).content.decode()

    assert "This cannot be undone." in page
    assert "are kept under a random code" in page


def test_staff_delete_from_the_page_and_the_request_is_completed(client, resident, staff):
    request_deletion(learner=resident)
    client.force_login(staff)

    response = client.post(reverse("privacy:learner_delete", args=[resident.pk]))

    assert response["Location"] == reverse("privacy:deletion_requests")
    deletion = DeletionRequest.objects.get(learner=resident)
    assert (deletion.completed_by, deletion.completed_at is not None) == (staff, True)
    assert Learner.objects.get(pk=resident.pk).deidentified_at is not None


@pytest.mark.parametrize("who", ["the resident", "director", "anonymous"])
def test_only_staff_may_delete_an_account(client, resident, director, who):
    if who == "the resident":
        client.force_login(resident.user)
    elif who == "director":
        client.force_login(director)
    url = reverse("privacy:learner_delete", args=[resident.pk])

    page, post = client.get(url), client.post(url)

    expected = 302 if who == "anonymous" else 403
    assert (page.status_code, post.status_code) == (expected, expected)
    assert Learner.objects.get(pk=resident.pk).deidentified_at is None


def test_the_deletion_requests_page_is_for_staff_only(client, resident):
    client.force_login(resident.user)

    response = client.get(reverse("privacy:deletion_requests"))

    assert response.status_code == 403


def test_the_admin_links_each_learner_to_export_and_deletion(client, resident):
    request_deletion(learner=resident)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    learners = client.get(reverse("admin:rotation_learner_changelist")).content.decode()
    requests = client.get(reverse("admin:privacy_deletionrequest_changelist")).content.decode()

    export = reverse("privacy:learner_export", args=[resident.pk])
    delete = reverse("privacy:learner_delete", args=[resident.pk])
    assert f'<a href="{export}">Export</a> · <a href="{delete}">Delete…</a>' in learners
    assert f'<a href="{delete}">Delete the account…</a>' in requests


def test_an_account_other_records_protect_is_refused_with_a_message(resident, staff, monkeypatch):
    letter = ExcusalLetter.objects.get(enrollment__learner=resident)

    def protected(user):
        raise ProtectedError("protected", {letter})

    monkeypatch.setattr(User, "delete", protected)

    with pytest.raises(ValidationError) as refusal:
        deidentify_learner(learner=resident, erased_by=staff)

    assert refusal.value.messages == [
        "The account is still referred to by excusal letters; nothing was deleted."
    ]
    assert Learner.objects.get(pk=resident.pk).first_name == "Given0"
