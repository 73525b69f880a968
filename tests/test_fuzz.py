"""Hypothesis fuzzing of the readers: whatever a file holds, the result is problems with Dutch
messages or a clean exit code, never an exception, and the same input gives the same result.

* random bytes as CSV, CSV.gz, XLSX and YAML files;
* random CSV shapes (columns, separators, quoting, empty and title lines, huge numbers,
  unicode) as CSV, CSV.gz and XLSX through :func:`analysis.io.read_observations` and the
  ``valideer`` command;
* reference tables with random bytes or random extra rows through
  :func:`analysis.io.read_reference` (and, when they pass, :class:`Geography`);
* random YAML documents and mutations of the real ones through :func:`analysis.io.read_yaml`
  and every builder (qualitative data, projects, catalogue, list of reports), plus the checks
  ``valideer`` runs on them against the geography.

Deterministic (``derandomize=True``, no example database) and bounded (50 examples per test,
no deadline). Files live in folders of ``tmp_path_factory``.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import gzip
import io
import math
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import batch, cli
from analysis import io as aio
from analysis import kwalitatief as kw
from analysis.geography import VERSIONS, Geography
from analysis.projecten import build_project

REPO = Path(__file__).resolve().parents[1]
FUZZ = settings(max_examples=50, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])
SUFFIXES = (".csv", ".csv.gz", ".xlsx")
#: Messages of the last lines of defence: a fuzzed input must never reach them.
DEFENCE = ("onverwachte fout", "voldoet niet aan het gegevenscontract", "controle mislukt")


# --------------------------------------------------------------------------------------------
# Checks


def check_problems(problems: list[aio.Problem]) -> None:
    """Every problem is a Problem with a Dutch message, a row ≥ 1 or none, no defence hit."""
    for problem in problems:
        assert isinstance(problem, aio.Problem)
        assert isinstance(problem.melding, str) and problem.melding
        assert problem.rij is None or problem.rij >= 1
        assert not any(text in problem.melding.lower() for text in DEFENCE), problem


def check_result(result: aio.ReadResult, display: str) -> None:
    """A well-formed reading: problems about this file, canonical data, counts ≥ 0."""
    assert isinstance(result, aio.ReadResult)
    check_problems(result.problems)
    assert {problem.bestand for problem in result.problems} <= {display}
    assert list(result.data.columns) == list(aio.OUTPUT_COLUMNS)
    aio.OBSERVATION_SCHEMA.validate(result.data)
    for column in ("teller", "noemer"):
        values = result.data[column].dropna()
        assert all(math.isfinite(v) and v >= 0 for v in values), column


def read_twice(path: Path, geography: Geography) -> aio.ReadResult:
    """Read a file twice: the same problems and the same data both times."""
    first = aio.read_observations([path], geo_check=geography.check_geo)
    second = aio.read_observations([path], geo_check=geography.check_geo)
    assert first.problems == second.problems
    assert first.data.equals(second.data)
    return first


# --------------------------------------------------------------------------------------------
# Strategies: cells, tables and files


def _nis_codes() -> list[str]:
    tables, _ = aio.read_reference(REPO / "data" / "reference")
    return sorted(set(tables["gemeenten"]["nis"]))[::7]


NIS = _nis_codes()
INDICATORS = list(aio.load_catalogue().ids())

numbers = st.one_of(
    st.integers(-10**6, 10**9).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(0, 10**7, places=3, allow_nan=False).map(lambda d: f"{d:,}".replace(",", ".")),
    st.integers(0, 10**7).map(lambda n: f"{n:,}".replace(",", "\u202f")),
    st.integers(1, 420).map(lambda n: "9" * n),  # beyond 308 digits: infinity as a float
    st.sampled_from(["-", "x", "X", "?", "<5", "< 5", "-99999", "-99996", "0", "00", ",5", "1,"]),
)
cells = st.one_of(
    numbers,
    st.sampled_from(INDICATORS),
    st.sampled_from([*NIS, "02000", "10000", "RG05", "REFREG01", "2000", "11002.0", "'s-Grav"]),
    st.sampled_from(["2019", "2022Q4", "2022-q4", "2022/Q5", "09/2022", "2022-13", "1899",
                     "2101", "22Q4", ""]),
    st.text(max_size=12),  # unicode, quotes, separators, newlines
)
HEADER_NAMES = ("indicator", "geo", "periode", "teller", "noemer", "opmerking")


@st.composite
def headers(draw: st.DrawFn) -> list[str]:
    """Required columns in any order, in any case, maybe one missing, maybe extra ones."""
    names = draw(st.permutations(HEADER_NAMES))
    names = [n for n in names if n not in draw(st.sets(st.sampled_from(HEADER_NAMES),
                                                       max_size=1))]
    names += draw(st.lists(st.text(max_size=8), max_size=2))
    styled = [draw(st.sampled_from([n, n.upper(), f" {n} ", n.title()])) for n in names]
    return draw(st.permutations(styled))


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    """A header (maybe below title lines) and rows of random width, with empty rows."""
    header = draw(headers())
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(header) + 2), max_size=8))
    titles = draw(st.lists(st.lists(st.text(max_size=20), max_size=2), max_size=2))
    return [*titles, header, *rows]


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """A table written as CSV: separator, quoting, line ends, BOM; sometimes naively joined."""
    rows = draw(tables())
    separator = draw(st.sampled_from([";", ",", "\t", "|"]))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    if draw(st.booleans()):
        buffer = io.StringIO()
        quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
        csv.writer(buffer, delimiter=separator, quoting=quoting, lineterminator=ending).writerows(
            rows)
        text = buffer.getvalue()
    else:  # no quoting at all: separators and quotes inside cells break the shape
        text = ending.join(separator.join(row) for row in rows) + ending
    lines = text.split(ending)
    for _ in range(draw(st.integers(0, 2))):  # blank lines anywhere
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", " ", ";;;"])))
    return draw(st.sampled_from(["", "\ufeff"])) + ending.join(lines)


def write_table(path: Path, rows: list[list[str]], text: str) -> None:
    """``text`` as CSV or gzipped CSV, or ``rows`` as a workbook (numbers as numbers)."""
    if path.name.endswith(".csv"):
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    elif path.name.endswith(".csv.gz"):
        path.write_bytes(gzip.compress(text.encode("utf-8", "surrogatepass"), mtime=0))
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append([_xlsx_value(cell) for cell in row])
        book.save(path)


def _xlsx_value(cell: str) -> Any:
    """A cell as Excel would hold it: a number when it reads as one, else text."""
    illegal = openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE
    try:
        number = float(cell)
    except ValueError:
        return illegal.sub("", cell)
    return number if math.isfinite(number) and len(cell) < 30 else illegal.sub("", cell)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def xlsx_template(folder) -> bytes:
    path = folder / "sjabloon.xlsx"
    write_table(path, [["Titel"], list(HEADER_NAMES), ["wzw", "44021", "2022Q4", "5", "", ""]],
                "")
    return path.read_bytes()


# --------------------------------------------------------------------------------------------
# Observations


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(content=st.binary(max_size=3000), packed=st.booleans(), data=st.data())
def test_random_bytes_as_observation_file(folder, xlsx_template, geography, suffix, content,
                                          packed, data):
    if suffix == ".csv.gz" and packed:
        content = gzip.compress(content, mtime=0)  # past the gzip layer: random text inside
    if suffix == ".xlsx" and packed:  # a real workbook with some bytes changed
        flips = data.draw(st.lists(st.tuples(st.integers(0, len(xlsx_template) - 1),
                                             st.integers(0, 255)), min_size=1, max_size=8))
        changed = bytearray(xlsx_template)
        for position, value in flips:
            changed[position] = value
        content = bytes(changed)
    path = folder / f"bytes{suffix}"
    path.write_bytes(content)
    check_result(read_twice(path, geography), str(path))


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=st.data())
def test_random_csv_shapes(folder, geography, suffix, data):
    text = data.draw(csv_texts())
    rows = data.draw(tables()) if suffix == ".xlsx" else []
    path = folder / f"vorm{suffix}"
    write_table(path, rows, text)
    result = read_twice(path, geography)
    check_result(result, str(path))
    lines = max(len(text.splitlines()), len(rows)) + 1
    assert all(1 <= row <= lines for row in result.data["bron_rij"])


@pytest.fixture(scope="module")
def embedded_geography(geography):
    """``valideer`` builds the embedded geography (0,6 s) on every call; here it is built once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "_geography", lambda data_dir: geography)
        yield


@FUZZ
@given(text=csv_texts())
def test_valideer_reports_cleanly(folder, embedded_geography, text):
    path = folder / "valideer.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["valideer", str(path)])
    shown = out.getvalue()
    assert (code, err.getvalue()) in ((0, ""), (1, ""))
    assert shown.endswith("Geldig.\n" if code == 0 else "Ongeldig: los de problemen hierboven "
                          "op.\n")
    assert "Traceback" not in shown and "Onverwachte fout" not in shown


# --------------------------------------------------------------------------------------------
# Reference tables

REFERENCE = REPO / "data" / "reference"
reference_cells = st.one_of(
    st.sampled_from([*VERSIONS, "2019", "2023", "", "2024 "]),
    st.sampled_from([*NIS[:20], "02000", "10000", "40000", "99999", "1100", "RG01", "RG99",
                     "REFREG01"]),
    st.sampled_from(["bevestigd", "benadering", "onzeker", "Gent", "Provincie Antwerpen"]),
    st.text(max_size=10),
)


@st.composite
def reference_edits(draw: st.DrawFn) -> tuple[str, bytes]:
    """One table replaced by random bytes, or extended with random rows of its own width."""
    name = draw(st.sampled_from(sorted(aio.REFERENCE_TABLES)))
    original = (REFERENCE / f"{name}.csv").read_bytes()
    if draw(st.integers(0, 4)) == 0:
        return name, draw(st.binary(max_size=500))
    width = len(aio.REFERENCE_TABLES[name])
    rows = draw(st.lists(st.lists(reference_cells, min_size=width, max_size=width),
                         min_size=1, max_size=4))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    keep = draw(st.sampled_from([None, 1, 40]))  # the whole table, its header, a few rows
    lines = original.decode("utf-8").splitlines(keepends=True)
    head = "".join(lines if keep is None else lines[:keep])
    return name, (head + buffer.getvalue()).encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def reference_copy(folder) -> Path:
    target = folder / "reference"
    shutil.copytree(REFERENCE, target)
    return target


@FUZZ
@given(edit=reference_edits())
def test_reference_tables_give_problems_or_a_geography(reference_copy, edit):
    name, content = edit
    path = reference_copy / f"{name}.csv"
    path.write_bytes(content)
    try:
        tables, problems = aio.read_reference(reference_copy)
        again = aio.read_reference(reference_copy)[1]
    finally:
        shutil.copyfile(REFERENCE / f"{name}.csv", path)
    check_problems(problems)
    assert problems == again
    assert {p.bestand for p in problems} <= {str(reference_copy / f"{t}.csv")
                                              for t in aio.REFERENCE_TABLES}
    if not problems:  # tables that pass the checks make a working geography
        geography = Geography(tables)
        for version in VERSIONS:
            geography.geographies(None, version)


# --------------------------------------------------------------------------------------------
# YAML: random documents and mutations of the real ones

Builder = Callable[[Path], tuple[Any, list[aio.Problem]]]


def _kwalitatief_builder(name: str) -> Builder:
    kind, whole, build = kw.FILES[name]

    def run(path: Path) -> tuple[Any, list[aio.Problem]]:
        return build(aio.read_yaml(path, kind=kind, whole=whole), str(path))
    return run


def _project(path: Path) -> tuple[Any, list[aio.Problem]]:
    return build_project(aio.read_yaml(path, kind="actie", whole="het project"), str(path))


def _catalogue(path: Path) -> tuple[Any, list[aio.Problem]]:
    catalogue, problems = aio.read_catalogue(path)
    assert (catalogue is None) == bool(problems)
    return catalogue, problems


def _plan(path: Path) -> tuple[Any, list[aio.Problem]]:
    return batch.read_plan(path)


BUILDERS: dict[str, tuple[Path, Builder]] = {
    **{name: (REPO / "data" / "kwalitatief" / name, _kwalitatief_builder(name))
       for name in kw.FILES},
    "project.yaml": (REPO / "data" / "projecten" / "plastiq-ingroeibanen-2022-2023.yaml",
                     _project),
    "indicators.yaml": (REPO / "params" / "indicators.yaml", _catalogue),
    "rapporten.yaml": (REPO / "params" / "rapporten.yaml", _plan),
}

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=15),
    st.dates(date(1, 1, 1), date(9999, 12, 31)),
    st.sampled_from(["", "2022-10", "najaar 2022", "2022-09/2021-01", "Gent", "RG05", "11002",
                     "getekend", "personen", "tussentijds", "actie 1", "acties[1].budget"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.text(max_size=8), st.integers(0, 3)),
                                            inner, max_size=4)),
    max_leaves=12,
)


def run_builder(name: str, folder: Path, text: str | bytes) -> tuple[Any, list[aio.Problem]]:
    """Write ``text`` as the file and build it twice: the same problems both times."""
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    build = BUILDERS[name][1]
    value, problems = build(path)
    assert build(path)[1] == problems
    check_problems(problems)
    assert {p.bestand for p in problems} <= {str(path)}
    return value, problems


@pytest.mark.parametrize("name", sorted(BUILDERS))
@FUZZ
@given(content=st.one_of(st.binary(max_size=400), values.map(
    lambda v: yaml.safe_dump(v, allow_unicode=True).encode("utf-8", "surrogatepass"))))
def test_random_yaml_documents(folder, name, content):
    run_builder(name, folder, content)


def dump(document: Any) -> str:
    """YAML text of a document (the C dumper: same text, four times faster)."""
    return yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a parsed document (the document itself included)."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


DOCUMENTS = {name: yaml.safe_load(source.read_text(encoding="utf-8"))
             for name, (source, _) in BUILDERS.items()}
PATHS = {name: _paths(document) for name, document in DOCUMENTS.items()}


@st.composite
def mutations(draw: st.DrawFn, name: str) -> Any:
    """The real document with one to three places replaced, removed, emptied or doubled."""
    document = copy.deepcopy(DOCUMENTS[name])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS[name]))
        parent, key = _parent(document, path)
        if parent is None:
            return draw(values)
        if key not in (parent if isinstance(parent, dict) else range(len(parent))):
            continue  # removed by an earlier mutation
        action = draw(st.sampled_from(["replace", "remove", "empty", "double"]))
        if action == "replace":
            parent[key] = draw(values)
        elif action == "remove":
            del parent[key]
        elif action == "empty":
            parent[key] = type(parent[key])() if isinstance(parent[key], dict | list) else None
        elif isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[f"{key}_"] = copy.deepcopy(parent[key])
    return document


def _parent(document: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    """The container holding ``path`` and the key in it; a dummy when an earlier mutation
    took the path away."""
    if not path:
        return None, None
    node = document
    for part in path[:-1]:
        inside = node if isinstance(node, dict) else range(len(node)) if isinstance(
            node, list) else ()
        if part not in inside:
            return {}, path[-1]
        node = node[part]
    return (node, path[-1]) if isinstance(node, dict | list) else ({}, path[-1])


@pytest.mark.parametrize("name", sorted(BUILDERS))
@FUZZ
@given(data=st.data())
def test_mutated_real_documents(folder, geography, name, data):
    document = data.draw(mutations(name))
    text = dump(document)
    value, _ = run_builder(name, folder, text)
    if name in kw.FILES:  # what valideer checks next, against the geography
        if isinstance(value, list):
            check_problems(kw.link_to_geographies(value, geography)[1])
        elif isinstance(value, kw.SoStatus):
            check_problems(kw.check_so_status(value, geography))
        elif isinstance(value, kw.Digibanken):
            check_problems(kw.link_to_geographies(value.west_vlaanderen, geography)[1])


def test_the_real_documents_build_without_problems(folder):
    """The mutations start from valid documents (else the fuzzing proves little)."""
    for name, document in DOCUMENTS.items():
        text = dump(document)
        assert run_builder(name, folder, text)[1] == [], name

