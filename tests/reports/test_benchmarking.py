"""Benchmarking across years and programs: every figure against values computed by hand from
what `seed_course` stored, small cells suppressed, the items two instruments share, who sees
which programs, a constant number of queries, and the PDF rendered by the report task and
read back with pdftotext."""

import math
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import ComparisonMember, Instrument, Item, Response, SessionEvaluation
from partners.models import Organization
from reports.analysis.benchmarking import benchmark
from reports.analysis.knowledge import analyse_knowledge
from reports.benchmarking import (
    BENCHMARK_QUERIES,
    KNOWLEDGE_QUERIES,
    KNOWLEDGE_SIGNATURE_QUERIES,
    SIGNATURE_QUERIES,
    benchmarking,
    cohort_inputs,
    derived_from_benchmarking,
    knowledge_by_program,
    programs_to_benchmark,
)
from reports.models import ReportRun
from reports.rendering import benchmarking_figures
from reports.selectors import course_report
from rotation.models import Enrollment, Program, ProgramPartner, SeminarSession
from tests.factories import OrganizationFactory, ProgramFactory, UserFactory
from tests.pdf import pdf_text
from tests.reports.seeding import seed_course

pytestmark = pytest.mark.django_db

# R: qt(0.975, 5) and qt(0.975, 11)
T_5 = 2.5705818356363137
T_11 = 2.2009851600916388


def make_program(director, *, year: str, program_format: str, name: str = "Mini-Rotation"):
    start = date(int(year[:4]), 10, 1)
    return ProgramFactory(
        name=name,
        academic_year=year,
        format=program_format,
        start_date=start,
        end_date=start,
        directors=[director],
    )


@pytest.fixture
def chair(db):
    """A course director of only the programs each test makes."""
    return UserFactory(email="chair@example.org")


@pytest.fixture
def two_years(chair):
    """Last year's concentrated and this year's distributed cohort, 6 matched learners each
    (knowledge 0/1/2 of 4 right before, changes of 25 and 50 points alternating)."""
    last = make_program(chair, year="2025-2026", program_format="concentrated")
    this = make_program(chair, year="2026-2027", program_format="distributed")
    host = OrganizationFactory(name="Keystone Health Plan")
    ProgramPartner.objects.create(program=last, organization=host, role="host_content")
    ProgramPartner.objects.create(program=this, organization=host, role="host_content")
    seed_course(last, learners=6)
    seed_course(this, learners=6)
    return last, this


def test_each_cohorts_figures_equal_the_hand_computed_ones(chair, two_years):
    figures = benchmarking(user=chair)
    cohort = figures.cohorts[0]
    changes = [25, 50, 25, 50, 25, 50]  # post − pre of the six matched learners, in points
    sd = math.sqrt(sum((change - 37.5) ** 2 for change in changes) / 5)

    assert [c.academic_year for c in figures.cohorts] == ["2025-2026", "2026-2027"]
    assert (cohort.format_label, cohort.partners) == ("Concentrated", ("Keystone Health Plan",))
    participation = cohort.participation
    # 9 enrolled: 6 matched, one with only a pre, one with only a post, one with a draft post.
    assert (participation.enrolled, participation.pre_submitted) == (9, 8)
    assert (participation.post_submitted, participation.matched) == (7, 6)
    assert (participation.pre_rate, participation.post_rate) == (8 / 9, 7 / 9)
    knowledge = cohort.knowledge
    assert (knowledge.n, knowledge.suppressed, knowledge.pre_mean, knowledge.post_mean) == (
        6,
        None,
        25.0,
        62.5,
    )
    assert knowledge.t.mean_difference == pytest.approx(37.5, abs=1e-12)
    assert knowledge.t.ci_low == pytest.approx(37.5 - T_5 * sd / math.sqrt(6), abs=1e-9)
    assert knowledge.t.ci_high == pytest.approx(37.5 + T_5 * sd / math.sqrt(6), abs=1e-9)
    assert knowledge.gain.gain == pytest.approx(37.5 / 75, abs=1e-12)
    assert knowledge.dz.value == pytest.approx(37.5 / sd, abs=1e-9)
    # Session evaluations: overall 3, 4, 5, 3, 4, 5 on the first session, 1 and 1 on the second.
    assert (cohort.sessions.n, cohort.sessions.mean) == (8, 26 / 8)
    # "Partnership": A1 as answered, A2 reverse-scored; per learner the mean of both.
    (partnership,) = cohort.subscales
    assert figures.subscale_names == ("Partnership",)
    assert (partnership.n, partnership.pre_mean, partnership.post_mean) == (6, 2.75, 4.0)
    assert partnership.t.mean_difference == pytest.approx(1.25, abs=1e-12)


def test_pooled_groups_put_the_cohorts_learners_together(chair, two_years):
    figures = benchmarking(user=chair)
    years = figures.groups_by("year")
    formats = figures.groups_by("format")
    (partner,) = figures.groups_by("partner")
    changes = [25, 50] * 6
    sd = math.sqrt(sum((change - 37.5) ** 2 for change in changes) / 11)

    assert [(g.name, g.cohorts, g.participation.matched) for g in years] == [
        ("2025-2026", 1, 6),
        ("2026-2027", 1, 6),
    ]
    assert [g.name for g in formats] == ["Concentrated", "Distributed"]
    assert (partner.name, partner.cohorts, partner.participation.enrolled) == (
        "Keystone Health Plan",
        2,
        18,
    )
    overall = figures.overall.knowledge
    assert (overall.n, overall.t.df) == (12, 11)
    assert overall.t.ci_low == pytest.approx(37.5 - T_11 * sd / math.sqrt(12), abs=1e-9)
    assert overall.dz.value == pytest.approx(37.5 / sd, abs=1e-9)
    assert (figures.overall.sessions.n, figures.overall.sessions.mean) == (16, 3.25)
    assert figures.trends == (("Concentrated", (37.5, None)), ("Distributed", (None, 37.5)))


def test_cohorts_below_five_learners_are_suppressed_but_count_in_their_pool(chair):
    small = make_program(chair, year="2025-2026", program_format="concentrated")
    large = make_program(chair, year="2025-2026", program_format="distributed")
    seed_course(small, learners=3, evaluations=2)
    seed_course(large, learners=6)

    figures = benchmarking(user=chair)
    by_program = {cohort.program_id: cohort for cohort in figures.cohorts}
    shown = by_program[small.pk]

    assert shown.knowledge.suppressed == "fewer than 5 learners completed both the pre and the post"
    assert (shown.knowledge.t, shown.knowledge.dz, shown.knowledge.pre_mean) == (None, None, None)
    assert [change.suppressed for change in shown.subscales] == ["fewer than 5 learners"]
    assert (shown.sessions.n, shown.sessions.mean) == (4, None)
    assert all(figure.pre is None for _, figure in shown.items)
    (year,) = figures.groups_by("year")
    assert (year.knowledge.n, year.knowledge.suppressed) == (9, None)


def test_only_items_two_instruments_share_are_compared_and_named(chair, two_years):
    last, this = two_years
    other = make_program(chair, year="2026-2027", program_format="concentrated", name="Other")
    seed_course(other, learners=5)
    # The same wording apart from spacing and case is the same item; other wording is not.
    Item.objects.filter(instrument__program=this, text="Attitude statement 1").update(
        text="  attitude   STATEMENT 1 "
    )
    Item.objects.filter(instrument__program=this, text="Knowledge question 2").update(
        text="Knowledge question 2, reworded"
    )
    for item in Item.objects.filter(instrument__program=other):
        Item.objects.filter(pk=item.pk).update(text=f"Other program's {item.text}")

    figures = benchmarking(user=chair)
    common = [(item.code, item.kind, item.text, item.cohorts) for item in figures.common_items]

    assert common == [
        ("C1", "knowledge", "Knowledge question 1", 2),
        ("C2", "knowledge", "Knowledge question 3", 2),
        ("C3", "knowledge", "Knowledge question 4", 2),
        ("C4", "attitude", "Attitude statement 1", 2),
        ("C5", "attitude", "Attitude statement 2", 2),
    ]
    assert [c.program_id for c in figures.compared_by_item] == [last.pk, this.pk]
    assert [c.program_id for c in figures.not_compared_by_item] == [other.pk]
    # Knowledge question 1: learners with 1 or more right before (i % 3 > 0: 4 of 6), after 6.
    item, by_year = figures.item_years[0]
    assert item.code == "C1"
    assert [(f.n, f.pre, f.post) for f in by_year] == [(6, 4 / 6, 1.0), (6, 4 / 6, 1.0)]


def test_a_director_compares_their_own_programs_and_staff_every_program(
    chair, staff_user, two_years
):
    someone_else = UserFactory(email="other@example.org")
    theirs = make_program(someone_else, year="2024-2025", program_format="concentrated")

    mine = benchmarking(user=chair)
    everyone = benchmarking(user=staff_user)

    assert [c.program_id for c in mine.cohorts] == [program.pk for program in two_years]
    assert [c.program_id for c in everyone.cohorts] == [theirs.pk, *(p.pk for p in two_years)]
    assert everyone.cohorts[0].participation.enrolled == 0  # no learners, no instrument
    assert everyone.cohorts[0].knowledge.suppressed == "no knowledge items"


@pytest.mark.parametrize("programs", [2, 4])
def test_the_page_takes_the_same_queries_whatever_the_number_of_programs(
    client, django_assert_num_queries, programs
):
    user = UserFactory(email="counted@example.org")
    for number in range(programs):
        program = make_program(
            user, year=f"{2020 + number}-{2021 + number}", program_format="concentrated"
        )
        seed_course(program, learners=5)
    client.force_login(user)

    # The page's own 3, the programs' ids, the signature; then, not cached yet, the reads.
    with django_assert_num_queries(3 + 1 + SIGNATURE_QUERIES + BENCHMARK_QUERIES):
        response = client.get(reverse("reports:benchmarking"))
    with django_assert_num_queries(3 + 1 + SIGNATURE_QUERIES):
        again = client.get(reverse("reports:benchmarking"))

    assert response.status_code == again.status_code == 200
    assert len(response.context["benchmarking"].cohorts) == programs
    assert again.content == response.content.replace(*csrf_tokens(response, again))


def test_the_page_shows_the_figures_the_charts_and_which_items_are_common(client, chair, two_years):
    client.force_login(chair)

    page = client.get(reverse("reports:benchmarking")).content.decode()

    assert "37.5 [23.1, 51.9]" in page
    assert "Knowledge gain by cohort (post − pre, 95 % CI)" in page  # the forest plot's title
    assert "Mean knowledge gain by academic year" in page  # the trend lines' title
    assert "6 items are common" in page
    assert "C1 Knowledge question 1" in page
    # Each pooled row says how many cohorts it pools.
    assert '<th scope="row">2025-2026<br><small>1 cohort</small></th>' in page
    assert '<th scope="row">Keystone Health Plan<br><small>2 cohorts</small></th>' in page
    assert '<th scope="row">All cohorts<br><small>2 cohorts</small></th>' in page


def test_the_pdf_is_rendered_by_the_report_task_and_reads_back(
    client, chair, two_years, django_capture_on_commit_callbacks, eager_celery
):
    client.force_login(chair)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reports:benchmarking"))
    run = ReportRun.objects.get()
    assert (run.kind, run.status, run.program, len(callbacks)) == (
        "benchmarking",
        "queued",
        None,
        1,
    )
    assert response.url == reverse("reports:benchmarking_run", args=[run.pk])
    callbacks[0]()  # the real task, eagerly, with WeasyPrint
    run.refresh_from_db()
    assert (run.status, run.progress, run.error) == ("done", 100, "")
    download = client.get(reverse("reports:benchmarking_download", args=[run.pk]))
    pdf = b"".join(download.streaming_content)
    text = " ".join(pdf_text(pdf, layout=False).split())

    assert "Benchmarking · 2025-2026 to 2026-2027" in text
    assert "The programs you direct: 2 cohorts" in text
    assert "25.0 → 62.5 37.5 [23.1, 51.9] 0.50 2.74 3.25 (8)" in text
    assert "C1 Knowledge question 1 (knowledge, 2) 67 % → 100 % 67 % → 100 %" in text
    assert "Page 1 of" in text


def test_the_reads_leave_the_knowledge_analysis_as_the_course_evaluation_has_it(two_years):
    """Benchmarking reads only the answers its figures count (right knowledge answers, scored
    attitude answers); the partner's outcomes analyse knowledge from those reads."""
    last, _ = two_years
    (cohort,) = cohort_inputs(programs=Program.objects.filter(pk=last.pk))

    assert repr(analyse_knowledge(cohort.data)) == repr(course_report(program=last).knowledge)


def csrf_tokens(*responses) -> tuple[bytes, ...]:
    """Each page's CSRF token (the only part of the page that differs between two requests)."""
    return tuple(
        re.search(rb'"X-CSRFToken": "([^"]+)"', response.content).group(1) for response in responses
    )


def test_a_repeated_read_comes_from_the_cache_with_the_same_figures(
    chair, two_years, django_assert_num_queries
):
    first = benchmarking(user=chair)

    with django_assert_num_queries(1 + SIGNATURE_QUERIES):
        again = benchmarking(user=chair)

    assert repr(again) == repr(first)


def test_what_a_page_derives_from_the_analysis_is_cached_beside_it(
    chair, two_years, django_assert_num_queries
):
    analysis = benchmarking(user=chair)

    def names(figures):
        return [cohort.name for cohort in figures.cohorts]

    with django_assert_num_queries(1 + SIGNATURE_QUERIES + BENCHMARK_QUERIES):  # its own entry
        first = derived_from_benchmarking(user=chair, name="names", derive=names)
    with django_assert_num_queries(1 + SIGNATURE_QUERIES):
        again = derived_from_benchmarking(user=chair, name="names", derive=names)

    assert first == again == names(analysis) == ["Mini-Rotation", "Mini-Rotation"]


def test_the_knowledge_figures_are_the_course_evaluations_and_cached_too(
    two_years, django_assert_num_queries
):
    ids = [program.pk for program in two_years]
    evaluations = {program.pk: course_report(program=program).knowledge for program in two_years}

    with django_assert_num_queries(KNOWLEDGE_SIGNATURE_QUERIES + KNOWLEDGE_QUERIES):
        first = knowledge_by_program(program_ids=ids)
    with django_assert_num_queries(KNOWLEDGE_SIGNATURE_QUERIES):
        again = knowledge_by_program(program_ids=ids)

    assert repr(again) == repr(first) == repr(evaluations)


def _submit_the_draft(last, this):
    Response.objects.filter(administration__instrument__program=last, status="draft").update(
        status="submitted", submitted_at=timezone.now()
    )


def _reword_an_item(last, this):
    Item.objects.filter(instrument__program=last, text="Knowledge question 1").update(
        text="Knowledge question 1, reworded"
    )


def _move_an_item(last, this):
    first, second = Item.objects.filter(instrument__program=last).order_by("position")[:2]
    Item.objects.filter(pk=first.pk).update(position=second.position)
    Item.objects.filter(pk=second.pk).update(position=first.position)


def _withdraw_a_learner(last, this):
    enrollment = Enrollment.objects.filter(program=last).first()
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.WITHDRAWN)


def _rename_the_program(last, this):
    Program.objects.filter(pk=last.pk).update(name="Mini-Rotation, renamed")


def _rename_the_partner(last, this):
    Organization.objects.filter(name="Keystone Health Plan").update(name="Keystone Health")


def _add_a_partner(last, this):
    ProgramPartner.objects.create(
        program=this, organization=OrganizationFactory(name="Allegheny Clinic"), role="host"
    )


def _retitle_the_instrument(last, this):
    Instrument.objects.filter(program=last).update(title="Knowledge and attitudes, retitled")


def _move_a_learner_to_the_comparison_group(last, this):
    response = Response.objects.filter(administration__instrument__program=last).first()
    ComparisonMember.objects.create(
        program=last, learner_id=response.learner_id, added_at=timezone.now()
    )


def _evaluate_a_session(last, this):
    session = SeminarSession.objects.get(program=last, title="Public agencies")
    learner = (
        Enrollment.objects.filter(program=last)
        .exclude(learner__evaluations__session=session)[0]
        .learner
    )
    SessionEvaluation.objects.create(
        session=session,
        learner=learner,
        overall=5,
        relevance=5,
        changed_view=5,
        submitted_at=timezone.now(),
    )


def _move_a_session_to_the_other_program(last, this):
    session = SeminarSession.objects.get(program=last, title="Public agencies")
    session.program = this  # with its two evaluations, both rated 1
    session.starts_at += timedelta(hours=4)  # clear of the other program's own sessions
    session.ends_at += timedelta(hours=4)
    session.save()


@pytest.mark.parametrize(
    "change",
    [
        _submit_the_draft,
        _reword_an_item,
        _move_an_item,
        _withdraw_a_learner,
        _rename_the_program,
        _rename_the_partner,
        _add_a_partner,
        _retitle_the_instrument,
        _move_a_learner_to_the_comparison_group,
        _evaluate_a_session,
        _move_a_session_to_the_other_program,
    ],
)
def test_any_change_to_what_the_figures_read_shows_at_once(chair, two_years, change):
    def page(user):
        return derived_from_benchmarking(
            user=user, name="benchmarking-page", derive=benchmarking_figures
        )

    ids = [program.pk for program in two_years]
    before, page_before = benchmarking(user=chair), page(chair)  # analysed, and cached
    knowledge_by_program(program_ids=ids)  # cached too, on a signature of less

    change(*two_years)
    after, page_after = benchmarking(user=chair), page(chair)

    programs = programs_to_benchmark(user=chair)
    uncached = benchmark(cohort_inputs(programs=programs))
    assert repr(after) == repr(uncached)
    assert repr(after) != repr(before)
    # The page's tables and charts, cached with the analysis, change with it.
    assert repr(page_after) == repr(benchmarking_figures(uncached))
    assert repr(page_after) != repr(page_before)
    # The knowledge figures change when what they read changes (not every change here).
    knowledge = {
        cohort.program_id: analyse_knowledge(cohort.data)
        for cohort in cohort_inputs(programs=programs, knowledge_only=True)
    }
    assert repr(knowledge_by_program(program_ids=ids)) == repr(knowledge)
