"""Geography: the embedded reference tables and the API on them."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.geography import GeoError, Geography, normalise_name, version_for_periode

WVL_REGIEGEBIEDEN = {"Westhoek", "Midwest", "Zuid-West-Vlaanderen", "Regio Brugge", "Middenkust"}


# -- the embedded reference ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("grenzen", "expected"),
    [
        ("2024", {"vlaanderen": 1, "centrumstad": 13, "gemeente": 300, "provincie": 5,
                  "regiegebied": 37, "referentieregio": 15}),
        ("2025", {"vlaanderen": 1, "centrumstad": 13, "gemeente": 285, "provincie": 5,
                  "regiegebied": 37, "referentieregio": 15}),
        ("2018", {"vlaanderen": 1, "centrumstad": 13, "gemeente": 308, "provincie": 5,
                  "regiegebied": 37, "referentieregio": 15}),
    ],
)
def test_number_of_geographies_per_type(geography: Geography, grenzen, expected):
    counts = geography.geographies(grenzen=grenzen).groupby("type").size().to_dict()
    assert counts == expected


@pytest.mark.parametrize("grenzen", ["2018", "2024", "2025"])
def test_every_gemeente_in_exactly_one_province(geography: Geography, grenzen):
    m = geography.membership
    gemeenten = set(m[(m.grenzen == grenzen) & (m.type == "gemeente")].nis)
    provinces = m[(m.grenzen == grenzen) & (m.type == "provincie")]
    assert provinces.nis.is_unique
    assert set(provinces.nis) == gemeenten


@pytest.mark.parametrize("grenzen", ["2024", "2025"])
def test_referentieregios_partition_all_gemeenten(geography: Geography, grenzen):
    m = geography.membership
    gemeenten = set(m[(m.grenzen == grenzen) & (m.type == "gemeente")].nis)
    regions = m[(m.grenzen == grenzen) & (m.type == "referentieregio")]
    assert regions.nis.is_unique
    assert set(regions.nis) == gemeenten


def test_province_sizes_2025(geography: Geography):
    table = geography.geographies("provincie", "2025")
    assert dict(zip(table.naam, table.aantal_gemeenten, strict=True)) == {
        "Provincie Antwerpen": 67, "Provincie Vlaams-Brabant": 63,
        "Provincie West-Vlaanderen": 62, "Provincie Oost-Vlaanderen": 55,
        "Provincie Limburg": 38,
    }


def test_province_sizes_2024(geography: Geography):
    table = geography.geographies("provincie", "2024")
    assert dict(zip(table.naam, table.aantal_gemeenten, strict=True)) == {
        "Provincie Antwerpen": 69, "Provincie Vlaams-Brabant": 65,
        "Provincie West-Vlaanderen": 64, "Provincie Oost-Vlaanderen": 60,
        "Provincie Limburg": 42,
    }


def test_zwijndrecht_changes_province_in_2025(geography: Geography):
    assert geography.resolve("Zwijndrecht", "2024").provincie == "10000"
    assert geography.resolve("Beveren-Kruibeke-Zwijndrecht", "2025").provincie == "40000"


def test_regiegebieden_cover_238_gemeenten_in_2024_each_at_most_once(geography: Geography):
    m = geography.membership
    rg = m[(m.grenzen == "2024") & (m.type == "regiegebied")]
    assert rg.nis.is_unique
    assert rg.nis.nunique() == 238


def test_every_centrumstad_in_one_regiegebied_three_alone(geography: Geography):
    m = geography.membership[geography.membership.grenzen == "2024"]
    rg = m[m.type == "regiegebied"]
    sizes = rg.groupby("code").nis.nunique()
    steden = m[m.type == "centrumstad"].nis
    hosts = rg.set_index("nis").loc[steden, "code"]
    assert hosts.is_unique and len(hosts) == 13
    alone = sorted(rg[rg.code.isin(hosts[sizes[hosts].to_numpy() == 1])].naam)
    assert alone == ["Regie Stad Antwerpen", "Regie Stad Gent", "Regie Stad Leuven"]


def test_west_vlaanderen_has_the_five_regiegebieden_of_seed_003(geography: Geography):
    table = geography.geographies("regiegebied", "2024")
    wvl = {
        naam for naam, code in zip(table.naam, table.code, strict=True)
        if geography.get(code, "regiegebied", "2024").provincie == "30000"
    }
    assert wvl == WVL_REGIEGEBIEDEN


def test_regiegebied_status_values_and_sources(reference_tables):
    rg = reference_tables["regiegebieden"]
    assert set(rg.status) == {"bevestigd", "waarschijnlijk", "benadering"}
    for name, table in reference_tables.items():
        assert (table.bron.str.len() > 0).all(), name


# -- resolve ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Sint-Niklaas", "sint niklaas", "SINT-NIKLAAS", "46021",
                                  " Sînt-Nïklaas "])
def test_resolve_code_or_name_case_and_accent_insensitive(geography: Geography, text):
    geo = geography.resolve(text)
    assert (geo.code, geo.naam, geo.type) == ("46021", "Sint-Niklaas", "centrumstad")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Westhoek", ("RG29", "regiegebied")),
        ("referentieregio:Westhoek", ("REFREG07", "referentieregio")),
        ("Limburg", ("70000", "provincie")),
        ("Provincie Antwerpen", ("10000", "provincie")),
        ("Antwerpen", ("11002", "centrumstad")),
        ("gemeente:Gent", ("44021", "gemeente")),
        ("vlaanderen", ("02000", "vlaanderen")),
        ("Vlaams Gewest", ("02000", "vlaanderen")),
        ("rg12", ("RG12", "regiegebied")),
        ("Sint-Katelijne-Waver", ("12035", "gemeente")),
    ],
)
def test_resolve_shared_names_by_type_order(geography: Geography, text, expected):
    geo = geography.resolve(text)
    assert (geo.code, geo.type) == expected


def test_hasselt_changes_code_in_2025(geography: Geography):
    assert geography.resolve("Hasselt", "2024").code == "71022"
    assert geography.resolve("Hasselt", "2025").code == "71072"


def test_resolve_old_code_names_the_merger(geography: Geography):
    with pytest.raises(GeoError) as error:
        geography.resolve("71022", "2025")
    assert str(error.value) == (
        "geografie '71022' niet gevonden in grensversie 2025: Hasselt (71022) is op 1/1/2025 "
        "opgegaan in Hasselt (71072)"
    )


def test_resolve_typo_suggests(geography: Geography):
    with pytest.raises(GeoError) as error:
        geography.resolve("Sint-Niklas")
    assert str(error.value) == (
        "geografie 'Sint-Niklas' niet gevonden in grensversie 2025; bedoelde u 'Sint-Niklaas'?"
    )


def test_resolve_unknown_without_suggestion(geography: Geography):
    with pytest.raises(GeoError) as error:
        geography.resolve("regiegebied:Atlantis")
    assert str(error.value) == "regiegebied 'Atlantis' niet gevonden in grensversie 2025"


def test_unknown_boundary_version(geography: Geography):
    with pytest.raises(GeoError) as error:
        geography.resolve("Gent", "2023")
    assert str(error.value) == "onbekende grensversie '2023' (kies uit 2018, 2024, 2025)"


def test_unknown_type(geography: Geography):
    with pytest.raises(GeoError) as error:
        geography.geographies("stad")
    assert str(error.value) == (
        "onbekend type 'stad' (kies uit vlaanderen, centrumstad, gemeente, provincie, "
        "regiegebied, referentieregio)"
    )


def test_normalise_name():
    assert normalise_name("'s-Gravenwezel") == "s gravenwezel"
    assert normalise_name("Sint-Katelijne-Wavér") == normalise_name("sint katelijne waver")


# -- members and memberships ---------------------------------------------------------------


def test_memberships_of_gent(geography: Geography):
    table = geography.memberships_of("Gent")
    assert list(zip(table.type, table.code, strict=True)) == [
        ("vlaanderen", "02000"), ("centrumstad", "44021"), ("gemeente", "44021"),
        ("provincie", "40000"), ("regiegebied", "RG12"), ("referentieregio", "REFREG13"),
    ]


def test_members_follow_the_boundary_version(geography: Geography):
    assert geography.members("regiegebied:Regio Hasselt (benadering)", "2024") == (
        "71011", "71022", "71037", "71066")
    assert geography.members("regiegebied:Regio Hasselt (benadering)", "2025") == (
        "71011", "71037", "71066", "71072")


def test_older_version_inherits_membership_through_mergers(geography: Geography):
    nevele = geography.memberships_of("44049", "2018").set_index("type")
    assert nevele.loc["regiegebied", "code"] == "RG16"  # via Deinze
    assert nevele.loc["referentieregio", "code"] == "REFREG13"


# -- periods and geo checks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("periode", "grenzen"),
    [("2010", "2018"), ("2018Q4", "2018"), ("2019", "2024"), ("2024-12", "2024"),
     ("2025Q1", "2025"), ("2030", "2025")],
)
def test_version_for_periode(periode, grenzen):
    assert version_for_periode(periode) == grenzen


def test_version_for_bad_periode():
    with pytest.raises(GeoError) as error:
        version_for_periode("2022Q5")
    assert str(error.value) == "ongeldige periode '2022Q5'"


@pytest.mark.parametrize(
    ("geo", "periode"),
    [("44021", "2022Q4"), ("12041", "2015"), ("71072", "2022Q4"), ("RG01", "2021"),
     ("02000", "2020"), ("10000", "2022-09"), ("REFREG07", "2025")],
)
def test_check_geo_accepts(geography: Geography, geo, periode):
    assert geography.check_geo(geo, periode) is None


@pytest.mark.parametrize(
    ("geo", "periode", "reason"),
    [
        ("44049", "2022Q4", "gemeente '44049' bestaat niet in grensversie 2024 (geldig voor "
         "periode 2022Q4): Nevele is op 1/1/2019 opgegaan in Deinze (44083)"),
        ("11007", "2025-03", "gemeente '11007' bestaat niet in grensversie 2025 (geldig voor "
         "periode 2025-03): Borsbeek is op 1/1/2025 opgegaan in Antwerpen (11002)"),
        ("99999", "2020", "onbekende geografische code '99999'"),
        ("44021", "2022Q9", "ongeldige periode '2022Q9'"),
    ],
)
def test_check_geo_refuses(geography: Geography, geo, periode, reason):
    assert geography.check_geo(geo, periode) == reason


# -- conversion between boundary versions -----------------------------------------------------


def _obs(rows):
    return pd.DataFrame(rows, columns=["indicator", "geo", "periode", "teller", "noemer"])


def test_convert_sums_teller_and_noemer_along_the_merger(geography: Geography):
    obs = _obs([
        ("wzw_in_opleiding", "71022", "2022Q4", 300.0, 1500.0),  # Hasselt
        ("wzw_in_opleiding", "73040", "2022Q4", 20.0, 100.0),  # Kortessem
        ("wzw_in_opleiding", "44021", "2022Q4", 1000.0, 8000.0),  # Gent
    ])
    out = geography.convert(obs, "2025", "2024").set_index("geo")
    assert out.loc["71072", ["teller", "noemer"]].tolist() == [320.0, 1600.0]
    assert out.loc["44021", ["teller", "noemer"]].tolist() == [1000.0, 8000.0]
    assert len(out) == 2


def test_convert_suppressed_part_gives_missing_not_partial_sum(geography: Geography):
    obs = _obs([
        ("wzw", "71022", "2022Q4", 3000.0, None),
        ("wzw", "73040", "2022Q4", float("nan"), None),
    ])
    out = geography.convert(obs, "2025", "2024")
    assert math.isnan(out.loc[0, "teller"])
    assert math.isnan(out.loc[0, "noemer"])


def test_convert_carries_the_notes_of_the_parts(geography: Geography):
    obs = _obs([
        ("wzw", "71022", "2022Q4", 3000.0, None),
        ("wzw", "73040", "2022Q4", float("nan"), None),
    ]).assign(opmerking=["", "teller onderdrukt ('<5')"])
    out = geography.convert(obs, "2025", "2024")
    assert out["opmerking"].tolist() == ["teller onderdrukt ('<5')"]


def test_convert_chains_2019_and_2025_mergers(geography: Geography):
    obs = _obs([("wzw", "44011", "2015", 1.0, None), ("wzw", "44049", "2015", 1.0, None)])
    out = geography.convert(obs, "2025", "2018")
    assert out[["geo", "teller"]].values.tolist() == [["44083", 2.0]]


def test_convert_without_source_reads_each_code_in_the_version_of_its_periode(
    geography: Geography,
):
    obs = _obs([
        ("wzw", "44011", "2015", 3.0, None),  # Deinze (2018)
        ("wzw", "44049", "2015", 2.0, None),  # Nevele (2018) → Deinze
        ("wzw", "44083", "2020", 5.0, None),  # Deinze (2024), unchanged in 2025
        ("wzw", "71022", "2020", 10.0, None),  # Hasselt (2024)
        ("wzw", "73040", "2020", 1.0, None),  # Kortessem (2024) → Hasselt (2025)
        ("wzw", "11002", "2025Q1", 7.0, None),  # Antwerpen with Borsbeek
        ("wzw", "11002", "2022", 6.0, None),  # Antwerpen without Borsbeek, Borsbeek missing
    ])
    out = geography.convert(obs, "2025")
    assert out[["geo", "periode", "teller"]].fillna(-1).values.tolist() == [
        ["44083", "2020", 5.0], ["11002", "2025Q1", 7.0],
        ["44083", "2015", 5.0], ["71072", "2020", 11.0], ["11002", "2022", -1],
    ]


def test_convert_without_source_refuses_newer_codes(geography: Geography):
    with pytest.raises(GeoError) as error:
        geography.convert(_obs([("wzw", "71072", "2025", 1.0, None)]), "2024")
    assert str(error.value) == "codes zonder gemeente om te zetten naar grenzen 2024: 71072"


def test_convert_keeps_higher_level_codes(geography: Geography):
    obs = _obs([("esf_jongeren_bereik", "RG29", "2022", 12.0, None)])
    out = geography.convert(obs, "2025", "2024")
    assert out[["geo", "teller"]].values.tolist() == [["RG29", 12.0]]


def test_convert_to_older_boundaries_is_refused(geography: Geography):
    with pytest.raises(GeoError) as error:
        geography.convert(_obs([]), "2024", "2025")
    assert str(error.value) == (
        "omzetten van grenzen 2025 naar de oudere grenzen 2024 kan niet: een fusiegemeente "
        "valt niet op te splitsen"
    )


def test_convert_refuses_codes_of_another_version(geography: Geography):
    with pytest.raises(GeoError) as error:
        geography.convert(_obs([("wzw", "71072", "2022", 1.0, None)]), "2025", "2024")
    assert str(error.value) == "codes zonder gemeente in grensversie 2024: 71072"


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_convert_keeps_flemish_totals_exactly(geography: Geography, data):
    codes = geography.members("Vlaanderen", "2024")
    noemers = data.draw(st.lists(st.integers(1, 10**6), min_size=300, max_size=300))
    tellers = [data.draw(st.integers(0, n)) for n in noemers]
    obs = _obs([("wzw_in_opleiding", c, "2022Q4", float(t), float(n))
                for c, t, n in zip(codes, tellers, noemers, strict=True)])
    out = geography.convert(obs, "2025", "2024")
    assert len(out) == 285
    assert out.teller.sum() == sum(tellers)
    assert out.noemer.sum() == sum(noemers)


def test_regiegebieden_per_province_match_the_so_table_of_seed_003(geography: Geography):
    # Seed 003, Tabel 1: WVL 5, OVL 7, ANT 11, VBR 7, LIM 7 regiegebieden (37).
    table = geography.geographies("regiegebied", "2024")
    per_province: dict[str, int] = {}
    for code in table.code:
        province = geography.get(code, "regiegebied", "2024").provincie
        per_province[province] = per_province.get(province, 0) + 1
    assert per_province == {"10000": 11, "20001": 7, "30000": 5, "40000": 7, "70000": 7}
