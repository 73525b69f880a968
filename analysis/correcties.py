"""Corrections on the published rapportage: the published figure beside the computed one, and why.

``data/published/cijfers.csv`` holds every figure of the rapportage of December 2022 (seed 003)
as printed, one per row; a row the rapportage contradicts itself on is ``inconsistent`` and its
``reden`` says why (``data/published/LEESMIJ.md``). This module

* validates those rows (:func:`validate_published`, pydantic, ``extra="forbid"``): the Dutch
  messages name the spreadsheet row and the column, the reader in :mod:`analysis.io` adds the
  file;
* computes, for every inconsistent row, what the package makes of it (:func:`compute`): the SO
  table from the SO status per gemeente (:func:`analysis.kwalitatief.so_summary`), a percentage
  from its published teller and noemer, a printed difference from the two published values it
  compares, and for a group that no reference table holds (the centrumsteden without Antwerpen
  and Gent, Vlaanderen without the centrumsteden) what the published figures imply beside the
  bound the published city figures allow, weighted with the noemers of the profile;
* renders the box "Correcties op de rapportage van december 2022" (:func:`box_html`), the
  marks of a corrected SO cell with the reasons under the table (:func:`so_cell`,
  :func:`reasons_html`) and the note under a corrected figure of an area's own indicator
  (:func:`figure_note_html`). Every text from the data is escaped.

Pure: no file is read here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal, get_args

import pandas as pd
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from analysis import formatting as fmt
from analysis.catalogue import Catalogue
from analysis.geography import VLAANDEREN_CODE, GeoError, Geography
from analysis.kwalitatief import MOMENT_LABELS, MOMENTS, SoStatus, so_summary

__all__ = [
    "BOX_ID",
    "BOX_TITLE",
    "COMPOSITES",
    "Cijfer",
    "Correctie",
    "Gepubliceerd",
    "box_html",
    "compute",
    "figure_note_html",
    "reasons_html",
    "so_cell",
    "so_indicator",
    "so_note",
    "so_source",
    "validate_published",
]

BOX_TITLE = "Correcties op de rapportage van december 2022"
BOX_ID = "correcties"

Veld = Literal[
    "waarde", "teller", "noemer", "ondergrens", "bovengrens", "ongeveer", "verschil_1j",
    "verschil_2j", "streefwaarde", "aandeel_vlaanderen", "aandeel_vlaanderen_bovengrens",
]  # fmt: skip
PERIODE = r"^\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$"
NUMBER = r"^-?\d+(\.\d+)?$"

#: Groups of gemeenten the rapportage reports on that no reference table holds (LEESMIJ.md,
#: "Samengestelde groepen"): code → (Dutch label, centrumsteden left out; None: the group is
#: Vlaanderen without all centrumsteden).
COMPOSITES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "CS_ZONDER_ANT_GENT": ("de 11 centrumsteden zonder Antwerpen en Gent", ("11002", "44021")),
    "VL_ZONDER_CS": ("de Vlaamse gemeenten zonder de centrumsteden", None),
}
#: SO table columns of :func:`analysis.kwalitatief.so_summary` per catalogue ``niveau``.
SO_LEVELS: dict[str, str] = {"gemeente": "gemeenten", "regiegebied": "regiegebieden"}
VELD_LABELS: dict[str, str] = {
    "teller": "teller", "noemer": "noemer", "verschil_1j": "verschil met een jaar eerder",
    "verschil_2j": "verschil met twee jaar eerder", "ondergrens": "ondergrens",
    "bovengrens": "bovengrens", "ongeveer": "benadering", "streefwaarde": "streefwaarde",
}
_LABELS: dict[str, str] = {
    "indicator": "indicator", "geo": "geo", "periode": "periode (2019, 2022Q4 of 2022-09)",
    "veld": "veld", "waarde": "getal met een punt als decimaalteken",
    "decimalen": "aantal decimalen (0-3)", "eenheid": "eenheid", "status": "status",
}
_RULE = "correcties_regel"


# --------------------------------------------------------------------------------------------
# Validation


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Cijfer(BaseModel):
    """One published figure of ``data/published/cijfers.csv`` (LEESMIJ.md explains each key)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: Text
    geo: Text
    periode: Annotated[str, StringConstraints(pattern=PERIODE)]
    veld: Veld
    waarde: Annotated[str, StringConstraints(pattern=NUMBER)]
    decimalen: Annotated[str, StringConstraints(pattern=r"^[0-3]$")]
    eenheid: Literal["percent", "aantal"]
    sectie: Text
    bron: Text
    citaat: Text
    status: Literal["consistent", "inconsistent"]
    reden: str
    #: The row as a spreadsheet shows it (the header is row 1).
    rij: int = 0

    @model_validator(mode="after")
    def _rules(self) -> Cijfer:
        broken = []
        shown = len(self.waarde.partition(".")[2])
        if shown != int(self.decimalen):
            word = "decimaal" if shown == 1 else "decimalen"
            broken.append(("waarde", f"'{self.waarde}' heeft {shown} {word}, de kolom "
                                     f"'decimalen' zegt {self.decimalen}"))
        if self.status == "inconsistent" and not self.reden.strip():
            broken.append(("reden", "ontbreekt: een inconsistent cijfer zegt waarom"))
        if self.status == "consistent" and self.reden.strip():
            broken.append(("reden", "moet leeg zijn bij een consistent cijfer"))
        if broken:
            raise PydanticCustomError(_RULE, "{m}", {"m": "; ".join(m for _, m in broken),
                                                     "regels": tuple(broken)})
        return self

    @property
    def number(self) -> Decimal:
        return Decimal(self.waarde)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.indicator, self.geo, self.periode, self.veld


def validate_published(
    frame: pd.DataFrame, indicators: Collection[str] | None = None
) -> tuple[list[Cijfer], list[tuple[int, str | None, str]]]:
    """The valid rows of the published table and its problems as (row, column, Dutch message).

    ``frame`` is :func:`analysis.io.read_published` (text, the header on row 1). ``indicators``:
    the catalogue ids a row may name. Also refused: a figure given twice (same indicator, geo,
    periode and veld) among the consistent rows.
    """
    rows: list[Cijfer] = []
    problems: list[tuple[int, str | None, str]] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for position, record in enumerate(frame.to_dict("records")):
        rij = position + 2
        try:
            row = Cijfer.model_validate({**record, "rij": rij})
        except ValidationError as error:
            problems += [(rij, column, message) for column, message in _messages(error)]
            continue
        if indicators is not None and row.indicator not in indicators:
            problems.append((rij, "indicator", f"'{row.indicator}' staat niet in de catalogus"))
            continue
        if row.status == "consistent":
            if row.key in seen:
                problems.append((rij, "veld", f"{' · '.join(row.key)} staat al op rij "
                                              f"{seen[row.key]}"))
                continue
            seen[row.key] = rij
        rows.append(row)
    return rows, problems


def _messages(error: ValidationError) -> Iterable[tuple[str | None, str]]:
    for detail in error.errors():
        column = str(detail["loc"][0]) if detail["loc"] else None
        kind, value = detail["type"], detail.get("input")
        if kind == _RULE:
            yield from detail["ctx"]["regels"]
        elif kind == "missing":
            yield column, "ontbreekt"
        elif kind == "string_too_short":
            yield column, "is leeg"
        elif kind == "literal_error":
            allowed = ", ".join(f"'{v}'" for v in _allowed(column))
            yield column, f"'{value}' is geen toegestane waarde (toegestaan: {allowed})"
        elif kind == "extra_forbidden":
            yield column, "onbekende kolom"
        else:
            yield column, f"'{value}' is geen geldige {_LABELS.get(str(column), 'waarde')}"


def _allowed(column: str | None) -> tuple[str, ...]:
    annotation = Cijfer.model_fields[str(column)].annotation if column else None
    return tuple(str(v) for v in get_args(annotation))


# --------------------------------------------------------------------------------------------
# Computation


@dataclass(frozen=True)
class Correctie:
    """One inconsistent published figure: where, as printed, as computed here, and why.

    ``berekend_waarde`` is the computed number in the unit of the published one (None when the
    package cannot compute it from the inputs at hand; ``berekend`` then says so).
    """

    cijfer: Cijfer
    titel: str
    gebied: str
    figuur: str
    gepubliceerd: str
    berekend: str
    berekend_waarde: Decimal | None

    @property
    def reden(self) -> str:
        return self.cijfer.reden

    @property
    def plaats(self) -> str:
        """The area and the figure: "Provincie Antwerpen, op 1/1/2023, noemer"."""
        return f"{self.gebied}, {self.figuur}"


@dataclass(frozen=True)
class Gepubliceerd:
    """The published figures and the corrections the package makes to them."""

    rows: tuple[Cijfer, ...]
    correcties: tuple[Correctie, ...]

    def find(self, indicator: str, geo: str, periode: str, veld: str) -> Cijfer | None:
        """The published row of one figure (the consistent one when both exist)."""
        found = [r for r in self.rows if r.key == (indicator, geo, periode, veld)]
        return min(found, key=lambda r: r.status != "consistent") if found else None

    def correctie(self, indicator: str, geo: str, periode: str, veld: str
                  ) -> Correctie | None:
        """The correction of one published figure, if it is inconsistent."""
        return next((c for c in self.correcties
                     if c.cijfer.key == (indicator, geo, periode, veld)), None)


def so_indicator(catalogue: Catalogue, niveau: str) -> str | None:
    """The catalogue id of the SO reference table counted per ``niveau`` (gemeente, regiegebied)."""
    return next((i.id for i in catalogue.indicators
                 if i.soort == "referentietabel" and i.niveau == niveau
                 and i.niveau in SO_LEVELS), None)


def compute(rows: Sequence[Cijfer], catalogue: Catalogue, geography: Geography,
            so_status: SoStatus | None, profile: pd.DataFrame) -> Gepubliceerd:
    """Every inconsistent row with its computed counterpart, in the order of the file."""
    context = _Context(rows, catalogue, geography, so_status, profile)
    corrections = tuple(context.correction(row) for row in rows if row.status == "inconsistent")
    return Gepubliceerd(tuple(rows), corrections)


class _Context:
    def __init__(self, rows: Sequence[Cijfer], catalogue: Catalogue, geography: Geography,
                 so_status: SoStatus | None, profile: pd.DataFrame) -> None:
        self.rows = {r.key: r for r in rows if r.status == "consistent"}
        self.all = {r.key: r for r in rows}
        self.catalogue = catalogue
        self.geography = geography
        self.so_status = so_status
        self.grenzen = so_status.grenzen if so_status is not None else "2024"
        self.profile = profile
        self._so: dict[str, pd.DataFrame] = {}

    # -- what and where

    def correction(self, row: Cijfer) -> Correctie:
        indicator = next((i for i in self.catalogue if i.id == row.indicator), None)
        titel = indicator.titel if indicator else row.indicator
        computed: tuple[str, Decimal | None]
        if indicator is not None and indicator.soort == "referentietabel":
            computed = self._so_cell(row, indicator.niveau)
        elif row.geo in COMPOSITES:
            computed = self._composite(row)
        elif row.veld in ("verschil_1j", "verschil_2j"):
            computed = self._difference(row)
        elif row.veld == "waarde" and row.eenheid == "percent":
            computed = self._ratio(row)
        else:
            computed = ("", None)
        text, value = computed
        return Correctie(
            cijfer=row, titel=titel, gebied=self._geo_name(row.geo), figuur=self._figure(row),
            gepubliceerd=self._published_text(row),
            berekend=text or "niet na te rekenen met deze gegevens; zie de reden",
            berekend_waarde=value)

    def _geo_name(self, code: str) -> str:
        if code in COMPOSITES:
            return COMPOSITES[code][0]
        try:
            return self.geography.resolve(code, self.grenzen).naam
        except GeoError:
            return code

    def _periode_label(self, row: Cijfer) -> str:
        if row.periode in MOMENTS and row.indicator in {
                i.id for i in self.catalogue.indicators if i.soort == "referentietabel"}:
            return MOMENT_LABELS[row.periode]
        if "Q" in row.periode:
            return f"Q{row.periode[-1]} {row.periode[:4]}"
        return row.periode

    def _figure(self, row: Cijfer) -> str:
        parts = [self._periode_label(row)]
        if row.veld in VELD_LABELS:
            parts.append(VELD_LABELS[row.veld])
        return ", ".join(parts)

    def _published_text(self, row: Cijfer) -> str:
        text = _shown(row.number, row.eenheid, int(row.decimalen),
                      signed=row.veld.startswith("verschil"))
        if row.veld == "waarde" and row.eenheid == "percent":
            pair = self._pair(self.all, row)
            if pair is not None:
                text += f" ({pair[0].waarde}/{pair[1].waarde})" if row.indicator in self._so_ids \
                    else f" ({_count(pair[0].number)} / {_count(pair[1].number)})"
        return text

    @property
    def _so_ids(self) -> set[str]:
        return {i.id for i in self.catalogue.indicators if i.soort == "referentietabel"}

    @staticmethod
    def _pair(rows: Mapping[tuple[str, str, str, str], Cijfer], row: Cijfer
              ) -> tuple[Cijfer, Cijfer] | None:
        teller = rows.get((row.indicator, row.geo, row.periode, "teller"))
        noemer = rows.get((row.indicator, row.geo, row.periode, "noemer"))
        return (teller, noemer) if teller is not None and noemer is not None else None

    # -- the computations

    def _so_cell(self, row: Cijfer, niveau: str) -> tuple[str, Decimal | None]:
        """Tabel 1 counted from the SO status per gemeente (or regiegebied)."""
        prefix = SO_LEVELS.get(niveau)
        if self.so_status is None or prefix is None or row.periode not in MOMENTS:
            return "", None
        if row.periode not in self._so:
            self._so[row.periode] = so_summary(self.so_status, self.geography, self.grenzen,
                                               row.periode).set_index("code")
        table = self._so[row.periode]
        if row.geo not in table.index:
            return "", None
        cell = table.loc[row.geo]
        n, total = int(cell[f"{prefix}_getekend"]), int(cell[f"{prefix}_totaal"])
        if row.veld == "teller":
            return (f"{n} ({n}/{total}, de som van de status per {niveau})", Decimal(n))
        if row.veld == "noemer":
            return f"{total} {prefix} ({n}/{total})", Decimal(total)
        pct = _percent(Decimal(n), Decimal(total))
        return self._percent_text(pct, int(row.decimalen), f"{n}/{total}"), pct

    def _ratio(self, row: Cijfer) -> tuple[str, Decimal | None]:
        """A percentage from its own published teller and noemer."""
        pair = self._pair(self.rows, row)
        if pair is None:
            return "", None
        pct = _percent(pair[0].number, pair[1].number)
        return self._percent_text(
            pct, int(row.decimalen),
            f"{_count(pair[0].number)} / {_count(pair[1].number)}"), pct

    @staticmethod
    def _percent_text(pct: Decimal, decimals: int, fraction: str) -> str:
        one = fmt.format_value(float(pct), "percent", 1)
        text = f"{one} ({fraction})"
        if decimals < 1:
            text += f", afgerond {fmt.format_value(float(pct), 'percent', decimals)}"
        return text

    def _difference(self, row: Cijfer) -> tuple[str, Decimal | None]:
        """A printed difference recomputed from the two published values it compares."""
        years = 1 if row.veld == "verschil_1j" else 2
        earlier = f"{int(row.periode[:4]) - years}{row.periode[4:]}"
        now = self.rows.get((row.indicator, row.geo, row.periode, "waarde"))
        then = self.rows.get((row.indicator, row.geo, earlier, "waarde"))
        if now is None or then is None:
            return "", None
        diff = now.number - then.number
        decimals = max(int(now.decimalen), int(then.decimalen), 1)
        if row.eenheid == "percent":
            text = (f"{fmt.format_change(float(diff), 'percent', decimals)} "
                    f"({_plain(then)} → {_plain(now)} %); relatief "
                    f"{fmt.format_change(float(diff / then.number * 100), 'aantal', 1)}")
        else:
            text = (f"{fmt.format_change(float(diff / then.number * 100), 'aantal', 1)} "
                    f"({_count(then.number)} → {_count(now.number)})")
        return text, diff

    def _composite(self, row: Cijfer) -> tuple[str, Decimal | None]:
        """What a published value of a composite group implies, beside what the published
        city values of the same indicator and periode allow (their upper bounds, weighted with
        the noemers of the profile)."""
        label, left_out = COMPOSITES[row.geo]
        cities = self._city_bounds(row)
        whole = self.rows.get((row.indicator, VLAANDEREN_CODE, row.periode, "waarde"))
        n_flanders = self._noemer(VLAANDEREN_CODE, "vlaanderen", row)
        if cities is None or row.veld != "waarde":
            return "", None
        if left_out is not None:
            weighted, weight = _weighted({c: v for c, v in cities.items() if c not in left_out})
            bound = weighted / weight
            return (f"hoogstens {_pct1(bound)}: zo hoog komen {label} samen met de "
                    f"stadscijfers van de rapportage ({self._weight(row)})", bound)
        if whole is None or n_flanders is None:
            return "", None
        weighted, n_cities = _weighted(cities)
        bound = weighted / n_cities
        rest = n_flanders - n_cities
        total = whole.number * n_flanders
        implied_cities = (total - row.number * rest) / n_cities
        rest_needed = (total - weighted) / rest
        whole_then = (weighted + row.number * rest) / n_flanders
        return (f"naast {_plain(whole)} % voor Vlaanderen betekent {_plain(row)} % dat de 13 "
                f"centrumsteden samen {_pct1(implied_cities)} halen; hun stadscijfers geven "
                f"hoogstens {_pct1(bound)} ({self._weight(row)}). Dan halen {label} minstens "
                f"{_pct1(rest_needed)}; met {_plain(row)} % zou Vlaanderen hoogstens "
                f"{_pct1(whole_then)} halen", rest_needed)

    def _weight(self, row: Cijfer) -> str:
        """What the city values are weighted with: the noemer of the indicator, in words."""
        indicator = next((i for i in self.catalogue if i.id == row.indicator), None)
        noemer = (indicator.noemer if indicator else None) or "de noemer"
        return f"bovengrenzen, gewogen met de {noemer[0].lower()}{noemer[1:]} in de gegevens"

    def _city_bounds(self, row: Cijfer) -> dict[str, tuple[Decimal, Decimal]] | None:
        """Per centrumstad (upper bound of its published value, its noemer), or None when one
        of them lacks either."""
        cities = self.geography.geographies("centrumstad", self.grenzen)["code"]
        found = {}
        for code in cities:
            bound = next((r.number for veld in ("waarde", "bovengrens", "ongeveer")
                          if (r := self.rows.get((row.indicator, code, row.periode, veld)))),
                         None)
            noemer = self._noemer(code, "centrumstad", row)
            if bound is None or noemer is None:
                return None
            found[code] = (bound, noemer)
        return found

    def _noemer(self, code: str, geo_type: str, row: Cijfer) -> Decimal | None:
        p = self.profile
        hit = p.loc[(p["indicator"] == row.indicator) & (p["geo"] == code)
                    & (p["geo_type"] == geo_type) & (p["periode"] == row.periode), "noemer"]
        if hit.empty or pd.isna(hit.iloc[0]) or float(hit.iloc[0]) <= 0:
            return None
        return Decimal(repr(float(hit.iloc[0])))


def _percent(teller: Decimal, noemer: Decimal) -> Decimal:
    return teller * 100 / noemer


def _weighted(values: Mapping[str, tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal]:
    """(Σ value × noemer, Σ noemer): the weighted sum is kept whole, divided only once."""
    return (sum((v * n for v, n in values.values()), Decimal(0)),
            sum((n for _, n in values.values()), Decimal(0)))


def _pct1(value: Decimal) -> str:
    return fmt.format_value(float(value), "percent", 1)


def _plain(row: Cijfer) -> str:
    return fmt.format_number(float(row.number), int(row.decimalen))


def _count(value: Decimal) -> str:
    return fmt.format_number(float(value), 0)


def _shown(value: Decimal, unit: str, decimals: int, signed: bool = False) -> str:
    text = fmt.format_value(float(abs(value) if signed else value), unit, decimals)
    if signed:
        text = ("+" if value > 0 else fmt.MINUS if value < 0 else "") + text
    return text


# --------------------------------------------------------------------------------------------
# HTML


def _esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _cell(text: object) -> str:
    """Escaped, with a figure and its % sign kept on one line (no-break space)."""
    return _NUMBER_UNIT.sub("\\1\u00a0%", _esc(text))


_NUMBER_UNIT = re.compile(r"(\d) %")


def box_html(published: Gepubliceerd, secties: Collection[str] | None = None,
             level: int = 3) -> str:
    """The box "Correcties op de rapportage van december 2022": per corrected passage (one
    quotation of one area) where it is, the published and the computed figures, and why;
    ``secties`` limits it to those sections of the rapportage (all when None). Empty when
    there is nothing to show."""
    chosen = [c for c in published.correcties if secties is None or c.cijfer.sectie in secties]
    if not chosen:
        return ""
    passages: dict[tuple[str, str, str, str], list[Correctie]] = {}
    for c in chosen:
        passages.setdefault((c.cijfer.sectie, c.titel, c.gebied, c.cijfer.citaat), []).append(c)
    rows = []
    for (sectie, titel, gebied, citaat), found in passages.items():
        def lines(attribute: str, found: list[Correctie] = found) -> str:
            if len(found) == 1:
                return _cell(getattr(found[0], attribute))
            return "<br>".join(f"<span class='plaats'>{_esc(c.figuur)}:</span> "
                               f"{_cell(getattr(c, attribute))}" for c in found)

        where = f"{gebied}, {found[0].figuur}" if len(found) == 1 else gebied
        reasons = "<br>".join(_cell(r) for r in dict.fromkeys(c.reden for c in found))
        rows.append(
            f"<tr><th scope='row'>{_esc(sectie)} · {_esc(titel)}<br>"
            f"<span class='plaats'>{_esc(where)}</span><br>"
            f"<q class='citaat'>{_esc(citaat)}</q></th>"
            f"<td class='gepubliceerd'>{lines('gepubliceerd')}</td>"
            f"<td class='berekend'>{lines('berekend')}</td>"
            f"<td class='reden'>{reasons}</td></tr>")
    return (
        f"<aside class='correcties' role='note'>"
        f"<h{level} id='{BOX_ID}'>{_esc(BOX_TITLE)}</h{level}>"
        f"<p>De rapportage van december 2022 (VVSG/VDAB, maart 2023) drukt {len(chosen)} "
        "cijfers die niet kloppen met andere cijfers in dezelfde rapportage of met de "
        "referentietabellen. Ze zijn hier niet in stilte verbeterd: per passage staat wat "
        "gedrukt werd, wat het pakket berekent en waarom. Waar een tabel van dit rapport het "
        "berekende cijfer toont, staat het gepubliceerde erbij.</p>"
        "<table class='correcties'><thead><tr><th scope='col'>Waar in de rapportage</th>"
        "<th scope='col'>Gepubliceerd</th><th scope='col'>Berekend</th>"
        "<th scope='col'>Waarom</th></tr></thead><tbody>" + "".join(rows)
        + "</tbody></table></aside>")


def so_cell(shown: str, published: Gepubliceerd | None, indicator: str | None, geo: str,
            moment: str, velden: Sequence[str]) -> tuple[str, list[Correctie]]:
    """A cell of the SO table (already escaped text ``shown``) with the published value beside
    it when one of ``velden`` of that figure is corrected, and the corrections that apply."""
    if published is None or indicator is None:
        return shown, []
    found = [c for veld in velden
             if (c := published.correctie(indicator, geo, moment, veld)) is not None]
    if not found:
        return shown, []
    if "waarde" in velden:
        printed = published.find(indicator, geo, moment, "waarde")
        text = _shown(printed.number, printed.eenheid, int(printed.decimalen)) if printed else ""
    else:
        parts = [published.find(indicator, geo, moment, v) for v in velden]
        text = "/".join(p.waarde for p in parts if p is not None)
    return (f"{shown}<span class='gecorrigeerd'>*</span><br><span class='gepubliceerd'>"
            f"(gepubliceerd: {_esc(text)})</span>", found)


def figure_note_html(published: Gepubliceerd | None, indicator: str, geo: str,
                     periode: str) -> str:
    """Under an indicator's figure: what the rapportage of December 2022 printed for it where
    that is inconsistent, beside what the package computes, and why (empty when nothing is)."""
    if published is None:
        return ""
    found = [c for c in published.correcties
             if c.cijfer.indicator == indicator and c.cijfer.geo == geo
             and c.cijfer.periode == periode]
    return "".join(
        f"<p class='correctie'><strong>Correctie op de rapportage van december 2022"
        f"</strong> ({_esc(c.figuur)}): gedrukt {_esc(c.gepubliceerd)}, berekend "
        f"{_esc(c.berekend)}. {_esc(c.reden)}</p>" for c in found)


def so_source(corrected: bool, compared: bool, grenzen: str, status_grenzen: str,
              box: bool) -> str:
    """How the SO table per province is made, for its caption (HTML): counted from the status
    per gemeente, and whether and where its cells differ from the published Tabel 1."""
    if corrected:
        return ("geteld uit de status per gemeente. Waar een cel afwijkt van Tabel 1 van de "
                "rapportage van december 2022 staat het gepubliceerde cijfer erbij (*); waarom "
                "staat onder de tabel"
                + (f" en in <a href='#{BOX_ID}'>{_esc(BOX_TITLE)}</a>" if box else ""))
    if compared:
        return "geteld uit de status per gemeente; gelijk aan Tabel 1 van de rapportage"
    return (f"geteld uit de status per gemeente op de gemeentegrenzen van {_esc(grenzen)}; niet "
            "per cel vergeleken met Tabel 1 van de rapportage, die de gemeenten van "
            f"{_esc(status_grenzen)} telt")


def so_note(status: object) -> str:
    """What the SO figures of the example data are: a synthetic assignment per gemeente whose
    province totals are counted, never the published table copied (empty for real data)."""
    if not getattr(status, "synthetisch", False):
        return ""
    return (" De toewijzing per gemeente in de voorbeelddata is synthetisch; de tabel per "
            "provincie telt ze op en zet het gepubliceerde cijfer bij elke cel die daarvan "
            "afwijkt.")


def reasons_html(corrections: Iterable[Correctie]) -> str:
    """The reasons of the corrected cells of a table, each once, as a note under it."""
    seen = list(dict.fromkeys((c.gebied, c.reden) for c in corrections))
    if not seen:
        return ""
    return ("<ul class='correctie-redenen'>"
            + "".join(f"<li>{_esc(area)}: {_esc(reason)}</li>" for area, reason in seen)
            + "</ul>")
