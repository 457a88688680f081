from django import template
from django.template.loader import render_to_string

from planning.navigation import PlanningLinks
from planning.navigation import planning_links as links_of
from planning.patients.selectors import (
    CoTeachersAndFeedback,
    co_teachers_and_feedback,
    co_teachers_by_session,
)

register = template.Library()


@register.simple_tag
def planning_links(program) -> PlanningLinks:
    """{% planning_links program as links %}: the program's planning links."""
    return links_of(program=program)


@register.simple_tag
def co_teachers_for(sessions, *, plain=False) -> dict[int, list]:
    """Each session's patient and family partners by session id, in one query, for the pages of
    rotation and teaching that show a session's faculty (those apps sit below or beside
    planning, so their pages ask for the partners here). Takes sessions or one session; `plain`
    for a page that shows them only as `co_teachers … plain=True` lines."""
    if hasattr(sessions, "pk"):
        sessions = [sessions]
    return co_teachers_by_session(sessions=sessions, plain=plain)


@register.simple_tag
def co_teachers_and_feedback_for(sessions, programs) -> CoTeachersAndFeedback:
    """For rotation's My rotation: the patient partners of the learner's sessions by session id
    (`by_session`, for `co_teachers`) and the aggregated feedback of each of their programs
    (`feedback`; none below 5 answers), from what the page read already (`programs`: the
    enrolled ones; `sessions`: all their published sessions): 1 query."""
    return co_teachers_and_feedback(sessions=sessions, programs=programs)


@register.simple_tag
def co_teachers(assignments, *, plain=False):
    """A session's patient partners beside its faculty: cards, or one line each (`plain`);
    nothing at all for a session without any (most rows of a schedule)."""
    if not assignments:
        return ""
    return render_to_string(
        "planning/patients/_co_teachers.html", {"assignments": assignments, "plain": plain}
    )
