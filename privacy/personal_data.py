"""What privacy itself keeps about a learner: their requests to delete their account."""

from privacy.models import DeletionRequest
from rotation.models import Learner
from rotation.personal_data import when


def export(*, learner: Learner) -> dict:
    requests = DeletionRequest.objects.filter(learner=learner).order_by("requested_at")
    return {
        "deletion_requests": [
            {"requested_at": when(d.requested_at), "completed_at": when(d.completed_at)}
            for d in requests
        ]
    }
