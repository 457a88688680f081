"""Site staff's webhook pages: the endpoints, each one's delivery log, a test event."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from webhooks import selectors, services
from webhooks.events import EVENTS
from webhooks.forms import EndpointForm
from webhooks.models import Delivery
from webhooks.signing import DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER

DELIVERIES_PER_PAGE = 50


class StaffMixin(PermissionRequiredMixin):
    permission_required = "webhooks.manage_endpoints"

    def get_endpoint(self):
        return selectors.get_endpoint(pk=self.kwargs["pk"])


class EndpointListView(StaffMixin, TemplateView):
    template_name = "webhooks/endpoints.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            endpoints=selectors.endpoints_with_counts(), events=EVENTS, **kwargs
        )


class EndpointFormView(StaffMixin, FormView):
    """A new endpoint, or (with a pk) changes to one."""

    form_class = EndpointForm
    template_name = "webhooks/endpoint_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            self.endpoint = self.get_endpoint()
            self.stored = {f: getattr(self.endpoint, f) for f in services.ENDPOINT_FIELDS}
            kwargs["instance"] = self.endpoint
        return kwargs

    def form_valid(self, form):
        is_new = form.instance.pk is None
        endpoint = services.save_endpoint(
            endpoint=form.instance,
            actor=self.request.user,
            before=None if is_new else self.stored,
        )
        if is_new:
            messages.success(self.request, "Endpoint added. Copy its signing secret below.")
        else:
            messages.success(self.request, "Endpoint saved.")
        return redirect("webhooks:endpoint", pk=endpoint.pk)


class EndpointView(StaffMixin, TemplateView):
    template_name = "webhooks/endpoint.html"

    def get_context_data(self, **kwargs):
        endpoint = self.get_endpoint()
        status = self.request.GET.get("status", "")
        if status not in Delivery.Status.values:
            status = ""
        log = selectors.delivery_log(endpoint=endpoint, status=status)
        page = Paginator(log, DELIVERIES_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            endpoint=endpoint,
            page=page,
            status=status,
            statuses=Delivery.Status.choices,
            event_labels=EVENTS,
            headers={
                "signature": SIGNATURE_HEADER,
                "timestamp": TIMESTAMP_HEADER,
                "delivery": DELIVERY_HEADER,
            },
            **kwargs,
        )


class SendTestEventView(StaffMixin, View):
    def post(self, request, pk):
        services.send_test_event(endpoint=self.get_endpoint(), actor=request.user)
        messages.success(request, "A test event is on its way: it appears in the log below.")
        return redirect("webhooks:endpoint", pk=pk)


class RotateSecretView(StaffMixin, View):
    def post(self, request, pk):
        services.rotate_secret(endpoint=self.get_endpoint(), actor=request.user)
        messages.success(
            request, "New secret made: give it to the receiving system now; the old one is void."
        )
        return redirect("webhooks:endpoint", pk=pk)


class RedeliverView(StaffMixin, View):
    def post(self, request, pk, delivery_pk):
        endpoint = self.get_endpoint()
        delivery = selectors.get_delivery(endpoint=endpoint, pk=delivery_pk)
        if delivery.status != Delivery.Status.FAILED:
            messages.error(request, "Only a failed delivery can be sent again.")
        else:
            services.redeliver(delivery=delivery, actor=request.user)
            messages.success(request, "Sent again: its new attempt appears in the log.")
        return redirect(reverse("webhooks:endpoint", kwargs={"pk": pk}))
