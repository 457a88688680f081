from django.urls import path

from rotation.views.attendance import (
    AttendanceExportView,
    AttendanceSheetView,
    AttendanceSummaryView,
    SignInSheetPdfView,
)
from rotation.views.audit_trail import ProgramAuditTrailView
from rotation.views.check_in import CheckInCodeView, CheckInScreenView, CheckInView
from rotation.views.feeds import CalendarFeedsView, calendar_feed
from rotation.views.home import MyRotationView, ProgramListView, PublicScheduleView
from rotation.views.letters import LetterListView, LetterPreviewView, LetterSendView
from rotation.views.pool import PoolInviteView
from rotation.views.programs import (
    ProgramArchiveView,
    ProgramCopyView,
    ProgramCreateView,
    ProgramHomeView,
    ProgramUnarchiveView,
    ProgramUpdateView,
)
from rotation.views.roster import (
    LearnerAddView,
    ReenrollView,
    RosterImportJobView,
    RosterImportView,
    RosterView,
    WithdrawView,
)
from rotation.views.schedule import (
    LogisticsSendView,
    LogisticsView,
    PublishView,
    SchedulePrintView,
    ScheduleView,
    SeriesCreateView,
    SessionCancelView,
    SessionCreateView,
    SessionRestoreView,
    SessionUpdateView,
)
from rotation.views.timeline import (
    SessionMoveView,
    TimelineCheckView,
    TimelineView,
    TopicScheduleView,
)
from rotation.views.topics import TopicEditView, TopicListView

app_name = "rotation"
program = "programs/<slug:slug>/"
urlpatterns = [
    path("programs/", ProgramListView.as_view(), name="program_list"),
    path("programs/new/", ProgramCreateView.as_view(), name="program_create"),
    path(program, ProgramHomeView.as_view(), name="program_home"),
    path(f"{program}edit/", ProgramUpdateView.as_view(), name="program_edit"),
    path(f"{program}faculty-pool/invite/", PoolInviteView.as_view(), name="faculty_pool_invite"),
    path(f"{program}archive/", ProgramArchiveView.as_view(), name="program_archive"),
    path(f"{program}copy/", ProgramCopyView.as_view(), name="program_copy"),
    path(f"{program}audit/", ProgramAuditTrailView.as_view(), name="program_audit"),
    path(f"{program}unarchive/", ProgramUnarchiveView.as_view(), name="program_unarchive"),
    path(f"{program}schedule/", ScheduleView.as_view(), name="schedule"),
    path(f"{program}schedule/timeline/", TimelineView.as_view(), name="timeline"),
    path(f"{program}schedule/timeline/check/", TimelineCheckView.as_view(), name="timeline_check"),
    path(f"{program}sessions/<int:pk>/move/", SessionMoveView.as_view(), name="session_move"),
    path(f"{program}topics/<int:pk>/schedule/", TopicScheduleView.as_view(), name="topic_schedule"),
    path(f"{program}schedule/print/", SchedulePrintView.as_view(), name="schedule_print"),
    path(f"{program}logistics/<str:day>/", LogisticsView.as_view(), name="logistics"),
    path(
        f"{program}logistics/<str:day>/send/",
        LogisticsSendView.as_view(),
        name="logistics_send",
    ),
    path(f"{program}schedule/publish/", PublishView.as_view(), name="publish"),
    path(f"{program}sessions/new/", SessionCreateView.as_view(), name="session_create"),
    path(f"{program}sessions/series/", SeriesCreateView.as_view(), name="series_create"),
    path(
        f"{program}sessions/<int:pk>/edit/",
        SessionUpdateView.as_view(),
        name="session_edit",
    ),
    path(
        f"{program}sessions/<int:pk>/cancel/",
        SessionCancelView.as_view(),
        name="session_cancel",
    ),
    path(
        f"{program}sessions/<int:pk>/restore/",
        SessionRestoreView.as_view(),
        name="session_restore",
    ),
    path(
        f"{program}sessions/<int:pk>/attendance/",
        AttendanceSheetView.as_view(),
        name="attendance_sheet",
    ),
    path(
        f"{program}sessions/<int:pk>/self-check-in/",
        CheckInScreenView.as_view(),
        name="check_in_screen",
    ),
    path(
        f"{program}sessions/<int:pk>/self-check-in/code.svg",
        CheckInCodeView.as_view(),
        name="check_in_code",
    ),
    path("check-in/<str:code>/", CheckInView.as_view(), name="check_in"),
    path(
        f"{program}sessions/<int:pk>/sign-in-sheet.pdf",
        SignInSheetPdfView.as_view(),
        name="sign_in_sheet",
    ),
    path(f"{program}attendance/", AttendanceSummaryView.as_view(), name="attendance"),
    path(f"{program}topics/", TopicListView.as_view(), name="topics"),
    path(f"{program}topics/new/", TopicEditView.as_view(), name="topic_create"),
    path(f"{program}topics/<int:pk>/edit/", TopicEditView.as_view(), name="topic_edit"),
    path(f"{program}learners/", RosterView.as_view(), name="roster"),
    path(f"{program}learners/add/", LearnerAddView.as_view(), name="learner_add"),
    path(f"{program}learners/import/", RosterImportView.as_view(), name="roster_import"),
    path(
        f"{program}learners/import/<int:pk>/",
        RosterImportJobView.as_view(),
        name="roster_import_job",
    ),
    path(
        f"{program}learners/<int:enrollment>/withdraw/",
        WithdrawView.as_view(),
        name="learner_withdraw",
    ),
    path(
        f"{program}learners/<int:enrollment>/reenrol/",
        ReenrollView.as_view(),
        name="learner_reenroll",
    ),
    path(f"{program}letters/", LetterListView.as_view(), name="letters"),
    path(f"{program}letters/send/", LetterSendView.as_view(), name="letters_send"),
    path(
        f"{program}letters/<int:enrollment>/preview.pdf",
        LetterPreviewView.as_view(),
        name="letter_preview",
    ),
    path("exports/attendance/", AttendanceExportView.as_view(), name="attendance_export"),
    path("schedule/<slug:slug>/", PublicScheduleView.as_view(), name="public_schedule"),
    path("my-rotation/", MyRotationView.as_view(), name="my_rotation"),
    path("calendar/", CalendarFeedsView.as_view(), name="calendar_feeds"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
