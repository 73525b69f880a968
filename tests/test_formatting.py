"""nl-BE display of numbers, half-up rounding, procentpunt versus procent."""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import pytest

from analysis.formatting import PLURALS, count, format_change, format_number, format_value, plural


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


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0 gemeenten"), (1, "1 gemeente"), (2, "2 gemeenten"), (1234, "1.234 gemeenten")],
)
def test_count_agrees_noun_with_number(n, expected):
    assert count(n, "gemeente", "gemeenten") == expected


@pytest.mark.parametrize(("n", "expected"), [(0, "vonden"), (1, "vond"), (7, "vonden")])
def test_plural_chooses_the_verb_form(n, expected):
    assert plural(n, "vond", "vonden") == expected


@pytest.mark.parametrize(("n", "expected"), [(1, "1 regiegebied"), (13, "13 regiegebieden")])
def test_count_takes_the_plural_from_the_table(n, expected):
    assert count(n, "regiegebied") == expected


def test_count_refuses_a_noun_without_a_known_plural():
    with pytest.raises(ValueError, match="no plural known for 'kaart': pass it"):
        count(2, "kaart")


# -- every page of the demo batch ---------------------------------------------------------------

#: Plural nouns a page counts; "1 <plural>" is the defect, and a number above one with the
#: bare singular ("2 gemeente ") the other side of it.
_PLURAL_NOUNS = "|".join(sorted(set(PLURALS.values())))
_SINGULAR_NOUNS = "|".join(sorted(PLURALS))
_ONE_WITH_PLURAL = re.compile(rf"(?<![\d.,])1 (?:unieke )?({_PLURAL_NOUNS})\b")
_MORE_WITH_SINGULAR = re.compile(
    rf"(?<![\d.,])(?:[02-9]|\d[\d.]*\d) (?:unieke )?({_SINGULAR_NOUNS})(?![a-zë])")


def _page_text(path: Path) -> str:
    markup = path.read_text(encoding="utf-8")
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def test_no_page_of_the_demo_batch_counts_one_with_a_plural(demo_batch):
    out, _ = demo_batch
    found = []
    for path in sorted(out.rglob("*.html")):
        text = _page_text(path)
        for pattern in (_ONE_WITH_PLURAL, _MORE_WITH_SINGULAR):
            found += [f"{path.relative_to(out)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []
