"""The API's documentation page: Swagger UI from drf-spectacular-sidecar's static files, started
by our own static script (the strict CSP allows no inline script)."""

from django.views.generic import TemplateView


class DocsView(TemplateView):
    template_name = "api/docs.html"
