"""`python -m tests.e2e.oidc_provider.bootstrap REDIRECT_URI`: migrate the provider's database
and register its users and two applications; prints the applications' credentials as JSON."""

import json
import sys

import django

from tests.e2e.oidc_provider import PASSWORD, USERS, WRONG_AUDIENCE_APP


def main(redirect_uri: str) -> None:
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for username, email, last_name in USERS:
        User.objects.create_user(username, email, PASSWORD, last_name=last_name)
    credentials = {}
    for name in ("mini-rotation", WRONG_AUDIENCE_APP):
        secret = f"{name}-secret"
        app = Application.objects.create(
            name=name,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=redirect_uri,
            client_secret=secret,
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
        credentials[name] = {"client_id": app.client_id, "secret": secret}
    json.dump(credentials, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
