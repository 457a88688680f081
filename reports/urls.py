from django.urls import path

from reports.views import budget, milestones, partners, reviews
from reports.views import runs as views

app_name = "reports"
urlpatterns = [
    path(
        "partners/<slug:slug>/contribution/",
        partners.ContributionView.as_view(),
        name="partner_contribution",
    ),
    path(
        "partners/<slug:slug>/outcomes/",
        partners.PartnerOutcomesView.as_view(),
        name="partner_outcomes",
    ),
    path(
        "partners/<slug:slug>/value-reports/<int:pk>/",
        partners.PartnerValueRunView.as_view(),
        name="partner_value_run",
    ),
    path(
        "partners/<slug:slug>/value-reports/<int:pk>/retry/",
        partners.PartnerValueRetryView.as_view(),
        name="partner_value_retry",
    ),
    path(
        "partners/<slug:slug>/value-reports/<int:pk>/download/",
        partners.PartnerValueDownloadView.as_view(),
        name="partner_value_download",
    ),
    path("partners/<slug:slug>/reviews/", reviews.ReviewListView.as_view(), name="review_list"),
    path(
        "partners/<slug:slug>/reviews/<int:pk>/",
        reviews.ReviewDetailView.as_view(),
        name="review_detail",
    ),
    path(
        "teaching/feedback/reports/", views.FacultyFeedbackView.as_view(), name="faculty_feedback"
    ),
    path(
        "teaching/feedback/reports/<int:pk>/",
        views.FacultyFeedbackRunView.as_view(),
        name="faculty_feedback_run",
    ),
    path(
        "teaching/feedback/reports/<int:pk>/retry/",
        views.FacultyFeedbackRetryView.as_view(),
        name="faculty_feedback_retry",
    ),
    path(
        "teaching/feedback/reports/<int:pk>/download/",
        views.FacultyFeedbackDownloadView.as_view(),
        name="faculty_feedback_download",
    ),
    path("exports/milestones/", milestones.MilestoneExportView.as_view(), name="milestones"),
    path(
        "exports/milestones/evidence.csv",
        milestones.MilestoneCsvView.as_view(),
        name="milestone_csv",
    ),
    path("exports/milestones/zips/", milestones.MilestoneZipView.as_view(), name="milestone_zip"),
    path(
        "exports/milestones/zips/<int:pk>/",
        milestones.MilestoneRunView.as_view(),
        name="milestone_run",
    ),
    path(
        "exports/milestones/zips/<int:pk>/retry/",
        milestones.MilestoneRetryView.as_view(),
        name="milestone_retry",
    ),
    path(
        "exports/milestones/zips/<int:pk>/download/",
        milestones.MilestoneDownloadView.as_view(),
        name="milestone_download",
    ),
    path(
        "my-rotation/evidence/<int:pk>.pdf",
        milestones.OwnEvidencePdfView.as_view(),
        name="own_evidence",
    ),
    path(
        "my-rotation/certificate/<int:pk>.pdf",
        milestones.OwnCertificatePdfView.as_view(),
        name="own_certificate",
    ),
    path("reports/benchmarking/", views.BenchmarkingView.as_view(), name="benchmarking"),
    path(
        "reports/benchmarking/<int:pk>/",
        views.BenchmarkingRunView.as_view(),
        name="benchmarking_run",
    ),
    path(
        "reports/benchmarking/<int:pk>/retry/",
        views.BenchmarkingRetryView.as_view(),
        name="benchmarking_retry",
    ),
    path(
        "reports/benchmarking/<int:pk>/download/",
        views.BenchmarkingDownloadView.as_view(),
        name="benchmarking_download",
    ),
    path("programs/<slug:slug>/reports/", views.ReportListView.as_view(), name="list"),
    path("programs/<slug:slug>/budget/", budget.BudgetView.as_view(), name="budget"),
    path(
        "programs/<slug:slug>/budget/costs/<int:pk>/delete/",
        budget.CostDeleteView.as_view(),
        name="budget_cost_delete",
    ),
    path(
        "programs/<slug:slug>/budget/contributions/<int:pk>/delete/",
        budget.ContributionDeleteView.as_view(),
        name="budget_contribution_delete",
    ),
    path(
        "programs/<slug:slug>/reports/course-evaluation/",
        views.CourseEvaluationView.as_view(),
        name="course_evaluation",
    ),
    path(
        "programs/<slug:slug>/reports/responses-deidentified.csv",
        views.ResponsesExportView.as_view(),
        name="export_deidentified",
    ),
    path(
        "programs/<slug:slug>/reports/research-demographics/",
        views.ResearchDemographicsView.as_view(),
        name="research_demographics",
    ),
    path(
        "programs/<slug:slug>/reports/responses-identified.csv",
        views.ResponsesExportView.as_view(identified=True),
        name="export_identified",
    ),
    path(
        "programs/<slug:slug>/reports/responses-codebook.csv",
        views.CodebookView.as_view(),
        name="export_codebook",
    ),
    path("programs/<slug:slug>/reports/<int:pk>/", views.ReportRunView.as_view(), name="run"),
    path(
        "programs/<slug:slug>/reports/<int:pk>/retry/",
        views.ReportRetryView.as_view(),
        name="retry",
    ),
    path(
        "programs/<slug:slug>/reports/<int:pk>/download/",
        views.ReportDownloadView.as_view(),
        name="download",
    ),
]
