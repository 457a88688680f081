"""Deleting a learner's account on request. Their personal data goes (from the audit trail too,
and from every app through its `personal_data.erase`); their responses, answers, attendance and
evaluations stay attached to the same Learner row under a random code, so that course
statistics and exports do not change. Idempotent, all-or-nothing."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import redact_personal_data
from config.discovery import app_modules
from privacy.models import DeletionRequest
from rotation.models import Learner, User
from rotation.selectors.access import roles_of

DEIDENTIFIED_EMAIL_DOMAIN = "deidentified.invalid"


def request_deletion(*, learner: Learner) -> tuple[DeletionRequest, bool]:
    """The learner asks site staff to delete their account; asking again adds nothing."""
    try:
        with transaction.atomic():
            return DeletionRequest.objects.get_or_create(
                learner=learner,
                completed_at__isnull=True,
                defaults={"requested_at": timezone.now()},
            )
    except IntegrityError:  # a simultaneous request got there first
        return DeletionRequest.objects.get(learner=learner, completed_at__isnull=True), False


def other_roles_of(user: User) -> list[str]:
    """What else the account is used for, which deleting it would break."""
    roles = roles_of(user=user)
    named = {
        "site staff": roles.is_staff,
        "course director": roles.is_director,
        "partner liaison": roles.is_liaison,
        "faculty member": roles.is_faculty,
    }
    return [name for name, has_role in named.items() if has_role]


def new_code() -> str:
    """A random code that stands in for the learner's name, e.g. "D-5F3A9C1E07"."""
    return "D-" + secrets.token_hex(5).upper()


def deidentify_learner(*, learner: Learner, erased_by: User) -> Learner:
    """Delete the learner's account and blank their name, email, residency and program
    director; keep everything they answered under a random code. A second run changes nothing."""
    with transaction.atomic():
        locked = Learner.objects.select_for_update(of=("self",)).select_related("user")
        learner = locked.get(pk=learner.pk)
        if learner.deidentified_at is not None:
            return learner
        user = learner.user
        other_roles = other_roles_of(user) if user is not None else []
        if other_roles:
            raise ValidationError(
                f"This account is also used as {', '.join(other_roles)}; "
                "remove those roles first, then delete the learner's account."
            )
        code = new_code()
        code_email = f"{code.lower()}@{DEIDENTIFIED_EMAIL_DOMAIN}"
        redact_personal_data(
            replacements={
                learner.full_name: code,
                learner.email: code_email,
                **({user.email: code_email, user.get_full_name(): code} if user else {}),
            }
        )
        # Upper layers first: they find their rows by the account and address that rotation's
        # part then replaces.
        for part in reversed(app_modules("personal_data")):
            if hasattr(part, "erase"):
                part.erase(learner=learner, code=code, email=code_email)
        DeletionRequest.objects.filter(learner=learner, completed_at__isnull=True).update(
            completed_at=learner.deidentified_at, completed_by=erased_by
        )
    return learner
