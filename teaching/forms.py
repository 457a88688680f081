from django import forms
from django.core.validators import MinValueValidator

from config.choices import ReadOnceModelChoiceField
from teaching.models import FacultyAvailability, FacultySurvey, PrintingRecord


class AvailabilityForm(forms.Form):
    """One choice per program day; the fields are made from the days."""

    CHOICES = [("", "Not stated"), *FacultyAvailability.Choice.choices]

    def __init__(self, *args, days, initial_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = days
        for day in days:
            self.fields[f"day_{day:%Y%m%d}"] = forms.ChoiceField(
                label=f"{day:%A %-d %B %Y}",
                choices=self.CHOICES,
                required=False,
                initial=initial_choices.get(day, ""),
            )

    def choices(self):
        return {day: self.cleaned_data[f"day_{day:%Y%m%d}"] for day in self.days}


class VolunteerForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: what you would bring to it.",
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class MaterialForm(forms.Form):
    file = forms.FileField(help_text="PDF, PowerPoint (.pptx) or Word (.docx).")


class PrintingRecordForm(forms.ModelForm):
    class Meta:
        model = PrintingRecord
        fields = ["program", "pages", "description"]
        field_classes = {"program": ReadOnceModelChoiceField}

    def __init__(self, *args, organization, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["program"].queryset = programs
        self.fields["pages"].validators.append(MinValueValidator(1))


RATING = [(value, str(value)) for value in range(1, 6)]


class FacultySurveyForm(forms.Form):
    preparation = forms.TypedChoiceField(
        label="How well prepared did you feel? (1 poorly – 5 very well)",
        choices=RATING,
        coerce=int,
        widget=forms.RadioSelect,
    )
    support = forms.TypedChoiceField(
        label="Support from the course team (1 poor – 5 excellent)",
        choices=RATING,
        coerce=int,
        widget=forms.RadioSelect,
    )
    engagement = forms.TypedChoiceField(
        label="The learners' engagement (1 poor – 5 excellent)",
        choices=RATING,
        coerce=int,
        widget=forms.RadioSelect,
    )
    logistics = forms.TypedChoiceField(
        label="Logistics: room, AV, printing (1 poor – 5 excellent)",
        choices=RATING,
        coerce=int,
        widget=forms.RadioSelect,
    )
    would_teach_again = forms.ChoiceField(
        label="Would you teach again?",
        choices=FacultySurvey.TeachAgain.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Anything else? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
