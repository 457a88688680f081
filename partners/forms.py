from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.validators import MinValueValidator

from partners.models import (
    Agreement,
    Contact,
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


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "name",
            "title",
            "email",
            "phone",
            "liaison",
            "executive_sponsor",
            "physician_champion",
            "av_contact",
            "billing_contact",
        ]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        taken = Contact.objects.filter(organization=self.instance.organization, email__iexact=email)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("This organization already has a contact with that email.")
        return email


def _check_term(form: forms.Form, starts: str, ends: str) -> None:
    start, end = form.cleaned_data.get(starts), form.cleaned_data.get(ends)
    if start and end and end < start:
        form.add_error(ends, "The term must end on or after the day it starts.")


class AgreementForm(forms.ModelForm):
    document = forms.FileField(
        label="Signed document (PDF)",
        required=False,
        help_text="A PDF of the signed agreement; it replaces the one stored, if any.",
    )

    class Meta:
        model = Agreement
        fields = [
            "title",
            "sponsor",
            "starts_on",
            "ends_on",
            "renewal_date",
            "signed_on",
            "partner_rooms",
            "partner_av",
            "partner_printing",
            "partner_faculty_hours",
            "partner_funds",
            "partner_notes",
            "sponsor_rooms",
            "sponsor_av",
            "sponsor_printing",
            "sponsor_faculty_hours",
            "sponsor_funds",
            "sponsor_notes",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "renewal_date": DATE,
            "signed_on": DATE,
            "partner_notes": forms.Textarea(attrs={"rows": 3}),
            "sponsor_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization, sponsors, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["sponsor"].queryset = sponsors
        for name, field in self.fields.items():
            side = "Partner" if name.startswith("partner_") else "Sponsor"
            if name.startswith(("partner_", "sponsor_")):
                field.label = f"{side} provides: {field.label}"
        self.fields["partner_funds"].widget.attrs["min"] = 0
        self.fields["sponsor_funds"].widget.attrs["min"] = 0

    def clean(self):
        cleaned = super().clean()
        _check_term(self, "starts_on", "ends_on")
        for name in ("partner_funds", "sponsor_funds"):
            if (cleaned.get(name) or 0) < 0:
                self.add_error(name, "Funds cannot be negative.")
        return cleaned


class RenewAgreementForm(forms.Form):
    starts_on = forms.DateField(label="New term starts", widget=DATE)
    ends_on = forms.DateField(label="New term ends", widget=DATE)
    signed_on = forms.DateField(
        label="Signed on",
        required=False,
        widget=DATE,
        help_text="Leave empty while the renewal is a draft.",
    )
    document = forms.FileField(
        label="Signed document (PDF)", required=False, help_text="Optional: add it later."
    )

    def clean(self):
        cleaned = super().clean()
        _check_term(self, "starts_on", "ends_on")
        return cleaned
