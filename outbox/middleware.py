"""Tells the user what their request started that now waits for the queue (the broker is down)."""

from django.contrib import messages

from outbox.services import delayed_notices


class DelayedJobsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = delayed_notices.set([])
        try:
            response = self.get_response(request)
            for notice in dict.fromkeys(delayed_notices.get()):
                messages.warning(request, notice, fail_silently=True)
        finally:
            delayed_notices.reset(token)
        return response
