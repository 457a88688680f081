"""Patient and family partners as a role: their profile, co-teaching beside the faculty, the
orientation checklist and honoraria, who may see and change each, and the archive guard."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from planning.models import CoTeaching, Honorarium, OrientationCompletion, PatientPartnerProfile
from planning.patients import services
from planning.patients.selectors import DEFAULT_ORIENTATION, co_teachers_by_session
from rotation.models import ProgramPartner
from rotation.services.programs import ProgramArchived, archive_program
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    UserFactory,
)
from tests.pdf import pdf_text
from tests.planning.factories import (
    CoTeachingFactory,
    PatientFeedbackFactory,
    PatientPartnerFactory,
)

pytestmark = pytest.mark.django_db

PROFILE = {
    "lived_experience": "Cared for my mother through two discharges.",
    "ways_to_take_part": ["co_teaching", "feedback"],
    "organization_name": "Patient and Family Advisory Council",
    "preferred_contact": "email",
    "phone": "",
    "contact_notes": "Afternoons",
}


def partner_url(world, patient, tail=""):
    return f"/programs/{world.program.slug}/planning/patient-partners/{patient.member.pk}/{tail}"


# --- Profile ------------------------------------------------------------------------------------


def test_a_patient_partner_writes_her_own_profile(client, world, patient):
    client.force_login(patient.user)

    response = client.post(partner_url(world, patient, "profile/"), PROFILE)

    profile = PatientPartnerProfile.objects.get(member=patient.member)
    event = AuditEvent.objects.get(action="patient_partner.profile_saved")
    assert (response.status_code, response.url) == (302, partner_url(world, patient))
    assert (profile.ways_to_take_part, profile.organization_name) == (
        ["co_teaching", "feedback"],
        "Patient and Family Advisory Council",
    )
    assert (event.actor, event.program, event.changes["ways_to_take_part"]) == (
        patient.user,
        world.program,
        [None, ["co_teaching", "feedback"]],
    )
    page = client.get(partner_url(world, patient)).content.decode()
    assert "Co-teaching sessions, Feedback to learners" in page


def test_a_director_edits_the_profile_and_only_changes_are_recorded(client, world, patient):
    services.save_patient_profile(member=patient.member, saved_by=patient.user, **PROFILE)
    client.force_login(world.director)

    client.post(partner_url(world, patient, "profile/"), {**PROFILE, "contact_notes": "Mornings"})

    events = AuditEvent.objects.filter(action="patient_partner.profile_saved").order_by("pk")
    assert events.count() == 2
    assert (events.last().actor, events.last().changes) == (
        world.director,
        {"contact_notes": ["Afternoons", "Mornings"]},
    )


def test_a_phone_contact_needs_a_phone_number_and_nothing_is_saved(client, world, patient):
    client.force_login(patient.user)

    response = client.post(
        partner_url(world, patient, "profile/"), {**PROFILE, "preferred_contact": "text"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "phone": ["Give a phone number for calls or text messages."]
    }
    assert PatientPartnerProfile.objects.count() == 0


@pytest.mark.parametrize("who", ["liaison", "resident", "other_patient", "other_director"])
def test_nobody_else_sees_or_edits_a_patient_partners_page(client, world, patient, who):
    other_patient = PatientPartnerFactory(program=world.program, user=UserFactory())
    other_director = UserFactory()
    ProgramFactory().directors.add(other_director)
    users = {
        "liaison": world.liaison,
        "resident": world.resident,
        "other_patient": other_patient.user,
        "other_director": other_director,
    }
    client.force_login(users[who])

    answers = [
        client.get(partner_url(world, patient)).status_code,
        client.post(partner_url(world, patient, "profile/"), PROFILE).status_code,
    ]

    assert answers == [403, 403]
    assert PatientPartnerProfile.objects.count() == 0


def test_a_team_member_who_is_not_a_patient_partner_has_no_such_page(client, world):
    client.force_login(world.director)

    response = client.get(
        f"/programs/{world.program.slug}/planning/patient-partners/{world.liaison_member.pk}/"
    )

    assert response.status_code == 404


# --- Co-teaching --------------------------------------------------------------------------------


def test_a_director_assigns_a_patient_partner_to_a_session(client, world, patient):
    client.force_login(world.director)

    response = client.post(
        partner_url(world, patient, "co-teaching/"),
        {"session": patient.session.pk, "contribution": "shares her story"},
    )

    assignment = CoTeaching.objects.get()
    event = AuditEvent.objects.get(action="patient_partner.co_teaching_assigned")
    assert (response.status_code, response.url) == (302, partner_url(world, patient))
    assert (assignment.session, assignment.member, assignment.assigned_by) == (
        patient.session,
        patient.member,
        world.director,
    )
    assert (event.target_label, event.changes["contribution"]) == (
        "Rosa Delgado (Patient or family partner)",
        [None, "shares her story"],
    )


def test_assigning_the_same_session_twice_is_refused_with_a_message(client, world, patient):
    CoTeachingFactory(member=patient.member, session=patient.session)
    client.force_login(world.director)

    response = client.post(
        partner_url(world, patient, "co-teaching/"),
        {"session": patient.session.pk, "contribution": "again"},
    )

    assert response.status_code == 200
    assert response.context["co_teaching_form"].non_field_errors() == [
        "Rosa Delgado co-teaches “Partnering with patients” already."
    ]
    assert CoTeaching.objects.count() == 1


def test_a_session_of_another_program_or_a_cancelled_one_is_refused(world, patient):
    elsewhere = SeminarSessionFactory(status="published")
    cancelled = SeminarSessionFactory(program=world.program, status="cancelled", title="Off")

    with pytest.raises(ValidationError) as other:
        services.assign_co_teaching(
            session=elsewhere, member=patient.member, contribution="x", assigned_by=world.director
        )
    with pytest.raises(ValidationError) as off:
        services.assign_co_teaching(
            session=cancelled, member=patient.member, contribution="x", assigned_by=world.director
        )

    assert (other.value.messages, off.value.messages) == (
        ["Choose a session of this program."],
        ["“Off” is cancelled."],
    )
    assert CoTeaching.objects.count() == 0


def test_the_partner_is_shown_beside_the_faculty_everywhere_the_session_is(client, world, patient):
    services.assign_co_teaching(
        session=patient.session,
        member=patient.member,
        contribution="shares her story",
        assigned_by=world.director,
    )
    EnrollmentFactory(program=world.program, learner=world.resident.learner_profile)
    line = 'Rosa Delgado <span class="muted">(patient or family partner: shares her story)</span>'

    client.force_login(world.director)
    schedule = client.get(f"/programs/{world.program.slug}/schedule/").content.decode()
    printed = client.get(f"/programs/{world.program.slug}/schedule/print/").content.decode()
    plan = client.get(f"/programs/{world.program.slug}/planning/").content.decode()
    client.force_login(world.resident)
    my_rotation = client.get("/my-rotation/").content.decode()
    session_page = client.get(f"/sessions/{patient.session.pk}/materials/").content.decode()
    client.force_login(patient.user)
    own_plan = client.get(f"/programs/{world.program.slug}/planning/").content.decode()

    assert [line in page for page in (schedule, printed, plan)] == [True, True, True]
    card = '<strong>Rosa Delgado</strong> <span class="muted">(patient or family partner)</span>'
    assert [card in page for page in (my_rotation, session_page)] == [True, True]
    assert ["Shares her story" in page for page in (my_rotation, session_page)] == [True, True]
    assert "Sessions you co-teach" in own_plan
    assert "<strong>Partnering with patients</strong>" in own_plan


def test_removing_an_assignment_with_feedback_is_refused(client, world, patient):
    assignment = CoTeachingFactory(member=patient.member, session=patient.session)
    PatientFeedbackFactory(co_teaching=assignment)
    client.force_login(world.director)

    response = client.post(partner_url(world, patient, f"co-teaching/{assignment.pk}/remove/"))

    assert response.status_code == 302
    assert CoTeaching.objects.count() == 1
    page = client.get(response.url).content.decode()
    assert "Rosa Delgado gave feedback on “Partnering with patients”: the assignment stays." in page


def test_removing_an_assignment_without_feedback_is_audited(client, world, patient):
    assignment = CoTeachingFactory(member=patient.member, session=patient.session)
    client.force_login(world.director)

    client.post(partner_url(world, patient, f"co-teaching/{assignment.pk}/remove/"))

    assert CoTeaching.objects.count() == 0
    assert AuditEvent.objects.get(action="patient_partner.co_teaching_removed").changes == {
        "session": [str(patient.session), None]
    }


# --- Orientation --------------------------------------------------------------------------------


def test_a_director_starts_from_the_default_checklist_and_records_progress(client, world, patient):
    client.force_login(world.director)
    client.post(f"/programs/{world.program.slug}/planning/orientation/", {"defaults": "1"})
    items = list(world.program.orientation_items.all())
    done_on = timezone.localdate() - timedelta(days=2)

    client.post(
        partner_url(world, patient, "orientation/"),
        {"completed": [items[0].pk, items[3].pk], "completed_on": done_on.isoformat()},
    )

    assert [item.title for item in items] == DEFAULT_ORIENTATION
    assert sorted(
        OrientationCompletion.objects.values_list("item__title", "completed_on", "recorded_by")
    ) == [
        (DEFAULT_ORIENTATION[0], done_on, world.director.pk),
        (DEFAULT_ORIENTATION[3], done_on, world.director.pk),
    ]
    client.force_login(patient.user)
    page = client.get(partner_url(world, patient)).content.decode()
    assert f'{DEFAULT_ORIENTATION[0]} <span class="muted">— completed' in page
    assert f'{DEFAULT_ORIENTATION[1]} <span class="muted">— not yet' in page
    assert 'name="completed"' not in page  # read-only for the partner


def test_unticking_an_item_undoes_it_and_the_partner_cannot_record(client, world, patient):
    items = services.use_default_orientation(program=world.program, by=world.director)
    services.record_orientation(
        member=patient.member,
        completed_item_ids={items[0].pk, items[1].pk},
        completed_on=timezone.localdate(),
        recorded_by=world.director,
    )
    client.force_login(patient.user)
    refused = client.post(
        partner_url(world, patient, "orientation/"),
        {"completed": [i.pk for i in items], "completed_on": timezone.localdate().isoformat()},
    )
    client.force_login(world.director)

    client.post(
        partner_url(world, patient, "orientation/"),
        {"completed": [items[1].pk], "completed_on": timezone.localdate().isoformat()},
    )

    assert refused.status_code == 403
    assert list(OrientationCompletion.objects.values_list("item__title", flat=True)) == [
        DEFAULT_ORIENTATION[1]
    ]


def test_a_completion_date_in_the_future_is_refused(world, patient):
    items = services.use_default_orientation(program=world.program, by=world.director)

    with pytest.raises(ValidationError) as error:
        services.record_orientation(
            member=patient.member,
            completed_item_ids={items[0].pk},
            completed_on=timezone.localdate() + timedelta(days=1),
            recorded_by=world.director,
        )

    assert error.value.messages == ["The completion date cannot be in the future."]
    assert OrientationCompletion.objects.count() == 0


def test_directors_edit_the_checklist_but_a_completed_item_stays(client, world, patient):
    client.force_login(world.director)
    url = f"/programs/{world.program.slug}/planning/orientation/"
    client.post(url, {"title": "  Parking   and travel "})
    duplicate = client.post(url, {"title": "parking and travel"})
    item = world.program.orientation_items.get()
    services.record_orientation(
        member=patient.member,
        completed_item_ids={item.pk},
        completed_on=timezone.localdate(),
        recorded_by=world.director,
    )

    response = client.post(f"{url}{item.pk}/remove/")

    assert item.title == "Parking and travel"
    assert duplicate.context["form"].non_field_errors() == [
        "“parking and travel” is on the checklist already."
    ]
    assert world.program.orientation_items.count() == 1
    assert "has been completed by a partner already" in client.get(response.url).content.decode()


# --- Honoraria ----------------------------------------------------------------------------------


def test_a_director_records_an_honorarium_which_only_directors_see(client, world, patient):
    client.force_login(world.director)

    response = client.post(
        partner_url(world, patient, "honoraria/"),
        {"amount": "150.00", "paid_on": "2026-10-20", "note": "First session"},
    )

    honorarium = Honorarium.objects.get()
    assert response.status_code == 302
    assert (honorarium.amount, honorarium.paid_on, honorarium.recorded_by) == (
        Decimal("150.00"),
        date(2026, 10, 20),
        world.director,
    )
    assert AuditEvent.objects.get(action="patient_partner.honorarium_recorded").changes == {
        "amount": [None, "150.00"],
        "paid_on": [None, "2026-10-20"],
    }
    assert "150.00" in client.get(partner_url(world, patient)).content.decode()
    client.force_login(patient.user)
    own_page = client.get(partner_url(world, patient)).content.decode()
    assert ("Honoraria" in own_page, "150.00" in own_page) == (False, False)
    refused = client.post(
        partner_url(world, patient, "honoraria/"), {"amount": "99", "paid_on": "2026-10-21"}
    )
    assert (refused.status_code, Honorarium.objects.count()) == (403, 1)


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1e309", "12345678901"])
def test_a_bad_amount_gets_a_message_and_nothing_is_stored(client, world, patient, amount):
    client.force_login(world.director)

    response = client.post(
        partner_url(world, patient, "honoraria/"), {"amount": amount, "paid_on": "2026-10-20"}
    )

    assert response.status_code == 200
    assert list(response.context["honorarium_form"].errors) == ["amount"]
    assert Honorarium.objects.count() == 0


# --- The archive guard --------------------------------------------------------------------------


def test_an_archived_program_refuses_every_patient_partner_write(world, patient):
    assignment = CoTeachingFactory(member=patient.member, session=patient.session)
    items = services.use_default_orientation(program=world.program, by=world.director)
    archive_program(program=world.program)
    patient.member.program.refresh_from_db()
    attempts = [
        lambda: services.save_patient_profile(
            member=patient.member, saved_by=patient.user, **PROFILE
        ),
        lambda: services.assign_co_teaching(
            session=SeminarSessionFactory(program=world.program, status="published"),
            member=patient.member,
            contribution="x",
            assigned_by=world.director,
        ),
        lambda: services.remove_co_teaching(assignment=assignment, removed_by=world.director),
        lambda: services.use_default_orientation(program=world.program, by=world.director),
        lambda: services.add_orientation_item(program=world.program, title="x", by=world.director),
        lambda: services.remove_orientation_item(item=items[0], by=world.director),
        lambda: services.record_orientation(
            member=patient.member,
            completed_item_ids={items[0].pk},
            completed_on=timezone.localdate(),
            recorded_by=world.director,
        ),
        lambda: services.record_honorarium(
            member=patient.member,
            amount=Decimal(10),
            paid_on=timezone.localdate(),
            note="",
            recorded_by=world.director,
        ),
    ]

    refused = 0
    for attempt in attempts:
        with pytest.raises(ProgramArchived):
            attempt()
        refused += 1

    assert refused == 8
    assert (CoTeaching.objects.count(), OrientationCompletion.objects.count()) == (1, 0)
    assert (Honorarium.objects.count(), PatientPartnerProfile.objects.count()) == (0, 0)


def test_an_archived_programs_partner_page_has_no_forms(client, world, patient):
    archive_program(program=world.program)
    client.force_login(world.director)

    page = client.get(partner_url(world, patient)).content.decode()

    assert ("/co-teaching/" in page, "/honoraria/" in page, "Edit the profile" in page) == (
        False,
        False,
        False,
    )
    assert '/orientation/"' not in page


# --- Lists at a constant number of queries ------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 5])
def test_the_patient_partners_overview_uses_a_constant_number_of_queries(
    client, world, rows, django_assert_num_queries
):
    for _ in range(rows):
        assignment = CoTeachingFactory(member__program=world.program)
        PatientFeedbackFactory(co_teaching=assignment)
        services.save_patient_profile(member=assignment.member, saved_by=None, **PROFILE)
        Honorarium.objects.create(member=assignment.member, amount=10, paid_on=timezone.localdate())
    client.force_login(world.director)

    # 3 for the session, the user with their roles and the program with whether the user
    # directs it; 1 for the partners, 1 for their honoraria, 1 for the checklist, 1 for the
    # feedback.
    with django_assert_num_queries(7):
        response = client.get(f"/programs/{world.program.slug}/planning/patient-partners/")

    assert len(response.context["partners"]) == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_a_partners_page_uses_a_constant_number_of_queries(
    client, world, patient, rows, django_assert_num_queries
):
    items = services.use_default_orientation(program=world.program, by=world.director)
    services.record_orientation(
        member=patient.member,
        completed_item_ids={items[0].pk},
        completed_on=timezone.localdate(),
        recorded_by=world.director,
    )
    for _ in range(rows):
        PatientFeedbackFactory(co_teaching__member=patient.member)
        Honorarium.objects.create(member=patient.member, amount=10, paid_on=timezone.localdate())
    client.force_login(world.director)

    # 3 for the session, the user with their roles and the program with whether the user
    # directs it (the permissions ask nothing more); 1 for the partner, 2 for the orientation,
    # 1 for the sessions with their feedback, 1 for the honoraria, 1 for the sessions to assign.
    with django_assert_num_queries(9):
        response = client.get(partner_url(world, patient))

    assert len(response.context["assignments"]) == rows


def test_the_overview_shows_the_partners_progress(client, world, patient):
    items = services.use_default_orientation(program=world.program, by=world.director)
    services.record_orientation(
        member=patient.member,
        completed_item_ids={items[0].pk, items[1].pk},
        completed_on=timezone.localdate(),
        recorded_by=world.director,
    )
    CoTeachingFactory(member=patient.member, session=patient.session)
    Honorarium.objects.create(
        member=patient.member, amount=Decimal("75.50"), paid_on=timezone.localdate()
    )
    Honorarium.objects.create(
        member=patient.member, amount=Decimal("24.50"), paid_on=timezone.localdate()
    )
    client.force_login(world.director)

    response = client.get(f"/programs/{world.program.slug}/planning/patient-partners/")

    row = response.context["partners"][0]
    assert (row.name, row.session_count, row.orientation_done, row.honoraria_total) == (
        "Rosa Delgado",
        1,
        2,
        Decimal("100.00"),
    )
    assert '<span class="cell-label">Orientation</span>2 of 6</td>' in response.content.decode()


def test_an_organization_partner_program_is_not_needed_for_a_patient_partner(world):
    """A patient partner need not speak for an organization of the program."""
    org = OrganizationFactory(kind="community")
    ProgramPartner.objects.create(program=world.program, organization=org, role="content")
    member = PatientPartnerFactory(program=world.program, organization=None, user=None)
    LearnerFactory()

    profile = services.save_patient_profile(member=member, saved_by=None, **PROFILE)

    assert profile.member.organization is None


@pytest.mark.parametrize(
    ("plain", "shown"),
    [
        (True, [("Rosa Delgado", "shares her story")]),
        (False, [("Rosa Delgado", "shares her story", "Family Council")]),
    ],
)
def test_co_teachers_by_session_read_what_the_lines_or_the_cards_show_in_one_query(
    world, patient, plain, shown, django_assert_num_queries
):
    patient.member.organization = OrganizationFactory(name="Family Council", kind="community")
    patient.member.save()
    services.assign_co_teaching(
        session=patient.session,
        member=patient.member,
        contribution="shares her story",
        assigned_by=world.director,
    )

    with django_assert_num_queries(1):
        found = co_teachers_by_session(sessions=[patient.session], plain=plain)[patient.session.pk]
        rows = [
            (a.member.name, a.contribution)
            if plain
            else (a.member.name, a.contribution, a.member.organization.name)
            for a in found
        ]

    assert rows == shown


def test_the_printed_schedule_pdf_names_the_patient_partner_beside_the_faculty(
    client, world, patient
):
    services.assign_co_teaching(
        session=patient.session,
        member=patient.member,
        contribution="shares her story",
        assigned_by=world.director,
    )
    client.force_login(world.director)

    response = client.get(f"/programs/{world.program.slug}/schedule/print/?format=pdf")

    text = " ".join(pdf_text(response.content, layout=False, raw=True).split())
    assert response["Content-Type"] == "application/pdf"
    assert "Rosa Delgado (patient or family partner: shares her story)" in text
