"""Teaching's part of `seed_demo`: availability, open slots with volunteers (a confirmed and a
declined one, one awaiting the director), a session handout and printing records. Runs after
rotation's and partners' demos (INSTALLED_APPS order) and does nothing for the parts whose
programs are missing. Idempotent: keyed by natural keys."""

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from partners.models import FacultyMember, MeetingRoom
from rotation.models import Program, SeminarSession, User
from rotation.services.scheduling import schedule_session
from teaching.models import (
    FacultyAvailability,
    FacultySurvey,
    PrintingRecord,
    SessionMaterial,
    VolunteerOffer,
)
from teaching.selectors.availability import program_days
from teaching.selectors.recognition import faculty_who_taught
from teaching.services import place_faculty

OPEN_SLOT = (time(15, 0), time(16, 30))
# A one-page PDF: enough for the demo's handout to open in a viewer.
HANDOUT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed(options) -> Iterator[str]:
    today = timezone.localdate()
    current = list(Program.objects.filter(end_date__gte=today).order_by("start_date"))
    recent = list(
        Program.objects.filter(end_date__gte=today - timedelta(days=90)).order_by("start_date")
    )
    demo_member = FacultyMember.objects.filter(email="faculty@demo.test").first()
    availability = _seed_availability(current)
    offers = _seed_volunteering(current, demo_member)
    materials = _seed_material(demo_member)
    pages = _seed_printing(recent)
    surveys = _seed_faculty_surveys(today)
    yield f"{availability} availability statements, {offers} volunteer offers"
    yield f"{surveys} faculty experience survey answers"
    yield f"{materials} session materials, {pages} printing records"


def _seed_availability(programs: list[Program]) -> int:
    """Each faculty member who teaches in a current program says when they can teach."""
    choices = ["all_day", "all_day", "morning", "afternoon", "unavailable"]
    rows = []
    for program in programs:
        members = FacultyMember.objects.filter(
            organization__partnerships__program=program
        ).order_by("pk")
        for day_number, day in enumerate(program_days(program=program)):
            for member in members:
                choice = choices[(member.pk + day_number) % len(choices)]
                if member.email == "faculty@demo.test":
                    choice = "all_day"
                rows.append(
                    FacultyAvailability(
                        faculty_member=member, program=program, day=day, choice=choice
                    )
                )
    FacultyAvailability.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return FacultyAvailability.objects.count()


def _seed_volunteering(programs: list[Program], demo_member: FacultyMember | None) -> int:
    """Two open sessions on later meeting days of the current distributed program: one has a
    confirmed volunteer, one awaits the director; a declined offer for a topic."""
    program = next((p for p in programs if p.format == Program.Format.DISTRIBUTED), None)
    if program is None or demo_member is None:
        return VolunteerOffer.objects.count()
    now = timezone.now()
    host_rooms = list(
        MeetingRoom.objects.filter(
            site__organization__partnerships__program=program,
            site__organization__partnerships__role__in=["host", "host_content"],
        ).order_by("pk")
    )
    future_days = [
        day for day in program_days(program=program) if day > timezone.localdate() + timedelta(8)
    ]
    unused = list(program.topics.filter(sessions=None).order_by("title"))
    if not host_rooms or len(future_days) < 2 or len(unused) < 3:
        return VolunteerOffer.objects.count()
    open_sessions = []
    for day, topic in zip(future_days[:2], unused[:2], strict=True):
        session = SeminarSession.objects.filter(program=program, topic=topic).first()
        if session is None:
            session = schedule_session(
                program=program,
                title=topic.title,
                topic=topic,
                starts_at=_aware(day, OPEN_SLOT[0]),
                ends_at=_aware(day, OPEN_SLOT[1]),
                room=host_rooms[-1],
            )
            session.status = SeminarSession.Status.PUBLISHED
            session.published_at = timezone.now()
            session.save(update_fields=["status", "published_at", "updated_at"])
        open_sessions.append(session)
    director = User.objects.filter(email="director@demo.test").first()
    colleague = (
        FacultyMember.objects.filter(organization=demo_member.organization)
        .exclude(pk=demo_member.pk)
        .order_by("last_name")
        .first()
    )
    if (
        colleague is not None
        and not VolunteerOffer.objects.filter(session=open_sessions[0]).exists()
    ):
        offer = VolunteerOffer.objects.create(
            faculty_member=colleague,
            program=program,
            session=open_sessions[0],
            note="I work on this every day and would love to teach it.",
            status=VolunteerOffer.Status.CONFIRMED,
            decided_at=now,
            decided_by=director,
        )
        place_faculty(session=offer.session, faculty_member=colleague)
    VolunteerOffer.objects.get_or_create(
        faculty_member=demo_member,
        session=open_sessions[1],
        defaults={"program": program, "note": "Happy to co-teach with a clinician."},
    )
    VolunteerOffer.objects.get_or_create(
        faculty_member=demo_member,
        topic=unused[2],
        defaults={
            "program": program,
            "status": VolunteerOffer.Status.DECLINED,
            "note": "I could cover this next spring.",
            "decided_at": now,
            "decided_by": director,
            "decision_note": "We will not schedule this topic this year; thank you.",
        },
    )
    return VolunteerOffer.objects.count()


def _seed_material(demo_member: FacultyMember | None) -> int:
    if demo_member is None:
        return SessionMaterial.objects.count()
    session = (
        SeminarSession.objects.filter(
            faculty_assignments__faculty_member=demo_member,
            status="published",
            program__archived_at=None,  # not last year's archived programs (reports' demo)
        )
        .order_by("starts_at")
        .first()
    )
    if session is not None and not session.materials.exists():
        material = SessionMaterial(
            session=session,
            original_name="Network management handout.pdf",
            content_type="application/pdf",
            size=len(HANDOUT),
            uploaded_by=demo_member.user,
        )
        material.file.save("handout.pdf", ContentFile(HANDOUT), save=True)
    return SessionMaterial.objects.count()


def _seed_printing(programs: list[Program]) -> int:
    for program in programs:
        for partnership in program.partnerships.select_related("organization"):
            if partnership.is_host:
                PrintingRecord.objects.get_or_create(
                    organization=partnership.organization,
                    program=program,
                    description="Handouts and name badges",
                    defaults={"pages": 40 * program.sessions.count()},
                )
    return PrintingRecord.objects.count()


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


# The faculty experience survey of the programs that ended: (preparation, support, engagement,
# logistics, would teach again), cycled over the faculty who taught, by name.
SURVEY_ANSWERS = [
    (4, 5, 4, 3, "yes"),
    (5, 4, 5, 4, "yes"),
    (3, 4, 4, 2, "maybe"),
    (4, 5, 5, 4, "yes"),
    (5, 5, 4, 3, "yes"),
    (4, 3, 3, 4, "maybe"),
]
SURVEY_COMMENTS = [
    "The residents' questions about prior authorization were the best part.",
    "A room with a second screen would have helped.",
    "",
]


def _seed_faculty_surveys(today) -> int:
    """Every faculty member who taught in a program that ended has answered (Keystone's five
    make its results visible); the last of each program by name is still invited only."""
    # Archived programs (last year's, from the reports' demo) are never surveyed, as in use.
    programs = Program.objects.filter(end_date__lt=today, archived_at__isnull=True)
    for program in programs.order_by("start_date"):
        members = list(faculty_who_taught(program=program))
        invited_at = timezone.make_aware(datetime.combine(program.end_date, time(17)))
        for index, member in enumerate(members):
            is_answered = index != len(members) - 1
            answers = SURVEY_ANSWERS[index % len(SURVEY_ANSWERS)]
            FacultySurvey.objects.get_or_create(
                faculty_member=member,
                program=program,
                defaults={
                    "invited_at": invited_at,
                    "submitted_at": invited_at + timedelta(days=2) if is_answered else None,
                    **(
                        dict(
                            zip(
                                ["preparation", "support", "engagement", "logistics"],
                                answers[:4],
                                strict=True,
                            ),
                            would_teach_again=answers[4],
                            comment=SURVEY_COMMENTS[index % len(SURVEY_COMMENTS)],
                        )
                        if is_answered
                        else {}
                    ),
                },
            )
    return FacultySurvey.objects.exclude(submitted_at=None).count()
