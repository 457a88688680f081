"""Links for long tables: reverse() a URL once per page instead of once per row; the
schedule's own links, once a process."""

from collections.abc import Callable

from django.urls import reverse

from config.reversing import reversed_once

# A number no real primary key reaches here; the row's key (a primary key or a slug) replaces it.
_MARKER = 987654321


def row_url(name: str, *args) -> Callable[[int], str]:
    """The URL `name` takes with `args` and one more, last argument, as a function of that last
    argument: `withdraw = row_url("rotation:learner_withdraw", slug)`, then `withdraw(pk)`."""
    head, tail = reverse(name, args=[*args, _MARKER]).rsplit(str(_MARKER), 1)
    return lambda pk: f"{head}{pk}{tail}"


# The schedule views' links to each other and to their actions (names in the rotation namespace).
SCHEDULE_LINKS = (
    "schedule",
    "timeline",
    "timeline_check",
    "schedule_print",
    "publish",
    "session_create",
    "series_create",
)


def schedule_links(program) -> dict[str, str]:
    """The program's `SCHEDULE_LINKS` by name, reversed once a process (`reversed_once`)."""
    return {name: reversed_once(f"rotation:{name}", program.slug) for name in SCHEDULE_LINKS}
