"""Reads of a program's comparison group."""

from django.db.models import Count, Exists, OuterRef, QuerySet

from assessments.links import comparison_link_id
from assessments.models import Administration, ComparisonLink, ComparisonMember, Response


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


def comparison_links(*, program) -> QuerySet[ComparisonLink]:
    """The sign-up links sent for the program, newest first, with how many joined through
    each: one query whatever their number."""
    return ComparisonLink.objects.filter(program=program).annotate(joined=Count("members"))


def link_from_token(*, token: str) -> ComparisonLink | None:
    """The link a signed token names (with its program), or None if forged or unknown; expiry
    is the caller's to judge, so that it can say so."""
    link_id = comparison_link_id(token)
    if link_id is None:
        return None
    return ComparisonLink.objects.select_related("program").filter(pk=link_id).first()
