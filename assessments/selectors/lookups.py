"""Access-checked lookups of instruments, items, administrations, sessions and programs."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from assessments.models import Administration, Instrument, Item, Response
from rotation.models import Enrollment, Learner, Program, SeminarSession
from rotation.selectors.access import programs_for_director


def is_instrument_locked(*, instrument: Instrument) -> bool:
    """Items are locked once anyone has answered (even a draft) an administration of it."""
    return Response.objects.filter(administration__instrument=instrument).exists()


def instrument_versions(*, instrument: Instrument) -> QuerySet[Instrument]:
    """Every version of the instrument, newest first."""
    return Instrument.objects.filter(program=instrument.program, key=instrument.key).order_by(
        "-version"
    )


def user_for_link(*, pk: int):
    """The active account a personal link names, or None."""
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


# --- Access-checked lookups ---------------------------------------------------------------------


def instruments_for_director(*, user) -> QuerySet[Instrument]:
    return Instrument.objects.filter(program__in=programs_for_director(user=user)).select_related(
        "program"
    )


def get_instrument_for_director(*, user, pk: int) -> Instrument:
    try:
        return instruments_for_director(user=user).get(pk=pk)
    except Instrument.DoesNotExist:
        raise Http404("No such instrument.") from None


def get_item_for_director(*, user, pk: int) -> Item:
    try:
        return Item.objects.select_related("instrument__program").get(
            pk=pk, instrument__in=instruments_for_director(user=user)
        )
    except Item.DoesNotExist:
        raise Http404("No such item.") from None


def get_administration_for_director(*, user, pk: int) -> Administration:
    try:
        return Administration.objects.select_related("instrument__program").get(
            pk=pk, instrument__program__in=programs_for_director(user=user)
        )
    except Administration.DoesNotExist:
        raise Http404("No such administration.") from None


def enrolled_programs(*, learner: Learner) -> QuerySet[Program]:
    return Program.objects.filter(
        enrollments__learner=learner, enrollments__status=Enrollment.Status.ENROLLED
    )


def get_administration_for_learner(*, learner: Learner, pk: int) -> Administration:
    """An administration of a program the learner is enrolled in; 404 otherwise."""
    try:
        return Administration.objects.select_related("instrument__program").get(
            pk=pk, instrument__program__in=enrolled_programs(learner=learner)
        )
    except Administration.DoesNotExist:
        raise Http404("No such assessment.") from None


def get_session_for_learner(*, learner: Learner, pk: int) -> SeminarSession:
    try:
        return (
            SeminarSession.objects.select_related("program")
            .prefetch_related("faculty_assignments__faculty_member")
            .get(
                pk=pk,
                status=SeminarSession.Status.PUBLISHED,
                program__in=enrolled_programs(learner=learner),
            )
        )
    except SeminarSession.DoesNotExist:
        raise Http404("No such session.") from None


def get_program_for_learner(*, learner: Learner, slug: str) -> Program:
    try:
        return enrolled_programs(learner=learner).get(slug=slug)
    except Program.DoesNotExist:
        raise Http404("No such program.") from None
