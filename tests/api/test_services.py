import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.utils import timezone

from api.models import ApiToken
from api.services import authenticate_key, create_token, revoke_token
from audit.models import AuditEvent
from tests.factories import ProgramFactory, UserFactory

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def user(db):
    return UserFactory(email="it@hospital.example.org")


def new_token(user, **fields):
    fields = {"name": " MedHub sync ", "scope": "read", "expires_at": NOW + timedelta(days=30)} | (
        fields
    )
    return create_token(user=user, **fields)


@time_machine.travel(NOW, tick=False)
def test_a_token_is_stored_as_the_hash_of_its_secret_and_found_by_its_prefix(user):
    new = new_token(user)

    token = ApiToken.objects.get()
    prefix, secret = new.key.removeprefix("mr_").split("_", 1)
    assert (token.name, token.prefix, token.scope) == ("MedHub sync", prefix, "read")
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values_list())
    assert authenticate_key(key=new.key) == token


@time_machine.travel(NOW, tick=False)
def test_creating_and_revoking_are_in_the_audit_trail(user):
    token = new_token(user).token
    revoke_token(token=token, actor=user)
    revoke_token(token=token, actor=user)  # again: nothing new

    events = list(AuditEvent.objects.order_by("pk").values_list("action", "actor", "target_id"))
    assert events == [
        ("api_token.created", user.pk, str(token.pk)),
        ("api_token.revoked", user.pk, str(token.pk)),
    ]
    assert token.revoked_at == NOW


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("mr_nope_secret", "Invalid API token."),
        ("not-a-token", "Invalid API token."),
        ("mr_", "Invalid API token."),
    ],
)
def test_an_unknown_key_is_refused(user, key, message):
    new_token(user, expires_at=timezone.now() + timedelta(days=1))

    with pytest.raises(ValidationError) as error:
        authenticate_key(key=key)
    assert error.value.messages == [message]


def test_a_wrong_secret_with_a_real_prefix_is_refused(user):
    key = new_token(user, expires_at=timezone.now() + timedelta(days=1)).key

    with pytest.raises(ValidationError) as error:
        authenticate_key(key=key[:-2] + "xx")
    assert error.value.messages == ["Invalid API token."]


def test_revoked_and_expired_tokens_are_refused(user):
    with time_machine.travel(NOW, tick=False):
        revoked = new_token(user)
        revoke_token(token=revoked.token, actor=user)
        expiring = new_token(user, expires_at=NOW + timedelta(days=1))

    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        with pytest.raises(ValidationError) as error:
            authenticate_key(key=revoked.key)
        assert error.value.messages == ["This API token was revoked."]
        with pytest.raises(ValidationError) as error:
            authenticate_key(key=expiring.key)
        assert error.value.messages == ["This API token has expired."]


def test_last_used_moves_at_most_once_a_minute(user):
    with time_machine.travel(NOW, tick=False):
        new = new_token(user)
        authenticate_key(key=new.key)
    with time_machine.travel(NOW + timedelta(seconds=59), tick=False):
        authenticate_key(key=new.key)
        assert ApiToken.objects.get().last_used_at == NOW
    with time_machine.travel(NOW + timedelta(seconds=60), tick=False):
        authenticate_key(key=new.key)
        assert ApiToken.objects.get().last_used_at == NOW + timedelta(seconds=60)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"scope": "admin"}, "Unknown scope 'admin': use read or read_write."),
        ({"expires_at": NOW}, "A token expires in the future, within 366 days."),
        (
            {"expires_at": NOW + timedelta(days=367)},
            "A token expires in the future, within 366 days.",
        ),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_bad_scope_or_expiry_is_refused_and_nothing_is_stored(user, fields, message):
    with pytest.raises(ValidationError) as error:
        new_token(user, **fields)

    assert error.value.messages == [message]
    assert ApiToken.objects.count() == 0


def test_a_director_without_the_required_authenticator_can_neither_create_nor_use_tokens(
    user, settings
):
    ProgramFactory(directors=[user])
    new = new_token(user, expires_at=timezone.now() + timedelta(days=1))
    settings.MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS = True

    with pytest.raises(ValidationError) as error:
        new_token(user, expires_at=timezone.now() + timedelta(days=1))
    assert error.value.messages == ["Set up an authenticator app before creating API tokens."]
    with pytest.raises(ValidationError) as error:
        authenticate_key(key=new.key)
    assert error.value.messages == ["Set up an authenticator app before using API tokens."]

    TOTP.activate(user, generate_totp_secret())
    assert authenticate_key(key=new.key) == new.token
