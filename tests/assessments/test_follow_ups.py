"""Follow-up administrations: scheduling after the post, behaviour items asked only there,
answers matched to the same learner, invitations through the usual notification path."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments import tasks
from assessments.models import Administration, Answer, Item
from assessments.services.administrations import (
    default_windows,
    months_after,
    schedule_administration,
)
from assessments.services.instruments import ItemSpec
from assessments.services.items import add_item
from assessments.services.responses import answer_fields, submit_response
from tests.assessments.factories import AdministrationFactory, build_instrument, complete_answers
from tests.factories import EnrollmentFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def post():
    """A pre and a post that closed a week ago, and a behaviour item on the instrument."""
    instrument = build_instrument()
    Item.objects.create(
        instrument=instrument, position=99, kind=Item.Kind.BEHAVIOUR, text="Since the course I…"
    )
    now = timezone.now()
    AdministrationFactory(instrument=instrument, kind="pre", opens_at=now - 40 * DAY,
                          closes_at=now - 30 * DAY)  # fmt: skip
    return AdministrationFactory(
        instrument=instrument, kind="post", opens_at=now - 20 * DAY, closes_at=now - 7 * DAY
    )


def schedule(instrument, kind, opens_at, days=14, **kwargs):
    return schedule_administration(
        instrument=instrument, kind=kind, opens_at=opens_at, closes_at=opens_at + days * DAY,
        **kwargs,
    )  # fmt: skip


def test_a_follow_up_opens_after_the_post_and_before_the_next_follow_up(post):
    now = timezone.now()
    six = schedule(post.instrument, "follow_up_6", now + 150 * DAY)

    three = schedule(post.instrument, "follow_up_3", now + 60 * DAY)

    assert (three.kind, six.kind) == ("follow_up_3", "follow_up_6")
    with pytest.raises(ValidationError) as too_early:
        schedule(post.instrument, "follow_up_12", now - 10 * DAY)
    assert too_early.value.messages == [
        "The 12-month follow-up must open after the post-assessment closes."
    ]
    with pytest.raises(ValidationError) as overlapping:
        schedule(post.instrument, "follow_up_3", now + 140 * DAY, days=20)
    assert overlapping.value.messages == [
        "The 3-month follow-up must close before the 6-month follow-up opens."
    ]


def test_a_follow_up_needs_the_post_and_never_asks_retrospective_items():
    instrument = build_instrument()
    opens_at = timezone.now() + 90 * DAY

    with pytest.raises(ValidationError) as no_post:
        schedule(instrument, "follow_up_3", opens_at)
    AdministrationFactory(instrument=instrument, kind="post")
    with pytest.raises(ValidationError) as retro:
        schedule(instrument, "follow_up_3", opens_at, includes_retrospective=True)

    assert no_post.value.messages == [
        "Schedule the post-assessment first: a follow-up is matched to each learner's pre and post."
    ]
    assert retro.value.messages == ["Retrospective-pre items belong on the post-assessment."]
    assert Administration.objects.filter(kind="follow_up_3").count() == 0


def test_a_follow_up_goes_on_the_version_the_pre_was_given_on(post):
    learner = EnrollmentFactory(program=post.instrument.program).learner
    submit_response(
        administration=post, learner=learner, data=complete_answers(post), now=post.opens_at
    )
    newer = add_item(instrument=post.instrument, spec=ItemSpec(kind="attitude", text="New"))

    with pytest.raises(ValidationError) as error:
        schedule(newer.instrument, "follow_up_3", timezone.now() + 90 * DAY)

    assert newer.instrument.version == 2  # the items were locked: a new version was made
    assert error.value.messages == [
        "The pre-assessment was given on version 1; schedule the 3-month follow-up on that "
        "version too, so that answers pair item by item."
    ]


def test_behaviour_items_are_asked_only_at_follow_ups(post):
    follow_up = schedule(post.instrument, "follow_up_3", timezone.now() + 60 * DAY)

    def kinds(administration):
        return sorted({item.kind for item, _ in answer_fields(administration).values()})

    assert kinds(post) == ["attitude", "free_text", "knowledge"]
    assert kinds(follow_up) == ["attitude", "behaviour", "free_text", "knowledge"]


def test_a_follow_up_response_stores_behaviour_on_its_scale(post):
    follow_up = schedule(post.instrument, "follow_up_3", timezone.now() - DAY)
    learner = EnrollmentFactory(program=post.instrument.program).learner
    behaviour = post.instrument.items.get(kind="behaviour")
    data = complete_answers(follow_up) | {f"item-{behaviour.pk}": "9"}

    refused = submit_response(
        administration=follow_up, learner=learner, data=data, now=timezone.now()
    )
    data[f"item-{behaviour.pk}"] = "4"
    result = submit_response(
        administration=follow_up, learner=learner, data=data, now=timezone.now()
    )

    assert refused.errors == {f"item-{behaviour.pk}": "Choose a point from 1 to 5."}
    assert result.response.status == "submitted"
    assert Answer.objects.get(response=result.response, item=behaviour).score == 4
    assert behaviour.labels[-1] == "As a routine"


def test_follow_up_invitations_go_through_the_usual_notification_path(post):
    follow_up = schedule(post.instrument, "follow_up_3", timezone.now() + 60 * DAY)
    EnrollmentFactory(program=post.instrument.program, learner__user=UserFactory())

    with time_machine.travel(follow_up.opens_at + timedelta(minutes=5)):
        sent = tasks.send_due_notifications()

    assert sent == {"invitations": 1, "reminders": 0}
    assert mail.outbox[0].subject == "[Mini-Rotation] Your 3-month follow-up is open"
    assert "what you have done since: your answers show what lasted" in " ".join(
        mail.outbox[0].body.split()
    )


def test_months_after_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    moment = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)

    assert months_after(moment, 3) == datetime(2027, 2, 28, 17, 0, tzinfo=UTC)
    assert months_after(moment, 12) == datetime(2027, 11, 30, 17, 0, tzinfo=UTC)


def test_default_follow_up_windows_count_from_the_program_end():
    program = ProgramFactory()

    windows = default_windows(program=program)

    end = windows["post"][0]
    assert windows["follow_up_6"] == (months_after(end, 6), months_after(end, 6) + 14 * DAY)
    assert list(windows) == ["pre", "post", "follow_up_3", "follow_up_6", "follow_up_12"]


# --- Pages -------------------------------------------------------------------------------------


def follow_up_form(opens, days=14):
    return {
        "kind_prefix": "follow_up_6",
        "follow_up_6-kind": "follow_up_6",
        "follow_up_6-opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
        "follow_up_6-closes_at": (opens + days * DAY).strftime("%Y-%m-%dT%H:%M"),
        "follow_up_6-includes_retrospective": "on",  # not offered: ignored
        "follow_up_6-reminder_days": "7, 2",
    }


def test_the_director_chooses_a_follow_up_on_the_instrument_page(client, director, program):
    instrument = build_instrument(program)
    post = AdministrationFactory(instrument=instrument, kind="post")
    client.force_login(director)

    page = client.get(f"/instruments/{instrument.pk}/")
    saved = client.post(
        f"/instruments/{instrument.pk}/administrations/",
        follow_up_form(timezone.localtime(post.closes_at + 180 * DAY)),
    )

    labels = [label for label, _, _ in page.context["administration_forms"]]
    assert labels == [
        "Pre-assessment",
        "Post-assessment",
        "3-month follow-up",
        "6-month follow-up",
        "12-month follow-up",
    ]
    assert page.content.decode().count("Not held: save a window to hold it.") == 4  # all but post
    forms = {form.prefix: form for _, _, form in page.context["administration_forms"]}
    assert ("includes_retrospective" in forms["post"].fields) is True
    assert ("includes_retrospective" in forms["follow_up_6"].fields) is False
    assert saved.status_code == 302
    follow_up = Administration.objects.get(kind="follow_up_6")
    assert (follow_up.includes_retrospective, follow_up.reminder_days) == (False, [7, 2])


def test_a_follow_up_before_the_post_is_refused_with_a_message(client, director, program):
    instrument = build_instrument(program)
    post = AdministrationFactory(instrument=instrument, kind="post")
    client.force_login(director)

    response = client.post(
        f"/instruments/{instrument.pk}/administrations/",
        follow_up_form(timezone.localtime(post.opens_at - 3 * DAY)),
    )

    assert response.status_code == 422
    assert (
        "The 6-month follow-up must open after the post-assessment closes."
        in response.content.decode()
    )
    assert Administration.objects.filter(kind="follow_up_6").count() == 0


def test_the_resident_answers_behaviour_items_on_the_follow_up_form(client, learner_user, post):
    learner = learner_user.learner_profile
    EnrollmentFactory(program=post.instrument.program, learner=learner)
    follow_up = schedule(post.instrument, "follow_up_3", timezone.now() - DAY)
    client.force_login(learner_user)

    on_follow_up = client.get(f"/assessments/{follow_up.pk}/")

    kinds = [row["item"].kind for row in on_follow_up.context["rows"]]
    assert kinds == ["knowledge", "knowledge", "attitude", "attitude", "free_text", "behaviour"]
    assert "Since the course I…" in on_follow_up.content.decode()
    assert "As a routine" in on_follow_up.content.decode()
