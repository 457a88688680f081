"""Proposals' SBP sub-competency follows ACGME Harmonized Milestones 2.0: the three earlier
codes map one to one onto SBP1, SBP2 and SBP3, so no proposal loses its tag."""

from django.db import migrations, models


FORWARD = {"safety_quality": "SBP1", "navigation": "SBP2", "physician_role": "SBP3"}
BACKWARD = {new: old for old, new in FORWARD.items()}


def remap(apps, mapping):
    Proposal = apps.get_model("planning", "Proposal")
    for old, new in mapping.items():
        Proposal.objects.filter(sbp_competency=old).update(sbp_competency=new)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_proposal_endorsement_proposalcomment_and_more"),
    ]

    operations = [
        migrations.AlterField(
            model_name="proposal",
            name="sbp_competency",
            field=models.CharField(
                choices=[
                    ("SBP1", "SBP1 Patient safety and quality improvement"),
                    ("SBP2", "SBP2 System navigation for patient-centered care"),
                    ("SBP3", "SBP3 Physician role in health care systems"),
                ],
                max_length=30,
                verbose_name="SBP sub-competency",
            ),
        ),
        migrations.RunPython(
            lambda apps, schema_editor: remap(apps, FORWARD),
            lambda apps, schema_editor: remap(apps, BACKWARD),
        ),
    ]
