"""Integer allocation and calibration for the example data (``analysis.voorbeeld``).

The example data must add up, from gemeente level and through the package's own maths, to the
figures the rapportage publishes: a Flemish count exactly, a rate at its published decimals,
a named city at its published precision. These functions distribute integer tellers and
counts over gemeenten so that such targets hold, keeping the synthetic pattern (weights)
otherwise. Pure numpy; no randomness here (the caller draws weights from a seeded generator).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from analysis.statistics import round_half_up


class CalibrationError(ValueError):
    """The targets cannot all hold (e.g. pinned parts exceed the total)."""


def allocate(total: int, weights: np.ndarray, capacity: np.ndarray | None = None) -> np.ndarray:
    """Split the integer ``total`` proportionally to ``weights`` (largest remainder).

    The result sums exactly to ``total``; with ``capacity`` no part exceeds its capacity (the
    excess flows to the others, again proportionally). Zero weights get zero.
    """
    weights = np.asarray(weights, dtype=float)
    if total < 0 or (weights < 0).any():
        raise CalibrationError("een totaal of gewicht is negatief")
    cap = np.full(len(weights), np.inf) if capacity is None else np.asarray(capacity, float)
    if total > cap[weights > 0].sum():
        raise CalibrationError(f"totaal {total} is groter dan de capaciteit {cap.sum():.0f}")
    result = np.zeros(len(weights), dtype=np.int64)
    free = weights > 0
    remaining = total
    while remaining > 0:
        share = np.where(free, weights, 0.0)
        if share.sum() == 0:
            raise CalibrationError("geen gewicht over om het totaal te verdelen")
        exact = remaining * share / share.sum()
        room = cap - result
        part = np.minimum(np.floor(exact), room).astype(np.int64)
        result += part
        remaining -= int(part.sum())
        full = result >= cap
        if full.any() and (free & full).any():
            free &= ~full
            continue
        # Largest remainders take the last units, within capacity.
        order = np.argsort(-(exact - np.floor(exact)), kind="stable")
        for index in order:
            if remaining == 0:
                break
            if free[index] and result[index] < cap[index]:
                result[index] += 1
                remaining -= 1
        free &= result < cap
    return result


def rounds_to(value: float, published: float, decimals: int) -> bool:
    """Whether ``value`` shows as ``published`` when rounded half-up at ``decimals``."""
    return round_half_up(value, decimals) == round_half_up(published, decimals)


def teller_interval(published: float, decimals: int, noemer: int) -> tuple[int, int]:
    """The tellers t (integers) with t / noemer × 100 shown as ``published`` (in percent)."""
    half = Decimal(1).scaleb(-decimals) / 2
    low = (Decimal(repr(published)) - half) * noemer / 100
    high = (Decimal(repr(published)) + half) * noemer / 100
    first = int(low.to_integral_value(rounding="ROUND_CEILING"))
    last = int(high.to_integral_value(rounding="ROUND_FLOOR"))
    # Half-up: the upper edge itself rounds away, the lower edge rounds to the value.
    if Decimal(last) == high:
        last -= 1
    if first > last:
        raise CalibrationError(
            f"geen teller bij noemer {noemer} geeft {published} op {decimals} decimalen"
        )
    return first, last


def teller_for_rate(published: float, decimals: int, noemer: int) -> int:
    """The teller closest to ``published`` % of ``noemer`` that shows as ``published``."""
    first, last = teller_interval(published, decimals, noemer)
    ideal = int((Decimal(repr(published)) * noemer / 100).to_integral_value(ROUND_HALF_UP))
    return min(max(ideal, first), last)


def nearest_feasible_noemer(published: float, decimals: int, noemer: int) -> int:
    """The noemer closest to ``noemer`` for which some teller shows as ``published`` %."""
    for step in range(noemer + 1):
        for candidate in (noemer + step, noemer - step):
            if candidate <= 0:
                continue
            try:
                teller_interval(published, decimals, candidate)
            except CalibrationError:
                continue
            return candidate
    raise CalibrationError(f"geen noemer geeft {published} op {decimals} decimalen")


def calibrate_rate(
    noemer: np.ndarray,
    weights: np.ndarray,
    target: float,
    decimals: int,
    fixed: dict[int, int] | None = None,
    max_rate: float = 0.98,
    total_teller: int | None = None,
    strict: bool = True,
    capacity: np.ndarray | None = None,
) -> np.ndarray:
    """Tellers per gemeente with Σteller / Σnoemer shown as ``target`` % at ``decimals``.

    ``fixed`` pins some tellers (position → teller), the others follow ``weights`` (relative
    rate: a weight of 1.2 means 20 % above the common rate) and stay below ``max_rate`` of
    their noemer. ``total_teller`` fixes Σteller itself (a published count). With
    ``strict=False`` the target need not show at ``decimals`` (a synthetic value on a small
    noemer). ``capacity`` caps each free teller further (e.g. werkenden at most the
    population minus the niet-beroepsactieven).
    """
    noemer = np.asarray(noemer, dtype=np.int64)
    fixed = fixed or {}
    if strict:
        first, last = teller_interval(target, decimals, int(noemer.sum()))
    else:  # a synthetic target: the nearest integer will do
        first = last = int(np.rint(target / 100 * noemer.sum()))
    if total_teller is not None:
        if strict and not first <= total_teller <= last:
            raise CalibrationError(
                f"teller {total_teller} op noemer {noemer.sum()} geeft geen {target} %"
            )
        first = last = total_teller
    pinned = sum(fixed.values())
    free = np.ones(len(noemer), dtype=bool)
    free[list(fixed)] = False
    ideal = int(np.rint(target / 100 * noemer.sum()))
    total = min(max(ideal, first), last) - pinned
    capacity_rate = np.floor(max_rate * noemer).astype(float)
    capacity = (capacity_rate if capacity is None
                else np.minimum(capacity_rate, np.maximum(np.asarray(capacity, float), 0)))
    if total < 0 or total > capacity[free].sum():
        raise CalibrationError(
            f"{target} % is niet haalbaar met de vastgezette tellers ({pinned} van "
            f"{noemer.sum()})"
        )
    tellers = np.zeros(len(noemer), dtype=np.int64)
    tellers[free] = allocate(total, (np.asarray(weights) * noemer)[free], capacity[free])
    for index, value in fixed.items():
        tellers[index] = value
    assert not strict or rounds_to(100 * tellers.sum() / noemer.sum(), target, decimals)
    return tellers


def calibrate_count(
    weights: np.ndarray, total: int, fixed: dict[int, int] | None = None
) -> np.ndarray:
    """Counts per gemeente summing exactly to ``total``, with ``fixed`` counts pinned."""
    fixed = fixed or {}
    counts = np.zeros(len(weights), dtype=np.int64)
    free = np.ones(len(weights), dtype=bool)
    free[list(fixed)] = False
    rest = total - sum(fixed.values())
    if rest < 0:
        raise CalibrationError(f"de vastgezette aantallen zijn samen groter dan {total}")
    counts[free] = allocate(rest, np.asarray(weights, float)[free])
    for index, value in fixed.items():
        counts[index] = value
    return counts


def lognormal_weights(rng: np.random.Generator, size: int, spread: float) -> np.ndarray:
    """Positive weights with mean 1 and coefficient of variation about ``spread``."""
    sigma = math.sqrt(math.log(1 + spread**2))
    draws = rng.lognormal(-sigma**2 / 2, sigma, size)
    return draws / draws.mean()
