"""Learners who share a name, told apart on the lists where a director must pick the right one
(attendance, completion, the printed sign-in sheet)."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Protocol


class Named(Protocol):
    pk: int
    first_name: str
    last_name: str
    email: str
    pgy_level: int
    residency_program: str


def namesake_details(learners: Iterable[Named]) -> dict[int, str]:
    """What tells each learner who shares a full name with another apart, by learner id: the
    PGY level and residency program ("PGY-2, Psychiatry"), or the email address when those are
    the same too. Learners with a name of their own are not in the result."""
    by_name: dict[tuple[str, str], list[Named]] = defaultdict(list)
    for learner in learners:
        name = (learner.first_name.strip().casefold(), learner.last_name.strip().casefold())
        by_name[name].append(learner)
    details: dict[int, str] = {}
    for namesakes in by_name.values():
        if len(namesakes) < 2:
            continue
        training = Counter((learner.pgy_level, learner.residency_program) for learner in namesakes)
        for learner in namesakes:
            if training[(learner.pgy_level, learner.residency_program)] == 1:
                details[learner.pk] = f"PGY-{learner.pgy_level}, {learner.residency_program}"
            else:
                details[learner.pk] = learner.email
    return details
