"""Reading and checking the reference tables of data/reference."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import io as aio

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


@pytest.fixture
def ref(tmp_path: Path) -> Path:
    """A writable copy of the embedded reference tables."""
    target = tmp_path / "reference"
    shutil.copytree(REFERENCE, target)
    return target


def _edit(path: Path, edit) -> None:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(table).to_csv(path, index=False)


def _messages(directory: Path) -> list[str]:
    return [str(problem) for problem in aio.read_reference(directory)[1]]


def test_embedded_reference_reads_cleanly():
    tables, problems = aio.read_reference(REFERENCE)
    assert problems == []
    assert {name: len(table) for name, table in tables.items()} == {
        "provincies": 5, "gemeenten": 308 + 300 + 285, "fusies": 15 + 28,
        "centrumsteden": 26, "regiegebieden": 238 + 226, "referentieregios": 285,
    }


def test_missing_table(ref: Path):
    (ref / "fusies.csv").unlink()
    assert _messages(ref) == [f"{ref / 'fusies.csv'}: referentietabel ontbreekt"]


def test_empty_table(ref: Path):
    (ref / "provincies.csv").write_bytes(b"")
    assert _messages(ref) == [f"{ref / 'provincies.csv'}: bestand is leeg"]


def test_latin1_table(ref: Path):
    (ref / "provincies.csv").write_bytes("code,naam,bron\n10000,Antw\xe9rpen,x\n".encode("latin-1"))
    assert _messages(ref) == [
        f"{ref / 'provincies.csv'}, rij 2: bestand is niet in UTF-8 gecodeerd (byte 0xe9 op "
        "positie 25); sla het op als UTF-8"
    ]


def test_missing_columns(ref: Path):
    _edit(ref / "regiegebieden.csv", lambda t: t.drop(columns=["status", "bron"]))
    assert _messages(ref) == [
        f"{ref / 'regiegebieden.csv'}, rij 1: verplichte kolommen 'status', 'bron' ontbreken "
        "(gevonden kolommen: 'grenzen', 'code', 'naam', 'provincie', 'nis')"
    ]


def test_empty_cell(ref: Path):
    def blank_source(table):
        table.loc[3, "bron"] = ""
        return table

    _edit(ref / "centrumsteden.csv", blank_source)
    assert _messages(ref) == [f"{ref / 'centrumsteden.csv'}, rij 5, kolom 'bron': waarde ontbreekt"]


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "message"),
    [
        ("gemeenten", 0, "nis", "1100", "'1100' is geen NIS-code van 5 cijfers"),
        ("referentieregios", 0, "grenzen", "2023",
         "onbekende grensversie '2023' (kies uit 2018, 2024, 2025)"),
        ("regiegebieden", 1, "status", "officieel",
         "onbekende status 'officieel' (kies uit bevestigd, waarschijnlijk, benadering)"),
        ("fusies", 0, "fusie", "2013", "onbekende fusie '2013' (kies uit 2019, 2025)"),
        ("gemeenten", 0, "provincie", "21000",
         "onbekende provincie '21000' (niet in provincies.csv)"),  # Brussels is not Flemish
    ],
)
def test_bad_cell(ref: Path, table, row, column, value, message):
    def bad(frame):
        frame.loc[row, column] = value
        return frame

    _edit(ref / f"{table}.csv", bad)
    assert _messages(ref) == [f"{ref / f'{table}.csv'}, rij {row + 2}, kolom '{column}': {message}"]


def test_gemeente_twice_in_a_regiegebied_table(ref: Path):
    def twice(table):
        extra = table.iloc[[0]].assign(code="RG02", naam="ZORA Werkt!")
        return pd.concat([table, extra], ignore_index=True)

    _edit(ref / "regiegebieden.csv", twice)
    assert _messages(ref) == [
        f"{ref / 'regiegebieden.csv'}, rij 466, kolom 'nis': gemeente '11002' staat twee keer "
        "in grensversie 2024 (rij 2 en rij 466)"
    ]


def test_member_unknown_in_its_boundary_version(ref: Path):
    def moved(table):
        table.loc[table.nis == "71022", "nis"] = "71072"  # Hasselt's 2025 code in 2024 rows
        return table

    _edit(ref / "centrumsteden.csv", moved)
    assert _messages(ref) == [
        f"{ref / 'centrumsteden.csv'}, rij 12, kolom 'nis': gemeente '71072' bestaat niet in "
        "grensversie 2024 van gemeenten.csv"
    ]


def test_incomplete_referentieregio_partition(ref: Path):
    _edit(ref / "referentieregios.csv", lambda t: t[t.code != "REFREG09"])
    assert _messages(ref) == [
        f"{ref / 'referentieregios.csv'}, kolom 'nis': grensversie 2025: 7 gemeenten zonder "
        "referentieregio (35002, 35005, 35006, 35011, 35013, …)"
    ]


def test_merger_with_unknown_new_code(ref: Path):
    def bad(table):
        table.loc[table.oud_nis == "73040", "nieuw_nis"] = "71099"
        return table

    _edit(ref / "fusies.csv", bad)
    assert _messages(ref) == [
        f"{ref / 'fusies.csv'}, rij 44, kolom 'nieuw_nis': gemeente '71099' bestaat niet in "
        "grensversie 2025 van gemeenten.csv"
    ]


def test_problems_are_capped_per_file(ref: Path):
    _edit(ref / "gemeenten.csv", lambda t: t.assign(bron=""))
    problems = aio.read_reference(ref, max_problems=3)[1]
    assert [str(p) for p in problems] == [
        f"{ref / 'gemeenten.csv'}, rij 2, kolom 'bron': waarde ontbreekt",
        f"{ref / 'gemeenten.csv'}, rij 3, kolom 'bron': waarde ontbreekt",
        f"{ref / 'gemeenten.csv'}, rij 4, kolom 'bron': waarde ontbreekt",
        f"{ref / 'gemeenten.csv'}: ... en 890 andere problemen",
    ]
