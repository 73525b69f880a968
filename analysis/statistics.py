"""Vectorised statistics for indicators: intervals, benchmark comparison, tests, trend, rounding.

Every function except the projections and :func:`chi2_trend` works on whole arrays
at once (numpy arrays, pandas Series or scalars in; numpy arrays out, aligned by position, never
by index). A missing or invalid value gives NaN or "niet vergeleken" / "niet berekend" for that
row, never an exception; exceptions are kept for programming errors such as an unknown polarity
or a confidence level outside (0, 1).

Sources (see ``/work/shared/reference/referentiesystemen.md`` §1.4–1.9):

* Wilson score interval, Byar's method and exact Poisson limits: PHEindicatormethods
  (``R/utils.R``, ``R/Proportions.R``, ``R/Rates.R``), Public Health England / OHID.
* Benchmark comparison with two confidence levels: Fingertips comparator method 17
  "SingleOverlappingCIsForTwoCiLevels" (``PholioVisualisationWS/Analysis``), with polarity,
  and our relevance rule beside it: significant *and* at least the catalogue's
  ``relevant_verschil`` (more than twice it for best/slechtst), on the values as displayed.
* Trend: the chi-square test for trend in proportions (Armitage 1955; Cochran 1954), as in
  Fingertips ``TrendMarkerCalculator.cs``, with a 99.8 % critical value; a change is only
  called one when the change over the run is also at least ``relevant_verschil``.
* Projection: ordinary least squares on the year with the prediction interval of a new value
  (statsmodels ``OLS.get_prediction``), indicatief.
* Rounding: half-up as PHEindicatormethods/fingertipscharts ``round2()``, never half-even.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd
from babel.numbers import format_decimal
from numpy.typing import ArrayLike

# -- constants ---------------------------------------------------------------------------------

#: Two-sided standard normal quantiles for the 95 % and 99.8 % levels (PHEindicatormethods).
def _scipy_stats() -> Any:
    """scipy.stats, imported on first use: a report kernel that only formats never pays it."""
    from scipy import stats

    return stats


Z95: float = 1.959963984540054  # scipy.stats.norm.ppf(0.975)
Z998: float = 3.090232306167813  # scipy.stats.norm.ppf(0.999)

#: Polarity values of the indicator catalogue.
HIGHER_IS_BETTER = "hoger_beter"
LOWER_IS_BETTER = "lager_beter"
NO_JUDGEMENT = "geen_oordeel"
POLARITIES: tuple[str, ...] = (HIGHER_IS_BETTER, LOWER_IS_BETTER, NO_JUDGEMENT)

#: Benchmark comparison labels (Fingertips Better/Best/Similar/Worse/Worst, and for no judgement
#: Higher/Lower with the 99.8 % tier as "veel").
BEST = "best"
BETTER = "beter"
SIMILAR = "vergelijkbaar"
WORSE = "slechter"
WORST = "slechtst"
MUCH_HIGHER = "veel hoger"
HIGHER = "hoger"
LOWER = "lager"
MUCH_LOWER = "veel lager"
NOT_COMPARED = "niet vergeleken"
COMPARISON_LABELS: tuple[str, ...] = (
    BEST,
    BETTER,
    SIMILAR,
    WORSE,
    WORST,
    MUCH_HIGHER,
    HIGHER,
    LOWER,
    MUCH_LOWER,
    NOT_COMPARED,
)

#: Trend labels (Fingertips "Increasing and getting better" …, in Dutch).
TREND_RISING_IMPROVING = "stijgend en verbeterend"
TREND_RISING_WORSENING = "stijgend en verslechterend"
TREND_FALLING_IMPROVING = "dalend en verbeterend"
TREND_FALLING_WORSENING = "dalend en verslechterend"
TREND_RISING = "stijgend"
TREND_FALLING = "dalend"
TREND_NO_CHANGE = "geen significante verandering"
TREND_NOT_COMPUTED = "niet berekend"
TREND_LABELS: tuple[str, ...] = (
    TREND_RISING_IMPROVING,
    TREND_RISING_WORSENING,
    TREND_FALLING_IMPROVING,
    TREND_FALLING_WORSENING,
    TREND_RISING,
    TREND_FALLING,
    TREND_NO_CHANGE,
    TREND_NOT_COMPUTED,
)
#: Reasons that go with a trend label ("" for a computed label).
TREND_REASON_TOO_FEW_POINTS = "te weinig punten ({n} van minstens {min_points})"
TREND_REASON_NOT_COMPUTABLE = "niet te berekenen (teller 0 of gelijk aan de noemer in elke periode)"
TREND_REASON_ALTERNATING = "wisselend verloop"
TREND_REASON_NOT_RELEVANT = "significant, maar kleiner dan het relevante verschil"

#: Status values of :func:`projection_to_target`.
PROJECTION_REACHED = "bereikt"
PROJECTION_FEASIBLE = "haalbaar"
PROJECTION_NOT_FEASIBLE = "niet haalbaar bij deze trend"
PROJECTION_NOT_COMPUTED = "niet berekend"
PROJECTION_STATUSES: tuple[str, ...] = (
    PROJECTION_REACHED,
    PROJECTION_FEASIBLE,
    PROJECTION_NOT_FEASIBLE,
    PROJECTION_NOT_COMPUTED,
)

#: Disclosure-control reasons and the small-denominator note.
SUPPRESSION_REASON_COUNT = "telling kleiner dan {min_telling}"
SUPPRESSION_REASON_DENOMINATOR = "noemer kleiner dan {min_telling}"
SMALL_DENOMINATOR_NOTE = "voorzichtig interpreteren: noemer kleiner dan {threshold}"
SMALL_DENOMINATOR_THRESHOLD = 30


# -- helpers -----------------------------------------------------------------------------------


def _as_float(values: ArrayLike) -> np.ndarray:
    """Values as a float array; pandas NA, None and non-numbers become NaN (never an error)."""
    if isinstance(values, pd.Series | pd.Index):
        return values.to_numpy(dtype=float, na_value=np.nan)
    arr = np.asarray(values)
    if arr.dtype.kind in "biuf":
        return arr.astype(float)
    # Object or string arrays (None, pd.NA, text) go through pandas, which coerces per cell.
    flat = pd.to_numeric(pd.Series(arr.ravel(), dtype=object), errors="coerce")
    return flat.to_numpy(dtype=float, na_value=np.nan).reshape(arr.shape)


def _alpha(confidence: float) -> float:
    if not 0.0 < float(confidence) < 1.0:
        raise ValueError(
            f"betrouwbaarheid moet strikt tussen 0 en 1 liggen (bv. 0.95), niet {confidence!r}"
        )
    return 1.0 - float(confidence)


def _polarity_array(polariteit: str | ArrayLike) -> np.ndarray:
    """Polarity as an object array; an unknown (or missing) value raises a Dutch ValueError.

    Polarity is catalogue metadata, not data: a missing one is a configuration error.
    """
    pol = np.asarray(polariteit, dtype=object)
    unknown = sorted({repr(p) for p in pol.ravel() if p not in POLARITIES})
    if unknown:
        raise ValueError(
            f"onbekende polariteit {', '.join(unknown)}; verwacht een van: {', '.join(POLARITIES)}"
        )
    return pol


def _nl_number(value: float, decimals: int = 2, *, fixed: bool = False) -> str:
    """A number nl-BE style (decimal comma, point for thousands), half-up, no trailing zeros
    (``fixed``: always ``decimals`` of them, as the reports display a figure)."""
    rounded = round_half_up(value, decimals)
    pattern = "#,##0" + ("." + ("0" if fixed else "#") * decimals if decimals > 0 else "")
    return format_decimal(rounded, format=pattern, locale="nl_BE")


# -- confidence intervals ----------------------------------------------------------------------


def wilson_interval(
    teller: ArrayLike, noemer: ArrayLike, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion, as proportions (0–1).

    Source: Wilson (1927); PHEindicatormethods ``wilson_lower``/``wilson_upper``; computed with
    statsmodels ``proportion_confint(method="wilson")``. Rows with a NaN, ``noemer <= 0``,
    ``teller < 0`` or ``teller > noemer`` give NaN on both sides.
    """
    alpha = _alpha(confidence)
    x, n = np.broadcast_arrays(_as_float(teller), _as_float(noemer))
    valid = np.isfinite(x) & np.isfinite(n) & (n > 0) & (x >= 0) & (x <= n)
    # Invalid rows get a harmless 0/1 so statsmodels never divides by zero; masked afterwards.
    from statsmodels.stats.proportion import proportion_confint  # local: slow to import

    lo, hi = proportion_confint(
        np.where(valid, x, 0.0), np.where(valid, n, 1.0), alpha=alpha, method="wilson"
    )
    # At x = 0 and x = n the formula gives 0 and 1 only up to rounding (6.9e-18 for 0/50).
    lo = np.where(x == 0, 0.0, np.clip(lo, 0.0, 1.0))
    hi = np.where(x == n, 1.0, np.clip(hi, 0.0, 1.0))
    return np.where(valid, lo, np.nan), np.where(valid, hi, np.nan)


def byar_interval(count: ArrayLike, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Byar's approximation to the Poisson interval of a count (meant for counts ≥ 10).

    Source: Breslow & Day (1987); PHEindicatormethods ``byars_lower``/``byars_upper``:
    lower = x(1 − 1/(9x) − z/(3√x))³, upper = (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³.
    Counts ≤ 0 or NaN give NaN (the lower formula is undefined at 0).
    """
    z = float(_scipy_stats().norm.isf(_alpha(confidence) / 2))
    x = _as_float(count)
    valid = np.isfinite(x) & (x > 0)
    xs = np.where(valid, x, 1.0)
    # Tiny counts (far below 10, where Byar's is not used) overflow harmlessly.
    with np.errstate(over="ignore", invalid="ignore"):
        lo = xs * (1 - 1 / (9 * xs) - z / (3 * np.sqrt(xs))) ** 3
        hi = (xs + 1) * (1 - 1 / (9 * (xs + 1)) + z / (3 * np.sqrt(xs + 1))) ** 3
    return np.where(valid, lo, np.nan), np.where(valid, hi, np.nan)


def exact_poisson_interval(
    count: ArrayLike, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Exact (chi-square) Poisson interval of a count.

    Source: Garwood (1936); PHEindicatormethods ``exact_lower``/``exact_upper``:
    lower = χ²_{α/2}(2x)/2 (0 for x = 0), upper = χ²_{1−α/2}(2x+2)/2. Negative or NaN → NaN.
    """
    alpha = _alpha(confidence)
    x = _as_float(count)
    valid = np.isfinite(x) & (x >= 0)
    xs = np.where(valid, x, 1.0)
    # chi2 with 0 degrees of freedom is a point mass at 0; scipy returns NaN for it.
    lo = np.where(xs > 0, _scipy_stats().chi2.ppf(alpha / 2, 2 * np.maximum(xs, 1e-300)) / 2, 0.0)
    hi = _scipy_stats().chi2.ppf(1 - alpha / 2, 2 * xs + 2) / 2
    return np.where(valid, lo, np.nan), np.where(valid, hi, np.nan)


def poisson_interval(count: ArrayLike, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Poisson interval of a count: exact limits below 10, Byar's method from 10 on.

    Source: PHEindicatormethods ``phe_rate`` (method "Exact" for x < 10, "Byars" otherwise).
    Divide by the denominator (× multiplier) for the interval of a rate.
    """
    x = _as_float(count)
    lo, hi = byar_interval(x, confidence)
    # The chi-square quantiles are the slow part; compute them only for the small counts.
    use_exact = x < 10
    lo[use_exact], hi[use_exact] = exact_poisson_interval(x[use_exact], confidence)
    return lo, hi


# -- benchmark comparison ----------------------------------------------------------------------

# Rows: direction code (-2 much lower, -1 lower, 0 similar, 1 higher, 2 much higher).
_COMPARISON_BY_POLARITY: dict[str, dict[int, str]] = {
    HIGHER_IS_BETTER: {-2: WORST, -1: WORSE, 0: SIMILAR, 1: BETTER, 2: BEST},
    LOWER_IS_BETTER: {-2: BEST, -1: BETTER, 0: SIMILAR, 1: WORSE, 2: WORST},
    NO_JUDGEMENT: {-2: MUCH_LOWER, -1: LOWER, 0: SIMILAR, 1: HIGHER, 2: MUCH_HIGHER},
}


def displayed_difference(
    value: ArrayLike, reference: ArrayLike, decimals: int | None = None, *,
    relative: bool | ArrayLike = False,
) -> np.ndarray:
    """``value − reference`` as a reader computes it from the figures on the page.

    With ``decimals`` both values are first rounded half-up to those decimals (as displayed)
    and the difference is rounded again to them, so 75,2 − 74,3 is exactly 0,9 and never
    0,8999…; without, the plain difference. Where ``relative`` is true (counts) the
    difference is in procent of the reference, ``(value / reference − 1) × 100``, rounded to
    one decimal when ``decimals`` is given (how relative changes are displayed). A reference of
    0 or a NaN gives NaN.
    """
    v, r, rel = np.broadcast_arrays(_as_float(value), _as_float(reference),
                                    np.asarray(relative, dtype=bool))
    if decimals is not None:
        v, r = round_half_up_array(v, decimals), round_half_up_array(r, decimals)
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = np.where(r != 0, (v / np.where(r != 0, r, 1.0) - 1) * 100, np.nan)
    diff = np.where(rel, percent, v - r)
    if decimals is not None:
        diff = np.where(rel, round_half_up_array(diff, 1), round_half_up_array(diff, decimals))
    return diff


def _relevant_threshold(relevant: ArrayLike) -> np.ndarray:
    rel = _as_float(relevant)
    if np.any(np.isnan(rel)) or np.any(rel < 0):
        raise ValueError(
            "het relevante verschil moet een getal van minstens 0 zijn (relevant_verschil in "
            "de catalogus)"
        )
    return rel


def at_least(size: ArrayLike, threshold: ArrayLike) -> np.ndarray:
    """``|size| ≥ threshold`` for displayed differences, forgiving float noise (1e-9); NaN →
    False."""
    a, t = np.broadcast_arrays(np.abs(_as_float(size)), _as_float(threshold))
    with np.errstate(invalid="ignore"):
        return a >= t - 1e-9 * np.maximum(1.0, t)


def more_than(size: ArrayLike, threshold: ArrayLike) -> np.ndarray:
    """``|size| > threshold`` for displayed differences, forgiving float noise (1e-9); NaN →
    False."""
    a, t = np.broadcast_arrays(np.abs(_as_float(size)), _as_float(threshold))
    with np.errstate(invalid="ignore"):
        return a > t + 1e-9 * np.maximum(1.0, t)


def compare_with_benchmark(
    lo95: ArrayLike,
    hi95: ArrayLike,
    lo998: ArrayLike,
    hi998: ArrayLike,
    benchmark: ArrayLike,
    polariteit: str | ArrayLike,
    *,
    value: ArrayLike,
    relevant: ArrayLike,
    decimals: int | None = None,
    relative: bool | ArrayLike = False,
) -> np.ndarray:
    """Compare an area with a benchmark: significant (two confidence levels) *and* relevant.

    Source: Fingertips comparator method 17 "SingleOverlappingCIsForTwoCiLevels"
    (``PholioVisualisationWS``), with polarity as ``IndicatorComparer.cs``. The benchmark inside
    the 95 % interval (bounds included) is "vergelijkbaar"; below the 95 % lower bound the area
    is higher, and also below the 99.8 % lower bound much higher; mirrored for lower. The
    benchmark's own interval is ignored (it is treated as fixed).

    Relevance (our rule, beside Fingertips; see ``relevant_verschil`` in
    :mod:`analysis.catalogue`): on census-sized populations nearly every difference is
    significant, so a significant difference counts as higher/lower only when the difference
    between ``value`` and ``benchmark`` (:func:`displayed_difference` with ``decimals`` and
    ``relative``: the figures as displayed; procent of the benchmark for counts) is at least
    ``relevant``, and as much higher/lower only when it is also more than ``2 × relevant``
    (exactly twice stays higher/lower: "best" is kept for a difference that stands out, and
    Roeselare's 77,2 % against 75,2 % reads as beter). A 99.8 % difference of between 1 and
    2 times ``relevant`` (2 included) is higher/lower (beter, not best);
    a smaller significant one is "vergelijkbaar". ``relevant = 0`` gives Fingertips' rule.

    ``polariteit`` and ``relevant`` are one value or one per row. Inputs needed per row: the
    benchmark and both 95 % bounds, plus, where the benchmark falls outside the 95 % interval,
    the 99.8 % bound on that side and ``value``; a NaN among them gives "niet vergeleken".
    Returns an object array of labels.
    """
    pol = _polarity_array(polariteit)
    threshold = _relevant_threshold(relevant)
    size = displayed_difference(value, benchmark, decimals, relative=relative)
    l95, h95, l998, h998, b, size, threshold, pol = np.broadcast_arrays(
        *(_as_float(v) for v in (lo95, hi95, lo998, hi998, benchmark)), size, threshold, pol
    )
    relevant_once = at_least(size, threshold)
    relevant_twice = more_than(size, 2 * threshold)
    with np.errstate(invalid="ignore"):
        higher = b < l95  # the whole 95 % interval lies above the benchmark
        lower = b > h95
        much_higher = higher & (b < l998)
        much_lower = lower & (b > h998)
    missing = np.isnan(b) | np.isnan(l95) | np.isnan(h95)
    missing |= higher & np.isnan(l998)
    missing |= lower & np.isnan(h998)
    missing |= (higher | lower) & np.isnan(size)
    direction = np.select(
        [much_higher & relevant_twice, higher & relevant_once,
         much_lower & relevant_twice, lower & relevant_once],
        [2, 1, -2, -1], default=0,
    )
    out = np.full(b.shape, NOT_COMPARED, dtype=object)
    for name, labels in _COMPARISON_BY_POLARITY.items():
        for code, label in labels.items():
            out[(pol == name) & (direction == code) & ~missing] = label
    return out


# -- two-sample test ---------------------------------------------------------------------------


def two_proportion_test(
    x1: ArrayLike, n1: ArrayLike, x2: ArrayLike, n2: ArrayLike, alpha: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Pooled two-proportion z-test, two-sided: (z, significant).

    Source: the two-sample case of statsmodels ``proportions_ztest`` (value 0, pooled
    variance p(1 − p)(1/n1 + 1/n2), p = (x1 + x2)/(n1 + n2)), written out so it runs on arrays.
    ``significant`` is 1.0 when the two-sided p-value < ``alpha``, else 0.0; NaN when a row
    cannot be tested (NaN, n ≤ 0, x < 0 or x > n).

    When the pooled proportion is 0 or 1 both proportions are equal (all 0 % or all 100 %) and
    z is 0/0: z is NaN but ``significant`` is 0.0, because identical observed proportions are
    never a significant difference.
    """
    if not 0.0 < float(alpha) < 1.0:
        raise ValueError(f"alpha moet strikt tussen 0 en 1 liggen, niet {alpha!r}")
    a1, m1, a2, m2 = np.broadcast_arrays(*(_as_float(v) for v in (x1, n1, x2, n2)))
    with np.errstate(invalid="ignore"):
        valid = (m1 > 0) & (m2 > 0) & (a1 >= 0) & (a2 >= 0) & (a1 <= m1) & (a2 <= m2)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = (a1 + a2) / (m1 + m2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / m1 + 1 / m2))
        z = (a1 / m1 - a2 / m2) / se
    degenerate = valid & ((pooled == 0) | (pooled == 1))
    z = np.where(valid & ~degenerate, z, np.nan)
    p_value = 2 * _scipy_stats().norm.sf(np.abs(z))
    significant = np.where(p_value < alpha, 1.0, 0.0)
    significant = np.where(valid & ~degenerate, significant, np.nan)
    significant = np.where(degenerate, 0.0, significant)
    return z, significant


# -- trend test --------------------------------------------------------------------------------


def chi2_trend_from_sums(
    N: ArrayLike,  # noqa: N803 - the names of the Armitage formula
    R: ArrayLike,  # noqa: N803
    Srt: ArrayLike,  # noqa: N803
    Snt: ArrayLike,  # noqa: N803
    Snt2: ArrayLike,  # noqa: N803
) -> tuple[np.ndarray, np.ndarray]:
    """Chi-square test for trend in proportions from per-group sums: (chi2, slope_sign).

    Source: Armitage (1955), Cochran (1954); the form of Fingertips ``TrendMarkerCalculator``
    (referentiesystemen.md §1.7): with N = Σnᵢ, R = Σrᵢ, Srt = Σrᵢtᵢ, Snt = Σnᵢtᵢ, Snt2 = Σnᵢtᵢ²,
    χ² = N·(N·Srt − R·Snt)² / (R(N − R)·(N·Snt2 − Snt²)), 1 degree of freedom.
    ``slope_sign`` is the sign of N·Srt − R·Snt: +1 rising proportion, −1 falling, 0 flat.

    Both are NaN where the test is undefined: R = 0, R = N, no spread in t, N ≤ 0 or NaN.
    The statistic does not change when t is shifted, so pass sums of a small t (1..k or t minus
    its mean), not calendar years: N·Snt2 − Snt² with years loses precision to cancellation.
    """
    n_, r_, srt, snt, snt2 = np.broadcast_arrays(*(_as_float(v) for v in (N, R, Srt, Snt, Snt2)))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        diff = n_ * srt - r_ * snt
        t_var = n_ * snt2 - snt**2
        p_var = r_ * (n_ - r_)
        chi2 = n_ * diff**2 / (p_var * t_var)
        # t spread that is only rounding noise counts as none.
        no_spread = t_var <= 1e-12 * np.abs(n_ * snt2)
        valid = (n_ > 0) & (r_ > 0) & (r_ < n_) & ~no_spread & np.isfinite(chi2)
    return np.where(valid, chi2, np.nan), np.where(valid, np.sign(diff), np.nan)


def chi2_trend(r: ArrayLike, n: ArrayLike, t: ArrayLike | None = None) -> tuple[float, int]:
    """Chi-square test for trend of one series of counts ``r`` out of ``n`` at times ``t``.

    Source: Armitage (1955); see :func:`chi2_trend_from_sums`. ``t`` defaults to 1..k and is
    centred before summing (the statistic is shift invariant). Returns ``(chi2, slope_sign)``;
    ``(nan, 0)`` when undefined or when any value is missing.
    """
    rr = _as_float(r).ravel()
    nn = _as_float(n).ravel()
    tt = np.arange(1.0, rr.size + 1) if t is None else _as_float(t).ravel()
    if not rr.size == nn.size == tt.size:
        raise ValueError("r, n en t moeten even lang zijn")
    if rr.size == 0 or not np.all(np.isfinite(rr) & np.isfinite(nn) & np.isfinite(tt)):
        return math.nan, 0
    tc = tt - tt.mean()
    chi2, sign = chi2_trend_from_sums(
        nn.sum(), rr.sum(), (rr * tc).sum(), (nn * tc).sum(), (nn * tc**2).sum()
    )
    if np.isnan(chi2):
        return math.nan, 0
    return float(chi2), int(sign)


def monotonic_in_direction(values: ArrayLike, slope_sign: ArrayLike) -> np.ndarray:
    """Whether each series (a row of ``values``, points in time order) never steps against
    ``slope_sign``: all steps ≥ 0 for +1, all ≤ 0 for −1. Flat steps are allowed.

    This is our robustness check for short series instead of Fingertips' leave-one-out slopes,
    which mean nothing with 3 points. A NaN value, or a slope sign of 0 or NaN, gives False.
    """
    v = np.atleast_2d(_as_float(values))
    sign = _as_float(slope_sign)
    steps = np.diff(v, axis=-1)
    with np.errstate(invalid="ignore"):
        no_nan = ~np.isnan(v).any(axis=-1)
        rising = (steps >= 0).all(axis=-1)
        falling = (steps <= 0).all(axis=-1)
        out = np.where(sign > 0, rising, np.where(sign < 0, falling, False)) & no_nan
    return out.reshape(np.broadcast_shapes(sign.shape, out.shape))


def classify_trend(
    chi2: ArrayLike,
    slope_sign: ArrayLike,
    monotonic: ArrayLike,
    n_points: ArrayLike,
    polariteit: str | ArrayLike,
    confidence: float = 0.998,
    min_points: int = 3,
    *,
    change: ArrayLike,
    relevant: ArrayLike,
) -> tuple[np.ndarray, np.ndarray]:
    """Trend label and reason per row from the trend χ² (1 df) and the size of the change.

    Source: Fingertips recent-trend markers (``TrendMarkerCalculator.cs``, labels as
    ``trendmarker-label-provider.ts`` with polarity). Significant when χ² exceeds the χ²₁
    critical value at ``confidence`` (0.998 → 9.5495, as Fingertips) **and** the series is
    ``monotonic`` in the slope direction (see :func:`monotonic_in_direction`): with 3 points the
    Fingertips leave-one-out refits are meaningless, so monotonicity is the robustness check.

    Rules in order: fewer than ``min_points`` points (NaN counts as 0) → "niet berekend" with
    "te weinig punten (n van minstens m)"; χ² or slope sign NaN → "niet berekend" with
    :data:`TREND_REASON_NOT_COMPUTABLE`; significant and monotonic → "stijgend/dalend en
    verbeterend/verslechterend" ("stijgend"/"dalend" for geen_oordeel); significant but not
    monotonic → "geen significante verandering" with "wisselend verloop"; significant and
    monotonic but ``|change|`` (the change over the run, last minus first point as displayed,
    in the unit of ``relevant``) below ``relevant`` → "geen significante verandering" with
    :data:`TREND_REASON_NOT_RELEVANT` (our relevance rule, as
    :func:`compare_with_benchmark`; ``relevant = 0`` gives Fingertips' rule); otherwise "geen
    significante verandering". The reason is "" for computed labels.
    """
    critical = float(_scipy_stats().chi2.isf(_alpha(confidence), 1))
    pol = _polarity_array(polariteit)
    threshold = _relevant_threshold(relevant)
    c, s, mono, npts, size, threshold, pol = np.broadcast_arrays(
        *(_as_float(v) for v in (chi2, slope_sign, monotonic, n_points, change)), threshold, pol
    )
    npts = np.where(np.isnan(npts), 0.0, npts)
    too_few = npts < min_points
    not_computable = ~too_few & (np.isnan(c) | np.isnan(s))
    with np.errstate(invalid="ignore"):
        significant = ~too_few & ~not_computable & (c > critical) & (s != 0)
    is_monotonic = mono == 1.0  # NaN or 0 → not monotonic
    large = at_least(size, threshold)
    directional = significant & is_monotonic & large
    alternating = significant & ~is_monotonic
    too_small = significant & is_monotonic & ~large

    label = np.full(c.shape, TREND_NO_CHANGE, dtype=object)
    reason = np.full(c.shape, "", dtype=object)
    rising = directional & (s > 0)
    falling = directional & (s < 0)
    better_if_rising = {
        HIGHER_IS_BETTER: (TREND_RISING_IMPROVING, TREND_FALLING_WORSENING),
        LOWER_IS_BETTER: (TREND_RISING_WORSENING, TREND_FALLING_IMPROVING),
        NO_JUDGEMENT: (TREND_RISING, TREND_FALLING),
    }
    for name, (up, down) in better_if_rising.items():
        label[rising & (pol == name)] = up
        label[falling & (pol == name)] = down
    reason[alternating] = TREND_REASON_ALTERNATING
    reason[too_small] = TREND_REASON_NOT_RELEVANT
    label[not_computable] = TREND_NOT_COMPUTED
    reason[not_computable] = TREND_REASON_NOT_COMPUTABLE
    label[too_few] = TREND_NOT_COMPUTED
    for n in np.unique(npts[too_few]):
        reason[too_few & (npts == n)] = TREND_REASON_TOO_FEW_POINTS.format(
            n=int(n), min_points=min_points
        )
    return label, reason


# -- projection --------------------------------------------------------------------------------

#: A projection needs this many points; the short window of a projection has this many.
PROJECTION_MIN_POINTS = 3
PROJECTION_SHORT_WINDOW = 5


def _projection_points(
    years: Sequence[float] | ArrayLike, values: Sequence[float] | ArrayLike, last: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """The valid (year, value) pairs in year order; the last ``last`` of them when given."""
    y_all = _as_float(years).ravel()
    v_all = _as_float(values).ravel()
    if y_all.size != v_all.size:
        raise ValueError("jaren en waarden moeten even lang zijn")
    if last is not None and int(last) < 1:
        raise ValueError(f"het venster moet minstens 1 punt hebben, niet {last!r}")
    keep = np.isfinite(y_all) & np.isfinite(v_all)
    order = np.argsort(y_all[keep], kind="stable")
    yrs, vals = y_all[keep][order], v_all[keep][order]
    if last is not None:
        yrs, vals = yrs[-int(last):], vals[-int(last):]
    return yrs, vals


def _fits(yrs: np.ndarray) -> bool:
    return yrs.size >= PROJECTION_MIN_POINTS and np.unique(yrs).size >= 2


def _ols(yrs: np.ndarray, vals: np.ndarray) -> Any:
    """The OLS fit of value on year (years centred on the first one, which keeps the design
    matrix well conditioned)."""
    import statsmodels.api as sm  # local: only a batch or a report that draws a projection fits

    return sm.OLS(vals, np.column_stack([np.ones(yrs.size), yrs - yrs[0]])).fit()


def _predict(fit: Any, years: np.ndarray, first: float,
             alpha: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fitted value and prediction band (``conf_int(obs=True)``, the ``obs_ci_lower`` /
    ``obs_ci_upper`` of ``summary_frame``) of the fit in ``years``."""
    design = np.column_stack([np.ones(years.size), years - first])
    prediction = fit.get_prediction(design)
    band = prediction.conf_int(obs=True, alpha=alpha)
    return np.asarray(prediction.predicted_mean), band[:, 0], band[:, 1]


def projection_path(
    years: Sequence[float] | ArrayLike,
    values: Sequence[float] | ArrayLike,
    until: int,
    *,
    alpha: float = 0.05,
    last: int | None = None,
) -> pd.DataFrame:
    """The fitted line and its prediction band, for every year from the first fitted one to
    ``until``: columns ``jaar``, ``fit``, ``laag``, ``hoog``.

    Method as :func:`projection_to_target` (statsmodels ``OLS``, ``get_prediction(...)
    .summary_frame(alpha)``, ``obs_ci_lower``/``obs_ci_upper``: the band for a single new
    value); ``last`` keeps only the last points. Empty when the points do not allow a fit.
    """
    yrs, vals = _projection_points(years, values, last)
    if not _fits(yrs):
        return pd.DataFrame({"jaar": [], "fit": [], "laag": [], "hoog": []})
    fit = _ols(yrs, vals)
    grid = np.arange(int(yrs[0]), max(int(until), int(yrs[-1])) + 1, dtype=float)
    fitted, lower, upper = _predict(fit, grid, yrs[0], alpha)
    return pd.DataFrame({"jaar": grid.astype(int), "fit": fitted, "laag": lower, "hoog": upper})


def projection_to_target(
    years: Sequence[float] | ArrayLike,
    values: Sequence[float] | ArrayLike,
    target: float,
    *,
    horizon: int = 2050,
    alpha: float = 0.05,
    polariteit: str = HIGHER_IS_BETTER,
    eenheid: str = "%",
    last: int | None = None,
    target_year: int | None = None,
    decimals: int | None = None,
) -> dict[str, Any]:
    """When a linear trend reaches a target: an indicative projection for one series.

    Method: ordinary least squares of value on year (statsmodels ``OLS``); the future years
    last observed year + 1 … ``horizon`` (inclusive) are predicted with
    ``get_prediction(...).summary_frame(alpha)``, whose ``obs_ci_lower``/``obs_ci_upper`` form the
    prediction band for a single future value (the prediction interval of a linear regression,
    ŷ ± t₍ₙ₋₂₎·s·√(1 + 1/n + (x − x̄)²/Sxx); e.g. Montgomery, Peck & Vining, *Introduction to
    Linear Regression Analysis*, §2.5). Missing pairs are dropped; at least 3 points are
    needed. The window is every valid point, or the last ``last`` of them. With ``decimals``
    a value reaches the target when it does as displayed (rounded half-up to that many
    decimals), so that a band shown as "80,0 %" in a year is also said to reach 80 % then.

    ``polariteit`` "hoger_beter" means the target is reached from below (value ≥ target),
    "lager_beter" from above (value ≤ target); the keys below are then mirrored.

    Returns a dict with ``status`` ("bereikt" when the last observed value has reached the
    target; "haalbaar" when the fitted line reaches it by the horizon; "niet haalbaar bij deze
    trend" when the slope goes the wrong way or is flat, or the line gets there only after the
    horizon; "niet berekend"), ``jaar`` (first year whose fitted value reaches the target),
    ``jaar_vroegst`` / ``jaar_laatst`` (first year whose prediction-band upper / lower bound
    reaches it), each None when not by the horizon, ``helling`` (slope per year, in the unit of
    the values), ``n_punten``, ``venster`` (the years fitted, "2010–2019"; "" without points),
    ``label`` (a Dutch sentence, "indicatief" for projections) and, with ``target_year``,
    ``doeljaar_waarde`` / ``doeljaar_laag`` / ``doeljaar_hoog``: the fitted value and its
    band in that year (NaN when not computed).
    """
    if polariteit not in (HIGHER_IS_BETTER, LOWER_IS_BETTER):
        raise ValueError(
            f"projectie naar een doel vraagt polariteit {HIGHER_IS_BETTER} of "
            f"{LOWER_IS_BETTER}, niet {polariteit!r}"
        )
    if not 0.0 < float(alpha) < 1.0:
        raise ValueError(f"alpha moet strikt tussen 0 en 1 liggen, niet {alpha!r}")
    yrs, vals = _projection_points(years, values, last)
    n = int(yrs.size)
    result: dict[str, Any] = {
        "status": PROJECTION_NOT_COMPUTED,
        "jaar": None,
        "jaar_vroegst": None,
        "jaar_laatst": None,
        "helling": math.nan,
        "n_punten": n,
        "venster": "" if not n else (f"{int(yrs[0])}" if yrs[0] == yrs[-1]
                                     else f"{int(yrs[0])}–{int(yrs[-1])}"),
        "label": "",
    }
    if target_year is not None:
        result.update(doeljaar_waarde=math.nan, doeljaar_laag=math.nan, doeljaar_hoog=math.nan)
    target_txt = f"{_nl_number(target)} {eenheid}".rstrip()
    if not _fits(yrs):
        result["label"] = (
            f"{PROJECTION_NOT_COMPUTED}: "
            f"{TREND_REASON_TOO_FEW_POINTS.format(n=n, min_points=PROJECTION_MIN_POINTS)}"
        )
        return result

    # Work as if a higher value is better; mirror values and target for lager_beter.
    flip = -1.0 if polariteit == LOWER_IS_BETTER else 1.0
    first = yrs[0]
    fit = _ols(yrs, flip * vals)
    slope = float(fit.params[1])
    result["helling"] = flip * slope
    period = result["venster"]
    if target_year is not None:
        mean, low, high = _predict(fit, np.array([float(target_year)]), first, alpha)
        bounds = sorted((flip * float(low[0]), flip * float(high[0])))
        result.update(doeljaar_waarde=flip * float(mean[0]), doeljaar_laag=bounds[0],
                      doeljaar_hoog=bounds[1])
    # Floating-point noise must not push an exact hit (70 + 1·10 = 80) into the next year.
    tol = 1e-9 * max(1.0, abs(target))
    goal = flip * target - tol

    def shown(v: np.ndarray) -> np.ndarray:
        return v if decimals is None else flip * round_half_up_array(flip * v, decimals)

    last_value, last_year = vals[-1], int(yrs[-1])
    if shown(np.array([flip * last_value]))[0] >= goal:
        result["status"] = PROJECTION_REACHED
        shown_last = (_nl_number(last_value) if decimals is None
                      else _nl_number(last_value, decimals, fixed=True))
        value_txt = f"{shown_last} {eenheid}".rstrip()
        result["label"] = (
            f"de laatste waarde ({value_txt} in {last_year}) "
            f"heeft de doelwaarde van {target_txt} al bereikt"
        )
        return result

    future = np.arange(last_year + 1, int(horizon) + 1, dtype=float)
    if future.size:
        fitted, lower, upper = (shown(v) for v in _predict(fit, future, first, alpha))
    else:
        fitted = upper = lower = np.empty(0)

    def first_year(reached: np.ndarray) -> int | None:
        return int(future[np.argmax(reached)]) if reached.any() else None

    if slope > 0:
        result["jaar"] = first_year(fitted >= goal)
    result["jaar_vroegst"] = first_year(upper >= goal)
    result["jaar_laatst"] = first_year(lower >= goal)

    level = f"{_nl_number(100 * (1 - alpha), 1)} %-voorspellingsband"
    late = f"na {int(horizon)}"
    early_txt = str(result["jaar_vroegst"]) if result["jaar_vroegst"] is not None else late
    late_txt = str(result["jaar_laatst"]) if result["jaar_laatst"] is not None else late
    band = f"({level} {early_txt} – {late_txt})"
    if result["jaar"] is not None:
        result["status"] = PROJECTION_FEASIBLE
        result["label"] = (
            f"indicatief: bij de lineaire trend van {period} wordt {target_txt} bereikt "
            f"rond {result['jaar']} {band}"
        )
    elif slope <= 0:
        result["status"] = PROJECTION_NOT_FEASIBLE
        result["label"] = (
            f"indicatief: de lineaire trend van {period} gaat niet in de richting van "
            f"{target_txt}; bij deze trend wordt die waarde niet bereikt"
        )
    else:
        result["status"] = PROJECTION_NOT_FEASIBLE
        # Without any band year the band adds nothing but "na 2050 – na 2050".
        tail = band if result["jaar_vroegst"] is not None else f"(ook niet binnen de {level})"
        result["label"] = (
            f"indicatief: bij de lineaire trend van {period} wordt {target_txt} niet bereikt "
            f"tegen {int(horizon)} {tail}"
        )
    return result


# -- rounding ----------------------------------------------------------------------------------


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round half away from zero on the shortest decimal form of ``value`` (0.125 → 0.13).

    Source: fingertipscharts/PHEindicatormethods ``round2()``; ``Decimal(str(value))`` so that
    binary 75.155 (stored as 75.15499…) rounds as the 75.155 a reader sees. Python's ``round``
    rounds half to even and is never used for display. NaN and ±inf are returned unchanged.
    """
    v = float(value)
    if not math.isfinite(v):
        return v
    quantum = Decimal(1).scaleb(-int(decimals))
    # + 0.0 turns a -0.0 result ("-0,00" on display) into 0.0.
    return float(Decimal(repr(v)).quantize(quantum, rounding=ROUND_HALF_UP)) + 0.0


#: From this many units of the last kept decimal on, a double's spacing exceeds 1/64 unit and a
#: decimal tie may share its double with a neighbour one digit further (9589911824277.734 vs
#: .735 at 2 decimals); such values go through the Decimal route.
_EXACT_LIMIT = 2.0**46


def round_half_up_array(values: ArrayLike, decimals: int = 0) -> np.ndarray:
    """Vectorised :func:`round_half_up`; gives the same result for every double.

    Method: with k = ⌊|x|·10ᵈ⌋, the tie k + ½ (in units of 10⁻ᵈ) is computed as the double
    (2k+1)/(2·10ᵈ), which is exactly the double nearest to the decimal tie because the division
    is correctly rounded; |x| at or above it rounds up. Comparing with that double instead of
    adding ½ to a scaled product reproduces the ``Decimal(repr(x))`` rule: 75.155 → 75.16.
    Values too large for the method (≥ 2⁴⁶ units) fall back to :func:`round_half_up`.
    """
    x = _as_float(values)
    d = int(decimals)
    a = np.abs(x)
    with np.errstate(invalid="ignore", over="ignore"):
        if d >= 0:
            scale = 10.0**d
            k = np.floor(a * scale)
            tie = (2 * k + 1) / (2 * scale)
            rounded = np.where(a >= tie, k + 1, k) / scale
            units = a * scale
        else:
            scale = 10.0**-d
            k = np.floor(a / scale)
            tie = (2 * k + 1) * scale / 2
            rounded = np.where(a >= tie, k + 1, k) * scale
            units = a / scale
        out = np.copysign(rounded, x) + 0.0
        out = np.where(np.isfinite(x), out, x)
        big = np.isfinite(x) & (units >= _EXACT_LIMIT)
    if d > 22 or d < -22:  # powers of ten are no longer exact doubles
        big = np.isfinite(x)
    if big.any():
        out = np.array(out, dtype=float)
        out[big] = [round_half_up(v, d) for v in x[big]]
    return out


# -- disclosure control ------------------------------------------------------------------------


def primary_suppression(
    teller: ArrayLike, noemer: ArrayLike, min_telling: float | ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Primary suppression of small numbers: (suppressed, reason).

    Source: the Fingertips/FingertipsNext disclosure rules (counts 1–4 or 1–7 suppressed, 0
    shown). A row is suppressed when 0 < teller < ``min_telling`` ("telling kleiner dan …") or
    else when 0 < noemer < ``min_telling`` ("noemer kleiner dan …"); 0 and NaN are never a
    reason. ``min_telling`` is one threshold or one per row (NaN: no rule, never suppressed).
    ``reason`` is "" for rows that are not suppressed.
    """
    x, n, m = np.broadcast_arrays(_as_float(teller), _as_float(noemer), _as_float(min_telling))
    with np.errstate(invalid="ignore"):
        small_count = (x > 0) & (x < m)
        small_denominator = (n > 0) & (n < m)
    reason = np.full(x.shape, "", dtype=object)
    suppressed = small_count | small_denominator
    for threshold in np.unique(m[suppressed]):
        shown = _nl_number(threshold)  # 5, not 5.0
        at = m == threshold
        reason[at & small_denominator] = SUPPRESSION_REASON_DENOMINATOR.format(min_telling=shown)
        reason[at & small_count] = SUPPRESSION_REASON_COUNT.format(min_telling=shown)
    return suppressed, reason


def small_denominator(
    noemer: ArrayLike, threshold: float = SMALL_DENOMINATOR_THRESHOLD
) -> np.ndarray:
    """Flag rows to interpret with care: 0 < noemer < ``threshold`` (NaN → False).

    The note to show is ``SMALL_DENOMINATOR_NOTE.format(threshold=...)``, i.e.
    "voorzichtig interpreteren: noemer kleiner dan 30".
    """
    n = _as_float(noemer)
    with np.errstate(invalid="ignore"):
        return (n > 0) & (n < threshold)
