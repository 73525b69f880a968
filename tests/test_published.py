"""data/published/cijfers.csv: every figure of seed 003, tidy and checkable against the package."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import io as aio
from analysis.statistics import round_half_up

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = REPO / "data" / "published"
REFERENCE = REPO / "data" / "reference"

COLUMNS = [
    "indicator", "geo", "periode", "veld", "waarde", "decimalen", "eenheid", "sectie", "bron",
    "citaat", "status", "reden",
]  # fmt: skip
VELDEN = {
    "waarde", "teller", "noemer", "ondergrens", "bovengrens", "ongeveer", "verschil_1j",
    "verschil_2j", "streefwaarde", "aandeel_vlaanderen", "aandeel_vlaanderen_bovengrens",
}  # fmt: skip
# Groups of gemeenten the seed reports on that no reference table holds (LEESMIJ.md).
COMPOSITE_GEOS = {"CS_ZONDER_ANT_GENT", "VL_ZONDER_CS"}
PERIODE = re.compile(r"^\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
SECTIE = re.compile(
    r"^(Centrumsteden \(inleiding\)|Kerncijfer [1-5]|Samenwerking (1[0-3]|[1-9])"
    r"|Hoofdstuk 2 West-Vlaanderen, Samenwerking (1[0-3]|[1-9]))$"
)
KEY = ["indicator", "geo", "periode", "veld"]

# Every figure the seed gets wrong: (indicator, geo, periode, veld) → a word of the reason.
KNOWN_INCONSISTENT = {
    ("werkzaamheidsgraad", "CS_ZONDER_ANT_GENT", "2019", "waarde"): "Roeselare",
    ("werkzaamheidsgraad", "VL_ZONDER_CS", "2019", "waarde"): "75,16",
    ("so_status", "40000", "2023-01", "waarde"): "91,7",
    ("so_status", "40000", "2023-06", "waarde"): "91,7",
    ("so_status", "10000", "2023-01", "noemer"): "69 gemeenten",
    ("so_status", "10000", "2023-06", "noemer"): "69 gemeenten",
    ("so_status", "10000", "2023-01", "waarde"): "64/69",
    ("so_status", "10000", "2023-06", "waarde"): "68/69",
    ("so_status", "20001", "2023-06", "waarde"): "58,46",
    ("so_status", "02000", "2023-06", "teller"): "261",
    ("so_status", "02000", "2023-06", "waarde"): "261",
    ("twe_aandeel", "02000", "2022Q4", "waarde"): "12,5",
    ("vervullingsgraad_nec", "02000", "2022Q4", "verschil_1j"): "4,8 procentpunt",
    ("wzw_in_opleiding", "02000", "2022Q4", "verschil_2j"): "2,2 procentpunt",
    ("wzw_in_opleiding", "02000", "2022Q4", "verschil_1j"): "0,3 procentpunt",
}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(PUBLISHED / "cijfers.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def consistent(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["status"] == "consistent"]


def lookup(table: pd.DataFrame, indicator: str, geo: str, periode: str, veld: str) -> pd.Series:
    rows = table[
        (table["indicator"] == indicator) & (table["geo"] == geo)
        & (table["periode"] == periode) & (table["veld"] == veld)
    ]  # fmt: skip
    assert len(rows) == 1, (indicator, geo, periode, veld, len(rows))
    return rows.iloc[0]


def test_header_is_exact() -> None:
    header = (PUBLISHED / "cijfers.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(COLUMNS)


def test_every_indicator_is_in_the_catalogue(table: pd.DataFrame) -> None:
    assert set(table["indicator"]) - set(aio.load_catalogue().ids()) == set()


def test_every_geo_is_a_known_code(table: pd.DataFrame) -> None:
    gemeenten = pd.read_csv(REFERENCE / "gemeenten.csv", dtype=str)
    provincies = pd.read_csv(REFERENCE / "provincies.csv", dtype=str)
    regiegebieden = pd.read_csv(REFERENCE / "regiegebieden.csv", dtype=str)
    known = (
        set(gemeenten.loc[gemeenten["grenzen"] == "2024", "nis"])
        | set(provincies["code"]) | set(regiegebieden["code"]) | {"02000"} | COMPOSITE_GEOS
    )  # fmt: skip
    assert set(table["geo"]) - known == set()


def test_composite_geos_are_documented(table: pd.DataFrame) -> None:
    leesmij = (PUBLISHED / "LEESMIJ.md").read_text(encoding="utf-8")
    assert set(table["geo"]) & COMPOSITE_GEOS == COMPOSITE_GEOS
    assert all(f"`{code}`" in leesmij for code in COMPOSITE_GEOS)


def test_periode_follows_the_contract(table: pd.DataFrame) -> None:
    assert [p for p in table["periode"] if not PERIODE.match(p)] == []


def test_waarde_is_a_plain_number_with_the_printed_decimals(table: pd.DataFrame) -> None:
    assert [w for w in table["waarde"] if not NUMBER.match(w)] == []
    shown = table["waarde"].str.partition(".")[2].str.len()
    assert (shown == table["decimalen"].astype(int)).all()


def test_decimalen_is_an_integer(table: pd.DataFrame) -> None:
    assert table["decimalen"].str.fullmatch(r"[0-3]").all()


def test_veld_is_allowed(table: pd.DataFrame) -> None:
    assert set(table["veld"]) <= VELDEN
    assert {"waarde", "teller", "noemer", "ondergrens", "bovengrens", "ongeveer"} <= set(
        table["veld"]
    )


def test_eenheid_is_aantal_for_teller_and_noemer_else_the_catalogue_unit(
    table: pd.DataFrame,
) -> None:
    catalogue = aio.load_catalogue()
    expected = [
        "aantal" if veld in {"teller", "noemer"}
        else "percent" if veld.startswith("aandeel_vlaanderen")  # a count's share of Vlaanderen
        else catalogue[ind].eenheid
        for ind, veld in zip(table["indicator"], table["veld"], strict=True)
    ]
    assert table["eenheid"].tolist() == expected


def test_sectie_bron_and_citaat_are_filled(table: pd.DataFrame) -> None:
    assert [s for s in table["sectie"] if not SECTIE.match(s)] == []
    assert (table["bron"].str.len() > 0).all()
    assert table["citaat"].str.len().between(1, 200).all()


def test_status_and_reden(table: pd.DataFrame) -> None:
    assert set(table["status"]) == {"consistent", "inconsistent"}
    flagged = table["status"] == "inconsistent"
    assert (table.loc[flagged, "reden"].str.len() > 0).all()
    assert (table.loc[~flagged, "reden"] == "").all()


def test_no_duplicate_consistent_rows(consistent: pd.DataFrame) -> None:
    assert consistent[consistent.duplicated(KEY, keep=False)].empty


def test_teller_over_noemer_gives_waarde_or_a_flag(table: pd.DataFrame) -> None:
    parts = table[table["veld"].isin(["teller", "noemer", "waarde"])]
    checked, mismatches = 0, set()
    for key, group in parts.groupby(["indicator", "geo", "periode"]):
        if set(group["veld"]) != {"teller", "noemer", "waarde"}:
            continue
        by_veld = group.set_index("veld")
        waarde = by_veld.loc["waarde"]
        ratio = float(by_veld.loc["teller", "waarde"]) / float(by_veld.loc["noemer", "waarde"])
        if round_half_up(ratio * 100, int(waarde["decimalen"])) != float(waarde["waarde"]):
            mismatches.add(key)
            assert waarde["status"] == "inconsistent", key
        elif (group["status"] == "consistent").all():
            checked += 1
    assert checked == 21
    assert mismatches == {
        ("so_status", "40000", "2023-01"),
        ("so_status", "40000", "2023-06"),
        ("so_status", "20001", "2023-06"),
        ("twe_aandeel", "02000", "2022Q4"),
    }


def test_bounds_enclose_the_published_value(table: pd.DataFrame) -> None:
    wide = table.pivot_table(
        index=["indicator", "geo", "periode"], columns="veld", values="waarde", aggfunc="first"
    ).astype(float)
    both = wide.dropna(subset=["ondergrens", "bovengrens"])
    assert len(both) == 19
    assert (both["ondergrens"] < both["bovengrens"]).all()
    with_value = wide.dropna(subset=["waarde"])
    assert (with_value["waarde"] >= with_value["ondergrens"].fillna(-1)).all()
    assert (with_value["waarde"] <= with_value["bovengrens"].fillna(1e12)).all()


@pytest.mark.parametrize("periode", ["2023-01", "2023-06"])
@pytest.mark.parametrize("indicator", ["so_status", "so_status_regiegebieden"])
@pytest.mark.parametrize("veld", ["teller", "noemer"])
def test_so_provinces_add_up_to_vlaanderen_or_are_flagged(
    table: pd.DataFrame, indicator: str, periode: str, veld: str
) -> None:
    rows = table[
        (table["indicator"] == indicator) & (table["periode"] == periode)
        & (table["veld"] == veld)
    ].set_index("geo")  # fmt: skip
    assert set(rows.index) == {"02000", "10000", "20001", "30000", "40000", "70000"}
    provinces = rows.drop(index="02000")["waarde"].astype(int).sum()
    if provinces != int(rows.loc["02000", "waarde"]):
        assert (rows["status"] == "inconsistent").any()
    else:
        assert (rows["status"] == "consistent").all()


@pytest.mark.parametrize(
    ("indicator", "geo", "periode", "veld", "waarde", "decimalen"),
    [
        ("wzw", "02000", "2022Q4", "waarde", "179796", "0"),
        ("wzw", "02000", "2020Q4", "waarde", "211081", "0"),
        ("rmi", "02000", "2022-09", "waarde", "40756", "0"),
        ("niet_beroepsactieven", "02000", "2019", "waarde", "780974", "0"),
        ("niet_beroepsactieven", "11002", "2019", "waarde", "75278", "0"),
        ("werkzaamheidsgraad", "02000", "2019", "waarde", "75.16", "2"),
        ("werkzaamheidsgraad", "36015", "2019", "waarde", "77.2", "1"),
        ("werkzaamheidsgraad", "02000", "2030", "streefwaarde", "80", "0"),
        ("werkzaamheidsgraad_eak", "02000", "2022Q3", "waarde", "76.4", "1"),
        ("oekrainers_ingeschreven", "02000", "2022-11", "teller", "5980", "0"),
        ("oekrainers_ingeschreven", "02000", "2022-11", "waarde", "34.6", "1"),
        ("wz_schoolverlaters", "02000", "2020", "noemer", "64197", "0"),
        ("ongekwalificeerde_uitstroom", "02000", "2020", "teller", "4384", "0"),
        ("wz_ongekwalificeerden", "71016", "2019", "waarde", "31.1", "1"),
        ("so_status", "02000", "2023-01", "waarde", "75", "0"),
        ("so_status_regiegebieden", "02000", "2023-06", "teller", "35", "0"),
        ("esf_outreach_bereik", "02000", "2023", "streefwaarde", "11040", "0"),
        ("twe_uitstroom_12m_zelfstandige_duurzaam", "02000", "2022Q4", "waarde", "45.10", "2"),
        ("wijkwerk_werkplekleren", "31005", "2022Q4", "bovengrens", "5", "0"),
        ("digibanken", "30000", "2023-01", "waarde", "13", "0"),
    ],
)
def test_spot_checks(
    consistent: pd.DataFrame,
    indicator: str,
    geo: str,
    periode: str,
    veld: str,
    waarde: str,
    decimalen: str,
) -> None:
    row = lookup(consistent, indicator, geo, periode, veld)
    assert (row["waarde"], row["decimalen"]) == (waarde, decimalen)


def test_known_inconsistencies_and_only_those_are_flagged(table: pd.DataFrame) -> None:
    flagged = table[table["status"] == "inconsistent"]
    assert set(flagged[KEY].itertuples(index=False, name=None)) == set(KNOWN_INCONSISTENT)
    for key, word in KNOWN_INCONSISTENT.items():
        assert word in lookup(flagged, *key)["reden"], key


def test_a_slip_keeps_its_published_numbers_as_consistent_rows(consistent: pd.DataFrame) -> None:
    assert lookup(consistent, "wzw_in_opleiding", "02000", "2022Q4", "waarde")["waarde"] == "14.1"
    assert lookup(consistent, "wzw_in_opleiding", "02000", "2020Q4", "waarde")["waarde"] == "11.9"
    assert lookup(consistent, "twe_aandeel", "02000", "2022Q4", "teller")["waarde"] == "5079"
    assert lookup(consistent, "twe_aandeel", "02000", "2022Q4", "noemer")["waarde"] == "40756"


def test_row_counts(table: pd.DataFrame) -> None:
    assert table["status"].value_counts().to_dict() == {"consistent": 229, "inconsistent": 15}
