"""The project's copies of Django's widget and label templates (templates/django/forms/) write
an include in to render faster: they must give exactly the HTML Django's own templates give."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting


class EveryWidget(forms.Form):
    pick = forms.ChoiceField(
        choices=[("", "---"), ("a", "A & <b>"), ("Group", [("g1", "G1"), ("g2", "G2")])]
    )
    many = forms.MultipleChoiceField(
        choices=[(1, "One"), (2, "Two"), (3, "Three")],
        widget=forms.SelectMultiple(attrs={"class": "wide", "data-size": "3"}),
    )
    unknown = forms.NullBooleanField()
    locked = forms.TypedChoiceField(
        choices=[(1, "x")], coerce=int, widget=forms.Select(attrs={"disabled": True})
    )
    text = forms.CharField(
        widget=forms.TextInput(attrs={"placeholder": 'a "q"', "autofocus": True, "hidden": False})
    )
    number = forms.IntegerField(initial=3)
    day = forms.DateField()
    box = forms.BooleanField()
    radios = forms.ChoiceField(choices=[(1, "a"), (2, "b")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=[(1, "a"), (2, "b")], widget=forms.CheckboxSelectMultiple
    )


def rendered(data, renderer) -> str:
    form = EveryWidget(data, renderer=renderer)
    fields = "".join(str(field) for field in form)
    labels = "".join(
        [
            *(field.label_tag() for field in form),
            form["text"].label_tag(attrs={"class": "wide", "hidden": True, "data-x": False}),
            form["text"].label_tag("Say <what>?", tag="legend"),
            form["boxes"].legend_tag(),
        ]
    )
    options = "".join(str(option.tag()) for name in ("radios", "boxes") for option in form[name])
    return fields + labels + options


POSTED = {
    "pick": "g2",
    "many": ["1", "3"],
    "unknown": "true",
    "text": "<x>",
    "number": "x",
    "box": "on",
    "radios": "2",
    "boxes": ["1"],
}


@pytest.mark.parametrize("data", [None, POSTED], ids=["blank", "posted"])
def test_the_projects_widget_templates_give_djangos_html(data):
    assert rendered(data, TemplatesSetting()) == rendered(data, DjangoTemplates())


def test_a_posted_choice_is_selected():
    html = rendered(POSTED, TemplatesSetting())

    assert '<option value="g2" selected>G2</option>' in html
    assert '<option value="3" selected>Three</option>' in html
