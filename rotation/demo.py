"""The demo partnership that `seed_demo` builds: partners, rooms, faculty, programs, sessions,
residents and attendance. Every step is keyed by a natural key so that a second run adds nothing."""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from partners.models import FacultyMember, MeetingRoom, Organization, Site
from rotation.models import (
    Attendance,
    Enrollment,
    ExcusalLetter,
    Learner,
    Program,
    ProgramContribution,
    ProgramCost,
    ProgramPartner,
    SeminarSession,
    SessionFaculty,
    Topic,
    User,
)
from rotation.services.scheduling import schedule_session

DEMO_PASSWORD = "mini-rotation-demo"  # noqa: S105 -- printed by seed_demo; demo installations only


@dataclass
class DemoOptions:
    learners: int
    programs: int
    rng: random.Random


ORGANIZATIONS = [
    # name, kind, slug, site, address, rooms [(name, capacity)]
    (
        "Riverside University School of Medicine",
        Organization.Kind.ACADEMIC_SPONSOR,
        "riverside-university",
        "Graduate Medical Education Office",
        "400 College Avenue, Riverside",
        [("GME Conference Room", 30)],
    ),
    (
        "Keystone Health Plan",
        Organization.Kind.HEALTH_PLAN,
        "keystone-health-plan",
        "Keystone Headquarters",
        "1200 Market Street, Riverside",
        [("Boardroom A", 40), ("Training Room 3", 24)],
    ),
    (
        "Lakeview Integrated Health",
        Organization.Kind.DELIVERY_SYSTEM,
        "lakeview-integrated-health",
        "Lakeview Learning Center",
        "75 Lakeview Drive, Riverside",
        [("Auditorium", 120), ("Seminar Room 2", 30), ("Simulation Lab", 16)],
    ),
    (
        "Harbor Physician Partners",
        Organization.Kind.PROVIDER,
        "harbor-physician-partners",
        "Harbor Main Clinic",
        "18 Wharf Road, Riverside",
        [("Clinic Conference Room", 20)],
    ),
    (
        "Riverside County Department of Public Health",
        Organization.Kind.PUBLIC_AGENCY,
        "county-public-health",
        "County Health Building",
        "9 Civic Plaza, Riverside",
        [("Community Room", 50)],
    ),
    (
        "Patient and Family Advisory Council",
        Organization.Kind.COMMUNITY,
        "patient-family-council",
        "Neighborhood Center",
        "310 Elm Street, Riverside",
        [("Meeting Hall", 60)],
    ),
]

FACULTY = [
    # organization slug, first, last, title, background
    ("keystone-health-plan", "Maria", "Alvarez", "Chief Medical Officer", "physician"),
    ("keystone-health-plan", "David", "Chen", "Director of Quality Measurement", "non_clinical"),
    ("keystone-health-plan", "Aisha", "Okafor", "Pharmacy Benefits Manager", "pharmacist"),
    ("keystone-health-plan", "Tom", "Becker", "Care Management Nurse Lead", "nurse"),
    ("lakeview-integrated-health", "Priya", "Raman", "VP Population Health", "physician"),
    ("lakeview-integrated-health", "James", "O'Neill", "Patient Safety Officer", "nurse"),
    ("lakeview-integrated-health", "Sofia", "Rossi", "Revenue Cycle Director", "non_clinical"),
    (
        "lakeview-integrated-health",
        "Kwame",
        "Mensah",
        "Transitions of Care Lead",
        "other_clinician",
    ),
    ("harbor-physician-partners", "Elena", "Petrova", "Medical Director", "physician"),
    ("harbor-physician-partners", "Lucas", "Silva", "Practice Manager", "non_clinical"),
    ("county-public-health", "Grace", "Kim", "Health Officer", "physician"),
    ("county-public-health", "Omar", "Haddad", "Epidemiologist", "non_clinical"),
    ("patient-family-council", "Rosa", "Delgado", "Patient Partner", "non_clinical"),
    ("patient-family-council", "Henry", "Walsh", "Family Advisor", "non_clinical"),
]

TOPICS = [
    "How health plans measure quality",
    "Value-based payment and risk contracts",
    "Care management for high-risk patients",
    "Population health and public health surveillance",
    "Patient safety and incident reporting",
    "Navigating prior authorization",
    "Social needs and community resources",
    "Formularies and pharmacy benefits",
    "Partnering with patients and families",
    "Transitions of care and readmissions",
    "What care costs the patient",
    "Quality improvement with PDSA cycles",
]

# ACGME Systems-Based Practice sub-competencies, cycled over the topics above.
TOPIC_COMPETENCIES = [
    ["SBP1"],
    ["SBP3"],
    ["SBP2"],
    ["SBP2", "SBP3"],
    ["SBP1"],
    ["SBP2"],
]

RESIDENCIES = [
    "Internal Medicine",
    "Family Medicine",
    "Pediatrics",
    "Psychiatry",
    "Emergency Medicine",
]
FIRST_NAMES = ["Ana", "Ben", "Chloe", "Dev", "Emma", "Farid", "Gina", "Hiro", "Ines", "Jon", "Kira"]
LAST_NAMES = ["Adams", "Baker", "Cruz", "Diaz", "Evans", "Fox", "Garcia", "Hughes", "Ito", "Jones"]

CONCENTRATED_SLOTS = [
    (time(9, 0), time(10, 30)),
    (time(10, 45), time(12, 15)),
    (time(13, 15), time(14, 45)),
]
DISTRIBUTED_SLOT = (time(12, 0), time(14, 0))


def seed(options: DemoOptions) -> Iterator[str]:
    password_hash = make_password(DEMO_PASSWORD)
    users = _seed_demo_users(password_hash)
    organizations, rooms = _seed_partners(users)
    faculty = _seed_faculty(organizations, users)
    learners = _seed_learners(options, password_hash, users)
    programs = [
        _seed_program(index, organizations, rooms, faculty, users, options.rng)
        for index in range(options.programs)
    ]
    _seed_enrollments(programs, learners)
    _seed_attendance(programs, options.rng)
    _seed_excusal_letters(programs)
    _seed_budget(programs)
    yield f"{len(organizations)} partner organizations, {len(rooms)} meeting rooms"
    yield f"{len(faculty)} faculty members, {len(learners)} learners, {len(programs)} programs"
    sessions, attendance = SeminarSession.objects.count(), Attendance.objects.count()
    yield f"{sessions} seminar sessions, {attendance} attendance records"
    yield f"{ExcusalLetter.objects.filter(status='sent').count()} excusal letters sent"
    costs, given = ProgramCost.objects.count(), ProgramContribution.objects.count()
    yield f"{costs} program costs, {given} cash and catering contributions"


def _seed_demo_users(password_hash: str) -> dict[str, User]:
    people = {
        "admin": ("Ada", "Admin"),
        "director": ("Diane", "Director"),
        "liaison": ("Leo", "Liaison"),
        "faculty": ("Fiona", "Faculty"),
        "resident": ("Riley", "Resident"),
    }
    users = {}
    for key, (first, last) in people.items():
        user, _ = User.objects.get_or_create(
            email=f"{key}@demo.test",
            defaults={
                "first_name": first,
                "last_name": last,
                "password": password_hash,
                "is_staff": key == "admin",
                "is_superuser": key == "admin",
            },
        )
        users[key] = user
    _verify_emails(users.values())
    return users


def _verify_emails(users) -> None:
    """Demo accounts can sign in at once: allauth requires a verified address."""
    users = list(users)
    verified = set(EmailAddress.objects.filter(user__in=users).values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True)
        for user in users
        if user.pk not in verified
    )


def _seed_partners(users) -> tuple[dict[str, Organization], list[MeetingRoom]]:
    organizations, rooms = {}, []
    for name, kind, slug, site_name, address, room_specs in ORGANIZATIONS:
        organization, _ = Organization.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "address": address,
                "website": f"https://{slug}.example.org",
                "description": f"{name} teaches residents how its part of the health system works.",
            },
        )
        site, _ = Site.objects.get_or_create(
            organization=organization,
            name=site_name,
            defaults={
                "address": address,
                "directions": "Follow the signs for the education center from the main entrance.",
                "parking_notes": "Visitor parking in the north garage; the ticket is validated.",
                "building_access_notes": "Check in at the front desk with a hospital badge.",
            },
        )
        for room_name, capacity in room_specs:
            room, _ = MeetingRoom.objects.get_or_create(
                site=site,
                name=room_name,
                defaults={
                    "capacity": capacity,
                    "av_equipment": "Projector, screen, wireless microphone",
                    "has_video_conferencing": capacity >= 30,
                    "has_printing": True,
                    "accessibility_notes": "Step-free access; hearing loop available on request.",
                },
            )
            rooms.append(room)
        organizations[slug] = organization
    organizations["keystone-health-plan"].liaisons.add(users["liaison"])
    return organizations, rooms


def _seed_faculty(organizations, users) -> list[FacultyMember]:
    faculty = []
    for slug, first, last, title, background in FACULTY:
        email = f"{first}.{last}".lower().replace("'", "") + f"@{slug}.example.org"
        member, _ = FacultyMember.objects.get_or_create(
            email=email,
            defaults={
                "organization": organizations[slug],
                "first_name": first,
                "last_name": last,
                "title": title,
                "professional_role": title,
                "clinical_background": background,
                "is_patient_family_partner": slug == "patient-family-council",
                "recruitment_status": FacultyMember.RecruitmentStatus.CONFIRMED,
                "bio": f"{first} {last} is {title} at {organizations[slug].name}.",
            },
        )
        faculty.append(member)
    demo_member, _ = FacultyMember.objects.get_or_create(
        email=users["faculty"].email,
        defaults={
            "user": users["faculty"],
            "organization": organizations["keystone-health-plan"],
            "first_name": "Fiona",
            "last_name": "Faculty",
            "title": "Director of Network Management",
            "recruitment_status": FacultyMember.RecruitmentStatus.CONFIRMED,
        },
    )
    return [demo_member, *faculty]


def _seed_learners(options: DemoOptions, password_hash: str, users) -> list[Learner]:
    rng = options.rng
    rows = [("resident@demo.test", "Riley", "Resident")]
    for number in range(1, options.learners):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        rows.append((f"resident{number:04d}@demo.test", first, last))
    User.objects.bulk_create(
        [
            User(email=email, first_name=first, last_name=last, password=password_hash)
            for email, first, last in rows
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    accounts = User.objects.in_bulk([email for email, _, _ in rows], field_name="email")
    _verify_emails(accounts.values())
    Learner.objects.bulk_create(
        [
            Learner(
                user=accounts[email],
                email=email,
                first_name=first,
                last_name=last,
                residency_program=rng.choice(RESIDENCIES),
                pgy_level=rng.choice([1, 2, 2, 3, 3]),
                program_director_name="Dr. Morgan Lee",
                program_director_email="gme.director@riverside-university.example.org",
            )
            for email, first, last in rows
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return list(Learner.objects.filter(email__in=[email for email, _, _ in rows]).order_by("pk"))


def _program_dates(index: int) -> tuple[str, list[date]]:
    """Concentrated programs run three days; distributed ones meet on a first Tuesday monthly.
    Program 0 and 1 are this year's; later pairs are earlier years (the partnership's history)."""
    today = timezone.localdate()
    years_back = index // 2
    if index % 2 == 0:
        start = today - timedelta(days=21 + today.weekday()) - timedelta(weeks=52 * years_back)
        return Program.Format.CONCENTRATED, [start + timedelta(days=offset) for offset in range(3)]
    first_month = date(today.year - years_back, today.month, 1) - timedelta(days=62)
    days = []
    for offset in range(8):
        month_index = first_month.month - 1 + offset
        first = date(first_month.year + month_index // 12, month_index % 12 + 1, 1)
        days.append(first + timedelta(days=(1 - first.weekday()) % 7))
    return Program.Format.DISTRIBUTED, days


def _seed_program(index, organizations, rooms, faculty, users, rng) -> Program:
    program_format, days = _program_dates(index)
    year = days[0].year if days[0].month >= 7 else days[0].year - 1
    label = "Concentrated" if program_format == Program.Format.CONCENTRATED else "Distributed"
    program, created = Program.objects.get_or_create(
        slug=f"{label.lower()}-{year}-{index // 2 + 1}",
        defaults={
            "name": f"{label} Mini-Rotation in Health Systems",
            "academic_year": f"{year}-{year + 1}",
            "format": program_format,
            "start_date": days[0],
            "end_date": days[-1],
            "description": "Residents learn how health plans, delivery systems and public agencies "
            "work on quality, cost and population health, taught by the people who do it.",
            "goals": "Systems-Based Practice: navigate the health system for patients, improve "
            "quality and safety, and understand the physician's role in the wider system.",
            # The distributed course's partners may invite colleagues into its faculty pool.
            "liaisons_may_invite_faculty": program_format == Program.Format.DISTRIBUTED,
        },
    )
    if not created:
        return program
    program.directors.add(users["director"])
    host_slug = "lakeview-integrated-health" if index % 2 == 0 else "keystone-health-plan"
    ProgramPartner.objects.bulk_create(
        [
            ProgramPartner(
                program=program, organization=organizations["riverside-university"], role="sponsor"
            ),
            ProgramPartner(
                program=program, organization=organizations[host_slug], role="host_content"
            ),
            ProgramPartner(
                program=program, organization=organizations["county-public-health"], role="content"
            ),
            ProgramPartner(
                program=program,
                organization=organizations["patient-family-council"],
                role="content",
            ),
        ]
    )
    topics = [
        Topic.objects.create(
            program=program,
            title=title,
            sbp_competencies=TOPIC_COMPETENCIES[number % len(TOPIC_COMPETENCIES)],
        )
        for number, title in enumerate(TOPICS)
    ]
    host_rooms = [room for room in rooms if room.site.organization.slug == host_slug]
    slots = (
        [(day, slot) for day in days for slot in CONCENTRATED_SLOTS]
        if program_format == Program.Format.CONCENTRATED
        else [(day, DISTRIBUTED_SLOT) for day in days]
    )
    # Faculty teach in one program at a time: even programs draw from the first half.
    pool = faculty[: len(faculty) // 2] if index % 2 == 0 else faculty[len(faculty) // 2 :]
    for number, (day, (start, end)) in enumerate(slots):
        topic = topics[number % len(topics)]
        schedule_session(
            program=program,
            title=topic.title,
            topic=topic,
            starts_at=timezone.make_aware(datetime.combine(day, start)),
            ends_at=timezone.make_aware(datetime.combine(day, end)),
            room=host_rooms[number % len(host_rooms)],
            faculty=[
                (pool[number % len(pool)], "lead"),
                (pool[(number + 3) % len(pool)], "panelist"),
            ],
        )
    # The demo's schedules are published and their faculty confirmed, as after a real launch.
    SeminarSession.objects.filter(program=program).update(
        status=SeminarSession.Status.PUBLISHED, published_at=timezone.now()
    )
    SessionFaculty.objects.filter(session__program=program).update(confirmation="confirmed")
    return program


def _seed_enrollments(programs: list[Program], learners: list[Learner]) -> None:
    """Each learner joins one program; the demo resident (the first) joins this year's first."""
    Enrollment.objects.bulk_create(
        [
            Enrollment(program=programs[number % len(programs)], learner=learner)
            for number, learner in enumerate(learners)
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


def _seed_attendance(programs: list[Program], rng: random.Random) -> None:
    past_sessions = SeminarSession.objects.filter(program__in=programs, ends_at__lt=timezone.now())
    enrolled = {}
    for program_id, learner_id in Enrollment.objects.filter(program__in=programs).values_list(
        "program_id", "learner_id"
    ):
        enrolled.setdefault(program_id, []).append(learner_id)
    statuses = ["present"] * 18 + ["absent", "excused"]
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, learner_id=learner_id, status=rng.choice(statuses))
            for session in past_sessions
            for learner_id in enrolled.get(session.program_id, [])
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )


def _seed_excusal_letters(programs: list[Program]) -> None:
    """Programs that are over sent their excusal letters; running and upcoming ones have not
    yet, so that the demo director can preview and send them."""
    today = timezone.localdate()
    started = [program for program in programs if program.end_date < today]
    ExcusalLetter.objects.bulk_create(
        [
            ExcusalLetter(
                enrollment=enrollment,
                status=ExcusalLetter.Status.SENT,
                sent_at=timezone.make_aware(
                    datetime.combine(enrollment.program.start_date - timedelta(days=14), time(9))
                ),
                sent_to=enrollment.learner.program_director_email,
            )
            for enrollment in Enrollment.objects.filter(program__in=started).select_related(
                "program", "learner"
            )
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


# category, amount, description: what each of this year's and last year's programs cost
PROGRAM_COSTS = [
    ("honoraria", Decimal("1000.00"), "Patient and family partners' honoraria"),
    ("catering", Decimal("840.00"), "Lunches on seminar days"),
    ("materials", Decimal("260.00"), "Binders and name badges"),
]


def _seed_budget(programs: list[Program]) -> None:
    """Costs, the sponsor's and the health plan's cash and the host's catering for the first
    four programs (this year's and last year's); keyed by description, so added once."""
    organizations = {o.slug: o for o in Organization.objects.all()}
    for index, program in enumerate(programs[:4]):
        for category, amount, description in PROGRAM_COSTS:
            ProgramCost.objects.get_or_create(
                program=program,
                description=description,
                defaults={"category": category, "amount": amount},
            )
        host = "lakeview-integrated-health" if index % 2 == 0 else "keystone-health-plan"
        for slug, kind, amount, persons, description in [
            ("riverside-university", "cash", Decimal("1500.00"), None, "GME office grant"),
            ("keystone-health-plan", "cash", Decimal("1000.00"), None, "Community benefit fund"),
            (host, "catering", None, 30, "Breakfast on seminar days"),
        ]:
            ProgramContribution.objects.get_or_create(
                program=program,
                organization=organizations[slug],
                description=description,
                defaults={"kind": kind, "amount": amount, "persons": persons},
            )
