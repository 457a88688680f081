"""Reads of personal API tokens."""

from django.db.models import QuerySet
from django.http import Http404

from api.models import ApiToken


def tokens_of(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def get_token_of(*, user, pk: int) -> ApiToken:
    """One of the user's own tokens; 404 for anyone else's."""
    try:
        return tokens_of(user=user).get(pk=pk)
    except ApiToken.DoesNotExist:
        raise Http404("No such token.") from None


def token_by_prefix(*, prefix: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(prefix=prefix).first()
