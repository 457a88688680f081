from django.urls import path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("assessments/<int:pk>/", views.TakeAssessmentView.as_view(), name="take"),
    path("assessments/<int:pk>/answer/", views.SaveAnswerView.as_view(), name="answer"),
    path("assessments/<int:pk>/results/", views.ResultsView.as_view(), name="results"),
    path("assessments/link/<str:token>/", views.LinkSignInView.as_view(), name="link"),
    path(
        "evaluations/sessions/<int:pk>/",
        views.EvaluateSessionView.as_view(),
        name="evaluate_session",
    ),
    path(
        "evaluations/programs/<slug:slug>/",
        views.EvaluateCourseView.as_view(),
        name="evaluate_course",
    ),
    path("teaching/feedback/", views.FacultyFeedbackView.as_view(), name="faculty_feedback"),
    # Director
    path(
        "programs/<slug:slug>/instruments/",
        views.InstrumentListView.as_view(),
        name="instrument_list",
    ),
    path("instruments/<int:pk>/", views.InstrumentDetailView.as_view(), name="instrument"),
    path("instruments/<int:pk>/items/", views.ItemCreateView.as_view(), name="item_create"),
    path("instruments/<int:pk>/preview/", views.PreviewView.as_view(), name="preview"),
    path("instruments/<int:pk>/items.csv", views.ExportItemsView.as_view(), name="export"),
    path("instruments/<int:pk>/import/", views.ImportItemsView.as_view(), name="import"),
    path(
        "instruments/<int:pk>/administrations/",
        views.AdministrationSaveView.as_view(),
        name="administration_save",
    ),
    path("items/<int:pk>/edit/", views.ItemEditView.as_view(), name="item_edit"),
    path("items/<int:pk>/move/", views.ItemMoveView.as_view(), name="item_move"),
    path("items/<int:pk>/delete/", views.ItemDeleteView.as_view(), name="item_delete"),
    path(
        "administrations/<int:pk>/completion/",
        views.CompletionView.as_view(),
        name="completion",
    ),
    path("administrations/<int:pk>/remind/", views.SendRemindersView.as_view(), name="remind"),
    path(
        "administrations/<int:pk>/responses/<int:learner_pk>/",
        views.ResponseDetailView.as_view(),
        name="response_detail",
    ),
    path(
        "programs/<slug:slug>/evaluations/",
        views.ProgramEvaluationsView.as_view(),
        name="program_evaluations",
    ),
]
