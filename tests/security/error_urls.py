"""The project's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from config.urls import handler403, handler404
from config.urls import urlpatterns as project_urlpatterns


def broken(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("a tampered request")


urlpatterns = [
    path("test-errors/500/", broken),
    path("test-errors/400/", suspicious),
    *project_urlpatterns,
]
__all__ = ["handler403", "handler404", "urlpatterns"]
