"""The qualitative material (data/kwalitatief): loading, counts, linking, SO table, messages."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from analysis import io as aio
from analysis import kwalitatief as kw

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "kwalitatief"


def load(path: Path, name: str | None = None):
    """Read and build one file the way the package does; ``name`` picks the builder."""
    kind, whole, builder = kw.FILES[name or path.name]
    document = aio.read_yaml(path, kind=kind, whole=whole)
    return builder(document, str(path))


@pytest.fixture(scope="module")
def acties():
    result, problems = load(DATA / "acties.yaml")
    assert problems == []
    return result


@pytest.fixture(scope="module")
def praktijken():
    result, problems = load(DATA / "praktijken.yaml")
    assert problems == []
    return result


@pytest.fixture(scope="module")
def digibanken():
    result, problems = load(DATA / "digibanken.yaml")
    assert problems == []
    return result


@pytest.fixture(scope="module")
def so_status():
    result, problems = load(DATA / "so_status.yaml")
    assert problems == []
    return result


@pytest.fixture(scope="module")
def actie_links(acties, geography):
    links, problems = kw.link_to_geographies(acties, geography)
    assert problems == []
    return links


def by_title(items, titel):
    return next(item for item in items if item.titel == titel)


# --------------------------------------------------------------------------------------------
# The real files


@pytest.mark.parametrize("name", sorted(kw.FILES))
def test_real_files_load_without_problems(name):
    result, problems = load(DATA / name)
    assert [str(p) for p in problems] == []
    assert result


def test_action_counts(acties):
    assert len(acties) == 117
    per_section = Counter((a.hoofdstuk, a.sectie) for a in acties)
    assert per_section == {
        (1, 2): 30, (1, 7): 17, (1, 10): 31, (1, 12): 21,
        (2, 2): 4, (2, 7): 2, (2, 10): 9, (2, 12): 3,
    }
    assert Counter(a.hoofdstuk for a in acties) == {1: 99, 2: 18}
    assert len({a.titel for a in acties}) == len(acties)


def test_action_provenance_and_dates(acties):
    jobdag = by_title(acties, "Jobdag Horeca Sint-Truiden")
    assert jobdag.bestand.endswith("acties.yaml")
    assert jobdag.rij is not None and jobdag.line_of("plaatsen") == jobdag.rij + 1
    pelt = by_title(acties, "Jobbeurs asielzoekers Pelt")
    assert pelt.datum == "2022-11-22"
    assert by_title(acties, "Infosessie Oekraïners Lommel").datum == "najaar 2022"
    hop = by_title(acties, "Hop 'n Job")
    assert hop.datum == "2023-02-06/2023-02-08"
    assert str(hop.datum_begin) == "2023-02-06"
    assert all(a.datum_begin is None or 2022 <= a.datum_begin.year <= 2023 for a in acties)


def test_praktijken_and_digibanken_counts(praktijken, digibanken):
    assert [p.titel for p in praktijken] == [
        "Begeleiding van kansengroepen naar de arbeidsmarkt (Plan Samenleven, actie 9)",
        "Doorbraaktraject regio Westhoek",
    ]
    assert len(praktijken[0].steden) == 14
    assert sum(len(stad.projecten) for stad in praktijken[0].steden) == 23
    assert digibanken.vlaanderen_totaal == 54
    assert digibanken.peildatum == "2023-01"
    assert digibanken.nieuw_goedgekeurd == 19
    ids = [bank.id for bank in digibanken.west_vlaanderen]
    assert ids == [250, 326, 387, 425, 427, 429, 464, 465, 466, 520, 521, 528, 530]
    assert all(bank.plaatsen_afgeleid for bank in digibanken.west_vlaanderen)
    assert digibanken.west_vlaanderen[0].naam == "Digibank Kortrijk"


def test_so_status_counts(so_status, geography):
    assert so_status.synthetisch is True
    assert so_status.grenzen == "2024"
    assert (so_status.peildatum, so_status.prognosedatum) == ("2023-01-01", "2023-06-30")
    assert len(so_status.gemeenten) == 300
    assert len({row.nis for row in so_status.gemeenten}) == 300
    assert len(so_status.regiegebieden) == 37
    assert len(so_status.afwijkingen) == 4
    assert len(so_status.tabel_1_gepubliceerd) == 24
    assert kw.check_so_status(so_status, geography) == []
    besturen = {b.provincie: (b.op_2023_01, b.via) for b in so_status.provinciebesturen}
    assert besturen == {
        "Provincie West-Vlaanderen": ("getekend", "POM West-Vlaanderen"),
        "Provincie Oost-Vlaanderen": ("getekend", None),
        "Provincie Vlaams-Brabant": ("getekend", None),
        "Provincie Limburg": ("gesprekken lopend", None),
    }


def test_every_place_resolves(acties, praktijken, digibanken, so_status, geography):
    for items in (acties, praktijken, digibanken.west_vlaanderen):
        links, problems = kw.link_to_geographies(items, geography)
        assert [str(p) for p in problems] == []
        assert all(links)
    for praktijk in praktijken:
        for stad in praktijk.steden:
            for place in stad.plaatsen:
                geography.resolve(place, "2024")


def test_no_personal_email_or_phone_anywhere_in_the_data():
    email = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
    phone = re.compile(r"(\+32|0032|\b0[1-9]{1,2}[ /.])[0-9 ./]{7,}")
    files = sorted(DATA.glob("*"))
    assert {f.name for f in files} == set(kw.FILES)
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert email.findall(text) == [], path.name
        assert phone.findall(text) == [], path.name


# --------------------------------------------------------------------------------------------
# Linking


def test_action_in_a_gemeente_belongs_to_every_geography_around_it(acties, actie_links):
    index = acties.index(by_title(acties, "Jobdag Horeca Sint-Truiden"))
    assert actie_links[index] == {"71053", "RG34", "REFREG15", "70000", "02000"}


def test_province_action_belongs_to_the_province_not_to_its_gemeenten(
    acties, actie_links, geography
):
    actie = by_title(acties, "Fietslessen in de provincie Antwerpen")
    codes = actie_links[acties.index(actie)]
    assert codes == {"10000", "02000"}
    assert actie in kw.items_for("Provincie Antwerpen", acties, actie_links, geography).items
    lier = kw.items_for("Lier", acties, actie_links, geography)
    assert not lier.uit_provincie
    assert actie not in lier.items
    assert by_title(acties, "Sollicitatiefietsen Lier") in lier.items


def test_limburg_province_place_also_matches_the_equal_referentieregio(geography):
    document = aio.YamlDocument(
        [{"titel": "T", "plaatsen": ["Provincie Limburg"], "sectie": 2, "hoofdstuk": 1,
          "beschrijving": "b", "bron": "s"}], {}, [],
    )
    acties, problems = kw.build_acties(document, "x.yaml")
    links, problems = kw.link_to_geographies(acties, geography)
    assert problems == []
    assert links == [frozenset({"70000", "REFREG15", "02000"})]


def test_items_for_regiegebied_and_province(acties, actie_links, geography):
    jobdag = by_title(acties, "Jobdag Horeca Sint-Truiden")
    for geo in ("RG34", "Wijk-werken Haspengouw", "Provincie Limburg", "Limburg", "71053"):
        selection = kw.items_for(geo, acties, actie_links, geography)
        assert jobdag in selection.items, geo
        assert selection.melding is None
    regio = kw.items_for("Tewerkstelling Zuiderkempen", acties, actie_links, geography)
    assert [a.titel for a in regio.items] == [  # Geel is one of its gemeenten
        "Trefdag jeugdwerkloosheid Zuiderkempen", "Jobdag Oekraïners Geel",
    ]
    whole = kw.items_for("Vlaanderen", acties, actie_links, geography)
    assert len(whole.items) == len(acties)


def test_province_fallback_is_flagged(acties, actie_links, geography):
    selection = kw.items_for("Oostkamp", acties, actie_links, geography)
    assert selection.uit_provincie is True
    assert selection.geo.code == "31022"
    assert selection.bron.naam == "Provincie West-Vlaanderen"
    assert selection.melding == (
        "geen voorbeelden voor Oostkamp; voorbeelden uit de provincie West-Vlaanderen"
    )
    province = kw.items_for("Provincie West-Vlaanderen", acties, actie_links, geography)
    assert selection.items == province.items
    assert len(province.items) == 18
    assert all(a.hoofdstuk == 2 for a in province.items)


def test_chapters_follow_the_province_split(acties, actie_links):
    for actie, codes in zip(acties, actie_links, strict=True):
        assert ("30000" in codes) == (actie.hoofdstuk == 2), actie.titel


def test_no_fallback_without_items_in_the_province(geography):
    selection = kw.items_for("Riemst", [], [], geography)
    assert (selection.items, selection.uit_provincie) == ((), False)
    assert selection.melding == "geen voorbeelden voor Riemst"
    with pytest.raises(ValueError, match="even lang"):
        kw.items_for("Riemst", [object()], [], geography)  # type: ignore[list-item]


def test_digibanken_link_to_their_region(digibanken, geography):
    banks = digibanken.west_vlaanderen
    links, _ = kw.link_to_geographies(banks, geography)
    westhoek = kw.items_for("Westhoek", banks, links, geography)
    assert [b.id for b in westhoek.items] == [520, 521, 528, 530]
    assert all("30000" in codes for codes in links)


def test_praktijk_links(praktijken, geography):
    links, _ = kw.link_to_geographies(praktijken, geography)
    assert "RG29" in links[1] and "35013" not in links[1]
    assert {"35013", "11002", "44021", "73107"} <= links[0]


# --------------------------------------------------------------------------------------------
# SO status: Tabel 1 as documented in so_status.yaml


def table(frame, niveau):
    return {
        row.code: (getattr(row, f"{niveau}_getekend"), getattr(row, f"{niveau}_totaal"))
        for row in frame.itertuples()
    }


def test_so_summary_reproduces_tabel_1_on_1_1_2023(so_status, geography):
    frame = kw.so_summary(so_status, geography, "2024", "2023-01")
    assert list(frame["code"]) == ["30000", "40000", "10000", "20001", "70000", "02000"]
    assert table(frame, "gemeenten") == {
        "30000": (57, 64), "40000": (55, 60), "10000": (64, 69), "20001": (26, 65),
        "70000": (23, 42), "02000": (225, 300),
    }
    assert table(frame, "regiegebieden") == {
        "30000": (4, 5), "40000": (7, 7), "10000": (11, 11), "20001": (7, 7),
        "70000": (4, 7), "02000": (33, 37),
    }
    pct = dict(zip(frame["code"], frame["gemeenten_pct"].round(1), strict=True))
    assert pct == {
        "30000": 89.1, "40000": 91.7, "10000": 92.8, "20001": 40.0, "70000": 54.8, "02000": 75.0
    }


def test_so_summary_reproduces_the_prognose(so_status, geography):
    frame = kw.so_summary(so_status, geography, moment="2023-06")
    assert table(frame, "gemeenten") == {
        "30000": (64, 64), "40000": (55, 60), "10000": (68, 69), "20001": (38, 65),
        "70000": (36, 42), "02000": (261, 300),
    }
    assert table(frame, "regiegebieden") == {
        "30000": (5, 5), "40000": (7, 7), "10000": (11, 11), "20001": (7, 7),
        "70000": (5, 7), "02000": (35, 37),
    }
    assert set(frame["moment"]) == {"2023-06"}


def test_so_comparison_names_exactly_the_known_inconsistencies(so_status, geography):
    frame = kw.so_comparison(so_status, geography)
    differing = {
        (row.moment, row.niveau, row.code): row.verschil
        for row in frame.itertuples() if row.verschil
    }
    assert differing == {
        ("2023-01", "gemeenten", "40000"):
            "het gedrukte percentage 91 past niet bij 55/60 (91,7 %)",
        ("2023-01", "gemeenten", "10000"):
            "noemer 70 gepubliceerd, 69 hier; percentage 91 gepubliceerd, 92,8 hier",
        ("2023-06", "gemeenten", "40000"):
            "het gedrukte percentage 91 past niet bij 55/60 (91,7 %)",
        ("2023-06", "gemeenten", "10000"):
            "noemer 70 gepubliceerd, 69 hier; percentage 97 gepubliceerd, 98,6 hier",
        ("2023-06", "gemeenten", "20001"):
            "het gedrukte percentage 59 past niet bij 38/65 (58,5 %)",
        ("2023-06", "gemeenten", "02000"):
            "teller 246 gepubliceerd, 261 hier; percentage 82 gepubliceerd, 87,0 hier",
    }


def test_so_per_regiegebied(so_status, geography):
    frame = kw.so_per_regiegebied(so_status, geography).set_index("code")
    assert len(frame) == 37
    assert frame.loc["RG01", "so_regiegebied"] == "getekend"
    assert frame.loc["RG34", "gemeenten_totaal"] == 8
    signed = so_status.regiegebied("RG29")
    assert signed is not None and signed.status("2023-01") == "gesprekken lopend"
    assert (frame["so_regiegebied"] == "getekend").sum() == 33


def test_so_summary_refuses_other_boundaries_or_moments(so_status, geography):
    with pytest.raises(ValueError, match="grensversie 2024, niet 2025"):
        kw.so_summary(so_status, geography, "2025")
    with pytest.raises(ValueError, match="onbekend moment '2023-12'"):
        kw.so_summary(so_status, geography, moment="2023-12")


def test_synthetic_assignment_is_the_file_and_plausible(so_status, geography):
    rows, regions = kw.synthetic_so_assignment(geography)
    assert rows == [
        {"nis": r.nis, "naam": r.naam, "op_2023_01": r.op_2023_01,
         "prognose_2023_06": r.prognose_2023_06}
        for r in so_status.gemeenten
    ]
    assert regions == [
        {"code": r.code, "naam": r.naam, "op_2023_01": r.op_2023_01,
         "prognose_2023_06": r.prognose_2023_06}
        for r in so_status.regiegebieden
    ]
    centrumsteden = set(geography.geographies("centrumstad", "2024")["code"])
    assert len(centrumsteden) == 13
    for row in so_status.gemeenten:
        if row.nis in centrumsteden:
            assert row.op_2023_01 == "getekend"
        if row.prognose_2023_06 == "getekend":
            assert row.op_2023_01 in {"getekend", "gesprekken lopend"}
    unsigned = Counter(
        geography.resolve(f"gemeente:{row.nis}", "2024").provincie
        for row in so_status.gemeenten if row.op_2023_01 != "getekend"
    )
    assert unsigned.most_common(1) == [("20001", 39)]


# --------------------------------------------------------------------------------------------
# Bad input: full Dutch messages

ACTIE = """\
- titel: Jobdag
  plaatsen: [Sint-Truiden]
  sectie: 2
  hoofdstuk: 1
  beschrijving: Een jobdag.
  bron: Beleidsrapportage december 2022
"""

SO = """\
synthetisch: true
grenzen: "2024"
peildatum: 2023-01-01
prognosedatum: 2023-06-30
bron: Beleidsrapportage december 2022
toewijzing: synthetisch
afwijkingen: []
tabel_1_gepubliceerd: []
provinciebesturen:
  - {provincie: Provincie Limburg, op_2023_01: gesprekken lopend}
regiegebieden:
  - {code: RG34, naam: Wijk-werken Haspengouw, op_2023_01: getekend, prognose_2023_06: getekend}
gemeenten:
  - {nis: "11001", naam: Aartselaar, op_2023_01: getekend, prognose_2023_06: getekend}
  - {nis: "11002", naam: Antwerpen, op_2023_01: getekend, prognose_2023_06: getekend}
"""

DIGIBANKEN = """\
vlaanderen_totaal: 54
peildatum: "2023-01"
bron: Beleidsrapportage december 2022
west_vlaanderen:
  - {id: 250, titel: Digibank Kortrijk, promotor: Stad Kortrijk, plaatsen: [Kortrijk],
     plaatsen_afgeleid: true}
"""

PRAKTIJK = """\
- titel: P
  beschrijving: b
  plaatsen: [Gent]
  bron: VVSG-databank Plan Samenleven
  steden:
    - plaats: Gent
      plaatsen: [Gent]
      projecten:
        - titel: Jobteam
          contact: Stad Gent
"""


def messages(tmp_path: Path, name: str, text: str) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, problems = load(path)
    return [str(p).removeprefix(f"{path}, ").removeprefix(f"{path}: ") for p in problems]


def test_valid_snippets_have_no_problems(tmp_path):
    for name, text in (
        ("acties.yaml", ACTIE), ("so_status.yaml", SO), ("digibanken.yaml", DIGIBANKEN),
        ("praktijken.yaml", PRAKTIJK),
    ):
        assert messages(tmp_path, name, text) == [], name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ACTIE + "  kleur: rood\n", [
            "rij 7, kolom 'kleur': actie 'Jobdag': onbekende sleutel 'kleur' (toegelaten: "
            "titel, datum, plaatsen, sectie, hoofdstuk, beschrijving, partners, bron, opmerking)"
        ]),
        (ACTIE + "  beschrijvng: x\n", [
            "rij 7, kolom 'beschrijvng': actie 'Jobdag': onbekende sleutel 'beschrijvng'; "
            "bedoelt u 'beschrijving'?"
        ]),
        (ACTIE.replace("- titel: Jobdag\n  ", "- "), [
            "rij 1, kolom 'titel': actie op plaats 1: verplichte sleutel 'titel' ontbreekt"
        ]),
        (ACTIE.replace("titel: Jobdag", "titel: 12"), [
            "rij 1, kolom 'titel': actie 12: 'titel' moet tekst zijn, niet een getal "
            "(zet de waarde tussen aanhalingstekens)"
        ]),
        (ACTIE.replace("sectie: 2", "sectie: zeven"), [
            "rij 3, kolom 'sectie': actie 'Jobdag': 'zeven' is geen geldige waarde voor "
            "'sectie' (kies uit 2, 7, 10, 12)"
        ]),
        (ACTIE + "  datum: 2022-13\n", [
            "rij 7, kolom 'datum': actie 'Jobdag': '2022-13' is geen geldige datum "
            "(maand moet 01 tot en met 12 zijn)"
        ]),
        (ACTIE + '  datum: "2022-02-30"\n', [
            "rij 7, kolom 'datum': actie 'Jobdag': '2022-02-30' is geen geldige datum "
            "(die dag bestaat niet)"
        ]),
        (ACTIE + "  datum: zomer 22\n", [
            "rij 7, kolom 'datum': actie 'Jobdag': 'zomer 22' is geen geldige datum "
            "(verwacht een dag zoals 2022-11-22, een maand zoals 2022-11, een jaar zoals 2022, "
            "een periode zoals 2022-09/2023-01 of een seizoen zoals 'najaar 2022')"
        ]),
        (ACTIE + "  datum: 2023-01/2022-09\n", [
            "rij 7, kolom 'datum': actie 'Jobdag': '2023-01/2022-09' is geen geldige datum "
            "(het begin van de periode ligt na het einde)"
        ]),
        (ACTIE.replace("[Sint-Truiden]", "Sint-Truiden"), [
            "rij 2, kolom 'plaatsen': actie 'Jobdag': 'plaatsen' moet een lijst zijn (elk item "
            "op een nieuwe regel met '- '), maar is tekst"
        ]),
        (ACTIE.replace("[Sint-Truiden]", "{Sint-Truiden: ja}"), [
            "rij 2, kolom 'plaatsen': actie 'Jobdag': 'plaatsen' moet een lijst zijn (elk item "
            "op een nieuwe regel met '- '), maar is een mapping"
        ]),
        (ACTIE.replace("[Sint-Truiden]", "[]"), [
            "rij 2, kolom 'plaatsen': actie 'Jobdag': 'plaatsen' moet minstens één item bevatten"
        ]),
        ("titel: Jobdag\nsectie: 2\n", [
            "rij 1: de actielijst moet een lijst zijn (elk item begint met '- '), "
            "maar is een mapping"
        ]),
        ("# alleen commentaar\n", ["de actielijst is leeg"]),
        (ACTIE + ACTIE, [
            "rij 7, kolom 'titel': actie 'Jobdag' komt meer dan één keer voor (eerst in rij 1)"
        ]),
        ("- Jobdag in Pelt\n", [
            "rij 1, kolom '[1]': actie op plaats 1 moet een mapping van sleutels en waarden "
            "zijn, maar is tekst"
        ]),
        (ACTIE + "  partners: [VDAB, jan.peeters@vdab.be]\n", [
            "rij 7, kolom 'partners[2]': actie 'Jobdag': 'partners[2]' bevat een e-mailadres "
            "('jan.peeters@vdab.be'); contactgegevens van personen horen niet in dit bestand "
            "(noem de organisatie)"
        ]),
    ],
)
def test_bad_acties(tmp_path, text, expected):
    assert messages(tmp_path, "acties.yaml", text) == expected


def test_unknown_place(tmp_path, geography):
    path = tmp_path / "acties.yaml"
    path.write_text(ACTIE.replace("[Sint-Truiden]", "[Lier, Sint-Truidn, Atlantis]"), "utf-8")
    acties, problems = load(path)
    assert problems == []
    links, problems = kw.link_to_geographies(acties, geography)
    assert [str(p).removeprefix(f"{path}, ") for p in problems] == [
        "rij 2, kolom 'plaatsen[2]': actie 'Jobdag': onbekende plaats: 'Sint-Truidn' niet "
        "gevonden in grensversie 2024; bedoelde u 'Sint-Truiden'?",
        "rij 2, kolom 'plaatsen[3]': actie 'Jobdag': onbekende plaats: 'Atlantis' niet "
        "gevonden in grensversie 2024",
    ]
    assert "12021" in links[0]  # the place that resolves still links


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('"11001", naam: Aartselaar, op_2023_01: getekend',
         '"11001", naam: Aartselaar, op_2023_01: getekent', [
             "rij 14, kolom 'op_2023_01': gemeente 'Aartselaar': 'getekent' is geen geldige "
             "waarde voor 'op_2023_01' (kies uit 'getekend', 'gesprekken lopend', "
             "'gesprekken aan te vatten')"
         ]),
        ('"11002", naam: Antwerpen', '"11001", naam: Aartselaar', [
            "rij 15, kolom 'nis': gemeente met NIS-code '11001' komt meer dan één keer voor "
            "(eerst in rij 14)"
        ]),
        ('nis: "11002"', "nis: 11002", [
            "rij 15, kolom 'nis': gemeente 'Antwerpen': 'nis' moet tekst zijn, niet een getal "
            "(zet de waarde tussen aanhalingstekens)"
        ]),
        ('naam: Antwerpen, op_2023_01: getekend, prognose_2023_06: getekend',
         'naam: Antwerpen, op_2023_01: getekend, prognose_2023_06: gesprekken lopend', [
             "rij 15, kolom 'prognose_2023_06': gemeente 'Antwerpen': de prognose 'gesprekken "
             "lopend' ligt vóór de stand op 1/1/2023 'getekend'"
         ]),
        ("synthetisch: true", "synthetisch: false", [
            "rij 1, kolom 'synthetisch': SO-status: 'false' is geen geldige waarde voor "
            "'synthetisch' (kies uit true)"
        ]),
        ("toewijzing: synthetisch\n", "", [
            "rij 1, kolom 'toewijzing': SO-status: verplichte sleutel 'toewijzing' ontbreekt"
        ]),
        ("regiegebieden:\n  - {code: RG34", "regiegebieden:\n  - {code: R34", [
            "rij 12, kolom 'code': regiegebied 'Wijk-werken Haspengouw': 'R34' is geen geldige "
            "waarde voor 'code' (verwacht een regiegebiedcode zoals 'RG05')"
        ]),
        ("gemeenten:\n", "gemeenten: 11001\n", [
            "rij 13, kolom 'gemeenten': SO-status: 'gemeenten' moet een lijst zijn (elk item op "
            "een nieuwe regel met '- '), maar is een getal"
        ]),
    ],
)
def test_bad_so_status(tmp_path, old, new, expected):
    assert old in SO
    text = SO.replace(old, new)
    if new == "gemeenten: 11001\n":
        text = text.split("gemeenten: 11001\n")[0] + "gemeenten: 11001\n"
    assert messages(tmp_path, "so_status.yaml", text) == expected


def test_so_status_against_the_geography(tmp_path, geography):
    path = tmp_path / "so_status.yaml"
    path.write_text(
        SO.replace("naam: Antwerpen", "naam: Antwerpn")
        .replace("Provincie Limburg, op", "Provincie Limbrg, op")
        .replace("RG34", "RG99"),
        "utf-8",
    )
    status, problems = load(path)
    assert problems == []
    found = [str(p).removeprefix(f"{path}, ") for p in kw.check_so_status(status, geography)]
    assert found == [
        "rij 10, kolom 'provincie': provinciebestuur 'Provincie Limbrg': geografie 'Provincie "
        "Limbrg' niet gevonden in grensversie 2024; bedoelde u 'Provincie Limburg'?",
        "rij 11, kolom 'regiegebieden': 37 regiegebieden ontbreken: RG01, RG02, RG03, RG04, "
        "RG05, RG06, RG07, RG08, RG09, RG10",
        "rij 12, kolom 'code': regiegebied 'Wijk-werken Haspengouw': regiegebiedcode 'RG99' "
        "bestaat niet in grensversie 2024",
        "rij 13, kolom 'gemeenten': 298 gemeenten van grensversie 2024 ontbreken: 11004 "
        "Boechout, 11005 Boom, 11007 Borsbeek, 11008 Brasschaat, 11009 Brecht, …",
        "rij 15, kolom 'naam': gemeente 'Antwerpn': naam 'Antwerpn' hoort niet bij NIS-code "
        "11002 (Antwerpen)",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("plaatsen_afgeleid: true", "plaatsen_afgeleid: ja", [
            "rij 6, kolom 'plaatsen_afgeleid': digibank 'Digibank Kortrijk': "
            "'plaatsen_afgeleid' moet true of false zijn, niet 'ja'"
        ]),
        ('"2023-01"', "januari 2023", [
            "rij 2, kolom 'peildatum': digibanken: 'januari 2023' is geen geldige waarde voor "
            "'peildatum' (verwacht een maand zoals '2023-01')"
        ]),
        ("vlaanderen_totaal: 54", "vlaanderen_totaal: -1", [
            "rij 1, kolom 'vlaanderen_totaal': digibanken: 'vlaanderen_totaal' moet minstens 0 "
            "zijn, niet '-1'"
        ]),
        ("west_vlaanderen:\n", "west_vlaanderen:\n  - {id: 250, titel: Digibank X, promotor: Y,"
         " plaatsen: [Kortrijk], plaatsen_afgeleid: true}\n", [
             "rij 6, kolom 'id': digibank met id 250 komt meer dan één keer voor (eerst in rij 5)"
         ]),
        ("vlaanderen_totaal: 54\n", "- 54\n", [
            "rij 2: ongeldige YAML: verwachtte <block end> maar vond '?' "
            "(controleer de inspringing)"
        ]),
    ],
)
def test_bad_digibanken(tmp_path, old, new, expected):
    assert old in DIGIBANKEN
    assert messages(tmp_path, "digibanken.yaml", DIGIBANKEN.replace(old, new)) == expected


def test_digibanken_must_be_a_mapping(tmp_path):
    assert messages(tmp_path, "digibanken.yaml", "- 250\n- 326\n") == [
        "rij 1: het digibankenbestand moet een mapping van sleutels en waarden zijn, "
        "maar is een lijst"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("contact: Stad Gent", "contact: jobteam.medewerker@stad.gent", [
            "rij 10, kolom 'steden[1].projecten[1].contact': praktijk 'P': "
            "'steden[1].projecten[1].contact' bevat een e-mailadres "
            "('jobteam.medewerker@stad.gent'); contactgegevens van personen horen niet in dit "
            "bestand (noem de organisatie)"
        ]),
        ("contact: Stad Gent", "contact: +32 9 123 45 67", [
            "rij 10, kolom 'steden[1].projecten[1].contact': praktijk 'P': "
            "'steden[1].projecten[1].contact' bevat een telefoonnummer ('+32 9 123 45 67'); "
            "contactgegevens van personen horen niet in dit bestand (noem de organisatie)"
        ]),
        ("          contact: Stad Gent\n", "          partnrs: [VDAB]\n", [
            "rij 10, kolom 'steden[1].projecten[1].partnrs': praktijk 'P': onbekende sleutel "
            "'steden[1].projecten[1].partnrs'; bedoelt u 'partners'?"
        ]),
        ("      plaatsen: [Gent]", "      plaatsen: [Gent, Lier]", [
            "rij 7, kolom 'steden[1].plaatsen[2]': praktijk 'P': plaats 'Lier' van 'Gent' "
            "ontbreekt in 'plaatsen'"
        ]),
        ("      projecten:\n        - titel: Jobteam\n          contact: Stad Gent\n",
         "      projecten: []\n", [
             "rij 8, kolom 'steden[1].projecten': praktijk 'P': 'steden[1].projecten' moet "
             "minstens één item bevatten"
         ]),
    ],
)
def test_bad_praktijken(tmp_path, old, new, expected):
    assert old in PRAKTIJK
    assert messages(tmp_path, "praktijken.yaml", PRAKTIJK.replace(old, new)) == expected


def test_duplicate_yaml_key_is_reported_by_the_builder(tmp_path):
    assert messages(tmp_path, "acties.yaml", ACTIE + "  sectie: 7\n") == [
        "rij 7, kolom 'sectie': actie 'Jobdag': sleutel 'sectie' komt twee keer voor "
        "(eerst in rij 3)"
    ]


def test_markup_in_a_titel_is_data_and_kept_verbatim(tmp_path, geography):
    path = tmp_path / "acties.yaml"
    path.write_text(
        ACTIE.replace("titel: Jobdag", "titel: \"<script>alert(1)</script>\""), "utf-8"
    )
    acties, problems = load(path)
    assert problems == []
    assert acties[0].titel == "<script>alert(1)</script>"
    assert acties[0].label == "actie '<script>alert(1)</script>'"
    links, _ = kw.link_to_geographies(acties, geography)
    selection = kw.items_for("Sint-Truiden", acties, links, geography)
    assert selection.items[0].titel == "<script>alert(1)</script>"


def test_models_are_frozen(acties):
    with pytest.raises(ValueError, match="frozen"):
        acties[0].titel = "x"
