from django import template
from django.utils import timezone

from assessments.selectors.demographics import programs_asking_learner
from assessments.selectors.due import due_for_learner
from assessments.selectors.responses import administrations_for_readiness

register = template.Library()


@register.inclusion_tag("assessments/_due.html", takes_context=True)
def due_for_me(context):
    """The signed-in resident's open assessments, evaluations and available results."""
    learner = getattr(context["request"].user, "learner_profile", None)
    due = due_for_learner(learner=learner, now=timezone.now()) if learner else []
    return {"due": due}


@register.inclusion_tag("assessments/_demographics_invitation.html", takes_context=True)
def demographics_for_me(context):
    """The resident's programs that ask optional demographic questions not yet answered."""
    learner = getattr(context["request"].user, "learner_profile", None)
    return {"programs": list(programs_asking_learner(learner=learner)) if learner else []}


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
