"""Error views: Django's own, with the app's templates (templates/403.html, 404.html, …); an
HTMX request gets a one-line message to put in place instead of a whole page; an address under
/api/ that matches no endpoint gets the API's JSON error."""

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
