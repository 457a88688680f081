"""Faculty-facing teaching: availability, volunteer offers, withdrawals, session materials and
the printing partners record. The tables were created by the partners app and keep its names."""

from django.conf import settings
from django.db import models

from partners.models import FacultyMember, Organization, random_upload_path
from rotation.models import Program, SeminarSession, Topic


def session_material_path(instance, filename: str) -> str:
    return random_upload_path("session-materials", filename)


class FacultyAvailability(models.Model):
    """When a faculty member can teach on one seminar day (concentrated) or one occurrence
    (distributed) of a program; the schedule editor warns when a session falls outside it."""

    class Choice(models.TextChoices):
        MORNING = "morning", "Morning"
        AFTERNOON = "afternoon", "Afternoon"
        ALL_DAY = "all_day", "All day"
        UNAVAILABLE = "unavailable", "Not available"

    faculty_member = models.ForeignKey(
        FacultyMember, on_delete=models.CASCADE, related_name="availability"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="faculty_availability"
    )
    day = models.DateField()
    choice = models.CharField(max_length=20, choices=Choice.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "partners_facultyavailability"
        ordering = ["day"]
        verbose_name_plural = "faculty availability"
        constraints = [
            models.UniqueConstraint(
                fields=["faculty_member", "program", "day"], name="availability_once_per_day"
            )
        ]

    def __str__(self):
        return f"{self.faculty_member} on {self.day:%Y-%m-%d}: {self.get_choice_display()}"


class VolunteerOffer(models.Model):
    """A faculty member's offer to teach a session, or a topic that has no session yet."""

    class Status(models.TextChoices):
        OFFERED = "offered", "Awaiting the director"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    faculty_member = models.ForeignKey(
        FacultyMember, on_delete=models.CASCADE, related_name="volunteer_offers"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="volunteer_offers")
    session = models.ForeignKey(
        SeminarSession,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="volunteer_offers",
    )
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="volunteer_offers",
    )
    note = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OFFERED)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True)

    class Meta:
        db_table = "partners_volunteeroffer"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(session__isnull=False, topic__isnull=True)
                | models.Q(session__isnull=True, topic__isnull=False),
                name="offer_for_session_or_topic",
            ),
            models.UniqueConstraint(
                fields=["faculty_member", "session"],
                condition=models.Q(status__in=["offered", "confirmed"]),
                name="one_open_offer_per_session",
            ),
            models.UniqueConstraint(
                fields=["faculty_member", "topic"],
                condition=models.Q(status__in=["offered", "confirmed"]),
                name="one_open_offer_per_topic",
            ),
        ]

    def __str__(self):
        return f"{self.faculty_member} for {self.session or self.topic}"


class TeachingWithdrawal(models.Model):
    """A confirmed faculty member stepping back from a session, with their reason."""

    session = models.ForeignKey(
        SeminarSession, on_delete=models.CASCADE, related_name="faculty_withdrawals"
    )
    faculty_member = models.ForeignKey(
        FacultyMember, on_delete=models.CASCADE, related_name="withdrawals"
    )
    reason = models.TextField(max_length=1000)
    withdrawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "partners_teachingwithdrawal"
        ordering = ["-withdrawn_at"]

    def __str__(self):
        return f"{self.faculty_member} withdrew from {self.session}"


class SessionMaterial(models.Model):
    """Slides or a handout for one session, stored under a random name and served through an
    access-checked view only."""

    session = models.ForeignKey(SeminarSession, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(upload_to=session_material_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "partners_sessionmaterial"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class PrintingRecord(models.Model):
    """Pages a partner printed or copied for a program, as its liaison recorded them."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="printing_records"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="printing_records")
    pages = models.PositiveIntegerField()
    description = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "partners_printingrecord"
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pages__gt=0), name="printing_pages_positive")
        ]

    def __str__(self):
        return f"{self.pages} pages by {self.organization} for {self.program}"


# Fewer faculty answers than this and an aggregate shows no figure (nobody is identifiable).
SURVEY_MIN_RESPONDENTS = 5


def _rating(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{name}__isnull": True}) | models.Q(**{f"{name}__range": (1, 5)}),
        name=f"faculty_survey_{name}_1_to_5",
    )


class FacultySurvey(models.Model):
    """A faculty member's invitation to say how teaching in a program went for them, and their
    answer once submitted (then final). One per faculty member and program."""

    class TeachAgain(models.TextChoices):
        YES = "yes", "Yes"
        MAYBE = "maybe", "Maybe"
        NO = "no", "No"

    faculty_member = models.ForeignKey(
        FacultyMember, on_delete=models.CASCADE, related_name="surveys"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="faculty_surveys")
    invited_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    preparation = models.PositiveSmallIntegerField(
        "how well prepared you felt", null=True, blank=True
    )
    support = models.PositiveSmallIntegerField(
        "support from the course team", null=True, blank=True
    )
    engagement = models.PositiveSmallIntegerField("the learners' engagement", null=True, blank=True)
    logistics = models.PositiveSmallIntegerField(
        "logistics (room, AV, printing)", null=True, blank=True
    )
    would_teach_again = models.CharField(max_length=5, choices=TeachAgain.choices, blank=True)
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["faculty_member", "program"], name="faculty_survey_once_per_program"
            ),
            _rating("preparation"),
            _rating("support"),
            _rating("engagement"),
            _rating("logistics"),
        ]

    def __str__(self):
        return f"{self.faculty_member} on {self.program}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
