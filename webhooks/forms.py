from django import forms

from webhooks.events import EVENTS
from webhooks.models import Endpoint


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label="URL",
        max_length=500,
        assume_scheme="https",
        help_text="HTTPS, reachable from this server; it must answer with a 2xx.",
    )
    events = forms.MultipleChoiceField(
        choices=list(EVENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="What this endpoint receives.",
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "events", "is_active"]
        labels = {"is_active": "Active (turned off, nothing is sent to it)"}

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Enter an http:// or https:// address.")
        return url
