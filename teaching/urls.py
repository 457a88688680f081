"""Teaching's pages keep the paths they had under partners; only their names moved to the
teaching namespace."""

from django.urls import path

from teaching.views import directors, faculty, materials, printing, surveys

app_name = "teaching"
urlpatterns = [
    path(
        "partners/<slug:slug>/printing/",
        printing.PrintingRecordCreateView.as_view(),
        name="printing_add",
    ),
    path("teaching/", faculty.MyTeachingView.as_view(), name="my_teaching"),
    path("teaching/profile/", faculty.OwnProfileView.as_view(), name="own_profile"),
    path(
        "teaching/availability/",
        faculty.AvailabilityIndexView.as_view(),
        name="availability_index",
    ),
    path(
        "teaching/availability/<slug:slug>/",
        faculty.AvailabilityView.as_view(),
        name="availability",
    ),
    path("teaching/volunteer/", faculty.VolunteerBoardView.as_view(), name="volunteer_board"),
    path(
        "teaching/volunteer/<str:kind>/<int:pk>/",
        faculty.VolunteerView.as_view(),
        name="volunteer",
    ),
    path("teaching/sessions/<int:pk>/withdraw/", faculty.WithdrawView.as_view(), name="withdraw"),
    path("teaching/letters/<slug:slug>.pdf", faculty.OwnLetterView.as_view(), name="own_letter"),
    path(
        "sessions/<int:pk>/materials/",
        materials.SessionMaterialsView.as_view(),
        name="session_materials",
    ),
    path(
        "materials/<int:pk>/download/",
        materials.MaterialDownloadView.as_view(),
        name="material_download",
    ),
    path(
        "materials/<int:pk>/delete/",
        materials.MaterialDeleteView.as_view(),
        name="material_delete",
    ),
    path(
        "teaching/surveys/<slug:slug>/", surveys.FacultySurveyView.as_view(), name="faculty_survey"
    ),
    path(
        "faculty-experience/",
        surveys.FacultyExperienceView.as_view(),
        name="faculty_experience",
    ),
    path("volunteers/", directors.DirectorOverviewView.as_view(), name="director_overview"),
    path(
        "programs/<slug:slug>/volunteers/",
        directors.ProgramVolunteersView.as_view(),
        name="program_volunteers",
    ),
    path(
        "programs/<slug:slug>/volunteers/<int:pk>/<str:decision>/",
        directors.OfferDecisionView.as_view(),
        name="offer_decision",
    ),
    path(
        "programs/<slug:slug>/faculty/<int:pk>/letter/",
        directors.DirectorLetterView.as_view(),
        name="director_letter",
    ),
]
