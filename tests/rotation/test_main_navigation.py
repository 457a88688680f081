"""The main navigation: each role's links, read from the data, reversed once a process."""

import re

import pytest
from django.urls import reverse, set_script_prefix

from rotation.navigation import MAIN_LINKS, main_links
from rotation.selectors.access import Roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def main_navigation(html: str) -> list[tuple[str, str]]:
    nav = html[html.index('<nav aria-label="Main">') : html.index("</nav>")]
    return re.findall(r'<li><a href="([^"]+)">([^<>]+)</a></li>', nav)


@pytest.mark.parametrize(
    ("who", "labels"),
    [
        ("director", ["Programs", "Faculty &amp; partners", "Agreements", "Directory", "Calendar"]),
        ("liaison", ["Partners", "Calendar"]),
        ("learner_user", ["My rotation", "Calendar"]),
        (
            "staff_user",
            ["Agreements", "Directory", "Calendar", "Audit trail", "Webhooks", "Administration"],
        ),
    ],
)
def test_each_role_sees_its_links(client, request, who, labels):
    client.force_login(request.getfixturevalue(who))

    links = main_navigation(client.get("/calendar/").content.decode())

    assert [label for _url, label in links] == labels
    by_label = {label.replace("&amp;", "&"): url for url, label in links}
    assert all(
        by_label[label] == reverse(name) for label, name, _shown in MAIN_LINKS if label in by_label
    )


def test_a_user_with_no_role_sees_the_calendar_and_a_visitor_nothing(client):
    signed_out = main_navigation(client.get("/accounts/login/").content.decode())
    client.force_login(UserFactory())

    signed_in = main_navigation(client.get("/calendar/").content.decode())

    assert (signed_out, signed_in) == ([], [("/calendar/", "Calendar")])


def test_the_links_follow_the_script_prefix():
    set_script_prefix("/rotation/")
    try:
        under_a_prefix = main_links(Roles(is_learner=True))
    finally:
        set_script_prefix("/")

    assert [link.url for link in under_a_prefix] == [
        "/rotation/my-rotation/",
        "/rotation/calendar/",
    ]
    assert [link.url for link in main_links(Roles(is_learner=True))] == [
        "/my-rotation/",
        "/calendar/",
    ]
