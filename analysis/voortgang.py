"""The project-progress report (voortgangsrapport) of one file in ``data/projecten``.

:func:`load_project` finds and reads the file (through :mod:`analysis.io`); every other function
is pure: it takes a :class:`~analysis.projecten.Project` and returns an HTML fragment
(:class:`analysis.report.Html`) or a chart (:class:`analysis.charts.Chart`, inline SVG) that the
notebook ``notebooks/projectvoortgang.ipynb`` displays cell by cell. Figures come from
:mod:`analysis.projecten` (totals from the action rows, never from the published summary);
this module only arranges, formats (nl-BE, :func:`analysis.formatting.format_number`) and
escapes them: every text that comes from a data file goes through
:func:`analysis.report.esc`.

Statuses: per streefcijfer :func:`analysis.projecten.realisation_status`, per budget line
:func:`analysis.projecten.spending_status`; an action gets the least favourable status of its
streefcijfers (:func:`action_status`).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from babel.dates import format_date

from analysis import io as aio
from analysis.aandelen import shown_decimals
from analysis.charts import (
    ACCENT,
    FONT_FAMILY,
    FONT_SIZE,
    GRID_COLOUR,
    MUTED_TEXT,
    OKABE_ITO,
    PEER_COLOUR,
    SMALL_FONT_SIZE,
    TEXT_COLOUR,
    VLAANDEREN_COLOUR,
    Chart,
)
from analysis.controle import IN_TEXT, check_summary
from analysis.formatting import LOCALE, MISSING, count, format_number, plural
from analysis.projecten import (
    LOOPT_ACHTER,
    NIET_BEHAALD,
    ONDERBESTEDING,
    OP_SCHEMA,
    OVERBESTEDING,
    REEDS_BEHAALD,
    TOLERANTIE,
    VOLGT_PLANNING,
    Aandeel,
    Actie,
    Project,
    Uitstroomgroep,
    budget_frame,
    build_project,
    elapsed_share,
    project_totals,
    realisation_status,
)
from analysis.report import Html, esc
from analysis.statistics import round_half_up

__all__ = [
    "LoadedProject",
    "Outflow",
    "ProgressRow",
    "action_block",
    "action_status",
    "budget_table",
    "check_table",
    "conclusion",
    "conclusion_sentences",
    "derived_figures",
    "discrepancies",
    "key_figures",
    "load_project",
    "outflow_totals",
    "overview",
    "progress_chart",
    "realisation_chart",
    "spending_chart",
    "summary_table",
    "technical_note",
    "title_block",
    "unique_formula",
    "unique_rule",
]

#: Realisation statuses from least to most favourable: an action shows the first that occurs.
SEVERITY: tuple[str, ...] = (NIET_BEHAALD, LOOPT_ACHTER, OP_SCHEMA, REEDS_BEHAALD)

#: Status → CSS class of its tag (analysis/style.py); the label is always shown as text too.
STATUS_CLASS: dict[str, str] = {
    REEDS_BEHAALD: "tag-best", OP_SCHEMA: "tag-beter", LOOPT_ACHTER: "tag-slechter",
    NIET_BEHAALD: "tag-slechtst", VOLGT_PLANNING: "tag-gelijk", ONDERBESTEDING: "tag-lager",
    OVERBESTEDING: "tag-hoger",
}  # fmt: skip

#: Status → bar colour (Okabe–Ito, as the other charts).
STATUS_COLOUR: dict[str, str] = {
    REEDS_BEHAALD: OKABE_ITO["blauwgroen"], OP_SCHEMA: ACCENT, LOOPT_ACHTER: OKABE_ITO["oranje"],
    NIET_BEHAALD: OKABE_ITO["vermiljoen"], VOLGT_PLANNING: ACCENT,
    ONDERBESTEDING: OKABE_ITO["oranje"], OVERBESTEDING: OKABE_ITO["vermiljoen"],
}  # fmt: skip

SOORT_LABEL = {"tussentijds": "tussentijds rapport", "eind": "eindrapport"}
DERIVED_MARK = "*"
#: Decimals of a percentage on display, as everywhere in the package (46,7 %); a published
#: share keeps the decimals it was published with (36,88 %). Money keeps its cents.
SHARE_DECIMALS = 1
BUDGET_DECIMALS = SHARE_DECIMALS


# --------------------------------------------------------------------------------------------
# Loading (the only function here that touches files)


@dataclass(frozen=True)
class LoadedProject:
    """A validated project, the file it came from and the provenance of the report."""

    project: Project
    bestand: str
    provenance: dict[str, str]


def _shown_path(path: Path) -> str:
    """``data/projecten/x.yaml`` inside the repository, else the path as given."""
    try:
        return str(path.resolve().relative_to(aio.REPO_DIR))
    except ValueError:
        return str(path)


def _project_dir(data_dir: str | Path | None) -> Path:
    root = Path(data_dir).expanduser() if data_dir else aio.DEFAULT_DATA_DIR
    return root / "projecten" if (root / "projecten").is_dir() else root


def _looks_like_path(text: str) -> bool:
    return text.lower().endswith((".yaml", ".yml")) or "/" in text or "\\" in text


def _project_path(project: str | Path, data_dir: str | Path | None) -> Path:
    """The file of ``project``: a path as given, or a file stem in the projects folder."""
    text = str(project).strip()
    if not text:
        raise aio.InputError([aio.Problem("project", None, None, "geen project opgegeven: "
                                          "geef een bestandsnaam uit data/projecten of een pad")])
    if isinstance(project, Path) or _looks_like_path(text):
        path = Path(text).expanduser()
        # JupyterLab runs a notebook in notebooks/: "data/projecten/x.yaml" means the repository's.
        in_repo = aio.REPO_DIR / path
        if not path.is_absolute() and not path.exists() and in_repo.exists():
            return in_repo
        return path
    directory = _project_dir(data_dir)
    if not directory.is_dir():
        raise aio.InputError([aio.Problem(_shown_path(directory), None, None,
                                          "map met projectbestanden bestaat niet")])
    files = {p.stem: p for p in sorted(directory.glob("*.yaml"))}
    found = files.get(text) or next(
        (p for stem, p in files.items() if stem.casefold() == text.casefold()), None)
    if found is not None:
        return found
    close = difflib.get_close_matches(text, list(files), n=1, cutoff=0.5)
    hint = f"; bedoelt u '{close[0]}'?" if close else ""
    choices = ", ".join(files) if files else "geen (de map bevat geen .yaml-bestanden)"
    message = (f"project '{text}' niet gevonden: dit projectbestand bestaat niet{hint} "
               f"Beschikbare projecten: {choices}.")
    raise aio.InputError([aio.Problem(_shown_path(directory / f"{text}.yaml"), None, None,
                                      message)])


def load_project(project: str | Path, data_dir: str | Path | None = None) -> LoadedProject:
    """Find, read and validate a project file; Dutch :class:`analysis.io.InputError` if it fails.

    ``project`` is a file stem in the projects folder (``plastiq-ingroeibanen-2022-2023``) or a
    path to a YAML file. ``data_dir`` is a folder laid out like ``data/`` (its ``projecten/``
    is used) or a folder of project files; None: the bundled ``data/projecten``. The error
    names the file and, for an unknown project, lists the available ones.
    """
    from analysis import __version__

    path = _project_path(project, data_dir)
    shown = _shown_path(path)
    document = aio.read_yaml(path, kind="actie", whole="het project",
                             missing="projectbestand bestaat niet")
    built, problems = build_project(document, shown)
    if problems or built is None:
        raise aio.InputError(problems)
    provenance = {
        "bestand": shown, "hash": aio.data_hash([path]), "commit": aio.git_commit(),
        "versie": __version__, "gemaakt": datetime.now().strftime("%d/%m/%Y %H:%M"),
    }
    return LoadedProject(project=built, bestand=shown, provenance=provenance)


# --------------------------------------------------------------------------------------------
# Numbers and words


def _exact_pct(teller: int | Decimal | Fraction, noemer: int | Decimal | Fraction,
               decimals: int) -> float | None:
    """teller / noemer × 100, rounded half-up once, from the exact fraction (no double rounding)."""
    if noemer == 0:
        return None
    exact = Fraction(teller) / Fraction(noemer) * 100
    quotient = Decimal(exact.numerator) / Decimal(exact.denominator)
    return float(quotient.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _pct(value: float | None, decimals: int = SHARE_DECIMALS) -> str:
    if value is None or pd.isna(value):
        return MISSING
    return f"{format_number(value, decimals)} %"


def _euro(value: Decimal | float | None) -> str:
    if value is None or pd.isna(value):
        return MISSING
    return f"€ {format_number(float(value), 2)}"


def _count(value: int | float | None) -> str:
    if value is None or pd.isna(value):
        return MISSING
    return format_number(float(value), 0)


def _plain(value: object) -> str:
    """A number as the reader expects it: whole numbers without decimals, else 2."""
    if isinstance(value, date):
        return _date(value)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    return format_number(number, 0 if number.is_integer() else 2)


def _share(value: float) -> str:
    """A published share as written: ``53 %``, ``66,67 %``."""
    return _pct(value, 0 if float(value).is_integer() else 2)


def _spent_share(besteed: Decimal | float | None, voorzien: Decimal | float | None) -> str:
    """Besteed / voorzien at one decimal, from the amounts (never from a rounded share)."""
    if besteed is None or voorzien is None or pd.isna(besteed) or pd.isna(voorzien) \
            or not voorzien:
        return MISSING
    # Amounts in a frame are floats of whole cents; repr gives those cents back exactly.
    exact = [v if isinstance(v, Decimal) else Decimal(repr(float(v))) for v in (besteed, voorzien)]
    return _pct(_exact_pct(exact[0], exact[1], SHARE_DECIMALS), SHARE_DECIMALS)


def _date(value: date) -> str:
    """``1 april 2022``."""
    return format_date(value, format="long", locale=LOCALE)


def _period(start: date, einde: date) -> str:
    return f"{_date(start)} – {_date(einde)}"


def _elapsed_pct(project: Project) -> float:
    t = elapsed_share(project)
    return _exact_pct(t.numerator, t.denominator, SHARE_DECIMALS) or 0.0


def _is_final(project: Project) -> bool:
    return elapsed_share(project) >= 1


def _dutch_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def _mark(project: Project, *velden: str) -> str:
    """The derived mark (after a space) when one of the fields is listed under ``afgeleid``."""
    return f" {DERIVED_MARK}" if any(project.is_afgeleid(v) for v in velden) else ""


_BEFORE_PERCENT = re.compile(r"(\d) %")


def _nobreak(markup: str) -> str:
    """Running text: keep ``€ 29.171,56`` and ``85,00 %`` on one line (no-break spaces)."""
    return _BEFORE_PERCENT.sub("\\1&nbsp;%", markup.replace("€ ", "€&nbsp;"))


def _tag(status: str | None) -> str:
    if not status:
        return f"<span class='tag tag-niet'>{esc('geen status')}</span>"
    return f"<span class='tag {STATUS_CLASS.get(status, 'tag-niet')}'>{esc(status)}</span>"


def _short(text: str, width: int) -> str:
    return textwrap.shorten(" ".join(str(text).split()), width=width, placeholder=" …")


# --------------------------------------------------------------------------------------------
# Computed facts


def action_status(statuses: Iterable[str | None]) -> str | None:
    """One realisation status for an action: the least favourable of its streefcijfers.

    ``niet behaald`` before ``loopt achter`` before ``op schema`` before ``reeds behaald``: an
    action is ``reeds behaald`` only when every measured streefcijfer is. Streefcijfers without
    a status (not measured yet) are left out; None when none has one.
    """
    present = {s for s in statuses if s}
    return next((s for s in SEVERITY if s in present), None)


class _Target(NamedTuple):
    actie: Actie
    omschrijving: str
    streefwaarde: int | None
    realisatie: int | None
    graad: float | None  # realisatiegraad in %, 1 decimal
    status: str | None


def _targets(project: Project, nummer: int | None = None) -> list[_Target]:
    t = elapsed_share(project)
    out = []
    for actie in project.acties:
        if nummer is not None and actie.nummer != nummer:
            continue
        for s in actie.streefcijfers:
            measured = s.realisatie is not None and s.streefwaarde is not None
            out.append(_Target(
                actie, s.omschrijving, s.streefwaarde, s.realisatie,
                _exact_pct(s.realisatie, s.streefwaarde, SHARE_DECIMALS) if measured else None,
                realisation_status(s.realisatie, s.streefwaarde, t) if measured else None,
            ))
    return out


@dataclass(frozen=True)
class Outflow:
    """Outflow to work over the groups that count in the total, and their basis.

    ``basis`` is None when a counted group with outflow to work has no basis (then no share
    can be given).
    """

    naar_werk: int | None
    basis: int | None


def outflow_totals(project: Project) -> Outflow:
    """Outflow to work and its basis, summed over the outflow groups with ``telt_in_totaal``."""
    groups = [g for a in project.acties for g in a.uitstroom
              if g.telt_in_totaal and g.naar_werk is not None]
    if not groups:
        return Outflow(None, None)
    bases = [g.basis for g in groups]
    return Outflow(sum(g.naar_werk for g in groups),  # type: ignore[misc]
                   None if any(b is None for b in bases) else sum(bases))  # type: ignore[arg-type]


def _unique_terms(project: Project) -> list[tuple[int, str, int]]:
    """(actie, streefcijfer, realisatie) of every realisation that counts as unique."""
    terms = []
    for ref in project.uniek_tellen.deelnemers:
        actie = project.actie(ref.actie)
        target = actie.streefcijfer(ref.streefcijfer) if actie else None
        terms.append((ref.actie, ref.streefcijfer, (target.realisatie or 0) if target else 0))
    return terms


def unique_formula(project: Project) -> str:
    """The sum behind the unique participants: ``6.850 + 102 + 15 + 177 = 7.144``."""
    terms = _unique_terms(project)
    total = project_totals(project).uniek
    if len(terms) == 1:
        return _count(total)
    return " + ".join(_count(v) for _, _, v in terms) + f" = {_count(total)}"


def _derived_total(project: Project) -> bool:
    totals = project_totals(project)
    return totals.voorzien_afgeleid or totals.besteed_afgeleid


# --------------------------------------------------------------------------------------------
# Chart: progress bars against the elapsed time


class ProgressRow(NamedTuple):
    """One bar: a label, a share in procent (None: not measured) and its status."""

    label: str
    pct: float | None
    status: str | None


_WIDTH = 460.0  # pt, as wide as the other charts (6,3 inch minus margins)
_X0 = 4.0
_BAR_WIDTH = 240.0
_VALUE_X = _X0 + _BAR_WIDTH + 10  # the value column, right of the scale: no line crosses it
_HEADER = 28.0
_ROW = 30.0
_AXIS = 20.0
_MAX_SCALE = 200  # %; longer bars are cut with a mark, their value stays in the text
_HALO = 'stroke="#FFFFFF" stroke-width="3" paint-order="stroke" stroke-linejoin="round"'


def _scale(values: Iterable[float | None], elapsed: float) -> int:
    top = max([100.0, elapsed, *(v for v in values if v is not None)])
    return int(min(_MAX_SCALE, 50 * -(-top // 50)))


def _n(value: float) -> str:
    """A coordinate with at most one decimal."""
    return format(round(value, 1), "g")


def progress_chart(
    rows: Sequence[ProgressRow],
    *,
    verstreken_pct: float,
    title: str,
    subject: str,
    reference: str = "streefcijfer",
    decimals: int = SHARE_DECIMALS,
) -> Chart:
    """Horizontal bars of shares (realisatiegraad or budget spent) against the elapsed time.

    One bar per row, coloured by status, its value and status as text in a column on the
    right (never colour alone); a solid line at 100 % (``reference``) and a dashed line at the
    elapsed share of the project period (left out once the period is over); these lines and
    the gridlines run through the bars only, never through a row's label. The scale runs to
    the next 50 % above the largest value, at most 200 %: longer bars are cut at the edge with
    a white double stroke, their value is still written in full. Inline SVG with a ``<title>``
    (the finding) and ``<desc>`` (the alt text), no external references.
    """
    scale = _scale([r.pct for r in rows], verstreken_pct)
    uid = "v" + hashlib.sha1(
        repr((tuple(rows), verstreken_pct, title, subject, reference, decimals)).encode("utf-8")
    ).hexdigest()[:8]
    bottom = _HEADER + _ROW * max(len(rows), 1)
    height = bottom + _AXIS
    final = verstreken_pct >= 100
    small = f'font-size="{SMALL_FONT_SIZE:g}"'

    def x(value: float) -> float:
        return _X0 + _BAR_WIDTH * min(max(value, 0.0), scale) / scale

    def through_bars(at: float) -> str:
        """A vertical line at ``at`` through the bars only, never through a row's label: a
        stub under the header, then one segment per bar band."""
        d = f"M{_n(at)} {_HEADER - 4:g}V{_HEADER - 1:g}" + "".join(
            f"M{_n(at)} {_n(_HEADER + i * _ROW + 12)}V{_n(_HEADER + i * _ROW + _ROW - 1)}"
            for i in range(max(len(rows), 1)))
        return f'd="{d}" fill="none"'

    # Back to front: grid, bars, reference lines, then every text with a white halo on top.
    grid, bars, lines, texts = [], [], [], []
    for tick in range(0, scale + 1, 50):
        grid.append(f'<path {through_bars(x(tick))} stroke="{GRID_COLOUR}" stroke-width="0.8"/>')
        anchor = "start" if tick == 0 else "middle"
        texts.append(f'<text x="{_n(x(tick))}" y="{_n(bottom + 12)}" text-anchor="{anchor}" '
                     f'{small} fill="{MUTED_TEXT}">{tick} %</text>')
    for index, row in enumerate(rows):
        top = _HEADER + index * _ROW
        texts.append(f'<text x="{_X0:g}" y="{_n(top + 9)}" {_HALO}>'
                     f"{esc(_short(row.label, 80))}</text>")
        if row.pct is None:
            texts.append(f'<text x="{_VALUE_X:g}" y="{_n(top + 22)}" {small} '
                         f'font-style="italic" fill="{MUTED_TEXT}">nog niet gemeten</text>')
            continue
        end = x(row.pct)
        colour = STATUS_COLOUR.get(row.status or "", PEER_COLOUR)
        bars.append(f'<rect x="{_X0:g}" y="{_n(top + 13)}" width="{_n(end - _X0)}" '
                    f'height="11" fill="{colour}"/>')
        if row.pct > scale:
            bars.extend(f'<line x1="{_n(end + dx)}" y1="{_n(top + 26)}" x2="{_n(end + dx + 3)}" '
                        f'y2="{_n(top + 11)}" stroke="#FFFFFF" stroke-width="1.6"/>'
                        for dx in (-9.0, -5.0))
        # dx, not a leading space: renderers may collapse a space at the start of a tspan.
        status = (f'<tspan dx="4" fill="{MUTED_TEXT}">· {esc(row.status)}</tspan>'
                  if row.status else "")
        texts.append(f'<text x="{_VALUE_X:g}" y="{_n(top + 22)}"><tspan font-weight="bold">'
                     f"{esc(_pct(row.pct, decimals))}</tspan>{status}</text>")
    x100 = x(100)
    label100 = f"{reference} (100 %)" + (" = einde projectperiode" if final else "")
    lines.append(f'<path {through_bars(x100)} stroke="{VLAANDEREN_COLOUR}" stroke-width="1.2"/>')
    texts.append(f'<text x="{_n(min(max(x100, 60), _WIDTH - 90))}" y="20" text-anchor="middle" '
                 f'{small} fill="{VLAANDEREN_COLOUR}">{esc(label100)}</text>')
    if not final:
        xe = x(verstreken_pct)
        lines.append(f'<path {through_bars(xe)} stroke="{VLAANDEREN_COLOUR}" stroke-width="1" '
                     'stroke-dasharray="4 3"/>')
        texts.append(f'<text x="{_n(min(max(xe, 55), _WIDTH - 60))}" y="9" '
                     f'text-anchor="middle" {small} fill="{VLAANDEREN_COLOUR}">verstreken tijd '
                     f"{esc(_pct(verstreken_pct))}</text>")
    alt = _progress_alt(rows, verstreken_pct, subject, reference, final, decimals)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH:g}pt" height="{_n(height)}pt" '
        f'viewBox="0 0 {_WIDTH:g} {_n(height)}" role="img" aria-labelledby="{uid}-t {uid}-d" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE:g}" fill="{TEXT_COLOUR}" '
        'style="max-width:100%">'
        f'<title id="{uid}-t">{esc(title)}</title><desc id="{uid}-d">{esc(alt)}</desc>'
        f'<rect width="{_WIDTH:g}" height="{_n(height)}" fill="#FFFFFF"/>'
        + "".join(grid + bars + lines + texts) + "</svg>"
    )
    return Chart(svg=svg, title=title, alt=alt)


def _progress_alt(rows: Sequence[ProgressRow], elapsed: float, subject: str, reference: str,
                  final: bool, decimals: int) -> str:
    items = []
    for row in rows:
        status = f" ({row.status})" if row.status else ""
        value = _pct(row.pct, decimals) if row.pct is not None else "nog niet gemeten"
        items.append(f"{_short(row.label, 80)}: {value}{status}")
    text = f"Staafdiagram van {subject}: " + "; ".join(items) + "."
    text += f" De doorlopende lijn is het {reference} (100 %)"
    if final:
        return text + "; de projectperiode is voorbij."
    return text + f"; de stippellijn is de verstreken tijd ({_pct(elapsed)} van de projectperiode)."


def _status_counts(statuses: Sequence[str | None]) -> str:
    """``3 reeds behaald, 3 op schema en 1 loopt achter`` (most favourable first)."""
    parts = []
    for status in reversed(SEVERITY):
        n = sum(1 for s in statuses if s == status)
        if not n:
            continue
        word = "lopen achter" if status == LOOPT_ACHTER and n > 1 else status
        parts.append(f"{n} {word}")
    missing = sum(1 for s in statuses if not s)
    if missing:
        parts.append(f"{missing} nog niet gemeten")
    return _dutch_list(parts)


def realisation_chart(project: Project, nummer: int | None = None) -> Chart:
    """The realisatiegraad of every streefcijfer (or of one action's) against the elapsed time."""
    targets = _targets(project, nummer)
    elapsed = _elapsed_pct(project)
    statuses = [t.status for t in targets]
    if nummer is None:
        rows = [ProgressRow(f"Actie {t.actie.nummer} · {t.omschrijving}", t.graad, t.status)
                for t in targets]
        title = (f"Realisatiegraad van de {count(len(targets), 'streefcijfer')}: "
                 f"{_status_counts(statuses)}")
    else:
        rows = [ProgressRow(t.omschrijving, t.graad, t.status) for t in targets]
        title = f"Actie {nummer}: "
        if len(targets) == 1 and targets[0].graad is not None:
            title += (f"{targets[0].status}, {_pct(targets[0].graad)} van het streefcijfer"
                      + ("" if _is_final(project) else
                         f" bij {_pct(elapsed)} verstreken tijd"))
        else:
            title += _status_counts(statuses)
    return progress_chart(rows, verstreken_pct=elapsed, title=title,
                          subject="de realisatiegraad per streefcijfer")


def spending_chart(project: Project) -> Chart:
    """The share spent of every budget line with amounts against the elapsed time."""
    frame = budget_frame(project)
    elapsed = _elapsed_pct(project)
    rows = []
    for line in frame.itertuples():
        if pd.isna(line.besteed_pct):
            continue
        mark = f" {DERIVED_MARK}" if line.afgeleid else ""
        actie = None if pd.isna(line.actie) else project.actie(int(line.actie))
        label = "Personeel" if actie is None else f"Actie {actie.nummer} · {actie.titel}"
        rows.append(ProgressRow(label + mark, float(line.besteed_pct), line.besteding))
    totals = project_totals(project)
    if totals.besteed_pct is not None:
        mark = f" {DERIVED_MARK}" if _derived_total(project) else ""
        rows.append(ProgressRow("Totaal project" + mark, totals.besteed_pct, totals.besteding))
    title = (f"Besteed budget: {_pct(totals.besteed_pct, BUDGET_DECIMALS)} van het voorziene "
             f"budget" + ("" if _is_final(project) else f" bij {_pct(elapsed)} verstreken tijd"))
    chart = progress_chart(rows, verstreken_pct=elapsed, title=title,
                           subject="het besteed budget per budgetlijn, in procent van het "
                                   "voorziene budget", reference="voorzien budget",
                           decimals=BUDGET_DECIMALS)
    return chart


# --------------------------------------------------------------------------------------------
# Blocks


def title_block(project: Project, provenance: Mapping[str, str] | None = None) -> Html:
    """Title, promotor, periods and elapsed share, the banner for derived or conflicting figures."""
    soort = SOORT_LABEL[project.soort_rapport]
    pp, rp = project.projectperiode, project.rapportperiode
    parts = [
        "<header class='titel'><p class='boventitel'>Voortgangsrapport lokaal project · "
        f"{esc(soort)}</p><h1>{esc(project.titel)}</h1>",
        f"<p class='soort'>Promotor: {esc(project.promotor)} · sector: {esc(project.sector)}</p>",
        f"<p class='periode'>Projectperiode {esc(_period(pp.start, pp.einde))}"
        f"{_mark(project, 'projectperiode.start', 'projectperiode.einde')} · rapportperiode "
        f"{esc(_period(rp.start, rp.einde))}"
        f"{_mark(project, 'rapportperiode.start', 'rapportperiode.einde')}: "
        f"{esc(_pct(_elapsed_pct(project)))} van de "
        "projectperiode verstreken."
        + (f" Gemaakt op {esc(provenance.get('gemaakt', ''))}." if provenance else "") + "</p>",
        f"<p class='leden'><strong>Doelgroep:</strong> {esc(project.doelgroep)}.</p>",
    ]
    n_derived, n_conflicts = len(project.afgeleid), len(project.afwijkingen)
    if n_derived or n_conflicts:
        said = []
        if n_derived:
            said.append(f"{count(n_derived, 'cijfer is', 'cijfers zijn')} niet "
                        f"gepubliceerd maar door ons afgeleid (gemarkeerd met {DERIVED_MARK})")
        if n_conflicts:
            said.append(f"het rapport spreekt zichzelf {n_conflicts} keer tegen")
        parts.append("<p class='banner' role='note'><strong>Afgeleide en tegenstrijdige "
                     f"cijfers.</strong> {esc(_dutch_list(said))}; zie ‘Controle van de "
                     "gepubliceerde cijfers’.</p>")
    parts.append(f"<p class='bron'>Bron: {esc(project.bron)}.</p></header>")
    return Html("".join(parts))


def key_figures(project: Project) -> Html:
    """Four headline figures: unique participants, budget spent (%), elapsed time, to work."""
    totals = project_totals(project)
    outflow = outflow_totals(project)
    mark = f" {DERIVED_MARK}" if _derived_total(project) else ""
    werk = _count(outflow.naar_werk)
    if outflow.naar_werk is not None and outflow.basis is not None:
        werk_text = f"van {count(outflow.basis, 'deelnemer')} naar werk"
    else:
        werk_text = "deelnemers naar werk"
    items = [
        (_count(totals.uniek), plural(totals.uniek, "unieke deelnemer", "unieke deelnemers")),
        (_euro(totals.besteed), f"besteed: {_spent_share(totals.besteed, totals.voorzien)} van "
                                f"{_euro(totals.voorzien)}{mark}"),
        (_pct(_elapsed_pct(project)), "van de projectperiode verstreken"),
        (werk, werk_text),
    ]
    cells = "".join(f"<td><span class='getal-groot'>{esc(value)}</span><br>{esc(text)}</td>"
                    for value, text in items)
    return Html("<table class='kerncijfers'><caption>Kerncijfers van het project</caption>"
                f"<tbody><tr>{cells}</tr></tbody></table>")


def overview(project: Project) -> Html:
    """One row per action: targets reached, realisation and spending status, outflow to work."""
    frame = budget_frame(project).set_index("actie", drop=False)
    rows = []
    for actie in project.acties:
        targets = _targets(project, actie.nummer)
        statuses = [t.status for t in targets]
        line = frame.loc[actie.nummer]
        rows.append(
            f"<tr><th scope='row'>Actie {actie.nummer} · {esc(actie.titel)}</th>"
            f"<td>{esc(_status_counts(statuses))}</td><td>{_tag(action_status(statuses))}</td>"
            f"<td class='getal'>{esc(_spent_share(line.besteed, line.voorzien))}</td>"
            f"<td>{_tag(_nan_none(line.besteding)) if not pd.isna(line.besteed_pct) else ''}"
            f"</td><td class='getal'>{esc(_count(actie.naar_werk))}</td></tr>"
        )
    return Html(
        "<table class='overzicht'><caption>In één oogopslag: de acties tegenover de verstreken "
        f"tijd ({esc(_pct(_elapsed_pct(project)))} van de projectperiode)</caption><thead><tr>"
        "<th scope='col'>Actie</th><th scope='col'>Streefcijfers</th>"
        "<th scope='col'>Realisatie</th><th scope='col'>Besteed</th>"
        "<th scope='col'>Besteding</th><th scope='col'>Naar werk</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>"
    )


def _nan_none(value: object) -> object:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def conclusion_sentences(project: Project) -> list[str]:
    """The computed conclusion: period, reach, targets, budget, outflow and the check (Dutch)."""
    totals = project_totals(project)
    final = _is_final(project)
    pp, rp = project.projectperiode, project.rapportperiode
    elapsed = _elapsed_pct(project)
    out: list[str] = []
    if final:
        out.append(f"Dit eindrapport beslaat de volledige projectperiode "
                   f"({_period(pp.start, pp.einde)}).")
    else:
        out.append(f"Op {_date(rp.einde)} was {_pct(elapsed)} van de projectperiode "
                   f"({_period(pp.start, pp.einde)}) verstreken.")
    out.append(f"{'Het project bereikte' if final else 'Tot dan bereikte het project'} "
               f"{count(totals.uniek, 'unieke deelnemer', 'unieke deelnemers')}.")

    targets = _targets(project)
    out.append(f"Stand van de {count(len(targets), 'streefcijfer')}: "
               f"{_status_counts([t.status for t in targets])}.")
    for status, lead in ((LOOPT_ACHTER, "Achter op schema"), (NIET_BEHAALD, "Niet behaald")):
        named = [f"actie {t.actie.nummer}, {t.omschrijving} ({_count(t.realisatie)} van "
                 f"{_count(t.streefwaarde)}, {_pct(t.graad)})"
                 for t in targets if t.status == status]
        if named:
            out.append(f"{lead}: {'; '.join(named)}.")

    if totals.besteed is not None and totals.voorzien is not None:
        derived = " (afgeleid, niet gepubliceerd)" if totals.voorzien_afgeleid else ""
        sentence = (f"{'Over de hele projectperiode' if final else 'Tot dan'} werd "
                    f"{_euro(totals.besteed)} besteed, "
                    f"{_spent_share(totals.besteed, totals.voorzien)} van het voorziene budget van "
                    f"{_euro(totals.voorzien)}{derived}")
        rest = totals.voorzien - totals.besteed
        if final and totals.besteding == ONDERBESTEDING:
            sentence += f": {_euro(rest)} bleef onbesteed (onderbesteding)."
        elif final and totals.besteding == OVERBESTEDING:
            sentence += f": {_euro(-rest)} meer dan voorzien (overbesteding)."
        elif final:
            sentence += ", in lijn met het voorziene budget."
        else:
            phrase = _SPENDING_PHRASE.get(totals.besteding or "", "is geen oordeel mogelijk")
            sentence += f"; bij {_pct(elapsed)} verstreken tijd {phrase}."
        out.append(sentence)
    frame = budget_frame(project)
    over = frame[frame["besteed"] > frame["voorzien"]]
    if len(over):
        names = [f"{'personeel' if pd.isna(r.actie) else f'actie {int(r.actie)}'} "
                 f"({_spent_share(r.besteed, r.voorzien)})" for r in over.itertuples()]
        out.append(f"Meer besteed dan voorzien: {_dutch_list(names)}.")

    outflow = outflow_totals(project)
    if outflow.naar_werk is None:
        out.append("Het rapport geeft geen uitstroom naar werk.")
    elif outflow.basis:
        share = _exact_pct(outflow.naar_werk, outflow.basis, SHARE_DECIMALS)
        out.append(f"{_count(outflow.naar_werk)} van de {count(outflow.basis, 'deelnemer')} van "
                   f"wie de uitstroom gevolgd werd, {plural(outflow.naar_werk, 'vond', 'vonden')} "
                   f"werk ({_pct(share)}).")
    else:
        out.append(f"{count(outflow.naar_werk, 'deelnemer vond', 'deelnemers vonden')} werk.")

    check = check_summary(project)
    wrong = check[~check["klopt"]]
    if len(check) and wrong.empty:
        out.append(f"{'Het' if len(check) == 1 else f'De {len(check)}'} gepubliceerde "
                   f"{plural(len(check), 'cijfer', 'cijfers')} in het rapport "
                   f"{plural(len(check), 'klopt', 'kloppen')} met de acties.")
    elif len(wrong):
        # The share in an action's text is named once when the summary repeats it.
        said = {(r.niveau, r.grootheid) for r in wrong.itertuples()}
        named = [f"{r.niveau}, {r.grootheid.removesuffix(IN_TEXT)}"
                 + (", ook in de tekst van de actie" if (r.niveau, r.grootheid + IN_TEXT) in said
                    else "")
                 + f" (gepubliceerd {_check_published(r)}, berekend {_check_computed(r)})"
                 for r in wrong.itertuples()
                 if not (r.grootheid.endswith(IN_TEXT)
                         and (r.niveau, r.grootheid.removesuffix(IN_TEXT)) in said)]
        n = len(wrong)
        out.append(f"Van de {count(len(check), 'gepubliceerd cijfer', 'gepubliceerde cijfers')} "
                   "in het rapport "
                   f"{plural(n, 'wijkt er', 'wijken er')} {n} af van de acties: "
                   f"{'; '.join(named)}.")
    return out


_SPENDING_PHRASE = {
    VOLGT_PLANNING: "volgt de besteding de planning",
    ONDERBESTEDING: "ligt de besteding achter op de planning (onderbesteding)",
    OVERBESTEDING: "ligt de besteding voor op de planning (overbesteding)",
}


def conclusion(project: Project) -> Html:
    """The computed conclusion as a paragraph (never copied from the report)."""
    text = " ".join(conclusion_sentences(project))
    return Html(f"<p class='duiding'>{_nobreak(esc(text))}</p>")


def _cell_note(text: str | None) -> str:
    """A note under the text of a table cell (normal weight, also inside a bold ``<th>``)."""
    if not text:
        return ""
    return f"<br><span class='bron' style='font-weight:normal'>{esc(text)}</span>"


def _list(items: Sequence[str], css: str) -> str:
    return f"<ul class='{css}'>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def action_block(project: Project, actie: Actie) -> list[Html | Chart]:
    """Everything about one action: target group, objectives, targets and chart, reach,
    budget, outflow to work, the participants' profile and the promotor's explanation."""
    targets = _targets(project, actie.nummer)
    statuses = [t.status for t in targets]
    frame = budget_frame(project).set_index("actie", drop=False)
    line = frame.loc[actie.nummer]
    spending = _nan_none(line.besteding) if not pd.isna(line.besteed_pct) else None
    head = (f"<h3 id='actie-{actie.nummer}'>Actie {actie.nummer} · {esc(actie.titel)}</h3>"
            f"<p class='status'>Realisatie: {_tag(action_status(statuses))}"
            + (f" · besteding: {_tag(spending)}" if spending else "") + "</p>"
            f"<p><strong>Doelgroep:</strong> {esc(actie.doelgroep)}</p>"
            "<p><strong>Doelstellingen:</strong></p>" + _list(actie.doelstellingen, "doelen"))
    if actie.activiteiten:
        head += "<p><strong>Activiteiten:</strong></p>" + _list(actie.activiteiten, "activiteiten")
    out: list[Html | Chart] = [Html(head), Html(_targets_table(project, actie, targets)),
                               realisation_chart(project, actie.nummer)]
    if actie.bereik:
        out.append(Html(_reach_table(actie)))
    out.append(Html(_action_budget(project, actie, line)))
    out.append(Html(_outflow_block(actie)))
    out.append(Html(_profile_block(project, actie)))
    out.append(Html(f"<p class='toelichting'><strong>Toelichting:</strong> "
                    f"{esc(actie.toelichting)}</p>"))
    return out


def _targets_table(project: Project, actie: Actie, targets: Sequence[_Target]) -> str:
    elapsed = _pct(_elapsed_pct(project))
    notes = {s.omschrijving: s.opmerking for s in actie.streefcijfers}
    units = {s.omschrijving: s.eenheid for s in actie.streefcijfers}
    rows = []
    for t in targets:
        note = notes.get(t.omschrijving)
        rows.append(
            f"<tr><th scope='row'>{esc(t.omschrijving)}"
            + _cell_note(note) + "</th>"
            f"<td>{esc(units.get(t.omschrijving))}</td>"
            f"<td class='getal'>{esc(_count(t.streefwaarde))}</td>"
            f"<td class='getal'>{esc(_count(t.realisatie))}</td>"
            f"<td class='getal'>{esc(_pct(t.graad))}</td><td class='getal'>{esc(elapsed)}</td>"
            f"<td>{_tag(t.status)}</td></tr>"
        )
    return ("<table class='streefcijfers'><caption>Streefcijfers tegenover realisatie"
            "</caption><thead><tr><th scope='col'>Streefcijfer</th><th scope='col'>Eenheid</th>"
            "<th scope='col'>Streefwaarde</th><th scope='col'>Realisatie</th>"
            "<th scope='col'>Realisatiegraad</th><th scope='col'>Verstreken tijd</th>"
            "<th scope='col'>Status</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>")


def _reach_table(actie: Actie) -> str:
    rows = "".join(
        f"<tr><th scope='row'>{esc(b.omschrijving)}"
        + _cell_note(b.opmerking)
        + f"</th><td class='getal'>{esc(_count(b.aantal))}</td><td>{esc(b.eenheid)}</td></tr>"
        for b in actie.bereik
    )
    return ("<table class='bereik'><caption>Ook bereikt (zonder streefcijfer)</caption><thead>"
            "<tr><th scope='col'>Omschrijving</th><th scope='col'>Aantal</th>"
            "<th scope='col'>Eenheid</th></tr></thead><tbody>" + rows + "</tbody></table>")


def _action_budget(project: Project, actie: Actie, line: pd.Series) -> str:
    budget = actie.budget
    note = f" {esc(budget.opmerking)}" if budget.opmerking else ""
    if pd.isna(line.besteed_pct):
        return f"<p class='budget'><strong>Budget:</strong> geen bedragen.{note}</p>"
    moment = "over de hele projectperiode" if _is_final(project) else (
        f"tot {_date(project.rapportperiode.einde)}")
    text = _nobreak(
        f"<p class='budget'><strong>Budget:</strong> voorzien "
        f"{esc(_euro(line.voorzien))}, besteed {esc(moment)} {esc(_euro(line.besteed))} = "
        f"{esc(_spent_share(line.besteed, line.voorzien))} bij "
        f"{esc(_pct(_elapsed_pct(project)))} verstreken tijd: {_tag(line.besteding)}."
        f"{note}</p>")
    if budget.posten:
        rows = "".join(
            f"<tr><th scope='row'>{esc(p.code + ' ' if p.code else '')}{esc(p.post)}</th>"
            f"<td class='getal'>{esc(_euro(p.voorzien))}</td>"
            f"<td class='getal'>{esc(_euro(p.besteed))}</td>"
            f"<td class='getal'>{esc(_spent_share(p.besteed, p.voorzien))}</td></tr>"
            for p in budget.posten
        )
        text += ("<table class='posten'><caption>Budgetposten</caption><thead><tr>"
                 "<th scope='col'>Post</th><th scope='col'>Voorzien</th>"
                 "<th scope='col'>Besteed</th><th scope='col'>Besteed %</th></tr></thead><tbody>"
                 + rows + "</tbody></table>")
    return text


_OUTFLOW_COLUMNS = (("basis", "Basis"), ("naar_werk", "Naar werk"), ("naar_stage", "Naar stage"),
                    ("naar_opleiding", "Naar opleiding"), ("werkzoekend", "Werkzoekend"))


def _outflow_block(actie: Actie) -> str:
    if not actie.uitstroom:
        return "<p class='geen'>Uitstroom naar werk: het rapport geeft geen uitstroom voor deze " \
               "actie.</p>"
    rows, notes = [], []
    for g in actie.uitstroom:
        counted = "" if g.telt_in_totaal else _cell_note("telt niet mee in het totaal")
        cells = "".join(f"<td class='getal'>{esc(_count(getattr(g, key)))}</td>"
                        for key, _ in _OUTFLOW_COLUMNS)
        rows.append(f"<tr><th scope='row'>{esc(g.groep)}{counted}</th>{cells}</tr>")
        for a in g.aandelen:
            notes.append(f"{g.groep}: {a.omschrijving}: {_published_share(a)}"
                         + _computed_note(g, a))
        if g.opmerking:
            notes.append(f"{g.groep}: {g.opmerking}")
    head = "".join(f"<th scope='col'>{label}</th>" for _, label in _OUTFLOW_COLUMNS)
    return ("<table class='uitstroom'><caption>Uitstroom</caption><thead><tr>"
            f"<th scope='col'>Groep</th>{head}</tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>" + (_list(notes, "uitstroom-noten") if notes else ""))


def _published_share(a: Aandeel) -> str:
    """A share as published: the figure as written (53 %) or the wording in quotes."""
    return f"“{a.gepubliceerd_als}”" if a.gepubliceerd_als else _share(a.waarde)  # type: ignore[arg-type]


def _computed_note(g: Uitstroomgroep, a: Aandeel) -> str:
    """`` (berekend: 7/15 = 46,7 %; klopt niet)`` for a share with a teller."""
    computed = g.berekend(a)
    if computed is None:
        return ""
    decimals = shown_decimals(a.gepubliceerd)
    verdict = "klopt" if a.gepubliceerd.holds(computed) else "klopt niet"
    return (f" (berekend: {getattr(g, a.teller)}/{g.basis} = "  # type: ignore[arg-type]
            f"{_pct(round_half_up(float(computed), decimals), decimals)}; {verdict})")


def _profile_block(project: Project, actie: Actie) -> str:
    if not actie.profiel:
        return ("<p class='geen'>Profiel van de deelnemers: het rapport geeft geen profiel voor "
                "deze actie.</p>")
    rows = []
    for index, p in enumerate(actie.profiel, start=1):
        mark = _mark(project, f"acties.{actie.nummer}.profiel.{index}.waarde")
        if p.eenheid == "procent":
            value = _share(p.waarde)
        else:
            value = _count(p.waarde) + (f" van {_count(p.basis)}" if p.basis is not None else "")
        note = _cell_note(p.opmerking)
        rows.append(f"<tr><td>{esc(p.groep or '')}</td><th scope='row'>{esc(p.kenmerk)}</th>"
                    f"<td>{esc(p.categorie)}{note}</td>"
                    f"<td class='getal'>{esc(value)}{mark}</td></tr>")
    return ("<table class='profiel'><caption>Profiel van de deelnemers</caption><thead><tr>"
            "<th scope='col'>Groep</th><th scope='col'>Kenmerk</th><th scope='col'>Categorie</th>"
            "<th scope='col'>Waarde</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def summary_table(project: Project) -> Html:
    """The summary computed from the action rows: unique participants, outflow, budget, totals."""
    frame = budget_frame(project)
    counted: dict[int, list[int]] = {}
    for nummer, _, value in _unique_terms(project):
        counted.setdefault(nummer, []).append(value)
    rows = []
    for line in frame.itertuples():
        mark = f" {DERIVED_MARK}" if line.afgeleid else ""
        if pd.isna(line.actie):
            name, uniek, werk = "Personeel", "", ""
        else:
            actie = project.actie(int(line.actie))
            if actie is None:  # budget_frame has a row per action of this project
                continue
            name = f"Actie {actie.nummer} · {actie.titel}"
            values = counted.get(actie.nummer)
            uniek = _count(sum(values)) if values else "telt niet mee"
            werk = _count(actie.naar_werk)
        rows.append(
            f"<tr><th scope='row'>{esc(name)}</th><td class='getal'>{esc(uniek)}</td>"
            f"<td class='getal'>{esc(werk)}</td>"
            f"<td class='getal'>{esc(_euro(_nan_none(line.voorzien)))}{mark}</td>"
            f"<td class='getal'>{esc(_euro(_nan_none(line.besteed)))}{mark}</td>"
            f"<td class='getal'>{esc(_spent_share(line.besteed, line.voorzien))}</td>"
            "</tr>")
    totals = project_totals(project)
    outflow = outflow_totals(project)
    mark_v = f" {DERIVED_MARK}" if totals.voorzien_afgeleid else ""
    mark_b = f" {DERIVED_MARK}" if totals.besteed_afgeleid else ""
    rows.append(
        "<tr class='totaal'><th scope='row'>Totaal</th>"
        f"<td class='getal'><strong>{esc(_count(totals.uniek))}</strong></td>"
        f"<td class='getal'><strong>{esc(_count(outflow.naar_werk))}</strong></td>"
        f"<td class='getal'><strong>{esc(_euro(totals.voorzien))}</strong>{mark_v}</td>"
        f"<td class='getal'><strong>{esc(_euro(totals.besteed))}</strong>{mark_b}</td>"
        f"<td class='getal'><strong>{esc(_spent_share(totals.besteed, totals.voorzien))}</strong>"
        "</td></tr>")
    moment = "over de hele projectperiode" if _is_final(project) else (
        f"tot {_date(project.rapportperiode.einde)}")
    foot = ""
    if mark_v or mark_b or any(frame["afgeleid"]):
        foot = (f"<p class='bron'>{DERIVED_MARK} Berust op een afgeleid cijfer (niet "
                "gepubliceerd): zie ‘Afgeleide cijfers’.</p>")
    return Html(
        "<table class='samenvatting'><caption>Samenvattende tabel, berekend uit de acties (besteed "
        f"{esc(moment)})</caption><thead><tr><th scope='col'>Actie</th>"
        "<th scope='col'>Unieke deelnemers</th><th scope='col'>Naar werk</th>"
        "<th scope='col'>Voorzien</th><th scope='col'>Besteed</th><th scope='col'>Besteed %</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>" + foot
    )


def unique_rule(project: Project) -> Html:
    """How unique participants are counted across the actions, and the sum it gives."""
    terms = [f"actie {n}, {omschrijving} ({_count(v)})" for n, omschrijving, v in
             _unique_terms(project)]
    return Html(
        "<p><strong>Unieke deelnemers tellen (overlap tussen de acties).</strong> "
        f"{esc(project.uniek_tellen.regel)}</p>"
        f"<p>Berekend: {esc(_dutch_list(terms))}: <strong>{esc(unique_formula(project))}"
        "</strong> unieke deelnemers. Wie in meer dan één actie zit, telt zo maar één keer; de "
        "andere realisaties staan in de tabel als ‘telt niet mee’.</p>"
        + "".join(f"<p class='toelichting'><strong>Let op:</strong> {esc(a.onderwerp)}. "
                  f"{esc(a.reden)}</p>" for a in project.afwijkingen
                  if a.veld == "samenvatting.totaal_uniek")
    )


def budget_table(project: Project) -> Html:
    """Every budget line: foreseen, spent, share spent and spending status; notes per line."""
    frame = budget_frame(project)
    elapsed = _pct(_elapsed_pct(project))
    rows = []
    for line in frame.itertuples():
        mark = f" {DERIVED_MARK}" if line.afgeleid else ""
        actie = None if pd.isna(line.actie) else project.actie(int(line.actie))
        name = "Personeel" if actie is None else f"Actie {actie.nummer} · {actie.titel}"
        note = _cell_note(line.opmerking if isinstance(line.opmerking, str) else None)
        status = _tag(line.besteding) if not pd.isna(line.besteed_pct) else ""
        rows.append(
            f"<tr><th scope='row'>{esc(name)}{mark}{note}</th>"
            f"<td class='getal'>{esc(_euro(_nan_none(line.voorzien)))}</td>"
            f"<td class='getal'>{esc(_euro(_nan_none(line.besteed)))}</td>"
            f"<td class='getal'>{esc(_spent_share(line.besteed, line.voorzien))}</td>"
            f"<td>{status}</td></tr>")
    totals = project_totals(project)
    mark = f" {DERIVED_MARK}" if _derived_total(project) else ""
    rows.append(
        f"<tr class='totaal'><th scope='row'>Totaal{mark}</th>"
        f"<td class='getal'><strong>{esc(_euro(totals.voorzien))}</strong></td>"
        f"<td class='getal'><strong>{esc(_euro(totals.besteed))}</strong></td>"
        f"<td class='getal'><strong>{esc(_spent_share(totals.besteed, totals.voorzien))}</strong>"
        f"</td><td>{_tag(totals.besteding) if totals.besteding else ''}</td></tr>")
    return Html(
        "<table class='budget'><caption>Budget voorzien (hele projectperiode) tegenover besteed, "
        f"bij {esc(elapsed)} verstreken tijd</caption><thead><tr><th scope='col'>Budgetlijn</th>"
        "<th scope='col'>Voorzien</th><th scope='col'>Besteed</th>"
        "<th scope='col'>Besteed %</th><th scope='col'>Besteding</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>"
        + (f"<p class='bron'>{DERIVED_MARK} Afgeleid, niet gepubliceerd: zie ‘Afgeleide "
           "cijfers’.</p>" if mark or any(frame["afgeleid"]) else "")
    )


def _check_value(value: object, eenheid: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return MISSING
    if eenheid == "euro":
        return _euro(value)  # type: ignore[arg-type]
    if eenheid == "procent":
        return f"{_plain(value)} %"
    if eenheid == "procentpunt":
        return f"{_plain(value)} procentpunt"
    return _plain(value)


#: A difference of shares is in procentpunt, not procent.
_DIFFERENCE_UNIT = {"procent": "procentpunt"}


def _check_published(r: NamedTuple) -> str:
    """The published figure of a check row: as written, or the wording with its range."""
    if isinstance(r.gepubliceerd_als, str):
        return f"“{r.gepubliceerd_als}” ({r.marge})"
    return _check_value(r.gepubliceerd, r.eenheid)


def _check_computed(r: NamedTuple) -> str:
    """The computed figure of a check row; a share at its decimals, with its fraction."""
    if pd.isna(r.decimalen) or r.berekend is None or pd.isna(r.berekend):
        return _check_value(r.berekend, r.eenheid)
    fraction = f"{r.berekening} = " if isinstance(r.berekening, str) else ""
    return f"{fraction}{_pct(r.berekend, int(r.decimalen))}"


def _check_difference(r: NamedTuple) -> str:
    if pd.isna(r.decimalen) or r.verschil is None or pd.isna(r.verschil):
        return _check_value(r.verschil, _DIFFERENCE_UNIT.get(r.eenheid, r.eenheid))
    if r.klopt and r.berekend != r.gepubliceerd:
        # Holds at the published precision, though the figures as shown differ: say so.
        return "binnen de marge" if isinstance(r.gepubliceerd_als, str) else "binnen de afronding"
    return f"{format_number(r.verschil, 0 if r.verschil == 0 else int(r.decimalen))} procentpunt"


def check_table(project: Project) -> Html:
    """The published summary against the figures computed from the actions (check_summary)."""
    check = check_summary(project)
    if check.empty:
        return Html("<p class='geen'>Het rapport publiceert geen samenvatting om na te "
                    "rekenen.</p>")
    wrong = int((~check["klopt"]).sum())
    rows = []
    for r in check.itertuples():
        verdict = ("<span class='tag tag-beter'>klopt</span>" if r.klopt
                   else "<span class='tag tag-slechter'>klopt niet</span>")
        mark = f" {DERIVED_MARK}" if r.afgeleid else ""
        rows.append(
            f"<tr><td>{esc(r.niveau)}</td><th scope='row'>{esc(r.grootheid)}</th>"
            f"<td class='getal'>{esc(_check_published(r))}</td>"
            f"<td class='getal'>{esc(_check_computed(r))}{mark}</td>"
            f"<td class='getal'>{esc(_check_difference(r))}</td>"
            f"<td>{verdict}</td></tr>")
    lead = (f"{count(len(check), 'gepubliceerd cijfer', 'gepubliceerde cijfers')} van de "
            "samenvatting en de aandelen in de tekst van de acties nagerekend uit de acties: "
            + ("alle kloppen." if not wrong else f"{len(check) - wrong} "
               f"{plural(len(check) - wrong, 'klopt', 'kloppen')}, {wrong} "
               f"{plural(wrong, 'klopt', 'kloppen')} niet.")
            + " Een aandeel wordt nagerekend op de precisie waarmee het gepubliceerd is: "
            "53 % klopt voor 52,5 tot 53,5 %, “zo’n 6 op 10” voor 55 tot 65 %, “zo’n 40 %” voor "
            "35 tot 45 %.")
    foot = (f"<p class='bron'>{DERIVED_MARK} Het berekende cijfer berust op een afgeleid cijfer."
            "</p>" if check["afgeleid"].any() else "")
    return Html(
        f"<p>{esc(lead)}</p><table class='controle'><caption>Gepubliceerd tegenover berekend"
        "</caption><thead><tr><th scope='col'>Niveau</th><th scope='col'>Cijfer</th>"
        "<th scope='col'>Gepubliceerd</th><th scope='col'>Berekend</th>"
        "<th scope='col'>Verschil</th><th scope='col'>Controle</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>" + foot + _notes(project)
    )


def _notes(project: Project) -> str:
    """Notes found while reading the file that are no error (more spent than foreseen)."""
    if not project.opmerkingen:
        return ""
    items = [p.melding.removeprefix("opmerking: ") + (f" (rij {p.rij})" if p.rij else "")
             for p in project.opmerkingen]
    return "<p><strong>Opmerkingen bij het inlezen:</strong></p>" + _list(items, "opmerkingen")


def derived_figures(project: Project) -> Html:
    """The figures we derived ourselves (``afgeleid``), with their computation."""
    if not project.afgeleid:
        return Html("<p class='geen'>Geen afgeleide cijfers: alle cijfers zijn gepubliceerd.</p>")
    rows = "".join(
        f"<tr><th scope='row'>{esc(item.veld)}</th>"
        f"<td class='getal'>{esc(_derived_value(item.veld, item.waarde))}</td>"
        f"<td>{esc(item.berekening)}</td></tr>"
        for item in project.afgeleid
    )
    return Html("<table class='afgeleid'><caption>Afgeleide cijfers (niet gepubliceerd)"
                "</caption><thead><tr><th scope='col'>Veld</th><th scope='col'>Waarde</th>"
                "<th scope='col'>Berekening</th></tr></thead><tbody>" + rows + "</tbody></table>")


#: Keys of a project file (or of a figure only in ``afgeleid``) that hold euro amounts.
_EURO_KEYS = frozenset({"voorzien", "besteed", "totaal_voorzien", "totaal_besteed"})


def _derived_value(veld: str, waarde: object) -> str:
    key = veld.rsplit(".", 1)[-1]
    if key in _EURO_KEYS and isinstance(waarde, int | float) and not isinstance(waarde, bool):
        return _euro(waarde)
    return _plain(waarde)


def discrepancies(project: Project) -> Html:
    """Published figures that contradict each other, the value used and why."""
    if not project.afwijkingen:
        return Html("<p class='geen'>Geen tegenstrijdige cijfers in het rapport.</p>")
    items = []
    for a in project.afwijkingen:
        published = "; ".join(f"{g.bron}: {_plain(g.waarde)}" for g in a.gepubliceerd)
        items.append(
            f"<li><strong>{esc(a.onderwerp)}</strong><br>Gepubliceerd: {esc(published)}. "
            f"Gebruikt: <strong>{esc(_plain(a.gebruikt))}</strong>. {esc(a.reden)}</li>")
    return Html("<ul class='afwijkingen'>" + "".join(items) + "</ul>")


def technical_note(provenance: Mapping[str, str]) -> Html:
    """Data (by hash: a file name means nothing to a reader), version and method: how every
    figure of this report was computed."""
    tolerance = format_number(float(TOLERANTIE * 100), 0)
    return Html(
        "<dl class='technisch'>"
        "<dt>Gegevens</dt><dd>de cijfers van het projectrapport, overgenomen voor deze "
        f"rapportage (SHA-256 {esc(provenance.get('hash', '')[:16])}…)</dd>"
        f"<dt>Versie</dt><dd>rapportage {esc(provenance.get('versie', ''))}, commit "
        f"{esc(provenance.get('commit', 'onbekend'))}</dd>"
        f"<dt>Gemaakt</dt><dd>{esc(provenance.get('gemaakt', ''))}</dd>"
        "<dt>Methode</dt><dd>Alle totalen zijn berekend uit de acties (en de personeelslijn), "
        "nooit overgenomen uit de samenvatting van het rapport; die wordt alleen nagerekend. "
        "Realisatiegraad = realisatie / streefwaarde. Verstreken tijd = dagen van de start van "
        "het project tot het einde van de rapportperiode / dagen van de projectperiode. Een "
        "actie krijgt de minst gunstige status van haar streefcijfers. Bedragen in euro, "
        "half naar boven afgerond op de cent; berekende aandelen op één decimaal, half naar "
        "boven afgerond; gepubliceerde aandelen zoals gepubliceerd.</dd>"
        "<dt>Gepubliceerde aandelen</dt><dd>Een gepubliceerd aandeel wordt nagerekend uit de "
        "aantallen waarop het slaat, op de precisie waarmee het gepubliceerd is: een percentage "
        "klopt als het berekende aandeel er half naar boven op afrondt (53 % voor 52,5 tot "
        "53,5 %); “x op y” als het berekende aandeel van y op x afrondt (“zo’n 6 op 10” voor 55 "
        "tot 65 %); een afgerond percentage met “zo’n”, “ongeveer”, “circa”, “rond”, “bijna”, "
        "“nauwelijks” of “ruim” tot op zijn laatste cijfer dat geen nul is (“zo’n 40 %” voor 35 "
        "tot 45 %). Een formulering wordt nooit als exact cijfer bewaard; de tabel toont ze "
        "naast het berekende aandeel. Het verschil is gepubliceerd min berekend, zoals getoond, "
        "in procentpunt.</dd>"
        "<dt>Statusregels</dt><dd>"
        f"<em>{esc(REEDS_BEHAALD)}</em>: realisatie ≥ streefwaarde; "
        f"<em>{esc(NIET_BEHAALD)}</em>: projectperiode voorbij en realisatie < streefwaarde; "
        f"<em>{esc(OP_SCHEMA)}</em>: realisatiegraad ≥ verstreken tijd − {tolerance} "
        f"procentpunt; <em>{esc(LOOPT_ACHTER)}</em>: lager. Besteding: "
        f"<em>{esc(OVERBESTEDING)}</em> boven verstreken tijd + {tolerance} procentpunt, "
        f"<em>{esc(ONDERBESTEDING)}</em> onder verstreken tijd − {tolerance} procentpunt, "
        f"anders <em>{esc(VOLGT_PLANNING)}</em>.</dd></dl>"
    )
