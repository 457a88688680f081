from django.urls import path

from partners import views

app_name = "partners"
urlpatterns = [
    path("partners/", views.OrganizationListView.as_view(), name="organization_list"),
    path("teaching/", views.MyTeachingView.as_view(), name="my_teaching"),
]
