"""reports.charts: the SVG parses, and its elements sit where the numbers put them."""

import re
from xml.etree import ElementTree as ET

import pytest

from reports.charts.forest import ForestRow, forest_plot
from reports.charts.items import item_facility_plot
from reports.charts.likert import AGREEMENT_LEVELS, likert_diverging_bars
from reports.charts.lines import retention_curve, trend_lines
from reports.charts.slopes import paired_slope_plot

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 -- our own generated SVG, not untrusted input
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def with_class(root: ET.Element, tag: str, name: str) -> list[ET.Element]:
    return [
        element
        for element in root.iter(f"{{{NS['svg']}}}{tag}")
        if name in element.get("class", "").split()
    ]


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{{{NS['svg']}}}text")]


def number(element: ET.Element, name: str) -> float:
    return float(element.get(name))


# ---------------------------------------------------------------------------------------------
# Slope plot. Default geometry: 420 × 320, plot from y = 34 (100 %) to y = 258 (0 %),
# pre axis at x = 136, post axis at x = 316.
# ---------------------------------------------------------------------------------------------

PRE = [40.0, 50.0, 75.0, 60.0]
POST = [70.0, 45.0, 75.0, 90.0]


def test_slope_plot_draws_one_line_per_learner_styled_by_change():
    root = parse(paired_slope_plot(PRE, POST))

    learners = with_class(root, "line", "learner")
    assert len(learners) == 4
    assert [line.get("class") for line in learners] == [
        "learner rose",
        "learner fell",
        "learner same",
        "learner rose",
    ]
    assert [line.get("stroke-dasharray") for line in learners] == [None, "4 3", "1 2", None]


def test_slope_plot_maps_scores_to_heights():
    root = parse(paired_slope_plot(PRE, POST))

    first = with_class(root, "line", "learner")[0]
    # 40 % → 258 − 0.4·224 = 168.4; 70 % → 258 − 0.7·224 = 101.2.
    assert (number(first, "x1"), number(first, "y1")) == (136.0, 168.4)
    assert (number(first, "x2"), number(first, "y2")) == (316.0, 101.2)
    mean = with_class(root, "line", "mean")[0]
    # Means 56.25 % and 70 %.
    assert (number(mean, "y1"), number(mean, "y2")) == (132.0, 101.2)
    assert ["".join(label.itertext()) for label in with_class(root, "text", "mean-label")] == [
        "mean 56 %",
        "mean 70 %",
    ]


def test_slope_plot_marks_every_score_with_a_dot_until_there_are_too_many():
    with_dots = parse(paired_slope_plot(PRE, POST))
    without = parse(paired_slope_plot(PRE, POST, points_up_to=3))

    circles = list(with_dots.iter(f"{{{NS['svg']}}}circle"))
    assert len(circles) == 8
    assert sorted({number(circle, "cx") for circle in circles}) == [136.0, 316.0]
    assert list(without.iter(f"{{{NS['svg']}}}circle")) == []
    assert len(with_class(without, "line", "learner")) == 4


def test_slope_plot_axes_ticks_and_legend():
    root = parse(paired_slope_plot(PRE, POST, title="Knowledge"))

    assert root.find("svg:title", NS).text == "Knowledge"
    assert root.find("svg:desc", NS).text == (
        "Paired scores of 4 learners, pre on the left and post on the right: "
        "2 rose, 1 fell, 1 unchanged."
    )
    labels = texts(root)
    assert labels[:6] == ["Knowledge", "0 %", "25 %", "50 %", "75 %", "100 %"]
    assert labels[6:9] == ["Pre", "Post", "n = 4"]
    assert labels[-4:] == ["rose (2)", "fell (1)", "unchanged (1)", "mean"]


def test_slope_plot_clamps_scores_outside_the_scale():
    root = parse(paired_slope_plot([-5.0], [120.0]))

    line = with_class(root, "line", "learner")[0]
    assert (number(line, "y1"), number(line, "y2")) == (258.0, 34.0)


def test_slope_plot_other_scales_are_labelled_as_numbers():
    root = parse(paired_slope_plot([2.0, 3.0], [4.0, 5.0], minimum=1, maximum=5))

    assert texts(root)[1:6] == ["1", "2", "3", "4", "5"]
    assert ["".join(label.itertext()) for label in with_class(root, "text", "mean-label")] == [
        "mean 2.5",
        "mean 4.5",
    ]


def test_slope_plot_without_learners_says_so():
    root = parse(paired_slope_plot([], []))

    assert with_class(root, "line", "learner") == []
    assert "No matched learners" in texts(root)


def test_slope_plot_rejects_unpaired_scores():
    with pytest.raises(ValueError, match="pre and post must pair up: 2 pre scores, 1 post"):
        paired_slope_plot([1.0, 2.0], [1.0])


# ---------------------------------------------------------------------------------------------
# Likert bars. Default geometry: 640 wide, bars from x = 208 to 584, centre 396, so 100 % of
# an item spans 188 px (half the bar area); rows 30 px from y = 34.
# ---------------------------------------------------------------------------------------------

ITEMS = [
    ("I understand prior authorization", [2, 4, 4, 6, 4]),
    ("I can name the partners", [0, 0, 0, 5, 5]),
]


def levels_of(root: ET.Element) -> list[list[ET.Element]]:
    return [with_class(group, "rect", "level") for group in with_class(root, "g", "item")]


def test_likert_draws_one_segment_per_answered_level():
    root = parse(likert_diverging_bars(ITEMS))

    first, second = levels_of(root)
    assert [rect.get("class") for rect in first] == [f"level level-{i}" for i in range(5)]
    assert [rect.get("class") for rect in second] == ["level level-3", "level level-4"]


def test_likert_segments_are_proportional_and_centred_on_neutral():
    root = parse(likert_diverging_bars(ITEMS))

    first, second = levels_of(root)
    # 2, 4, 4, 6, 4 of 20 → 10 %, 20 %, 20 %, 30 %, 20 % of 188 px.
    assert [number(rect, "width") for rect in first] == [18.8, 37.6, 37.6, 56.4, 37.6]
    neutral = first[2]
    assert number(neutral, "x") + number(neutral, "width") / 2 == pytest.approx(396.0)
    # Disagreement (10 % + 20 %) plus half the neutral 20 % lies left of the centre.
    assert number(first[0], "x") == pytest.approx(396.0 - 0.4 * 188)
    # Without disagreement or neutral answers, the bar starts at the centre.
    assert number(second[0], "x") == pytest.approx(396.0)
    assert number(second[1], "x") + number(second[1], "width") == pytest.approx(396.0 + 188)
    assert [number(rect, "y") for rect in (first[0], second[0])] == [37.0, 67.0]


def test_likert_hatches_disagreement_for_greyscale():
    root = parse(likert_diverging_bars(ITEMS, chart_id="attitudes-pre"))

    fills = [rect.get("fill") for rect in levels_of(root)[0]]
    assert fills[:2] == ["url(#attitudes-pre-hatch-0)", "url(#attitudes-pre-hatch-1)"]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", fill) for fill in fills[2:])
    patterns = root.findall("svg:defs/svg:pattern", NS)
    assert [pattern.get("id") for pattern in patterns] == [
        "attitudes-pre-hatch-0",
        "attitudes-pre-hatch-1",
    ]


def test_likert_labels_shares_counts_and_legend():
    root = parse(likert_diverging_bars(ITEMS))

    shares = ["".join(text.itertext()) for text in with_class(root, "text", "share")]
    # Segments narrower than 26 px (the 10 %) carry no label.
    assert shares == ["20 %", "20 %", "30 %", "20 %", "50 %", "50 %"]
    labels = texts(root)
    assert "n = 20" in labels
    assert "n = 10" in labels
    assert labels[-5:] == list(AGREEMENT_LEVELS)


def test_likert_wraps_long_statements_and_keeps_them_whole_in_a_tooltip():
    statement = (
        "Health plans shape residents' practice in ways that matter to patients and the system"
    )
    root = parse(likert_diverging_bars([(statement, [1, 1, 1, 1, 1])]))

    text = with_class(root, "text", "statement")[0]
    lines = [tspan.text for tspan in text.findall("svg:tspan", NS)]
    assert lines == ["Health plans shape residents'", "practice in ways that matter to p…"]
    assert text.find("svg:title", NS).text == statement


def test_likert_item_without_answers():
    root = parse(likert_diverging_bars([("Unanswered", [0, 0, 0, 0, 0])]))

    assert levels_of(root) == [[]]
    assert "no answers" in texts(root)
    assert "n = 0" in texts(root)


def test_likert_even_scale_has_no_neutral():
    levels = ("Disagree a lot", "Disagree", "Agree", "Agree a lot")
    root = parse(likert_diverging_bars([("Even", [1, 1, 1, 1])], levels=levels))

    rects = levels_of(root)[0]
    assert number(rects[1], "x") + number(rects[1], "width") == pytest.approx(396.0)
    assert number(rects[2], "x") == pytest.approx(396.0)


def test_likert_rejects_counts_that_do_not_match_the_levels():
    with pytest.raises(ValueError, match="'Short' has 3 counts for 5 levels"):
        likert_diverging_bars([("Short", [1, 2, 3])])


@pytest.mark.parametrize("level_count", [2, 3, 4, 5, 7])
def test_likert_scales_of_any_length_hatch_their_disagreeing_half(level_count):
    levels = tuple(f"level {index}" for index in range(level_count))
    root = parse(likert_diverging_bars([("Item", [1] * level_count)], levels=levels))

    rects = levels_of(root)[0]
    hatched = [rect for rect in rects if rect.get("fill").startswith("url(")]
    assert len(rects) == level_count
    assert len(hatched) == level_count // 2
    assert sum(number(rect, "width") for rect in rects) == pytest.approx(188.0, abs=0.05)


# ---------------------------------------------------------------------------------------------
# Item facility. Default geometry: scale from x = 212 (0 %) to 616 (100 %), rows 22 px from 34.
# ---------------------------------------------------------------------------------------------

FACILITY = [("Prior authorization", 0.25, 0.75), ("Risk adjustment", 0.5, 0.5)]


def test_facility_plot_places_pre_and_post_on_the_scale():
    root = parse(item_facility_plot(FACILITY))

    pre = with_class(root, "circle", "pre")
    post = with_class(root, "circle", "post")
    assert [(number(c, "cx"), number(c, "cy")) for c in pre] == [(313.0, 45.0), (414.0, 67.0)]
    assert [(number(c, "cx"), number(c, "cy")) for c in post] == [(515.0, 45.0), (414.0, 67.0)]
    # Open circles before, filled after: told apart without colour.
    assert {c.get("fill") for c in pre} == {"#ffffff"}
    assert {c.get("fill") for c in post} == {"#1a1a1a"}
    change = with_class(root, "line", "change")[0]
    assert (number(change, "x1"), number(change, "x2")) == (313.0, 515.0)


def test_facility_plot_leaves_out_what_is_not_shown():
    root = parse(item_facility_plot([("Small cell", None, None), ("Post only", None, 0.5)]))

    assert with_class(root, "circle", "pre") == []
    assert [number(c, "cx") for c in with_class(root, "circle", "post")] == [414.0]
    assert with_class(root, "line", "change") == []
    assert "not shown" in texts(root)


def test_facility_plot_cuts_long_labels_and_keeps_them_in_a_tooltip():
    label = "Item 3: the long label that needs to be cut somewhere"
    root = parse(item_facility_plot([(label, 0.5, 0.6)]))

    text = with_class(root, "text", "statement")[0]
    assert text.text == "Item 3: the long label that…"
    assert text.find("svg:title", NS).text == label


def test_facility_plot_rejects_percentages():
    with pytest.raises(ValueError, match="'Item': facility is a proportion between 0 and 1"):
        item_facility_plot([("Item", 45.0, 0.5)])


# --- Retention curve ---------------------------------------------------------------------------

LABELS = ("Pre", "Post", "3 months")


def test_retention_curve_draws_each_learner_and_the_labelled_mean():
    root = parse(retention_curve(LABELS, [[0, 100, 50], [50, 100, 100]], height=300.0))

    learners = with_class(root, "polyline", "learner")
    (mean,) = with_class(root, "polyline", "mean")
    # Plot from y 34 (100 %) to 260 (0 %): 226 px for 100 points.
    assert [line.get("points") for line in learners] == [
        "68,260 284,34 500,147",
        "68,147 284,34 500,34",
    ]
    assert mean.get("points") == "68,203.5 284,34 500,90.5"
    assert [t.text for t in with_class(root, "text", "mean-label")] == ["25 %", "100 %", "75 %"]
    assert root.find("svg:desc", NS).text == (
        "Mean knowledge of the 2 learners who took every time point: Pre 25 %, Post 100 %, "
        "3 months 75 %."
    )


def test_retention_curve_leaves_out_learner_lines_when_there_are_too_many():
    root = parse(retention_curve(LABELS, [[10, 20, 30]] * 3, learners_up_to=2))

    assert (
        len(with_class(root, "polyline", "learner")),
        len(with_class(root, "polyline", "mean")),
    ) == (0, 1)


def test_retention_curve_refuses_a_learner_without_every_time_point():
    with pytest.raises(ValueError, match="every learner needs a score at every time point"):
        retention_curve(LABELS, [[10, 20]])


# ---------------------------------------------------------------------------------------------
# Forest plot. Default geometry: 640 wide, the scale from x = 242 to x = 580, rows of 20 from
# y = 34. These rows span 0 to 15, ticked every 5.
# ---------------------------------------------------------------------------------------------

FOREST = [
    ForestRow("2025-2026 · Concentrated", 10.0, 5.0, 15.0),
    ForestRow("2026-2027 · Distributed", None),
    ForestRow("All cohorts", 8.0, 6.0, 10.0, is_pooled=True),
]


def x_on_forest(value: float) -> float:
    return 242 + 338 * value / 15


def test_forest_plot_puts_each_estimate_on_its_interval_and_pooled_rows_as_diamonds():
    root = parse(forest_plot(FOREST))

    (cohort, hidden) = with_class(root, "g", "cohort")
    (pooled,) = with_class(root, "g", "pooled")
    (square,) = with_class(cohort, "rect", "estimate")
    assert number(square, "x") + 4 == pytest.approx(x_on_forest(10), abs=0.01)
    assert number(square, "y") + 4 == 34 + 10  # the middle of the first row
    (interval,) = with_class(cohort, "line", "interval")
    assert (number(interval, "x1"), number(interval, "x2")) == pytest.approx(
        (x_on_forest(5), x_on_forest(15)), abs=0.01
    )
    assert "not shown" in texts(hidden)
    assert with_class(hidden, "rect", "estimate") == []
    (diamond,) = with_class(pooled, "polygon", "estimate")
    corners = [tuple(map(float, point.split(","))) for point in diamond.get("points").split()]
    assert corners[1][0] == pytest.approx(x_on_forest(8), abs=0.01)
    (zero,) = with_class(root, "line", "zero")
    assert number(zero, "x1") == 242
    assert [text for text in texts(root) if text.startswith("+")] == ["+10.0", "+8.0"]
    assert [text for text in texts(root) if text in {"0", "5", "10", "15"}] == [
        "0",
        "5",
        "10",
        "15",
    ]


def test_forest_plot_refuses_an_estimate_outside_its_interval():
    with pytest.raises(ValueError, match="outside its interval"):
        forest_plot([ForestRow("Cohort", 20.0, 5.0, 15.0)])


def test_trend_lines_join_the_years_of_each_series_and_leave_gaps_where_suppressed():
    root = parse(
        trend_lines(
            ["2024-2025", "2025-2026", "2026-2027"],
            [("Concentrated", [10.0, None, 20.0]), ("Distributed", [5.0, 15.0, 25.0])],
        )
    )

    concentrated, distributed = with_class(root, "g", "series")
    # A value between two gaps is a point without a line.
    assert with_class(concentrated, "polyline", "line") == []
    assert len(concentrated.findall("svg:circle", NS)) == 2
    (line,) = with_class(distributed, "polyline", "line")
    assert len(line.get("points").split()) == 3
    assert line.get("stroke-dasharray") == "6 3"  # told apart without colour
    assert len(distributed.findall("svg:rect", NS)) == 3
    assert [t for t in texts(root) if t.startswith("+")] == [
        "+10.0", "+20.0", "+5.0", "+15.0", "+25.0",
    ]  # fmt: skip
    assert (
        "Concentrated: 2024-2025 10, 2025-2026 not shown, 2026-2027 20"
        in root.find("svg:desc", NS).text
    )


def test_trend_lines_need_a_value_or_none_for_every_year():
    with pytest.raises(ValueError, match="every label"):
        trend_lines(["2025-2026", "2026-2027"], [("Concentrated", [10.0])])
