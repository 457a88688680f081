"""Co-design of a program: its planning team, their invitations, and the curriculum proposals
they make, discuss and endorse until a course director accepts or declines them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from partners.models import Invitation, Organization
from rotation.models import Program, SbpCompetency, Topic


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
