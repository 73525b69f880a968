"""The profile: every figure of every report, computed once from gemeente-level observations.

``build_profile`` turns observations (the data contract: ``indicator, geo, periode, teller,
noemer``) into one long table with a row per indicator × geography × periode and every
comparison as a column (see :data:`PROFILE_COLUMNS`). Each step is a pure function,
DataFrame in, DataFrame out:

1. :func:`aggregate` — Σteller and Σnoemer over the member gemeenten of every geography of a
   boundary version (a rate is Σteller / Σnoemer, never a mean of rates), with coverage;
   figures delivered only at a higher level stay at that level.
2. :func:`apply_disclosure` — primary suppression of small counts and secondary suppression
   so that no suppressed count can be recovered by subtraction: a total minus its parts,
   two areas of the same gemeenten, or a count shown again by another indicator.
3. :func:`add_values` — value and 95 % / 99.8 % intervals (Wilson; Byar's / exact Poisson).
4. :func:`add_benchmarks` — comparison with Vlaanderen and with the province (Fingertips'
   two-level rule, flipped by polarity).
5. :func:`add_ranks` — rank and quartile among peers of the same type.
6. :func:`add_changes` — change against one and two years earlier, with a two-proportion test.
7. :func:`add_trends` — chi-square test for trend over the last 3-5 yearly points.
8. :func:`add_projections` — linear projection to a target (indicatief).

Methods follow Fingertips / PHEindicatormethods (shared/reference/referentiesystemen.md §1).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis import projection
from analysis import statistics as st
from analysis.catalogue import Catalogue
from analysis.geography import VERSIONS, Geography, version_for_periode

KEY = ["indicator", "geo_type", "geo", "periode"]

#: Columns of the profile with their meaning (Dutch: analysts read them in the CSV).
PROFILE_COLUMNS: dict[str, str] = {
    "indicator": "id van de indicator (params/indicators.yaml)",
    "geo": "code van de geografie (NIS-code, RGxx, REFREGxx, 02000)",
    "geo_type": "vlaanderen, provincie, referentieregio, regiegebied, centrumstad of gemeente",
    "geo_naam": "naam van de geografie",
    "periode": "periode: jaar (2019), kwartaal (2022Q4) of maand (2022-09)",
    "grenzen": "gemeentegrenzen waarop berekend (2018, 2024 of 2025)",
    "eenheid": "percent of aantal",
    "teller": "Σ teller over de gemeenten (bij een aantal: het aantal); leeg als onderdrukt",
    "noemer": "Σ noemer over de gemeenten; leeg bij een aantal of als onderdrukt",
    "waarde": "teller / noemer × 100 bij een percentage, anders het aantal (niet afgerond)",
    "ci95_laag": "ondergrens 95 %-betrouwbaarheidsinterval (Wilson; bij aantallen Byar of exact "
    "Poisson)",
    "ci95_hoog": "bovengrens 95 %-betrouwbaarheidsinterval",
    "ci998_laag": "ondergrens 99,8 %-betrouwbaarheidsinterval",
    "ci998_hoog": "bovengrens 99,8 %-betrouwbaarheidsinterval",
    "n_gemeenten": "aantal gemeenten in de geografie",
    "n_met_gegevens": "aantal gemeenten met een waarde (dekking); leeg bij een rechtstreeks cijfer",
    "bron_niveau": "'gemeenten' (opgeteld) of 'rechtstreeks' (op dit niveau geleverd)",
    "vlaanderen": "waarde van Vlaanderen, zelfde indicator en periode",
    "vergelijking_vlaanderen": "best, beter, vergelijkbaar, slechter, slechtst (of lager/hoger "
    "bij geen oordeel), of 'niet vergeleken'; beter/slechter vraagt een significant verschil "
    "(95 %) van minstens het relevante verschil van de catalogus, best/slechtst 99,8 % en "
    "meer dan twee keer dat verschil",
    "vergelijking_vlaanderen_reden": "waarom niet vergeleken",
    "provincie": "code van de provincie waarin de geografie ligt",
    "provincie_waarde": "waarde van die provincie",
    "vergelijking_provincie": "vergelijking met de provincie (zelfde categorieën)",
    "vergelijking_provincie_reden": "waarom niet vergeleken met de provincie",
    "rang": "rang onder de geografieën van hetzelfde type (1 = best; bij geen oordeel 1 = "
    "hoogst; bij aantallen 1 = grootst)",
    "n_peers": "aantal geografieën van hetzelfde type met een waarde",
    "kwartiel": "kwartiel van de rang (1 = beste kwart)",
    "verschil_1j": "verschil met een jaar eerder: procentpunt bij percentages, procent bij "
    "aantallen",
    "verschil_1j_significant": "1 = significant (tweeproportietoets, 95 %) én minstens het "
    "relevante verschil van de catalogus (op de getoonde, afgeronde cijfers), 0 = niet, leeg = "
    "niet getoetst",
    "verschil_2j": "verschil met twee jaar eerder (zelfde eenheid)",
    "verschil_2j_significant": "significant én relevant verschil met twee jaar eerder (zelfde "
    "regel)",
    "trend": "stijgend/dalend en verbeterend/verslechterend, geen significante verandering, "
    "of niet berekend",
    "trend_reden": "waarom geen trend berekend, wisselend verloop, of significant maar kleiner "
    "dan het relevante verschil",
    "trend_punten": "aantal jaarlijkse punten in de trendtoets",
    "streefwaarde": "streefwaarde uit de catalogus (bv. 80 % werkzaamheidsgraad)",
    "projectie": "indicatieve projectie naar de streefwaarde (lineaire trend over elk jaar)",
    "projectie_jaar": "jaar waarin de lineaire trend de streefwaarde haalt",
    "projectie_venster": "de jaren waarop de projectie steunt (bv. 2010–2019)",
    "projectie_jaar_vroegst": "eerste jaar waarin de bovengrens van de 95 %-voorspellingsband de "
    "streefwaarde haalt",
    "projectie_jaar_laatst": "eerste jaar waarin de ondergrens van de 95 %-voorspellingsband de "
    "streefwaarde haalt",
    "projectie_kort": "dezelfde projectie met alleen de laatste vijf punten",
    "projectie_kort_venster": "de jaren van die vijf punten",
    "projectie_kort_jaar": "jaar waarin de trend van de laatste vijf punten de streefwaarde haalt",
    "onderdrukt": "1 = cijfer niet gepubliceerd (kleine aantallen)",
    "opmerking": "onderdrukking, kleine noemer, onvolledige dekking, …",
    "bron": "bron (catalogus)",
    "peildatum": "peildatum (catalogus)",
}


# -- periods ----------------------------------------------------------------------------------


def shift_periode(periode: pd.Series, years: int) -> pd.Series:
    """The same quarter, month or year ``years`` earlier (``2022Q4`` → ``2021Q4``)."""
    year = periode.str[:4].astype(int) - years
    return year.astype(str) + periode.str[4:]


def latest_periode(periodes: pd.Series) -> str:
    """The most recent periode; a year sorts after its own quarters and months."""
    return max(periodes, key=lambda p: (p[:4], p[4:].replace("-", "Z") or "ZZ"))


def default_grenzen(observations: pd.DataFrame) -> str:
    """Boundary version in force at the latest periode of the data."""
    if observations.empty:
        return VERSIONS[-1]
    return version_for_periode(latest_periode(observations["periode"]))


# -- 1. aggregation ---------------------------------------------------------------------------


def _metadata(catalogue: Catalogue) -> pd.DataFrame:
    meta = catalogue.to_frame().set_index("id")
    return meta


def aggregate(
    observations: pd.DataFrame, geography: Geography, catalogue: Catalogue, grenzen: str
) -> pd.DataFrame:
    """Σteller and Σnoemer per geography of ``grenzen``, with coverage.

    Gemeente codes of older versions are first summed onto ``grenzen``. A rate counts a
    gemeente only when both its teller and noemer are known, so Σteller and Σnoemer cover the
    same gemeenten. Figures delivered for a higher geography (a province, a regiegebied,
    Vlaanderen) are used for that geography as delivered and never spread below it.
    """
    meta = _metadata(catalogue)
    obs = observations[["indicator", "geo", "periode", "teller", "noemer"]].copy()
    obs = obs[obs["indicator"].isin(meta.index)]
    obs["teller"] = obs["teller"].astype(float)
    obs["noemer"] = obs["noemer"].astype(float)
    is_rate = obs["indicator"].map(meta["eenheid"]).eq("percent")
    incomplete = is_rate & (obs["teller"].isna() | obs["noemer"].isna())
    obs.loc[incomplete, ["teller", "noemer"]] = np.nan

    higher = obs["geo"].isin(geography.higher_codes())
    local = geography.convert(obs[~higher], grenzen)
    members = geography.membership.loc[
        geography.membership["grenzen"] == grenzen, ["type", "code", "naam", "nis"]
    ]
    joined = local.merge(members, left_on="geo", right_on="nis")
    joined["heeft"] = joined["teller"].notna()
    groups = joined.groupby(["indicator", "type", "code", "naam", "periode"], sort=False)
    summed = groups[["teller", "noemer"]].sum(min_count=1)
    summed["n_met_gegevens"] = groups["heeft"].sum()
    summed = summed.reset_index()
    summed["bron_niveau"] = "gemeenten"

    geos = geography.geographies(grenzen=grenzen)
    direct = obs[higher].merge(geos, left_on="geo", right_on="code").drop(columns=["geo"])
    direct = direct.assign(n_met_gegevens=np.nan, bron_niveau="rechtstreeks")
    direct = direct.drop(columns="aantal_gemeenten")
    frame = pd.concat([direct, summed], ignore_index=True)
    frame = frame.rename(columns={"type": "geo_type", "code": "geo", "naam": "geo_naam"})
    # A figure delivered for the geography itself wins over a sum of (possibly incomplete) parts.
    frame = frame.drop_duplicates(KEY, keep="first")
    sizes = geos.rename(columns={"type": "geo_type", "code": "geo",
                                 "aantal_gemeenten": "n_gemeenten"})[["geo_type", "geo",
                                                                      "n_gemeenten"]]
    frame = frame.merge(sizes, on=["geo_type", "geo"], how="left")
    frame["grenzen"] = grenzen
    frame["eenheid"] = frame["indicator"].map(meta["eenheid"])
    return frame.reset_index(drop=True)


# -- 2. disclosure control --------------------------------------------------------------------


def _components(edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Node → a representative of its connected component (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    return {node: find(node) for node in parent}


#: Geography types whose totals are tied to each other; a centrumstad has the code of its gemeente
#: and is the same figure.
RELATED_TYPES = ("vlaanderen", "provincie", "referentieregio", "regiegebied", "gemeente")


def _relations(geography: Geography, grenzen: str) -> pd.DataFrame:
    """Sets of geographies whose totals are tied: Σ one side = Σ the other side.

    For every two types, the geographies that share gemeenten form groups (connected
    components); a group whose two sides cover exactly the same gemeenten is a relation. That
    is every partition (Vlaanderen = its provinces, a province = its gemeenten, West-Vlaanderen
    = its regiegebieden, a referentieregio = its regiegebieden), a union of them (Antwerpen +
    Limburg … = the referentieregio's that straddle them) and every identity (Limburg = its one
    referentieregio, a regiegebied of one gemeente = that gemeente). Columns: ``relation``,
    ``geo`` and ``side`` (0 the side with fewer geographies, 1 the finer side).
    """
    m = geography.membership[geography.membership["grenzen"] == grenzen]
    m = m[m["type"].isin(RELATED_TYPES)]
    # Plain dicts: a few hundred gemeenten per type; pandas would cost more than the work.
    where: dict[str, dict[str, str]] = {t: {} for t in RELATED_TYPES}  # type → nis → code
    size: dict[tuple[str, str], int] = {}
    for geo_type, code, nis in zip(m["type"], m["code"], m["nis"], strict=True):
        if nis not in where[geo_type]:  # every type is a partition: one code per gemeente
            where[geo_type][nis] = code
            size[geo_type, code] = size.get((geo_type, code), 0) + 1
    rows: list[tuple[str, str, int]] = []
    for i, coarse in enumerate(RELATED_TYPES):
        for fine in RELATED_TYPES[i + 1:]:
            shared = [(where[coarse][nis], where[fine][nis]) for nis in where[coarse]
                      if nis in where[fine]]
            roots = _components(("0" + a, "1" + b) for a, b in shared)
            groups: dict[str, tuple[set[str], set[str], list[int]]] = {}
            for a, b in shared:
                left, right, count = groups.setdefault(roots["0" + a], (set(), set(), [0]))
                left.add(a)
                right.add(b)
                count[0] += 1
            for root, (left, right, count) in groups.items():
                # Exact: each side covers the shared gemeenten and nothing else.
                if (sum(size[coarse, c] for c in left) != count[0]
                        or sum(size[fine, c] for c in right) != count[0]):
                    continue
                # Side 1 is the finer side: the one with more geographies.
                finer = 1 if len(right) >= len(left) else 0
                name = f"{coarse}>{fine}:{root[1:]}"
                rows += [(name, code, 1 - finer) for code in sorted(left)]
                rows += [(name, code, finer) for code in sorted(right)]
    return pd.DataFrame(rows, columns=["relation", "geo", "side"]).astype(
        {"relation": object, "geo": object, "side": int})


def _secondary_suppression(state: pd.DataFrame, relations: pd.DataFrame) -> pd.MultiIndex:
    """(indicator, geo, periode) of the figures to hide so no hidden one can be recovered.

    ``state`` has one row per figure (indicator, geo, periode, teller, onderdrukt, and
    ``opgeteld``: summed from gemeenten). Within a relation (:func:`_relations`) of one
    indicator × periode, a figure is unknown when it is hidden, or missing where the relation
    holds a figure delivered as such (perhaps suppressed at the source); a missing figure of a
    sum of gemeenten adds nothing and is known. Exactly one unknown figure can be recovered
    (the one side minus the rest), so the smallest published figure of the finer side (else
    of the other side) is hidden too, and so on until no relation exposes one. The join of
    every relation with the figures is made once; the rounds then run on numpy arrays.
    """
    state = state.reset_index(drop=True)
    sid = state[["indicator", "geo", "periode"]].assign(sid=np.arange(len(state)))
    joined = relations.merge(sid, on="geo")
    if joined.empty:
        return pd.MultiIndex.from_tuples([], names=["indicator", "geo", "periode"])
    group = pd.factorize(joined["relation"] + "|" + joined["indicator"] + "|"
                         + joined["periode"])[0]
    cell, side = joined["sid"].to_numpy(), joined["side"].to_numpy(int)
    groups = group.max() + 1
    teller = state["teller"].to_numpy(float)
    missing = np.isnan(teller)
    # A relation only ties its sides where both have a figure; it is a sum of gemeenten
    # when every figure in it is one.
    live = (np.bincount(group, side == 0, minlength=groups) > 0) & (
        np.bincount(group, side == 1, minlength=groups) > 0)
    delivered = np.bincount(group, ~state["opgeteld"].to_numpy(bool)[cell], minlength=groups) > 0
    hidden = state["onderdrukt"].to_numpy(bool).copy()
    original = hidden.copy()
    # The positions in ``cell`` of each relation's figures.
    by_group = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[by_group], np.arange(groups + 1))
    n_cells = np.diff(bounds)
    changed = True
    while changed:
        changed = False
        unknown = hidden[cell] | (missing[cell] & delivered[group])
        exposed = np.flatnonzero(live & (np.bincount(group, unknown, minlength=groups) == 1))
        # Smallest relations first: hiding a second gemeente of a province also keeps
        # Vlaanderen − the other gemeenten from exposing the first, so no more is hidden.
        for g in exposed[np.argsort(n_cells[exposed], kind="stable")]:
            at = by_group[bounds[g]:bounds[g + 1]]
            figures = cell[at]
            if (hidden[figures] | (missing[figures] & delivered[g])).sum() != 1:
                continue  # fixed by an earlier pick of this round
            free = at[~hidden[figures] & ~missing[figures]]
            if not len(free):
                continue
            # The finer side first, then the smallest figure.
            pick = free[np.lexsort((teller[cell[free]], side[free] == 0))[0]]
            hidden[cell[pick]] = True
            changed = True
    newly = hidden & ~original
    return pd.MultiIndex.from_frame(state.loc[newly, ["indicator", "geo", "periode"]])


#: Shared rows needed before two columns count as one figure (:func:`linked_counts`).
MIN_LINKED_ROWS = 10


def linked_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Indicators whose teller is published again in another indicator's row.

    The teller of ``wzw`` is the noemer of ``wzw_in_opleiding``, the teller of ``rmi`` the
    noemer of ``ocmw_ingeschreven``, the teller of ``niet_beroepsactieven`` that of
    ``nba_graad``: one count, shown twice. Found from the figures themselves (catalogue
    texts name them differently): a teller and another indicator's teller or noemer that are
    equal on every geography × periode both have, at least :data:`MIN_LINKED_ROWS` of them,
    with more than one value. Columns: ``indicator`` (whose teller), ``gekoppeld`` (the other
    indicator) and ``kolom`` (``teller`` or ``noemer`` there).
    """
    empty = pd.DataFrame({"indicator": pd.Series(dtype=object),
                          "gekoppeld": pd.Series(dtype=object),
                          "kolom": pd.Series(dtype=object)})
    if frame.empty:
        return empty
    rows = frame.drop_duplicates(["indicator", "geo", "periode"])
    wide = rows.pivot(index=["geo", "periode"], columns="indicator", values=["teller", "noemer"])
    values = wide.to_numpy(float)
    known = ~np.isnan(values)
    fields, names = (np.asarray(wide.columns.get_level_values(n), dtype=object) for n in (0, 1))
    weight = known.astype(np.float32)
    overlap = weight.T @ weight
    found = []
    for i in np.flatnonzero(fields == "teller"):
        others = np.flatnonzero((overlap[i] >= MIN_LINKED_ROWS) & (names != names[i]))
        if not len(others):
            continue
        rows_i = np.flatnonzero(known[:, i])
        block = values[rows_i][:, others]
        differs = (block != values[rows_i, i][:, None]) & ~np.isnan(block)
        for j in others[~differs.any(axis=0)]:
            if len(np.unique(values[known[:, i] & known[:, j], i])) > 1:
                found.append((names[i], names[j], fields[j]))
    if not found:
        return empty
    return pd.DataFrame(found, columns=list(empty.columns))


def apply_disclosure(
    frame: pd.DataFrame, geography: Geography, catalogue: Catalogue
) -> pd.DataFrame:
    """Suppress small counts, and what would reveal them by subtraction.

    Primary: a teller (or noemer) of 1 to ``min_telling`` − 1 is not published, nor the rate
    built on it; 0 is shown. Secondary: where geographies are tied (a total and its parts, or
    two areas of the same gemeenten, :func:`_relations`) and exactly one of them is hidden,
    the smallest other part is hidden too (else the hidden one = total − the rest); a hidden
    teller is also hidden where another indicator shows it again (:func:`linked_counts`, the
    noemer of ``wzw_in_opleiding`` is ``wzw``); repeated until stable. Every suppressed row
    says why.
    """
    meta = _metadata(catalogue)
    out = frame.copy()
    min_telling = out["indicator"].map(meta["min_telling"]).to_numpy()
    hidden, reason = st.primary_suppression(
        out["teller"].to_numpy(float), out["noemer"].to_numpy(float), min_telling
    )
    out["onderdrukt"] = hidden.astype(bool)
    out["onderdrukt_reden"] = np.where(out["onderdrukt"], reason, "")

    if out.empty:
        return out
    relations = _relations(geography, str(out["grenzen"].iloc[0]))
    links = linked_counts(out)
    # State per code: a gemeente and its centrumstad row are one figure.
    keys = ["indicator", "geo", "periode"]
    state = out[[*keys, "teller", "onderdrukt"]].assign(
        opgeteld=out["bron_niveau"].eq("gemeenten")).drop_duplicates(keys)
    state = state.reset_index(drop=True)
    position = pd.Series(np.arange(len(state)), index=pd.MultiIndex.from_frame(state[keys]))
    hidden = state["onderdrukt"].to_numpy(bool).copy()
    by_link = pd.Series("", index=state.index, dtype=object)
    titles = {i.id: i.titel for i in catalogue.indicators}
    while True:
        # Only indicator × periode combinations with something hidden (suppressed here, or
        # missing, e.g. suppressed at the source) can expose anything.
        current = state.assign(onderdrukt=hidden)
        hidden_any = (current["onderdrukt"] | current["teller"].isna()).groupby(
            [current["indicator"], current["periode"]]).transform("any")
        picked = _secondary_suppression(current[hidden_any], relations)
        hidden[position.reindex(picked).to_numpy()] = True
        # A hidden teller stays hidden where it is shown again (a linked noemer or teller).
        shown_again = state.iloc[np.flatnonzero(hidden)][keys].merge(
            links, on="indicator").drop(columns="kolom")
        target = pd.MultiIndex.from_frame(
            shown_again[["gekoppeld", "geo", "periode"]].set_axis(keys, axis=1))
        at = position.reindex(target).to_numpy()
        found = ~np.isnan(at)
        at = at[found].astype(int)
        fresh = ~hidden[at]
        if not fresh.any():
            break
        by_link.iloc[at[fresh]] = shown_again["indicator"].to_numpy()[found][fresh]
        hidden[at[fresh]] = True

    figure = pd.MultiIndex.from_frame(out[keys])
    at = position.reindex(figure).to_numpy()
    marked = hidden[at] & ~out["onderdrukt"].to_numpy()
    source = by_link.to_numpy()[at]
    out.loc[marked, "onderdrukt"] = True
    out.loc[marked, "onderdrukt_reden"] = np.where(
        source[marked] == "",
        "secundair onderdrukt: anders af te leiden uit het totaal",
        [f"secundair onderdrukt: toont anders het onderdrukte cijfer van '{titles.get(i, i)}'"
         for i in source[marked]],
    )

    out.loc[out["onderdrukt"], ["teller", "noemer"]] = np.nan
    return out


# -- 3. values and intervals ------------------------------------------------------------------


def add_values(frame: pd.DataFrame) -> pd.DataFrame:
    """``waarde`` and the 95 % / 99.8 % intervals.

    Percentages: Wilson score interval on teller/noemer (PHEindicatormethods
    ``phe_proportion``); counts: Byar's method, exact Poisson below 10 (``phe_rate``).
    """
    out = frame.copy()
    teller = out["teller"].to_numpy(float)
    noemer = out["noemer"].to_numpy(float)
    rate = out["eenheid"].eq("percent").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["waarde"] = np.where(rate, teller / noemer * 100, teller)
    for level, label in ((0.95, "95"), (0.998, "998")):
        w_lo, w_hi = st.wilson_interval(teller, noemer, level)
        p_lo, p_hi = st.poisson_interval(teller, level)
        out[f"ci{label}_laag"] = np.where(rate, w_lo * 100, p_lo)
        out[f"ci{label}_hoog"] = np.where(rate, w_hi * 100, p_hi)
    return out


# -- 4. benchmarks ----------------------------------------------------------------------------


def _province_of(geography: Geography, grenzen: str, frame: pd.DataFrame) -> pd.Series:
    pairs = frame[["geo_type", "geo"]].drop_duplicates()
    pairs["provincie"] = [
        geography.get(c, t, grenzen).provincie or ""
        for t, c in zip(pairs["geo_type"], pairs["geo"], strict=True)
    ]
    return frame[["geo_type", "geo"]].merge(pairs, how="left")["provincie"].set_axis(frame.index)


def _compare(frame: pd.DataFrame, benchmark: str, meta: pd.DataFrame) -> np.ndarray:
    """The comparison label of every row against the column ``benchmark``: significant and
    relevant (the catalogue's ``relevant_verschil``, on the values as displayed)."""
    labels = np.full(len(frame), st.NOT_COMPARED, dtype=object)
    info = meta.loc[frame["indicator"], ["polariteit", "decimalen", "relevant_verschil",
                                         "vergelijking", "eenheid"]].set_axis(frame.index)
    compared = info[info["vergelijking"].eq("ci_95_998")]
    for (polarity, decimals, unit), group in compared.groupby(
            ["polariteit", "decimalen", "eenheid"]):
        rows = frame.loc[group.index]
        idx = frame.index.get_indexer(rows.index)
        labels[idx] = st.compare_with_benchmark(
            rows["ci95_laag"].to_numpy(float), rows["ci95_hoog"].to_numpy(float),
            rows["ci998_laag"].to_numpy(float), rows["ci998_hoog"].to_numpy(float),
            rows[benchmark].to_numpy(float), polarity,
            value=rows["waarde"].to_numpy(float),
            relevant=group["relevant_verschil"].to_numpy(float),
            decimals=int(decimals), relative=unit != "percent",
        )
    return labels


def add_benchmarks(
    frame: pd.DataFrame, geography: Geography, catalogue: Catalogue
) -> pd.DataFrame:
    """Vlaanderen and province values, and the comparison of the area with each.

    Fingertips method 17 (referentiesystemen.md §1.5) with our relevance rule
    (:func:`analysis.statistics.compare_with_benchmark`): the benchmark inside the area's 95 %
    interval is 'vergelijkbaar'; outside it 'beter'/'slechter' when the difference of the
    displayed values is at least the catalogue's ``relevant_verschil``, outside the 99.8 %
    interval and more than twice that 'best'/'slechtst'; a smaller difference stays
    'vergelijkbaar'. Flipped for lager_beter; 'lager'/'hoger' for geen_oordeel. An area is
    never compared with itself, nor an indicator the catalogue does not compare.
    """
    meta = _metadata(catalogue)
    out = frame.copy()
    grenzen = str(out["grenzen"].iloc[0]) if len(out) else VERSIONS[-1]
    values = out[["indicator", "geo_type", "geo", "periode", "waarde"]]
    vl = values[values["geo_type"] == "vlaanderen"].drop(columns=["geo_type", "geo"])
    out = out.merge(vl.rename(columns={"waarde": "vlaanderen"}), on=["indicator", "periode"],
                    how="left")
    out["provincie"] = _province_of(geography, grenzen, out)
    prov = values[values["geo_type"] == "provincie"].drop(columns="geo_type")
    prov = prov.rename(columns={"geo": "provincie", "waarde": "provincie_waarde"})
    out = out.merge(prov, on=["indicator", "provincie", "periode"], how="left")

    compared = out["indicator"].map(meta["vergelijking"]).eq("ci_95_998")
    for column, benchmark, itself in (
        ("vergelijking_vlaanderen", "vlaanderen", "is zelf Vlaanderen"),
        ("vergelijking_provincie", "provincie_waarde", "is zelf een provincie"),
    ):
        labels = _compare(out, benchmark, meta)
        reason = np.full(len(out), "", dtype=object)
        own_type = "vlaanderen" if benchmark == "vlaanderen" else "provincie"
        # The first reason that applies is the one given.
        checks = [
            (~compared, "geen vergelijking voor deze indicator"),
            (out["geo_type"].eq(own_type), itself),
            (out["onderdrukt"], "onderdrukt"),
            (out["waarde"].isna(), "geen waarde"),
            (out[benchmark].isna(), "geen waarde voor de vergelijking"),
        ]
        if own_type == "provincie":
            checks[2:2] = [
                (out["geo_type"].eq("vlaanderen"), "Vlaanderen ligt niet in één provincie"),
                (out["provincie"].eq(""), "ligt in meer dan één provincie"),
            ]
        for mask, text in reversed(checks):
            reason = np.where(mask.to_numpy(), text, reason)
        out[column] = np.where(reason == "", labels, st.NOT_COMPARED)
        out[f"{column}_reden"] = reason
    return out


# -- 5. ranks ---------------------------------------------------------------------------------


def add_ranks(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Rank (1 = best) and quartile among the geographies of the same type.

    Peers: the 13 centrumsteden, the regiegebieden, the 5 provinces, the 15 referentieregio's,
    the gemeenten. For geen_oordeel, rank 1 is the highest value; counts rank by size.
    """
    meta = _metadata(catalogue)
    out = frame.copy()
    # Counts rank by size (1 = largest): a big city is not "worse" for having more people.
    ascending = out["indicator"].map(meta["polariteit"]).eq("lager_beter") & out[
        "eenheid"
    ].eq("percent")
    ranked = out["waarde"].where(~out["onderdrukt"])
    # One ranking direction per group: turn "lower is better" into "higher is better".
    score = np.where(ascending, -ranked, ranked)
    out["_score"] = score
    groups = out.groupby(["indicator", "geo_type", "periode"])["_score"]
    out["rang"] = groups.rank(ascending=False, method="min")
    out["n_peers"] = groups.transform("count")
    out.loc[out["geo_type"] == "vlaanderen", ["rang", "n_peers"]] = np.nan
    out["kwartiel"] = np.floor((out["rang"] - 1) * 4 / out["n_peers"]) + 1
    return out.drop(columns="_score")


# -- 6. changes -------------------------------------------------------------------------------


def add_changes(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Change against one and two years earlier (same quarter or month).

    Percentages: difference in procentpunt (unrounded, for the export), tested with the
    pooled two-proportion z-test (95 %); ``verschil_{1,2}j_significant`` is 1 only when the
    test is significant *and* the difference of the values as displayed (rounded half-up to
    the indicator's decimals) is at least the catalogue's ``relevant_verschil``, the rule of
    :func:`add_benchmarks`. Counts: relative change in procent, not tested (a register count,
    not a sample).
    """
    meta = _metadata(catalogue)
    out = frame.copy()
    rate = out["eenheid"].eq("percent").to_numpy()
    decimals = out["indicator"].map(meta["decimalen"]).to_numpy()
    relevant = out["indicator"].map(meta["relevant_verschil"]).to_numpy(float)
    lookup = out[[*KEY, "teller", "noemer", "waarde"]]
    for years in (1, 2):
        earlier = lookup.rename(columns={"periode": "_p", "teller": "_t", "noemer": "_n",
                                         "waarde": "_w"})
        out["_p"] = shift_periode(out["periode"], years)
        merged = out[[*KEY[:3], "_p"]].merge(earlier, on=[*KEY[:3], "_p"], how="left")
        value, before = out["waarde"].to_numpy(float), merged["_w"].to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            relative = (value / before - 1) * 100
        out[f"verschil_{years}j"] = np.where(rate, value - before, relative)
        _, significant = st.two_proportion_test(
            out["teller"].to_numpy(float), out["noemer"].to_numpy(float),
            merged["_t"].to_numpy(float), merged["_n"].to_numpy(float),
        )
        large = np.zeros(len(out), dtype=bool)
        for d in np.unique(decimals[rate]):
            at = rate & (decimals == d)
            shown = st.displayed_difference(value[at], before[at], int(d))
            large[at] = st.at_least(shown, relevant[at])
        significant = np.where(np.isnan(significant), np.nan, (significant == 1) & large)
        out[f"verschil_{years}j_significant"] = np.where(rate, significant, np.nan)
    return out.drop(columns="_p")


# -- 7. trends --------------------------------------------------------------------------------


MAX_TREND_POINTS = 5


def add_trends(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Chi-square test for trend on the most recent unbroken run of 3-5 yearly points.

    Cochran–Armitage on the counts (referentiesystemen.md §1.7), significant at 99.8 % and only
    when every step goes the same way (our robustness check for short series). A significant
    trend is only called stijgend/dalend when the change over the run (the latest point minus
    the first point of the run, both as displayed) is at least the catalogue's
    ``relevant_verschil``, the rule of :func:`add_benchmarks`; otherwise it is "geen
    significante verandering" with the reason :data:`analysis.statistics.TREND_REASON_NOT_RELEVANT`.
    Counts are not tested.
    """
    meta = _metadata(catalogue)
    out = frame.copy()
    rate = out["eenheid"].eq("percent").to_numpy()
    lookup = out[[*KEY, "teller", "noemer"]]
    r = np.full((len(out), MAX_TREND_POINTS), np.nan)
    n = np.full((len(out), MAX_TREND_POINTS), np.nan)
    for k in range(MAX_TREND_POINTS):
        shifted = out[KEY[:3]].assign(periode=shift_periode(out["periode"], k))
        merged = shifted.merge(lookup, on=KEY, how="left")
        r[:, k] = merged["teller"].to_numpy(float)
        n[:, k] = merged["noemer"].to_numpy(float)
    valid = ~np.isnan(r) & ~np.isnan(n) & (n > 0)
    run = np.cumprod(valid, axis=1).sum(axis=1)  # unbroken run back from the row's periode
    used = np.arange(MAX_TREND_POINTS)[None, :] < run[:, None]
    t = (MAX_TREND_POINTS - 1 - np.arange(MAX_TREND_POINTS))[None, :].astype(float)
    rr, nn = np.where(used, r, 0.0), np.where(used, n, 0.0)
    chi2, sign = st.chi2_trend_from_sums(
        nn.sum(1), rr.sum(1), (rr * t).sum(1), (nn * t).sum(1), (nn * t * t).sum(1)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        p = r / n
    # Each used step (later minus earlier) must not go against the slope; flat steps may.
    # Runs differ in length per row, hence the mask instead of st.monotonic_in_direction.
    steps = p[:, :-1] - p[:, 1:]
    with np.errstate(invalid="ignore"):
        against = steps * np.asarray(sign, float)[:, None] < 0
    monotonic = ~np.any(used[:, 1:] & against, axis=1)
    # The change over the run, from the points as displayed (percent, rounded half-up).
    first = p[np.arange(len(out)), np.maximum(run - 1, 0)] * 100
    decimals = out["indicator"].map(meta["decimalen"]).to_numpy()
    change = np.full(len(out), np.nan)
    for d in np.unique(decimals[rate]):
        at = rate & (decimals == d)
        change[at] = st.displayed_difference(p[at, 0] * 100, first[at], int(d))
    relevant = out["indicator"].map(meta["relevant_verschil"]).to_numpy(float)
    relevant = np.where(rate & ~np.isnan(relevant), relevant, 0.0)
    polarity = out["indicator"].map(meta["polariteit"]).to_numpy(object)
    label, reason = st.classify_trend(chi2, sign, monotonic, run, polarity, change=change,
                                      relevant=relevant)
    label = np.where(rate, label, "niet berekend")
    reason = np.where(rate, reason, "geen trendtoets voor aantallen")
    out["trend"] = label
    out["trend_reden"] = reason
    out["trend_punten"] = np.where(rate, run, np.nan)
    return out


# -- 8. projections ---------------------------------------------------------------------------


def add_projections(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Indicatief: linear trend towards the catalogue's target, on each area's latest row
    (:func:`analysis.projection.add_projections`: both windows, the target's maatstaf)."""
    return projection.add_projections(frame, catalogue)


# -- the whole profile ------------------------------------------------------------------------


def _notes(frame: pd.DataFrame) -> pd.Series:
    """Why a figure needs care: suppression, small noemer, coverage, delivered level."""
    small = frame["eenheid"].eq("percent") & frame["noemer"].lt(30)
    partial = frame["bron_niveau"].eq("gemeenten") & frame["n_met_gegevens"].lt(
        frame["n_gemeenten"]
    )
    coverage = (
        "onvolledig: gegevens voor " + frame["n_met_gegevens"].fillna(0).astype(int).astype(str)
        + " van " + frame["n_gemeenten"].astype(str) + " gemeenten"
    )
    parts = [
        ("onderdrukt: " + frame["onderdrukt_reden"]).where(frame["onderdrukt"], ""),
        pd.Series("voorzichtig interpreteren: noemer kleiner dan 30", index=frame.index).where(
            small, ""),
        pd.Series("cijfer rechtstreeks op dit niveau geleverd", index=frame.index).where(
            frame["bron_niveau"].eq("rechtstreeks"), ""),
        coverage.where(partial, ""),
    ]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined.str.cat(part, sep="; ")
    return joined.str.replace(r"^(; )+|(; )+$", "", regex=True).str.replace(
        r"(; ){2,}", "; ", regex=True)


def build_profile(
    observations: pd.DataFrame,
    geography: Geography,
    catalogue: Catalogue,
    grenzen: str | None = None,
) -> pd.DataFrame:
    """The profile of every geography × indicator × periode (see :data:`PROFILE_COLUMNS`)."""
    grenzen = grenzen or default_grenzen(observations)
    meta = _metadata(catalogue)
    frame = aggregate(observations, geography, catalogue, grenzen)
    if frame.empty:
        return pd.DataFrame(columns=list(PROFILE_COLUMNS))
    frame = apply_disclosure(frame, geography, catalogue)
    frame = add_values(frame)
    frame = add_benchmarks(frame, geography, catalogue)
    frame = add_ranks(frame, catalogue)
    frame = add_changes(frame, catalogue)
    frame = add_trends(frame, catalogue)
    frame = add_projections(frame, catalogue)
    frame["opmerking"] = _notes(frame)
    frame["bron"] = frame["indicator"].map(meta["bron"])
    frame["peildatum"] = frame["indicator"].map(meta["peildatum"])
    frame["onderdrukt"] = frame["onderdrukt"].astype(int)
    order = {ind: i for i, ind in enumerate(catalogue.ids())}
    types = {t: i for i, t in enumerate(("vlaanderen", "provincie", "referentieregio",
                                         "regiegebied", "centrumstad", "gemeente"))}
    frame = frame.sort_values(
        ["indicator", "geo_type", "geo", "periode"],
        key=lambda s: s.map(order) if s.name == "indicator" else (
            s.map(types) if s.name == "geo_type" else s),
    )
    return frame[list(PROFILE_COLUMNS)].reset_index(drop=True)


def area_export(
    profile: pd.DataFrame,
    catalogue: Catalogue,
    geo_type: str,
    geo_code: str,
    geo_naam: str,
    grenzen: str,
    periode: str | None = None,
) -> pd.DataFrame:
    """The profile rows of one area, with a row for every catalogue id it lacks.

    The export beside each report and of ``rapportage indicatoren --formaat csv|xlsx``:
    unrounded values, in catalogue order; a missing indicator says why (no data, or a
    reference table without observations).
    """
    rows = profile[(profile["geo"] == geo_code) & (profile["geo_type"] == geo_type)]
    if periode:
        rows = rows[rows["periode"] == periode]
    present = set(rows["indicator"])
    missing = [i for i in catalogue.ids() if i not in present]
    reference = set(catalogue.reference_ids)
    empty = pd.DataFrame({
        "indicator": missing, "geo": geo_code, "geo_type": geo_type, "geo_naam": geo_naam,
        "periode": periode or "", "grenzen": grenzen,
        "opmerking": ["referentietabel, geen observaties" if i in reference
                      else "geen gegevens" for i in missing],
    })
    full = pd.concat([rows, empty.reindex(columns=rows.columns)], ignore_index=True)
    full["opmerking"] = full["opmerking"].fillna("")
    order = {indicator: i for i, indicator in enumerate(catalogue.ids())}
    return full.sort_values("indicator", key=lambda s: s.map(order), kind="stable")


def columns_sheet() -> pd.DataFrame:
    """The meaning of every export column (the second sheet of an XLSX export)."""
    return pd.DataFrame({"kolom": list(PROFILE_COLUMNS),
                         "betekenis": list(PROFILE_COLUMNS.values())})
