import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


def random_upload_path(folder: str, filename: str) -> str:
    """A random stored name that keeps only a known, lower-case extension of the original."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"{folder}/{uuid.uuid4().hex}{suffix if suffix.isascii() else ''}"


def faculty_photo_path(instance, filename: str) -> str:
    return random_upload_path("faculty-photos", filename)


class Organization(models.Model):
    class Kind(models.TextChoices):
        HEALTH_PLAN = "health_plan", "Health plan"
        DELIVERY_SYSTEM = "delivery_system", "Integrated delivery system"
        PROVIDER = "provider", "Provider organization"
        PUBLIC_AGENCY = "public_agency", "Public agency"
        COMMUNITY = "community", "Community or patient-and-family organization"
        ACADEMIC_SPONSOR = "academic_sponsor", "Academic sponsor"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    liaisons = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="liaison_organizations"
    )
    # Who added it to the directory: a director manages what they added until it partners.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Site(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=200)
    address = models.TextField()
    directions = models.TextField(blank=True)
    parking_notes = models.TextField(blank=True)
    building_access_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["organization__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="site_name_unique_per_org"
            )
        ]

    def __str__(self):
        return f"{self.organization.name} – {self.name}"


class MeetingRoom(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=120)
    capacity = models.PositiveSmallIntegerField()
    av_equipment = models.TextField("AV equipment", blank=True)
    has_video_conferencing = models.BooleanField(default=False)
    has_printing = models.BooleanField("printing and copying", default=False)
    accessibility_notes = models.TextField(blank=True)
    bookable_from = models.TimeField(
        null=True, blank=True, help_text="Earliest start on a bookable day; empty: any time."
    )
    bookable_until = models.TimeField(
        null=True, blank=True, help_text="Latest end on a bookable day; empty: any time."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["site__organization__name", "site__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="room_name_unique_per_site"),
            models.CheckConstraint(
                condition=models.Q(capacity__gt=0), name="room_capacity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(bookable_from__isnull=True)
                | models.Q(bookable_until__isnull=True)
                | models.Q(bookable_until__gt=models.F("bookable_from")),
                name="room_bookable_hours_ordered",
            ),
        ]

    def __str__(self):
        return self.label_of(self.name, self.site.name)

    @staticmethod
    def label_of(name: str, site_name: str) -> str:
        """How a room is named, also for rows read without the model."""
        return f"{name} ({site_name})"


class FacultyMember(models.Model):
    class ClinicalBackground(models.TextChoices):
        PHYSICIAN = "physician", "Physician"
        NURSE = "nurse", "Nurse"
        PHARMACIST = "pharmacist", "Pharmacist"
        OTHER_CLINICIAN = "other_clinician", "Other clinician"
        NON_CLINICAL = "non_clinical", "Non-clinical"

    class RecruitmentStatus(models.TextChoices):
        PROSPECT = "prospect", "Prospect"
        INVITED = "invited", "Invited"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        INACTIVE = "inactive", "Inactive"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faculty_profile",
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="faculty")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    title = models.CharField(
        max_length=200, blank=True, help_text="Job title, e.g. Medical Director"
    )
    professional_role = models.CharField(max_length=200, blank=True)
    clinical_background = models.CharField(
        max_length=20, choices=ClinicalBackground.choices, default=ClinicalBackground.NON_CLINICAL
    )
    bio = models.TextField(blank=True, max_length=2000)
    career_path = models.TextField(
        blank=True,
        max_length=1000,
        help_text="How they came to this work: residents read it beside the bio.",
    )
    photo = models.ImageField(upload_to=faculty_photo_path, blank=True, max_length=200)
    expertise = models.ManyToManyField(
        "ExpertiseArea", blank=True, related_name="faculty", verbose_name="expertise topics"
    )
    is_patient_family_partner = models.BooleanField("patient or family partner", default=False)
    recruitment_status = models.CharField(
        max_length=20, choices=RecruitmentStatus.choices, default=RecruitmentStatus.PROSPECT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="faculty_email_unique_ci"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return self.name_of(self.first_name, self.last_name)

    @staticmethod
    def name_of(first_name: str, last_name: str) -> str:
        """How a faculty member is named, also for rows read without the model."""
        return f"{first_name} {last_name}"


class ExpertiseArea(models.Model):
    """A subject a faculty member can teach; matched against topic and session titles."""

    name = models.CharField(max_length=100, unique=True)
    keywords = models.CharField(
        max_length=300,
        blank=True,
        help_text="Comma-separated words that mark a matching topic, e.g. “quality, HEDIS”.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def match_words(self) -> list[str]:
        words = [self.name, *self.keywords.split(",")]
        return [word.strip().lower() for word in words if word.strip()]


class RoomBlackout(models.Model):
    """A day on which a meeting room cannot be booked (holiday, renovation, board meeting)."""

    room = models.ForeignKey(MeetingRoom, on_delete=models.CASCADE, related_name="blackouts")
    date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["room", "date"], name="blackout_once_per_room_day")
        ]

    def __str__(self):
        return f"{self.room} closed on {self.date:%Y-%m-%d}"


class Invitation(models.Model):
    """An emailed link to an account: the token is signed, not stored (partners/invitations.py),
    and is good once, for a limited time, while this is the latest invitation of its kind."""

    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class FacultyInvitation(Invitation):
    """A faculty member's link to set a password."""

    faculty_member = models.ForeignKey(
        FacultyMember, on_delete=models.CASCADE, related_name="invitations"
    )

    def __str__(self):
        return f"Invitation to {self.faculty_member}"


class LiaisonInvitation(Invitation):
    """A link that makes its holder a liaison of the organization, with a new account or the
    one they have."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="liaison_invitations"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()

    def __str__(self):
        return f"Invitation to {self.name} to speak for {self.organization}"


class ValuationRates(models.Model):
    """What an organization's in-kind contribution is worth in one academic year, in dollars.
    An organization without a row for a year is valued at `partners.valuation.DEFAULT_RATES`."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="valuation_rates"
    )
    academic_year = models.CharField(max_length=9, help_text="e.g. 2026-2027")
    room_day_small = models.DecimalField("small room, per day", max_digits=9, decimal_places=2)
    room_day_medium = models.DecimalField("medium room, per day", max_digits=9, decimal_places=2)
    room_day_large = models.DecimalField("large room, per day", max_digits=9, decimal_places=2)
    av_support_day = models.DecimalField(
        "audio-visual support, per day", max_digits=9, decimal_places=2
    )
    printing_page = models.DecimalField("printing, per page", max_digits=9, decimal_places=2)
    faculty_hour_physician = models.DecimalField(
        "physician faculty, per hour", max_digits=9, decimal_places=2
    )
    faculty_hour_executive = models.DecimalField(
        "executive or manager faculty, per hour", max_digits=9, decimal_places=2
    )
    faculty_hour_other = models.DecimalField(
        "other staff faculty, per hour", max_digits=9, decimal_places=2
    )
    catering_person = models.DecimalField("catering, per person", max_digits=9, decimal_places=2)
    preparation_ratio = models.DecimalField(
        "preparation hours per teaching hour", max_digits=4, decimal_places=2
    )
    updated_at = models.DateTimeField(auto_now=True)

    RATE_FIELDS = (
        "room_day_small",
        "room_day_medium",
        "room_day_large",
        "av_support_day",
        "printing_page",
        "faculty_hour_physician",
        "faculty_hour_executive",
        "faculty_hour_other",
        "catering_person",
        "preparation_ratio",
    )

    class Meta:
        ordering = ["organization__name", "-academic_year"]
        verbose_name_plural = "valuation rates"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "academic_year"], name="rates_once_per_org_year"
            ),
            models.CheckConstraint(
                condition=models.Q(room_day_small__gte=0)
                & models.Q(room_day_medium__gte=0)
                & models.Q(room_day_large__gte=0)
                & models.Q(av_support_day__gte=0)
                & models.Q(printing_page__gte=0)
                & models.Q(faculty_hour_physician__gte=0)
                & models.Q(faculty_hour_executive__gte=0)
                & models.Q(faculty_hour_other__gte=0)
                & models.Q(catering_person__gte=0)
                & models.Q(preparation_ratio__gte=0),
                name="rates_not_negative",
            ),
        ]

    def __str__(self):
        return f"Rates of {self.organization} for {self.academic_year}"

    @property
    def is_default(self) -> bool:
        return self.pk is None


class Contact(models.Model):
    """A person the partnership deals with at an organization, with the roles they hold there
    (one person may hold several). Notices look contacts up by role."""

    class Role(models.TextChoices):
        LIAISON = "liaison", "Liaison"
        EXECUTIVE_SPONSOR = "executive_sponsor", "Executive sponsor"
        PHYSICIAN_CHAMPION = "physician_champion", "Physician champion"
        AV_CONTACT = "av_contact", "AV contact"
        BILLING_CONTACT = "billing_contact", "Billing contact"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200, blank=True)
    # One boolean per Role, named by its value: contacts_with_role filters on it.
    liaison = models.BooleanField(default=False)
    executive_sponsor = models.BooleanField(default=False)
    physician_champion = models.BooleanField(default=False)
    av_contact = models.BooleanField("AV contact", default=False)
    billing_contact = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("email"), name="contact_email_unique_per_org"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def roles(self) -> list[str]:
        return [role.label for role in self.Role if getattr(self, role.value)]


def agreement_document_path(instance, filename: str) -> str:
    return random_upload_path("agreements", filename)


class Agreement(models.Model):
    """A memorandum of understanding between a partner and the academic sponsor: its term, what
    each side provides and the signed document. A renewal is a new agreement that `renews` the
    old one, which is kept as history. The status is derived (partners.selectors.agreements)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        EXPIRING = "expiring", "Expiring"
        ENDED = "ended", "Ended"

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="agreements"
    )
    sponsor = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="sponsored_agreements"
    )
    title = models.CharField(max_length=200, default="Memorandum of understanding")
    starts_on = models.DateField("term starts")
    ends_on = models.DateField("term ends")
    renewal_date = models.DateField(
        null=True, blank=True, help_text="When renewal is to be decided, if before the end."
    )
    signed_on = models.DateField(
        null=True, blank=True, help_text="Empty while the agreement is a draft."
    )
    # What the partner provides ...
    partner_rooms = models.BooleanField("meeting rooms", default=False)
    partner_av = models.BooleanField("audio-visual staff and equipment", default=False)
    partner_printing = models.BooleanField("printing and copying", default=False)
    partner_faculty_hours = models.PositiveIntegerField("faculty hours per year", default=0)
    partner_funds = models.DecimalField("funds (USD)", max_digits=12, decimal_places=2, default=0)
    partner_notes = models.TextField("other commitments", blank=True, max_length=2000)
    # ... and what the sponsor provides.
    sponsor_rooms = models.BooleanField("meeting rooms", default=False)
    sponsor_av = models.BooleanField("audio-visual staff and equipment", default=False)
    sponsor_printing = models.BooleanField("printing and copying", default=False)
    sponsor_faculty_hours = models.PositiveIntegerField("faculty hours per year", default=0)
    sponsor_funds = models.DecimalField("funds (USD)", max_digits=12, decimal_places=2, default=0)
    sponsor_notes = models.TextField("other commitments", blank=True, max_length=2000)
    document = models.FileField(upload_to=agreement_document_path, blank=True, max_length=200)
    document_name = models.CharField(max_length=200, blank=True)
    document_size = models.PositiveIntegerField(default=0)
    renews = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewal"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.title} with {self.organization.name} ({self.starts_on:%Y}–{self.ends_on:%Y})"

    @property
    def status_label(self) -> str:
        """The label of the `status` that partners.selectors.agreements_with_status annotates."""
        return self.Status(self.status).label


class AgreementReminder(models.Model):
    """That the reminder `days_before` the end of an agreement was sent: never twice."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-days_before"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "days_before"], name="agreement_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.days_before}-day reminder for {self.agreement}"
