"""Command line ``rapportage``: Dutch messages, exit codes 0 (ok), 1 (invalid input), 2 (usage).

No Python traceback reaches the user; ``--debug`` shows one for developers.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from analysis import __version__, uitvoer, wording
from analysis import formatting as fmt
from analysis import io as aio
from analysis.catalogue import Catalogue
from analysis.export import csv_text
from analysis.geography import TYPES, VERSIONS, GeoError, Geography
from analysis.indicators import area_export, build_profile, columns_sheet, default_grenzen
from analysis.pool import worker_count
from analysis.voorbeeld import BANNER

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

#: The embedded data: ``data/`` of the repository, or ``RAPPORTAGE_DATA``.
REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("RAPPORTAGE_DATA", REPO / "data"))
#: Observations used when no --data is given: the embedded example data.
DEFAULT_OBSERVATIONS = DEFAULT_DATA / "voorbeeld"

# argparse speaks English; these are its messages a user can meet, in Dutch.
_ARGPARSE_NL = [
    (r"the following arguments are required: (.*)", r"deze argumenten ontbreken: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)",
     r"argument \1: ongeldige keuze '\2' (kies uit \3)"),
    (r"argument (\S+): expected one argument", r"argument \1: verwacht één waarde"),
    (r"argument (\S+): invalid \w+ value: '([^']*)'", r"argument \1: ongeldige waarde '\2'"),
    (r"invalid choice: '?([^']*)'? \(choose from (.*)\)", r"ongeldige keuze '\1' (kies uit \2)"),
]


class UsageError(Exception):
    """Wrong use of the command line (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="toon deze hulp en stop")

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, dutch in _ARGPARSE_NL:
            message = re.sub(pattern, dutch, message)
        raise UsageError(f"{self.prog}: {message}\nZie '{self.prog} --help'.")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        names = {"positional arguments": "argumenten", "options": "opties"}
        super().start_section(names.get(heading or "", heading))


def build_parser() -> argparse.ArgumentParser:
    """The ``rapportage`` parser with its subcommands."""
    parser = _Parser(
        prog="rapportage",
        description=(
            "Beleidsrapportage samenwerking VDAB & lokale besturen: geografieën, controle van "
            "invoerbestanden, indicatoren, rapporten en kaarten."
        ),
    )
    parser.add_argument("--versie", action="version", version=f"rapportage {__version__}",
                        help="toon de versie en stop")
    parser.add_argument("--debug", action="store_true",
                        help="toon bij een onverwachte fout de volledige Python-traceback")
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT", parser_class=_Parser,
                                title="opdrachten")

    geos = sub.add_parser("geos", help="lijst van geografieën: code, naam, type, aantal gemeenten",
                          description="Toon de geografieën van een grensversie.")
    geos.add_argument("--type", choices=TYPES, help="alleen dit type")
    geos.add_argument("--grenzen", choices=VERSIONS, default="2025",
                      help="grensversie: 2024 = 300 gemeenten (2019-2024), 2025 = 285 "
                           "(vanaf 1/1/2025), 2018 = 308 (tot 2018); standaard 2025")
    geos.add_argument("--formaat", choices=("tabel", "csv"), default="tabel",
                      help="uitvoer als leesbare tabel of als CSV (standaard tabel)")
    geos.add_argument("--data", type=Path, default=None, metavar="MAP",
                      help="map met een eigen reference/ (standaard de meegeleverde gegevens)")

    val = sub.add_parser(
        "valideer", help="controleer invoerbestanden tegen het gegevenscontract",
        description=(
            "Controleer CSV- en XLSX-bestanden (of mappen) tegen het gegevenscontract\n"
            "indicator, geo, periode, teller, noemer. Een map met een submap reference/ wordt\n"
            "ook op haar referentietabellen gecontroleerd.\n\n"
            "Exitcode: 0 = alles geldig, 1 = problemen gevonden, 2 = verkeerd gebruik."
        ),
    )
    val.add_argument("paden", nargs="+", type=Path, metavar="PAD",
                     help="bestand of map om te controleren")
    val.add_argument("--max", type=int, default=50, metavar="N",
                     help="toon per bestand hoogstens N problemen (standaard 50)")

    ind = sub.add_parser(
        "indicatoren", help="het profiel van één geografie: elke indicator met vergelijkingen",
        description=(
            "Toon het profiel van één geografie: per indicator en periode de waarde, de\n"
            "betrouwbaarheidsintervallen, Vlaanderen en de provincie met de vergelijking,\n"
            "de rang onder gelijkaardige gebieden, het verschil met vorige jaren en de trend.\n"
            "De CSV bevat onafgeronde waarden; de tabel rondt af zoals de catalogus zegt."
        ),
    )
    ind.add_argument("--geo", required=True, metavar="X",
                     help="code of naam: Gent, 44021, Westhoek, 'referentieregio:Westhoek', "
                          "Vlaanderen")
    ind.add_argument("--periode", metavar="P", help="alleen deze periode (bv. 2022Q4); "
                                                   "standaard alle perioden")
    ind.add_argument("--grenzen", choices=VERSIONS, default=None,
                     help="grensversie; standaard die van de laatste periode in de gegevens")
    ind.add_argument("--data", type=Path, default=None, metavar="MAP",
                     help="map met observaties in het gegevenscontract (standaard de "
                          "meegeleverde gegevens); een eigen reference/ gaat voor")
    ind.add_argument("--formaat", choices=("tabel", "csv", "xlsx"), default="tabel",
                     help="leesbare tabel (standaard), CSV naar de uitvoer, of een XLSX-bestand")
    ind.add_argument("--uitvoer", type=Path, default=None, metavar="BESTAND",
                     help="bestand voor --formaat csv (standaard naar het scherm) of xlsx "
                          "(standaard outputs/profiel_<code>_<grenzen>.xlsx)")

    bouw = sub.add_parser(
        "bouw", help="bouw de rapporten naar outputs/",
        description=(
            "Bouw de rapporten uit de gegevens naar outputs/ (of --uitvoer): per gebied\n"
            "<uitvoer>/<type>/<naam>.html met ernaast .csv en .xlsx, bv.\n"
            "outputs/centrumstad/gent.html; daarbij outputs/index.html en outputs/manifest.json.\n"
            "Zonder --alleen: de rapporten van params/rapporten.yaml (Vlaanderen, de 13\n"
            "centrumsteden, de regiegebieden, de 5 provincies en de 15 referentieregio's).\n"
            "Een rapport waarvan de invoer niet veranderde, wordt overgeslagen (zie --force).\n\n"
            "Exitcode: 0 = alles gebouwd, 1 = ongeldige gegevens of een rapport mislukt."
        ),
    )
    bouw.add_argument("--alleen", nargs="+", metavar="X", default=None,
                      help="alleen deze gebieden: code, naam of type (centrumstad, "
                           "regiegebied, provincie, referentieregio, vlaanderen)")
    bouw.add_argument("--data", type=Path, default=None, metavar="MAP",
                      help="map zoals data/ of met observaties (standaard de meegeleverde "
                           "gegevens); een eigen reference/ en kwalitatief/ gaan voor")
    bouw.add_argument("--uitvoer", type=Path, default=Path("outputs"), metavar="MAP",
                      help="map voor de rapporten (standaard outputs/)")
    bouw.add_argument("--periode", metavar="P", default=None,
                      help="laatste periode in de rapporten (standaard de laatste in de gegevens)")
    bouw.add_argument("--grenzen", choices=VERSIONS, default=None,
                      help="gemeentegrenzen (standaard die van de laatste periode)")
    bouw.add_argument("--jobs", type=int, default=None, metavar="N",
                      help="aantal rapporten tegelijk (standaard het aantal processorkernen)")
    bouw.add_argument("--force", action="store_true",
                      help="bouw alles opnieuw, ook rapporten waarvan de invoer niet veranderde")
    bouw.add_argument("--stil", action="store_true",
                      help="geen voortgangsbalk; alleen de samenvatting en fouten")
    bouw.add_argument("--scheduler", default=None, metavar="ADRES",
                      help="voer de rapporten uit op een Dask-cluster (bv. tcp://host:8786); "
                           "de uitvoermap moet voor alle werkers bereikbaar zijn")
    bouw.add_argument("--tijdslimiet", type=int, default=600, metavar="S",
                      help="maximale duur per rapport in seconden (standaard 600)")
    bouw.add_argument("--wacht", action="store_true",
                      help="loopt er al een bouw in de uitvoermap, wacht dan tot die klaar is "
                           "(standaard: stop meteen)")
    grenzen = sub.add_parser(
        "grenzen", help="controleer en installeer gemeentegrenzen voor de kaarten",
        description=(
            "Zonder --bron: toon welke gemeentegrenzen de kaarten gebruiken.\n"
            "Met --bron: controleer een bestand met gemeentegrenzen (shapefile of GeoPackage,\n"
            "met de NIS-code per gemeente, grenzen 2024 of 2025) en installeer het in\n"
            f"{aio.user_boundary_dir()}. Een URL wordt eerst gedownload; bij een\n"
            ".shp ook de .shx, .dbf en .prj ernaast.\n\n"
            "Exitcode: 0 = in orde, 1 = het bestand is onbruikbaar, 2 = verkeerd gebruik."
        ),
    )
    grenzen.add_argument("--bron", metavar="PAD-OF-URL", default=None,
                         help="bestand of http(s)-URL met de gemeentegrenzen")
    grenzen.add_argument("--data", type=Path, default=None, metavar="MAP",
                         help="map met een eigen reference/ (standaard de meegeleverde "
                              "gegevens)")
    return parser


def _geography(data_dir: Path | None) -> Geography:
    """Reference tables of ``data_dir/reference`` when present, else the embedded ones."""
    own = data_dir / "reference" if data_dir is not None else None
    directory = own if own is not None and own.is_dir() else DEFAULT_DATA / "reference"
    tables, problems = aio.read_reference(directory)
    if problems:
        raise aio.InputError(problems)
    return Geography(tables)


def _periode_option(args: argparse.Namespace) -> None:
    """Normalise ``--periode`` (``2022-q4`` → ``2022Q4``); a bad one is a usage error."""
    if args.periode is None:
        return
    try:
        args.periode = aio.normalise_periode(args.periode)
    except ValueError as error:
        raise UsageError(f"rapportage {args.command}: --periode: {error}") from None


def cmd_geos(args: argparse.Namespace) -> int:
    """``rapportage geos``."""
    if args.data is not None and not args.data.exists():
        raise UsageError(f"rapportage geos: map '{args.data}' bestaat niet")
    table = _geography(args.data).geographies(args.type, args.grenzen)
    if args.formaat == "csv":
        sys.stdout.write(csv_text(table))
    else:
        shown = table.rename(columns={"aantal_gemeenten": "gemeenten"})
        sys.stdout.write(_aligned(shown) + "\n")
        sys.stdout.write(f"\n{len(table)} geografieën, grenzen {args.grenzen}\n")
    return EXIT_OK


def _aligned(table: pd.DataFrame) -> str:
    """Plain-text table: text left-aligned, numbers right-aligned."""
    cells = table.astype(str)
    widths = {c: max(len(c), *(len(v) for v in cells[c])) if len(cells) else len(c)
              for c in cells.columns}
    numeric = {c: pd.api.types.is_numeric_dtype(table[c]) for c in table.columns}

    def line(values: dict[str, str]) -> str:
        return "  ".join(
            values[c].rjust(widths[c]) if numeric[c] else values[c].ljust(widths[c])
            for c in cells.columns
        ).rstrip()

    rows = [line({c: c for c in cells.columns})]
    rows += [line(record) for record in cells.to_dict("records")]
    return "\n".join(rows)


def _summary(files: int, rows: int, valid: int, problems: int, missing: int = 0) -> str:
    text = (
        f"Bestanden: {files} · rijen: {_n(rows)} · geldige rijen: {_n(valid)} · "
        f"problemen: {_n(problems)}"
    )
    if missing:
        text += f" · rijen met onderdrukte of ontbrekende waarden: {_n(missing)}"
    return text


def _n(number: int) -> str:
    """Thousands with a dot, as in nl-BE (780.974)."""
    return f"{number:,}".replace(",", ".")


def cmd_valideer(args: argparse.Namespace) -> int:
    """``rapportage valideer PATH…``: every problem, then a summary; exit 0 or 1."""
    return _validate(args)[0]


def _validate(args: argparse.Namespace) -> tuple[int, pd.DataFrame | None]:
    """Validate and print; the exit code and the valid observations (for ``bouw``)."""
    for path in args.paden:
        if not path.exists():
            raise UsageError(f"rapportage valideer: '{path}' bestaat niet")
    files = rows = valid = missing = 0
    problems: list[aio.Problem] = []
    notes: list[aio.Problem] = []
    # A folder named reference holds reference tables; a data folder may contain one.
    is_reference = [p.is_dir() and p.name == "reference" for p in args.paden]
    observation_paths = [p for p, ref in zip(args.paden, is_reference, strict=True) if not ref]
    reference_dirs = [p for p, ref in zip(args.paden, is_reference, strict=True) if ref]
    reference_dirs += [p / "reference" for p in observation_paths if (p / "reference").is_dir()]
    geography = None
    for directory in reference_dirs:
        tables, ref_problems = aio.read_reference(directory, max_problems=args.max)
        problems += ref_problems
        files += len(aio.REFERENCE_TABLES)
        rows += sum(len(t) for t in tables.values())
        if not ref_problems:
            valid += sum(len(t) for t in tables.values())
            geography = geography or Geography(tables)
    if geography is None and not reference_dirs:
        geography = _geography(None)
    # The other tables of a data/ layout: published figures, qualitative data, projects.
    for root in observation_paths:
        extra_files, extra_rows, extra_problems = _validate_layout(root, geography)
        files += extra_files
        rows += extra_rows
        valid += extra_rows if not extra_problems else 0
        problems += extra_problems
    if geography is not None and observation_paths:
        result = aio.read_observations(
            observation_paths, geo_check=geography.check_geo, max_problems_per_file=args.max
        )
        files += len(result.files)
        rows += result.rows_read
        valid += len(result.data)
        missing += int((result.data["opmerking"] != "").sum())
        problems += result.problems
        notes += result.notes
    for problem in problems:
        print(problem)
    for note in notes:  # what was deliberately not read (a hidden sheet): no problem
        print(f"Let op: {note}")
    print(_summary(files, rows, valid, len(problems), missing))
    if problems:
        print("Ongeldig: los de problemen hierboven op.")
        return EXIT_INVALID, None
    print("Geldig.")
    observations = result.data if geography is not None and observation_paths else None
    return EXIT_OK, observations


def _validate_layout(root: Path, geography: Geography | None) -> tuple[int, int, list]:
    """Check published/, kwalitatief/ and projecten/ of a data folder: (files, rows, problems)."""
    files = rows = 0
    problems: list[aio.Problem] = []
    published = root / "published" / "cijfers.csv"
    if published.is_file():
        found_rows, found_problems = aio.read_published_figures(published)
        rows += len(found_rows)
        problems += found_problems
        files += 1
    kwalitatief = root / "kwalitatief"
    if kwalitatief.is_dir():
        from analysis.kwalitatief import check_so_status, link_to_geographies

        found, found_problems = aio.read_kwalitatief(kwalitatief)
        problems += found_problems
        files += len(found)
        items = [*(found.get("acties") or []), *(found.get("praktijken") or [])]
        rows += len(items)
        if geography is not None:
            problems += link_to_geographies(items, geography)[1]
            if found.get("so_status") is not None:
                problems += check_so_status(found["so_status"], geography)
    projects = root / "projecten"
    if projects.is_dir():
        found_projects, found_problems = aio.read_projects(projects)
        problems += found_problems
        files += len(list(projects.glob("*.yaml")))
        rows += len(found_projects)
    return files, rows, problems


def _observations(data_dir: Path, geography: Geography) -> pd.DataFrame:
    """Valid observations of ``data_dir``; any problem stops the command (exit 1)."""
    if not data_dir.exists():
        raise UsageError(f"rapportage: map '{data_dir}' bestaat niet")
    result = aio.read_observations([data_dir], geo_check=geography.check_geo)
    if result.problems:
        raise aio.InputError(result.problems)
    for note in result.notes:
        print(f"Let op: {note}", file=sys.stderr)
    if result.data.empty:
        raise UsageError(f"rapportage: geen observaties gevonden in '{data_dir}'")
    return result.data


def _profile_table(rows: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """The readable view: rounded, nl-BE numbers, one line per indicator and periode."""
    meta = catalogue.to_frame().set_index("id")
    table = []
    for row in rows.itertuples(index=False):
        unit, decimals = meta.loc[row.indicator, "eenheid"], meta.loc[row.indicator, "decimalen"]
        rank = "" if pd.isna(row.rang) else f"{int(row.rang)}/{int(row.n_peers)}"
        table.append({
            "indicator": meta.loc[row.indicator, "titel"],
            "periode": row.periode,
            "waarde": fmt.format_value(row.waarde, unit, decimals),
            "Vlaanderen": fmt.format_value(row.vlaanderen, unit, decimals),
            "t.o.v. Vlaanderen": row.vergelijking_vlaanderen,
            "provincie": fmt.format_value(row.provincie_waarde, unit, decimals),
            "t.o.v. provincie": row.vergelijking_provincie,
            "rang": rank,
            "t.o.v. vorig jaar": fmt.format_change(
                wording.profile_change(row.waarde, row.verschil_1j, catalogue[row.indicator]),
                unit, decimals if unit == "percent" else 1),
            "trend": row.trend,
            "opmerking": row.opmerking,
        })
    return pd.DataFrame(table)


def cmd_indicatoren(args: argparse.Namespace) -> int:
    """``rapportage indicatoren --geo X``: the profile rows of one geography."""
    _periode_option(args)
    if args.uitvoer is not None and args.formaat == "tabel":
        raise UsageError("rapportage indicatoren: --uitvoer geldt alleen bij --formaat csv of "
                         "xlsx")
    catalogue = aio.load_catalogue()
    data_dir = args.data or DEFAULT_OBSERVATIONS
    geography = _geography(args.data)
    observations = _observations(data_dir, geography)
    grenzen = args.grenzen or default_grenzen(observations)
    geo = geography.resolve(args.geo, grenzen)
    profile = build_profile(observations, geography, catalogue, grenzen)
    rows = profile[(profile["geo"] == geo.code) & (profile["geo_type"] == geo.type)]
    if args.periode:
        rows = rows[rows["periode"] == args.periode]
    present = set(rows["indicator"])
    missing = [i for i in catalogue.ids() if i not in present]
    reference = set(catalogue.reference_ids)
    banner = f"Let op: {BANNER}." if aio.is_example_data(data_dir) else ""
    if banner and args.formaat != "tabel":
        print(banner, file=sys.stderr)
    if args.formaat == "tabel":
        if banner:
            print(banner)
        print(f"{geo.naam} ({geo.type}, grenzen {grenzen})"
              + (f", periode {args.periode}" if args.periode else ""))
        if len(rows):
            print(_aligned(_profile_table(rows, catalogue)))
    else:
        full = area_export(profile, catalogue, geo.type, geo.code, geo.naam, grenzen,
                           args.periode)
        if args.formaat == "csv" and args.uitvoer is None:
            sys.stdout.write(csv_text(full))
        elif args.formaat == "csv":
            aio.write_text(csv_text(full), args.uitvoer)
            print(f"Geschreven: {args.uitvoer} ({fmt.count(len(full), 'rij', 'rijen')})")
        else:
            target = args.uitvoer or Path("outputs") / f"profiel_{geo.code}_{grenzen}.xlsx"
            aio.write_xlsx({"profiel": full, "kolommen": columns_sheet()}, target)
            print(f"Geschreven: {target} ({fmt.count(len(full), 'rij', 'rijen')})")
    data_missing = [i for i in missing if i not in reference]
    if data_missing:
        print(f"Geen gegevens voor {geo.naam}"
              + (f" in periode {args.periode}" if args.periode else "")
              + f": {', '.join(data_missing)}", file=sys.stderr)
    return EXIT_OK


class _InvalidDataError(Exception):
    """The data did not validate; the problems are printed already."""


def cmd_bouw(args: argparse.Namespace) -> int:
    """``rapportage bouw``: the reports of params/rapporten.yaml, in parallel and cached."""
    import logging

    # After Ctrl-C, asyncio reports nbclient's cancelled tasks as tracebacks; the user gets
    # "Onderbroken." instead.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    data_dir = args.data or DEFAULT_DATA
    if not data_dir.exists():
        raise UsageError(f"rapportage bouw: map '{data_dir}' bestaat niet")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("rapportage bouw: --jobs moet minstens 1 zijn")
    _periode_option(args)
    try:
        uitvoer.check_folder(args.uitvoer)
    except uitvoer.NotAFolderError as error:
        raise UsageError(f"rapportage bouw: --uitvoer {error}") from None
    # Before the data is read: a folder that cannot be written, or that another build is
    # writing, stops the build at once.
    with uitvoer.output_folder(args.uitvoer, wait=args.wacht,
                               on_wait=lambda message: print(message, file=sys.stderr)):
        return _bouw(args, data_dir)


def _bouw(args: argparse.Namespace, data_dir: Path) -> int:
    """``rapportage bouw`` in its locked output folder."""
    from analysis import batch

    items, problems = batch.read_plan()
    if problems:
        raise aio.InputError(problems)
    inputs = batch.fingerprint(args.data)
    manifest = batch.read_manifest(args.uitvoer)
    geography = _geography(args.data)
    building = args.force or manifest.get("invoer") != inputs
    sources, _ = aio.boundary_sources()
    bases: dict[str, object] = {}
    if building:
        # A boundary file that is set but unusable stops the batch before any report is made.
        bases, map_problems = aio.load_map_bases(geography)
        if map_problems:
            raise aio.InputError(map_problems)
    observations: list[pd.DataFrame] = []

    def validate() -> pd.DataFrame:
        if not observations:
            status, data = _validate(argparse.Namespace(paden=[data_dir], max=50))
            if status != EXIT_OK or data is None:
                raise _InvalidDataError
            observations.append(data)
        return observations[0]

    grenzen = args.grenzen
    if grenzen is None and not args.force and manifest.get("invoer") == inputs:
        grenzen = manifest.get("grenzen")  # unchanged inputs: no need to read the data again
    workers = args.jobs or batch.default_workers()
    pool = None
    try:
        if grenzen is None:
            grenzen = default_grenzen(validate())
        jobs = batch.plan_jobs(items, geography, grenzen, alleen=args.alleen,
                               periode=args.periode, data_dir=args.data)
        if args.scheduler is None:
            # Workers only for reports to build: none when all are fresh, never more than
            # reports or cores.
            todo = batch.outdated(jobs, args.uitvoer, inputs, args.force)
            workers, lowered = worker_count(args.jobs, len(todo))
            if lowered:
                print(lowered)
            if todo:
                # The workers start on one core while this process computes the profile
                # (and validates the data, when the boundary version was known without it)
                # on the other.
                pool = batch.Workers(workers).start()

        def prepare(work: Path) -> str:
            profile = build_profile(validate(), geography, aio.load_catalogue(), grenzen)
            return str(batch.write_profile(profile, work / "profiel.parquet"))

        if not args.stil:
            print(f"{fmt.count(len(jobs), 'rapport')} naar {args.uitvoer}/ …")
        meta = {"grenzen": grenzen, "versie": __version__, "commit": aio.git_commit(),
                "voorbeelddata": aio.is_example_data(data_dir), "werkers": workers}
        result = batch.run_batch(
            jobs, out_dir=args.uitvoer, inputs=inputs, prepare=prepare, workers=pool or workers,
            force=args.force, scheduler=args.scheduler, progress=not args.stil, meta=meta,
            timeout=args.tijdslimiet,
        )
    except _InvalidDataError:
        return EXIT_INVALID
    except batch.UnwrittenManifestError as error:
        # A full disk: the reports' own errors first, then the manifest's.
        _print_failures(error.failed, args.uitvoer)
        raise
    finally:
        if pool is not None:
            pool.close()
    # From the manifest on disk (written under this build's lock).
    index = batch.write_index(args.uitvoer, batch.read_manifest(args.uitvoer))
    about_maps = maps_line(bases, bool(sources), grenzen)
    if about_maps:
        print(about_maps)
    built, same, failed = (result.count(s) for s in ("gebouwd", "ongewijzigd", "mislukt"))
    _print_failures(result.failed, args.uitvoer)
    print(f"Klaar in {fmt.format_number(result.seconds, 1)} s: {fmt.count(len(jobs), 'rapport')}, "
          f"{built} gebouwd, {same} ongewijzigd, {failed} mislukt. Overzicht: {index}")
    return EXIT_INVALID if failed else EXIT_OK


def _print_failures(failed: Sequence[Mapping[str, object]], out_dir: Path) -> None:
    """One line per failed report: its cell and error, and where its notebook was kept (or
    why it could not be)."""
    for outcome in failed:
        error: Mapping[str, object] = outcome.get("fout") or {}  # type: ignore[assignment]
        where = f"cel {error['cel']}: " if error.get("cel") is not None else ""
        kept = outcome.get("notebook")
        note = f" (notebook: {out_dir / str(kept)})" if kept else ""
        if outcome.get("notebook_fout"):
            note = f" (notebook niet bewaard: {outcome['notebook_fout']})"
        print(f"MISLUKT {outcome['key']}: {where}{error.get('fout', '')}: "
              f"{error.get('melding', '')}{note}", file=sys.stderr)


#: Where to get boundaries and how to configure them: said by ``rapportage grenzen`` (and the
#: README, "Kaarten"), never on a reader's page.
HOW_TO_MAPS = (
    "Kaarten vragen een bestand met de gemeentegrenzen (shapefile of GeoPackage met de "
    "NIS-code per gemeente), van de grenzen 2024 (300 gemeenten) of 2025 (285). Provincies in "
    "Cijfers publiceert ze open: gemeente2024.shp en gemeente.shp in de map "
    "data_voor_swing/shapefiles van github.com/provinciesincijfers/gebiedsniveaus (afgeleid "
    "van de statistische sectoren van Statbel); neem de .shp met de .shx, .dbf en .prj ernaast. "
    "Installeer het met 'rapportage grenzen --bron PAD-OF-URL', of zet het pad in de "
    f"omgevingsvariabele '{aio.BOUNDARY_ENV}' of in 'params/kaart.yaml', en bouw de rapporten "
    "opnieuw."
)
#: What ``rapportage bouw`` says when no boundary file is set (the reports then have no maps).
NO_MAPS_LINE = ("Geen gemeentegrenzen ingesteld: de rapporten krijgen geen kaarten (zie "
                "'rapportage grenzen --help' of de README, Kaarten).")


def maps_line(bases: Mapping[str, object], configured: bool, grenzen: str) -> str | None:
    """The one line ``rapportage bouw`` prints about maps, or None when the reports get them.

    ``configured``: a boundary file is set or installed; ``bases``: the usable versions.
    """
    if not configured:
        return NO_MAPS_LINE
    if bases and grenzen not in bases:
        others = " en ".join(sorted(bases))
        return (f"De ingestelde gemeentegrenzen zijn die van {others}; de rapporten gebruiken "
                f"de grenzen van {grenzen} en krijgen geen kaarten (zie 'rapportage grenzen').")
    return None


def cmd_grenzen(args: argparse.Namespace) -> int:
    """``rapportage grenzen``: check and install a boundary file, or show the ones in use."""
    import tempfile

    from analysis import kaart

    geography = _geography(args.data)
    if args.bron is None:
        bases, problems = aio.load_map_bases(geography)
        for problem in problems:
            print(problem, file=sys.stderr)
        if not bases and not problems:
            print("Geen gemeentegrenzen ingesteld: de rapporten hebben geen kaarten.\n"
                  + HOW_TO_MAPS)
        for version, base in sorted(bases.items()):
            print(f"grenzen {version}: {base.bron}, {fmt.count(len(base.codes), 'gemeente')}")
        return EXIT_INVALID if problems else EXIT_OK
    source = args.bron
    with tempfile.TemporaryDirectory(prefix="rapportage-grenzen-") as work:
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
            print(f"Downloaden: {source}")
            path = aio.fetch_boundaries(source, work)
        else:
            path = Path(source).expanduser()
        boundaries = aio.read_boundaries(path)
        check = kaart.check_codes(boundaries.codes, geography)
        if not check.ok:
            raise aio.InputError([aio.Problem(source, None, str(boundaries.nis_kolom),
                                              kaart.check_message(check, geography))])
        codes = set(geography.gemeenten.loc[geography.gemeenten["grenzen"] == check.grenzen,
                                            "nis"])
        installed = aio.install_boundaries(boundaries, check.grenzen, codes)
    other = (f"; {fmt.count(check.overige, 'code', 'codes')} buiten Vlaanderen overgeslagen"
             if check.overige
             else "")
    merged = (f"; {fmt.count(boundaries.samengevoegd, 'rij', 'rijen')} met dezelfde code "
              "samengevoegd"
              if boundaries.samengevoegd else "")
    print(f"Gecontroleerd: {source}\n"
          f"  grenzen {check.grenzen}: alle {fmt.count(check.gemeenten, 'gemeente')} gevonden"
          f"{other}{merged}\n"
          f"  NIS-code in kolom '{boundaries.nis_kolom}', projectie {boundaries.crs}\n"
          f"Geïnstalleerd: {installed}\n"
          "De kaarten verschijnen bij de volgende 'make reports' of 'rapportage bouw'.")
    return EXIT_OK


COMMANDS = {
    "geos": cmd_geos, "valideer": cmd_valideer, "indicatoren": cmd_indicatoren,
    "bouw": cmd_bouw, "grenzen": cmd_grenzen,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return EXIT_USAGE
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    except aio.InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except (GeoError, aio.OutputError) as error:
        print(f"Fout: {error}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("Onderbroken.", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: never a traceback for a user
        if debug:
            raise
        if (isinstance(error, OSError) and error.filename
                and error.errno in uitvoer.WRITE_ERRORS):
            # A full disk or a read-only folder met outside the atomic writers: name the file.
            print(f"Fout: {error.filename}: {aio.os_reason(error)}", file=sys.stderr)
            return EXIT_INVALID
        print(
            f"Onverwachte fout ({type(error).__name__}): {error}\n"
            "Draai opnieuw met --debug voor de technische details.",
            file=sys.stderr,
        )
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())

