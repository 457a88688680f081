"""The project's URLconf plus one trivial view: the framework's floor for a signed-in page."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def floor(request):
    """Every middleware, the session and the user, then a few bytes: no template, no app query."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [*project_urlpatterns, path("bench/floor/", floor, name="bench_floor")]
