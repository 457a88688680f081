"""Personal sign-in links for invitations and reminders: signed, valid for a limited time and
good for one sign-in (the token carries the user's last sign-in time, which signing in changes)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

SALT = "assessments.personal-link"
LINK_MAX_AGE = getattr(settings, "ASSESSMENT_LINK_MAX_AGE", 7 * 24 * 3600)


def _stamp(user) -> str:
    return user.last_login.isoformat() if user.last_login else ""


def make_link_token(*, user, next_url: str) -> str:
    return signing.dumps({"u": user.pk, "l": _stamp(user), "n": next_url}, salt=SALT, compress=True)


def read_link_token(token: str, *, user=None) -> tuple[int, str]:
    """(user pk, next url); BadSignature if forged, expired, or (given the user) already used."""
    data = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    if user is not None and data.get("l") != _stamp(user):
        raise signing.BadSignature("This link has already been used.")
    return int(data["u"]), str(data.get("n") or "/")


def personal_link(*, user, next_url: str) -> str:
    """The path of the link (emails prefix the site's address)."""
    return reverse("assessments:link", args=[make_link_token(user=user, next_url=next_url)])


def claim_link_token(token: str, *, user) -> bool:
    """Spend a personal link before signing in with it: under a lock on the user's row, check
    that it is still unused and record the sign-in time (which spends it). Of simultaneous uses
    (a double click) the first wins; the others find it used and get False."""
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        try:
            if locked is None:
                raise signing.BadSignature("The account is gone.")
            read_link_token(token, user=locked)
        except signing.BadSignature:
            return False
        locked.last_login = timezone.now()
        locked.save(update_fields=["last_login"])
    user.last_login = locked.last_login
    return True


# Comparison-group sign-up links (assessments.services.comparison): the token names the link;
# the link's row says until when it works.
COMPARISON_SALT = "assessments.comparison-link"


def comparison_link_token(*, link) -> str:
    return signing.dumps({"c": link.pk}, salt=COMPARISON_SALT)


def comparison_link_id(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=COMPARISON_SALT)
    except signing.BadSignature:
        return None
    link_id = data.get("c") if isinstance(data, dict) else None
    return link_id if isinstance(link_id, int) else None


def comparison_link_path(*, link) -> str:
    return reverse("assessments:comparison_join", args=[comparison_link_token(link=link)])
