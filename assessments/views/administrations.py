"""The director's view of an administration: completion, reminders and one response."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from assessments.models import Administration
from assessments.selectors.evaluations import answers_of, get_response_for_director
from assessments.selectors.lookups import get_administration_for_director
from assessments.selectors.responses import NOT_STARTED, Completion, completion
from assessments.services.reminders import queue_manual_reminders
from assessments.services.responses import record_answers_viewed
from assessments.views.mixins import DirectorMixin
from rotation.dates import day_month_times
from rotation.links import row_url
from rotation.namesakes import namesake_details


def completion_rows(*, progress: Completion, administration: Administration) -> list[dict]:
    """The completion table, each row worked out once: the name and what tells namesakes apart,
    the link to the response (none before it is started), the status and last activity as
    shown."""
    details = namesake_details(row.learner for row in progress.rows)
    response_url = row_url("assessments:response_detail", administration.pk)
    last_activity = day_month_times(row.updated_at for row in progress.rows)
    return [
        {
            "full_name": row.learner.full_name,
            "detail": details.get(row.learner.pk, ""),
            "url": "" if row.status == NOT_STARTED else response_url(row.learner.pk),
            "status": row.status_label,
            "last_activity": when,
        }
        for row, when in zip(progress.rows, last_activity, strict=True)
    ]


class CompletionView(DirectorMixin, View):
    """Who has responded, who has a draft, who has not started; with rates."""

    def get(self, request, pk):
        administration = get_administration_for_director(user=request.user, pk=pk)
        progress = completion(administration=administration)
        context = {
            "administration": administration,
            "program": administration.instrument.program,
            "completion": progress,
            "rows": completion_rows(progress=progress, administration=administration),
        }
        return render(request, "assessments/completion.html", context)


class SendRemindersView(DirectorMixin, View):
    def post(self, request, pk):
        administration = get_administration_for_director(user=request.user, pk=pk)
        if not queue_manual_reminders(administration=administration, now=timezone.now()):
            messages.error(request, "The window is not open, so there is nobody to remind.")
            return redirect("assessments:completion", pk=administration.pk)
        messages.success(
            request,
            "Reminders are on their way to everyone who has not submitted "
            "(at most one manual reminder per resident per day).",
        )
        return redirect("assessments:completion", pk=administration.pk)


class ResponseDetailView(DirectorMixin, View):
    """Directors see the individual responses of their own programs' learners."""

    def get(self, request, pk, learner_pk):
        response = get_response_for_director(
            user=request.user, administration_pk=pk, learner_pk=learner_pk
        )
        record_answers_viewed(response=response, viewer=request.user)
        context = {"response": response, "answers": answers_of(response=response)}
        return render(request, "assessments/response_detail.html", context)
