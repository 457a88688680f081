"""The director's comparison group page (who is in it, a roster CSV to add residents, sign-up
links sent to residency programs) and the public sign-up page such a link opens."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views import View

from assessments.forms import ComparisonJoinForm, ComparisonLinkForm
from assessments.selectors.comparison import comparison_links, comparison_members, link_from_token
from assessments.services.comparison import (
    add_comparison_learners,
    join_comparison_group,
    send_comparison_link,
)
from assessments.views.mixins import DirectorMixin
from rotation.forms import RosterUploadForm
from rotation.importing import parse_roster
from rotation.selectors.access import get_program_for_director


class ComparisonGroupView(DirectorMixin, View):
    def render_page(self, program, form=None, errors=(), status=200, link_form=None):
        context = {
            "program": program,
            "members": comparison_members(program=program),
            "links": comparison_links(program=program),
            "form": form or RosterUploadForm(),
            "link_form": link_form or ComparisonLinkForm(),
            "import_errors": errors,
            "now": timezone.now(),
        }
        return render(self.request, "assessments/comparison_group.html", context, status=status)

    def get(self, request, slug):
        return self.render_page(get_program_for_director(user=request.user, slug=slug))

    def post(self, request, slug):
        program = get_program_for_director(user=request.user, slug=slug)
        form = RosterUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(program, form=form, status=422)
        upload = form.cleaned_data["file"]
        parsed = parse_roster(filename=upload.name, content=upload.read())
        errors = list(parsed.errors)
        if not errors:
            try:
                added = add_comparison_learners(
                    program=program,
                    rows=[data for _line, data in parsed.rows],
                    now=timezone.now(),
                    actor=request.user,
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request,
                    f"{added} resident{pluralize(added)} added to the comparison group; they are "
                    "invited to the pre- and post-assessment when each opens.",
                )
                return redirect("assessments:comparison_group", slug=program.slug)
        return self.render_page(program, form=form, errors=errors, status=422)


class ComparisonLinkSendView(ComparisonGroupView):
    """POST: send a sign-up link to a residency program's director."""

    http_method_names = ["post"]

    def post(self, request, slug):
        program = get_program_for_director(user=request.user, slug=slug)
        form = ComparisonLinkForm(request.POST)
        if form.is_valid():
            try:
                link = send_comparison_link(
                    program=program, now=timezone.now(), actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"Sign-up link for {link.residency_program} sent to "
                    f"{link.program_director_email}.",
                )
                return redirect("assessments:comparison_group", slug=program.slug)
        return self.render_page(program, link_form=form, status=422)


# Sign-ups from one address through one link per hour: enough for a residency's residents on a
# shared hospital network, too few to fill a comparison group with made-up names.
JOIN_LIMIT = 30
JOIN_WINDOW = 3600


class ComparisonJoinView(View):
    """Anyone holding a sign-up link joins the comparison group with name, email and PGY level.
    Forged, unknown, expired or closed links get a page that says which and what to do."""

    template_name = "assessments/comparison_join.html"

    def dispatch(self, request, token):
        self.link = link_from_token(token=token)
        if self.link is None:
            return self.refuse("unknown", 404)
        if self.link.expires_at <= timezone.now():
            return self.refuse("expired", 410)
        if self.link.program.is_archived:
            return self.refuse("closed", 410)
        return super().dispatch(request, token)

    def get(self, request, token):
        return self.render(ComparisonJoinForm())

    def post(self, request, token):
        form = ComparisonJoinForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=422)
        if not self.allow_sign_up(request):
            return self.refuse("throttled", 429)
        try:
            join_comparison_group(link=self.link, fields=form.cleaned_data, now=timezone.now())
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form, status=422)
        return render(
            request,
            self.template_name,
            {"link": self.link, "joined": True, "email": form.cleaned_data["email"]},
        )

    def allow_sign_up(self, request) -> bool:
        key = f"comparison-join:{self.link.pk}:{request.META.get('REMOTE_ADDR', '')}"
        cache.add(key, 0, timeout=JOIN_WINDOW)
        try:
            return cache.incr(key) <= JOIN_LIMIT
        except ValueError:  # expired between add and incr
            return True

    def render(self, form, status=200):
        context = {"link": self.link, "form": form}
        return render(self.request, self.template_name, context, status=status)

    def refuse(self, reason: str, status: int):
        context = {"refused": reason, "link": self.link}
        return render(self.request, self.template_name, context, status=status)
