"""Webhook endpoints are site staff's: they decide which systems receive the partnership's data."""

import rules

from accounts.roles import is_staff

rules.add_perm("webhooks.manage_endpoints", is_staff)
