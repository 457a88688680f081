"""Reads for responses: the form, a learner's draft, completion and readiness counts."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Prefetch, Q, QuerySet

from assessments.models import (
    COMPARISON_KINDS,
    Administration,
    Answer,
    Choice,
    ComparisonMember,
    Item,
    Response,
)
from rotation.models import Enrollment, Learner, Program


def form_items(*, administration: Administration) -> list[Item]:
    """The items this administration asks: behaviour items ("since the course I have …") only
    on follow-ups, every other item at every time point."""
    # In position order: the models' default orderings start with the instrument and the item,
    # one here, and would join both tables in only to sort by them.
    items = administration.instrument.items.order_by("position", "pk").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
    )
    if not administration.is_follow_up:
        items = items.exclude(kind=Item.Kind.BEHAVIOUR)
    return list(items)


def draft_values(*, administration: Administration, learner: Learner) -> dict[str, str]:
    """Form field name → saved value, so that a reload (or another device) resumes the draft."""
    values = {}
    # Unordered: one answer per field, and the default ordering would join three tables in.
    answers = (
        Answer.objects.filter(response__administration=administration, response__learner=learner)
        .order_by()
        .values_list("item_id", "is_retrospective", "choice_id", "value", "text")
    )
    for item_id, is_retrospective, choice_id, number, text in answers:
        prefix = "retro" if is_retrospective else "item"
        if choice_id:
            value = str(choice_id)
        elif number is not None:
            value = str(number)
        else:
            value = text
        values[f"{prefix}-{item_id}"] = value
    return values


def response_of(*, administration: Administration, learner: Learner) -> Response | None:
    # At most one (one_response_per_learner): no need to join in the default ordering's tables.
    return (
        Response.objects.filter(administration=administration, learner=learner)
        .order_by("pk")
        .first()
    )


# --- Completion (director) ----------------------------------------------------------------------


NOT_STARTED = "not_started"
COMPLETION_LABELS = {**dict(Response.Status.choices), NOT_STARTED: "Not started"}


@dataclass(frozen=True)
class CompletionRow:
    learner: Learner
    status: str  # "submitted", "draft", "not_started"
    updated_at: datetime | None

    @property
    def status_label(self) -> str:
        return COMPLETION_LABELS[self.status]


@dataclass
class Completion:
    rows: list[CompletionRow]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.rows)

    def rate(self, status: str) -> float:
        return round(100 * self.counts.get(status, 0) / self.total, 1) if self.total else 0.0

    @property
    def response_rate(self) -> float:
        return self.rate("submitted")


def completion(*, administration: Administration) -> Completion:
    """Every enrolled learner with where they stand: submitted, draft or not started."""
    program_id = administration.instrument.program_id
    # A learner has at most one response to the administration: joined in, one query.
    learners = (
        Learner.objects.filter(
            enrollments__program_id=program_id, enrollments__status=Enrollment.Status.ENROLLED
        )
        .annotate(
            response=FilteredRelation(
                "responses", condition=Q(responses__administration=administration)
            ),
            response_status=F("response__status"),
            response_updated_at=F("response__updated_at"),
        )
        .order_by("last_name", "first_name", "pk")
    )
    rows, counts = [], defaultdict(int)
    for learner in learners:
        status = learner.response_status or NOT_STARTED
        counts[status] += 1
        rows.append(CompletionRow(learner, status, learner.response_updated_at))
    return Completion(rows=rows, counts=dict(counts))


def invited_learners(*, administration: Administration) -> QuerySet[Learner]:
    """Who takes this administration: the enrolled learners and, to the pre and post, the
    program's comparison group."""
    program_id = administration.instrument.program_id
    who = Exists(
        Enrollment.objects.filter(
            learner=OuterRef("pk"), program_id=program_id, status=Enrollment.Status.ENROLLED
        )
    )
    if administration.kind in COMPARISON_KINDS:
        who |= Exists(
            ComparisonMember.objects.filter(learner=OuterRef("pk"), program_id=program_id)
        )
    return Learner.objects.filter(who)


def non_respondents(*, administration: Administration) -> QuerySet[Learner]:
    return invited_learners(administration=administration).exclude(
        responses__administration=administration, responses__status="submitted"
    )


def administrations_for_readiness(*, program: Program) -> QuerySet[Administration]:
    """The program's administrations with their submitted-response counts, for the director's
    readiness checklist (one query)."""
    return (
        Administration.objects.filter(instrument__program=program)
        .select_related("instrument")
        .annotate(
            submitted=Count(
                "responses", filter=Q(responses__status=Response.Status.SUBMITTED), distinct=True
            )
        )
        .order_by("opens_at")
    )
