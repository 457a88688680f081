from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api.views import docs, outbox, resources, tokens

app_name = "api"

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", docs.DocsView.as_view(), name="docs"),
    path("api/tokens/", tokens.TokenListView.as_view(), name="tokens"),
    path("api/tokens/<int:pk>/revoke/", tokens.TokenRevokeView.as_view(), name="token_revoke"),
    path("api/programs/", resources.ProgramList.as_view(), name="programs"),
    path("api/programs/<slug:slug>/", resources.ProgramDetail.as_view(), name="program"),
    path("api/programs/<slug:slug>/topics/", resources.TopicList.as_view(), name="topics"),
    path("api/programs/<slug:slug>/sessions/", resources.SessionList.as_view(), name="sessions"),
    path(
        "api/programs/<slug:slug>/sessions/<int:pk>/",
        resources.SessionDetail.as_view(),
        name="session",
    ),
    path(
        "api/programs/<slug:slug>/sessions/<int:pk>/cancel/",
        resources.SessionCancel.as_view(),
        name="session_cancel",
    ),
    path(
        "api/programs/<slug:slug>/sessions/<int:pk>/attendance/",
        resources.AttendanceSheet.as_view(),
        name="attendance",
    ),
    path("api/programs/<slug:slug>/rooms/", resources.ProgramRoomList.as_view(), name="rooms"),
    path(
        "api/programs/<slug:slug>/enrollments/",
        resources.EnrollmentList.as_view(),
        name="enrollments",
    ),
    path("api/programs/<slug:slug>/roster/", resources.RosterImport.as_view(), name="roster"),
    path(
        "api/programs/<slug:slug>/administrations/",
        resources.AdministrationList.as_view(),
        name="administrations",
    ),
    path(
        "api/administrations/<int:pk>/completion/",
        resources.AdministrationCompletion.as_view(),
        name="completion",
    ),
    path(
        "api/programs/<slug:slug>/responses/",
        resources.DeidentifiedResponseList.as_view(),
        name="responses",
    ),
    path("api/programs/<slug:slug>/reports/", resources.ReportRunList.as_view(), name="reports"),
    path(
        "api/programs/<slug:slug>/reports/<int:pk>/",
        resources.ReportRunDetail.as_view(),
        name="report",
    ),
    path(
        "api/programs/<slug:slug>/reports/<int:pk>/download/",
        resources.ReportRunDownload.as_view(),
        name="report_download",
    ),
    path("api/outbox/", outbox.OutboxStatus.as_view(), name="outbox"),
    path("api/outbox/jobs/", outbox.OutboxJobList.as_view(), name="outbox_jobs"),
    path("api/me/sessions/", resources.MySessionList.as_view(), name="my_sessions"),
    path("api/organizations/", resources.OrganizationList.as_view(), name="organizations"),
    path(
        "api/organizations/<slug:slug>/rooms/",
        resources.OrganizationRoomList.as_view(),
        name="organization_rooms",
    ),
]
