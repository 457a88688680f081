"""Reads of a program's comparison group."""

from django.db.models import Exists, OuterRef, QuerySet

from assessments.models import Administration, ComparisonMember, Response


def comparison_members(*, program) -> QuerySet[ComparisonMember]:
    """The program's comparison group with whether each has submitted the pre and the post:
    one query whatever its size."""

    def submitted(kind: str) -> Exists:
        return Exists(
            Response.objects.filter(
                learner=OuterRef("learner"),
                administration__instrument__program=OuterRef("program"),
                administration__kind=kind,
                status=Response.Status.SUBMITTED,
            )
        )

    return (
        ComparisonMember.objects.filter(program=program)
        .select_related("learner")
        .annotate(
            has_pre=submitted(Administration.Kind.PRE),
            has_post=submitted(Administration.Kind.POST),
        )
    )
