"""What every partner page shares: the organization looked up with access checks, and
validation errors shown as messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from rules.contrib.views import PermissionRequiredMixin

from partners.selectors import get_organization_for_manager


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
