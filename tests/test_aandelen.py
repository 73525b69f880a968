"""Published shares at their published precision (analysis.aandelen)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from analysis.aandelen import (
    computed_share,
    difference,
    parse_share,
    share_of_value,
    shown_decimals,
)


@pytest.mark.parametrize(
    ("text", "low", "high", "approximate", "shown"),
    [
        ("53 %", Fraction(105, 2), Fraction(107, 2), False, "52,5–53,5 %"),
        ("66,67 %", Fraction("66.665"), Fraction("66.675"), False, "66,665–66,675 %"),
        ("zo’n 6 op 10", Fraction(55), Fraction(65), True, "55–65 %"),
        ("zo'n 6 op 10", Fraction(55), Fraction(65), True, "55–65 %"),
        ("nauwelijks 1 jongere op 5", Fraction(10), Fraction(30), True, "10–30 %"),
        ("zo’n 40%", Fraction(35), Fraction(45), True, "35–45 %"),
        ("zo’n 6%", Fraction(11, 2), Fraction(13, 2), True, "5,5–6,5 %"),
        ("zo’n 55%", Fraction(109, 2), Fraction(111, 2), True, "54,5–55,5 %"),
        ("40 %", Fraction(79, 2), Fraction(81, 2), False, "39,5–40,5 %"),  # no word: exact
    ],
)
def test_a_wording_stands_for_a_range(text, low, high, approximate, shown):
    share = parse_share(text)
    assert (share.low, share.high, share.approximate, share.range_text()) == (
        low, high, approximate, shown)


@pytest.mark.parametrize("text", ["de meesten", "3 op 0", "7 op 5", ""])
def test_a_text_without_a_share_is_none(text):
    assert parse_share(text) is None


def test_the_range_is_half_open_like_half_up_rounding():
    share = parse_share("53 %")
    assert share.holds(Fraction(105, 2))  # 52,5 rounds half-up to 53
    assert not share.holds(Fraction(107, 2))  # 53,5 rounds to 54


def test_53_percent_against_7_of_15_does_not_hold():
    published, computed = share_of_value(53), computed_share(7, 15)
    assert computed == Fraction(140, 3)
    assert not published.holds(computed)
    assert difference(published, computed) == 6.3  # 53 − 46,7 as shown


def test_zo_n_6_op_10_against_54_of_95_holds():
    published, computed = parse_share("zo’n 6 op 10"), computed_share(54, 95)
    assert published.holds(computed)
    assert difference(published, computed) == 0.0


def test_a_published_figure_keeps_its_decimals():
    assert share_of_value(36.88).text == "36,88 %"
    assert (shown_decimals(share_of_value(36.88)), shown_decimals(share_of_value(53))) == (2, 1)
    assert shown_decimals(parse_share("zo’n 6 op 10")) == 1


def test_no_share_of_nothing():
    assert computed_share(3, 0) is None
