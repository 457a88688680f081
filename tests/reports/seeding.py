"""A program with pre/post responses and evaluations whose every figure the tests can compute
by hand: `seed_course` returns the raw numbers it stored."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from assessments.models import (
    Administration,
    Answer,
    ComparisonMember,
    CourseEvaluation,
    FacultyRating,
    Item,
    Response,
    SessionEvaluation,
)
from rotation.models import Enrollment, Learner
from tests.assessments.factories import build_instrument
from tests.factories import (
    FacultyMemberFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
)

KNOWLEDGE_ITEMS = 4
ATTITUDE_ITEMS = 2


def pre_correct(i: int) -> int:
    return i % 3  # 0, 1 or 2 of 4 right


def post_correct(i: int) -> int:
    return min(KNOWLEDGE_ITEMS, pre_correct(i) + 1 + i % 2)


def attitude_pre(i: int) -> list[int]:
    """Answers as given (value) to A1 and A2 (A2 is reverse-scored)."""
    return [2 + i % 3, 4 - i % 2]


def attitude_post(i: int) -> list[int]:
    return [min(5, 3 + i % 3), 2]


@dataclass
class Seeded:
    program: object
    learners: list = field(default_factory=list)
    pre_percent: list = field(default_factory=list)
    post_percent: list = field(default_factory=list)
    unmatched_pre_percent: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    faculty: list = field(default_factory=list)


def _answers(response, items, correct: int, values: list[int], *, now, comment=""):
    knowledge = [item for item in items if item.kind == Item.Kind.KNOWLEDGE]
    attitude = [item for item in items if item.kind == Item.Kind.ATTITUDE]
    rows = []
    for index, item in enumerate(knowledge):
        is_correct = index < correct
        choice = next(c for c in item.choices.all() if c.is_correct == is_correct)
        rows.append(
            Answer(
                response=response,
                item=item,
                choice=choice,
                score=int(is_correct),
                is_correct=is_correct,
                answered_at=now,
            )
        )
    for item, value in zip(attitude, values, strict=True):
        score = item.scale_max + 1 - value if item.is_reverse_scored else value
        rows.append(Answer(response=response, item=item, value=value, score=score, answered_at=now))
    free = [item for item in items if item.kind == Item.Kind.FREE_TEXT]
    if comment and free:
        rows.append(Answer(response=response, item=free[0], text=comment, answered_at=now))
    return rows


def seed_course(program, *, learners: int, evaluations: int = 6) -> Seeded:
    """`learners` matched learners, plus one with only a pre (unmatched), one with only a
    post and one with a draft post; two sessions (the second with 2 evaluations) taught by two
    faculty members; `evaluations` session and course evaluations."""
    now = timezone.now()
    seeded = Seeded(program=program)
    instrument = build_instrument(
        program, knowledge=KNOWLEDGE_ITEMS, attitude=ATTITUDE_ITEMS, free_text=1
    )
    items = list(instrument.items.prefetch_related("choices"))
    pre = Administration.objects.create(
        instrument=instrument,
        kind="pre",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=20),
    )
    post = Administration.objects.create(
        instrument=instrument,
        kind="post",
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=1),
    )
    people = Learner.objects.bulk_create(
        Learner(
            first_name=f"Given{i}",
            last_name=f"Family{i:04d}",
            email=f"learner{i}@{program.slug}.example.org",
            residency_program="Internal Medicine",
            pgy_level=2,
            program_director_name="Dr. Lee",
            program_director_email="pd@example.org",
        )
        for i in range(learners + 3)
    )
    Enrollment.objects.bulk_create(Enrollment(program=program, learner=p) for p in people)
    seeded.learners = people[:learners]

    def respond(administration, learner, status="submitted"):
        return Response.objects.create(
            administration=administration,
            learner=learner,
            status=status,
            started_at=now,
            updated_at=now,
            submitted_at=now if status == "submitted" else None,
        )

    answers = []
    for i, learner in enumerate(people[:learners]):
        answers += _answers(respond(pre, learner), items, pre_correct(i), attitude_pre(i), now=now)
        answers += _answers(
            respond(post, learner),
            items,
            post_correct(i),
            attitude_post(i),
            now=now,
            comment=f"Comment {i}" if i < 3 else "",
        )
        seeded.pre_percent.append(100 * pre_correct(i) / KNOWLEDGE_ITEMS)
        seeded.post_percent.append(100 * post_correct(i) / KNOWLEDGE_ITEMS)
    only_pre, only_post, draft = people[learners:]
    answers += _answers(respond(pre, only_pre), items, 3, [3, 3], now=now)
    seeded.unmatched_pre_percent.append(75.0)
    answers += _answers(respond(post, only_post), items, 4, [5, 1], now=now)
    answers += _answers(respond(pre, draft), items, 1, [3, 3], now=now)
    answers += _answers(respond(post, draft, status="draft"), items, 4, [5, 5], now=now)
    seeded.unmatched_pre_percent.append(25.0)
    Answer.objects.bulk_create(answers)

    first = FacultyMemberFactory(first_name="Ada", last_name="Alvarez")
    second = FacultyMemberFactory(first_name="Ben", last_name="Brooks")
    seeded.faculty = [first, second]
    one, two = (
        SeminarSessionFactory(
            program=program,
            title=title,
            status="published",
            starts_at=now - timedelta(days=days),
            ends_at=now - timedelta(days=days, hours=-2),
        )
        for title, days in (("Health plans", 15), ("Public agencies", 14))
    )
    SessionFacultyFactory(session=one, faculty_member=first, confirmation="confirmed")
    SessionFacultyFactory(session=two, faculty_member=second, confirmation="confirmed")
    seeded.sessions = [one, two]
    for i, learner in enumerate(people[:evaluations]):
        evaluation = SessionEvaluation.objects.create(
            session=one,
            learner=learner,
            overall=3 + i % 3,
            relevance=4,
            changed_view=2 + i % 4,
            comment=f"Session remark {i}" if i % 2 == 0 else "",
            submitted_at=now,
        )
        FacultyRating.objects.create(
            evaluation=evaluation, faculty_member=first, effectiveness=4 + i % 2
        )
        CourseEvaluation.objects.create(
            program=program,
            learner=learner,
            overall=4 + i % 2,
            most_valuable=f"Valuable {i}" if i == 0 else "",
            least_valuable="",
            topics_to_add="Pharmacy benefits" if i == 1 else "",
            submitted_at=now,
        )
    for learner in people[:2]:
        evaluation = SessionEvaluation.objects.create(
            session=two, learner=learner, overall=1, relevance=1, changed_view=1, submitted_at=now
        )
        FacultyRating.objects.create(evaluation=evaluation, faculty_member=second, effectiveness=1)
    return seeded


def follow_up_correct(i: int) -> int:
    return max(pre_correct(i), post_correct(i) - i % 3)  # some of the gain fades


def seed_follow_up(seeded: Seeded, *, missing: int = 2) -> list[int]:
    """A 3-month follow-up with a behaviour item, submitted by every matched learner but the
    last `missing`; returns the learners' indexes that took it."""
    now = timezone.now()
    instrument = seeded.program.instruments.get()
    behaviour = Item.objects.create(
        instrument=instrument, position=50, kind=Item.Kind.BEHAVIOUR, text="Since the course I…"
    )
    items = list(instrument.items.prefetch_related("choices"))
    follow_up = Administration.objects.create(
        instrument=instrument,
        kind="follow_up_3",
        opens_at=now - timedelta(hours=12),
        closes_at=now + timedelta(days=5),
    )
    took = list(range(len(seeded.learners) - missing))
    answers = []
    for i in took:
        response = Response.objects.create(
            administration=follow_up,
            learner=seeded.learners[i],
            status="submitted",
            started_at=now,
            updated_at=now,
            submitted_at=now,
        )
        answers += _answers(response, items, follow_up_correct(i), attitude_post(i), now=now)
        answers.append(
            Answer(response=response, item=behaviour, value=1 + i % 5, score=1 + i % 5,
                   answered_at=now)
        )  # fmt: skip
    Answer.objects.bulk_create(answers)
    return took


def comparison_correct(i: int) -> tuple[int, int]:
    """Items right at pre and post for comparison resident `i`: hardly any gain."""
    return 1 + i % 2, 1 + i % 2 + (i % 3 == 0)


def seed_comparison(seeded: Seeded, *, size: int = 6) -> None:
    """A comparison group of `size` residents who submitted the pre and the post."""
    now = timezone.now()
    instrument = seeded.program.instruments.get()
    items = list(instrument.items.prefetch_related("choices"))
    pre, post = (instrument.administrations.get(kind=kind) for kind in ("pre", "post"))
    people = Learner.objects.bulk_create(
        Learner(
            first_name=f"Other{i}",
            last_name=f"Resident{i:03d}",
            email=f"other{i}@{seeded.program.slug}.example.org",
            residency_program="Family Medicine",
            pgy_level=1,
            program_director_name="Dr. Okafor",
            program_director_email="fm@example.org",
        )
        for i in range(size)
    )
    answers = []
    for i, learner in enumerate(people):
        ComparisonMember.objects.create(program=seeded.program, learner=learner, added_at=now)
        for administration, correct in zip((pre, post), comparison_correct(i), strict=True):
            response = Response.objects.create(
                administration=administration, learner=learner, status="submitted",
                started_at=now, updated_at=now, submitted_at=now,
            )  # fmt: skip
            answers += _answers(response, items, correct, attitude_pre(i), now=now)
    Answer.objects.bulk_create(answers)
