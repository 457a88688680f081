"""What reports offers the pages of lower apps: a learner's own milestone evidence and
certificates on My rotation."""

from django import template

from reports.milestones import progress_for

register = template.Library()


@register.inclusion_tag("reports/_my_evidence.html", takes_context=True)
def milestone_evidence_for_me(context, enrollments, sessions, programs):
    """The signed-in learner's programs (`enrollments`: all of theirs, already read), each with
    its evidence PDF and, once completed, its certificate, from the published sessions of those
    programs (`sessions`, already read: rotation's program_sessions_of) and what assessments
    read of the enrolled ones (`programs`: assessments' learner_programs_of, which says where
    a post-assessment was submitted): 1 query whatever their number, none without such a post."""
    learner = getattr(context["request"].user, "learner_profile", None)
    if learner is None:
        return {"evidence": []}
    posted = {p.program.pk for p in programs if p.has_submitted_post}
    return {
        "evidence": progress_for(
            learner=learner, enrollments=enrollments, sessions=sessions, posted=posted
        )
    }
