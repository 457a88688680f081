from django import forms
from django.utils import timezone

from planning.models import CoTeaching, PatientFeedback, PatientPartnerProfile
from planning.patients.selectors import FEEDBACK_ITEMS, sessions_for_co_teaching
from rotation.models import Program


class PatientProfileForm(forms.ModelForm):
    """What a patient partner tells the team about themselves; save_patient_profile saves it."""

    ways_to_take_part = forms.MultipleChoiceField(
        label="How they want to take part",
        choices=PatientPartnerProfile.Participation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = PatientPartnerProfile
        fields = [
            "lived_experience",
            "ways_to_take_part",
            "organization_name",
            "preferred_contact",
            "phone",
            "contact_notes",
        ]
        widgets = {"lived_experience": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "organization_name": "A patients' and families' organization, if they belong to one.",
            "phone": "Needed for phone calls and text messages.",
        }

    def clean(self):
        data = super().clean()
        if data.get("preferred_contact") in {"phone", "text"} and not data.get("phone"):
            self.add_error("phone", "Give a phone number for calls or text messages.")
        return data


class CoTeachingForm(forms.Form):
    session = forms.ModelChoiceField(queryset=None, empty_label="Choose a session")
    contribution = forms.CharField(
        label="What they contribute",
        max_length=CoTeaching._meta.get_field("contribution").max_length,
        help_text="e.g. shares their story; co-leads the discharge-planning exercise",
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions_for_co_teaching(program=program)
        self.fields["session"].label_from_instance = lambda session: (
            f"{session.title} — {timezone.localtime(session.starts_at):%a %d %b %Y, %H:%M}"
        )


class OrientationItemForm(forms.Form):
    title = forms.CharField(label="New item", max_length=200)


class OrientationProgressForm(forms.Form):
    """Which items the partner has completed; newly ticked ones on `completed_on`."""

    completed = forms.TypedMultipleChoiceField(
        label="Completed items",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    completed_on = forms.DateField(
        label="Newly ticked items completed on",
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed"].choices = [(step.item.pk, step.item.title) for step in steps]
        self.fields["completed"].initial = [step.item.pk for step in steps if step.completion]


class HonorariumForm(forms.Form):
    amount = forms.DecimalField(min_value=0.01, max_digits=9, decimal_places=2)
    paid_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(max_length=300, required=False, help_text="e.g. cheque 1042, travel")


NOT_OBSERVED = "na"
RATING_CHOICES = [
    ("5", "5 — very much"),
    ("4", "4"),
    ("3", "3"),
    ("2", "2"),
    ("1", "1 — not at all"),
    (NOT_OBSERVED, "Not observed"),
]


def _rating_value(value: str) -> int | None:
    return None if value == NOT_OBSERVED else int(value)


def _rating(name: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=PatientFeedback._meta.get_field(name).verbose_name,
        choices=RATING_CHOICES,
        coerce=_rating_value,
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )


class PatientFeedbackForm(forms.Form):
    """A patient partner's ratings of a session's learners, 1–5 or not observed (an item left
    unanswered counts as not observed)."""

    listened = _rating("listened")
    showed_respect = _rating("showed_respect")
    asked_about_experience = _rating("asked_about_experience")
    explained_clearly = _rating("explained_clearly")
    comment = forms.CharField(
        label="A comment to the learners (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
        help_text="The learners read it as you write it, without your name.",
    )

    @classmethod
    def for_answer(cls, answer: PatientFeedback | None):
        if answer is None:
            return cls()
        initial = {
            name: NOT_OBSERVED if getattr(answer, name) is None else str(getattr(answer, name))
            for name, _ in FEEDBACK_ITEMS
        }
        return cls(initial={**initial, "comment": answer.comment})

    def ratings(self) -> dict[str, int | None]:
        return {name: self.cleaned_data[name] for name, _ in FEEDBACK_ITEMS}
