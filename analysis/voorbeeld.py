"""The example dataset (``data/voorbeeld/``): synthetic gemeenten, published totals.

Made by a deterministic, seeded generator from ``params/voorbeeld.yaml`` (what to generate and
which numbers are synthetic choices) and ``data/published/cijfers.csv`` (what the rapportage
of December 2022 publishes). The distribution over gemeenten is synthetic; the Flemish totals,
the named centrumstad figures and the province figures the rapportage quotes come out exactly
(counts) or at their published decimals (rates) when the package adds the gemeenten up.

The population comes first, per gemeente and year (:func:`build_world`). Each indicator is
then generated period by period:

1. a *basis* per gemeente (population 20-64 or population of the period's year, or another
   indicator's counts, e.g. the WZW count as noemer of "WZW in opleiding"), scaled to a
   published or synthetic total that moves over time;
2. a persistent gemeente effect (lognormal, seeded per indicator) times a province effect and
   the structural effects the seeds state (``effecten``); the size order of ``rangorde``
   (Antwerpen before Gent) is kept in every count and teller;
3. anchors — Vlaanderen, provinces, regiegebieden, named cities — published or synthetic,
   interpolated in time between anchor periods; a named city keeps its ratio to Vlaanderen
   between anchors;
4. integer calibration (:mod:`analysis.calibration`): pinned cities first, then each anchored
   area, then the rest of Vlaanderen.

The labour market adds up: per gemeente and year the population aged 20-64 is werkenden +
WZW + niet-beroepsactieven. The niet-beroepsactieven and the WZW are generated first; the
werkenden fill what they leave (``aanvulling``), and the werkzoekendengraad is built from the
same counts (``teller_van``/``noemer_van``), so no rate is drawn independently of the others.

Every anchor used is listed in the provenance table (``herkomst``) as ``gepubliceerd`` (with
the seed's phrase) or ``synthetisch`` (with the statement it must satisfy).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.calibration import (
    CalibrationError,
    calibrate_count,
    calibrate_rate,
    lognormal_weights,
    nearest_feasible_noemer,
    teller_for_rate,
)
from analysis.catalogue import Catalogue
from analysis.geography import VLAANDEREN_CODE, Geography

GRENZEN = "2024"

BANNER = (
    "voorbeelddata — Vlaamse totalen en genoemde centrumstadcijfers zijn gepubliceerde cijfers "
    "(rapportage december 2022); de verdeling over gemeenten is synthetisch"
)


class SpecError(ValueError):
    """A generator specification that cannot be followed (Dutch message)."""


# -- periods -------------------------------------------------------------------------------------


def expand_periods(spec: str | list[str]) -> list[str]:
    """``"2010-2019"``, ``"2020Q1-2022Q4"`` or a list → the periods in order."""
    if isinstance(spec, list):
        return [str(p) for p in spec]
    text = str(spec)
    if match := re.fullmatch(r"(\d{4})-(\d{4})", text):
        return [str(y) for y in range(int(match[1]), int(match[2]) + 1)]
    if match := re.fullmatch(r"(\d{4})Q([1-4])-(\d{4})Q([1-4])", text):
        start, end = int(match[1]) * 4 + int(match[2]) - 1, int(match[3]) * 4 + int(match[4]) - 1
        return [f"{i // 4}Q{i % 4 + 1}" for i in range(start, end + 1)]
    return [text]


def _time(periode: str) -> float:
    """A numeric time for interpolation (years, with quarters and months as fractions)."""
    year = int(periode[:4])
    if "Q" in periode:
        return year + (int(periode[-1]) - 0.5) / 4
    if "-" in periode:
        return year + (int(periode[5:7]) - 0.5) / 12
    return year + 0.5


# -- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """A figure the generated data must reproduce, with where it comes from."""

    waarde: float
    decimalen: int
    herkomst: str  # "gepubliceerd" | "synthetisch"
    toelichting: str = ""


@dataclass
class World:
    """The synthetic gemeenten: population per year, provinces and areas.

    ``bevolking`` and ``bevolking_20_64`` map a year ("2019") to the count per gemeente on
    1 January; ``members`` maps an area code (provincie, regiegebied) to its gemeenten's
    positions.
    """

    nis: list[str]
    provincie: np.ndarray
    bevolking: dict[str, np.ndarray]
    bevolking_20_64: dict[str, np.ndarray]
    centrumsteden: frozenset[str] = frozenset()
    members: dict[str, np.ndarray] = field(default_factory=dict)
    index: dict[str, int] = field(default_factory=dict)

    def population(self, name: str, periode: str) -> np.ndarray:
        """``bevolking`` or ``bevolking_20_64`` of the year of ``periode`` (or the nearest)."""
        table = self.bevolking if name == "bevolking" else self.bevolking_20_64
        year = min(table, key=lambda y: (abs(int(y) - int(periode[:4])), y))
        return table[year]


def _rng(seed: int, *labels: str) -> np.random.Generator:
    """A generator per purpose, so adding an indicator does not shift the others' draws."""
    digest = hashlib.sha256("|".join((str(seed), *labels)).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def build_world(geography: Geography, seed: int, spec: Mapping[str, object],
                years: list[str]) -> World:
    """Population per gemeente and year: the centrumsteden as published, the rest synthetic.

    The base year's population is drawn once; every other year grows from it at the Flemish
    rate plus a persistent gemeente deviation (``groei_spreiding``), calibrated to the Flemish
    total of that year. A centrumstad keeps its published figure where there is one and its
    own published growth elsewhere. The share aged 20-64 is a gemeente draw (or a set value)
    that drifts by ``aandeel_20_64_trend`` a year (ageing).
    """
    members = geography.gemeenten[geography.gemeenten["grenzen"] == GRENZEN]
    nis = members["nis"].tolist()
    index = {code: i for i, code in enumerate(nis)}
    membership = geography.membership[geography.membership["grenzen"] == GRENZEN]
    cities = frozenset(membership.loc[membership["type"] == "centrumstad", "nis"])
    areas = membership[membership["type"].isin({"provincie", "regiegebied"})]
    area_members = {code: np.array(sorted(index[c] for c in group["nis"]))
                    for code, group in areas.groupby("code")}
    base = str(spec["basisjaar"])
    flemish = _interpolate({str(k): float(v) for k, v in dict(spec["vlaanderen"]).items()},
                           sorted({*years, base}))
    published = {str(c): {str(y): int(v) for y, v in dict(values).items()}
                 for c, values in dict(spec["centrumsteden"]).items()}
    missing = sorted(cities - set(published))
    if missing or any(base not in v for v in published.values()):
        raise SpecError(f"bevolking: centrumsteden zonder cijfer voor {base}: "
                        f"{', '.join(missing) or 'een stad'}")
    fixed = {index[c]: v[base] for c, v in published.items()}
    for code, value in dict(spec.get("kleine_gemeenten", {})).items():
        fixed[index[str(code)]] = int(value)
    rng = _rng(seed, "bevolking")
    weights = rng.lognormal(9.55, 0.62, len(nis))
    population = calibrate_count(weights, round(flemish[base]), fixed)
    share = np.clip(rng.normal(float(spec.get("aandeel_20_64", 0.58)), 0.012, len(nis)),
                    0.5, 0.65)
    for code, value in dict(spec.get("aandeel_20_64_gemeenten", {})).items():
        share[index[str(code)]] = float(value)
    deviation = rng.normal(0.0, float(spec.get("groei_spreiding", 0.0)), len(nis))
    trend = float(spec.get("aandeel_20_64_trend", 0.0))
    by_year: dict[str, np.ndarray] = {}
    by_year_20_64: dict[str, np.ndarray] = {}
    for year in years:
        step = int(year) - int(base)
        growth = (flemish[year] / flemish[base]) ** (1 / step) - 1 if step else 0.0
        year_fixed = {}
        for code, values in published.items():
            if year in values:
                year_fixed[index[code]] = values[year]
                continue
            known = sorted(values, key=int)  # the city's own published growth, extended
            own = (values[known[-1]] / values[known[0]]) ** (1 / max(1, int(known[-1])
                                                                    - int(known[0])))
            year_fixed[index[code]] = round(values[base] * own ** step)
        counts = calibrate_count(population * (1 + growth + deviation) ** step,
                                 round(flemish[year]), year_fixed)
        by_year[year] = counts
        by_year_20_64[year] = np.rint(counts * (share + trend * step)).astype(np.int64)
    return World(
        nis=nis, provincie=members["provincie"].to_numpy(), bevolking=by_year,
        bevolking_20_64=by_year_20_64, centrumsteden=cities, members=area_members,
        index=index,
    )


def published_anchors(published: pd.DataFrame) -> dict[tuple[str, str, str, str], Anchor]:
    """Exact published figures by (indicator, geo, periode, veld)."""
    rows = published[(published["status"] == "consistent")
                     & published["veld"].isin(["waarde", "teller", "noemer"])]
    return {
        (r.indicator, r.geo, r.periode, r.veld): Anchor(
            float(r.waarde), int(r.decimalen), "gepubliceerd", r.citaat
        )
        for r in rows.itertuples(index=False)
    }


# -- generation ---------------------------------------------------------------------------------


def _anchor(value: object, key: tuple[str, str, str, str],
            published: Mapping[tuple[str, str, str, str], Anchor], default_decimals: int) -> Anchor:
    if value == "gepubliceerd":
        if key not in published:
            raise SpecError(f"geen gepubliceerd cijfer voor {'/'.join(key)}")
        return published[key]
    if isinstance(value, Mapping):
        return Anchor(float(value["waarde"]), int(value.get("decimalen", default_decimals)),
                      "synthetisch", str(value.get("uitspraak", "")))
    return Anchor(float(value), default_decimals, "synthetisch")


def _interpolate(anchors: Mapping[str, float], periods: list[str]) -> dict[str, float]:
    """Linear in time between anchor periods, constant beyond them."""
    if not anchors:
        return {}
    times = sorted((_time(p), v) for p, v in anchors.items())
    xs, ys = [t for t, _ in times], [v for _, v in times]
    return {p: float(np.interp(_time(p), xs, ys)) for p in periods}


@dataclass
class Generated:
    """Observations and provenance of the example data, and the series made so far."""

    observations: list[pd.DataFrame] = field(default_factory=list)
    provenance: list[dict[str, object]] = field(default_factory=list)
    #: (indicator, "teller" | "noemer") → periode → values per gemeente
    series: dict[tuple[str, str], dict[str, np.ndarray]] = field(default_factory=dict)


def generate(
    geography: Geography,
    catalogue: Catalogue,
    spec: Mapping[str, object],
    published: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The example observations (data contract) and their provenance table."""
    seed = int(spec["seed"])
    indicators = dict(spec["indicatoren"])
    years = sorted({p[:4] for i in indicators.values() for p in expand_periods(i["perioden"])})
    years = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    world = build_world(geography, seed, dict(spec.get("bevolking", {})), years)
    pub = published_anchors(published)
    order = [(str(a), str(b)) for a, b in list(spec.get("rangorde", []))]
    out = Generated(provenance=_population_provenance(dict(spec.get("bevolking", {}))))
    for indicator_id, ispec in indicators.items():
        indicator = catalogue[indicator_id]
        _generate_indicator(indicator_id, indicator.is_rate, indicator.niveau, dict(ispec),
                            world, pub, seed, out, order)
    observations = pd.concat(out.observations, ignore_index=True)
    observations["noemer"] = observations["noemer"].astype("Int64")
    return observations, pd.DataFrame(out.provenance)


def _population_provenance(spec: Mapping[str, object]) -> list[dict[str, object]]:
    """The population figures the generator holds to, with where they come from."""
    published = {str(y) for y in spec.get("gepubliceerd", [])}
    source = str(spec.get("bron", ""))
    rows = [(VLAANDEREN_CODE, str(y), v) for y, v in dict(spec.get("vlaanderen", {})).items()]
    rows += [(str(c), str(y), v) for c, values in dict(spec.get("centrumsteden", {})).items()
             for y, v in dict(values).items()]
    return [{"indicator": "bevolking", "geo": geo, "periode": year, "waarde": float(value),
             "decimalen": 0, "herkomst": "gepubliceerd" if year in published else "synthetisch",
             "toelichting": source if year in published else "orde van grootte"}
            for geo, year, value in rows]


def _series(name: str, world: World, out: Generated, periode: str) -> np.ndarray:
    """A basis per gemeente: population, an earlier indicator's series, or sums of them.

    ``bevolking`` and ``bevolking_20_64`` are those of the year of ``periode``. ``wzw`` or
    ``wzw.teller`` is that indicator's teller (its count), ``x.noemer`` its noemer; ``@2019``
    or ``@{jaar}Q4`` picks a periode (``{jaar}`` = the year of ``periode``), ``@dichtstbij``
    the nearest periode in time (the earlier one on a tie); otherwise the same periode, else
    the latest earlier one, else the first. ``a - b + c`` adds and subtracts series.
    """
    # (?<!\s): a separator starts with its first space, else every space of a long run
    # would start a try (quadratic).
    terms = re.split(r"(?<!\s)\s+([+-])\s+", name.strip())
    if len(terms) > 1:
        result = _series(terms[0], world, out, periode)
        for sign, term in zip(terms[1::2], terms[2::2], strict=True):
            part = _series(term, world, out, periode)
            result = result + part if sign == "+" else result - part
        return result
    ref, _, at = name.partition("@")
    if ref in {"bevolking", "bevolking_20_64"}:
        return world.population(ref, at.replace("{jaar}", periode[:4]) or periode).astype(float)
    indicator, _, part = ref.partition(".")
    key = (indicator, part or "teller")
    if key not in out.series:
        raise SpecError(f"onbekende basis '{name}' (gebruik bevolking, bevolking_20_64 of een "
                        "eerder gegenereerde indicator)")
    available = out.series[key]
    if at == "dichtstbij":
        chosen = min(available, key=lambda p: (abs(_time(p) - _time(periode)), _time(p)))
        return available[chosen].astype(float)
    wanted = at.replace("{jaar}", periode[:4]) if at else periode
    if wanted in available:
        return available[wanted].astype(float)
    if at:
        raise SpecError(f"basis '{name}': periode {wanted} is niet gegenereerd")
    earlier = [p for p in available if _time(p) <= _time(periode)]
    chosen = max(earlier, key=_time) if earlier else min(available, key=_time)
    return available[chosen].astype(float)


def _by_period(values: Mapping[str, object] | None) -> dict[str, object]:
    """Per periode; a key such as ``"2010-2019"`` stands for each of its periods."""
    found: dict[str, object] = {}
    for key, value in dict(values or {}).items():
        for periode in expand_periods(str(key)):
            found[periode] = value
    return found


def _effect(indicator_id: str, ispec: Mapping[str, object], world: World,
            seed: int) -> np.ndarray:
    """Persistent relative effect per gemeente: random, urban, provincial and set effects.

    ``effecten`` multiplies the gemeenten of an area (provincie, regiegebied) or one gemeente
    by a factor: a structural pattern the seeds state (e.g. a low unemployment in the
    Westhoek), where a random draw could contradict them.
    """
    n = len(world.nis)
    rng = _rng(seed, indicator_id)
    effect = lognormal_weights(rng, n, float(ispec.get("spreiding", 0.1)))
    city = np.array([c in world.centrumsteden for c in world.nis])
    effect = effect * np.where(city, float(ispec.get("stedelijk", 1.0)), 1.0)
    provinces = sorted(set(world.provincie))
    prov_weight = lognormal_weights(rng, len(provinces), float(ispec.get("provinciaal", 0.05)))
    prov_effect = dict(zip(provinces, prov_weight, strict=True))
    effect = effect * np.array([prov_effect[p] for p in world.provincie])
    for code, factor in dict(ispec.get("effecten", {})).items():
        code = str(code)
        if code in world.members:
            effect[world.members[code]] *= float(factor)
        elif code in world.index:
            effect[world.index[code]] *= float(factor)
        else:
            raise SpecError(f"{indicator_id}: onbekend gebied '{code}' in effecten")
    return effect


def _keep_order(expected: np.ndarray, order: list[tuple[str, str]], world: World,
                pinned: Mapping[int, int]) -> np.ndarray:
    """Raise a gemeente's expected value to that of one the seeds rank below it.

    ``order`` lists (larger, smaller) pairs (Antwerpen before Gent: seed 003 has Antwerpen
    ahead in every count it names); a pinned gemeente keeps its value.
    """
    expected = expected.copy()
    for big, small in order:
        i, j = world.index[big], world.index[small]
        if i not in pinned and expected[i] < 1.05 * expected[j]:
            expected[i] = 1.05 * expected[j]
    return expected


def _generate_indicator(
    indicator_id: str, is_rate: bool, niveau: str, ispec: dict[str, object], world: World,
    pub: Mapping[tuple[str, str, str, str], Anchor], seed: int, out: Generated,
    order: list[tuple[str, str]],
) -> None:
    periods = expand_periods(ispec["perioden"])
    decimals = 1 if is_rate else 0
    if niveau == "vlaanderen":  # known only for Vlaanderen: never spread over gemeenten
        _generate_flemish_only(indicator_id, is_rate, ispec, periods, pub, out)
        return
    n = len(world.nis)
    effect = _effect(indicator_id, ispec, world, seed)
    drift = _rng(seed, indicator_id, "schommeling").normal(
        0, float(ispec.get("schommeling", 0.02)), (len(periods), n))

    def anchors(geo: str, values: Mapping[str, object] | None, veld: str) -> dict[str, Anchor]:
        return {p: _anchor(v, (indicator_id, geo, p, veld), pub, decimals)
                for p, v in _by_period(values).items()}

    flemish = anchors(VLAANDEREN_CODE, ispec.get("vlaanderen"), "waarde")
    flemish_teller = anchors(VLAANDEREN_CODE, ispec.get("teller_vlaanderen"), "teller")
    flemish_noemer = anchors(VLAANDEREN_CODE, ispec.get("noemer_vlaanderen"), "noemer")
    # Smaller areas first, so that a province calibrates around a regiegebied inside it.
    area_anchors = {str(k): anchors(str(k), v, "waarde")
                    for key in ("gebieden", "provincies")
                    for k, v in dict(ispec.get(key, {})).items()}
    unknown = sorted(set(area_anchors) - set(world.members))
    if unknown:
        raise SpecError(f"{indicator_id}: onbekend gebied {', '.join(unknown)}")
    city_anchors = {str(k): anchors(str(k), v, "waarde")
                    for k, v in dict(ispec.get("gemeenten", {})).items()}
    # Cities the rapportage does not name for a period, where it says the named ones stand
    # out ("Turnhout, Leuven, Brugge, Oostende en Gent scoren sterker"): a synthetic value in
    # the stated band, drawn per city so that the statement holds.
    for periode, band in _by_period(ispec.get("overige_centrumsteden")).items():
        low, high = float(band["van"]), float(band["tot"])
        for code in sorted(world.centrumsteden):
            if periode in city_anchors.get(code, {}):
                continue
            draw = float(_rng(seed, indicator_id, code, periode).uniform(low, high))
            city_anchors.setdefault(code, {})[periode] = Anchor(
                round(draw, 1), 1, "synthetisch", str(band.get("uitspraak", "")))
    city_noemers = {str(k): {p: int(v) for p, v in _by_period(v).items()}
                    for k, v in dict(ispec.get("noemer_gemeenten", {})).items()}
    city_tellers = {str(k): {p: int(v) for p, v in _by_period(v).items()}
                    for k, v in dict(ispec.get("teller_gemeenten", {})).items()}
    flemish_path = _interpolate({p: a.waarde for p, a in flemish.items()}, periods)
    noemer_path = _interpolate({p: a.waarde for p, a in flemish_noemer.items()}, periods)
    area_paths = {k: _interpolate({p: a.waarde for p, a in v.items()}, periods)
                  for k, v in area_anchors.items()}
    teller_van, noemer_van = (
        _by_period(ispec[key] if isinstance(ispec.get(key), Mapping)
                   else dict.fromkeys(periods, ispec.get(key)))
        for key in ("teller_van", "noemer_van"))

    tellers: dict[str, np.ndarray] = {}
    noemers: dict[str, np.ndarray] = {}
    for t, periode in enumerate(periods):
        weight = effect * (1 + drift[t])
        if not is_rate:
            total = round(flemish_path[periode]) if flemish_path else None
            fixed = {}
            for code, found in city_anchors.items():
                if periode in found:
                    fixed[world.index[code]] = int(found[periode].waarde)
                elif flemish_path:  # keep the city's share of Vlaanderen of its nearest anchor
                    nearest = min(found, key=lambda p: abs(_time(p) - _time(periode)))
                    share = found[nearest].waarde / flemish_path[nearest]
                    fixed[world.index[code]] = round(share * flemish_path[periode])
            basis = _series(str(ispec.get("basis", "bevolking")), world, out, periode)
            if total is None:
                raise SpecError(f"{indicator_id}: geen Vlaams totaal voor {periode}")
            expected = _keep_order(basis * weight, order, world, fixed)
            tellers[periode] = calibrate_count(expected, total, fixed)
            continue
        if teller_van.get(periode):  # a rate built on other series (a derived percentage)
            teller = _series(str(teller_van[periode]), world, out, periode)
            noemer = _series(str(noemer_van[periode]), world, out, periode)
            if (teller < 0).any() or (teller > noemer).any():
                raise SpecError(f"{indicator_id}, {periode}: de teller ligt buiten 0 tot de "
                                "noemer")
            tellers[periode] = teller.astype(np.int64)
            noemers[periode] = noemer.astype(np.int64)
            continue
        noemer, capacity, weight = _period_noemer(
            indicator_id, ispec, periode, weight, world, out, city_noemers, city_anchors,
            flemish, flemish_noemer, noemer_path, seed)
        fixed_teller = {world.index[c]: v[periode] for c, v in city_tellers.items()
                        if periode in v}
        weight = _keep_order(weight * noemer, order, world, fixed_teller) / np.maximum(noemer, 1)
        tellers[periode] = _calibrate_period_rate(
            noemer, weight, periode, flemish, flemish_path, flemish_teller, area_anchors,
            area_paths, city_anchors, fixed_teller, world, ispec, indicator_id, capacity,
        )
        noemers[periode] = noemer

    out.series[(indicator_id, "teller")] = tellers
    if is_rate:
        out.series[(indicator_id, "noemer")] = noemers
    for periode in periods:
        frame = pd.DataFrame({
            "indicator": indicator_id, "geo": world.nis, "periode": periode,
            "teller": tellers[periode],
            "noemer": noemers[periode] if is_rate else pd.array([pd.NA] * n, dtype="Int64"),
        })
        if is_rate:  # a gemeente without a noemer (no school leavers, …) has no rate at all
            frame = frame[frame["noemer"] > 0]
        out.observations.append(frame)
    scopes = [(VLAANDEREN_CODE, flemish), (VLAANDEREN_CODE, flemish_teller),
              (VLAANDEREN_CODE, flemish_noemer), *area_anchors.items(),
              *city_anchors.items()]
    for scope, found in scopes:
        for periode, anchor in found.items():
            out.provenance.append({
                "indicator": indicator_id, "geo": scope, "periode": periode,
                "waarde": anchor.waarde, "decimalen": anchor.decimalen,
                "herkomst": anchor.herkomst, "toelichting": anchor.toelichting,
            })


def _period_noemer(
    indicator_id: str, ispec: Mapping[str, object], periode: str, weight: np.ndarray,
    world: World, out: Generated, city_noemers: Mapping[str, Mapping[str, int]],
    city_anchors: Mapping[str, Mapping[str, Anchor]], flemish: Mapping[str, Anchor],
    flemish_noemer: Mapping[str, Anchor], noemer_path: Mapping[str, float], seed: int,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """The noemer of one period, the tellers' capacity and the relative rates (weights).

    ``noemer_van`` takes the noemer as it is from another series (the RMI count of the
    nearest month for the TWE share). Otherwise it is ``basis`` scaled to the Flemish noemer
    (or × ``factor``). With ``aanvulling`` (the werkzaamheidsgraad) the tellers fill what the
    ``aanvulling`` count (niet-beroepsactieven) and the unemployment leave of the noemer:
    the relative rate is 1 − NBA/noemer − λ·u, u the gemeente's unemployment propensity (an
    effect drawn as :func:`_effect` from the ``werkloosheid`` spec) and λ such that the
    Flemish target holds, and no teller goes above the noemer minus the NBA minus ``marge``
    of the noemer. The WZW of later periods start from what is left (their ``basis``), so a
    gemeente keeps its level of unemployment across the change of source.
    """
    n = len(world.nis)
    fixed_noemer = {world.index[c]: v[periode] for c, v in city_noemers.items() if periode in v}
    total_noemer = (int(flemish_noemer[periode].waarde) if periode in flemish_noemer
                    else round(noemer_path[periode]) if noemer_path else None)
    if "noemer_van" in ispec:
        noemer = _series(str(ispec["noemer_van"]), world, out, periode).astype(np.int64)
        if total_noemer is not None and periode in flemish_noemer \
                and int(noemer.sum()) != total_noemer:
            raise SpecError(f"{indicator_id}, {periode}: de noemer uit {ispec['noemer_van']} "
                            f"telt {int(noemer.sum())}, niet {total_noemer}")
    else:
        basis = _series(str(ispec.get("basis", "bevolking")), world, out, periode)
        scale = 1 + _rng(0, indicator_id, periode).normal(
            0, float(ispec.get("schommeling_noemer", 0.0)), n)
        if total_noemer is not None:
            noemer = calibrate_count(basis * scale, total_noemer, fixed_noemer)
        else:
            noemer = np.rint(basis * scale * float(ispec.get("factor", 1.0))).astype(np.int64)
            for i, value in fixed_noemer.items():
                noemer[i] = value
    # A published city rate needs a noemer on which it can be shown; move the few units
    # to or from the largest gemeente without a pin, so a fixed Flemish noemer holds.
    pinned = {world.index[c] for c in city_anchors}
    for code, found in city_anchors.items():
        anchor = found.get(periode)
        if anchor is None or anchor.herkomst != "gepubliceerd":
            continue
        i = world.index[code]
        feasible = nearest_feasible_noemer(anchor.waarde, anchor.decimalen, int(noemer[i]))
        if feasible != noemer[i]:
            donor = max((j for j in range(n) if j not in pinned), key=lambda j: noemer[j])
            noemer[donor] -= feasible - noemer[i]
            noemer[i] = feasible
    anchor = flemish.get(periode)
    if anchor is not None and anchor.herkomst == "gepubliceerd" and total_noemer is None:
        feasible = nearest_feasible_noemer(anchor.waarde, anchor.decimalen, int(noemer.sum()))
        donor = max((j for j in range(n) if j not in pinned), key=lambda j: noemer[j])
        noemer[donor] += feasible - int(noemer.sum())
    if "aanvulling" not in ispec:
        return noemer, None, weight
    taken = _series(str(ispec["aanvulling"]), world, out, periode)
    per_head = _effect(f"{indicator_id}|werkloosheid", dict(ispec["werkloosheid"]), world, seed)
    target = float(_interpolate({p: a.waarde for p, a in flemish.items()}, [periode])[periode])
    free_share = (noemer.sum() - taken.sum() - target / 100 * noemer.sum())
    scale = free_share / float((per_head * noemer).sum())
    relative = 1 - taken / np.maximum(noemer, 1) - scale * per_head
    capacity = noemer - taken - np.ceil(float(ispec.get("marge", 0.0)) * noemer)
    return noemer, capacity, relative * weight


def _generate_flemish_only(
    indicator_id: str, is_rate: bool, ispec: Mapping[str, object], periods: list[str],
    pub: Mapping[tuple[str, str, str, str], Anchor], out: Generated,
) -> None:
    rows = []
    for periode in periods:
        anchor = _anchor(_by_period(ispec.get("vlaanderen"))[periode],
                         (indicator_id, VLAANDEREN_CODE, periode, "waarde"), pub,
                         1 if is_rate else 0)
        if is_rate:
            noemer = int(_by_period(ispec.get("noemer_vlaanderen"))[periode])
            teller = teller_for_rate(anchor.waarde, anchor.decimalen, noemer)
        else:
            teller, noemer = int(anchor.waarde), None
        rows.append((indicator_id, VLAANDEREN_CODE, periode, teller, noemer))
        out.provenance.append({
            "indicator": indicator_id, "geo": VLAANDEREN_CODE, "periode": periode,
            "waarde": anchor.waarde, "decimalen": anchor.decimalen,
            "herkomst": anchor.herkomst, "toelichting": anchor.toelichting,
        })
    frame = pd.DataFrame(rows, columns=["indicator", "geo", "periode", "teller", "noemer"])
    frame["noemer"] = frame["noemer"].astype("Int64")
    out.observations.append(frame)


def _calibrate_period_rate(
    noemer: np.ndarray, weight: np.ndarray, periode: str,
    flemish: Mapping[str, Anchor], flemish_path: Mapping[str, float],
    flemish_teller: Mapping[str, Anchor],
    provinces: Mapping[str, Mapping[str, Anchor]],
    province_paths: Mapping[str, Mapping[str, float]],
    cities: Mapping[str, Mapping[str, Anchor]], fixed_teller: Mapping[int, int],
    world: World, ispec: Mapping[str, object], label: str,
    capacity: np.ndarray | None = None,
) -> np.ndarray:
    """Tellers for one period: cities, then anchored areas, then the rest of Vlaanderen.

    ``capacity`` caps each gemeente's teller (werkenden below population minus NBA).
    """
    fixed: dict[int, int] = dict(fixed_teller)
    for code, found in cities.items():
        i = world.index[code]
        if i in fixed:
            continue
        if periode in found and found[periode].herkomst == "synthetisch":
            # A synthetic choice only has to satisfy its statement, not a printed decimal.
            fixed[i] = round(found[periode].waarde / 100 * int(noemer[i]))
        elif periode in found:
            anchor = found[periode]
            try:
                fixed[i] = teller_for_rate(anchor.waarde, anchor.decimalen, int(noemer[i]))
            except CalibrationError as error:
                raise SpecError(f"{label}, {code}, {periode}: {error}") from None
        else:  # keep the city's ratio to Vlaanderen at its nearest anchor period
            nearest = min(found, key=lambda p: abs(_time(p) - _time(periode)))
            ratio = found[nearest].waarde / flemish_path[nearest] if flemish_path else 1.0
            fixed[i] = round(flemish_path[periode] * ratio / 100 * int(noemer[i]))
    if periode in flemish:
        target = flemish[periode]
    else:
        target = Anchor(round(flemish_path[periode], 1), 1, "synthetisch")
    total = int(flemish_teller[periode].waarde) if periode in flemish_teller else None
    max_rate = float(ispec.get("maximum", 0.98))
    if capacity is not None:
        over = [world.nis[i] for i, v in fixed.items() if v > capacity[i]]
        if over:
            raise SpecError(f"{label}, {periode}: de vaste teller van {', '.join(over)} laat "
                            "te weinig over voor de rest van de noemer")
    for province, path in province_paths.items():
        members = world.members[province]
        found = provinces[province]
        anchor = found.get(periode) or Anchor(round(path[periode], 1), 1, "synthetisch")
        position = {int(i): k for k, i in enumerate(members)}
        local_fixed = {position[i]: v for i, v in fixed.items() if i in position}
        try:
            local = calibrate_rate(noemer[members], weight[members], anchor.waarde,
                                   anchor.decimalen, local_fixed, max_rate,
                                   strict=anchor.herkomst == "gepubliceerd",
                                   capacity=None if capacity is None else capacity[members])
        except CalibrationError as error:
            raise SpecError(f"{label}, gebied {province}, {periode}: {error}") from None
        for k, i in enumerate(members):
            fixed[int(i)] = int(local[k])
    try:
        return calibrate_rate(noemer, weight, target.waarde, target.decimalen, fixed, max_rate,
                              total_teller=total, strict=target.herkomst == "gepubliceerd",
                              capacity=capacity)
    except CalibrationError as error:
        raise SpecError(f"{label}, Vlaanderen, {periode}: {error}") from None


def provenance_markdown(provenance: pd.DataFrame, geography: Geography) -> str:
    """The human-readable provenance (``data/voorbeeld/herkomst.md``)."""
    names = {VLAANDEREN_CODE: "Vlaanderen"}
    names.update(dict(zip(geography.gemeenten["nis"], geography.gemeenten["naam"],
                          strict=True)))
    names.update({c: n for c, n in zip(geography.provincies["code"],
                                       "Provincie " + geography.provincies["naam"],
                                       strict=True)})
    lines = [
        "# Herkomst van de voorbeelddata",
        "",
        f"**{BANNER}.**",
        "",
        "Gemaakt door `make data` (`python -m analysis.voorbeeld`) uit `params/voorbeeld.yaml`",
        "en `data/published/cijfers.csv`; deterministisch (vaste seed). Elke gemeente heeft",
        "synthetische cijfers; de ankers hieronder zijn de cijfers die de data optellend vanaf",
        "de gemeenten exact (aantallen) of op de gepubliceerde decimalen (percentages)",
        "reproduceert. *gepubliceerd* = uit de rapportage van december 2022; *synthetisch* = een",
        "eigen keuze, met de uitspraak van de rapportage waaraan ze voldoet.",
        "",
        "Samenhang: de bevolking per gemeente groeit van jaar tot jaar (Vlaamse totalen en de",
        "centrumsteden 2018-2020 volgens Statbel). Per gemeente en jaar is de bevolking van 20",
        "tot 64 jaar = werkenden + werkzoekenden zonder werk + niet-beroepsactieven: eerst de",
        "niet-beroepsactieven en de WZW, dan de werkenden als wat overblijft. De",
        "werkzoekendengraad deelt de WZW door werkenden + WZW: tot 2019 van hetzelfde jaar",
        "(bevolking min niet-beroepsactieven), vanaf 2020 de WZW van einde december en de",
        "werkenden van 2019, het laatste jaar met gemeentecijfers. Het aandeel TWE-OCMW deelt",
        "door de RMI-gerechtigden van de dichtstbijzijnde maand met RMI-cijfers (september),",
        "niet elke periode door september 2022.",
        "",
        "| indicator | gebied | periode | waarde | herkomst | toelichting |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in provenance.itertuples(index=False):
        shown = f"{row.waarde:.{int(row.decimalen)}f}".replace(".", ",")
        note = str(row.toelichting).replace("|", "/")
        lines.append(f"| {row.indicator} | {names.get(row.geo, row.geo)} | {row.periode} | "
                     f"{shown} | {row.herkomst} | {note} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    """``make data``: write ``data/voorbeeld/observaties.csv.gz`` and ``herkomst.md``."""
    import sys
    from pathlib import Path

    from analysis import io as aio

    repo = Path(__file__).resolve().parents[1]
    try:
        tables, problems = aio.read_reference(repo / "data" / "reference")
        if problems:
            raise aio.InputError(problems)
        geography = Geography(tables)
        catalogue = aio.load_catalogue()
        document = aio.read_yaml(repo / "params" / "voorbeeld.yaml", kind="indicator",
                                 whole="de specificatie")
        if document.problems:
            raise aio.InputError(document.problems)
        published = aio.read_published()
        observations, provenance = generate(geography, catalogue, document.data, published)
        target = repo / "data" / "voorbeeld"
        aio.write_csv_gz(observations, target / "observaties.csv.gz")
        aio.write_text(provenance_markdown(provenance, geography), target / aio.EXAMPLE_MARKER)
    except aio.InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except SpecError as error:
        print(f"Fout in params/voorbeeld.yaml: {error}", file=sys.stderr)
        return 1
    count = f"{len(observations):,}".replace(",", ".")
    print(f"Voorbeelddata geschreven naar {target}: {count} observaties, "
          f"{len(provenance)} ankers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
