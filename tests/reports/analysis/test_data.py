"""Rows as read turned into the arrays of the course evaluation, without a database."""

import math
from datetime import UTC, date, datetime

from reports.analysis.data import CourseRows, ItemRow, TeachingRow, course_data
from reports.analysis.feedback import FeedbackRows, summarise_feedback

AGREE = ("1", "2", "3", "4", "5")
MONDAY = datetime(2026, 9, 7, 13, tzinfo=UTC)
ITEMS = (
    ItemRow(11, "knowledge", "Who pays?", "Financing", "", False, (), False),
    ItemRow(12, "attitude", "Costs matter", "", "Value", False, AGREE, True),
    ItemRow(13, "knowledge", "What is a deductible?", "", "", False, (), False),
    ItemRow(14, "attitude", "Costs are not my concern", "", "Value", True, AGREE, False),
    ItemRow(15, "free_text", "Anything else?", "", "", False, (), False),
)


def answer(learner, kind, item, *, correct=None, score=None, value=None, retro=False, text=""):
    return (learner, kind, item, retro, score, value, correct, text)


def rows(**changes) -> CourseRows:
    values = {
        "program_name": "Keystone",
        "program_slug": "keystone",
        "academic_year": "2026-2027",
        "start_date": date(2026, 9, 1),
        "end_date": date(2026, 12, 18),
        "instrument_title": "Systems-Based Practice",
        "instrument_version": 2,
        "windows": (("post", MONDAY, MONDAY.replace(day=21)), ("pre", MONDAY, MONDAY)),
        "items": ITEMS,
        # learner 1 and 2 answered both; 3 only the pre; 4 only the post
        "submitted": ((2, "pre"), (1, "pre"), (1, "post"), (3, "pre"), (2, "post"), (4, "post")),
        "answers": (
            answer(1, "pre", 11, correct=True),
            answer(1, "pre", 13, correct=False),
            answer(1, "post", 11, correct=True),
            answer(1, "post", 13, correct=True),
            answer(2, "post", 13, correct=True),  # omitted on the pre: wrong
            answer(3, "pre", 13, correct=True),
            answer(4, "post", 11, correct=True),  # unmatched post: left out
            answer(1, "pre", 12, score=2, value=2),
            answer(1, "pre", 12, score=1, value=1, retro=True),
            answer(1, "post", 12, score=4, value=4),
            answer(1, "pre", 14, score=5, value=1),
            answer(2, "post", 14, score=3, value=3),
            answer(1, "post", 15, text="  More cases  "),
            answer(2, "post", 15, text="   "),
        ),
        "enrolled": 5,
        "sessions": ((7, "Health plans", MONDAY), (8, "Agencies", MONDAY.replace(day=14))),
        "teaching": (
            TeachingRow(7, 31, "Ben", "Brooks", "County Health"),
            TeachingRow(8, 30, "Ada", "Alvarez", "Mercy"),
            TeachingRow(9, 30, "Ada", "Alvarez", "Mercy"),  # a cancelled session
        ),
        "session_evaluations": ((7, 5, 4, 3, " Useful "), (7, 4, 4, 4, ""), (8, 2, 3, 3, "")),
        "faculty_ratings": ((30, 5), (31, 4), (30, 3)),
        "course_evaluations": ((5, "Cases", "", "Pharmacy"), (4, "", "", " Billing ")),
    }
    return CourseRows(**(values | changes))


def test_matched_learners_pair_their_knowledge_answers_and_omitted_items_score_wrong():
    data = course_data(rows())

    assert (data.enrolled, data.pre_submitted, data.post_submitted) == (5, 3, 3)
    assert data.matched_learner_ids == (1, 2)
    assert [item.code for item in data.knowledge_items] == ["K1", "K2"]
    assert data.knowledge_pre.tolist() == [[1.0, 0.0], [0.0, 0.0]]
    assert data.knowledge_post.tolist() == [[1.0, 1.0], [0.0, 1.0]]
    assert data.pre_percent.tolist() == [50.0, 0.0]
    assert data.unmatched_pre_percent.tolist() == [50.0]
    assert (data.pre_window.closes_at, data.post_window.closes_at) == (
        MONDAY,
        MONDAY.replace(day=21),
    )


def test_attitudes_keep_the_adjusted_score_the_answer_and_nan_where_omitted():
    data = course_data(rows())

    assert [item.code for item in data.attitude_items] == ["A1", "A2"]
    assert data.attitude_items[0].scale_max == 5
    assert data.attitude_pre.tolist()[0] == [2.0, 5.0]
    assert data.attitude_pre_values.tolist()[0] == [2.0, 1.0]
    assert data.attitude_retro.tolist()[0][0] == 1.0
    assert all(math.isnan(value) for value in data.attitude_pre.tolist()[1])
    assert data.attitude_post.tolist()[1][1] == 3.0


def test_comments_sessions_and_faculty_are_grouped():
    data = course_data(rows())
    plans, agencies = data.sessions

    assert data.free_text == (("Anything else?", ("More cases",)),)
    assert (plans.faculty, plans.overall, plans.comments) == (("Ben Brooks",), (5, 4), ("Useful",))
    assert (agencies.faculty, agencies.relevance) == (("Ada Alvarez",), (3,))
    assert [(m.name, m.sessions, m.effectiveness) for m in data.faculty] == [
        ("Ada Alvarez", ("Agencies",), (5, 3)),
        ("Ben Brooks", ("Health plans",), (4,)),
    ]
    assert data.course_overall == (5, 4)
    assert data.course_comments == (
        ("Most valuable", ("Cases",)),
        ("Least valuable", ()),
        ("Topics to add", ("Pharmacy", "Billing")),
    )


def test_a_program_without_an_instrument_has_empty_arrays():
    data = course_data(rows(items=(), submitted=(), answers=(), windows=()))

    assert (data.matched, data.pre_window, data.knowledge_pre.shape) == (0, None, (0, 0))


def test_feedback_shows_ratings_from_five_evaluations_on():
    feedback = summarise_feedback(
        FeedbackRows(
            name="Ada Alvarez",
            organization="Mercy",
            sessions=((7, "Health plans", "Keystone", MONDAY), (8, "Agencies", "Keystone", MONDAY)),
            session_ratings=(*((7, score, 4, 4) for score in (5, 4, 4, 3, 4)), (8, 2, 2, 2)),
            own_ratings=((7, 5), (7, 5), (7, 4), (7, 4), (7, 2), (8, 1)),
        )
    )
    plans, agencies = feedback.sessions

    assert (plans.overall.n, plans.overall.mean, plans.overall.counts) == (5, 4.0, (0, 0, 1, 3, 1))
    assert (agencies.overall.n, agencies.overall.mean) == (1, None)
    assert (feedback.effectiveness.n, feedback.effectiveness.mean) == (6, 3.5)
