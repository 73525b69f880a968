"""The comparison of a group of areas: hoofdstuk 1 and 2 of the rapportage (seed 003).

Seed 003 benchmarks the 13 centrumsteden (hoofdstuk 1) and the 5 regiegebieden sociale economie
en werk of West-Vlaanderen (hoofdstuk 2): per indicator all members side by side with
Vlaanderen, who lies significantly above or below, the range of the rest. This module makes
those blocks for any group of areas of one type (:func:`resolve_group`), from the profile that
every report shares, so ranks and comparisons are the profile's own: a rate is the profile's
Σteller / Σnoemer, the order of a ranking is the profile's ``rang``.

Pure, like :mod:`analysis.report`: the inputs come from :func:`analysis.io.load_report_inputs`;
the notebooks ``notebooks/vergelijking.ipynb`` (one group) and
``notebooks/beleidsrapportage.ipynb`` (the two chapters of seed 003 in one document) display the
:class:`~analysis.report.Html` fragments and charts made here. Every text from a data file is
escaped; numbers are nl-BE (:mod:`analysis.formatting`); sentences come from the named rules of
:mod:`analysis.narrative` (plus the group trend rule ``groep_trend`` here).

Public API
----------
* :class:`Group`, :func:`resolve_group`, :func:`expand_groups` — which areas a group spec means.
* :class:`Comparison` — the blocks of one group's report.
* :func:`document_header`, :func:`introduction` — title and introduction of the
  beleidsrapportage.
* :func:`trend_sentence` — the group trend rule; :func:`warm_up` — fill the shared memo.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import chartlayout, charts, correcties, narrative, style
from analysis import formatting as fmt
from analysis import statistics as st
from analysis.catalogue import Indicator
from analysis.geography import Geo, GeoError, Geography, normalise_name
from analysis.report import (
    PEERS_LABEL,
    QUALITATIVE,
    SECTIONS,
    Html,
    ReportInputs,
    _linked,
    _markup,
    _time_key,
    action_list,
    banner_html,
    corrections_box,
    digibanken_html,
    esc,
    map_line,
    so_province_table,
    so_status_of,
    sources_html,
    technical_note_html,
)

__all__ = [
    "GROUP_TYPES",
    "KEY_INDICATORS",
    "Comparison",
    "Group",
    "document_header",
    "expand_groups",
    "introduction",
    "resolve_group",
    "trend_sentence",
    "warm_up",
]

#: A choropleth needs a figure for at least this share of its gemeenten: a map of mostly
#: hatched gemeenten (suppressed small numbers) shows nothing.
MAP_MIN_SHARE = 0.5

#: The types a group can be made of, with the words a spec may use for them.
GROUP_TYPES: dict[str, str] = {
    "centrumstad": "centrumstad", "centrumsteden": "centrumstad",
    "provincie": "provincie", "provincies": "provincie",
    "referentieregio": "referentieregio", "referentieregios": "referentieregio",
    "referentieregio s": "referentieregio",
    "regiegebied": "regiegebied", "regiegebieden": "regiegebied",
}
_SPEC_HELP = ("kies uit centrumstad, provincie, referentieregio of regiegebied:<provincie>, "
              "bv. regiegebied:West-Vlaanderen")
#: Province order of Tabel 1 of seed 003 (West-Vlaanderen first).
_PROVINCE_ORDER: tuple[str, ...] = ("30000", "40000", "10000", "20001", "70000")

#: The overview's columns: the indicators the rapportage leans on, with a short header.
KEY_INDICATORS: dict[str, str] = {
    "werkzaamheidsgraad": "Werkzaamheidsgraad",
    "nba_graad": "Aandeel niet-beroeps­actieven",
    "werkzoekendengraad": "Werkzoekenden­graad",
    "ocmw_ingeschreven": "OCMW-cliënten bij VDAB",
    "uitstroom_ocmw_12m": "Uitstroom OCMW (12 m.)",
    "twe_uitstroom_3m": "Uitstroom TWE (3 m.)",
    "wijkwerk_uitstroom_3m": "Uitstroom wijk-werk (3 m.)",
    "vervullingsgraad_nec": "Vervulling vacatures NEC",
    "wzw_in_opleiding": "WZW in opleiding",
}
#: Qualitative parts of seed 003 that close a section: action sections and the digibanken (13).
_SECTION_EXTRAS: dict[str, tuple[int, ...]] = {
    "Elk talent aan de slag": (2, 7),
    "Perspectief op talent voor elke werkgever": (10,),
    "Loopbaanperspectief en loopbaan-eigenaarschap voor elke burger": (12, 13),
}
_SINGULAR = {"centrumstad": "centrumstad", "provincie": "provincie",
             "referentieregio": "referentieregio", "regiegebied": "regiegebied"}
_ROW_COLUMNS = ("indicator", "geo", "geo_naam", "periode", "eenheid", "teller", "waarde",
                "ci95_laag", "ci95_hoog", "vlaanderen", "vergelijking_vlaanderen",
                "vergelijking_vlaanderen_reden", "rang", "n_peers", "trend", "trend_punten",
                "onderdrukt", "opmerking")
_RISING = {st.TREND_RISING, st.TREND_RISING_IMPROVING, st.TREND_RISING_WORSENING}
_FALLING = {st.TREND_FALLING, st.TREND_FALLING_IMPROVING, st.TREND_FALLING_WORSENING}


# -- groups -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """Areas of one type compared side by side.

    ``spec`` is the canonical spec (``centrumstad``, ``regiegebied:30000``), ``slug`` a file
    name part, ``provincie`` the province of a group of regiegebieden (else None).
    """

    spec: str
    naam: str
    slug: str
    type: str
    members: tuple[Geo, ...]
    provincie: Geo | None = None

    @property
    def label(self) -> str:
        """The members in the plural: centrumsteden, regiegebieden, provincies, …"""
        return PEERS_LABEL[self.type]


def _kind(word: str) -> str | None:
    return GROUP_TYPES.get(normalise_name(word.replace("’", "'")))


def resolve_group(spec: str, geography: Geography, grenzen: str) -> Group:
    """The group a spec names: ``centrumstad`` (13), ``provincie`` (5), ``referentieregio``
    (15) or ``regiegebied:<provincie>`` (the regiegebieden of one province, by code or name:
    ``regiegebied:30000``, ``regiegebied:West-Vlaanderen``). Plurals are accepted.

    Raises :class:`~analysis.geography.GeoError` (a ValueError) with a Dutch message for an
    unknown spec or province, and for ``regiegebied`` without a province (all 37 side by side
    would not fit a report; :func:`expand_groups` makes one group per province).
    """
    text = str(spec).strip()
    head, sep, rest = text.partition(":")
    kind = _kind(head)
    if kind is None:
        raise GeoError(f"onbekende groep '{text}' ({_SPEC_HELP})")
    members_of = [geography.get(code, kind, grenzen)
                  for code in geography.geographies(kind, grenzen)["code"]]
    if kind == "regiegebied":
        if not rest.strip():
            raise GeoError(f"groep '{text}': de regiegebieden worden per provincie vergeleken; "
                           "geef de provincie, bv. regiegebied:West-Vlaanderen of "
                           "regiegebied:30000")
        try:
            province = geography.resolve(f"provincie:{rest.strip()}", grenzen)
        except GeoError as error:
            names = ", ".join(n.removeprefix("Provincie ") for n in
                              geography.geographies("provincie", grenzen)["naam"])
            raise GeoError(f"groep '{text}': {error} (kies uit {names})") from None
        members = tuple(g for g in members_of if g.provincie == province.code)
        if not members:
            raise GeoError(f"groep '{text}': geen regiegebieden in {province.naam}")
        short = province.naam.removeprefix("Provincie ")
        return Group(spec=f"regiegebied:{province.code}", naam=f"De regiegebieden van {short}",
                     slug=fmt.slug(f"regiegebieden {short}"), type=kind, members=members,
                     provincie=province)
    if sep:
        raise GeoError(f"groep '{text}': alleen regiegebieden worden per provincie gekozen "
                       f"({_SPEC_HELP})")
    label = PEERS_LABEL[kind]
    return Group(spec=kind, naam=f"De {len(members_of)} {label}", slug=fmt.slug(label), type=kind,
                 members=tuple(members_of))


def expand_groups(spec: str, geography: Geography, grenzen: str) -> list[Group]:
    """The groups a spec stands for: ``regiegebied`` alone gives one group per province (5),
    any other spec the one group of :func:`resolve_group`."""
    head, _, rest = str(spec).strip().partition(":")
    if _kind(head) == "regiegebied" and not rest.strip():
        codes = geography.geographies("provincie", grenzen)["code"]
        groups = []
        for code in codes:
            try:
                groups.append(resolve_group(f"regiegebied:{code}", geography, grenzen))
            except GeoError:
                continue  # a province without regiegebieden has nothing to compare
        return groups
    return [resolve_group(spec, geography, grenzen)]


# -- the shared rows (memoised per inputs) --------------------------------------------------------


@dataclass(frozen=True)
class _TypeRows:
    """The profile rows of one geography type, as the comparison reads them.

    ``frame`` in time order; ``at``: positions per (indicator, periode); ``series``: positions
    per indicator (time order); ``periods``: the periods of an indicator in time order;
    ``time``: the time key of every row (for "up to periode").
    """

    frame: pd.DataFrame
    at: dict[tuple[str, str], np.ndarray]
    series: dict[str, np.ndarray]
    periods: dict[str, list[str]]
    time: np.ndarray


def _time_number(periode: str) -> float:
    year, part = _time_key(periode)
    return year * 100 + part


def _type_rows(inputs: ReportInputs, geo_type: str) -> _TypeRows:
    """The rows of a type (or ``vlaanderen``), memoised: every group report shares them."""
    key = ("vergelijking", "rijen", geo_type)
    found = inputs.memo.get(key)
    if found is None:
        profile = inputs.profile
        rows = profile[profile["geo_type"] == geo_type]
        columns = [c for c in _ROW_COLUMNS if c in rows.columns]
        times = np.array([_time_number(p) for p in rows["periode"]], dtype=float)
        order = np.argsort(times, kind="stable")
        frame = rows.iloc[order][columns].reset_index(drop=True)
        # Object columns: every report takes many small slices, and Arrow strings are slow
        # to take from.
        for column in frame.columns:
            if not pd.api.types.is_numeric_dtype(frame[column]):
                frame[column] = frame[column].astype(object)
        time = times[order]
        at = frame.groupby(["indicator", "periode"], sort=False).indices
        series = frame.groupby("indicator", sort=False).indices
        periods = {ind: list(dict.fromkeys(frame["periode"].iloc[pos]))
                   for ind, pos in series.items()}
        found = inputs.memo[key] = _TypeRows(frame, at, series, periods, time)
    return found  # type: ignore[return-value]


def _gemeente_values(inputs: ReportInputs, indicator: str, periode: str) -> dict[str, float]:
    """The figure of every gemeente with one (suppressed small numbers left out), memoised
    per indicator: the choropleths of every group report share them."""
    key = ("vergelijking", "gemeentewaarden", indicator)
    found = inputs.memo.get(key)
    if found is None:
        rows = _type_rows(inputs, "gemeente")
        found = {}
        positions = rows.series.get(indicator)
        if positions is not None:
            part = rows.frame.iloc[positions]
            shown = part[(part["onderdrukt"] == 0) & part["waarde"].notna()]
            for (period, code), value in zip(zip(shown["periode"], shown["geo"], strict=True),
                                             shown["waarde"], strict=True):
                found.setdefault(period, {})[code] = float(value)
        inputs.memo[key] = found
    return found.get(periode, {})  # type: ignore[union-attr]


# -- sentences ----------------------------------------------------------------------------------


def trend_sentence(rows: pd.DataFrame, indicator: Indicator,
                   peers_label: str) -> narrative.Sentence | None:
    """Rule ``groep_trend``: who has a significantly rising or falling trend, from the profile's
    trend labels ("stijgt significant in alle 13 centrumsteden"; "stijgt significant in A en B;
    in de andere centrumsteden is er geen significante verandering").

    ``rows`` in the order the names should be read (the ranking); trends "niet berekend" are
    left out, and with no computed trend at all there is no sentence.
    """
    points = (rows["trend_punten"] if "trend_punten" in rows
              else pd.Series(np.nan, index=rows.index)).tolist()
    computed = [(str(name), str(label), point) for name, label, point in
                zip(rows["geo_naam"], rows["trend"], points, strict=True)
                if str(label) in st.TREND_LABELS and label != st.TREND_NOT_COMPUTED]
    if not computed:
        return None
    known = [p for _, _, p in computed if pd.notna(p) and p > 0]
    years = f"de laatste {int(max(known))} jaar" if known else "de laatste jaren"
    rising = [name for name, label, _ in computed if label in _RISING]
    falling = [name for name, label, _ in computed if label in _FALLING]
    steady = [name for name, label, _ in computed if label not in _RISING | _FALLING]
    what = "het percentage" if indicator.is_rate else "het aantal"
    n = len(computed)
    if n > 1 and (len(rising) == n or len(falling) == n):
        verb = "stijgt" if rising else "daalt"
        text = f"Over {years} {verb} {what} significant in alle {n} {peers_label}."
        return narrative.Sentence(text, "groep_trend", indicator.id)
    parts = []
    if rising:
        parts.append(f"stijgt {what} significant in {narrative.dutch_list(rising)}")
    if falling:
        parts.append(f"daalt {'het' if rising else what} significant in "
                     f"{narrative.dutch_list(falling)}")
    if not parts:
        where = f"de {n} {peers_label}" if n > 1 else steady[0]
        text = f"Over {years} is er in {where} geen significante verandering."
        return narrative.Sentence(text, "groep_trend", indicator.id)
    text = f"Over {years} " + "; ".join(parts)
    if len(steady) == 1:
        text += f"; in {steady[0]} is er geen significante verandering"
    elif steady:
        text += f"; in de andere {peers_label} is er geen significante verandering"
    return narrative.Sentence(text + ".", "groep_trend", indicator.id)


def _tag(label: object) -> str:
    text = "" if label is None or (isinstance(label, float) and np.isnan(label)) else str(label)
    return f"<span class='tag {style.TAG_CLASS.get(text, 'tag-niet')}'>{esc(text)}</span>"


# -- the report of one group ----------------------------------------------------------------------


class Comparison:
    """The blocks of one group's report: every member side by side with Vlaanderen.

    ``niveau`` is the heading level of the sections in the notebook (2 in
    ``vergelijking.ipynb``, 3 inside a chapter of the beleidsrapportage); an indicator's heading
    is one level below it, the provinces of the examples two.
    """

    def __init__(self, inputs: ReportInputs, groep: str | Group, periode: str | None = None,
                 grenzen: str | None = None, niveau: int = 2, choropleths: bool = True) -> None:
        self.inputs = inputs
        self.choropleths = choropleths
        self.grenzen = grenzen or str(inputs.profile["grenzen"].iloc[0])
        self.group = (groep if isinstance(groep, Group)
                      else resolve_group(groep, inputs.geography, self.grenzen))
        self.catalogue = inputs.catalogue
        self.periode = periode
        self.niveau = niveau
        self.label = self.group.label
        self.codes = frozenset(g.code for g in self.group.members)
        self._rows = _type_rows(inputs, self.group.type)
        self._vlaanderen = _type_rows(inputs, "vlaanderen")
        self._limit = _time_number(periode) if periode else np.inf
        self._rankings: dict[str, pd.DataFrame] = {}
        #: Which rows of the type are the group's.
        self._mine = np.isin(self._rows.frame["geo"].to_numpy(), list(self.codes))

    # -- selection ------------------------------------------------------------------------------

    def indicators(self, sectie: str) -> list[Indicator]:
        """The observation indicators of a section, in catalogue order."""
        return [i for i in self.catalogue.indicators
                if i.sectie == sectie and i.soort == "observatie"]

    def latest_period(self, indicator: str) -> str | None:
        """The latest periode (up to ``periode``) in which a member has a row."""
        return self._latest.get(indicator)

    @property
    def periods(self) -> list[str]:
        """The latest periode of every indicator with figures for the group, in time order."""
        return sorted(set(self._latest.values()), key=_time_key)

    @functools.cached_property
    def _latest(self) -> dict[str, str]:
        frame, out = self._rows.frame, {}
        mine = self._mine & (self._rows.time <= self._limit)
        for indicator, positions in self._rows.series.items():
            hits = positions[mine[positions]]
            if len(hits):
                out[indicator] = frame["periode"].iat[int(hits[-1])]
        return out

    def ranking(self, indicator: str) -> pd.DataFrame:
        """The members' rows at the latest periode, in the profile's ``rang`` order (then by
        name; members without a rank last). Members without a row get one without a value."""
        found = self._rankings.get(indicator)
        if found is None:
            found = self._rankings[indicator] = self._ranking(indicator)
        return found

    def _ranking(self, indicator: str) -> pd.DataFrame:
        periode = self.latest_period(indicator)
        if periode is None:
            return self._rows.frame.iloc[0:0]
        frame = self._rows.frame
        positions = self._rows.at[(indicator, periode)]
        positions = positions[self._mine[positions]]
        rank = frame["rang"].to_numpy(dtype=float, na_value=np.nan)[positions]
        names = frame["geo_naam"].to_numpy()[positions].astype(str)
        # By rang (missing last), then by name: one take instead of a pandas sort.
        order = np.lexsort((names, np.where(np.isnan(rank), np.inf, rank)))
        rows = frame.iloc[positions[order]].reset_index(drop=True)
        absent = [g for g in self.group.members if g.code not in set(rows["geo"])]
        if absent:
            filler = pd.DataFrame({"indicator": indicator, "geo": [g.code for g in absent],
                                   "geo_naam": [g.naam for g in absent], "periode": periode,
                                   "waarde": np.nan, "onderdrukt": 0,
                                   "vergelijking_vlaanderen": st.NOT_COMPARED,
                                   "trend": st.TREND_NOT_COMPUTED}).astype(
                {"geo": object, "geo_naam": object})
            filler = filler.sort_values("geo_naam", kind="mergesort")
            rows = pd.concat([rows, filler], ignore_index=True)
        return rows

    def _flanders(self, indicator: str, periode: str) -> float:
        positions = self._vlaanderen.at.get((indicator, periode))
        if positions is None or not len(positions):
            return np.nan
        return float(self._vlaanderen.frame["waarde"].iat[int(positions[-1])])

    # -- blocks ---------------------------------------------------------------------------------

    def _periods_text(self, made: bool = True) -> str:
        latest = self.periods
        if not latest:
            return ""
        span = latest[0] if len(latest) == 1 else f"{latest[0]} tot {latest[-1]}"
        when = (f" Gemaakt op {esc(self.inputs.provenance.get('gemaakt', ''))}." if made
                else "")
        return f"<p class='periode'>Meest recente periode per indicator: {esc(span)}.{when}</p>"

    def _members_text(self) -> str:
        names = []
        for geo in sorted(self.group.members, key=lambda g: g.naam):
            if geo.type in {"regiegebied", "referentieregio", "provincie"}:
                names.append(f"{geo.naam} ({fmt.count(len(geo.gemeenten), 'gemeente')})")
            else:
                names.append(geo.naam)
        return (f"<p class='leden'><strong>{len(names)} {esc(self.label)}:</strong> "
                f"{esc(narrative.dutch_list(names))}.</p>")

    def title_block(self) -> Html:
        """Title, kind, the voorbeelddata banner, the members and the periods."""
        group = self.group
        where = (f" · provincie {esc(group.provincie.naam.removeprefix('Provincie '))}"
                 if group.provincie else "")
        parts = ["<header class='titel'><p class='boventitel'>Samenwerking VDAB &amp; lokale "
                 f"besturen · beleidsrapportage</p><h1>{esc(group.naam)}</h1>"
                 f"<p class='soort'>vergelijking met Vlaanderen{where} · gemeentegrenzen "
                 f"{esc(self.grenzen)}</p>"]
        if self.inputs.is_example:
            parts.append(banner_html())
        parts += [self._members_text(), self._periods_text(), "</header>",
                  map_defs(self.inputs, [self])]
        return Html("".join(parts))

    def intro(self) -> Html:
        """A chapter's lead (members and periods) and its overview table under a heading."""
        heading = self.niveau + 1
        return Html(self._members_text() + self._periods_text(made=False)
                    + f"<h{heading} id='{self.group.slug}-overzicht'>In één oogopslag</h{heading}>"
                    + self.overview().markup)

    def overview(self) -> Html:
        """Members × key indicators: the value and a text tag for the comparison with
        Vlaanderen, and Vlaanderen itself as the last row."""
        columns = [(self.catalogue[i], label) for i, label in KEY_INDICATORS.items()
                   if i in self.catalogue.ids() and self.latest_period(i)]
        if not columns:
            return Html(f"<p class='geen'>Geen kerncijfers voor de {esc(self.label)}.</p>")
        head = [f"<th scope='col'>{esc(_SINGULAR[self.group.type].capitalize())}</th>"]
        cells: dict[str, list[str]] = {g.code: [] for g in self.group.members}
        flanders = []
        for indicator, label in columns:
            periode = self.latest_period(indicator.id)
            head.append(f"<th scope='col'>{esc(label)} <span class='periode'>{esc(periode)}"
                        "</span></th>")
            ranking = self.ranking(indicator.id)
            unit, dec = indicator.eenheid, indicator.decimalen
            for code, value, label_ in zip(ranking["geo"], ranking["waarde"],
                                           ranking["vergelijking_vlaanderen"], strict=True):
                text = esc(fmt.format_value(value, unit, dec))
                cells[code].append(f"<td class='getal'>{text}<br>{_tag(label_)}</td>")
            value = fmt.format_value(self._flanders(indicator.id, periode), unit, dec)
            flanders.append(f"<td class='getal'>{esc(value)}</td>")
        body = [f"<tr><th scope='row'>{esc(g.naam)}</th>{''.join(cells[g.code])}</tr>"
                for g in sorted(self.group.members, key=lambda g: g.naam)]
        body.append(f"<tr><th scope='row'>Vlaanderen</th>{''.join(flanders)}</tr>")
        caption = (f"De {esc(self.label)} tegenover Vlaanderen, laatste periode per indicator; "
                   "het label zegt of het verschil met Vlaanderen significant is")
        return Html(f"<table class='overzicht'><caption>{caption}</caption><thead><tr>"
                    + "".join(head) + "</tr></thead><tbody>" + "".join(body)
                    + "</tbody></table>")

    def section(self, sectie: str) -> Html:
        """Every indicator block of a section, then its examples (and the digibanken), as one
        fragment: one output per section."""
        parts = [Html(chartlayout.fold_empty(
            self.indicators(sectie), lambda i: self.latest_period(i.id) is not None,
            lambda i: self.indicator_block(i).markup, self._no_data_line))]
        for extra in _SECTION_EXTRAS.get(sectie, ()):
            parts.append(self.digibanken() if extra == 13 else self.actions(extra))
        return Html("".join(part.markup for part in parts))

    def indicator_block(self, indicator: Indicator) -> Html:
        """Heading, sentences, the significance groups, the ranking chart, the small multiples
        of the trend and the source line of one indicator."""
        level = self.niveau + 1
        out = [f"<h{level} id='{esc(self.group.slug)}-{esc(indicator.id)}'>"
               f"{esc(indicator.nummer)} · {esc(indicator.titel)}</h{level}>"]
        periode = self.latest_period(indicator.id)
        if periode is None:
            out.append(self._no_data_line([indicator]))
            return Html("".join(out))
        rows = self.ranking(indicator.id)
        vlaanderen = self._flanders(indicator.id, periode)
        unit, dec = indicator.eenheid, indicator.decimalen
        out.append(f"<p class='kerncijfer'>Vlaanderen: <strong>"
                   f"{esc(fmt.format_value(vlaanderen, unit, dec))}</strong> "
                   f"<span class='periode'>{esc(periode)}</span></p>")
        lean = rows[[c for c in ("geo_naam", "waarde", "vergelijking_vlaanderen", "onderdrukt",
                                 "teller") if c in rows]]
        sentences = narrative.group_sentences(lean, indicator, vlaanderen=vlaanderen,
                                              peers_label=self.label)
        trend = trend_sentence(rows, indicator, self.label)
        if trend is not None:
            sentences.append(trend)
        if sentences:
            out.append("<p class='duiding'>" + " ".join(esc(s.text) for s in sentences)
                       + "</p>")
        # In print the ranking sits beside the panels of the trend (and the map).
        out.append(chartlayout.side_by_side(
            [self._groups_table(indicator, rows, vlaanderen, periode),
             _markup(self._peer_chart(indicator, rows, vlaanderen, periode))],
            [_markup(self._multiples(indicator, rows, periode)), self._map(indicator, periode)]))
        notes = [f"{name}: {note}" for name, note in
                 zip(rows["geo_naam"], rows["opmerking"].fillna(""), strict=True) if note]
        note = f" {esc(indicator.opmerking)}" if indicator.opmerking else ""
        row_notes = f" {esc('; '.join(notes))}." if notes else ""
        out.append(f"<p class='bron'>Bron: {esc(indicator.bron)} · peildatum: "
                   f"{esc(indicator.peildatum)}.{row_notes}{note}</p>")
        return Html("".join(out))

    def _no_data_line(self, indicators: list[Indicator]) -> str:
        """Consecutive indicators without figures for the members, folded into one line; those
        that exist for Vlaanderen only give its latest value."""
        none, flemish = [], []
        for indicator in indicators:
            periods = [p for p in self._vlaanderen.periods.get(indicator.id, [])
                       if _time_number(p) <= self._limit]
            title = f"{indicator.nummer} · {indicator.titel}"
            if periods:
                value = fmt.format_value(self._flanders(indicator.id, periods[-1]),
                                         indicator.eenheid, indicator.decimalen)
                flemish.append(f"{title} (Vlaanderen {value}, {periods[-1]})")
            else:
                none.append(title)
        return ((f"<p class='geen'>Niet per {esc(_SINGULAR[self.group.type])}, wel voor "
                 f"Vlaanderen: {esc('; '.join(flemish))}.</p>" if flemish else "")
                + (chartlayout.empty_line(f"de {self.label}", none) if none else ""))

    def _groups_table(self, indicator: Indicator, rows: pd.DataFrame, vlaanderen: float,
                      periode: str) -> str:
        """Hoger / vergelijkbaar / lager dan Vlaanderen, each in rang order with the rank."""
        labels = rows["vergelijking_vlaanderen"].astype(str).tolist()
        sides = [narrative.comparison_side(label, indicator.polariteit) for label in labels]
        if not indicator.is_rate or all(side is None for side in sides):
            return ""
        unit, dec = indicator.eenheid, indicator.decimalen
        columns: dict[int, list[str]] = {1: [], 0: [], -1: []}
        left_out = []
        for name, value, rank, label, side in zip(rows["geo_naam"], rows["waarde"], rows["rang"],
                                                  labels, sides, strict=True):
            if side is None:
                left_out.append(str(name))
                continue
            number = f" value='{int(rank)}'" if pd.notna(rank) else ""
            tag = f" {_tag(label)}" if side else ""
            columns[side].append(f"<li{number}>{esc(name)} "
                                 f"{esc(fmt.format_value(value, unit, dec))}{tag}</li>")
        judged = indicator.polariteit != st.NO_JUDGEMENT
        better = {1: " (beter)", -1: " (slechter)"} if indicator.polariteit == st.HIGHER_IS_BETTER \
            else {1: " (slechter)", -1: " (beter)"} if judged else {1: "", -1: ""}
        heads = [f"Hoger dan Vlaanderen{better[1]}", "Vergelijkbaar met Vlaanderen",
                 f"Lager dan Vlaanderen{better[-1]}"]
        cells = [f"<td><ol>{''.join(columns[s])}</ol></td>" if columns[s] else "<td>geen</td>"
                 for s in (1, 0, -1)]
        peers = rows["n_peers"].dropna()
        total = int(peers.max()) if len(peers) else len(rows)
        among = (f"de {total} {self.label}" if total <= len(self.codes)
                 else f"alle {total} {self.label}")
        first = "beste" if judged else "hoogste"
        caption = (f"Tegenover Vlaanderen ({fmt.format_value(vlaanderen, unit, dec)}, {periode}); "
                   f"het getal is de rang onder {among} (1 = {first})")
        extra = (f"<p class='toelichting'>Niet vergeleken: "
                 f"{esc(narrative.dutch_list(left_out))}.</p>" if left_out else "")
        return (f"<table class='groepen'><caption>{esc(caption)}</caption><thead><tr>"
                + "".join(f"<th scope='col'>{esc(h)}</th>" for h in heads)
                + "</tr></thead><tbody><tr>" + "".join(cells) + "</tr></tbody></table>" + extra)

    def _peer_chart(self, indicator: Indicator, rows: pd.DataFrame, vlaanderen: float,
                    periode: str) -> charts.Chart:
        frame = rows[["geo_naam", "waarde", "ci95_laag", "ci95_hoog",
                      "vergelijking_vlaanderen"]].rename(
            columns={"vergelijking_vlaanderen": "vergelijking"})
        if "onderdrukt" in rows:  # a suppressed figure is drawn as "niet gepubliceerd"
            frame = frame.assign(waarde=frame["waarde"].where(rows["onderdrukt"].fillna(0) != 1))
        return charts.peer_chart(
            frame, vlaanderen=vlaanderen if indicator.is_rate else None, highlight="",
            title=self._finding(indicator, rows, periode), unit=indicator.eenheid,
            decimals=indicator.decimalen)

    def _finding(self, indicator: Indicator, rows: pd.DataFrame, periode: str) -> str:
        """The ranking chart's title: what the comparison finds."""
        head = f"{indicator.titel}, {periode}"
        valued = rows[rows["waarde"].notna() & (rows["onderdrukt"].fillna(0) != 1)]
        if valued.empty:
            return f"{head}: geen cijfers"
        if not indicator.is_rate:
            top = valued.loc[valued["waarde"].idxmax()]
            value = fmt.format_value(top["waarde"], "aantal", indicator.decimalen)
            return f"{head}: {top['geo_naam']} telt het meest ({value})"
        sides = Counter(narrative.comparison_side(str(label), indicator.polariteit)
                        for label in valued["vergelijking_vlaanderen"])
        apart = [f"{sides[s]} {word}" for s, word in ((1, "hoger"), (-1, "lager")) if sides[s]]
        parts = [" en ".join(apart) + " dan Vlaanderen"] if apart else []
        if sides[0]:
            parts.append(f"{sides[0]} vergelijkbaar" + ("" if apart else " met Vlaanderen"))
        if not parts:
            return f"{head}: de {self.label} gerangschikt"
        first = int(parts[0].split(" ", 1)[0])
        noun = _SINGULAR[self.group.type] if first == 1 else self.label
        return f"{head}: " + ", ".join(parts).replace(" ", f" {noun} ", 1)

    def _multiples(self, indicator: Indicator, rows: pd.DataFrame,
                   periode: str) -> charts.Chart | chartlayout.Note:
        """One small trend panel per member, in ranking order, Vlaanderen dashed (rates); under
        three periods, which periods there are."""
        limit = min(self._limit, _time_number(periode))
        frame, time = self._rows.frame, self._rows.time
        positions = self._rows.series[indicator.id]
        keep = positions[(time[positions] <= limit) & self._mine[positions]]
        panels = frame.iloc[keep][["geo_naam", "periode", "waarde"]].rename(
            columns={"geo_naam": "naam"})
        reference = None
        if indicator.is_rate:
            flanders = self._vlaanderen.series.get(indicator.id)
            if flanders is not None:
                flanders = flanders[self._vlaanderen.time[flanders] <= limit]
                reference = self._vlaanderen.frame.iloc[flanders][["periode", "waarde"]]
        names = rows["geo_naam"].astype(str).tolist()
        periods = panels.loc[panels["waarde"].notna(), "periode"].unique()
        if len(periods) < chartlayout.MIN_TREND_POINTS:
            return chartlayout.periods_note(sorted(periods, key=_time_key),
                                            _SINGULAR[self.group.type])
        span = (f"{min(periods, key=_time_key)}–{max(periods, key=_time_key)}"
                if len(periods) else periode)
        how = ("Vlaanderen als stippellijn" if reference is not None
               else "elk op een eigen schaal")
        title = f"{indicator.titel} per {_SINGULAR[self.group.type]}, {span} ({how})"
        return charts.small_multiples_chart(
            panels, reference=reference, title=title, unit=indicator.eenheid,
            decimals=indicator.decimalen, order=names, panel_label=_SINGULAR[self.group.type],
            shared_scale=indicator.is_rate)

    @property
    def _base(self) -> object | None:
        return self.inputs.kaarten.get(self.grenzen)

    @functools.cached_property
    def _extent(self) -> list[str]:
        """The gemeenten the maps of this group show: those of the members' provinces."""
        from analysis import kaart

        return kaart.extent_of(self.inputs.geography, self.group.members, self.grenzen)

    def _map(self, indicator: Indicator, periode: str) -> str:
        """The choropleth of a gemeente-level percentage over the members' provinces; in a
        report with maps, where one is left out, why. Counts get no map: it would mostly show
        how large the gemeenten are. Without boundaries: nothing (the technical note says
        why)."""
        from analysis import kaart

        base = self._base
        if not self.choropleths or indicator.niveau != "gemeente" or base is None:
            return ""
        if not indicator.is_rate:
            return kaart.omitted_note("een kaart van aantallen per gemeente toont vooral hoe "
                                      "groot de gemeenten zijn; de percentages staan wel op "
                                      "een kaart")
        values = _gemeente_values(self.inputs, indicator.id, periode)
        extent = self._extent
        known = sum(code in values for code in extent)
        if known < MAP_MIN_SHARE * len(extent):
            return kaart.omitted_note(
                f"slechts {known} van de {fmt.count(len(extent), 'gemeente')} "
                f"{fmt.plural(known, 'heeft', 'hebben')} een cijfer voor "
                f"{periode}; de andere hebben te kleine aantallen om te publiceren of geen "
                "gegevens")
        outlined = {"centrumstad": "de centrumsteden zwart omlijnd",
                    "regiegebied": "de regiegebieden zwart omlijnd",
                    "referentieregio": "de referentieregio's zwart omlijnd"}.get(
                        self.group.type, "")
        title = (f"{indicator.titel} per gemeente, {periode}, in klassen met elk ongeveer "
                 f"evenveel gemeenten" + (f"; {outlined}" if outlined else ""))
        return kaart.choropleth(base, self.inputs.geography, values,
                                members=self.group.members, title=title,
                                unit=indicator.eenheid, decimals=indicator.decimalen
                                )._repr_html_()

    def _so_map(self) -> str:
        """The SO status of every gemeente in the members' provinces on 1/1/2023."""
        from analysis import kaart

        base = self._base
        if base is None:
            return ""
        status = so_status_of(self.inputs, self.grenzen, "2023-01")
        return kaart.status_map(base, self.inputs.geography, status,
                                members=self.group.members, moment="1/1/2023")._repr_html_()

    # -- samenwerkingsovereenkomsten, examples, sources --------------------------------------------

    def _provinces_of(self, geo: Geo) -> str | None:
        """The province of a member; for one that straddles two, the one of most gemeenten."""
        if geo.type == "provincie":
            return geo.code
        if geo.provincie:
            return geo.provincie
        geography = self.inputs.geography
        counts = Counter(geography.get(nis, "gemeente", self.grenzen).provincie
                         for nis in geo.gemeenten)
        return counts.most_common(1)[0][0] if counts else None

    def so_block(self) -> Html:
        """The SO per member on 1/1/2023 and the prognose for 30/6/2023, and Tabel 1 for the
        provinces of the members and Vlaanderen."""
        status = self.inputs.kwalitatief.get("so_status")
        if status is None:
            return Html("<p>Geen gegevens over samenwerkingsovereenkomsten.</p>")
        own_rg = self.group.type == "regiegebied"
        head = ["<th scope='col'></th><th scope='col'>Gemeenten met SO 1/1/2023</th>"
                "<th scope='col'>Prognose 30/6/2023</th>"]
        if own_rg:
            head.append("<th scope='col'>SO regiegebied 1/1/2023</th>"
                        "<th scope='col'>Prognose 30/6/2023</th>")
        body = []
        for geo in self.group.members:
            cells = []
            for moment in ("2023-01", "2023-06"):
                known = so_status_of(self.inputs, self.grenzen, moment)
                states = [known.get(nis, "gesprekken aan te vatten") for nis in geo.gemeenten]
                if len(states) == 1:
                    cells.append(f"<td>{esc(states[0])}</td>")
                else:
                    n = sum(s == "getekend" for s in states)
                    pct = fmt.format_value(100 * n / len(states), "percent", 0)
                    cells.append(f"<td class='getal'>{n}/{len(states)} ({esc(pct)})</td>")
            if own_rg:
                row = status.regiegebied(geo.code)
                for moment in ("2023-01", "2023-06"):
                    cells.append(f"<td>{esc(row.status(moment)) if row else '–'}</td>")
            body.append(f"<tr><th scope='row'>{esc(geo.naam)}</th>{''.join(cells)}</tr>")
        note = correcties.so_note(status)
        codes = {self._provinces_of(g) for g in self.group.members} | {"02000"}
        return Html(
            f"<p>Samenwerkingsovereenkomsten (SO) van VDAB met de lokale besturen in de "
            f"{esc(self.label)}: stand op 1 januari 2023 en prognose voor 30 juni 2023.{note}</p>"
            + self._so_map()
            + f"<table class='so'><caption>Samenwerkingsovereenkomsten per "
            f"{esc(_SINGULAR[self.group.type])}</caption><thead><tr>{''.join(head)}</tr>"
            "</thead><tbody>" + "".join(body) + "</tbody></table>"
            + so_province_table(self.inputs, self.grenzen, sorted(c for c in codes if c),
                                box=True)
        )

    def corrections(self, level: int | None = None) -> Html:
        """The box "Correcties op de rapportage van december 2022": every published figure of
        the rapportage that is inconsistent, beside the computed one and why (its heading at
        ``level``, by default one below this report's sections)."""
        return Html(corrections_box(self.inputs, level=level or self.niveau + 1))

    def actions(self, sectie: int) -> Html:
        """The example actions of a section for the members, grouped per province.

        Per member the actions of its own (``kwalitatief.items_for``), else those of its
        province, flagged; each action once per province, in file order.
        """
        from analysis import kwalitatief as kw

        level = self.niveau + 1
        out = [f"<h{level} id='{esc(self.group.slug)}-acties-{sectie}'>"
               f"{esc(QUALITATIVE[sectie])}</h{level}>"]
        items, links = _linked(self.inputs, "acties", sectie, self.grenzen)
        position = {id(item): n for n, item in enumerate(items)}
        geography = self.inputs.geography
        by_province: dict[str | None, list[Geo]] = {}
        for geo in self.group.members:
            by_province.setdefault(self._provinces_of(geo), []).append(geo)
        order = sorted(by_province, key=lambda c: (_PROVINCE_ORDER.index(c)
                                                    if c in _PROVINCE_ORDER else 99, str(c)))
        shown = False
        for code in order:
            chosen: dict[int, object] = {}
            borrowed, empty = [], []
            for geo in by_province[code]:
                selection = kw.items_for(geo, items, links, geography, self.grenzen)
                for item in selection.items:
                    chosen[position[id(item)]] = item
                if selection.uit_provincie:
                    borrowed.append(geo.naam)
                elif not selection.items:
                    empty.append(geo.naam)
            if not chosen:
                continue
            shown = True
            name = (geography.get(code, "provincie", self.grenzen).naam if code
                    else "Andere")
            notes = []
            if borrowed:
                notes.append(f"geen eigen voorbeelden voor {narrative.dutch_list(borrowed)}; "
                             "voorbeelden uit de provincie")
            if empty:
                notes.append(f"geen voorbeelden voor {narrative.dutch_list(empty)}")
            note = (f"<p class='toelichting'>{esc(_capital('; '.join(notes)))}.</p>"
                    if notes else "")
            out.append(f"<h{level + 1}>{esc(name)}</h{level + 1}>{note}"
                       + action_list([chosen[k] for k in sorted(chosen)]))
        if not shown:
            out.append(f"<p class='geen'>Geen voorbeelden voor de {esc(self.label)}.</p>")
        return Html("".join(out))

    def digibanken(self) -> Html:
        """The number of digibanken; the West-Vlaamse ones for a group in West-Vlaanderen."""
        level = self.niveau + 1
        provinces = {self._provinces_of(g) for g in self.group.members}
        province = provinces.pop() if len(provinces) == 1 else None
        return Html(f"<h{level} id='{esc(self.group.slug)}-digibanken'>13 Digibanken</h{level}>"
                    + digibanken_html(self.inputs, province))

    def sources(self) -> Html:
        """'Bronnen en definities' from the catalogue."""
        return Html(sources_html(self.catalogue))

    def technical_note(self) -> Html:
        return Html(technical_note_html(self.inputs.provenance,
                                        map_line(self.inputs, self.grenzen),
                                        self.inputs.is_example, self.catalogue))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- the beleidsrapportage: title and introduction ----------------------------------------------


def document_header(inputs: ReportInputs, comparisons: Sequence[Comparison]) -> Html:
    """The title block of the beleidsrapportage (before its table of contents)."""
    latest = sorted({p for c in comparisons for p in c.periods}, key=_time_key)
    parts = ["<header class='titel'><p class='boventitel'>Samenwerking VDAB &amp; lokale "
             "besturen</p><h1>Beleidsrapportage</h1><p class='soort'>"
             + esc(narrative.dutch_list(c.group.naam if n == 0 else _lower_first(c.group.naam)
                                        for n, c in enumerate(comparisons)))
             + f", vergeleken met Vlaanderen · gemeentegrenzen "
             f"{esc(comparisons[0].grenzen if comparisons else '')}</p>"]
    if inputs.is_example:
        parts.append(banner_html())
    if latest:
        parts.append(f"<p class='periode'>Meest recente periode per indicator: "
                     f"{esc(latest[0])} tot {esc(latest[-1])}. Gemaakt op "
                     f"{esc(inputs.provenance.get('gemaakt', ''))}.</p>")
    parts.append("</header>")
    parts.append(map_defs(inputs, comparisons))
    return Html("".join(parts))


def map_defs(inputs: ReportInputs, comparisons: Sequence[Comparison]) -> str:
    """Once per document: the outlines its maps refer to (nothing without boundaries)."""
    from analysis import kaart

    grenzen = comparisons[0].grenzen if comparisons else str(inputs.profile["grenzen"].iloc[0])
    base = inputs.kaarten.get(grenzen)
    if base is None:
        return ""
    codes = {code for c in comparisons for code in c._extent}
    areas = [(g.type, g.code) for c in comparisons for g in c.group.members]
    return kaart.defs_html(base, codes, areas)


def introduction(comparisons: Sequence[Comparison]) -> Html:
    """What the rapportage is and how to read its comparisons (Dutch), with the chapters."""
    chapters = "".join(
        f"<li><strong>Hoofdstuk {n}</strong> vergelijkt {esc(_lower_first(c.group.naam))} "
        f"({len(c.group.members)}: {esc(narrative.dutch_list(g.naam for g in c.group.members))})"
        " met elkaar en met Vlaanderen.</li>"
        for n, c in enumerate(comparisons, start=1))
    sections = narrative.dutch_list(f"‘{name}’" for name, _ in SECTIONS[2:])
    return Html(
        "<p>Deze rapportage volgt de samenwerking tussen VDAB en de lokale besturen in cijfers. "
        "Ze begint met de kerncijfers die samenhangen met de Vlaamse ambitie van een "
        "werkzaamheidsgraad van 80 %, gaat verder met de samenwerkingsovereenkomsten en toont "
        "dan wat de samenwerking oplevert, geordend naar de strategische doelstellingen van "
        f"VDAB: {esc(sections)}. Voorbeelden van acties op het terrein vullen de cijfers aan; "
        "ze illustreren, maar zijn niet volledig.</p>"
        f"<ul class='hoofdstukken'>{chapters}</ul>"
        "<h3 id='lezen'>Hoe lees je de vergelijkingen?</h3><ul class='lezen'>"
        "<li><strong>Optellen, niet middelen.</strong> Een percentage van een gebied is de som "
        "van de tellers van zijn gemeenten gedeeld door de som van de noemers, nooit een "
        "gemiddelde van percentages. Zo weegt elke inwoner even zwaar.</li>"
        "<li><strong>Betrouwbaarheid.</strong> Rond elk percentage staat een "
        "95 %-betrouwbaarheidsinterval, in de grafieken het streepje rond de stip: de marge die "
        "toeval alleen al kan geven.</li>"
        "<li><strong>Significant én relevant.</strong> Valt het Vlaamse cijfer binnen dat "
        "interval, dan is een gebied <em>vergelijkbaar</em> met Vlaanderen, ook als de cijfers "
        "iets verschillen. Valt het erbuiten, dan is het verschil significant; bij zo grote "
        "aantallen is bijna elk verschil dat, dus telt het pas als het ook minstens het "
        "relevante verschil van de indicator is (bij de werkzaamheidsgraad 1 procentpunt, op "
        "de afgeronde cijfers). Dan ligt het gebied <em>hoger</em> of <em>lager</em>; waar "
        "hoger gunstig of ongunstig is, staat er <em>beter</em> of <em>slechter</em>, en buiten "
        "het ruimere 99,8 %-interval met meer dan twee keer dat verschil <em>best</em> of "
        "<em>slechtst</em>. Een kleiner verschil heet vergelijkbaar. Het label staat er altijd "
        "in woorden bij, niet alleen als kleur.</li>"
        "<li><strong>Aantallen</strong> (zoals het aantal niet-beroepsactieven) hangen vooral af "
        "van de grootte van een gebied en worden niet getoetst; daar staat het aandeel in "
        "Vlaanderen.</li>"
        "<li><strong>Rang.</strong> De rang is de plaats onder alle gebieden van hetzelfde type "
        "(1 = best, of het hoogst waar geen oordeel past en bij aantallen).</li>"
        "<li><strong>Verloop.</strong> De kleine lijngrafieken tonen per gebied het verloop op "
        "één schaal, met Vlaanderen als stippellijn; een trend heet stijgend of dalend alleen "
        "als de toets over de laatste 3 tot 5 jaar dat zegt en de verandering minstens het "
        "relevante verschil is.</li>"
        "<li><strong>Kleine aantallen</strong> (1 tot 4) worden niet gepubliceerd.</li></ul>"
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# -- warm-up ---------------------------------------------------------------------------------------


def warm_up(inputs: ReportInputs) -> None:
    """Fill the shared memo of ``inputs`` for every group type and draw one small group report.

    For a warm-kernel zygote (:mod:`analysis.kernel`), like :func:`analysis.report.warm_up`:
    the rows of every type and of Vlaanderen, the SO rows and the action links are then
    computed once before it forks. Nothing of the drawn report is kept.
    """
    for geo_type in ("centrumstad", "regiegebied", "provincie", "referentieregio", "vlaanderen"):
        _type_rows(inputs, geo_type)
    grenzen = str(inputs.profile["grenzen"].iloc[0])
    for moment in ("2023-01", "2023-06"):
        so_status_of(inputs, grenzen, moment)
    for sectie in QUALITATIVE:
        _linked(inputs, "acties", sectie, grenzen)
    comparison = Comparison(inputs, "provincie", grenzen=grenzen)
    for indicator in comparison.catalogue.indicators[:3]:
        comparison.indicator_block(indicator)
    if inputs.kaarten:
        # The figures per gemeente that the choropleths of every group report draw.
        for indicator in comparison.catalogue.indicators:
            if indicator.niveau == "gemeente" and indicator.is_rate:
                _gemeente_values(inputs, indicator.id, "")
