"""Links for long tables: reverse() a URL once per page instead of once per row."""

from collections.abc import Callable

from django.urls import reverse

# A number no real primary key reaches here; the row's key (a primary key or a slug) replaces it.
_MARKER = 987654321


def row_url(name: str, *args) -> Callable[[int], str]:
    """The URL `name` takes with `args` and one more, last argument, as a function of that last
    argument: `withdraw = row_url("rotation:learner_withdraw", slug)`, then `withdraw(pk)`."""
    head, tail = reverse(name, args=[*args, _MARKER]).rsplit(str(_MARKER), 1)
    return lambda pk: f"{head}{pk}{tail}"
