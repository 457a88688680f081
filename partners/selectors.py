"""Reads about partner organizations, their sites, rooms, faculty and invitations: the
directory. What partners do in programs is read by rotation (rotation/selectors/partners.py)."""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from accounts.roles import liaises_any_organization
from config.queries import built_once
from partners import invitations
from partners.invitations import InvitationKind
from partners.models import (
    Agreement,
    Contact,
    FacultyInvitation,
    FacultyMember,
    LiaisonInvitation,
    MeetingRoom,
    Organization,
    RoomBlackout,
    ValuationRates,
)
from partners.valuation import DEFAULT_RATES


def organizations_for_liaison(*, user) -> QuerySet[Organization]:
    organizations = Organization.objects.all() if user.is_staff else user.liaison_organizations
    return organizations.annotate(
        site_count=Count("sites", distinct=True),
        room_count=Count("sites__rooms", distinct=True),
        faculty_count=Count("faculty", distinct=True),
    ).order_by("name")


def directory(*, user) -> QuerySet[Organization]:
    """Every organization of the directory, with its liaison count and whether `user` may manage
    it: one query whatever the size."""
    managed = organizations_managed_by(user=user).filter(pk=OuterRef("pk"))
    return Organization.objects.annotate(
        liaison_count=Count("liaisons", distinct=True),
        faculty_count=Count("faculty", distinct=True),
        is_managed=Exists(managed),
    ).order_by("name")


def organizations_managed_by(*, user) -> QuerySet[Organization]:
    """Organizations the user is a liaison of, that partner in a program the user directs, or
    that the user added to the directory."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_staff:
        return Organization.objects.all()
    ids = Organization.objects.filter(
        Q(liaisons=user) | Q(partnerships__program__directors=user) | Q(created_by=user)
    ).values("pk")
    return Organization.objects.filter(pk__in=ids)


def get_organization_for_manager(*, user, slug: str) -> Organization:
    """The organization with this slug if the user may manage it; 404 otherwise. A liaison's
    own organization is read through their link to it alone, one join where the whole rule
    (`organizations_managed_by`) takes three and 0.6 ms more to build and plan; any other
    through the whole rule (a liaison managing another organization: a second query)."""
    if liaises_any_organization(user):
        own = _organizations_by_liaison().filter(slug=slug, _liaison_id=user.pk).first()
        if own is not None:
            return own
    try:
        return organizations_managed_by(user=user).get(slug=slug)
    except Organization.DoesNotExist:
        raise Http404("No such partner organization.") from None


@built_once
def _organizations_by_liaison() -> QuerySet[Organization]:
    """Organizations with their liaisons' ids, narrowed to one liaison on each call."""
    return Organization.objects.alias(_liaison_id=F("liaisons"))


def rooms_for_organization(*, organization: Organization) -> QuerySet[MeetingRoom]:
    now = timezone.now()
    upcoming = Q(sessions__starts_at__gte=now) & ~Q(sessions__status="cancelled")
    return (
        MeetingRoom.objects.filter(site__organization=organization)
        .select_related("site")
        .annotate(upcoming_count=Count("sessions", filter=upcoming))
        .order_by("site__name", "name")
    )


def faculty_for_organization(*, organization: Organization) -> QuerySet[FacultyMember]:
    return (
        FacultyMember.objects.filter(organization=organization)
        .select_related("user")
        .prefetch_related("expertise")
        .order_by("last_name", "first_name")
    )


def get_faculty_member_with_photo(*, pk: int) -> FacultyMember:
    """A faculty member who has a photo, for the photo view that then checks permissions."""
    try:
        return FacultyMember.objects.select_related("organization").exclude(photo="").get(pk=pk)
    except FacultyMember.DoesNotExist:
        raise Http404("No such photo.") from None


# --- Invitations --------------------------------------------------------------------------------

FACULTY_INVITATIONS = InvitationKind(
    model=FacultyInvitation,
    salt="partners.faculty-invitation",
    related=("faculty_member__organization", "faculty_member__user"),
)
LIAISON_INVITATIONS = InvitationKind(
    model=LiaisonInvitation, salt="partners.liaison-invitation", related=("organization",)
)


def invitation_token(*, invitation: FacultyInvitation) -> str:
    return FACULTY_INVITATIONS.token(invitation)


def invitation_from_token(*, token: str) -> FacultyInvitation | None:
    """The open invitation this token was made for, or None when it is bad, used or expired."""
    return FACULTY_INVITATIONS.from_token(token)


def liaison_invitation_token(*, invitation: LiaisonInvitation) -> str:
    return LIAISON_INVITATIONS.token(invitation)


def liaison_invitation_from_token(*, token: str) -> LiaisonInvitation | None:
    return LIAISON_INVITATIONS.from_token(token)


def open_liaison_invitations(*, organization: Organization) -> QuerySet[LiaisonInvitation]:
    """The organization's invitations still waiting for an answer, newest first."""
    return LIAISON_INVITATIONS.open().filter(organization=organization).order_by("-created_at")


account_exists = invitations.account_exists


def room_booking_warnings(
    *, room: MeetingRoom | None, starts_at: datetime, ends_at: datetime
) -> list[str]:
    """Messages for a booking outside the room's bookable hours or on one of its blackout
    dates; the schedule editor shows them next to its conflict checks."""
    if room is None:
        return []
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    blackouts = room.blackouts.filter(date__in={start.date(), end.date()})
    return _room_messages(room, start, end, blackouts)


def _room_messages(room: MeetingRoom, start: datetime, end: datetime, blackouts) -> list[str]:
    messages = []
    if not room.is_active:
        messages.append(f"{room.name} is no longer in use.")
    opens, closes = room.bookable_from, room.bookable_until
    if (opens and start.time() < opens) or (
        closes and (end.date() > start.date() or end.time() > closes)
    ):
        hours = f"{opens:%H:%M}" if opens else "any time"
        hours += f"–{closes:%H:%M}" if closes else ""
        messages.append(f"{room.name} can be booked only {hours}.")
    for blackout in blackouts:
        reason = f" ({blackout.reason})" if blackout.reason else ""
        messages.append(
            f"{room.name} is closed on {date_format(blackout.date, 'D j M Y')}{reason}."
        )
    return messages


def room_warnings_for_sessions(*, sessions) -> dict[int, list[str]]:
    """Room-booking warnings by session id, in at most one query, for the schedule editor.
    Expects sessions with room loaded."""
    sessions = [session for session in sessions if not session.is_cancelled]
    days = {timezone.localtime(session.starts_at).date() for session in sessions}
    rooms = {session.room_id for session in sessions if session.room_id}
    blackouts = defaultdict(list)
    if rooms:
        for blackout in RoomBlackout.objects.filter(room__in=rooms, date__in=days):
            blackouts[blackout.room_id].append(blackout)
    warnings = {}
    for session in sessions:
        if session.room is None:
            continue
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        closed = [b for b in blackouts[session.room_id] if b.date in {start.date(), end.date()}]
        found = _room_messages(session.room, start, end, closed)
        if found:
            warnings[session.pk] = found
    return warnings


# --- In-kind valuation rates --------------------------------------------------------------------


def current_academic_year(*, today) -> str:
    """The academic year `today` falls in; years start on July 1."""
    first = today.year if today.month >= 7 else today.year - 1
    return f"{first}-{first + 1}"


def default_rates(*, organization: Organization, academic_year: str) -> ValuationRates:
    """Unsaved rates at the defaults (`partners.valuation.DEFAULT_RATES`)."""
    return ValuationRates(organization=organization, academic_year=academic_year, **DEFAULT_RATES)


def rates_for(*, organization: Organization, academic_year: str) -> ValuationRates:
    """The organization's rates for the year: its own when set, the defaults otherwise."""
    stored = ValuationRates.objects.filter(
        organization=organization, academic_year=academic_year
    ).first()
    return stored or default_rates(organization=organization, academic_year=academic_year)


def rates_by_organization_year(*, pairs) -> dict[tuple[int, str], ValuationRates]:
    """Rates for each (organization, academic year) pair, the defaults where none are set: one
    query whatever the number of pairs."""
    pairs = {(organization.pk, year): organization for organization, year in pairs}
    stored = {
        (rates.organization_id, rates.academic_year): rates
        for rates in ValuationRates.objects.filter(
            organization__in={pk for pk, _ in pairs}, academic_year__in={y for _, y in pairs}
        ).order_by()  # looked up by key: not sorted by the organization's name
    }
    return {
        key: stored.get(key) or default_rates(organization=organization, academic_year=key[1])
        for key, organization in pairs.items()
    }


def stored_rates(*, organization: Organization) -> QuerySet[ValuationRates]:
    return ValuationRates.objects.filter(organization=organization).order_by("-academic_year")


# --- Contacts and agreements --------------------------------------------------------------------


def contacts_for_organization(*, organization: Organization) -> QuerySet[Contact]:
    return Contact.objects.filter(organization=organization).order_by("name")


def contacts_with_role(organization: Organization, role: str) -> QuerySet[Contact]:
    """The organization's contacts who hold this role (a Contact.Role value), by name: the AV
    contact gets the logistics sheet, the billing contact the value report."""
    if role not in Contact.Role.values:
        raise ValueError(f"Unknown contact role: {role!r}")
    return contacts_for_organization(organization=organization).filter(**{role: True})


def expiring_within_days() -> int:
    """An agreement is expiring from its first reminder on (60 days before the end)."""
    return max(settings.PARTNERS_AGREEMENT_REMINDER_DAYS)


def agreements_with_status(*, today: date | None = None) -> QuerySet[Agreement]:
    """Every agreement annotated with `status`, the one rule: a draft until signed; ended once
    its term is over or it was renewed; expiring within 60 days of its end; active otherwise.
    `status_rank` orders expiring first, then active, drafts, ended."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=expiring_within_days())
    status = Case(
        When(Q(ends_on__lt=today) | Q(renewal__isnull=False), then=Value(Agreement.Status.ENDED)),
        When(signed_on__isnull=True, then=Value(Agreement.Status.DRAFT)),
        When(ends_on__lte=soon, then=Value(Agreement.Status.EXPIRING)),
        default=Value(Agreement.Status.ACTIVE),
    )
    rank = Case(
        *(
            When(status=value, then=Value(position))
            for position, value in enumerate(
                [Agreement.Status.EXPIRING, Agreement.Status.ACTIVE, Agreement.Status.DRAFT]
            )
        ),
        default=Value(3),
        output_field=IntegerField(),
    )
    return (
        Agreement.objects.annotate(status=status)
        .annotate(status_rank=rank)
        .select_related("organization", "sponsor", "renews", "renewal")
    )


def agreements_for_organization(*, organization: Organization) -> QuerySet[Agreement]:
    """The organization's agreements, current ones first, renewed ones kept as history."""
    return (
        agreements_with_status()
        .filter(organization=organization)
        .order_by("status_rank", "-starts_on", "-pk")
    )


def agreement_overview(*, user) -> QuerySet[Agreement]:
    """The current agreement of every organization the user manages (renewed ones left out),
    expiring first (soonest end first), then active, drafts and ended."""
    return (
        agreements_with_status()
        .filter(organization__in=organizations_managed_by(user=user), renewal__isnull=True)
        .order_by("status_rank", "ends_on", "organization__name")
    )


def get_agreement(*, organization: Organization, pk: int) -> Agreement:
    try:
        return agreements_with_status().get(organization=organization, pk=pk)
    except Agreement.DoesNotExist:
        raise Http404("No such agreement.") from None


def get_agreement_with_document(*, pk: int) -> Agreement:
    """An agreement that has a signed document, for the download view that checks access."""
    try:
        return Agreement.objects.select_related("organization").exclude(document="").get(pk=pk)
    except Agreement.DoesNotExist:
        raise Http404("No such document.") from None


def sponsors() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=Organization.Kind.ACADEMIC_SPONSOR)


def agreements_due_for_reminder(*, today: date) -> list[tuple[Agreement, list[int]]]:
    """Signed, current agreements that entered a reminder window (60 or 14 days before the end)
    whose reminder is not recorded yet, each with the thresholds still to record."""
    days = sorted(settings.PARTNERS_AGREEMENT_REMINDER_DAYS)
    due = (
        Agreement.objects.filter(
            signed_on__isnull=False,
            renewal__isnull=True,
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=max(days)),
        )
        .select_related("organization")
        .prefetch_related("reminders")
    )
    found = []
    for agreement in due:
        left = (agreement.ends_on - today).days
        sent = {reminder.days_before for reminder in agreement.reminders.all()}
        missing = [d for d in days if d >= left and d not in sent]
        if missing:
            found.append((agreement, missing))
    return found


def partnership_recipients(*, organization: Organization) -> list[str]:
    """The emails of the organization's liaisons and of the directors of its current (not
    archived) programs, sorted, each once."""
    User = get_user_model()
    users = User.objects.filter(
        Q(liaison_organizations=organization)
        | Q(
            directed_programs__partnerships__organization=organization,
            directed_programs__archived_at__isnull=True,
        ),
        is_active=True,
    )
    return sorted({email.lower() for email in users.values_list("email", flat=True)})
