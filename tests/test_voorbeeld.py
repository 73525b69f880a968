"""The example data: every published figure of seed 003 comes back out of the package's maths.

The profile is computed from the gemeente-level example data by ``analysis.indicators`` (never
read back from a stored total) and each row of ``data/published/cijfers.csv`` is checked
against it: exact figures at their published decimals, statements ("rond de 16 %", "ruim
70 %", "tussen 15.793 en 10.370") as bounds, and the seed's own inconsistencies as figures the
package computes differently.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis import io as aio
from analysis import kwalitatief as kw
from analysis.geography import VLAANDEREN_CODE
from analysis.indicators import aggregate, build_profile
from analysis.statistics import round_half_up
from analysis.voorbeeld import BANNER, SpecError, generate

REPO = Path(__file__).resolve().parents[1]
_CITIES = pd.read_csv(REPO / "data" / "reference" / "centrumsteden.csv", dtype=str)
CENTRUMSTEDEN = set(_CITIES.loc[_CITIES["grenzen"] == "2024", "nis"])
#: Groups the seed reports on that no reference table holds (data/published/LEESMIJ.md).
COMPOSITES = {
    "CS_ZONDER_ANT_GENT": CENTRUMSTEDEN - {"11002", "44021"},
    "VL_ZONDER_CS": None,  # every gemeente but the 13 centrumsteden
}


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return aio.read_published()


@pytest.fixture(scope="module")
def observations(geography) -> pd.DataFrame:
    result = aio.read_observations([REPO / "data" / "voorbeeld"],
                                   geo_check=geography.check_geo)
    assert result.problems == []
    return result.data


@pytest.fixture(scope="module")
def profile(observations, geography) -> pd.DataFrame:
    frame = build_profile(observations, geography, aio.load_catalogue(), "2024")
    return frame.drop_duplicates(["indicator", "geo", "periode"]).set_index(
        ["indicator", "geo", "periode"]
    )


@pytest.fixture(scope="module")
def kwalitatief():
    found, problems = aio.read_kwalitatief(REPO / "data" / "kwalitatief")
    assert problems == []
    return found


def _composite(observations, geography, indicator, geo, periode) -> tuple[float, float]:
    members = COMPOSITES[geo]
    if members is None:
        members = set(geography.members("Vlaanderen", "2024")) - CENTRUMSTEDEN
    rows = observations[(observations.indicator == indicator)
                        & (observations.periode == periode) & observations.geo.isin(members)]
    return rows.teller.sum(), rows.noemer.sum()


def _shown(value: float, decimals: int) -> float:
    return round_half_up(float(value), decimals)


def _value(row, profile, observations, geography, kwalitatief, field="waarde"):
    """The package's figure for a published row: profile, composite or qualitative data."""
    if row.indicator in {"so_status", "so_status_regiegebieden"}:
        moment = row.periode
        table = kw.so_summary(kwalitatief["so_status"], geography, "2024", moment)
        table = table.set_index("code")
        kind = "gemeenten" if row.indicator == "so_status" else "regiegebieden"
        column = {"teller": f"{kind}_getekend", "noemer": f"{kind}_totaal",
                  "waarde": f"{kind}_pct"}[field]
        return table.loc[row.geo, column]
    if row.indicator == "digibanken":
        digibanken = kwalitatief["digibanken"]
        return (digibanken.vlaanderen_totaal if row.geo == "02000"
                else len(digibanken.west_vlaanderen))
    if row.geo in COMPOSITES:
        teller, noemer = _composite(observations, geography, row.indicator, row.geo,
                                    row.periode)
        return {"teller": teller, "noemer": noemer, "waarde": 100 * teller / noemer}[field]
    return profile.loc[(row.indicator, row.geo, row.periode), field]


def _check(row, profile, observations, geography, kwalitatief) -> bool:
    """Whether the package's figure agrees with the published row."""
    w, d = float(row.waarde), int(row.decimalen)
    if row.veld in {"waarde", "teller", "noemer"}:
        got = _value(row, profile, observations, geography, kwalitatief, row.veld)
        return _shown(got, d) == _shown(w, d)
    if row.veld in {"verschil_1j", "verschil_2j"}:
        here = profile.loc[(row.indicator, row.geo, row.periode)]
        if row.status == "inconsistent":
            # The seed writes "%" for a difference of percentages ("stijging van 3 %"): read as
            # what "%" means, a relative change, the package gives another figure.
            years = int(row.veld[-2])
            earlier = f"{int(row.periode[:4]) - years}{row.periode[4:]}"
            before = profile.loc[(row.indicator, row.geo, earlier), "waarde"]
            return _shown((here.waarde / before - 1) * 100, d) == w
        return _shown(here[row.veld], d) == w
    if row.veld == "streefwaarde":
        target = aio.load_catalogue()[row.indicator].streefwaarde
        return (target.waarde, str(target.jaar)) == (w, row.periode)
    if row.veld.startswith("aandeel_vlaanderen"):
        flemish = profile.loc[(row.indicator, "02000", row.periode), "teller"]
        if row.geo in COMPOSITES:
            part = _composite(observations, geography, row.indicator, row.geo, row.periode)[0]
        else:
            part = profile.loc[(row.indicator, row.geo, row.periode), "teller"]
        share = 100 * part / flemish
        # "bijna 1 op de 10": below 10 %, and near it.
        return 9 <= share < w if row.veld.endswith("bovengrens") else _shown(share, d) == w
    got = _value(row, profile, observations, geography, kwalitatief)
    if row.veld == "ongeveer":
        return abs(got - w) <= 10.0 ** -d
    if row.veld == "ondergrens":
        return got >= w
    if row.veld == "bovengrens":
        return got <= w
    raise AssertionError(f"onbekend veld {row.veld}")


def test_every_consistent_published_figure_is_reproduced(
    published, profile, observations, geography, kwalitatief
):
    consistent = published[published.status == "consistent"]
    wrong = [
        (r.indicator, r.geo, r.periode, r.veld, r.waarde)
        for r in consistent.itertuples(index=False)
        if not _check(r, profile, observations, geography, kwalitatief)
    ]
    assert wrong == []
    assert len(consistent) == 229


def test_every_inconsistent_published_figure_is_shown_to_differ(
    published, profile, observations, geography, kwalitatief
):
    """The seed's slips stay visible: the package computes another figure for each."""
    inconsistent = published[published.status == "inconsistent"]
    agreeing = [
        (r.indicator, r.geo, r.periode, r.veld)
        for r in inconsistent.itertuples(index=False)
        if _check(r, profile, observations, geography, kwalitatief)
    ]
    assert agreeing == []
    assert len(inconsistent) == 15


@pytest.mark.parametrize(
    ("indicator", "geo", "periode", "field", "expected"),
    [
        ("wzw", "02000", "2022Q4", "teller", 179796),  # a Flemish count, exactly
        ("rmi", "02000", "2022-09", "teller", 40756),
        ("niet_beroepsactieven", "11002", "2019", "teller", 75278),  # Antwerpen
        ("oekrainers_ingeschreven", "02000", "2022-11", "teller", 5980),
        ("twe_aandeel", "02000", "2022Q4", "noemer", 40756),  # noemer = RMI, same data
    ],
)
def test_published_counts_exactly(profile, indicator, geo, periode, field, expected):
    assert profile.loc[(indicator, geo, periode), field] == expected


@pytest.mark.parametrize(
    ("indicator", "geo", "periode", "decimals", "expected"),
    [
        ("werkzaamheidsgraad", "02000", "2019", 2, 75.16),
        ("werkzaamheidsgraad", "36015", "2019", 1, 77.2),  # Roeselare
        ("wzw_in_opleiding", "71022", "2022Q4", 1, 20.8),  # Hasselt
        ("wzw_in_opleiding", "70000", "2022Q4", 1, 18.7),  # Limburg
        ("wijkwerk_uitstroom_3m", "46021", "2022Q4", 1, 20.8),  # Sint-Niklaas
        ("oekrainers_ingeschreven", "36015", "2022-11", 0, 72),  # Roeselare, 69 of 96
        ("wz_ongekwalificeerden", "24062", "2020", 1, 18.8),  # Leuven
        ("wz_ongekwalificeerden", "71016", "2019", 1, 31.1),  # Genk 31,1 → 15,5
        ("wz_ongekwalificeerden", "71016", "2020", 1, 15.5),
        ("twe_uitstroom_12m", "02000", "2022Q4", 2, 67.01),
    ],
)
def test_published_rates_at_their_decimals(profile, indicator, geo, periode, decimals, expected):
    assert _shown(profile.loc[(indicator, geo, periode), "waarde"], decimals) == expected


def test_above_the_flemish_average_as_the_seed_says(profile):
    vl = profile.loc[("werkzaamheidsgraad", "02000", "2019"), "waarde"]
    above = sorted(
        geo for geo in CENTRUMSTEDEN
        if profile.loc[("werkzaamheidsgraad", geo, "2019"), "waarde"] > vl
    )
    assert above == ["31005", "36015"]  # Brugge and Roeselare only


def test_named_strongest_cities_lead_the_ranking(profile):
    # "Hasselt, Genk, Brugge en Leuven boeken het sterkste resultaat" (WZW in opleiding).
    values = {geo: profile.loc[("wzw_in_opleiding", geo, "2022Q4"), "waarde"]
              for geo in CENTRUMSTEDEN}
    top = sorted(values, key=values.get, reverse=True)[:4]
    assert set(top) == {"71022", "71016", "31005", "24062"}


def test_the_seed_inconsistency_on_werkzaamheidsgraad_is_visible(observations, geography):
    """75,16 % for Vlaanderen, 72,83 % for the rest: the package finds another rest."""
    teller, noemer = _composite(observations, geography, "werkzaamheidsgraad",
                                "VL_ZONDER_CS", "2019")
    assert _shown(100 * teller / noemer, 2) > 76  # not 72,83


def test_small_gemeenten_exercise_disclosure(profile):
    hidden = profile[profile.onderdrukt == 1]
    assert len(hidden) > 100
    assert hidden.teller.isna().all()


def test_every_catalogue_observation_indicator_has_data(observations):
    ids = set(aio.load_catalogue().observation_ids)
    assert ids == set(observations.indicator)


def test_all_300_gemeenten_for_gemeente_level_indicators(observations, geography):
    counts = observations[observations.indicator == "wzw"].groupby("periode").geo.nunique()
    assert set(counts) == {300}
    assert len(counts) == 12  # 2020Q1-2022Q4


def test_generator_is_deterministic(geography, published):
    spec = yaml.safe_load((REPO / "params" / "voorbeeld.yaml").read_text(encoding="utf-8"))
    first, _ = generate(geography, aio.load_catalogue(), spec, published)
    second, _ = generate(geography, aio.load_catalogue(), spec, published)
    pd.testing.assert_frame_equal(first, second)


def test_committed_data_is_what_the_generator_makes(geography, published, tmp_path):
    spec = yaml.safe_load((REPO / "params" / "voorbeeld.yaml").read_text(encoding="utf-8"))
    observations, _ = generate(geography, aio.load_catalogue(), spec, published)
    fresh = aio.write_csv_gz(observations, tmp_path / "observaties.csv.gz")
    committed = REPO / "data" / "voorbeeld" / "observaties.csv.gz"
    assert fresh.read_bytes() == committed.read_bytes()
    assert gzip.decompress(committed.read_bytes()).startswith(
        b"indicator,geo,periode,teller,noemer\n")


def test_provenance_names_published_and_synthetic_anchors():
    text = (REPO / "data" / "voorbeeld" / "herkomst.md").read_text(encoding="utf-8")
    assert BANNER in text
    assert "| werkzaamheidsgraad | Roeselare | 2019 | 77,2 | gepubliceerd |" in text
    assert "| werkzaamheidsgraad | Kortrijk | 2019 | 74,2 | synthetisch | op of dicht bij" in text
    assert aio.is_example_data(REPO / "data")


# -- plausibility of the whole example data set ----------------------------------------------
#
# The rules a statistician checks first, over every gemeente, area and period of the committed
# data (read by the package's reader, summed by the package's aggregate), each with a positive
# control on a small broken frame so that the check can fail.

WESTHOEK = "RG29"
ANTWERPEN, GENT = "11002", "44021"
#: Noemers under this size may repeat over the years by chance (a gemeente with 12 RMI-
#: gerechtigden three Septembers in a row); larger ones must move.
SMALL_NOEMER = 100


@pytest.fixture(scope="module")
def aggregated(observations, geography) -> pd.DataFrame:
    frame = aggregate(observations, geography, aio.load_catalogue(), "2024")
    return frame.drop_duplicates(["indicator", "geo", "periode"])


def _wide(aggregated: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = aggregated[aggregated["indicator"] == indicator]
    return rows.set_index(["geo", "periode"])[["teller", "noemer"]]


def identity_breaks(aggregated: pd.DataFrame) -> list[tuple[str, str]]:
    """(geo, periode) where werkenden + WZW + NBA ≠ bevolking 20-64, or the
    werkzoekendengraad is not WZW / (werkenden + WZW) of those counts; after the last year
    of the werkzaamheidsgraad, not the WZW of Q4 over the werkenden of that last year + WZW
    (the catalogue: "werkenden: laatst beschikbare jaar")."""
    wg, nba = _wide(aggregated, "werkzaamheidsgraad"), _wide(aggregated, "nba_graad")
    wzg = _wide(aggregated, "werkzoekendengraad")
    both = wg.join(nba.add_suffix("_nba"), how="outer").join(wzg.add_suffix("_wzg"),
                                                             how="inner")
    broken = ((both.teller + both.teller_wzg + both.teller_nba != both.noemer)
              | (both.noemer_nba != both.noemer)
              | (both.noemer_wzg != both.teller + both.teller_wzg))
    found = set(both.index[broken])
    later = wzg.loc[~wzg.index.get_level_values("periode").isin(
        wg.index.get_level_values("periode"))]
    wzw = aggregated[aggregated["indicator"] == "wzw"].set_index(["geo", "periode"]).teller
    last = wg.index.get_level_values("periode").max()
    for (geo, periode), row in later.iterrows():
        werkenden = wg.teller.get((geo, last))
        if wzw.get((geo, f"{periode}Q4")) != row.teller or row.noemer != werkenden + row.teller:
            found.add((geo, periode))
    return sorted(found)


def over_100(aggregated: pd.DataFrame) -> list[tuple[str, str]]:
    """(geo, periode) where werkzaamheidsgraad + aandeel niet-beroepsactieven > 100 %."""
    wg, nba = _wide(aggregated, "werkzaamheidsgraad"), _wide(aggregated, "nba_graad")
    both = wg.join(nba.add_suffix("_nba"), how="inner")
    total = 100 * both.teller / both.noemer + 100 * both.teller_nba / both.noemer_nba
    return sorted(total.index[total > 100])


def shares_outside(aggregated: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(indicator, geo, periode) of a percentage outside 0-100 % (or on a noemer ≤ 0)."""
    rates = aggregated[(aggregated["eenheid"] == "percent") & aggregated["teller"].notna()]
    bad = rates[(rates.teller < 0) | (rates.noemer <= 0) | (rates.teller > rates.noemer)]
    return sorted(zip(bad.indicator, bad.geo, bad.periode, strict=True))


def constant_noemers(aggregated: pd.DataFrame) -> list[tuple[str, str]]:
    """(indicator, geo) whose noemer does not move: the Flemish noemer equal in two years,
    or a gemeente's noemer (at least SMALL_NOEMER) equal over all its periods.

    Two quarters of one year may share a noemer where the definition says so: the TWE share
    and the OCMW outflow divide by the RMI count of one September.
    """
    rates = aggregated[(aggregated["eenheid"] == "percent") & aggregated["noemer"].notna()]
    found = set()
    flemish = rates[rates["geo"] == VLAANDEREN_CODE].assign(jaar=lambda f: f.periode.str[:4])
    for indicator, rows in flemish.sort_values("periode").groupby("indicator"):
        per_year = rows.groupby("jaar").noemer.last()
        if len(per_year) > 1 and per_year.nunique() < len(per_year):
            found.add((indicator, VLAANDEREN_CODE))
    gemeenten = rates[rates["geo_type"] == "gemeente"]
    series = gemeenten.groupby(["indicator", "geo"]).noemer.agg(["size", "nunique", "max"])
    stuck = series[(series["size"] > 1) & (series["nunique"] == 1)
                   & (series["max"] >= SMALL_NOEMER)]
    return sorted(found | set(stuck.index))


def order_breaks(aggregated: pd.DataFrame, big: str, small: str) -> list[tuple[str, str, str]]:
    """(indicator, periode, veld) where ``small`` counts more than ``big``."""
    first = aggregated[aggregated["geo"] == big].set_index(["indicator", "periode"])
    second = aggregated[aggregated["geo"] == small].set_index(["indicator", "periode"])
    both = first[["teller", "noemer"]].join(second[["teller", "noemer"]].add_suffix("_2"),
                                           how="inner")
    return sorted((indicator, periode, veld) for veld in ("teller", "noemer")
                  for (indicator, periode), row in both.iterrows()
                  if row[f"{veld}_2"] > row[veld])


def westhoek_breaks(aggregated: pd.DataFrame) -> list[str]:
    """Years in which the Westhoek is not between Vlaanderen and 80 % (seed 004: a high
    werkzaamheidsgraad, working towards 80 %)."""
    wg = _wide(aggregated, "werkzaamheidsgraad")
    rate = 100 * wg.teller / wg.noemer
    return sorted(p for (geo, p), value in rate.items()
                  if geo == WESTHOEK and not rate[(VLAANDEREN_CODE, p)] < value < 80)


def test_werkenden_wzw_and_nba_add_up_to_the_population(aggregated):
    assert identity_breaks(aggregated) == []
    wg = aggregated[aggregated.indicator == "werkzaamheidsgraad"]
    assert len(wg) == 10 * wg.geo.nunique()  # every area, 2010-2019
    assert sorted(set(aggregated[aggregated.indicator == "werkzoekendengraad"].periode)) == [
        str(y) for y in range(2010, 2023)]


def test_werkzaamheidsgraad_plus_nba_never_above_100(aggregated):
    assert over_100(aggregated) == []


def test_every_share_within_0_and_100(aggregated):
    assert shares_outside(aggregated) == []


def test_noemers_move_over_time(aggregated):
    assert constant_noemers(aggregated) == []


def test_antwerpen_counts_at_least_gent(aggregated):
    assert order_breaks(aggregated, ANTWERPEN, GENT) == []


def test_westhoek_high_but_under_80(aggregated):
    assert westhoek_breaks(aggregated) == []


def test_twe_share_divides_by_the_rmi_count_of_the_nearest_september(profile):
    def noemer(periode):
        return profile.loc[("twe_aandeel", "02000", periode), "noemer"]

    def rmi(periode):
        return profile.loc[("rmi", "02000", periode), "teller"]

    assert [noemer(p) for p in ("2020Q4", "2021Q1", "2021Q2", "2022Q4")] == [
        rmi("2020-09"), rmi("2020-09"), rmi("2021-09"), rmi("2022-09")]
    assert rmi("2020-09") == 41982  # published, so the noemer differs from September 2022


def _broken(geography) -> pd.DataFrame:
    """Two gemeenten over a few periods, each rule broken once (Ieper is in the Westhoek)."""
    rows = [
        # 2018: Ieper 82 + 3 + 20 of 100 (one too many, and 82 % in the Westhoek)
        ("werkzaamheidsgraad", "33011", "2018", 82, 100), ("nba_graad", "33011", "2018", 20, 100),
        ("werkzoekendengraad", "33011", "2018", 3, 85),
        ("werkzaamheidsgraad", "33011", "2019", 76, 101), ("nba_graad", "33011", "2019", 20, 101),
        ("werkzoekendengraad", "33011", "2019", 5, 81),
        ("werkzaamheidsgraad", GENT, "2018", 70, 100), ("nba_graad", GENT, "2018", 20, 100),
        ("werkzoekendengraad", GENT, "2018", 10, 80),
        ("werkzaamheidsgraad", GENT, "2019", 71, 102), ("nba_graad", GENT, "2019", 20, 102),
        ("werkzoekendengraad", GENT, "2019", 11, 82),
        # 2022: a werkzoekendengraad whose teller is not the WZW of Q4 (90, not 101)
        ("werkzoekendengraad", GENT, "2022", 90, 900),
        # a share above 100 % and a noemer that stays 500 in both years
        ("wzw_in_opleiding", GENT, "2021Q4", 600, 500),
        ("wzw_in_opleiding", GENT, "2022Q4", 50, 500),
        # Gent counts more WZW than Antwerpen
        ("wzw", ANTWERPEN, "2022Q4", 100, None), ("wzw", GENT, "2022Q4", 101, None),
    ]
    frame = pd.DataFrame(rows, columns=["indicator", "geo", "periode", "teller", "noemer"])
    frame["noemer"] = frame["noemer"].astype("Int64")
    broken = aggregate(frame, geography, aio.load_catalogue(), "2024")
    return broken.drop_duplicates(["indicator", "geo", "periode"])


def test_the_plausibility_checks_find_each_break(geography):
    broken = _broken(geography)
    ieper_2018 = [("02000", "2018"), ("30000", "2018"), ("33011", "2018"),
                  ("REFREG07", "2018"), ("RG29", "2018")]
    assert [k for k in identity_breaks(broken) if k[1] == "2018"] == ieper_2018
    assert [k for k in identity_breaks(broken) if k[0] == GENT] == [(GENT, "2022")]
    assert over_100(broken) == ieper_2018[1:]  # Vlaanderen: 76 + 20 %
    assert [k for k in shares_outside(broken) if k[1] == GENT] == [
        ("wzw_in_opleiding", GENT, "2021Q4")]
    assert constant_noemers(broken) == [("wzw_in_opleiding", "02000"),
                                        ("wzw_in_opleiding", GENT)]
    assert order_breaks(broken, ANTWERPEN, GENT) == [("wzw", "2022Q4", "teller")]
    assert westhoek_breaks(broken) == ["2018"]  # 2019: 75,2 %, above Vlaanderen (72,4 %)


# -- refused specifications --------------------------------------------------------------------


def _spec(**indicatoren) -> dict:
    """The real population spec with only the given indicators."""
    spec = yaml.safe_load((REPO / "params" / "voorbeeld.yaml").read_text(encoding="utf-8"))
    spec["indicatoren"] = indicatoren
    return spec


def _refusal(geography, published, spec) -> str:
    with pytest.raises(SpecError) as error:
        generate(geography, aio.load_catalogue(), spec, published)
    return str(error.value)


def test_an_unknown_area_in_effecten_is_refused(geography, published):
    spec = _spec(wzw={"perioden": ["2022Q4"], "vlaanderen": {"2022Q4": 1000},
                      "effecten": {"RG99": 0.5}})
    assert _refusal(geography, published, spec) == "wzw: onbekend gebied 'RG99' in effecten"


def test_a_derived_teller_above_its_noemer_is_refused(geography, published):
    spec = _spec(
        niet_beroepsactieven={"perioden": ["2019"], "vlaanderen": {"2019": 780974}},
        nba_graad={"perioden": ["2019"], "teller_van": "bevolking_20_64",
                   "noemer_van": "bevolking_20_64 - niet_beroepsactieven"},
    )
    assert _refusal(geography, published, spec) == (
        "nba_graad, 2019: de teller ligt buiten 0 tot de noemer")


def test_a_noemer_van_that_misses_the_flemish_noemer_is_refused(geography, published):
    spec = _spec(
        rmi={"perioden": ["2022-09"], "vlaanderen": {"2022-09": 40756}},
        twe_aandeel={"perioden": ["2022Q4"], "noemer_van": "rmi@dichtstbij",
                     "vlaanderen": {"2022Q4": 12.5}, "noemer_vlaanderen": {"2022Q4": 40000}},
    )
    assert _refusal(geography, published, spec) == (
        "twe_aandeel, 2022Q4: de noemer uit rmi@dichtstbij telt 40756, niet 40000")


def test_a_city_that_leaves_no_room_for_the_rest_is_refused(geography, published):
    # Antwerpen at 90 % werkenden with 75.278 niet-beroepsactieven: more than its population.
    spec = _spec(
        niet_beroepsactieven={"perioden": ["2019"], "vlaanderen": {"2019": 780974},
                              "gemeenten": {ANTWERPEN: {"2019": 75278}}},
        werkzaamheidsgraad={"perioden": ["2019"], "aanvulling": "niet_beroepsactieven",
                            "werkloosheid": {"spreiding": 0.2}, "vlaanderen": {"2019": 75.0},
                            "gemeenten": {ANTWERPEN: {"2019": 90.0}}},
    )
    assert _refusal(geography, published, spec) == (
        "werkzaamheidsgraad, 2019: de vaste teller van 11002 laat te weinig over voor de "
        "rest van de noemer")


def test_a_centrumstad_without_population_is_refused(geography, published):
    spec = _spec(wzw={"perioden": ["2022Q4"], "vlaanderen": {"2022Q4": 1000}})
    del spec["bevolking"]["centrumsteden"]["41002"]
    assert _refusal(geography, published, spec) == (
        "bevolking: centrumsteden zonder cijfer voor 2020: 41002")


def test_an_unknown_area_anchor_is_refused(geography, published):
    spec = _spec(werkgevers_werkplekleren={
        "perioden": ["2022Q4"], "vlaanderen": {"2022Q4": 2.6},
        "gebieden": {"RG99": {"2022Q4": 3.0}}, "provincies": {"99999": {"2022Q4": 3.0}}})
    assert _refusal(geography, published, spec) == (
        "werkgevers_werkplekleren: onbekend gebied 99999, RG99")
