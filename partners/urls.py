from django.urls import path

from partners.views import agreements, faculty, organizations, valuation

app_name = "partners"
organization = "partners/<slug:slug>/"
urlpatterns = [
    path("partners/", organizations.OrganizationListView.as_view(), name="organization_list"),
    # Fixed paths before <slug>: services.RESERVED_SLUGS keeps organizations off them.
    path("partners/directory/", organizations.DirectoryView.as_view(), name="directory"),
    path(
        "partners/new/", organizations.OrganizationCreateView.as_view(), name="organization_create"
    ),
    path(
        "partners/liaison-invitations/<str:token>/",
        organizations.AcceptLiaisonInvitationView.as_view(),
        name="accept_liaison_invitation",
    ),
    path(organization, organizations.OrganizationDetailView.as_view(), name="organization_detail"),
    path(
        f"{organization}edit/",
        organizations.OrganizationUpdateView.as_view(),
        name="organization_edit",
    ),
    path(
        f"{organization}liaisons/invite/",
        organizations.LiaisonInviteView.as_view(),
        name="liaison_invite",
    ),
    path(f"{organization}sites/new/", organizations.SiteEditView.as_view(), name="site_create"),
    path(
        f"{organization}sites/<int:pk>/edit/",
        organizations.SiteEditView.as_view(),
        name="site_edit",
    ),
    path(f"{organization}rooms/", organizations.RoomListView.as_view(), name="room_list"),
    path(f"{organization}rooms/new/", organizations.RoomEditView.as_view(), name="room_create"),
    path(
        f"{organization}rooms/<int:pk>/",
        organizations.RoomDetailView.as_view(),
        name="room_detail",
    ),
    path(
        f"{organization}rooms/<int:pk>/edit/",
        organizations.RoomEditView.as_view(),
        name="room_edit",
    ),
    path(
        f"{organization}rooms/<int:pk>/blackouts/<int:blackout_pk>/delete/",
        organizations.BlackoutDeleteView.as_view(),
        name="blackout_delete",
    ),
    path(f"{organization}rates/", valuation.ValuationRatesView.as_view(), name="valuation_rates"),
    path(f"{organization}faculty/", faculty.FacultyListView.as_view(), name="faculty_list"),
    path(f"{organization}faculty/new/", faculty.FacultyEditView.as_view(), name="faculty_create"),
    path(
        f"{organization}faculty/<int:pk>/edit/",
        faculty.FacultyEditView.as_view(),
        name="faculty_edit",
    ),
    path(
        f"{organization}faculty/<int:pk>/invite/",
        faculty.FacultyInviteView.as_view(),
        name="faculty_invite",
    ),
    path(
        f"{organization}agreements/",
        agreements.AgreementListView.as_view(),
        name="agreement_list",
    ),
    path(
        f"{organization}agreements/new/",
        agreements.AgreementEditView.as_view(),
        name="agreement_create",
    ),
    path(
        f"{organization}agreements/<int:pk>/edit/",
        agreements.AgreementEditView.as_view(),
        name="agreement_edit",
    ),
    path(
        f"{organization}agreements/<int:pk>/renew/",
        agreements.AgreementRenewView.as_view(),
        name="agreement_renew",
    ),
    path("agreements/", agreements.AgreementOverviewView.as_view(), name="agreement_overview"),
    path(
        "agreements/<int:pk>/document/",
        agreements.AgreementDocumentView.as_view(),
        name="agreement_document",
    ),
    path(
        f"{organization}contacts/new/", agreements.ContactEditView.as_view(), name="contact_create"
    ),
    path(
        f"{organization}contacts/<int:pk>/edit/",
        agreements.ContactEditView.as_view(),
        name="contact_edit",
    ),
    path(
        f"{organization}contacts/<int:pk>/delete/",
        agreements.ContactDeleteView.as_view(),
        name="contact_delete",
    ),
    path("faculty/<int:pk>/photo/", faculty.FacultyPhotoView.as_view(), name="faculty_photo"),
    path(
        "invitations/<str:token>/",
        faculty.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
]
