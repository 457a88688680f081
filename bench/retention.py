"""Benchmark: the retention statistics for 10,000 learners × 4 time points (pre, post and two
follow-ups), as the course evaluation computes them: the Friedman test over the learners'
knowledge item counts and the paired Wilcoxon tests of all six pairs of time points,
Holm-adjusted (`reports.statistics.repeated`). Prints one line: the median and worst of a few
runs in this process (target: under 0.5 s) and the import time of NumPy and SciPy.
"""

import sys
import time
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path: put the project there instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])

started = time.perf_counter()
import numpy as np  # noqa: E402 -- timed on purpose

from reports.statistics.repeated import friedman, pairwise_wilcoxon  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - started

LEARNERS = 10_000
ITEMS = 30
TIME_POINTS = ("pre", "post", "3-month follow-up", "6-month follow-up")
RUNS = 5


def simulated_counts(rng: np.random.Generator) -> np.ndarray:
    """Items right out of 30 at each time point: a gain after the course that fades a little."""
    ability = rng.normal(size=(LEARNERS, 1))
    shift = np.array([[0.0, 1.0, 0.7, 0.5]])
    probability = 1 / (1 + np.exp(-(ability + shift - 0.2)))
    return rng.binomial(ITEMS, np.broadcast_to(probability, (LEARNERS, len(TIME_POINTS))))


def main() -> None:
    counts = simulated_counts(np.random.default_rng(2026)).astype(float)
    timings = []
    for _ in range(RUNS):
        begun = time.perf_counter()
        test = friedman(counts)
        pairs = pairwise_wilcoxon(counts)
        timings.append(time.perf_counter() - begun)
    print(
        f"retention statistics for {LEARNERS:,} learners x {len(TIME_POINTS)} time points "
        f"(Friedman chi2 = {test.chi2:.1f}, {len(pairs)} Holm-adjusted Wilcoxon pairs): median "
        f"{float(np.median(timings)):.3f} s, worst {max(timings):.3f} s over {RUNS} runs "
        f"(target < 0.5 s); importing NumPy/SciPy {IMPORT_SECONDS:.2f} s"
    )


if __name__ == "__main__":
    main()
