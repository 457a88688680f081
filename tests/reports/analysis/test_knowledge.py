"""The knowledge part of the course evaluation, from arrays, without a database."""

from datetime import date

import numpy as np
import pytest
from scipy import stats

from reports.analysis.data import CourseRows, ItemRow, course_data
from reports.analysis.knowledge import analyse_knowledge


def test_wilcoxon_ranks_item_counts_so_equal_gains_tie():
    # Issue 16: k = 7 items, pre item counts 0, 2, 3, 4, 5 and everyone gains one item. As
    # percentages the five gains are unequal floats (100·3/7 − 100·2/7 ≠ 100/7), which broke the
    # ties and gave the exact p 0.0625. R on the item counts:
    #   wilcox.test(c(1, 3, 4, 5, 6), c(0, 2, 3, 4, 5), paired = TRUE)  V = 15, p-value = 0.03689
    items = tuple(ItemRow(pk, "knowledge", f"Q{pk}", "", "", False, (), False) for pk in range(7))
    pre_counts = dict(zip(range(1, 6), (0, 2, 3, 4, 5), strict=True))
    answers = tuple(
        (learner, kind, item.pk, False, None, None, item.pk < right + (kind == "post"), "")
        for learner, right in pre_counts.items()
        for kind in ("pre", "post")
        for item in items
    )
    rows = CourseRows(
        "Keystone", "keystone", "2026-2027", date(2026, 9, 1), date(2026, 12, 18), "SBP", 1, (),
        items, tuple((learner, kind) for learner in pre_counts for kind in ("pre", "post")),
        answers, 5, (), (), (), (), (),
    )  # fmt: skip

    wilcoxon = analyse_knowledge(course_data(rows)).wilcoxon

    assert (wilcoxon.v, wilcoxon.exact, wilcoxon.has_ties) == (15.0, False, True)
    assert wilcoxon.p_value == pytest.approx(0.03689, abs=5e-6)
    sigma = np.sqrt(5 * 6 * 11 / 24 - (5**3 - 5) / 48)
    assert wilcoxon.p_value == pytest.approx(2 * stats.norm.sf((15 - 7.5 - 0.5) / sigma), rel=1e-12)
