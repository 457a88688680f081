"""What the browser-wide tests look for on a page: Content-Security-Policy violations,
axe-core's accessibility violations, horizontal scrolling and visible keyboard focus."""

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.markers import CI_STRICT

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")

# Runs before any of the page's own scripts; DevTools injects it, so the CSP does not apply.
COLLECT_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI}` +
    ` (${event.sourceFile || "the page"}:${event.lineNumber})`
  );
});
"""


def watch_csp(context) -> list[str]:
    """Start collecting the context's CSP errors from the console; see `csp_violations`."""
    console_errors: list[str] = []
    context.add_init_script(COLLECT_CSP_VIOLATIONS)
    context.on(
        "console",
        lambda message: console_errors.append(message.text)
        if message.type == "error" and "Content Security Policy" in message.text
        else None,
    )
    return console_errors


def csp_violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations || []")


def axe_source() -> str:
    if not AXE.is_file():
        reason = f"no {AXE.relative_to(ROOT)}: run `npm ci` (make test does, when npm is installed)"
        if CI_STRICT:
            pytest.fail(f"CI_STRICT is set but there is {reason}")
        pytest.skip(reason)
    return AXE.read_text()


@dataclass(frozen=True)
class AxeResult:
    violations: list[dict]  # axe's violations of every impact

    @property
    def blocking(self) -> list[dict]:
        return [v for v in self.violations if v["impact"] in BLOCKING_IMPACTS]

    def summary(self) -> str:
        counts = {
            impact: sum(1 for v in self.violations if v["impact"] == impact)
            for impact in ("critical", "serious", "moderate", "minor")
        }
        return ", ".join(f"{count} {impact}" for impact, count in counts.items())

    def describe_blocking(self) -> list[str]:
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in self.blocking
        ]


def run_axe(page, source: str) -> AxeResult:
    """Inject axe-core into the page (if not there yet) and run every rule of its default set."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(source)
    results = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return JSON.stringify(r.violations); }"
    )
    return AxeResult(violations=json.loads(results))


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the viewport (0: no horizontal scrolling)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def focus_is_visible(page) -> bool:
    """The focused element draws an outline. The one exception is the picker button inside a
    date or time input, a part of Chromium's own control that draws Chromium's own ring."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return false;
          const pickerPart = !el.matches(":focus");
          if (pickerPart && el.matches('input[type="date"], input[type="time"]')) return true;
          const style = getComputedStyle(el);
          return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
        }"""
    )


# One line per page checked, printed at the end of the run (tests/e2e/conftest.py).
AXE_REPORT: list[str] = []


def report_axe(who: str, page_name: str, url: str, result: AxeResult) -> None:
    AXE_REPORT.append(f"{who:<20} {page_name:<24} {url:<56} {result.summary()}")
