"""The profile on a hand-made world: four gemeenten, two provinces, two periods.

    province 10000: Aa (11001), Bb (11002, centrumstad)    regiegebied RG01 = Aa + Bb
    province 40000: Cc (44001), Dd (44002)                 referentieregio's Noord / Zuid

Every expected figure below is computed by hand from the observations.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import io as aio
from analysis.geography import Geography
from analysis.indicators import (
    PROFILE_COLUMNS,
    _relations,
    aggregate,
    build_profile,
    latest_periode,
    linked_counts,
    shift_periode,
)

BRON = "handgemaakt"


def _geography() -> Geography:
    def frame(columns, rows):
        return pd.DataFrame(rows, columns=columns).assign(bron=BRON).astype(str)

    gemeenten = frame(["grenzen", "nis", "naam", "provincie"], [
        ("2024", "11001", "Aa", "10000"), ("2024", "11002", "Bb", "10000"),
        ("2024", "44001", "Cc", "40000"), ("2024", "44002", "Dd", "40000"),
    ])
    return Geography({
        "gemeenten": gemeenten,
        "provincies": frame(["code", "naam"], [("10000", "Antwerpen"),
                                               ("40000", "Oost-Vlaanderen")]),
        "fusies": frame(["fusie", "oud_nis", "oud_naam", "nieuw_nis", "nieuw_naam"], []),
        "centrumsteden": frame(["grenzen", "nis", "naam"], [("2024", "11002", "Bb")]),
        "regiegebieden": frame(
            ["grenzen", "code", "naam", "provincie", "nis", "status"],
            [("2024", "RG01", "Regio AB", "10000", "11001", "bevestigd"),
             ("2024", "RG01", "Regio AB", "10000", "11002", "bevestigd")],
        ),
        "referentieregios": frame(["grenzen", "code", "naam", "nis"], [
            ("2024", "REFREG01", "Noord", "11001"), ("2024", "REFREG01", "Noord", "11002"),
            ("2024", "REFREG02", "Zuid", "44001"), ("2024", "REFREG02", "Zuid", "44002"),
        ]),
    })


OBSERVATIONS = pd.DataFrame(
    [
        # wzw_in_opleiding (percent, hoger_beter, compared at 95 % / 99.8 %)
        ("wzw_in_opleiding", "11001", "2021Q4", 40, 400),
        ("wzw_in_opleiding", "11002", "2021Q4", 300, 2000),
        ("wzw_in_opleiding", "44001", "2021Q4", 3, 50),  # 3 < 5: suppressed
        ("wzw_in_opleiding", "44002", "2021Q4", 100, 1000),
        ("wzw_in_opleiding", "11001", "2022Q4", 50, 400),
        ("wzw_in_opleiding", "11002", "2022Q4", 400, 2000),
        ("wzw_in_opleiding", "44001", "2022Q4", 10, 50),
        ("wzw_in_opleiding", "44002", "2022Q4", 120, 1000),
        # wzw (count, lager_beter, not compared)
        ("wzw", "11001", "2021Q4", 400, None),
        ("wzw", "11002", "2021Q4", 2000, None),
        ("wzw", "44001", "2021Q4", 50, None),
        ("wzw", "44002", "2021Q4", 1000, None),
        ("wzw", "11001", "2022Q4", 420, None),
        ("wzw", "11002", "2022Q4", 1900, None),
        ("wzw", "44001", "2022Q4", 2, None),  # suppressed
        ("wzw", "44002", "2022Q4", 1100, None),
    ],
    columns=["indicator", "geo", "periode", "teller", "noemer"],
).astype({"teller": float, "noemer": float})


@pytest.fixture(scope="module")
def catalogue():
    return aio.load_catalogue()


@pytest.fixture(scope="module")
def profile(catalogue) -> pd.DataFrame:
    return build_profile(OBSERVATIONS, _geography(), catalogue)


def rows(profile, indicator, periode):
    sel = profile[(profile.indicator == indicator) & (profile.periode == periode)]
    return sel.set_index(["geo_type", "geo"])


def wilson(x, n, z):
    """Independent Wilson score interval (textbook form), in percent."""
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


def test_profile_has_the_documented_columns(profile):
    assert list(profile.columns) == list(PROFILE_COLUMNS)


def test_one_row_per_indicator_geography_periode(profile):
    # 2 indicators × 2 periods × (1 + 2 + 2 + 1 + 1 + 4) geographies
    assert len(profile) == 2 * 2 * 11
    assert not profile.duplicated(["indicator", "geo_type", "geo", "periode"]).any()


def test_rates_are_sums_of_tellers_over_sums_of_noemers(profile):
    r = rows(profile, "wzw_in_opleiding", "2022Q4")
    expected = {
        ("vlaanderen", "02000"): (580, 3450),
        ("provincie", "10000"): (450, 2400),
        ("provincie", "40000"): (130, 1050),
        ("regiegebied", "RG01"): (450, 2400),
        ("referentieregio", "REFREG01"): (450, 2400),
        ("referentieregio", "REFREG02"): (130, 1050),
        ("centrumstad", "11002"): (400, 2000),
        ("gemeente", "11001"): (50, 400),
        ("gemeente", "11002"): (400, 2000),
        ("gemeente", "44001"): (10, 50),
        ("gemeente", "44002"): (120, 1000),
    }
    got = {k: (r.loc[k, "teller"], r.loc[k, "noemer"]) for k in expected}
    assert got == expected
    for key, (t, n) in expected.items():
        assert r.loc[key, "waarde"] == pytest.approx(100 * t / n, rel=1e-12)


def test_intervals_are_wilson_at_95_and_99_8(profile):
    r = rows(profile, "wzw_in_opleiding", "2022Q4")
    row = r.loc[("gemeente", "11001")]
    assert (row.ci95_laag, row.ci95_hoog) == pytest.approx(wilson(50, 400, 1.959963984540054))
    assert (row.ci998_laag, row.ci998_hoog) == pytest.approx(wilson(50, 400, 3.090232306167813))


def test_comparison_with_vlaanderen(profile):
    r = rows(profile, "wzw_in_opleiding", "2022Q4")
    assert r["vergelijking_vlaanderen"].to_dict() == {
        ("vlaanderen", "02000"): "niet vergeleken",
        ("provincie", "10000"): "beter",  # 18,75 %: CI95 17,2-20,4, CI99,8 16,4-21,3
        ("provincie", "40000"): "slechtst",  # 12,4 %: CI99,8 9,6-15,9 < 16,8
        ("referentieregio", "REFREG01"): "beter",
        ("referentieregio", "REFREG02"): "slechtst",
        ("regiegebied", "RG01"): "beter",
        ("centrumstad", "11002"): "best",  # 20 %: CI99,8 17,4-22,9 > 16,8
        ("gemeente", "11001"): "slechter",  # 12,5 %: CI95 9,6-16,1; CI99,8 8,2-18,5
        ("gemeente", "11002"): "best",
        ("gemeente", "44001"): "vergelijkbaar",  # 10/50: CI95 11,2-33,0
        ("gemeente", "44002"): "slechtst",  # 12 %: CI99,8 9,2-15,5
    }
    assert r.loc[("vlaanderen", "02000"), "vergelijking_vlaanderen_reden"] == "is zelf Vlaanderen"
    assert r["vlaanderen"].unique() == pytest.approx([100 * 580 / 3450])


def test_comparison_with_the_province(profile):
    r = rows(profile, "wzw_in_opleiding", "2022Q4")
    assert r["vergelijking_provincie"].to_dict() == {
        ("vlaanderen", "02000"): "niet vergeleken",
        ("provincie", "10000"): "niet vergeleken",
        ("provincie", "40000"): "niet vergeleken",
        ("referentieregio", "REFREG01"): "vergelijkbaar",  # equal to its province
        ("referentieregio", "REFREG02"): "vergelijkbaar",
        ("regiegebied", "RG01"): "vergelijkbaar",
        ("centrumstad", "11002"): "vergelijkbaar",  # 20 %: CI95 18,3-21,8 holds 18,75
        ("gemeente", "11001"): "slechtst",  # 12,5 %: CI99,8 up to 18,5 < 18,75
        ("gemeente", "11002"): "vergelijkbaar",
        ("gemeente", "44001"): "vergelijkbaar",
        ("gemeente", "44002"): "vergelijkbaar",  # 12 % vs 12,4 %
    }
    reasons = r["vergelijking_provincie_reden"]
    assert reasons[("vlaanderen", "02000")] == "Vlaanderen ligt niet in één provincie"
    assert reasons[("provincie", "10000")] == "is zelf een provincie"
    assert r.loc[("gemeente", "44002"), "provincie_waarde"] == pytest.approx(100 * 130 / 1050)


def test_ranks_and_quartiles_among_peers(profile):
    r = rows(profile, "wzw_in_opleiding", "2022Q4")
    gem = r.loc["gemeente"]
    assert gem["rang"].to_dict() == {"11001": 3, "11002": 1, "44001": 1, "44002": 4}
    assert gem["n_peers"].unique().tolist() == [4]
    assert gem["kwartiel"].to_dict() == {"11001": 3, "11002": 1, "44001": 1, "44002": 4}
    prov = r.loc["provincie"]
    assert prov["rang"].to_dict() == {"10000": 1, "40000": 2}
    assert prov["kwartiel"].to_dict() == {"10000": 1, "40000": 3}
    assert math.isnan(r.loc[("vlaanderen", "02000"), "rang"])


def test_counts_rank_by_size(profile):
    gem = rows(profile, "wzw", "2022Q4").loc["gemeente"]
    # Cc (2) is suppressed, Dd secondarily: only Aa (420) and Bb (1900) are ranked.
    assert gem["rang"].fillna(0).to_dict() == {"11001": 2, "11002": 1, "44001": 0, "44002": 0}


def test_primary_suppression_of_small_counts(profile):
    row = rows(profile, "wzw_in_opleiding", "2021Q4").loc[("gemeente", "44001")]
    assert row.onderdrukt == 1
    assert math.isnan(row.teller) and math.isnan(row.noemer) and math.isnan(row.waarde)
    assert math.isnan(row.ci95_laag)
    assert row.opmerking == "onderdrukt: telling kleiner dan 5"
    assert row.vergelijking_vlaanderen == "niet vergeleken"
    assert row.vergelijking_vlaanderen_reden == "onderdrukt"


def test_secondary_suppression_protects_the_small_count(profile):
    r = rows(profile, "wzw_in_opleiding", "2021Q4")
    dd = r.loc[("gemeente", "44002")]
    assert dd.onderdrukt == 1
    assert dd.opmerking == (
        "onderdrukt: secundair onderdrukt: anders af te leiden uit het totaal"
    )
    # The province stays published: 103/1050 cannot be split into Cc and Dd any more.
    assert r.loc[("provincie", "40000"), ["teller", "noemer"]].tolist() == [103, 1050]


def test_suppressed_counts_never_appear(profile):
    hidden = profile[profile.onderdrukt == 1]
    assert len(hidden) == 4  # Cc and Dd, in 2021Q4 (rate) and 2022Q4 (count)
    assert hidden[["teller", "noemer", "waarde", "ci95_laag", "ci95_hoog"]].isna().all().all()
    published = set(profile.loc[profile.onderdrukt == 0, "teller"].dropna())
    assert not published & {2.0, 3.0}


def test_change_in_procentpunt_with_two_proportion_test(profile):
    r = rows(profile, "wzw_in_opleiding", "2022Q4")
    assert r.loc[("gemeente", "11001"), "verschil_1j"] == pytest.approx(2.5)
    assert r.loc[("gemeente", "11001"), "verschil_1j_significant"] == 0  # z = 1,12
    assert r.loc[("gemeente", "11002"), "verschil_1j"] == pytest.approx(5.0)
    assert r.loc[("gemeente", "11002"), "verschil_1j_significant"] == 1  # z = 4,16
    vl = r.loc[("vlaanderen", "02000")]
    assert vl.verschil_1j == pytest.approx(100 * 580 / 3450 - 100 * 443 / 3450)
    assert math.isnan(vl.verschil_2j)


def test_change_against_a_suppressed_year_is_not_shown(profile):
    r = rows(profile, "wzw_in_opleiding", "2022Q4")
    assert math.isnan(r.loc[("gemeente", "44001"), "verschil_1j"])
    assert math.isnan(r.loc[("gemeente", "44002"), "verschil_1j"])


def test_change_of_a_count_in_procent_without_test(profile):
    vl = rows(profile, "wzw", "2022Q4").loc[("vlaanderen", "02000")]
    assert vl.teller == 3422
    assert vl.verschil_1j == pytest.approx((3422 / 3450 - 1) * 100)
    assert math.isnan(vl.verschil_1j_significant)


def test_two_points_give_no_trend(profile):
    r = rows(profile, "wzw_in_opleiding", "2022Q4")
    assert r.loc[("vlaanderen", "02000"), "trend"] == "niet berekend"
    assert r.loc[("vlaanderen", "02000"), "trend_reden"] == "te weinig punten (2 van minstens 3)"
    # A suppressed year breaks the series.
    assert r.loc[("gemeente", "44001"), "trend_reden"] == "te weinig punten (1 van minstens 3)"
    counts = rows(profile, "wzw", "2022Q4")
    assert counts.loc[("vlaanderen", "02000"), "trend_reden"] == "geen trendtoets voor aantallen"


def test_count_indicators_are_not_compared(profile):
    r = rows(profile, "wzw", "2022Q4")
    assert set(r["vergelijking_vlaanderen"]) == {"niet vergeleken"}
    assert r.loc[("gemeente", "11001"), "vergelijking_vlaanderen_reden"] == (
        "geen vergelijking voor deze indicator"
    )


def test_sources_come_from_the_catalogue(profile, catalogue):
    r = rows(profile, "wzw", "2022Q4").iloc[0]
    assert (r.bron, r.peildatum) == (catalogue["wzw"].bron, catalogue["wzw"].peildatum)


# -- coverage, higher-level figures -------------------------------------------------------------


def test_partial_coverage_is_flagged(catalogue):
    obs = OBSERVATIONS[OBSERVATIONS.geo != "44002"]
    r = rows(build_profile(obs, _geography(), catalogue), "wzw", "2022Q4")
    prov = r.loc[("provincie", "40000")]
    assert (prov.n_gemeenten, prov.n_met_gegevens) == (2, 1)
    assert prov.opmerking.endswith("onvolledig: gegevens voor 1 van 2 gemeenten")


def test_figure_known_only_at_a_higher_level_stays_there(catalogue):
    obs = pd.DataFrame(
        [("wijkwerk_uitstroom_3m", "RG01", "2022Q4", 30.0, 200.0)],
        columns=["indicator", "geo", "periode", "teller", "noemer"],
    )
    profile = build_profile(obs, _geography(), catalogue)
    assert profile[["geo_type", "geo"]].values.tolist() == [["regiegebied", "RG01"]]
    row = profile.iloc[0]
    assert row.waarde == pytest.approx(15.0)
    assert row.opmerking == "cijfer rechtstreeks op dit niveau geleverd"


# -- periods --------------------------------------------------------------------------------------


def test_shift_periode_keeps_quarter_and_month():
    assert shift_periode(pd.Series(["2022Q4", "2022-09", "2019"]), 1).tolist() == [
        "2021Q4", "2021-09", "2018"]


def test_latest_periode():
    assert latest_periode(pd.Series(["2021Q4", "2022Q1", "2020"])) == "2022Q1"
    assert latest_periode(pd.Series(["2022Q4", "2022"])) == "2022"


# -- properties ------------------------------------------------------------------------------


@settings(max_examples=10, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=4, max_size=4))
def test_aggregate_of_a_partition_equals_aggregate_of_the_union(catalogue, parts):
    """Vlaanderen from the gemeenten = Vlaanderen from the provinces = from the regions."""
    geo = _geography()
    obs = pd.DataFrame(
        [("wzw_in_opleiding", code, "2022Q4", float(t), float(t + extra + 1))
         for code, (t, extra) in zip(("11001", "11002", "44001", "44002"), parts, strict=True)],
        columns=["indicator", "geo", "periode", "teller", "noemer"],
    )
    profile = build_profile(obs, geo, catalogue)
    raw = profile.copy()
    # Compare unsuppressed sums: rebuild without disclosure by summing the input directly.
    total = obs[["teller", "noemer"]].sum()
    vl = raw[raw.geo_type == "vlaanderen"].iloc[0]
    if not vl.onderdrukt:
        assert (vl.teller, vl.noemer) == (total.teller, total.noemer)
    for child in ("provincie", "referentieregio"):
        kids = raw[raw.geo_type == child]
        if not kids.onderdrukt.any() and len(kids) == 2:
            assert kids.teller.sum() == total.teller
            assert kids.noemer.sum() == total.noemer


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=4, max_size=4))
def test_no_suppressed_count_can_be_recovered_by_subtraction(catalogue, counts):
    geo = _geography()
    obs = pd.DataFrame(
        [("wzw", code, "2022Q4", float(c), np.nan)
         for code, c in zip(("11001", "11002", "44001", "44002"), counts, strict=True)],
        columns=["indicator", "geo", "periode", "teller", "noemer"],
    )
    profile = build_profile(obs, geo, catalogue).drop_duplicates("geo")
    shown = profile.set_index("geo")["teller"]
    # No count 1-4 is published.
    assert not shown.between(1, 4).any()
    # In every partition with a published parent, never exactly one part hidden.
    partitions = {"02000": ["10000", "40000"], "10000": ["11001", "11002"],
                  "40000": ["44001", "44002"], "RG01": ["11001", "11002"],
                  "REFREG01": ["11001", "11002"], "REFREG02": ["44001", "44002"]}
    for parent, kids in partitions.items():
        if not math.isnan(shown[parent]):
            assert sum(math.isnan(shown[k]) for k in kids) != 1, (parent, counts)


# -- disclosure in a wider world: regions that cut across provinces -------------------------------


def _wider_geography() -> Geography:
    """Three provinces, regiegebieden and referentieregio's that do not nest:

        10000: 11001 11002 11003 11004    RG01 = 11001 + 11002, RG02 = 11003 + 11004
        40000: 44001 44002 44003          RG03 = 44001 (a regiegebied of one gemeente)
        70000: 71001 71002                REF01 = 11001-11003, REF02 = 11004 + 40000's,
                                          REF03 = 70000 (the same gemeenten)
    """
    def frame(columns, rows):
        return pd.DataFrame(rows, columns=columns).assign(bron=BRON).astype(str)

    provinces = {"11001": "10000", "11002": "10000", "11003": "10000", "11004": "10000",
                 "44001": "40000", "44002": "40000", "44003": "40000",
                 "71001": "70000", "71002": "70000"}
    regiegebieden = [("RG01", "10000", "11001"), ("RG01", "10000", "11002"),
                     ("RG02", "10000", "11003"), ("RG02", "10000", "11004"),
                     ("RG03", "40000", "44001")]
    referentieregios = [("REF01", n) for n in ("11001", "11002", "11003")] + [
        ("REF02", n) for n in ("11004", "44001", "44002", "44003")] + [
        ("REF03", n) for n in ("71001", "71002")]
    return Geography({
        "gemeenten": frame(["grenzen", "nis", "naam", "provincie"],
                           [("2024", n, f"G{n}", p) for n, p in provinces.items()]),
        "provincies": frame(["code", "naam"], [("10000", "Antwerpen"),
                                               ("40000", "Oost-Vlaanderen"),
                                               ("70000", "Limburg")]),
        "fusies": frame(["fusie", "oud_nis", "oud_naam", "nieuw_nis", "nieuw_naam"], []),
        "centrumsteden": frame(["grenzen", "nis", "naam"], []),
        "regiegebieden": frame(["grenzen", "code", "naam", "provincie", "nis", "status"],
                               [("2024", c, f"Regio {c}", p, n, "bevestigd")
                                for c, p, n in regiegebieden]),
        "referentieregios": frame(["grenzen", "code", "naam", "nis"],
                                  [("2024", c, f"Ref {c}", n) for c, n in referentieregios]),
    })


def _counts(values: dict[str, float], indicator: str = "wzw",
            periode: str = "2022Q4") -> pd.DataFrame:
    return pd.DataFrame(
        [(indicator, code, periode, float(v), np.nan) for code, v in values.items()],
        columns=["indicator", "geo", "periode", "teller", "noemer"])


def _recoverable(profile: pd.DataFrame, geography: Geography) -> list[tuple[str, str, str]]:
    """Hidden figures that are a linear combination of published ones (independent check).

    Per indicator × periode every summed figure is a 0/1 row over the gemeenten with data; a
    hidden one is recoverable when its row over the hidden gemeenten lies in the row space of
    the published higher figures over those gemeenten (published gemeenten are known).
    """
    m = geography.membership[geography.membership["grenzen"] == "2024"]
    sets = m.groupby("code")["nis"].agg(frozenset).to_dict()
    found = []
    for (indicator, periode), group in profile.groupby(["indicator", "periode"]):
        group = group[group["geo_type"] != "centrumstad"]
        hidden = group["onderdrukt"] == 1
        gemeenten = group[group["geo_type"] == "gemeente"]
        unknown = sorted(gemeenten.loc[gemeenten["onderdrukt"] == 1, "geo"])
        published = group[~hidden & group["teller"].notna() & (group["geo_type"] != "gemeente")]

        def row(code: str) -> list[float]:
            return [float(n in sets[code]) for n in unknown]  # noqa: B023

        a = np.array([row(c) for c in published["geo"]]).reshape(-1, len(unknown))
        rank = np.linalg.matrix_rank(a) if a.size else 0
        for code in group.loc[hidden, "geo"]:
            target = np.array(row(code))
            if not target.any() or np.linalg.matrix_rank(np.vstack([a, target])) == rank:
                found.append((indicator, periode, code))
    return found


def test_relations_are_every_exact_partition_union_and_identity():
    found = {
        (frozenset(g.loc[g.side == 0, "geo"]), frozenset(g.loc[g.side == 1, "geo"]))
        for _, g in _relations(_wider_geography(), "2024").groupby("relation")
    }
    expected = {
        # Vlaanderen = its provinces = its referentieregio's = its gemeenten.
        (frozenset({"02000"}), frozenset({"10000", "40000", "70000"})),
        (frozenset({"02000"}), frozenset({"REF01", "REF02", "REF03"})),
        # A province = its regiegebieden (RG03 covers only one gemeente of 40000: no relation).
        (frozenset({"10000"}), frozenset({"RG01", "RG02"})),
        # Antwerpen + Oost-Vlaanderen = the two referentieregio's that straddle them.
        (frozenset({"10000", "40000"}), frozenset({"REF01", "REF02"})),
        # The same gemeenten under two names.
        (frozenset({"70000"}), frozenset({"REF03"})),
        (frozenset({"RG03"}), frozenset({"44001"})),
    }
    assert expected <= found
    assert (frozenset({"02000"}), frozenset({"RG01", "RG02", "RG03"})) not in found
    assert (frozenset({"40000"}), frozenset({"RG03"})) not in found
    gemeenten = {frozenset(g.loc[g.side == 1, "geo"]) for _, g in
                 _relations(_wider_geography(), "2024").groupby("relation")
                 if g.loc[g.side == 0, "geo"].tolist() == ["REF02"]}
    assert gemeenten == {frozenset({"11004", "44001", "44002", "44003"})}


def test_a_province_split_into_regiegebieden_protects_the_small_one(catalogue):
    # RG01 = 1 + 2 = 3 is suppressed; without more, RG01 = province 10000 − RG02.
    obs = _counts({"11001": 1, "11002": 2, "11003": 40, "11004": 50, "44001": 30,
                   "44002": 35, "44003": 45, "71001": 60, "71002": 70})
    profile = build_profile(obs, _wider_geography(), catalogue)
    shown = profile.set_index("geo")
    assert shown.loc["RG01", "opmerking"] == "onderdrukt: telling kleiner dan 5"
    assert shown.loc["RG02", "onderdrukt"] == 1
    assert shown.loc["RG02", "opmerking"] == (
        "onderdrukt: secundair onderdrukt: anders af te leiden uit het totaal")
    assert shown.loc["10000", "teller"] == 93
    assert _recoverable(profile, _wider_geography()) == []


def test_an_area_of_the_same_gemeenten_is_hidden_with_it(catalogue):
    # 44002 = 3 is suppressed, 44001 (the smallest other gemeente of 40000) secondarily; RG03
    # is 44001 under another name and would show it.
    obs = _counts({"11001": 40, "11002": 45, "11003": 50, "11004": 55, "44001": 20,
                   "44002": 3, "44003": 30, "71001": 60, "71002": 70})
    profile = build_profile(obs, _wider_geography(), catalogue)
    shown = profile.set_index("geo")
    assert shown.loc["44001", "onderdrukt"] == 1
    assert shown.loc["RG03", "onderdrukt"] == 1
    assert math.isnan(shown.loc["RG03", "teller"])
    assert _recoverable(profile, _wider_geography()) == []


def test_a_gemeente_without_data_adds_nothing_and_protects_nothing(catalogue):
    # 40000 = 44002 + 44003 (44001 has no data): 44002 = 2 would be 40000 − 44003.
    obs = _counts({"11001": 40, "11002": 45, "11003": 50, "11004": 55, "44001": np.nan,
                   "44002": 2, "44003": 30, "71001": 60, "71002": 70})
    profile = build_profile(obs, _wider_geography(), catalogue)
    shown = profile.set_index("geo")
    assert shown.loc["44002", "onderdrukt"] == 1
    assert shown.loc["44003", "onderdrukt"] == 1
    assert shown.loc["44001", "onderdrukt"] == 0  # no figure, nothing to hide
    assert _recoverable(profile, _wider_geography()) == []


def test_counts_shown_again_by_another_indicator_are_found(catalogue):
    counts = {"11001": 40, "11002": 45, "11003": 50, "11004": 55, "44001": 20, "44002": 3,
              "44003": 30, "71001": 60, "71002": 70}
    # wzw_in_opleiding: teller in opleiding, noemer = wzw.
    tellers = {**{code: n // 4 for code, n in counts.items()}, "44001": 15, "44002": 1,
               "44003": 6}
    obs = pd.concat([
        _counts(counts),
        pd.DataFrame([("wzw_in_opleiding", code, "2022Q4", float(tellers[code]), float(n))
                      for code, n in counts.items()],
                     columns=["indicator", "geo", "periode", "teller", "noemer"]),
    ], ignore_index=True)
    geography = _wider_geography()
    frame = aggregate(obs, geography, catalogue, "2024")
    assert linked_counts(frame).to_dict("records") == [
        {"indicator": "wzw", "gekoppeld": "wzw_in_opleiding", "kolom": "noemer"}]
    profile = build_profile(obs, geography, catalogue)
    count = rows(profile, "wzw", "2022Q4")
    rate = rows(profile, "wzw_in_opleiding", "2022Q4")
    # wzw hides 44002 (3) and 44001 (20, the smallest other gemeente of 40000).
    assert count.loc[("gemeente", "44001"), "onderdrukt"] == 1
    # wzw_in_opleiding hides 44002 (noemer 3) and 44003 (the smallest other teller, 6); its
    # noemer at 44001 would be wzw's hidden 20, so that row is hidden too, and RG03 with it.
    assert rate.loc[("gemeente", "44003"), "onderdrukt"] == 1
    row = rate.loc[("gemeente", "44001")]
    assert (row.onderdrukt, row.opmerking) == (
        1, "onderdrukt: secundair onderdrukt: toont anders het onderdrukte cijfer van "
           "'Werkzoekenden zonder werk'")
    assert math.isnan(row.noemer)
    assert rate.loc[("regiegebied", "RG03"), "onderdrukt"] == 1
    hidden_counts = set(count.loc[count.onderdrukt == 1].index.get_level_values("geo"))
    shown = rate[(rate.onderdrukt == 0) & rate.index.get_level_values("geo").isin(hidden_counts)]
    assert shown.empty


# -- trends and projections on the profile ---------------------------------------------------------


def _series(indicator, code, values, periods):
    return pd.DataFrame(
        [(indicator, code, p, float(t), float(n)) for p, (t, n) in zip(periods, values,
                                                                       strict=True)],
        columns=["indicator", "geo", "periode", "teller", "noemer"],
    )


@pytest.mark.parametrize(
    ("values", "trend"),
    [
        # 50 → 53 → 56 % on 10 000 per year: χ² ≈ 72, every step up.
        ([(5000, 10000), (5300, 10000), (5600, 10000)], "stijgend en verbeterend"),
        ([(5600, 10000), (5300, 10000), (5000, 10000)], "dalend en verslechterend"),
        # 50 → 53 → 56 % on 100 per year: χ² = 0,72.
        ([(50, 100), (53, 100), (56, 100)], "geen significante verandering"),
    ],
)
def test_trend_direction_rising_and_falling(catalogue, values, trend):
    obs = _series("wzw_in_opleiding", "11001", values, ["2020Q4", "2021Q4", "2022Q4"])
    profile = build_profile(obs, _geography(), catalogue)
    row = profile[(profile.geo_type == "gemeente") & (profile.periode == "2022Q4")].iloc[0]
    assert (row.trend, row.trend_punten) == (trend, 3)


def test_trend_polarity_lower_is_better(catalogue):
    obs = _series("ongekwalificeerde_uitstroom", "11001",
                  [(5600, 10000), (5300, 10000), (5000, 10000)], ["2018", "2019", "2020"])
    profile = build_profile(obs, _geography(), catalogue)
    row = profile[(profile.geo_type == "gemeente") & (profile.periode == "2020")].iloc[0]
    assert row.trend == "dalend en verbeterend"


def test_projection_to_the_target_on_the_latest_row(catalogue):
    # 70 % in 2015 rising 1 procentpunt a year: 80 % in 2025.
    years = [str(y) for y in range(2015, 2020)]
    values = [(700 + 10 * i, 1000) for i in range(5)]
    obs = _series("werkzaamheidsgraad", "11002", values, years)
    profile = build_profile(obs, _geography(), catalogue)
    city = profile[profile.geo_type == "centrumstad"].set_index("periode")
    assert city.loc["2019", "projectie_jaar"] == 2025
    assert city.loc["2019", "projectie"].startswith("indicatief: ")
    assert city.loc["2018", "projectie"] == ""
    assert set(city["streefwaarde"]) == {80.0}
    # Gemeenten get no report, hence no projection.
    assert set(profile.loc[profile.geo_type == "gemeente", "projectie"]) == {""}


def test_projection_columns_give_both_windows_and_the_target_measure_its_target(catalogue):
    # 70,0 … 73,4 % in 2012-2019, rising faster at the end: all eight points reach 80 % in
    # 2034, the last five in 2029 (golden values of tests/test_statistics.py).
    per_mille = [700, 702, 703, 706, 710, 718, 725, 734]
    obs = pd.concat([
        _series("werkzaamheidsgraad", "11002", [(t, 1000) for t in per_mille],
                [str(y) for y in range(2012, 2020)]),
        _series("werkzaamheidsgraad_eak", "02000", [(764, 1000)], ["2022Q3"]),
    ])
    profile = build_profile(obs, _geography(), catalogue)
    city = profile[profile.geo_type == "centrumstad"].set_index("periode").loc["2019"]
    assert (city.projectie_venster, city.projectie_jaar, city.projectie_jaar_vroegst,
            city.projectie_jaar_laatst) == ("2012–2019", 2034, 2030, 2043)
    assert (city.projectie_kort_venster, city.projectie_kort_jaar) == ("2015–2019", 2029)
    assert city.projectie_kort.startswith("indicatief: bij de lineaire trend van 2015–2019 ")
    eak = profile[profile.indicator == "werkzaamheidsgraad_eak"].iloc[0]
    assert (eak.streefwaarde, eak.projectie, eak.projectie_venster) == (
        80.0, "niet berekend: te weinig punten (1 van minstens 3)", "2022")
    assert np.isnan(eak.projectie_jaar) and np.isnan(eak.projectie_kort_jaar)


def test_projection_of_a_count_target_speaks_of_a_count_not_a_percentage(catalogue):
    # 9.000, 9.500, 10.000: a straight line, 11.500 in 2025 (11.000 in 2024), no band.
    obs = _series("esf_outreach_bereik", "02000", [(9000, np.nan), (9500, np.nan),
                                                   (10000, np.nan)], ["2020", "2021", "2022"])
    profile = build_profile(obs, _geography(), catalogue)
    row = profile[(profile.geo_type == "vlaanderen") & (profile.periode == "2022")].iloc[0]
    assert row.projectie == ("indicatief: bij de lineaire trend van 2020–2022 wordt 11.040 "
                             "bereikt rond 2025 (95 %-voorspellingsband 2025 – 2025)")


# -- relevance beside significance (relevant_verschil: 1 procentpunt for the werkzaamheidsgraad)

# 1 000 000 inwoners per gemeente: every difference of a few tenths is significant.
RELEVANCE = _series("werkzaamheidsgraad", "11001", [(738000, 1000000), (740000, 1000000),
                                                    (743000, 1000000)], ["2017", "2018", "2019"])
RELEVANCE = pd.concat([RELEVANCE] + [
    _series("werkzaamheidsgraad", code, values, ["2017", "2018", "2019"])
    for code, values in (
        ("11002", [(750000, 1000000), (760000, 1000000), (772000, 1000000)]),
        ("44001", [(737000, 1000000)] * 3),
        ("44002", [(756000, 1000000)] * 3),
    )
], ignore_index=True)


@pytest.fixture(scope="module")
def relevance(catalogue) -> pd.DataFrame:
    return build_profile(RELEVANCE, _geography(), catalogue)


def test_comparison_needs_a_relevant_difference(relevance):
    r = rows(relevance, "werkzaamheidsgraad", "2019")
    assert r.loc[("vlaanderen", "02000"), "waarde"] == pytest.approx(75.2)  # 3 008 000 / 4 000 000
    assert r["vergelijking_vlaanderen"].to_dict() == {
        ("vlaanderen", "02000"): "niet vergeleken",
        ("provincie", "10000"): "vergelijkbaar",  # 75,8 %: significant, 0,6 < 1 procentpunt
        ("provincie", "40000"): "vergelijkbaar",  # 74,7 %: 0,5
        ("referentieregio", "REFREG01"): "vergelijkbaar",
        ("referentieregio", "REFREG02"): "vergelijkbaar",
        ("regiegebied", "RG01"): "vergelijkbaar",
        # 77,2 % (as Roeselare): 2,0 = 2 × 1 procentpunt, beyond 99,8 %; best needs more.
        ("centrumstad", "11002"): "beter",
        ("gemeente", "11001"): "vergelijkbaar",  # 74,3 %: beyond 99,8 %, but 0,9 < 1
        ("gemeente", "11002"): "beter",
        ("gemeente", "44001"): "slechter",  # 73,7 %: 1,5, beyond 99,8 % but under 2 × 1
        ("gemeente", "44002"): "vergelijkbaar",  # 75,6 %: 0,4
    }
    # Against its province (74,65 → 74,7 %): 73,7 is 1,0 lower, 75,6 is 0,9 higher.
    assert r.loc[("gemeente", "44001"), "vergelijking_provincie"] == "slechter"
    assert r.loc[("gemeente", "44002"), "vergelijking_provincie"] == "vergelijkbaar"


def test_change_is_significant_only_when_also_relevant(relevance):
    r = rows(relevance, "werkzaamheidsgraad", "2019")
    aa, bb = r.loc[("gemeente", "11001")], r.loc[("gemeente", "11002")]
    # 74,0 → 74,3 % (z ≈ 4,8) and 73,8 → 74,3 % (two years, z ≈ 8): significant, but 0,3 and
    # 0,5 < 1 procentpunt.
    assert (aa.verschil_1j_significant, aa.verschil_2j_significant) == (0, 0)
    # 76,0 → 77,2 % and 75,0 → 77,2 %: significant and at least 1 procentpunt.
    assert (bb.verschil_1j_significant, bb.verschil_2j_significant) == (1, 1)
    assert (aa.verschil_2j, bb.verschil_1j) == (pytest.approx(0.5), pytest.approx(1.2))


def test_trend_is_a_change_only_when_the_run_changes_by_the_relevant_difference(relevance):
    r = rows(relevance, "werkzaamheidsgraad", "2019")
    aa, bb = r.loc[("gemeente", "11001")], r.loc[("gemeente", "11002")]
    # 73,8 → 74,0 → 74,3 %: χ² ≈ 65 > 9,55 and every step up, but only 0,5 procentpunt.
    assert (aa.trend, aa.trend_reden) == (
        "geen significante verandering", "significant, maar kleiner dan het relevante verschil")
    assert (bb.trend, bb.trend_reden) == ("stijgend en verbeterend", "")
