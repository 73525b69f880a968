"""Input that used to be read wrongly in silence (issue 16, points 1, 2 and 12).

Workbooks with a sheet per year, hidden sheets, formulas without a computed result, date cells
in ``periode``; ambiguous or fractional counts, percentages without noemer; the CSV field-size
error. Each case: the exact Dutch message, and for the command line the exit code and that
nothing was written.
"""

from __future__ import annotations

import math
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from analysis import cli
from analysis.io import ReadResult, read_observations

HEADER = ["indicator", "geo", "periode", "teller", "noemer"]
INVALID = "Ongeldig: los de problemen hierboven op.\n"
VALID = "Geldig.\n"


# ------------------------------------------------------------------------------------------
# helpers


def workbook(
    path: Path, sheets: dict[str, list[list[object]]], *, hidden: dict[str, str] | None = None
) -> Path:
    """A workbook with one sheet per entry (in order); ``hidden`` maps names to a state."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = (hidden or {}).get(name, "visible")
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def patched(path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    """Rewrite parts of the package: {part: (old, new)}, each ``old`` present once."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if info.filename in edits:
                old, new = edits[info.filename]
                assert data.count(old.encode()) == 1, (info.filename, old)
                data = data.replace(old.encode(), new.encode())
            target.writestr(info, data)
    return path


def saved_by_excel(path: Path, formula: str, result: str) -> Path:
    """As if Excel saved it: the formula has its result and no recalculation is asked."""
    return patched(path, {
        "xl/worksheets/sheet1.xml": (f"<f>{formula}</f><v />", f"<f>{formula}</f><v>{result}</v>"),
        "xl/workbook.xml": (' fullCalcOnLoad="1"', ""),
    })  # fmt: skip


def messages(result: ReadResult) -> list[str]:
    return [str(problem) for problem in result.problems]


def notes(result: ReadResult) -> list[str]:
    return [str(note) for note in result.notes]


def rows_of(result: ReadResult) -> list[tuple[object, ...]]:
    out = []
    for record in result.data.to_dict("records"):
        values = [
            record[c] for c in ("indicator", "geo", "periode", "teller", "noemer", "bron_rij")
        ]
        out.append(tuple(None if isinstance(v, float) and math.isnan(v) else v for v in values))
    return out


def snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


def run_cli(capsys, root: Path, *argv: str) -> tuple[int, str, str]:
    """Run the command line; assert that nothing under ``root`` was written or removed."""
    before = snapshot(root)
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert snapshot(root) == before
    assert "Traceback" not in out + err
    return code, out, err


def summary(rows: int, valid: int, problems: int) -> str:
    return f"Bestanden: 1 · rijen: {rows} · geldige rijen: {valid} · problemen: {problems}\n"


# ------------------------------------------------------------------------------------------
# 1. workbooks: sheets


def test_every_visible_sheet_with_the_header_is_read(tmp_path: Path) -> None:
    path = workbook(tmp_path / "jaren.xlsx", {
        "2019": [HEADER, ["wzw", "11002", "2019", 10, None]],
        "2020": [["Werkzoekenden 2020"], HEADER, ["wzw", "11002", "2020", 12, None]],
    })  # fmt: skip
    result = read_observations([path])
    assert messages(result) == [] and notes(result) == []
    assert rows_of(result) == [
        ("wzw", "11002", "2019", 10.0, None, 2),
        ("wzw", "11002", "2020", 12.0, None, 3),
    ]
    assert result.rows_read == 2


def test_a_problem_names_the_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "jaren.xlsx", {
        "2019": [HEADER, ["wzw", "11002", "2019", 10, None]],
        "2020": [HEADER, ["wzw", "11002", "2020", "veel", None]],
    })  # fmt: skip
    assert messages(read_observations([path])) == [
        f"{path}, blad '2020', rij 2, kolom 'teller': 'veel' is geen getal"
    ]


def test_a_hidden_sheet_is_never_read_and_named_in_a_note(tmp_path: Path) -> None:
    path = workbook(tmp_path / "obs.xlsx", {
        "Oud": [HEADER, ["wzw", "11002", "2019", 999, None]],
        "Actueel": [HEADER, ["wzw", "11002", "2019", 10, None]],
        "Hulp": [HEADER, ["wzw", "44021", "2019", 5, None]],
    }, hidden={"Oud": "hidden", "Hulp": "veryHidden"})  # fmt: skip
    result = read_observations([path])
    assert messages(result) == []
    assert rows_of(result) == [("wzw", "11002", "2019", 10.0, None, 2)]
    assert notes(result) == [
        f"{path}, blad 'Oud': verborgen blad: niet gelezen",
        f"{path}, blad 'Hulp': verborgen blad: niet gelezen",
    ]


def test_a_visible_sheet_without_header_is_skipped_with_a_note(tmp_path: Path) -> None:
    path = workbook(tmp_path / "obs.xlsx", {
        "Toelichting": [["Bron: VDAB Arvastat"], ["Zie het blad Gegevens"]],
        "Gegevens": [HEADER, ["wzw", "11002", "2019", 10, None]],
        "Leeg": [],
        "2021": [HEADER],
    })  # fmt: skip
    result = read_observations([path])
    assert messages(result) == []
    assert rows_of(result) == [("wzw", "11002", "2019", 10.0, None, 2)]
    assert notes(result) == [
        f"{path}, blad 'Toelichting': blad zonder kopregel met de kolommen 'indicator', 'geo', "
        "'periode', 'teller': overgeslagen",
        f"{path}, blad 'Leeg': leeg blad: overgeslagen",
        f"{path}, blad '2021': er staan geen gegevens onder de kopregel (rij 1): overgeslagen",
    ]


def test_a_sheet_with_an_incomplete_header_is_an_error(tmp_path: Path) -> None:
    path = workbook(tmp_path / "obs.xlsx", {
        "2019": [HEADER, ["wzw", "11002", "2019", 10, None]],
        "2020": [["indicator", "geo", "periode", "tellers"], ["wzw", "11002", "2020", 12]],
    })  # fmt: skip
    result = read_observations([path])
    assert messages(result) == [
        f"{path}, blad '2020', rij 1: verplichte kolom 'teller' ontbreekt (gevonden kolommen: "
        "'indicator', 'geo', 'periode', 'tellers')"
    ]


def test_only_a_hidden_sheet_with_the_header_is_an_error(tmp_path: Path, capsys) -> None:
    path = workbook(tmp_path / "obs.xlsx", {
        "Gegevens": [HEADER, ["wzw", "11002", "2019", 10, None]],
        "Toelichting": [["Cijfers op het verborgen blad"]],
    }, hidden={"Gegevens": "hidden"})  # fmt: skip
    code, out, err = run_cli(capsys, tmp_path, "valideer", str(path))
    assert (code, err) == (1, "")
    assert out == (
        f"{path}: geen kopregel gevonden: geen zichtbaar blad heeft een rij met de kolommen "
        "'indicator', 'geo', 'periode', 'teller' (noemer en opmerking mogen ontbreken); "
        "verborgen blad 'Gegevens' wordt niet gelezen: maak een blad zichtbaar als het de "
        "gegevens bevat\n"
        f"Let op: {path}, blad 'Gegevens': verborgen blad: niet gelezen\n"
        f"Let op: {path}, blad 'Toelichting': blad zonder kopregel met de kolommen "
        "'indicator', 'geo', 'periode', 'teller': overgeslagen\n" + summary(0, 0, 1) + INVALID
    )


def test_the_same_key_on_two_sheets_names_both(tmp_path: Path) -> None:
    path = workbook(tmp_path / "obs.xlsx", {
        "2019": [HEADER, ["wzw", "11002", "2019", 10, None]],
        "Kopie": [HEADER, ["wzw", "11002", "2019", 11, None]],
    })  # fmt: skip
    result = read_observations([path])
    assert messages(result) == [
        f"{path}, blad 'Kopie', rij 2: dubbele sleutel (wzw, 11002, 2019) in rij 2 en in "
        "blad '2019', rij 2"
    ]
    assert result.data.empty


def test_valideer_reads_the_visible_sheets_and_notes_the_hidden_one(tmp_path: Path, capsys) -> None:
    path = workbook(tmp_path / "obs.xlsx", {
        "Oud": [HEADER, ["wzw", "44021", "2019", 999, None]],
        "2019": [HEADER, ["wzw", "44021", "2019", 10, None]],
        "2020": [HEADER, ["wzw", "44021", "2020", 12, None]],
    }, hidden={"Oud": "hidden"})  # fmt: skip
    code, out, err = run_cli(capsys, tmp_path, "valideer", str(path))
    assert (code, err) == (0, "")
    assert out == (
        f"Let op: {path}, blad 'Oud': verborgen blad: niet gelezen\n" + summary(2, 2, 0) + VALID
    )


# ------------------------------------------------------------------------------------------
# 1. workbooks: formulas without a computed result


FORMULA_MESSAGE = (
    "bevat een formule (=2*5) zonder berekende uitkomst: de werkmap is door een programma "
    "geschreven en niet in Excel of LibreOffice opgeslagen; open het bestand in Excel of "
    "LibreOffice en sla het op, zodat de uitkomsten berekend worden, of plak de cellen als "
    "waarden"
)


def test_a_formula_written_by_a_script_is_an_error(tmp_path: Path, capsys) -> None:
    path = workbook(tmp_path / "obs.xlsx", {
        "Gegevens": [HEADER, ["wzw", "44021", "2019", "=2*5", None],
                     ["wzw", "44021", "2020", 7, None]],
    })  # fmt: skip
    code, out, err = run_cli(capsys, tmp_path, "valideer", str(path))
    assert (code, err) == (1, "")
    assert out == (
        f"{path}, blad 'Gegevens', rij 2, kolom 'teller': cel D2 {FORMULA_MESSAGE}\n"
        + summary(2, 1, 1)
        + INVALID
    )


def test_a_formula_in_geo_is_an_error_and_no_key(tmp_path: Path) -> None:
    path = workbook(tmp_path / "obs.xlsx", {
        "Gegevens": [HEADER, ["wzw", "=2*5", "2019", 3, None], ["wzw", "=2*5", "2019", 4, None]],
    })  # fmt: skip
    assert messages(read_observations([path])) == [
        f"{path}, blad 'Gegevens', rij 2, kolom 'geo': cel B2 {FORMULA_MESSAGE}",
        f"{path}, blad 'Gegevens', rij 3, kolom 'geo': cel B3 {FORMULA_MESSAGE}",
    ]


def test_a_formula_computed_by_excel_is_read(tmp_path: Path) -> None:
    path = workbook(tmp_path / "obs.xlsx", {"Gegevens": [HEADER, ["wzw", "44021", "2019", "=2*5"]]})
    saved_by_excel(path, "2*5", "10")
    result = read_observations([path])
    assert messages(result) == []
    assert rows_of(result) == [("wzw", "44021", "2019", 10.0, None, 2)]


def test_a_formula_without_result_is_an_error_also_when_recalculation_is_not_asked(
    tmp_path: Path,
) -> None:
    path = workbook(tmp_path / "obs.xlsx", {"Gegevens": [HEADER, ["wzw", "44021", "2019", "=2*5"]]})
    patched(path, {"xl/workbook.xml": (' fullCalcOnLoad="1"', "")})
    assert messages(read_observations([path])) == [
        f"{path}, blad 'Gegevens', rij 2, kolom 'teller': cel D2 {FORMULA_MESSAGE}"
    ]


def test_a_placeholder_result_of_a_script_is_not_read(tmp_path: Path) -> None:
    # XlsxWriter stores 0 as the result and asks Excel to recalculate on load.
    path = workbook(tmp_path / "obs.xlsx", {"Gegevens": [HEADER, ["wzw", "44021", "2019", "=2*5"]]})
    patched(path, {"xl/worksheets/sheet1.xml": ("<f>2*5</f><v />", "<f>2*5</f><v>0</v>")})
    result = read_observations([path])
    assert messages(result) == [
        f"{path}, blad 'Gegevens', rij 2, kolom 'teller': cel D2 {FORMULA_MESSAGE}"
    ]
    assert result.data.empty


def test_a_text_that_starts_with_an_equals_sign_is_no_formula(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Gegevens"
    sheet.append([*HEADER, "opmerking"])
    sheet.append(["wzw", "44021", "2019", 4, None, None])
    sheet["F2"].value = "=geen formule"
    sheet["F2"].data_type = "s"
    book.save(tmp_path / "obs.xlsx")
    result = read_observations([tmp_path / "obs.xlsx"])
    assert messages(result) == []
    assert result.data["opmerking"].tolist() == ["=geen formule"]


# ------------------------------------------------------------------------------------------
# 1. workbooks: date cells in periode


@pytest.mark.parametrize(
    ("indicator", "day", "periode"),
    [
        ("rmi", datetime(2022, 9, 15), "2022-09"),  # frequentie maand
        ("esf_outreach_bereik", datetime(2022, 7, 1), "2022Q3"),  # kwartaal, first day
        ("esf_outreach_bereik", datetime(2022, 9, 30), "2022Q3"),  # kwartaal, last day
        ("niet_beroepsactieven", datetime(2019, 1, 1), "2019"),  # jaar
        ("niet_beroepsactieven", datetime(2019, 12, 31), "2019"),
    ],
)
def test_a_date_is_read_where_the_frequency_fixes_it(
    tmp_path: Path, indicator: str, day: datetime, periode: str
) -> None:
    path = workbook(tmp_path / "obs.xlsx", {"Gegevens": [HEADER, [indicator, "44021", day, 5]]})
    result = read_observations([path])
    assert messages(result) == []
    assert result.data["periode"].tolist() == [periode]


@pytest.mark.parametrize(
    ("indicator", "day", "reason"),
    [
        ("esf_outreach_bereik", datetime(2022, 8, 15),
         "datum 15/08/2022 als periode is niet eenduidig: 'esf_outreach_bereik' is een "
         "kwartaalcijfer en 15/08/2022 is geen eerste of laatste dag van een kwartaal; schrijf "
         "de periode als tekst, bv. 2022Q3"),
        ("niet_beroepsactieven", datetime(2019, 6, 30),
         "datum 30/06/2019 als periode is niet eenduidig: 'niet_beroepsactieven' is een "
         "jaarcijfer en 30/06/2019 is geen 1 januari of 31 december; schrijf de periode als "
         "tekst, bv. 2019"),
    ],
)  # fmt: skip
def test_a_date_the_frequency_does_not_fix_is_refused(
    tmp_path: Path, indicator: str, day: datetime, reason: str
) -> None:
    path = workbook(tmp_path / "obs.xlsx", {"Gegevens": [HEADER, [indicator, "44021", day, 5]]})
    result = read_observations([path])
    assert messages(result) == [f"{path}, blad 'Gegevens', rij 2, kolom 'periode': {reason}"]
    assert result.data.empty


def test_a_date_for_an_unknown_indicator_is_refused(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "obs.xlsx", {"Gegevens": [HEADER, ["nieuw", "44021", datetime(2022, 9, 1), 5]]}
    )
    result = read_observations([path], indicators=("nieuw",))
    assert messages(result) == [
        f"{path}, blad 'Gegevens', rij 2, kolom 'periode': datum 01/09/2022 als periode kan "
        "niet gelezen worden: de frequentie van 'nieuw' is onbekend, dus de datum kan een "
        "maand, kwartaal of jaar zijn; schrijf de periode als tekst (een jaar zoals 2019, een "
        "kwartaal zoals 2022Q4 of een maand zoals 2022-09)"
    ]


# ------------------------------------------------------------------------------------------
# 2. numbers


def write_csv(directory: Path, *lines: str, name: str = "obs.csv") -> Path:
    path = directory / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


CSV_HEADER = "indicator;geo;periode;teller;noemer"


@pytest.mark.parametrize(
    ("cell", "english", "dutch"),
    [("25,000", "25000", "25"), ("1,234", "1234", "1,234"), ("100,500", "100500", "100,5")],
)
def test_a_comma_with_three_digits_in_a_count_is_ambiguous(
    tmp_path: Path, capsys, cell: str, english: str, dutch: str
) -> None:
    path = write_csv(tmp_path, CSV_HEADER, f"wzw;44021;2022Q4;{cell};")
    code, out, err = run_cli(capsys, tmp_path, "valideer", str(path))
    assert (code, err) == (1, "")
    assert out == (
        f"{path}, rij 2, kolom 'teller': '{cell}' is niet eenduidig: een komma gevolgd door "
        f"precies drie cijfers kan een Engelse duizendtalscheiding zijn ({english}) of een "
        f"decimale komma ({dutch}); schrijf het aantal zonder scheidingsteken, bv. {english}\n"
        + summary(1, 0, 1)
        + INVALID
    )


def test_an_ambiguous_noemer_is_refused_too(tmp_path: Path) -> None:
    path = write_csv(tmp_path, CSV_HEADER, "wzw_in_opleiding;44021;2022Q4;5;1,500")
    assert messages(read_observations([path])) == [
        f"{path}, rij 2, kolom 'noemer': '1,500' is niet eenduidig: een komma gevolgd door "
        "precies drie cijfers kan een Engelse duizendtalscheiding zijn (1500) of een decimale "
        "komma (1,5); schrijf het aantal zonder scheidingsteken, bv. 1500"
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("1.234", 1234.0), ("25.000", 25000.0), ("1,234,567", 1234567.0), ("12,00", 12.0),
     ("1 234", 1234.0)],
)  # fmt: skip
def test_unambiguous_counts_are_read(tmp_path: Path, cell: str, expected: float) -> None:
    result = read_observations([write_csv(tmp_path, CSV_HEADER, f"wzw;44021;2022Q4;{cell};")])
    assert messages(result) == []
    assert result.data["teller"].tolist() == [expected]


@pytest.mark.parametrize("cell", ["12,5", "0,5", "1.234,5", "1234.5"])
def test_a_count_with_a_fraction_is_refused(tmp_path: Path, cell: str) -> None:
    path = write_csv(tmp_path, CSV_HEADER, f"wzw;44021;2022Q4;{cell};")
    result = read_observations([path])
    assert messages(result) == [
        f"{path}, rij 2, kolom 'teller': '{cell}' is geen geheel getal; de teller is een "
        "aantal en heeft geen decimalen"
    ]
    assert result.data.empty


def test_a_fraction_in_an_xlsx_count_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "obs.xlsx", {
        "Gegevens": [HEADER, ["wzw_in_opleiding", "44021", "2022Q4", 3, 12.5],
                     ["wzw_in_opleiding", "44021", "2022Q3", 0.1 * 30, 10]],
    })  # fmt: skip
    result = read_observations([path])
    assert messages(result) == [
        f"{path}, blad 'Gegevens', rij 2, kolom 'noemer': '12,5' is geen geheel getal; de "
        "noemer is een aantal en heeft geen decimalen"
    ]
    # 0.1 * 30 = 3.0000000000000004: binary noise of a computed result, read as 3.
    assert rows_of(result) == [("wzw_in_opleiding", "44021", "2022Q3", 3.0, 10.0, 3)]


def test_full_time_equivalents_may_hold_a_fraction(tmp_path: Path) -> None:
    # cm_contingent counts VTE (catalogue: breuken: true); the comma rule still holds.
    path = write_csv(
        tmp_path,
        CSV_HEADER,
        "cm_contingent;02000;2022-01;19.602,5;",
        "cm_contingent;02000;2023-01;19,602;",
    )
    result = read_observations([path])
    assert rows_of(result) == [("cm_contingent", "02000", "2022-01", 19602.5, None, 2)]
    assert messages(result) == [
        f"{path}, rij 3, kolom 'teller': '19,602' is niet eenduidig: een komma gevolgd door "
        "precies drie cijfers kan een Engelse duizendtalscheiding zijn (19602) of een decimale "
        "komma (19,602); schrijf het aantal zonder scheidingsteken, bv. 19602"
    ]


def test_a_percentage_in_a_file_without_noemer_column_is_an_error(tmp_path: Path, capsys) -> None:
    path = write_csv(
        tmp_path,
        "indicator;geo;periode;teller",
        "wzw;44021;2022Q4;5",
        "wzw_in_opleiding;44021;2022Q4;5",
        "wzw_in_opleiding;44021;2022Q3;6",
    )
    code, out, err = run_cli(capsys, tmp_path, "valideer", str(path))
    assert (code, err) == (1, "")
    assert out == (
        f"{path}, rij 1: kolom 'noemer' ontbreekt, maar 'wzw_in_opleiding' is een percentage "
        "(teller / noemer) en heeft een noemer nodig (2 rijen, eerste: rij 3); voeg de kolom "
        "'noemer' toe\n" + summary(3, 1, 1) + INVALID
    )


def test_a_percentage_with_an_empty_noemer_is_an_error(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        CSV_HEADER,
        "wzw_in_opleiding;44021;2022Q4;5;",
        "wzw_in_opleiding;44021;2022Q3;-;<5",
        "wzw;44021;2022Q4;5;",
    )
    result = read_observations([path])
    assert messages(result) == [
        f"{path}, rij 2, kolom 'noemer': noemer ontbreekt (lege cel), maar 'wzw_in_opleiding' "
        "is een percentage (teller / noemer) en heeft een noemer nodig; schrijf een "
        "onderdrukte noemer als '-' of '<5'"
    ]
    assert rows_of(result) == [
        ("wzw_in_opleiding", "44021", "2022Q3", None, None, 3),
        ("wzw", "44021", "2022Q4", 5.0, None, 4),
    ]


def test_bouw_stops_on_a_percentage_without_noemer(tmp_path: Path, capsys) -> None:
    path = workbook(tmp_path / "obs.xlsx", {
        "Gegevens": [["indicator", "geo", "periode", "teller"],
                     ["wzw_in_opleiding", "44021", "2022Q4", 5]],
    })  # fmt: skip
    code, out, err = run_cli(
        capsys,
        tmp_path,
        "bouw",
        "--alleen",
        "Gent",
        "--data",
        str(path),
        "--uitvoer",
        str(tmp_path / "uit"),
        "--stil",
    )
    assert (code, err) == (1, "")
    assert out == (
        f"{path}, blad 'Gegevens', rij 1: kolom 'noemer' ontbreekt, maar 'wzw_in_opleiding' is "
        "een percentage (teller / noemer) en heeft een noemer nodig (1 rij, eerste: rij 2); "
        "voeg de kolom 'noemer' toe\n" + summary(1, 0, 1) + INVALID
    )
    assert not (tmp_path / "uit").exists()


# ------------------------------------------------------------------------------------------
# 12. the CSV field-size error in Dutch


def test_a_field_beyond_the_csv_limit_is_a_dutch_message(tmp_path: Path, capsys) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(
        f'{CSV_HEADER}\nwzw;44021;2022Q4;5;\nwzw;44021;2022Q3;"5;\n' + "x" * 200_000 + "\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(capsys, tmp_path, "valideer", str(path))
    assert (code, err) == (1, "")
    assert out == (
        f"{path}, rij 3: bestand kan niet gelezen worden als CSV: een veld is langer dan "
        '131.072 tekens; meestal ontbreekt een afsluitend aanhalingsteken ("), waardoor de '
        "rest van het bestand als één veld gelezen wordt\n" + summary(0, 0, 1) + INVALID
    )
