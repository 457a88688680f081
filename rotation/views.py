from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.views import View
from django.views.generic import ListView, TemplateView
from django_htmx.http import reswap, retarget
from rules.contrib.views import PermissionRequiredMixin

from accounts.roles import is_program_director
from rotation.documents import excusal_letter_pdf, render_pdf, schedule_pdf, sign_in_sheet_pdf
from rotation.feeds import feed_calendar
from rotation.forms import (
    AttendanceForm,
    LearnerForm,
    PartnerFormSet,
    ProgramForm,
    RosterUploadForm,
    SeriesForm,
    SessionForm,
    TopicForm,
    default_session_times,
)
from rotation.importing import parse_roster
from rotation.mixins import OwnRecordPermissionMixin
from rotation.models import Attendance, Enrollment, SbpCompetency, SeminarSession
from rotation.selectors import (
    attendance_sheet,
    attendance_summary,
    competency_coverage,
    enrolled_learners,
    excusal_letter_context,
    feed_by_token,
    get_session_for_program,
    letters_for_program,
    logistics_for_day,
    program_by_slug,
    programs_for_director,
    public_schedule,
    readiness_of,
    roles_of,
    roster_for_program,
    schedule_for_program,
    schedule_grid,
    seminar_dates,
    seminar_days,
    seminar_sessions_for_letters,
    sessions_for_feed,
    sessions_for_learner,
    topics_for_program,
)
from rotation.services import (
    PROGRAM_FIELDS,
    archive_program,
    calendar_feed_for,
    calendar_feeds_for_programs,
    cancel_session,
    enroll_learner,
    import_roster,
    mark_all_present,
    publish_schedule,
    queue_excusal_letter,
    queue_excusal_letters,
    record_attendance,
    regenerate_calendar_feed,
    save_program,
    save_topic,
    schedule_series,
    schedule_session,
    schedule_warnings,
    series_dates,
    unarchive_program,
    withdraw_learner,
)


class HomeView(LoginRequiredMixin, TemplateView):
    """Sends each role to its own start page; a user without a role is told so."""

    template_name = "rotation/home.html"

    def get(self, request, *args, **kwargs):
        roles = roles_of(user=request.user)
        if roles.is_director:
            return redirect("rotation:program_list")
        if roles.is_liaison:
            return redirect("partners:organization_list")
        if roles.is_faculty:
            return redirect("partners:my_teaching")
        if roles.is_learner:
            return redirect("rotation:my_rotation")
        if roles.is_staff:
            return redirect("admin:index")
        if request.user.has_perm("planning.take_part"):
            return redirect("planning:my_planning")
        return super().get(request, *args, **kwargs)


class PublicScheduleView(TemplateView):
    """A program's published schedule for anyone, if its director made it public."""

    template_name = "rotation/public_schedule.html"

    def get_context_data(self, **kwargs):
        program, sessions = public_schedule(slug=self.kwargs["slug"])
        return super().get_context_data(program=program, sessions=sessions, **kwargs)


class ProgramListView(PermissionRequiredMixin, ListView):
    """The course director's start page: the programs they direct."""

    permission_required = "rotation.direct_programs"
    template_name = "rotation/program_list.html"
    context_object_name = "programs"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programs = context["programs"]
        context["active_programs"] = [program for program in programs if not program.is_archived]
        context["archived_programs"] = [program for program in programs if program.is_archived]
        return context

    def get_queryset(self):
        published = Q(sessions__status=SeminarSession.Status.PUBLISHED)
        enrolled = Q(enrollments__status=Enrollment.Status.ENROLLED)
        return programs_for_director(user=self.request.user).annotate(
            session_count=Count("sessions", filter=~Q(sessions__status="cancelled"), distinct=True),
            published_count=Count("sessions", filter=published, distinct=True),
            learner_count=Count("enrollments", filter=enrolled, distinct=True),
        )


class MyRotationView(OwnRecordPermissionMixin, ListView):
    """The resident's start page: the published schedule of their programs."""

    permission_required = "rotation.attend_programs"
    template_name = "rotation/my_rotation.html"
    context_object_name = "sessions"

    def get_queryset(self):
        return sessions_for_learner(learner=self.request.user.learner_profile)


# --- The course director's workspace ------------------------------------------------------------


class ProgramPermissionMixin:
    """Looks the program up by slug and checks the permission on it: anonymous users go to sign
    in, anyone else who may not act on this program gets 403."""

    permission = "rotation.change_program"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.program = program_by_slug(slug=kwargs["slug"])
        if not request.user.has_perm(self.permission, self.program):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("program", self.program)
        return super().get_context_data(**kwargs)


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


class ProgramFormMixin:
    template_name = "rotation/program_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_forms(self.make_forms(None))

    def post(self, request, *args, **kwargs):
        form, formset = self.make_forms(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                program = save_program(
                    program=self.get_program(),
                    fields={name: form.cleaned_data[name] for name in PROGRAM_FIELDS},
                    partners=formset.partners(),
                    directors=self.directors(form),
                    saved_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Saved {program.name}.")
                return redirect("rotation:program_home", slug=program.slug)
        return self.render_forms((form, formset))

    def render_forms(self, forms):
        form, formset = forms
        return render(
            self.request,
            self.template_name,
            {"form": form, "formset": formset, "program": self.get_program()},
        )


class ProgramCreateView(PermissionRequiredMixin, ProgramFormMixin, View):
    permission_required = "rotation.add_program"

    def get_program(self):
        return None

    def make_forms(self, data):
        return (
            ProgramForm(data, editor=self.request.user),
            PartnerFormSet(data, prefix="partners"),
        )

    def directors(self, form):
        return form.cleaned_data["co_directors"]


class ProgramUpdateView(ProgramPermissionMixin, ProgramFormMixin, View):
    def get_program(self):
        return self.program

    def make_forms(self, data):
        initial = [
            {"organization": p.organization_id, "role": p.role}
            for p in self.program.partnerships.all()
        ]
        return (
            ProgramForm(data, instance=self.program, editor=self.request.user),
            PartnerFormSet(data, prefix="partners", initial=initial),
        )

    def directors(self, form):
        # The editor stays a director unless they are staff editing someone else's program.
        keep = [self.request.user] if is_program_director(self.request.user, self.program) else []
        return [*keep, *form.cleaned_data["co_directors"]]


class ProgramHomeView(ProgramPermissionMixin, TemplateView):
    template_name = "rotation/program_home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            readiness=readiness_of(program=self.program),
            seminar_dates=seminar_dates(program=self.program),
            partnerships=self.program.partnerships.select_related("organization"),
            directors=self.program.directors.order_by("last_name", "first_name"),
            **kwargs,
        )


class ProgramArchiveView(ProgramPermissionMixin, TemplateView):
    """Archive a program after a confirmation page: it becomes read-only, nothing is deleted."""

    permission = "rotation.archive_program"
    template_name = "rotation/program_archive.html"

    def post(self, request, *args, **kwargs):
        archive_program(program=self.program)
        messages.success(request, f"Archived {self.program.name}; it is now read-only.")
        return redirect("rotation:program_home", slug=self.program.slug)


class ProgramUnarchiveView(ProgramPermissionMixin, View):
    """Site staff only: make an archived program editable again."""

    permission = "rotation.unarchive_program"

    def post(self, request, *args, **kwargs):
        unarchive_program(program=self.program)
        messages.success(request, f"Unarchived {self.program.name}; it can be changed again.")
        return redirect("rotation:program_home", slug=self.program.slug)


# --- Schedule editor ----------------------------------------------------------------------------


def schedule_context(program, view: str) -> dict:
    sessions = list(schedule_for_program(program=program))
    context = {
        "program": program,
        "sessions": sessions,
        "warnings": schedule_warnings(program=program, sessions=sessions),
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
    """Create or change a session through rotation.services.schedule_session. HTMX requests
    get the form partial back (with errors), or the refreshed schedule in place."""

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
        return self.render_form(self.form_class(initial=initial, program=self.program))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, program=self.program)
        if form.is_valid():
            try:
                saved = self.save(form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return self.saved(saved)
        return self.render_form(form)

    def save(self, form):
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

    def save(self, form):
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
    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        cancel_session(session=session, actor=request.user)
        messages.success(request, f"Cancelled “{session.title}”.")
        return self.back_to_schedule()


class PublishView(ProgramPermissionMixin, View):
    def post(self, request, *args, **kwargs):
        published = publish_schedule(program=self.program, actor=request.user)
        if published:
            messages.success(
                request,
                f"Published {len(published)} session{pluralize(len(published))}; "
                "learners and faculty are being emailed.",
            )
        else:
            messages.info(request, "There are no draft sessions to publish.")
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


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Topics -------------------------------------------------------------------------------------


class TopicListView(ProgramPermissionMixin, TemplateView):
    template_name = "rotation/topics.html"

    def get_context_data(self, **kwargs):
        topics = list(topics_for_program(program=self.program))
        return super().get_context_data(
            topics=topics,
            coverage=competency_coverage(program=self.program, topics=topics),
            competency_labels=dict(SbpCompetency.choices),
            **kwargs,
        )


class TopicEditView(ProgramPermissionMixin, View):
    template_name = "rotation/topic_form.html"

    def get_topic(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.program.topics, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        topic = self.get_topic()
        initial = {}
        if topic is not None:
            initial = {
                "title": topic.title,
                "description": topic.description,
                "learning_objectives": topic.learning_objectives,
                "proposed_by": topic.proposed_by_id,
                "sbp_competencies": topic.sbp_competencies,
            }
        return self.render_form(TopicForm(initial=initial, program=self.program), topic)

    def post(self, request, *args, **kwargs):
        topic = self.get_topic()
        form = TopicForm(request.POST, program=self.program)
        if form.is_valid():
            try:
                save_topic(program=self.program, topic=topic, **form.cleaned_data)
            except ValidationError as error:
                form.add_error("title", error)
            else:
                messages.success(request, f"Saved the topic “{form.cleaned_data['title']}”.")
                return redirect("rotation:topics", slug=self.program.slug)
        return self.render_form(form, topic)

    def render_form(self, form, topic):
        return render(
            self.request,
            self.template_name,
            {"program": self.program, "form": form, "topic": topic},
        )


# --- Learners and enrollment --------------------------------------------------------------------


class RosterView(ProgramPermissionMixin, TemplateView):
    template_name = "rotation/roster.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("learner_form", LearnerForm())
        kwargs.setdefault("upload_form", RosterUploadForm())
        return super().get_context_data(
            enrollments=roster_for_program(program=self.program), **kwargs
        )


class LearnerAddView(RosterView):
    def post(self, request, *args, **kwargs):
        form = LearnerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    _, enrolled = enroll_learner(
                        program=self.program,
                        base_url=_base_url(request),
                        actor=request.user,
                        **data,
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                name = f"{data['first_name']} {data['last_name']}"
                if enrolled:
                    messages.success(request, f"Enrolled {name}.")
                else:
                    messages.info(request, f"{name} was already enrolled.")
                return redirect("rotation:roster", slug=self.program.slug)
        return self.render_to_response(self.get_context_data(learner_form=form))


class RosterImportView(RosterView):
    def post(self, request, *args, **kwargs):
        form = RosterUploadForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            parsed = parse_roster(filename=upload.name, content=upload.read())
            errors = parsed.errors
            if not errors:
                outcome = import_roster(
                    program=self.program,
                    rows=[data for _line, data in parsed.rows],
                    base_url=_base_url(request),
                    actor=request.user,
                )
                messages.success(
                    request,
                    f"Imported {len(parsed.rows)} row{pluralize(len(parsed.rows))}: "
                    f"{outcome.enrollments_created} newly enrolled "
                    f"({outcome.learners_created} new learner{pluralize(outcome.learners_created)}"
                    f", invited by email), {outcome.unchanged} already enrolled.",
                )
                return redirect("rotation:roster", slug=self.program.slug)
        return self.render_to_response(
            self.get_context_data(upload_form=form, import_errors=errors)
        )


class WithdrawView(ProgramPermissionMixin, View):
    """Withdraw a learner: they keep their record and attendance, but leave the roster."""

    def post(self, request, *args, **kwargs):
        enrollment = get_object_or_404(
            roster_for_program(program=self.program), pk=self.kwargs["enrollment"]
        )
        withdraw_learner(enrollment=enrollment, actor=request.user)
        messages.success(request, f"Withdrew {enrollment.learner} from {self.program.name}.")
        return redirect("rotation:roster", slug=self.program.slug)


# --- Attendance ---------------------------------------------------------------------------------


class AttendanceSheetView(ProgramPermissionMixin, TemplateView):
    """A phone-friendly sign-in sheet: tap present, absent or excused; or all present."""

    template_name = "rotation/attendance_sheet.html"

    def get_context_data(self, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        return super().get_context_data(
            session=session,
            sheet=attendance_sheet(session=session),
            statuses=Attendance.Status.choices,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        if "all_present" in request.POST:
            count = mark_all_present(session=session, recorded_by=request.user)
            messages.success(request, f"Marked all {count} enrolled learners present.")
            return redirect(request.path)
        form = AttendanceForm(request.POST)
        enrollment = get_object_or_404(
            enrolled_learners(program=self.program), learner_id=request.POST.get("learner")
        )
        if not form.is_valid():
            return HttpResponseBadRequest("Choose present, absent or excused.")
        status = form.cleaned_data["status"]
        record_attendance(
            session=session, learner=enrollment.learner, status=status, recorded_by=request.user
        )
        if request.htmx:
            return render(
                request,
                "rotation/attendance_sheet.html#row",
                {
                    "program": self.program,
                    "session": session,
                    "enrollment": enrollment,
                    "status": status,
                    "statuses": Attendance.Status.choices,
                },
            )
        return redirect(request.path)


class SignInSheetPdfView(ProgramPermissionMixin, View):
    def get(self, request, *args, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        context = {
            "program": self.program,
            "session": session,
            "enrollments": list(enrolled_learners(program=self.program)),
        }
        return pdf_response(sign_in_sheet_pdf(context=context), f"sign-in-{session.pk}.pdf")


class AttendanceSummaryView(ProgramPermissionMixin, TemplateView):
    template_name = "rotation/attendance_summary.html"

    def get_context_data(self, **kwargs):
        learners, sessions = attendance_summary(program=self.program)
        return super().get_context_data(learners=learners, sessions=sessions, **kwargs)


# --- Excusal letters ----------------------------------------------------------------------------


class LetterListView(ProgramPermissionMixin, TemplateView):
    template_name = "rotation/letters.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            enrollments=letters_for_program(program=self.program),
            days=seminar_days(seminar_sessions_for_letters(program=self.program)),
            **kwargs,
        )


class LetterPreviewView(ProgramPermissionMixin, View):
    def get(self, request, *args, **kwargs):
        enrollment = get_object_or_404(
            enrolled_learners(program=self.program), pk=self.kwargs["enrollment"]
        )
        pdf = excusal_letter_pdf(context=excusal_letter_context(enrollment=enrollment))
        return pdf_response(pdf, f"excusal-letter-{enrollment.pk}.pdf")


class LetterSendView(ProgramPermissionMixin, View):
    def post(self, request, *args, **kwargs):
        if "enrollment" in request.POST:
            enrollment = get_object_or_404(
                letters_for_program(program=self.program), pk=request.POST["enrollment"]
            )
            letter = getattr(enrollment, "excusal_letter", None)
            if letter is None:
                raise Http404("No letter for this learner yet.")
            queue_excusal_letter(letter=letter)
            messages.success(request, f"Re-sending the letter for {enrollment.learner}.")
        else:
            count = queue_excusal_letters(program=self.program)
            messages.success(
                request,
                f"Sending {count} letter{pluralize(count)}."
                if count
                else "Every letter has already been sent; use Re-send for one.",
            )
        return redirect("rotation:letters", slug=self.program.slug)


# --- Calendar feeds -----------------------------------------------------------------------------


class CalendarFeedsView(LoginRequiredMixin, TemplateView):
    """Where each user finds (and can regenerate) their feed URL, and directors their programs'."""

    template_name = "rotation/calendar_feeds.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        has_own = hasattr(user, "learner_profile") or hasattr(user, "faculty_profile")
        own = calendar_feed_for(user=user) if has_own else None
        directed = list(programs_for_director(user=user).order_by("-start_date")[:20])
        feeds = calendar_feeds_for_programs(programs=directed)
        programs = [(program, feeds[program.pk]) for program in directed]
        return super().get_context_data(own=own, programs=programs, **kwargs)

    def post(self, request, *args, **kwargs):
        slug = request.POST.get("program")
        if slug:
            program = program_by_slug(slug=slug)
            if not request.user.has_perm("rotation.change_program", program):
                raise PermissionDenied
            feed = calendar_feed_for(program=program)
        else:
            feed = calendar_feed_for(user=request.user)
        regenerate_calendar_feed(feed=feed)
        messages.success(request, "New feed address made; the old one no longer works.")
        return redirect("rotation:calendar_feeds")


def calendar_feed(request, token: str):
    """The .ics file; the secret token in the URL is the only key (calendar clients cannot
    sign in)."""
    feed = feed_by_token(token=token)
    body = feed_calendar(feed=feed, sessions=sessions_for_feed(feed=feed))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mini-rotation.ics"'
    return response
