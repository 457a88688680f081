"""Quarterly partnership reviews: the schedule and each review's scorecard, notes and
decisions, read by whoever manages the partner and recorded by its programs' directors."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import TemplateView

from partners.views.mixins import ManagedOrganizationMixin
from reports import services
from reports.forms import RecordReviewForm, ScheduleReviewForm
from reports.scorecard import (
    get_review,
    next_review_date,
    review_scorecard,
    reviews_for_organization,
)


class ReviewListView(ManagedOrganizationMixin, TemplateView):
    """A partnership's reviews, newest first, and (for its programs' directors) a form to
    schedule one: 15 queries whatever their number."""

    template_name = "reports/review_list.html"
    organization_permission = "reports.view_reviews"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reviews=reviews_for_organization(organization=self.organization),
            can_change=self.request.user.has_perm("reports.change_reviews", self.organization),
            **kwargs,
        )

    def post(self, request, slug):
        if not request.user.has_perm("reports.change_reviews", self.organization):
            raise PermissionDenied
        form = ScheduleReviewForm(request.POST)
        if form.is_valid():
            try:
                review = services.schedule_review(
                    organization=self.organization,
                    held_on=form.cleaned_data["held_on"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error("held_on", error)
            else:
                messages.success(request, f"The review on {review.held_on:%B %-d, %Y} is set.")
                return redirect("reports:review_detail", slug, review.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ScheduleReviewForm()))


class ReviewDetailView(ManagedOrganizationMixin, TemplateView):
    """One review: its scorecard (live until recorded, then frozen), notes and decisions; its
    programs' directors record it and set the next review's date."""

    template_name = "reports/review_detail.html"
    organization_permission = "reports.view_reviews"

    def get_review(self):
        return get_review(organization=self.organization, pk=self.kwargs["pk"])

    def render_page(self, review, form):
        card = review_scorecard(review=review)
        ends_on = card["agreement_ends_on"]
        return self.render_to_response(
            self.get_context_data(
                review=review,
                card=card,
                period=[date.fromisoformat(day) for day in card["period"]],
                agreement_ends_on=date.fromisoformat(ends_on) if ends_on else None,
                form=form,
                can_change=self.request.user.has_perm("reports.change_reviews", self.organization),
            )
        )

    def get(self, request, slug, pk):
        review = self.get_review()
        form = RecordReviewForm(
            initial={"next_review_on": next_review_date(held_on=review.held_on)}
        )
        return self.render_page(review, form)

    def post(self, request, slug, pk):
        if not request.user.has_perm("reports.change_reviews", self.organization):
            raise PermissionDenied
        review = self.get_review()
        form = RecordReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                upcoming = services.record_review(
                    review=review,
                    notes=data["notes"],
                    decisions=data["decisions"],
                    next_review_on=data["next_review_on"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                message = "The review is recorded and its scorecard kept as it is today."
                if upcoming:
                    message += f" The next review is on {upcoming.held_on:%B %-d, %Y}."
                messages.success(request, message)
                return redirect("reports:review_detail", slug, pk)
        return self.render_page(review, form)
