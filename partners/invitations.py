"""What every emailed invitation shares (faculty, liaison and planning-team links): a signed,
expiring token naming the invitation; only the latest open invitation of its holder works; it
is claimed once, under a row lock; the invitee's new account has the address the link reached.
Each kind is one `InvitationKind`; its services and selectors call these, never copies."""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from partners.models import Invitation


class InvitationUsed(Exception):
    """The invitation was accepted (or replaced) meanwhile: a double click, a second tab."""


@dataclass(frozen=True)
class InvitationKind:
    """One kind of invitation: its model, the salt its tokens are signed with, and what to load
    with it when a link is opened."""

    model: type[Invitation]
    salt: str
    related: tuple[str, ...] = ()

    def token(self, invitation: Invitation) -> str:
        return signing.dumps(invitation.pk, salt=self.salt)

    def from_token(self, token: str) -> Invitation | None:
        """The open invitation this token was made for, or None when it is bad, used, replaced
        or older than PARTNERS_INVITATION_DAYS."""
        max_age = timedelta(days=settings.PARTNERS_INVITATION_DAYS)
        try:
            pk = signing.loads(token, salt=self.salt, max_age=max_age)
        except signing.BadSignature:
            return None
        return self.open().filter(pk=pk).select_related(*self.related).first()

    def open(self) -> QuerySet:
        return self.model.objects.filter(accepted_at=None, revoked_at=None)

    def issue(self, *, replacing: QuerySet, **fields) -> Invitation:
        """A new invitation; the open ones in `replacing` (the holder's earlier links) stop
        working. Inside the caller's transaction."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Issue invitations inside the transaction that needs them.")
        replacing.filter(accepted_at=None, revoked_at=None).update(revoked_at=timezone.now())
        return self.model.objects.create(**fields)

    def claim(self, invitation: Invitation) -> Invitation:
        """Lock the invitation for this transaction and mark it accepted: of simultaneous
        acceptances the first wins and the others, let through once it has committed, find it
        used and get InvitationUsed."""
        claimed = self.open().select_for_update().filter(pk=invitation.pk).first()
        if claimed is None:
            raise InvitationUsed
        claimed.accepted_at = timezone.now()
        claimed.save(update_fields=["accepted_at"])
        invitation.accepted_at = claimed.accepted_at
        return claimed


def prepare_account(*, email: str, name: str, password: str):
    """An unsaved account for the invitee, its password checked against the validators
    (ValidationError otherwise)."""
    first_name, _, last_name = name.strip().partition(" ")
    user = get_user_model()(email=email.lower(), first_name=first_name, last_name=last_name)
    validate_password(password, user)
    user.set_password(password)
    return user


def save_verified_account(user):
    """Save the prepared account with its address verified: the invitation link reached it."""
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def account_exists(*, email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email).exists()


def ensure_no_account(*, email: str) -> None:
    """Refuse a new account for an address that has one. Call it after `claim`, inside the
    transaction: a simultaneous acceptance that won then gets InvitationUsed, not this."""
    if account_exists(email=email):
        raise ValidationError(
            "An account with this email address already exists. Sign in, then open the link again."
        )
