"""The signed-in user, read with what the navigation and the permissions ask on every page.

Every page asks whether its user directs a program, liaises for an organization, teaches or
learns (the navigation, the MFA rule, the permissions). Read one by one, that is four queries
after the user's own, and one more for a director's authenticator app (the MFA rule); here they
ride on the user's query: the learner and faculty profiles joined, the memberships and the app as
EXISTS columns that `accounts.roles` and `accounts.policy` read."""

from functools import cache

from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import backends, get_user_model
from django.db.models import Exists, OuterRef


def user_with_roles(user_id):
    """The active-or-not user with this id and their roles, in one query; None if there is none."""
    return users_with_roles().filter(pk=user_id).first()


@cache
def users_with_roles():
    """The users with their roles, as a query built once a process and narrowed to one user on
    each request (building it anew took about 0.6 ms of every signed-in page)."""
    users = get_user_model()._default_manager

    def member_of(relation: str):
        return Exists(users.filter(pk=OuterRef("pk"), **{f"{relation}__isnull": False}))

    return users.select_related("learner_profile", "faculty_profile").annotate(
        _directs_any_program=member_of("directed_programs"),
        _liaises_any_organization=member_of("liaison_organizations"),
        _has_authenticator_app=Exists(
            Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
        ),
    )


class RolesOnUserMixin:
    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(RolesOnUserMixin, backends.ModelBackend):
    """Django's backend (username and password), reading the user with their roles."""


class EmailBackend(RolesOnUserMixin, AuthenticationBackend):
    """allauth's backend (email and password), reading the user with their roles."""
