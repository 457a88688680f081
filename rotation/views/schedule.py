"""The schedule editor: sessions, series, cancelling and restoring, publishing and printouts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.views import View
from django.views.generic import TemplateView
from django_htmx.http import reswap, retarget

from rotation.dates import session_times
from rotation.documents import render_pdf, schedule_pdf
from rotation.forms import SeriesForm, SessionForm, default_session_times
from rotation.links import row_url, schedule_links
from rotation.models import SeminarSession
from rotation.selectors.schedule import (
    get_session_for_program,
    logistics_for_day,
    publication_preview,
    schedule_for_program,
    schedule_grid,
)
from rotation.services.logistics import send_logistics_sheet
from rotation.services.publishing import publish_schedule
from rotation.services.scheduling import (
    cancel_session,
    extend_program_dates,
    restore_session,
    schedule_faculty,
    schedule_session,
    schedule_warnings,
)
from rotation.services.series import schedule_series, series_dates
from rotation.views.programs import ProgramPermissionMixin


def schedule_context(program, view: str, *, sessions=None, partnerships=None) -> dict:
    """What the list, the grid and the timeline show of the sessions, their faculty read as
    rows (`schedule_faculty`) for the list and the warnings. `sessions` (without faculty) and
    `partnerships` (`partnerships_of`): pass them if the view read them its own way."""
    if sessions is None:
        # Only the list shows the sessions' topics; the grid and the timeline do not.
        sessions = list(
            schedule_for_program(program=program, with_topics=view == "list", with_faculty=False)
        )
    links = {
        f"{name}_url": row_url(f"rotation:{name}", program.slug)
        for name in ("session_edit", "session_cancel", "session_restore", "attendance_sheet")
    }
    for session, times in zip(sessions, session_times(sessions), strict=True):
        # session.session_edit_url and so on: each URL is reversed once per page.
        for attribute, url in links.items():
            setattr(session, attribute, url(session.pk))
        session.times = times
    faculty = schedule_faculty(sessions=sessions)
    context = {
        "program": program,
        "sessions": sessions,
        "faculty": faculty,
        "links": schedule_links(program),
        "warnings": schedule_warnings(
            program=program, sessions=sessions, partnerships=partnerships, faculty=faculty
        ),
        "view": view,
        "drafts": sum(session.status == SeminarSession.Status.DRAFT for session in sessions),
    }
    if view == "grid":
        context["rooms"], context["days"] = schedule_grid(program=program, sessions=sessions)
    return context


class ScheduleView(ProgramPermissionMixin, TemplateView):
    """The schedule as a list (default) or as a day × room grid (?view=grid)."""

    template_name = "rotation/schedule.html"

    def get_context_data(self, **kwargs):
        view = "grid" if self.request.GET.get("view") == "grid" else "list"
        return super().get_context_data(**schedule_context(self.program, view), **kwargs)


class SessionEditMixin(ProgramPermissionMixin):
    """Create or change a session through rotation.services.scheduling.schedule_session. HTMX
    requests get the form partial back (with errors), or the refreshed schedule in place."""

    form_class = SessionForm
    template_name = "rotation/session_form.html"

    def get_session(self):
        return None

    def initial(self):
        day = parse_date(self.request.GET.get("day") or "") or self.program.start_date
        start, end = default_session_times(day)
        return {"day": day, "start": start, "end": end, "room": self.request.GET.get("room")}

    def get(self, request, *args, **kwargs):
        session = self.get_session()
        initial = SessionForm.initial_for(session) if session else self.initial()
        return self.render_form(
            self.form_class(initial=initial, program=self.program, session=session)
        )

    def post(self, request, *args, **kwargs):
        form = self.form_class(
            request.POST,
            program=self.program,
            session=self.get_session(),
            extend_program="extend_program" in request.POST,
        )
        if form.is_valid():
            try:
                with transaction.atomic():
                    if form.extension:
                        first, last = form.extension
                        extend_program_dates(
                            program=self.program, first=first, last=last, actor=request.user
                        )
                    saved = self.schedule(form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return self.saved(saved)
        return self.render_form(form)

    def schedule(self, form):
        data = form.cleaned_data
        return schedule_session(
            program=self.program,
            session=self.get_session(),
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            room=data["room"],
            topic=data["topic"],
            faculty=form.faculty(),
            description=data["description"],
            actor=self.request.user,
        )

    def saved(self, session):
        warnings = schedule_warnings(
            program=self.program,
            sessions=[get_session_for_program(program=self.program, pk=session.pk)],
        ).get(session.pk, [])
        messages.success(self.request, f"Saved “{session.title}”.")
        for warning in warnings:
            messages.warning(self.request, f"Warning: {warning}")
        return self.back_to_schedule()

    def back_to_schedule(self):
        view = "grid" if self.request.GET.get("view") == "grid" else "list"
        if self.request.htmx:
            response = render(
                self.request,
                "rotation/schedule.html#schedule",
                {**schedule_context(self.program, view), "clear_editor": True},
            )
            return reswap(retarget(response, "#schedule"), "outerHTML")
        url = reverse("rotation:schedule", kwargs={"slug": self.program.slug})
        return redirect(f"{url}?view=grid" if view == "grid" else url)

    def render_form(self, form):
        context = {
            "program": self.program,
            "form": form,
            "session": self.get_session(),
            "view": self.request.GET.get("view", "list"),
            "series": isinstance(form, SeriesForm),
        }
        template = self.template_name
        if self.request.htmx:
            template += "#editor"
        return render(self.request, template, context)


class SessionCreateView(SessionEditMixin, View):
    pass


class SessionUpdateView(SessionEditMixin, View):
    def get_session(self):
        if not hasattr(self, "_session"):
            self._session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
            if self._session.is_cancelled:
                raise PermissionDenied("A cancelled session cannot be changed.")
        return self._session


class SeriesCreateView(SessionEditMixin, View):
    form_class = SeriesForm

    def schedule(self, form):
        data = form.cleaned_data
        sessions = schedule_series(
            program=self.program,
            title=data["title"],
            dates=series_dates(first=data["day"], count=data["count"], rule=data["rule"]),
            start=data["start"],
            end=data["end"],
            room=data["room"],
            topic=data["topic"],
            faculty=form.faculty(),
            description=data["description"],
            actor=self.request.user,
        )
        return sessions

    def saved(self, sessions):
        messages.success(self.request, f"Scheduled {len(sessions)} sessions of “{sessions[0]}”.")
        return self.back_to_schedule()


class SessionCancelView(SessionEditMixin, View):
    """Cancel a session after a confirmation (a page, or a panel above the schedule for HTMX);
    the cancelled session stays on the schedule with a Restore button."""

    def get(self, request, *args, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        url = reverse("rotation:schedule", kwargs={"slug": self.program.slug})
        told = " Its learners and faculty will be emailed." if session.published_at else ""
        context = {
            "program": self.program,
            "title": f"Cancel “{session.title}”?",
            "explanation": f"The session leaves the timetable and frees its room and faculty.{told}"
            " You can restore it from the schedule afterwards.",
            "action": request.get_full_path(),
            "hx_target": "#schedule",
            "confirm_label": "Cancel the session",
            "back_url": f"{url}?view=grid" if request.GET.get("view") == "grid" else url,
            "back_label": "Keep it",
        }
        template = "rotation/confirm.html#confirm" if request.htmx else "rotation/confirm.html"
        return render(request, template, context)

    def post(self, request, *args, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        cancel_session(session=session, actor=request.user)
        messages.success(
            request, f"Cancelled “{session.title}”. To undo, choose Restore next to it."
        )
        return self.back_to_schedule()


class SessionRestoreView(SessionEditMixin, View):
    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        try:
            restore_session(session=session, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, f"“{session.title}” cannot be restored: {message}")
        else:
            messages.success(request, f"Restored “{session.title}”.")
        return self.back_to_schedule()


class PublishView(ProgramPermissionMixin, TemplateView):
    """A preview of what publishing changes and who is emailed; posting it publishes."""

    template_name = "rotation/publish.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=publication_preview(program=self.program), **kwargs)

    def post(self, request, *args, **kwargs):
        preview = publication_preview(program=self.program)
        published = publish_schedule(program=self.program, actor=request.user)
        if not published:
            messages.info(request, "There are no draft sessions to publish.")
        elif preview.announced:
            learners, faculty = len(preview.learners), len(preview.faculty)
            messages.success(
                request,
                f"Published {len(published)} session{pluralize(len(published))}; "
                f"{learners} learner{pluralize(learners)} and {faculty} faculty "
                f"member{pluralize(faculty)} are being emailed.",
            )
        else:
            messages.success(
                request,
                f"Published {len(published)} session{pluralize(len(published))}; they are all "
                "in the past, so nobody is emailed.",
            )
        return redirect("rotation:schedule", slug=self.program.slug)


class SchedulePrintView(ProgramPermissionMixin, TemplateView):
    """A print-friendly schedule (?format=pdf: the same as a PDF)."""

    template_name = "rotation/pdf/schedule.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(
            sessions=list(schedule_for_program(program=self.program).exclude(status="cancelled"))
        )
        if request.GET.get("format") == "pdf":
            return pdf_response(schedule_pdf(context=context), f"schedule-{self.program.slug}.pdf")
        return self.render_to_response(context)


class LogisticsView(ProgramPermissionMixin, TemplateView):
    """The host partner's sheet for one seminar day (?format=pdf: the same as a PDF)."""

    template_name = "rotation/pdf/logistics.html"

    def get(self, request, *args, **kwargs):
        day = parse_date(self.kwargs["day"])
        if day is None:
            raise Http404("No such day.")
        context = self.get_context_data(**logistics_for_day(program=self.program, day=day))
        if request.GET.get("format") == "pdf":
            pdf = render_pdf(template=self.template_name, context=context)
            return pdf_response(pdf, f"logistics-{self.program.slug}-{day:%Y-%m-%d}.pdf")
        return self.render_to_response(context)


class LogisticsSendView(ProgramPermissionMixin, View):
    """Emails the day's logistics sheet to the host partners' AV contacts."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        day = parse_date(self.kwargs["day"])
        if day is None:
            raise Http404("No such day.")
        send_logistics_sheet(program=self.program, day=day)
        messages.success(
            request, "The logistics sheet is on its way to the host partners' AV contacts."
        )
        return redirect("rotation:logistics", self.program.slug, day.isoformat())


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
