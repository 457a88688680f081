from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.AuditTrailView.as_view(), name="events"),
    path(
        "programs/<slug:slug>/audit/", views.ProgramAuditTrailView.as_view(), name="program_events"
    ),
]
