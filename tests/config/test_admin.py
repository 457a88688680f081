"""Every model is in the admin, and each changelist (with a search) and add page renders."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import SessionFacultyFactory

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def test_every_model_of_our_apps_is_in_the_admin():
    ours = {"rotation", "partners", "teaching", "assessments", "reports", "api"}
    inlined = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }

    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in ours and model not in set(admin.site._registry) | inlined
    ]

    assert missing == []


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_admin_changelist_and_change_page_render(admin_client, model):
    SessionFacultyFactory(session__status="published")
    opts = model._meta
    changelist = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "a"}
    )

    assert changelist.status_code == 200
    instance = model._default_manager.first()
    if instance is not None:
        change = admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])
        )
        assert change.status_code == 200
