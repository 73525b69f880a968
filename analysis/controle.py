"""The check of a project report: every published figure against the one computed from the
actions (:func:`check_summary`).

Totals come from :mod:`analysis.projecten`, never from the summary; a share computed from
counts is compared at its published precision (:mod:`analysis.aandelen`).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd

from analysis.aandelen import PublishedShare, difference, share_of_value, shown_decimals
from analysis.projecten import (
    Aandeel,
    Project,
    Uitstroomgroep,
    exact_decimal,
    outflow_sum,
    project_totals,
)
from analysis.statistics import round_half_up

__all__ = ["CHECK_COLUMNS", "IN_TEXT", "check_summary"]

#: The suffix of a share checked in an action's own text (the summary may repeat it).
IN_TEXT = " in de tekst van de actie"

CHECK_COLUMNS = (
    "niveau", "grootheid", "eenheid", "gepubliceerd", "berekend", "verschil", "klopt", "afgeleid",
    "gepubliceerd_als", "marge", "berekening", "decimalen",
)  # fmt: skip


def check_summary(project: Project) -> pd.DataFrame:
    """Compare every figure of the published summary with the figure computed from the actions.

    One row per published figure: ``niveau`` (``project``, ``personeel`` or ``actie n``),
    ``grootheid``, ``eenheid`` (personen, euro, procent, or the streefcijfer's unit),
    ``gepubliceerd``, ``berekend``, ``verschil`` = gepubliceerd − berekend, ``klopt``
    (verschil is 0) and ``afgeleid`` (the computed figure rests on a derived figure).

    A share computed from counts (the share spent; an outflow share with a ``teller``) is
    compared at its published precision (:mod:`analysis.aandelen`): "53 %" against 7/15 =
    46,7 % does not hold, "zo'n 6 op 10" against 54/95 = 56,8 % does (55–65 %). Such a row
    also gives ``gepubliceerd_als`` (the wording), ``marge`` (the range it stands for, for a
    wording), ``berekening`` ("7/15") and ``decimalen`` (of the computed share as shown: one,
    or the published precision where that is finer); ``verschil`` is then in procentpunt from
    the values as shown. Every published outflow share with a ``teller`` is checked, in the
    summary and in the action. Differences are shown, never hidden (e.g. 8 vs 7 doorstroom
    naar werk in seed 000).
    """
    totals = project_totals(project)
    s = project.samenvatting
    rows: list[dict[str, Any]] = []

    def add(niveau: str, grootheid: str, eenheid: str, published: Any, computed: Any,
            derived: bool = False) -> None:
        if published is None:
            return
        diff = None if computed is None else _difference(published, computed)
        rows.append({
            "niveau": niveau, "grootheid": grootheid, "eenheid": eenheid,
            "gepubliceerd": published, "berekend": computed, "verschil": diff,
            "klopt": diff is not None and diff == 0, "afgeleid": derived,
            "gepubliceerd_als": None, "marge": None, "berekening": None, "decimalen": None,
        })

    def add_share(niveau: str, grootheid: str, published: PublishedShare,
                  computed: Fraction | None, berekening: str | None,
                  derived: bool = False) -> None:
        decimals = shown_decimals(published)
        rows.append({
            "niveau": niveau, "grootheid": grootheid, "eenheid": "procent",
            "gepubliceerd": float(published.nominal),
            "berekend": None if computed is None else round_half_up(float(computed), decimals),
            "verschil": None if computed is None else difference(published, computed),
            "klopt": computed is not None and published.holds(computed), "afgeleid": derived,
            "gepubliceerd_als": published.text if published.approximate else None,
            "marge": published.range_text() if published.approximate else None,
            "berekening": berekening, "decimalen": decimals,
        })

    add("project", "unieke deelnemers", "personen", s.totaal_uniek, totals.uniek)
    add("project", "budget voorzien", "euro", s.totaal_voorzien, totals.voorzien,
        totals.voorzien_afgeleid)
    add("project", "budget besteed", "euro", s.totaal_besteed, totals.besteed,
        totals.besteed_afgeleid)
    if s.aandeel_besteed is not None:
        known = totals.besteed is not None and totals.voorzien
        add_share("project", "aandeel besteed", share_of_value(s.aandeel_besteed),
                  Fraction(totals.besteed) / Fraction(totals.voorzien) * 100  # type: ignore[arg-type]
                  if known else None, None, totals.voorzien_afgeleid or totals.besteed_afgeleid)
    add("project", "uitstroom naar werk", "personen", s.totaal_naar_werk, totals.naar_werk)
    if s.personeel is not None:
        p = project.personeel
        derived = p is not None and p.bron == "afgeleid"
        add("personeel", "budget voorzien", "euro", s.personeel.voorzien,
            p.voorzien if p else None, derived)
        add("personeel", "budget besteed", "euro", s.personeel.besteed,
            p.besteed if p else None, derived)
    for row in s.acties:
        actie = project.actie(row.actie)
        if actie is None:  # excluded by build_project
            continue
        niveau = f"actie {actie.nummer}"
        for published in row.streefcijfers:
            target = actie.streefcijfer(published.omschrijving)
            eenheid = target.eenheid if target else "personen"
            add(niveau, f"streefwaarde '{published.omschrijving}'", eenheid,
                published.streefwaarde, target.streefwaarde if target else None)
            add(niveau, f"realisatie '{published.omschrijving}'", eenheid,
                published.realisatie, target.realisatie if target else None)
        add(niveau, "uitstroom naar werk", "personen", row.naar_werk, actie.naar_werk)
        add(niveau, "uitstroom naar opleiding", "personen", row.naar_opleiding,
            outflow_sum(actie, "naar_opleiding"))
        add(niveau, "basis van de uitstroom", "personen", row.basis_uitstroom,
            outflow_sum(actie, "basis"))
        groups = {a.omschrijving: (g, a) for g in actie.uitstroom for a in g.aandelen}
        for share in row.aandelen:
            group, own = groups.get(share.omschrijving, (None, None))
            if group is not None and own is not None and own.teller is not None:
                add_share(niveau, f"aandeel '{share.omschrijving}'", share.gepubliceerd,
                          group.berekend(own), _fraction_text(group, own))
            else:  # nothing to compute it from: the summary against the action as published
                add(niveau, f"aandeel '{share.omschrijving}'", "procent",
                    float(share.gepubliceerd.nominal),
                    float(own.gepubliceerd.nominal) if own is not None else None)
        profile = {p.sleutel: p for p in actie.profiel}
        for item in row.profiel:
            own = profile.get(item.sleutel)
            groep = f" ({item.groep})" if item.groep else ""
            add(niveau, f"profiel {item.kenmerk}: {item.categorie}{groep}", item.eenheid,
                item.waarde, own.waarde if own is not None else None)
        add(niveau, "budget voorzien", "euro", row.voorzien, actie.budget.totaal_voorzien)
        add(niveau, "budget besteed", "euro", row.besteed, actie.budget.totaal_besteed)
    for actie in project.acties:
        for group in actie.uitstroom:
            for share in group.aandelen:
                if share.teller is not None:
                    add_share(f"actie {actie.nummer}",
                              f"aandeel '{share.omschrijving}'{IN_TEXT}",
                              share.gepubliceerd, group.berekend(share),
                              _fraction_text(group, share))
    return pd.DataFrame.from_records(rows, columns=list(CHECK_COLUMNS))


def _fraction_text(group: Uitstroomgroep, share: Aandeel) -> str:
    """``7/15``: the counts a share is computed from."""
    return f"{getattr(group, share.teller)}/{group.basis}"  # type: ignore[arg-type]


def _difference(published: Any, computed: Any) -> int | float | Decimal:
    if isinstance(published, Decimal) or isinstance(computed, Decimal):
        return exact_decimal(published) - exact_decimal(computed)
    if isinstance(published, int) and isinstance(computed, int):
        return published - computed
    return round_half_up(float(published) - float(computed), 2)
