"""What every partner page shares: the organization looked up with access checks, validation
errors shown as messages, and the page an invitation link opens."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from partners.forms import AcceptInvitationForm
from partners.selectors import account_exists, get_organization_for_manager
from partners.services import InvitationUsed


def form_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class ManagedOrganizationMixin(PermissionRequiredMixin):
    """Liaisons, directors and staff only; then the organization must be one they manage."""

    permission_required = "partners.manage_partners"
    #: A permission the user must then hold on the organization itself (e.g. to write).
    organization_permission: str | None = None

    def get_permission_object(self):
        return None  # a role gate; the object is then looked up with access checks

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_permission():
            self.organization = get_organization_for_manager(user=request.user, slug=kwargs["slug"])
            permission = self.organization_permission
            if permission and not request.user.has_perm(permission, self.organization):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)


class InvitationLinkView(FormView):
    """The page an emailed invitation link opens (faculty, liaison, planning team): a bad, used
    or replaced link gets the "no longer valid" page; someone signed in joins with their own
    account (the form button named `join_button`); anyone else chooses a password for a new
    account with the invited address. Subclasses say which invitation and what joining does."""

    form_class = AcceptInvitationForm
    join_button = "join"

    def invitation_from_token(self, token: str):
        raise NotImplementedError

    def invited_email(self) -> str:
        raise NotImplementedError

    def join(self, user) -> None:
        """Join with an existing account (services raise InvitationUsed or ValidationError)."""
        raise NotImplementedError

    def accept(self, password: str):
        """The invitee's new account, which the view then signs in."""
        raise NotImplementedError

    def welcome(self, *, new_account: bool):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.invitation = self.invitation_from_token(kwargs["token"])
        if self.invitation is None:
            return self.gone()
        return super().dispatch(request, *args, **kwargs)

    def gone(self):
        return self.render_to_response({"invalid": True}, status=410)

    def post(self, request, *args, **kwargs):
        if self.join_button in request.POST and request.user.is_authenticated:
            try:
                self.join(request.user)
            except InvitationUsed:
                return self.gone()
            except ValidationError as error:
                form_errors(request, error)
                return redirect("home")
            return self.welcome(new_account=False)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            user = self.accept(form.cleaned_data["password1"])
        except InvitationUsed:
            return self.gone()
        except ValidationError as error:
            form.add_error("password1", error)
            return self.form_invalid(form)
        login(self.request, user, backend="accounts.backends.ModelBackend")
        return self.welcome(new_account=True)

    def get_context_data(self, **kwargs):
        has_account = account_exists(email=self.invited_email())
        return super().get_context_data(has_account=has_account, **kwargs)
