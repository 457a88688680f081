from django.urls import path

from planning import views
from planning.panel import views as panel

app_name = "planning"
plan = "programs/<slug:slug>/planning/"
proposal = f"{plan}proposals/<int:pk>/"
meeting = "planning/meetings/<int:pk>/"
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
    # The advisory panel
    path(f"{plan}meetings/", panel.ProgramMeetingsView.as_view(), name="program_meetings"),
    path(
        f"{plan}meetings/new/",
        panel.ProgramMeetingCreateView.as_view(),
        name="program_meeting_create",
    ),
    path(
        "planning/meetings/", panel.PartnershipMeetingsView.as_view(), name="partnership_meetings"
    ),
    path(
        "planning/meetings/new/",
        panel.PartnershipMeetingCreateView.as_view(),
        name="partnership_meeting_create",
    ),
    path(meeting, panel.MeetingView.as_view(), name="meeting"),
    path(f"{meeting}edit/", panel.MeetingEditView.as_view(), name="meeting_edit"),
    path(f"{meeting}attendance/", panel.MeetingAttendanceView.as_view(), name="meeting_attendance"),
    path(f"{meeting}actions/", panel.ActionCreateView.as_view(), name="action_create"),
    path("planning/actions/", panel.ActionsView.as_view(), name="actions"),
    path("planning/actions/<int:pk>/done/", panel.ActionDoneView.as_view(), name="action_done"),
]
