"""Site staff's view of the background jobs: is anything stuck or failed?"""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers
from api.filters import validated
from outbox.selectors import jobs, outbox_status

OUTBOX_TAG = ["outbox"]


@extend_schema(tags=OUTBOX_TAG, responses=serializers.OutboxStatusSerializer)
class OutboxStatus(APIView):
    """How many background jobs wait, ran or failed, and since when (site staff)."""

    permission_required = "outbox.view_status"

    def get(self, request):
        return Response(serializers.OutboxStatusSerializer(outbox_status()).data)


@extend_schema(tags=OUTBOX_TAG, parameters=[serializers.OutboxJobFilterSerializer])
class OutboxJobList(generics.ListAPIView):
    """Background jobs, newest first; `?status=failed` for the ones to retry (site staff)."""

    permission_required = "outbox.view_status"
    serializer_class = serializers.OutboxJobSerializer

    def get_queryset(self):
        return jobs(**validated(serializers.OutboxJobFilterSerializer, self.request))
