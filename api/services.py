"""Writes of personal API tokens: creation (the secret returned once), use and revocation."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.policy import needs_mfa_setup
from api.models import ApiToken
from api.selectors import token_by_prefix
from audit.services import record_event

TOKEN_START = "mr_"  # noqa: S105 -- the public start of every token, not a secret
MAX_DAYS = 366
# `last_used_at` moves at most once a minute, so that most requests write nothing.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown to the user once, never stored


def create_token(*, user, name: str, scope: str, expires_at: datetime) -> NewToken:
    if needs_mfa_setup(user):
        raise ValidationError("Set up an authenticator app before creating API tokens.")
    now = timezone.now()
    if scope not in ApiToken.Scope.values:
        raise ValidationError(f"Unknown scope {scope!r}: use read or read_write.")
    if not now < expires_at <= now + timedelta(days=MAX_DAYS):
        raise ValidationError(f"A token expires in the future, within {MAX_DAYS} days.")
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip(),
            scope=scope,
            prefix=prefix,
            secret_hash=hash_secret(secret),
            created_at=now,
            expires_at=expires_at,
        )
        record_event(
            actor=user,
            action="api_token.created",
            target=token,
            changes={"scope": [None, scope], "expires_at": [None, expires_at.isoformat()]},
        )
    return NewToken(token=token, key=f"{TOKEN_START}{prefix}_{secret}")


def revoke_token(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token; revoking it again changes nothing."""
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor,
            action="api_token.revoked",
            target=token,
            changes={"revoked_at": [None, token.revoked_at.isoformat()]},
        )
    return token


def authenticate_key(*, key: str) -> ApiToken:
    """The live token this key belongs to, marked as used; ValidationError says why not."""
    prefix, _, secret = key.removeprefix(TOKEN_START).partition("_")
    token = token_by_prefix(prefix=prefix) if key.startswith(TOKEN_START) and secret else None
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        raise ValidationError("Invalid API token.")
    now = timezone.now()
    if token.revoked_at is not None:
        raise ValidationError("This API token was revoked.")
    if token.expires_at <= now:
        raise ValidationError("This API token has expired.")
    if not token.user.is_active:
        raise ValidationError("This account is inactive.")
    if needs_mfa_setup(token.user):
        raise ValidationError("Set up an authenticator app before using API tokens.")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
