from django.urls import path

from partners import views

app_name = "partners"
organization = "partners/<slug:slug>/"
urlpatterns = [
    path("partners/", views.OrganizationListView.as_view(), name="organization_list"),
    path(organization, views.OrganizationDetailView.as_view(), name="organization_detail"),
    path(f"{organization}edit/", views.OrganizationUpdateView.as_view(), name="organization_edit"),
    path(f"{organization}sites/new/", views.SiteEditView.as_view(), name="site_create"),
    path(f"{organization}sites/<int:pk>/edit/", views.SiteEditView.as_view(), name="site_edit"),
    path(f"{organization}rooms/", views.RoomListView.as_view(), name="room_list"),
    path(f"{organization}rooms/new/", views.RoomEditView.as_view(), name="room_create"),
    path(f"{organization}rooms/<int:pk>/", views.RoomDetailView.as_view(), name="room_detail"),
    path(f"{organization}rooms/<int:pk>/edit/", views.RoomEditView.as_view(), name="room_edit"),
    path(
        f"{organization}rooms/<int:pk>/blackouts/<int:blackout_pk>/delete/",
        views.BlackoutDeleteView.as_view(),
        name="blackout_delete",
    ),
    path(f"{organization}faculty/", views.FacultyListView.as_view(), name="faculty_list"),
    path(f"{organization}faculty/new/", views.FacultyEditView.as_view(), name="faculty_create"),
    path(
        f"{organization}faculty/<int:pk>/edit/",
        views.FacultyEditView.as_view(),
        name="faculty_edit",
    ),
    path(
        f"{organization}faculty/<int:pk>/invite/",
        views.FacultyInviteView.as_view(),
        name="faculty_invite",
    ),
    path(f"{organization}contribution/", views.ContributionView.as_view(), name="contribution"),
    path(
        f"{organization}contribution.pdf",
        views.ContributionPdfView.as_view(),
        name="contribution_pdf",
    ),
    path(f"{organization}printing/", views.PrintingRecordCreateView.as_view(), name="printing_add"),
    path("faculty/<int:pk>/photo/", views.FacultyPhotoView.as_view(), name="faculty_photo"),
    path(
        "invitations/<str:token>/",
        views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
    path("teaching/", views.MyTeachingView.as_view(), name="my_teaching"),
    path("teaching/profile/", views.OwnProfileView.as_view(), name="own_profile"),
    path(
        "teaching/availability/", views.AvailabilityIndexView.as_view(), name="availability_index"
    ),
    path(
        "teaching/availability/<slug:slug>/",
        views.AvailabilityView.as_view(),
        name="availability",
    ),
    path("teaching/volunteer/", views.VolunteerBoardView.as_view(), name="volunteer_board"),
    path(
        "teaching/volunteer/<str:kind>/<int:pk>/",
        views.VolunteerView.as_view(),
        name="volunteer",
    ),
    path("teaching/sessions/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("teaching/letters/<slug:slug>.pdf", views.OwnLetterView.as_view(), name="own_letter"),
    path(
        "sessions/<int:pk>/materials/",
        views.SessionMaterialsView.as_view(),
        name="session_materials",
    ),
    path(
        "materials/<int:pk>/download/",
        views.MaterialDownloadView.as_view(),
        name="material_download",
    ),
    path("materials/<int:pk>/delete/", views.MaterialDeleteView.as_view(), name="material_delete"),
    path("volunteers/", views.DirectorOverviewView.as_view(), name="director_overview"),
    path(
        "programs/<slug:slug>/volunteers/",
        views.ProgramVolunteersView.as_view(),
        name="program_volunteers",
    ),
    path(
        "programs/<slug:slug>/volunteers/<int:pk>/<str:decision>/",
        views.OfferDecisionView.as_view(),
        name="offer_decision",
    ),
    path(
        "programs/<slug:slug>/faculty/<int:pk>/letter/",
        views.DirectorLetterView.as_view(),
        name="director_letter",
    ),
]
