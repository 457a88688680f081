from django.urls import path

from planning import views
from planning.panel import views as panel
from planning.patients import views as patients

app_name = "planning"
plan = "programs/<slug:slug>/planning/"
proposal = f"{plan}proposals/<int:pk>/"
meeting = "planning/meetings/<int:pk>/"
partner = f"{plan}patient-partners/<int:pk>/"
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
    # Patient and family partners
    path(
        f"{plan}patient-partners/", patients.PatientPartnersView.as_view(), name="patient_partners"
    ),
    path(f"{plan}orientation/", patients.OrientationChecklistView.as_view(), name="orientation"),
    path(
        f"{plan}orientation/<int:item>/remove/",
        patients.OrientationItemRemoveView.as_view(),
        name="orientation_item_remove",
    ),
    path(partner, patients.PatientPartnerView.as_view(), name="patient_partner"),
    path(f"{partner}profile/", patients.PatientProfileView.as_view(), name="patient_profile"),
    path(
        f"{partner}co-teaching/", patients.CoTeachingAssignView.as_view(), name="co_teaching_assign"
    ),
    path(
        f"{partner}co-teaching/<int:assignment>/remove/",
        patients.CoTeachingRemoveView.as_view(),
        name="co_teaching_remove",
    ),
    path(
        f"{partner}orientation/",
        patients.OrientationRecordView.as_view(),
        name="orientation_record",
    ),
    path(f"{partner}honoraria/", patients.HonorariumCreateView.as_view(), name="honorarium_create"),
    path(
        "patient-feedback/<str:token>/",
        patients.PatientFeedbackView.as_view(),
        name="patient_feedback",
    ),
]
