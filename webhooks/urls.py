from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("webhooks/", views.EndpointListView.as_view(), name="endpoints"),
    path("webhooks/new/", views.EndpointFormView.as_view(), name="endpoint_new"),
    path("webhooks/<int:pk>/", views.EndpointView.as_view(), name="endpoint"),
    path("webhooks/<int:pk>/edit/", views.EndpointFormView.as_view(), name="endpoint_edit"),
    path("webhooks/<int:pk>/test/", views.SendTestEventView.as_view(), name="endpoint_test"),
    path("webhooks/<int:pk>/secret/", views.RotateSecretView.as_view(), name="endpoint_secret"),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_pk>/redeliver/",
        views.RedeliverView.as_view(),
        name="redeliver",
    ),
]
