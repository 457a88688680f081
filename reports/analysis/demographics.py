"""Outcomes broken down by the optional demographic answers (equity): knowledge before and
after, and the mean attitude change, per group of matched learners. Shown only where every
group has at least MIN_DEMOGRAPHIC_CELL learners; otherwise withheld, saying why. No Django."""

from dataclasses import dataclass

import numpy as np

MIN_DEMOGRAPHIC_CELL = 10


@dataclass(frozen=True)
class GroupRow:
    label: str
    n: int
    pre: float  # mean percent correct
    post: float
    change: float  # mean of each learner's post − pre, in points
    attitude_change: float | None  # mean of each learner's mean item change; None: no items


@dataclass(frozen=True)
class Breakdown:
    question: str
    rows: tuple[GroupRow, ...]
    not_counted: int  # matched learners who did not answer or preferred not to say
    withheld: str  # why the breakdown is not shown; "" when it is


def breakdown(
    *,
    question: str,
    answers: dict[int, str],
    learner_ids: tuple[int, ...],
    pre_percent: np.ndarray,
    post_percent: np.ndarray,
    attitude_change: np.ndarray,
) -> Breakdown:
    """One question's breakdown over the matched learners (`learner_ids`, in the order of the
    arrays); `answers` maps a learner to their answer's label (absent: no answer, or "Prefer
    not to say"); `attitude_change` holds each learner's mean attitude change (NaN: none)."""
    groups: dict[str, list[int]] = {}
    for row, learner_id in enumerate(learner_ids):
        label = answers.get(learner_id)
        if label:
            groups.setdefault(label, []).append(row)
    not_counted = len(learner_ids) - sum(len(rows) for rows in groups.values())
    if len(groups) < 2:
        return Breakdown(question, (), not_counted, "fewer than two groups answered")
    if min(len(rows) for rows in groups.values()) < MIN_DEMOGRAPHIC_CELL:
        return Breakdown(
            question,
            (),
            not_counted,
            f"at least one group has fewer than {MIN_DEMOGRAPHIC_CELL} learners, and figures "
            "for so few could identify them",
        )
    result = []
    for label in sorted(groups):
        rows = np.array(groups[label])
        pre, post = pre_percent[rows], post_percent[rows]
        changes = attitude_change[rows]
        changes = changes[~np.isnan(changes)]
        result.append(
            GroupRow(
                label=label,
                n=len(rows),
                pre=float(np.mean(pre)),
                post=float(np.mean(post)),
                change=float(np.mean(post - pre)),
                attitude_change=float(np.mean(changes)) if len(changes) else None,
            )
        )
    return Breakdown(question, tuple(result), not_counted, "")


def attitude_change_per_learner(pre: np.ndarray, post: np.ndarray) -> np.ndarray:
    """Each learner's mean (post − pre) over the attitude items both answered; NaN if none."""
    if pre.size == 0:
        return np.full(pre.shape[0], np.nan)
    difference = post - pre
    answered = ~np.isnan(difference)
    counts = answered.sum(axis=1)
    sums = np.where(answered, difference, 0.0).sum(axis=1)
    return np.divide(sums, counts, out=np.full(len(counts), np.nan), where=counts > 0)
