"""The indicative projection towards a catalogue target, as profile columns.

Pure, DataFrame in, DataFrame out. Which series are projected comes from the catalogue: every
indicator with a ``streefwaarde`` and the ``maatstaf`` that target is defined on (the 80 %
werkzaamheidsgraad is an EAK figure; the Arbeidsrekening is the measure every area has). The
fit itself is :func:`analysis.statistics.projection_to_target` (OLS on the year with the
prediction band of statsmodels), over every point of the series and over its last five.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import statistics as st
from analysis.catalogue import Catalogue, Indicator, Streefwaarde

#: The projection columns of the profile that hold text, and those that hold a year.
TEXT_COLUMNS = ("projectie", "projectie_venster", "projectie_kort", "projectie_kort_venster")
YEAR_COLUMNS = ("projectie_jaar", "projectie_jaar_vroegst", "projectie_jaar_laatst",
                "projectie_kort_jaar")


def _time_order(periode: str) -> tuple[str, str]:
    # As indicators.latest_periode: a year sorts after its own quarters and months.
    return periode[:4], periode[4:].replace("-", "Z") or "ZZ"


def projection_series(rows: pd.DataFrame, periode: str | None = None) -> pd.DataFrame:
    """The points a projection fits: of one area's rows of one indicator, those of the same
    kind as the latest (every year, or the same quarter or month of every year), up to
    ``periode`` when given, with a value, in time order, with their year as ``jaar``."""
    periodes = rows["periode"].to_numpy(str)
    keep = rows["waarde"].notna().to_numpy().copy()
    if periode:
        keep &= np.array([_time_order(p) <= _time_order(periode) for p in periodes], bool)
    if keep.any():
        last = max(periodes[keep], key=_time_order)
        keep &= np.char.endswith(periodes, last[4:]) & (np.char.str_len(periodes) == len(last))
    chosen = rows[keep]
    order = np.argsort(periodes[keep], kind="stable")
    chosen = chosen.iloc[order]
    return chosen.assign(jaar=[int(p[:4]) for p in periodes[keep][order]])


def projection_targets(catalogue: Catalogue) -> dict[str, tuple[Indicator, Streefwaarde]]:
    """Every indicator a target is projected on → (the indicator with the target, the target):
    the indicator itself and the ``maatstaf`` the target is defined on."""
    found: dict[str, tuple[Indicator, Streefwaarde]] = {}
    for indicator in catalogue.indicators:
        target = indicator.streefwaarde
        if target is None:
            continue
        found[indicator.id] = (indicator, target)
        if target.maatstaf:
            found.setdefault(target.maatstaf, (indicator, target))
    return found


def projection_options(indicator: Indicator) -> dict[str, object]:
    """The keywords of :func:`analysis.statistics.projection_to_target` for an indicator: its
    direction (up for an indicator without one), unit and decimals."""
    return {
        "polariteit": (indicator.polariteit if indicator.polariteit != st.NO_JUDGEMENT
                       else st.HIGHER_IS_BETTER),
        "eenheid": "%" if indicator.eenheid == "percent" else "",
        "decimals": indicator.decimalen,
    }


def add_projections(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Indicatief: linear trend towards the catalogue's target, on each area's latest row.

    For every indicator with a streefwaarde and for the ``maatstaf`` it is defined on (both
    rows get the ``streefwaarde``), per area with a report (no gemeenten; only Vlaanderen
    when the target is for Vlaanderen): the projection over every point of the series
    (:func:`projection_series`) and over its last five (``projectie_kort…``).
    """
    out = frame.copy()
    out["streefwaarde"] = np.nan
    for column in TEXT_COLUMNS:
        out[column] = ""
    for column in YEAR_COLUMNS:
        out[column] = np.nan
    found: dict[object, tuple[object, ...]] = {}
    for ident, (_, target) in projection_targets(catalogue).items():
        measure = catalogue[ident]
        # Areas with a report; gemeenten get none (and 300 model fits would cost a second).
        rows = out[(out["indicator"] == ident) & out["waarde"].notna()
                   & (out["geo_type"] != "gemeente")]
        if target.geldt_voor == "vlaanderen":
            rows = rows[rows["geo_type"] == "vlaanderen"]
        out.loc[out["indicator"] == ident, "streefwaarde"] = target.waarde
        options = projection_options(measure)
        for _, series in rows.groupby(["geo_type", "geo"]):
            points = projection_series(series)
            years, values = points["jaar"].to_numpy(), points["waarde"].to_numpy(float)
            full = st.projection_to_target(years, values, target.waarde, **options)
            short = st.projection_to_target(years, values, target.waarde,
                                            last=st.PROJECTION_SHORT_WINDOW, **options)
            found[points.index[-1]] = (
                full["label"], full["venster"], short["label"], short["venster"],
                *(np.nan if y is None else y for y in (
                    full["jaar"], full["jaar_vroegst"], full["jaar_laatst"], short["jaar"])))
    # One assignment per column: a .loc assignment per row costs more than the fits.
    at = list(found)
    for n, column in enumerate((*TEXT_COLUMNS, *YEAR_COLUMNS)):
        out.loc[at, column] = [values[n] for values in found.values()]
    return out
