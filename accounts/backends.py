"""The signed-in user, read with what the navigation and the permissions ask on every page.

Every page asks whether its user directs a program, liaises for an organization, teaches or
learns (the navigation, the MFA rule, the permissions), and the start pages whether they joined a
planning team (their link to it). Read one by one, that is five queries after the user's own, and
one more for a director's authenticator app (the MFA rule); here they ride on the user's query:
the learner and faculty profiles joined, the memberships and the app as EXISTS columns that
`accounts.roles`, `accounts.policy` and `planning.rules` read. The columns name the reverse
relations only, so accounts imports no domain app."""

from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth import backends, get_user_model
from django.db.models import Exists, OuterRef

from config.queries import columns_of, compiled_once

_PROFILES = ("learner_profile", "faculty_profile")
_ROLES = (
    "_directs_any_program",
    "_liaises_any_organization",
    "_joined_a_planning_team",
    "_has_authenticator_app",
)


def user_with_roles(user_id):
    """The active-or-not user with this id, their profiles and roles, in one query; None if
    there is none. The read is compiled once a process (`_user_rows`): its row becomes the
    user and profile instances `select_related` would give, each profile None when there is
    none (then read without a query, as `select_related` leaves it)."""
    user_model = get_user_model()
    rows = _user_rows(user_model._meta.pk.to_python(user_id))
    if not rows:
        return None
    row = iter(rows[0])

    def instance_of(model):
        """The next columns of the row as an instance of `model` (None for a missing profile)."""
        columns = [next(row) for _ in columns_of(model)]
        return None if columns[0] is None else model.from_db(db, columns_of(model), columns)

    db = user_model._default_manager.db
    user = instance_of(user_model)
    for name in _PROFILES:
        relation = user_model._meta.get_field(name)
        profile = instance_of(relation.related_model)
        if profile is not None:
            relation.field.set_cached_value(profile, user)
        relation.set_cached_value(user, profile)
    for name in _ROLES:
        setattr(user, name, next(row))
    return user


@compiled_once
def _user_rows(user_id):
    """The user's columns, each profile's (NULL without one) and the role columns, in order."""
    user_model = get_user_model()
    return (
        _users_with_roles()
        .filter(pk=user_id)
        .values_list(
            *columns_of(user_model),
            *(
                f"{name}__{column}"
                for name in _PROFILES
                for column in columns_of(user_model._meta.get_field(name).related_model)
            ),
            *_ROLES,
        )
    )


def _users_with_roles():
    """The users with their roles (unordered: `user_with_roles` reads one user)."""
    user_model = get_user_model()

    def rows_of(relation: str, **conditions):
        """The rows of the table behind one of the user's reverse relations that are this
        user's (a many-to-many's link table: no join through the users table)."""
        rel = user_model._meta.get_field(relation)
        if rel.many_to_many:
            table, user_field = rel.through, rel.field.m2m_reverse_field_name()
        else:
            table, user_field = rel.related_model, rel.field.name
        return Exists(table._default_manager.filter(**{user_field: OuterRef("pk")}, **conditions))

    return user_model._default_manager.annotate(
        _directs_any_program=rows_of("directed_programs"),
        _liaises_any_organization=rows_of("liaison_organizations"),
        _joined_a_planning_team=rows_of("planning_memberships", joined_at__isnull=False),
        _has_authenticator_app=Exists(
            Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
        ),
    ).order_by()


class RolesOnUserMixin:
    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(RolesOnUserMixin, backends.ModelBackend):
    """Django's backend (username and password), reading the user with their roles."""


class EmailBackend(RolesOnUserMixin, AuthenticationBackend):
    """allauth's backend (email and password), reading the user with their roles."""
