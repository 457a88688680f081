from django import forms

from planning.models import TeamMember
from rotation.models import Program


class InviteMemberForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField()
    role = forms.ChoiceField(choices=TeamMember.Role.choices)
    organization = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="None",
        help_text="The partner organization they speak for, if any.",
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = program.partners.order_by("name")
