"""An archived program is read-only: every write service refuses it through one guard, views
turn the refusal into a message, staff alone unarchive, and nothing is ever deleted."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Response
from assessments.services.administrations import schedule_administration
from assessments.services.evaluations import (
    evaluate_course,
    evaluate_session,
    save_evaluation_settings,
)
from assessments.services.instruments import (
    ItemSpec,
    copy_instrument,
    create_instrument,
    create_new_version,
)
from assessments.services.item_csv import import_items_csv
from assessments.services.items import add_item, delete_item, move_item, update_item
from assessments.services.reminders import send_due_notifications
from assessments.services.responses import save_answer, submit_response
from rotation.models import Attendance, Enrollment, Program
from rotation.services.attendance import mark_all_present, record_attendance
from rotation.services.letters import queue_excusal_letter, queue_excusal_letters
from rotation.services.programs import (
    PROGRAM_FIELDS,
    ProgramArchived,
    archive_program,
    save_program,
    save_topic,
)
from rotation.services.publishing import publish_schedule
from rotation.services.roster import enroll_learner, import_roster, withdraw_learner
from rotation.services.scheduling import cancel_session, schedule_session
from rotation.services.series import schedule_series
from teaching import services as teaching
from tests.assessments.factories import ResponseFactory, complete_answers
from tests.factories import ProgramFactory, UserFactory

ROSTER_ROW = {
    "email": "new.resident@hospital.example.org",
    "first_name": "New",
    "last_name": "Resident",
    "residency_program": "Pediatrics",
    "pgy_level": 1,
    "program_director_name": "Dr. Park",
    "program_director_email": "park@hospital.example.org",
}
LATER = timezone.now() + timedelta(days=40)
ITEM = ItemSpec(kind="attitude", text="Partners are equals.")


def first_item(course):
    return course.instrument.items.order_by("position").first()


WRITES = {
    "schedule_session": lambda c: schedule_session(
        program=c.program, title="New", starts_at=LATER, ends_at=LATER + timedelta(hours=1)
    ),
    "cancel_session": lambda c: cancel_session(session=c.session),
    "save_program": lambda c: save_program(
        program=c.program,
        fields={name: getattr(c.program, name) for name in PROGRAM_FIELDS},
        partners=[],
        directors=[c.director],
        saved_by=c.director,
    ),
    "save_topic": lambda c: save_topic(program=c.program, title="Pharmacy benefits"),
    "schedule_series": lambda c: schedule_series(
        program=c.program,
        title="Series",
        dates=[LATER.date()],
        start=time(9),
        end=time(10),
    ),
    "publish_schedule": lambda c: publish_schedule(program=c.program),
    "enroll_learner": lambda c: enroll_learner(
        program=c.program, base_url="http://testserver/", **ROSTER_ROW
    ),
    "import_roster": lambda c: import_roster(
        program=c.program, rows=[ROSTER_ROW], base_url="http://testserver/"
    ),
    "withdraw_learner": lambda c: withdraw_learner(enrollment=c.enrollment),
    "record_attendance": lambda c: record_attendance(
        session=c.past_session, learner=c.learner, status="present", recorded_by=c.director
    ),
    "mark_all_present": lambda c: mark_all_present(session=c.past_session, recorded_by=c.director),
    "queue_excusal_letters": lambda c: queue_excusal_letters(program=c.program, resend=True),
    "queue_excusal_letter": lambda c: queue_excusal_letter(letter=c.letter),
    "create_instrument": lambda c: create_instrument(program=c.program, title="New"),
    "copy_instrument": lambda c: copy_instrument(source=c.instrument, program=c.program),
    "create_new_version": lambda c: create_new_version(instrument=c.instrument),
    "add_item": lambda c: add_item(instrument=c.instrument, spec=ITEM),
    "update_item": lambda c: update_item(item=first_item(c), spec=ITEM),
    "delete_item": lambda c: delete_item(item=first_item(c)),
    "move_item": lambda c: move_item(item=first_item(c), offset=1),
    "import_items_csv": lambda c: import_items_csv(
        instrument=c.instrument, text="kind,text\nattitude,Partners are equals.\n"
    ),
    "schedule_administration": lambda c: schedule_administration(
        instrument=c.instrument,
        kind="post",
        opens_at=LATER,
        closes_at=LATER + timedelta(days=7),
    ),
    "save_answer": lambda c: save_answer(
        administration=c.administration,
        learner=c.learner,
        name=f"item-{first_item(c).pk}",
        raw="",
        now=timezone.now(),
    ),
    "submit_response": lambda c: submit_response(
        administration=c.administration,
        learner=c.learner,
        data=complete_answers(c.administration),
        now=timezone.now(),
    ),
    "evaluate_session": lambda c: evaluate_session(
        session=c.past_session,
        learner=c.learner,
        overall=5,
        relevance=5,
        changed_view=5,
        faculty_ratings={},
        now=timezone.now(),
    ),
    "evaluate_course": lambda c: evaluate_course(
        program=c.program, learner=c.learner, overall=5, now=timezone.now()
    ),
    "save_evaluation_settings": lambda c: save_evaluation_settings(
        program=c.program, session_open_days=10, is_anonymous_to_directors=True
    ),
    "set_availability": lambda c: teaching.set_availability(
        faculty_member=c.faculty_member, program=c.program, choices={}
    ),
    "volunteer": lambda c: teaching.volunteer(faculty_member=c.faculty_member, topic=c.topic),
    "confirm_offer": lambda c: teaching.confirm_offer(offer=c.offer, decided_by=c.director),
    "decline_offer": lambda c: teaching.decline_offer(offer=c.offer, decided_by=c.director),
    "withdraw_from_session": lambda c: teaching.withdraw_from_session(
        faculty_member=c.faculty_member, session=c.session, reason="Ill."
    ),
    "add_material": lambda c: teaching.add_material(
        session=c.session,
        upload=SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes", "application/pdf"),
        uploaded_by=c.director,
    ),
    "delete_material": lambda c: teaching.delete_material(material=c.material),
    "record_printing": lambda c: teaching.record_printing(
        organization=c.faculty_member.organization, program=c.program, pages=3, actor=c.director
    ),
}


def outcome(write, course) -> str:
    try:
        write(course)
    except ProgramArchived:
        return "refused: archived"
    except ValidationError:
        return "refused for another reason"
    return "done"


def test_no_write_is_refused_as_archived_while_the_program_is_active(course):
    """The refusals below come from the archive: run one after another on the active program
    (so that some find the state left by earlier ones), none is refused as archived."""
    outcomes = {name: outcome(write, course) for name, write in WRITES.items()}

    assert [name for name, result in outcomes.items() if result == "refused: archived"] == []


@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_service_refuses_an_archived_program(archived, name):
    with pytest.raises(ProgramArchived) as refusal:
        WRITES[name](archived)

    assert refusal.value.messages == [
        "Systems 2026 is archived: it can be read but no longer changed. "
        "Site staff can unarchive it."
    ]


def test_a_refused_write_changes_nothing(archived):
    with pytest.raises(ProgramArchived):
        WRITES["withdraw_learner"](archived)
    with pytest.raises(ProgramArchived):
        WRITES["mark_all_present"](archived)
    with pytest.raises(ProgramArchived):
        WRITES["submit_response"](archived)

    assert Enrollment.objects.get(pk=archived.enrollment.pk).status == "enrolled"
    assert Attendance.objects.count() == 0
    assert Response.objects.count() == 0


def test_archived_programs_get_no_reminders(archived):
    counts = send_due_notifications(now=timezone.now())

    assert counts == {"invitations": 0, "reminders": 0}


# --- Views --------------------------------------------------------------------------------------


def test_a_refused_post_shows_a_message_on_the_page_it_came_from(client, archived):
    client.force_login(archived.director)
    schedule = reverse("rotation:schedule", args=[archived.program.slug])

    response = client.post(
        reverse("rotation:publish", args=[archived.program.slug]),
        HTTP_REFERER=f"http://testserver{schedule}",
        follow=True,
    )

    assert response.redirect_chain == [(f"http://testserver{schedule}", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Systems 2026 is archived: it can be read but no longer changed. "
        "Site staff can unarchive it."
    ]


def test_a_refused_htmx_request_reloads_the_page_to_show_the_message(client, archived):
    client.force_login(archived.director)
    sheet = reverse(
        "rotation:attendance_sheet", args=[archived.program.slug, archived.past_session.pk]
    )

    response = client.post(
        sheet,
        {"learner": archived.learner.pk, "status": "present"},
        HTTP_HX_REQUEST="true",
        HTTP_REFERER=f"http://testserver{sheet}",
    )

    assert (response.status_code, response["HX-Redirect"]) == (204, f"http://testserver{sheet}")
    assert Attendance.objects.count() == 0


def test_a_refused_post_without_a_referer_goes_home(client, archived):
    client.force_login(archived.director)

    response = client.post(reverse("rotation:letters_send", args=[archived.program.slug]))

    assert (response.status_code, response["Location"]) == (302, "/")


def test_a_resident_answering_an_archived_assessment_gets_the_message(client, archived):
    user = UserFactory()
    archived.learner.user = user
    archived.learner.save()
    client.force_login(user)
    take = reverse("assessments:take", args=[archived.administration.pk])

    response = client.post(take, complete_answers(archived.administration), HTTP_REFERER=take)

    assert (response.status_code, response["Location"]) == (302, take)
    assert Response.objects.count() == 0


def test_an_archived_programs_pages_show_no_edit_controls(client, archived):
    client.force_login(archived.director)
    slug = archived.program.slug

    schedule = client.get(reverse("rotation:schedule", args=[slug])).content.decode()
    roster = client.get(reverse("rotation:roster", args=[slug])).content.decode()
    home = client.get(reverse("rotation:program_home", args=[slug])).content.decode()

    assert "Archived on" in schedule
    assert reverse("rotation:session_create", args=[slug]) not in schedule
    assert reverse("rotation:publish", args=[slug]) not in schedule
    assert reverse("rotation:session_edit", args=[slug, archived.session.pk]) not in schedule
    assert reverse("rotation:roster_import", args=[slug]) not in roster
    assert "Withdraw" not in roster
    assert archived.learner.full_name in roster
    assert reverse("rotation:program_edit", args=[slug]) not in home
    assert "Only site staff can unarchive this program." in home


def test_an_archived_program_stays_visible_to_its_learners(client, archived):
    user = UserFactory()
    archived.learner.user = user
    archived.learner.save()
    client.force_login(user)

    response = client.get(reverse("rotation:my_rotation"))

    assert [s.title for s in response.context["sessions"]] == [
        archived.past_session.title,
        archived.session.title,
    ]


def test_a_director_archives_after_a_confirmation_page(client, course):
    client.force_login(course.director)
    url = reverse("rotation:program_archive", args=[course.program.slug])

    page = client.get(url)
    response = client.post(url)

    assert "Archiving keeps everything and makes it read-only" in page.content.decode()
    assert response["Location"] == reverse("rotation:program_home", args=[course.program.slug])
    assert Program.objects.get(pk=course.program.pk).is_archived


def test_another_programs_director_cannot_archive(client, course):
    other_director = UserFactory()
    ProgramFactory(directors=[other_director])
    client.force_login(other_director)

    response = client.post(reverse("rotation:program_archive", args=[course.program.slug]))

    assert response.status_code == 403
    assert not Program.objects.get(pk=course.program.pk).is_archived


def test_only_staff_can_unarchive(client, archived):
    url = reverse("rotation:program_unarchive", args=[archived.program.slug])
    client.force_login(archived.director)
    refused = client.post(url)
    still_archived = Program.objects.get(pk=archived.program.pk).is_archived
    client.force_login(UserFactory(is_staff=True))

    accepted = client.post(url)

    assert (refused.status_code, still_archived) == (403, True)
    assert accepted.status_code == 302
    assert not Program.objects.get(pk=archived.program.pk).is_archived


def test_staff_archive_and_unarchive_in_the_admin(client, course):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:rotation_program_changelist")
    selected = {"_selected_action": [course.program.pk]}

    client.post(changelist, {"action": "archive", **selected})
    archived = Program.objects.get(pk=course.program.pk).is_archived
    client.post(changelist, {"action": "unarchive", **selected})

    assert archived is True
    assert Program.objects.get(pk=course.program.pk).is_archived is False


def test_the_program_list_separates_active_and_archived(client, course):
    other = ProgramFactory(directors=[course.director], name="Systems 2025")
    archive_program(program=other)
    client.force_login(course.director)

    response = client.get(reverse("rotation:program_list"))

    assert [p.name for p in response.context["active_programs"]] == ["Systems 2026"]
    assert [p.name for p in response.context["archived_programs"]] == ["Systems 2025"]
    assert "<h2>Archived programs</h2>" in response.content.decode()


# --- Deleting -----------------------------------------------------------------------------------


def test_deleting_a_program_with_enrollments_and_responses_is_refused(course):
    ResponseFactory(administration=course.administration, learner=course.learner)

    with pytest.raises(ProtectedError):
        Program.objects.get(pk=course.program.pk).delete()

    assert Program.objects.filter(pk=course.program.pk).exists()
    assert Response.objects.filter(learner=course.learner).count() == 1


def test_the_admin_refuses_to_delete_a_program_with_learners(client, course):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:rotation_program_delete", args=[course.program.pk])

    page = client.post(url, {"post": "yes"})

    assert "Deleting the program" in page.content.decode()
    assert "would require deleting the following protected related objects" in (
        page.content.decode()
    )
    assert Program.objects.filter(pk=course.program.pk).exists()


def test_responses_and_attendance_are_protected_from_cascades():
    from assessments.models import Answer, Response, SessionEvaluation
    from rotation.models import Attendance, Enrollment

    def on_delete(model, field):
        return model._meta.get_field(field).remote_field.on_delete.__name__

    assert {
        "Enrollment.program": on_delete(Enrollment, "program"),
        "Enrollment.learner": on_delete(Enrollment, "learner"),
        "Attendance.session": on_delete(Attendance, "session"),
        "Attendance.learner": on_delete(Attendance, "learner"),
        "Response.administration": on_delete(Response, "administration"),
        "Response.learner": on_delete(Response, "learner"),
        "Answer.item": on_delete(Answer, "item"),
        "SessionEvaluation.learner": on_delete(SessionEvaluation, "learner"),
    } == dict.fromkeys(
        [
            "Enrollment.program",
            "Enrollment.learner",
            "Attendance.session",
            "Attendance.learner",
            "Response.administration",
            "Response.learner",
            "Answer.item",
            "SessionEvaluation.learner",
        ],
        "PROTECT",
    )


def test_nothing_is_due_to_a_resident_in_an_archived_program(course):
    from assessments.selectors.due import due_for_learner

    due_before = [item.kind for item in due_for_learner(learner=course.learner, now=timezone.now())]
    archive_program(program=course.program)

    due_after = due_for_learner(learner=course.learner, now=timezone.now())

    assert (due_before, due_after) == (["session", "pre"], [])


def test_an_archived_programs_sessions_are_not_offered_to_volunteers(course):
    from rotation.models import SessionFaculty
    from teaching.selectors.volunteering import volunteer_board

    SessionFaculty.objects.filter(session=course.session).delete()
    before = volunteer_board(faculty_member=course.faculty_member)
    archive_program(program=course.program)

    after = volunteer_board(faculty_member=course.faculty_member)

    assert {slot.session or slot.topic for slot in before} == {course.session, course.topic}
    assert after == []
