from django.urls import path

from planning import views

app_name = "planning"
plan = "programs/<slug:slug>/planning/"
urlpatterns = [
    path("planning/", views.MyPlanningView.as_view(), name="my_planning"),
    path("planning/join/<str:token>/", views.JoinView.as_view(), name="join"),
    path(plan, views.PlanView.as_view(), name="plan"),
    path(f"{plan}team/invite/", views.InviteMemberView.as_view(), name="invite"),
]
