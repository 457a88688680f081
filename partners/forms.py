from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.validators import MinValueValidator

from partners.models import (
    ExpertiseArea,
    FacultyMember,
    MeetingRoom,
    Organization,
    RoomBlackout,
    Site,
    ValuationRates,
)

PHOTO_MAX_BYTES = 2 * 2**20


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "kind", "description", "website", "address", "phone"]


class NewOrganizationForm(OrganizationForm):
    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Organization.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("An organization with this name is in the directory.")
        return name


class LiaisonInvitationForm(forms.Form):
    name = forms.CharField(max_length=200, label="Liaison's name")
    email = forms.EmailField(label="Liaison's email address")


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "directions", "parking_notes", "building_access_notes"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Site.objects.filter(organization=self.instance.organization, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("This organization already has a site with that name.")
        return name


class MeetingRoomForm(forms.ModelForm):
    class Meta:
        model = MeetingRoom
        fields = [
            "site",
            "name",
            "capacity",
            "av_equipment",
            "has_video_conferencing",
            "has_printing",
            "accessibility_notes",
            "bookable_from",
            "bookable_until",
            "is_active",
        ]
        widgets = {
            "bookable_from": forms.TimeInput(attrs={"type": "time"}),
            "bookable_until": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organization.sites.all()
        self.fields["site"].label_from_instance = lambda site: site.name
        self.fields["capacity"].validators.append(MinValueValidator(1))
        self.fields["capacity"].widget.attrs["min"] = 1

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("bookable_from"), cleaned.get("bookable_until")
        if opens and closes and closes <= opens:
            self.add_error("bookable_until", "The room must close after it opens.")
        site, name = cleaned.get("site"), cleaned.get("name")
        if site and name:
            taken = MeetingRoom.objects.filter(site=site, name__iexact=name.strip())
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("name", "This site already has a room with that name.")
        return cleaned


class RoomBlackoutForm(forms.ModelForm):
    class Meta:
        model = RoomBlackout
        fields = ["date", "reason"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, room, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.room = room

    def clean_date(self):
        day = self.cleaned_data["date"]
        if RoomBlackout.objects.filter(room=self.instance.room, date=day).exists():
            raise forms.ValidationError("This day is already blacked out.")
        return day


class FacultyMemberForm(forms.ModelForm):
    """Managers (liaisons, directors) edit everything but the account link."""

    class Meta:
        model = FacultyMember
        fields = [
            "first_name",
            "last_name",
            "email",
            "title",
            "professional_role",
            "clinical_background",
            "expertise",
            "bio",
            "career_path",
            "photo",
            "is_patient_family_partner",
            "recruitment_status",
        ]
        widgets = {"expertise": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.instance.organization = organization
        self.fields["expertise"].queryset = ExpertiseArea.objects.order_by("name")
        self.fields["photo"].help_text = "JPEG or PNG, up to 2 MB."

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        taken = FacultyMember.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("A faculty member with this email address already exists.")
        if self.instance.user_id and email != self.instance.user.email.lower():
            raise forms.ValidationError(
                "This faculty member signs in with their address; it cannot be changed here."
            )
        return email

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > PHOTO_MAX_BYTES:
            raise forms.ValidationError("The photo must be 2 MB or smaller.")
        if photo and hasattr(photo, "image") and photo.image.format not in {"JPEG", "PNG"}:
            raise forms.ValidationError("Upload a JPEG or PNG photo.")
        return photo


class OwnProfileForm(FacultyMemberForm):
    """What faculty members complete themselves after accepting an invitation."""

    class Meta(FacultyMemberForm.Meta):
        fields = [
            "first_name",
            "last_name",
            "title",
            "professional_role",
            "clinical_background",
            "expertise",
            "bio",
            "career_path",
            "photo",
            "is_patient_family_partner",
        ]


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Password (again)",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        return cleaned


class ValuationRatesForm(forms.ModelForm):
    """The dollar rates of one academic year; every rate is zero or more."""

    class Meta:
        model = ValuationRates
        fields = list(ValuationRates.RATE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ValuationRates.RATE_FIELDS:
            self.fields[name].validators.append(MinValueValidator(0))
            self.fields[name].widget.attrs.update({"min": "0", "step": "0.01"})
