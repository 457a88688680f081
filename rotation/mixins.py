"""View mixins shared by the apps."""

import rules
from rules.contrib.views import PermissionRequiredMixin


class OwnRecordPermissionMixin(PermissionRequiredMixin):
    """For pages about the user's own learner or faculty record ("My rotation", "My teaching"):
    the named rule itself decides. Django lets an active superuser pass every `has_perm`, which
    would let staff without such a record in, only to fail on `user.learner_profile`."""

    def get_permission_object(self):
        return None  # a role gate; the user's own record is the object

    def has_permission(self):
        user = self.request.user
        return all(rules.has_perm(perm, user) for perm in self.get_permission_required())
