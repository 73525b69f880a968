"""The batch: every report in one command — parallel, isolated, cached, with a manifest.

One of the two modules that touch the file system (with ``analysis.io``). The profile of all
areas is computed once and stored (Parquet); each report is its notebook run through
papermill in its own kernel, with JSON-able parameters, and exported to offline HTML with the
nbconvert API inside the worker. A failing report never stops the others; every output is
written atomically; a report whose inputs did not change is skipped (``--force`` rebuilds).

Workers are local processes (``concurrent.futures``) or, with ``scheduler``, the workers of a
Dask distributed cluster. Pitfalls of papermill batches this module answers (ZMQ port races,
orphaned kernels, no retry): ``../shared/reference/referentiesystemen.md`` §2.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import io as aio
from analysis import leftovers, namen, pool, uitvoer
from analysis.export import csv_text
from analysis.formatting import slug
from analysis.style import BASE_CSS, PRINT_BASE_CSS, REPORT_PRINT_CSS

if TYPE_CHECKING:  # nbformat and nbconvert cost a second to import; a warm rebuild needs neither
    import nbformat

    from analysis.geography import Geo

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "regiorapport.ipynb"


@dataclass(frozen=True)
class Kind:
    """A kind of report (``soort`` in ``params/rapporten.yaml``)."""

    notebook: Path
    #: The plan's key that lists what to make (None: one report), and what it holds.
    choice: str | None
    #: The notebook reads the profile (gets the batch's ``profiel``).
    profile: bool = True
    #: After the name in the page title: "Gent — beleidsrapportage".
    title: str = "beleidsrapportage"


KINDS: dict[str, Kind] = {
    "regiorapport": Kind(NOTEBOOK, "gebieden"),
    "vergelijking": Kind(REPO / "notebooks" / "vergelijking.ipynb", "groepen",
                         title="vergelijking"),
    "beleidsrapportage": Kind(REPO / "notebooks" / "beleidsrapportage.ipynb", None,
                              title="samenwerking VDAB & lokale besturen"),
    "projectvoortgang": Kind(REPO / "notebooks" / "projectvoortgang.ipynb", "projecten",
                             profile=False, title="voortgangsrapport"),
}
#: The notebook of each kind of report in ``params/rapporten.yaml``.
NOTEBOOKS: dict[str, Path] = {name: kind.notebook for name, kind in KINDS.items()}
#: What the plan's list of each kind holds, for messages.
_CHOICE_TEXT = {"gebieden": "types, codes of namen",
                "groepen": "groepen (centrumstad, regiegebied, provincie, referentieregio of "
                           "regiegebied:<provincie>)",
                "projecten": "projectbestanden in projecten/ (zonder .yaml) of 'alle'"}
PLAN = REPO / "params" / "rapporten.yaml"
MANIFEST = "manifest.json"
#: Executed notebooks of failed reports, kept for debugging (``<uitvoer>/.mislukt/``).
FAILED_DIR = ".mislukt"

CSS = BASE_CSS + """
body { max-width: 62rem; }
h3 { margin-top: 2rem; }
nav.inhoud { border: 1px solid var(--lijn); padding: .5rem 1rem; margin: 1rem 0; }
nav.inhoud ul { list-style: none; margin: .3rem 0; padding-left: 1rem; }
nav.inhoud ul ul { font-size: .9em; }
table.overzicht { font-size: .8rem; } table.overzicht td, table.overzicht th { padding: .2rem; }
caption { text-align: left; font-weight: 600; margin-bottom: .3rem; }
.getal-groot { font-size: 2rem; font-weight: 700; color: var(--accent); }
.bron, .toelichting, .geen { color: var(--grijs); font-size: .9rem; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; }
.geen-trend { color: var(--grijs); font-size: .9rem; font-style: italic; }
@media print {""" + REPORT_PRINT_CSS + PRINT_BASE_CSS + """}
"""


def report_path(out_dir: Path, geo: Geo) -> Path:
    """``<uitvoer>/<type>/<naam>.html``, e.g. ``outputs/centrumstad/gent.html`` (the name
    bounded and never empty: :func:`analysis.namen.file_slug`)."""
    return out_dir / geo.type / f"{namen.file_slug(geo.naam)}.html"


# A number starts where its digits start: tried from every digit of a long run, each try
# would run to the end of it (quadratic).
_DECIMALS = re.compile(r"(-?(?<!\d)\d+\.\d)\d+")


def compact_svg(markup: str) -> str:
    """Round coordinates inside SVG tags to 0,1 point: a third smaller, no visible change."""

    def tag(match: re.Match[str]) -> str:
        return _DECIMALS.sub(r"\1", match.group(0))

    def svg(match: re.Match[str]) -> str:
        return re.sub(r"<[^>]+>", tag, match.group(0))

    return re.sub(r"<svg\b.*?</svg>", svg, markup, flags=re.S)


@functools.cache
def _exporter():
    """nbconvert's HTML exporter (basic template, no input), made once per process.

    Its final BeautifulSoup pass is skipped: it only gives ``<img>`` without ``alt`` a
    placeholder text and makes the lab template's cells focusable. Our figures are inline SVG
    with a title and a description, and we use the basic template; the pass cost 0,9 of the
    1,3 s of an export.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class Exporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # HTMLExporter.from_notebook_node up to its BeautifulSoup pass.
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", Highlight2HTML(pygments_lexer=lexer,
                                                                  parent=self))
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    from traitlets.config import Config

    # The parameter cells have no output; dropping them also drops papermill's random cell id,
    # so the same inputs give the same HTML.
    config = Config({"TagRemovePreprocessor": {
        "enabled": True, "remove_cell_tags": {"parameters", "injected-parameters"}}})
    return Exporter(config=config, template_name="basic", exclude_input=True,
                    exclude_input_prompt=True, exclude_output_prompt=True,
                    exclude_anchor_links=True)


def to_html(notebook: nbformat.NotebookNode, title: str) -> str:
    """Offline HTML without code: nbconvert's basic template inside our own page.

    No script or style from the network; ``<html lang="nl">``; a table of contents from the
    section headings; print CSS for A4.
    """
    body, _ = _exporter().from_notebook_node(notebook)
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
    # A list without numbers of its own: the headings carry the numbers of seed 003
    # ("1 Samenwerkingsovereenkomsten"), which a numbered list turned into "4. 1 …".
    for level, anchor, text in headings:
        label = re.sub(r"<[^>]+>", "", text).strip()
        if level == "2":
            if open_sub:
                toc.append("</ul></li>")
                open_sub = False
            toc.append(f"<li><a href='#{anchor}'>{label}</a>")
            toc.append("<ul>")
            open_sub = True
        else:
            toc.append(f"<li><a href='#{anchor}'>{label}</a></li>")
    if open_sub:
        toc.append("</ul></li>")
    nav = ("<nav class='inhoud' aria-label='Inhoud'><strong>Inhoud</strong><ul>"
           + "".join(toc).replace("<ul></ul>", "") + "</ul></nav>")
    # The contents go after the title block: before the first section heading.
    first = body.find("<h2")
    body = body[:first] + nav + "\n" + body[first:] if first >= 0 else nav + body
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(title, quote=False)}</title>\n<style>{CSS}</style>\n</head>\n"
        "<body>\n"
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


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


# -- the plan: which reports -----------------------------------------------------------------


@dataclass(frozen=True)
class PlanItem:
    """One item of ``params/rapporten.yaml``: a kind of report and what it covers (areas,
    groups or projects; empty for a kind that makes one report)."""

    soort: str
    gebieden: tuple[str, ...]
    rij: int | None = None


def read_plan(path: str | Path = PLAN) -> tuple[list[PlanItem], list[aio.Problem]]:
    """Read and check the list of reports (``params/rapporten.yaml``); Dutch problems."""
    from analysis.yamlcheck import shown, type_name, yaml_line

    display = str(path)
    doc = aio.read_yaml(path, kind="rapport", whole="de rapportenlijst")
    if doc.problems or doc.data is None:
        return [], doc.problems

    def problem(where: tuple[int | str, ...], column: str | None, message: str) -> aio.Problem:
        return aio.Problem(display, yaml_line(doc.lines, where), column, message)

    data = doc.data
    if not isinstance(data, dict) or "rapporten" not in data:
        return [], [problem((), None, "de rapportenlijst moet een sleutel 'rapporten' hebben "
                            "met een lijst van rapporten")]
    problems = [problem((key,), str(key), f"onbekende sleutel '{key}' (verwacht: rapporten)")
                for key in data if key != "rapporten"]
    entries = data["rapporten"]
    if not isinstance(entries, list) or not entries:
        message = ("'rapporten' is leeg: zet er minstens één rapport in" if entries == [] else
                   f"'rapporten' moet een lijst zijn, niet {type_name(entries)}")
        return [], [*problems, problem(("rapporten",), "rapporten", message)]
    items: list[PlanItem] = []
    for index, entry in enumerate(entries):
        label = f"rapport op plaats {index + 1}"
        if not isinstance(entry, dict):
            found = type_name(entry)
            problems.append(problem(("rapporten", index), None,
                                    f"{label}: verwacht soort en gebieden, niet {found}"))
            continue
        soort = entry.get("soort")
        kind = KINDS.get(soort) if isinstance(soort, str) else None
        # An unknown kind is reported below; its other keys are judged as a regiorapport's.
        choice = kind.choice if kind is not None else "gebieden"
        allowed = ["soort", *([choice] if choice else [])]
        for key in entry:
            if key not in allowed:
                problems.append(problem(("rapporten", index, key), str(key),
                                        f"{label}: onbekende sleutel '{key}' (verwacht: "
                                        f"{', '.join(allowed)})"))
        if kind is None:
            kinds = ", ".join(KINDS)
            message = (f"{label}: soort ontbreekt (kies uit {kinds})" if soort is None else
                       f"{label}: onbekende soort {shown(soort)} (kies uit {kinds})")
            problems.append(problem(("rapporten", index, "soort"), "soort", message))
        if choice is None:
            items.append(PlanItem(str(soort), (), yaml_line(doc.lines, ("rapporten", index))))
            continue
        chosen = entry.get(choice)
        if choice not in entry:
            problems.append(problem(("rapporten", index), choice,
                                    f"{label}: '{choice}' ontbreekt (een lijst van "
                                    f"{_CHOICE_TEXT[choice]})"))
            continue
        if (not isinstance(chosen, list) or not chosen
                or not all(isinstance(a, str | int) and str(a).strip() for a in chosen)):
            problems.append(problem(("rapporten", index, choice), choice,
                                    f"{label}: '{choice}' moet een niet-lege lijst van "
                                    f"{_CHOICE_TEXT[choice]} zijn"))
            continue
        items.append(PlanItem(str(soort), tuple(str(a) for a in chosen),
                              yaml_line(doc.lines, ("rapporten", index, choice))))
    return ([] if problems else items), problems


@dataclass(frozen=True)
class Job:
    """One report to build: JSON-able, so it travels to a process or a Dask worker as is.

    ``geo_type``/``geo_code`` name the area of a regiorapport; a group comparison has type
    ``groep`` (code: the group), the beleidsrapportage ``rapportage``, a project ``project``
    (code: the file's stem). ``leden`` are the areas (type, code, name) whose profile rows a
    group report exports. ``zoektermen`` are the names the index's search also finds it by
    (the gemeenten of an area, the members of a group).
    """

    key: str  # the output path without suffix: ``centrumstad/gent``
    soort: str
    geo_type: str
    geo_code: str
    naam: str
    parameters: dict[str, Any] = field(hash=False)
    notebook: str = str(NOTEBOOK)
    leden: tuple[tuple[str, str, str], ...] = field(default=(), hash=False)
    zoektermen: tuple[str, ...] = field(default=(), hash=False)

    @property
    def html(self) -> str:
        """Path of the HTML relative to the output folder."""
        return f"{self.key}.html"


def make_job(geo: Geo, soort: str, *, periode: str | None, data_dir: Path | None,
             grenzen: str) -> Job:
    """The job of one area; ``geo`` is passed as ``type:code`` so a name can never be misread."""
    parameters = {
        "geo": geo.code if geo.type == "vlaanderen" else f"{geo.type}:{geo.code}",
        "periode": periode, "data_dir": str(data_dir) if data_dir else None, "grenzen": grenzen,
    }
    return Job(key=f"{geo.type}/{namen.file_slug(geo.naam)}", soort=soort, geo_type=geo.type,
               geo_code=geo.code, naam=geo.naam, parameters=parameters,
               notebook=str(NOTEBOOKS[soort]))


def _members(geos: Iterable[Geo]) -> tuple[tuple[str, str, str], ...]:
    return tuple((g.type, g.code, g.naam) for g in geos)


def _group_jobs(spec: str, geography, *, periode: str | None, data_dir: Path | None,
                grenzen: str) -> list[Job]:
    from analysis import vergelijking

    return [Job(key=f"vergelijking/{namen.file_slug(group.slug)}", soort="vergelijking",
                geo_type="groep", geo_code=group.spec, naam=group.naam,
                parameters={"groep": group.spec, "periode": periode,
                            "data_dir": str(data_dir) if data_dir else None, "grenzen": grenzen},
                notebook=str(NOTEBOOKS["vergelijking"]), leden=_members(group.members))
            for group in vergelijking.expand_groups(spec, geography, grenzen)]


#: The groups of the beleidsrapportage's two chapters (seed 003).
CHAPTERS = ("centrumstad", "regiegebied:30000")


def _policy_job(geography, *, periode: str | None, data_dir: Path | None,
                grenzen: str) -> Job:
    from analysis import vergelijking

    members = [g for spec in CHAPTERS
               for g in vergelijking.resolve_group(spec, geography, grenzen).members]
    return Job(key="beleidsrapportage/beleidsrapportage", soort="beleidsrapportage",
               geo_type="rapportage", geo_code="", naam="Beleidsrapportage (hoofdstuk 1 en 2)",
               parameters={"periode": periode, "data_dir": str(data_dir) if data_dir else None,
                           "grenzen": grenzen},
               notebook=str(NOTEBOOKS["beleidsrapportage"]), leden=_members(members))


def _data_folder(data_dir: Path | None, name: str) -> Path:
    """``data_dir/name`` when there is one, else the package's own (as the CLI reads them)."""
    root = Path(data_dir) if data_dir else aio.DEFAULT_DATA_DIR
    return root / name if (root / name).is_dir() else aio.DEFAULT_DATA_DIR / name


def _project_files(data_dir: Path | None) -> list[Path]:
    return sorted(_data_folder(data_dir, "projecten").glob("*.yaml"))


def _project_jobs(names: Sequence[str], *, data_dir: Path | None) -> list[Job]:
    """One job per project file (``alle``: every file of ``projecten/``)."""
    files = {path.stem: path for path in _project_files(data_dir)}
    wanted = list(files) if "alle" in names else list(names)
    unknown = [name for name in wanted if name not in files]
    if unknown:
        known = ", ".join(files) or "geen"
        raise ValueError(f"project {', '.join(repr(n) for n in unknown)} niet gevonden in "
                         f"projecten/ (beschikbaar: {known})")
    return [Job(key=f"project/{namen.file_slug(name)}", soort="projectvoortgang",
                geo_type="project", geo_code=name, naam=_project_title(files[name]),
                parameters={"project": name, "data_dir": str(data_dir) if data_dir else None},
                notebook=str(NOTEBOOKS["projectvoortgang"]))
            for name in wanted]


def _project_title(path: Path) -> str:
    """The project's title for the index (its file name if the file has none)."""
    doc = aio.read_yaml(path, kind="actie", whole="het project")
    data = doc.data if isinstance(doc.data, dict) else {}
    return str(data.get("titel") or path.stem)


def plan_jobs(
    items: Sequence[PlanItem],
    geography,
    grenzen: str,
    *,
    alleen: Sequence[str] | None = None,
    periode: str | None = None,
    data_dir: Path | None = None,
    plan_path: str | Path = PLAN,
) -> list[Job]:
    """The reports of the plan, or only those of ``alleen``: the reports of a kind
    (``vergelijking``, ``beleidsrapportage``, ``projectvoortgang``) or the area reports of
    codes, names or types.

    Raises :class:`analysis.io.InputError` naming the plan's line when an area, a group or a
    project is unknown.
    """
    from analysis.geography import GeoError

    options = {"periode": periode, "data_dir": data_dir, "grenzen": grenzen}
    kinds = [a for a in alleen or () if a in KINDS and a != "regiorapport"]
    areas = [a for a in alleen or () if a not in kinds]
    jobs: list[Job] = []
    problems: list[aio.Problem] = []
    if areas:
        jobs = [make_job(g, "regiorapport", **options) for g in select(geography, areas, grenzen)]
    for item in items:
        if alleen and item.soort not in kinds:
            continue
        column = KINDS[item.soort].choice
        try:
            if item.soort == "beleidsrapportage":
                jobs.append(_policy_job(geography, **options))
            elif item.soort == "projectvoortgang":
                jobs += _project_jobs(item.gebieden, data_dir=data_dir)
                continue
        except (GeoError, ValueError) as error:
            problems.append(aio.Problem(str(plan_path), item.rij, column, str(error)))
            continue
        for choice in item.gebieden:
            try:
                if item.soort == "vergelijking":
                    jobs += _group_jobs(choice, geography, **options)
                elif item.soort == "regiorapport":
                    jobs += [make_job(g, item.soort, **options)
                             for g in select(geography, [choice], grenzen)]
            except (GeoError, ValueError) as error:
                problems.append(aio.Problem(str(plan_path), item.rij, column, str(error)))
    # Two reports with one file name would overwrite each other: refused before any build.
    problems += [aio.Problem(c.bestand, None, c.kolom, c.melding)
                 for c in namen.clashes(_claim(job, data_dir) for job in jobs)]
    if problems:
        raise aio.InputError(problems)
    return [_searchable(job, geography, grenzen) for job in {job.key: job for job in jobs}.values()]


def _claim(job: Job, data_dir: Path | None) -> namen.Claim:
    """The file name a job asks for, with where its name comes from (for a clash)."""
    from analysis.geography import GROUP_TABLES

    identity = (job.soort, job.geo_type, job.geo_code)
    if job.soort == "projectvoortgang":
        return namen.Claim(job.key, identity, str(_data_folder(data_dir, "projecten")), None,
                           f"{job.geo_code}.yaml")
    if job.geo_type == "groep":  # its name comes from the province's (regiegebied:<provincie>)
        table, who = "provincies", f"groep '{job.naam}' ({job.geo_code})"
    else:
        table = {"gemeente": "gemeenten", "provincie": "provincies",
                 **GROUP_TABLES}.get(job.geo_type, "gemeenten")
        who = f"{job.geo_type} '{job.naam}' (code {job.geo_code})"
    return namen.Claim(job.key, identity, str(_data_folder(data_dir, "reference") /
                                              f"{table}.csv"), "naam", who)


def _searchable(job: Job, geography, grenzen: str) -> Job:
    """The job with the names the index finds it by: an area by its gemeenten ("Ieper" finds
    Westhoek, its arrondissement and West-Vlaanderen), a group by its members."""
    if job.leden:
        names = {naam for _, _, naam in job.leden}
    elif job.geo_type in {"project", "gemeente", "centrumstad", "vlaanderen"}:
        return job  # a gemeente is found by its own name; Vlaanderen holds every gemeente
    else:
        geo = geography.get(job.geo_code, job.geo_type, grenzen)
        names = {geography.get(nis, "gemeente", grenzen).naam for nis in geo.gemeenten}
    return replace(job, zoektermen=tuple(sorted(names - {job.naam})))


# -- the cache key ---------------------------------------------------------------------------


def _hash_tree(root: Path, suffixes: tuple[str, ...] | None = None) -> str:
    """SHA-256 over the relative names and bytes of the files under ``root``."""
    digest = hashlib.sha256()
    if root.is_file():
        digest.update(root.read_bytes())
        return digest.hexdigest()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        if suffixes and not path.name.endswith(suffixes):
            continue
        digest.update(str(relative).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(data_dir: Path | None) -> dict[str, str]:
    """Hashes of every input of a report: data, reference tables, qualitative data, the
    catalogue and other parameters, the notebooks, the code, and the package version."""
    from analysis import __version__

    root = Path(data_dir) if data_dir else aio.DEFAULT_DATA_DIR
    default = aio.DEFAULT_DATA_DIR

    def own(name: str) -> Path:
        return root / name if (root / name).is_dir() else default / name

    return {
        # The same hash as the technical note of each report.
        "gegevens": aio.data_hash(aio.observation_files(root)),
        "referentie": _hash_tree(own("reference")),
        "kwalitatief": _hash_tree(own("kwalitatief")),
        "projecten": _hash_tree(own("projecten")),
        "parameters": _hash_tree(REPO / "params"),
        "notebooks": _hash_tree(REPO / "notebooks", (".ipynb",)),
        "code": _hash_tree(Path(__file__).resolve().parent, (".py",)),
        "versie": __version__,
        # The maps: the boundary files in use (none: the reports have no maps).
        "grenzen": aio.boundary_hash(aio.boundary_sources()[0]),
    }


def job_key(job: Job, inputs: dict[str, str]) -> str:
    """The cache key of a report: its parameters and every input hash."""
    payload = json.dumps({"job": asdict(job), "invoer": inputs}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


# -- one report (runs in a worker) -----------------------------------------------------------


class ReportTimeoutError(Exception):
    """A report took longer than its time limit."""


def is_startup_failure(error: BaseException, executed: Path) -> bool:
    """A kernel that failed to start (ZMQ port race, no reply in time) before any cell ran.

    papermill #511: ``ZMQError: Address already in use`` in ~5 % of parallel starts; a retry
    with a new kernel succeeds.
    """
    import nbformat
    import zmq
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError | ReportTimeoutError):
        return False
    if uitvoer.is_write_error(error):
        return False  # a full disk or a read-only folder: a new kernel writes no better
    if isinstance(error, zmq.ZMQError | DeadKernelError):
        # A kernel that died (killed, out of memory) gets one more chance, as a failed start.
        return True
    if not executed.exists():
        return True
    try:
        notebook = nbformat.read(executed, as_version=4)
    except Exception:
        return True
    return not any(cell.get("metadata", {}).get("papermill", {}).get("start_time")
                   for cell in notebook.cells)


def _describe(error: BaseException, executed: Path) -> dict[str, Any]:
    """Which cell failed and why, from papermill's exception or the executed notebook."""
    cell = getattr(error, "exec_count", None)
    name = getattr(error, "ename", None) or type(error).__name__
    value = getattr(error, "evalue", None) or str(error)
    if isinstance(error, OSError) and uitvoer.is_write_error(error):
        # papermill writing the executed notebook: a write() fails without a file name.
        value = uitvoer.write_error_text(error, executed)
    if name == "DeadKernelError":
        value = "de kernel stopte onverwacht (afgebroken of te weinig geheugen)"
    return {"cel": cell, "fout": name, "melding": value.strip().splitlines()[-1][:500]
            if value.strip() else ""}


def _cell_timings(notebook: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """papermill's duration of every code cell: ``[{"cel": 2, "seconden": 0.41}, …]``."""
    timings = []
    for cell in notebook.cells:
        duration = cell.get("metadata", {}).get("papermill", {}).get("duration")
        if cell.cell_type == "code" and duration is not None:
            # The execution count, as in the failure message: "In [3]" is cel 3.
            timings.append({"cel": cell.get("execution_count"),
                            "seconden": round(float(duration), 3)})
    return timings


@dataclass
class Settings:
    """What every worker needs besides the job; JSON-able."""

    uitvoer: str
    profiel: str
    werkmap: str
    tijdslimiet: int = 600  # seconds per report
    herkansingen: int = 1  # retries after a kernel start-up failure
    warm: bool = True  # start kernels from a warm template process (analysis.kernel)
    grenzen: str | None = None  # of the profile: part of what the zygotes preload


def write_profile(profile, path: Path) -> Path:
    """Store the profile for the workers: sorted by area in small row groups, so a worker that
    reads one area's rows (with a filter) reads a few kilobytes instead of the whole file."""
    ordered = profile.sort_values(["geo_type", "geo"], kind="stable")
    # Atomic, so a full disk names the file instead of leaving half a Parquet file.
    aio.write_atomic(path, lambda temporary: ordered.to_parquet(temporary, row_group_size=1000))
    return Path(path)


#: Per worker process: its warm kernels.
_STATE: dict[str, Any] = {}


def _area_profile(path: str, geo_type: str, geo_code: str):
    """The profile rows of one area; a worker never holds the whole profile in memory."""
    import pandas as pd

    return pd.read_parquet(path, filters=[("geo_type", "==", geo_type), ("geo", "==", geo_code)])


def _start_warm(preload: Any) -> Any:
    """This process's warm kernels (:mod:`analysis.kernel`), started now; None without."""
    try:
        from analysis import kernel
    except ImportError:
        return None
    # debugpy in the kernels warns about frozen modules on every start; it is not used.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    warm = kernel.WarmKernels(preload=preload)
    warm.__enter__()
    _STATE["warm"] = warm
    import atexit

    atexit.register(_close_warm)
    return warm


def _kernel_options(settings: Settings, job: Job) -> dict[str, Any]:
    """Extra papermill options: the warm kernel of this worker when available."""
    if not settings.warm:
        return {}
    # The same for every job of a batch, whichever kind comes first to this worker.
    preload = (job.parameters.get("data_dir"), settings.profiel, settings.grenzen)
    warm = _STATE.get("warm")
    if warm is None:
        warm = _start_warm(preload)
        if warm is None:
            return {}
    else:
        warm.send_preload(preload)  # a zygote started early (start_workers) waits for it
    return warm.papermill_options()


def _close_warm() -> None:
    warm = _STATE.pop("warm", None)
    if warm is not None:
        warm.__exit__(None, None, None)


class _Alarm:
    """A time limit for a whole report, when running in a main thread (signals need one)."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        self.active = threading.current_thread() is threading.main_thread() and seconds > 0

    def __enter__(self) -> _Alarm:
        if self.active:
            def expire(signum, frame):
                raise ReportTimeoutError(f"tijdslimiet van {self.seconds} s overschreden")

            self.previous = signal.signal(signal.SIGALRM, expire)
            signal.alarm(self.seconds)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, self.previous)


def execute(job: Job, settings: Settings, executed: Path) -> nbformat.NotebookNode:
    """Run the job's notebook with JSON-able parameters (never pasted code) in a new kernel."""
    import papermill as pm

    kind = KINDS.get(job.soort)
    parameters = {**job.parameters}
    if kind is None or kind.profile:
        parameters["profiel"] = settings.profiel
    with _Alarm(settings.tijdslimiet):
        return pm.execute_notebook(
            job.notebook, str(executed), parameters=parameters, progress_bar=False,
            request_save_on_cell_execute=False, kernel_name="python3",
            execution_timeout=settings.tijdslimiet, log_output=False,
            shutdown_kernel="immediate",
            **_kernel_options(settings, job),
        )


def _peak_rss_mb() -> dict[str, float]:
    """Peak resident memory of this worker so far, in MB.

    ``VmHWM`` of ``/proc/self/status`` where there is one: ``ru_maxrss`` survives ``exec``, so
    a spawned worker would report its parent's peak. Kernels are measured by ``make bench``
    (warm kernels are the zygote's children, not the worker's).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return {"werker": round(int(line.split()[1]) / 1024, 1)}
    except OSError:
        pass
    import resource

    return {"werker": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def run_job(job: Job | dict[str, Any], settings: Settings | dict[str, Any]) -> dict[str, Any]:
    """Build one report: notebook, HTML, CSV and XLSX; never raises (a failure is a result).

    The previous HTML of a failing report stays untouched; its executed notebook is kept in
    ``<uitvoer>/.mislukt/``. One retry when the kernel fails to start.
    """
    job = job if isinstance(job, Job) else Job(**job)
    settings = settings if isinstance(settings, Settings) else Settings(**settings)
    out = Path(settings.uitvoer)
    executed = Path(settings.werkmap) / f"{job.key}.ipynb"
    started = time.perf_counter()
    result: dict[str, Any] = {"key": job.key, "status": "mislukt", "pogingen": 0,
                              "gemaakt": datetime.now().isoformat(timespec="seconds"),
                              "werker_pid": os.getpid()}
    unwritable = namen.path_problem(job.key, (out, settings.werkmap))
    if unwritable is not None:  # fails this report only, before any of its files is touched
        return {**result, "seconden": 0.0,
                "fout": {"cel": None, "fout": "OutputError", "melding": unwritable}}
    try:
        executed.parent.mkdir(parents=True, exist_ok=True)
        while True:
            result["pogingen"] += 1
            executed.unlink(missing_ok=True)
            try:
                notebook = execute(job, settings, executed)
                break
            except Exception as error:
                if result["pogingen"] <= settings.herkansingen and is_startup_failure(
                        error, executed):
                    continue
                raise
        result["cellen"] = _cell_timings(notebook)
        kind = KINDS.get(job.soort)
        title = f"{job.naam} — {kind.title if kind else 'beleidsrapportage'}"
        aio.write_text(to_html(notebook, title), out / job.html)
        result.update(_exports(job, settings))
        result["status"] = "gebouwd"
    except Exception as error:  # isolated: the batch goes on with the other reports
        result["fout"] = _describe(error, executed)
        if executed.exists():
            kept = out / FAILED_DIR / f"{job.key}.ipynb"
            # Atomic: a full disk leaves no half notebook, and the report's own error stays
            # the one reported (the copy's failure is a note beside it).
            not_kept = (uitvoer.keep_copy(executed, kept, out / FAILED_DIR)
                        if _is_complete_notebook(executed)
                        else "het uitgevoerde notebook is onvolledig geschreven")
            if not_kept is None:
                result["notebook"] = str(kept.relative_to(out))
            else:
                result["notebook_fout"] = not_kept
    finally:
        executed.unlink(missing_ok=True)
    result["seconden"] = round(time.perf_counter() - started, 3)
    result["geheugen_mb"] = _peak_rss_mb()
    return result


def _is_complete_notebook(path: Path) -> bool:
    """The executed notebook is whole JSON (a full disk leaves papermill's save half-done)."""
    try:
        return isinstance(json.loads(path.read_bytes()), dict)
    except (OSError, ValueError):
        return False


def _exports(job: Job, settings: Settings) -> dict[str, Any]:
    """The report's data as CSV and XLSX beside its HTML, and the key figures of the index:
    an area's profile rows, a group's (all its members), a project's targets and budget."""
    out = Path(settings.uitvoer)
    figures: list[dict[str, Any]] = []
    if job.soort == "projectvoortgang":
        from analysis import projecten, voortgang

        project = voortgang.load_project(job.geo_code, job.parameters.get("data_dir")).project
        table = projecten.realisation_frame(project)
        sheets = {"realisatie": table, "budget": projecten.budget_frame(project)}
    else:
        from analysis.indicators import area_export, columns_sheet

        catalogue = aio.load_catalogue()
        grenzen = str(job.parameters.get("grenzen") or "")
        areas = job.leden or ((job.geo_type, job.geo_code, job.naam),)
        parts = []
        for geo_type, geo_code, naam in areas:
            profile = _area_profile(settings.profiel, geo_type, geo_code)
            parts.append(area_export(profile, catalogue, geo_type, geo_code, naam, grenzen,
                                     job.parameters.get("periode")))
        table = parts[0] if len(parts) == 1 else _concat(parts)
        sheets = {"profiel": table, "kolommen": columns_sheet()}
        if not job.leden:
            try:
                from analysis import indexpage

                figures = [asdict(f) for f in indexpage.key_figures(
                    profile, job.geo_type, job.geo_code, catalogue)]
            except ImportError:
                pass
    aio.write_text(csv_text(table), out / f"{job.key}.csv")
    aio.write_xlsx(sheets, out / f"{job.key}.xlsx")
    files = {"html": job.html, "csv": f"{job.key}.csv", "xlsx": f"{job.key}.xlsx"}
    page = (out / job.html).read_bytes()
    return {
        "bestanden": files, "sha256": output_hashes(out, files),
        "html_bytes": len(page), "html_sha256": hashlib.sha256(page).hexdigest(),
        "kerncijfers": figures,
    }


def output_hashes(out_dir: Path, files: dict[str, str]) -> dict[str, str]:
    """SHA-256 of every output of a report as it is on disk, by the keys of ``bestanden``."""
    return {name: hashlib.sha256((out_dir / path).read_bytes()).hexdigest()
            for name, path in files.items()}


def _concat(parts: list[Any]) -> Any:
    import pandas as pd

    return pd.concat(parts, ignore_index=True)


# -- the batch -------------------------------------------------------------------------------


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of an earlier run, or an empty one (also when it is unreadable)."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"rapporten": {}}
    if not isinstance(manifest, dict) or not isinstance(manifest.get("rapporten"), dict):
        return {"rapporten": {}}
    return manifest


def is_fresh(entry: dict[str, Any] | None, key: str, out_dir: Path) -> bool:
    """An earlier build with the same cache key whose outputs (HTML, CSV, XLSX …) are all
    still there, unchanged: a removed, replaced or edited export rebuilds the report.

    An entry without a hash of every output (a manifest of an older version) is not fresh.
    """
    if not entry or entry.get("sleutel") != key or entry.get("status") == "mislukt":
        return False
    files = entry.get("bestanden") or {}
    hashes = entry.get("sha256")
    if not files or not isinstance(files, dict) or not isinstance(hashes, dict):
        return False
    if set(hashes) != set(files):
        return False
    try:
        return output_hashes(out_dir, files) == hashes
    except (OSError, TypeError):  # a file removed or a folder in its place
        return False


def outdated(jobs: Sequence[Job], out_dir: Path, inputs: dict[str, str],
             force: bool = False) -> list[Job]:
    """The jobs to build: all with ``force``, else those without a fresh entry in the manifest
    (also a report whose files are there but that a killed build never listed)."""
    if force:
        return list(jobs)
    previous = read_manifest(Path(out_dir)).get("rapporten", {})
    return [j for j in jobs
            if not is_fresh(previous.get(j.key), job_key(j, inputs), Path(out_dir))]


def _worker_ignores_ctrl_c() -> None:
    """Ctrl-C is for the main process: it stops handing out reports and waits for the running
    ones, so no worker dies half-way through a report (and prints nbclient's tracebacks)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_init(warm: bool) -> None:
    """A new worker: ignores Ctrl-C and starts its zygote's imports straight away (the zygote
    is tied to this worker: it ends when the worker does)."""
    _worker_ignores_ctrl_c()
    if warm:
        from analysis import kernel

        _start_warm(kernel.LATER)


def _note_on_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Workers:
    """Local worker processes (:class:`analysis.pool.WorkerPool`), started before the profile
    is computed.

    A worker's start (imports, then its zygote's imports) takes seconds of one core; the
    main process meanwhile validates the data and computes the profile on the other, which
    the zygotes then preload. With one worker the reports run in this process, whose zygote
    starts early the same way. Workers, zygotes and kernels end with the main process; a
    worker that dies during a report has that report retried once in a new worker.
    """

    def __init__(self, count: int, warm: bool = True) -> None:
        self.count = count
        self.warm = warm
        self.pool: pool.WorkerPool | None = None

    def start(self) -> Workers:
        if self.count <= 1:
            if self.warm and "warm" not in _STATE:
                from analysis import kernel

                _start_warm(kernel.LATER)
            return self
        self.pool = pool.WorkerPool(self.count, initializer=_worker_init,
                                    initargs=(self.warm,))
        self.pool.grow(self.count)  # all start now, while the caller prepares
        return self

    def results(self, jobs: Sequence[Job], settings: Settings,
                note: Callable[[str], None] = _note_on_stderr) -> Iterator[dict[str, Any]]:
        """Run the jobs, one kernel per worker at a time; results as they come. ``note`` gets
        the Dutch line said when a report is retried after its worker died."""
        if self.pool is None:
            for job in jobs:
                yield run_job(job, settings)
            return
        tasks = [(job, (job, settings)) for job in jobs]
        for job, ok, value in self.pool.run(run_job, tasks, label=lambda j: j.key, note=note):
            yield value if ok else self._failure(job, value)

    @staticmethod
    def _failure(job: Job, value: pool.WorkerDied | str) -> dict[str, Any]:
        """The result of a report whose worker died on every try (or whose task raised)."""
        if isinstance(value, pool.WorkerDied):
            again = "opnieuw " if value.tries > 1 else ""
            error = {"cel": None, "fout": "werker gestopt",
                     "melding": f"de werker stopte {again}tijdens dit rapport ({value.reason}); "
                                "het rapport is niet gebouwd"}
            tries = value.tries
        else:
            name, _, message = value.partition(": ")
            error, tries = {"cel": None, "fout": name, "melding": message}, 1
        return {"key": job.key, "status": "mislukt", "pogingen": tries, "seconden": 0.0,
                "fout": error}

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        elif self.count <= 1:
            _close_warm()

    def __enter__(self) -> Workers:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _dask_results(jobs: Sequence[Job], settings: Settings, scheduler: str | Any
                  ) -> Iterator[dict[str, Any]]:
    """Run the jobs on the workers of a Dask distributed cluster (shared file system)."""
    from distributed import Client, as_completed

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        futures = client.map(run_job, [asdict(j) for j in jobs], settings=asdict(settings),
                             pure=False, key=[f"rapport-{j.key}" for j in jobs])
        for future in as_completed(futures):
            yield future.result()
    finally:
        if client is not scheduler:
            client.close()


@dataclass
class BatchResult:
    """The outcome of a batch: results in job order and the manifest written."""

    results: list[dict[str, Any]]
    manifest: dict[str, Any]
    seconds: float

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.results if r["status"] == "mislukt"]

    def count(self, status: str) -> int:
        return sum(r["status"] == status for r in self.results)


def run_batch(
    jobs: Sequence[Job],
    *,
    out_dir: Path,
    inputs: dict[str, str],
    prepare: Callable[[Path], str],
    workers: int | Workers = 1,
    force: bool = False,
    scheduler: str | Any | None = None,
    progress: bool = True,
    meta: dict[str, Any] | None = None,
    timeout: int = 600,
    warm: bool = True,
    note: Callable[[str], None] | None = None,
) -> BatchResult:
    """Build the jobs that are not up to date and write the manifest (the index page is
    :func:`write_index`, from that manifest).

    ``prepare(work_dir)`` is called only when something must be built: it validates the data,
    computes the profile once and returns the path of its Parquet file. ``workers`` is a
    number of local workers (at most one per report and per core), or :class:`Workers` that
    the caller started earlier (and stops). ``note`` gets the Dutch lines said on the way
    (what was cleaned up, a report retried); default: on stderr above the progress bar.

    The output folder is locked from reading the manifest to writing it
    (:func:`analysis.uitvoer.output_folder`; a second build raises
    :class:`analysis.uitvoer.BuildRunningError`). Inside the lock the leftovers of killed
    builds are removed first (:func:`analysis.leftovers.clean`); a report of a killed build
    whose files are there but not in the manifest is built again. The manifest written is the
    one on disk at the end with this build's reports merged in. When it cannot be written,
    :class:`UnwrittenManifestError` carries the reports' results.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    with uitvoer.output_folder(out_dir):
        say = note or _say
        removed = leftovers.clean(out_dir)
        if removed:
            say(f"Opgeruimd na een afgebroken bouw: {', '.join(removed)}")
        previous: dict[str, Any] = read_manifest(out_dir).get("rapporten", {})
        keys = {job.key: job_key(job, inputs) for job in jobs}
        todo = [j for j in jobs
                if force or not is_fresh(previous.get(j.key), keys[j.key], out_dir)]
        results: dict[str, dict[str, Any]] = {}
        for job in jobs:
            if job not in todo:
                results[job.key] = {**previous[job.key], "status": "ongewijzigd"}
        interrupted = bool(todo) and _build(todo, results, out_dir, prepare, workers,
                                            scheduler, progress, timeout, warm, say)
        # What is on disk now, never the copy read at the start: whatever else wrote the
        # manifest meanwhile stays listed.
        on_disk: dict[str, Any] = read_manifest(out_dir).get("rapporten", {})
        manifest = {
            **(meta or {}), "gemaakt": datetime.now().isoformat(timespec="seconds"),
            "invoer": inputs, "rapporten": _entries(jobs, results, on_disk, keys, inputs),
        }
        if interrupted:
            manifest["onderbroken"] = {
                "klaar": [j.key for j in todo if j.key in results],
                "niet_gebouwd": [j.key for j in todo if j.key not in results]}
        ordered = [results[j.key] | {"key": j.key} for j in jobs if j.key in results]
        try:
            aio.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                           out_dir / MANIFEST)
        except aio.OutputError as error:
            raise UnwrittenManifestError(str(error), ordered) from error
    if interrupted:
        raise KeyboardInterrupt
    return BatchResult(ordered, manifest, time.perf_counter() - started)


class UnwrittenManifestError(aio.OutputError):
    """The manifest could not be written (a full disk); ``results`` says what was built, so
    that the first error of a failed report is not hidden behind the manifest's."""

    def __init__(self, message: str, results: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.results = results

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.results if r["status"] == "mislukt"]


def _say(message: str) -> None:
    """A Dutch line on stderr, above the progress bar."""
    from tqdm import tqdm

    tqdm.write(message, file=sys.stderr)


def _build(todo: Sequence[Job], results: dict[str, dict[str, Any]], out_dir: Path,
           prepare: Callable[[Path], str], workers: int | Workers, scheduler: str | Any | None,
           progress: bool, timeout: int, warm: bool, say: Callable[[str], None]) -> bool:
    """Build ``todo`` into ``results``; True when Ctrl-C stopped it."""
    import tempfile

    from tqdm import tqdm

    interrupted = False
    own = None
    if scheduler is None and not isinstance(workers, Workers):
        count, _ = pool.worker_count(workers, len(todo))
        own = workers = Workers(count, warm=warm).start()  # starts while prepare runs
    try:
        # The work folder sits in the output folder: shared with Dask workers on one file
        # system. Its name says whose it is: the next build removes it if this one is killed.
        with tempfile.TemporaryDirectory(prefix=leftovers.work_prefix(),
                                         dir=out_dir.resolve()) as work:
            grenzen = next((j.parameters["grenzen"] for j in todo
                            if j.parameters.get("grenzen")), None)
            settings = Settings(uitvoer=str(out_dir.resolve()), profiel=prepare(Path(work)),
                                werkmap=work, tijdslimiet=timeout, warm=warm,
                                grenzen=grenzen)
            stream = (_dask_results(todo, settings, scheduler) if scheduler is not None
                      else workers.results(todo, settings, note=say))
            bar = tqdm(total=len(todo), unit="rapport", desc="Rapporten",
                       disable=not progress, leave=False, dynamic_ncols=True)
            with bar:
                try:
                    for outcome in stream:
                        results[outcome["key"]] = outcome
                        bar.set_postfix_str(outcome["key"], refresh=False)
                        bar.update()
                except KeyboardInterrupt:
                    interrupted = True
    finally:
        if own is not None:
            own.close()
    return interrupted


def _entries(jobs: Sequence[Job], results: dict[str, dict[str, Any]], on_disk: dict[str, Any],
             keys: dict[str, str], inputs: dict[str, str]) -> dict[str, Any]:
    """The manifest's reports: the jobs' outcomes merged into the entries on disk."""
    entries: dict[str, Any] = {}
    for job in jobs:
        outcome = results.get(job.key)
        if outcome is None:  # not built: an interrupted batch
            if job.key in on_disk:
                entries[job.key] = on_disk[job.key]
            continue
        base = {k: v for k, v in on_disk.get(job.key, {}).items()
                if k not in {"fout", "notebook", "notebook_fout"}}
        entry = {**base, **outcome}
        if outcome["status"] == "mislukt":
            # The previous good files stay; the manifest keeps their record beside the failure.
            entry["sleutel"] = None
        else:
            entry["sleutel"] = keys[job.key]
            entry["invoer"] = inputs
        entry.update({"soort": job.soort, "gebied": {"type": job.geo_type, "code": job.geo_code,
                                                     "naam": job.naam,
                                                     "zoektermen": list(job.zoektermen)},
                      "parameters": job.parameters})
        entries[job.key] = entry
    for key, entry in on_disk.items():  # reports of earlier runs stay listed
        entries.setdefault(key, {**entry, "status": entry.get("status", "ongewijzigd")})
    return entries


def default_workers() -> int:
    """One worker per core available to this process."""
    return pool.available_cores()


def write_index(out_dir: Path, manifest: dict[str, Any]) -> Path:
    """``<uitvoer>/index.html``: every report of the manifest, grouped by type, offline."""
    from analysis import indexpage
    from analysis.voorbeeld import BANNER

    entries = []
    for key, entry in manifest.get("rapporten", {}).items():
        area = entry.get("gebied") or {}
        files = entry.get("bestanden") or {}
        links = [(label, files[name]) for label, name in (("CSV", "csv"), ("Excel", "xlsx"))
                 if name in files and (out_dir / files[name]).is_file()]
        page = files.get("html", f"{key}.html")
        entries.append(indexpage.IndexEntry(
            geo_type=area.get("type", key.split("/")[0]), code=area.get("code", ""),
            naam=area.get("naam", key), href=page if (out_dir / page).is_file() else "",
            status=entry.get("status", ""), zoektermen=area.get("zoektermen", ()),
            key_figures=[indexpage.KeyFigure(**f) for f in entry.get("kerncijfers", [])],
            links=links,
        ))
    made = datetime.now().strftime("%d/%m/%Y %H:%M")
    page = indexpage.index_html(
        entries, title="Beleidsrapportage samenwerking VDAB & lokale besturen", made=made,
        banner=BANNER if manifest.get("voorbeelddata") else None, types_order=indexpage.TYPES_ORDER,
    )
    return aio.write_text(page, Path(out_dir) / "index.html")
