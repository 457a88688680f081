"""Co-design of a program: its planning team, their invitations, and the curriculum proposals
they make, discuss and endorse until a course director accepts or declines them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from partners.models import Organization
from rotation.models import Program


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


class TeamInvitation(models.Model):
    """An emailed link to join a planning team; the token is signed, not stored, and is good
    once, for a limited time, while this is the member's latest invitation."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Planning-team invitation to {self.member}"
