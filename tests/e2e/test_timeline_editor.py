"""The timeline schedule editor in a real browser: dragging a block to a new time saves it and
can be undone, dragging it onto a conflict shows the reason on the block and saves nothing,
dropping a topic schedules it, and the keyboard alone moves and resizes a session."""

from datetime import date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rotation.models import ProgramPartner, SeminarSession
from rotation.services.scheduling import schedule_session
from tests.e2e.browser_checks import csp_violations, focus_is_visible, watch_csp
from tests.e2e.journeys import new_context
from tests.factories import MeetingRoomFactory, ProgramFactory, TopicFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

expect.set_options(timeout=20_000)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def program():
    director = UserFactory(email="diane@example.org")
    program = ProgramFactory(
        name="Spring Mini-Rotation",
        directors=[director],
        start_date=date(2027, 3, 2),
        end_date=date(2027, 3, 3),
    )
    big = MeetingRoomFactory(name="Boardroom A", capacity=30)
    MeetingRoomFactory(name="Huddle B", capacity=30, site=big.site)
    ProgramPartner.objects.create(
        program=program, organization=big.site.organization, role="host_content"
    )
    schedule_session(
        program=program,
        title="Quality measurement",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        room=big,
    )
    schedule_session(
        program=program,
        title="Care management",
        starts_at=at(2, 11),
        ends_at=at(2, 12),
        room=big,
    )
    TopicFactory(program=program, title="Prior authorization")
    return program


@pytest.fixture
def page(browser, live_server, program):
    context = new_context(
        browser, live_server, "diane@example.org", viewport={"width": 1280, "height": 900}
    )
    context.console_errors = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.set_default_navigation_timeout(60_000)  # the machine is shared and can be slow
    page.goto(f"/programs/{program.slug}/schedule/timeline/")
    yield page
    assert csp_violations(page) == []
    assert context.console_errors == []
    context.close()


def slot_height(page) -> float:
    return page.evaluate(
        "() => { const c = document.querySelector('.tl-column');"
        " return c.getBoundingClientRect().height / Number("
        "document.getElementById('timeline').dataset.rows); }"
    )


def session(title: str) -> SeminarSession:
    return SeminarSession.objects.get(title=title)


def drag_by(page, locator, *, dx: float = 0, dy: float, release: bool = True) -> None:
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + 8
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=5)
    page.mouse.move(x + dx, y + dy, steps=10)
    if release:
        page.mouse.up()


def test_dragging_a_block_to_a_new_time_saves_it_and_undo_puts_it_back(page):
    block = page.locator(".tl-block", has_text="Quality measurement")

    drag_by(page, block, dy=4 * slot_height(page))  # one hour later

    expect(page.locator("#tl-status")).to_have_text(
        "Moved “Quality measurement” to Tue 2 Mar 2027, 10:00–11:00, Boardroom A."
    )
    assert (session("Quality measurement").starts_at, session("Quality measurement").ends_at) == (
        at(2, 10),
        at(2, 11),
    )
    expect(page.locator(".tl-block", has_text="Quality measurement")).to_contain_text("10:00–11:00")

    page.get_by_role("button", name="Undo: “Quality measurement”").click()

    expect(page.locator("#tl-status")).to_contain_text("Undone: Moved “Quality measurement” to")
    assert session("Quality measurement").starts_at == at(2, 9)


def test_dragging_onto_a_conflict_shows_it_on_the_block_and_saves_nothing(page):
    block = page.locator(".tl-block", has_text="Quality measurement")

    drag_by(page, block, dy=8 * slot_height(page), release=False)  # onto Care management
    expect(block.locator(".tl-note")).to_contain_text(
        "The program already has a session at that time: “Care management”"
    )
    expect(block.locator(".tl-note")).to_contain_text("Conflict: Boardroom A")
    page.mouse.up()

    expect(block.locator(".tl-note")).to_contain_text("Not saved: Boardroom A")
    expect(block).to_contain_text("09:00–10:00")
    assert session("Quality measurement").starts_at == at(2, 9)
    assert SeminarSession.objects.filter(program__name="Spring Mini-Rotation").count() == 2


def test_dragging_a_block_to_another_room_and_its_edge_to_a_later_end(page):
    block = page.locator(".tl-block", has_text="Quality measurement")
    lanes = page.locator(".tl-column")
    gap = lanes.nth(1).bounding_box()["x"] - lanes.nth(0).bounding_box()["x"]

    drag_by(page, block, dx=gap, dy=0)

    expect(page.locator("#tl-status")).to_contain_text("09:00–10:00, Huddle B.")
    assert session("Quality measurement").room.name == "Huddle B"

    edge = page.locator(".tl-block", has_text="Quality measurement").locator(".tl-resize")
    box = edge.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + 2 * slot_height(page), steps=8)
    page.mouse.up()

    expect(page.locator("#tl-status")).to_contain_text("09:00–10:30, Huddle B.")
    assert session("Quality measurement").ends_at == at(2, 10, 30)


def test_dropping_a_topic_on_the_timeline_schedules_a_draft_session(page):
    topic = page.locator(".tl-topic", has_text="Prior authorization").locator(".tl-topic-title")
    lane = page.locator(".tl-column").nth(1)  # Huddle B, 2 March
    lane_box, topic_box = lane.bounding_box(), topic.bounding_box()
    target_y = lane_box["y"] + 20 * slot_height(page) + 2  # 13:00 on an axis starting at 08:00

    page.mouse.move(topic_box["x"] + 10, topic_box["y"] + 5)
    page.mouse.down()
    page.mouse.move(lane_box["x"] + 20, target_y, steps=15)
    page.mouse.up()

    expect(page.locator("#tl-status")).to_contain_text(
        "Scheduled “Prior authorization” on Tue 2 Mar 2027, 13:00–14:00."
    )
    created = session("Prior authorization")
    assert (created.starts_at, created.room.name, created.status) == (
        at(2, 13),
        "Huddle B",
        "draft",
    )
    expect(page.locator(".tl-topic", has_text="Prior authorization")).to_have_count(0)

    page.get_by_role("button", name="Undo: “Prior authorization”").click()

    expect(page.locator("#tl-status")).to_have_text(
        "Undone: “Prior authorization” is no longer scheduled (cancelled)."
    )
    assert session("Prior authorization").status == "cancelled"
    expect(page.locator(".tl-topic", has_text="Prior authorization")).to_have_count(1)


def test_the_keyboard_alone_moves_resizes_and_changes_the_room_then_undoes(page):
    block = page.locator(".tl-block", has_text="Quality measurement")
    for _ in range(150):
        if block.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the session block")
    assert focus_is_visible(page)

    for _ in range(4):
        page.keyboard.press("ArrowDown")  # 10:00-11:00
    page.keyboard.press("Shift+ArrowUp")  # ends 10:45
    page.keyboard.press("ArrowRight")  # Huddle B
    expect(block.locator(".tl-note")).to_have_text("Free: Enter or drop to save.")
    page.keyboard.press("Enter")

    expect(page.locator("#tl-status")).to_have_text(
        "Moved “Quality measurement” to Tue 2 Mar 2027, 10:00–10:45, Huddle B."
    )
    moved = session("Quality measurement")
    assert (moved.starts_at, moved.ends_at, moved.room.name) == (
        at(2, 10),
        at(2, 10, 45),
        "Huddle B",
    )
    expect(page.locator(".tl-block", has_text="Quality measurement")).to_be_focused()

    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")  # a proposal not saved is put back
    expect(page.locator("#tl-status")).to_have_text("“Quality measurement” is back where it was.")
    page.keyboard.press("u")

    expect(page.locator("#tl-status")).to_contain_text("Undone:")
    back = session("Quality measurement")
    assert (back.starts_at, back.ends_at, back.room.name) == (at(2, 9), at(2, 10), "Boardroom A")


def test_a_phone_gets_the_list_view_note_and_the_forms(browser, live_server, program):
    context = new_context(
        browser, live_server, "diane@example.org", viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    page.goto(f"/programs/{program.slug}/schedule/timeline/")

    expect(page.get_by_text("The timeline needs a wider screen.")).to_be_visible()
    expect(page.locator(".tl-board")).to_be_hidden()
    page.locator(".tl-forms li", has_text="Care management").locator("summary").click()
    form = page.locator("details[open] form")
    form.get_by_label("Starts").fill("14:00")
    form.get_by_label("Ends").fill("15:00")
    form.get_by_role("button", name="Move “Care management”").click()

    expect(page.locator(".messages")).to_contain_text("Moved “Care management” to")
    assert session("Care management").starts_at == at(2, 14)
    context.close()


def test_the_faculty_select_finds_a_name_by_typing_and_the_session_saves_it(page, program):
    from tests.factories import FacultyMemberFactory

    host = ProgramPartner.objects.get(program=program).organization
    FacultyMemberFactory(organization=host, first_name="Maria", last_name="Alvarez-Whitfield")
    FacultyMemberFactory(organization=host, first_name="David", last_name="Chen")
    quality = session("Quality measurement")
    page.goto(f"/programs/{program.slug}/sessions/{quality.pk}/edit/")

    search = page.get_by_role("combobox", name="Lead faculty")
    search.click()
    search.press_sequentially("whit")
    dropdown = page.locator("#id_leads-ts-dropdown")
    option = dropdown.get_by_role("option", name=f"Maria Alvarez-Whitfield ({host.name})")
    expect(option).to_be_visible()
    expect(dropdown.get_by_role("option", name=f"David Chen ({host.name})")).to_have_count(0)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Save session").click()

    expect(page.locator(".messages")).to_contain_text("Saved “Quality measurement”.")
    assert [str(a.faculty_member) for a in quality.faculty_assignments.all()] == [
        "Maria Alvarez-Whitfield"
    ]
