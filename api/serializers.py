"""What the API shows of the model instances that selectors return, and what it accepts."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Administration
from outbox.models import Job
from partners.models import MeetingRoom, Organization
from reports.models import ReportRun
from rotation.competencies import SbpCompetency
from rotation.importing import COLUMNS, LearnerRowForm
from rotation.models import (
    Attendance,
    Enrollment,
    Learner,
    Program,
    SeminarSession,
    SessionFaculty,
    Topic,
)
from rotation.selectors.programs import topics_for_program
from rotation.selectors.schedule import faculty_for_program, rooms_for_program


class ProgramSerializer(serializers.ModelSerializer):
    is_archived = serializers.BooleanField(read_only=True)

    class Meta:
        model = Program
        fields = [
            "slug",
            "name",
            "academic_year",
            "format",
            "start_date",
            "end_date",
            "description",
            "goals",
            "is_schedule_public",
            "is_archived",
        ]


class TopicSerializer(serializers.ModelSerializer):
    sbp_competencies = serializers.ListField(
        child=serializers.ChoiceField(choices=SbpCompetency.choices),
        read_only=True,
        help_text="ACGME Milestones 2.0 Systems-Based Practice sub-competencies: SBP1 patient "
        "safety and quality improvement, SBP2 system navigation for patient-centered care, SBP3 "
        "physician role in health care systems.",
    )

    class Meta:
        model = Topic
        fields = ["id", "title", "description", "learning_objectives", "sbp_competencies"]


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "name", "kind", "description", "website", "address", "phone"]


class RoomSerializer(serializers.ModelSerializer):
    site = serializers.CharField(source="site.name", read_only=True)
    address = serializers.CharField(source="site.address", read_only=True)
    organization = serializers.SlugRelatedField(
        source="site.organization", slug_field="slug", read_only=True
    )

    class Meta:
        model = MeetingRoom
        fields = [
            "id",
            "name",
            "organization",
            "site",
            "address",
            "capacity",
            "av_equipment",
            "has_video_conferencing",
            "has_printing",
            "accessibility_notes",
            "is_active",
        ]


class OrganizationRoomSerializer(RoomSerializer):
    """A room of the organization named in the URL."""

    organization = None

    class Meta(RoomSerializer.Meta):
        fields = [name for name in RoomSerializer.Meta.fields if name != "organization"]


class SessionFacultySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="faculty_member.pk")
    name = serializers.CharField(source="faculty_member.__str__")
    role = serializers.CharField()
    confirmation = serializers.CharField()


class SessionSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    topic = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    room = RoomSerializer(read_only=True, allow_null=True)
    faculty = SessionFacultySerializer(source="faculty_assignments", many=True, read_only=True)

    class Meta:
        model = SeminarSession
        fields = [
            "id",
            "program",
            "title",
            "description",
            "topic",
            "starts_at",
            "ends_at",
            "status",
            "published_at",
            "room",
            "faculty",
        ]


SESSION_YEARS = (2000, 2100)


@extend_schema_field(OpenApiTypes.INT)
class ProgramChoices(serializers.PrimaryKeyRelatedField):
    """An id among the objects a selector offers for the program in the serializer's context."""

    def __init__(self, *, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.selector(program=self.context["program"])


class SessionFacultyWriteSerializer(serializers.Serializer):
    id = ProgramChoices(selector=faculty_for_program, help_text="A faculty member's id.")
    role = serializers.ChoiceField(choices=SessionFaculty.Role.choices, default="lead")


class SessionWriteSerializer(serializers.Serializer):
    """A draft session; its room, topic and faculty are among those the schedule editor offers."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    room = ProgramChoices(selector=rooms_for_program, required=False, allow_null=True, default=None)
    topic = ProgramChoices(
        selector=topics_for_program, required=False, allow_null=True, default=None
    )
    faculty = SessionFacultyWriteSerializer(many=True, required=False, default=list, max_length=20)

    def _in_our_era(self, value):
        # Historical time zones (before 1900, local mean time) would be shown with offsets in
        # seconds, which no calendar reads; no seminar is scheduled that far away.
        if not SESSION_YEARS[0] <= value.year <= SESSION_YEARS[1]:
            raise serializers.ValidationError(
                f"Use a date between {SESSION_YEARS[0]} and {SESSION_YEARS[1]}."
            )
        return value

    validate_starts_at = validate_ends_at = _in_our_era


class LearnerSessionSerializer(SessionSerializer):
    faculty = None

    class Meta(SessionSerializer.Meta):
        fields = [name for name in SessionSerializer.Meta.fields if name != "faculty"]


class SessionFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SeminarSession.Status.choices, required=False)
    starts_after = serializers.DateField(
        required=False, help_text="Sessions starting on or after this date."
    )
    starts_before = serializers.DateField(
        required=False, help_text="Sessions starting before this date."
    )


class EnrollmentFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Enrollment.Status.choices, required=False)


class LearnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Learner
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "residency_program",
            "pgy_level",
            "program_director_name",
            "program_director_email",
        ]


class EnrollmentSerializer(serializers.ModelSerializer):
    learner = LearnerSerializer(read_only=True)

    class Meta:
        model = Enrollment
        fields = ["id", "status", "enrolled_at", "learner"]


class RosterRowSerializer(serializers.Serializer):
    """One roster row; validated by the same form as a row of the roster CSV."""

    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    residency_program = serializers.CharField(max_length=200)
    pgy_level = serializers.IntegerField(min_value=1, max_value=8)
    program_director_name = serializers.CharField(max_length=200)
    program_director_email = serializers.EmailField()

    def validate(self, attrs):
        form = LearnerRowForm(data={name: attrs[name] for name in COLUMNS})
        if not form.is_valid():
            raise serializers.ValidationError(
                {name: list(errors) for name, errors in form.errors.items()}
            )
        return form.cleaned_data


class RosterImportSerializer(serializers.Serializer):
    rows = RosterRowSerializer(many=True, allow_empty=False, max_length=2000)


class ImportOutcomeSerializer(serializers.Serializer):
    learners_created = serializers.IntegerField()
    enrollments_created = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class AttendanceRowSerializer(serializers.Serializer):
    """An enrolled learner and their recorded status ("" when not yet recorded)."""

    learner = LearnerSerializer()
    status = serializers.CharField()


class AttendanceWriteSerializer(serializers.Serializer):
    learner = serializers.IntegerField(min_value=1, help_text="The learner's id.")
    status = serializers.ChoiceField(choices=Attendance.Status.choices)


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["session", "learner", "status", "recorded_at"]


class AdministrationSerializer(serializers.ModelSerializer):
    instrument = serializers.CharField(source="instrument.__str__")
    submitted = serializers.IntegerField(help_text="Submitted responses.")

    class Meta:
        model = Administration
        fields = ["id", "kind", "instrument", "opens_at", "closes_at", "submitted"]


class CompletionRowSerializer(serializers.Serializer):
    learner = LearnerSerializer()
    status = serializers.ChoiceField(choices=["submitted", "draft", "not_started"])
    updated_at = serializers.DateTimeField(allow_null=True)


class CompletionSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    response_rate = serializers.FloatField(help_text="Percent submitted.")
    rows = CompletionRowSerializer(many=True)


class DeidentifiedResponseSerializer(serializers.Serializer):
    """One submitted response of the de-identified export: the columns of its CSV."""

    record_id = serializers.CharField(help_text="A stable random code of the learner.")
    administration = serializers.CharField()
    submitted_on = serializers.DateField(help_text="Shifted by the program's date shift.")
    knowledge_correct = serializers.IntegerField(allow_null=True)
    knowledge_total = serializers.IntegerField(allow_null=True)
    answers = serializers.DictField(
        child=serializers.JSONField(), help_text="K1, A1, A1_retro… as in the CSV."
    )


class ReportRunSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "status",
            "progress",
            "error",
            "requested_at",
            "started_at",
            "finished_at",
            "download_url",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, run) -> str | None:
        if run.status != ReportRun.Status.DONE:
            return None
        # The program is the one in the URL: no query per run.
        slug = self.context["view"].kwargs["slug"]
        path = reverse("api:report_download", kwargs={"slug": slug, "pk": run.pk})
        return self.context["request"].build_absolute_uri(path)


class OutboxStatusSerializer(serializers.Serializer):
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="Jobs per status: pending, sent, done, failed."
    )
    oldest_pending_at = serializers.DateTimeField(
        allow_null=True, help_text="When the oldest job not yet done was written (pending or sent)."
    )
    oldest_failed_at = serializers.DateTimeField(allow_null=True)


class OutboxJobSerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = [
            "id",
            "task_name",
            "status",
            "attempts",
            "created_at",
            "sent_at",
            "done_at",
            "next_attempt_at",
            "last_error",
        ]


class OutboxJobFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Job.Status.choices, required=False)
