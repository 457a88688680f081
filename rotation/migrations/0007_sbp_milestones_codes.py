"""Topics' SBP tags follow ACGME Harmonized Milestones 2.0: the three earlier codes map one to
one onto SBP1, SBP2 and SBP3 (rotation/competencies.py), so no tag is lost."""

from django.db import migrations

FORWARD = {"safety_quality": "SBP1", "navigation": "SBP2", "physician_role": "SBP3"}
BACKWARD = {new: old for old, new in FORWARD.items()}


def remap(apps, mapping):
    Topic = apps.get_model("rotation", "Topic")
    for topic in Topic.objects.exclude(sbp_competencies=[]).only("pk", "sbp_competencies"):
        codes = sorted({mapping.get(code, code) for code in topic.sbp_competencies or []})
        if codes != topic.sbp_competencies:
            Topic.objects.filter(pk=topic.pk).update(sbp_competencies=codes)


class Migration(migrations.Migration):
    dependencies = [("rotation", "0006_learner_kinds")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: remap(apps, FORWARD),
            lambda apps, schema_editor: remap(apps, BACKWARD),
        )
    ]
