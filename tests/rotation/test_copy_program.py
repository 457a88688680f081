"""Copying a program to next year: the preview names every conflict, the copy is a new draft
in one transaction (audited), with rooms and faculty as proposals and the instruments copied."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Administration, EvaluationSettings, Instrument
from audit.models import AuditEvent
from partners.models import RoomBlackout
from rotation.models import Program, ProgramPartner, SeminarSession, SessionFaculty, Topic
from rotation.services import copying
from rotation.services.copying import CopyPart, copy_program, plan_program_copy
from rotation.services.scheduling import schedule_session, schedule_warnings
from tests.assessments.factories import build_instrument
from tests.factories import (
    FacultyMemberFactory,
    MeetingRoomFactory,
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
    TopicFactory,
    UserFactory,
)

# A Monday; the copy defaults to 52 weeks later, Monday 6 Dec 2027.
FIRST_DAY = date(2026, 12, 7)
NEXT_YEAR = FIRST_DAY + timedelta(weeks=52)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def source(db):
    director = UserFactory(email="diane@example.org")
    program = ProgramFactory(
        name="Concentrated Mini-Rotation",
        academic_year="2026-2027",
        start_date=FIRST_DAY,
        end_date=FIRST_DAY + timedelta(days=2),
        goals="Navigate the health system.",
        directors=[director],
    )
    ProgramPartner.objects.create(
        program=program, organization=OrganizationFactory(name="Lakeview Health"), role="host"
    )
    topic = TopicFactory(program=program, title="Quality", sbp_competencies=["safety_quality"])
    lead, panelist = FacultyMemberFactory(last_name="Lead"), FacultyMemberFactory(last_name="Pan")
    for day, title in ((0, "Quality"), (2, "Population health")):
        session = SeminarSessionFactory(
            program=program,
            title=title,
            topic=topic if day == 0 else None,
            starts_at=at(FIRST_DAY + timedelta(days=day), 9),
            ends_at=at(FIRST_DAY + timedelta(days=day), 10, 30),
            status="published",
            room=MeetingRoomFactory(name=f"Room {title}"),
        )
        SessionFacultyFactory(session=session, faculty_member=lead, confirmation="confirmed")
        if day == 0:
            SessionFacultyFactory(
                session=session, faculty_member=panelist, role="panelist", confirmation="confirmed"
            )
    instrument = build_instrument(program, knowledge=2, attitude=1, free_text=0)
    for kind, opens in (("pre", -14), ("post", 3), ("follow_up_6", 180)):
        Administration.objects.create(
            instrument=instrument,
            kind=kind,
            opens_at=at(FIRST_DAY + timedelta(days=opens), 8),
            closes_at=at(FIRST_DAY + timedelta(days=opens + 7), 8),
            includes_retrospective=kind == "post",
            reminder_days=[3, 1],
        )
    EvaluationSettings.objects.create(
        program=program, session_open_days=5, is_anonymous_to_directors=True
    )
    return program


def test_copy_is_a_draft_with_the_pattern_moved_by_whole_weeks(source):
    director = source.directors.get()

    copy = copy_program(
        source=source,
        name="Concentrated Mini-Rotation",
        academic_year="2027-2028",
        start_date=NEXT_YEAR,
        actor=director,
    )

    assert (copy.start_date, copy.end_date) == (NEXT_YEAR, NEXT_YEAR + timedelta(days=2))
    assert copy.goals == "Navigate the health system."
    assert list(copy.directors.all()) == [director]
    assert [(p.organization.name, p.role) for p in copy.partnerships.all()] == [
        ("Lakeview Health", "host")
    ]
    assert list(copy.topics.values_list("title", "sbp_competencies")) == [
        ("Quality", ["safety_quality"])
    ]
    sessions = list(copy.sessions.order_by("starts_at"))
    assert [(s.title, timezone.localtime(s.starts_at), s.status) for s in sessions] == [
        ("Quality", at(NEXT_YEAR, 9), "draft"),
        ("Population health", at(NEXT_YEAR + timedelta(days=2), 9), "draft"),
    ]
    assert sessions[0].topic == copy.topics.get()
    assert [(s.room.name, s.is_room_proposed) for s in sessions] == [
        ("Room Quality", True),
        ("Room Population health", True),
    ]
    assert list(
        SessionFaculty.objects.filter(session__program=copy)
        .order_by("session__starts_at", "role")
        .values_list("faculty_member__last_name", "role", "confirmation")
    ) == [("Lead", "lead", "pending"), ("Pan", "panelist", "pending"), ("Lead", "lead", "pending")]


def test_copy_brings_instruments_windows_and_evaluation_settings(source):
    copy = copy_program(
        source=source,
        name="Next",
        academic_year="2027-2028",
        start_date=NEXT_YEAR,
        actor=source.directors.get(),
    )

    instrument = Instrument.objects.get(program=copy)
    original = Instrument.objects.get(program=source)
    assert (instrument.version, instrument.is_current) == (1, True)
    assert list(instrument.items.values_list("kind", "text")) == list(
        original.items.values_list("kind", "text")
    )
    assert list(
        instrument.administrations.order_by("opens_at").values_list(
            "kind", "opens_at", "includes_retrospective", "reminder_days"
        )
    ) == [
        ("pre", at(NEXT_YEAR - timedelta(days=14), 8), False, [3, 1]),
        ("post", at(NEXT_YEAR + timedelta(days=3), 8), True, [3, 1]),
        ("follow_up_6", at(NEXT_YEAR + timedelta(days=180), 8), False, [3, 1]),
    ]
    settings = EvaluationSettings.objects.get(program=copy)
    assert (settings.session_open_days, settings.is_anonymous_to_directors) == (5, True)


def test_copy_is_audited(source):
    director = source.directors.get()
    copy = copy_program(
        source=source, name="Next", academic_year="2027-2028", start_date=NEXT_YEAR, actor=director
    )

    event = AuditEvent.objects.get(action="program.copied")
    assert (event.actor, event.program, event.target_id) == (director, copy, str(copy.pk))
    assert event.changes == {
        "copied from": [None, "Concentrated Mini-Rotation (2026-2027)"],
        "sessions": [None, 2],
        "left out (conflicts)": [None, 0],
    }


def test_a_start_date_that_is_not_the_same_weekday_moves_to_the_next_one(source):
    # Wednesday 1 Dec 2027: the Monday pattern starts Monday 6 Dec 2027.
    plan = plan_program_copy(
        source=source, name="Next", academic_year="2027-2028", start_date=date(2027, 12, 1)
    )

    assert (plan.weeks, plan.start_date) == (52, NEXT_YEAR)


def test_the_copy_must_start_after_the_original_ends(source):
    with pytest.raises(ValidationError) as error:
        plan_program_copy(
            source=source, name="Next", academic_year="2027-2028", start_date=FIRST_DAY
        )

    assert error.value.messages == [
        "The copy must start after Concentrated Mini-Rotation ends (9 Dec 2026)."
    ]


@pytest.fixture
def taken(source):
    """Next year, the first session's room is booked by another program, its lead teaches
    elsewhere at that time, and the second session's room is closed that day."""
    first = source.sessions.get(title="Quality")
    second = source.sessions.get(title="Population health")
    other = SeminarSessionFactory(
        program=ProgramFactory(name="Other course"),
        title="Board retreat",
        room=first.room,
        starts_at=at(NEXT_YEAR, 9, 30),
        ends_at=at(NEXT_YEAR, 11),
    )
    SessionFacultyFactory(
        session=SeminarSessionFactory(
            program=other.program,
            title="Grand rounds",
            starts_at=at(NEXT_YEAR, 8),
            ends_at=at(NEXT_YEAR, 9, 15),
        ),
        faculty_member=first.faculty.get(last_name="Lead"),
    )
    RoomBlackout.objects.create(
        room=second.room, date=NEXT_YEAR + timedelta(days=2), reason="Renovation"
    )
    return first


def test_preview_names_each_conflict_and_warning(taken, source):
    plan = plan_program_copy(
        source=source, name="Next", academic_year="2027-2028", start_date=NEXT_YEAR
    )
    lead = taken.faculty.get(last_name="Lead")

    first, second = plan.sessions
    assert first.conflicts == [
        f"{lead} already teaches at that time: “Grand rounds” (Mon 6 Dec 2027, 08:00–09:15). "
        f"{lead} is left out: ask someone else.",
        f"{taken.room} is already booked at that time: “Board retreat” (Mon 6 Dec 2027, "
        f"09:30–11:00). {taken.room} is left out: choose another room.",
    ]
    assert [str(member) for member, _role in first.kept_faculty] == [
        str(taken.faculty.get(last_name="Pan"))
    ]
    assert second.conflicts == []
    assert second.warnings == ["Room Population health is closed on Wed 8 Dec 2027 (Renovation)."]
    assert (plan.conflict_count, plan.warning_count) == (2, 1)
    assert Program.objects.count() == 2  # the preview wrote nothing


def test_saving_leaves_the_conflicting_room_and_faculty_out(taken, source):
    copy = copy_program(
        source=source,
        name="Next",
        academic_year="2027-2028",
        start_date=NEXT_YEAR,
        actor=source.directors.get(),
    )

    first = copy.sessions.get(title="Quality")
    assert (first.room, first.is_room_proposed) == (None, False)
    assert list(first.faculty.values_list("last_name", flat=True)) == ["Pan"]
    second = copy.sessions.get(title="Population health")
    assert (second.room.name, second.is_room_proposed) == ("Room Population health", True)
    assert AuditEvent.objects.get(action="program.copied").changes["left out (conflicts)"] == [
        None,
        2,
    ]


def test_faculty_no_longer_in_the_pool_are_not_proposed(source):
    lead = source.sessions.get(title="Quality").faculty.get(last_name="Lead")
    lead.recruitment_status = "inactive"
    lead.save()

    plan = plan_program_copy(
        source=source, name="Next", academic_year="2027-2028", start_date=NEXT_YEAR
    )

    assert plan.sessions[1].conflicts == [
        f"{lead} is inactive in the faculty pool, so is left out: ask someone else."
    ]
    assert plan.sessions[1].kept_faculty == []


def test_a_failing_part_leaves_nothing_half_copied(source, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError("The instrument bank is closed.")

    parts = [*copying.PROGRAM_COPY_PARTS, CopyPart(describe=lambda **kw: [], copy=refuse)]
    monkeypatch.setattr(copying, "PROGRAM_COPY_PARTS", parts)
    counts = (Program.objects.count(), Topic.objects.count(), SeminarSession.objects.count())

    with pytest.raises(ValidationError):
        copy_program(
            source=source,
            name="Next",
            academic_year="2027-2028",
            start_date=NEXT_YEAR,
            actor=source.directors.get(),
        )

    assert (Program.objects.count(), Topic.objects.count(), SeminarSession.objects.count()) == (
        counts
    )
    assert Instrument.objects.count() == 1
    copied = AuditEvent.objects.filter(action__in=["program.copied", "instrument.copied"])
    assert copied.count() == 0


def test_a_proposed_room_warns_until_the_session_is_saved(source):
    copy = copy_program(
        source=source,
        name="Next",
        academic_year="2027-2028",
        start_date=NEXT_YEAR,
        actor=source.directors.get(),
    )
    session = copy.sessions.get(title="Population health")
    carried = f"{session.room} was carried over from last year: confirm it with the host."
    assert carried in schedule_warnings(program=copy, sessions=[session])[session.pk]

    schedule_session(
        program=copy,
        session=session,
        title=session.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room=session.room,
    )

    session.refresh_from_db()
    assert session.is_room_proposed is False
    assert carried not in schedule_warnings(program=copy, sessions=[session]).get(session.pk, [])


def test_page_previews_then_saves_and_lands_on_the_new_program(client, taken, source):
    client.force_login(source.directors.get())
    url = reverse("rotation:program_copy", args=[source.slug])
    form = {"name": "Concentrated Mini-Rotation", "academic_year": "2027-2028"}

    page = client.get(url)
    assert page.context["form"].initial == {**form, "start_date": NEXT_YEAR}

    preview = client.post(url, {**form, "start_date": "2027-12-06", "action": "preview"})
    assert preview.status_code == 200
    assert preview.context["plan"].conflict_count == 2
    assert Program.objects.count() == 2

    saved = client.post(url, {**form, "start_date": "2027-12-06", "action": "save"})
    copy = Program.objects.get(academic_year="2027-2028", name="Concentrated Mini-Rotation")
    assert saved.status_code == 302
    assert saved["Location"] == reverse("rotation:program_home", args=[copy.slug])


def test_page_keeps_what_was_typed_and_says_what_is_wrong(client, source):
    client.force_login(source.directors.get())
    url = reverse("rotation:program_copy", args=[source.slug])

    response = client.post(
        url, {"name": "Next", "academic_year": "2027", "start_date": "2026-12-08", "action": "save"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "academic_year": ["Write the academic year as two consecutive years: 2026-2027."]
    }
    assert response.context["form"]["name"].value() == "Next"
    response = client.post(
        url,
        {
            "name": "Next",
            "academic_year": "2027-2028",
            "start_date": "2026-12-08",
            "action": "save",
        },
    )
    assert response.context["form"].non_field_errors() == [
        "The copy must start after Concentrated Mini-Rotation ends (9 Dec 2026)."
    ]
    assert Program.objects.count() == 1
