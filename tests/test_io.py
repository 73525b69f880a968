"""Tests for analysis.io: reading Dutch-flavoured observation exports."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis.io import (
    CANONICAL_COLUMNS,
    OBSERVATION_SCHEMA,
    OUTPUT_COLUMNS,
    Problem,
    ReadResult,
    normalise_periode,
    parse_number,
    read_observations,
)

HEADER = "indicator;geo;periode;teller;noemer"


# ------------------------------------------------------------------------------------------
# helpers


def write_bytes(directory: Path, content: bytes, name: str = "obs.csv") -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def write_csv(directory: Path, *lines: str, name: str = "obs.csv", newline: str = "\n") -> Path:
    text = "".join(line + newline for line in lines)
    return write_bytes(directory, text.encode("utf-8"), name)


def write_xlsx(
    path: Path,
    rows: list[list[object]],
    *,
    titles: tuple[list[object], ...] = (),
    merges: tuple[str, ...] = (),
    sheet_before: list[list[object]] | None = None,
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if sheet_before is not None:
        sheet.title = "Toelichting"
        for row in sheet_before:
            sheet.append(row)
        sheet = workbook.create_sheet("Gegevens")
    for row in (*titles, *rows):
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def rows_of(result: ReadResult) -> list[tuple[object, ...]]:
    """Data rows as tuples, NaN shown as None, without bron_bestand."""
    out = []
    for record in result.data.to_dict("records"):
        values = []
        for column in (*CANONICAL_COLUMNS, "opmerking", "bron_rij"):
            value = record[column]
            values.append(None if isinstance(value, float) and math.isnan(value) else value)
        out.append(tuple(values))
    return out


def messages(result: ReadResult) -> list[str]:
    return [str(problem) for problem in result.problems]


def known_geo(geo: str, periode: str) -> str | None:
    """Fake geography checker: 44049 only exists before 2025."""
    if geo in {"11002", "44021", "02000", "RG05"}:
        return None
    return f"gemeente {geo} bestaat niet in grensversie 2024 (geldig voor periode {periode})"


# ------------------------------------------------------------------------------------------
# Problem and ReadResult


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        (Problem("data/x.csv", 5, "teller", "'abc' is geen getal"),
         "data/x.csv, rij 5, kolom 'teller': 'abc' is geen getal"),
        (Problem("data/x.csv", 5, None, "dubbele sleutel"), "data/x.csv, rij 5: dubbele sleutel"),
        (Problem("data/x.csv", None, None, "bestand is leeg"), "data/x.csv: bestand is leeg"),
        (Problem("data/x.csv", None, "geo", "m"), "data/x.csv, kolom 'geo': m"),
    ],
)  # fmt: skip
def test_problem_str(problem: Problem, expected: str) -> None:
    assert str(problem) == expected


def test_valid_result_has_canonical_columns_and_dtypes(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, "wzw;11002;2022Q4;120;1000")
    result = read_observations([path])
    assert result.valid
    assert result.problems == []
    assert result.files == [str(path)]
    assert result.rows_read == 1
    assert list(result.data.columns) == list(OUTPUT_COLUMNS)
    assert result.data["teller"].dtype == "float64"
    assert result.data["noemer"].dtype == "float64"
    assert result.data["bron_rij"].dtype == "int64"
    assert result.data["bron_bestand"].tolist() == [str(path)]
    assert rows_of(result) == [("wzw", "11002", "2022Q4", 120.0, 1000.0, "", 2)]


def test_single_string_path_is_not_iterated_per_character(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, "wzw;11002;2019;1;2")
    result = read_observations(str(path))
    assert result.files == [str(path)]
    assert result.valid


# ------------------------------------------------------------------------------------------
# CSV quirks that are accepted


@pytest.mark.parametrize("separator", [",", ";", "|", "\t"])
def test_separator_is_detected(tmp_path: Path, separator: str) -> None:
    header = separator.join(["indicator", "geo", "periode", "teller", "noemer"])
    row = separator.join(["wzw", "11002", "2019", "5", "10"])
    result = read_observations([write_csv(tmp_path, header, row)])
    assert messages(result) == []
    assert rows_of(result) == [("wzw", "11002", "2019", 5.0, 10.0, "", 2)]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    content = ("\ufeff" + HEADER + "\nwzw;11002;2019;5;10\n").encode("utf-8")
    result = read_observations([write_bytes(tmp_path, content)])
    assert messages(result) == []
    assert rows_of(result) == [("wzw", "11002", "2019", 5.0, 10.0, "", 2)]


def test_crlf_line_ends_are_accepted(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, "wzw;11002;2019;5;10", "rmi;44021;2019;3;9", newline="\r\n")
    result = read_observations([path])
    assert messages(result) == []
    assert rows_of(result) == [
        ("wzw", "11002", "2019", 5.0, 10.0, "", 2),
        ("rmi", "44021", "2019", 3.0, 9.0, "", 3),
    ]


def test_column_names_are_case_insensitive_and_trimmed_extra_columns_ignored(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path,
        " Indicator ;GEO;Periode ;naam;TELLER; Noemer;bron",
        "wzw;11002;2019;Aalst;5;10;VDAB",
    )
    result = read_observations([path])
    assert messages(result) == []
    assert rows_of(result) == [("wzw", "11002", "2019", 5.0, 10.0, "", 2)]


def test_noemer_column_may_be_absent(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "indicator;geo;periode;teller", "wzw;11002;2019;5")
    result = read_observations([path])
    assert messages(result) == []
    assert rows_of(result) == [("wzw", "11002", "2019", 5.0, None, "", 2)]


def test_empty_noemer_cell_is_a_count_without_note(tmp_path: Path) -> None:
    result = read_observations([write_csv(tmp_path, HEADER, "wzw;11002;2019;5;")])
    assert rows_of(result) == [("wzw", "11002", "2019", 5.0, None, "", 2)]


def test_opmerking_column_is_kept_and_combined_with_notes(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        HEADER + ";Opmerking",
        "wzw;11002;2019;5;10;voorlopig cijfer",
        "wzw;44021;2019;<5;10;voorlopig cijfer",
        "wzw;02000;2019;5;10;",
    )
    result = read_observations([path])
    assert messages(result) == []
    assert [row[5] for row in rows_of(result)] == [
        "voorlopig cijfer",
        "voorlopig cijfer; teller onderdrukt ('<5')",
        "",
    ]


def test_indicator_matches_case_insensitively(tmp_path: Path) -> None:
    result = read_observations([write_csv(tmp_path, HEADER, " WZW ;11002;2019;5;10")])
    assert messages(result) == []
    assert rows_of(result)[0][0] == "wzw"


def test_blank_lines_are_skipped_but_row_numbers_stay_as_in_the_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, "wzw;11002;2019;5;10", "", ";;;;", "rmi;11002;2019;1;2")
    result = read_observations([path])
    assert result.rows_read == 2
    assert [row[6] for row in rows_of(result)] == [2, 5]


def test_quoted_fields_with_separator_inside(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "indicator,geo,periode,teller,noemer,opmerking",
        'wzw,11002,2019,"1.234,0","2.000","a, b"',
    )
    result = read_observations([path])
    assert rows_of(result) == [("wzw", "11002", "2019", 1234.0, 2000.0, "a, b", 2)]


@pytest.mark.parametrize(
    ("teller", "expected"),
    [
        ("75,16", 75.16),
        ("780.974", 780974.0),
        ("780 974", 780974.0),
        ("780\u00a0974", 780974.0),
        ("780\u202f974", 780974.0),
        ("1.234,5", 1234.5),
        ("1234.5", 1234.5),
        ("0", 0.0),
    ],
)
def test_numbers_in_files(tmp_path: Path, teller: str, expected: float) -> None:
    # cm_contingent counts full-time equivalents: its teller may hold a fraction.
    path = write_csv(
        tmp_path, "indicator;geo;periode;teller", f"cm_contingent;02000;2019;{teller}"
    )
    result = read_observations([path])
    assert messages(result) == []
    assert result.data["teller"].tolist() == [expected]


# ------------------------------------------------------------------------------------------
# parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("75,16", 75.16),
        ("1,5", 1.5),
        ("85,715", 85.715),
        ("1.234", 1234.0),
        ("780.974", 780974.0),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("1.234.567,89", 1234567.89),
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("1234.5", 1234.5),
        ("1234.567", 1234.567),
        ("12.25", 12.25),
        ("0.123", 0.123),
        ("1.2345", 1.2345),
        ("780 974", 780974.0),
        ("780\u00a0974", 780974.0),
        ("780\u202f974", 780974.0),
        ("1 234 567,5", 1234567.5),
        ("1 234.5", 1234.5),
        ("  42  ", 42.0),
        ("0", 0.0),
        ("-0", 0.0),
        ("-3", -3.0),
        ("+7", 7.0),
        (",5", 0.5),
    ],
)
def test_parse_number_accepts(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "  ", "-", "\u2013", "x", "X", "?", "<5", "< 5", "<10", "-99999", "-99998", "-99997",
     "-99996", "-99.999"],
)  # fmt: skip
def test_parse_number_returns_none_for_suppressed(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text",
    ["abc", "12a", "1.23.4", "1,2,3", "12 34", "1.234,5.6", "5.", "--1", "1e5", "nan", "inf",
     "75%", "1,234,56", "- 5", "٣"],
)  # fmt: skip
def test_parse_number_rejects_with_dutch_message(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_number(text)
    assert str(info.value) == f"'{text.strip()}' is geen getal"


def format_nl_be(value: Decimal, thousands: str) -> str:
    """Format like a Belgian-Dutch spreadsheet: thousands separator, decimal comma."""
    text = f"{value:,f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", thousands)


@given(
    value=st.one_of(
        st.decimals(min_value=-(10**12), max_value=10**12, places=0),
        st.decimals(min_value=-(10**12), max_value=10**12, places=1),
        st.decimals(min_value=-(10**12), max_value=10**12, places=2),
        st.decimals(min_value=-(10**12), max_value=10**12, places=3),
    ),
    thousands=st.sampled_from([".", " ", "\u00a0", "\u202f"]),
)
def test_parse_number_round_trips_nl_be_format(value: Decimal, thousands: str) -> None:
    assume(value not in {Decimal(-99999), Decimal(-99998), Decimal(-99997), Decimal(-99996)})
    assert parse_number(format_nl_be(value, thousands)) == float(value)


@given(st.text(max_size=20))
def test_parse_number_only_raises_value_error(text: str) -> None:
    try:
        result = parse_number(text)
    except ValueError as exc:
        assert str(exc).endswith("is geen getal")
    else:
        assert result is None or math.isfinite(result)


# ------------------------------------------------------------------------------------------
# suppressed values


@pytest.mark.parametrize(
    ("cell", "note"),
    [
        ("-", "teller onderdrukt ('-')"),
        ("<5", "teller onderdrukt ('<5')"),
        ("<3", "teller onderdrukt ('<3')"),
        ("x", "teller onderdrukt ('x')"),
        ("X", "teller onderdrukt ('X')"),
        ("?", "teller ontbreekt ('?')"),
        ("", "teller ontbreekt (lege cel)"),
        ("-99999", "teller onderdrukt ('-99999': te onbetrouwbaar of geheim)"),
        ("-99998", "teller ontbreekt ('-99998': niet van toepassing)"),
        ("-99997", "teller onderdrukt ('-99997': gecensureerd)"),
        ("-99996", "teller ontbreekt ('-99996': leeg)"),
    ],
)
def test_suppressed_teller_becomes_nan_with_note(tmp_path: Path, cell: str, note: str) -> None:
    result = read_observations([write_csv(tmp_path, HEADER, f"wzw;11002;2019;{cell};100")])
    assert messages(result) == []
    assert rows_of(result) == [("wzw", "11002", "2019", None, 100.0, note, 2)]
    assert (result.data["teller"] == 0).sum() == 0


def test_suppressed_noemer_gets_a_note(tmp_path: Path) -> None:
    result = read_observations([write_csv(tmp_path, HEADER, "wzw;11002;2019;-;<5")])
    assert rows_of(result) == [
        ("wzw", "11002", "2019", None, None, "teller onderdrukt ('-'); noemer onderdrukt ('<5')", 2)
    ]


def test_zero_stays_zero(tmp_path: Path) -> None:
    result = read_observations([write_csv(tmp_path, HEADER, "wzw;11002;2019;0;10")])
    assert rows_of(result) == [("wzw", "11002", "2019", 0.0, 10.0, "", 2)]


# ------------------------------------------------------------------------------------------
# geo and periode


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("11002", "11002"),
        ("11002.0", "11002"),
        ("2000", "02000"),
        (" 44021 ", "44021"),
        ("RG05", "RG05"),
        (" REFREG07 ", "REFREG07"),
    ],
)
def test_geo_is_normalised(tmp_path: Path, cell: str, expected: str) -> None:
    result = read_observations([write_csv(tmp_path, HEADER, f"wzw;{cell};2019;1;2")])
    assert messages(result) == []
    assert result.data["geo"].tolist() == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", "2019"),
        ("2022Q4", "2022Q4"),
        ("2022-Q4", "2022Q4"),
        ("2022 q4", "2022Q4"),
        ("2022q1", "2022Q1"),
        ("2022-09", "2022-09"),
        ("2022-9", "2022-09"),
        ("2022/09", "2022-09"),
        ("09-2022", "2022-09"),
        ("09/2022", "2022-09"),
        ("9/2022", "2022-09"),
        (" 1990 ", "1990"),
        ("2100", "2100"),
    ],
)
def test_normalise_periode_accepts(text: str, expected: str) -> None:
    assert normalise_periode(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022Q5", "'2022Q5' is geen geldige periode: kwartaal moet 1 tot en met 4 zijn"),
        ("2022Q0", "'2022Q0' is geen geldige periode: kwartaal moet 1 tot en met 4 zijn"),
        ("13-2022", "'13-2022' is geen geldige periode: maand moet 01 tot en met 12 zijn"),
        ("2022-13", "'2022-13' is geen geldige periode: maand moet 01 tot en met 12 zijn"),
        ("2022-00", "'2022-00' is geen geldige periode: maand moet 01 tot en met 12 zijn"),
        ("1989", "'1989' is geen geldige periode: jaar moet tussen 1990 en 2100 liggen"),
        ("2101Q1", "'2101Q1' is geen geldige periode: jaar moet tussen 1990 en 2100 liggen"),
        (
            "abc",
            "'abc' is geen geldige periode (verwacht een jaar zoals 2019, een kwartaal zoals "
            "2022Q4 of een maand zoals 2022-09)",
        ),
        (
            "2022-09-01",
            "'2022-09-01' is geen geldige periode (verwacht een jaar zoals 2019, een kwartaal "
            "zoals 2022Q4 of een maand zoals 2022-09)",
        ),
        ("", "periode is leeg"),
    ],
)
def test_normalise_periode_rejects_with_dutch_message(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        normalise_periode(text)
    assert str(info.value) == message


def test_periode_forms_are_normalised_in_files(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, HEADER, "wzw;11002;2022-q4;1;2", "wzw;11002;09/2022;1;2", "wzw;11002;2019;1;2"
    )
    result = read_observations([path])
    assert result.data["periode"].tolist() == ["2022Q4", "2022-09", "2019"]


# ------------------------------------------------------------------------------------------
# XLSX


def test_xlsx_with_title_rows_and_merged_cells(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "arvastat.xlsx",
        [
            ["Indicator", "Geo", "Periode", "Teller", "Noemer"],
            ["wzw", 11002, "2022Q4", 1234, 10000],
            ["wzw", "44021", "2022Q4", "-", 5000.0],
        ],
        titles=(["Werkzoekenden zonder werk per gemeente"], ["Bron: VDAB Arvastat"], []),
        merges=("A1:E1", "A2:E2"),
    )
    result = read_observations([path])
    assert messages(result) == []
    assert rows_of(result) == [
        ("wzw", "11002", "2022Q4", 1234.0, 10000.0, "", 5),
        ("wzw", "44021", "2022Q4", None, 5000.0, "teller onderdrukt ('-')", 6),
    ]


def test_xlsx_with_two_title_rows_reports_real_sheet_rows(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "obs.xlsx",
        [["indicator", "geo", "periode", "teller"], ["wzw", 11002, 2019, "abc"]],
        titles=(["Titel"], ["Ondertitel"]),
        merges=("A1:D1",),
    )
    result = read_observations([path])
    assert messages(result) == [f"{path}, blad 'Sheet', rij 4, kolom 'teller': 'abc' is geen getal"]


def test_xlsx_cell_types_are_normalised(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "obs.xlsx",
        [
            ["indicator", "geo", "periode", "teller", "noemer"],
            ["wzw", 2000, 2019, 12, 100],
            ["wzw", 11002.0, 2019.0, 75.0, 100.0],
            ["wzw", 44021, datetime(2022, 9, 1), -99999, 7],
        ],
    )
    result = read_observations([path])
    assert messages(result) == []
    assert rows_of(result) == [
        ("wzw", "02000", "2019", 12.0, 100.0, "", 2),
        ("wzw", "11002", "2019", 75.0, 100.0, "", 3),
        ("wzw", "44021", "2022-09", None, 7.0,
         "teller onderdrukt ('-99999': te onbetrouwbaar of geheim)", 4),
    ]  # fmt: skip


def test_xlsx_uses_first_sheet_with_a_header(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "obs.xlsx",
        [["indicator", "geo", "periode", "teller"], ["rmi", "44021", "2022-09", "1.234"]],
        sheet_before=[["Toelichting bij de cijfers"], ["Zie blad Gegevens"]],
    )
    result = read_observations([path])
    assert messages(result) == []
    assert rows_of(result) == [("rmi", "44021", "2022-09", 1234.0, None, "", 2)]


# ------------------------------------------------------------------------------------------
# directories


def test_directory_is_read_recursively_sorted_skipping_hidden_and_reference(
    tmp_path: Path,
) -> None:
    root = tmp_path / "data"
    write_csv(root, HEADER, "wzw;11002;2019;1;2", name="b.csv")
    write_xlsx(
        root / "A.xlsx", [["indicator", "geo", "periode", "teller"], ["rmi", 11002, 2019, 3]]
    )
    write_csv(root, HEADER, "wzw;44021;2019;1;2", name="sub/c.csv")
    write_csv(root, "rommel", name=".verborgen/d.csv")
    write_csv(root, "rommel", name=".e.csv")
    write_csv(root, "rommel", name="reference/gemeenten.csv")
    write_bytes(root, b"rommel", name="~$A.xlsx")
    write_bytes(root, b"# uitleg", name="README.md")
    result = read_observations([root])
    assert messages(result) == []
    assert result.files == [str(root / "A.xlsx"), str(root / "b.csv"), str(root / "sub" / "c.csv")]
    assert result.data["bron_bestand"].tolist() == result.files
    assert result.rows_read == 3


def test_same_file_given_twice_is_read_once(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, "wzw;11002;2019;1;2")
    result = read_observations([path, tmp_path])
    assert result.files == [str(path)]
    assert messages(result) == []


def test_valid_rows_of_good_files_are_kept_next_to_problems(tmp_path: Path) -> None:
    good = write_csv(tmp_path, HEADER, "wzw;11002;2019;1;2", name="goed.csv")
    bad = write_csv(tmp_path, HEADER, "wzw;11002;2020;abc;2", name="fout.csv")
    result = read_observations([good, bad])
    assert not result.valid
    assert rows_of(result) == [("wzw", "11002", "2019", 1.0, 2.0, "", 2)]
    assert messages(result) == [f"{bad}, rij 2, kolom 'teller': 'abc' is geen getal"]


# ------------------------------------------------------------------------------------------
# options


def test_geo_check_receives_normalised_values(tmp_path: Path) -> None:
    calls: list[tuple[str, str]] = []

    def check(geo: str, periode: str) -> str | None:
        calls.append((geo, periode))
        return None

    path = write_csv(tmp_path, HEADER, "wzw;2000;2022-q4;1;2", "rmi;2000;2022-q4;1;2")
    result = read_observations([path], geo_check=check)
    assert result.valid
    assert calls == [("02000", "2022Q4")]  # cached per (geo, periode)


def test_geo_check_is_skipped_when_periode_is_bad(tmp_path: Path) -> None:
    calls: list[tuple[str, str]] = []

    def check(geo: str, periode: str) -> str | None:
        calls.append((geo, periode))
        return None

    read_observations([write_csv(tmp_path, HEADER, "wzw;11002;abc;1;2")], geo_check=check)
    assert calls == []


def test_non_proportions_may_exceed_noemer(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, "vervullingsgraad_nec;11002;2019;150;100")
    result = read_observations([path], non_proportions={"vervullingsgraad_nec"})
    assert messages(result) == []
    assert result.data["teller"].tolist() == [150.0]


def test_custom_indicator_set(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, "nieuw;11002;2019;1;2", "wzw;11002;2019;1;2")
    result = read_observations([path], indicators=("nieuw",))
    assert messages(result) == [f"{path}, rij 3, kolom 'indicator': onbekende indicator 'wzw'"]


# ------------------------------------------------------------------------------------------
# bad input: every message asserted in full


def test_empty_file(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, b"")
    result = read_observations([path])
    assert messages(result) == [f"{path}: bestand is leeg"]
    assert result.files == [str(path)]
    assert result.data.empty
    assert list(result.data.columns) == list(OUTPUT_COLUMNS)


def test_file_with_only_blank_lines_is_empty(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, b"\r\n  \r\n;;;\r\n")
    assert messages(read_observations([path])) == [f"{path}: bestand is leeg"]


def test_header_only_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER)
    assert messages(read_observations([path])) == [
        f"{path}: bestand is leeg: er staan geen gegevens onder de kopregel (rij 1)"
    ]


def test_empty_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "leeg.xlsx", [])
    assert messages(read_observations([path])) == [f"{path}: bestand is leeg"]


def test_missing_one_required_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "indicator;geo;periode;waarde", "wzw;11002;2019;5")
    assert messages(read_observations([path])) == [
        f"{path}, rij 1: verplichte kolom 'teller' ontbreekt "
        "(gevonden kolommen: 'indicator', 'geo', 'periode', 'waarde')"
    ]


def test_missing_several_required_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "code;jaar;aantal", "11002;2019;5")
    assert messages(read_observations([path])) == [
        f"{path}, rij 1: verplichte kolommen 'indicator', 'geo', 'periode', 'teller' ontbreken "
        "(gevonden kolommen: 'code', 'jaar', 'aantal')"
    ]


def test_xlsx_with_partial_header_reports_missing_column(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "obs.xlsx",
        [["indicator", "geo", "jaar", "teller"], ["wzw", 11002, 2019, 5]],
        titles=(["Titel"],),
    )
    assert messages(read_observations([path])) == [
        f"{path}, blad 'Sheet', rij 2: verplichte kolom 'periode' ontbreekt "
        "(gevonden kolommen: 'indicator', 'geo', 'jaar', 'teller')"
    ]


def test_xlsx_without_header_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "obs.xlsx", [["Gemeente", "Aantal"], ["Aalst", 5]])
    assert messages(read_observations([path])) == [
        f"{path}: geen kopregel gevonden: geen zichtbaar blad heeft een rij met de kolommen "
        "'indicator', 'geo', 'periode', 'teller' (noemer en opmerking mogen ontbreken)"
    ]


def test_duplicate_header_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER + ";Teller", "wzw;11002;2019;1;2;3")
    assert messages(read_observations([path])) == [
        f"{path}, rij 1: kolom 'teller' komt meer dan eens voor in de kopregel"
    ]


@pytest.mark.parametrize(
    ("indicator", "message"),
    [
        ("wzv", "onbekende indicator 'wzv'; bedoelt u 'wzw'?"),
        ("werkzaamheidgraad", "onbekende indicator 'werkzaamheidgraad'; "
                              "bedoelt u 'werkzaamheidsgraad'?"),
        ("bevolking", "onbekende indicator 'bevolking'"),
        ("so_status", "'so_status' is een referentietabel en geen observatie-indicator; "
                      "lever die apart aan, niet als observaties"),
        ("digibanken", "'digibanken' is een referentietabel en geen observatie-indicator; "
                       "lever die apart aan, niet als observaties"),
        ("", "indicator is leeg"),
    ],
)  # fmt: skip
def test_bad_indicator(tmp_path: Path, indicator: str, message: str) -> None:
    path = write_csv(tmp_path, HEADER, f"{indicator};11002;2019;1;2")
    result = read_observations([path])
    assert messages(result) == [f"{path}, rij 2, kolom 'indicator': {message}"]
    assert result.data.empty


def test_geo_unknown_for_periode_uses_checker_reason(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, "wzw;44021;2022Q4;1;2", "wzw;44049;2022Q4;1;2")
    result = read_observations([path], geo_check=known_geo)
    assert messages(result) == [
        f"{path}, rij 3, kolom 'geo': gemeente 44049 bestaat niet in grensversie 2024 "
        "(geldig voor periode 2022Q4)"
    ]
    assert result.data["geo"].tolist() == ["44021"]


def test_geo_checker_that_raises_becomes_a_problem(tmp_path: Path) -> None:
    def broken(geo: str, periode: str) -> str | None:
        raise KeyError(geo)

    path = write_csv(tmp_path, HEADER, "wzw;11002;2019;1;2")
    assert messages(read_observations([path], geo_check=broken)) == [
        f"{path}, rij 2, kolom 'geo': controle van geo '11002' mislukt (KeyError: '11002')"
    ]


@pytest.mark.parametrize(
    ("geo", "message"),
    [
        ("123456", "'123456' is geen geldige geo-code (verwacht een NIS-code van 5 cijfers of "
                   "een gebiedscode zoals RG05)"),
        ("Gent centrum", "'Gent centrum' is geen geldige geo-code (verwacht een NIS-code van 5 "
                         "cijfers of een gebiedscode zoals RG05)"),
        ("11002,5", "'11002,5' is geen geldige geo-code (verwacht een NIS-code van 5 cijfers of "
                    "een gebiedscode zoals RG05)"),
        ("", "geo is leeg"),
    ],
)  # fmt: skip
def test_bad_geo_shape_without_checker(tmp_path: Path, geo: str, message: str) -> None:
    path = write_csv(tmp_path, "indicator|geo|periode|teller", f"wzw|{geo}|2019|1")
    assert messages(read_observations([path])) == [f"{path}, rij 2, kolom 'geo': {message}"]


@pytest.mark.parametrize(
    ("periode", "message"),
    [
        ("2022Q5", "'2022Q5' is geen geldige periode: kwartaal moet 1 tot en met 4 zijn"),
        ("13-2022", "'13-2022' is geen geldige periode: maand moet 01 tot en met 12 zijn"),
        ("2022-13", "'2022-13' is geen geldige periode: maand moet 01 tot en met 12 zijn"),
        ("1850", "'1850' is geen geldige periode: jaar moet tussen 1990 en 2100 liggen"),
        ("abc", "'abc' is geen geldige periode (verwacht een jaar zoals 2019, een kwartaal "
                "zoals 2022Q4 of een maand zoals 2022-09)"),
        ("", "periode is leeg"),
    ],
)  # fmt: skip
def test_bad_periode_in_file(tmp_path: Path, periode: str, message: str) -> None:
    path = write_csv(tmp_path, HEADER, f"wzw;11002;{periode};1;2")
    assert messages(read_observations([path])) == [f"{path}, rij 2, kolom 'periode': {message}"]


@pytest.mark.parametrize(
    ("teller", "noemer", "column", "message"),
    [
        ("abc", "10", "teller", "'abc' is geen getal"),
        ("12a", "10", "teller", "'12a' is geen getal"),
        ("5", "1.23.4", "noemer", "'1.23.4' is geen getal"),
    ],
)
def test_non_numeric_counts(
    tmp_path: Path, teller: str, noemer: str, column: str, message: str
) -> None:
    path = write_csv(tmp_path, HEADER, f"wzw;11002;2019;{teller};{noemer}")
    assert messages(read_observations([path])) == [f"{path}, rij 2, kolom '{column}': {message}"]


@pytest.mark.parametrize(
    ("teller", "noemer", "column", "shown"),
    [("-3", "10", "teller", "-3"), ("3", "-1.000", "noemer", "-1.000")],
)
def test_negative_counts(tmp_path: Path, teller: str, noemer: str, column: str, shown: str) -> None:
    path = write_csv(tmp_path, HEADER, f"wzw;11002;2019;{teller};{noemer}")
    assert messages(read_observations([path])) == [
        f"{path}, rij 2, kolom '{column}': '{shown}' is negatief; een aantal kan niet negatief zijn"
    ]


def test_teller_greater_than_noemer(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, "wzw;11002;2019;1.200;1.000", "wzw;44021;2019;5;5")
    result = read_observations([path])
    assert messages(result) == [
        f"{path}, rij 2, kolom 'teller': teller '1.200' is groter dan noemer '1.000'; "
        "bij een aandeel kan dat niet"
    ]
    assert result.data["geo"].tolist() == ["44021"]


def test_teller_greater_than_noemer_in_xlsx_shows_dutch_decimals(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "obs.xlsx",
        [["indicator", "geo", "periode", "teller", "noemer"],
         ["cm_contingent", "02000", 2019, 10.5, 10]],
    )  # fmt: skip
    assert messages(read_observations([path])) == [
        f"{path}, blad 'Sheet', rij 2, kolom 'teller': teller '10,5' is groter dan noemer '10'; "
        "bij een aandeel kan dat niet"
    ]


def test_noemer_zero(tmp_path: Path) -> None:
    path = write_csv(tmp_path, HEADER, "wzw;11002;2019;0;0")
    assert messages(read_observations([path])) == [
        f"{path}, rij 2, kolom 'noemer': noemer is 0; een aandeel met noemer 0 is niet gedefinieerd"
    ]


def test_duplicate_key_names_both_rows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        HEADER,
        "wzw;11002;2022Q4;1;2",
        "wzw;44021;2022Q4;1;2",
        "wzw;11002;2022-q4;3;4",
    )
    result = read_observations([path])
    assert messages(result) == [
        f"{path}, rij 4: dubbele sleutel (wzw, 11002, 2022Q4) in rij 2 en rij 4"
    ]
    assert result.data["geo"].tolist() == ["44021"]


def test_duplicate_key_across_files(tmp_path: Path) -> None:
    first = write_csv(tmp_path, HEADER, "wzw;11002;2019;1;2", name="a.csv")
    second = write_csv(tmp_path, HEADER, "rmi;11002;2019;1;2", "wzw;11002;2019;1;2", name="b.csv")
    result = read_observations([tmp_path])
    assert messages(result) == [
        f"{second}, rij 3: dubbele sleutel (wzw, 11002, 2019) in rij 3 en in {first}, rij 2"
    ]
    assert result.data["indicator"].tolist() == ["rmi"]


@pytest.mark.parametrize(
    ("encoding", "text", "byte", "position"),
    [
        ("latin-1", "geschat door Liège", 0xE8, 72),
        ("cp1252", "kost € 5", 0x80, 62),
    ],
)
def test_file_not_in_utf8(
    tmp_path: Path, encoding: str, text: str, byte: int, position: int
) -> None:
    content = f"indicator;geo;periode;teller;opmerking\r\nwzw;11002;2019;5;{text}\r\n"
    raw = content.encode(encoding)
    assert raw.index(bytes([byte])) == position
    path = write_bytes(tmp_path, raw)
    result = read_observations([path])
    assert messages(result) == [
        f"{path}, rij 2: bestand is niet in UTF-8 gecodeerd (byte 0x{byte:02x} op positie "
        f"{position}); sla het op als UTF-8"
    ]
    assert result.data.empty


def test_utf16_file_is_not_utf8(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, (HEADER + "\n").encode("utf-16"))
    assert messages(read_observations([path])) == [
        f"{path}, rij 1: bestand is niet in UTF-8 gecodeerd (byte 0xff op positie 0); "
        "sla het op als UTF-8"
    ]


@pytest.mark.parametrize(
    ("name", "shown"), [("obs.xls", ".xls"), ("obs.txt", ".txt"), ("obs.json", ".json"),
                        ("obs", "(geen extensie)")]
)  # fmt: skip
def test_unsupported_file_type(tmp_path: Path, name: str, shown: str) -> None:
    path = write_bytes(tmp_path, b"indicator;geo;periode;teller\n", name=name)
    result = read_observations([path])
    assert messages(result) == [
        f"{path}: bestandstype '{shown}' wordt niet ondersteund; sla het op als .csv (UTF-8) "
        "of .xlsx"
    ]
    assert result.files == []


def test_unsupported_data_file_in_directory_is_reported_others_ignored(tmp_path: Path) -> None:
    good = write_csv(tmp_path, HEADER, "wzw;11002;2019;1;2", name="goed.csv")
    old = write_bytes(tmp_path, b"\xd0\xcf\x11\xe0", name="oud.XLS")
    write_bytes(tmp_path, b"notities", name="notities.md")
    result = read_observations([tmp_path])
    assert result.files == [str(good)]
    assert messages(result) == [
        f"{old}: bestandstype '.xls' wordt niet ondersteund; sla het op als .csv (UTF-8) of .xlsx"
    ]


def test_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = write_bytes(tmp_path, b"indicator;geo\n", name="nep.xlsx")
    assert messages(read_observations([path])) == [
        f"{path}: bestand is geen geldige Excel-werkmap (.xlsx) en kan niet gelezen worden"
    ]


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "bestaat-niet.csv"
    result = read_observations([path])
    assert messages(result) == [f"{path}: bestand of map bestaat niet"]
    assert result.files == []


def test_directory_without_data_files(tmp_path: Path) -> None:
    write_bytes(tmp_path, b"# uitleg", name="README.md")
    assert messages(read_observations([tmp_path])) == [
        f"{tmp_path}: map bevat geen databestanden (.csv of .xlsx)"
    ]


def test_directory_with_only_reference_tables_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "reference").mkdir()
    write_bytes(tmp_path / "reference", b"code,naam,bron\n", name="provincies.csv")
    result = read_observations([tmp_path])
    assert (result.problems, result.files, len(result.data)) == ([], [], 0)


def test_all_problems_of_a_file_are_reported_in_row_order(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        HEADER,
        "wzw;11002;2019;1;2",
        "onbekend;11002;2019;1;2",
        "wzw;11002;2019Q9;x1;0",
        "wzw;11002;2019;1;2",
        "rmi;44021;2019;7;5",
    )
    result = read_observations([path])
    assert messages(result) == [
        f"{path}, rij 3, kolom 'indicator': onbekende indicator 'onbekend'",
        f"{path}, rij 4, kolom 'periode': '2019Q9' is geen geldige periode: "
        "kwartaal moet 1 tot en met 4 zijn",
        f"{path}, rij 4, kolom 'teller': 'x1' is geen getal",
        f"{path}, rij 4, kolom 'noemer': noemer is 0; "
        "een aandeel met noemer 0 is niet gedefinieerd",
        f"{path}, rij 5: dubbele sleutel (wzw, 11002, 2019) in rij 2 en rij 5",
        f"{path}, rij 6, kolom 'teller': teller '7' is groter dan noemer '5'; "
        "bij een aandeel kan dat niet",
    ]
    assert result.rows_read == 5
    assert result.data.empty


@pytest.mark.parametrize(
    ("bad_rows", "closing"), [(4, "... en 2 andere problemen"), (3, "... en 1 ander probleem")]
)
def test_problems_are_capped_per_file(tmp_path: Path, bad_rows: int, closing: str) -> None:
    path = write_csv(tmp_path, HEADER, *[f"wzw;11002;{2000 + i};abc;2" for i in range(bad_rows)])
    other = write_csv(tmp_path, HEADER, "wzw;11002;2019;abc;2", name="ander.csv")
    result = read_observations([path, other], max_problems_per_file=2)
    assert messages(result) == [
        f"{path}, rij 2, kolom 'teller': 'abc' is geen getal",
        f"{path}, rij 3, kolom 'teller': 'abc' is geen getal",
        f"{path}: {closing}",
        f"{other}, rij 2, kolom 'teller': 'abc' is geen getal",
    ]


# ------------------------------------------------------------------------------------------
# schema


def test_schema_accepts_a_plain_canonical_frame() -> None:
    frame = pd.DataFrame(
        {
            "indicator": ["wzw", "wzw"],
            "geo": ["11002", "RG05"],
            "periode": ["2022Q4", "2022-09"],
            "teller": [1.0, float("nan")],
            "noemer": [float("nan"), 3.0],
        }
    )
    OBSERVATION_SCHEMA.validate(frame)


@pytest.mark.parametrize(
    ("column", "value"),
    [("periode", "2022Q5"), ("geo", "1100"), ("teller", -1.0), ("noemer", -2.0)],
)
def test_schema_rejects_bad_values(column: str, value: object) -> None:
    frame = pd.DataFrame(
        {"indicator": ["wzw"], "geo": ["11002"], "periode": ["2019"], "teller": [1.0],
         "noemer": [2.0]}
    )  # fmt: skip
    frame[column] = [value]
    with pytest.raises(pa.errors.SchemaError):
        OBSERVATION_SCHEMA.validate(frame)


def test_schema_rejects_duplicate_keys() -> None:
    frame = pd.DataFrame(
        {"indicator": ["wzw"] * 2, "geo": ["11002"] * 2, "periode": ["2019"] * 2,
         "teller": [1.0, 2.0], "noemer": [2.0, 3.0]}
    )  # fmt: skip
    with pytest.raises(pa.errors.SchemaError):
        OBSERVATION_SCHEMA.validate(frame)


# ------------------------------------------------------------------------------------------
# robustness


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_never_raise(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = write_bytes(tmp_path, content, name=f"random{suffix}")
    result = read_observations([path])
    assert isinstance(result, ReadResult)
    assert all(isinstance(problem, Problem) for problem in result.problems)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(
        st.lists(
            st.text(alphabet="0123456789.,-<xX? Qq/wzrmi", max_size=8), min_size=5, max_size=5
        ),
        max_size=6,
    )
)
def test_random_cells_under_a_header_never_raise(tmp_path: Path, cells: list[list[str]]) -> None:
    lines = [HEADER, *(";".join(row) for row in cells)]
    path = write_csv(tmp_path, *lines, name="cellen.csv")
    result = read_observations([path])
    assert isinstance(result, ReadResult)
    OBSERVATION_SCHEMA.validate(result.data)


def test_schema_is_the_final_guarantee(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stricter = OBSERVATION_SCHEMA.update_column("teller", checks=[pa.Check.le(10)])
    monkeypatch.setattr("analysis.io.OBSERVATION_SCHEMA", stricter)
    path = write_csv(tmp_path, HEADER, "wzw;11002;2019;5;100", "wzw;44021;2019;50;100")
    result = read_observations([path])
    assert messages(result) == [
        f"{path}, rij 3, kolom 'teller': voldoet niet aan het gegevenscontract "
        "(less_than_or_equal_to(10))"
    ]
    assert result.data["geo"].tolist() == ["11002"]


def test_csv_with_title_line_above_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "Werkzoekenden per gemeente;;;;", "", HEADER, "wzw;11002;2019;5;10")
    result = read_observations([path])
    assert messages(result) == []
    assert rows_of(result) == [("wzw", "11002", "2019", 5.0, 10.0, "", 4)]


def test_gzip_compressed_csv_is_read(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "obs.csv.gz"
    path.write_bytes(gzip.compress(b"indicator;geo;periode;teller\nwzw;11002;2022Q4;1.234\n"))
    result = read_observations([path])
    assert messages(result) == []
    assert result.data["teller"].tolist() == [1234.0]


def test_broken_gzip_file(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv.gz"
    path.write_bytes(b"not gzip at all")
    assert messages(read_observations([path])) == [f"{path}: bestand is geen geldig gzip-bestand"]


def test_yaml_with_an_impossible_date(tmp_path: Path) -> None:
    from analysis.io import read_yaml

    path = tmp_path / "acties.yaml"
    path.write_text("- titel: x\n  datum: 2022-02-30\n", encoding="utf-8")
    document = read_yaml(path, kind="actie", whole="de acties")
    assert document.data is None
    assert [str(p) for p in document.problems] == [
        f"{path}: ongeldige datum in de YAML (bestaat niet in de kalender; zet een datum die "
        "geen datum is tussen aanhalingstekens)"
    ]


def test_written_xlsx_keeps_numbers_text_and_gaps(tmp_path: Path) -> None:
    import numpy as np

    from analysis.io import write_xlsx

    frame = pd.DataFrame({
        "naam": ["=HYPERLINK(\"http://x\")", "Gent", None],
        "aantal": np.array([1, 2, 3], dtype="int64"),
        "waarde": [0.5, float("nan"), float("inf")],
    })
    path = write_xlsx({"profiel": frame}, tmp_path / "uit.xlsx")
    sheet = openpyxl.load_workbook(path)["profiel"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["naam", "aantal", "waarde"],
        ["'=HYPERLINK(\"http://x\")", 1, 0.5],  # neutralised as in the CSV
        ["Gent", 2, None],
        [None, 3, "inf"],
    ]
    assert sheet["A2"].data_type == "s"  # text from a data file is never a formula
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert [p.name for p in tmp_path.iterdir()] == ["uit.xlsx"]


def test_a_full_disk_gives_a_dutch_message_and_keeps_the_old_file(tmp_path: Path) -> None:
    import errno

    from analysis.io import OutputError, write_atomic, write_text

    target = write_text("oud", tmp_path / "rapport.html")

    def full(temporary: Path) -> None:
        temporary.write_text("half", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError) as caught:
        write_atomic(target, full)
    assert str(caught.value) == f"{target}: kan niet schrijven (schijf vol)"
    assert target.read_text(encoding="utf-8") == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.html"]
