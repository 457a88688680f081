from datetime import UTC, datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from reports.analysis.ratings import RatingSummary
from reports.outcome_tables import ChangeCells, ProgramRows, SessionRow, outcome_tables
from reports.outcomes import PartnerOutcomes, ProgramChange, SessionOutcome, TopicChange
from reports.templatetags.report_format import num, percent
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

SHOWN = RatingSummary(n=1200, suppressed=None, mean=3.8, sd=0.7, counts=())
SUPPRESSED = RatingSummary(n=4, suppressed="fewer than 5 learners", mean=None, sd=None, counts=())


def outcomes(organization, *, sessions, programs):
    return PartnerOutcomes(
        organization=organization, programs=programs, sessions=sessions, overall=SHOWN, quotes=()
    )


def test_the_tables_show_each_figure_as_the_template_filters_formatted_it():
    topic = TopicChange("Quality measurement", items=4, pre_mean=54.4, post_mean=76.25)
    program = ProgramChange("Concentrated", 1052, None, 45.25, 65.7, (topic,))
    starts_at = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # the 26th in New York
    session = SessionOutcome(
        "Health plans", "Concentrated", starts_at, "taught and hosted", SHOWN, SHOWN, SUPPRESSED
    )

    tables = outcome_tables(
        outcomes(OrganizationFactory(), sessions=(session,), programs=(program,))
    )

    assert tables.programs == (
        ProgramRows(
            program="Concentrated",
            learners="1052",
            suppressed=None,
            cells=ChangeCells(percent(45.25, 0), percent(65.7, 0), num(65.7 - 45.25, 1)),
            topics=(
                (
                    "Quality measurement",
                    ChangeCells(percent(54.4, 0), percent(76.25, 0), num(76.25 - 54.4, 1)),
                ),
            ),
        ),
    )
    assert tables.programs[0].cells == ChangeCells("45 %", "66 %", "20.5")
    assert tables.sessions == (
        SessionRow(
            title="Health plans",
            date=date_filter(timezone.localtime(starts_at), "M j, Y"),
            part="taught and hosted",
            evaluations="1200",
            suppressed=None,
            overall="3.80",
            relevance="3.80",
            changed_view=num(None, 2),  # a session's figures are suppressed by its overall n
        ),
    )
    assert tables.sessions[0].date == "Nov 26, 2026"


def test_suppressed_rows_have_no_figures():
    program = ProgramChange("Distributed", 4, "fewer than 5 learners", None, None, ())
    starts_at = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
    session = SessionOutcome(
        "Public agencies", "Distributed", starts_at, "hosted", SUPPRESSED, SUPPRESSED, SUPPRESSED
    )

    tables = outcome_tables(
        outcomes(OrganizationFactory(), sessions=(session,), programs=(program,))
    )

    assert tables.programs == (ProgramRows("Distributed", "4", "fewer than 5 learners", None, ()),)
    assert tables.sessions == (
        SessionRow(
            "Public agencies", "Nov 2, 2026", "hosted", "4", "fewer than 5 learners", "", "", ""
        ),
    )
