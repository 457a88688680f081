from django import forms

from config.choices import ReadOnceModelChoiceField
from planning.models import Proposal, TeamMember
from rotation.models import Program
from rotation.selectors.partners import partner_choices


class InviteMemberForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField()
    role = forms.ChoiceField(choices=TeamMember.Role.choices)
    organization = ReadOnceModelChoiceField(
        queryset=None,
        required=False,
        empty_label="None",
        help_text="The partner organization they speak for, if any.",
    )

    def __init__(self, *args, program: Program, **kwargs):
        """An unbound form offers the program's partners read as (id, name) pairs, and needs no
        queryset; a bound one checks its choice among them in the database (and renders them,
        when invalid)."""
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        if self.is_bound:
            field.queryset = program.partners.order_by("name")
        else:
            field.choices = [("", field.empty_label), *partner_choices(program=program)]


class ProposalForm(forms.ModelForm):
    """What a member proposes; planning.services.submit_proposal saves it."""

    class Meta:
        model = Proposal
        fields = [
            "kind",
            "title",
            "rationale",
            "sbp_competency",
            "format",
            "suggested_faculty",
            "preferred_timing",
        ]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "rationale": "What learners would understand or do differently, and for whom.",
            "suggested_faculty": "A faculty member, a partner organization or a person to ask.",
            "preferred_timing": "e.g. early in the course, before the quality session, spring",
        }


class CommentForm(forms.Form):
    body = forms.CharField(label="Your comment", widget=forms.Textarea(attrs={"rows": 3}))


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason (sent to the proposer)", widget=forms.Textarea(attrs={"rows": 3})
    )


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Any status"), *Proposal.Status.choices], required=False
    )
    proposer_kind = forms.ChoiceField(
        label="Proposed by",
        choices=[("", "Anyone"), *TeamMember.Role.choices],
        required=False,
    )
