"""The demo's assessments: a Systems-Based Practice instrument (20 knowledge, 10 attitude and 3
behaviour items) in every program, pre and post responses with a plausible gain, 3- and
6-month follow-ups where they have opened (some of the gain fades), a comparison group of
residents who did not take the course (pre and post, a small gain) once the post has closed,
drafts, missing responses and session evaluations with comments. Bulk inserts, keyed so that a
second run adds nothing."""

import math
import random
from collections.abc import Iterator
from datetime import timedelta

from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from assessments.models import (
    Administration,
    Answer,
    Choice,
    ComparisonLink,
    ComparisonMember,
    CourseEvaluation,
    DemographicAnswers,
    EvaluationSettings,
    FacultyRating,
    Instrument,
    Item,
    Response,
    SessionEvaluation,
)
from assessments.services.administrations import months_after
from rotation.models import Enrollment, Learner, Program, SeminarSession, SessionFaculty

INSTRUMENT_KEY = "systems-based-practice"

# stem, topic, options (the first is correct; shuffled when stored), explanation
KNOWLEDGE = [
    (
        "HEDIS measures are mainly used to compare the performance of…",
        "Quality measurement",
        ["health plans", "individual hospitals' finances", "medical schools", "drug makers"],
        "HEDIS is the measure set health plans report on care and service.",
    ),
    (
        "A measure of the share of diabetic patients with an HbA1c test is a…",
        "Quality measurement",
        ["process measure", "outcome measure", "structure measure", "balancing measure"],
        "It counts whether care was delivered, not the result.",
    ),
    (
        "Risk adjustment of quality measures corrects for…",
        "Quality measurement",
        ["differences in patients' illness", "coding errors", "inflation", "practice size"],
        "Sicker populations would otherwise make good care look bad.",
    ),
    (
        "Under capitation a provider group is paid…",
        "Value-based payment",
        [
            "a fixed amount per member per month",
            "per service delivered",
            "per hospital day",
            "a salary by the plan",
        ],
        "The group bears the risk that care costs more than the capitation.",
    ),
    (
        "In a shared-savings contract the provider shares in…",
        "Value-based payment",
        [
            "spending below a benchmark",
            "the plan's premiums",
            "drug rebates",
            "malpractice premiums",
        ],
        "Savings against the benchmark are split if quality targets are met.",
    ),
    (
        "A bundled payment covers…",
        "Value-based payment",
        [
            "all services of an episode of care",
            "one office visit",
            "the patient's premium",
            "only the surgeon's fee",
        ],
        "One price for the episode encourages coordination across settings.",
    ),
    (
        "Care management programs usually target first…",
        "Care management",
        [
            "patients at high risk of admission",
            "all patients equally",
            "patients with no chronic disease",
            "new employees",
        ],
        "A small share of patients accounts for most avoidable admissions.",
    ),
    (
        "A plan identifies candidates for care management mostly from…",
        "Care management",
        ["claims and utilization data", "billboards", "random selection", "provider surveys"],
        "Claims show admissions, emergency visits and costs across settings.",
    ),
    (
        "Public health surveillance depends on…",
        "Population health",
        [
            "mandatory reporting by clinicians and labs",
            "hospital advertising",
            "insurance premiums",
            "patient satisfaction surveys",
        ],
        "Reportable conditions reach the health department through required reports.",
    ),
    (
        "A population health approach measures outcomes for…",
        "Population health",
        [
            "a defined group, including people not seen",
            "only patients seen this year",
            "only hospitalized patients",
            "only insured adults",
        ],
        "The denominator includes those who never come in.",
    ),
    (
        "After a medication error that reached the patient, the first step is to…",
        "Patient safety",
        [
            "make the patient safe and report the event",
            "find who is to blame",
            "wait for the next audit",
            "change the order silently",
        ],
        "Safety reporting systems are non-punitive so that events are learned from.",
    ),
    (
        "A root cause analysis looks mainly for…",
        "Patient safety",
        [
            "system and process failures",
            "the individual at fault",
            "legal exposure",
            "billing errors",
        ],
        "Most harm comes from systems that let errors through.",
    ),
    (
        "Prior authorization exists mainly to…",
        "Prior authorization",
        [
            "check that costly services meet coverage criteria",
            "delay all care",
            "rate physicians",
            "collect copayments",
        ],
        "Knowing the criteria lets you document them the first time.",
    ),
    (
        "A formulary tier mainly determines…",
        "Pharmacy benefits",
        [
            "the patient's share of a drug's cost",
            "the drug's dose",
            "which pharmacy may fill it",
            "the prescriber's fee",
        ],
        "Higher tiers mean higher copays; a lower-tier alternative may be as good.",
    ),
    (
        "A pharmacy benefit manager negotiates…",
        "Pharmacy benefits",
        [
            "rebates and networks for a plan",
            "physician salaries",
            "hospital budgets",
            "public health grants",
        ],
        "PBMs manage formularies, pharmacy networks and manufacturer rebates.",
    ),
    (
        "The 30-day readmission rate is most reduced by…",
        "Transitions of care",
        [
            "follow-up and medication reconciliation after discharge",
            "longer stays for everyone",
            "more imaging",
            "discharge on Fridays",
        ],
        "Most readmissions stem from gaps right after discharge.",
    ),
    (
        "A warm handoff at discharge means…",
        "Transitions of care",
        [
            "introducing the patient to the next caregiver directly",
            "a heated discharge lounge",
            "a faxed summary",
            "a phone call a month later",
        ],
        "Direct introduction builds trust and gets follow-up done.",
    ),
    (
        "Screening for social needs is most useful when…",
        "Social needs",
        [
            "it is linked to community resources",
            "it is done once a decade",
            "results stay in the chart",
            "only the patient's income is asked",
        ],
        "Screening without a referral path rarely helps the patient.",
    ),
    (
        "A patient and family advisory council helps a health system to…",
        "Partnering with patients",
        [
            "design services with the people who use them",
            "market its services",
            "settle complaints",
            "set physician pay",
        ],
        "Patients and families are partners in improving care, not only its recipients.",
    ),
    (
        "In a PDSA cycle, the “study” step compares…",
        "Quality improvement",
        [
            "results against the prediction",
            "staff against each other",
            "costs against revenue",
            "two hospitals",
        ],
        "Each small test starts with a prediction that the data then confirm or refute.",
    ),
]

# statement, subscale, reverse-scored
ATTITUDES = [
    (
        "Physicians have a responsibility to control health-care costs.",
        "Stewardship",
        False,
    ),
    ("Cost is none of my business as a physician.", "Stewardship", True),
    (
        "I can explain to a patient how their health plan affects their care.",
        "Systems knowledge",
        False,
    ),
    (
        "Health plans and physicians can work together to improve quality.",
        "Partnership",
        False,
    ),
    ("Health plans are an obstacle to good care.", "Partnership", True),
    ("Public health agencies are partners in my patients' care.", "Partnership", False),
    (
        "Patients and families should help design the services they use.",
        "Patient partnership",
        False,
    ),
    (
        "Improving the system is part of my job, not only treating patients.",
        "Systems thinking",
        False,
    ),
    ("Quality measures say little about real care.", "Systems thinking", True),
    (
        "I know whom to call when a patient's care falls between organizations.",
        "Systems knowledge",
        False,
    ),
]

# Asked at the follow-ups only (Kirkpatrick level 3).
BEHAVIOURS = [
    "Since the course I have checked a patient's coverage before ordering a costly test.",
    "Since the course I have called a health plan or agency contact about a patient.",
    "Since the course I have taken part in a quality-improvement project.",
]
FOLLOW_UPS = ((Administration.Kind.FOLLOW_UP_3, 3, 0.9), (Administration.Kind.FOLLOW_UP_6, 6, 0.75))
# ^ the follow-ups the demo's directors chose: kind, months after the course, knowledge gain kept

# Session comments are put together from these parts, so that a cohort's comments read like
# real ones (each different, some blank) rather than a few phrases repeated.
REACTIONS = [
    "Seeing the claims data from the plan's side changed how I think about referrals.",
    "The patient partner's story was the most memorable part of the day.",
    "Very practical: I will use the prior-authorization tips next week.",
    "I had never thought about who decides a prior authorization, or how.",
    "The case discussion made the payment models click for me.",
    "Good to meet the people behind the phone calls we make every week.",
    "The speakers were honest about what does not work yet.",
    "The site visit showed me what care managers actually do all day.",
    "A clear walk through how quality measures reach our clinic.",
    "I finally understand why discharge planning takes so long.",
    "Risk adjustment and why our coding matters, explained well.",
    "The health department's data on our own neighbourhoods was eye-opening.",
    "Hearing a family caregiver describe the transitions we hand off was humbling.",
    "Useful, though a lot of it was new vocabulary.",
]
DETAILS = [
    "",
    " The small-group part worked best.",
    " The slides were dense, but the handout helps.",
    " Some of it repeated what we had in orientation.",
    " It ran over and we lost the questions at the end.",
    " The room was too small for our group.",
    " The numbers from our own hospital made it real.",
    " The role play felt awkward at first but it worked.",
]
SUGGESTIONS = [
    "",
    " More time for questions, please.",
    " A follow-up session on Medicaid managed care would help.",
    " Please share the slides beforehand.",
    " Could we shadow a care manager for an afternoon?",
    " Fewer acronyms at the start would help.",
    " Invite a pharmacist next time.",
    " Pair it with a clinic visit.",
]


def demo_comment(rng) -> str:
    """One learner's comment on a session: blank about a quarter of the time."""
    if rng.random() < 0.25:
        return ""
    return rng.choice(REACTIONS) + rng.choice(DETAILS) + rng.choice(SUGGESTIONS)


def seed(options) -> Iterator[str]:
    rng = options.rng
    programs = list(Program.objects.order_by("-start_date", "pk"))
    have = set(Instrument.objects.filter(key=INSTRUMENT_KEY).values_list("program_id", flat=True))
    now = timezone.now()
    for program in programs:
        if program.pk in have:
            continue
        _seed_program(program, rng, now)
    yield (
        f"{Instrument.objects.count()} instruments, {Response.objects.count()} responses, "
        f"{Answer.objects.count()} answers"
    )
    yield (
        f"{SessionEvaluation.objects.count()} session evaluations, "
        f"{CourseEvaluation.objects.count()} course evaluations"
    )


def _seed_program(program: Program, rng, now) -> None:
    EvaluationSettings.objects.get_or_create(program=program, defaults={"session_open_days": 30})
    instrument = Instrument.objects.create(
        program=program,
        key=INSTRUMENT_KEY,
        title="Systems-Based Practice: knowledge and attitudes",
        description="Twenty knowledge questions and ten attitude statements (and, at the "
        "follow-ups, three about what you have done since); about ten minutes.",
    )
    items = Item.objects.bulk_create(
        [
            Item(
                instrument=instrument,
                position=number,
                kind=Item.Kind.KNOWLEDGE,
                text=stem,
                topic=topic,
                explanation=explanation,
            )
            for number, (stem, topic, _options, explanation) in enumerate(KNOWLEDGE, start=1)
        ]
        + [
            Item(
                instrument=instrument,
                position=len(KNOWLEDGE) + number,
                kind=Item.Kind.ATTITUDE,
                text=statement,
                subscale=subscale,
                is_reverse_scored=reverse,
                has_retrospective=True,
            )
            for number, (statement, subscale, reverse) in enumerate(ATTITUDES, start=1)
        ]
        + [
            Item(
                instrument=instrument,
                position=len(KNOWLEDGE) + len(ATTITUDES) + number,
                kind=Item.Kind.BEHAVIOUR,
                text=statement,
            )
            for number, statement in enumerate(BEHAVIOURS, start=1)
        ]
        + [
            Item(
                instrument=instrument,
                position=len(KNOWLEDGE) + len(ATTITUDES) + len(BEHAVIOURS) + 1,
                kind=Item.Kind.FREE_TEXT,
                text="Anything else you would like your course director to know?",
                is_required=False,
            )
        ]
    )
    choices = []
    for item, (_stem, _topic, texts, _explanation) in zip(items, KNOWLEDGE, strict=False):
        order = list(range(len(texts)))
        rng.shuffle(order)
        choices += [
            Choice(item=item, position=position, text=texts[index], is_correct=index == 0)
            for position, index in enumerate(order)
        ]
    choices = Choice.objects.bulk_create(choices)
    by_item = {}
    for choice in choices:
        by_item.setdefault(choice.item_id, []).append(choice)

    sessions = SeminarSession.objects.filter(program=program).exclude(status="cancelled")
    span = sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    if span["first"] is None:
        return
    # Concentrated programs get a 30-day post window so that this year's is open in the demo.
    post_days = 30 if program.format == Program.Format.CONCENTRATED else 14
    pre = Administration.objects.create(
        instrument=instrument,
        kind=Administration.Kind.PRE,
        opens_at=span["first"] - timedelta(days=14),
        closes_at=span["first"],
        reminder_days=[3, 1],
    )
    post = Administration.objects.create(
        instrument=instrument,
        kind=Administration.Kind.POST,
        opens_at=span["last"],
        closes_at=span["last"] + timedelta(days=post_days),
        includes_retrospective=True,
        reminder_days=[3, 1],
    )
    follow_ups = [
        Administration.objects.create(
            instrument=instrument,
            kind=kind,
            opens_at=months_after(span["last"], months),
            closes_at=months_after(span["last"], months) + timedelta(days=21),
            reminder_days=[7, 2],
        )
        for kind, months, _kept in FOLLOW_UPS
    ]
    enrolled = list(
        Enrollment.objects.filter(program=program)
        .select_related("learner__user")
        .order_by("learner_id")
    )
    demo_resident = {e.learner_id for e in enrolled if e.learner.email == "resident@demo.test"}
    gains = [(pre, 0.0), (post, 1.2)]
    gains += [(f, kept) for f, (_, _, kept) in zip(follow_ups, FOLLOW_UPS, strict=True)]
    _seed_responses(gains, items, by_item, enrolled, demo_resident, rng, now)
    if program.format == Program.Format.CONCENTRATED:
        _seed_demographics(program, enrolled, demo_resident, now)
    ComparisonLink.objects.create(
        program=program,
        residency_program="Psychiatry",
        program_director_name="Dr. Adeyemi",
        program_director_email="psych-pd@demo.test",
        created_at=now,
        expires_at=now + timedelta(days=60),
    )
    if post.closes_at <= now:
        members = _comparison_group(program, size=max(6, len(enrolled)), now=now)
        _seed_responses([(pre, 0.0), (post, 0.3)], items, by_item, members, set(), rng, now)
    _seed_evaluations(program, sessions, enrolled, demo_resident, rng, now)


DEMO_DEMOGRAPHICS = ("gender_identity", "first_generation")


def _seed_demographics(program: Program, enrolled, demo_resident, now) -> None:
    """Concentrated programs ask two optional questions; most learners answered (the demo
    resident has not, so My rotation invites them). A random generator of its own, so that the
    rest of the demo draws the same numbers as without it."""
    rng = random.Random(f"demographics:{program.slug}")  # noqa: S311 - demo data, not secrets
    EvaluationSettings.objects.filter(program=program).update(
        demographic_fields=list(DEMO_DEMOGRAPHICS)
    )
    DemographicAnswers.objects.bulk_create(
        DemographicAnswers(
            program=program,
            learner_id=enrollment.learner_id,
            gender_identity=rng.choice(
                ["woman", "woman", "man", "man", "non_binary", "prefer_not"]
            ),
            first_generation=rng.choice(["yes", "no", "no", "prefer_not", ""]),
            updated_at=now,
        )
        for enrollment in enrolled
        if enrollment.learner_id not in demo_resident and rng.random() < 0.85
    )


def _comparison_group(program: Program, *, size: int, now) -> list[ComparisonMember]:
    """Residents of another residency program who took the pre and post without the course."""
    learners = Learner.objects.bulk_create(
        Learner(
            first_name=f"Comparison{number}",
            last_name=f"Resident{number:03d}",
            email=f"comparison{number}.{program.slug}@demo.test",
            residency_program="Family Medicine",
            pgy_level=2,
            program_director_name="Dr. Okafor",
            program_director_email="fm-pd@demo.test",
        )
        for number in range(1, size + 1)
    )
    return ComparisonMember.objects.bulk_create(
        ComparisonMember(program=program, learner=learner, added_at=now) for learner in learners
    )


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _insert_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """Plain multi-row INSERTs: ten times faster than bulk_create for the demo's many answers."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one] * len(chunk))  # noqa: S608 -- table and column names come from the models
            cursor.execute(sql, [value for row in chunk for value in row])


def _seed_responses(gains, items, by_item, enrolled, demo_resident, rng, now) -> None:
    """Answers to each administration of `gains` (administration, knowledge gain over the pre)."""
    responses, plans = [], []
    knowledge_total = sum(1 for item in items if item.kind == Item.Kind.KNOWLEDGE)
    answered_at = Administration._meta.get_field("opens_at")
    for enrollment in enrolled:
        learner_id = enrollment.learner_id
        ability = rng.gauss(0, 1)
        attitude = rng.gauss(0, 0.6)
        habit = rng.gauss(0, 0.7)
        for administration, gain in gains:
            if administration.opens_at > now:
                continue
            asked = [
                item
                for item in items
                if administration.is_follow_up or item.kind != Item.Kind.BEHAVIOUR
            ]
            is_open = administration.closes_at > now
            roll = rng.random()
            if learner_id in demo_resident:
                # The demo resident took the pre and has the post (if open) still to do.
                if administration.kind == "post" and is_open:
                    continue
                status = "submitted"
            elif roll < (0.25 if administration.is_follow_up else 0.08):
                continue  # some learners miss one (more of them a follow-up)
            elif roll < 0.14 or (is_open and roll < 0.4):
                status = "draft"
            else:
                status = "submitted"
            when = administration.opens_at + (
                min(administration.closes_at, now) - administration.opens_at
            ) * rng.uniform(0.1, 0.9)
            stamp = answered_at.get_db_prep_save(when, connection)
            skill, leaning = ability + gain, attitude + gain * 0.5
            answered = asked if status == "submitted" else asked[: rng.randint(3, 20)]
            rows, correct = [], 0
            for number, item in enumerate(answered):
                if item.kind == Item.Kind.KNOWLEDGE:
                    difficulty = (number % 5 - 2) * 0.4
                    is_correct = rng.random() < _sigmoid(skill - 0.2 - difficulty)
                    choice = rng.choice([c for c in by_item[item.pk] if c.is_correct == is_correct])
                    correct += is_correct
                    rows.append((item.pk, False, choice.pk, None, int(is_correct), is_correct))
                elif item.kind == Item.Kind.ATTITUDE:
                    score = max(1, min(5, round(3.2 + leaning + rng.gauss(0, 0.8))))
                    value = 6 - score if item.is_reverse_scored else score
                    rows.append((item.pk, False, None, value, score, None))
                    if administration.includes_retrospective:
                        before = max(1, min(5, score - rng.choice([0, 1, 1, 2])))
                        value = 6 - before if item.is_reverse_scored else before
                        rows.append((item.pk, True, None, value, before, None))
                elif item.kind == Item.Kind.BEHAVIOUR:
                    score = max(1, min(5, round(2.6 + habit + leaning * 0.5 + rng.gauss(0, 0.9))))
                    rows.append((item.pk, False, None, score, score, None))
            submitted = status == "submitted"
            responses.append(
                Response(
                    administration=administration,
                    learner_id=learner_id,
                    status=status,
                    started_at=when - timedelta(minutes=12),
                    updated_at=when,
                    submitted_at=when if submitted else None,
                    knowledge_correct=correct if submitted else None,
                    knowledge_total=knowledge_total if submitted else None,
                )
            )
            plans.append((rows, stamp))
    responses = Response.objects.bulk_create(responses, batch_size=2000)
    _insert_rows(
        Answer,
        [
            "response",
            "item",
            "is_retrospective",
            "choice",
            "value",
            "score",
            "is_correct",
            "text",
            "answered_at",
        ],
        [
            (response.pk, *row, "", stamp)
            for response, (rows, stamp) in zip(responses, plans, strict=True)
            for row in rows
        ],
    )


def _seed_evaluations(program, sessions, enrolled, demo_resident, rng, now) -> None:
    past = list(sessions.filter(ends_at__lte=now, status="published").order_by("starts_at"))
    faculty = {}
    for session_id, member_id in (
        SessionFaculty.objects.filter(session__in=past)
        .exclude(confirmation="declined")
        .values_list("session_id", "faculty_member_id")
    ):
        faculty.setdefault(session_id, []).append(member_id)
    evaluations, ratings = [], []
    for session in past:
        for enrollment in enrolled:
            if enrollment.learner_id in demo_resident and session == past[-1]:
                continue  # leave the last session for the demo resident to evaluate
            if rng.random() < 0.2:
                continue
            quality = max(1, min(5, round(rng.gauss(4.1, 0.8))))
            evaluations.append(
                SessionEvaluation(
                    session=session,
                    learner_id=enrollment.learner_id,
                    overall=quality,
                    relevance=max(1, min(5, round(rng.gauss(3.9, 0.9)))),
                    changed_view=max(1, min(5, round(rng.gauss(3.6, 1.0)))),
                    comment=demo_comment(rng),
                    submitted_at=session.ends_at + timedelta(hours=rng.randint(1, 72)),
                )
            )
            ratings.append(
                [
                    (member, max(1, min(5, round(rng.gauss(4.2, 0.7)))))
                    for member in faculty.get(session.pk, [])
                ]
            )
    evaluations = SessionEvaluation.objects.bulk_create(evaluations, batch_size=2000)
    _insert_rows(
        FacultyRating,
        ["evaluation", "faculty_member", "effectiveness"],
        [
            (evaluation.pk, member, score)
            for evaluation, pairs in zip(evaluations, ratings, strict=True)
            for member, score in pairs
        ],
    )
    if past and program.end_date < timezone.localdate(now):
        CourseEvaluation.objects.bulk_create(
            [
                CourseEvaluation(
                    program=program,
                    learner_id=enrollment.learner_id,
                    overall=max(1, min(5, round(rng.gauss(4.2, 0.7)))),
                    most_valuable=rng.choice(
                        [
                            "The site visits.",
                            "Hearing from patient partners.",
                            "The payment session.",
                        ]
                    ),
                    least_valuable=rng.choice(["", "The introductory lecture.", ""]),
                    topics_to_add=rng.choice(["", "Medicaid managed care.", "Behavioral health."]),
                    submitted_at=past[-1].ends_at + timedelta(days=2),
                )
                for enrollment in enrolled
                if enrollment.learner_id not in demo_resident and rng.random() < 0.6
            ],
            batch_size=2000,
        )
