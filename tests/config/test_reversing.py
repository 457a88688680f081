"""A URL reversed once a process is the URL reverse() gives, under any script prefix."""

from django.urls import reverse, set_script_prefix

from config.reversing import reversed_once


def test_a_url_reversed_once_follows_the_script_prefix():
    plain = reversed_once("rotation:schedule", "concentrated-2026")
    set_script_prefix("/rotation/")
    try:
        prefixed = reversed_once("rotation:schedule", "concentrated-2026")
    finally:
        set_script_prefix("/")

    assert plain == reverse("rotation:schedule", args=["concentrated-2026"])
    assert prefixed == f"/rotation{plain}"
    assert reversed_once("rotation:schedule", "other-slug") != plain
