"""Security headers of the pages the browser shows, in development and production settings."""

import pytest

from tests.config.test_settings import run_settings

pytestmark = pytest.mark.django_db

# django-csp writes the directives in no fixed order.
STRICT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    return dict(directive.strip().split(" ", 1) for directive in header.split(";"))


def test_a_page_carries_the_strict_content_security_policy_and_the_other_browser_headers(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert directives(response.headers["Content-Security-Policy"]) == STRICT_POLICY
    assert {
        name: response.headers.get(name)
        for name in (
            "Cross-Origin-Opener-Policy",
            "Referrer-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Permissions-Policy",
        )
    } == {
        "Cross-Origin-Opener-Policy": "same-origin",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    }


def test_signed_in_pages_and_htmx_partials_carry_the_policy_too(client, director, program):
    client.force_login(director)

    page = client.get(f"/programs/{program.slug}/")
    partial = client.get(f"/programs/{program.slug}/schedule/", headers={"HX-Request": "true"})

    assert (page.status_code, partial.status_code) == (200, 200)
    assert directives(page.headers["Content-Security-Policy"]) == STRICT_POLICY
    assert directives(partial.headers["Content-Security-Policy"]) == STRICT_POLICY


def test_every_page_tells_htmx_not_to_inject_styles_or_eval(client, learner_user):
    client.force_login(learner_user)

    html = client.get("/my-rotation/").content.decode()

    assert html.count('name="htmx-config"') == 1
    assert '"includeIndicatorStyles": false, "allowEval": false' in html


PRINT_COOKIES_AND_HSTS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
    "s.SESSION_COOKIE_SAMESITE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
    "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER)"
)


def test_production_settings_send_cookies_over_https_only_and_ask_for_hsts():
    result = run_settings(
        "-c",
        PRINT_COOKIES_AND_HSTS,
        DEBUG="false",
        SECRET_KEY="a-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="minirotation.example.org",
        CACHE_URL="redis://redis.example.org:6379/1",
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "True True True Lax True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https')\n"
    )


def test_development_settings_keep_cookies_usable_over_plain_http():
    result = run_settings("-c", PRINT_COOKIES_AND_HSTS)

    assert result.stdout == "False False True Lax False 0 False False None\n"
