"""Reads about the faculty experience survey: open and due surveys, and its aggregates
(suppressed below the minimum of respondents)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from partners.models import FacultyMember, Organization
from rotation.models import Program
from rotation.selectors.access import programs_for_director
from teaching.models import SURVEY_MIN_RESPONDENTS, FacultySurvey

SURVEY_RATINGS = ("preparation", "support", "engagement", "logistics")


def open_surveys(*, faculty_member: FacultyMember) -> QuerySet[FacultySurvey]:
    """The faculty member's surveys still to answer, for My teaching."""
    return FacultySurvey.objects.filter(
        faculty_member=faculty_member, submitted_at__isnull=True
    ).select_related("program")


def get_survey_for_faculty(*, faculty_member: FacultyMember, slug: str) -> FacultySurvey:
    try:
        return FacultySurvey.objects.select_related("program").get(
            faculty_member=faculty_member, program__slug=slug
        )
    except FacultySurvey.DoesNotExist:
        raise Http404("No survey for you in that program.") from None


def programs_due_for_survey(*, today: date) -> QuerySet[Program]:
    """Programs that ended (in the last `TEACHING_SURVEY_WINDOW_DAYS`): their faculty are asked
    about their experience."""
    window = timedelta(days=settings.TEACHING_SURVEY_WINDOW_DAYS)
    return Program.objects.filter(
        end_date__lt=today, end_date__gte=today - window, archived_at__isnull=True
    )


def surveys_due_for_reminder(*, now: datetime) -> QuerySet[FacultySurvey]:
    wait = timedelta(days=settings.TEACHING_SURVEY_REMINDER_DAYS)
    return FacultySurvey.objects.filter(
        submitted_at__isnull=True, reminded_at__isnull=True, invited_at__lte=now - wait
    )


@dataclass(frozen=True)
class FacultyExperience:
    """Faculty answers aggregated over some surveys; every figure None when fewer than
    SURVEY_MIN_RESPONDENTS answered (`is_suppressed`)."""

    respondents: int
    invited: int
    means: dict[str, float] | None
    teach_again: dict[str, int] | None
    minimum: int = SURVEY_MIN_RESPONDENTS

    @property
    def is_suppressed(self) -> bool:
        return self.respondents < self.minimum


def _aggregate(rows: list[dict], invited: int) -> FacultyExperience:
    respondents = len(rows)
    if respondents < SURVEY_MIN_RESPONDENTS:
        return FacultyExperience(respondents, invited, None, None)
    means = {
        name: round(sum(row[name] for row in rows) / respondents, 2) for name in SURVEY_RATINGS
    }
    again = dict.fromkeys(FacultySurvey.TeachAgain.values, 0)
    for row in rows:
        again[row["would_teach_again"]] += 1
    return FacultyExperience(respondents, invited, means, again)


def faculty_experience(*, organization: Organization | None = None, programs=None):
    """How teaching went for the faculty: the submitted surveys of this organization's faculty
    and/or of these programs, aggregated (means of the 1–5 ratings, would-teach-again counts),
    suppressed below 5 respondents. One query. The value report adds it as a section."""
    surveys = FacultySurvey.objects.all()
    if organization is not None:
        surveys = surveys.filter(faculty_member__organization=organization)
    if programs is not None:
        surveys = surveys.filter(program__in=programs)
    rows = list(surveys.values("submitted_at", "would_teach_again", *SURVEY_RATINGS))
    answered = [row for row in rows if row["submitted_at"] is not None]
    return _aggregate(answered, invited=len(rows))


def faculty_experience_for_director(*, user) -> dict:
    """The director's programs and their partner organizations, each with its aggregate: two
    queries whatever their number."""
    programs = list(programs_for_director(user=user).order_by("-start_date", "name"))
    rows = list(
        FacultySurvey.objects.filter(program__in=programs).values(
            "program_id",
            "faculty_member__organization_id",
            "faculty_member__organization__name",
            "submitted_at",
            "would_teach_again",
            *SURVEY_RATINGS,
        )
    )
    by_program, by_organization, names = {}, {}, {}
    for row in rows:
        by_program.setdefault(row["program_id"], []).append(row)
        organization_id = row["faculty_member__organization_id"]
        by_organization.setdefault(organization_id, []).append(row)
        names[organization_id] = row["faculty_member__organization__name"]

    def summarize(group: list[dict]) -> FacultyExperience:
        answered = [row for row in group if row["submitted_at"] is not None]
        return _aggregate(answered, invited=len(group))

    return {
        "programs": [
            (program, summarize(by_program[program.pk]))
            for program in programs
            if program.pk in by_program
        ],
        "organizations": sorted(
            ((names[pk], summarize(group)) for pk, group in by_organization.items()),
            key=lambda pair: pair[0],
        ),
    }
