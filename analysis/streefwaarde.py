"""The report section on a target: its indicative projection in Dutch sentences and a chart.

The catalogue drives it: a ``streefwaarde`` lists in ``projectie`` the geography types whose
report shows it, and names in ``maatstaf`` the indicator the target is defined on. The section
projects the maatstaf first where the area has figures for it, then the indicator itself as a
second, labelled measure (for an area without the maatstaf: the only one, saying why). Per
measure: the window fitted, the year the straight line reaches the target with its 95 %
prediction band, the value it gives in the target year, and the year the last five points
give; one sentence of caveats; a chart (:mod:`analysis.projectiegrafiek`). Where a projection
cannot be computed it says so in one line.

Pure: profile rows and the catalogue in, HTML markup out; every text from a data file is
escaped. The fit is :func:`analysis.statistics.projection_to_target` and
:func:`analysis.statistics.projection_path` on :func:`analysis.projection.projection_series`,
the same as the profile columns ``projectie…``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from analysis import statistics as st
from analysis.catalogue import Catalogue, Indicator, Streefwaarde
from analysis.formatting import format_number, format_value
from analysis.projectiegrafiek import ProjectionLine, projection_chart
from analysis.projection import projection_options, projection_series

#: The horizon of the projections (as :func:`analysis.statistics.projection_to_target`).
HORIZON = 2050
QUARTERS = {"1": "eerste", "2": "tweede", "3": "derde", "4": "vierde"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def targets_for(catalogue: Catalogue, geo_type: str) -> list[Indicator]:
    """The indicators whose target the report of a ``geo_type`` projects, in catalogue order."""
    return [i for i in catalogue.indicators
            if i.streefwaarde is not None and geo_type in i.streefwaarde.projectie]


def measure_name(indicator: Indicator) -> str:
    """The measure as a reader names it: the last part of the catalogue's ``bron`` without a
    parenthesis ("Steunpunt Werk, Vlaamse Arbeidsrekening" → "Vlaamse Arbeidsrekening")."""
    return without_parentheses(indicator.bron.split(",")[-1]).strip()


def without_parentheses(text: str) -> str:
    """``text`` without every ``(…)`` and the spaces before it: ``re.sub(r"\\s*\\([^)]*\\)",
    "", text)``, in one pass. The pattern costs quadratic time on a long text of spaces or of
    ``(`` (each try runs to its end); here, once a ``(`` has no ``)`` after it, none has."""
    parts: list[str] = []
    start = 0
    while (opening := text.find("(", start)) != -1:
        closing = text.find(")", opening)
        if closing == -1:
            break
        parts.append(text[start:opening].rstrip())
        start = closing + 1
    parts.append(text[start:])
    return "".join(parts)


def periode_text(periode: str) -> str:
    """``2022Q3`` → "het derde kwartaal van 2022", ``2022-09`` → "september 2022"."""
    if "Q" in periode:
        return f"het {QUARTERS[periode[-1]]} kwartaal van {periode[:4]}"
    if "-" in periode:
        return f"{MONTHS[int(periode[5:7]) - 1]} {periode[:4]}"
    return periode


def in_sentence(area: str) -> str:
    """An area's name inside a sentence: "Provincie Limburg" → "de provincie Limburg"."""
    return "de provincie " + area.removeprefix("Provincie ") if area.startswith(
        "Provincie ") else area


@dataclass(frozen=True)
class Measure:
    """One measure of the section: its indicator, points and both projections."""

    indicator: Indicator
    points: pd.DataFrame
    full: dict[str, object]
    short: dict[str, object] | None  # None when the series has no more than five points
    path: pd.DataFrame
    short_path: pd.DataFrame

    @property
    def kind(self) -> str:
        """The kind of a series of quarters or months, "" for years: " (telkens het derde
        kwartaal)"."""
        last = str(self.points["periode"].iloc[-1]) if len(self.points) else ""
        if len(last) == 4 or not last:
            return ""
        text = periode_text(last).removesuffix(f" van {last[:4]}").removesuffix(f" {last[:4]}")
        return f" (telkens {text})"


def project(indicator: Indicator, target: Streefwaarde, rows: pd.DataFrame,
            periode: str | None = None) -> Measure:
    """Both projections of one area's rows of one indicator towards ``target``."""
    points = projection_series(rows, periode)
    years, values = points["jaar"].to_numpy(), points["waarde"].to_numpy(float)
    options = {**projection_options(indicator), "horizon": HORIZON,
               "target_year": target.jaar}
    full = st.projection_to_target(years, values, target.waarde, **options)
    longer = len(points) > st.PROJECTION_SHORT_WINDOW
    short = (st.projection_to_target(years, values, target.waarde,
                                     last=st.PROJECTION_SHORT_WINDOW, **options)
             if longer else None)
    path = st.projection_path(years, values, target.jaar)
    short_path = (st.projection_path(years, values, target.jaar,
                                     last=st.PROJECTION_SHORT_WINDOW)
                  if longer else pd.DataFrame())
    return Measure(indicator, points, full, short, path, short_path)


def _value(value: float, indicator: Indicator) -> str:
    return format_value(value, indicator.eenheid, indicator.decimalen)


def _range(low: float, high: float, indicator: Indicator) -> str:
    """A band as displayed: "77,0–79,8 %"."""
    return (f"{format_number(low, indicator.decimalen)}–"
            f"{_value(high, indicator)}")


def _target_text(target: Streefwaarde, indicator: Indicator) -> str:
    return format_value(target.waarde, indicator.eenheid, 0 if target.waarde % 1 == 0
                        else indicator.decimalen)


def outcome(result: dict[str, object], measure: Measure, target: Streefwaarde,
            *, band: bool = True) -> str:
    """What one projection gives, as a clause: "haalt de lineaire trend 80 % rond 2035 (…)"."""
    ind = measure.indicator
    goal = _target_text(target, ind)
    status = result["status"]
    if status == st.PROJECTION_NOT_COMPUTED:
        return (f"geen projectie mogelijk: te weinig punten ({result['n_punten']} van minstens "
                f"{st.PROJECTION_MIN_POINTS})")
    if status == st.PROJECTION_REACHED:
        last = measure.points.iloc[-1]
        return (f"de laatste waarde ({_value(last['waarde'], ind)} in "
                f"{periode_text(str(last['periode']))}) haalt {goal} al")
    if result["jaar"] is not None:
        text = f"haalt de lineaire trend {goal} rond {result['jaar']}"
        if band:
            late = result["jaar_laatst"] if result["jaar_laatst"] is not None else (
                f"na {HORIZON}")
            text += f" (95 %-voorspellingsband: {result['jaar_vroegst']} tot {late})"
        return text
    if float(result["helling"]) * (1 if ind.polariteit != st.LOWER_IS_BETTER else -1) <= 0:
        return f"gaat de lineaire trend niet in de richting van {goal}"
    return f"haalt de lineaire trend {goal} niet vóór {HORIZON}"


def measure_sentence(measure: Measure, target: Streefwaarde) -> str:
    """The sentences of one measure: default window, the target year, the last five points."""
    ind = measure.indicator
    full, points = measure.full, measure.points
    if full["status"] == st.PROJECTION_NOT_COMPUTED:
        if len(points) == 1:
            only = points.iloc[0]
            seen = (f"er is één punt, {_value(only['waarde'], ind)} in "
                    f"{periode_text(str(only['periode']))}")
        else:
            seen = f"er zijn {len(points)} punten"
        return (f"Geen projectie mogelijk: {seen}, en een lineaire trend vraagt er minstens "
                f"{st.PROJECTION_MIN_POINTS}.")
    text = f"Met {full['venster']}{measure.kind} {outcome(full, measure, target)}"
    value = full.get("doeljaar_waarde")
    if full["status"] != st.PROJECTION_REACHED and value is not None and value == value:
        text += (f"; in {target.jaar} geeft die trend {_value(value, ind)} (95 %-"
                 f"voorspellingsband {_range(full['doeljaar_laag'], full['doeljaar_hoog'], ind)})")
    text += "."
    if measure.short is None:
        text += (f" De reeks telt {len(points)} punten: dat venster is ook dat van de laatste "
                 "vijf.")
    else:
        text += (f" Met de laatste vijf jaren ({measure.short['venster']}) "
                 f"{outcome(measure.short, measure, target, band=False)}.")
    return text[0].upper() + text[1:]


def caveat(measures: list[Measure], own: Indicator, base: Indicator | None) -> str:
    """One sentence of caveats: linear extrapolation, the measures (``base``: the maatstaf of
    the target, when another indicator), the window; "" when nothing was projected."""
    fitted = [m for m in measures if m.full["status"] != st.PROJECTION_NOT_COMPUTED]
    if not fitted:
        return ""
    text = ("Kanttekening: dit is een lineaire extrapolatie, geen prognose; ze veronderstelt "
            f"dat de groei van {fitted[0].full['venster']} ongewijzigd doorgaat")
    if base is not None:
        text += (f"; de streefwaarde steunt op de {measure_name(base)}, die de "
                 f"{own.titel.lower()} anders meet dan de {measure_name(own)}, dus een jaar op "
                 "de ene maatstaf geldt niet voor de andere")
    shown = any(m.short is not None for m in fitted)
    return text + ("; en een ander venster geeft een ander jaar"
                   + (", zoals de laatste vijf jaren tonen." if shown else "."))


def section_markup(rows: pd.DataFrame, catalogue: Catalogue, area: str, geo_type: str,
                   periode: str | None = None) -> str:
    """The whole section for one area (its profile ``rows``), or "" when its type has none."""
    parts = []
    for own in targets_for(catalogue, geo_type):
        target = own.streefwaarde
        assert target is not None  # targets_for keeps only indicators with one
        parts.append(_target_block(rows, catalogue, area, own, target, periode))
    return "".join(parts)


def _target_block(rows: pd.DataFrame, catalogue: Catalogue, area: str, own: Indicator,
                  target: Streefwaarde, periode: str | None) -> str:
    goal = _target_text(target, own)
    measures: list[Measure] = []
    base = catalogue[target.maatstaf] if target.maatstaf else None
    base_rows = rows[rows["indicator"] == base.id] if base is not None else rows.iloc[0:0]
    if base is not None and base_rows["waarde"].notna().any():
        measures.append(project(base, target, base_rows, periode))
    own_rows = rows[rows["indicator"] == own.id]
    if own_rows["waarde"].notna().any():
        measures.append(project(own, target, own_rows, periode))
    head = (f"<h2 id='{esc(own.id)}-streefwaarde'>Naar {esc(goal)} {esc(own.titel.lower())} in "
            f"{target.jaar}: indicatieve projectie</h2>")
    defined = (f", gemeten met de {esc(measure_name(base))}" if base is not None else "")
    intro = (f"<p><span class='tag tag-niet'>indicatief</span> De streefwaarde is {esc(goal)} "
             f"{esc(own.titel.lower())} in {target.jaar} ({esc(target.bron)}){defined}. Een "
             f"rechte lijn door de cijfers van {esc(in_sentence(area))} tot {target.jaar} "
             "toont wanneer die waarde bij een onveranderde trend bereikt wordt.</p>")
    if not measures:
        return head + intro + (f"<p class='geen'>Geen projectie voor {esc(in_sentence(area))}: "
                               "er zijn geen "
                               f"cijfers van de {esc(own.titel.lower())}.</p>")
    items = []
    for n, measure in enumerate(measures):
        name = measure_name(measure.indicator)
        if base is not None and measure.indicator.id == base.id:
            role = "de maatstaf van de streefwaarde"
        elif base is not None and n > 0:
            role = "tweede maatstaf, niet die van de streefwaarde"
        elif base is not None:
            role = (f"de {measure_name(base)}, waarop de streefwaarde steunt, heeft geen cijfers "
                    f"voor {in_sentence(area)}")
        else:
            role = ""
        label = f"{name} ({role})" if role else name
        items.append(f"<li><strong>{esc(label)}:</strong> "
                     f"{esc(measure_sentence(measure, target))}</li>")
    note = caveat(measures, own, base)
    body = (f"<ul class='projectie'>{''.join(items)}</ul>"
            + (f"<p class='toelichting'>{esc(note)}</p>" if note else ""))
    chart = _chart(measures, target, own, area)
    return head + intro + body + chart


def _chart(measures: list[Measure], target: Streefwaarde, own: Indicator, area: str) -> str:
    if not any(len(m.path) for m in measures):
        return ""
    lines = []
    for m in measures:
        short_window = m.short["venster"] if m.short else ""
        lines.append(ProjectionLine(
            label=measure_name(m.indicator), points=m.points[["jaar", "waarde"]],
            path=m.path, short=m.short_path, venster=str(m.full["venster"]),
            kort_venster=str(short_window)))
    goal = _target_text(target, own)
    findings = []
    alt = [f"Lijngrafiek van de {own.titel.lower()} van {in_sentence(area)} met de "
           f"streefwaarde {goal} "
           f"in {target.jaar} als horizontale lijn."]
    for m in measures:
        name = measure_name(m.indicator)
        if m.full["status"] == st.PROJECTION_NOT_COMPUTED:
            alt.append(f"{name}: {len(m.points)} punt(en), geen trend.")
            continue
        first, last = m.points.iloc[0], m.points.iloc[-1]
        alt.append(f"{name}: van {_value(first['waarde'], m.indicator)} in {first['periode']} "
                   f"tot {_value(last['waarde'], m.indicator)} in {last['periode']}, "
                   f"met de lineaire trend van {m.full['venster']} en zijn 95 %-"
                   f"voorspellingsband doorgetrokken tot {target.jaar}.")
        found = f"op de {name} {goal} rond {m.full['jaar']} met {m.full['venster']}" if (
            m.full["jaar"] is not None) else f"op de {name} {outcome(m.full, m, target)}"
        if m.short is not None and m.short["jaar"] is not None:
            found += f", rond {m.short['jaar']} met de laatste vijf jaren"
        findings.append(found)
    title = f"{area}, indicatief: " + "; ".join(findings)
    return projection_chart(lines, target=target.waarde, target_year=target.jaar,
                            unit=own.eenheid, decimals=own.decimalen, title=title,
                            alt=" ".join(alt))._repr_html_()
