"""Everything stored about one learner, as plain data for their "My data" download: each app's
`personal_data.export`, composed in INSTALLED_APPS order. A fixed number of queries (19)
whatever the size of the record."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from config.discovery import app_modules
from privacy.models import DeletionRequest
from rotation.models import Learner
from rotation.personal_data import when


def learner_record(*, learner_id: int) -> dict:
    """The learner's whole record: profile, enrollments, schedule, attendance, excusal letters,
    planning (teams, proposals, comments, endorsements, advisory meetings and actions),
    assessment responses (each item's text, their answer, correctness), the evaluations they
    gave (their own, even where directors see them anonymously), calendar feed, notifications,
    comparison groups, demographic answers, deletion requests."""
    learner = Learner.objects.select_related("user__calendar_feed").get(pk=learner_id)
    record = {"exported_at": when(timezone.now())}
    for part in app_modules("personal_data"):
        record.update(part.export(learner=learner))
    return record


def learner_for_staff(*, pk: int) -> Learner:
    """A learner by id for site staff (the view's permission checks who asks); 404 if none."""
    return get_object_or_404(Learner.objects.select_related("user"), pk=pk)


def open_deletion_requests():
    return DeletionRequest.objects.filter(completed_at__isnull=True).select_related("learner")


def open_deletion_request_for(*, learner: Learner) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(learner=learner, completed_at__isnull=True).first()
