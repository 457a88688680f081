"""Moving the teaching models out of partners keeps every row and relabels their content types,
so that permissions and audit events about them still resolve."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from teaching.models import PrintingRecord
from tests.factories import OrganizationFactory, ProgramFactory

BEFORE = [("partners", "0003_profiles_availability_volunteering"), ("teaching", None)]
AFTER = [("partners", "0004_move_teaching_models"), ("teaching", "0001_initial")]


def migrate(targets=None):
    """Migrate to `targets`, or without them to the latest state every later test expects."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_rows_and_content_types_survive_the_move():
    organization, program = OrganizationFactory(), ProgramFactory()
    try:
        old = migrate(BEFORE)
        OldRecord = old.get_model("partners", "PrintingRecord")
        OldRecord.objects.create(organization_id=organization.pk, program_id=program.pk, pages=7)
        ContentType.objects.filter(app_label="teaching").delete()
        ContentType.objects.get_or_create(app_label="partners", model="printingrecord")
        migrate(AFTER)
    finally:
        migrate()
    ContentType.objects.clear_cache()

    assert list(PrintingRecord.objects.values_list("organization", "program", "pages")) == [
        (organization.pk, program.pk, 7)
    ]
    assert ContentType.objects.get(model="printingrecord").model_class() is PrintingRecord
