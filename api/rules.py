"""Who may use the API and make personal tokens: any signed-in user (each endpoint then checks
the pages' own permission); the MFA policy is enforced by the token services."""

import rules

rules.add_perm("api.manage_own_tokens", rules.is_authenticated)
