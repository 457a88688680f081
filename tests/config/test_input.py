"""config.input: NUL characters refused at the door with a message; whole numbers in ASCII."""

import pytest
from django.core.exceptions import ValidationError

from config.input import (
    UNSTORABLE_MESSAGE,
    WholeNumberField,
    parse_whole_number,
    validate_storable,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("7", 7),
        (" 12 ", 12),
        ("0", 0),
        ("²", None),
        ("٣", None),
        ("３", None),
        ("-1", None),
        ("", None),
    ],
)
def test_whole_numbers_are_ascii_digits_only(text, number):
    assert parse_whole_number(text) == number


@pytest.mark.parametrize("text", ["a\x00b", "lone \ud800", "\udfff"])
def test_text_no_column_can_hold_is_refused_with_a_message(text):
    with pytest.raises(ValidationError) as raised:
        validate_storable(text)

    assert raised.value.messages == [UNSTORABLE_MESSAGE]


def test_ordinary_unicode_text_is_storable():
    assert validate_storable("Ana Díaz \u200f٣ 😀") is None


def test_the_whole_number_field_refuses_other_scripts_digits():
    field = WholeNumberField(min_value=1, max_value=8)

    assert field.clean("3") == 3
    for value in ("٣", "３", "²"):
        with pytest.raises(ValidationError) as raised:
            field.clean(value)
        assert raised.value.messages == ["Enter a whole number."]


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["get", "post_value", "post_name"])
def test_a_nul_anywhere_in_the_parameters_gets_a_400_with_the_message(client, where):
    if where == "get":
        response = client.get("/accounts/login/", {"next": "/\x00"})
    elif where == "post_value":
        response = client.post("/accounts/login/", {"login": "a\x00@example.org"})
    else:
        response = client.post("/accounts/login/", {"lo\x00gin": "a@example.org"})

    assert response.status_code == 400
    assert UNSTORABLE_MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_an_htmx_request_gets_the_message_as_one_line(client):
    response = client.post("/accounts/login/", {"login": "\x00"}, headers={"HX-Request": "true"})

    assert (response.status_code, response.content.decode().strip()) == (
        400,
        f'<p class="message error" role="alert">{UNSTORABLE_MESSAGE}</p>',
    )
