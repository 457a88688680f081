"""Benchmark: every statistic of a course evaluation for 10,000 matched learners.

Simulated answers (30 right/wrong knowledge items and 10 five-point attitude items, pre and
post) go through the same `reports.statistics` calls a report makes: descriptions, paired t,
Wilcoxon, effect sizes, gain, KR-20, item facility and discrimination, McNemar and Holm per
item, Wilson intervals and Wilcoxon per attitude item, Cronbach's α. Prints one line: the
median and worst of several runs (target: under 0.5 s), and the import time. A second line
times the report's charts (`reports.charts`) for 1,000 learners.
"""

import sys
import time
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, where its own name would shadow
# the standard library's `statistics` for everything imported after: put the project there.
sys.path[0] = str(Path(__file__).resolve().parents[1])

started = time.perf_counter()
import numpy as np  # noqa: E402 -- timed on purpose

from reports.charts.items import item_facility_plot  # noqa: E402
from reports.charts.likert import likert_diverging_bars  # noqa: E402
from reports.charts.slopes import paired_slope_plot  # noqa: E402
from reports.statistics.adjust import holm  # noqa: E402
from reports.statistics.description import describe  # noqa: E402
from reports.statistics.items import (  # noqa: E402
    cronbach_alpha,
    item_discrimination,
    item_facility,
    kr20,
)
from reports.statistics.paired import (  # noqa: E402
    cohens_dav,
    cohens_dz,
    hake_gain,
    paired_t,
    wilcoxon_signed_rank,
)
from reports.statistics.proportions import mcnemar, wilson_interval  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - started

LEARNERS = 10_000
KNOWLEDGE_ITEMS = 30
ATTITUDE_ITEMS = 10
RUNS = 5
CHART_LEARNERS = 1_000


def simulated_answers(rng: np.random.Generator) -> dict[str, np.ndarray]:
    ability = rng.normal(size=(LEARNERS, 1))
    difficulty = rng.normal(size=(1, KNOWLEDGE_ITEMS))
    logit_pre = ability - difficulty
    pre = rng.random((LEARNERS, KNOWLEDGE_ITEMS)) < 1 / (1 + np.exp(-logit_pre))
    post = rng.random((LEARNERS, KNOWLEDGE_ITEMS)) < 1 / (1 + np.exp(-(logit_pre + 0.8)))
    attitude_pre = np.clip(np.rint(3 + ability + rng.normal(size=(LEARNERS, ATTITUDE_ITEMS))), 1, 5)
    attitude_post = np.clip(np.rint(attitude_pre + rng.normal(0.4, 0.8, attitude_pre.shape)), 1, 5)
    return {
        "pre": pre.astype(float),
        "post": post.astype(float),
        "attitude_pre": attitude_pre,
        "attitude_post": attitude_post,
    }


def course_statistics(data: dict[str, np.ndarray]) -> list[object]:
    pre, post = data["pre"], data["post"]
    pre_percent = pre.mean(axis=1) * 100
    post_percent = post.mean(axis=1) * 100
    results: list[object] = [
        describe(pre_percent),
        describe(post_percent),
        paired_t(pre_percent, post_percent),
        wilcoxon_signed_rank(pre_percent, post_percent),
        cohens_dz(pre_percent, post_percent),
        cohens_dav(pre_percent, post_percent),
        hake_gain(float(pre_percent.mean()), float(post_percent.mean())),
        kr20(pre),
        kr20(post),
        item_facility(pre),
        item_facility(post),
        item_discrimination(pre),
        item_discrimination(post),
    ]
    item_tests = [mcnemar(pre[:, item], post[:, item]) for item in range(KNOWLEDGE_ITEMS)]
    results += item_tests
    results.append(holm([test.p_value for test in item_tests]))
    attitude_pre, attitude_post = data["attitude_pre"], data["attitude_post"]
    attitude_tests = []
    for item in range(ATTITUDE_ITEMS):
        before, after = attitude_pre[:, item], attitude_post[:, item]
        results.append(describe(before))
        results.append(describe(after))
        results.append(wilson_interval(int((before >= 4).sum()), LEARNERS))
        results.append(wilson_interval(int((after >= 4).sum()), LEARNERS))
        attitude_tests.append(wilcoxon_signed_rank(before, after))
    results += attitude_tests
    results.append(holm([test.p_value for test in attitude_tests]))
    results.append(cronbach_alpha(attitude_pre))
    results.append(cronbach_alpha(attitude_post))
    return results


def main() -> None:
    data = simulated_answers(np.random.default_rng(2026))
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        results = course_statistics(data)
        timings.append(time.perf_counter() - started)
    print(
        f"statistics for {LEARNERS:,} learners ({KNOWLEDGE_ITEMS} knowledge + {ATTITUDE_ITEMS} "
        f"attitude items, {len(results)} results): median {float(np.median(timings)):.3f} s, "
        f"worst {max(timings):.3f} s over {RUNS} runs (target < 0.5 s); "
        f"importing NumPy/SciPy {IMPORT_SECONDS:.2f} s"
    )

    chart_timings, size = [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        size = len(report_charts(data, CHART_LEARNERS))
        chart_timings.append(time.perf_counter() - started)
    print(
        f"charts for {CHART_LEARNERS:,} learners (slope plot, {KNOWLEDGE_ITEMS}-item facility, "
        f"{ATTITUDE_ITEMS}-item Likert bars): median {float(np.median(chart_timings)):.3f} s, "
        f"{size / 1024:.0f} KiB of SVG"
    )


def report_charts(data: dict[str, np.ndarray], learners: int) -> str:
    pre, post = data["pre"][:learners], data["post"][:learners]
    attitude = data["attitude_post"][:learners]
    likert = [
        (
            f"Attitude statement {item + 1}",
            [int((attitude[:, item] == level).sum()) for level in range(1, 6)],
        )
        for item in range(ATTITUDE_ITEMS)
    ]
    facility = [
        (f"Item {item + 1}", float(pre[:, item].mean()), float(post[:, item].mean()))
        for item in range(KNOWLEDGE_ITEMS)
    ]
    return "".join(
        (
            paired_slope_plot(pre.mean(axis=1) * 100, post.mean(axis=1) * 100),
            item_facility_plot(facility),
            likert_diverging_bars(likert),
        )
    )


if __name__ == "__main__":
    main()
