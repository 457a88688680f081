"""Director forms. They only parse input; the rules are checked by assessments.services."""

from django import forms
from django.core.exceptions import ValidationError

from assessments.models import DEMOGRAPHIC_FIELDS, Administration, EvaluationSettings, Item
from assessments.services.comparison import LINK_DAYS
from assessments.services.instruments import MAX_CHOICES, ChoiceSpec, ItemSpec
from config.input import WholeNumberField, parse_whole_number


class InstrumentForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ItemForm(forms.Form):
    kind = forms.ChoiceField(choices=Item.Kind.choices)
    text = forms.CharField(
        label="Question, statement or prompt", widget=forms.Textarea(attrs={"rows": 2})
    )
    topic = forms.CharField(max_length=120, required=False, help_text="Knowledge items.")
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Knowledge items: shown to residents after the post-assessment closes.",
    )
    subscale = forms.CharField(max_length=120, required=False, help_text="Attitude items.")
    is_reverse_scored = forms.BooleanField(label="Reverse-scored", required=False)
    has_retrospective = forms.BooleanField(
        label="Also ask “before this course” on the post-assessment", required=False
    )
    scale_labels = forms.CharField(
        required=False,
        help_text="Attitude and behaviour items: labels separated by |, lowest first. "
        "Blank: Strongly disagree … Strongly agree (attitude), Not at all … As a routine "
        "(behaviour).",
    )
    is_required = forms.BooleanField(label="Required (free text)", required=False, initial=True)
    correct = forms.TypedChoiceField(
        label="Correct option",
        choices=[("", "–")] + [(n, str(n)) for n in range(1, MAX_CHOICES + 1)],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_CHOICES + 1):
            self.fields[f"option_{number}"] = forms.CharField(
                label=f"Option {number}", max_length=500, required=False
            )

    @classmethod
    def initial_for(cls, item: Item) -> dict:
        initial = {
            "kind": item.kind,
            "text": item.text,
            "topic": item.topic,
            "explanation": item.explanation,
            "subscale": item.subscale,
            "is_reverse_scored": item.is_reverse_scored,
            "has_retrospective": item.has_retrospective,
            "scale_labels": "|".join(item.scale_labels),
            "is_required": item.is_required,
        }
        for number, choice in enumerate(item.choices.all(), start=1):
            initial[f"option_{number}"] = choice.text
            if choice.is_correct:
                initial["correct"] = number
        return initial

    def to_spec(self) -> ItemSpec:
        data = self.cleaned_data
        kind = data["kind"]
        choices = []
        if kind == Item.Kind.KNOWLEDGE:
            choices = [
                ChoiceSpec(text=data[f"option_{n}"], is_correct=data["correct"] == n)
                for n in range(1, MAX_CHOICES + 1)
                if data[f"option_{n}"].strip()
            ]
        return ItemSpec(
            kind=kind,
            text=data["text"],
            topic=data["topic"],
            explanation=data["explanation"],
            subscale=data["subscale"] if kind == Item.Kind.ATTITUDE else "",
            is_reverse_scored=data["is_reverse_scored"] and kind == Item.Kind.ATTITUDE,
            has_retrospective=data["has_retrospective"] and kind == Item.Kind.ATTITUDE,
            scale_labels=data["scale_labels"].split("|")
            if kind in (Item.Kind.ATTITUDE, Item.Kind.BEHAVIOUR) and data["scale_labels"]
            else [],
            is_required=data["is_required"],
            choices=choices,
        )


class CsvImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="The columns of the export.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise ValidationError("The file is larger than 1 MB.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The file is not UTF-8 text.") from None


class CopyInstrumentForm(forms.Form):
    source = forms.TypedChoiceField(label="Copy an instrument from an earlier program", coerce=int)

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (i.pk, f"{i.title} v{i.version} — {i.program}") for i in sources
        ]


class AdministrationForm(forms.Form):
    kind = forms.ChoiceField(choices=Administration.Kind.choices, widget=forms.HiddenInput)
    opens_at = forms.DateTimeField(
        label="Opens", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label="Closes", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    includes_retrospective = forms.BooleanField(
        label="Ask retrospective-pre attitude items", required=False
    )
    reminder_days = forms.CharField(
        label="Reminders (days before closing)", initial="3,1", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.prefix != Administration.Kind.POST:
            del self.fields["includes_retrospective"]

    def clean_reminder_days(self):
        raw = self.cleaned_data["reminder_days"]
        parts = [p.strip() for p in raw.split(",") if p.strip()]
        days = [parse_whole_number(p) for p in parts]
        if not all(day is not None and 0 < day <= 60 for day in days):
            raise ValidationError("List whole days between 1 and 60, separated by commas.")
        return days


class EvaluationSettingsForm(forms.ModelForm):
    demographic_fields = forms.MultipleChoiceField(
        label="Optional demographic questions for learners",
        choices=[(name, question) for name, (question, _choices) in DEMOGRAPHIC_FIELDS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Each is optional for learners and offers “Prefer not to say”. The course "
        "evaluation breaks outcomes down by them only where every group has at least 10 "
        "learners.",
    )

    class Meta:
        model = EvaluationSettings
        fields = ["session_open_days", "is_anonymous_to_directors", "demographic_fields"]


class DemographicAnswersForm(forms.Form):
    """The questions a program asks, each optional, each with "Prefer not to say"."""

    def __init__(self, *args, fields: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in fields:
            question, choices = DEMOGRAPHIC_FIELDS[name]
            self.fields[name] = forms.ChoiceField(
                label=f"{question} (optional)",
                choices=[("", "— not answered —"), *choices],
                required=False,
            )


class ComparisonLinkForm(forms.Form):
    """Send a comparison-group sign-up link to a residency program's director."""

    residency_program = forms.CharField(
        max_length=200, help_text="e.g. Family Medicine: the residents who will sign up."
    )
    program_director_name = forms.CharField(label="Program director's name", max_length=200)
    program_director_email = forms.EmailField(label="Program director's email")
    days = WholeNumberField(
        label="Valid for (days)", min_value=LINK_DAYS[0], max_value=LINK_DAYS[1], initial=30
    )


class ComparisonJoinForm(forms.Form):
    """What a resident gives to join a comparison group through a sign-up link."""

    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    email = forms.EmailField(help_text="The pre- and post-assessment invitations come here.")
    pgy_level = WholeNumberField(label="PGY level", min_value=1, max_value=8)
