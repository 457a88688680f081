from django import template
from django.template.loader import render_to_string

from planning.patients.selectors import (
    co_teachers_by_session,
    feedback_summaries,
)

register = template.Library()


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
def patient_feedback_for(programs) -> list:
    """The aggregated patient-partner feedback of each of these programs (the learner's
    enrolled ones, already read; none below 5 answers): 1 query, for rotation's My rotation."""
    return feedback_summaries(programs=programs)


@register.simple_tag
def co_teachers(assignments, *, plain=False):
    """A session's patient partners beside its faculty: cards, or one line each (`plain`);
    nothing at all for a session without any (most rows of a schedule)."""
    if not assignments:
        return ""
    return render_to_string(
        "planning/patients/_co_teachers.html", {"assignments": assignments, "plain": plain}
    )
