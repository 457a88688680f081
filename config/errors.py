"""Error views: Django's own, with the app's templates (templates/403.html, 404.html, …); an
HTMX request gets a one-line message to put in place instead of a whole page; an address under
/api/ that matches no endpoint gets the API's JSON error."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults


def _htmx_message(message: str, status: int) -> HttpResponse:
    # Rendered without the request: no context processors, no queries for a one-liner.
    return HttpResponse(render_to_string("errors/htmx.html", {"message": message}), status=status)


def permission_denied(request, exception):
    if getattr(request, "htmx", False):
        return _htmx_message("You do not have access to this.", 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if request.path.startswith("/api/"):  # an API client reads JSON errors, as the API's own
        return JsonResponse({"detail": "Not found."}, status=404)
    if getattr(request, "htmx", False):
        return _htmx_message("This was not found; reload the page.", 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """A 500, unless the database is what failed: then a 503 that says so (nothing was saved, try
    again shortly), for pages and HTMX requests alike."""
    # psycopg2 raises OperationalError on connecting, InterfaceError on a closed connection.
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return defaults.server_error(request)
    message = "The database is not answering, so nothing was saved. Try again in a minute."
    if getattr(request, "htmx", False):
        return _htmx_message(message, 503)
    return HttpResponse(render_to_string("errors/database.html", {"message": message}), status=503)
