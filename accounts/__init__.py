"""Sign-in security around allauth: who must use MFA, session timeouts, the admin's sign-in."""
