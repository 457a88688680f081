"""Pre/post assessments and evaluations. Rules that the database can hold are constraints here;
the rest (locking, windows, immutability of submitted responses) live in services.py."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from partners.models import FacultyMember
from rotation.models import Learner, Program, SeminarSession

DEFAULT_AGREE_LABELS = [
    "Strongly disagree",
    "Disagree",
    "Neutral",
    "Agree",
    "Strongly agree",
]
DEFAULT_BEHAVIOUR_LABELS = [
    "Not at all",
    "Once",
    "A few times",
    "Often",
    "As a routine",
]


class Instrument(models.Model):
    """A questionnaire of one program. `key` + `version` identify it; editing a locked
    instrument makes the next version, and the earlier versions are kept."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="instruments")
    key = models.SlugField(max_length=80, help_text="Stable name shared by every version.")
    version = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    is_current = models.BooleanField(default=True)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "key", "version"], name="instrument_version_unique"
            ),
            models.UniqueConstraint(
                fields=["program", "key"],
                condition=Q(is_current=True),
                name="instrument_one_current_version",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class Item(models.Model):
    class Kind(models.TextChoices):
        KNOWLEDGE = "knowledge", "Knowledge (multiple choice)"
        ATTITUDE = "attitude", "Attitude (Likert statement)"
        BEHAVIOUR = "behaviour", "Behaviour (since the course I have…; follow-ups only)"
        FREE_TEXT = "free_text", "Free text"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(help_text="The question stem, Likert statement or prompt.")
    topic = models.CharField(max_length=120, blank=True, help_text="Topic tag (knowledge).")
    explanation = models.TextField(blank=True, help_text="Shown after the post-assessment.")
    subscale = models.CharField(max_length=120, blank=True, help_text="Subscale (attitude).")
    is_reverse_scored = models.BooleanField(default=False)
    scale_labels = models.JSONField(default=list, blank=True)
    is_required = models.BooleanField(default=True)
    # Attitude items only: the post form also asks "before this course I…" (retrospective pre).
    has_retrospective = models.BooleanField(default=False)

    class Meta:
        ordering = ["instrument", "position", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def labels(self) -> list[str]:
        if self.scale_labels:
            return self.scale_labels
        return (
            DEFAULT_BEHAVIOUR_LABELS if self.kind == self.Kind.BEHAVIOUR else DEFAULT_AGREE_LABELS
        )

    @property
    def is_scaled(self) -> bool:
        return self.kind in (self.Kind.ATTITUDE, self.Kind.BEHAVIOUR)

    @property
    def scale_max(self) -> int:
        return len(self.labels)


class Choice(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["item", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(is_correct=True), name="choice_one_correct_per_item"
            )
        ]

    def __str__(self):
        return self.text


FOLLOW_UP_MONTHS = (3, 6, 12)
COMPARISON_KINDS = ("pre", "post")  # what a comparison group takes


class Administration(models.Model):
    """One sitting of an instrument: pre, post or a follow-up months after the program. All use
    the same instrument, hence the same items, so answers pair per learner and item."""

    class Kind(models.TextChoices):
        PRE = "pre", "Pre-assessment"
        POST = "post", "Post-assessment"
        FOLLOW_UP_3 = "follow_up_3", "3-month follow-up"
        FOLLOW_UP_6 = "follow_up_6", "6-month follow-up"
        FOLLOW_UP_12 = "follow_up_12", "12-month follow-up"

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="administrations"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    includes_retrospective = models.BooleanField(
        default=False, help_text="Post only: also ask 'before this course I…' attitude items."
    )
    reminder_days = models.JSONField(
        default=list, blank=True, help_text="Days before closing to remind, e.g. [3, 1]."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "kind"], name="administration_per_kind"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="administration_closes_after_open"
            ),
            models.CheckConstraint(
                condition=Q(kind="post") | Q(includes_retrospective=False),
                name="retrospective_only_on_post",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.instrument}"

    def is_open(self, now) -> bool:
        return self.opens_at <= now < self.closes_at

    @property
    def is_follow_up(self) -> bool:
        return self.kind.startswith("follow_up_")


PREFER_NOT_TO_SAY = ("prefer_not", "Prefer not to say")
# The optional demographic questions (for equity analyses): field -> (question, choices). Each is
# optional and offers "Prefer not to say"; an unanswered one stays empty.
DEMOGRAPHIC_FIELDS = {
    "gender_identity": (
        "Gender identity",
        [
            ("woman", "Woman"),
            ("man", "Man"),
            ("non_binary", "Non-binary"),
            ("another", "Another gender identity"),
            PREFER_NOT_TO_SAY,
        ],
    ),
    "race_ethnicity": (
        "Race or ethnicity",
        [
            ("american_indian", "American Indian or Alaska Native"),
            ("asian", "Asian"),
            ("black", "Black or African American"),
            ("hispanic", "Hispanic or Latino"),
            ("mena", "Middle Eastern or North African"),
            ("pacific_islander", "Native Hawaiian or Pacific Islander"),
            ("white", "White"),
            ("multiple", "More than one"),
            ("another", "Another race or ethnicity"),
            PREFER_NOT_TO_SAY,
        ],
    ),
    "first_generation": (
        "First in your family to attend college",
        [("yes", "Yes"), ("no", "No"), PREFER_NOT_TO_SAY],
    ),
    "specialty": (
        "Specialty",
        [
            ("internal_medicine", "Internal medicine"),
            ("family_medicine", "Family medicine"),
            ("pediatrics", "Pediatrics"),
            ("psychiatry", "Psychiatry"),
            ("surgery", "Surgery"),
            ("emergency_medicine", "Emergency medicine"),
            ("obstetrics_gynecology", "Obstetrics and gynecology"),
            ("another", "Another specialty"),
            PREFER_NOT_TO_SAY,
        ],
    ),
}


class DemographicAnswers(models.Model):
    """One learner's optional demographic answers for a program that asks them; erased with the
    learner's account, out of de-identified exports unless staff enable a research export."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="demographic_answers"
    )
    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="demographic_answers"
    )
    gender_identity = models.CharField(max_length=30, blank=True)
    race_ethnicity = models.CharField(max_length=30, blank=True)
    first_generation = models.CharField(max_length=30, blank=True)
    specialty = models.CharField(max_length=30, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["program", "learner"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "learner"], name="demographics_once_per_program"
            )
        ]

    def __str__(self):
        return f"Demographic answers of {self.learner} ({self.program})"


class ComparisonLink(models.Model):
    """A signed sign-up link a director sends to a residency program's director: its residents
    who do not take the course join the comparison group through it until it expires."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="comparison_links")
    residency_program = models.CharField(max_length=200)
    program_director_name = models.CharField(max_length=200)
    program_director_email = models.EmailField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["program", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="comparison_link_expires_later"
            )
        ]

    def __str__(self):
        return f"Comparison sign-up link for {self.residency_program} ({self.program})"


class ComparisonMember(models.Model):
    """A resident who does not take the program but takes its pre and post, so that the report
    can compare gains with theirs. Never enrolled in the same program."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="comparison_members"
    )
    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="comparison_memberships"
    )
    added_at = models.DateTimeField()
    # The sign-up link they joined through; empty when a director imported them.
    link = models.ForeignKey(
        ComparisonLink, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

    class Meta:
        ordering = ["program", "learner__last_name", "learner__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "learner"], name="compared_once_per_program")
        ]

    def __str__(self):
        return f"{self.learner} (comparison group of {self.program})"


class Response(models.Model):
    """One learner's answers to one administration: a draft until submitted, then immutable."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, related_name="responses"
    )
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    knowledge_correct = models.PositiveSmallIntegerField(null=True, blank=True)
    knowledge_total = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["administration", "learner"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "learner"], name="one_response_per_learner"
            ),
            models.CheckConstraint(
                condition=(Q(status="submitted") & Q(submitted_at__isnull=False))
                | (Q(status="draft") & Q(submitted_at__isnull=True)),
                name="response_submitted_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.learner} – {self.administration} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    """One answer. `score` is numeric for every scored item (1/0 for knowledge, the
    reverse-adjusted scale point for attitude) so that reports can aggregate in SQL."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    is_retrospective = models.BooleanField(default=False)
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    is_correct = models.BooleanField(null=True, blank=True)
    text = models.TextField(blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["response", "item__position", "is_retrospective"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "item", "is_retrospective"], name="one_answer_per_item"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=7),
                name="answer_value_on_scale",
            ),
        ]

    def __str__(self):
        return f"{self.response_id}/{self.item_id}"


class Notification(models.Model):
    """An invitation or reminder sent once: the unique key makes a task run twice send once."""

    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, related_name="notifications"
    )
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=40, help_text="invitation, reminder-3d, manual-2026-11-23")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "learner", "key"], name="notification_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.key} to {self.learner_id}"


class EvaluationSettings(models.Model):
    """Per-program settings for evaluations (kept here: assessments depends on rotation)."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="evaluation_settings"
    )
    session_open_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days after a session ends during which learners may evaluate it."
    )
    is_anonymous_to_directors = models.BooleanField(
        default=False, help_text="Directors see session evaluations without learners' names."
    )
    # Optional demographic questions the program asks (keys of DEMOGRAPHIC_FIELDS); none: off.
    demographic_fields = models.JSONField(default=list, blank=True)
    # Set by site staff: the de-identified (research) export of this program includes the
    # demographic answers. Audited.
    research_demographics_at = models.DateTimeField(null=True, blank=True)
    research_demographics_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Evaluation settings of {self.program}"


def _rating_check(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}), name=f"%(class)s_{field}_1_to_5"
    )


class SessionEvaluation(models.Model):
    session = models.ForeignKey(
        SeminarSession, on_delete=models.PROTECT, related_name="evaluations"
    )
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="evaluations")
    overall = models.PositiveSmallIntegerField("overall quality")
    relevance = models.PositiveSmallIntegerField("relevance to my practice")
    changed_view = models.PositiveSmallIntegerField("it changed my view of the health-care system")
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["session", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="evaluate_session_once"),
            _rating_check("overall"),
            _rating_check("relevance"),
            _rating_check("changed_view"),
        ]

    def __str__(self):
        return f"{self.learner} on {self.session}"


class FacultyRating(models.Model):
    evaluation = models.ForeignKey(
        SessionEvaluation, on_delete=models.CASCADE, related_name="faculty_ratings"
    )
    faculty_member = models.ForeignKey(
        FacultyMember, on_delete=models.PROTECT, related_name="ratings"
    )
    effectiveness = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "faculty_member"], name="rate_faculty_once"
            ),
            _rating_check("effectiveness"),
        ]

    def __str__(self):
        return f"{self.faculty_member}: {self.effectiveness}"


class CourseEvaluation(models.Model):
    """The end-of-course evaluation: the learners' voice in shaping next year's course."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="course_evaluations"
    )
    learner = models.ForeignKey(
        Learner, on_delete=models.PROTECT, related_name="course_evaluations"
    )
    overall = models.PositiveSmallIntegerField("overall rating")
    most_valuable = models.TextField(blank=True)
    least_valuable = models.TextField(blank=True)
    topics_to_add = models.TextField(blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["program", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["program", "learner"], name="evaluate_course_once"),
            _rating_check("overall"),
        ]

    def __str__(self):
        return f"{self.learner} on {self.program}"
