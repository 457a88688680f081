from django.contrib import admin
from django.urls import include, path

from config.health import healthz
from rotation.views.home import HomeView

admin.site.site_header = "Mini-Rotation administration"
admin.site.site_title = "Mini-Rotation"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("rotation.urls")),
    path("", include("partners.urls")),
    path("", include("teaching.urls")),
    path("", include("planning.urls")),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("", include("audit.urls")),
    path("", include("webhooks.urls")),
    path("", include("privacy.urls")),
    path("", include("api.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
