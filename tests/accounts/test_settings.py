"""Sign-in security settings, read in a fresh interpreter as at start-up."""

from tests.config.test_settings import run_settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "minirotation.example.org",
}
PRINT_MFA_REQUIRED = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS)"
)


def test_production_without_a_shared_cache_fails_at_start_up_with_a_clear_message():
    result = run_settings("-c", PRINT_MFA_REQUIRED, **PRODUCTION)

    assert result.returncode == 1
    assert (
        "django.core.exceptions.ImproperlyConfigured: CACHE_URL is required when DEBUG is off: "
        "sign-in rate limits and lock-outs must be shared by every web process. Set it to a "
        "Redis URL, e.g. redis://redis:6379/1.\n"
    ) in result.stderr


def test_mfa_is_required_for_staff_and_directors_in_production_by_default():
    result = run_settings("-c", PRINT_MFA_REQUIRED, CACHE_URL="redis://redis:6379/1", **PRODUCTION)

    assert (result.returncode, result.stdout) == (0, "True\n")


def test_mfa_is_not_required_in_the_demo_by_default():
    assert run_settings("-c", PRINT_MFA_REQUIRED).stdout == "False\n"


def test_an_installation_can_switch_the_mfa_requirement_either_way():
    production_off = run_settings(
        "-c",
        PRINT_MFA_REQUIRED,
        CACHE_URL="redis://redis:6379/1",
        MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS="false",
        **PRODUCTION,
    )
    demo_on = run_settings("-c", PRINT_MFA_REQUIRED, MFA_REQUIRED_FOR_STAFF_AND_DIRECTORS="true")

    assert (production_off.stdout, demo_on.stdout) == ("False\n", "True\n")
