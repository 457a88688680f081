from django import forms

from planning.models import ActionItem, AdvisoryMeeting
from planning.panel.selectors import Candidate

NOT_INVITED, INVITED, ATTENDED = "", "invited", "attended"


class MeetingForm(forms.ModelForm):
    """A meeting's details, agenda, minutes and decisions; planning.panel.services saves it."""

    video_link = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = AdvisoryMeeting
        fields = ["title", "starts_at", "place", "video_link", "agenda", "minutes", "decisions"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "place": "A room and address; or give a video link, or both.",
            "minutes": "After the meeting: what was discussed.",
            "decisions": "After the meeting: what the panel decided, one per line.",
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("place", "").strip() and not cleaned.get("video_link"):
            self.add_error("place", "Give the meeting a place or a video link.")
        return cleaned


class AttendanceForm(forms.Form):
    """For each person who may be invited: not invited, invited, or invited and attended."""

    def __init__(self, *args, candidates: list[Candidate], current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {candidate.key: candidate for candidate in candidates}
        choices = [(NOT_INVITED, "Not invited"), (INVITED, "Invited"), (ATTENDED, "Attended")]
        for candidate in candidates:
            self.fields[candidate.key] = forms.ChoiceField(
                label=candidate.label,
                choices=choices,
                required=False,
                initial=current.get(candidate.key, NOT_INVITED),
            )

    def invited(self) -> list[Candidate]:
        return [c for key, c in self.candidates.items() if self.cleaned_data.get(key)]

    def attended(self) -> set[str]:
        return {key for key in self.candidates if self.cleaned_data.get(key) == ATTENDED}


class ActionForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: f"{user} ({user.email})"


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices, required=False)
