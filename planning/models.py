"""Co-design of a program: its planning team, their invitations, and the curriculum proposals
they make, discuss and endorse until a course director accepts or declines them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from partners.models import Invitation, Organization
from rotation.competencies import SbpCompetency
from rotation.models import Program, SeminarSession, Topic


class TeamMember(models.Model):
    """A person on a program's planning team; `user` is set when they accept the invitation."""

    class Role(models.TextChoices):
        COURSE_DIRECTOR = "course_director", "Course director"
        PARTNER_LIAISON = "partner_liaison", "Partner liaison"
        CONTENT_EXPERT = "content_expert", "Content expert"
        PATIENT_PARTNER = "patient_partner", "Patient or family partner"
        COMMUNITY_PARTNER = "community_partner", "Community partner"
        LEARNER_REPRESENTATIVE = "learner_representative", "Learner representative"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="planning_team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planning_memberships",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    role = models.CharField(max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="planning_members",
        help_text="The partner organization they speak for, if any.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role", "name"]
        constraints = [
            models.UniqueConstraint(
                "program", Lower("email"), name="planning_member_email_once_per_program"
            ),
            models.UniqueConstraint(
                fields=["program", "user"],
                condition=Q(user__isnull=False),
                name="planning_member_user_once_per_program",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @property
    def has_joined(self) -> bool:
        return self.joined_at is not None


class TeamInvitation(Invitation):
    """An emailed link to join a planning team (partners.invitations: signed, expiring, good
    once, while this is the member's latest invitation)."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="invitations")

    def __str__(self):
        return f"Planning-team invitation to {self.member}"


class Proposal(models.Model):
    """A topic or session a member proposes for the program, until a director decides on it."""

    class Kind(models.TextChoices):
        TOPIC = "topic", "Topic"
        SESSION = "session", "Session"

    class Format(models.TextChoices):
        PRESENTATION = "presentation", "Presentation with discussion"
        PANEL = "panel", "Panel"
        CASE = "case", "Case discussion"
        WORKSHOP = "workshop", "Workshop or simulation"
        SITE_VISIT = "site_visit", "Site visit"
        STORYTELLING = "storytelling", "Patient or family story"

    class Status(models.TextChoices):
        OPEN = "open", "Under discussion"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    title = models.CharField(max_length=200)
    rationale = models.TextField("why it matters")
    sbp_competency = models.CharField(
        "SBP sub-competency", max_length=30, choices=SbpCompetency.choices
    )
    suggested_faculty = models.CharField("suggested faculty or partner", max_length=200, blank=True)
    format = models.CharField(max_length=20, choices=Format.choices)
    preferred_timing = models.CharField(max_length=200, blank=True)
    # Who proposed it, as they were then: their account, name, kind of member and organization.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposer_name = models.CharField(max_length=200)
    proposer_kind = models.CharField(max_length=30, choices=TeamMember.Role.choices)
    proposer_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    topic = models.OneToOneField(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="declined_proposal_has_reason",
            ),
        ]

    def __str__(self):
        return self.title


class ProposalComment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author_name} on {self.proposal}"


class Endorsement(models.Model):
    """A member's support for a proposal; one per member and proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="endorsements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="endorsed_once_per_member")
        ]

    def __str__(self):
        return f"{self.user} endorses {self.proposal}"


# --- The advisory panel -------------------------------------------------------------------------


class AdvisoryMeeting(models.Model):
    """A meeting of a program's advisory panel, or (no program) of the whole partnership:
    payers, agencies and patient partners together."""

    program = models.ForeignKey(
        Program,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advisory_meetings",
        help_text="Empty: a meeting of the whole partnership.",
    )
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField("date and time")
    place = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_link=""), name="meeting_has_place_or_link"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_partnership_wide(self) -> bool:
        return self.program_id is None


class MeetingAttendee(models.Model):
    """Someone invited to a meeting (a planning-team member or any account) and whether they
    attended."""

    meeting = models.ForeignKey(AdvisoryMeeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    attended = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="meeting_attendee_user_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(member__isnull=False),
                name="meeting_attendee_member_once",
            ),
        ]

    def __str__(self):
        return self.name


class ActionItem(models.Model):
    """What the meeting asked someone to do, by when; open until the owner or a director marks
    it done."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    meeting = models.ForeignKey(AdvisoryMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField("what", max_length=300)
    # Required by the form; an erased account leaves the action without an owner, not gone.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="advisory_actions",
    )
    due_on = models.DateField("due date")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True)
                | Q(status="done", done_at__isnull=False),
                name="action_done_has_done_at",
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_on < timezone.localdate()


class ActionReminder(models.Model):
    """A reminder emailed to an action's owner: one row per action and kind, written when it is
    queued, so a reminder is never sent twice; `sent_at` once the mail went out."""

    class Kind(models.TextChoices):
        WEEK = "week", "A week before"
        DAY = "day", "The day before"
        OVERDUE = "overdue", "Overdue"

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["action", "kind"], name="action_reminder_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.action}"


# --- Patient and family partners ----------------------------------------------------------------


class PatientPartnerProfile(models.Model):
    """What a patient or family partner brings and how they want to take part; they keep it
    themselves, the program's directors may too."""

    class Participation(models.TextChoices):
        CURRICULUM_DESIGN = "curriculum_design", "Curriculum design"
        CO_TEACHING = "co_teaching", "Co-teaching sessions"
        FEEDBACK = "feedback", "Feedback to learners"
        ADVISORY_PANEL = "advisory_panel", "Advisory panel"

    class Contact(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"

    member = models.OneToOneField(
        TeamMember, on_delete=models.CASCADE, related_name="patient_profile"
    )
    lived_experience = models.TextField(
        "lived experience they bring",
        blank=True,
        help_text="e.g. caring for a parent with dementia; living with kidney disease.",
    )
    ways_to_take_part = models.JSONField("how they want to take part", default=list, blank=True)
    organization_name = models.CharField(
        "patients' and families' organization", max_length=200, blank=True
    )
    preferred_contact = models.CharField(
        max_length=10, choices=Contact.choices, default=Contact.EMAIL
    )
    phone = models.CharField(max_length=40, blank=True)
    contact_notes = models.CharField("best times or other wishes", max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Profile of {self.member.name}"

    @property
    def ways_to_take_part_display(self) -> list[str]:
        labels = dict(self.Participation.choices)
        return [labels[way] for way in self.ways_to_take_part if way in labels]


class CoTeaching(models.Model):
    """A patient or family partner teaching a seminar session beside its faculty."""

    session = models.ForeignKey(
        SeminarSession, on_delete=models.PROTECT, related_name="patient_partners"
    )
    member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="co_teaching")
    contribution = models.CharField(
        "what they contribute", max_length=200, help_text="e.g. shares their story"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    # When the feedback email went out (once, after the session).
    feedback_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session__starts_at", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="co_teaches_session_once")
        ]

    def __str__(self):
        return f"{self.member.name} co-teaching {self.session}"


class OrientationItem(models.Model):
    """One step of a program's orientation for patient and family partners."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="orientation_items")
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                "program", Lower("title"), name="orientation_item_title_once_per_program"
            )
        ]

    def __str__(self):
        return self.title


class OrientationCompletion(models.Model):
    """Who completed which orientation item when, as a director recorded it."""

    item = models.ForeignKey(OrientationItem, on_delete=models.PROTECT, related_name="completions")
    member = models.ForeignKey(
        TeamMember, on_delete=models.CASCADE, related_name="orientation_completions"
    )
    completed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item__position", "item__pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="orientation_item_done_once")
        ]

    def __str__(self):
        return f"{self.member.name}: {self.item}"


class Honorarium(models.Model):
    """A payment to a patient or family partner; kept by directors only."""

    member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="honoraria")
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    paid_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name_plural = "honoraria"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="honorarium_amount_positive")
        ]

    def __str__(self):
        return f"{self.amount} to {self.member.name} on {self.paid_on}"


PATIENT_FEEDBACK_ITEMS = (
    "listened",
    "showed_respect",
    "asked_about_experience",
    "explained_clearly",
)


def _rating(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


class PatientFeedback(models.Model):
    """A patient partner's answer about the learners of a session they co-taught: one per
    partner and session (they may correct it until feedback closes). A rating of None is
    "not observed"."""

    ITEMS = PATIENT_FEEDBACK_ITEMS

    co_teaching = models.OneToOneField(
        CoTeaching, on_delete=models.PROTECT, related_name="feedback"
    )
    listened = _rating("The learners listened to me")
    showed_respect = _rating("The learners showed me respect")
    asked_about_experience = _rating("The learners asked about my experience")
    explained_clearly = _rating("The learners explained things clearly")
    comment = models.TextField("a comment to the learners", blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(**{f"{item}__isnull": True}) | Q(**{f"{item}__range": (1, 5)})),
                name=f"patient_feedback_{item}_1_to_5",
            )
            for item in PATIENT_FEEDBACK_ITEMS
        ]

    def __str__(self):
        return f"Feedback from {self.co_teaching}"
