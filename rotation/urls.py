from django.urls import path

from rotation import views

app_name = "rotation"
urlpatterns = [
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("my-rotation/", views.MyRotationView.as_view(), name="my_rotation"),
]
