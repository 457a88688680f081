import pytest

from audit.templatetags.audit import action_label, audit_value, field_label


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "—"),
        ("", "—"),
        ([], "—"),
        (True, "yes"),
        (False, "no"),
        (24, "24"),
        (
            ["Maria Alvarez (lead)", "Tom Becker (panelist)"],
            "Maria Alvarez (lead); Tom Becker (panelist)",
        ),
        ("2027-03-02T09:00-05:00", "Tue 2 Mar 2027, 09:00"),
        ("2027-03-02T14:00+00:00", "Tue 2 Mar 2027, 09:00"),
        ("2027-12-24 (Holiday)", "2027-12-24 (Holiday)"),
    ],
)
def test_values_read_as_words(value, words):
    assert audit_value(value) == words


def test_field_names_and_actions_read_as_words():
    assert (field_label("bookable_from"), field_label("blackout date")) == (
        "Bookable from",
        "Blackout date",
    )
    assert (action_label("room.changed"), action_label("unknown.action")) == (
        "Meeting room changed",
        "unknown.action",
    )
