"""The regiorapport: everything one area's report shows, assembled from the profile.

Pure: the inputs (profile, catalogue, geography, qualitative data, provenance) are read by
:func:`analysis.io.load_report_inputs`; this module turns them into HTML fragments and charts
that the notebook ``notebooks/regiorapport.ipynb`` displays cell by cell. Every text that comes
from a data file is escaped here.
"""

from __future__ import annotations

import functools
import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis import chartlayout, charts, correcties, narrative, streefwaarde, style, wording
from analysis import formatting as fmt
from analysis.catalogue import Catalogue, Indicator
from analysis.geography import VERSIONS, Geo, Geography
from analysis.voorbeeld import BANNER

#: The sections of the rapportage, in the order of seed 003.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("Kerncijfers", "Kerncijfers"),
    ("Samenwerkingsovereenkomsten", "1 Samenwerkingsovereenkomsten"),
    ("Elk talent aan de slag", "Elk talent aan de slag (2–7)"),
    ("Perspectief op talent voor elke werkgever",
     "Perspectief op talent voor elke werkgever (8–10)"),
    ("Loopbaanperspectief en loopbaan-eigenaarschap voor elke burger",
     "Loopbaanperspectief en loopbaan-eigenaarschap voor elke burger (11–13)"),
)
#: Qualitative sections of seed 003 (actions per area): number → title.
QUALITATIVE: dict[int, str] = {
    2: "Acties om niet-beroepsactieven te bereiken",
    7: "7 Acties in belendende domeinen (kinderopvang, mobiliteit)",
    10: "10 Jobmatchingsinitiatieven",
    12: "12 Acties in het kader van levenslang leren",
}
PEERS_LABEL = {
    "centrumstad": "centrumsteden", "regiegebied": "regiegebieden", "provincie": "provincies",
    "referentieregio": "referentieregio's", "gemeente": "gemeenten", "vlaanderen": "provincies",
}
TYPE_LABEL = {
    "centrumstad": "centrumstad", "regiegebied": "regiegebied sociale economie en werk",
    "provincie": "provincie", "referentieregio": "referentieregio", "gemeente": "gemeente",
    "vlaanderen": "Vlaams Gewest",
}


@dataclass(frozen=True)
class Html:
    """An HTML fragment a notebook displays as it is."""

    markup: str

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        # Jupyter stores a text/plain form beside the HTML of every output; the whole markup
        # there doubled each report notebook and its messages.
        return f"<HTML-fragment, {len(self.markup)} tekens>"


def esc(text: object) -> str:
    """Escape text from data files for HTML."""
    return html.escape("" if text is None else str(text), quote=True)


@dataclass
class ReportInputs:
    """What a report needs; read by :func:`analysis.io.load_report_inputs`."""

    profile: pd.DataFrame
    catalogue: Catalogue
    geography: Geography
    kwalitatief: dict[str, object]
    is_example: bool
    provenance: dict[str, str] = field(default_factory=dict)
    #: What every report of these inputs derives alike (peer groups, action links, SO tables),
    #: computed once. ``dataclasses.replace`` passes the same dict on, so the copies that
    #: :func:`analysis.io.load_report_inputs` hands out share it, and so do the kernels forked
    #: from a zygote that filled it (:func:`warm_up`).
    memo: dict[object, object] = field(default_factory=dict, repr=False, compare=False)
    #: Simplified boundaries per version (:class:`analysis.kaart.MapBase`); empty when no
    #: boundary file is configured, and the reports then have no maps.
    kaarten: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    #: The published figures of the rapportage of December 2022, validated
    #: (:class:`analysis.correcties.Cijfer`); empty when none are given.
    gepubliceerd: tuple[object, ...] = field(default=(), repr=False, compare=False)


def _time_key(periode: str) -> tuple[int, float]:
    year = int(periode[:4])
    if "Q" in periode:
        return year, int(periode[-1]) * 3 - 0.5
    if "-" in periode:
        return year, int(periode[5:7])
    return year, 12.5


class Report:
    """One area's report: its rows of the profile and every block the notebook shows."""

    def __init__(self, inputs: ReportInputs, geo: str, periode: str | None = None,
                 grenzen: str | None = None) -> None:
        self.inputs = inputs
        profile = inputs.profile
        self.grenzen = grenzen or str(profile["grenzen"].iloc[0])
        self.geo: Geo = inputs.geography.resolve(geo, self.grenzen)
        self.catalogue = inputs.catalogue
        mine = profile[(profile["geo"] == self.geo.code) & (profile["geo_type"] == self.geo.type)]
        self.rows = mine
        self.periode = periode
        self.latest = self._latest(mine, periode)
        self.peers_label = PEERS_LABEL[self.geo.type]
        self.province = (inputs.geography.get(self.geo.provincie, "provincie", self.grenzen)
                         if self.geo.provincie and self.geo.type != "provincie" else None)

    # -- selection ------------------------------------------------------------------------------

    @staticmethod
    def _latest(rows: pd.DataFrame, periode: str | None) -> pd.DataFrame:
        """Per indicator the row of its latest periode (up to ``periode`` when given)."""
        keys = rows["periode"].map(_time_key)
        if periode:
            rows = rows[keys <= _time_key(periode)]
            keys = keys[rows.index]
        if rows.empty:
            return rows
        order = rows.assign(_k=keys).sort_values("_k")
        return order.drop_duplicates("indicator", keep="last").drop(columns="_k").set_index(
            "indicator")

    def indicators(self, sectie: str) -> list[Indicator]:
        """The observation indicators of a section, in catalogue order."""
        return [i for i in self.catalogue.indicators
                if i.sectie == sectie and i.soort == "observatie"]

    @functools.cached_property
    def _peer_groups(self) -> dict[tuple[str, str], pd.DataFrame]:
        peer_type = "provincie" if self.geo.type == "vlaanderen" else self.geo.type
        return _peer_groups(self.inputs, peer_type)

    def _peers(self, indicator: str, periode: str) -> pd.DataFrame:
        found = self._peer_groups.get((indicator, periode))
        return found if found is not None else self.inputs.profile.iloc[0:0]

    @functools.cached_property
    def _series_groups(self) -> tuple[pd.DataFrame, dict[tuple[str, str, str], np.ndarray]]:
        """The trend rows of this area, its province and Vlaanderen as the trend chart takes
        them (``reeks`` is the role), in time order, and their positions per (indicator,
        geo_type, geo): one selection per chart instead of a frame per group."""
        profile = self.inputs.profile
        roles = {(self.geo.type, self.geo.code): "area", ("vlaanderen", "02000"): "vlaanderen"}
        if self.province is not None:
            roles[("provincie", self.province.code)] = "provincie"
        mask = profile["geo_type"].isin({t for t, _ in roles}) & profile["geo"].isin(
            {c for _, c in roles})
        rows = profile[mask]
        rows = rows.iloc[np.argsort(rows["periode"].map(_time_key).to_numpy(), kind="stable")]
        reeks = [roles.get(key, "") for key in zip(rows["geo_type"], rows["geo"], strict=True)]
        trend = rows.assign(reeks=reeks, naam=rows["geo_naam"])[list(_TREND_COLUMNS)]
        positions = rows.groupby(["indicator", "geo_type", "geo"], sort=False).indices
        return trend, positions

    @functools.cached_property
    def _by_period(self) -> dict[tuple[str, str], int]:
        """Position in :attr:`rows` of each (indicator, periode)."""
        return {key: n for n, key in enumerate(zip(self.rows["indicator"], self.rows["periode"],
                                                   strict=True))}

    # -- blocks ---------------------------------------------------------------------------------

    def title_block(self) -> Html:
        geo = self.geo
        parts = [f"<header class='titel'><p class='boventitel'>Samenwerking VDAB &amp; lokale "
                 f"besturen · beleidsrapportage</p><h1>{esc(geo.naam)}</h1>",
                 f"<p class='soort'>{esc(TYPE_LABEL[geo.type])}"
                 + (f" · provincie {esc(self.province.naam.removeprefix('Provincie '))}"
                    if self.province else "") + f" · gemeentegrenzen {esc(self.grenzen)}</p>"]
        if self.inputs.is_example:
            parts.append(banner_html())
        if geo.type not in {"gemeente", "centrumstad", "vlaanderen"}:
            names = [self.inputs.geography.get(n, "gemeente", self.grenzen).naam
                     for n in geo.gemeenten]
            parts.append(f"<p class='leden'><strong>{fmt.count(len(names), 'gemeente')}:</strong> "
                         f"{esc(narrative.dutch_list(sorted(names)))}.</p>")
        latest = sorted(self.latest["periode"].unique(), key=_time_key) if len(self.latest) else []
        if latest:
            parts.append(f"<p class='periode'>Meest recente periode per indicator: "
                         f"{esc(latest[0])} tot {esc(latest[-1])}. Gemaakt op "
                         f"{esc(self.inputs.provenance.get('gemaakt', ''))}.</p>")
        parts.append("</header>")
        parts.append(self.locator_map())
        return Html("".join(parts))

    def locator_map(self) -> str:
        """Where the area lies within its province; nothing without boundaries (the technical
        note says why)."""
        from analysis import kaart

        base = self.inputs.kaarten.get(self.grenzen)
        if base is None:
            return ""
        return kaart.locator_map(base, self.inputs.geography, self.geo)._repr_html_()

    def overview(self) -> Html:
        """'In één oogopslag': every indicator with a text label and a colour. Vlaanderen is
        compared with its provinces instead (:meth:`province_overview`)."""
        if self.geo.type == "vlaanderen":
            return self.province_overview()
        head = ("<table class='overzicht'><caption>In één oogopslag: de laatste periode per "
                "indicator</caption><thead><tr><th scope='col'>Indicator</th>"
                "<th scope='col'>Periode</th><th scope='col'>Waarde</th>"
                "<th scope='col'>Vlaanderen</th><th scope='col'>t.o.v. Vlaanderen</th>"
                "<th scope='col'>Provincie</th><th scope='col'>t.o.v. provincie</th>"
                "<th scope='col'>Verandering</th><th scope='col'>Trend</th>"
                f"<th scope='col'>Rang onder {esc(self.peers_label)}</th></tr></thead><tbody>")
        body = []
        for indicator in self.catalogue.indicators:
            if indicator.id not in self.latest.index:
                continue
            row = self.latest.loc[indicator.id]
            unit, dec = indicator.eenheid, indicator.decimalen
            rank = ("" if pd.isna(row.rang) or self.geo.type == "vlaanderen"
                    else f"{int(row.rang)} van {int(row.n_peers)}")
            body.append(
                f"<tr><th scope='row'>{esc(indicator.titel)}</th><td>{esc(row.periode)}</td>"
                f"<td class='getal'>{esc(fmt.format_value(row.waarde, unit, dec))}</td>"
                f"<td class='getal'>{esc(fmt.format_value(row.vlaanderen, unit, dec))}</td>"
                f"<td>{_tag(row.vergelijking_vlaanderen)}</td>"
                f"<td class='getal'>{esc(fmt.format_value(row.provincie_waarde, unit, dec))}</td>"
                f"<td>{_tag(row.vergelijking_provincie)}</td>"
                f"<td class='getal'>{esc(_change(row.waarde, row.verschil_1j, indicator))}</td>"
                f"<td>{esc(row.trend)}</td><td class='getal'>{esc(rank)}</td></tr>"
            )
        return Html(head + "".join(body) + "</tbody></table>")

    def province_overview(self) -> Html:
        """Vlaanderen's 'In één oogopslag': per indicator Vlaanderen and each province, with
        the tag of the province against Vlaanderen, the change and the trend."""
        names = sorted({str(n) for i in self.catalogue.indicators if i.id in self.latest.index
                        for n in self._peers(i.id, self.latest.loc[i.id, "periode"])["geo_naam"]})
        head = ("<table class='overzicht provincies'><caption>In één oogopslag: Vlaanderen en "
                "de provincies, de laatste periode per indicator (het label vergelijkt de "
                "provincie met Vlaanderen)</caption><thead><tr><th scope='col'>Indicator</th>"
                "<th scope='col'>Periode</th><th scope='col'>Vlaanderen</th>"
                + "".join(f"<th scope='col'>{esc(n.removeprefix('Provincie '))}</th>"
                          for n in names)
                + "<th scope='col'>Verandering</th><th scope='col'>Trend</th></tr></thead>"
                "<tbody>")
        body = []
        for indicator in self.catalogue.indicators:
            if indicator.id not in self.latest.index:
                continue
            row = self.latest.loc[indicator.id]
            unit, dec = indicator.eenheid, indicator.decimalen
            peers = self._peers(indicator.id, row.periode)
            found = {} if peers.empty else {str(n): (w, c, o) for n, w, c, o in zip(
                peers["geo_naam"], peers["waarde"], peers["vergelijking"], peers["onderdrukt"],
                strict=True)}
            cells = []
            for name in names:
                value, label, hidden = found.get(name, (np.nan, None, 0))
                value = np.nan if hidden == 1 else value
                tag = f"<br>{_tag(label)}" if indicator.is_rate and not pd.isna(value) else ""
                cells.append(f"<td class='getal'>{esc(fmt.format_value(value, unit, dec))}"
                             f"{tag}</td>")
            body.append(
                f"<tr><th scope='row'>{esc(indicator.titel)}</th><td>{esc(row.periode)}</td>"
                f"<td class='getal'>{esc(fmt.format_value(row.waarde, unit, dec))}</td>"
                + "".join(cells)
                + f"<td class='getal'>{esc(_change(row.waarde, row.verschil_1j, indicator))}</td>"
                f"<td>{esc(row.trend)}</td></tr>")
        return Html(head + "".join(body) + "</tbody></table>")

    def spine(self) -> charts.Chart | Html:
        """The spine chart of the compared indicators (Fingertips geometry)."""
        rows = []
        for indicator in self.catalogue.indicators:
            if indicator.vergelijking != "ci_95_998" or indicator.id not in self.latest.index:
                continue
            row = self.latest.loc[indicator.id]
            peers = self._peers(indicator.id, row.periode)
            values = peers["waarde"].to_numpy(dtype=float, na_value=np.nan)[
                peers["onderdrukt"].to_numpy() == 0]
            values = values[~np.isnan(values)]
            if len(values) < 0.75 * max(len(peers), 1) or len(values) < 3:
                continue
            unit, dec = indicator.eenheid, indicator.decimalen
            # numpy's default quantile method is pandas' "linear".
            q25, q75 = np.quantile(values, [0.25, 0.75])
            rows.append({
                "titel": indicator.titel, "waarde": row.waarde, "vlaanderen": row.vlaanderen,
                "minimum": values.min(), "q25": q25, "q75": q75, "maximum": values.max(),
                "polariteit": indicator.polariteit, "vergelijking": row.vergelijking_vlaanderen,
                "label_waarde": fmt.format_value(row.waarde, unit, dec),
                "label_vlaanderen": fmt.format_value(row.vlaanderen, unit, dec),
            })
        if self.geo.type == "vlaanderen":
            return Html("")  # the provinces are in the overview table
        if not rows:
            return Html("<p class='toelichting'>Geen ruggengraatgrafiek: er zijn geen "
                        "vergelijkbare gebieden van hetzelfde type.</p>")
        return charts.spine_chart(pd.DataFrame(rows), area=self.geo.naam,
                                  title=f"{self.geo.naam} tegenover Vlaanderen en de andere "
                                        f"{self.peers_label}")

    def notable(self) -> Html:
        """'Wat valt op': 3-5 facts picked by rule."""
        latest = self.latest.reset_index()
        facts = narrative.notable_facts(latest, self.catalogue, area=self.geo.naam,
                                        peers_label=self.peers_label)
        if not facts:
            return Html("<p>Er springt geen cijfer significant uit.</p>")
        items = "".join(f"<li>{esc(f.text)}</li>" for f in facts)
        return Html(f"<ul class='opvallend'>{items}</ul>")

    def section(self, sectie: str) -> Html:
        """Every indicator block of a section as one fragment; consecutive indicators without
        data for the area fold into one line.

        One output instead of five or six per indicator: each output a kernel publishes is a
        message, a flush of its streams and an entry the notebook client stores (≈0,3 s per
        report in all).
        """
        return Html(chartlayout.fold_empty(
            self.indicators(sectie), lambda i: i.id in self.latest.index,
            lambda i: "".join(_markup(part) for part in self.indicator_block(i)),
            lambda run: chartlayout.empty_line(self.geo.naam,
                                               [f"{i.nummer} · {i.titel}" for i in run])))

    def indicator_block(self, indicator: Indicator) -> list[object]:
        """Headline figure, 2-4 sentences, a trend (or the values, under three points) and a
        peer chart side by side in print, and the source line."""
        out: list[object] = [Html(f"<h3 id='{esc(indicator.id)}'>{esc(indicator.nummer)} · "
                                  f"{esc(indicator.titel)}</h3>")]
        if indicator.id not in self.latest.index:
            out.append(Html(f"<p class='geen'>Geen gegevens voor {esc(self.geo.naam)}.</p>"))
            return out
        row = self.latest.loc[indicator.id]
        unit, dec = indicator.eenheid, indicator.decimalen
        main = [f"<p class='kerncijfer'><span class='getal-groot'>"
                f"{esc(fmt.format_value(row.waarde, unit, dec))}</span> "
                f"<span class='periode'>{esc(row.periode)}</span></p>"]
        previous = self._previous(indicator.id, row.periode)
        share = None
        if unit == "aantal" and row.vlaanderen and not pd.isna(row.waarde):
            share = float(row.waarde) / float(row.vlaanderen)
        sentences = narrative.indicator_sentences(
            row, indicator, area=self.geo.naam, period_label=row.periode,
            peers_label=self.peers_label, previous=previous,
            province=(self.province.naam.removeprefix("Provincie ") if self.province else None),
            share_of_flanders=share,
        )
        main.append("<p class='duiding'>" + " ".join(esc(s.text) for s in sentences) + "</p>"
                    + correcties.figure_note_html(corrections_of(self.inputs), indicator.id,
                                                  self.geo.code, row.periode))
        main.append(_markup(self._trend_chart(indicator, row)))
        peers = self._peer_chart(indicator, row)
        out.append(Html(chartlayout.side_by_side(main, [_markup(peers)] if peers else [])))
        note = f" {esc(indicator.opmerking)}" if indicator.opmerking else ""
        row_note = f" {esc(row.opmerking)}." if row.opmerking else ""
        out.append(Html(f"<p class='bron'>Bron: {esc(indicator.bron)} · peildatum: "
                        f"{esc(indicator.peildatum)}.{row_note}{note}</p>"))
        return out

    def _previous(self, indicator: str, periode: str) -> pd.Series | None:
        earlier = f"{int(periode[:4]) - 1}{periode[4:]}"
        position = self._by_period.get((indicator, earlier))
        return None if position is None else self.rows.iloc[position]

    def _trend_chart(self, indicator: Indicator, row: pd.Series) -> object:
        codes = [(self.geo.type, self.geo.code)]
        # Counts of the province or Vlaanderen would flatten the area's line to the axis; the
        # share of Vlaanderen is in the sentences instead.
        levels = indicator.eenheid != "aantal"
        if self.province is not None and levels:
            codes.append(("provincie", self.province.code))
        if self.geo.type != "vlaanderen" and levels:
            codes.append(("vlaanderen", "02000"))
        trend, positions = self._series_groups
        found = [positions[key] for key in ((indicator.id, *code) for code in codes)
                 if key in positions]
        data = trend.iloc[np.concatenate(found) if found else []]
        mine = trend.iloc[positions.get((indicator.id, self.geo.type, self.geo.code), [])]
        if not chartlayout.has_trend(mine["waarde"]):
            return chartlayout.values_note(list(zip(mine["periode"], mine["waarde"],
                                                    strict=True)),
                                           indicator.eenheid, indicator.decimalen)
        title = _finding_title(self.geo.naam, row, indicator)
        return charts.trend_chart(
            data, title=title, unit=indicator.eenheid, decimals=indicator.decimalen,
            area=self.geo.naam,
        )

    def _peer_chart(self, indicator: Indicator, row: pd.Series) -> object | None:
        peers = self._peers(indicator.id, row.periode)
        if len(peers) < 2:
            return None
        if self.geo.type == "vlaanderen":
            # Vlaanderen is not one of its provinces: the chart sets them against it.
            highlight, title = "", f"{indicator.titel}: de provincies tegenover Vlaanderen"
        else:
            rank = ("" if pd.isna(row.rang)
                    else f": {narrative.ordinal(int(row.rang))} van {int(row.n_peers)}")
            highlight = self.geo.naam
            title = f"{indicator.titel}: {self.geo.naam} onder de {self.peers_label}{rank}"
        return charts.peer_chart(
            # A Flemish total on a scale of city counts would flatten every bar.
            peers, vlaanderen=None if indicator.eenheid == "aantal" else row.vlaanderen,
            highlight=highlight, title=title,
            unit=indicator.eenheid, decimals=indicator.decimalen,
        )

    # -- qualitative and reference blocks ---------------------------------------------------------

    def so_block(self) -> Html:
        """Samenwerkingsovereenkomsten: status of the member gemeenten and the province table."""

        status = self.inputs.kwalitatief.get("so_status")
        if status is None:
            return Html("<p>Geen gegevens over samenwerkingsovereenkomsten.</p>")
        known = so_status_of(self.inputs, self.grenzen, "2023-01")
        members = [known[nis] for nis in self.geo.gemeenten if nis in known]
        counts = Counter(members)
        # "status n", because a status is no noun to count ("1 gesprekken lopend").
        summary = ", ".join(f"{esc(s)} {n}" for s, n in
                            sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        return Html(
            f"<p>Stand op 1 januari 2023 in {esc(self.geo.naam)} "
            f"({fmt.count(len(members), 'gemeente')}): {summary}.{correcties.so_note(status)}</p>"
            + self.so_map()
            + so_province_table(self.inputs, self.grenzen)
        )

    def so_map(self) -> str:
        """The SO status of every gemeente of the area's province on 1/1/2023, the area
        outlined; nothing without boundaries."""
        from analysis import kaart

        base = self.inputs.kaarten.get(self.grenzen)
        if base is None:
            return ""
        status = so_status_of(self.inputs, self.grenzen, "2023-01")
        return kaart.status_map(base, self.inputs.geography, status, members=[self.geo],
                                moment="1/1/2023", shared=False)._repr_html_()

    def actions(self, sectie: int) -> Html:
        """The example actions of a qualitative section for this area (or its province)."""
        from analysis import kwalitatief as kw

        items, links = _linked(self.inputs, "acties", sectie, self.grenzen)
        selection = kw.items_for(self.geo.code, items, links, self.inputs.geography,
                                 self.grenzen)
        if not selection.items:
            return Html(f"<p class='geen'>Geen voorbeelden voor {esc(self.geo.naam)}.</p>")
        intro = f"<p class='toelichting'>{esc(selection.melding)}</p>" if selection.melding else ""
        return Html(intro + action_list(selection.items))

    def practices(self) -> Html:
        """Good practices for this area (or its province)."""
        from analysis import kwalitatief as kw

        items, links = _linked(self.inputs, "praktijken", None, self.grenzen)
        selection = kw.items_for(self.geo.code, items, links, self.inputs.geography,
                                 self.grenzen)
        if not selection.items:
            return Html(f"<p class='geen'>Geen goede praktijken voor {esc(self.geo.naam)} of "
                        "zijn provincie.</p>")
        intro = f"<p class='toelichting'>{esc(selection.melding)}</p>" if selection.melding else ""
        blocks = []
        for item in selection.items:
            blocks.append(f"<article class='praktijk'><h4>{esc(item.titel)}</h4>"
                          f"<p>{esc(item.beschrijving)}</p></article>")
        return Html(intro + "".join(blocks))

    def digibanken(self) -> Html:
        province = self.province.code if self.province else self.geo.code
        return Html(digibanken_html(self.inputs, province))

    def sources(self) -> Html:
        """'Bronnen en definities' from the catalogue."""
        return Html(sources_html(self.catalogue))

    def technical_note(self) -> Html:
        return Html(technical_note_html(self.inputs.provenance,
                                        map_line(self.inputs, self.grenzen),
                                        self.inputs.is_example, self.catalogue))

    def projection(self) -> Html:
        """The indicative projection towards a target, for the geography types the catalogue
        names (``streefwaarde.projectie``); nothing for other types."""
        return Html(streefwaarde.section_markup(self.rows, self.catalogue, self.geo.naam,
                                                self.geo.type, self.periode))


def projection_block(inputs: ReportInputs, geo: str, periode: str | None = None,
                     grenzen: str | None = None) -> Html:
    """:meth:`Report.projection` of one area, for a report of several (the beleidsrapportage)."""
    return Report(inputs, geo, periode, grenzen).projection()


# -- blocks shared with other reports (analysis.vergelijking) --------------------------------------


def banner_html() -> str:
    """The banner of every output made from the example data."""
    return (f"<p class='banner' role='note'><strong>Voorbeelddata.</strong> "
            f"{esc(BANNER.removeprefix('voorbeelddata — '))}.</p>")


def so_province_table(inputs: ReportInputs, grenzen: str,
                      codes: Sequence[str] | None = None, box: bool = False) -> str:
    """Tabel 1 of seed 003: signed SO per province on 1/1/2023 and the prognose for 30/6/2023.

    ``codes``: the provinces (and ``02000`` for Vlaanderen) to show, in Tabel 1 order; all of
    them when None. Needs ``inputs.kwalitatief["so_status"]``. A cell that differs from the
    published Tabel 1 shows the published figure beside it, and the reasons follow the table;
    ``box``: the document also has the box of :func:`corrections_box`, and the caption points
    to it.
    """
    table, prognose = _so_tables(inputs, grenzen)
    status = inputs.kwalitatief["so_status"]
    # The published Tabel 1 counts the gemeenten of the status file's boundary version; on
    # other boundaries a cell differs for that reason alone, so it is not compared.
    published = corrections_of(inputs) if grenzen == status.grenzen else None
    ids = {level: correcties.so_indicator(inputs.catalogue, level)
           for level in ("gemeente", "regiegebied")}
    rows, used = [], []

    def cell(text: str, level: str, code: str, moment: str, velden: tuple[str, ...]) -> str:
        marked, found = correcties.so_cell(esc(text), published, ids[level], code, moment,
                                           velden)
        used.extend(found)
        return f"<td class='getal'>{marked}</td>"

    for now, later in zip(table.itertuples(), prognose.itertuples(), strict=True):
        if codes is not None and now.code not in codes:
            continue
        cells = []
        for moment, part in (("2023-01", now), ("2023-06", later)):
            cells.append(cell(f"{part.gemeenten_getekend}/{part.gemeenten_totaal}", "gemeente",
                              now.code, moment, ("teller", "noemer")))
            cells.append(cell(fmt.format_value(part.gemeenten_pct, "percent", 0), "gemeente",
                              now.code, moment, ("waarde",)))
        for moment, part in (("2023-01", now), ("2023-06", later)):
            cells.append(cell(f"{part.regiegebieden_getekend}/{part.regiegebieden_totaal}",
                              "regiegebied", now.code, moment, ("teller", "noemer")))
        rows.append(f"<tr><th scope='row'>{esc(now.naam)}</th>{''.join(cells)}</tr>")
    source = correcties.so_source(bool(used), published is not None, grenzen, status.grenzen,
                                  box)
    return ("<table class='so'><caption>Samenwerkingsovereenkomsten per provincie: getekend op "
            f"1/1/2023 en prognose 30/6/2023, {source}.</caption><thead><tr>"
            "<th scope='col'></th>"
            "<th scope='col'>Gemeenten 1/1</th><th scope='col'>%</th>"
            "<th scope='col'>Gemeenten 30/6</th><th scope='col'>%</th>"
            "<th scope='col'>Regiegebieden 1/1</th><th scope='col'>Regiegebieden 30/6</th>"
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            + correcties.reasons_html(used))


def corrections_of(inputs: ReportInputs) -> correcties.Gepubliceerd | None:
    """The published figures of the inputs with the package's corrections, memoised; None
    when the inputs hold no published figures."""
    if not inputs.gepubliceerd:
        return None
    key = ("correcties",)
    found = inputs.memo.get(key)
    if found is None:
        found = inputs.memo[key] = correcties.compute(
            inputs.gepubliceerd, inputs.catalogue, inputs.geography,  # type: ignore[arg-type]
            inputs.kwalitatief.get("so_status"), inputs.profile)  # type: ignore[arg-type]
    return found  # type: ignore[return-value]


def corrections_box(inputs: ReportInputs, secties: Sequence[str] | None = None,
                    level: int = 3) -> str:
    """The box "Correcties op de rapportage van december 2022" (empty without corrections)."""
    published = corrections_of(inputs)
    return "" if published is None else correcties.box_html(published, secties, level)


def map_line(inputs: ReportInputs, grenzen: str) -> str:
    """The technical note's line on maps: the boundaries used, or why there are none."""
    from analysis import kaart

    return kaart.technical_line(inputs.kaarten, grenzen)


def so_status_of(inputs: ReportInputs, grenzen: str, moment: str) -> dict[str, str]:
    """The SO status of every gemeente of ``grenzen`` at ``moment`` (``2023-01``), memoised.

    The status file lists the gemeenten of 2024; a gemeente merged since has the least
    advanced status of its parts (it counts as signed once all of them signed).
    """
    from analysis.kwalitatief import SO_STATUSES

    key = ("so_status", grenzen, moment)
    found = inputs.memo.get(key)
    if found is None:
        status = inputs.kwalitatief.get("so_status")
        found = {}
        if status is not None:
            rows = {row.nis: row.status(moment) for row in status.gemeenten}
            table = inputs.geography.gemeenten
            codes = table.loc[table["grenzen"] == grenzen, "nis"].tolist()
            if grenzen == "2024":
                found = {c: rows[c] for c in codes if c in rows}
            elif VERSIONS.index(grenzen) < VERSIONS.index("2024"):
                # An older gemeente lies within one of 2024.
                walk = inputs.geography.crosswalk(grenzen, "2024")
                found = {c: rows[walk[c]] for c in codes if walk.get(c) in rows}
            else:
                parts: dict[str, list[str]] = {}
                walk = inputs.geography.crosswalk("2024", grenzen)
                for old, value in rows.items():
                    if old in walk:
                        parts.setdefault(walk[old], []).append(value)
                found = {c: min(parts[c], key=SO_STATUSES.index) for c in codes if c in parts}
        inputs.memo[key] = found
    return found  # type: ignore[return-value]


def action_list(items: Sequence[object]) -> str:
    """Example actions as a list: title, date, places, description, partners (escaped)."""
    entries = []
    for item in items:
        when = f" <span class='datum'>[{esc(item.datum)}]</span>" if item.datum else ""
        places = esc(", ".join(item.plaatsen))
        partners = (f" <span class='partners'>Partners: {esc(', '.join(item.partners))}.</span>"
                    if item.partners else "")
        entries.append(f"<li><strong>{esc(item.titel)}</strong>{when} — {places}. "
                       f"{esc(item.beschrijving)}{partners}</li>")
    return "<ul class='acties'>" + "".join(entries) + "</ul>"


def digibanken_html(inputs: ReportInputs, province: str | None) -> str:
    """The number of digibanken in Vlaanderen; the list of them in West-Vlaanderen (30000)."""
    found = inputs.kwalitatief.get("digibanken")
    if found is None:
        return "<p class='geen'>Geen gegevens over digibanken.</p>"
    text = (f"<p>Januari 2023 telt Vlaanderen {found.vlaanderen_totaal} digibanken.</p>")
    if province == "30000":
        items = "".join(f"<li>{esc(d.titel)} ({esc(d.promotor)})</li>"
                        for d in found.west_vlaanderen)
        text += f"<p>In West-Vlaanderen:</p><ul class='digibanken'>{items}</ul>"
    return text


def sources_html(catalogue: Catalogue) -> str:
    """'Bronnen en definities': every indicator of the catalogue with its definition."""
    rows = "".join(
        f"<tr><th scope='row'>{esc(i.nummer)} · {esc(i.titel)}</th>"
        f"<td>{esc(i.definitie)} <em>Teller:</em> {esc(i.teller)}."
        + (f" <em>Noemer:</em> {esc(i.noemer)}." if i.noemer else "")
        + f"</td><td>{esc(i.bron)}; {esc(i.peildatum)}</td></tr>"
        for i in catalogue.indicators
    )
    return ("<table class='bronnen'><thead><tr><th scope='col'>Indicator</th>"
            "<th scope='col'>Definitie</th><th scope='col'>Bron en peildatum</th>"
            "</tr></thead><tbody>" + rows + "</tbody></table>")


def technical_note_html(provenance: dict[str, str], kaarten: str = "",
                        example: bool = False, catalogue: Catalogue | None = None) -> str:
    """Data, version, time of making, maps and method, from the provenance of the inputs; the
    rule of significance and relevance with the catalogue's relevant differences.

    ``kaarten``: the line on maps (:func:`map_line`); ``example``: made from the example data.
    The data are named by their fingerprint, not by the folder they were read from: a local
    path means nothing to a reader.
    """
    p = provenance
    data = "voorbeelddata van het pakket" if example else "aangeleverde waarnemingen"
    return (
        "<dl class='technisch'>"
        f"<dt>Gegevens</dt><dd>{esc(data)} (SHA-256 {esc(p.get('hash', '')[:16])}…)</dd>"
        f"<dt>Versie</dt><dd>rapportage {esc(p.get('versie', ''))}, commit "
        f"{esc(p.get('commit', 'onbekend'))}</dd>"
        f"<dt>Gemaakt</dt><dd>{esc(p.get('gemaakt', ''))}</dd>"
        + (f"<dt>Kaarten</dt><dd>{esc(kaarten[:1].upper() + kaarten[1:])}.</dd>"
           if kaarten else "")
        + "<dt>Methode</dt><dd>Percentages zijn Σteller / Σnoemer over de gemeenten; "
        "95 %- en 99,8 %-intervallen (Wilson; Byar/exact Poisson voor aantallen); "
        "vergelijking volgens Fingertips; kleine aantallen (1-4) onderdrukt. De projectie naar "
        "een streefwaarde is indicatief: gewone kleinste kwadraten op het jaar, met het 95 %-"
        "voorspellingsinterval van een nieuwe waarde (statsmodels OLS).</dd>"
        f"<dt>Significant en relevant</dt><dd>{esc(narrative.relevance_rule(catalogue))}</dd>"
        "</dl>"
    )


def _markup(part: object) -> str:
    """The HTML a notebook shows for a block part (an :class:`Html` or a chart)."""
    return part._repr_html_()  # type: ignore[attr-defined]


_TREND_COLUMNS = ("periode", "reeks", "naam", "waarde", "ci95_laag", "ci95_hoog")


def _peer_groups(inputs: ReportInputs, peer_type: str) -> dict[tuple[str, str], pd.DataFrame]:
    """The profile rows of one geography type per (indicator, periode), memoised."""
    key = ("peers", peer_type)
    found = inputs.memo.get(key)
    if found is None:
        # One pass over the profile instead of three masks per chart; the columns as the
        # peer chart takes them, and the suppression flag for the spine chart.
        profile = inputs.profile
        peers = profile[profile["geo_type"] == peer_type]
        frame = peers[["geo_naam", "waarde", "ci95_laag", "ci95_hoog", "vergelijking_vlaanderen",
                       "onderdrukt"]].rename(columns={"vergelijking_vlaanderen": "vergelijking"})
        found = inputs.memo[key] = {
            group: frame.iloc[rows] for group, rows in
            peers.groupby(["indicator", "periode"], sort=False).indices.items()}
    return found  # type: ignore[return-value]


def _linked(inputs: ReportInputs, kind: str, sectie: int | None,
            grenzen: str) -> tuple[list[object], list[frozenset[str]]]:
    """Qualitative items of a kind (and section) with the geographies each belongs to."""
    from analysis import kwalitatief as kw

    key = ("links", kind, sectie, grenzen)
    found = inputs.memo.get(key)
    if found is None:
        items = [item for item in (inputs.kwalitatief.get(kind) or [])
                 if sectie is None or item.sectie == sectie]
        links, _ = kw.link_to_geographies(items, inputs.geography, grenzen)
        found = inputs.memo[key] = (items, links)
    return found  # type: ignore[return-value]


def _so_tables(inputs: ReportInputs, grenzen: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The SO table per province on 1/1/2023 and the prognose for 30/6/2023, memoised."""
    from analysis import kwalitatief as kw

    key = ("so", grenzen)
    found = inputs.memo.get(key)
    if found is None:
        status = inputs.kwalitatief["so_status"]
        found = inputs.memo[key] = tuple(
            kw.so_summary(status, inputs.geography, grenzen, moment)
            for moment in ("2023-01", "2023-06"))
    return found  # type: ignore[return-value]


def _change(value: float, difference: float, indicator: Indicator) -> str:
    """The change against a year earlier as the difference of the displayed figures:
    procentpunt for percentages at their decimals; procent with one decimal for counts."""
    unit, decimals = indicator.eenheid, indicator.decimalen
    return fmt.format_change(wording.profile_change(value, difference, indicator), unit,
                             decimals if unit == "percent" else 1)


def _tag(label: object) -> str:
    text = "" if label is None or (isinstance(label, float) and np.isnan(label)) else str(label)
    return f"<span class='tag {style.TAG_CLASS.get(text, 'tag-niet')}'>{esc(text)}</span>"


def _finding_title(area: str, row: pd.Series, indicator: Indicator) -> str:
    """A chart title that states the finding: comparison with Vlaanderen and the trend, with
    what the trend tests ("trend over 5 jaar: geen significante verandering").

    Counts are not compared with Vlaanderen; their title gives the latest figure and, for a part
    of Vlaanderen, its share.
    """
    if indicator.eenheid == "aantal" and not pd.isna(row.waarde):
        title = (f"{area}: {fmt.format_value(row.waarde, 'aantal', indicator.decimalen)} "
                 f"in {row.periode}")
        if row.vlaanderen and not pd.isna(row.vlaanderen) and row.waarde != row.vlaanderen:
            share = fmt.format_value(100 * float(row.waarde) / float(row.vlaanderen),
                                     "percent", 1)
            title += f", {share} van Vlaanderen"
        return title
    compare = {
        "best": "duidelijk beter dan Vlaanderen", "beter": "beter dan Vlaanderen",
        "vergelijkbaar": "vergelijkbaar met Vlaanderen", "slechter": "slechter dan Vlaanderen",
        "slechtst": "duidelijk slechter dan Vlaanderen", "hoger": "hoger dan Vlaanderen",
        "veel hoger": "duidelijk hoger dan Vlaanderen", "lager": "lager dan Vlaanderen",
        "veel lager": "duidelijk lager dan Vlaanderen",
    }.get(str(row.vergelijking_vlaanderen))
    parts = [area]
    if compare:
        parts.append(compare)
    trend = narrative.trend_caption(row)
    if trend:
        parts.append(trend)
    return parts[0] + (": " + ", ".join(parts[1:]) if len(parts) > 1 else ": verloop")


def report_sections() -> Sequence[tuple[str, str]]:
    """The sections in seed order (for the notebook and the table of contents)."""
    return SECTIONS


def warm_up(inputs: ReportInputs) -> None:
    """Draw one report's figures and text once, and fill the shared memo of ``inputs``.

    For the warm-kernel zygote (:mod:`analysis.kernel`): font lookups and the text-size caches
    of :mod:`analysis.charts` are then filled before it forks, so no report kernel pays for
    them (≈0,13 s per report), and so are the peer groups of every geography type, the
    geographies of the actions and the SO tables (:attr:`ReportInputs.memo`, ≈0,15 s per
    report). Nothing of the drawn report is kept.
    """
    report = Report(inputs, "Vlaanderen")
    parts: list[object] = [report.overview(), report.spine()]
    for sectie in dict.fromkeys(i.sectie for i in report.catalogue.indicators
                                if i.soort == "observatie"):
        for indicator in report.indicators(sectie):
            parts += report.indicator_block(indicator)
    parts += [report.so_block(), report.practices(), report.projection(),
              *(report.actions(sectie) for sectie in QUALITATIVE)]
    for part in parts:
        getattr(part, "_repr_html_", lambda: None)()
    # Not the gemeenten: no batch report compares 300 of them, and their groups are large.
    for peer_type in ("centrumstad", "regiegebied", "provincie", "referentieregio"):
        _peer_groups(inputs, peer_type)
