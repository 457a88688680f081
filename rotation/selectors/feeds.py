"""Calendar feed reads: a feed by its token and the sessions it shows."""

from django.db.models import Q, QuerySet
from django.http import Http404

from rotation.models import CalendarFeed, Enrollment, SeminarSession
from rotation.selectors.access import teaching_assignments


def feed_by_token(*, token: str) -> CalendarFeed:
    try:
        return CalendarFeed.objects.select_related(
            "user__learner_profile", "user__faculty_profile", "program"
        ).get(token=token)
    except CalendarFeed.DoesNotExist:
        raise Http404("No such calendar feed.") from None


def sessions_for_feed(*, feed: CalendarFeed) -> QuerySet[SeminarSession]:
    """A program feed: its published and cancelled-after-publishing sessions. A user feed: the
    sessions of their programs (learner) and the ones they teach (faculty)."""
    announced = Q(status=SeminarSession.Status.PUBLISHED) | Q(
        status=SeminarSession.Status.CANCELLED, published_at__isnull=False
    )
    if feed.program_id is not None:
        mine = Q(program=feed.program_id)
    else:
        mine = Q(pk__in=[])
        learner = getattr(feed.user, "learner_profile", None)
        member = getattr(feed.user, "faculty_profile", None)
        if learner is not None:
            mine |= Q(
                program__enrollments__learner=learner,
                program__enrollments__status=Enrollment.Status.ENROLLED,
            )
        if member is not None:
            mine |= Q(pk__in=teaching_assignments(faculty_members=[member]).values("session_id"))
    ids = SeminarSession.objects.filter(announced & mine).values("pk")
    return (
        SeminarSession.objects.filter(pk__in=ids)
        .select_related("program", "topic", "room__site__organization")
        .prefetch_related("faculty_assignments__faculty_member")
        .order_by("starts_at")
    )
