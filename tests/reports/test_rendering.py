"""How the course evaluation's HTML carries its comments and charts."""

import base64
import dataclasses
import re

from reports.charts.items import item_facility_plot
from reports.rendering import Comment, CommentGroup, comment_groups, svg_image
from reports.selectors import course_report
from tests.factories import ProgramFactory
from tests.reports.seeding import seed_course


def test_identical_comments_print_once_with_their_number_in_order_of_first_submission(db):
    report = course_report(program=seed_course(ProgramFactory(), learners=6).program)
    data = dataclasses.replace(
        report.data,
        course_comments=(("Most valuable", ("Site visit", "Case study", "Site visit")),),
        free_text=(),
    )

    groups = comment_groups(dataclasses.replace(report, data=data))

    assert groups == [
        CommentGroup(
            "Health plans",
            [
                Comment("Session remark 0", 1),
                Comment("Session remark 2", 1),
                Comment("Session remark 4", 1),
            ],
        ),
        CommentGroup("Course: most valuable", [Comment("Site visit", 2), Comment("Case study", 1)]),
    ]


def test_a_chart_for_the_pdf_is_an_image_of_the_same_svg_with_its_title_as_alt_text():
    svg = item_facility_plot([("K1", 0.25, 0.75)], title="Items <right> & wrong")

    markup = svg_image(svg)

    alt, data = re.fullmatch(
        r'<img class="chart" alt="([^"]*)" src="data:image/svg\+xml;base64,([^"]+)">', markup
    ).groups()
    assert alt == "Items &lt;right&gt; &amp; wrong"
    assert base64.b64decode(data).decode() == svg


def test_effect_sizes_print_with_their_subscript_and_the_rest_is_escaped():
    from reports.templatetags.report_format import subscripts

    assert subscripts("t = 2 <b>, d_z = 1.30; d_av = 0.4; odd_zone") == (
        "t = 2 &lt;b&gt;, d<sub>z</sub> = 1.30; d<sub>av</sub> = 0.4; odd_zone"
    )
