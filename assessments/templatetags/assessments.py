from django import template
from django.utils import timezone

from assessments.selectors import due_for_learner

register = template.Library()


@register.inclusion_tag("assessments/_due.html", takes_context=True)
def due_for_me(context):
    """The signed-in resident's open assessments, evaluations and available results."""
    learner = getattr(context["request"].user, "learner_profile", None)
    due = due_for_learner(learner=learner, now=timezone.now()) if learner else []
    return {"due": due}
