"""R 4.2 as a test oracle: one `Rscript` process computes R's figures for a whole batch of
datasets, and `assert_equals_r` compares ours with them.

Numbers travel as C99 hexadecimal floats (`float.hex`, R's `sprintf("%a")` and `as.numeric`),
so both sides see the same bits. R reads a line-based file with base R only (no CRAN package is
needed): one dataset per line, `id<TAB>name=v1,v2,…<TAB>name=…`; a value `NA` is missing.
The R code defines `figures(d)`, which takes a named list of numeric vectors and returns a named
list or vector of numbers; the prelude writes `id<TAB>name<TAB>value` lines back. An R error
(R refuses the data: "data are essentially constant", too few observations) makes the figures
it computes missing (wrap a test in `attempt(...)` to keep the counts before it).
"""

import math
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

ABSOLUTE, RELATIVE = 1e-9, 1e-6
SMALLEST_NORMAL = 2.2250738585072014e-308

PRELUDE = r"""
options(warn = -1)
decode <- function(field) {
  parts <- strsplit(field, "=", fixed = TRUE)[[1]]
  values <- if (length(parts) < 2 || parts[2] == "") character() else
    strsplit(parts[2], ",", fixed = TRUE)[[1]]
  values[values == "NA"] <- NA
  setNames(list(as.numeric(values)), parts[1])
}
hex <- function(x) ifelse(is.na(x) & !is.nan(x), "NA", sprintf("%a", as.numeric(x)))
attempt <- function(expr) tryCatch(expr, error = function(e) list())
unit <- function(...) {
  largest <- max(abs(c(...)), na.rm = TRUE)
  if (!is.finite(largest) || largest == 0) 1 else 2^floor(log2(largest))
}
args <- commandArgs(trailingOnly = TRUE)
output <- file(args[2], "w")
for (line in readLines(args[1])) {
  fields <- strsplit(line, "\t", fixed = TRUE)[[1]]
  d <- do.call(c, lapply(fields[-1], decode))
  result <- tryCatch(as.list(figures(d)), error = function(e) list())
  for (name in names(result)) {
    cat(fields[1], "\t", name, "\t", hex(result[[name]]), "\n", sep = "", file = output)
  }
}
close(output)
"""


def _encode(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "NA"
    value = float(value)
    if 0 < abs(value) < SMALLEST_NORMAL:
        raise ValueError(f"R's as.numeric reads subnormal hex floats as 0: {value!r}")
    return value.hex()


def _decode(text: str) -> float | None:
    return None if text == "NA" else float.fromhex(text)


def run_r(
    figures: str, datasets: Sequence[Mapping[str, Sequence[float | None]]], tmp_path: Path
) -> list[dict[str, float | None]]:
    """R's figures for each dataset, in order (keys as `figures` names them)."""
    assert shutil.which("Rscript"), "Rscript not found: install R (Debian's r-base-core)"
    source = tmp_path / "oracle.R"
    source.write_text(figures + "\n" + PRELUDE)
    data, output = tmp_path / "datasets.txt", tmp_path / "figures.txt"
    data.write_text(
        "".join(
            str(index)
            + "".join(
                f"\t{name}=" + ",".join(_encode(value) for value in values)
                for name, values in dataset.items()
            )
            + "\n"
            for index, dataset in enumerate(datasets)
        )
    )
    completed = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        ["Rscript", "--vanilla", str(source), str(data), str(output)],  # noqa: S607 (R on PATH)
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    results: list[dict[str, float | None]] = [{} for _ in datasets]
    for line in output.read_text().splitlines():
        index, name, value = line.split("\t")
        results[int(index)][name] = _decode(value)
    return results


def _is_number(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def assert_equals_r(ours: Mapping[str, float | None], r: Mapping[str, float | None], dataset):
    """Every figure equals R's to 1e-9 absolute or 1e-6 relative; a figure we leave out (None)
    is one R cannot compute either (an error, NA, NaN or an infinity)."""
    for name, value in ours.items():
        expected = r.get(name)
        context = f"{name}: ours {value!r}, R {expected!r}, data {dict(dataset)!r}"
        if not _is_number(expected):
            assert value is None, context
            continue
        assert value is not None, context
        assert math.isclose(value, expected, rel_tol=RELATIVE, abs_tol=ABSOLUTE), context
