"""The indicator catalogue: the real file, its schema and every Dutch message for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import io as aio
from analysis.catalogue import DOELEN, Catalogue, Indicator, build_catalogue
from analysis.io import DEFAULT_CATALOGUE, load_catalogue, read_catalogue, read_observations

# The ids of ARCHITECTURE.md in the order of seed 003, with the derived rates directly after
# the kerncijfer they derive from and the indicators added for the published figures
# (data/published/cijfers.csv) next to the indicator they belong to.
EXPECTED_IDS = (
    "werkzaamheidsgraad",
    "werkzaamheidsgraad_eak",
    "niet_beroepsactieven",
    "nba_graad",
    "wzw",
    "werkzoekendengraad",
    "rmi",
    "oekrainers_leefloon",
    "wz_schoolverlaters",
    "ongekwalificeerde_uitstroom",
    "wz_ongekwalificeerden",
    "wz_ongekwalificeerden_s01",
    "so_status",
    "so_status_regiegebieden",
    "esf_outreach_bereik",
    "esf_jongeren_bereik",
    "ocmw_ingeschreven",
    "oekrainers_ingeschreven",
    "uitstroom_ocmw_12m",
    "twe_werkplekleren",
    "twe_aandeel",
    "twe_uitstroom_3m",
    "twe_uitstroom_12m",
    "twe_uitstroom_12m_duurzaam",
    "twe_uitstroom_12m_zelfstandige",
    "twe_uitstroom_12m_zelfstandige_duurzaam",
    "wijkwerkers",
    "wijkwerk_uitstroom_3m",
    "wijkwerk_werkplekleren",
    "lde_doorstroom_3m",
    "lde_contingent",
    "cm_doorstroom_3m",
    "cm_contingent",
    "werkgevers_werkplekleren",
    "vervullingsgraad_nec",
    "wzw_in_opleiding",
    "digibanken",
)
# Added for figures of seed 003 that no ARCHITECTURE.md id holds (data/published/LEESMIJ.md).
PUBLISHED_IDS = {
    "werkzaamheidsgraad_eak", "wz_schoolverlaters",
    "wz_ongekwalificeerden_s01", "so_status_regiegebieden", "twe_werkplekleren",
    "twe_uitstroom_12m_duurzaam", "twe_uitstroom_12m_zelfstandige",
    "twe_uitstroom_12m_zelfstandige_duurzaam", "wijkwerkers", "lde_contingent", "cm_contingent",
}  # fmt: skip
REFERENCE_IDS = ("so_status", "so_status_regiegebieden", "digibanken")
KERNCIJFER_IDS = EXPECTED_IDS[:12]
ARCHITECTURE_IDS = {
    # Kerncijfers
    "werkzaamheidsgraad", "niet_beroepsactieven", "wzw", "rmi", "oekrainers_leefloon",
    "ongekwalificeerde_uitstroom", "wz_ongekwalificeerden",
    # Samenwerking
    "so_status", "esf_outreach_bereik", "esf_jongeren_bereik", "ocmw_ingeschreven",
    "oekrainers_ingeschreven", "uitstroom_ocmw_12m", "twe_aandeel", "twe_uitstroom_3m",
    "twe_uitstroom_12m", "wijkwerk_uitstroom_3m", "wijkwerk_werkplekleren", "lde_doorstroom_3m",
    "cm_doorstroom_3m", "werkgevers_werkplekleren", "vervullingsgraad_nec", "wzw_in_opleiding",
    "digibanken",
}  # fmt: skip

# A small valid count (line numbers in the comments are the YAML rows).
COUNT = """\
- id: wzw
  nummer: Kerncijfer 3
  sectie: Kerncijfers
  doel: Elk talent aan de slag
  titel: Werkzoekenden zonder werk
  definitie: Het aantal werkzoekenden zonder werk.
  teller: Werkzoekenden zonder werk
  noemer: null
  eenheid: aantal
  polariteit: lager_beter
  vergelijking: geen
  decimalen: 0
  min_telling: 5
  bron: VDAB, Arvastat
  peildatum: VDAB, einde december (Q4)
  frequentie: maand
  niveau: gemeente
  grafiek: lijn
  soort: observatie
  relevant_verschil: 5
"""
# A small valid rate with a streefwaarde (rows 1-25).
RATE = """\
- id: werkzaamheidsgraad
  nummer: Kerncijfer 1
  sectie: Kerncijfers
  doel: Elk talent aan de slag
  titel: Werkzaamheidsgraad
  definitie: Het aandeel werkenden.
  teller: Werkenden van 20 tot 64 jaar
  noemer: Bevolking van 20 tot 64 jaar
  eenheid: percent
  polariteit: hoger_beter
  vergelijking: ci_95_998
  decimalen: 1
  min_telling: 5
  bron: Steunpunt Werk, Vlaamse Arbeidsrekening
  peildatum: jaargegevens
  frequentie: jaar
  niveau: gemeente
  grafiek: staaf
  soort: observatie
  streefwaarde:
    waarde: 80
    jaar: 2030
    geldt_voor: alle
    bron: Vlaams Regeerakkoord 2019-2024
  relevant_verschil: 1
"""


def target_with(line: str) -> str:
    """RATE with one more line in its streefwaarde block (row 25)."""
    return RATE.replace("  relevant_verschil: 1\n", f"    {line}\n  relevant_verschil: 1\n")


def write(tmp_path: Path, content: str | bytes, name: str = "indicators.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    catalogue, problems = read_catalogue(path)
    assert (catalogue is None) == bool(problems)
    return [str(problem) for problem in problems]


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based line of the only line that contains ``needle``."""
    found = [number for number, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


@pytest.fixture(scope="module")
def real_text() -> str:
    return DEFAULT_CATALOGUE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    result, problems = read_catalogue()
    assert problems == []
    assert result is not None
    return result


# ------------------------------------------------------------------------------------------
# The real catalogue


def test_real_catalogue_loads_without_problems(catalogue: Catalogue) -> None:
    assert len(catalogue) == len(EXPECTED_IDS)
    assert load_catalogue() is load_catalogue()  # cached
    assert load_catalogue().ids() == catalogue.ids()


def test_ids_are_architecture_ids_plus_derived_rates(catalogue: Catalogue) -> None:
    assert set(catalogue.ids()) == (
        ARCHITECTURE_IDS | {"werkzoekendengraad", "nba_graad"} | PUBLISHED_IDS
    )


def test_order_follows_seed_003(catalogue: Catalogue) -> None:
    assert catalogue.ids() == EXPECTED_IDS
    assert catalogue.reference_ids == REFERENCE_IDS
    assert catalogue.observation_ids == tuple(i for i in EXPECTED_IDS if i not in REFERENCE_IDS)


def test_numbers_and_sections_follow_seed_003(catalogue: Catalogue) -> None:
    nummer = {ind.id: ind.nummer for ind in catalogue}
    assert [nummer[i] for i in KERNCIJFER_IDS] == [
        "Kerncijfer 1", "Kerncijfer 1", "Kerncijfer 2", "Kerncijfer 2",
        "Kerncijfer 3", "Kerncijfer 3", "Kerncijfer 4", "Kerncijfer 4", "Kerncijfer 5",
        "Kerncijfer 5", "Kerncijfer 5", "Kerncijfer 5",
    ]  # fmt: skip
    samenwerking = {
        "so_status": 1, "esf_outreach_bereik": 2, "esf_jongeren_bereik": 2,
        "ocmw_ingeschreven": 2, "oekrainers_ingeschreven": 2, "uitstroom_ocmw_12m": 3,
        "twe_aandeel": 4, "twe_uitstroom_3m": 4, "twe_uitstroom_12m": 4,
        "wijkwerk_uitstroom_3m": 5, "wijkwerk_werkplekleren": 5, "lde_doorstroom_3m": 6,
        "cm_doorstroom_3m": 6, "werkgevers_werkplekleren": 8, "vervullingsgraad_nec": 9,
        "wzw_in_opleiding": 11, "digibanken": 13,
    }  # fmt: skip
    assert {i: nummer[i] for i in samenwerking} == {
        i: f"Samenwerking {n}" for i, n in samenwerking.items()
    }
    sectie = {ind.id: ind.sectie for ind in catalogue}
    assert {sectie[i] for i in KERNCIJFER_IDS} == {"Kerncijfers"}
    assert sectie["so_status"] == "Samenwerkingsovereenkomsten"
    assert sectie["werkgevers_werkplekleren"] == "Perspectief op talent voor elke werkgever"
    assert sectie["digibanken"] == (
        "Loopbaanperspectief en loopbaan-eigenaarschap voor elke burger"
    )
    assert {ind.doel for ind in catalogue} == set(DOELEN)
    assert catalogue["ongekwalificeerde_uitstroom"].doel == DOELEN[2]
    assert catalogue["rmi"].doel == "Elk talent aan de slag"


def test_every_rate_has_a_noemer_and_every_count_none(catalogue: Catalogue) -> None:
    for indicator in catalogue:
        if indicator.is_rate:
            assert indicator.noemer, indicator.id
            assert indicator.decimalen == 1, indicator.id
        else:
            assert indicator.noemer is None, indicator.id
            assert indicator.vergelijking == "geen", indicator.id
            assert indicator.decimalen == 0, indicator.id


def test_reference_tables(catalogue: Catalogue) -> None:
    assert catalogue["so_status"].soort == "referentietabel"
    assert catalogue["so_status"].eenheid == "percent"
    assert catalogue["digibanken"].soort == "referentietabel"
    assert catalogue["digibanken"].eenheid == "aantal"


def test_targets(catalogue: Catalogue) -> None:
    target = catalogue["werkzaamheidsgraad"].streefwaarde
    assert target is not None
    assert (target.waarde, target.jaar, target.geldt_voor) == (80, 2030, "alle")
    assert "Regeerakkoord" in target.bron
    esf = catalogue["esf_outreach_bereik"].streefwaarde
    young = catalogue["esf_jongeren_bereik"].streefwaarde
    assert esf is not None and young is not None
    assert (esf.waarde, esf.geldt_voor) == (11040, "vlaanderen")
    assert (young.waarde, young.geldt_voor) == (12000, "vlaanderen")
    with_target = {ind.id for ind in catalogue if ind.streefwaarde is not None}
    assert with_target == {"werkzaamheidsgraad", "esf_outreach_bereik", "esf_jongeren_bereik"}
    # The 80 % is an EAK figure, projected in the reports of Vlaanderen and the provinces.
    assert (target.maatstaf, target.projectie) == ("werkzaamheidsgraad_eak",
                                                   ["vlaanderen", "provincie"])
    assert (esf.maatstaf, esf.projectie) == (None, [])


def test_polarities_and_caveats(catalogue: Catalogue) -> None:
    lower = {ind.id for ind in catalogue if ind.polariteit == "lager_beter"}
    assert lower == {
        "niet_beroepsactieven", "nba_graad", "wzw", "werkzoekendengraad", "rmi",
        "ongekwalificeerde_uitstroom", "wz_ongekwalificeerden", "wz_schoolverlaters",
        "wz_ongekwalificeerden_s01",
    }  # fmt: skip
    assert catalogue["oekrainers_leefloon"].polariteit == "geen_oordeel"
    assert catalogue["esf_outreach_bereik"].opmerking == (
        "De datakwaliteit is laag: louter indicatief."
    )
    assert "onderschatting" in (catalogue["ocmw_ingeschreven"].opmerking or "")
    assert catalogue["vervullingsgraad_nec"].opmerking == (
        "Eigen definitie van deze rapportage: VDAB publiceert geen officiële definitie van de "
        "vervullingsgraad.")
    assert catalogue["wijkwerk_uitstroom_3m"].niveau == "wijk-werkorganisator"


def test_lookup_and_frame(catalogue: Catalogue) -> None:
    assert catalogue["wzw"].titel == "Werkzoekenden zonder werk"
    assert "wzw" in catalogue and "kleur" not in catalogue
    with pytest.raises(KeyError, match="onbekende indicator 'wzv'; bedoelt u 'wzw'\\?"):
        catalogue["wzv"]
    frame = catalogue.to_frame()
    assert frame["id"].tolist() == list(EXPECTED_IDS)
    assert {"titel", "noemer", "min_telling", "streefwaarde_waarde", "opmerking"} <= set(
        frame.columns
    )
    assert frame.set_index("id").loc["werkzaamheidsgraad", "streefwaarde_waarde"] == 80.0
    assert frame["decimalen"].dtype == "int64"


def test_catalogue_rejects_duplicates_itself(catalogue: Catalogue) -> None:
    with pytest.raises(ValueError, match="indicator 'wzw' komt twee keer voor"):
        Catalogue((catalogue["wzw"], catalogue["wzw"]))


def test_indicators_are_frozen(catalogue: Catalogue) -> None:
    with pytest.raises(Exception, match="frozen"):
        catalogue["wzw"].titel = "x"  # type: ignore[misc]
    assert isinstance(catalogue["wzw"], Indicator)


def test_small_snippets_are_valid(tmp_path: Path) -> None:
    assert messages(write(tmp_path, RATE + COUNT)) == []


# ------------------------------------------------------------------------------------------
# Bad input: every message asserted in full


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            COUNT.replace("  noemer: null\n", "  noemer: null\n  kleur: rood\n"),
            ["rij 9, kolom 'kleur': indicator 'wzw': onbekende sleutel 'kleur'"],
            id="unknown-key",
        ),
        pytest.param(
            COUNT.replace("  bron: VDAB, Arvastat\n", "  bron: VDAB, Arvastat\n  titl: x\n"),
            ["rij 15, kolom 'titl': indicator 'wzw': onbekende sleutel 'titl'; bedoelt u 'titel'?"],
            id="unknown-key-suggestion",
        ),
        pytest.param(
            COUNT.replace("polariteit: lager_beter", "polariteit: hoog"),
            [
                "rij 10, kolom 'polariteit': indicator 'wzw': 'hoog' is geen geldige waarde voor "
                "'polariteit' (kies uit hoger_beter, lager_beter, geen_oordeel)"
            ],
            id="wrong-enum",
        ),
        pytest.param(
            COUNT.replace("polariteit: lager_beter", "polariteit:"),
            [
                "rij 10, kolom 'polariteit': indicator 'wzw': 'polariteit' heeft geen waarde "
                "(kies uit hoger_beter, lager_beter, geen_oordeel)"
            ],
            id="empty-enum",
        ),
        pytest.param(
            COUNT.replace("decimalen: 0", "decimalen: twee"),
            ["rij 12, kolom 'decimalen': indicator 'wzw': 'decimalen' moet een geheel getal zijn"],
            id="wrong-type-int",
        ),
        pytest.param(
            COUNT.replace("decimalen: 0", "decimalen: 5"),
            [
                "rij 12, kolom 'decimalen': indicator 'wzw': 'decimalen' moet hoogstens 3 zijn, "
                "niet '5'"
            ],
            id="int-out-of-range",
        ),
        pytest.param(
            COUNT.replace("min_telling: 5", "min_telling: ja"),
            [
                "rij 13, kolom 'min_telling': indicator 'wzw': 'min_telling' moet een geheel "
                "getal zijn"
            ],
            id="wrong-type-int-yes",
        ),
        pytest.param(
            COUNT.replace("  titel: Werkzoekenden zonder werk\n", "  titel: 2022\n"),
            [
                "rij 5, kolom 'titel': indicator 'wzw': 'titel' moet tekst zijn "
                "(zet de waarde tussen aanhalingstekens)"
            ],
            id="wrong-type-text",
        ),
        pytest.param(
            COUNT.replace("  titel: Werkzoekenden zonder werk\n", "  titel: ''\n"),
            ["rij 5, kolom 'titel': indicator 'wzw': 'titel' mag niet leeg zijn"],
            id="empty-text",
        ),
        pytest.param(
            COUNT.replace("  bron: VDAB, Arvastat\n", ""),
            ["rij 1, kolom 'bron': indicator 'wzw': verplichte sleutel 'bron' ontbreekt"],
            id="missing-key",
        ),
        pytest.param(
            COUNT.replace("- id: wzw\n  nummer", "- nummer"),
            ["rij 1, kolom 'id': indicator op plaats 1: verplichte sleutel 'id' ontbreekt"],
            id="missing-id",
        ),
        pytest.param(
            COUNT.replace("- id: wzw", "- id: WZW-Aantal"),
            [
                "rij 1, kolom 'id': indicator 'WZW-Aantal': 'WZW-Aantal' is geen geldige waarde "
                "voor 'id' (gebruik snake_case: kleine letters, cijfers en '_', beginnend met "
                "een letter)"
            ],
            id="id-not-snake-case",
        ),
        pytest.param(
            COUNT.replace("nummer: Kerncijfer 3", "nummer: K3"),
            [
                "rij 2, kolom 'nummer': indicator 'wzw': 'K3' is geen geldige waarde voor "
                "'nummer' (verwacht 'Kerncijfer n' of 'Samenwerking n', bv. 'Kerncijfer 3')"
            ],
            id="bad-nummer",
        ),
        pytest.param(
            COUNT + COUNT,
            ["rij 21, kolom 'id': indicator 'wzw' komt twee keer voor (eerst in rij 1)"],
            id="duplicate-id",
        ),
        pytest.param(
            COUNT.replace("  bron: VDAB, Arvastat\n", "  bron: VDAB, Arvastat\n  bron: VDAB\n"),
            [
                "rij 15, kolom 'bron': indicator 'wzw': sleutel 'bron' komt twee keer voor "
                "(eerst in rij 14)"
            ],
            id="duplicate-key",
        ),
        pytest.param(
            RATE.replace("  noemer: Bevolking van 20 tot 64 jaar\n", "  noemer: null\n"),
            [
                "rij 8, kolom 'noemer': indicator 'werkzaamheidsgraad': een percentage heeft een "
                "noemer nodig"
            ],
            id="percent-without-noemer",
        ),
        pytest.param(
            COUNT.replace("noemer: null", "noemer: Bevolking"),
            ["rij 8, kolom 'noemer': indicator 'wzw': een aantal heeft geen noemer"],
            id="count-with-noemer",
        ),
        pytest.param(
            COUNT.replace("vergelijking: geen", "vergelijking: ci_95_998"),
            [
                "rij 11, kolom 'vergelijking': indicator 'wzw': een aantal heeft geen "
                "vergelijking; gebruik 'geen'"
            ],
            id="count-with-comparison",
        ),
        pytest.param(
            COUNT.replace("  relevant_verschil: 5\n", ""),
            [
                "rij 1, kolom 'relevant_verschil': indicator 'wzw': een indicator van soort "
                "'observatie' heeft 'relevant_verschil' nodig: het kleinste verschil dat telt, "
                "in procentpunt bij een percentage, in procent bij een aantal"
            ],
            id="observation-without-relevant-verschil",
        ),
        pytest.param(
            COUNT.replace("relevant_verschil: 5", "relevant_verschil: 0"),
            [
                "rij 20, kolom 'relevant_verschil': indicator 'wzw': 'relevant_verschil' moet "
                "groter dan 0 zijn, niet '0'"
            ],
            id="relevant-verschil-zero",
        ),
        pytest.param(
            COUNT.replace("relevant_verschil: 5", "relevant_verschil: veel"),
            [
                "rij 20, kolom 'relevant_verschil': indicator 'wzw': 'relevant_verschil' moet "
                "een getal zijn"
            ],
            id="relevant-verschil-not-a-number",
        ),
        pytest.param(
            COUNT.replace("sectie: Kerncijfers", "sectie: Samenwerkingsovereenkomsten"),
            [
                "rij 3, kolom 'sectie': indicator 'wzw': 'Kerncijfer 3' hoort in sectie "
                "'Kerncijfers', niet in 'Samenwerkingsovereenkomsten'"
            ],
            id="nummer-sectie-mismatch",
        ),
        pytest.param(
            COUNT.replace("sectie: Kerncijfers", "sectie: Elk talent aan de slag")
            .replace("nummer: Kerncijfer 3", "nummer: Samenwerking 2")
            .replace(
                "doel: Elk talent aan de slag",
                "doel: Een perspectief op talent voor elke werkgever",
            ),
            [
                "rij 4, kolom 'doel': indicator 'wzw': sectie 'Elk talent aan de slag' hoort bij "
                "doel 'Elk talent aan de slag'"
            ],
            id="sectie-doel-mismatch",
        ),
        pytest.param(
            RATE.replace("geldt_voor: alle", "geldt_voor: iedereen"),
            [
                "rij 23, kolom 'streefwaarde.geldt_voor': indicator 'werkzaamheidsgraad': "
                "'iedereen' is geen geldige waarde voor 'streefwaarde.geldt_voor' "
                "(kies uit alle, vlaanderen)"
            ],
            id="bad-geldt-voor",
        ),
        pytest.param(
            RATE.replace("    waarde: 80\n", "    waarde: 180\n"),
            [
                "rij 21, kolom 'streefwaarde.waarde': indicator 'werkzaamheidsgraad': de "
                "streefwaarde van een percentage ligt tussen 0 en 100"
            ],
            id="target-out-of-range",
        ),
        pytest.param(
            RATE.replace("    jaar: 2030\n", ""),
            [
                "rij 20, kolom 'streefwaarde.jaar': indicator 'werkzaamheidsgraad': verplichte "
                "sleutel 'streefwaarde.jaar' ontbreekt"
            ],
            id="target-missing-key",
        ),
        pytest.param(
            RATE.replace("    waarde: 80\n", "    waarde: tachtig\n"),
            [
                "rij 21, kolom 'streefwaarde.waarde': indicator 'werkzaamheidsgraad': "
                "'streefwaarde.waarde' moet een getal zijn"
            ],
            id="target-not-a-number",
        ),
        pytest.param(
            RATE.replace("    jaar: 2030\n", "    jaar: 2030\n    kleur: rood\n"),
            [
                "rij 23, kolom 'streefwaarde.kleur': indicator 'werkzaamheidsgraad': onbekende "
                "sleutel 'streefwaarde.kleur'"
            ],
            id="target-unknown-key",
        ),
        pytest.param(
            target_with("maatstaf: werkzaamheidsgraad_eak"),
            [
                "rij 25, kolom 'streefwaarde.maatstaf': indicator 'werkzaamheidsgraad': "
                "maatstaf 'werkzaamheidsgraad_eak' is geen andere indicator van de catalogus"
            ],
            id="target-measure-unknown",
        ),
        pytest.param(
            target_with("maatstaf: werkzaamheidsgraad"),
            [
                "rij 25, kolom 'streefwaarde.maatstaf': indicator 'werkzaamheidsgraad': "
                "maatstaf 'werkzaamheidsgraad' is geen andere indicator van de catalogus"
            ],
            id="target-measure-itself",
        ),
        pytest.param(
            target_with("maatstaf: wzw") + COUNT,
            [
                "rij 25, kolom 'streefwaarde.maatstaf': indicator 'werkzaamheidsgraad': "
                "maatstaf 'wzw' heeft eenheid aantal, niet percent"
            ],
            id="target-measure-other-unit",
        ),
        pytest.param(
            target_with("projectie: [vlaanderen, gemeente]"),
            [
                "rij 25, kolom 'streefwaarde.projectie.1': indicator 'werkzaamheidsgraad': "
                "'gemeente' is geen geldige waarde voor 'streefwaarde.projectie.1' (kies uit "
                "vlaanderen, provincie, referentieregio, regiegebied, centrumstad)"
            ],
            id="target-projection-type",
        ),
        pytest.param(
            target_with("projectie: vlaanderen"),
            [
                "rij 25, kolom 'streefwaarde.projectie': indicator 'werkzaamheidsgraad': "
                "'streefwaarde.projectie' moet een lijst zijn, bv. [vlaanderen, provincie]"
            ],
            id="target-projection-not-a-list",
        ),
        pytest.param(
            RATE.split("  streefwaarde:\n")[0] + "  streefwaarde: 80\n",
            [
                "rij 20, kolom 'streefwaarde': indicator 'werkzaamheidsgraad': 'streefwaarde' "
                "moet een mapping zijn met de sleutels waarde, jaar, geldt_voor, bron"
            ],
            id="target-not-a-mapping",
        ),
        pytest.param(
            "indicatoren:\n" + COUNT,
            [
                "rij 1: de catalogus moet een lijst van indicatoren zijn (elk item begint met "
                "'- '), maar is een mapping"
            ],
            id="top-level-mapping",
        ),
        pytest.param(
            "[]\n",
            ["rij 1: de catalogus bevat geen indicatoren"],
            id="empty-list",
        ),
        pytest.param(
            "- wzw\n" + COUNT,
            [
                "rij 1: indicator op plaats 1 moet een mapping van sleutels en waarden zijn, "
                "maar is tekst"
            ],
            id="entry-not-a-mapping",
        ),
        pytest.param(
            COUNT.replace("  titel: Werkzoekenden zonder werk\n", "  titel: WZW: totaal\n"),
            [
                "rij 5: ongeldige YAML: hier mag geen ':' staan (zet tekst met ':' tussen "
                "aanhalingstekens)"
            ],
            id="yaml-syntax-colon",
        ),
        pytest.param(
            COUNT.replace("  titel:", "\ttitel:"),
            ["rij 5: ongeldige YAML: tabs zijn niet toegestaan; gebruik spaties"],
            id="yaml-syntax-tab",
        ),
        pytest.param(
            COUNT + "---\n" + COUNT,
            ["rij 21: ongeldige YAML: het bestand mag maar één YAML-document bevatten"],
            id="yaml-two-documents",
        ),
        pytest.param("", ["bestand is leeg: er staan geen indicatoren in"], id="empty-file"),
        pytest.param(
            "# alleen commentaar\n\n",
            ["bestand is leeg: er staan geen indicatoren in"],
            id="only-comments",
        ),
        pytest.param(
            COUNT.replace(
                "Werkzoekenden zonder werk\n", "Werkzoekenden zonder werk (café)\n"
            ).encode("latin-1"),
            [
                "rij 5: bestand is niet in UTF-8 gecodeerd (byte 0xe9 op positie 125); "
                "sla het op als UTF-8"
            ],
            id="not-utf8",
        ),
    ],
)
def test_bad_catalogue(tmp_path: Path, content: str | bytes, expected: list[str]) -> None:
    path = write(tmp_path, content)
    assert messages(path) == [
        f"{path}{', ' if message.startswith('rij ') else ': '}{message}" for message in expected
    ]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "weg.yaml"
    assert messages(path) == [f"{path}: catalogusbestand bestaat niet"]
    assert messages(tmp_path) == [f"{tmp_path}: is een map, geen catalogusbestand"]


def test_duplicate_id_in_the_real_file(tmp_path: Path, real_text: str) -> None:
    text = edit(real_text, "- id: nba_graad\n", "- id: wzw\n")
    path = write(tmp_path, text)
    first, second = (n for n, line in enumerate(text.splitlines(), 1) if line == "- id: wzw")
    assert messages(path) == [
        f"{path}, rij {second}, kolom 'id': indicator 'wzw' komt twee keer voor "
        f"(eerst in rij {first})"
    ]


def test_all_problems_of_the_real_file_at_once_in_row_order(tmp_path: Path, real_text: str) -> None:
    tail = "  vergelijking: geen\n  decimalen: 0\n"
    text = edit(
        real_text,
        f"  polariteit: geen_oordeel\n{tail}  min_telling: 0\n",
        f"  polariteit: hoog\n{tail}  min_telling: -1\n",
    )
    text = edit(text, "- id: wzw_in_opleiding\n", "- id: wzw_in_opleiding\n  kleur: rood\n")
    text = edit(text, "  bron: VDAB, Arvastat; Steunpunt Werk, Vlaamse Arbeidsrekening\n", "")
    path = write(tmp_path, text)
    werkzoekendengraad = line_of(text, "- id: werkzoekendengraad")
    kleur = line_of(text, "  kleur: rood")
    hoog = line_of(text, "polariteit: hoog")
    assert messages(path) == [
        f"{path}, rij {werkzoekendengraad}, kolom 'bron': indicator 'werkzoekendengraad': "
        "verplichte sleutel 'bron' ontbreekt",
        f"{path}, rij {kleur}, kolom 'kleur': indicator 'wzw_in_opleiding': onbekende sleutel "
        "'kleur'",
        f"{path}, rij {hoog}, kolom 'polariteit': indicator 'digibanken': 'hoog' is geen "
        "geldige waarde voor 'polariteit' (kies uit hoger_beter, lager_beter, geen_oordeel)",
        f"{path}, rij {hoog + 3}, kolom 'min_telling': indicator 'digibanken': 'min_telling' "
        "moet minstens 0 zijn, niet '-1'",
    ]


BAD_VALUES = [None, 3, 2.5, True, "x", [], {}, [1, 2], {"a": 1}, "2022-09-30"]


@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
def test_no_english_or_unknown_error_leaks(value: object) -> None:
    """Every key of a valid entry, set to odd values: each message is one of ours."""
    import yaml

    base = yaml.safe_load(RATE)[0]
    keys = [*base, *(f"streefwaarde.{k}" for k in base["streefwaarde"])]
    for key in keys:
        entry = {**base, "streefwaarde": dict(base["streefwaarde"])}
        if key.startswith("streefwaarde."):
            entry["streefwaarde"][key.split(".")[1]] = value
        else:
            entry[key] = value
        _, problems = build_catalogue([entry])
        for problem in problems:
            text = problem.melding
            assert text.startswith("indicator "), text
            assert "foutcode" not in text, text
            for english in ("Input should", "Field required", "valid", "should be", "Value"):
                assert english not in text, text
            assert problem.bestand == "params/indicators.yaml"
            assert problem.rij is None  # no line map given


def test_build_catalogue_without_lines_and_odd_documents() -> None:
    assert [str(p) for p in build_catalogue(None)[1]] == [
        "params/indicators.yaml: bestand is leeg: er staan geen indicatoren in"
    ]
    assert [str(p) for p in build_catalogue("tekst", bestand="x.yaml")[1]] == [
        "x.yaml: de catalogus moet een lijst van indicatoren zijn (elk item begint met '- '), "
        "maar is tekst"
    ]


def test_load_catalogue_raises_input_error_and_rereads_after_edit(tmp_path: Path) -> None:
    path = write(tmp_path, COUNT.replace("polariteit: lager_beter", "polariteit: hoog"))
    with pytest.raises(aio.InputError) as raised:
        load_catalogue(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}, rij 10, kolom 'polariteit': indicator 'wzw': 'hoog' is geen geldige waarde "
        "voor 'polariteit' (kies uit hoger_beter, lager_beter, geen_oordeel)"
    ]
    write(tmp_path, COUNT + "\n")  # another size, so another modification stamp
    assert load_catalogue(path).ids() == ("wzw",)


# ------------------------------------------------------------------------------------------
# read_observations uses the catalogue ids by default


def test_read_observations_defaults_to_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(
        "indicator;geo;periode;teller;noemer\n"
        "wzw;11002;2022Q4;1.234;\n"
        "kleur;11002;2022Q4;5;\n"
        "so_status;11002;2022Q4;5;\n"
        "nba_graad;11002;2019;5;10\n",
        encoding="utf-8",
    )
    result = read_observations([path])
    assert [str(problem) for problem in result.problems] == [
        f"{path}, rij 3, kolom 'indicator': onbekende indicator 'kleur'",
        f"{path}, rij 4, kolom 'indicator': 'so_status' is een referentietabel en geen "
        "observatie-indicator; lever die apart aan, niet als observaties",
    ]
    assert result.data["indicator"].tolist() == ["wzw", "nba_graad"]


def test_reference_table_needs_no_relevant_verschil(tmp_path: Path) -> None:
    reference = COUNT.replace("  relevant_verschil: 5\n", "").replace(
        "soort: observatie", "soort: referentietabel")
    catalogue, problems = aio.read_catalogue(write(tmp_path, reference))
    assert problems == []
    assert catalogue["wzw"].relevant_verschil is None


def test_relevant_verschil_of_the_catalogue() -> None:
    catalogue = load_catalogue(DEFAULT_CATALOGUE)
    found = {ind.id: ind.relevant_verschil for ind in catalogue}
    assert found["werkzaamheidsgraad"] == 1.0
    assert found["werkzoekendengraad"] == 0.5
    assert found["wzw"] == 5.0
    assert found["so_status"] is None
    assert all(found[i] is not None for i in catalogue.observation_ids)
