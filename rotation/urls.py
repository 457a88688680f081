from django.urls import path

from rotation import views

app_name = "rotation"
program = "programs/<slug:slug>/"
urlpatterns = [
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/new/", views.ProgramCreateView.as_view(), name="program_create"),
    path(program, views.ProgramHomeView.as_view(), name="program_home"),
    path(f"{program}edit/", views.ProgramUpdateView.as_view(), name="program_edit"),
    path(f"{program}archive/", views.ProgramArchiveView.as_view(), name="program_archive"),
    path(f"{program}unarchive/", views.ProgramUnarchiveView.as_view(), name="program_unarchive"),
    path(f"{program}schedule/", views.ScheduleView.as_view(), name="schedule"),
    path(f"{program}schedule/print/", views.SchedulePrintView.as_view(), name="schedule_print"),
    path(f"{program}logistics/<str:day>/", views.LogisticsView.as_view(), name="logistics"),
    path(f"{program}schedule/publish/", views.PublishView.as_view(), name="publish"),
    path(f"{program}sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path(f"{program}sessions/series/", views.SeriesCreateView.as_view(), name="series_create"),
    path(
        f"{program}sessions/<int:pk>/edit/",
        views.SessionUpdateView.as_view(),
        name="session_edit",
    ),
    path(
        f"{program}sessions/<int:pk>/cancel/",
        views.SessionCancelView.as_view(),
        name="session_cancel",
    ),
    path(
        f"{program}sessions/<int:pk>/attendance/",
        views.AttendanceSheetView.as_view(),
        name="attendance_sheet",
    ),
    path(
        f"{program}sessions/<int:pk>/sign-in-sheet.pdf",
        views.SignInSheetPdfView.as_view(),
        name="sign_in_sheet",
    ),
    path(f"{program}attendance/", views.AttendanceSummaryView.as_view(), name="attendance"),
    path(f"{program}topics/", views.TopicListView.as_view(), name="topics"),
    path(f"{program}topics/new/", views.TopicEditView.as_view(), name="topic_create"),
    path(f"{program}topics/<int:pk>/edit/", views.TopicEditView.as_view(), name="topic_edit"),
    path(f"{program}learners/", views.RosterView.as_view(), name="roster"),
    path(f"{program}learners/add/", views.LearnerAddView.as_view(), name="learner_add"),
    path(f"{program}learners/import/", views.RosterImportView.as_view(), name="roster_import"),
    path(
        f"{program}learners/import/<int:pk>/",
        views.RosterImportJobView.as_view(),
        name="roster_import_job",
    ),
    path(
        f"{program}learners/<int:enrollment>/withdraw/",
        views.WithdrawView.as_view(),
        name="learner_withdraw",
    ),
    path(f"{program}letters/", views.LetterListView.as_view(), name="letters"),
    path(f"{program}letters/send/", views.LetterSendView.as_view(), name="letters_send"),
    path(
        f"{program}letters/<int:enrollment>/preview.pdf",
        views.LetterPreviewView.as_view(),
        name="letter_preview",
    ),
    path("schedule/<slug:slug>/", views.PublicScheduleView.as_view(), name="public_schedule"),
    path("my-rotation/", views.MyRotationView.as_view(), name="my_rotation"),
    path("calendar/", views.CalendarFeedsView.as_view(), name="calendar_feeds"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
