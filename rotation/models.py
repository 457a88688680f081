from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from partners.models import FacultyMember, MeetingRoom, Organization
from rotation.constraints import OverlapExclusion


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account; the email address is the login. Roles come from linked data (see rules.py)."""

    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self):
        return self.get_full_name() or self.email


class Program(models.Model):
    """One Mini-Rotation course offering."""

    class Format(models.TextChoices):
        CONCENTRATED = "concentrated", "Concentrated (consecutive seminar days)"
        DISTRIBUTED = "distributed", "Distributed (a series of sessions over months)"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    academic_year = models.CharField(max_length=9, help_text="e.g. 2026-2027")
    format = models.CharField(max_length=20, choices=Format.choices)
    start_date = models.DateField()
    end_date = models.DateField()
    description = models.TextField(blank=True)
    goals = models.TextField(blank=True)
    directors = models.ManyToManyField("User", related_name="directed_programs")
    partners = models.ManyToManyField(
        Organization, through="ProgramPartner", related_name="programs", blank=True
    )
    is_schedule_public = models.BooleanField(
        default=False, help_text="Anyone with the link may see the published schedule."
    )
    liaisons_may_invite_faculty = models.BooleanField(
        "partners may invite colleagues",
        default=False,
        help_text="The partners' liaisons may invite colleagues from other local organizations "
        "into this program's faculty pool.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the program is archived: kept for its directors, learners and reports, read-only.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="program_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.academic_year})"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class ProgramPartner(models.Model):
    class Role(models.TextChoices):
        HOST = "host", "Host (meeting space)"
        CONTENT = "content", "Content partner"
        HOST_AND_CONTENT = "host_content", "Host and content partner"
        SPONSOR = "sponsor", "Academic sponsor"

    # The roles that make the organization a host (meeting space).
    HOST_ROLES = (Role.HOST, Role.HOST_AND_CONTENT)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="partnerships")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "organization"], name="partner_once_per_program"
            )
        ]

    def __str__(self):
        return f"{self.organization} – {self.get_role_display()}"

    @property
    def is_host(self) -> bool:
        return self.role in self.HOST_ROLES


class Topic(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    learning_objectives = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_topics",
    )
    # A list of SbpCompetency codes (rotation/competencies.py); JSON keeps it portable between
    # SQLite and PostgreSQL.
    sbp_competencies = models.JSONField("ACGME SBP sub-competencies", default=list, blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "title"], name="topic_title_unique_per_program"
            )
        ]

    def __str__(self):
        return self.title


class SeminarSession(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="sessions")
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room = models.ForeignKey(
        MeetingRoom, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # A room carried over by a program copy from an earlier year: booked, but to be confirmed
    # with the host; saving the session in the schedule editor confirms it.
    is_room_proposed = models.BooleanField(default=False)
    # Set when the session is first published: learners and faculty have been told about it,
    # so later changes (even a cancellation) are announced to them.
    published_at = models.DateTimeField(null=True, blank=True)
    faculty = models.ManyToManyField(
        FacultyMember, through="SessionFaculty", related_name="sessions", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="session_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            OverlapExclusion(
                name="room_never_double_booked",
                key="room",
                condition=~Q(status="cancelled"),
                violation_error_message="The room is already booked at that time.",
            ),
            OverlapExclusion(
                name="program_sessions_never_overlap",
                key="program",
                condition=~Q(status="cancelled"),
                violation_error_message="The program already has a session at that time.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class SessionFaculty(models.Model):
    """A faculty member's part in one session, with their role and confirmation."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        PANELIST = "panelist", "Panelist"
        MODERATOR = "moderator", "Moderator"

    class Confirmation(models.TextChoices):
        PENDING = "pending", "Awaiting confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"

    session = models.ForeignKey(
        SeminarSession, on_delete=models.CASCADE, related_name="faculty_assignments"
    )
    faculty_member = models.ForeignKey(
        FacultyMember, on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.LEAD)
    confirmation = models.CharField(
        max_length=20, choices=Confirmation.choices, default=Confirmation.PENDING
    )
    # Copies of the session's time and cancellation, kept in step by rotation.services, so that
    # PostgreSQL can exclude a faculty member's overlapping sessions in one constraint.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    is_session_cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["session__starts_at", "role"]
        verbose_name_plural = "session faculty"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "faculty_member"], name="faculty_once_per_session"
            ),
            OverlapExclusion(
                name="faculty_never_in_two_places",
                key="faculty_member",
                condition=Q(is_session_cancelled=False) & ~Q(confirmation="declined"),
                violation_error_message="The faculty member is already teaching at that time.",
            ),
        ]

    def __str__(self):
        return f"{self.faculty_member} – {self.get_role_display()} – {self.session}"


def learner_name(first_name: str, last_name: str) -> str:
    """A learner's name as pages show it: Learner.full_name, also for rows read as values."""
    return f"{first_name} {last_name}".strip()


def learner_level(kind: str, pgy_level: int | None, clerkship_year: int | None) -> str:
    """A learner's year as pages show it: Learner.level_label, also for rows read as values."""
    if kind == Learner.Kind.MEDICAL_STUDENT:
        return f"clerkship year {clerkship_year}"
    return f"PGY-{pgy_level}"


class Learner(models.Model):
    """A resident, fellow or medical student taking part in one or more programs."""

    class Kind(models.TextChoices):
        RESIDENT = "resident", "Resident"
        FELLOW = "fellow", "Fellow"
        MEDICAL_STUDENT = "medical_student", "Medical student"

    user = models.OneToOneField(
        "User", null=True, blank=True, on_delete=models.SET_NULL, related_name="learner_profile"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESIDENT)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    external_id = models.CharField(
        "external ID",
        max_length=64,
        blank=True,
        help_text="The learner's ID in the residency management system (e.g. MedHub), if known.",
    )
    residency_program = models.CharField(
        "residency, fellowship or school",
        max_length=200,
        help_text="e.g. Internal Medicine; for a medical student, the school",
    )
    # Residents and fellows have a PGY level; medical students a clerkship year instead.
    pgy_level = models.PositiveSmallIntegerField(
        "PGY level", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    clerkship_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    # The residency program director, or a medical student's clerkship director: the excusal
    # letter goes to them.
    program_director_name = models.CharField("program or clerkship director", max_length=200)
    program_director_email = models.EmailField("program or clerkship director's email")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the learner's personal data was erased on request (see privacy.services): the row
    # stays, under a random code, so that their responses still count in course statistics.
    deidentified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="learner_email_unique_ci"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["resident", "fellow"],
                    pgy_level__gte=1,
                    pgy_level__lte=8,
                    clerkship_year__isnull=True,
                )
                | Q(
                    kind="medical_student",
                    clerkship_year__gte=1,
                    clerkship_year__lte=4,
                    pgy_level__isnull=True,
                ),
                name="learner_level_matches_kind",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return learner_name(self.first_name, self.last_name)

    @property
    def is_student(self) -> bool:
        return self.kind == self.Kind.MEDICAL_STUDENT

    @property
    def level_label(self) -> str:
        return learner_level(self.kind, self.pgy_level, self.clerkship_year)

    @property
    def director_title(self) -> str:
        return "Clerkship Director" if self.is_student else "Program Director"


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", "Enrolled"
        WITHDRAWN = "withdrawn", "Withdrawn"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrollments")
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="enrollments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ENROLLED)
    enrolled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["learner__last_name", "learner__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "learner"], name="enrolled_once_per_program")
        ]

    def __str__(self):
        return f"{self.learner} in {self.program}"


class RosterImport(models.Model):
    """A roster too long to import during the request: validated there, then imported by a job.
    The validated rows are kept only until the job has run (they hold personal data)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="roster_imports")
    requested_by = models.ForeignKey(
        "User", null=True, on_delete=models.SET_NULL, related_name="roster_imports"
    )
    filename = models.CharField(max_length=255)
    base_url = models.CharField(max_length=200, help_text="Where invitation links point.")
    rows = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField()
    warnings = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    learners_created = models.PositiveIntegerField(default=0)
    enrollments_created = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"Roster import {self.filename} ({self.row_count} rows) for {self.program}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def progress_cache_key(self) -> str:
        return f"rotation:roster-import:{self.pk}:progress"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        ABSENT = "absent", "Absent"
        EXCUSED = "excused", "Excused"

    session = models.ForeignKey(SeminarSession, on_delete=models.PROTECT, related_name="attendance")
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(
        "User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["session__starts_at", "learner__last_name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"], name="attendance_once_per_session"
            )
        ]

    def __str__(self):
        return f"{self.learner} – {self.session}: {self.get_status_display()}"


class ExcusalLetter(models.Model):
    """The clinical-duty excusal letter for one enrollment, and whether it has gone out."""

    class Status(models.TextChoices):
        NOT_SENT = "not_sent", "Not sent"
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="excusal_letter"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_SENT)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.EmailField(blank=True)
    failure_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Excusal letter for {self.enrollment}: {self.get_status_display()}"


class CalendarFeed(models.Model):
    """A secret-token iCalendar feed: a user's own sessions, or one program's schedule."""

    user = models.OneToOneField(
        "User", null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    program = models.OneToOneField(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, program__isnull=True)
                | Q(user__isnull=True, program__isnull=False),
                name="calendar_feed_for_user_or_program",
            )
        ]

    def __str__(self):
        return f"Calendar feed of {self.user or self.program}"


class PoolMember(models.Model):
    """A faculty member a partner's liaison invited into the program's faculty pool from another
    local organization (the program's own partners' faculty are in it anyway)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pool_members")
    faculty_member = models.ForeignKey(
        FacultyMember, on_delete=models.CASCADE, related_name="program_pools"
    )
    invited_by = models.ForeignKey("User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "faculty_member"], name="pool_member_once_per_program"
            )
        ]

    def __str__(self):
        return f"{self.faculty_member} in the faculty pool of {self.program}"


class ProgramCost(models.Model):
    """Money a program cost (honoraria, catering, materials…), as its directors recorded it."""

    class Category(models.TextChoices):
        HONORARIA = "honoraria", "Honoraria"
        CATERING = "catering", "Catering"
        MATERIALS = "materials", "Materials"
        OTHER = "other", "Other"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="costs")
    category = models.CharField(max_length=20, choices=Category.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    description = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="program_cost_positive")
        ]

    def __str__(self):
        return f"{self.get_category_display()} ${self.amount} for {self.program}"


class ProgramContribution(models.Model):
    """What a partner (or the sponsor) gave a program besides rooms, pages and teaching: cash,
    or catering in kind for a number of persons (valued at its catering rate)."""

    class Kind(models.TextChoices):
        CASH = "cash", "Cash"
        CATERING = "catering", "Catering in kind"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="contributions")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="program_contributions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    persons = models.PositiveIntegerField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "recorded_at", "pk"]
        constraints = [
            # Cash is an amount, catering a head count: each row is exactly one of them.
            models.CheckConstraint(
                condition=(
                    Q(kind="cash", amount__gt=0, persons__isnull=True)
                    | Q(kind="catering", persons__gt=0, amount__isnull=True)
                ),
                name="program_contribution_amount_or_persons",
            )
        ]

    def __str__(self):
        what = f"${self.amount}" if self.kind == self.Kind.CASH else f"catering for {self.persons}"
        return f"{what} from {self.organization} to {self.program}"
