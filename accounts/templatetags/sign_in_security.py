from django import template

from accounts.policy import is_mfa_required

register = template.Library()
register.filter("must_use_mfa", is_mfa_required)
