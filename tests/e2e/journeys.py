"""Every page of the users' journeys, on the demo data, for the browser-wide checks
(Content-Security-Policy, axe-core, narrow screens).

To cover a new page, add one `JourneyPage` to `PAGES`: a placeholder such as `{program}` is
filled from `demo_values()`, which looks the demo's objects up once per test.
"""

import io
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from assessments.links import comparison_link_path
from assessments.models import Administration, ComparisonLink, Response
from assessments.selectors.due import due_for_learner
from partners.models import FacultyMember, Organization
from planning.models import AdvisoryMeeting, CoTeaching, Proposal, TeamMember
from planning.panel.demo import MEETING_TITLE, PARTNERSHIP_TITLE
from planning.patients.selectors import feedback_token
from reports.models import ReportRun
from rotation.models import Learner, Program, SeminarSession, User

ANONYMOUS = "anonymous"
DIRECTOR = "director@demo.test"
RESIDENT = "resident@demo.test"
FACULTY = "faculty@demo.test"
LIAISON = "liaison@demo.test"
STAFF = "admin@demo.test"
PATIENT = "patient@demo.test"  # a patient partner on the distributed program's planning team
ROLES = (ANONYMOUS, DIRECTOR, RESIDENT, FACULTY, LIAISON, STAFF, PATIENT)


@dataclass(frozen=True)
class JourneyPage:
    account: str  # a demo account's email, or ANONYMOUS
    name: str
    path: str  # with {placeholders} from demo_values()


PAGES = [
    JourneyPage(ANONYMOUS, "Sign in", "/accounts/login/"),
    JourneyPage(ANONYMOUS, "Password reset", "/accounts/password/reset/"),
    JourneyPage(ANONYMOUS, "Password reset sent", "/accounts/password/reset/done/"),
    JourneyPage(ANONYMOUS, "Error 404", "/no-such-page/"),
    JourneyPage(ANONYMOUS, "Patient-partner feedback form", "{patient_feedback}"),
    JourneyPage(ANONYMOUS, "Bad feedback link", "/patient-feedback/not-a-token/"),
    JourneyPage(ANONYMOUS, "Join a comparison group", "{comparison_join}"),
    # Course director
    JourneyPage(DIRECTOR, "Programs", "/programs/"),
    JourneyPage(DIRECTOR, "New program", "/programs/new/"),
    JourneyPage(DIRECTOR, "Program home", "/programs/{program}/"),
    JourneyPage(DIRECTOR, "Schedule (list)", "/programs/{program}/schedule/"),
    JourneyPage(DIRECTOR, "Schedule (grid)", "/programs/{program}/schedule/?view=grid"),
    JourneyPage(DIRECTOR, "Schedule (timeline)", "/programs/{program}/schedule/timeline/"),
    JourneyPage(DIRECTOR, "Timeline (distributed)", "/programs/{distributed}/schedule/timeline/"),
    JourneyPage(DIRECTOR, "Printable schedule", "/programs/{program}/schedule/print/"),
    JourneyPage(DIRECTOR, "Logistics sheet", "/programs/{program}/logistics/{seminar_day}/"),
    JourneyPage(DIRECTOR, "New session", "/programs/{program}/sessions/new/"),
    JourneyPage(DIRECTOR, "Session form", "/programs/{program}/sessions/{session}/edit/"),
    JourneyPage(DIRECTOR, "Topics", "/programs/{program}/topics/"),
    JourneyPage(DIRECTOR, "Roster", "/programs/{program}/learners/"),
    JourneyPage(DIRECTOR, "Attendance", "/programs/{program}/attendance/"),
    JourneyPage(DIRECTOR, "Attendance sheet", "/programs/{program}/sessions/{session}/attendance/"),
    JourneyPage(
        DIRECTOR, "Self check-in screen", "/programs/{program}/sessions/{session}/self-check-in/"
    ),
    JourneyPage(DIRECTOR, "Attendance export", "/exports/attendance/"),
    JourneyPage(DIRECTOR, "Milestone evidence", "/exports/milestones/"),
    JourneyPage(DIRECTOR, "Letters", "/programs/{program}/letters/"),
    JourneyPage(DIRECTOR, "Instruments", "/programs/{program}/instruments/"),
    JourneyPage(DIRECTOR, "Comparison group", "/programs/{program}/comparison/"),
    JourneyPage(DIRECTOR, "Assessment builder", "/instruments/{instrument}/"),
    JourneyPage(DIRECTOR, "Assessment preview", "/instruments/{instrument}/preview/"),
    JourneyPage(DIRECTOR, "Completion dashboard", "/administrations/{pre}/completion/"),
    JourneyPage(DIRECTOR, "A learner's response", "/administrations/{pre}/responses/{respondent}/"),
    JourneyPage(DIRECTOR, "Session evaluations", "/programs/{program}/evaluations/"),
    JourneyPage(DIRECTOR, "Reports", "/programs/{program}/reports/"),
    JourneyPage(DIRECTOR, "Report progress", "/programs/{program}/reports/{report_run}/"),
    JourneyPage(DIRECTOR, "Course evaluation", "/programs/{program}/reports/course-evaluation/"),
    JourneyPage(DIRECTOR, "Benchmarking", "/reports/benchmarking/"),
    JourneyPage(DIRECTOR, "Budget", "/programs/{program}/budget/"),
    JourneyPage(DIRECTOR, "Faculty & partners", "/volunteers/"),
    JourneyPage(DIRECTOR, "Volunteers", "/programs/{distributed}/volunteers/"),
    JourneyPage(DIRECTOR, "Calendar feeds", "/calendar/"),
    JourneyPage(DIRECTOR, "Program audit trail", "/programs/{program}/audit/"),
    JourneyPage(DIRECTOR, "Archive a program", "/programs/{program}/archive/"),
    JourneyPage(DIRECTOR, "Copy to next year", "/programs/{program}/copy/"),
    JourneyPage(DIRECTOR, "Two-factor authentication", "/accounts/2fa/"),
    JourneyPage(DIRECTOR, "Confirm password", "/accounts/reauthenticate/"),
    JourneyPage(DIRECTOR, "Error 403", "/audit/"),
    JourneyPage(DIRECTOR, "Agreements overview", "/agreements/"),
    JourneyPage(DIRECTOR, "Partner agreements", "/partners/{organization}/agreements/"),
    JourneyPage(
        DIRECTOR, "Edit an agreement", "/partners/{organization}/agreements/{agreement}/edit/"
    ),
    JourneyPage(
        DIRECTOR, "Renew an agreement", "/partners/{organization}/agreements/{agreement}/renew/"
    ),
    JourneyPage(DIRECTOR, "Partnership reviews", "/partners/{organization}/reviews/"),
    JourneyPage(DIRECTOR, "Review to record", "/partners/{organization}/reviews/{review}/"),
    JourneyPage(DIRECTOR, "Recorded review", "/partners/{organization}/reviews/{recorded_review}/"),
    JourneyPage(DIRECTOR, "Faculty experience", "/faculty-experience/"),
    # Resident
    JourneyPage(RESIDENT, "My rotation", "/my-rotation/"),
    JourneyPage(RESIDENT, "Assessment form", "{post_url}"),
    JourneyPage(RESIDENT, "Session evaluation", "{session_evaluation_url}"),
    JourneyPage(RESIDENT, "Course evaluation", "/evaluations/programs/{program}/"),
    JourneyPage(RESIDENT, "About you (optional demographics)", "/programs/{program}/about-you/"),
    JourneyPage(RESIDENT, "Results", "/assessments/{post}/results/"),
    JourneyPage(RESIDENT, "Calendar feeds", "/calendar/"),
    JourneyPage(RESIDENT, "Change password", "/accounts/password/change/"),
    JourneyPage(RESIDENT, "My data", "/my-data/"),
    JourneyPage(RESIDENT, "API tokens", "/api/tokens/"),
    JourneyPage(ANONYMOUS, "API documentation", "/api/docs/"),
    # Faculty
    JourneyPage(FACULTY, "My teaching", "/teaching/"),
    JourneyPage(FACULTY, "Profile", "/teaching/profile/"),
    JourneyPage(FACULTY, "Availability", "/teaching/availability/"),
    JourneyPage(FACULTY, "Availability form", "/teaching/availability/{distributed}/"),
    JourneyPage(FACULTY, "Volunteer board", "/teaching/volunteer/"),
    JourneyPage(FACULTY, "Session materials", "/sessions/{taught_session}/materials/"),
    JourneyPage(FACULTY, "Feedback", "/teaching/feedback/"),
    JourneyPage(FACULTY, "Feedback reports", "/teaching/feedback/reports/"),
    JourneyPage(FACULTY, "Faculty survey (answered)", "/teaching/surveys/{program}/"),
    # Partner liaison
    JourneyPage(LIAISON, "Partner organizations", "/partners/"),
    JourneyPage(LIAISON, "Organization", "/partners/{organization}/"),
    JourneyPage(LIAISON, "Edit organization", "/partners/{organization}/edit/"),
    JourneyPage(LIAISON, "New site", "/partners/{organization}/sites/new/"),
    JourneyPage(LIAISON, "Meeting rooms", "/partners/{organization}/rooms/"),
    JourneyPage(LIAISON, "Meeting room", "/partners/{organization}/rooms/{room}/"),
    JourneyPage(LIAISON, "Faculty pool", "/partners/{organization}/faculty/"),
    JourneyPage(LIAISON, "Contribution", "/partners/{organization}/contribution/"),
    JourneyPage(LIAISON, "Outcomes and value report", "/partners/{organization}/outcomes/"),
    JourneyPage(
        LIAISON, "Value report progress", "/partners/{organization}/value-reports/{value_run}/"
    ),
    JourneyPage(LIAISON, "Valuation rates", "/partners/{organization}/rates/"),
    JourneyPage(LIAISON, "Agreements", "/partners/{organization}/agreements/"),
    JourneyPage(LIAISON, "New contact", "/partners/{organization}/contacts/new/"),
    JourneyPage(LIAISON, "Reviews", "/partners/{organization}/reviews/"),
    JourneyPage(LIAISON, "Recorded review", "/partners/{organization}/reviews/{recorded_review}/"),
    # Planning team (the demo liaison is on the distributed program's team)
    JourneyPage(LIAISON, "Planning teams", "/planning/"),
    JourneyPage(LIAISON, "Plan", "/programs/{distributed}/planning/"),
    JourneyPage(LIAISON, "Proposals", "/programs/{distributed}/planning/proposals/"),
    JourneyPage(LIAISON, "New proposal", "/programs/{distributed}/planning/proposals/new/"),
    JourneyPage(LIAISON, "Proposal", "/programs/{distributed}/planning/proposals/{proposal}/"),
    JourneyPage(DIRECTOR, "Plan and team", "/programs/{distributed}/planning/"),
    JourneyPage(
        DIRECTOR, "Proposal decision", "/programs/{distributed}/planning/proposals/{proposal}/"
    ),
    # Advisory panel (the demo's meeting of the distributed program, and the partnership's)
    JourneyPage(DIRECTOR, "Advisory meetings", "/programs/{distributed}/planning/meetings/"),
    JourneyPage(DIRECTOR, "New advisory meeting", "/programs/{distributed}/planning/meetings/new/"),
    JourneyPage(DIRECTOR, "Advisory meeting record", "/planning/meetings/{meeting}/"),
    JourneyPage(DIRECTOR, "Edit advisory meeting", "/planning/meetings/{meeting}/edit/"),
    JourneyPage(DIRECTOR, "Partnership meetings", "/planning/meetings/"),
    JourneyPage(DIRECTOR, "New partnership meeting", "/planning/meetings/new/"),
    JourneyPage(DIRECTOR, "Action items", "/planning/actions/"),
    JourneyPage(LIAISON, "Advisory meeting", "/planning/meetings/{meeting}/"),
    JourneyPage(LIAISON, "Partnership meeting", "/planning/meetings/{partnership_meeting}/"),
    JourneyPage(LIAISON, "My action items", "/planning/actions/"),
    # The directory: directors add organizations and invite liaisons; liaisons invite colleagues
    JourneyPage(DIRECTOR, "Partner directory", "/partners/directory/"),
    JourneyPage(DIRECTOR, "New organization", "/partners/new/"),
    JourneyPage(LIAISON, "Invite a colleague", "/programs/{distributed}/faculty-pool/invite/"),
    # Patient and family partners
    JourneyPage(DIRECTOR, "Patient partners", "/programs/{distributed}/planning/patient-partners/"),
    JourneyPage(
        DIRECTOR,
        "Patient partner (director)",
        "/programs/{distributed}/planning/patient-partners/{patient_partner}/",
    ),
    JourneyPage(DIRECTOR, "Orientation checklist", "/programs/{distributed}/planning/orientation/"),
    JourneyPage(PATIENT, "Planning teams (patient partner)", "/planning/"),
    JourneyPage(PATIENT, "Plan (patient partner)", "/programs/{distributed}/planning/"),
    JourneyPage(
        PATIENT,
        "My patient-partner page",
        "/programs/{distributed}/planning/patient-partners/{patient_partner}/",
    ),
    JourneyPage(
        PATIENT,
        "My patient-partner profile",
        "/programs/{distributed}/planning/patient-partners/{patient_partner}/profile/",
    ),
    # Site staff (outside the Django admin)
    JourneyPage(STAFF, "Audit trail", "/audit/"),
    JourneyPage(STAFF, "Benchmarking (every program)", "/reports/benchmarking/"),
    JourneyPage(STAFF, "Deletion requests", "/privacy/deletion-requests/"),
    JourneyPage(STAFF, "Webhooks", "/webhooks/"),
    JourneyPage(STAFF, "New webhook endpoint", "/webhooks/new/"),
    JourneyPage(STAFF, "Delete a learner's account", "/privacy/learners/{resident}/delete/"),
]


def pages_of(account: str) -> list[JourneyPage]:
    return [page for page in PAGES if page.account == account]


def seed_demo() -> dict[str, object]:
    """The demo data (5 residents) with a course evaluation being rendered, and the values
    that fill the pages' placeholders."""
    cache.clear()  # allauth's rate limits
    call_command("seed_demo", "--learners", "5", stdout=io.StringIO())
    values = demo_values()
    distributed = Program.objects.get(slug=values["distributed"])
    # The demo's co-taught sessions ended weeks ago: a session that ended an hour ago gives the
    # anonymous feedback form an open link.
    ends_at = timezone.now() - timedelta(hours=1)
    while distributed.sessions.filter(
        starts_at__lt=ends_at, ends_at__gt=ends_at - timedelta(hours=2)
    ).exists():
        ends_at -= timedelta(days=1)  # the program's sessions never overlap
    just_ended = SeminarSession.objects.create(
        program=distributed,
        title="Listening to families",
        starts_at=ends_at - timedelta(hours=2),
        ends_at=ends_at,
        status="published",
    )
    co_teaching = CoTeaching.objects.create(
        session=just_ended,
        member=TeamMember.objects.get(program=distributed, email=PATIENT),
        contribution="shares her story",
    )
    values["patient_feedback"] = f"/patient-feedback/{feedback_token(co_teaching=co_teaching)}/"
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.COURSE_EVALUATION,
        program=Program.objects.get(slug=values["program"]),
        status=ReportRun.Status.RUNNING,
        progress=40,
    )
    value_run = ReportRun.objects.create(
        kind=ReportRun.Kind.PARTNER_VALUE,
        organization=Organization.objects.get(slug=values["organization"]),
        program=run.program,
        status=ReportRun.Status.RUNNING,
        progress=40,
    )
    return {**values, "report_run": run.pk, "value_run": value_run.pk}


def demo_values() -> dict[str, object]:
    director = User.objects.get(email=DIRECTOR)
    program = director.directed_programs.filter(format="concentrated").latest("start_date")
    distributed = director.directed_programs.filter(format="distributed").latest("start_date")
    session = SeminarSession.objects.filter(program=program, status="published").earliest(
        "starts_at"
    )
    pre = Administration.objects.get(instrument__program=program, kind="pre")
    post = Administration.objects.get(instrument__program=program, kind="post")
    resident = Learner.objects.get(email=RESIDENT)
    due = {item.kind: item.url for item in due_for_learner(learner=resident, now=timezone.now())}
    member = FacultyMember.objects.get(user__email=FACULTY)
    liaison = User.objects.get(email=LIAISON)
    organization = liaison.liaison_organizations.earliest("name")
    return {
        "program": program.slug,
        "distributed": distributed.slug,
        "session": session.pk,
        "seminar_day": timezone.localdate(session.starts_at).isoformat(),
        "instrument": pre.instrument_id,
        "pre": pre.pk,
        "post": post.pk,
        "respondent": Response.objects.filter(administration=pre, status="submitted")
        .earliest("learner__last_name")
        .learner_id,
        "resident": resident.pk,
        "post_url": due["post"],
        "session_evaluation_url": due["session"],
        "taught_session": member.sessions.filter(program__archived_at=None)
        .earliest("starts_at")
        .pk,
        "organization": organization.slug,
        "room": organization.sites.earliest("name").rooms.earliest("name").pk,
        "proposal": Proposal.objects.get(program=distributed, status="open").pk,
        "meeting": AdvisoryMeeting.objects.get(program=distributed, title=MEETING_TITLE).pk,
        "partnership_meeting": AdvisoryMeeting.objects.get(title=PARTNERSHIP_TITLE).pk,
        "agreement": organization.agreements.get(renewal=None).pk,
        "review": organization.reviews.get(recorded_at=None).pk,
        "recorded_review": organization.reviews.exclude(recorded_at=None).get().pk,
        "patient_partner": TeamMember.objects.get(program=distributed, email=PATIENT).pk,
        "patient_feedback": "/patient-feedback/not-a-token/",  # seed_demo() adds an open link
        "comparison_join": comparison_link_path(link=ComparisonLink.objects.get(program=program)),
    }


def url_of(page: JourneyPage, values: dict[str, object]) -> str:
    return page.path.format(**values)


def new_context(browser, live_server, account: str, **options):
    """A browser context signed in as the demo `account` (a session cookie, no sign-in form)."""
    context = browser.new_context(base_url=live_server.url, **options)
    if account != ANONYMOUS:
        client = Client()
        client.force_login(User.objects.get(email=account))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context
