"""The partner value report and the partner's outcomes page: contribution valued at the
organization's rates (hand-computed), learners' outcomes suppressed below five, the report run
rendered by the worker and read back with pdftotext, and who may see them."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Response, SessionEvaluation
from config.celery import app
from partners.models import Contact, ValuationRates
from partners.valuation import DEFAULT_RATES
from reports import services
from reports.benchmarking import KNOWLEDGE_SIGNATURE_QUERIES
from reports.contribution import partner_contribution, value_contribution
from reports.models import ReportRun
from reports.outcomes import covers_topic, partner_outcomes
from rotation.models import ProgramContribution, ProgramPartner
from tests.factories import (
    OrganizationFactory,
    ProgramFactory,
    SeminarSessionFactory,
    SessionFacultyFactory,
)
from tests.partners.conftest import at, close_response, status_for
from tests.pdf import pdf_words
from tests.reports.seeding import seed_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def valued(world, taught):
    """The taught world, with what valuation needs: Maria a physician, Tom a manager by title;
    the Boardroom (40 seats, medium) with a projector, Training Room 3 small (16 seats); and
    Keystone's $500 of cash and catering for 12."""
    world.member.clinical_background = "physician"
    world.member.save()
    tom = world.organization.faculty.exclude(pk=world.member.pk).get(last_name="Becker")
    tom.title = "Care Management Nurse Lead"
    tom.save()
    world.room.av_equipment = "Projector"
    world.room.save()
    world.site.rooms.filter(name="Training Room 3").update(capacity=16)
    ProgramContribution.objects.create(
        program=taught, organization=world.organization, kind="cash", amount=Decimal("500")
    )
    ProgramContribution.objects.create(
        program=taught, organization=world.organization, kind="catering", persons=12
    )
    return taught


def defaults():
    return ValuationRates(**DEFAULT_RATES)


def test_contribution_is_valued_line_by_line_at_the_default_rates(world, valued):
    contribution = partner_contribution(organization=world.organization, programs=[valued])

    valuation = value_contribution(contribution=contribution, rates=defaults())

    assert (contribution.room_days_by_size, contribution.av_days) == ({"medium": 1, "small": 1}, 1)
    assert (contribution.cash, contribution.catered_persons) == (Decimal("500.00"), 12)
    assert [(line.label, line.quantity, line.amount) for line in valuation.valued_lines] == [
        ("Small room (up to 20 seats)", Decimal("1.00"), Decimal("250.00")),
        ("Medium room (21–50 seats)", Decimal("1.00"), Decimal("500.00")),
        ("Audio-visual support", Decimal("1.00"), Decimal("400.00")),
        ("Printing and copying", Decimal("150.00"), Decimal("15.00")),
        ("Physician faculty: teaching", Decimal("3.50"), Decimal("595.00")),
        (
            "Physician faculty: preparation (1 h per hour taught)",
            Decimal("3.50"),
            Decimal("595.00"),
        ),
        ("Executive or manager faculty: teaching", Decimal("2.00"), Decimal("170.00")),
        (
            "Executive or manager faculty: preparation (1 h per hour taught)",
            Decimal("2.00"),
            Decimal("170.00"),
        ),
        ("Catering", Decimal("12.00"), Decimal("240.00")),
    ]
    assert valuation.total == Decimal("2935.00")


def test_the_organizations_own_rates_of_the_year_are_used(world, valued):
    ValuationRates.objects.create(
        organization=world.organization,
        academic_year=valued.academic_year,
        **{
            **DEFAULT_RATES,
            "faculty_hour_physician": Decimal("200"),
            "preparation_ratio": Decimal("0.5"),
        },
    )
    from partners.selectors import rates_for

    rates = rates_for(organization=world.organization, academic_year=valued.academic_year)
    contribution = partner_contribution(organization=world.organization, programs=[valued])

    # Physician 3.5 h x $200 + 1.75 h x $200; manager 2 h x $85 + 1 h x $85; the rest as before.
    assert value_contribution(contribution=contribution, rates=rates).total == Decimal("2710.00")


def test_contributions_valued_with_a_memo_keep_each_its_own_value(world, valued):
    contribution = partner_contribution(organization=world.organization, programs=[valued])
    nothing = partner_contribution(organization=OrganizationFactory(), programs=[valued])
    dearer = ValuationRates(**{**DEFAULT_RATES, "faculty_hour_physician": Decimal("200.00")})
    asked = [
        (contribution, defaults()),
        (nothing, defaults()),
        (contribution, dearer),
        (contribution, defaults()),
        (nothing, dearer),
    ]
    memo = {}

    valuations = [value_contribution(contribution=c, rates=r, valued=memo) for c, r in asked]

    assert valuations == [value_contribution(contribution=c, rates=r) for c, r in asked]
    # Maria's 3.5 h taught and 3.5 h preparing cost $30 more an hour at the dearer rates
    assert [v.total for v in valuations[:3]] == [
        Decimal("2935.00"),
        Decimal(0),
        Decimal("3145.00"),
    ]
    assert len(memo) == 4  # the same gift at the same rates valued once


def test_a_knowledge_topic_is_covered_when_a_session_title_has_all_its_words():
    titles = {"How health plans measure quality", "Transitions of care and readmissions"}

    assert covers_topic("Quality measurement", titles)
    assert covers_topic("Transitions of care", titles)
    assert not covers_topic("Patient safety", titles)
    assert not covers_topic("", titles)


def outcomes_of(member, program):
    return partner_outcomes(organization=member.organization, programs=[program])


@pytest.mark.parametrize(("learners", "shown"), [(4, False), (5, True)])
def test_outcomes_show_the_knowledge_change_from_five_learners(db, learners, shown):
    seeded = seed_course(ProgramFactory(), learners=learners, evaluations=learners)
    ada = seeded.faculty[0]

    outcomes = outcomes_of(ada, seeded.program)

    [program] = outcomes.programs
    if shown:
        # pre 0, 25, 50, 0, 25 % (mean 20); post 25, 75, 75, 50, 50 % (mean 55)
        assert (program.matched, program.pre_mean, program.post_mean) == (5, 20.0, 55.0)
        assert outcomes.headline == (
            "Learners' knowledge scores rose from 20 % to 55 % (5 learners with both assessments)."
        )
    else:
        assert (program.matched, program.pre_mean, program.suppressed) == (
            4,
            None,
            "fewer than 5 learners completed both the pre and the post",
        )
        assert outcomes.headline == "Too few answers to report outcomes (fewer than 5 learners)."


def test_a_new_submission_changes_the_knowledge_figures_at_once(db):
    seeded = seed_course(ProgramFactory(), learners=5)
    ada = seeded.faculty[0]
    outcomes_of(ada, seeded.program)  # the knowledge figures are analysed, and cached

    # The learner with a draft post (1 of 4 right before, 4 of 4 in the draft) submits it.
    Response.objects.filter(status="draft").update(status="submitted", submitted_at=timezone.now())
    [program] = outcomes_of(ada, seeded.program).programs

    # pre 0, 25, 50, 0, 25 and 25 %; post 25, 75, 75, 50, 50 and 100 %
    assert (program.matched, program.pre_mean, program.post_mean) == (6, 125 / 6, 62.5)


@pytest.mark.parametrize(("evaluations", "shown"), [(4, False), (5, True)])
def test_session_ratings_and_quotes_need_five_evaluations(db, evaluations, shown):
    seeded = seed_course(ProgramFactory(), learners=6, evaluations=evaluations)
    SessionEvaluation.objects.filter(session=seeded.sessions[0]).update(
        comment="The health plan's medical director made quality measures concrete."
    )
    ada = seeded.faculty[0]

    outcomes = outcomes_of(ada, seeded.program)

    [session] = outcomes.sessions
    assert (session.title, session.part, session.overall.n) == (
        "Health plans",
        "taught",
        evaluations,
    )
    if shown:
        assert session.overall.mean == pytest.approx(3.8)  # 3, 4, 5, 3, 4
        assert [q.text for q in outcomes.quotes] == [
            "The health plan's medical director made quality measures concrete."
        ]
    else:
        assert (session.overall.mean, session.overall.suppressed) == (None, "fewer than 5 learners")
        assert outcomes.quotes == ()


def test_outcomes_without_quotes_have_the_same_ratings_and_no_quotes(db):
    seeded = seed_course(ProgramFactory(), learners=6, evaluations=5)
    SessionEvaluation.objects.filter(session=seeded.sessions[0]).update(
        comment="The health plan's medical director made quality measures concrete."
    )
    ada = seeded.faculty[0]

    quoted = outcomes_of(ada, seeded.program)
    page = partner_outcomes(organization=ada.organization, programs=[seeded.program], quotes=False)

    assert len(quoted.quotes) == 1
    assert page.quotes == ()
    assert (page.sessions, page.overall, page.programs) == (
        quoted.sessions,
        quoted.overall,
        quoted.programs,
    )
    assert page.sessions[0].overall.mean == pytest.approx(3.8)


def test_outcomes_cover_only_its_own_sessions(db):
    seeded = seed_course(ProgramFactory(), learners=6)
    ben = seeded.faculty[1]

    outcomes = outcomes_of(ben, seeded.program)

    assert [s.title for s in outcomes.sessions] == ["Public agencies"]
    assert outcomes.sessions[0].overall.suppressed == "fewer than 5 learners"  # 2 evaluations


def outcomes_url(slug="keystone", **query):
    url = reverse("reports:partner_outcomes", args=[slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("sessions", [1, 5])
def test_outcomes_page_uses_a_constant_number_of_queries(
    client, world, django_assert_num_queries, sessions
):
    for day in range(sessions):
        session = SeminarSessionFactory(
            program=world.program,
            status="published",
            room=world.room,
            starts_at=at(-20 + day, 9),
            ends_at=at(-20 + day, 10),
        )
        SessionFacultyFactory(
            session=session, faculty_member=world.member, confirmation="confirmed"
        )
    client.force_login(world.liaison)

    # 8 of the page, the knowledge figures' signature (KNOWLEDGE_SIGNATURE_QUERIES) and their
    # reads (2: the program has no instrument); then 1 fewer for the page, and no reads (cached).
    with django_assert_num_queries(8 + KNOWLEDGE_SIGNATURE_QUERIES + 2):
        response = client.get(outcomes_url(year=world.program.academic_year))
    with django_assert_num_queries(7 + KNOWLEDGE_SIGNATURE_QUERIES):
        client.get(outcomes_url(year=world.program.academic_year))

    assert len(response.context["outcomes"].sessions) == sessions


def test_a_liaison_requests_the_value_report_and_downloads_the_pdf(client, world, valued):
    client.force_login(world.liaison)

    response = client.post(outcomes_url(), {"program": valued.slug})

    run = ReportRun.objects.get()
    assert (run.kind, run.organization, run.program, run.academic_year) == (
        "partner_value",
        world.organization,
        valued,
        "",
    )
    assert response["Location"] == reverse("reports:partner_value_run", args=["keystone", run.pk])
    assert services.run_report(run_id=run.pk).status == "done"
    download = client.get(reverse("reports:partner_value_download", args=["keystone", run.pk]))
    pdf = b"".join(download.streaming_content)
    close_response(download)
    text = pdf_words(pdf)
    for phrase in [
        "Keystone Health Plan",
        # the summary's figures sit two by two: labels, then their values
        "Total value given In kind (rooms, AV, printing, faculty time, catering) $3,435 $2,935",
        "Cash Faculty hours (teaching and preparation) $500 11",  # 5.5 taught + 5.5 preparing
        "Sessions taught · hosted Learners reached 2·3 4",
        # 1. the contribution report, as it was
        "1. What it gave",
        "Teaching hours 5.5",
        "Room-days 2",
        "Pages printed and copied 150",
        "Catering in kind 12 persons",
        "Maria Alvarez",
        # 2. valued, with the rates shown
        "Physician faculty: teaching 3.50 hours $170.00 $595.00",
        "Catering 12 persons $20.00 $240.00",
        "In kind $2,935.00",
        "Total $3,435.00",
        "Small room (up to 20 seats) $250.00 per room-day",
        "Printing and copying $0.10 per page",
        "3. What learners gained",
        "4. In learners' words",
    ]:
        assert phrase in text, phrase


def test_a_value_report_of_a_year_covers_that_years_programs(client, world, valued):
    later = ProgramFactory(slug="later", academic_year="2027-2028")
    ProgramPartner.objects.create(program=later, organization=world.organization, role="content")
    client.force_login(world.director)

    client.post(outcomes_url(), {"year": "2027-2028"})

    run = ReportRun.objects.get()
    assert (run.program, run.academic_year, run.period) == (
        None,
        "2027-2028",
        "academic year 2027-2028",
    )
    services.run_report(run_id=run.pk)
    run.refresh_from_db()
    with run.file.open("rb") as pdf:
        text = pdf_words(pdf.read())
    assert "Academic year 2027-2028" in text
    assert "Total value given In kind (rooms, AV, printing, faculty time, catering) $0 $0" in text


def test_a_program_the_partner_has_no_part_in_is_refused(client, world, valued):
    client.force_login(world.liaison)

    assert client.post(outcomes_url(), {"program": world.other_program.slug}).status_code == 404
    assert ReportRun.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("learner", 403),
        ("faculty_user", 403),
        ("other_liaison", 404),
        ("other_director", 404),
        ("liaison", 200),
        ("director", 200),
        ("staff", 200),
    ],
)
def test_outcomes_and_value_reports_are_for_the_partners_managers(client, world, role, expected):
    run = ReportRun.objects.create(
        kind="partner_value", organization=world.organization, program=world.program
    )
    run_url = reverse("reports:partner_value_run", args=["keystone", run.pk])

    assert status_for(client, world, role, outcomes_url()) == expected
    assert status_for(client, world, role, run_url) == expected


def test_a_liaison_of_another_partner_who_directs_its_program_manages_it_too(client, world):
    world.program.directors.add(world.other_liaison)
    client.force_login(world.other_liaison)

    response = client.get(outcomes_url())

    assert (response.status_code, response.context["organization"]) == (200, world.organization)


def test_another_partners_run_is_not_found_under_this_partner(client, world):
    run = ReportRun.objects.create(
        kind="partner_value", organization=world.other_organization, academic_year="2026-2027"
    )
    client.force_login(world.staff)

    url = reverse("reports:partner_value_download", args=["keystone", run.pk])

    assert client.get(url).status_code == 404


def test_the_finished_report_is_emailed_to_the_billing_contacts_with_its_faculty_section(
    world, valued, mailoutbox, django_capture_on_commit_callbacks
):
    Contact.objects.create(
        organization=world.organization,
        name="Bill Payer",
        email="billing@keystone.example.org",
        billing_contact=True,
    )
    Contact.objects.create(
        organization=world.organization, name="Ava Visual", email="av@keystone.example.org"
    )
    run = services.request_partner_value(
        organization=world.organization, user=world.liaison, program=valued
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.run_report(run_id=run.pk)
    finally:
        app.conf.task_always_eager = eager

    (email,) = [m for m in mailoutbox if "value of" in m.subject]
    assert email.to == ["billing@keystone.example.org"]
    name, content, mimetype = email.attachments[0]
    assert (name, mimetype) == (f"value-report-keystone-{run.pk}.pdf", "application/pdf")
    text = pdf_words(content)
    assert "5. How teaching went for its faculty" in text
    assert "Not shown: fewer than 5 answers" in text
