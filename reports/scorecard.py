"""Reads for quarterly partnership reviews: the scorecard filled from the data (what the
partner gave, learners reached, how learners rated its sessions, open actions, the agreement),
the reviews of a partnership, and the reviews due for a reminder."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from assessments.models import SessionEvaluation
from assessments.selectors.evaluations import MIN_RESPONDENTS
from partners.models import Organization
from partners.selectors import agreements_for_organization
from planning import selectors as planning_selectors
from reports.contribution import partner_contribution
from reports.models import PartnershipReview
from rotation.selectors.partners import programs_of_partner


def review_period(*, review: PartnershipReview) -> tuple[date, date]:
    """The quarter a review looks back on: since the previous review of the partnership (or
    three months), up to the meeting."""
    previous = (
        PartnershipReview.objects.filter(
            organization_id=review.organization_id, held_on__lt=review.held_on
        )
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    start = previous + timedelta(days=1) if previous else add_months(review.held_on, -3)
    return start, review.held_on


def open_actions(*, organization: Organization) -> int:
    """Open action items of advisory meetings owned by the partner's liaisons or by the
    planning-team members who speak for it."""
    return planning_selectors.open_actions(organization=organization).count()


def scorecard(*, organization: Organization, start: date, end: date) -> dict:
    """The scorecard of a partnership over [start, end], as JSON-safe values (a recorded review
    stores it as it was). Ratings are left out (None) below MIN_RESPONDENTS respondents."""
    programs = [
        program
        for program in programs_of_partner(organization=organization)
        if program.start_date <= end and program.end_date >= start
    ]
    contribution = partner_contribution(organization=organization, programs=programs)
    partner_sessions = Q(session__room__site__organization=organization) | Q(
        session__faculty_assignments__faculty_member__organization=organization,
        session__faculty_assignments__confirmation="confirmed",
    )
    ids = (
        SessionEvaluation.objects.filter(partner_sessions, session__program__in=programs)
        .values("pk")
        .distinct()
    )
    ratings = SessionEvaluation.objects.filter(pk__in=ids).aggregate(
        respondents=Count("learner", distinct=True), overall=Avg("overall"), count=Count("pk")
    )
    enough = ratings["count"] >= MIN_RESPONDENTS
    agreement = (
        agreements_for_organization(organization=organization).filter(renewal__isnull=True).first()
    )
    return {
        "period": [start.isoformat(), end.isoformat()],
        "programs": [program.name for program in programs],
        "sessions_taught": contribution.sessions_taught,
        "sessions_hosted": contribution.sessions_hosted,
        "teaching_hours": contribution.teaching_hours,
        "room_days": contribution.room_days,
        "learners_reached": contribution.learners_reached,
        "evaluations": ratings["count"],
        "overall_rating": round(ratings["overall"], 2) if enough else None,
        "minimum_respondents": MIN_RESPONDENTS,
        "open_actions": open_actions(organization=organization),
        "agreement_status": agreement.status_label if agreement else None,
        "agreement_ends_on": agreement.ends_on.isoformat() if agreement else None,
    }


def review_scorecard(*, review: PartnershipReview) -> dict:
    """A recorded review's frozen scorecard, or the live one of a scheduled review."""
    if review.is_recorded:
        return review.scorecard
    start, end = review_period(review=review)
    return scorecard(organization=review.organization, start=start, end=end)


def reviews_for_organization(*, organization: Organization) -> QuerySet[PartnershipReview]:
    return PartnershipReview.objects.filter(organization=organization).select_related("recorded_by")


def get_review(*, organization: Organization, pk: int) -> PartnershipReview:
    try:
        return reviews_for_organization(organization=organization).get(pk=pk)
    except PartnershipReview.DoesNotExist:
        raise Http404("No such review.") from None


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), on the month's last day if it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def next_review_date(*, held_on: date) -> date:
    return add_months(held_on, settings.REPORTS_REVIEW_INTERVAL_MONTHS)


def reviews_due_for_reminder(*, today: date) -> QuerySet[PartnershipReview]:
    """Scheduled reviews within the reminder window that were not reminded yet."""
    return PartnershipReview.objects.filter(
        recorded_at__isnull=True,
        reminded_at__isnull=True,
        held_on__gte=today,
        held_on__lte=today + timedelta(days=settings.REPORTS_REVIEW_REMINDER_DAYS),
    ).select_related("organization")
