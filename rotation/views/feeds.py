"""Calendar feeds: the feed page and the token-authenticated iCalendar download."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from rotation.feeds import feed_calendar
from rotation.selectors.access import programs_for_director
from rotation.selectors.feeds import feed_by_token, sessions_for_feed
from rotation.selectors.programs import program_by_slug
from rotation.services.feeds import (
    calendar_feed_for,
    calendar_feeds_for_programs,
    regenerate_calendar_feed,
)


class CalendarFeedsView(LoginRequiredMixin, TemplateView):
    """Where each user finds (and can regenerate) their feed URL, and directors their programs'."""

    template_name = "rotation/calendar_feeds.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        has_own = hasattr(user, "learner_profile") or hasattr(user, "faculty_profile")
        own = calendar_feed_for(user=user) if has_own else None
        directed = list(programs_for_director(user=user).order_by("-start_date")[:20])
        feeds = calendar_feeds_for_programs(programs=directed)
        programs = [(program, feeds[program.pk]) for program in directed]
        return super().get_context_data(own=own, programs=programs, **kwargs)

    def post(self, request, *args, **kwargs):
        slug = request.POST.get("program")
        if slug:
            program = program_by_slug(slug=slug)
            if not request.user.has_perm("rotation.change_program", program):
                raise PermissionDenied
            feed = calendar_feed_for(program=program)
        else:
            feed = calendar_feed_for(user=request.user)
        regenerate_calendar_feed(feed=feed)
        messages.success(request, "New feed address made; the old one no longer works.")
        return redirect("rotation:calendar_feeds")


def calendar_feed(request, token: str):
    """The .ics file; the secret token in the URL is the only key (calendar clients cannot
    sign in)."""
    feed = feed_by_token(token=token)
    body = feed_calendar(feed=feed, sessions=sessions_for_feed(feed=feed))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mini-rotation.ics"'
    return response
