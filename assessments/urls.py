from django.urls import path

from assessments.views.administrations import CompletionView, ResponseDetailView, SendRemindersView
from assessments.views.comparison import (
    ComparisonGroupView,
    ComparisonJoinView,
    ComparisonLinkSendView,
)
from assessments.views.demographics import DemographicAnswersView
from assessments.views.evaluations import (
    EvaluateCourseView,
    EvaluateSessionView,
    FacultyFeedbackView,
    ProgramEvaluationsView,
)
from assessments.views.instruments import (
    AdministrationSaveView,
    ExportItemsView,
    ImportItemsView,
    InstrumentDetailView,
    InstrumentListView,
    ItemCreateView,
    ItemDeleteView,
    ItemEditView,
    ItemMoveView,
    PreviewView,
)
from assessments.views.links import LinkSignInView
from assessments.views.responses import ResultsView, SaveAnswerView, TakeAssessmentView

app_name = "assessments"
urlpatterns = [
    path("assessments/<int:pk>/", TakeAssessmentView.as_view(), name="take"),
    path("assessments/<int:pk>/answer/", SaveAnswerView.as_view(), name="answer"),
    path("assessments/<int:pk>/results/", ResultsView.as_view(), name="results"),
    path("assessments/link/<str:token>/", LinkSignInView.as_view(), name="link"),
    path(
        "evaluations/sessions/<int:pk>/",
        EvaluateSessionView.as_view(),
        name="evaluate_session",
    ),
    path(
        "evaluations/programs/<slug:slug>/",
        EvaluateCourseView.as_view(),
        name="evaluate_course",
    ),
    path("teaching/feedback/", FacultyFeedbackView.as_view(), name="faculty_feedback"),
    # Director
    path(
        "programs/<slug:slug>/instruments/",
        InstrumentListView.as_view(),
        name="instrument_list",
    ),
    path("instruments/<int:pk>/", InstrumentDetailView.as_view(), name="instrument"),
    path("instruments/<int:pk>/items/", ItemCreateView.as_view(), name="item_create"),
    path("instruments/<int:pk>/preview/", PreviewView.as_view(), name="preview"),
    path("instruments/<int:pk>/items.csv", ExportItemsView.as_view(), name="export"),
    path("instruments/<int:pk>/import/", ImportItemsView.as_view(), name="import"),
    path(
        "instruments/<int:pk>/administrations/",
        AdministrationSaveView.as_view(),
        name="administration_save",
    ),
    path("items/<int:pk>/edit/", ItemEditView.as_view(), name="item_edit"),
    path("items/<int:pk>/move/", ItemMoveView.as_view(), name="item_move"),
    path("items/<int:pk>/delete/", ItemDeleteView.as_view(), name="item_delete"),
    path(
        "administrations/<int:pk>/completion/",
        CompletionView.as_view(),
        name="completion",
    ),
    path("administrations/<int:pk>/remind/", SendRemindersView.as_view(), name="remind"),
    path(
        "administrations/<int:pk>/responses/<int:learner_pk>/",
        ResponseDetailView.as_view(),
        name="response_detail",
    ),
    path(
        "programs/<slug:slug>/comparison/",
        ComparisonGroupView.as_view(),
        name="comparison_group",
    ),
    path(
        "programs/<slug:slug>/comparison/links/",
        ComparisonLinkSendView.as_view(),
        name="comparison_link_send",
    ),
    path(
        "programs/<slug:slug>/about-you/",
        DemographicAnswersView.as_view(),
        name="demographics",
    ),
    path("comparison/join/<str:token>/", ComparisonJoinView.as_view(), name="comparison_join"),
    path(
        "programs/<slug:slug>/evaluations/",
        ProgramEvaluationsView.as_view(),
        name="program_evaluations",
    ),
]
