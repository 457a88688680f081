"""Self check-in: the director's screen with the rotating QR code, and the learner's page the
code opens on their phone."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from rotation.selectors.schedule import get_session_for_program
from rotation.services.check_in import (
    MAX_AGE,
    ROTATION_SECONDS,
    check_in,
    check_in_code,
    qr_code_svg,
    session_of_code,
)
from rotation.views.programs import ProgramPermissionMixin


def check_in_url(request, session) -> str:
    code = check_in_code(session=session, now=timezone.now())
    return request.build_absolute_uri(reverse("rotation:check_in", args=[code]))


class CheckInScreenView(ProgramPermissionMixin, TemplateView):
    """For the room's projector: the code, renewed every 30 seconds by static/js/check-in.js."""

    template_name = "rotation/check_in_screen.html"

    def get_context_data(self, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        return super().get_context_data(
            session=session,
            url=check_in_url(self.request, session),
            rotation_seconds=ROTATION_SECONDS,
            **kwargs,
        )


class CheckInCodeView(ProgramPermissionMixin, View):
    """The current code as an SVG QR code; never cached."""

    def get(self, request, *args, **kwargs):
        session = get_session_for_program(program=self.program, pk=self.kwargs["pk"])
        svg = qr_code_svg(check_in_url(request, session))
        response = HttpResponse(svg, content_type="image/svg+xml")
        response["Cache-Control"] = "no-store"
        return response


class CheckInView(PermissionRequiredMixin, View):
    """What the scanned code opens: which session, and a button that marks you present."""

    permission_required = "rotation.attend_programs"
    template_name = "rotation/check_in.html"

    def get(self, request, code):
        try:
            session = session_of_code(code=code, now=timezone.now())
        except ValidationError as error:
            return self.page(request, code=code, problem=error.messages[0])
        return self.page(request, code=code, session=session)

    def post(self, request, code):
        try:
            attendance = check_in(code=code, user=request.user, now=timezone.now())
        except ValidationError as error:
            return self.page(request, code=code, problem=error.messages[0])
        return self.page(request, code=code, checked_in=attendance.session)

    def page(self, request, **context):
        status = 400 if "problem" in context else 200
        context["minutes"] = int(MAX_AGE.total_seconds() // 60)
        return render(request, self.template_name, context, status=status)
