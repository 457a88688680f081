from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("my-data/", views.MyDataView.as_view(), name="my_data"),
    path("my-data/export.json", views.MyDataExportView.as_view(), name="my_data_export"),
    path(
        "my-data/request-deletion/",
        views.RequestDeletionView.as_view(),
        name="request_deletion",
    ),
    path(
        "privacy/deletion-requests/",
        views.DeletionRequestListView.as_view(),
        name="deletion_requests",
    ),
    path(
        "privacy/learners/<int:pk>/export.json",
        views.LearnerExportView.as_view(),
        name="learner_export",
    ),
    path(
        "privacy/learners/<int:pk>/delete/",
        views.LearnerDeleteView.as_view(),
        name="learner_delete",
    ),
]
