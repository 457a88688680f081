"""The reports' part of `seed_demo`, after the other apps' demos (INSTALLED_APPS order):
last academic year's two programs, archived, so that the demo's benchmarking page has earlier
cohorts to compare this year's with and the demo resident has a finished program whose results,
follow-ups and evaluations they can see; and a recorded quarterly review of the partnership with
Keystone, its scorecard frozen from the demo's data, with the next review scheduled.

Only the default demo of two programs (this year's) needs last year's: with `--programs 3` or
more, rotation's demo already makes earlier years' programs, and the assessments' demo fills
them. They are made as rotation's demo makes its third and fourth program (the same slugs), with
a dozen learners of their own who have no account, then filled by the assessments' demo (the
same instrument, so every item is common) and archived, as a past year's program is.
Idempotent: the history is keyed by its instruments, the reviews by organization and date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from assessments import demo as assessments_demo
from assessments.models import Instrument
from partners.models import Organization
from reports.models import PartnershipReview
from reports.scorecard import next_review_date, review_period, scorecard
from rotation import demo as rotation_demo
from rotation.models import Attendance, Enrollment, Learner, Program, User

HISTORY_INDEXES = (2, 3)  # rotation's demo: programs 2 and 3 are last year's pair
LEARNERS_PER_PROGRAM = 12
DEMO_USERS = ("admin", "director", "liaison", "faculty", "resident")


def _seed_history(options) -> Iterator[str]:
    if options.programs != 2:
        return
    # rotation's demo made these accounts; its partners and faculty are found again by name.
    users = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(email__in=[f"{key}@demo.test" for key in DEMO_USERS])
    }
    organizations, rooms = rotation_demo._seed_partners(users)
    faculty = rotation_demo._seed_faculty(organizations, users)
    now = timezone.now()
    added = []
    for index in HISTORY_INDEXES:
        program = rotation_demo._seed_program(
            index, organizations, rooms, faculty, users, options.rng
        )
        if Instrument.objects.filter(program=program).exists():
            continue  # seeded on an earlier run
        learners = Learner.objects.bulk_create(
            Learner(
                first_name=rotation_demo.FIRST_NAMES[number % len(rotation_demo.FIRST_NAMES)],
                last_name=rotation_demo.LAST_NAMES[number % len(rotation_demo.LAST_NAMES)],
                email=f"alumni{number:02d}.{program.slug}@demo.test",
                residency_program=rotation_demo.RESIDENCIES[
                    number % len(rotation_demo.RESIDENCIES)
                ],
                pgy_level=2,
                program_director_name="Dr. Morgan Lee",
                program_director_email="gme.director@riverside-university.example.org",
            )
            for number in range(1, LEARNERS_PER_PROGRAM + 1)
        )
        if index == HISTORY_INDEXES[0]:
            # The demo resident took last year's concentrated program too: its pre, post,
            # follow-ups and results are there to see on My rotation.
            learners.append(Learner.objects.get(email=f"{DEMO_USERS[-1]}@demo.test"))
        Enrollment.objects.bulk_create(
            Enrollment(program=program, learner=learner) for learner in learners
        )
        # Their sign-in sheets: nearly everyone came (the demo resident to every session).
        Attendance.objects.bulk_create(
            Attendance(
                session=session,
                learner=learner,
                status=Attendance.Status.PRESENT
                if learner.email.startswith(DEMO_USERS[-1]) or options.rng.random() < 0.9
                else Attendance.Status.ABSENT,
                recorded_by=users.get("director"),
            )
            for session in program.sessions.filter(status="published", ends_at__lt=now)
            for learner in learners
        )
        assessments_demo._seed_program(program, options.rng, now)
        added.append(program.pk)
    Program.objects.filter(pk__in=added).update(archived_at=now)
    yield f"{len(added)} earlier-year programs archived for benchmarking"


def _seed_reviews() -> Iterator[str]:
    organization = Organization.objects.filter(slug="keystone-health-plan").first()
    if organization is None:
        return
    held_on = timezone.localdate() - timedelta(days=14)
    review, created = PartnershipReview.objects.get_or_create(
        organization=organization, held_on=held_on
    )
    if created:
        start, end = review_period(review=review)
        review.scorecard = scorecard(organization=organization, start=start, end=end)
        review.notes = (
            "The concentrated program went well: rooms and AV were ready each morning. "
            "Printing arrived late on day two."
        )
        review.decisions = (
            "Keystone adds a pharmacy-benefits session next year. "
            "Renew the memorandum before it ends; the AV contact gets the logistics sheet "
            "a week ahead."
        )
        review.recorded_at = timezone.now()
        review.recorded_by = User.objects.filter(email="director@demo.test").first()
        review.save()
    PartnershipReview.objects.get_or_create(
        organization=organization, held_on=next_review_date(held_on=held_on)
    )
    yield "1 recorded partnership review with its scorecard, the next one scheduled"


def seed(options) -> Iterator[str]:
    yield from _seed_history(options)
    yield from _seed_reviews()
