"""Integer allocation and calibration used by the example-data generator."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.calibration import (
    CalibrationError,
    allocate,
    calibrate_count,
    calibrate_rate,
    rounds_to,
    teller_for_rate,
    teller_interval,
)


def test_allocate_is_exact_and_proportional():
    assert allocate(10, np.array([1.0, 1.0, 2.0])).tolist() == [3, 2, 5]
    assert allocate(0, np.array([1.0, 3.0])).tolist() == [0, 0]


def test_allocate_respects_capacity():
    assert allocate(10, np.array([1.0, 1.0]), np.array([2.0, 100.0])).tolist() == [2, 8]


def test_allocate_refuses_more_than_capacity():
    with pytest.raises(CalibrationError) as error:
        allocate(10, np.array([1.0, 1.0]), np.array([2.0, 3.0]))
    assert str(error.value) == "totaal 10 is groter dan de capaciteit 5"


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 10**6), st.lists(st.floats(0.01, 100), min_size=1, max_size=40))
def test_allocate_always_sums_to_the_total(total, weights):
    parts = allocate(total, np.array(weights))
    assert parts.sum() == total
    assert (parts >= 0).all()


def test_teller_interval_half_up():
    # 69/96 = 71,875 % shows as 72 %; 68/96 = 70,8 % and 70/96 = 72,9 % do not.
    assert teller_interval(72, 0, 96) == (69, 69)
    assert teller_for_rate(72, 0, 96) == 69
    assert teller_interval(67.01, 2, 19641) == (13161, 13162)


def test_teller_interval_impossible():
    with pytest.raises(CalibrationError) as error:
        teller_interval(33.33, 2, 2)
    assert str(error.value) == "geen teller bij noemer 2 geeft 33.33 op 2 decimalen"


def test_calibrate_rate_hits_the_published_decimals_with_pins():
    noemer = np.array([5000, 3000, 2000, 1000, 80, 40])
    tellers = calibrate_rate(noemer, np.ones(6), 75.16, 2, fixed={0: 3860})
    assert tellers[0] == 3860
    assert rounds_to(100 * tellers.sum() / noemer.sum(), 75.16, 2)
    assert (tellers <= noemer).all()


def test_calibrate_rate_infeasible():
    with pytest.raises(CalibrationError) as error:
        calibrate_rate(np.array([100, 100]), np.ones(2), 10.0, 1, fixed={0: 90})
    assert str(error.value) == "10.0 % is niet haalbaar met de vastgezette tellers (90 van 200)"


def test_calibrate_count_exact_with_pins():
    counts = calibrate_count(np.array([1.0, 2.0, 3.0, 4.0]), 780974, fixed={0: 75278})
    assert counts.sum() == 780974
    assert counts[0] == 75278


def test_calibrate_rate_respects_a_capacity_per_gemeente():
    # The first gemeente may hold at most 50 (e.g. population minus niet-beroepsactieven):
    # its share of the 150 goes to the others.
    tellers = calibrate_rate(np.array([100, 100, 100]), np.ones(3), 50.0, 1,
                             capacity=np.array([30, 100, 100]))
    assert tellers.tolist() == [30, 60, 60]


def test_calibrate_rate_refuses_a_target_above_the_capacity():
    with pytest.raises(CalibrationError) as error:
        calibrate_rate(np.array([100, 100]), np.ones(2), 60.0, 1, capacity=np.array([50, 50]))
    assert str(error.value) == "60.0 % is niet haalbaar met de vastgezette tellers (0 van 200)"
