"""Access mixins shared by the learner and director assessment pages."""

from rules.contrib.views import PermissionRequiredMixin

from rotation.mixins import OwnRecordPermissionMixin


class LearnerMixin(OwnRecordPermissionMixin):
    permission_required = "assessments.take"

    @property
    def learner(self):
        return self.request.user.learner_profile


class DirectorMixin(PermissionRequiredMixin):
    permission_required = "assessments.manage"
