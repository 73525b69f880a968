"""The index page of a batch: one offline HTML page that lists every report made.

Pure: the batch passes the profile and what it built; this module returns key figures and the
page as a string, and never reads or writes a file. Per report type (Vlaanderen, centrumsteden,
…) a table lists each area with a link to its report, a few headline figures and links to the
data files. A search box filters the rows by name, code or one of the area's gemeenten (inline
JavaScript, nothing from the network); without JavaScript the page works as a plain list. How
a report was built (gebouwd, ongewijzigd) is for the manifest and the CLI, not for the reader;
the page only says when a report is not available.

Every text that reaches the page is escaped here, and every link must be relative: the page is
opened from disk next to the reports (``outputs/index.html`` → ``centrumstad/gent.html``).
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

import pandas as pd

from analysis import formatting as fmt
from analysis import statistics as st
from analysis import style
from analysis.catalogue import Catalogue
from analysis.indicators import latest_periode

#: Headline figures of the index, one column each. Three rates that compare areas of any size
#: (Kerncijfers 1-3 as a share) and the number of werkzoekenden zonder werk for the scale of
#: the caseload (Kerncijfer 3 as published). All four exist for every area type.
KEY_INDICATORS: tuple[str, ...] = (
    "werkzaamheidsgraad",
    "werkzoekendengraad",
    "nba_graad",
    "wzw",
)
#: Column labels shorter than the catalogue titles; other ids fall back to their titel.
SHORT_LABELS: dict[str, str] = {
    "werkzaamheidsgraad": "Werkzaamheidsgraad",
    "werkzoekendengraad": "Werkzoekendengraad",
    "nba_graad": "Niet-beroepsactieven",
    "wzw": "Werkzoekenden zonder werk",
}
#: Report types in the order the index shows them.
TYPES_ORDER: tuple[str, ...] = (
    "rapportage", "groep", "vlaanderen", "centrumstad", "regiegebied", "provincie",
    "referentieregio", "gemeente", "project",
)
#: Dutch heading per report type; an unknown type shows as its own name, capitalised.
TYPE_PLURAL: dict[str, str] = {
    "rapportage": "Beleidsrapportage",
    "groep": "Vergelijkingen",
    "project": "Voortgang van projecten",
    "vlaanderen": "Vlaanderen",
    "centrumstad": "Centrumsteden",
    "regiegebied": "Regiegebieden sociale economie en werk",
    "provincie": "Provincies",
    "referentieregio": "Referentieregio's",
    "gemeente": "Gemeenten",
}
#: Build statuses: made now, kept from an earlier run (inputs unchanged), or failed. Only a
#: failure reaches the reader, as "niet beschikbaar".
BUILT, UNCHANGED, FAILED = "gebouwd", "ongewijzigd", "mislukt"
STATUSES: tuple[str, ...] = (BUILT, UNCHANGED, FAILED)
#: Comparison with Vlaanderen → tag class of the house style. "niet vergeleken" gets no tag:
#: on an index it is noise, the report explains it.
TAG_CLASS: dict[str, str] = {label: css for label, css in style.TAG_CLASS.items()
                             if label != st.NOT_COMPARED}

CSS = style.BASE_CSS + """
body { max-width: 72rem; }
.aantal { color: var(--grijs); font-weight: 400; }
nav.types ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; }
.zoek { margin: 1rem 0; } .zoek label { font-weight: 600; margin-right: .5rem; }
.zoek input { font: inherit; padding: .2rem .4rem; min-width: 16rem; }
thead th { font-size: .85rem; }
.periode, .bron, .toelichting { color: var(--grijs); font-size: .85em; font-weight: 400; }
tr.status-mislukt th, tr.status-mislukt td { background: #fbe3d4; }
.status-mislukt .status { font-weight: 700; color: var(--fout); font-size: .85em; }
.geen { color: var(--grijs); } td.bestanden { white-space: nowrap; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 9pt; }
  .zoek, nav.types { display: none; }
  main { overflow: visible; }
  h2 { break-after: avoid; } tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

LEGEND = ("<p class='toelichting'>Het label onder een cijfer vergelijkt met Vlaanderen (best, "
          "beter, vergelijkbaar, slechter, slechtst; 95 %- en 99,8 %-betrouwbaarheidsintervallen)."
          " Elk rapport licht de vergelijking toe.</p>")

# The filter: hides rows whose name, code or gemeenten do not contain the typed text. The rows carry
# a normalised search text (lower case, no accents) made in Python, so the script only has to
# normalise what is typed. Plain ES5, no network, no storage.
SCRIPT = """
(function () {
  var box = document.getElementById('zoek');
  var result = document.getElementById('zoek-resultaat');
  if (!box || !box.addEventListener) { return; }
  function norm(text) {
    var plain = text.normalize ? text.normalize('NFKD') : text;
    return plain.replace(/[\\u0300-\\u036f]/g, '').toLowerCase().trim();
  }
  var sections = document.querySelectorAll('section.type');
  function filter() {
    var query = norm(box.value), shown = 0, total = 0;
    for (var s = 0; s < sections.length; s++) {
      var rows = sections[s].querySelectorAll('tr[data-zoek]'), visible = 0;
      for (var r = 0; r < rows.length; r++) {
        var hit = query === '' || rows[r].getAttribute('data-zoek').indexOf(query) !== -1;
        rows[r].hidden = !hit;
        if (hit) { visible++; }
      }
      sections[s].hidden = visible === 0;
      shown += visible; total += rows.length;
    }
    if (result) {
      result.textContent = query === '' ? '' : shown + ' van ' + total + ' gebieden getoond';
    }
  }
  box.addEventListener('input', filter);
  filter();
})();
"""


@dataclass(frozen=True)
class KeyFigure:
    """One headline figure of an area, ready to show.

    ``value`` is formatted in nl-BE with its unit (``71,4 %``, ``33.977``) or ``–`` when
    missing; ``periode`` is ``""`` when the area has no row for the indicator;
    ``vergelijking`` is the comparison with Vlaanderen (``beter``, ``niet vergeleken``, …) or
    ``""`` when there is none.
    """

    indicator: str
    label: str
    value: str
    periode: str
    vergelijking: str
    eenheid: str

    @property
    def header(self) -> str:
        """Column heading: short label and unit, e.g. ``Werkzaamheidsgraad (%)``."""
        unit = "%" if self.eenheid == "percent" else "aantal"
        return f"{self.label} ({unit})"


@dataclass(frozen=True)
class IndexEntry:
    """One area on the index page.

    ``href`` and the hrefs of ``links`` are relative to the folder of the index page
    (``centrumstad/gent.html``); an absolute path, a URL or a ``..`` step raises
    :class:`ValueError`. A failed report keeps its row but its name is not a link: the file
    is missing or out of date. ``links`` are shown as given: the caller knows which data
    files exist. ``zoektermen`` are further names the search finds the area by (its
    gemeenten: "Ieper" finds Westhoek).
    """

    geo_type: str
    code: str
    naam: str
    href: str
    status: str = BUILT
    key_figures: Sequence[KeyFigure] = field(default_factory=tuple)
    links: Sequence[tuple[str, str]] = field(default_factory=tuple)
    zoektermen: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"onbekende status '{self.status}'; verwacht: {', '.join(STATUSES)}")
        object.__setattr__(self, "key_figures", tuple(self.key_figures))
        object.__setattr__(self, "links", tuple((str(a), str(b)) for a, b in self.links))
        object.__setattr__(self, "zoektermen", tuple(str(t) for t in self.zoektermen))
        # An empty href: no file to link to (a report that failed on its first build).
        for target in ([self.href] if self.href else []) + [href for _, href in self.links]:
            check_href(target)


def check_href(href: str) -> str:
    """``href`` if it is a relative link inside the output folder, else :class:`ValueError`.

    The index is opened from disk and must never send the reader elsewhere: no scheme
    (``http:``, ``javascript:``), no host, no absolute path and no ``..``.
    """
    text = str(href)
    parts = urlsplit(text)
    if (not text or parts.scheme or parts.netloc or text.startswith(("/", "\\"))
            or ".." in PurePosixPath(parts.path.replace("\\", "/")).parts):
        raise ValueError(f"link '{text}' is geen relatief pad binnen de uitvoermap")
    return text


def relative_href(path: Path, root: Path) -> str:
    """The link from a page in ``root`` to ``path``: ``centrumstad/gent.html`` (POSIX)."""
    return check_href(path.relative_to(root).as_posix())


def key_figures(
    profile: pd.DataFrame,
    geo_type: str,
    geo_code: str,
    catalogue: Catalogue,
    ids: Sequence[str] = KEY_INDICATORS,
) -> list[KeyFigure]:
    """The headline figures of one area: per indicator its latest periode in the profile.

    Latest periode as in the report (the latest row, even when its value is suppressed, so the
    index and the report show the same figure). An indicator without rows or without a value
    gives ``–``. Ids not in the catalogue raise :class:`KeyError`.
    """
    # One mask and four columns: the batch calls this once per area on the whole profile.
    mask = ((profile["geo_type"] == geo_type) & (profile["geo"] == geo_code)
            & profile["indicator"].isin(list(ids)))
    columns = [c for c in ("indicator", "periode", "waarde", "vergelijking_vlaanderen")
               if c in profile.columns]
    rows_by_id: dict[str, list[dict[str, object]]] = {}
    for record in profile.loc[mask, columns].to_dict("records"):
        rows_by_id.setdefault(str(record["indicator"]), []).append(record)
    figures: list[KeyFigure] = []
    for indicator_id in ids:
        indicator = catalogue[indicator_id]
        label = SHORT_LABELS.get(indicator_id, indicator.titel)
        rows = rows_by_id.get(indicator_id, [])
        if not rows:
            figures.append(KeyFigure(indicator_id, label, fmt.MISSING, "", "", indicator.eenheid))
            continue
        periode = latest_periode(pd.Series([str(r["periode"]) for r in rows], dtype=object))
        row = [r for r in rows if str(r["periode"]) == periode][-1]
        waarde = row.get("waarde")
        value = fmt.format_value(None if _absent(waarde) else float(waarde), indicator.eenheid,
                                 indicator.decimalen)
        comparison = row.get("vergelijking_vlaanderen")
        figures.append(KeyFigure(
            indicator=indicator_id, label=label, value=value, periode=periode,
            vergelijking="" if _absent(comparison) else str(comparison),
            eenheid=indicator.eenheid,
        ))
    return figures


def _absent(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def type_label(geo_type: str) -> str:
    """Dutch heading of a report type: ``centrumstad`` → ``Centrumsteden``."""
    return TYPE_PLURAL.get(geo_type, geo_type.capitalize())


def search_text(*parts: object) -> str:
    """What the filter matches: lower case without accents (``Liège`` → ``liege``)."""
    joined = " ".join(str(p) for p in parts if p is not None)
    plain = unicodedata.normalize("NFKD", joined)
    return "".join(c for c in plain if not unicodedata.combining(c)).lower()


def _esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _href(href: str) -> str:
    # Percent-encode before escaping: a colon or a space in a file name stays a path.
    return _esc(quote(check_href(href), safe="/#.-_~"))


def _anchor(geo_type: str) -> str:
    return "type-" + ("".join(c if c.isascii() and c.isalnum() else "-" for c in geo_type.lower())
                      or "onbekend")


def _columns(entries: Sequence[IndexEntry]) -> list[tuple[str, str, str]]:
    """(indicator, heading, shared periode or "") per figure column, in order of appearance."""
    headers: dict[str, str] = {}
    periodes: dict[str, set[str]] = {}
    for entry in entries:
        for figure in entry.key_figures:
            headers.setdefault(figure.indicator, figure.header)
            if figure.periode:
                periodes.setdefault(figure.indicator, set()).add(figure.periode)
    shared = {k: next(iter(v)) for k, v in periodes.items() if len(v) == 1}
    return [(k, h, shared.get(k, "")) for k, h in headers.items()]


def _figure_cell(figure: KeyFigure | None, shared_periode: str) -> str:
    if figure is None:
        return f"<td class='getal geen'>{fmt.MISSING}</td>"
    parts = [_esc(figure.value)]
    if figure.periode and figure.periode != shared_periode:
        parts.append(f" <span class='periode'>({_esc(figure.periode)})</span>")
    tag = TAG_CLASS.get(figure.vergelijking)
    if tag:
        parts.append(f"<br><span class='tag {tag}' title='vergeleken met Vlaanderen'>"
                     f"{_esc(figure.vergelijking)}</span>")
    return f"<td class='getal'>{''.join(parts)}</td>"


def _row(entry: IndexEntry, columns: Sequence[tuple[str, str, str]]) -> str:
    failed = entry.status == FAILED
    name = (_esc(entry.naam) if failed or not entry.href
            else f"<a href=\"{_href(entry.href)}\">{_esc(entry.naam)}</a>")
    by_id = {f.indicator: f for f in entry.key_figures}
    cells = "".join(_figure_cell(by_id.get(ind), periode) for ind, _, periode in columns)
    unavailable = ("<br><span class='status'>rapport niet beschikbaar</span>" if failed
                   or not entry.href else "")
    links = " · ".join(f"<a href=\"{_href(href)}\">{_esc(label)}</a>"
                       for label, href in entry.links) or "<span class='geen'>–</span>"
    found_by = search_text(entry.naam, entry.code, *entry.zoektermen)
    return (f"<tr class='{'status-mislukt' if failed else 'rapport'}' "
            f"data-zoek=\"{_esc(found_by)}\">"
            f"<th scope='row'>{name}{unavailable}</th>{cells}"
            f"<td class='bestanden'>{links}</td></tr>")


def _section(geo_type: str, entries: Sequence[IndexEntry]) -> str:
    columns = _columns(entries)
    heads = "".join(
        f"<th scope='col' class='getal'>{_esc(header)}"
        + (f"<br><span class='periode'>{_esc(periode)}</span>" if periode else "") + "</th>"
        for _, header, periode in columns)
    failed = sum(e.status == FAILED for e in entries)
    note = (f"<p class='toelichting'><strong>Let op:</strong> "
            f"{fmt.count(failed, 'rapport is', 'rapporten zijn')} niet beschikbaar.</p>"
            if failed else "")
    anchor = _anchor(geo_type)
    return (
        f"<section class='type' id='{anchor}'>"
        f"<h2 id='{anchor}-kop'>{_esc(type_label(geo_type))} "
        f"<span class='aantal'>({len(entries)})</span></h2>{note}"
        f"<table aria-labelledby='{anchor}-kop'><thead><tr>"
        f"<th scope='col'>Naam</th>{heads}"
        f"<th scope='col'>Gegevens</th></tr></thead><tbody>"
        + "".join(_row(e, columns) for e in entries)
        + "</tbody></table></section>"
    )


def _banner(text: str) -> str:
    # The voorbeelddata banner reads as in the reports: "Voorbeelddata." in bold, then the rest.
    prefix = "voorbeelddata — "
    if text.lower().startswith(prefix):
        rest = text[len(prefix):].rstrip(".")
        return (f"<p class='banner' role='note'><strong>Voorbeelddata.</strong> "
                f"{_esc(rest)}.</p>")
    return f"<p class='banner' role='note'>{_esc(text)}</p>"


def group_entries(
    entries: Iterable[IndexEntry], types_order: Sequence[str] = TYPES_ORDER
) -> list[tuple[str, list[IndexEntry]]]:
    """Entries per type: types in ``types_order`` first, other types after in order of
    appearance (never dropped); within a type the order given; empty types left out."""
    groups: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.geo_type, []).append(entry)
    order = [t for t in types_order if t in groups] + [t for t in groups if t not in types_order]
    return [(t, groups[t]) for t in order]


def index_html(
    entries: Sequence[IndexEntry],
    *,
    title: str,
    made: str,
    banner: str | None = None,
    types_order: Sequence[str] = TYPES_ORDER,
) -> str:
    """The index page: a table per report type with links, key figures and data files.

    One offline page: ``<html lang="nl">``, inline style and one inline script (the search
    box), no resource from the network. ``banner`` (e.g. :data:`analysis.voorbeeld.BANNER`)
    is shown on top when given; ``made`` is the moment of making, shown at the bottom.
    """
    groups = group_entries(entries, types_order)
    total = sum(len(g) for _, g in groups)
    nav = "".join(f"<li><a href='#{_anchor(t)}'>{_esc(type_label(t))} ({len(g)})</a></li>"
                  for t, g in groups)
    summary = f"Gemaakt op {_esc(made)} · {fmt.count(total, 'rapport')}."
    body = [
        "<header>",
        "<p class='boventitel'>Samenwerking VDAB &amp; lokale besturen · beleidsrapportage</p>"
        f"<h1>{_esc(title)}</h1>",
        _banner(banner) if banner else "",
        "</header>",
        f"<nav class='types' aria-label='Rapporttypes'><ul>{nav}</ul></nav>" if groups else "",
        "<div class='zoek' role='search'><label for='zoek'>Zoek een gebied</label>"
        "<input type='search' id='zoek' autocomplete='off' placeholder='naam, code of gemeente'>"
        "<p id='zoek-resultaat' class='toelichting' aria-live='polite'></p></div>",
        LEGEND if any(TAG_CLASS.get(f.vergelijking) for _, g in groups for e in g
                      for f in e.key_figures) else "",
        "".join(_section(t, g) for t, g in groups)
        or "<p class='geen'>Geen rapporten gemaakt.</p>",
        f"<footer><p class='bron'>{summary}</p></footer>",
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{_esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(part for part in body if part)
        + f"\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
