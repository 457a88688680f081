"""The ACGME Harmonized Milestones 2.0 Systems-Based Practice sub-competencies that topics
address: the one place that names their codes, labels and sub-themes (forms, the coverage
view, the API, exports and the milestone evidence all read them from here)."""

from django.db import models


class SbpCompetency(models.TextChoices):
    SBP1 = "SBP1", "SBP1 Patient safety and quality improvement"
    SBP2 = "SBP2", "SBP2 System navigation for patient-centered care"
    SBP3 = "SBP3", "SBP3 Physician role in health care systems"


# What each sub-competency covers, as the Milestones 2.0 describe it.
SUB_THEMES: dict[str, tuple[str, ...]] = {
    SbpCompetency.SBP1: ("patient safety events", "quality improvement"),
    SbpCompetency.SBP2: (
        "coordination of care",
        "transitions of care",
        "population and community health",
    ),
    SbpCompetency.SBP3: (
        "cost and value of care",
        "payment models",
        "health care systems",
        "regulation",
    ),
}

# The three codes this app used before it followed Milestones 2.0; each maps to one code.
LEGACY_CODES = {
    "safety_quality": SbpCompetency.SBP1.value,
    "navigation": SbpCompetency.SBP2.value,
    "physician_role": SbpCompetency.SBP3.value,
}


def short_label(code: str) -> str:
    """The label without its code ("Patient safety and quality improvement")."""
    return SbpCompetency(code).label.split(" ", 1)[1]


def sub_themes_text(code: str) -> str:
    return ", ".join(SUB_THEMES[code])
