"""The vectorised CSV path (analysis.snelinlezen) reads exactly as the per-row path.

Every case is read twice, once per path (``analysis.io.FAST_CSV``); frames, problems and
counts must be identical. Blocks of three rows make block boundaries fall inside the files.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest

from analysis import io as aio
from analysis import snelinlezen
from analysis.io import Problem, ReadResult, read_observations

HEADER = "indicator;geo;periode;teller;noemer"


def known_geo(geo: str, periode: str) -> str | None:
    """Fake geography checker: a few codes, 44049 only before 2025."""
    if geo in {"11002", "44021", "02000", "RG05"} or (geo == "44049" and periode < "2025"):
        return None
    return f"gemeente {geo} bestaat niet in grensversie 2024 (geldig voor periode {periode})"


def text(*lines: str, newline: str = "\n") -> bytes:
    return "".join(line + newline for line in lines).encode("utf-8")


GOOD = (
    "wzw;11002;2019;5;10",
    "wzw;44021;2019;1.234;5.000",
    "werkzaamheidsgraad;RG05;2022Q4;0;7",
    "wzw;02000;2022-09;12;12",
)

#: name → file contents (one file) or several files (name → contents).
CASES: dict[str, bytes | dict[str, bytes]] = {
    "goed": text(HEADER, *GOOD),
    "komma": text(HEADER.replace(";", ","), *(row.replace(";", ",") for row in GOOD[::2])),
    "tab": text(HEADER.replace(";", "\t"), *(row.replace(";", "\t") for row in GOOD)),
    "pipe": text(HEADER.replace(";", "|"), *(row.replace(";", "|") for row in GOOD)),
    "bom_crlf": b"\xef\xbb\xbf" + text(HEADER, *GOOD, newline="\r\n"),
    "cr": text(HEADER, *GOOD, newline="\r"),
    "zonder_slot_eol": text(HEADER, *GOOD)[:-1],
    "titels_en_lege_regels": text(
        "Werkzoekenden;;;;", "bron: VDAB", "", HEADER, "", *GOOD, "   ", ";;;;", ""
    ),
    "aanhalingstekens": text(
        '"Titel met ""aanhalingstekens""; en een\nregeleinde"',
        HEADER + ";opmerking;extra",
        '"wzw";"11002";"2019";"5";"10";"";"x;y"',
        'wzw;44021;2019;5;10;"lange\nopmerking";"a\r\nb"',
        'wzw;RG05;2019;"5";10;;"x""y"',
        'wzw;02000;2019;ab"c;10;;',
        'wzw;44049;2019;"5"x;10;;',
    ),
    "foute_rijen": text(
        HEADER,
        *GOOD,
        "onbekend;11002;2019;1;2",
        "so_status;11002;2019;1;2",
        ";11002;2019;1;2",
        "wzw;11002;2019Q5;1;2",
        "wzw;11002;2019-q4;1;2",
        "wzw;2000;2018;1;2",
        "wzw;11002.0;2017;1;2",
        "wzw;11 002;2016;1;2",
        "wzw;99999;2015;1;2",
        "wzw;;2014;1;2",
        "wzw;44049;2025;1;2",
        "wzw;44049;2024;1;2",
        " wzw ;11002;2013;1;2",
        "WZW;11002;2012;1;2",
        "wzw;11002; 2011;1;2",
        "wzw;11002;2010;;2",
        "wzw;11002;2009;<5;10",
        "wzw;11002;2008;-;10",
        "wzw;11002;2007;x;10",
        "wzw;11002;2006;?;10",
        "wzw;11002;2005;-99999;10",
        "wzw;11002;2004;-3;10",
        "wzw;11002;2003;abc;10",
        "wzw;11002;2002;1,5;10",
        "wzw;11002;2001;1.234,5;2000",
        "wzw;11002;2000;1;0",
        "wzw;11002;1999;11;10",
        "vervullingsgraad_nec;11002;1999;11;10",
        "wzw;11002;1998;007;10",
        "wzw;11002;1996;1",
        "wzw;11002;1995;12.34;100",
        "wzw;11002;1994;1;<5",
        "wzw;11002;1993;1; 2",
        "wzw;11002;1992;1.0;2",
        "wzw;11002;1991;1e3;2000",
        "wzw;11002;1990;12345678901234567890;1",
    ),
    "dubbel": text(
        HEADER,
        "wzw;11002;2019;1;2",
        "wzw;44021;2019;1;2",
        "wzw;11002;2019;3;4",
        "wzw;11002;2019;abc;4",
        "wzw;11002;2019;5;6",
        "wzw;11002;2019q1;1;2",
        "wzw;11002;2019Q1;1;2",
    ),
    "dubbel_over_bestanden": {
        "a.csv": text(HEADER, "wzw;11002;2019;1;2", "wzw;44021;2019;1;2"),
        "b.csv": text(HEADER, "wzw;44021;2019;3;4", "wzw;02000;2019;1;2"),
    },
    "zonder_noemer": text(
        "indicator;geo;periode;teller",
        "wzw;11002;2019;5",
        "wzw;44021;2019;",
        "werkzaamheidsgraad;11002;2019;7",
    ),
    "lege_noemer": text(HEADER, "wzw;11002;2019;5;", "werkzaamheidsgraad;11002;2019;7;"),
    "opmerking": text(
        HEADER + ";opmerking",
        "wzw;11002;2019;5;10;",
        "wzw;44021;2019;5;10;let op",
        "wzw;02000;2019;5;10; ",
    ),
    "kolommen_anders": text(
        "Opmerking;Teller;NOEMER;Periode;Geo;Indicator;x",
        ";5;10;2019;11002;wzw;1",
        "bijgewerkt;5;10;2020;11002;wzw;1",
    ),
    "breder_dan_kop": text(HEADER, "wzw;11002;2019;5;10;extra;meer", "wzw;44021;2019;5;10"),
    "open_aanhalingsteken": text(HEADER, "wzw;11002;2019;5;10", 'wzw;44021;2019;5;"10'),
    "leeg": b"",
    "alleen_kop": text(HEADER),
    "geen_kop": text("a;b;c", "1;2;3"),
    "dubbele_kolom": text(HEADER + ";geo", "wzw;11002;2019;5;10;44021"),
    "geen_utf8": text(HEADER, "wzw;11002;2019;5;10") + "wzw;44021;2019;é;1\n".encode("latin-1"),
    "nul": text(HEADER, "wzw;44021;2019;5;10", "wzw;11002;2019;5;10\x00"),
    "veld_te_groot": text(HEADER + ";opmerking", "wzw;11002;2019;5;10;" + "x" * 200_000),
}


def write_case(directory: Path, name: str) -> list[Path]:
    contents = CASES[name]
    files = contents if isinstance(contents, dict) else {f"{name}.csv": contents}
    paths = []
    for file_name, data in files.items():
        path = directory / file_name
        path.write_bytes(data)
        paths.append(path)
    return paths


def read(paths: Sequence[Path], fast: bool, monkeypatch: pytest.MonkeyPatch) -> ReadResult:
    monkeypatch.setattr(aio, "FAST_CSV", fast)
    return read_observations(paths, geo_check=known_geo, non_proportions={"vervullingsgraad_nec"})


def assert_same(fast: ReadResult, slow: ReadResult) -> None:
    pd.testing.assert_frame_equal(fast.data, slow.data)
    assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]
    assert fast.problems == slow.problems
    assert (fast.files, fast.rows_read) == (slow.files, slow.rows_read)


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snelinlezen, "BLOCK_ROWS", 3)


@pytest.mark.parametrize("name", sorted(CASES))
def test_fast_path_reads_as_the_per_row_path(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_case(tmp_path, name)
    slow = read(paths, False, monkeypatch)
    fast = read(paths, True, monkeypatch)
    assert_same(fast, slow)


#: Cases the vectorised path reads itself (the others it leaves to the per-row path).
FAST_CASES = (
    "goed",
    "komma",
    "tab",
    "pipe",
    "bom_crlf",
    "cr",
    "zonder_slot_eol",
    "titels_en_lege_regels",
    "aanhalingstekens",
    "foute_rijen",
    "dubbel",
    "zonder_noemer",
    "lege_noemer",
    "opmerking",
    "kolommen_anders",
    "nul",
)


@pytest.mark.parametrize("name", FAST_CASES)
def test_fast_path_reads_the_plain_rows_itself(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aio, "FAST_CSV", True)
    seen: list[int | None] = []
    original = snelinlezen.read_csv

    def spy(*args: object, **kwargs: object) -> snelinlezen.FastOutcome | None:
        outcome = original(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(None if outcome is None or outcome.plain is None else len(outcome.plain))
        return outcome

    monkeypatch.setattr(snelinlezen, "read_csv", spy)
    read_observations(write_case(tmp_path, name), geo_check=known_geo)
    assert seen and all(count for count in seen)


def test_plain_rows_keep_their_row_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = write_case(tmp_path, "aanhalingstekens")
    result = read(paths, True, monkeypatch)
    assert result.data[["geo", "bron_rij"]].values.tolist() == [
        ["11002", 3],
        ["44021", 4],
        ["RG05", 5],
    ]
    assert [str(p) for p in result.problems] == [
        f"{paths[0]}, rij 6, kolom 'teller': 'ab\"c' is geen getal",
        f"{paths[0]}, rij 7, kolom 'teller': '5x' is geen getal",
    ]


def test_gzip_file_is_read_by_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "obs.csv.gz"
    path.write_bytes(gzip.compress(CASES["foute_rijen"]))  # type: ignore[arg-type]
    plain = tmp_path / "obs.csv"
    plain.write_bytes(CASES["foute_rijen"])  # type: ignore[arg-type]
    slow, fast = read([path], False, monkeypatch), read([path], True, monkeypatch)
    assert_same(fast, slow)
    assert fast.problems[0] == Problem(str(path), 6, "indicator", "onbekende indicator 'onbekend'")


def test_a_new_per_row_rule_reaches_the_fast_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule added to the per-row function applies to rows the fast path would take."""
    original = aio._process_row

    def stricter(display, number, cells, positions, settings, **options):
        record, problems = original(display, number, cells, positions, settings, **options)
        if record.indicator == "wzw" and record.geo == "44021":
            problems = [*problems, Problem(display, number, "geo", "gemeente onder embargo")]
            record.ok = False
        return record, problems

    monkeypatch.setattr(aio, "_process_row", stricter)
    paths = write_case(tmp_path, "goed")
    slow, fast = read(paths, False, monkeypatch), read(paths, True, monkeypatch)
    assert_same(fast, slow)
    assert [str(p) for p in fast.problems] == [
        f"{paths[0]}, rij 3, kolom 'geo': gemeente onder embargo"
    ]
    assert fast.data["geo"].tolist() == ["11002", "RG05", "02000"]
