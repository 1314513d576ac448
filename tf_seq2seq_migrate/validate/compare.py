"""Comparing a migrated model's outputs with the original's (numpy only).

Float outputs pass when ``|migrated - original| <= atol + rtol * |original|`` element-wise (numpy's
``allclose`` rule, the original as reference; NaN only matches NaN). Integer and boolean outputs (sample
ids, beam ids, lengths) must be equal. A missing output, a shape or dtype-kind change fails too.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from tf_seq2seq_migrate.validate.spec import Tolerance

__all__ = ["OutputComparison", "compare_output", "compare_outputs", "first_divergence"]


@dataclasses.dataclass(frozen=True)
class OutputComparison:
    """One output of one run. ``problem`` says why it fails when no error figure can (missing, shape)."""

    name: str
    exact: bool  # compared for equality (integer / bool) rather than within tolerance
    passed: bool
    max_abs_error: float = 0.0
    max_rel_error: float = 0.0
    worst_index: tuple[int, ...] | None = None
    problem: str | None = None

    def describe(self, tolerance: Tolerance) -> str:
        """One line for the report: why this output diverges and by how much."""
        if self.problem:
            return f"output {self.name!r}: {self.problem}"
        where = f" at index {list(self.worst_index)}" if self.worst_index is not None else ""
        if self.exact:
            return (f"output {self.name!r} (compared exactly): largest difference "
                    f"{_number(self.max_abs_error)}{where}")
        return (f"output {self.name!r}: max abs error {_number(self.max_abs_error)}{where}, "
                f"max rel error {_number(self.max_rel_error)} (tolerance atol={tolerance.atol:g}, "
                f"rtol={tolerance.rtol:g})")


def _number(value: float) -> str:
    return f"{value:.3g}" if np.isfinite(value) else str(value)


def compare_output(name: str, original, migrated, tolerance: Tolerance) -> OutputComparison:
    original, migrated = np.asarray(original), np.asarray(migrated)
    exact = not np.issubdtype(original.dtype, np.floating) and not np.issubdtype(original.dtype, np.complexfloating)
    if original.shape != migrated.shape:
        return OutputComparison(name, exact, False, problem=f"shape {list(migrated.shape)} where the original has "
                                                            f"{list(original.shape)}")
    if exact and np.issubdtype(migrated.dtype, np.floating):
        return OutputComparison(name, exact, False, problem=f"dtype {migrated.dtype} where the original has "
                                                            f"{original.dtype}")
    if original.size == 0:
        return OutputComparison(name, exact, True)
    if exact:
        difference = np.abs(original.astype(np.float64) - migrated.astype(np.float64))
        mismatch = original != migrated
        worst = _worst(difference) if mismatch.any() else None
        max_error = float(difference.max())
        return OutputComparison(name, True, not mismatch.any(), max_error, 0.0, worst)
    reference = original.astype(np.float64)
    value = migrated.astype(np.float64)
    both_nan = np.isnan(reference) & np.isnan(value)
    difference = np.where(both_nan, 0.0, np.abs(value - reference))
    difference = np.where(np.isnan(difference), np.inf, difference)  # NaN on one side only
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(reference != 0, difference / np.abs(reference), np.where(difference == 0, 0.0, np.inf))
    allowed = tolerance.atol + tolerance.rtol * np.abs(np.nan_to_num(reference))
    failing = difference > allowed
    # the index reported is the worst offender against the tolerance, else the largest difference
    excess = np.where(failing, difference - allowed, -np.inf)
    worst = _worst(excess) if failing.any() else None
    return OutputComparison(name, False, not failing.any(), float(difference.max()),
                            float(relative.max()), worst)


def _worst(errors: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(errors)), errors.shape))


def compare_outputs(original: dict, migrated: dict, tolerance: Tolerance) -> tuple[OutputComparison, ...]:
    """Every output of the original, in its order; outputs only the migrated model has fail too."""
    results = []
    for name, value in original.items():
        if name not in migrated:
            results.append(OutputComparison(name, False, False, problem="missing from the migrated model's outputs"))
        else:
            results.append(compare_output(name, value, migrated[name], tolerance))
    for name in migrated:
        if name not in original:
            results.append(OutputComparison(name, False, False, problem="not an output of the original model"))
    return tuple(results)


def first_divergence(comparisons) -> OutputComparison | None:
    return next((comparison for comparison in comparisons if not comparison.passed), None)
