"""Published shares at their published precision: "53 %", "66,67 %", "zo'n 6 op 10".

A project report publishes shares as figures ("53 % aan het werk") or in words ("zo'n 6 op
10"). Either is checked against the share computed from the counts it describes, at the
precision it was published with, never as if the wording were an exact figure:

* ``N %`` with d decimals holds when the computed share rounds half-up to N at d decimals:
  "53 %" holds for 52,5 % ≤ x < 53,5 %, "66,67 %" for 66,665 % ≤ x < 66,675 %;
* ``x op y`` holds when the computed share of y rounds to x: "6 op 10" for 55 % ≤ x < 65 %,
  "1 op 5" for 10 % ≤ x < 30 %;
* an approximating word ("zo'n", "ongeveer", "circa", "rond", "bijna", "nauwelijks", "ruim")
  before a percentage says it was rounded, to the last non-zero digit: "zo'n 40 %" holds for
  35 % ≤ x < 45 %, "zo'n 6 %" for 5,5 % ≤ x < 6,5 %.

The difference shown when a share does not hold is published minus computed, both as shown
(the computed share at one decimal), in procentpunt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from analysis.formatting import format_number
from analysis.statistics import round_half_up

#: Decimals of a computed share on the page, as everywhere in the package (46,7 %).
SHARE_DECIMALS = 1

#: Words that say a published figure is rounded ("zo'n 40 %").
APPROXIMATE_WORDS = ("zo'n", "zo’n", "ongeveer", "circa", "ca.", "rond", "bijna", "nauwelijks",
                     "ruim")

# A number starts where its digits start ((?<!\d)): tried from every digit of a long run of
# digits, each try would run to the end of it (quadratic); the run's start finds the same.
_OUT_OF = re.compile(r"(?<!\d)(\d+)\s+(?:[a-zë]+\s+)?op\s+(\d+)")
_PERCENT = re.compile(r"(?<!\d)(\d+(?:[.,]\d+)?)\s*(?:%|procent)")


@dataclass(frozen=True)
class PublishedShare:
    """A share as published: its text, the value it names, and the range it stands for.

    The range is half-open, ``low ≤ x < high`` in procent, and exact (fractions).
    """

    text: str
    nominal: Fraction
    low: Fraction
    high: Fraction
    approximate: bool

    def holds(self, computed: Fraction) -> bool:
        """Whether a computed share (procent) is what the published one says."""
        return self.low <= computed < self.high

    def range_text(self) -> str:
        """``55–65 %``: the computed shares for which the wording holds."""
        decimals = _decimals_needed(self.low, self.high)
        low, high = (format_number(float(v), decimals) for v in (self.low, self.high))
        return f"{low}–{high} %"


def _decimals_needed(*values: Fraction) -> int:
    for decimals in range(4):
        if all((v * 10**decimals).denominator == 1 for v in values):
            return decimals
    return 3


def _approximate(text: str) -> bool:
    lowered = text.lower()
    return any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", lowered)
               for word in APPROXIMATE_WORDS)


def parse_share(text: str) -> PublishedShare | None:
    """The share a published wording stands for; None when it names no share.

    ``"zo'n 6 op 10"`` → 60 % for 55–65 %; ``"53 %"`` → 52,5–53,5 %; ``"zo'n 40%"`` → 35–45 %.
    """
    found = _OUT_OF.search(text)
    if found:
        x, y = int(found.group(1)), int(found.group(2))
        if y == 0 or x > y:
            return None
        half = Fraction(1, 2)
        return PublishedShare(text, Fraction(100 * x, y), Fraction(100) * (x - half) / y,
                              Fraction(100) * (x + half) / y, True)
    found = _PERCENT.search(text)
    if not found:
        return None
    number = found.group(1).replace(",", ".")
    value = Fraction(number)
    decimals = len(number.partition(".")[2])
    step = Fraction(1, 10**decimals)
    approximate = _approximate(text)
    if approximate and decimals == 0 and value:
        # A rounded figure is precise to its last non-zero digit: 40 to the ten, 6 to the one.
        whole = int(value)
        while whole % 10 == 0:
            whole //= 10
            step *= 10
    return PublishedShare(text, value, value - step / 2, value + step / 2, approximate)


def share_of_value(waarde: float) -> PublishedShare:
    """A share published as a figure (53 → "53 %"), precise to the decimals it was given."""
    number = repr(float(waarde)).removesuffix(".0")
    decimals = len(number.partition(".")[2])
    return parse_share(f"{format_number(float(waarde), decimals)} %")  # type: ignore[return-value]


def computed_share(teller: int, noemer: int) -> Fraction | None:
    """teller / noemer in procent, exact; None when noemer is 0."""
    return None if noemer == 0 else Fraction(100 * teller, noemer)


def shown_decimals(published: PublishedShare) -> int:
    """Decimals of the computed share beside a published one: one, or the published
    precision where that is finer (36,88 % beside 36,88 %)."""
    decimals = 0
    if not published.approximate:
        while (published.nominal * 10**decimals).denominator != 1:
            decimals += 1
    return max(SHARE_DECIMALS, decimals)


def difference(published: PublishedShare, computed: Fraction) -> float:
    """Published minus computed in procentpunt, from the values as shown; 0 when it holds."""
    if published.holds(computed):
        return 0.0
    decimals = shown_decimals(published)
    shown = round_half_up(float(computed), decimals)
    return round_half_up(round_half_up(float(published.nominal), decimals) - shown, decimals)
