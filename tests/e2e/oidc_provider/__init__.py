"""A real OpenID Connect provider for the single sign-on journey: django-oauth-toolkit with OIDC
on, served by `manage.py runserver --settings tests.e2e.oidc_provider.settings` in a second
process, with its own SQLite file and RSA key (both made by the test's fixture)."""

# An application registered under this name gets ID tokens made out to another client, as a
# token stolen from (or mistakenly issued for) another site would be.
WRONG_AUDIENCE_APP = "wrong-audience"
PASSWORD = "university-password"
# username at the provider, the email it asserts, last name
USERS = [
    ("known", "known@example.edu", "Known"),
    ("director", "director@example.edu", "Director"),
    ("stranger", "stranger@example.edu", "Stranger"),
]
