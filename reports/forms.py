from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScheduleReviewForm(forms.Form):
    held_on = forms.DateField(label="Meeting date", widget=DATE)


class RecordReviewForm(forms.Form):
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=5000
    )
    decisions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    next_review_on = forms.DateField(
        label="Next review",
        widget=DATE,
        required=False,
        help_text="Three months later unless you choose another day; empty: none scheduled.",
    )
