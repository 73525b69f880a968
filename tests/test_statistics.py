"""Statistics core: golden values (referentiesystemen.md §1.4, §1.7), labels and properties."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.proportion import proportions_ztest

from analysis import statistics as st_mod
from analysis.statistics import (
    BEST,
    BETTER,
    COMPARISON_LABELS,
    HIGHER,
    LOWER,
    MUCH_HIGHER,
    MUCH_LOWER,
    NOT_COMPARED,
    SIMILAR,
    TREND_FALLING,
    TREND_FALLING_IMPROVING,
    TREND_FALLING_WORSENING,
    TREND_LABELS,
    TREND_NO_CHANGE,
    TREND_NOT_COMPUTED,
    TREND_REASON_NOT_RELEVANT,
    TREND_RISING,
    TREND_RISING_IMPROVING,
    TREND_RISING_WORSENING,
    WORSE,
    WORST,
    byar_interval,
    chi2_trend,
    chi2_trend_from_sums,
    classify_trend,
    compare_with_benchmark,
    displayed_difference,
    exact_poisson_interval,
    monotonic_in_direction,
    poisson_interval,
    primary_suppression,
    projection_path,
    projection_to_target,
    round_half_up,
    round_half_up_array,
    small_denominator,
    two_proportion_test,
    wilson_interval,
)

FAST = settings(max_examples=60, deadline=None)

# -- constants and labels ------------------------------------------------------------------------


def test_z_constants():
    assert abs(st_mod.Z95 - 1.959963984540054) < 1e-15
    assert abs(st_mod.Z998 - 3.090232306167813) < 1e-15


def test_label_constants_are_the_dutch_strings():
    assert COMPARISON_LABELS == (
        "best", "beter", "vergelijkbaar", "slechter", "slechtst",
        "veel hoger", "hoger", "lager", "veel lager", "niet vergeleken",
    )  # fmt: skip
    assert TREND_LABELS == (
        "stijgend en verbeterend", "stijgend en verslechterend", "dalend en verbeterend",
        "dalend en verslechterend", "stijgend", "dalend", "geen significante verandering",
        "niet berekend",
    )  # fmt: skip
    assert st_mod.POLARITIES == ("hoger_beter", "lager_beter", "geen_oordeel")
    assert st_mod.PROJECTION_STATUSES == (
        "bereikt", "haalbaar", "niet haalbaar bij deze trend", "niet berekend",
    )  # fmt: skip


# -- Wilson --------------------------------------------------------------------------------------

WILSON_GOLDEN = [
    # x, n, 95 % lower, upper, 99.8 % lower, upper (referentiesystemen.md §1.4)
    (82, 100, 0.733326, 0.882998, 0.675295, 0.908915),
    (6500, 10000, 0.640596, 0.659289, 0.635124, 0.664590),
    (0, 50, 0.0, 0.071348, 0.0, 0.160363),
    (50, 50, 0.928652, 1.0, 0.839637, 1.0),
]


@pytest.mark.parametrize(("x", "n", "lo95", "hi95", "lo998", "hi998"), WILSON_GOLDEN)
def test_wilson_golden_values(x, n, lo95, hi95, lo998, hi998):
    lo, hi = wilson_interval(x, n, 0.95)
    assert (float(lo), float(hi)) == pytest.approx((lo95, hi95), abs=1e-6)
    lo, hi = wilson_interval(x, n, 0.998)
    assert (float(lo), float(hi)) == pytest.approx((lo998, hi998), abs=1e-6)


def test_wilson_is_exactly_0_and_1_at_the_edges():
    lo, hi = wilson_interval([0, 50], [50, 50], 0.95)
    assert lo[0] == 0.0
    assert hi[1] == 1.0


def test_wilson_vectorised_matches_row_by_row():
    x = np.array([g[0] for g in WILSON_GOLDEN])
    n = np.array([g[1] for g in WILSON_GOLDEN])
    lo, hi = wilson_interval(x, n, 0.95)
    np.testing.assert_allclose(lo, [g[2] for g in WILSON_GOLDEN], atol=1e-6)
    np.testing.assert_allclose(hi, [g[3] for g in WILSON_GOLDEN], atol=1e-6)


def test_wilson_invalid_rows_give_nan_without_error():
    teller = [1, np.nan, 5, -1, 3, 2]
    noemer = [0, 10, 4, 10, np.nan, -5]
    lo, hi = wilson_interval(teller, noemer, 0.95)
    assert np.isnan(lo).all()
    assert np.isnan(hi).all()


def test_wilson_accepts_pandas_nullable_series():
    lo, hi = wilson_interval(pd.Series([82, pd.NA], dtype="Int64"), pd.Series([100, 100]), 0.95)
    assert lo[0] == pytest.approx(0.733326, abs=1e-6)
    assert np.isnan(lo[1])
    assert np.isnan(hi[1])


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5])
def test_confidence_outside_0_1_is_an_error(confidence):
    with pytest.raises(ValueError, match=r"^betrouwbaarheid moet strikt tussen 0 en 1 liggen"):
        wilson_interval(1, 2, confidence)


@FAST
@given(st.lists(st.tuples(st.integers(1, 10**6), st.floats(0, 1)), min_size=1, max_size=20))
def test_wilson_contains_estimate_and_95_inside_998(rows):
    n = np.array([r[0] for r in rows], dtype=float)
    x = np.floor(np.array([r[1] for r in rows]) * n)
    lo95, hi95 = wilson_interval(x, n, 0.95)
    lo998, hi998 = wilson_interval(x, n, 0.998)
    p = x / n
    assert np.all(lo95 <= p + 1e-12)
    assert np.all(p <= hi95 + 1e-12)
    assert np.all(lo998 <= lo95 + 1e-12)
    assert np.all(hi95 <= hi998 + 1e-12)
    # The closed form of §1.4, written independently of statsmodels.
    z = st_mod.Z95
    root = z * np.sqrt(z**2 + 4 * x * (1 - x / n))
    np.testing.assert_allclose(lo95, (2 * x + z**2 - root) / (2 * (n + z**2)), atol=1e-12)
    np.testing.assert_allclose(hi95, (2 * x + z**2 + root) / (2 * (n + z**2)), atol=1e-12)


# -- Poisson -------------------------------------------------------------------------------------

POISSON_GOLDEN_95 = [
    # count, lower, upper (referentiesystemen.md §1.4): Byar's for 48 and 900, exact below 10
    (48, 35.3885, 63.6424),
    (900, 842.1533, 960.7734),
    (0, 0.0, 3.6889),
    (3, 0.6187, 8.7673),
    (9, 4.1154, 17.0848),
]
POISSON_GOLDEN_998 = [
    # computed here with the same formulas; exact 0 → upper = −ln(0.001) = 6.9078
    (48, 29.3747, 73.5332),
    (900, 810.1290, 996.6215),
    (0, 0.0, 6.9078),
    (3, 0.1905, 13.0622),
    (9, 2.4524, 22.6574),
]


@pytest.mark.parametrize(("count", "lower", "upper"), POISSON_GOLDEN_95)
def test_poisson_golden_values_95(count, lower, upper):
    lo, hi = poisson_interval(count, 0.95)
    assert (float(lo), float(hi)) == pytest.approx((lower, upper), abs=5e-5)


@pytest.mark.parametrize(("count", "lower", "upper"), POISSON_GOLDEN_998)
def test_poisson_golden_values_998(count, lower, upper):
    lo, hi = poisson_interval(count, 0.998)
    assert (float(lo), float(hi)) == pytest.approx((lower, upper), abs=5e-5)


def test_byar_and_exact_are_exposed_separately():
    assert float(byar_interval(48, 0.95)[0]) == pytest.approx(35.3885, abs=5e-5)
    assert float(exact_poisson_interval(9, 0.95)[1]) == pytest.approx(17.0848, abs=5e-5)


def test_poisson_switches_to_byar_at_10():
    lo, hi = poisson_interval([9, 10], 0.95)
    e_lo, e_hi = exact_poisson_interval(9, 0.95)
    b_lo, b_hi = byar_interval(10, 0.95)
    assert (lo[0], hi[0]) == (float(e_lo), float(e_hi))
    assert (lo[1], hi[1]) == (float(b_lo), float(b_hi))


@pytest.mark.parametrize("count", [1, 3, 9])
@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_exact_poisson_limits_solve_the_tail_equations(count, confidence):
    # Independent check: P(X ≥ x | lower) = α/2 and P(X ≤ x | upper) = α/2.
    alpha = 1 - confidence
    lo, hi = exact_poisson_interval(count, confidence)
    assert stats.poisson.sf(count - 1, float(lo)) == pytest.approx(alpha / 2, rel=1e-9)
    assert stats.poisson.cdf(count, float(hi)) == pytest.approx(alpha / 2, rel=1e-9)


def test_poisson_invalid_counts_give_nan():
    lo, hi = poisson_interval([np.nan, -1, None], 0.95)
    assert np.isnan(lo).all()
    assert np.isnan(hi).all()


@FAST
@given(st.lists(st.one_of(st.integers(0, 10**7), st.floats(0, 1e6)), min_size=1, max_size=20))
def test_poisson_interval_contains_count_and_95_inside_998(counts):
    x = np.array(counts, dtype=float)
    lo95, hi95 = poisson_interval(x, 0.95)
    lo998, hi998 = poisson_interval(x, 0.998)
    assert np.all(lo95 <= x)
    assert np.all(x <= hi95)
    assert np.all(lo998 <= lo95)
    assert np.all(hi95 <= hi998)


# -- benchmark comparison ------------------------------------------------------------------------

# The area: 95 % CI 1–2, 99.8 % CI 0.5–2.5; benchmarks in each zone (bounds count as inside).
# relevant=0 is Fingertips method 17 as it is: every significant difference counts.
FINGERTIPS = {"value": 1.5, "relevant": 0}
BENCHMARKS = [1.5, 1.0, 2.0, 0.7, 0.3, 2.2, 2.7]
EXPECTED = {
    "hoger_beter": [SIMILAR, SIMILAR, SIMILAR, BETTER, BEST, WORSE, WORST],
    "lager_beter": [SIMILAR, SIMILAR, SIMILAR, WORSE, WORST, BETTER, BEST],
    "geen_oordeel": [SIMILAR, SIMILAR, SIMILAR, HIGHER, MUCH_HIGHER, LOWER, MUCH_LOWER],
}


@pytest.mark.parametrize("polariteit", list(EXPECTED))
def test_compare_with_benchmark_five_categories(polariteit):
    n = len(BENCHMARKS)
    out = compare_with_benchmark([1] * n, [2] * n, [0.5] * n, [2.5] * n, BENCHMARKS, polariteit,
                                 **FINGERTIPS)
    assert out.dtype == object
    assert out.tolist() == EXPECTED[polariteit]


def test_compare_with_benchmark_label_strings():
    assert (BEST, BETTER, SIMILAR, WORSE, WORST) == (
        "best", "beter", "vergelijkbaar", "slechter", "slechtst",
    )  # fmt: skip
    assert (HIGHER, MUCH_HIGHER, LOWER, MUCH_LOWER, NOT_COMPARED) == (
        "hoger", "veel hoger", "lager", "veel lager", "niet vergeleken",
    )  # fmt: skip


def test_compare_with_benchmark_missing_inputs_not_compared():
    nan = np.nan
    out = compare_with_benchmark(
        [nan, 1, 1, 1, 1, 1],
        [2, 2, nan, 2, 2, 2],
        [0.5, 0.5, 0.5, nan, 0.5, nan],
        [2.5, 2.5, 2.5, 2.5, nan, nan],
        [1.5, nan, 1.5, 0.7, 2.2, 1.5],
        "hoger_beter", **FINGERTIPS,
    )
    # A missing 99.8 % bound only matters on the side where the benchmark falls outside.
    assert out.tolist() == [NOT_COMPARED] * 5 + [SIMILAR]


def test_compare_with_benchmark_polarity_per_row():
    out = compare_with_benchmark(1, 2, 0.5, 2.5, [0.3, 0.3, 0.3],
                                 ["hoger_beter", "lager_beter", "geen_oordeel"],
                                 **FINGERTIPS)  # fmt: skip
    assert out.tolist() == [BEST, WORST, MUCH_HIGHER]


def test_compare_with_benchmark_unknown_polarity():
    with pytest.raises(ValueError) as err:
        compare_with_benchmark(1, 2, 0.5, 2.5, 1.5, "hoog", **FINGERTIPS)
    assert str(err.value) == (
        "onbekende polariteit 'hoog'; verwacht een van: hoger_beter, lager_beter, geen_oordeel"
    )


def test_compare_with_benchmark_pandas_series_in():
    out = compare_with_benchmark(
        pd.Series([1.0, None]), pd.Series([2.0, 2.0]), 0.5, 2.5, pd.Series([0.3, 0.3]),
        "hoger_beter", **FINGERTIPS,
    )  # fmt: skip
    assert out.tolist() == [BEST, NOT_COMPARED]


_SWAP = {BETTER: WORSE, WORSE: BETTER, BEST: WORST, WORST: BEST,
         SIMILAR: SIMILAR, NOT_COMPARED: NOT_COMPARED}  # fmt: skip
_VALUE = st.one_of(st.floats(-100, 100, allow_nan=False), st.just(math.nan))


@FAST
@given(st.lists(st.tuples(_VALUE, st.floats(0, 10), st.floats(0, 10), _VALUE),
                min_size=1, max_size=30))  # fmt: skip
def test_comparison_flips_with_polarity(rows):
    centre = np.array([r[0] for r in rows])
    half95 = np.array([r[1] for r in rows])
    half998 = half95 + np.array([r[2] for r in rows])
    bench = np.array([r[3] for r in rows])
    args = (centre - half95, centre + half95, centre - half998, centre + half998, bench)
    # With a relevance threshold too: the rule is symmetric in the direction.
    high = compare_with_benchmark(*args, "hoger_beter", value=centre, relevant=0.5)
    low = compare_with_benchmark(*args, "lager_beter", value=centre, relevant=0.5)
    assert [_SWAP[h] for h in high] == low.tolist()


# -- relevance beside significance (catalogue relevant_verschil) ---------------------------------

# A rate of 74,3 % with a 95 % interval 74,0–74,6 and a 99,8 % interval 73,8–74,8: every
# benchmark below lies outside both intervals, so only the size decides.
NARROW = (74.0, 74.6, 73.8, 74.8)


def _narrow(benchmark, polariteit="hoger_beter", value=74.3, relevant=1.0):
    return compare_with_benchmark(*NARROW, benchmark, polariteit, value=value,
                                  relevant=relevant, decimals=1).tolist()


def test_significant_but_not_relevant_is_vergelijkbaar():
    # Mechelen 74,3 % against Vlaanderen 75,2 %: beyond the 99,8 % interval, 0,9 < 1 procentpunt.
    assert _narrow(75.2) == SIMILAR
    assert _narrow(73.4) == SIMILAR


def test_relevant_once_is_beter_and_slechter_not_best():
    # 1,5 procentpunt, beyond the 99,8 % interval, but less than 2 × 1: beter/slechter.
    assert _narrow(75.8) == WORSE
    assert _narrow(72.8) == BETTER
    # Exactly 1,0 procentpunt counts (the bound is included).
    assert _narrow(75.3) == WORSE


def test_more_than_twice_relevant_and_998_is_best_and_slechtst():
    # 2,1 procentpunt, beyond the 99,8 % interval: more than 2 × 1.
    assert _narrow(76.4) == WORST
    assert _narrow(72.2) == BEST


def test_exactly_twice_relevant_stays_beter_and_slechter():
    # Exactly 2,0 procentpunt (Roeselare 77,2 against Vlaanderen 75,2 %), beyond the 99,8 %
    # interval: beter, not best.
    assert compare_with_benchmark(76.8, 77.6, 76.5, 77.9, 75.2, "hoger_beter", value=77.2,
                                  relevant=1.0, decimals=1).tolist() == BETTER
    assert _narrow(76.3) == WORSE
    assert _narrow(72.3) == BETTER


def test_relevant_twice_but_only_95_is_beter_not_best():
    # The benchmark inside the 99,8 % interval (74,0–74,6 at 95 %, 72,0–76,6 at 99,8 %).
    out = compare_with_benchmark(74.0, 74.6, 72.0, 76.6, [76.3, 72.1], "hoger_beter",
                                 value=74.3, relevant=1.0, decimals=1)
    assert out.tolist() == [WORSE, BETTER]


def test_relevant_but_not_significant_is_vergelijkbaar():
    # A wide interval (70–78) holds the benchmark 75,8: 1,5 procentpunt, not significant.
    out = compare_with_benchmark(70, 78, 68, 80, 75.8, "hoger_beter", value=74.3, relevant=1,
                                 decimals=1)
    assert out.tolist() == SIMILAR


def test_relevance_is_judged_on_the_values_as_displayed():
    # 74,26 against 75,25: 0,99 unrounded, but 74,3 against 75,3 on the page: 1,0 → slechter.
    assert _narrow(75.25, value=74.26) == WORSE
    # 74,34 against 75,25: 0,91 unrounded, again 74,3 against 75,3 displayed: slechter.
    assert _narrow(75.25, value=74.34) == WORSE
    # 74,25 against 75,24: 0,99 unrounded, 74,3 against 75,2 displayed: 0,9 → vergelijkbaar.
    assert _narrow(75.24, value=74.25) == SIMILAR


def test_relevance_with_polarity_and_a_smaller_threshold():
    # werkzoekendengraad (lager_beter, 0,5 procentpunt): 6,5 against 5,9 % is 0,6 higher (and
    # beyond 99,8 %, but under 2 × 0,5); against 6,1 % only 0,4; against 7,6 % 1,1 lower.
    out = compare_with_benchmark(6.3, 6.7, 6.2, 6.8, [5.9, 6.1, 7.6], "lager_beter",
                                 value=6.5, relevant=0.5, decimals=1)
    assert out.tolist() == [WORSE, SIMILAR, BEST]
    out = compare_with_benchmark(6.3, 6.7, 6.2, 6.8, [5.4, 6.9], "geen_oordeel",
                                 value=6.5, relevant=0.5, decimals=1)
    assert out.tolist() == [MUCH_HIGHER, SIMILAR]


def test_relevance_of_a_count_is_in_procent():
    # 1.110 against 1.000 is 11 % more: more than twice relevant (5 %); 1.100 is exactly
    # twice (hoger, not veel hoger); 1.040 is 4 %.
    out = compare_with_benchmark([1060, 1050, 990], [1160, 1150, 1090], [1040, 1030, 975],
                                 [1180, 1170, 1105], 1000, "geen_oordeel",
                                 value=[1110, 1100, 1040], relevant=5, decimals=0,
                                 relative=True)
    assert out.tolist() == [MUCH_HIGHER, HIGHER, SIMILAR]


def test_relevance_needs_the_value_where_significant():
    out = compare_with_benchmark(*NARROW, [75.8, 74.3], "hoger_beter", value=np.nan, relevant=1)
    assert out.tolist() == [NOT_COMPARED, SIMILAR]


def test_relevance_threshold_must_be_a_number_of_at_least_0():
    for bad in (-1, np.nan):
        with pytest.raises(ValueError) as err:
            compare_with_benchmark(*NARROW, 75.8, "hoger_beter", value=74.3, relevant=bad)
        assert str(err.value) == (
            "het relevante verschil moet een getal van minstens 0 zijn (relevant_verschil in de "
            "catalogus)"
        )


def test_displayed_difference_uses_the_rounded_figures():
    # The issue: "0,5 procentpunt minder (17,6 → 17,0 %)" and "8,9 % tegenover 5,9 %: 3,1".
    assert displayed_difference(17.04, 17.55, 1).tolist() == -0.6
    assert displayed_difference(8.94, 5.86, 1).tolist() == 3.0
    assert displayed_difference(8.94, 5.86).tolist() == pytest.approx(3.08)
    # Counts: procent of the displayed reference, one decimal.
    assert displayed_difference(3561, 3450, 0, relative=True).tolist() == 3.2
    assert np.isnan(displayed_difference(5, 0, 0, relative=True))


def test_trend_significant_but_smaller_than_relevant_is_no_change():
    label, reason = classify_trend([18.0, 18.0, 18.0], [1, 1, -1], True, 5, "hoger_beter",
                                   change=[0.8, 1.0, -1.2], relevant=1.0)
    assert label.tolist() == [TREND_NO_CHANGE, TREND_RISING_IMPROVING, TREND_FALLING_WORSENING]
    assert reason.tolist() == [TREND_REASON_NOT_RELEVANT, "", ""]
    assert TREND_REASON_NOT_RELEVANT == "significant, maar kleiner dan het relevante verschil"


# -- two-proportion test -------------------------------------------------------------------------


def test_two_proportion_test_matches_statsmodels():
    rng = np.random.default_rng(20240611)
    n1 = rng.integers(5, 5000, 40)
    n2 = rng.integers(5, 5000, 40)
    x1 = rng.binomial(n1, rng.uniform(0.05, 0.95, 40))
    x2 = rng.binomial(n2, rng.uniform(0.05, 0.95, 40))
    z, sig = two_proportion_test(x1, n1, x2, n2)
    for i in range(40):
        z_ref, p_ref = proportions_ztest([x1[i], x2[i]], [n1[i], n2[i]])
        assert z[i] == pytest.approx(z_ref, abs=1e-9)
        assert sig[i] == (1.0 if p_ref < 0.05 else 0.0)


def test_two_proportion_test_significance_at_alpha():
    # 60/100 against 45/100: pooled 0.525, z = 0.15/√(0.525·0.475·0.02) = 2.12398, p = 0.034.
    z, sig = two_proportion_test(60, 100, 45, 100)
    assert float(z) == pytest.approx(2.12398, abs=1e-5)
    assert float(sig) == 1.0
    assert float(two_proportion_test(60, 100, 45, 100, alpha=0.01)[1]) == 0.0


def test_two_proportion_test_untestable_rows():
    z, sig = two_proportion_test(
        [np.nan, 1, 5, 1, 0, 10],
        [10, 0, 4, 10, 10, 10],
        [1, 1, 1, -1, 0, 20],
        [10, 10, 10, 10, 20, 20],
    )
    assert np.isnan(z).all()
    # Rows 0–3 cannot be tested; 0 % vs 0 % and 100 % vs 100 % are equal, never significant.
    assert np.isnan(sig[:4]).all()
    assert sig[4:].tolist() == [0.0, 0.0]


# -- trend test ----------------------------------------------------------------------------------

TREND_CASES = [
    # per-year n, rising counts over 3 years, χ² to the decimals given (referentiesystemen.md §1.7)
    (1000, (500, 530, 560), 7.23, 2),  # 50 → 53 → 56 %
    (1000, (500, 515, 530), 1.80, 2),  # 50 → 51.5 → 53 %
    (100, (50, 53, 56), 0.72, 2),
    (10000, (5000, 5150, 5300), 18.0, 1),  # 18.016
]


@pytest.mark.parametrize(("n", "counts", "expected", "decimals"), TREND_CASES)
def test_chi2_trend_reference_values_rising(n, counts, expected, decimals):
    chi2, sign = chi2_trend(counts, [n] * 3)
    assert round(chi2, decimals) == expected
    assert sign == 1


@pytest.mark.parametrize(("n", "counts", "expected", "decimals"), TREND_CASES)
def test_chi2_trend_reference_values_falling(n, counts, expected, decimals):
    chi2, sign = chi2_trend(counts[::-1], [n] * 3)
    assert round(chi2, decimals) == expected
    assert sign == -1


def test_chi2_trend_with_calendar_years_equals_1_to_k():
    r, n = [500, 530, 560], [1000] * 3
    assert chi2_trend(r, n, [2022, 2023, 2024]) == pytest.approx(chi2_trend(r, n), rel=1e-12)


def test_chi2_trend_independent_of_statsmodels_table():
    # statsmodels' linear-by-linear test uses the (N − 1) variance; Armitage's χ² uses N.
    rng = np.random.default_rng(7)
    for _ in range(20):
        k = int(rng.integers(3, 7))
        n = rng.integers(20, 3000, k)
        r = rng.binomial(n, rng.uniform(0.1, 0.9))
        t = np.sort(rng.choice(np.arange(2000, 2030), k, replace=False)).astype(float)
        res = Table(np.column_stack([r, n - r])).test_ordinal_association(
            row_scores=t, col_scores=np.array([1.0, 0.0])
        )
        big_n = n.sum()
        chi2, sign = chi2_trend(r, n, t)
        assert chi2 == pytest.approx(res.zscore**2 * big_n / (big_n - 1), rel=1e-9)
        assert sign == int(np.sign(res.zscore))


def test_chi2_trend_is_n_times_r_squared_of_the_individual_data():
    # Armitage's χ² = N·r², r the Pearson correlation of t and the 0/1 outcome per person.
    r, n, t = [50, 53, 56], [100, 100, 100], [1, 2, 3]
    times = np.repeat(t, n)
    outcome = np.concatenate([[1] * ri + [0] * (ni - ri) for ri, ni in zip(r, n, strict=True)])
    corr = stats.pearsonr(times, outcome).statistic
    assert chi2_trend(r, n, t)[0] == pytest.approx(sum(n) * corr**2, rel=1e-12)


def test_chi2_trend_from_sums_vectorised_and_undefined_rows():
    # Rising 50/53/56 % of 1000; R = 0; R = N; one time point only; NaN.
    N = np.array([3000, 3000, 3000, 1000, np.nan])  # noqa: N806
    R = np.array([1590, 0, 3000, 500, 1])  # noqa: N806
    Srt = np.array([500 * -1 + 560 * 1, 0, 0, 0, 1])  # noqa: N806  (t centred: −1, 0, 1)
    Snt = np.array([0, 0, 0, 0, 1])  # noqa: N806
    Snt2 = np.array([2000, 2000, 2000, 0, 1])  # noqa: N806
    chi2, sign = chi2_trend_from_sums(N, R, Srt, Snt, Snt2)
    assert chi2[0] == pytest.approx(7.226013649, rel=1e-9)
    assert sign[0] == 1.0
    assert np.isnan(chi2[1:]).all()
    assert np.isnan(sign[1:]).all()


@pytest.mark.parametrize(
    ("r", "n"), [([0, 0, 0], [10, 10, 10]), ([10, 20, 5], [10, 20, 5]), ([1, np.nan, 3], [9] * 3)]
)
def test_chi2_trend_undefined_series(r, n):
    chi2, sign = chi2_trend(r, n)
    assert math.isnan(chi2)
    assert sign == 0


def test_chi2_trend_lengths_must_match():
    with pytest.raises(ValueError, match=r"^r, n en t moeten even lang zijn$"):
        chi2_trend([1, 2], [10, 10, 10])


_SERIES = st.integers(3, 6).flatmap(
    lambda k: st.lists(
        st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
        min_size=k, max_size=k,
    )
)  # fmt: skip


@FAST
@given(_SERIES)
def test_chi2_trend_nonnegative_and_time_reversal_flips_sign(rows):
    r = [a for a, _ in rows]
    n = [b for _, b in rows]
    chi2, sign = chi2_trend(r, n)
    back, back_sign = chi2_trend(r[::-1], n[::-1])
    if math.isnan(chi2):
        assert math.isnan(back)
        return
    assert chi2 >= 0
    assert back == pytest.approx(chi2, rel=1e-9, abs=1e-12)
    assert back_sign == -sign


def test_monotonic_in_direction():
    values = [[0.50, 0.53, 0.56], [0.50, 0.50, 0.56], [0.50, 0.58, 0.56], [0.56, 0.53, 0.50],
              [0.50, np.nan, 0.56], [0.50, 0.53, 0.56]]  # fmt: skip
    signs = [1, 1, 1, -1, 1, 0]
    assert monotonic_in_direction(values, signs).tolist() == [True, True, False, True, False, False]


# Significant at 99.8 % (18.0 > 9.5495); at 95 % only (7.23); not significant (1.80).
# A change of 5 procentpunt over the run, well above the relevant 1 procentpunt.
LARGE = {"change": 5.0, "relevant": 1.0}
def test_classify_trend_directions_per_polarity():
    chi2 = [18.0, 18.0]
    sign = [1, -1]
    mono = [True, True]
    npts = [3, 3]
    assert classify_trend(chi2, sign, mono, npts, "hoger_beter", **LARGE)[0].tolist() == [
        TREND_RISING_IMPROVING, TREND_FALLING_WORSENING,
    ]  # fmt: skip
    assert classify_trend(chi2, sign, mono, npts, "lager_beter", **LARGE)[0].tolist() == [
        TREND_RISING_WORSENING, TREND_FALLING_IMPROVING,
    ]  # fmt: skip
    label, reason = classify_trend(chi2, sign, mono, npts, "geen_oordeel", **LARGE)
    assert label.tolist() == [TREND_RISING, TREND_FALLING]
    assert reason.tolist() == ["", ""]


def test_classify_trend_label_strings():
    assert (TREND_RISING_IMPROVING, TREND_RISING_WORSENING) == (
        "stijgend en verbeterend", "stijgend en verslechterend",
    )  # fmt: skip
    assert (TREND_FALLING_IMPROVING, TREND_FALLING_WORSENING) == (
        "dalend en verbeterend", "dalend en verslechterend",
    )  # fmt: skip
    assert (TREND_RISING, TREND_FALLING, TREND_NO_CHANGE, TREND_NOT_COMPUTED) == (
        "stijgend", "dalend", "geen significante verandering", "niet berekend",
    )  # fmt: skip


def test_classify_trend_confidence_level():
    # χ² = 7.23: significant at 95 % (3.84), not at 99.8 % (9.5495).
    assert classify_trend(7.23, 1, True, 3, "hoger_beter", **LARGE)[0].tolist() == TREND_NO_CHANGE
    assert (
        classify_trend(7.23, 1, True, 3, "hoger_beter", confidence=0.95, **LARGE)[0].tolist()
        == TREND_RISING_IMPROVING
    )
    # The Fingertips critical value 9.5495357.
    below = classify_trend(9.5495, 1, True, 3, "hoger_beter", **LARGE)[0]
    above = classify_trend(9.5496, 1, True, 3, "hoger_beter", **LARGE)[0]
    assert (below.tolist(), above.tolist()) == (TREND_NO_CHANGE, TREND_RISING_IMPROVING)


def test_classify_trend_end_to_end_rising_and_falling():
    # n = 10 000 per year, 50 → 51.5 → 53 % and the same series falling.
    r_up, r_down, n = [5000, 5150, 5300], [5300, 5150, 5000], [10000] * 3
    up, down = chi2_trend(r_up, n), chi2_trend(r_down, n)
    props = np.array([r_up, r_down]) / 10000
    mono = monotonic_in_direction(props, [up[1], down[1]])
    label, _ = classify_trend([up[0], down[0]], [up[1], down[1]], mono, 3, "hoger_beter", **LARGE)
    assert label.tolist() == [TREND_RISING_IMPROVING, TREND_FALLING_WORSENING]


def test_classify_trend_not_monotonic_is_no_change_with_reason():
    label, reason = classify_trend(18.0, 1, False, 3, "hoger_beter", **LARGE)
    assert label.tolist() == "geen significante verandering"
    assert reason.tolist() == "wisselend verloop"


def test_classify_trend_not_significant_has_empty_reason():
    label, reason = classify_trend(1.80, 1, True, 3, "hoger_beter", **LARGE)
    assert label.tolist() == TREND_NO_CHANGE
    assert reason.tolist() == ""


def test_classify_trend_too_few_points():
    label, reason = classify_trend([18.0, 18.0, np.nan], 1, True, [2, 1, np.nan], "hoger_beter",
                                   **LARGE)
    assert label.tolist() == ["niet berekend"] * 3
    assert reason.tolist() == [
        "te weinig punten (2 van minstens 3)",
        "te weinig punten (1 van minstens 3)",
        "te weinig punten (0 van minstens 3)",
    ]
    assert classify_trend(18.0, 1, True, 4, "hoger_beter", min_points=5, **LARGE)[1].tolist() == (
        "te weinig punten (4 van minstens 5)"
    )


def test_classify_trend_not_computable():
    label, reason = classify_trend(np.nan, np.nan, True, 3, "lager_beter", **LARGE)
    assert label.tolist() == "niet berekend"
    assert reason.tolist() == "niet te berekenen (teller 0 of gelijk aan de noemer in elke periode)"


def test_classify_trend_unknown_polarity():
    with pytest.raises(ValueError, match=r"^onbekende polariteit None; verwacht een van: "):
        classify_trend(18.0, 1, True, 3, [None], **LARGE)


def test_classify_trend_large_vectorised_input():
    rng = np.random.default_rng(1)
    size = 100_000
    chi2 = rng.chisquare(1, size) * 3
    chi2[::7] = np.nan
    label, reason = classify_trend(
        chi2, rng.choice([-1, 1], size), rng.random(size) > 0.3, rng.integers(1, 6, size),
        rng.choice(["hoger_beter", "lager_beter", "geen_oordeel"], size), **LARGE,
    )  # fmt: skip
    assert label.shape == reason.shape == (size,)
    assert set(label) <= set(TREND_LABELS)


# -- projection ----------------------------------------------------------------------------------

YEARS = list(range(2010, 2020))


def test_projection_exact_line_reaches_target_in_2020():
    res = projection_to_target(YEARS, [70 + (y - 2010) for y in YEARS], 80)
    assert res["status"] == "haalbaar"
    assert (res["jaar"], res["jaar_vroegst"], res["jaar_laatst"]) == (2020, 2020, 2020)
    assert res["helling"] == pytest.approx(1.0, abs=1e-9)
    assert res["n_punten"] == 10
    assert res["label"] == (
        "indicatief: bij de lineaire trend van 2010–2019 wordt 80 % bereikt rond 2020 "
        "(95 %-voorspellingsband 2020 – 2020)"
    )


def test_projection_noisy_line_has_a_band_around_the_year():
    values = [70 + 0.8 * (y - 2010) + (0.3 if y % 2 else -0.3) for y in YEARS]
    res = projection_to_target(YEARS, values, 80)
    assert res["status"] == "haalbaar"
    assert res["jaar_vroegst"] <= res["jaar"] <= res["jaar_laatst"]
    assert res["jaar"] == 2023  # 80 = 69.85 + 0.8182·(year − 2010) → 2022.4
    assert res["label"] == (
        "indicatief: bij de lineaire trend van 2010–2019 wordt 80 % bereikt rond 2023 "
        "(95 %-voorspellingsband 2022 – 2024)"
    )


def test_projection_band_open_beyond_horizon():
    values = [60, 63, 59, 64, 61, 65, 62, 66]
    res = projection_to_target(range(2012, 2020), values, 70, horizon=2030)
    assert res["status"] == "haalbaar"
    assert res["jaar_laatst"] is None
    assert res["label"].endswith(f"rond {res['jaar']} (95 %-voorspellingsband "
                                 f"{res['jaar_vroegst']} – na 2030)")  # fmt: skip


def test_projection_falling_series_not_feasible():
    res = projection_to_target(YEARS, [75 - 0.5 * (y - 2010) for y in YEARS], 80)
    assert res["status"] == "niet haalbaar bij deze trend"
    assert res["jaar"] is None
    assert res["helling"] == pytest.approx(-0.5, abs=1e-9)
    assert res["label"] == (
        "indicatief: de lineaire trend van 2010–2019 gaat niet in de richting van 80 %; "
        "bij deze trend wordt die waarde niet bereikt"
    )


def test_projection_too_slow_for_the_horizon():
    values = [50 + 0.1 * (y - 2010) + (0.3 if y % 2 else -0.3) for y in YEARS]
    res = projection_to_target(YEARS, values, 80)
    assert res["status"] == "niet haalbaar bij deze trend"
    assert (res["jaar"], res["jaar_vroegst"], res["jaar_laatst"]) == (None, None, None)
    assert res["label"] == (
        "indicatief: bij de lineaire trend van 2010–2019 wordt 80 % niet bereikt tegen 2050 "
        "(ook niet binnen de 95 %-voorspellingsband)"
    )


def test_projection_already_reached():
    res = projection_to_target(YEARS, [79 + 0.5 * (y - 2010) for y in YEARS], 80)
    assert res["status"] == "bereikt"
    assert res["jaar"] is None
    assert res["label"] == (
        "de laatste waarde (83,5 % in 2019) heeft de doelwaarde van 80 % al bereikt"
    )


def test_projection_two_points_not_computed():
    res = projection_to_target([2018, 2019, 2020], [70, np.nan, 72], 80)
    assert res == {
        "status": "niet berekend", "jaar": None, "jaar_vroegst": None, "jaar_laatst": None,
        "helling": pytest.approx(math.nan, nan_ok=True), "n_punten": 2, "venster": "2018–2020",
        "label": "niet berekend: te weinig punten (2 van minstens 3)",
    }  # fmt: skip


def test_projection_one_point_names_its_year_and_has_no_band_in_the_target_year():
    res = projection_to_target([2022], [76.4], 80, target_year=2030)
    assert (res["status"], res["venster"], res["n_punten"]) == ("niet berekend", "2022", 1)
    assert math.isnan(res["doeljaar_waarde"]) and math.isnan(res["doeljaar_hoog"])
    assert projection_path([2022], [76.4], 2030).empty


#: An accelerating series: the last five points rise faster than all eight.
ACCELERATING = (np.arange(2012, 2020), np.array([70.0, 70.2, 70.3, 70.6, 71.0, 71.8, 72.5,
                                                  73.4]))


def _prediction_band(years, values, x):
    """The prediction interval of a straight-line fit, closed form (Montgomery, Peck & Vining
    §2.5): ŷ ± t(n−2)·s·√(1 + 1/n + (x − x̄)²/Sxx), written without statsmodels."""
    years, values = np.asarray(years, float), np.asarray(values, float)
    n = len(years)
    slope, intercept = np.polyfit(years, values, 1)
    resid = values - (intercept + slope * years)
    s = math.sqrt(resid @ resid / (n - 2))
    sxx = ((years - years.mean()) ** 2).sum()
    half = stats.t.ppf(0.975, n - 2) * s * np.sqrt(1 + 1 / n + (x - years.mean()) ** 2 / sxx)
    fit = intercept + slope * x
    return fit, fit - half, fit + half


@pytest.mark.parametrize(("last", "window", "years", "band_2030"), [
    (None, "2012–2019", (2034, 2030, 2043), (78.164286, 75.797349, 80.531223)),
    (5, "2015–2019", (2029, 2027, 2032), (81.09, 79.007098, 83.172902)),
])
def test_projection_golden_years_and_band_in_the_target_year(last, window, years, band_2030):
    years_in, values = ACCELERATING
    res = projection_to_target(years_in, values, 80, target_year=2030, last=last)
    assert res["venster"] == window and res["n_punten"] == (last or 8)
    assert (res["jaar"], res["jaar_vroegst"], res["jaar_laatst"]) == years
    got = (res["doeljaar_waarde"], res["doeljaar_laag"], res["doeljaar_hoog"])
    assert got == pytest.approx(band_2030, abs=1e-6)
    used = slice(-last, None) if last else slice(None)
    expected = _prediction_band(years_in[used], values[used], 2030.0)
    assert got == pytest.approx(expected, abs=1e-9)
    # The years: the first future year the fitted line and the band bounds reach 80.
    future = np.arange(2020, 2051)
    fit, low, high = _prediction_band(years_in[used], values[used], future)
    assert years == tuple(int(future[np.argmax(v >= 80)]) for v in (fit, high, low))


def test_projection_window_is_every_point_or_the_last_ones_in_year_order():
    years, values = ACCELERATING
    shuffled = np.array([5, 0, 7, 2, 6, 1, 3, 4])
    res = projection_to_target(years[shuffled], values[shuffled], 80, last=5)
    assert res["venster"] == "2015–2019"
    assert res["helling"] == pytest.approx(np.polyfit(years[-5:], values[-5:], 1)[0], abs=1e-9)
    # A missing value is no point: the last five valid ones reach back a year further.
    with_gap = values.copy()
    with_gap[-2] = np.nan
    assert projection_to_target(years, with_gap, 80, last=5)["venster"] == "2014–2019"
    with pytest.raises(ValueError, match=r"^het venster moet minstens 1 punt hebben, niet 0$"):
        projection_to_target(years, values, 80, last=0)


def test_projection_path_is_the_fit_and_band_of_every_year_to_the_target_year():
    years, values = ACCELERATING
    path = projection_path(years, values, 2030)
    assert path["jaar"].tolist() == list(range(2012, 2031))
    fit, low, high = _prediction_band(years, values, path["jaar"].to_numpy(float))
    assert path["fit"].to_numpy() == pytest.approx(fit, abs=1e-9)
    assert path["laag"].to_numpy() == pytest.approx(low, abs=1e-9)
    assert path["hoog"].to_numpy() == pytest.approx(high, abs=1e-9)
    short = projection_path(years, values, 2030, last=5)
    assert short["jaar"].iloc[0] == 2015


def test_projection_with_decimals_reaches_the_target_as_displayed():
    # The band's upper bound in 2030 is 79,9959 %: shown as 80,0 %, so reached then.
    years = np.arange(2010, 2020)
    values = [71.8, 72.000008, 72.1, 72.199992, 72.400001, 72.900012, 73.300004, 73.799989,
              74.200008, 75.160001]
    exact = projection_to_target(years, values, 80, target_year=2030)
    assert exact["doeljaar_hoog"] == pytest.approx(79.995892, abs=1e-6)
    assert exact["jaar_vroegst"] == 2031
    assert projection_to_target(years, values, 80, decimals=1)["jaar_vroegst"] == 2030
    reached = projection_to_target([2017, 2018, 2019], [79.0, 79.5, 79.96], 80, decimals=1)
    assert reached["status"] == "bereikt"
    assert reached["label"] == (
        "de laatste waarde (80,0 % in 2019) heeft de doelwaarde van 80 % al bereikt")


def test_projection_lower_is_better_mirrors():
    res = projection_to_target(YEARS, [20 - (y - 2010) for y in YEARS], 7.5,
                               polariteit="lager_beter")  # fmt: skip
    assert res["status"] == "haalbaar"
    assert res["jaar"] == 2023  # 20 − 13 = 7 ≤ 7,5; 2022 gives 8
    assert res["helling"] == pytest.approx(-1.0, abs=1e-9)
    assert "wordt 7,5 % bereikt rond 2023" in res["label"]


def test_projection_polarity_must_have_a_direction():
    with pytest.raises(ValueError, match=r"^projectie naar een doel vraagt polariteit"):
        projection_to_target(YEARS, YEARS, 80, polariteit="geen_oordeel")


# -- rounding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(0.125, 2, 0.13), (2.5, 0, 3.0), (75.155, 2, 75.16), (-2.5, 0, -3.0), (1.005, 2, 1.01),
     (0.5, 0, 1.0), (1234.5, -1, 1230.0), (1235.0, -1, 1240.0)],
)  # fmt: skip
def test_round_half_up(value, decimals, expected):
    assert round_half_up(value, decimals) == expected
    assert round_half_up_array([value], decimals).tolist() == [expected]


def test_round_half_up_nan_and_negative_zero():
    assert math.isnan(round_half_up(math.nan, 2))
    assert math.copysign(1.0, round_half_up(-0.001, 2)) == 1.0
    out = round_half_up_array([np.nan, np.inf, -0.001], 2)
    assert np.isnan(out[0])
    assert out[1] == np.inf
    assert math.copysign(1.0, out[2]) == 1.0


def _decimal_reference(value: float, decimals: int) -> float:
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


@FAST
@given(st.floats(-1e12, 1e12, allow_nan=False), st.integers(0, 6))
def test_round_half_up_agrees_with_decimal(value, decimals):
    expected = _decimal_reference(value, decimals)
    assert round_half_up(value, decimals) == expected
    assert round_half_up_array([value], decimals)[0] == expected


@settings(max_examples=150, deadline=None)
@given(st.integers(-10**9, 10**9), st.integers(0, 6))
def test_round_half_up_array_on_decimal_ties(units, decimals):
    # Values written with a final 5 (x.xx5), the case binary floating point gets wrong.
    value = float(f"{units}5e-{decimals + 1}")
    assert round_half_up_array([value], decimals)[0] == _decimal_reference(value, decimals)


def test_round_half_up_array_large_values_fall_back():
    values = [2.0**53 + 2, 1e20, 123456789012.345]
    assert round_half_up_array(values, 2).tolist() == [_decimal_reference(v, 2) for v in values]


# -- disclosure control --------------------------------------------------------------------------


def test_primary_suppression():
    suppressed, reason = primary_suppression(
        [0, 1, 4, 5, np.nan, 0, 3, 2], [10, 10, 10, 10, 3, 3, 3, np.nan], 5
    )
    assert suppressed.dtype == bool
    assert suppressed.tolist() == [False, True, True, False, True, True, True, True]
    assert reason.tolist() == [
        "", "telling kleiner dan 5", "telling kleiner dan 5", "", "noemer kleiner dan 5",
        "noemer kleiner dan 5", "telling kleiner dan 5", "telling kleiner dan 5",
    ]  # fmt: skip


def test_primary_suppression_threshold_in_message():
    assert primary_suppression(7, 100, 8)[1].tolist() == "telling kleiner dan 8"


def test_primary_suppression_threshold_per_row():
    suppressed, reason = primary_suppression([4, 4, 4, 2], [100, 100, 100, 3], [5, 3, np.nan, 4.0])
    assert suppressed.tolist() == [True, False, False, True]
    assert reason.tolist() == ["telling kleiner dan 5", "", "", "telling kleiner dan 4"]


def test_small_denominator():
    assert small_denominator([0, 1, 29, 30, np.nan]).tolist() == [False, True, True, False, False]
    assert small_denominator([49, 50], threshold=50).tolist() == [True, False]
    assert st_mod.SMALL_DENOMINATOR_NOTE.format(threshold=30) == (
        "voorzichtig interpreteren: noemer kleiner dan 30"
    )
