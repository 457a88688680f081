"""Forms collect and clean what directors type; rotation.services decides and writes."""

import re
from datetime import datetime, timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.choices import ReadOnceModelChoiceField
from config.input import WholeNumberField
from partners.models import Organization
from rotation.competencies import SbpCompetency, sub_themes_text
from rotation.exports import ExportChoices
from rotation.importing import LearnerRowForm
from rotation.models import (
    Attendance,
    Program,
    ProgramContribution,
    ProgramCost,
    ProgramPartner,
    SeminarSession,
    SessionFaculty,
    User,
)
from rotation.selectors.schedule import faculty_for_program, rooms_for_program
from rotation.services.programs import PROGRAM_FIELDS
from rotation.services.scheduling import OutsideProgram, check_session_dates
from rotation.services.series import series_dates

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def clean_academic_year(text: str) -> str:
    year = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{4})", year)
    if not match or int(match[2]) != int(match[1]) + 1:
        raise ValidationError("Write the academic year as two consecutive years: 2026-2027.")
    return year


class ProgramForm(forms.ModelForm):
    co_directors = forms.CharField(
        required=False,
        label="Co-directors",
        help_text="Email addresses of other course directors, separated by commas. "
        "Each must already have an account.",
    )

    class Meta:
        model = Program
        fields = PROGRAM_FIELDS
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, editor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        if self.instance.pk:
            others = self.instance.directors.exclude(pk=editor.pk).order_by("email")
            self.initial["co_directors"] = ", ".join(user.email for user in others)

    def clean_academic_year(self):
        return clean_academic_year(self.cleaned_data["academic_year"])

    def clean_co_directors(self):
        emails = {e.strip().lower() for e in self.cleaned_data["co_directors"].split(",")}
        emails.discard("")
        users = list(User.objects.filter(email__in=emails))
        unknown = sorted(emails - {user.email.lower() for user in users})
        if unknown:
            raise ValidationError(f"No account with the address {', '.join(unknown)}.")
        return users

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The program must end on or after its first day.")
        return cleaned

    def _post_clean(self):
        """Skip ModelForm's instance validation: rotation.services.programs.save_program writes."""


class ProgramCopyForm(forms.Form):
    """Copy a program to next year: its new name, academic year and first day."""

    name = forms.CharField(max_length=200)
    academic_year = forms.CharField(max_length=9, help_text="e.g. 2027-2028")
    start_date = forms.DateField(
        label="New first day",
        widget=DATE,
        help_text="Sessions keep their weekdays and times: the copy starts on the first "
        "day with the same weekday as the original's first day, on or after this date.",
    )

    def clean_academic_year(self):
        return clean_academic_year(self.cleaned_data["academic_year"])

    @staticmethod
    def initial_for(program: Program) -> dict:
        """Next year's name, academic year and first day (52 weeks on: the same weekday)."""
        first = program.academic_year.partition("-")[0]
        year = int(first) + 1 if first.isdigit() else timezone.localdate().year
        return {
            "name": program.name,
            "academic_year": f"{year}-{year + 1}",
            "start_date": program.start_date + timedelta(weeks=52),
        }


class PartnerForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"), required=False
    )
    role = forms.ChoiceField(choices=ProgramPartner.Role.choices, required=False)
    DELETE = forms.BooleanField(required=False, label="Remove")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organization") and not cleaned.get("role"):
            self.add_error("role", "Choose the partner's role.")
        return cleaned


class BasePartnerFormSet(forms.BaseFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            organization = form.cleaned_data.get("organization")
            if organization is None or form.cleaned_data.get("DELETE"):
                continue
            if organization.pk in seen:
                raise ValidationError(f"{organization} is listed twice.")
            seen.add(organization.pk)

    def partners(self) -> list[tuple[Organization, str]]:
        return [
            (form.cleaned_data["organization"], form.cleaned_data["role"])
            for form in self.forms
            if form.cleaned_data.get("organization") and not form.cleaned_data.get("DELETE")
        ]


PartnerFormSet = forms.formset_factory(PartnerForm, formset=BasePartnerFormSet, extra=2)


class TopicForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    learning_objectives = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    proposed_by = forms.ModelChoiceField(
        queryset=Organization.objects.none(), required=False, label="Proposed by partner"
    )
    sbp_competencies = forms.MultipleChoiceField(
        choices=[
            (code, f"{label} ({sub_themes_text(code)})") for code, label in SbpCompetency.choices
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="ACGME Milestones 2.0 Systems-Based Practice sub-competencies",
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_by"].queryset = program.partners.order_by("name")


class SessionForm(forms.Form):
    """A session's time, place, topic and faculty (by role)."""

    title = forms.CharField(max_length=200, widget=forms.TextInput(attrs={"autofocus": True}))
    topic = forms.ModelChoiceField(queryset=None, required=False)
    day = forms.DateField(widget=DATE, label="Date")
    start = forms.TimeField(widget=TIME, label="Starts")
    end = forms.TimeField(widget=TIME, label="Ends")
    room = forms.ModelChoiceField(queryset=None, required=False, empty_label="To be announced")
    leads = forms.ModelMultipleChoiceField(queryset=None, required=False, label="Lead faculty")
    panelists = forms.ModelMultipleChoiceField(queryset=None, required=False)
    moderators = forms.ModelMultipleChoiceField(queryset=None, required=False)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    ROLE_FIELDS = {
        "leads": SessionFaculty.Role.LEAD,
        "panelists": SessionFaculty.Role.PANELIST,
        "moderators": SessionFaculty.Role.MODERATOR,
    }

    def __init__(
        self,
        *args,
        program: Program,
        session: SeminarSession | None = None,
        extend_program: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.program = program
        self.session = session
        self.extend_program = extend_program
        # Set by clean(): the day(s) fall outside the program (offer to extend it), or the
        # director asked to extend it to this (first, last) span.
        self.outside: OutsideProgram | None = None
        self.extension: tuple | None = None
        self.fields["topic"].queryset = program.topics.order_by("title")
        rooms = rooms_for_program(program=program)
        self.fields["room"].queryset = rooms
        self.fields["room"].label_from_instance = lambda room: (
            f"{room.site.organization.name} – {room.name} (seats {room.capacity})"
        )
        faculty = faculty_for_program(program=program)
        for name in self.ROLE_FIELDS:
            self.fields[name].queryset = faculty
            self.fields[name].label_from_instance = lambda member: (
                f"{member.full_name} ({member.organization.name})"
            )
            # Without scripts a plain multi-select; static/js/faculty-select.js makes it a
            # searchable one (Tom Select).
            self.fields[name].widget.attrs.update({"size": 4, "data-searchable": "faculty"})

    @classmethod
    def initial_for(cls, session) -> dict:
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        initial = {
            "title": session.title,
            "topic": session.topic_id,
            "day": start.date(),
            "start": start.time(),
            "end": end.time(),
            "room": session.room_id,
            "description": session.description,
        }
        for name, role in cls.ROLE_FIELDS.items():
            initial[name] = [
                a.faculty_member_id for a in session.faculty_assignments.all() if a.role == role
            ]
        return initial

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", "A session must end after it starts.")
            cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, end))
            self.check_dates(cleaned)
        seen = {}
        for name in self.ROLE_FIELDS:
            for member in cleaned.get(name) or []:
                if member.pk in seen and seen[member.pk] != name:
                    raise ValidationError(f"{member.full_name} can have only one role.")
                seen[member.pk] = name
        return cleaned

    def days(self, cleaned) -> list:
        return [cleaned["day"]]

    def check_dates(self, cleaned) -> None:
        """New sessions, and sessions moved to another time, must lie ahead and within the
        program; with extend_program the program is widened instead (the view does it)."""
        session = self.session
        if session and (session.starts_at, session.ends_at) == (
            cleaned["starts_at"],
            cleaned["ends_at"],
        ):
            return
        try:
            check_session_dates(
                program=self.program, starts_at=cleaned["starts_at"], days=self.days(cleaned)
            )
        except OutsideProgram as refusal:
            if self.extend_program:
                self.extension = (refusal.first, refusal.last)
            else:
                self.outside = refusal
                self.add_error("day", refusal)
        except ValidationError as refusal:
            self.add_error("day", refusal)

    def faculty(self) -> list:
        return [
            (member, role)
            for name, role in self.ROLE_FIELDS.items()
            for member in self.cleaned_data.get(name) or []
        ]


class TimelineSlotForm(forms.Form):
    """Where the timeline editor (or its Move to… and Schedule… forms) puts a session."""

    day = forms.DateField(widget=DATE, label="Date")
    start = forms.TimeField(widget=TIME, label="Starts")
    end = forms.TimeField(widget=TIME, label="Ends")
    room = forms.ModelChoiceField(queryset=None, required=False, empty_label="No room yet")

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms_for_program(program=program)

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day and start and end:
            if end <= start:
                raise ValidationError("A session must end after it starts.")
            cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, end))
        return cleaned


class SeriesForm(SessionForm):
    """A recurring series: the first occurrence, how it repeats and how many times."""

    RULES = [
        ("monthly", "Monthly, same weekday (e.g. the first Tuesday of each month)"),
        ("weekly", "Every week"),
        ("biweekly", "Every two weeks"),
    ]
    rule = forms.ChoiceField(choices=RULES, label="Repeats")
    count = forms.IntegerField(min_value=2, max_value=24, label="Number of sessions")
    day = forms.DateField(widget=DATE, label="First date")

    def days(self, cleaned) -> list:
        if cleaned.get("count") is None or not cleaned.get("rule"):
            return [cleaned["day"]]
        return series_dates(first=cleaned["day"], count=cleaned["count"], rule=cleaned["rule"])


class LearnerForm(LearnerRowForm):
    """Add one learner by hand: the same rules as a roster row."""


class RosterUploadForm(forms.Form):
    file = forms.FileField(label="Roster CSV file")


class AttendanceExportForm(forms.Form):
    """Which attendance to export: an academic year, and one residency program or all."""

    academic_year = forms.ChoiceField()
    residency_program = forms.ChoiceField(required=False)

    def __init__(self, *args, choices: ExportChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = [(y, y) for y in choices.academic_years]
        self.fields["residency_program"].choices = [("", "All residency programs")] + [
            (r, r) for r in choices.residency_programs
        ]


class AttendanceForm(forms.Form):
    learner = WholeNumberField()
    status = forms.ChoiceField(choices=Attendance.Status.choices)


def default_session_times(day) -> tuple:
    start = datetime.combine(day, datetime.min.time()).replace(hour=9)
    return start.time(), (start + timedelta(hours=1, minutes=30)).time()


class PoolInvitationForm(forms.Form):
    """A colleague of another local organization, for a program's faculty pool."""

    organization = forms.ModelChoiceField(
        queryset=None, help_text="Their organization: any in the directory but your own."
    )
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    email = forms.EmailField()
    title = forms.CharField(max_length=200, required=False, help_text="Job title, if you know it.")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.exclude(liaisons=user).order_by(
            "name"
        )


class ProgramCostForm(forms.Form):
    category = forms.ChoiceField(choices=ProgramCost.Category.choices)
    amount = forms.DecimalField(
        label="Amount ($)", min_value=Decimal("0.01"), max_digits=10, decimal_places=2
    )
    description = forms.CharField(max_length=200, required=False)


class ProgramContributionForm(forms.Form):
    """Cash from a partner of the program (an amount), or catering in kind (persons fed)."""

    organization = ReadOnceModelChoiceField(
        queryset=Organization.objects.none(), label="Partner", empty_label=None
    )
    kind = forms.ChoiceField(choices=ProgramContribution.Kind.choices)
    amount = forms.DecimalField(
        label="Amount ($, for cash)",
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    persons = WholeNumberField(label="Persons fed (for catering)", min_value=1, required=False)
    description = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, program: Program, partners=None, **kwargs):
        """`partners`: the program's partners by name as the page has already read them, for an
        unbound form's choices with no query (a bound form checks its choice in the database)."""
        super().__init__(*args, **kwargs)
        already_read = partners is not None and not self.is_bound
        self.fields["organization"].queryset = (
            partners if already_read else program.partners.order_by("name")
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ProgramContribution.Kind.CASH and not cleaned.get("amount"):
            self.add_error("amount", "Enter the amount of cash given.")
        if kind == ProgramContribution.Kind.CATERING and not cleaned.get("persons"):
            self.add_error("persons", "Enter how many persons the catering fed.")
        return cleaned
