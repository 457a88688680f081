"""The advisory panel's part of `seed_demo` (called by planning/demo.py): one advisory meeting
of the distributed program with its agenda, attendance, minutes, decisions and actions (one
overdue, one done, one for the demo liaison), and one partnership-wide meeting ahead.
Idempotent: a meeting is keyed by its title, its actions by their description."""

from collections.abc import Iterator
from datetime import datetime, time, timedelta

from django.utils import timezone

from planning.models import ActionItem, AdvisoryMeeting, MeetingAttendee, TeamMember
from rotation.models import Program

MEETING_TITLE = "Advisory panel: spring planning"
PARTNERSHIP_TITLE = "Partnership council: payers, agencies and families"


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed(program: Program, director, members: dict[str, TeamMember]) -> Iterator[str]:
    today = timezone.localdate()
    meeting = _seed_program_meeting(program, director, members, today)
    partnership = _seed_partnership_meeting(program, director, members, today)
    yield (
        f"advisory panel: “{meeting.title}” with {meeting.actions.count()} action items, and "
        f"“{partnership.title}” for the whole partnership"
    )


def _seed_program_meeting(program, director, members, today) -> AdvisoryMeeting:
    meeting, created = AdvisoryMeeting.objects.get_or_create(
        program=program,
        title=MEETING_TITLE,
        defaults={
            "starts_at": _at(today - timedelta(days=21), 16),
            "place": "Keystone Health Plan, Boardroom A",
            "video_link": "https://meet.example.org/mini-rotation-panel",
            "agenda": "1. What residents said about the autumn sessions\n"
            "2. Proposals under discussion\n"
            "3. A patient partner on every session about care transitions?",
            "minutes": "The panel read the autumn evaluations: residents valued the site visit "
            "and asked for more time with the health plan's reviewers. Rosa Delgado told the "
            "panel how a discharge plan looks from the kitchen table.",
            "decisions": "Prior authorization becomes a case discussion in the spring.\n"
            "Patient partners co-teach the care-transitions sessions.",
            "created_by": director,
        },
    )
    if not created:
        return meeting
    attendance = [
        (members["liaison"], True),
        (members["patient"], True),
        (members["learner"], False),
        (members["community"], False),
    ]
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(
            meeting=meeting,
            member=member,
            user=member.user,
            name=member.name,
            attended=attended,
        )
        for member, attended in attendance
    )
    MeetingAttendee.objects.create(
        meeting=meeting, user=director, name=str(director), attended=True
    )
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                meeting=meeting,
                description="Send the autumn evaluation summary to the panel",
                owner=director,
                due_on=today - timedelta(days=5),
            ),
            ActionItem(
                meeting=meeting,
                description="Ask two family partners to co-teach care transitions",
                owner=members["patient"].user,
                due_on=today - timedelta(days=10),
                status=ActionItem.Status.DONE,
                done_at=timezone.now() - timedelta(days=12),
                done_by=members["patient"].user,
            ),
            ActionItem(
                meeting=meeting,
                description="Find a prior-authorization reviewer to co-lead the case",
                owner=members["liaison"].user,
                due_on=today + timedelta(days=10),
            ),
        ]
    )
    return meeting


def _seed_partnership_meeting(program, director, members, today) -> AdvisoryMeeting:
    meeting, created = AdvisoryMeeting.objects.get_or_create(
        program=None,
        title=PARTNERSHIP_TITLE,
        defaults={
            "starts_at": _at(today + timedelta(days=14), 15),
            "place": "Riverside University, Health Sciences Library, room 204",
            "agenda": "1. The year's programs in numbers\n"
            "2. What payers and public agencies want residents to learn next year\n"
            "3. Patient and family partners across all programs",
            "created_by": director,
        },
    )
    if created:
        MeetingAttendee.objects.bulk_create(
            MeetingAttendee(meeting=meeting, member=member, user=member.user, name=member.name)
            for member in (members["liaison"], members["patient"])
        )
        MeetingAttendee.objects.create(meeting=meeting, user=director, name=str(director))
    return meeting
