from django.urls import path

from planning import views

app_name = "planning"
plan = "programs/<slug:slug>/planning/"
proposal = f"{plan}proposals/<int:pk>/"
urlpatterns = [
    path("planning/", views.MyPlanningView.as_view(), name="my_planning"),
    path("planning/join/<str:token>/", views.JoinView.as_view(), name="join"),
    path(plan, views.PlanView.as_view(), name="plan"),
    path(f"{plan}team/invite/", views.InviteMemberView.as_view(), name="invite"),
    path(f"{plan}proposals/", views.ProposalBoardView.as_view(), name="proposals"),
    path(f"{plan}proposals/new/", views.ProposalCreateView.as_view(), name="proposal_create"),
    path(proposal, views.ProposalDetailView.as_view(), name="proposal"),
    path(f"{proposal}comment/", views.ProposalCommentView.as_view(), name="proposal_comment"),
    path(f"{proposal}endorse/", views.ProposalEndorseView.as_view(), name="proposal_endorse"),
    path(f"{proposal}accept/", views.ProposalAcceptView.as_view(), name="proposal_accept"),
    path(f"{proposal}decline/", views.ProposalDeclineView.as_view(), name="proposal_decline"),
]
