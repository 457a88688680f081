from django import forms

from audit.actions import ACTIONS


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        required=False, choices=[("", "Any action"), *sorted(ACTIONS.items(), key=lambda a: a[1])]
    )
    actor = forms.CharField(
        required=False, max_length=254, help_text="Part of an email address, or “system”."
    )
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "The end date must be on or after the start date.")
        return cleaned
