"""Reads about a faculty member's own teaching: their sessions, materials and the
session or topic they volunteer for."""

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.http import Http404

from partners.models import FacultyMember
from rotation.models import Enrollment, SeminarSession, SessionFaculty, Topic
from teaching.models import SessionMaterial


def teaching_sessions(*, faculty_member: FacultyMember) -> QuerySet[SeminarSession]:
    """Published sessions the member teaches and has not declined, with their program, learners
    expected and the member's own confirmation (`my_confirmation`)."""
    learners = (
        Enrollment.objects.filter(program=OuterRef("program"), status=Enrollment.Status.ENROLLED)
        .order_by()
        .values("program")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        SeminarSession.objects.filter(
            status=SeminarSession.Status.PUBLISHED,
            faculty_assignments__faculty_member=faculty_member,
            faculty_assignments__confirmation__in=["pending", "confirmed"],
        )
        .annotate(
            learners_expected=Subquery(learners),
            # The member's own assignment row, already joined by the filter above (one per
            # session: faculty_once_per_session).
            my_confirmation=F("faculty_assignments__confirmation"),
        )
        .select_related("program")
        .order_by("starts_at")
    )


def my_teaching_sessions(*, faculty_member: FacultyMember) -> QuerySet[SeminarSession]:
    """The member's sessions (teaching_sessions) with what My teaching shows of them and only
    that: room and address. Their co-faculty and materials are read by their ids
    (co_faculty_by_session, materials_by_session), cheaper than prefetching them."""
    return (
        teaching_sessions(faculty_member=faculty_member)
        .select_related("room__site__organization")
        .only(
            "title",
            "starts_at",
            "ends_at",
            "program__name",
            "program__slug",
            "program__academic_year",
            "program__start_date",
            "room__name",
            "room__site__address",
            "room__site__organization__name",
        )
    )


@dataclass(frozen=True)
class CoFaculty:
    """A colleague on one of the member's sessions, as My teaching names them."""

    full_name: str
    organization_name: str


def co_faculty_by_session(*, sessions, faculty_member: FacultyMember) -> dict[int, list[CoFaculty]]:
    """The other faculty of these sessions (read already) who have not declined, by session id
    and role: one query of plain rows, not model instances (none for no sessions)."""
    found: dict[int, list[CoFaculty]] = {}
    rows = (
        SessionFaculty.objects.filter(session_id__in=[session.pk for session in sessions])
        .exclude(confirmation=SessionFaculty.Confirmation.DECLINED)
        .exclude(faculty_member=faculty_member)
        .order_by("role", "pk")
        .values_list(
            "session_id",
            "faculty_member__first_name",
            "faculty_member__last_name",
            "faculty_member__organization__name",
        )
    )
    for session_id, first_name, last_name, organization_name in rows:
        found.setdefault(session_id, []).append(
            CoFaculty(
                full_name=FacultyMember.name_of(first_name, last_name),
                organization_name=organization_name,
            )
        )
    return found


def get_session(*, pk: int) -> SeminarSession:
    """A session by id for the material views, which then check permissions on it."""
    try:
        return SeminarSession.objects.select_related("program", "room__site").get(pk=pk)
    except SeminarSession.DoesNotExist:
        raise Http404("No such session.") from None


def get_material(*, pk: int) -> SessionMaterial:
    """A material by id with its session's program, for the views that then check permissions
    on the session."""
    try:
        return SessionMaterial.objects.select_related("session__program").get(pk=pk)
    except SessionMaterial.DoesNotExist:
        raise Http404("No such material.") from None


def confirmed_session_ids(*, faculty_member: FacultyMember) -> set[int]:
    return set(
        SessionFaculty.objects.filter(
            faculty_member=faculty_member, confirmation=SessionFaculty.Confirmation.CONFIRMED
        ).values_list("session_id", flat=True)
    )


def get_volunteer_target(*, kind: str, pk: int) -> SeminarSession | Topic:
    """The session or topic a faculty member volunteers for; the service checks it is open."""
    model = SeminarSession if kind == "session" else Topic
    try:
        return model.objects.select_related("program").get(pk=pk)
    except model.DoesNotExist:
        raise Http404(f"No such {kind}.") from None


def materials_by_session(*, sessions) -> dict[int, list[SessionMaterial]]:
    """The materials of these sessions (read already) by session id, oldest first: one query
    by their ids, not their own query again as a subquery (none for no sessions)."""
    found: dict[int, list[SessionMaterial]] = {}
    for material in SessionMaterial.objects.filter(
        session_id__in=[session.pk for session in sessions]
    ).order_by("uploaded_at", "pk"):
        found.setdefault(material.session_id, []).append(material)
    return found
