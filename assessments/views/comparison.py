"""The director's comparison group page: who is in it, and a roster CSV to add residents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views import View

from assessments.selectors.comparison import comparison_members
from assessments.services.comparison import add_comparison_learners
from assessments.views.mixins import DirectorMixin
from rotation.forms import RosterUploadForm
from rotation.importing import parse_roster
from rotation.selectors.access import get_program_for_director


class ComparisonGroupView(DirectorMixin, View):
    def render_page(self, program, form=None, errors=(), status=200):
        context = {
            "program": program,
            "members": comparison_members(program=program),
            "form": form or RosterUploadForm(),
            "import_errors": errors,
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
