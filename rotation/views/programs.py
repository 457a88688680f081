"""The course director's program workspace: create, edit, archive and its home page."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.roles import is_program_director
from rotation.forms import PartnerFormSet, ProgramCopyForm, ProgramForm
from rotation.selectors.programs import program_by_slug, readiness_of
from rotation.services.copying import copy_program, plan_program_copy
from rotation.services.programs import (
    PROGRAM_FIELDS,
    archive_program,
    save_program,
    unarchive_program,
)


class ProgramPermissionMixin:
    """Looks the program up by slug and checks the permission on it: anonymous users go to sign
    in, anyone else who may not act on this program gets 403."""

    permission = "rotation.change_program"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.program = program_by_slug(slug=kwargs["slug"], user=request.user)
        if not request.user.has_perm(self.permission, self.program):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("program", self.program)
        return super().get_context_data(**kwargs)


class ProgramFormMixin:
    template_name = "rotation/program_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_forms(self.make_forms(None))

    def post(self, request, *args, **kwargs):
        form, formset = self.make_forms(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                program = save_program(
                    program=self.get_program(),
                    fields={name: form.cleaned_data[name] for name in PROGRAM_FIELDS},
                    partners=formset.partners(),
                    directors=self.directors(form),
                    saved_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Saved {program.name}.")
                return redirect("rotation:program_home", slug=program.slug)
        return self.render_forms((form, formset))

    def render_forms(self, forms):
        form, formset = forms
        return render(
            self.request,
            self.template_name,
            {"form": form, "formset": formset, "program": self.get_program()},
        )


class ProgramCreateView(PermissionRequiredMixin, ProgramFormMixin, View):
    permission_required = "rotation.add_program"

    def get_program(self):
        return None

    def make_forms(self, data):
        return (
            ProgramForm(data, editor=self.request.user),
            PartnerFormSet(data, prefix="partners"),
        )

    def directors(self, form):
        return form.cleaned_data["co_directors"]


class ProgramUpdateView(ProgramPermissionMixin, ProgramFormMixin, View):
    def get_program(self):
        return self.program

    def make_forms(self, data):
        initial = [
            {"organization": p.organization_id, "role": p.role}
            for p in self.program.partnerships.all()
        ]
        return (
            ProgramForm(data, instance=self.program, editor=self.request.user),
            PartnerFormSet(data, prefix="partners", initial=initial),
        )

    def directors(self, form):
        # The editor stays a director unless they are staff editing someone else's program.
        keep = [self.request.user] if is_program_director(self.request.user, self.program) else []
        return [*keep, *form.cleaned_data["co_directors"]]


class ProgramHomeView(ProgramPermissionMixin, TemplateView):
    template_name = "rotation/program_home.html"

    def get_context_data(self, **kwargs):
        partnerships = list(self.program.partnerships.select_related("organization"))
        return super().get_context_data(
            readiness=readiness_of(program=self.program, partnerships=partnerships),
            partnerships=partnerships,
            directors=self.program.directors.order_by("last_name", "first_name"),
            **kwargs,
        )


class ProgramArchiveView(ProgramPermissionMixin, TemplateView):
    """Archive a program after a confirmation page: it becomes read-only, nothing is deleted."""

    permission = "rotation.archive_program"
    template_name = "rotation/program_archive.html"

    def post(self, request, *args, **kwargs):
        archive_program(program=self.program)
        messages.success(request, f"Archived {self.program.name}; it is now read-only.")
        return redirect("rotation:program_home", slug=self.program.slug)


class ProgramUnarchiveView(ProgramPermissionMixin, View):
    """Site staff only: make an archived program editable again."""

    permission = "rotation.unarchive_program"

    def post(self, request, *args, **kwargs):
        unarchive_program(program=self.program)
        messages.success(request, f"Unarchived {self.program.name}; it can be changed again.")
        return redirect("rotation:program_home", slug=self.program.slug)


class ProgramCopyView(ProgramPermissionMixin, View):
    """Copy a program to next year: a preview of the new schedule with its conflicts first,
    then the copy (a new draft program) in one step."""

    permission = "rotation.copy_program"
    template_name = "rotation/program_copy.html"

    def get(self, request, *args, **kwargs):
        form = ProgramCopyForm(initial=ProgramCopyForm.initial_for(self.program))
        return self.render(form)

    def post(self, request, *args, **kwargs):
        form = ProgramCopyForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "save":
                copy = copy_program(source=self.program, actor=request.user, **data)
                messages.success(
                    request,
                    f"Copied {self.program.name} to {copy.academic_year}: a draft to check "
                    "and publish.",
                )
                return redirect("rotation:program_home", slug=copy.slug)
            plan = plan_program_copy(source=self.program, **data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form)
        return self.render(form, plan=plan)

    def render(self, form, plan=None):
        context = {"program": self.program, "form": form, "plan": plan}
        return render(self.request, self.template_name, context)
