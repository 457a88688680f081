"""Reads for the volunteer board: the open slots a faculty member could take, matched to
their expertise, and the offers made."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from partners.models import FacultyMember
from rotation.models import Program, SeminarSession, SessionFaculty, Topic
from teaching.models import FacultyAvailability, VolunteerOffer
from teaching.selectors.availability import covers, programs_for_faculty


@dataclass
class Slot:
    """An open teaching slot on the volunteer board, with how well it suits one member."""

    program: Program
    session: SeminarSession | None = None
    topic: Topic | None = None
    matched_expertise: list[str] = field(default_factory=list)
    availability: str = "unknown"  # "available", "unavailable", "unknown" or "no date yet"
    offer: VolunteerOffer | None = None

    @property
    def title(self) -> str:
        return self.session.title if self.session else self.topic.title

    @property
    def kind(self) -> str:
        return "session" if self.session else "topic"

    @property
    def target_pk(self) -> int:
        return self.session.pk if self.session else self.topic.pk

    @property
    def score(self) -> int:
        points = 2 * bool(self.matched_expertise)
        return points + {"available": 1, "unavailable": -3}.get(self.availability, 0)

    @property
    def sort_key(self):
        start = self.session.starts_at if self.session else None
        return (-self.score, start is None, start or 0, self.title)


def _matched_expertise(expertise, *texts: str) -> list[str]:
    haystack = " ".join(texts).lower()
    return [area.name for area in expertise if any(word in haystack for word in area.match_words)]


def volunteer_board(*, faculty_member: FacultyMember) -> list[Slot]:
    """Open slots in the member's programs — upcoming published sessions with no faculty who
    has not declined, and topics with no session yet — best match first."""
    now = timezone.now()
    program_ids = list(
        programs_for_faculty(faculty_member=faculty_member)
        .filter(archived_at__isnull=True)  # archived programs take no volunteers
        .values_list("pk", flat=True)
    )
    staffed = SessionFaculty.objects.filter(session=OuterRef("pk")).exclude(confirmation="declined")
    sessions = (
        SeminarSession.objects.filter(
            program__in=program_ids, status=SeminarSession.Status.PUBLISHED, starts_at__gt=now
        )
        .filter(~Exists(staffed))
        .select_related("program", "topic", "room__site__organization")
    )
    topics = (
        Topic.objects.filter(program__in=program_ids)
        .filter(
            ~Exists(SeminarSession.objects.filter(topic=OuterRef("pk")).exclude(status="cancelled"))
        )
        .select_related("program")
    )
    expertise = list(faculty_member.expertise.all())
    availability = {
        (row.program_id, row.day): row.choice
        for row in FacultyAvailability.objects.filter(
            faculty_member=faculty_member, program__in=program_ids
        )
    }
    offers = {}
    for offer in VolunteerOffer.objects.filter(faculty_member=faculty_member).order_by(
        "created_at"
    ):
        offers[("session", offer.session_id) if offer.session_id else ("topic", offer.topic_id)] = (
            offer
        )

    slots = []
    for session in sessions:
        choice = availability.get(
            (session.program_id, timezone.localtime(session.starts_at).date())
        )
        if choice is None:
            fit = "unknown"
        else:
            fit = (
                "available" if covers(choice, session.starts_at, session.ends_at) else "unavailable"
            )
        slots.append(
            Slot(
                program=session.program,
                session=session,
                topic=session.topic,
                matched_expertise=_matched_expertise(
                    expertise, session.title, session.topic.title if session.topic else ""
                ),
                availability=fit,
                offer=offers.get(("session", session.pk)),
            )
        )
    for topic in topics:
        slots.append(
            Slot(
                program=topic.program,
                topic=topic,
                matched_expertise=_matched_expertise(expertise, topic.title, topic.description),
                availability="no date yet",
                offer=offers.get(("topic", topic.pk)),
            )
        )
    return sorted(slots, key=lambda slot: slot.sort_key)


def offers_for_program(*, program: Program) -> QuerySet[VolunteerOffer]:
    return (
        VolunteerOffer.objects.filter(program=program)
        .select_related("faculty_member__organization", "session", "topic")
        .order_by("session__starts_at", "topic__title", "created_at")
    )
