"""The project's form renderer (config.form_rendering) writes the widgets, labels and error lists
every form shows in Python: it must give exactly the HTML Django's own templates give."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.forms.utils import ErrorList
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from config.form_rendering import WRITTEN, FormRenderer


class EveryWidget(forms.Form):
    pick = forms.ChoiceField(
        choices=[("", "---"), ("a", "A & <b>"), ("Group <g>", [("g1", "G1"), ("g2", "G2")])]
    )
    many = forms.MultipleChoiceField(
        choices=[(1, "One"), (2, "Two"), (3, "Three")],
        widget=forms.SelectMultiple(attrs={"class": "wide", "data-size": "3"}),
    )
    unknown = forms.NullBooleanField()
    locked = forms.TypedChoiceField(
        choices=[(1, "x")], coerce=int, widget=forms.Select(attrs={"disabled": True})
    )
    # labels that are not text: a number and a date print localized, a lazy one translated
    sized = forms.ChoiceField(
        choices=[(1000, 1000), (datetime.date(2026, 11, 2), datetime.date(2026, 11, 2))]
    )
    lazy = forms.ChoiceField(choices=[("x", gettext_lazy("Yes"))], label=gettext_lazy("Lazy"))
    text = forms.CharField(
        widget=forms.TextInput(attrs={"placeholder": 'a "q"', "autofocus": True, "hidden": False})
    )
    safe = forms.CharField(initial=mark_safe("<b>kept</b>"), label=mark_safe("<i>Safe</i>"))
    number = forms.IntegerField(initial=3)
    amount = forms.DecimalField(initial=Decimal("1234.50"))
    email = forms.EmailField(help_text="an address")
    site = forms.URLField(assume_scheme="https")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput, initial="h&i")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    moment = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="line <1>\nline 2")
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    box = forms.BooleanField()
    radios = forms.ChoiceField(choices=[(1, "a"), (2, "b <2>")], widget=forms.RadioSelect)
    grouped = forms.ChoiceField(
        choices=[("G", [(1, "g1"), (2, "g2")]), (3, "plain")],
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    boxes = forms.MultipleChoiceField(
        choices=[(1, "a"), (2, "b")], widget=forms.CheckboxSelectMultiple
    )


def rendered(data, renderer, **options) -> str:
    form = EveryWidget(data, renderer=renderer, **options)
    fields = "".join(str(field) for field in form)
    labels = "".join(
        [
            *(field.label_tag() for field in form),
            form["text"].label_tag(attrs={"class": "wide", "hidden": True, "data-x": False}),
            form["text"].label_tag("Say <what>?", tag="legend"),
            form["boxes"].legend_tag(),
        ]
    )
    options = "".join(
        str(option.tag()) + str(option.choice_label)
        for name in ("radios", "grouped", "boxes")
        for option in form[name]
    )
    errors = "".join(str(field.errors) for field in form) + str(form.non_field_errors())
    return fields + labels + options + errors + str(form)


POSTED = {
    "pick": "g2",
    "many": ["1", "3"],
    "unknown": "true",
    "sized": "1000",
    "text": "<x>",
    "number": "x",
    "amount": "12,5",
    "email": "not an address",
    "secret": "s<3",
    "note": "<script>",
    "box": "on",
    "radios": "2",
    "boxes": ["1"],
}


@pytest.mark.parametrize("data", [None, POSTED], ids=["blank", "posted"])
@pytest.mark.parametrize("options", [{}, {"auto_id": False}, {"prefix": "p"}])
def test_the_written_widgets_give_djangos_html(data, options):
    assert rendered(data, FormRenderer(), **options) == rendered(data, DjangoTemplates(), **options)


def test_an_error_list_gives_djangos_html_with_and_without_errors():
    lists = [
        ([], {}),
        (["One <1>", mark_safe("<b>two</b>")], {"field_id": "id_x"}),
        (["a"], {"error_class": "nonfield"}),
    ]
    for errors, options in lists:
        ours = ErrorList(errors, renderer=FormRenderer(), **options)
        theirs = ErrorList(errors, renderer=DjangoTemplates(), **options)
        assert str(ours) == str(theirs)


def test_every_form_renders_with_the_project_renderer():
    assert isinstance(get_default_renderer(), FormRenderer)
    assert "django/forms/widgets/select.html" in WRITTEN


def test_a_posted_choice_is_selected():
    html = rendered(POSTED, FormRenderer())

    assert '<option value="g2" selected>G2</option>' in html
    assert '<option value="3" selected>Three</option>' in html
