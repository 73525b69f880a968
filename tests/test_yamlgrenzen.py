"""Bounds on YAML and text (issue 16, point 3): aliases that repeat too much, a file or a text
that is too long, and the scans of texts (e-mail addresses, file names, shares, numbers) on
huge texts without spaces, which must stay linear by construction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import aandelen, batch, cli
from analysis import io as aio
from analysis import kwalitatief as kw
from analysis.leestekst import internal_reference
from analysis.streefwaarde import without_parentheses

REPO = Path(__file__).resolve().parents[1]
HEADER = "indicator;geo;periode;teller;noemer\n"
GOOD = "wzw;44021;2022Q4;25.000;\n"
BIG = 5_000_000

BOMB = (
    "\n".join(
        ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        + [
            f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        ]
    )
    + "\n"
)
BOMB_MESSAGE = (
    "rij 4: ongeldige YAML: de aliassen herhalen samen meer dan 10.000 waarden (bij alias "
    "'*c'); schrijf de waarden voluit in plaats van ze met ankers (&) en aliassen (*) te "
    "herhalen"
)


def read(tmp_path: Path, text: str) -> aio.YamlDocument:
    path = tmp_path / "acties.yaml"
    path.write_text(text, encoding="utf-8")
    return aio.read_yaml(path, kind="actie", whole="de acties")


def shown(document: aio.YamlDocument, tmp_path: Path) -> list[str]:
    return [str(p).replace(str(tmp_path), "{d}") for p in document.problems]


def snapshot(root: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


# --------------------------------------------------------------------------------------------
# YAML bounds


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path):
    document = read(tmp_path, BOMB)
    assert (document.data, document.lines) == (None, {})
    assert shown(document, tmp_path) == [f"{{d}}/acties.yaml, {BOMB_MESSAGE}"]


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    document = read(tmp_path, "- titel: x\n  partners: &p [a, *p]\n")
    assert shown(document, tmp_path) == [
        "{d}/acties.yaml, rij 2: ongeldige YAML: alias '*p' staat binnen zijn eigen anker "
        "'&p'; zo wordt het document oneindig groot"
    ]


def test_a_few_short_aliases_stay_allowed(tmp_path):
    document = read(tmp_path, "a: &p [VDAB, OCMW]\nb: *p\nc: {<<: {x: 1}, y: *p}\n")
    assert document.problems == []
    assert document.data == {
        "a": ["VDAB", "OCMW"],
        "b": ["VDAB", "OCMW"],
        "c": {"x": 1, "y": ["VDAB", "OCMW"]},
    }


def test_a_text_over_the_cap_is_refused_with_its_key(tmp_path):
    text = (
        "- titel: Jobclub\n  beschrijving: "
        + "a" * 10_001
        + "\n  partners: [VDAB, "
        + "b" * BIG
        + "]\n"
    )
    document = read(tmp_path, text)
    assert document.data is None
    assert shown(document, tmp_path) == [
        "{d}/acties.yaml: bestand is te groot: 5.010.056 bytes, maximum 1.000.000 bytes"
    ]
    document = read(tmp_path, text.replace("b" * BIG, "b" * 20_000))
    assert shown(document, tmp_path) == [
        "{d}/acties.yaml, rij 2, kolom 'beschrijving': actie 'Jobclub': 'beschrijving' is te "
        "lang: 10.001 tekens, maximum 10.000",
        "{d}/acties.yaml, rij 3, kolom 'partners[2]': actie 'Jobclub': 'partners[2]' is te "
        "lang: 20.000 tekens, maximum 10.000",
    ]


def test_a_title_over_the_cap_names_the_place_not_the_title(tmp_path):
    document = read(tmp_path, "- titel: " + "t" * 10_001 + "\n")
    assert shown(document, tmp_path) == [
        "{d}/acties.yaml, rij 1, kolom 'titel': actie op plaats 1: 'titel' is te lang: "
        "10.001 tekens, maximum 10.000"
    ]


def test_a_key_over_the_cap_is_refused(tmp_path):
    document = read(tmp_path, "? " + "k" * 10_001 + "\n: 1\n")
    assert shown(document, tmp_path) == [
        "{d}/acties.yaml, rij 1: de acties: een sleutel is te lang: 10.001 tekens, maximum 10.000"
    ]


def test_an_endless_file_is_read_only_up_to_the_cap():
    document = aio.read_yaml(Path("/dev/zero"), kind="actie", whole="de acties")
    assert [str(p) for p in document.problems] == [
        "/dev/zero: bestand is te groot: meer dan 1.000.000 bytes"
    ]


def test_the_shipped_yaml_files_stay_within_the_bounds():
    files = [*sorted((REPO / "data").rglob("*.yaml")), *sorted((REPO / "params").glob("*.yaml"))]
    assert len(files) >= 8
    for path in files:
        document = aio.read_yaml(path, kind="item", whole="het bestand")
        assert document.problems == [], path


@pytest.mark.parametrize("command", ["valideer", "bouw"])
def test_cli_refuses_an_alias_bomb_in_acties_and_writes_nothing(
    command, tmp_path, capsys, monkeypatch
):
    data = tmp_path / "in"
    shutil.copytree(REPO / "data" / "kwalitatief", data / "kwalitatief")
    (data / "kwalitatief" / "acties.yaml").write_text(BOMB, encoding="utf-8")
    (data / "obs.csv").write_text(HEADER + GOOD, encoding="utf-8")
    work = tmp_path / "werkmap"
    work.mkdir()
    monkeypatch.chdir(work)
    before = snapshot(tmp_path)
    argv = (
        ["valideer", str(data)]
        if command == "valideer"
        else [
            "bouw",
            "--alleen",
            "Gent",
            "--data",
            str(data),
            "--uitvoer",
            str(tmp_path / "uit"),
            "--stil",
        ]
    )
    code = cli.main(argv)
    out, err = capsys.readouterr()
    expected = (
        f"{data}/kwalitatief/acties.yaml, {BOMB_MESSAGE}\n"
        "Bestanden: 5 · rijen: 3 · geldige rijen: 1 · problemen: 1\n"
        "Ongeldig: los de problemen hierboven op.\n"
    )
    assert (code, out + err) == (1, expected)
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------------------------
# Scans of texts: 5 MB without spaces, linear by construction


@pytest.mark.parametrize("text", ["a" * BIG, "a@" + "a." * (BIG // 2), "a." * (BIG // 2)])
def test_no_contact_data_in_a_huge_text_without_spaces(text):
    assert kw._EMAIL_RE.search(text) is None


def test_an_address_at_the_end_of_a_huge_text_is_found():
    assert kw._EMAIL_RE.search("a" * BIG + " jan@vdab.be").group(0) == "jan@vdab.be"


@pytest.mark.parametrize("text", ["a-" * (BIG // 2), "a." * (BIG // 2), "x" * BIG])
def test_no_file_name_in_a_huge_text_without_spaces(text):
    assert internal_reference(text) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("zie -seed.txt", "seed"),
        ("-.domein.md §2.9 en meer", "domein.md §2.9"),
        ("x..a.txt", "a.txt"),
        ("a-b.c.md.", "a-b.c.md"),
        ("x-data/projecten/y", "data/projecten/y"),
    ],
)
def test_file_names_are_found_as_before(text, found):
    assert internal_reference(text) == found


def test_shares_and_numbers_in_huge_runs_of_digits():
    assert aandelen.parse_share("1" * BIG) is None
    assert aandelen.parse_share("1" * BIG + " 6 op 10").nominal == 60
    with pytest.raises(ValueError, match="is geen getal"):
        aio.parse_number("1," * (BIG // 2) + "x")


def test_svg_rounding_and_parentheses_in_huge_texts():
    assert batch._DECIMALS.sub(r"\1", "1" * BIG + " -12.345") == "1" * BIG + " -12.3"
    assert without_parentheses("(" * BIG) == "(" * BIG
    assert without_parentheses(" " * BIG + "Arbeidsrekening (VAR)") == " " * BIG + "Arbeidsrekening"
