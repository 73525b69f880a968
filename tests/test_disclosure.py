"""Disclosure control end to end: a full demo batch publishes no suppressed figure.

One full ``rapportage bouw`` of params/rapporten.yaml (area reports, group reports, the
beleidsrapportage, projects) is built once per session, and every CSV, XLSX and HTML it writes
is checked against a ground truth computed here from the embedded observations:

* the figures before suppression: :func:`analysis.indicators.aggregate` (Σteller, Σnoemer per
  geography) and :func:`analysis.indicators.add_values` (the value), the same functions the
  profile uses, so nothing of the aggregation is written twice;
* the suppression flags and reasons of the profile (:func:`analysis.indicators.build_profile`).

Exports (CSV and XLSX, every row): a suppressed row has no teller, noemer, value, interval,
change, rank or projection, and no published column of any row leans on a suppressed figure (a
change against a suppressed year, a trend or projection over one, a Vlaanderen or province value
that is suppressed). Within one table, for every indicator × periode: a total with all its parts
(a partition, a union of areas, or one area under two names; the total may also be a
``vlaanderen`` or ``provincie_waarde`` column) never has exactly one of them suppressed, and a
suppressed teller is not shown again as another indicator's teller or noemer (``wzw`` is the
noemer of ``wzw_in_opleiding``). Across all tables of the batch together no suppressed figure is
a linear combination of published ones.

Reports (HTML): the overview tables, the headline figure, the chart descriptions (``<desc>``,
what screen readers read and what lists every value of a chart), the peer lists and the
sentences never give a number for a suppressed (indicator, area, periode): it reads "–" or
"niet gepubliceerd"; and no suppressed small count (1-4) of the report's own area appears in
the sentences about that indicator. Every check has a positive control: a constructed leak is
flagged.
"""

from __future__ import annotations

import html as htmllib
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analysis import formatting as fmt
from analysis import io as aio
from analysis import narrative
from analysis.catalogue import Catalogue
from analysis.geography import Geography
from analysis.indicators import (
    add_values,
    aggregate,
    build_profile,
    default_grenzen,
    shift_periode,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
KEY = ["indicator", "geo_type", "geo", "periode"]

#: Columns a suppressed row leaves empty: its own figure and everything computed from it.
EMPTY_WHEN_SUPPRESSED = (
    "teller", "noemer", "waarde", "ci95_laag", "ci95_hoog", "ci998_laag", "ci998_hoog", "rang",
    "kwartiel", "verschil_1j", "verschil_1j_significant", "verschil_2j",
    "verschil_2j_significant", "projectie", "projectie_jaar", "projectie_venster",
    "projectie_jaar_vroegst", "projectie_jaar_laatst", "projectie_kort", "projectie_kort_venster",
    "projectie_kort_jaar",
)
#: A number as the reports write it (nl-BE): 3; 13.943; 75,2; −0,4; with " %" for a percentage.
NUMBER = r"[−-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?(?: %)?(?![\w,]\d)(?!\w)"
PERIODE = r"\d{4}(?:Q[1-4]|-\d{2})?"


# -- ground truth -------------------------------------------------------------------------------


@dataclass
class Truth:
    """The figures before and after suppression, keyed by (indicator, geo_type, geo, periode)."""

    catalogue: Catalogue
    geography: Geography
    grenzen: str
    profile: pd.DataFrame
    raw: pd.DataFrame
    #: key → (suppressed, opmerking, raw teller, raw noemer, published waarde)
    cells: dict[tuple[str, str, str, str], tuple[bool, str, float, float, float]]
    members: dict[str, frozenset[str]]
    type_of: dict[str, str]
    names: dict[str, dict[str, str]]
    #: (indicator whose teller, indicator that shows it again, column there)
    links: set[tuple[str, str, str]] = field(default_factory=set)
    #: (indicator, geo_type, geo) → suppressed small counts, filled by :func:`small_counts`
    small: dict[tuple[str, str, str], dict[str, str]] | None = None

    def cell(self, indicator: str, geo_type: str, geo: str, periode: str):
        return self.cells.get((indicator, geo_type, geo, periode))

    def suppressed(self, indicator: str, geo_type: str, geo: str, periode: str) -> bool:
        found = self.cell(indicator, geo_type, geo, periode)
        return bool(found and found[0])

    def shown(self, indicator: str, geo_type: str, geo: str, periode: str) -> str:
        """The published value as the reports write it ("–" when there is none)."""
        found = self.cell(indicator, geo_type, geo, periode)
        ind = self.catalogue[indicator]
        value = None if found is None or found[0] else found[4]
        return fmt.format_value(value, ind.eenheid, ind.decimalen)


def _links(raw: pd.DataFrame) -> set[tuple[str, str, str]]:
    """Tellers that another indicator shows again: equal on every shared row (at least 10,
    more than one value). Written here independently of analysis.indicators.linked_counts."""
    wide = raw.drop_duplicates(["indicator", "geo", "periode"]).pivot(
        index=["geo", "periode"], columns="indicator", values=["teller", "noemer"])
    found = set()
    for indicator in wide["teller"].columns:
        mine = wide[("teller", indicator)]
        for (column, other), theirs in wide.items():
            both = mine.notna() & theirs.notna()
            if other == indicator or both.sum() < 10:
                continue
            if (mine[both] == theirs[both]).all() and mine[both].nunique() > 1:
                found.add((indicator, other, column))
    return found


_TRUTHS: dict[str, Truth] = {}


def make_truth(grenzen: str | None = None) -> Truth:
    """The truth of the embedded data (data/, as ``rapportage bouw`` reads it), once per
    boundary version."""
    tables, problems = aio.read_reference(DATA / "reference")
    assert not problems
    geography = Geography(tables)
    observations = aio.read_observations([DATA], geo_check=geography.check_geo)
    assert not observations.problems
    obs = observations.data
    grenzen = grenzen or default_grenzen(obs)
    if grenzen not in _TRUTHS:
        _TRUTHS[grenzen] = _truth(obs, geography, grenzen)
    return _TRUTHS[grenzen]


def _truth(obs: pd.DataFrame, geography: Geography, grenzen: str) -> Truth:
    catalogue = aio.load_catalogue()
    raw = add_values(aggregate(obs, geography, catalogue, grenzen))
    profile = build_profile(obs, geography, catalogue, grenzen)
    merged = profile[[*KEY, "onderdrukt", "opmerking", "waarde"]].merge(
        raw[[*KEY, "teller", "noemer"]], on=KEY, how="left", validate="one_to_one")
    cells = {
        tuple(k): (bool(o), str(op), float(t), float(n), float(w))
        for *k, o, op, w, t, n in merged[[*KEY, "onderdrukt", "opmerking", "waarde", "teller",
                                          "noemer"]].itertuples(index=False)
    }
    m = geography.membership[geography.membership["grenzen"] == grenzen]
    members = {code: frozenset(nis) for code, nis in m.groupby("code")["nis"]}
    type_of = {}
    for geo_type, code in m[["type", "code"]].drop_duplicates().itertuples(index=False):
        type_of.setdefault(code, geo_type)  # a centrumstad code is its gemeente's code
    names: dict[str, dict[str, str]] = {}
    for geo_type, code, naam in m[["type", "code", "naam"]].drop_duplicates().itertuples(
            index=False):
        names.setdefault(geo_type, {})[naam] = code
    return Truth(catalogue, geography, grenzen, profile, raw, cells, members, type_of, names,
                 _links(raw))


@pytest.fixture(scope="session")
def batch(demo_batch) -> tuple[Path, float]:
    return demo_batch


@pytest.fixture(scope="session")
def manifest(batch) -> dict:
    return json.loads((batch[0] / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def truth(manifest) -> Truth:
    return make_truth(manifest.get("grenzen"))


@pytest.fixture(scope="session")
def small_truth() -> Truth:
    """The ground truth without a batch, for the positive controls."""
    return make_truth()


@pytest.fixture(scope="session")
def tables(batch, manifest) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Report key → (CSV, XLSX) of every report made from the profile, read once."""
    out = batch[0]
    return {key: (read_csv(out / entry["bestanden"]["csv"]),
                  read_xlsx(out / entry["bestanden"]["xlsx"]))
            for key, entry in _profile_reports(manifest)}


# -- reading the exports --------------------------------------------------------------------------


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def read_xlsx(path: Path) -> pd.DataFrame:
    """The ``profiel`` sheet as text, the way the CSV writes it (empty cell → "")."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = list(book["profiel"].iter_rows(values_only=True))
    finally:
        book.close()
    frame = pd.DataFrame(rows[1:], columns=rows[0], dtype=object)
    return frame.map(lambda v: "" if v is None else str(v))


def _number(text: str) -> float:
    return float(text) if text != "" else math.nan


def same_table(csv: pd.DataFrame, xlsx: pd.DataFrame) -> list[str]:
    """The XLSX holds the CSV's rows: the same text, or the same number to the precision a
    workbook keeps (15-16 significant digits: a relative difference below 1e-14)."""
    if list(csv.columns) != list(xlsx.columns) or len(csv) != len(xlsx):
        return [f"kolommen of aantal rijen verschillen ({len(csv)} tegenover {len(xlsx)})"]
    problems = []
    for column in csv.columns:
        for i, (a, b) in enumerate(zip(csv[column], xlsx[column], strict=True)):
            if a == b:
                continue
            try:
                if math.isclose(float(a), float(b), rel_tol=1e-14):
                    continue
            except ValueError:
                pass
            problems.append(f"rij {i + 2}, kolom {column}: CSV {a!r}, XLSX {b!r}")
    return problems


# -- checks of one export table --------------------------------------------------------------------


def _flag(row: dict[str, str]) -> bool:
    return row["onderdrukt"] not in ("", "0", "0.0")


def check_rows(table: pd.DataFrame, truth: Truth) -> list[str]:
    """Every row: its flag, nothing of a suppressed figure, no column built on one."""
    problems = []
    records = table.to_dict("records")
    for i, row in enumerate(records, start=2):
        key = (row["indicator"], row["geo_type"], row["geo"], row["periode"])
        where = f"rij {i} ({', '.join(key)})"
        if row["periode"] == "":  # an indicator without data for this area
            if any(row[c] != "" for c in ("teller", "noemer", "waarde")):
                problems.append(f"{where}: een cijfer zonder periode")
            continue
        found = truth.cell(*key)
        if found is None:
            problems.append(f"{where}: niet in het profiel")
            continue
        suppressed = found[0]
        if _flag(row) != suppressed:
            problems.append(f"{where}: onderdrukt={row['onderdrukt']!r}, het profiel zegt "
                            f"{int(suppressed)}")
        if suppressed:
            for column in EMPTY_WHEN_SUPPRESSED:
                if row[column] != "":
                    problems.append(f"{where}: onderdrukt maar {column} = {row[column]!r}")
            for column in ("vergelijking_vlaanderen", "vergelijking_provincie"):
                if row[column] != "niet vergeleken":
                    problems.append(f"{where}: onderdrukt maar {column} = {row[column]!r}")
            if row["trend"] != "niet berekend":
                problems.append(f"{where}: onderdrukt maar trend = {row['trend']!r}")
            if not row["opmerking"].startswith("onderdrukt: "):
                problems.append(f"{where}: opmerking zegt niet waarom: {row['opmerking']!r}")
        else:
            for column, truth_value in (("teller", found[2]), ("noemer", found[3]),
                                        ("waarde", found[4])):
                shown = _number(row[column])
                if not (shown == truth_value or (math.isnan(shown) and math.isnan(truth_value))):
                    problems.append(f"{where}: {column} {row[column]!r}, verwacht {truth_value}")
        problems += _derived(row, key, truth, where)
    return problems


def _earlier(periode: str, years: int) -> str:
    """The same quarter or month ``years`` earlier (as analysis.indicators.shift_periode)."""
    return f"{int(periode[:4]) - years}{periode[4:]}"


def _derived(row: dict[str, str], key: tuple[str, str, str, str], truth: Truth,
             where: str) -> list[str]:
    """Columns of a row that use other figures: none of those may be suppressed."""
    indicator, geo_type, geo, periode = key
    problems = []
    for years in (1, 2):
        earlier = _earlier(periode, years)
        if row[f"verschil_{years}j"] != "" and truth.suppressed(indicator, geo_type, geo, earlier):
            problems.append(f"{where}: verschil_{years}j tegenover het onderdrukte {earlier}")
    points = int(float(row["trend_punten"])) if row["trend_punten"] != "" else 0
    for k in range(points):
        earlier = _earlier(periode, k)
        if truth.suppressed(indicator, geo_type, geo, earlier):
            problems.append(f"{where}: trend over {points} punten met het onderdrukte {earlier}")
    if row["vlaanderen"] != "" and truth.suppressed(indicator, "vlaanderen", "02000", periode):
        problems.append(f"{where}: toont de onderdrukte waarde van Vlaanderen")
    if row["provincie_waarde"] != "" and truth.suppressed(indicator, "provincie",
                                                          row["provincie"], periode):
        problems.append(f"{where}: toont de onderdrukte waarde van provincie {row['provincie']}")
    return problems


def check_projections(table: pd.DataFrame, truth: Truth) -> list[str]:
    """A projection is the one the published values of the table give: nothing hidden in it."""
    from analysis import statistics as st
    from analysis.projection import projection_options

    problems = []
    series: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in table[table["periode"] != ""].to_dict("records"):
        series.setdefault((row["indicator"], row["geo_type"], row["geo"]), []).append(row)
    for (indicator, geo_type, geo), rows in series.items():
        for row in rows:
            if row["projectie"] == "":
                continue
            kind = [r for r in rows if r["waarde"] != "" and r["periode"][4:] == row["periode"][4:]]
            years = np.array([int(r["periode"][:4]) for r in kind])
            values = np.array([float(r["waarde"]) for r in kind])
            options = projection_options(truth.catalogue[indicator])
            short = st.PROJECTION_SHORT_WINDOW
            for column, last in (("projectie", None), ("projectie_kort", short)):
                result = st.projection_to_target(years, values, float(row["streefwaarde"]),
                                                 last=last, **options)
                if result["label"] == row[column]:
                    continue
                hidden = [r["periode"] for r in rows
                          if truth.suppressed(indicator, geo_type, geo, r["periode"])]
                problems.append(
                    f"{indicator}, {geo} {row['periode']}: {column} {row[column]!r} komt "
                    f"niet uit de gepubliceerde waarden ({result['label']!r}); onderdrukt: "
                    f"{', '.join(hidden) or 'geen'}")
    return problems


def _status(row: dict[str, str]) -> str:
    if _flag(row):
        return "verborgen"
    return "getoond" if row["teller"] != "" or row["waarde"] != "" else "geen"


def partitions_among(areas: frozenset[tuple[str, str]], truth: Truth) -> list[
        tuple[str, tuple[str, ...]]]:
    """(total, parts) among ``areas`` ((code, geo_type) pairs): the parts are every area of
    one other type inside the total, and together they cover its gemeenten exactly (a
    partition; one part is the same area under another name)."""
    key = (id(truth), areas)
    if key not in _PARTITIONS:
        kind = dict(areas)
        found = []
        for total in kind:
            whole = truth.members[total]
            for part_type in set(kind.values()) - {kind[total]}:
                parts = tuple(sorted(c for c, t in kind.items() if t == part_type
                                     and c != total and truth.members[c] <= whole))
                if parts and sum(len(truth.members[c]) for c in parts) == len(whole) and (
                        frozenset().union(*(truth.members[c] for c in parts)) == whole):
                    found.append((total, parts))
        _PARTITIONS[key] = found
    return _PARTITIONS[key]


_PARTITIONS: dict[object, list[tuple[str, tuple[str, ...]]]] = {}


def check_partitions(table: pd.DataFrame, truth: Truth) -> list[str]:
    """Within the table, per indicator × periode: a total and all its parts (rows, or a total
    given in the ``vlaanderen``/``provincie_waarde`` column) never have exactly one suppressed
    (:func:`partitions_among`). A row without data adds nothing and is known.
    """
    problems = []
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in table[table["periode"] != ""].to_dict("records"):
        groups.setdefault((row["indicator"], row["periode"]), []).append(row)
    for (indicator, periode), rows in groups.items():
        status = {row["geo"]: _status(row) for row in rows}
        kind = {row["geo"]: row["geo_type"] for row in rows}
        for row in rows:  # totals shown as a column of the rows
            if row["vlaanderen"] != "":
                status.setdefault("02000", "getoond")
                kind.setdefault("02000", "vlaanderen")
            if row["provincie_waarde"] != "" and row["provincie"] != "":
                status.setdefault(row["provincie"], "getoond")
                kind.setdefault(row["provincie"], "provincie")
        seen: set[frozenset[str]] = set()
        for total, parts in partitions_among(frozenset(kind.items()), truth):
            group = frozenset([total, *parts])
            hidden = [c for c in group if status[c] == "verborgen"]
            if status[total] == "geen" or len(hidden) != 1 or group in seen:
                continue
            seen.add(group)
            problems.append(f"{indicator} {periode}: {hidden[0]} is af te leiden uit "
                            f"{total} = {' + '.join(parts)}, waarin alleen {hidden[0]} "
                            "onderdrukt is")
    return problems


def check_links(table: pd.DataFrame, truth: Truth) -> list[str]:
    """A suppressed teller is not shown again in the same table as another indicator's teller
    or noemer (same area, same periode)."""
    problems = []
    data = table[table["periode"] != ""].set_index(["indicator", "geo_type", "geo", "periode"])
    hidden = data[data["onderdrukt"].map(lambda v: v not in ("", "0", "0.0"))]
    for (indicator, geo_type, geo, periode) in hidden.index:
        for source, other, column in truth.links:
            if source != indicator:
                continue
            key = (other, geo_type, geo, periode)
            if key in data.index and data.loc[key, column] != "":
                problems.append(f"{indicator} {geo} {periode}: de onderdrukte teller staat als "
                                f"{column} van {other} in de tabel ({data.loc[key, column]})")
    return problems


def check_table(table: pd.DataFrame, truth: Truth) -> list[str]:
    return (check_rows(table, truth) + check_projections(table, truth)
            + check_partitions(table, truth) + check_links(table, truth))


# -- the whole batch at once ----------------------------------------------------------------------


def recoverable_across(tables: Iterable[pd.DataFrame], truth: Truth) -> list[str]:
    """Suppressed figures that a reader of every table together can compute exactly.

    Per indicator × periode every published summed figure is a 0/1 row over the gemeenten; the
    gemeenten the reader knows (published centrumsteden, and those of an area without any
    data) are left out. A suppressed figure is recoverable when its row lies in the row space
    of the published ones.
    """
    rows = pd.concat(tables, ignore_index=True)
    rows = rows[rows["periode"] != ""].drop_duplicates(["indicator", "geo_type", "geo",
                                                        "periode"])
    gemeenten = sorted({n for code, s in truth.members.items() for n in s})
    column = {n: i for i, n in enumerate(gemeenten)}

    def vector(code: str) -> np.ndarray:
        out = np.zeros(len(gemeenten))
        out[[column[n] for n in truth.members[code]]] = 1.0
        return out

    problems = []
    for (indicator, periode), group in rows.groupby(["indicator", "periode"]):
        flags = group["onderdrukt"].map(lambda v: v not in ("", "0", "0.0")).to_numpy()
        if not flags.any():
            continue
        known = set()
        for record in group.to_dict("records"):
            if record["geo_type"] == "centrumstad" and not _flag(record):
                known.add(record["geo"])
            elif (record["n_met_gegevens"] not in ("",) and float(record["n_met_gegevens"]) == 0):
                known |= truth.members[record["geo"]]
        keep = [column[n] for n in gemeenten if n not in known]
        shown = group[~flags & (group["teller"] != "") & (group["geo_type"] != "centrumstad")]
        a = np.array([vector(c)[keep] for c in shown["geo"]]).reshape(-1, len(keep))
        null = np.eye(len(keep))
        if a.size:
            _, s, vt = np.linalg.svd(a, full_matrices=True)
            null = vt[int((s > 1e-9 * s.max()).sum()):]
        for code in group.loc[flags, "geo"]:
            if np.abs(null @ vector(code)[keep]).max(initial=0.0) < 1e-8:
                problems.append(f"{indicator} {periode}: {code} volgt uit de gepubliceerde "
                                "cijfers van de tabellen samen")
    return problems


# -- reading the reports ---------------------------------------------------------------------------


def text_of(markup: str) -> str:
    """Visible text: tags dropped, entities resolved, soft hyphens and spacing normalised."""
    text = re.sub(r"<[^>]+>", " ", markup)
    text = htmllib.unescape(text).replace("\xad", "").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def descs(markup: str) -> list[str]:
    return [text_of(d) for d in re.findall(r"<desc[^>]*>(.*?)</desc>", markup, flags=re.S)]


def paragraphs(markup: str, cls: str) -> list[str]:
    return [text_of(p) for p in re.findall(rf"<p class=['\"]{cls}['\"]>(.*?)</p>", markup,
                                           flags=re.S)]


def blocks(markup: str, ids: Iterable[str], prefix: str = "") -> dict[str, str]:
    """Indicator id → its block: from its heading to the next heading of that level or higher."""
    found = {}
    for indicator in ids:
        head = re.search(rf"<h([2-5]) id=['\"]{re.escape(prefix + indicator)}['\"]>", markup)
        if head is None:
            continue
        level = int(head.group(1))
        end = re.compile(rf"<h[1-{level}][ >]").search(markup, head.end())
        found[indicator] = markup[head.start():end.start() if end else len(markup)]
    return found


def _masked(text: str, names: dict[str, tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """Replace every area name in ``text`` by ``§i§``; the longest name wins, so "Limburg"
    inside "Provincie Limburg" or "Zuid-Oost-Limburg" is not taken for itself."""
    ordered = tuple(sorted(names, key=lambda n: (-len(n), n)))
    pattern = _NAME_PATTERNS.get(ordered)
    if pattern is None:
        pattern = _NAME_PATTERNS[ordered] = re.compile(
            r"(?<![\w§-])(" + "|".join(re.escape(n) for n in ordered) + r")(?![\w-])")
    keys: list[tuple[str, str]] = []

    def mark(match: re.Match[str]) -> str:
        keys.append(names[match.group(1)])
        return f"§{len(keys) - 1}§"

    return pattern.sub(mark, text), keys


_NAME_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


#: "Name (A tegenover B)" compares the area's A with Name's B: no mention of Name's value.
MENTION = re.compile(
    rf"§(?P<k>\d+)§(?: \(stippellijn\))?(?:: | \(| )(?P<v>{NUMBER})(?!(?: %)? tegenover)"
    rf"(?: in (?P<p>{PERIODE}))?(?:, (?P<v2>{NUMBER}) in (?P<p2>{PERIODE}))?")


def mentions(text: str, names: dict[str, tuple[str, str]],
             periode: str | None) -> list[tuple[tuple[str, str], str, str]]:
    """(area, value, periode) for every "Name: 3", "Name (3)", "Name 3" and "Name: 3 in P"."""
    masked, keys = _masked(text, names)
    found = []
    for m in MENTION.finditer(masked):
        area = keys[int(m.group("k"))]
        found.append((area, m.group("v"), m.group("p") or periode))
        if m.group("v2"):
            found.append((area, m.group("v2"), m.group("p2")))
    return [f for f in found if f[2] is not None]


def check_mentions(text: str, indicator: str, names: dict[str, tuple[str, str]],
                   periode: str | None, truth: Truth, where: str) -> list[str]:
    """Every number given for an area is that area's published value, never a suppressed one."""
    problems = []
    for (geo_type, geo), value, at in mentions(text, names, periode):
        if truth.suppressed(indicator, geo_type, geo, at):
            problems.append(f"{where}: {geo} {at} is onderdrukt maar toont {value!r}")
        elif truth.cell(indicator, geo_type, geo, at) is not None and value != truth.shown(
                indicator, geo_type, geo, at):
            problems.append(f"{where}: {geo} {at} toont {value!r}, gepubliceerd is "
                            f"{truth.shown(indicator, geo_type, geo, at)!r}")
    return problems


def _template_parts(indicator: str) -> list[str]:
    """The fixed words of an indicator's headline, numbers and all ("3 maanden na …")."""
    phrasing = narrative.PHRASING.get(indicator)
    template = phrasing.zin if phrasing else ""
    return [p for p in re.split(r"\{\w+\}", template) if re.search(r"\d", p)]


def value_numbers(sentences: str, indicator: str, truth: Truth, area_name: str) -> list[str]:
    """The numbers of sentences that can be figures: without periods, ranks ("3de van de 13"),
    "de laatste 3 jaar", "1 op de 10", "4 keer zoveel", the title, the area and the fixed words
    of the headline."""
    text = sentences
    for fixed in [truth.catalogue[indicator].titel, area_name, *_template_parts(indicator)]:
        text = text.replace(fixed, " ")
    for pattern in (rf"\b{PERIODE}\b", r"\b\d+(?:ste|de|e)\b", r"van de \d+\b",
                    r"de laatste \d+ jaar", r"\b\d+ op de \d+\b",
                    # a ratio word ("bijna 4 keer zoveel"), not a figure
                    r"\b\d+ keer zoveel\b",
                    # the catalogue's relevant difference, a fixed word, not a figure
                    r"(?:kleiner dan|relevante verschil van) \d+(?:,\d+)? (?:procentpunt|%)"):
        text = re.sub(pattern, " ", text)
    return re.findall(NUMBER, text)


def small_counts(truth: Truth, indicator: str, geo_type: str, geo: str) -> dict[str, str]:
    """Suppressed small tellers and noemers (1-4) of one area and indicator: text → periode."""
    if truth.small is None:
        truth.small = {}
        for (ind, t, g, periode), (hidden, _, teller, noemer, _) in truth.cells.items():
            for count in (teller, noemer) if hidden else ():
                if not math.isnan(count) and 1 <= count <= 4:
                    truth.small.setdefault((ind, t, g), {})[fmt.format_number(count)] = periode
    return truth.small.get((indicator, geo_type, geo), {})


_SUPPRESSED_SENTENCE = re.compile(
    r"Het cijfer voor '(?P<titel>.*)' in (?P<area>.*) \((?P<p>[^)]*)\) wordt niet gepubliceerd: "
    r"(?P<why>het steunt op te kleine aantallen|anders zou een klein aantal elders af te "
    r"leiden zijn)\.")


def _names(truth: Truth, geo_type: str, extra: Iterable[tuple[str, str]]) -> dict[
        str, tuple[str, str]]:
    names = {name: (geo_type, code) for name, code in truth.names.get(
        "centrumstad" if geo_type == "centrumstad" else geo_type, {}).items()}
    for t, code in extra:
        naam = next(n for n, c in truth.names[t].items() if c == code)
        names[naam] = (t, code)
        names.update(_province_phrase(t, naam, code))
    return names


def _province_phrase(geo_type: str, naam: str, code: str) -> dict[str, tuple[str, str]]:
    """Sentences name a province as "de provincie Antwerpen": that is the province, not the
    city of the same name."""
    if geo_type != "provincie":
        return {}
    return {"provincie " + naam.removeprefix("Provincie "): (geo_type, code)}


def _area_overview(table: str, geo_type: str, geo: str, province: str | None, truth: Truth,
                   latest: dict[str, str]) -> list[str]:
    """The overview table of an area: value, Vlaanderen, province, change, rank."""
    problems = []
    by_title = {i.titel: i.id for i in truth.catalogue.indicators}
    for row in re.findall(r"<tr><th scope=['\"]row['\"]>(.*?)</tr>", table, re.S):
        cells = [text_of(c) for c in re.split(r"</t[hd]>", row)[:-1]]
        title, periode, value, flanders, _, prov, _, change, _, rank = cells
        indicator = by_title[title]
        latest[indicator] = periode
        where = f"overzicht, {indicator} {periode}"
        if truth.suppressed(indicator, geo_type, geo, periode):
            if (value, change, rank) != ("–", "–", ""):
                problems.append(f"{where}: onderdrukt maar waarde {value!r}, verandering "
                                f"{change!r}, rang {rank!r}")
        elif value != truth.shown(indicator, geo_type, geo, periode):
            problems.append(f"{where}: waarde {value!r}, gepubliceerd "
                            f"{truth.shown(indicator, geo_type, geo, periode)!r}")
        if change != "–" and truth.suppressed(indicator, geo_type, geo, _earlier(periode, 1)):
            problems.append(f"{where}: verandering {change!r} tegenover een onderdrukt jaar")
        if flanders != truth.shown(indicator, "vlaanderen", "02000", periode):
            problems.append(f"{where}: Vlaanderen {flanders!r}")
        if province and prov != truth.shown(indicator, "provincie", province, periode):
            problems.append(f"{where}: provincie {prov!r}")
    return problems


def _province_overview(table: str, truth: Truth, latest: dict[str, str]) -> list[str]:
    """Vlaanderen's overview: Vlaanderen and each province (its value, then its tag)."""
    problems = []
    by_title = {i.titel: i.id for i in truth.catalogue.indicators}
    heads = [text_of(h) for h in re.findall(r"<th scope=['\"]col['\"]>(.*?)</th>", table)]
    codes = [truth.names["provincie"]["Provincie " + name] for name in heads[3:-2]]
    for row in re.findall(r"<tr><th scope=['\"]row['\"]>(.*?)</tr>", table, re.S):
        cells = [text_of(c.split("<br>")[0]) for c in re.split(r"</t[hd]>", row)[:-1]]
        title, periode, value, *provinces = cells[:-2]
        indicator = by_title[title]
        latest[indicator] = periode
        where = f"overzicht, {indicator} {periode}"
        if value != truth.shown(indicator, "vlaanderen", "02000", periode):
            problems.append(f"{where}: Vlaanderen {value!r}")
        for code, shown in zip(codes, provinces, strict=True):
            expected = ("–" if truth.suppressed(indicator, "provincie", code, periode)
                        else truth.shown(indicator, "provincie", code, periode))
            if shown != expected:
                problems.append(f"{where}: provincie {code} {shown!r}, gepubliceerd {expected!r}")
    return problems


def check_area_report(markup: str, geo_type: str, geo: str, truth: Truth) -> list[str]:
    """A regiorapport: overview, headline figures, sentences, charts, 'Wat valt op'."""
    problems = []
    catalogue = truth.catalogue
    area = next(n for n, c in truth.names[geo_type].items() if c == geo)
    province = next((p for p in truth.names["provincie"].values()
                     if geo_type != "provincie" and truth.members[geo] <= truth.members[p]),
                    None)
    peer_type = "provincie" if geo_type == "vlaanderen" else geo_type
    extra = [(geo_type, geo), ("vlaanderen", "02000")] + ([("provincie", province)]
                                                          if province else [])
    names = _names(truth, peer_type, extra)
    by_title = {i.titel: i.id for i in catalogue.indicators}
    latest: dict[str, str] = {}

    # In één oogopslag (Vlaanderen: set against its provinces).
    table = re.search(r"<table class=['\"]overzicht['\"]>.*?</table>", markup, flags=re.S)
    if table is None and geo_type == "vlaanderen":
        table = re.search(r"<table class=['\"]overzicht provincies['\"]>.*?</table>", markup,
                          flags=re.S)
        if table is not None:
            problems += _province_overview(table.group(0), truth, latest)
    elif table is not None:
        problems += _area_overview(table.group(0), geo_type, geo, province, truth, latest)
    if table is None:
        return ["geen overzichtstabel"]

    # The spine chart: "Titel (75,2 % tegenover 71,8 %)".
    spine = markup[table.end():markup.find("<h2", table.end())]
    for description in descs(spine):
        for indicator, periode in latest.items():
            titel = catalogue[indicator].titel
            for m in re.finditer(rf"{re.escape(titel)} \((?P<v>{NUMBER}) tegenover", description):
                if m.group("v") != truth.shown(indicator, geo_type, geo, periode):
                    problems.append(f"ruggengraat, {indicator}: {m.group('v')!r}, gepubliceerd "
                                    f"{truth.shown(indicator, geo_type, geo, periode)!r}")

    # Wat valt op: facts start with the indicator's title.
    for fact in re.findall(r"<ul class=['\"]opvallend['\"]>(.*?)</ul>", markup, re.S):
        for item in re.findall(r"<li>(.*?)</li>", fact, re.S):
            item = text_of(item)
            indicator = next((by_title[t] for t in sorted(by_title, key=len, reverse=True)
                              if item.startswith(t + ":")), None)
            if indicator is None:
                problems.append(f"wat valt op: onbekende indicator in {item!r}")
            elif truth.suppressed(indicator, geo_type, geo, latest.get(indicator, "")):
                problems.append(f"wat valt op: {indicator} is onderdrukt: {item!r}")

    for indicator, block in blocks(markup, latest).items():
        periode = latest[indicator]
        ind = catalogue[indicator]
        where = f"{indicator} {periode}"
        figure = re.search(r"<span class=['\"]getal-groot['\"]>(.*?)</span>", block, re.S)
        sentences = " ".join(paragraphs(block, "duiding"))
        if truth.suppressed(indicator, geo_type, geo, periode):
            if figure is None or text_of(figure.group(1)) != "–":
                problems.append(f"{where}: kerncijfer van een onderdrukt cijfer")
            m = _SUPPRESSED_SENTENCE.fullmatch(sentences)
            secondary = "secundair" in truth.cell(indicator, geo_type, geo, periode)[1]
            if m is None or (m.group("titel"), m.group("area"), m.group("p")) != (
                    ind.titel, area, periode) or (
                    "elders" in m.group("why")) != secondary:
                problems.append(f"{where}: onderdrukt, maar de duiding is {sentences!r}")
        arrow = re.search(rf"\((?P<a>{NUMBER}) → (?P<b>{NUMBER})\)", sentences)
        if arrow and truth.suppressed(indicator, geo_type, geo, _earlier(periode, 1)):
            problems.append(f"{where}: {arrow.group(0)} noemt het onderdrukte vorige jaar")
        counts = small_counts(truth, indicator, geo_type, geo)
        for number in value_numbers(sentences, indicator, truth, area):
            if number in counts:
                problems.append(f"{where}: de zinnen noemen {number}, het onderdrukte kleine "
                                f"aantal van {counts[number]}: {sentences!r}")
        problems += check_mentions(sentences, indicator, names, periode, truth, where)
        for description in descs(block):
            problems += check_mentions(description, indicator, names, periode, truth,
                                       f"{where}, grafiek")
            if description.startswith("Rangschikking") and truth.suppressed(
                    indicator, geo_type, geo, periode) and geo_type != "vlaanderen" and (
                    f"{area}: niet gepubliceerd." not in description):
                problems.append(f"{where}: de rangschikking zegt niet dat {area} niet "
                                "gepubliceerd is")
    return problems


def chapters(markup: str) -> list[tuple[str, str]]:
    """(slug, markup) of each group comparison in a report: its indicator blocks have ids
    ``<slug>-<indicator>``; a chapter starts at its ``<slug>-overzicht`` heading."""
    slugs = list(dict.fromkeys(re.findall(r"<h\d id=['\"]([\w-]+?)-werkzaamheidsgraad['\"]",
                                          markup)))
    starts = []
    for slug in slugs:
        head = re.search(rf"<h\d id=['\"]{re.escape(slug)}-overzicht['\"]", markup)
        starts.append(head.start() if head and len(slugs) > 1 else 0)
    ends = [*starts[1:], len(markup)]
    return [(slug, markup[start:end]) for slug, start, end in zip(slugs, starts, ends,
                                                                    strict=True)]


def check_group_report(markup: str, candidates: list[tuple[str, str]], truth: Truth) -> list[str]:
    """A vergelijking, or each chapter of the beleidsrapportage: the overview of the members,
    and per indicator the sentences, the groups table, the ranking and the small multiples.
    ``candidates`` are the areas of the report's table; a chapter's members are those its
    overview lists."""
    problems = []
    catalogue = truth.catalogue
    labels = _key_labels()
    found = chapters(markup)
    if not found:
        return ["geen vergelijking gevonden"]
    for slug, chapter in found:
        overview = re.search(r"<table class=['\"]overzicht['\"]>(.*?)</table>", chapter, re.S)
        if overview is None:
            problems.append(f"{slug}: geen overzichtstabel")
            continue
        heads = re.findall(r"<th scope=['\"]col['\"]>(.*?)</th>", overview.group(1), re.S)
        columns = []
        for head in heads[1:]:
            periode = re.search(r"<span class=['\"]periode['\"]>(.*?)</span>", head).group(1)
            columns.append((labels[text_of(re.sub(r"<span.*?</span>", "", head))], periode))
        rows = [[text_of(re.sub(r"<br>.*", "", c, flags=re.S))
                 for c in re.split(r"</t[hd]>", row)[:-1]]
                for row in re.findall(r"<tr><th scope=['\"]row['\"]>(.*?)</tr>",
                                      overview.group(1), re.S)]
        everyone = _names_of(truth, candidates)
        members = [everyone[r[0]] for r in rows if r[0] in everyone]
        if len(members) != len(rows) - 1:  # every row but Vlaanderen is a member
            problems.append(f"{slug}: onbekende rijen in het overzicht")
        mine = _names_of(truth, [*members, ("vlaanderen", "02000")])
        # Overview: members × key indicators, periode in the header.
        for cells in rows:
            area = mine.get(cells[0])
            if area is None:
                continue
            for (indicator, periode), value in zip(columns, cells[1:], strict=True):
                expected = truth.shown(indicator, *area, periode)
                if value != expected:
                    problems.append(f"overzicht {slug}, {area[1]} {indicator} {periode}: "
                                    f"{value!r}, gepubliceerd {expected!r}")
        for indicator, block in blocks(chapter, catalogue.ids(), prefix=f"{slug}-").items():
            head = re.search(rf"<p class=['\"]kerncijfer['\"]>Vlaanderen: <strong>(.*?)"
                             rf"</strong> <span class=['\"]periode['\"]>({PERIODE})</span>", block)
            periode = head.group(2) if head else None
            where = f"{slug}, {indicator} {periode}"
            texts = [" ".join(paragraphs(block, "duiding")), *descs(block)]
            texts += [text_of(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", block, re.S)]
            for text in texts:
                problems += check_mentions(text, indicator, mine, periode, truth, where)
            ranking = next((d for d in descs(block) if d.startswith("Rangschikking")), None)
            if periode is None or ranking is None:
                continue
            hidden_list = ranking.split("Niet gepubliceerd:")[1] if (
                "Niet gepubliceerd:" in ranking) else ""
            for naam, area in mine.items():
                if truth.suppressed(indicator, *area, periode) and naam not in hidden_list:
                    problems.append(f"{where}: {naam} is onderdrukt maar niet als niet "
                                    "gepubliceerd vermeld")
    return problems


def _names_of(truth: Truth, areas: Iterable[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Name → (geo_type, code) of the given areas."""
    found = {}
    for geo_type, code in areas:
        naam = next(n for n, c in truth.names[geo_type].items() if c == code)
        found[naam] = (geo_type, code)
        found.update(_province_phrase(geo_type, naam, code))
    return found


def _key_labels() -> dict[str, str]:
    from analysis.vergelijking import KEY_INDICATORS

    return {label.replace("\xad", ""): indicator for indicator, label in KEY_INDICATORS.items()}


def check_index(markup: str, manifest: dict, truth: Truth) -> list[str]:
    """The index page: per report the key figures of the manifest, each the published value
    of its area (a suppressed one reads "–")."""
    problems = []
    shown = {}
    for href, row in re.findall(r"<th scope=['\"]row['\"]><a href=\"([^\"]+)\.html\">.*?</a>"
                                r"</th>(.*?)</tr>", markup, re.S):
        shown[href] = [text_of(re.sub(r"<br>.*", "", c, flags=re.S))
                       for c in re.findall(r"<td class=['\"]getal['\"]>(.*?)</td>", row, re.S)]
    for key, entry in manifest["rapporten"].items():
        area = entry.get("gebied") or {}
        figures = entry.get("kerncijfers", [])
        if figures and shown.get(key) != [f["value"] for f in figures]:
            problems.append(f"index: {key} toont {shown.get(key)}, het manifest "
                            f"{[f['value'] for f in figures]}")
        for figure in figures:
            if not figure.get("periode"):
                continue
            expected = truth.shown(figure["indicator"], area["type"], area["code"],
                                   figure["periode"])
            if figure["value"] != expected:
                problems.append(f"index: {key}, kerncijfer {figure['indicator']} "
                                f"{figure['periode']} {figure['value']!r}, gepubliceerd "
                                f"{expected!r}")
    return problems


# -- the batch -------------------------------------------------------------------------------------


def _profile_reports(manifest: dict) -> list[tuple[str, dict]]:
    return [(key, entry) for key, entry in manifest["rapporten"].items()
            if entry["soort"] != "projectvoortgang"]


def test_every_report_of_the_plan_was_built(batch, manifest):
    statuses = {key: entry["status"] for key, entry in manifest["rapporten"].items()}
    assert set(statuses.values()) == {"gebouwd"}, statuses
    kinds = {entry["soort"] for entry in manifest["rapporten"].values()}
    assert {"regiorapport", "projectvoortgang"} <= kinds
    for entry in manifest["rapporten"].values():
        for name in entry["bestanden"].values():
            assert (batch[0] / name).is_file(), name


def test_the_ground_truth_is_what_the_batch_published(tables, truth):
    # Every published teller of every export is the profile's: the truth is this batch's.
    checked = 0
    for csv, _ in tables.values():
        for row in csv[csv["teller"] != ""].to_dict("records"):
            found = truth.cell(row["indicator"], row["geo_type"], row["geo"], row["periode"])
            assert found is not None and float(row["teller"]) == found[2], row
            checked += 1
    assert checked > 10_000


def test_exports_show_no_suppressed_figure(tables, manifest, truth):
    problems = []
    for key, (csv, xlsx) in tables.items():
        files = manifest["rapporten"][key]["bestanden"]
        problems += [f"{files['csv']}: {p}" for p in check_rows(csv, truth)]
        problems += [f"{files['csv']}: {p}" for p in check_projections(csv, truth)]
        problems += [f"{files['xlsx']}: {p}" for p in same_table(csv, xlsx)]
    assert problems == []


def test_no_suppressed_figure_follows_from_its_table(tables, manifest, truth):
    problems = []
    for key, pair in tables.items():
        for name, table in zip(("csv", "xlsx"), pair, strict=True):
            where = manifest["rapporten"][key]["bestanden"][name]
            problems += [f"{where}: {p}" for p in check_partitions(table, truth)]
            problems += [f"{where}: {p}" for p in check_links(table, truth)]
    assert problems == []


def test_no_suppressed_figure_follows_from_all_tables_together(tables, truth):
    assert recoverable_across([csv for csv, _ in tables.values()], truth) == []


def test_reports_show_no_suppressed_figure(batch, manifest, tables, truth):
    problems = []
    for key, entry in _profile_reports(manifest):
        markup = (batch[0] / entry["bestanden"]["html"]).read_text(encoding="utf-8")
        if entry["soort"] == "regiorapport":
            area = entry["gebied"]
            found = check_area_report(markup, area["type"], area["code"], truth)
        else:
            table = tables[key][0]
            areas = table[["geo_type", "geo"]].drop_duplicates()
            found = check_group_report(markup, list(areas.itertuples(index=False, name=None)),
                                       truth)
        problems += [f"{entry['bestanden']['html']}: {p}" for p in found]
    index = (batch[0] / "index.html").read_text(encoding="utf-8")
    problems += check_index(index, manifest, truth)
    assert problems == []


# -- positive controls: a constructed leak is flagged ----------------------------------------------


def _export_of(truth: Truth, geo_type: str, geo: str) -> pd.DataFrame:
    """An area's export as the batch writes it (through CSV text), from the truth's profile."""
    from io import StringIO

    from analysis.indicators import area_export

    naam = next(n for n, c in truth.names[geo_type].items() if c == geo)
    frame = area_export(truth.profile, truth.catalogue, geo_type, geo, naam, truth.grenzen)
    return pd.read_csv(StringIO(frame.to_csv(index=False)), dtype=str, keep_default_na=False)


def _a_suppressed_cell(truth: Truth, geo_type: str, *, small: bool = False,
                       latest: bool = False, later: bool = False) -> tuple[str, str, str, str]:
    """The first suppressed cell of a type: with a small count (1-4), at the area's latest
    periode, or with a published cell a year later, as asked."""
    latest_of = truth.profile.groupby(["indicator", "geo_type", "geo"])["periode"].max()
    for key, (hidden, _note, teller, _, _) in sorted(truth.cells.items()):
        indicator, t, geo, periode = key
        if t != geo_type or not hidden or (small and not 1 <= teller <= 4):
            continue
        if latest and latest_of[(indicator, t, geo)] != periode:
            continue
        after = truth.cell(indicator, t, geo, _earlier(periode, -1))
        if later and (after is None or after[0]):
            continue
        return key
    raise AssertionError(f"geen onderdrukt cijfer voor {geo_type}")


def test_control_earlier_is_the_profile_s_shift():
    periods = ["2022Q4", "2022-09", "2019"]
    for years in (1, 2, -1):
        assert [_earlier(p, years) for p in periods] == shift_periode(
            pd.Series(periods), years).tolist()


def test_control_rows_flag_a_suppressed_figure_and_what_leans_on_it(small_truth):
    truth = small_truth
    indicator, geo_type, geo, periode = _a_suppressed_cell(truth, "regiegebied", later=True)
    table = _export_of(truth, geo_type, geo)
    assert check_rows(table, truth) == []
    assert check_projections(table, truth) == []
    at = table.index[(table["indicator"] == indicator) & (table["periode"] == periode)][0]
    for column, value in (("teller", "3.0"), ("waarde", "37.5"), ("ci95_hoog", "80.1"),
                          ("rang", "4.0")):
        leaking = table.copy()
        leaking.loc[at, column] = value
        assert check_rows(leaking, truth) == [
            f"rij {at + 2} ({indicator}, {geo_type}, {geo}, {periode}): onderdrukt maar "
            f"{column} = {value!r}"]
    leaking = table.copy()
    leaking.loc[at, "onderdrukt"] = "0.0"
    assert any("het profiel zegt 1" in p for p in check_rows(leaking, truth))
    # A published row one year later with a change against the suppressed year.
    after = table.index[(table["indicator"] == indicator)
                        & (table["periode"] == _earlier(periode, -1))][0]
    leaking = table.copy()
    leaking.loc[after, "verschil_1j"] = "1.5"
    assert check_rows(leaking, truth) == [
        f"rij {after + 2} ({indicator}, {geo_type}, {geo}, {_earlier(periode, -1)}): "
        f"verschil_1j tegenover het onderdrukte {periode}"]
    leaking = table.copy()
    leaking.loc[after, "trend_punten"] = "3.0"
    assert any(f"trend over 3 punten met het onderdrukte {periode}" in p
               for p in check_rows(leaking, truth))


def test_control_projection_from_a_suppressed_value(small_truth):
    truth = small_truth
    rows = truth.profile[(truth.profile["projectie"] != "") & (truth.profile["geo_type"]
                                                               == "regiegebied")]
    row = rows.iloc[0]
    table = _export_of(truth, "regiegebied", row["geo"])
    assert check_projections(table, truth) == []
    # Pretend an earlier value of the series fed the projection but is not published.
    mine = table[(table["indicator"] == row["indicator"]) & (table["waarde"] != "")]
    leaking = table.copy()
    leaking.loc[mine.index[0], ["waarde", "teller", "noemer"]] = ""
    assert len(check_projections(leaking, truth)) == 1


def test_control_partition_with_one_suppressed_part(small_truth):
    truth = small_truth
    # West-Vlaanderen (30000) is exactly its five regiegebieden.
    parts = sorted(c for c, t in truth.type_of.items() if t == "regiegebied"
                   and truth.members[c] <= truth.members["30000"])
    assert len(parts) == 5
    indicator, periode = "wzw", "2022Q4"
    rows = pd.DataFrame([{
        "indicator": indicator, "geo_type": "regiegebied", "geo": code, "periode": periode,
        "teller": "100.0", "waarde": "100.0", "onderdrukt": "0.0", "vlaanderen": "",
        "provincie": "30000", "provincie_waarde": "500.0"} for code in parts])
    assert check_partitions(rows, truth) == []
    rows.loc[0, ["teller", "waarde", "onderdrukt"]] = ["", "", "1.0"]
    assert check_partitions(rows, truth) == [
        f"wzw 2022Q4: {parts[0]} is af te leiden uit 30000 = {' + '.join(parts)}, waarin "
        f"alleen {parts[0]} onderdrukt is"]
    # Two suppressed parts: the province no longer gives either of them.
    rows.loc[1, ["teller", "waarde", "onderdrukt"]] = ["", "", "1.0"]
    assert check_partitions(rows, truth) == []
    # One area under two names: Limburg and its one referentieregio.
    same = next(c for c, t in truth.type_of.items()
                if t == "referentieregio" and truth.members[c] == truth.members["70000"])
    rows = pd.DataFrame([{
        "indicator": indicator, "geo_type": "referentieregio", "geo": same, "periode": periode,
        "teller": "", "waarde": "", "onderdrukt": "1.0", "vlaanderen": "", "provincie": "70000",
        "provincie_waarde": "40.0"}])
    assert len(check_partitions(rows, truth)) == 1


def test_control_a_suppressed_teller_shown_as_another_noemer(small_truth):
    truth = small_truth
    assert ("wzw", "wzw_in_opleiding", "noemer") in truth.links
    assert ("rmi", "ocmw_ingeschreven", "noemer") in truth.links
    row = {"geo_type": "regiegebied", "geo": "RG04", "periode": "2022Q4", "vlaanderen": "",
           "provincie": "", "provincie_waarde": ""}
    rows = pd.DataFrame([
        {**row, "indicator": "wzw", "teller": "", "noemer": "", "waarde": "",
         "onderdrukt": "1.0"},
        {**row, "indicator": "wzw_in_opleiding", "teller": "20.0", "noemer": "130.0",
         "waarde": "15.3", "onderdrukt": "0.0"},
    ])
    assert check_links(rows, truth) == [
        "wzw RG04 2022Q4: de onderdrukte teller staat als noemer van wzw_in_opleiding in de "
        "tabel (130.0)"]
    rows.loc[1, ["teller", "noemer", "waarde", "onderdrukt"]] = ["", "", "", "1.0"]
    assert check_links(rows, truth) == []


def test_control_tables_together(small_truth):
    truth = small_truth
    # RG26..RG30 make up West-Vlaanderen: with all but one published and the province too,
    # the last one follows.
    parts = sorted(c for c, t in truth.type_of.items() if t == "regiegebied"
                   and truth.members[c] <= truth.members["30000"])
    base = {"indicator": "wzw", "periode": "2022Q4", "n_met_gegevens": "5.0"}
    rows = [{**base, "geo_type": "provincie", "geo": "30000", "teller": "500.0",
             "onderdrukt": "0.0"}]
    rows += [{**base, "geo_type": "regiegebied", "geo": c, "teller": "100.0",
              "onderdrukt": "0.0"} for c in parts]
    table = pd.DataFrame(rows)
    assert recoverable_across([table], truth) == []
    table.loc[1, ["teller", "onderdrukt"]] = ["", "1.0"]
    assert recoverable_across([table], truth) == [
        f"wzw 2022Q4: {parts[0]} volgt uit de gepubliceerde cijfers van de tabellen samen"]
    table.loc[2, ["teller", "onderdrukt"]] = ["", "1.0"]
    assert recoverable_across([table], truth) == []


def _area_report(truth: Truth, geo_type: str, geo: str) -> str:
    """The markup of an area report's blocks, made by analysis.report from the truth."""
    from analysis.report import Report, ReportInputs

    inputs = ReportInputs(profile=truth.profile, catalogue=truth.catalogue,
                          geography=truth.geography, kwalitatief={}, is_example=True)
    report = Report(inputs, f"{geo_type}:{geo}", grenzen=truth.grenzen)
    parts = [report.overview()._repr_html_(), "<h2 id='x'>x</h2>"]
    for indicator in report.catalogue.indicators:
        if indicator.soort == "observatie":
            parts += [p._repr_html_() for p in report.indicator_block(indicator)]
    return "".join(parts)


def test_control_vlaanderen_overview_flags_a_wrong_province_value(small_truth):
    truth = small_truth
    markup = _area_report(truth, "vlaanderen", "02000")
    assert check_area_report(markup, "vlaanderen", "02000", truth) == []
    ind = truth.catalogue["werkzaamheidsgraad"]
    row = re.search(rf"<tr><th scope='row'>{re.escape(ind.titel)}</th><td>(\d+)</td>.*?</tr>",
                    markup)
    periode = row.group(1)
    first = re.findall(r"<th scope='col'>([^<]*)</th>", markup)[3]  # the first province
    code = truth.names["provincie"]["Provincie " + first]
    shown = truth.shown(ind.id, "provincie", code, periode)
    cells = row.group(0).split("<td class='getal'>")
    cells[2] = cells[2].replace(shown, "99,9 %", 1)  # [1] is Vlaanderen, [2] the first province
    changed = markup.replace(row.group(0), "<td class='getal'>".join(cells))
    assert check_area_report(changed, "vlaanderen", "02000", truth) == [
        f"overzicht, werkzaamheidsgraad {periode}: provincie {code} '99,9 %', gepubliceerd "
        f"{shown!r}"]


def test_control_reports_flag_a_shown_suppressed_figure(small_truth):
    truth = small_truth
    indicator, geo_type, geo, periode = _a_suppressed_cell(truth, "regiegebied", small=True,
                                                           latest=True)
    markup = _area_report(truth, geo_type, geo)
    assert check_area_report(markup, geo_type, geo, truth) == []
    area = next(n for n, c in truth.names[geo_type].items() if c == geo)
    count = fmt.format_number(truth.cell(indicator, geo_type, geo, periode)[2])
    ind = truth.catalogue[indicator]
    value = fmt.format_value(1.0, ind.eenheid, ind.decimalen)
    block = blocks(markup, [indicator])[indicator]

    def flagged(old: str, new: str, where: str = block) -> list[str]:
        assert old in where
        return check_area_report(markup.replace(where, where.replace(old, new, 1)), geo_type,
                                 geo, truth)

    # The small count in a sentence about the indicator.
    assert any(f"de zinnen noemen {count}, het onderdrukte kleine aantal" in p for p in flagged(
        "<p class='duiding'>", f"<p class='duiding'>Er zijn er {count} in {area}. "))
    # The headline figure and the sentence of a suppressed latest figure.
    assert f"{indicator} {periode}: kerncijfer van een onderdrukt cijfer" in flagged(
        "<span class='getal-groot'>–</span>", f"<span class='getal-groot'>{value}</span>")
    assert any("onderdrukt, maar de duiding is" in p for p in flagged(
        "wordt niet gepubliceerd", "wordt wel gepubliceerd"))
    # A chart description that gives the suppressed value.
    assert f"{indicator} {periode}, grafiek: {geo} {periode} is onderdrukt maar toont " \
        f"{value!r}" in flagged("<desc", f"<desc>{area}: {value} in {periode}.</desc><desc")
    # The overview giving a value for the suppressed latest figure.
    row = re.search(rf"<tr><th scope='row'>{re.escape(ind.titel)}</th><td>{periode}</td>"
                    r"<td class='getal'>–</td>", markup).group(0)
    assert any(f"overzicht, {indicator} {periode}: onderdrukt maar waarde {value!r}" in p
               for p in flagged(row, row.replace("–", value), markup))


def test_control_value_numbers_skip_periods_ranks_and_fixed_words(small_truth):
    text = ("In Gent is 3,5 % van de TWE-OCMW-cliënten met een beëindigd traject 3 maanden na "
            "het einde aan het werk (2022Q4). Gent staat 3de van de 13 centrumsteden. Over de "
            "laatste 3 jaar is er geen significante verandering. Dat is 4 van alle (bijna 1 op "
            "de 10). Het verschil is kleiner dan 1 procentpunt, minder dan het relevante "
            "verschil van 2 procentpunt.")
    assert value_numbers(text, "twe_uitstroom_3m", small_truth, "Gent") == ["3,5 %", "4"]


def _group_report(truth: Truth, spec: str) -> tuple[str, list[tuple[str, str]]]:
    """The overview and indicator blocks of a group report, made by analysis.vergelijking."""
    from analysis.report import ReportInputs
    from analysis.vergelijking import Comparison

    inputs = ReportInputs(profile=truth.profile, catalogue=truth.catalogue,
                          geography=truth.geography, kwalitatief={}, is_example=True)
    comparison = Comparison(inputs, spec, grenzen=truth.grenzen)
    parts = [comparison.overview().markup]
    parts += [comparison.indicator_block(i).markup for i in truth.catalogue.indicators
              if i.soort == "observatie"]
    return "".join(parts), [(g.type, g.code) for g in comparison.group.members]


def test_control_group_report_flags_a_named_suppressed_member(small_truth):
    truth = small_truth
    markup, members = _group_report(truth, "regiegebied:West-Vlaanderen")
    assert check_group_report(markup, members, truth) == []
    indicator, periode = "twe_uitstroom_12m_zelfstandige_duurzaam", "2022Q4"
    hidden = [(t, c) for t, c in members if truth.suppressed(indicator, t, c, periode)]
    assert hidden
    geo_type, geo = hidden[0]
    naam = next(n for n, c in truth.names[geo_type].items() if c == geo)
    block = blocks(markup, [indicator], prefix="regiegebieden-west-vlaanderen-")[indicator]
    # A sentence that names the suppressed member with a value.
    leaking = markup.replace(block, block.replace(
        "<p class='duiding'>", f"<p class='duiding'>{naam} (12,0 %) valt op. ", 1))
    assert check_group_report(leaking, members, truth) == [
        f"regiegebieden-west-vlaanderen, {indicator} {periode}: {geo} {periode} is onderdrukt "
        "maar toont '12,0 %'"]
    # The ranking no longer listing it as not published.
    description = descs(block)[0]
    assert description.startswith("Rangschikking") and naam in description
    leaking = markup.replace(block, block.replace(
        "Niet gepubliceerd:", "Ook:", 1))
    assert any(f"{naam} is onderdrukt maar niet als niet gepubliceerd vermeld" in p
               for p in check_group_report(leaking, members, truth))
    # The overview showing another value than the published one (a suppressed one reads "–").
    row = re.search(rf"<tr><th scope='row'>{re.escape(naam)}</th>.*?</tr>", markup).group(0)
    first = re.search(r"<td class='getal'>(.*?)<br>", row).group(1)
    leaking = markup.replace(row, row.replace(f"<td class='getal'>{first}<br>",
                                              "<td class='getal'>1,0 %<br>", 1))
    assert [p for p in check_group_report(leaking, members, truth) if "overzicht" in p] == [
        f"overzicht regiegebieden-west-vlaanderen, {geo} werkzaamheidsgraad "
        f"{truth.profile.loc[truth.profile.indicator == 'werkzaamheidsgraad', 'periode'].max()}"
        f": '1,0 %', gepubliceerd {first!r}"]


def test_control_index_flags_a_suppressed_key_figure(small_truth):
    truth = small_truth
    indicator, geo_type, geo, periode = _a_suppressed_cell(truth, "regiegebied", latest=True)
    figure = {"indicator": indicator, "value": "–", "periode": periode}
    manifest = {"rapporten": {"regiegebied/x": {"gebied": {"type": geo_type, "code": geo},
                                                "kerncijfers": [figure]}}}
    markup = ("<tr><th scope='row'><a href=\"regiegebied/x.html\">X</a></th>"
              "<td class='getal'>–</td></tr>")
    assert check_index(markup, manifest, truth) == []
    figure["value"] = "3"
    assert check_index(markup.replace("–", "3"), manifest, truth) == [
        f"index: regiegebied/x, kerncijfer {indicator} {periode} '3', gepubliceerd '–'"]
