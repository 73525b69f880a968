"""Building reports: run the notebook per area (papermill) and export offline HTML (nbconvert).

One of the two modules that touch the file system (with ``analysis.io``). The profile of all
areas is computed once and stored (Parquet); each notebook run loads it, so ranks and
comparisons are identical across reports and a kernel does not redo the maths.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill as pm
from nbconvert import HTMLExporter

from analysis import io as aio
from analysis.geography import Geo

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "regiorapport.ipynb"

CSS = """
:root { --tekst: #1d1d1b; --accent: #0072B2; --grijs: #6b6b6b; --lijn: #d9d9d9; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; color: var(--tekst);
       max-width: 62rem; margin: 0 auto; padding: 1.5rem; line-height: 1.5; }
h1 { font-size: 2rem; margin: .2rem 0; } h2 { margin-top: 2.5rem; border-bottom: 2px solid
  var(--accent); } h3 { margin-top: 2rem; } .boventitel { color: var(--grijs); margin: 0; }
nav.inhoud { border: 1px solid var(--lijn); padding: .5rem 1rem; margin: 1rem 0; }
nav.inhoud ol { margin: .3rem 0; } nav.inhoud ol ol { font-size: .9em; }
.banner { background: #fff4ce; border-left: 6px solid #E69F00; padding: .6rem 1rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .9rem; }
table.overzicht { font-size: .8rem; } table.overzicht td, table.overzicht th { padding: .2rem; }
main { overflow-x: auto; }
th, td { border-bottom: 1px solid var(--lijn); padding: .3rem .4rem; text-align: left;
         vertical-align: top; }
caption { text-align: left; font-weight: 600; margin-bottom: .3rem; }
.getal { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.getal-groot { font-size: 2rem; font-weight: 700; color: var(--accent); }
.tag { display: inline-block; padding: 0 .4rem; border-radius: .3rem; border: 1px solid;
       font-size: .85em; white-space: nowrap; }
.tag-best { background: #009E73; color: #fff; border-color: #009E73; }
.tag-beter { background: #d3efe4; border-color: #009E73; }
.tag-gelijk { background: #fff; border-color: #999; }
.tag-slechter { background: #fbe3d4; border-color: #D55E00; }
.tag-slechtst { background: #D55E00; color: #fff; border-color: #D55E00; }
.tag-hoger, .tag-lager { background: #dbeaf5; border-color: #0072B2; }
.tag-niet { color: var(--grijs); border-style: dashed; }
.bron, .toelichting, .geen { color: var(--grijs); font-size: .9rem; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav.inhoud { display: none; }
  main { overflow: visible; }
  h2 { break-before: page; } h2, h3, caption { break-after: avoid; }
  figure, tr, .banner { break-inside: avoid; }
  table.overzicht { font-size: 7pt; } table.overzicht .tag { white-space: normal; }
  a { color: inherit; text-decoration: none; }
}
"""


@dataclass(frozen=True)
class BuiltReport:
    """One report made: the area, its HTML file and the executed notebook."""

    geo: Geo
    html: Path
    notebook: Path


def slug(text: str) -> str:
    """A file name part: ``Sint-Niklaas`` → ``sint-niklaas``, ``Regio's`` → ``regios``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")


def report_path(out_dir: Path, geo: Geo) -> Path:
    """``<uitvoer>/<type>/<naam>.html``, e.g. ``outputs/centrumstad/gent.html``."""
    return out_dir / geo.type / f"{slug(geo.naam)}.html"


def execute(parameters: dict[str, object], output: Path) -> nbformat.NotebookNode:
    """Run the report notebook with JSON-able parameters (never pasted code)."""
    pm.execute_notebook(
        str(NOTEBOOK), str(output), parameters=parameters, progress_bar=False,
        request_save_on_cell_execute=False, kernel_name="python3", cwd=str(REPO),
    )
    return nbformat.read(output, as_version=4)


_DECIMALS = re.compile(r"(-?\d+\.\d)\d+")


def compact_svg(markup: str) -> str:
    """Round coordinates inside SVG tags to 0,1 point: a third smaller, no visible change."""

    def tag(match: re.Match[str]) -> str:
        return _DECIMALS.sub(r"\1", match.group(0))

    def svg(match: re.Match[str]) -> str:
        return re.sub(r"<[^>]+>", tag, match.group(0))

    return re.sub(r"<svg\b.*?</svg>", svg, markup, flags=re.S)


def to_html(notebook: nbformat.NotebookNode, title: str) -> str:
    """Offline HTML without code: nbconvert's basic template inside our own page.

    No script or style from the network; ``<html lang="nl">``; a table of contents from the
    section headings; print CSS for A4.
    """
    exporter = HTMLExporter(template_name="basic", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            exclude_anchor_links=True)
    body, _ = exporter.from_notebook_node(notebook)
    body = compact_svg(body)
    seen: set[str] = set()

    def with_id(match: re.Match[str]) -> str:
        level, attributes, text = match.group(1), match.group(2) or "", match.group(3)
        found = re.search(r"id=[\"']([^\"']+)", attributes)
        anchor = found.group(1) if found else slug(re.sub(r"<[^>]+>", "", text)) or "sectie"
        while anchor in seen:
            anchor += "-1"
        seen.add(anchor)
        attributes = re.sub(r"\s*id=[\"'][^\"']*[\"']", "", attributes)
        return f'<h{level} id="{anchor}"{attributes}>{text}</h{level}>'

    body = re.sub(r"<h([23])(\s[^>]*)?>(.*?)</h\1>", with_id, body, flags=re.S)
    headings = re.findall(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', body, flags=re.S)
    toc: list[str] = []
    open_sub = False
    for level, anchor, text in headings:
        label = re.sub(r"<[^>]+>", "", text).strip()
        if level == "2":
            if open_sub:
                toc.append("</ol></li>")
                open_sub = False
            toc.append(f"<li><a href='#{anchor}'>{label}</a>")
            toc.append("<ol>")
            open_sub = True
        else:
            toc.append(f"<li><a href='#{anchor}'>{label}</a></li>")
    if open_sub:
        toc.append("</ol></li>")
    nav = ("<nav class='inhoud' aria-label='Inhoud'><strong>Inhoud</strong><ol>"
           + "".join(toc).replace("<ol></ol>", "") + "</ol></nav>")
    # The contents go after the title block: before the first section heading.
    first = body.find("<h2")
    body = body[:first] + nav + "\n" + body[first:] if first >= 0 else nav + body
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def build(
    geos: Sequence[Geo],
    *,
    data_dir: Path | None,
    out_dir: Path,
    periode: str | None = None,
    grenzen: str | None = None,
    profile_path: Path | None = None,
) -> list[BuiltReport]:
    """Build the report of each area: profile once, then notebook + HTML per area."""
    built: list[BuiltReport] = []
    with tempfile.TemporaryDirectory(prefix="rapportage-") as tmp:
        if profile_path is None:
            inputs = aio.load_report_inputs(data_dir, None, grenzen)
            profile_path = Path(tmp) / "profiel.parquet"
            inputs.profile.to_parquet(profile_path)
        for geo in geos:
            executed = Path(tmp) / f"{slug(geo.type)}-{slug(geo.naam)}.ipynb"
            parameters = {
                "geo": f"{geo.type}:{geo.code}" if geo.type not in {"vlaanderen"} else geo.code,
                "periode": periode, "data_dir": str(data_dir) if data_dir else None,
                "grenzen": grenzen or geo.grenzen, "profiel": str(profile_path),
            }
            notebook = execute(parameters, executed)
            target = report_path(out_dir, geo)
            aio.write_text(to_html(notebook, f"{geo.naam} — beleidsrapportage"), target)
            built.append(BuiltReport(geo=geo, html=target, notebook=executed))
    return built


def select(geography, spec: Iterable[str], grenzen: str) -> list[Geo]:
    """The areas for ``--alleen``: codes, names, or a type (``centrumstad`` → all 13)."""
    from analysis.geography import TYPES

    chosen: list[Geo] = []
    for item in spec:
        if item in TYPES:
            table = geography.geographies(item, grenzen)
            chosen += [geography.get(code, item, grenzen) for code in table["code"]]
        else:
            chosen.append(geography.resolve(item, grenzen))
    return list(dict.fromkeys(chosen))
