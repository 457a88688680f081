"""Turns a refused write to an archived program into a message on the page the user came from,
so that every view gets the same answer without catching the refusal itself."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from rotation.services.programs import ProgramArchived


class ArchivedProgramMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ProgramArchived):
            return None
        messages.error(request, exception.message)
        referer = request.headers.get("referer", "")
        is_safe = url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        target = referer if is_safe and referer else "/"
        if getattr(request, "htmx", False):
            # An HTMX swap would hide the message: reload the whole page instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
