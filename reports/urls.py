from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path(
        "partners/<slug:slug>/contribution/",
        views.ContributionView.as_view(),
        name="partner_contribution",
    ),
    path(
        "partners/<slug:slug>/contribution.pdf",
        views.ContributionPdfView.as_view(),
        name="partner_contribution_pdf",
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
    path("programs/<slug:slug>/reports/", views.ReportListView.as_view(), name="list"),
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
