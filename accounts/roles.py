"""Roles, derived from data: who directs, liaises, teaches or learns, and their object-level
forms. Every app's rules.py builds its permissions from these predicates; they follow reverse
relations only, so accounts imports no domain app."""

import rules


@rules.predicate
def is_program_director(user, program=None) -> bool:
    """Directs this program, or (without a program) directs any program."""
    if not user.is_authenticated:
        return False
    if program is None:
        return directs_any_program(user)
    if getattr(user, "_directs_any_program", None) is False:  # read with the user: no query
        return False
    # Asked more than once a request (the view's permission, then the template's): read once,
    # or not at all when the program's lookup read it (remember_directorship).
    directed = _directed_programs(user)
    if program.pk not in directed:
        directed[program.pk] = program.directors.filter(pk=user.pk).exists()
    return directed[program.pk]


def remember_directorship(user, program, directs: bool) -> None:
    """What a program's lookup read with the program: whether this user directs it."""
    _directed_programs(user)[program.pk] = directs


def _directed_programs(user) -> dict[int, bool]:
    """Whether the user directs each program asked about so far, kept on the user (getattr and
    setattr reach the User behind request.user's lazy wrapper)."""
    directed = getattr(user, "_directs_program", None)
    if directed is None:
        directed = user._directs_program = {}
    return directed


def directs_any_program(user) -> bool:
    """Whether the user directs any program: read once a request (the MFA check, the
    navigation and the permissions all ask), kept on the user (getattr reaches the User behind
    request.user's lazy wrapper); accounts.backends reads it with the user itself."""
    directs = getattr(user, "_directs_any_program", None)
    if directs is None:
        directs = user._directs_any_program = user.directed_programs.exists()
    return directs


@rules.predicate
def is_partner_liaison(user, organization=None) -> bool:
    """Liaison of this organization, or (without one) of any organization."""
    if not user.is_authenticated:
        return False
    if organization is None:
        return liaises_any_organization(user)
    return organization.liaisons.filter(pk=user.pk).exists()


def liaises_any_organization(user) -> bool:
    """Whether the user is the liaison of any organization; read once a request, like
    `directs_any_program` (accounts.backends reads both with the user)."""
    liaises = getattr(user, "_liaises_any_organization", None)
    if liaises is None:
        liaises = user._liaises_any_organization = user.liaison_organizations.exists()
    return liaises


@rules.predicate
def is_faculty(user) -> bool:
    return user.is_authenticated and hasattr(user, "faculty_profile")


@rules.predicate
def is_learner(user) -> bool:
    return user.is_authenticated and hasattr(user, "learner_profile")


is_staff = rules.is_staff


@rules.predicate
def is_session_director(user, session) -> bool:
    """Directs the program the session belongs to."""
    return session is not None and is_program_director(user, session.program)


@rules.predicate
def is_session_faculty(user, session) -> bool:
    """Linked to a faculty member on the session who has not declined it."""
    if not user.is_authenticated or session is None or not hasattr(user, "faculty_profile"):
        return False
    return (
        session.faculty_assignments.filter(faculty_member__user=user)
        .exclude(confirmation="declined")
        .exists()
    )


@rules.predicate
def is_enrolled_learner(user, session) -> bool:
    """An enrolled learner of the session's program, once the session is published."""
    if not user.is_authenticated or session is None or not hasattr(user, "learner_profile"):
        return False
    return (
        session.status == "published"
        and session.program.enrollments.filter(learner__user=user, status="enrolled").exists()
    )


@rules.predicate
def is_taught_by(user, faculty_member) -> bool:
    """An enrolled learner of a program in which the faculty member teaches a published session
    (and has not declined it): they may meet their faculty, photo included."""
    if not user.is_authenticated or faculty_member is None or not hasattr(user, "learner_profile"):
        return False
    return (
        faculty_member.assignments.filter(
            session__status="published",
            session__program__enrollments__learner__user=user,
            session__program__enrollments__status="enrolled",
        )
        .exclude(confirmation="declined")
        .exists()
    )
