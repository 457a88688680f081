"""The timeline schedule editor: days × rooms on a time axis. Blocks are dragged, resized and
dropped by static/js/timeline.js, which asks `TimelineCheckView` what a proposal would do and
posts it to `SessionMoveView` or `TopicScheduleView`; the same two views take the page's plain
Move to… and Schedule… forms, so everything also works with the keyboard and without scripts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from rotation.forms import TimelineSlotForm
from rotation.links import row_url
from rotation.models import SeminarSession
from rotation.selectors.schedule import get_session_for_program, partnerships_of
from rotation.selectors.timeline import (
    get_topic_for_program,
    timeline_for_program,
    timeline_sessions,
    unscheduled_topics,
)
from rotation.services.scheduling import describe_time, schedule_warnings
from rotation.services.timeline import move_session, preview_write, schedule_topic
from rotation.views.programs import ProgramPermissionMixin
from rotation.views.schedule import schedule_context


class TimelineView(ProgramPermissionMixin, TemplateView):
    """The editor page; its queries do not grow with the number of sessions or topics."""

    template_name = "rotation/timeline.html"

    def get_context_data(self, **kwargs):
        program = self.program
        partnerships = partnerships_of(program=program)
        sessions, rooms = timeline_sessions(program=program, partnerships=partnerships)
        context = schedule_context(
            program, "timeline", sessions=sessions, partnerships=partnerships
        )
        move = row_url("rotation:session_move", self.program.slug)
        for session in context["sessions"]:
            session.session_move_url = move(session.pk)
        topics = unscheduled_topics(program=self.program, sessions=context["sessions"])
        schedule = row_url("rotation:topic_schedule", self.program.slug)
        for topic in topics:
            topic.schedule_url = schedule(topic.pk)
        return super().get_context_data(
            **context,
            timeline=timeline_for_program(
                program=self.program, sessions=context["sessions"], rooms=rooms
            ),
            topics=topics,
            # The Move… and Schedule… forms' room options, labelled once for all the forms.
            room_choices=[
                (room.pk, f"{room.site.organization.name} – {room.name} (seats {room.capacity})")
                for room in rooms
                if room.is_active
            ],
            now=timezone.now(),
            **kwargs,
        )


class SlotMixin(ProgramPermissionMixin):
    """Reads a proposed slot (day, start, end, room) and answers in JSON when asked to
    (`Accept: application/json`, as timeline.js sends), else with a message and a redirect."""

    def slot_form(self, data) -> TimelineSlotForm:
        return TimelineSlotForm(data, program=self.program)

    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("Accept", "")

    def invalid(self, form: TimelineSlotForm):
        return self.refused([m for errors in form.errors.values() for m in errors])

    def refused(self, reasons: list[str]):
        if self.wants_json():
            return JsonResponse({"saved": False, "refusals": reasons}, status=400)
        for reason in reasons:
            messages.error(self.request, f"Not saved: {reason}")
        return self.back()

    def saved(self, *, session: SeminarSession, message: str, previous: dict | None):
        saved = get_session_for_program(program=self.program, pk=session.pk)
        warnings = schedule_warnings(program=self.program, sessions=[saved]).get(session.pk, [])
        if self.wants_json():
            return JsonResponse(
                {
                    "saved": True,
                    "session": session.pk,
                    "message": message,
                    "warnings": warnings,
                    "previous": previous,
                }
            )
        messages.success(self.request, message)
        for warning in warnings:
            messages.warning(self.request, f"Warning: {warning}")
        return self.back()

    def back(self):
        return redirect("rotation:timeline", slug=self.program.slug)

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])


def slot_of(session: SeminarSession) -> dict:
    """A session's slot as the forms post it (what undo sends back)."""
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return {
        "day": start.date().isoformat(),
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
        "room": str(session.room_id or ""),
    }


class SessionMoveView(SlotMixin, View):
    """Move or resize a session (drag, keyboard, undo, or the Move to… form)."""

    def post(self, request, *args, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        form = self.slot_form(request.POST)
        if not form.is_valid():
            return self.invalid(form)
        previous = slot_of(session)
        data = form.cleaned_data
        try:
            moved = move_session(
                session=session,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                room=data["room"],
                actor=request.user,
            )
        except ValidationError as refusal:
            return self.refused(refusal.messages)
        when = describe_time(moved.starts_at, moved.ends_at)
        place = moved.room.name if moved.room else "no room yet"
        return self.saved(
            session=moved, message=f"Moved “{moved.title}” to {when}, {place}.", previous=previous
        )


class TopicScheduleView(SlotMixin, View):
    """Schedule an unscheduled topic as a draft session (drop, or the Schedule… form)."""

    def post(self, request, *args, **kwargs):
        topic = get_topic_for_program(program=self.program, pk=self.kwargs["pk"])
        form = self.slot_form(request.POST)
        if not form.is_valid():
            return self.invalid(form)
        data = form.cleaned_data
        try:
            session = schedule_topic(
                program=self.program,
                topic=topic,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                room=data["room"],
                actor=request.user,
            )
        except ValidationError as refusal:
            return self.refused(refusal.messages)
        when = describe_time(session.starts_at, session.ends_at)
        return self.saved(
            session=session, message=f"Scheduled “{session.title}” on {when}.", previous=None
        )


class TimelineCheckView(SlotMixin, View):
    """What saving a proposal would do, saving nothing: JSON {possible, refusals, warnings}.
    GET ?session=ID (a move) or ?topic=ID (a new session), with day, start, end and room."""

    def get(self, request, *args, **kwargs):
        form = self.slot_form(request.GET)
        if not form.is_valid():
            reasons = [m for errors in form.errors.values() for m in errors]
            return JsonResponse({"possible": False, "refusals": reasons}, status=400)
        data = form.cleaned_data
        slot = {"starts_at": data["starts_at"], "ends_at": data["ends_at"], "room": data["room"]}
        session_pk, topic_pk = request.GET.get("session", ""), request.GET.get("topic", "")
        if session_pk.isascii() and session_pk.isdigit():
            session = get_session_for_program(program=self.program, pk=int(session_pk))
            preview = preview_write(
                program=self.program, write=lambda: move_session(session=session, **slot)
            )
        elif topic_pk.isascii() and topic_pk.isdigit():
            topic = get_topic_for_program(program=self.program, pk=int(topic_pk))
            preview = preview_write(
                program=self.program,
                write=lambda: schedule_topic(program=self.program, topic=topic, **slot),
            )
        else:
            return JsonResponse(
                {"possible": False, "refusals": ["Say which session or topic to place."]},
                status=400,
            )
        return JsonResponse(
            {
                "possible": preview.is_possible,
                "refusals": preview.refusals,
                "warnings": preview.warnings,
            }
        )
