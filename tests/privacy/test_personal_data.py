"""privacy composes each app's personal_data part; an app that stores something about a
learner must contribute one, or the learner's export and deletion would miss it."""

import pytest
from django.apps import apps

from config.discovery import app_modules
from privacy.selectors import learner_record
from rotation.models import Learner
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def apps_holding_learner_rows() -> set[str]:
    return {
        model._meta.app_label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is Learner
    } | {"rotation"}


def test_every_app_that_keeps_learner_rows_contributes_a_personal_data_part():
    parts = {module.__name__.split(".")[0] for module in app_modules("personal_data")}

    assert apps_holding_learner_rows() - parts == set()


def test_the_record_is_the_parts_put_together_under_distinct_keys():
    learner = LearnerFactory()
    keys = [key for part in app_modules("personal_data") for key in part.export(learner=learner)]

    assert len(keys) == len(set(keys))
    assert list(learner_record(learner_id=learner.pk)) == ["exported_at", *keys]
