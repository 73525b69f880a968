"""Robustness and safety: bad input end to end through the command line, and escaping.

1. The bad-input matrix (``CASES``, the table below): every case writes its input files, runs
   ``rapportage`` through :func:`analysis.cli.main` and checks the exit code, the exact Dutch
   output on stdout and stderr (file, row or YAML line, column or key), that no traceback or
   "Onverwachte fout" reaches the user, and that nothing was written or changed on disk.
2. Text from data files in HTML is escaped: the blocks of :mod:`analysis.report`,
   :mod:`analysis.voortgang` and :mod:`analysis.indexpage` with hostile titles, names,
   descriptions, partners and promotors; and a real ``rapportage bouw`` on a copy of ``data/``
   with a script in every ``titel`` of ``kwalitatief/``.

In the table ``{d}`` stands for the folder of the case's input files.
"""

from __future__ import annotations

import copy
import dataclasses
import gzip
import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from analysis import batch, cli
from analysis import io as aio

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "observaties"
HEADER = "indicator;geo;periode;teller;noemer\n"
GOOD = "wzw;44021;2022Q4;25.000;\n"
INVALID = "Ongeldig: los de problemen hierboven op.\n"

Setup = Callable[[Path], None]


def summary(files: int, rows: int | str, valid: int, problems: int) -> str:
    return (f"Bestanden: {files} · rijen: {rows} · geldige rijen: {valid} · "
            f"problemen: {problems}\n")


def text_file(name: str, text: str, encoding: str = "utf-8") -> Setup:
    return lambda d: (d / name).write_bytes(text.encode(encoding))


def gz_file(name: str, data: bytes) -> Setup:
    return lambda d: (d / name).write_bytes(data)


def xlsx_file(name: str, rows: list[list[Any]], merged: tuple[str, ...] = ()) -> Setup:
    def write(d: Path) -> None:
        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        for cells in merged:
            sheet.merge_cells(cells)
        book.save(d / name)
    return write


def copied(sub: str, edit: Callable[[Path], None] | None = None) -> Setup:
    """``data/<sub>`` copied into the case folder, then edited."""
    def write(d: Path) -> None:
        shutil.copytree(REPO / "data" / sub, d / sub)
        if edit is not None:
            edit(d / sub)
    return write


def layout(sub: str, edit: Callable[[Path], None]) -> Setup:
    """A data folder: one valid observation file and an edited copy of ``data/<sub>``."""
    def write(d: Path) -> None:
        (d / "obs.csv").write_text(HEADER + GOOD, encoding="utf-8")
        copied(sub, edit)(d)
    return write


def replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    return edit


def drop_rows(name: str, keep: Callable[[str], bool]) -> Callable[[Path], None]:
    """Keep the header and the lines for which ``keep(line)`` holds."""
    def edit(folder: Path) -> None:
        path = folder / name
        head, *lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(head + "".join(line for line in lines if keep(line)), encoding="utf-8")
    return edit


def both(*setups: Setup) -> Setup:
    def write(d: Path) -> None:
        for setup in setups:
            setup(d)
    return write


def own_catalogue(edit: Callable[[str], str]) -> Callable[[pytest.MonkeyPatch, Path], None]:
    """``params/indicators.yaml`` edited, in the case folder, used by every command."""
    original = aio.load_catalogue

    def patch(monkeypatch: pytest.MonkeyPatch, d: Path) -> None:
        path = d / "indicators.yaml"
        path.write_text(edit((REPO / "params" / "indicators.yaml").read_text("utf-8")), "utf-8")
        monkeypatch.setattr(aio, "load_catalogue", lambda *args: original(path))
    return patch


def own_plan(text: str) -> Callable[[pytest.MonkeyPatch, Path], None]:
    """``params/rapporten.yaml`` replaced by ``text`` (in the case folder)."""
    original = batch.read_plan

    def patch(monkeypatch: pytest.MonkeyPatch, d: Path) -> None:
        path = d / "rapporten.yaml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(batch, "read_plan", lambda *args: original(path))
    return patch


def old_output(d: Path) -> None:
    """An earlier build in ``{d}/uit`` that a failing command must leave as it is."""
    (d / "uit" / "centrumstad").mkdir(parents=True)
    (d / "uit" / "index.html").write_text("<p>vorige index</p>", encoding="utf-8")
    (d / "uit" / "centrumstad" / "gent.html").write_text("<p>vorig rapport</p>", "utf-8")
    (d / "profiel.csv").write_text("vorig profiel\n", encoding="utf-8")
    (d / "profiel.xlsx").write_bytes(b"vorige werkmap")


@dataclass(frozen=True)
class Case:
    """One row of the matrix: input, command, exit code and exact stdout and stderr."""

    id: str
    input: str
    setup: Setup
    argv: tuple[str, ...]
    code: int
    out: str = ""
    err: str = ""
    patch: Callable[[pytest.MonkeyPatch, Path], None] | None = None


# Digits beyond the range of a float: float() would make them infinity.
HUGE = "9" * 400
A1 = "- titel: Infosessie Oekraïners Riemst\n  datum: 2022-10\n  plaatsen: [Riemst]\n"
YOUNG = "ivoc-young-patterns-2020-2022.yaml"
PLAN = "rapporten:\n  - soort: regiorapport\n    gebieden: [centrumstad]\n    kleur: rood\n"

CASES: list[Case] = [
    # -- observations: CSV ------------------------------------------------------------------
    Case("csv-kolom-ontbreekt", "CSV without the column periode",
         text_file("a.csv", "indicator;geo;teller;noemer\nwzw;44021;5;\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 1: verplichte kolom 'periode' ontbreekt (gevonden kolommen: "
         "'indicator', 'geo', 'teller', 'noemer')\n" + summary(1, 0, 0, 1) + INVALID),
    Case("csv-extra-kolommen", "CSV with extra columns kleur and bron (ignored)",
         text_file("a.csv", "bron;indicator;geo;periode;teller;noemer;kleur\n"
                   "Arvastat;wzw;44021;2022Q4;5;;rood\n"),
         ("valideer", "{d}/a.csv"), 0, summary(1, 1, 1, 0) + "Geldig.\n"),
    Case("csv-gemeente-onbekend", "CSV with geo 99999",
         text_file("a.csv", HEADER + GOOD + "wzw;99999;2022Q4;5;\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 3, kolom 'geo': onbekende geografische code '99999'\n"
         + summary(1, 2, 1, 1) + INVALID),
    Case("csv-indicator-onbekend", "CSV with indicator wzv (typo)",
         text_file("a.csv", HEADER + "wzv;44021;2022Q4;5;\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 2, kolom 'indicator': onbekende indicator 'wzv'; bedoelt u 'wzw'?\n"
         + summary(1, 1, 0, 1) + INVALID),
    Case("csv-grenzen-2019", "CSV with Nevele (merged 2019) in 2022Q4",
         text_file("a.csv", HEADER + "wzw;44049;2022Q4;5;\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 2, kolom 'geo': gemeente '44049' bestaat niet in grensversie 2024 "
         "(geldig voor periode 2022Q4): Nevele is op 1/1/2019 opgegaan in Deinze (44083)\n"
         + summary(1, 1, 0, 1) + INVALID),
    Case("csv-grenzen-2025", "CSV with Borsbeek (merged 2025) in 2025-01",
         text_file("a.csv", HEADER + "wzw;11007;2025-01;5;\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 2, kolom 'geo': gemeente '11007' bestaat niet in grensversie 2025 "
         "(geldig voor periode 2025-01): Borsbeek is op 1/1/2025 opgegaan in Antwerpen (11002)\n"
         + summary(1, 1, 0, 1) + INVALID),
    Case("csv-teller-groter", "CSV with teller 1.500 > noemer 1.000 for a percentage",
         text_file("a.csv", HEADER + "wzw_in_opleiding;44021;2022Q4;1.500;1.000\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 2, kolom 'teller': teller '1.500' is groter dan noemer '1.000'; bij "
         "een aandeel kan dat niet\n" + summary(1, 1, 0, 1) + INVALID),
    Case("csv-negatief", "CSV with noemer -100",
         text_file("a.csv", HEADER + "wzw_in_opleiding;44021;2022Q4;5;-100\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 2, kolom 'noemer': '-100' is negatief; een aantal kan niet negatief "
         "zijn\n" + summary(1, 1, 0, 1) + INVALID),
    Case("csv-geen-getal", "CSV with teller 'veel' and noemer '12 %'",
         text_file("a.csv", HEADER + "wzw_in_opleiding;44021;2022Q4;veel;12 %\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 2, kolom 'teller': 'veel' is geen getal\n"
         "{d}/a.csv, rij 2, kolom 'noemer': '12 %' is geen getal\n"
         + summary(1, 1, 0, 2) + INVALID),
    Case("csv-te-groot", "CSV with a teller of 400 digits (infinity as a float)",
         text_file("a.csv", HEADER + f"wzw;44021;2022Q4;{HUGE};\n"),
         ("valideer", "{d}/a.csv"), 1,
         f"{{d}}/a.csv, rij 2, kolom 'teller': '{HUGE}' is te groot om als getal te lezen\n"
         + summary(1, 1, 0, 1) + INVALID),
    Case("csv-dubbel", "the same key in two files of a folder",
         both(text_file("a.csv", HEADER + GOOD), text_file("b.csv", HEADER + GOOD)),
         ("valideer", "{d}"), 1,
         "{d}/b.csv, rij 2: dubbele sleutel (wzw, 44021, 2022Q4) in rij 2 en in {d}/a.csv, "
         "rij 2\n" + summary(2, 2, 0, 1) + INVALID),
    Case("csv-periode", "CSV with periode 2022-13 and 22Q4",
         text_file("a.csv", HEADER + "wzw;44021;2022-13;5;\nwzw;44021;22Q4;5;\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 2, kolom 'periode': '2022-13' is geen geldige periode: maand moet 01 "
         "tot en met 12 zijn\n"
         "{d}/a.csv, rij 3, kolom 'periode': '22Q4' is geen geldige periode (verwacht een jaar "
         "zoals 2019, een kwartaal zoals 2022Q4 of een maand zoals 2022-09)\n"
         + summary(1, 2, 0, 2) + INVALID),
    Case("csv-leeg", "an empty CSV (0 bytes)", text_file("a.csv", ""),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv: bestand is leeg\n" + summary(1, 0, 0, 1) + INVALID),
    Case("csv-alleen-kopregel", "CSV with a header and blank lines only",
         text_file("a.csv", HEADER + "\n;;;;\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv: bestand is leeg: er staan geen gegevens onder de kopregel (rij 1)\n"
         + summary(1, 0, 0, 1) + INVALID),
    Case("csv-latin-1", "CSV with latin-1 bytes (Sint-Katelijne-Wavér in opmerking)",
         text_file("a.csv", HEADER.replace("\n", ";opmerking\n") + GOOD.replace("\n", ";\n")
                   + "wzw;12035;2022Q4;5;;Sint-Katelijne-Wavér\n", "latin-1"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 3: bestand is niet in UTF-8 gecodeerd (byte 0xe9 op positie 110); "
         "sla het op als UTF-8\n" + summary(1, 0, 0, 1) + INVALID),
    Case("csv-geo-naam", "CSV with a name instead of a NIS code in geo",
         text_file("a.csv", HEADER + "wzw;Sint-Katelijne-Waver;2022Q4;5;\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 2, kolom 'geo': onbekende geografische code 'Sint-Katelijne-Waver'\n"
         + summary(1, 1, 0, 1) + INVALID),
    Case("csv-geo-aanhalingsteken", "CSV with geo 's-Gravenwezel (quote)",
         text_file("a.csv", HEADER + "wzw;'s-Gravenwezel;2022Q4;5;\n"),
         ("valideer", "{d}/a.csv"), 1,
         "{d}/a.csv, rij 2, kolom 'geo': ''s-Gravenwezel' is geen geldige geo-code (verwacht "
         "een NIS-code van 5 cijfers of een gebiedscode zoals RG05)\n"
         + summary(1, 1, 0, 1) + INVALID),
    # -- observations: CSV.gz and XLSX --------------------------------------------------------
    Case("gz-rij", "CSV.gz with a negative teller in row 3",
         gz_file("a.csv.gz", gzip.compress((HEADER + GOOD + "wzw;31005;2022Q4;-7;\n").encode())),
         ("valideer", "{d}/a.csv.gz"), 1,
         "{d}/a.csv.gz, rij 3, kolom 'teller': '-7' is negatief; een aantal kan niet negatief "
         "zijn\n" + summary(1, 2, 1, 1) + INVALID),
    Case("gz-kapot", "a .csv.gz that is plain text, not gzip",
         gz_file("a.csv.gz", (HEADER + GOOD).encode()),
         ("valideer", "{d}/a.csv.gz"), 1,
         "{d}/a.csv.gz: bestand is geen geldig gzip-bestand\n" + summary(1, 0, 0, 1) + INVALID),
    Case("gz-latin-1", "CSV.gz with latin-1 bytes",
         gz_file("a.csv.gz", gzip.compress(("indicator;geo;periode;teller;noemer;opmerking\n"
                                            "wzw;44021;2022Q4;5;;geschat door één OCMW\n"
                                            ).encode("latin-1"))),
         ("valideer", "{d}/a.csv.gz"), 1,
         "{d}/a.csv.gz, rij 2: bestand is niet in UTF-8 gecodeerd (byte 0xe9 op positie 79); "
         "sla het op als UTF-8\n" + summary(1, 0, 0, 1) + INVALID),
    Case("xlsx-titelrijen", "XLSX with merged title rows, text in teller in sheet row 5",
         xlsx_file("a.xlsx", [["Werkzoekenden per gemeente, VDAB Arvastat"], [None],
                              ["indicator", "geo", "periode", "teller", "noemer"],
                              ["wzw", 44021, "2022Q4", 20160, None],
                              ["wzw", 31005, "2022Q4", "ongeveer 11.000", None]],
                   merged=("A1:E1", "A2:E2")),
         ("valideer", "{d}/a.xlsx"), 1,
         "{d}/a.xlsx, blad 'Sheet', rij 5, kolom 'teller': 'ongeveer 11.000' is geen getal\n"
         + summary(1, 2, 1, 1) + INVALID),
    Case("xlsx-kolom-ontbreekt", "XLSX with merged title rows, header without teller",
         xlsx_file("a.xlsx", [["Werkzoekenden per gemeente"], [None],
                              ["Indicator", "GEO", "periode", "aantal"],
                              ["wzw", 44021, "2022Q4", 20160]],
                   merged=("A1:D1",)),
         ("valideer", "{d}/a.xlsx"), 1,
         "{d}/a.xlsx, blad 'Sheet', rij 3: verplichte kolom 'teller' ontbreekt (gevonden "
         "kolommen: "
         "'indicator', 'geo', 'periode', 'aantal')\n" + summary(1, 0, 0, 1) + INVALID),
    Case("xlsx-geen-werkmap", "an .xlsx that is a CSV file",
         text_file("a.xlsx", HEADER + GOOD),
         ("valideer", "{d}/a.xlsx"), 1,
         "{d}/a.xlsx: bestand is geen geldige Excel-werkmap (.xlsx) en kan niet gelezen worden\n"
         + summary(1, 0, 0, 1) + INVALID),
    # -- reference tables ---------------------------------------------------------------------
    Case("ref-kolom-ontbreekt", "reference/gemeenten.csv without the column provincie",
         copied("reference", replace("gemeenten.csv", "grenzen,nis,naam,provincie,bron",
                                     "grenzen,nis,naam,prov,bron")),
         ("geos", "--data", "{d}"), 1, "",
         "{d}/reference/gemeenten.csv, rij 1: verplichte kolom 'provincie' ontbreekt (gevonden "
         "kolommen: 'grenzen', 'nis', 'naam', 'prov', 'bron')\n"),
    Case("ref-gemeente-onbekend", "reference/centrumsteden.csv naming gemeente 44999",
         copied("reference", replace("centrumsteden.csv", "2024,44021,", "2024,44999,")),
         ("geos", "--data", "{d}"), 1, "",
         "{d}/reference/centrumsteden.csv, rij 10, kolom 'nis': gemeente '44999' bestaat niet "
         "in grensversie 2024 van gemeenten.csv\n"),
    Case("ref-grensversie", "reference/centrumsteden.csv with grenzen 2023",
         copied("reference", replace("centrumsteden.csv", "2024,44021,", "2023,44021,")),
         ("indicatoren", "--geo", "Gent", "--data", "{d}"), 1, "",
         "{d}/reference/centrumsteden.csv, rij 10, kolom 'grenzen': onbekende grensversie "
         "'2023' (kies uit 2018, 2024, 2025)\n"),
    Case("ref-dubbel", "reference/gemeenten.csv with Gent twice in 2024",
         copied("reference", replace("gemeenten.csv", "2024,44021,Gent,40000,",
                                     "2024,44021,Gent,40000,x\n2024,44021,Gent,40000,")),
         ("geos", "--data", "{d}"), 1, "",
         "{d}/reference/gemeenten.csv, rij 539, kolom 'nis': gemeente '44021' staat twee keer "
         "in grensversie 2024 (rij 538 en rij 539)\n"),
    Case("ref-ontbreekt", "reference/ without fusies.csv",
         copied("reference", lambda folder: (folder / "fusies.csv").unlink()),
         ("valideer", "{d}"), 1,
         "{d}/reference/fusies.csv: referentietabel ontbreekt\n"
         + summary(6, "1.673", 0, 1) + INVALID),
    Case("ref-versie-zonder-gemeenten", "referentieregio in grenzen 2018, no gemeenten of 2018",
         copied("reference", lambda folder: [
             drop_rows("gemeenten.csv", lambda line: not line.startswith("2018,"))(folder),
             drop_rows("fusies.csv", lambda line: not line.startswith("2019,"))(folder),
             replace("referentieregios.csv", "2025,REFREG01,Regio Antwerpen,11001,",
                     "2018,REFREG01,Regio Antwerpen,11001,")(folder)]),
         ("geos", "--data", "{d}"), 1, "",
         "{d}/reference/referentieregios.csv, kolom 'nis': grensversie 2025: 1 gemeente zonder "
         "referentieregio (11001)\n"
         "{d}/reference/referentieregios.csv, rij 2, kolom 'nis': gemeente '11001' bestaat niet "
         "in grensversie 2018 van gemeenten.csv\n"),
    # -- YAML: qualitative data, projects, catalogue, list of reports -------------------------
    Case("kw-onbekende-sleutel", "acties.yaml: an action with the unknown key kleur",
         layout("kwalitatief", replace("acties.yaml", A1, A1 + "  kleur: rood\n")),
         ("valideer", "{d}"), 1,
         "{d}/kwalitatief/acties.yaml, rij 45, kolom 'kleur': actie 'Infosessie Oekraïners "
         "Riemst': onbekende sleutel 'kleur' (toegelaten: titel, datum, plaatsen, sectie, "
         "hoofdstuk, beschrijving, partners, bron, opmerking)\n"
         + summary(5, 119, 1, 1) + INVALID),
    Case("kw-verkeerd-type", "acties.yaml: sectie 'twee' and plaatsen as text",
         layout("kwalitatief", replace("acties.yaml", A1 + "  sectie: 2\n",
                                       A1.replace("[Riemst]", "Riemst") + "  sectie: twee\n")),
         ("valideer", "{d}"), 1,
         "{d}/kwalitatief/acties.yaml, rij 44, kolom 'plaatsen': actie 'Infosessie Oekraïners "
         "Riemst': 'plaatsen' moet een lijst zijn (elk item op een nieuwe regel met '- '), maar "
         "is tekst\n"
         "{d}/kwalitatief/acties.yaml, rij 45, kolom 'sectie': actie 'Infosessie Oekraïners "
         "Riemst': 'twee' is geen geldige waarde voor 'sectie' (kies uit 2, 7, 10, 12)\n"
         + summary(5, 119, 1, 2) + INVALID),
    Case("kw-plaats-aanhalingsteken", "acties.yaml: plaats 's-Gravenwezel (a deelgemeente)",
         layout("kwalitatief", replace("acties.yaml", A1,
                                       A1.replace("[Riemst]", "[\"'s-Gravenwezel\"]"))),
         ("valideer", "{d}"), 1,
         "{d}/kwalitatief/acties.yaml, rij 44, kolom 'plaatsen[1]': actie 'Infosessie "
         "Oekraïners Riemst': onbekende plaats: ''s-Gravenwezel' niet gevonden in grensversie "
         "2024\n" + summary(5, 120, 1, 1) + INVALID),
    Case("kw-plaats-accent", "acties.yaml: plaatsen Sint-Katelijne-Wavér, 'sint katelijne waver'",
         layout("kwalitatief", replace("acties.yaml", A1, A1.replace(
             "[Riemst]", "[Sint-Katelijne-Wavér, \"sint katelijne waver\"]"))),
         ("valideer", "{d}"), 0, summary(5, 120, 120, 0) + "Geldig.\n"),
    Case("kw-digibanken-type", "digibanken.yaml: vlaanderen_totaal 'veel'",
         layout("kwalitatief", replace("digibanken.yaml", "vlaanderen_totaal: 54",
                                       "vlaanderen_totaal: veel")),
         ("valideer", "{d}"), 1,
         "{d}/kwalitatief/digibanken.yaml, rij 29, kolom 'vlaanderen_totaal': digibanken: "
         "'vlaanderen_totaal' moet een geheel getal zijn, niet tekst\n"
         + summary(5, 120, 1, 1) + INVALID),
    Case("kw-leeg", "so_status.yaml is empty",
         layout("kwalitatief", lambda folder: (folder / "so_status.yaml").write_text("")),
         ("valideer", "{d}"), 1,
         "{d}/kwalitatief/so_status.yaml: bestand is leeg\n" + summary(5, 120, 1, 1) + INVALID),
    Case("kw-nul-teken", "so_status.yaml with a NUL character on line 2",
         layout("kwalitatief", lambda folder: (folder / "so_status.yaml").write_text(
             "synthetisch: true\n\x00grenzen: '2024'\n")),
         ("valideer", "{d}"), 1,
         "{d}/kwalitatief/so_status.yaml, rij 2: ongeldige YAML: het teken U+0000 mag niet in "
         "een YAML-bestand staan (positie 18)\n" + summary(5, 120, 1, 1) + INVALID),
    Case("kw-tab", "praktijken.yaml indented with a tab",
         layout("kwalitatief", lambda folder: (folder / "praktijken.yaml").write_text(
             "- titel: Jobclub\n\tbeschrijving: x\n")),
         ("valideer", "{d}"), 1,
         "{d}/kwalitatief/praktijken.yaml, rij 2: ongeldige YAML: tabs zijn niet toegestaan; "
         "gebruik spaties\n" + summary(5, 118, 1, 1) + INVALID),
    Case("prj-onbekende-sleutel", "project file with the unknown key budgetten",
         layout("projecten", replace(YOUNG, "\npromotor:", "\nbudgetten: 3\npromotor:")),
         ("valideer", "{d}"), 1,
         "{d}/projecten/ivoc-young-patterns-2020-2022.yaml, rij 88, kolom 'budgetten': "
         "project: onbekende sleutel 'budgetten'\n" + summary(3, 2, 1, 1) + INVALID),
    Case("prj-verkeerd-type", "project file with streefwaarde 'veel'",
         layout("projecten", replace(YOUNG, "aangemelde jongeren\n        streefwaarde: 150\n",
                                     "aangemelde jongeren\n        streefwaarde: veel\n")),
         ("valideer", "{d}"), 1,
         "{d}/projecten/ivoc-young-patterns-2020-2022.yaml, rij 117, kolom 'streefwaarde': "
         "actie 1, streefcijfer 'aangemelde jongeren': 'streefwaarde' moet een geheel getal "
         "zijn, niet 'veel'\n" + summary(3, 2, 1, 1) + INVALID),
    Case("cat-onbekende-sleutel", "params/indicators.yaml: wzw with the unknown key kleur",
         lambda d: None, ("indicatoren", "--geo", "Gent", "--data", str(FIXTURE)), 1, "",
         "{d}/indicators.yaml, rij 212, kolom 'kleur': indicator 'wzw': onbekende sleutel "
         "'kleur'\n",
         patch=own_catalogue(lambda text: text.replace("  soort: observatie\n  opmerking: >-\n"
                                                       "    Momentopname",
                                                       "  soort: observatie\n  kleur: rood\n"
                                                       "  opmerking: >-\n    Momentopname"))),
    Case("cat-verkeerd-type", "params/indicators.yaml: wzw with decimalen 'nul'",
         lambda d: None, ("valideer", str(FIXTURE)), 1, "",
         "{d}/indicators.yaml, rij 204, kolom 'decimalen': indicator 'wzw': 'decimalen' moet "
         "een geheel getal zijn\n",
         patch=own_catalogue(lambda text: text.replace(
             "  relevant_verschil: 5\n  decimalen: 0\n  min_telling: 5\n  bron: VDAB, Arvastat\n"
             "  peildatum: VDAB, einde van de maand;",
             "  relevant_verschil: 5\n  decimalen: nul\n  min_telling: 5\n  bron: VDAB, Arvastat\n"
             "  peildatum: VDAB, einde van de maand;", 1))),
    Case("plan-onbekende-sleutel", "params/rapporten.yaml: a report with the key kleur",
         old_output, ("bouw", "--alleen", "Gent", "--data", str(FIXTURE), "--uitvoer", "{d}/uit",
                      "--stil"), 1, "",
         "{d}/rapporten.yaml, rij 4, kolom 'kleur': rapport op plaats 1: onbekende sleutel "
         "'kleur' (verwacht: soort, gebieden)\n",
         patch=own_plan(PLAN)),
    # -- parameters ---------------------------------------------------------------------------
    Case("par-geo-aanhalingsteken", "--geo \"'s-Gravenwezel\" (a deelgemeente)", lambda d: None,
         ("indicatoren", "--geo", "'s-Gravenwezel", "--data", str(FIXTURE)), 1, "",
         "Fout: geografie ''s-Gravenwezel' niet gevonden in grensversie 2024\n"),
    Case("par-geo-accent", "--geo Sint-Katelijne-Wavér (accent, resolves)", lambda d: None,
         ("indicatoren", "--geo", "Sint-Katelijne-Wavér", "--data", str(FIXTURE), "--periode",
          "2022Q4"), 0, "Sint-Katelijne-Waver (gemeente, grenzen 2024), periode 2022Q4\n",
         "Geen gegevens voor Sint-Katelijne-Waver in periode 2022Q4: "
         + ", ".join(i for i in aio.load_catalogue().observation_ids) + "\n"),
    Case("par-geo-typfout", "--geo 'Sint-Katelijne-Waever' (typo)", lambda d: None,
         ("indicatoren", "--geo", "Sint-Katelijne-Waever", "--data", str(FIXTURE)), 1, "",
         "Fout: geografie 'Sint-Katelijne-Waever' niet gevonden in grensversie 2024; bedoelde u "
         "'Sint-Katelijne-Waver'?\n"),
    Case("par-periode", "--periode 2022Q5", lambda d: None,
         ("indicatoren", "--geo", "Gent", "--data", str(FIXTURE), "--periode", "2022Q5"), 2, "",
         "rapportage indicatoren: --periode: '2022Q5' is geen geldige periode: kwartaal moet 1 "
         "tot en met 4 zijn\n"),
    Case("par-periode-bouw", "bouw --periode abc", old_output,
         ("bouw", "--alleen", "Gent", "--data", str(FIXTURE), "--uitvoer", "{d}/uit",
          "--periode", "abc"), 2, "",
         "rapportage bouw: --periode: 'abc' is geen geldige periode (verwacht een jaar zoals "
         "2019, een kwartaal zoals 2022Q4 of een maand zoals 2022-09)\n"),
    Case("par-grenzen", "--grenzen 2023", lambda d: None,
         ("geos", "--grenzen", "2023"), 2, "",
         "rapportage geos: argument --grenzen: ongeldige keuze '2023' (kies uit '2018', '2024', "
         "'2025')\nZie 'rapportage geos --help'.\n"),
    Case("par-data-bestaat-niet", "geos --data with a folder that does not exist",
         lambda d: None, ("geos", "--data", "{d}/nergens"), 2, "",
         "rapportage geos: map '{d}/nergens' bestaat niet\n"),
    Case("par-uitvoer-tabel", "--uitvoer with --formaat tabel", lambda d: None,
         ("indicatoren", "--geo", "Gent", "--uitvoer", "{d}/profiel.txt"), 2, "",
         "rapportage indicatoren: --uitvoer geldt alleen bij --formaat csv of xlsx\n"),
    # -- nothing written on bad data ----------------------------------------------------------
    Case("uit-csv", "indicatoren --formaat csv --uitvoer F on data with a bad row",
         both(old_output, text_file("a.csv", HEADER + GOOD + "wzw;44021;2022Q5;5;\n")),
         ("indicatoren", "--geo", "Gent", "--data", "{d}/a.csv", "--formaat", "csv",
          "--uitvoer", "{d}/profiel.csv"), 1, "",
         "{d}/a.csv, rij 3, kolom 'periode': '2022Q5' is geen geldige periode: kwartaal moet 1 "
         "tot en met 4 zijn\n"),
    Case("uit-csv-nieuw", "indicatoren --formaat csv --uitvoer NEW on bad data",
         text_file("a.csv", HEADER + "wzw;44021;2022Q4;-5;\n"),
         ("indicatoren", "--geo", "Gent", "--data", "{d}/a.csv", "--formaat", "csv",
          "--uitvoer", "{d}/nieuw.csv"), 1, "",
         "{d}/a.csv, rij 2, kolom 'teller': '-5' is negatief; een aantal kan niet negatief "
         "zijn\n"),
    Case("uit-xlsx", "indicatoren --formaat xlsx --uitvoer F with a broken reference table",
         both(old_output, copied("reference", lambda folder: (folder / "provincies.csv")
                                 .write_text("code,naam\n10000,Antwerpen\n", "utf-8"))),
         ("indicatoren", "--geo", "Gent", "--data", "{d}", "--formaat", "xlsx",
          "--uitvoer", "{d}/profiel.xlsx"), 1, "",
         "{d}/reference/provincies.csv, rij 1: verplichte kolom 'bron' ontbreekt (gevonden "
         "kolommen: 'code', 'naam')\n"),
    Case("uit-bouw", "bouw --data BAD --uitvoer OUT (OUT holds an earlier build)",
         both(old_output, text_file("a.csv", HEADER + GOOD + "wzw_in_opleiding;44021;2022Q4;"
                                    "9;8\n")),
         ("bouw", "--alleen", "Gent", "--data", "{d}/a.csv", "--uitvoer", "{d}/uit", "--stil"),
         1,
         "{d}/a.csv, rij 3, kolom 'teller': teller '9' is groter dan noemer '8'; bij een "
         "aandeel kan dat niet\n" + summary(1, 2, 1, 1) + INVALID),
    Case("uit-bouw-grenzen", "bouw --grenzen 2024 (data checked while preparing) on bad data",
         both(old_output, text_file("a.csv", HEADER + "wzw;44021;2022Q4;;\nwzw;44021;2022Q4;;\n")),
         ("bouw", "--alleen", "Gent", "--data", "{d}/a.csv", "--uitvoer", "{d}/uit", "--stil",
          "--grenzen", "2024"), 1,
         "{d}/a.csv, rij 3: dubbele sleutel (wzw, 44021, 2022Q4) in rij 2 en rij 3\n"
         + summary(1, 2, 0, 1) + INVALID),
]


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under ``root``."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def test_the_matrix_has_enough_distinct_cases():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 25


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_matrix(case: Case, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    work = tmp_path / "werkmap"  # the current folder: no outputs/ may appear there either
    work.mkdir()
    monkeypatch.chdir(work)
    case.setup(folder)
    if case.patch is not None:
        case.patch(monkeypatch, folder)
    before = snapshot(tmp_path)
    code = cli.main([arg.replace("{d}", str(folder)) for arg in case.argv])
    out, err = capsys.readouterr()
    assert (code, out, err) == (case.code, case.out.replace("{d}", str(folder)),
                                case.err.replace("{d}", str(folder)))
    assert "Traceback" not in out + err and "Onverwachte fout" not in out + err
    assert snapshot(tmp_path) == before


def test_csv_with_uitvoer_is_written_to_the_file(capsys, tmp_path):
    target = tmp_path / "gent.csv"
    argv = ["indicatoren", "--geo", "Gent", "--data", str(FIXTURE), "--formaat", "csv"]
    assert cli.main(argv) == 0
    shown = capsys.readouterr().out
    assert cli.main([*argv, "--uitvoer", str(target)]) == 0
    rows = len(shown.splitlines()) - 1
    assert capsys.readouterr().out == f"Geschreven: {target} ({rows} rijen)\n"
    assert target.read_text(encoding="utf-8") == shown
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gent.csv"]  # no temporary file


def test_periode_option_is_normalised(capsys):
    argv = ["indicatoren", "--geo", "Gent", "--data", str(FIXTURE), "--formaat", "csv"]
    assert cli.main([*argv, "--periode", "2022Q4"]) == 0
    exact = capsys.readouterr().out
    assert cli.main([*argv, "--periode", "2022-q4"]) == 0
    assert capsys.readouterr().out == exact
    assert ",2022Q4," in exact


@pytest.mark.parametrize("case_id", ["csv-latin-1", "par-geo-aanhalingsteken"])
def test_console_script_gives_the_same_clean_message(case_id, tmp_path):
    case = next(case for case in CASES if case.id == case_id)
    folder = tmp_path / "in"
    folder.mkdir()
    case.setup(folder)
    exe = Path(sys.executable).parent / "rapportage"
    done = subprocess.run([str(exe), *(a.replace("{d}", str(folder)) for a in case.argv)],
                          capture_output=True, text=True, check=False, cwd=tmp_path,
                          env={**os.environ, "PYTHONWARNINGS": "default"})
    assert (done.returncode, done.stdout, done.stderr) == (
        case.code, case.out.replace("{d}", str(folder)), case.err.replace("{d}", str(folder)))


# --------------------------------------------------------------------------------------------
# 3. Escaping: text from data files is shown as text, never as markup

SCRIPT = "<script>alert('xss')</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[klik](javascript:alert(1))"
PAYLOADS = [SCRIPT, IMG, LINK]
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction"}
ACTIVE_TAGS = {"script", "img", "iframe", "object", "embed", "a", "link", "meta", "style"}


class _Tags(HTMLParser):
    """Every start tag of a fragment with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def start_tags(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser.found


def assert_shown_as_text(markup: str, payload: str, allowed: frozenset[str] = frozenset()):
    """The payload is in the markup only escaped: no tag, handler or script link from it."""
    tags = start_tags(markup)
    assert html.escape(payload) in markup
    assert [tag for tag, _ in tags if tag in ACTIVE_TAGS - allowed] == []
    assert [(tag, name) for tag, attrs in tags for name in attrs if name.startswith("on")] == []
    assert [value for _, attrs in tags for name, value in attrs.items()
            if name in URL_ATTRIBUTES and value and "javascript:" in value.lower()] == []


@pytest.fixture(scope="module")
def inputs():
    """Report inputs on the small test observations (qualitative data: the package's)."""
    return aio.load_report_inputs(FIXTURE)


def hostile_kwalitatief(kwalitatief: dict[str, Any], payload: str) -> dict[str, Any]:
    """Every shown text of the actions, practices and digibanken carries ``payload``."""
    acties = [a.model_copy(update={"titel": f"{payload} {a.titel}", "beschrijving": payload,
                                   "partners": [payload, *a.partners]})
              for a in kwalitatief["acties"]]
    praktijken = [p.model_copy(update={"titel": f"{payload} {p.titel}", "beschrijving": payload})
                  for p in kwalitatief["praktijken"]]
    banks = kwalitatief["digibanken"]
    banks = dataclasses.replace(banks, west_vlaanderen=tuple(
        b.model_copy(update={"titel": payload, "promotor": payload})
        for b in banks.west_vlaanderen))
    return {**kwalitatief, "acties": acties, "praktijken": praktijken, "digibanken": banks}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_report_actions_escape_titles_descriptions_and_partners(inputs, payload):
    from analysis.report import Report

    hostile = dataclasses.replace(inputs, kwalitatief=hostile_kwalitatief(inputs.kwalitatief,
                                                                          payload), memo={})
    markup = "".join(Report(hostile, "Gent").actions(sectie).markup for sectie in (2, 7, 10, 12))
    assert markup.count(f"<li><strong>{html.escape(payload)} ") >= 1
    assert f"Partners: {html.escape(payload)}, " in markup
    assert_shown_as_text(markup, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_report_practices_escape_titles_and_descriptions(inputs, payload):
    from analysis.report import Report

    hostile = dataclasses.replace(inputs, kwalitatief=hostile_kwalitatief(inputs.kwalitatief,
                                                                          payload), memo={})
    markup = Report(hostile, "Gent").practices().markup
    assert f"<h4>{html.escape(payload)} " in markup
    assert f"<p>{html.escape(payload)}</p>" in markup
    assert_shown_as_text(markup, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_report_digibanken_escape_names_and_promotors(inputs, payload):
    from analysis.report import Report

    hostile = dataclasses.replace(inputs, kwalitatief=hostile_kwalitatief(inputs.kwalitatief,
                                                                          payload), memo={})
    markup = Report(hostile, "Brugge").digibanken().markup
    escaped = html.escape(payload)
    assert markup.count(f"<li>{escaped} ({escaped})</li>") == 13
    assert_shown_as_text(markup, payload)


def hostile_geography(payload: str):
    """The reference tables with Gent and the province Oost-Vlaanderen named ``payload``."""
    from analysis.geography import Geography

    tables, problems = aio.read_reference(REPO / "data" / "reference")
    assert problems == []
    tables = {name: table.copy() for name, table in tables.items()}
    for name in ("gemeenten", "centrumsteden"):
        tables[name].loc[tables[name]["nis"] == "44021", "naam"] = payload
    tables["provincies"].loc[tables["provincies"]["code"] == "40000", "naam"] = payload
    return Geography(tables)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_report_title_and_so_blocks_escape_geography_names(inputs, payload):
    from analysis.report import Report

    geography = hostile_geography(payload)
    hostile = dataclasses.replace(inputs, geography=geography, memo={})
    report = Report(hostile, "centrumstad:44021")
    title = report.title_block().markup
    so = report.so_block().markup
    escaped = html.escape(payload)
    assert f"<h1>{escaped}</h1>" in title
    assert f" · provincie {escaped} · " in title
    assert f"<th scope='row'>Provincie {escaped}</th>" in so
    region = next(code for code in geography.geographies("regiegebied", "2024")["code"]
                  if "44021" in geography.get(code, "regiegebied", "2024").gemeenten)
    members = Report(hostile, f"regiegebied:{region}").title_block().markup
    assert escaped in members
    for markup in (title, so, members):
        assert [attrs.get("href") for tag, attrs in start_tags(markup) if tag == "a"] == []
        assert_shown_as_text(markup, payload)


PROJECTS = sorted(path.name for path in (REPO / "data" / "projecten").glob("*.yaml"))
LITERALS = frozenset({"tussentijds", "eind", "personen", "bedrijven", "acties", "werkplekken",
                      "procent", "gepubliceerd", "afgeleid"})


def prefixed(value: Any, payload: str, key: object = None) -> Any:
    """Every free text of a project document prefixed with ``payload`` (references to fields
    and enumerations kept, so the project stays valid)."""
    if isinstance(value, dict):
        return {k: prefixed(v, payload, k) for k, v in value.items()}
    if isinstance(value, list):
        return [prefixed(v, payload, key) for v in value]
    # "veld" and an aandeel's "teller" name fields of the document, not free text.
    if isinstance(value, str) and key not in ("veld", "teller") and value not in LITERALS:
        return f"{payload} {value}"
    return value


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("name", PROJECTS)
def test_project_report_escapes_every_text_of_the_file(payload, name):
    from analysis import voortgang as vg
    from analysis.projecten import build_project

    document = aio.read_yaml(REPO / "data" / "projecten" / name, kind="actie",
                             whole="het project")
    hostile = aio.YamlDocument(prefixed(copy.deepcopy(document.data), payload),
                               document.lines, [])
    project, problems = build_project(hostile, name)
    assert problems == []
    provenance = {"bestand": payload, "hash": payload, "gemaakt": payload}
    parts: list[Any] = [vg.title_block(project, provenance), vg.key_figures(project),
                        vg.overview(project), vg.realisation_chart(project),
                        vg.conclusion(project)]
    for actie in project.acties:
        parts += vg.action_block(project, actie)
    parts += [vg.summary_table(project), vg.unique_rule(project), vg.budget_table(project),
              vg.spending_chart(project), vg.check_table(project), vg.derived_figures(project),
              vg.discrepancies(project), vg.technical_note(provenance)]
    markup = "".join(part._repr_html_() for part in parts)
    escaped = html.escape(payload)
    assert f"<h1>{escaped} {project.titel.removeprefix(payload + ' ')}</h1>" in markup
    assert f"Promotor: {escaped} " in markup
    assert_shown_as_text(markup, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_index_page_escapes_names_codes_and_figures(payload):
    from analysis import indexpage

    figure = indexpage.KeyFigure("wzw", payload, payload, payload, payload, "aantal")
    entries = [indexpage.IndexEntry(geo_type="project", code=payload, naam=payload,
                                    href="project/x.html", key_figures=[figure],
                                    links=[("CSV", "project/x.csv")])]
    markup = indexpage.index_html(entries, title=payload, made=payload, banner=payload)
    assert f"<title>{html.escape(payload)}</title>" in markup
    assert start_tags(markup).count(("script", {})) == 1  # the search box's own script
    assert_shown_as_text(markup, payload, allowed=frozenset({"script", "a", "meta", "style"}))
    links = [attrs["href"] for tag, attrs in start_tags(markup) if tag == "a"]
    assert [href for href in links if not href.startswith(("#", "project/"))] == []


def plant(value: Any, key: object = None) -> Any:
    """The script in every ``titel``; a handler and a script link in every ``beschrijving``."""
    if isinstance(value, dict):
        return {k: plant(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [plant(v, key) for v in value]
    if key == "titel" and isinstance(value, str):
        return f"{SCRIPT} {value}"
    if key == "beschrijving" and isinstance(value, str):
        return f"{value} {IMG} {LINK}"
    return value


def test_bouw_with_a_script_in_every_titel_shows_it_only_as_text(tmp_path, capsys):
    data = tmp_path / "data"
    for sub in ("voorbeeld", "reference", "kwalitatief", "projecten"):
        shutil.copytree(REPO / "data" / sub, data / sub)
    planted = 0
    for path in sorted((data / "kwalitatief").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        changed = plant(raw)
        planted += yaml.safe_dump(changed, allow_unicode=True).count("<script>")
        path.write_text(yaml.safe_dump(changed, allow_unicode=True, sort_keys=False, width=1000),
                        encoding="utf-8")
    # Every titel: 117 actions, 26 in praktijken (practices and their projects), 13
    # digibanken, 4 discrepancies of the SO status file.
    assert planted == 160
    out = tmp_path / "uit"
    code = cli.main(["bouw", "--alleen", "Gent", "--data", str(data), "--uitvoer", str(out),
                     "--stil"])
    stdout, stderr = capsys.readouterr()
    assert (code, stderr) == (0, "")
    assert re.search(r"1 rapport, 1 gebouwd, 0 ongewijzigd, 0 mislukt\.", stdout)
    page = (out / "centrumstad" / "gent.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert page.count(html.escape(SCRIPT)) >= 3
    for payload in PAYLOADS:
        assert_shown_as_text(page, payload, allowed=frozenset({"a", "meta", "style"}))
    links = [attrs.get("href") or "" for tag, attrs in start_tags(page) if tag == "a"]
    assert [href for href in links if not href.startswith("#")] == []
