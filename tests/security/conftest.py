"""One shared world for the access tests: two programs with their directors, a partner with its
liaison, site and room, a faculty member teaching a published session, an enrolled resident who
has answered the pre-assessment, single sign-on providers, and one object of every model the
Django admin lists."""

import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from api.services import create_token
from assessments.models import (
    Administration,
    Answer,
    ComparisonLink,
    ComparisonMember,
    CourseEvaluation,
    DemographicAnswers,
    EvaluationSettings,
    Notification,
    Response,
    SessionEvaluation,
)
from audit.services import record_event
from outbox.models import Job
from partners.models import (
    Agreement,
    AgreementReminder,
    Contact,
    ExpertiseArea,
    FacultyInvitation,
    LiaisonInvitation,
    RoomBlackout,
    ValuationRates,
)
from partners.valuation import DEFAULT_RATES
from planning.models import (
    ActionItem,
    AdvisoryMeeting,
    CoTeaching,
    OrientationItem,
    Proposal,
    TeamInvitation,
    TeamMember,
)
from planning.patients.selectors import feedback_token
from privacy.services import request_deletion
from reports.models import PartnershipReview, ReportRun
from rotation.models import (
    Attendance,
    CalendarFeed,
    Enrollment,
    ExcusalLetter,
    PoolMember,
    ProgramContribution,
    ProgramCost,
    ProgramPartner,
    RosterImport,
    SessionFaculty,
    User,
)
from teaching.models import (
    FacultyAvailability,
    FacultySurvey,
    PrintingRecord,
    SessionMaterial,
    TeachingWithdrawal,
    VolunteerOffer,
)
from tests.assessments.factories import build_instrument
from tests.factories import (
    PASSWORD,
    FacultyMemberFactory,
    LearnerFactory,
    MeetingRoomFactory,
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SiteFactory,
    TopicFactory,
)
from webhooks.models import Delivery, Endpoint

ROLES = (
    "anonymous",
    "resident",
    "faculty",
    "liaison",
    "director",
    "other_director",
    "staff",
)

# A 1×1 transparent GIF: enough for an ImageField, never decoded by these tests.
TINY_GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"  # noqa: E501


# The world makes seven accounts; the default hasher is slow on purpose.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(email: str, **fields) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def build_world() -> SimpleNamespace:
    now = timezone.now()
    director = _user("director@riverside.example.org", first_name="Dana")
    other_director = _user("other-director@riverside.example.org")
    liaison = _user("liaison@keystone.example.org")
    faculty_user = _user("maria@keystone.example.org", first_name="Maria")
    resident = _user("resident@hospital.example.org")
    staff = _user("staff@riverside.example.org", is_staff=True, is_superuser=True)

    organization = OrganizationFactory(name="Keystone Health Plan", slug="keystone")
    organization.liaisons.add(liaison)
    site = SiteFactory(organization=organization, name="Headquarters")
    room = MeetingRoomFactory(site=site, name="Boardroom A")
    blackout = RoomBlackout.objects.create(room=room, date=now.date() + timedelta(days=90))
    faculty = FacultyMemberFactory(
        organization=organization, user=faculty_user, email=faculty_user.email
    )
    faculty.photo.save("maria.gif", ContentFile(TINY_GIF))
    invitee = FacultyMemberFactory(organization=organization, email="new@keystone.example.org")
    invitation = FacultyInvitation.objects.create(faculty_member=invitee, invited_by=liaison)

    program = ProgramFactory(
        name="Concentrated 2026", slug="concentrated-2026", liaisons_may_invite_faculty=True
    )
    program.directors.add(director)
    other_program = ProgramFactory(name="Distributed 2026", slug="distributed-2026")
    other_program.directors.add(other_director)
    ProgramPartner.objects.create(program=program, organization=organization, role="host_content")
    topic = TopicFactory(program=program, title="Paying for quality")
    session = SeminarSessionFactory(program=program, topic=topic, room=room, status="published")
    SessionFaculty.objects.create(
        session=session,
        faculty_member=faculty,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        confirmation="confirmed",
    )
    open_session = SeminarSessionFactory(program=program, room=room, status="published")
    # The liaison has joined the program's planning team; a patient partner is still invited.
    TeamMember.objects.create(
        program=program,
        user=liaison,
        name="Lee Liaison",
        email=liaison.email,
        role=TeamMember.Role.PARTNER_LIAISON,
        organization=organization,
        joined_at=now,
    )
    patient_partner = TeamMember.objects.create(
        program=program,
        name="Pat Partner",
        email="pat@families.example.org",
        role=TeamMember.Role.PATIENT_PARTNER,
    )
    planning_invitation = TeamInvitation.objects.create(member=patient_partner, invited_by=director)
    # Pat co-taught a session two days ago: the feedback link is open.
    past_session = SeminarSessionFactory(
        program=program,
        room=room,
        status="published",
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=1),
    )
    co_teaching = CoTeaching.objects.create(
        session=past_session, member=patient_partner, contribution="shares their story"
    )
    orientation_item = OrientationItem.objects.create(program=program, title="Confidentiality")
    proposal = Proposal.objects.create(
        program=program,
        title="Prior authorization from the patient's side",
        rationale="Residents order; patients wait.",
        sbp_competency="SBP2",
        format="storytelling",
        proposed_by=liaison,
        proposer_name="Lee Liaison",
        proposer_kind=TeamMember.Role.PARTNER_LIAISON,
        proposer_organization=organization,
    )
    # The advisory panel: a meeting of the program with an action for the liaison, and one of
    # the whole partnership. A liaison is invited to a new organization a director added.
    meeting = AdvisoryMeeting.objects.create(
        program=program, title="Spring panel", starts_at=now, place="Boardroom A"
    )
    action = ActionItem.objects.create(
        meeting=meeting,
        description="Find a reviewer",
        owner=liaison,
        due_on=now.date() + timedelta(days=7),
    )
    partnership_meeting = AdvisoryMeeting.objects.create(
        title="Partnership council", starts_at=now, video_link="https://meet.example.org/council"
    )
    new_organization = OrganizationFactory(
        name="Eastside Clinic", slug="eastside", created_by=director
    )
    liaison_invitation = LiaisonInvitation.objects.create(
        organization=new_organization,
        name="Eve Eastside",
        email="eve@eastside.example.org",
        invited_by=director,
    )
    offer = VolunteerOffer.objects.create(
        faculty_member=faculty, program=program, session=open_session
    )

    learner = LearnerFactory(user=resident, email=resident.email)
    enrollment = Enrollment.objects.create(program=program, learner=learner)
    attendance = Attendance.objects.create(session=session, learner=learner, status="present")
    letter = ExcusalLetter.objects.create(enrollment=enrollment)
    feed = CalendarFeed.objects.create(user=resident, token="resident-feed-token")

    instrument = build_instrument(program, knowledge=1, attitude=1, free_text=0)
    item = instrument.items.get(kind="knowledge")
    pre = Administration.objects.create(
        instrument=instrument,
        kind=Administration.Kind.PRE,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=6),
    )
    response = Response.objects.create(
        administration=pre, learner=learner, started_at=now, updated_at=now
    )
    answer = Answer.objects.create(
        response=response, item=item, choice=item.choices.first(), answered_at=now
    )
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.COURSE_EVALUATION,
        program=program,
        requested_by=director,
        status=ReportRun.Status.DONE,
        progress=100,
    )
    run.file.save("report.pdf", ContentFile(b"%PDF-1.4 report"))
    feedback_run = ReportRun.objects.create(
        kind=ReportRun.Kind.FACULTY_FEEDBACK,
        faculty_member=faculty,
        requested_by=faculty_user,
        status=ReportRun.Status.DONE,
        progress=100,
    )
    feedback_run.file.save("feedback.pdf", ContentFile(b"%PDF-1.4 feedback"))
    milestone_run = ReportRun.objects.create(
        kind=ReportRun.Kind.MILESTONE_EVIDENCE,
        academic_year=program.academic_year,
        requested_by=director,
        status=ReportRun.Status.DONE,
        progress=100,
    )
    benchmarking_run = ReportRun.objects.create(
        kind=ReportRun.Kind.BENCHMARKING,
        requested_by=director,
        status=ReportRun.Status.DONE,
        progress=100,
    )
    milestone_run.file.save("milestones.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    benchmarking_run.file.save("benchmarking.pdf", ContentFile(b"%PDF-1.4 benchmarking"))
    value_run = ReportRun.objects.create(
        kind=ReportRun.Kind.PARTNER_VALUE,
        organization=organization,
        program=program,
        requested_by=liaison,
        status=ReportRun.Status.DONE,
        progress=100,
    )
    value_run.file.save("value.pdf", ContentFile(b"%PDF-1.4 value"))
    ValuationRates.objects.create(
        organization=organization, academic_year=program.academic_year, **DEFAULT_RATES
    )
    cost = ProgramCost.objects.create(program=program, category="catering", amount=120)
    cash = ProgramContribution.objects.create(
        program=program, organization=organization, kind="cash", amount=500
    )
    roster_import = RosterImport.objects.create(
        program=program,
        requested_by=director,
        filename="roster.csv",
        base_url="http://testserver/",
        row_count=600,
        status=RosterImport.Status.DONE,
        progress=100,
        enrollments_created=600,
    )
    material = SessionMaterial.objects.create(
        session=session,
        file=ContentFile(b"%PDF-1.4 handout", name="handout.pdf"),
        original_name="handout.pdf",
        content_type="application/pdf",
        size=16,
        uploaded_by=faculty_user,
    )

    sponsor = OrganizationFactory(
        name="Riverside School of Medicine", slug="riverside", kind="academic_sponsor"
    )
    agreement = Agreement.objects.create(
        organization=organization,
        sponsor=sponsor,
        starts_on=now.date() - timedelta(days=300),
        ends_on=now.date() + timedelta(days=30),
        signed_on=now.date() - timedelta(days=310),
        document_name="mou.pdf",
    )
    agreement.document.save("mou.pdf", ContentFile(b"%PDF-1.4 agreement"))
    AgreementReminder.objects.create(agreement=agreement, days_before=60)
    contact = Contact.objects.create(
        organization=organization,
        name="Ava Chen",
        email="ava@keystone.example.org",
        av_contact=True,
    )

    review = PartnershipReview.objects.create(organization=organization, held_on=now.date())
    FacultySurvey.objects.create(faculty_member=faculty, program=program, invited_at=now)

    # One of every other model the admin lists, so each admin page opens a real object.
    Group.objects.create(name="Coordinators")
    ExpertiseArea.objects.create(name="Value-based payment")
    FacultyAvailability.objects.create(
        faculty_member=faculty, program=program, day=program.start_date, choice="all_day"
    )
    TeachingWithdrawal.objects.create(session=open_session, faculty_member=faculty, reason="Ill")
    PrintingRecord.objects.create(organization=organization, program=program, pages=40)
    SessionEvaluation.objects.create(
        session=session, learner=learner, overall=4, relevance=4, changed_view=4, submitted_at=now
    )
    CourseEvaluation.objects.create(program=program, learner=learner, overall=5, submitted_at=now)
    Notification.objects.create(administration=pre, learner=learner, key="invitation", sent_at=now)
    EvaluationSettings.objects.create(program=program)
    ComparisonMember.objects.create(
        program=program, learner=LearnerFactory(email="comparison@example.org"), added_at=now
    )
    TOTP.activate(faculty_user, generate_totp_secret())
    RecoveryCodes.activate(faculty_user)
    record_event(actor=director, action="session.published", target=session, program=program)
    Job.objects.create(task_name="reports.render_report", kwargs={"run_id": 0})  # never relayed
    request_deletion(learner=learner)
    # Single sign-on: an OpenID Connect and a SAML provider, and the resident's linked identity.
    institution = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="institution",
        name="Riverside University",
        client_id="mini-rotation",
        secret="not-used",
        settings={"server_url": "https://idp.riverside.example.org", "domains": ["example.org"]},
    )
    SocialApp.objects.create(
        provider="saml",
        provider_id="riverside-saml",
        client_id="riverside-saml",
        name="Riverside University (SAML)",
        settings={
            "idp": {
                "entity_id": "https://idp.riverside.example.org/saml",
                "sso_url": "https://idp.riverside.example.org/saml/sso",
                "x509cert": "not-used",
            },
            "domains": ["example.org"],
            # The test client's host, "testserver", has no dot.
            "advanced": {"allow_single_label_domains": True},
        },
    )
    linked = SocialAccount.objects.create(user=resident, provider="institution", uid="r-1")
    SocialToken.objects.create(app=institution, account=linked, token="not-used")
    token = create_token(
        user=resident, name="Sync", scope="read", expires_at=now + timedelta(days=30)
    ).token
    PoolMember.objects.create(program=program, faculty_member=faculty, invited_by=liaison)
    ComparisonLink.objects.create(
        program=program,
        residency_program="Psychiatry",
        program_director_name="Dr. P",
        program_director_email="pd@hospital.example.org",
        created_by=director,
        created_at=now,
        expires_at=now + timedelta(days=30),
    )
    DemographicAnswers.objects.create(
        program=program, learner=learner, specialty="psychiatry", updated_at=now
    )
    webhook = Endpoint.objects.create(
        name="Warehouse", url="http://127.0.0.1:9/", events=["session.published"]
    )
    failed_delivery = Delivery.objects.create(
        endpoint=webhook, event="session.published", payload={}, status="failed", attempts=8
    )

    return SimpleNamespace(
        users={
            "resident": resident,
            "faculty": faculty_user,
            "liaison": liaison,
            "director": director,
            "other_director": other_director,
            "staff": staff,
        },
        organization=organization,
        site=site,
        room=room,
        blackout=blackout,
        faculty=faculty,
        invitation=invitation,
        planning_invitation=planning_invitation,
        meeting=meeting,
        action=action,
        partnership_meeting=partnership_meeting,
        new_organization=new_organization,
        liaison_invitation=liaison_invitation,
        patient_partner=patient_partner,
        co_teaching=co_teaching,
        # Signed once: a token signed a second later differs, and the forms must match the rows.
        feedback_token=feedback_token(co_teaching=co_teaching),
        orientation_item=orientation_item,
        proposal=proposal,
        program=program,
        other_program=other_program,
        topic=topic,
        session=session,
        open_session=open_session,
        offer=offer,
        learner=learner,
        enrollment=enrollment,
        attendance=attendance,
        letter=letter,
        feed=feed,
        instrument=instrument,
        item=item,
        administration=pre,
        response=response,
        answer=answer,
        run=run,
        feedback_run=feedback_run,
        milestone_run=milestone_run,
        benchmarking_run=benchmarking_run,
        value_run=value_run,
        cost=cost,
        cash=cash,
        roster_import=roster_import,
        material=material,
        token=token,
        webhook=webhook,
        failed_delivery=failed_delivery,
        agreement=agreement,
        contact=contact,
        review=review,
    )


@pytest.fixture
def world(db, settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def pytest_terminal_summary(terminalreporter):
    """Quote the matrix's size at the end of every run that collected it."""
    matrix = sys.modules.get("tests.security.test_access_matrix")
    if matrix is not None:
        urls = len(matrix.PATTERNS)
        terminalreporter.write_line(
            f"access matrix: {urls} URL patterns x {len(ROLES)} roles = {urls * len(ROLES)} checks"
        )
