"""Input no field can use, refused in one place with a message instead of a server error.

- A NUL character cannot be stored in a PostgreSQL text column (psycopg2 refuses the query), and
  is never typed on purpose (it comes pasted from another program or from a probe). The
  middleware answers any request carrying one, in a parameter's name or value, with a 400 page
  (or, to HTMX, a one-line message) saying so, before a view reads it. A lone surrogate cannot
  reach a view (Django decodes form data with errors="replace"); `validate_storable` refuses
  both in text that arrives by another way (uploaded files).
- Whole numbers are ASCII digits: `str.isdigit()` and `int()` both accept other scripts' digits
  and superscripts, and not the same ones ("²".isdigit() is True, int("²") fails).
  `parse_whole_number` and `WholeNumberField` accept 0-9 only.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
WHOLE_NUMBER = re.compile(r"[0-9]+")
SIGNED_WHOLE_NUMBER = re.compile(r"[-+]?[0-9]+")
UNSTORABLE_MESSAGE = (
    "What you sent contains a NUL character (an invisible control character, usually pasted "
    "from another program), which cannot be stored. Remove it and try again."
)


def validate_storable(value: str) -> None:
    """Refuse text with a NUL character or a lone surrogate, which no database column holds."""
    if UNSTORABLE.search(value):
        raise ValidationError(UNSTORABLE_MESSAGE, code="unstorable")


def parse_whole_number(text: str) -> int | None:
    """The number written in ASCII digits (surrounding spaces allowed), or None."""
    text = text.strip()
    return int(text) if WHOLE_NUMBER.fullmatch(text) else None


class WholeNumberField(forms.IntegerField):
    """An IntegerField that accepts ASCII digits only (Django's accepts "٣" and "３")."""

    def to_python(self, value):
        if value not in self.empty_values and not SIGNED_WHOLE_NUMBER.fullmatch(str(value).strip()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class UnstorableInputMiddleware:
    """Answer a request whose parameters carry a NUL character with a 400 and a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The API reads JSON bodies (its fields refuse NUL themselves) and answers in JSON.
        is_api = request.path.startswith("/api/")
        checked = (request.GET,) if is_api else (request.GET, request.POST)
        if any(_has_unstorable(params) for params in checked):
            if is_api:
                return JsonResponse({"detail": UNSTORABLE_MESSAGE}, status=400)
            if getattr(request, "htmx", False):
                body = render_to_string("errors/htmx.html", {"message": UNSTORABLE_MESSAGE})
            else:
                body = render_to_string(
                    "400.html", {"message": UNSTORABLE_MESSAGE}, request=request
                )
            return HttpResponse(body, status=400)
        return self.get_response(request)


def _has_unstorable(params) -> bool:
    return any(
        UNSTORABLE.search(key) or any(UNSTORABLE.search(value) for value in values)
        for key, values in params.lists()
    )
