"""Signing in through a personal assessment link."""

from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from accounts.policy import is_protected_by_mfa
from assessments.links import LINK_MAX_AGE, claim_link_token, read_link_token
from assessments.selectors.lookups import user_for_link


class LinkSignInView(View):
    """The personal link in invitations: GET asks to continue (mail scanners that follow links
    must not use it up), POST signs the resident in once and goes to the assessment."""

    def get(self, request, token):
        user, next_url, status = self._read(token)
        return self._page(request, user, next_url, status)

    def post(self, request, token):
        user, next_url, status = self._read(token)
        if user is None:
            return self._page(request, None, "", status)
        if is_protected_by_mfa(user):
            # The link stands in for the password, never for a second factor.
            return redirect_to_login(next_url)
        if not claim_link_token(token, user=user):  # a simultaneous click got there first
            return self._page(request, None, "", 410)
        login(request, user, backend="accounts.backends.ModelBackend")
        return HttpResponseRedirect(next_url)

    def _page(self, request, user, next_url: str, status: int):
        return render(
            request,
            "assessments/link_sign_in.html",
            {"link_user": user, "next_url": next_url, "hours": LINK_MAX_AGE // 3600},
            status=status,
        )

    def _read(self, token):
        """(user, next url, 200) for a link that works; (None, "", 400) for a forged or expired
        link or one not for a resident, (None, "", 410) for one already used."""
        try:
            user_pk, next_url = read_link_token(token)
        except signing.BadSignature:
            return None, "", 400
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
            next_url = reverse("home")
        user = user_for_link(pk=user_pk)
        # Personal links are for residents only: staff and directors sign in with a password.
        if user is None or user.is_staff or not hasattr(user, "learner_profile"):
            return None, "", 400
        try:
            read_link_token(token, user=user)
        except signing.BadSignature:
            return None, "", 410
        return user, next_url, 200
