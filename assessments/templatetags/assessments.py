from django import template
from django.utils import timezone

from assessments.selectors.demographics import programs_asking_learner
from assessments.selectors.due import due_for_learner, learner_programs
from assessments.selectors.responses import administrations_for_readiness

register = template.Library()


@register.inclusion_tag("assessments/_for_me.html", takes_context=True)
def assessments_for_me(context, programs, sessions):
    """The signed-in resident's open assessments, evaluations and available results, then
    those of their programs that ask optional demographic questions not yet answered, from
    what My rotation read already (`programs`: the enrolled ones; `sessions`: theirs): 3
    queries."""
    learner = getattr(context["request"].user, "learner_profile", None)
    if learner is None:
        return {"due": [], "programs": []}
    mine = learner_programs(learner=learner, programs=programs)
    return {
        "due": due_for_learner(
            learner=learner, now=timezone.now(), programs=mine, sessions=sessions
        ),
        "programs": programs_asking_learner(programs=mine),
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
