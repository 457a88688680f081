"""The REST endpoints: thin views over the pages' selectors (access-checked lookups: 404 for
what is not the user's) and services (archive guard, conflicts, audit trail). Every list is
paginated and reads a constant number of queries whatever its length."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from api import serializers
from api.filters import filter_enrollments, filter_sessions, validated
from assessments.selectors.lookups import get_administration_for_director
from assessments.selectors.responses import administrations_for_readiness, completion
from partners.selectors import get_organization_for_manager, organizations_managed_by
from partners.selectors import rooms_for_organization as organization_rooms
from reports import exports, selectors, services
from reports.models import ReportRun
from rotation.selectors.access import (
    get_program_for_director,
    programs_for_director,
    sessions_for_learner,
)
from rotation.selectors.programs import topics_for_program
from rotation.selectors.roster import attendance_sheet, roster_for_program
from rotation.selectors.schedule import (
    get_session_for_program,
    rooms_for_program,
    schedule_for_program,
)
from rotation.services.attendance import record_attendance
from rotation.services.roster import import_roster
from rotation.services.scheduling import cancel_session, schedule_session

PROGRAM_TAG = ["programs"]
# record_id, administration, submitted_on, knowledge_correct, knowledge_total; then the answers.
FIXED_COLUMNS = 5


class ProgramMixin:
    """Endpoints under /api/programs/<slug>/: the program's directors and staff."""

    permission_required = "rotation.view_program"

    @cached_property
    def program(self):
        return get_program_for_director(user=self.request.user, slug=self.kwargs["slug"])

    def get_session(self):
        return get_session_for_program(program=self.program, pk=self.kwargs["pk"])


@extend_schema(tags=PROGRAM_TAG)
class ProgramList(generics.ListAPIView):
    """The programs you direct (every program for site staff)."""

    permission_required = "rotation.direct_programs"
    serializer_class = serializers.ProgramSerializer

    def get_queryset(self):
        return programs_for_director(user=self.request.user).order_by("-start_date", "slug")


@extend_schema(tags=PROGRAM_TAG)
class ProgramDetail(ProgramMixin, generics.RetrieveAPIView):
    serializer_class = serializers.ProgramSerializer

    def get_object(self):
        return self.program


@extend_schema(tags=PROGRAM_TAG)
class TopicList(ProgramMixin, generics.ListAPIView):
    serializer_class = serializers.TopicSerializer

    def get_queryset(self):
        return topics_for_program(program=self.program)


@extend_schema(tags=["sessions"])
class SessionList(ProgramMixin, generics.ListAPIView):
    """The program's sessions with their rooms and faculty, by start; filter by status and date."""

    serializer_class = serializers.SessionSerializer

    def get_queryset(self):
        filters = validated(serializers.SessionFilterSerializer, self.request)
        return filter_sessions(schedule_for_program(program=self.program), **filters)

    @extend_schema(parameters=[serializers.SessionFilterSerializer])
    def get(self, request, slug):
        return self.list(request)

    @extend_schema(
        summary="Schedule a draft session",
        description="Refused (400, naming the other session) when the room, the cohort or a "
        "faculty member is already booked at that time.",
        request=serializers.SessionWriteSerializer,
        responses={201: serializers.SessionSerializer},
    )
    def post(self, request, slug):
        program = self.program
        data = serializers.SessionWriteSerializer(data=request.data, context={"program": program})
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        session = schedule_session(
            program=program,
            title=fields["title"],
            description=fields["description"],
            starts_at=fields["starts_at"],
            ends_at=fields["ends_at"],
            room=fields["room"],
            topic=fields["topic"],
            faculty=[(row["id"], row["role"]) for row in fields["faculty"]],
            actor=request.user,
        )
        session = get_session_for_program(program=program, pk=session.pk)
        return Response(self.get_serializer(session).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["sessions"])
class SessionDetail(ProgramMixin, generics.RetrieveAPIView):
    serializer_class = serializers.SessionSerializer

    def get_object(self):
        return self.get_session()


@extend_schema(tags=["sessions"], request=None, responses=serializers.SessionSerializer)
class SessionCancel(ProgramMixin, generics.GenericAPIView):
    """Cancel a session; if it was published, its learners and faculty are told."""

    permission_required = "rotation.change_program"
    serializer_class = serializers.SessionSerializer

    def post(self, request, slug, pk):
        cancel_session(session=self.get_session(), actor=request.user)
        return Response(self.get_serializer(self.get_session()).data)


@extend_schema(tags=["sessions"])
class MySessionList(generics.ListAPIView):
    """A resident's schedule: the published sessions of the programs they are enrolled in."""

    permission_required = "rotation.attend_programs"
    serializer_class = serializers.LearnerSessionSerializer

    def get_queryset(self):
        return sessions_for_learner(learner=self.request.user.learner_profile)


@extend_schema(tags=["partners"])
class ProgramRoomList(ProgramMixin, generics.ListAPIView):
    """Active rooms, those at the program's partners first."""

    serializer_class = serializers.RoomSerializer

    def get_queryset(self):
        return rooms_for_program(program=self.program)


@extend_schema(tags=["partners"])
class OrganizationList(generics.ListAPIView):
    """Partner organizations you are a liaison of, or that partner in a program you direct."""

    permission_required = "partners.manage_partners"
    serializer_class = serializers.OrganizationSerializer

    def get_queryset(self):
        return organizations_managed_by(user=self.request.user).order_by("name")


@extend_schema(tags=["partners"])
class OrganizationRoomList(generics.ListAPIView):
    permission_required = "partners.manage_partners"
    serializer_class = serializers.OrganizationRoomSerializer

    def get_queryset(self):
        organization = get_organization_for_manager(
            user=self.request.user, slug=self.kwargs["slug"]
        )
        return organization_rooms(organization=organization)


@extend_schema(tags=["learners"], parameters=[serializers.EnrollmentFilterSerializer])
class EnrollmentList(ProgramMixin, generics.ListAPIView):
    """The program's learners and their enrollment status."""

    serializer_class = serializers.EnrollmentSerializer

    def get_queryset(self):
        filters = validated(serializers.EnrollmentFilterSerializer, self.request)
        return filter_enrollments(roster_for_program(program=self.program), **filters)


ROSTER_EXAMPLE = {
    "rows": [
        {
            "email": "a.resident@hospital.example.org",
            "first_name": "Alex",
            "last_name": "Resident",
            "residency_program": "Internal Medicine",
            "pgy_level": 2,
            "program_director_name": "Dr. Pat Director",
            "program_director_email": "pd@hospital.example.org",
        }
    ]
}


@extend_schema(tags=["learners"])
class RosterImport(ProgramMixin, generics.GenericAPIView):
    permission_required = "rotation.change_program"
    serializer_class = serializers.RosterImportSerializer

    @extend_schema(
        summary="Import a roster",
        description="Enroll every row, creating learners and their accounts (invited by email) "
        "where they are new; all rows or none. Importing the same roster again changes nothing.",
        responses={200: serializers.ImportOutcomeSerializer},
        examples=[OpenApiExample("One resident", value=ROSTER_EXAMPLE, request_only=True)],
    )
    def post(self, request, slug):
        program = self.program  # 404 for another's program, before reading the body
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = import_roster(
            program=program,
            rows=serializer.validated_data["rows"],
            base_url=settings.SITE_URL,
            actor=request.user,
        )
        return Response(serializers.ImportOutcomeSerializer(outcome).data)


@extend_schema(tags=["attendance"])
class AttendanceSheet(ProgramMixin, generics.ListAPIView):
    """A session's attendance: every enrolled learner and their status ("" if not recorded)."""

    serializer_class = serializers.AttendanceRowSerializer

    def get_queryset(self):
        return [
            {"learner": enrollment.learner, "status": status}
            for enrollment, status in attendance_sheet(session=self.get_session())
        ]

    @extend_schema(summary="Read a session's attendance")
    def get(self, request, slug, pk):
        return self.list(request)

    @extend_schema(
        summary="Record one learner's attendance",
        request=serializers.AttendanceWriteSerializer,
        responses={200: serializers.AttendanceSerializer},
        examples=[
            OpenApiExample("Present", value={"learner": 42, "status": "present"}, request_only=True)
        ],
    )
    def post(self, request, slug, pk):
        session = self.get_session()
        data = serializers.AttendanceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        learner = next(
            (
                enrollment.learner
                for enrollment, _ in attendance_sheet(session=session)
                if enrollment.learner_id == data.validated_data["learner"]
            ),
            None,
        )
        if learner is None:
            return Response(
                {"learner": ["No learner with this id is enrolled in the program."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        attendance = record_attendance(
            session=session,
            learner=learner,
            status=data.validated_data["status"],
            recorded_by=request.user,
        )
        return Response(serializers.AttendanceSerializer(attendance).data)


@extend_schema(tags=["assessments"])
class AdministrationList(ProgramMixin, generics.ListAPIView):
    """The program's pre- and post-assessments with their submitted-response counts."""

    permission_required = "assessments.manage"
    serializer_class = serializers.AdministrationSerializer

    def get_queryset(self):
        return administrations_for_readiness(program=self.program)


@extend_schema(tags=["assessments"], responses=serializers.CompletionSerializer)
class AdministrationCompletion(generics.GenericAPIView):
    """Where each enrolled learner stands: submitted, draft or not started."""

    permission_required = "assessments.manage"
    serializer_class = serializers.CompletionSerializer

    def get(self, request, pk):
        administration = get_administration_for_director(user=request.user, pk=pk)
        return Response(self.get_serializer(completion(administration=administration)).data)


@extend_schema(tags=["assessments"])
class DeidentifiedResponseList(ProgramMixin, generics.ListAPIView):
    """Submitted responses, de-identified as the research CSV: a stable code per learner, no
    names or free text, dates shifted. Each read is recorded in the program's audit trail."""

    permission_required = "reports.view_program_reports"
    serializer_class = serializers.DeidentifiedResponseSerializer

    def get_queryset(self):
        header, rows = exports.response_table(program=self.program, identified=False)
        return [
            {
                **dict(zip(header[:FIXED_COLUMNS], row[:FIXED_COLUMNS], strict=True)),
                "answers": dict(zip(header[FIXED_COLUMNS:], row[FIXED_COLUMNS:], strict=True)),
            }
            for row in rows
        ]

    @extend_schema(summary="Fetch de-identified responses")
    def get(self, request, slug):
        response = self.list(request)
        services.record_export(program=self.program, user=request.user, identified=False)
        return response


@extend_schema(tags=["reports"])
class ReportRunList(ProgramMixin, generics.ListCreateAPIView):
    """The program's course evaluations (PDF): request one, then poll it until it is done."""

    permission_required = "reports.view_program_reports"
    serializer_class = serializers.ReportRunSerializer

    def get_queryset(self):
        return selectors.runs_for_program(program=self.program)

    @extend_schema(summary="Request a course evaluation", request=None)
    def post(self, request, slug):
        run = services.request_report(program=self.program, user=request.user)
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["reports"], summary="Poll a course evaluation")
class ReportRunDetail(ProgramMixin, generics.RetrieveAPIView):
    permission_required = "reports.view_program_reports"
    serializer_class = serializers.ReportRunSerializer

    def get_object(self):
        return selectors.get_run_for_program(program=self.program, pk=self.kwargs["pk"])


@extend_schema(
    tags=["reports"],
    summary="Download a course evaluation",
    responses={(200, "application/pdf"): OpenApiTypes.BINARY},
)
class ReportRunDownload(ReportRunDetail):
    def get(self, request, slug, pk):
        run = self.get_object()
        if run.status != ReportRun.Status.DONE or not run.file:
            raise Http404("This report has no file yet: poll it until its status is done.")
        return FileResponse(
            run.file.open("rb"),
            as_attachment=True,
            filename=f"{slug}-course-evaluation-{run.pk}.pdf",
            content_type="application/pdf",
        )
