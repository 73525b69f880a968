"""nl-BE display of numbers, half-up rounding, procentpunt versus procent."""

from __future__ import annotations

import math

import pytest

from analysis.formatting import format_change, format_number, format_value


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (780974, 0, "780.974"),
        (75.16, 1, "75,2"),
        (75.155, 2, "75,16"),  # half-up on the decimal text, not the binary float
        (0.125, 2, "0,13"),
        (2.5, 0, "3"),
        (-4.8, 1, "−4,8"),
        (1234567.891, 2, "1.234.567,89"),
        (math.nan, 1, "–"),
        (None, 0, "–"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_value_percent_and_count():
    assert format_value(75.16, "percent", 1) == "75,2 %"
    assert format_value(780974.0, "aantal", 0) == "780.974"
    assert format_value(math.nan, "percent", 1) == "–"


@pytest.mark.parametrize(
    ("value", "eenheid", "decimals", "expected"),
    [
        (14.1 - 11.9, "percent", 1, "+2,2 procentpunt"),  # not "3 %", the seed's slip
        (56.0 - 60.8, "percent", 1, "−4,8 procentpunt"),
        (14.1 - 13.8, "percent", 1, "+0,3 procentpunt"),
        (0.01, "percent", 1, "0,0 procentpunt"),
        ((3422 / 3450 - 1) * 100, "aantal", 1, "−0,8 %"),
        (math.nan, "percent", 1, "–"),
    ],
)
def test_format_change(value, eenheid, decimals, expected):
    assert format_change(value, eenheid, decimals) == expected
