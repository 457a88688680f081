"""config.choices: a required <select> of model choices reads its queryset once, in one plain
query, and renders and validates as Django's own field does."""

import pytest
from django import forms

from config.choices import ReadOnceModelChoiceField
from partners.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


BY_NAME = Organization.objects.order_by("name")


class PartnerForm(forms.Form):
    plain = forms.ModelChoiceField(queryset=BY_NAME, empty_label=None)
    once = ReadOnceModelChoiceField(queryset=BY_NAME, empty_label=None)


def test_a_required_select_reads_its_choices_in_one_query(django_assert_num_queries):
    OrganizationFactory(name="Lakeview")
    OrganizationFactory(name="Keystone")
    form = PartnerForm()

    with django_assert_num_queries(1):
        html = str(form["once"])

    assert html == str(form["plain"]).replace('"plain"', '"once"').replace("_plain", "_once")
    assert html.index("Keystone") < html.index("Lakeview")


def test_the_choice_is_validated_against_the_queryset():
    keystone = OrganizationFactory(name="Keystone")

    form = PartnerForm(data={"plain": keystone.pk, "once": keystone.pk + 1})

    assert form.errors == {
        "once": ["Select a valid choice. That choice is not one of the available choices."]
    }
