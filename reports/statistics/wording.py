"""APA-style wording of the results for summaries."""

from __future__ import annotations

from reports.statistics.base import ALPHA
from reports.statistics.groups import HedgesG, WelchT
from reports.statistics.paired import EffectSize, PairedT, Wilcoxon
from reports.statistics.proportions import McNemar
from reports.statistics.repeated import Friedman


def format_number(value: float, digits: int = 2) -> str:
    """A number rounded to `digits` decimals, never "-0.00"."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def format_p_value(p_value: float | None) -> str:
    """APA-style p: "p < 0.001", "p = 0.039", "p > 0.999"; 4 decimals where 3 would read 0.050."""
    if p_value is None:
        return "p not computable"
    if p_value < 0.001:
        return "p < 0.001"
    if p_value > 0.999:
        return "p > 0.999"
    text = f"{p_value:.3f}"
    if p_value < ALPHA and text == "0.050":
        text = f"{p_value:.4f}"
    return f"p = {text}"


def format_interval(low: float | None, high: float | None, digits: int = 2) -> str:
    """ "95 % CI [low, high]" or an empty string when there is no interval."""
    if low is None or high is None:
        return ""
    return f"95 % CI [{format_number(low, digits)}, {format_number(high, digits)}]"


def format_paired_t(result: PairedT, effect: EffectSize | None = None, digits: int = 2) -> str:
    """E.g. "paired t(21) = 6.10, p < 0.001, d_z = 1.30"."""
    if not result.is_computable:
        return f"paired t not computable: {result.reason}"
    text = f"paired t({result.df}) = {format_number(result.t, digits)}, "
    text += format_p_value(result.p_value)
    if effect is not None and effect.value is not None:
        text += f", {effect.kind} = {format_number(effect.value, digits)}"
    return text


def format_wilcoxon(result: Wilcoxon) -> str:
    """E.g. "Wilcoxon V = 40, p = 0.039 (exact)"."""
    if not result.is_computable:
        return f"Wilcoxon test not computable: {result.reason}"
    method = "exact" if result.exact else "normal approximation"
    v = format_number(result.v, 0 if float(result.v).is_integer() else 1)
    return f"Wilcoxon V = {v}, {format_p_value(result.p_value)} ({method})"


def format_mcnemar(result: McNemar, digits: int = 2) -> str:
    """E.g. "McNemar χ²(1) = 16.82, p < 0.001", or the exact p when b + c < 25."""
    if not result.is_computable:
        return f"McNemar test not computable: {result.reason}"
    if result.prefers_exact:
        return f"exact McNemar test (b = {result.b}, c = {result.c}), " + format_p_value(
            result.exact_p_value
        )
    return f"McNemar χ²(1) = {format_number(result.chi2, digits)}, " + format_p_value(
        result.p_value
    )


def format_friedman(result: Friedman, digits: int = 2) -> str:
    """E.g. "Friedman χ²(2) = 11.14, p = 0.004 (22 learners)"."""
    if result.chi2 is None:
        return f"Friedman test not computable: {result.reason}"
    text = f"Friedman χ²({result.df}) = {format_number(result.chi2, digits)}, "
    return text + f"{format_p_value(result.p_value)} ({result.n} learners)"


def format_welch_t(result: WelchT, effect: HedgesG | None = None, digits: int = 2) -> str:
    """E.g. "Welch t(17.8) = -1.86, p = 0.079, g = -0.80, 95 % CI [-1.67, 0.08]"."""
    if result.t is None:
        return f"Welch t-test not computable: {result.reason}"
    text = f"Welch t({format_number(result.df, 1)}) = {format_number(result.t, digits)}, "
    text += format_p_value(result.p_value)
    if effect is not None and effect.value is not None:
        interval = format_interval(effect.ci_low, effect.ci_high, digits)
        text += f", g = {format_number(effect.value, digits)}, {interval}"
    return text
