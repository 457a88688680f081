from django import template
from django.utils import timezone

from assessments.selectors.demographics import programs_asking_learner
from assessments.selectors.due import LearnerProgram, due_for_learner, learner_programs
from assessments.selectors.responses import administrations_for_readiness

register = template.Library()


@register.simple_tag(takes_context=True)
def learner_programs_of(context, programs) -> list[LearnerProgram]:
    """The signed-in resident's enrolled programs (`programs`, read already by My rotation)
    with what assessments knows of them (learner_programs), for `assessments_for_me` and the
    pages' other blocks that need it: 1 query."""
    learner = getattr(context["request"].user, "learner_profile", None)
    if learner is None:
        return []
    return learner_programs(learner=learner, programs=programs)


@register.inclusion_tag("assessments/_for_me.html", takes_context=True)
def assessments_for_me(context, programs, sessions):
    """The signed-in resident's open assessments, evaluations and available results, then
    those of their programs that ask optional demographic questions not yet answered, from
    what My rotation read already (`programs`: learner_programs_of; `sessions`: theirs): no
    query but the sessions evaluated, once a session's evaluation window is open."""
    learner = getattr(context["request"].user, "learner_profile", None)
    if learner is None:
        return {"due": [], "programs": []}
    return {
        "due": due_for_learner(
            learner=learner, now=timezone.now(), programs=programs, sessions=sessions
        ),
        "programs": programs_asking_learner(programs=programs),
    }


@register.inclusion_tag("assessments/_readiness.html")
def assessment_readiness(program, enrolled: int):
    """Readiness lines for the director's program home: each administration's window, whether
    it is open now and its response rate among the enrolled learners."""
    now = timezone.now()
    rows = [
        {
            "administration": administration,
            "state": "open now"
            if administration.is_open(now)
            else ("not open yet" if now < administration.opens_at else "closed"),
            "submitted": administration.submitted,
            "rate": round(100 * administration.submitted / enrolled) if enrolled else 0,
        }
        for administration in administrations_for_readiness(program=program)
    ]
    return {"rows": rows, "program": program, "enrolled": enrolled}
