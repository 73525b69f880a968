"""Youth projects: the two real reports (seeds 000 and 001), their totals recomputed from the
action rows, the check against the published summary, the status rules and every Dutch message
for bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from analysis.controle import check_summary
from analysis.formatting import format_number
from analysis.io import Problem, read_yaml
from analysis.projecten import (
    LOOPT_ACHTER,
    NIET_BEHAALD,
    ONDERBESTEDING,
    OP_SCHEMA,
    OVERBESTEDING,
    REEDS_BEHAALD,
    VOLGT_PLANNING,
    Project,
    budget_frame,
    build_project,
    elapsed_share,
    project_totals,
    realisation_frame,
    realisation_status,
    spending_status,
)

PROJECTEN = Path(__file__).resolve().parents[1] / "data" / "projecten"
PLASTIQ = PROJECTEN / "plastiq-ingroeibanen-2022-2023.yaml"  # seed 000, tussentijds
YOUNG_PATTERNS = PROJECTEN / "ivoc-young-patterns-2020-2022.yaml"  # seed 001, eind


def none_if_missing(value: object) -> object:
    return None if pd.isna(value) else value


def load(path: Path) -> tuple[Project | None, list[Problem]]:
    document = read_yaml(path, kind="actie", whole="het project")
    return build_project(document, str(path))


@pytest.fixture(scope="module")
def plastiq() -> Project:
    project, problems = load(PLASTIQ)
    assert problems == []
    assert project is not None
    return project


@pytest.fixture(scope="module")
def young_patterns() -> Project:
    project, problems = load(YOUNG_PATTERNS)
    assert problems == []
    assert project is not None
    return project


# --------------------------------------------------------------------------------------------
# The real files


def test_the_directory_holds_the_two_seed_projects():
    assert sorted(p.name for p in PROJECTEN.glob("*.yaml")) == [
        "ivoc-young-patterns-2020-2022.yaml",
        "plastiq-ingroeibanen-2022-2023.yaml",
    ]


def test_both_files_load_without_problems(plastiq, young_patterns):
    assert plastiq.soort_rapport == "tussentijds"
    assert plastiq.promotor == "PlastIQ"
    assert [a.nummer for a in plastiq.acties] == [1, 2, 3, 4, 5]
    assert plastiq.projectperiode.start == date(2022, 4, 1)
    assert plastiq.projectperiode.einde == date(2023, 12, 31)
    assert plastiq.rapportperiode.einde == date(2022, 12, 31)
    assert young_patterns.soort_rapport == "eind"
    assert young_patterns.promotor == "IVOC"
    assert [a.nummer for a in young_patterns.acties] == [1, 2, 3]
    assert plastiq.opmerkingen == ()


def test_overspending_is_a_note_not_a_problem(young_patterns):
    bestand = str(YOUNG_PATTERNS)
    notes = young_patterns.opmerkingen
    assert [(n.bestand, n.kolom) for n in notes] == [
        (bestand, "besteed"),
        (bestand, "budget.besteed"),
        (bestand, "personeel.besteed"),
    ]
    assert [n.melding for n in notes] == [
        "opmerking: actie 1, budgetpost 'communicatiecampagne naar jongeren: kosten externe "
        "communicatie-experts': besteed (€ 40.058,89) is meer dan voorzien (€ 36.000,00): "
        "overbesteding (€ 4.058,89 meer, 111,3 % van het voorziene budget)",
        "opmerking: actie 2: besteed (€ 33.648,00) is meer dan voorzien (€ 27.000,00): "
        "overbesteding (€ 6.648,00 meer, 124,6 % van het voorziene budget)",
        "opmerking: personeel: besteed (€ 16.099,68) is meer dan voorzien (€ 16.000,00): "
        "overbesteding (€ 99,68 meer, 100,6 % van het voorziene budget)",
    ]
    lines = YOUNG_PATTERNS.read_text(encoding="utf-8").splitlines()
    assert lines[notes[1].rij - 1].strip() == "besteed: 33648.00"
    assert lines[notes[2].rij - 1].strip() == "besteed: 16099.68"


def test_every_published_figure_of_seed_000_is_in_the_file(plastiq):
    targets = {
        (a.nummer, s.omschrijving): (s.streefwaarde, s.realisatie)
        for a in plastiq.acties
        for s in a.streefcijfers
    }
    assert targets == {
        (1, "Jongeren"): (800, 6850),
        (1, "Bedrijven"): (100, 72),
        (1, "Arbeidsmarktbemiddelaars"): (80, 267),
        (2, "jongeren"): (400, 102),
        (3, "jongeren"): (30, 15),
        (4, "jongeren"): (300, 177),
        (5, "jongeren (premies)"): (40, 15),
    }
    budgets = [(a.budget.voorzien, a.budget.besteed) for a in plastiq.acties]
    assert budgets == [
        (Decimal("334070.00"), Decimal("138442.15")),
        (Decimal("39375.00"), Decimal("8342.96")),
        (None, None),
        (None, None),
        (Decimal("60000.00"), Decimal("16000.00")),
    ]
    posten = [(p.post, p.voorzien, p.besteed) for p in plastiq.acties[2].budget.posten]
    assert posten == [
        ("opleidingstrajecten", Decimal("136250.00"), Decimal("39501.13")),
        ("mobiliteit", Decimal("40000.00"), Decimal("4834.46")),
    ]
    uitstroom = plastiq.acties[2].uitstroom[0]
    assert (uitstroom.basis, uitstroom.naar_stage, uitstroom.naar_werk) == (15, 3, 7)
    assert (uitstroom.naar_opleiding, uitstroom.werkzoekend) == (1, 4)
    assert [(a.omschrijving, a.waarde) for a in uitstroom.aandelen] == [
        ("aan het werk na de stageperiode", 53),
        ("nog in opleiding na de stageperiode", 7),
    ]
    profiel = [(p.categorie, p.waarde, p.eenheid) for p in plastiq.acties[2].profiel]
    assert profiel == [
        ("man", 100, "procent"),
        ("vrouw", 0, "procent"),
        ("allochtone origine", 40, "procent"),
        ("hoger secundair onderwijs (HSO)", 7, "procent"),
        ("maximaal lager secundair onderwijs (max LSO)", 93, "procent"),
    ]
    s = plastiq.samenvatting
    assert (s.totaal_uniek, s.totaal_besteed, s.aandeel_besteed) == (
        7144, Decimal("276335.31"), 36.88,
    )


def test_every_published_figure_of_seed_001_is_in_the_file(young_patterns):
    targets = {
        (a.nummer, s.omschrijving): (s.streefwaarde, s.realisatie)
        for a in young_patterns.acties
        for s in a.streefcijfers
    }
    assert targets == {
        (1, "aangemelde jongeren"): (150, 286),
        (1, "jongeren met een maattraject"): (75, 265),
        (1, "unieke jongeren in werkervaring of job"): (50, 40),
        (2, "werkervaringsplaatsen of jobs"): (50, 56),
        (3, "opgevolgde werkzoekende jongeren"): (50, 95),
    }
    luik1 = young_patterns.acties[0]
    assert [b.aantal for b in luik1.bereik] == [21, 94, 75, 70, 22, 18, 8, 40, 16]
    assert [(p.code, p.voorzien, p.besteed) for p in luik1.budget.posten] == [
        ("1.1", Decimal("36000.00"), Decimal("40058.89")),
        ("1.2", Decimal("12500.00"), Decimal("8929.99")),
        ("1.3", Decimal("12000.00"), Decimal("6110.15")),
        ("1.4", Decimal("5000.00"), Decimal("1680.00")),
        ("1.5", Decimal("45000.00"), Decimal("25509.73")),
        ("1.6", Decimal("6000.00"), Decimal("6000.00")),
        ("1.7", Decimal("15000.00"), Decimal("10600.00")),
    ]
    assert [b.aantal for b in young_patterns.acties[1].bereik] == [38, 21, 1, 17, 60]
    assert [p.besteed for p in young_patterns.acties[1].budget.posten] == [
        Decimal("33200.00"), Decimal("448.00"),
    ]
    luik3 = young_patterns.acties[2]
    assert [(g.basis, g.naar_werk, g.telt_in_totaal) for g in luik3.uitstroom] == [
        (95, 54, True), (47, 15, False),
    ]
    assert [(p.basis, p.categorie, p.waarde) for p in luik3.profiel] == [
        (95, "vrouw", 89), (95, "man", 6), (47, "man", 1), (47, "vrouw", 46),
    ]
    personeel = young_patterns.personeel
    assert personeel is not None
    assert (personeel.voorzien, personeel.besteed, personeel.bron) == (
        Decimal("16000.00"), Decimal("16099.68"), "gepubliceerd",
    )


# --------------------------------------------------------------------------------------------
# Totals computed from the action rows


def test_seed_000_totals_are_reproduced_from_the_actions(plastiq):
    totals = project_totals(plastiq)
    assert format_number(totals.uniek) == "7.144"
    assert totals.besteed == Decimal("276335.31")
    assert format_number(float(totals.besteed), 2) == "276.335,31"
    assert format_number(totals.besteed_pct, 2) == "36,88"
    assert format_number(float(totals.voorzien), 2) == "749.282,29"
    # The total budget and the personnel line rest on derived figures.
    assert (totals.voorzien_afgeleid, totals.besteed_afgeleid) == (True, True)
    assert totals.naar_werk == 7
    assert format_number(totals.verstreken_pct, 2) == "42,97"
    assert totals.besteding == VOLGT_PLANNING


def test_seed_000_spending_without_the_derived_personnel_line(plastiq):
    # The actions alone: 207.120,70 of 609.695,00 (the rest is personnel, derived).
    frame = budget_frame(plastiq)
    actions = frame[frame["actie"].notna()]
    assert format_number(actions["besteed"].sum(), 2) == "207.120,70"
    assert format_number(actions["voorzien"].sum(), 2) == "609.695,00"


def test_seed_001_totals_are_reproduced_from_the_actions(young_patterns):
    totals = project_totals(young_patterns)
    assert format_number(float(totals.besteed), 2) == "165.328,44"
    assert format_number(float(totals.voorzien), 2) == "194.500,00"
    assert totals.uniek == 360
    assert totals.naar_werk == 70
    assert f"{totals.naar_werk} van {totals.uniek}" == "70 van 360"
    assert format_number(totals.besteed_pct, 2) == "85,00"
    assert (totals.voorzien_afgeleid, totals.besteed_afgeleid) == (False, False)
    assert totals.verstreken_pct == 100.0
    assert totals.besteding == ONDERBESTEDING


def test_totals_are_not_read_back_from_the_summary(tmp_path):
    text = PLASTIQ.read_text(encoding="utf-8")
    changed = text.replace("totaal_uniek: 7144", "totaal_uniek: 9999")
    assert changed != text
    path = tmp_path / "plastiq.yaml"
    path.write_text(changed, encoding="utf-8")
    project, problems = load(path)
    assert problems == []
    assert project_totals(project).uniek == 7144
    check = check_summary(project)
    row = check[check["grootheid"] == "unieke deelnemers"].iloc[0]
    assert (row["gepubliceerd"], row["berekend"], row["verschil"], row["klopt"]) == (
        9999, 7144, 2855, False,
    )


# --------------------------------------------------------------------------------------------
# Per action: realisatiegraad, elapsed share, status, spending


def test_elapsed_share():
    project, _ = load(PLASTIQ)
    assert elapsed_share(project) == Fraction(275, 640)
    project, _ = load(YOUNG_PATTERNS)
    assert elapsed_share(project) == 1


def test_seed_000_realisation_per_target(plastiq):
    frame = realisation_frame(plastiq)
    assert list(frame.columns) == [
        "actie", "actie_titel", "streefcijfer", "eenheid", "streefwaarde", "realisatie",
        "realisatiegraad_pct", "verstreken_pct", "status",
    ]
    got = [
        (r.actie, r.streefcijfer, format_number(r.realisatiegraad_pct, 2), r.status)
        for r in frame.itertuples()
    ]
    assert got == [
        (1, "Jongeren", "856,25", REEDS_BEHAALD),
        (1, "Bedrijven", "72,00", OP_SCHEMA),
        (1, "Arbeidsmarktbemiddelaars", "333,75", REEDS_BEHAALD),
        (2, "jongeren", "25,50", LOOPT_ACHTER),
        (3, "jongeren", "50,00", OP_SCHEMA),
        (4, "jongeren", "59,00", OP_SCHEMA),
        (5, "jongeren (premies)", "37,50", OP_SCHEMA),
    ]
    assert set(frame["verstreken_pct"]) == {42.97}


def test_seed_001_realisation_per_target(young_patterns):
    frame = realisation_frame(young_patterns)
    got = [
        (r.actie, format_number(r.realisatiegraad_pct, 2), r.status) for r in frame.itertuples()
    ]
    assert got == [
        (1, "190,67", REEDS_BEHAALD),
        (1, "353,33", REEDS_BEHAALD),
        (1, "80,00", NIET_BEHAALD),  # 40 of 50 in werkervaring or job, project over
        (2, "112,00", REEDS_BEHAALD),
        (3, "190,00", REEDS_BEHAALD),
    ]


def test_seed_000_spending_per_action(plastiq):
    frame = budget_frame(plastiq)
    got = [
        (
            r.budgetlijn.split(":")[0],
            format_number(r.voorzien, 2),
            format_number(r.besteed, 2),
            format_number(r.besteed_pct, 2),
            none_if_missing(r.besteding),
            r.afgeleid,
        )
        for r in frame.itertuples()
    ]
    assert got == [
        ("actie 1", "334.070,00", "138.442,15", "41,44", VOLGT_PLANNING, False),
        ("actie 2", "39.375,00", "8.342,96", "21,19", ONDERBESTEDING, False),
        ("actie 3", "176.250,00", "44.335,59", "25,15", ONDERBESTEDING, False),
        ("actie 4", "–", "–", "–", None, False),
        ("actie 5", "60.000,00", "16.000,00", "26,67", ONDERBESTEDING, False),
        ("personeel", "139.587,29", "69.214,61", "49,59", VOLGT_PLANNING, True),
    ]
    assert frame.loc[3, "opmerking"].startswith("Geen eigen budget")


def test_seed_001_spending_per_action(young_patterns):
    frame = budget_frame(young_patterns)
    got = [(format_number(r.besteed_pct, 2), r.besteding) for r in frame.itertuples()]
    assert got == [
        ("75,20", ONDERBESTEDING),
        ("124,62", OVERBESTEDING),
        ("83,46", ONDERBESTEDING),
        ("100,62", VOLGT_PLANNING),
    ]


# --------------------------------------------------------------------------------------------
# The check against the published summary


def test_the_7_vs_8_discrepancy_of_seed_000_shows_in_the_check(plastiq):
    check = check_summary(plastiq)
    wrong = check[~check["klopt"]]
    assert list(wrong["grootheid"]) == [
        "uitstroom naar werk",
        "aandeel 'aan het werk na de stageperiode'",
        "aandeel 'aan het werk na de stageperiode' in de tekst van de actie",
    ]
    row = wrong.iloc[0]
    assert (row["niveau"], row["eenheid"]) == ("actie 3", "personen")
    assert (row["gepubliceerd"], row["berekend"], row["verschil"]) == (8, 7, 1)
    # Everything else in the summary table is reproduced.
    assert len(check) == 20
    spent = check[check["grootheid"] == "budget besteed"].iloc[0]
    assert (spent["gepubliceerd"], spent["berekend"], spent["afgeleid"]) == (
        Decimal("276335.31"), Decimal("276335.31"), True,
    )
    share = check[check["grootheid"] == "aandeel besteed"].iloc[0]
    assert (share["gepubliceerd"], share["berekend"], share["decimalen"], share["klopt"]) == (
        36.88, 36.88, 2, True,
    )


def test_the_published_53_percent_is_checked_against_7_of_15(plastiq):
    # Seed 000: "53 % aan het werk na de stageperiode", while 7 of the 15 found work (46,7 %).
    # The summary once compared 53 with the action's own published 53 and called it klopt.
    check = check_summary(plastiq)
    rows = check[check["grootheid"].str.startswith("aandeel 'aan het werk")]
    got = [(r.gepubliceerd, r.berekend, r.berekening, r.verschil, r.klopt)
           for r in rows.itertuples()]
    assert got == [(53.0, 46.7, "7/15", 6.3, False)] * 2


def test_a_share_that_rounds_to_its_published_figure_holds(plastiq):
    # "7 % nog in opleiding": 1/15 = 6,67 % rounds to 7 at the published precision.
    check = check_summary(plastiq)
    row = check[check["grootheid"].str.startswith("aandeel 'nog in opleiding")].iloc[0]
    assert (row["gepubliceerd"], row["berekend"], row["verschil"], row["klopt"]) == (
        7.0, 6.7, 0.0, True,
    )


def test_an_approximate_wording_is_checked_against_its_range(young_patterns):
    # Seed 001: "zo'n 6 op 10 vindt werk", 54 of 95 = 56,8 %: within 55-65 %, so it holds,
    # and the page shows the wording, not an exact 60 %.
    check = check_summary(young_patterns)
    row = check[check["grootheid"].str.startswith("aandeel 'vindt werk")].iloc[0]
    assert (row["gepubliceerd_als"], row["marge"], row["berekend"], row["berekening"],
            row["klopt"]) == ("zo’n 6 op 10", "55–65 %", 56.8, "54/95", True)


def test_the_7_vs_8_discrepancy_is_recorded_with_both_values(plastiq):
    afwijking = plastiq.afwijkingen[0]
    assert afwijking.veld == "acties.3.uitstroom.1.naar_werk"
    assert [(g.bron, g.waarde) for g in afwijking.gepubliceerd] == [
        ("actie 3, doorstroom", 7),
        ("samenvattende tabel, actie 3", 8),
    ]
    assert afwijking.gebruikt == 7
    assert "Met 8 zouden het 16 jongeren zijn" in afwijking.reden
    assert plastiq.acties[2].naar_werk == 7


def test_seed_001_summary_is_reproduced_completely(young_patterns):
    check = check_summary(young_patterns)
    assert len(check) == 30  # 29 of the summary and "zo'n 6 op 10" of action 3
    assert check["klopt"].all()
    assert not check["afgeleid"].any()
    project_rows = check[check["niveau"] == "project"]
    assert list(project_rows["grootheid"]) == [
        "unieke deelnemers", "budget voorzien", "budget besteed", "uitstroom naar werk",
    ]


# --------------------------------------------------------------------------------------------
# Derived figures are marked as derived


def test_derived_figures_of_seed_000(plastiq):
    assert [(a.veld, a.waarde) for a in plastiq.afgeleid] == [
        ("totaal_voorzien", 749282.29),
        ("personeel.voorzien", 139587.29),
        ("personeel.besteed", 69214.61),
    ]
    personeel = plastiq.personeel
    assert personeel is not None and personeel.bron == "afgeleid"
    assert plastiq.is_afgeleid("personeel.voorzien")
    assert plastiq.is_afgeleid("personeel.besteed")
    assert not plastiq.is_afgeleid("acties.1.budget.besteed")
    # The derivation: total = 276.335,31 / 0,3688 (half-up to the cent); personnel = the rest.
    total = (Decimal("276335.31") / Decimal("0.3688")).quantize(Decimal("0.01"))
    assert total == Decimal("749282.29")
    assert project_totals(plastiq).voorzien == total
    assert "276.335,31 / 0,3688" in plastiq.afgeleid[0].berekening
    assert "tussen 749.180,73 en 749.383,89" in plastiq.afgeleid[0].berekening


def test_derived_figures_of_seed_001(young_patterns):
    assert [a.veld for a in young_patterns.afgeleid] == [
        "projectperiode.start",
        "projectperiode.einde",
        "rapportperiode.start",
        "rapportperiode.einde",
        "acties.3.profiel.4.waarde",
    ]
    assert young_patterns.is_afgeleid("projectperiode.einde")
    assert young_patterns.afgeleid[1].waarde == date(2022, 6, 30)


# --------------------------------------------------------------------------------------------
# Status rules at their boundaries


@pytest.mark.parametrize(
    ("realisatie", "streefwaarde", "verstreken", "expected"),
    [
        (100, 100, Fraction(1, 10), REEDS_BEHAALD),  # target reached early
        (101, 100, 1, REEDS_BEHAALD),
        (40, 100, Fraction(1, 2), OP_SCHEMA),  # exactly elapsed − 10 procentpunt
        (39, 100, Fraction(1, 2), LOOPT_ACHTER),  # just below
        (40, 100, 0.5, OP_SCHEMA),  # floats are read as the decimals written
        (0, 100, Fraction(1, 10), OP_SCHEMA),  # 0 ≥ 10 % − 10 procentpunt
        (0, 100, Fraction(11, 100), LOOPT_ACHTER),
        (99, 100, 1, NIET_BEHAALD),  # the project period is over
        (90, 100, 1, NIET_BEHAALD),
    ],
)
def test_realisation_status(realisatie, streefwaarde, verstreken, expected):
    assert realisation_status(realisatie, streefwaarde, verstreken) == expected


def test_realisation_status_tolerance_is_a_parameter():
    assert realisation_status(45, 100, Fraction(1, 2), tolerantie=0) == LOOPT_ACHTER
    assert realisation_status(50, 100, Fraction(1, 2), tolerantie=0) == OP_SCHEMA


@pytest.mark.parametrize(
    ("besteed", "voorzien", "verstreken", "expected"),
    [
        (Decimal("60.00"), Decimal("100.00"), Fraction(1, 2), VOLGT_PLANNING),  # t + 10 pp
        (Decimal("60.01"), Decimal("100.00"), Fraction(1, 2), OVERBESTEDING),
        (Decimal("40.00"), Decimal("100.00"), Fraction(1, 2), VOLGT_PLANNING),  # t − 10 pp
        (Decimal("39.99"), Decimal("100.00"), Fraction(1, 2), ONDERBESTEDING),
        (110, 100, 1, VOLGT_PLANNING),
        (111, 100, 1, OVERBESTEDING),
        (5, 0, Fraction(1, 2), None),  # nothing foreseen: no status
    ],
)
def test_spending_status(besteed, voorzien, verstreken, expected):
    assert spending_status(besteed, voorzien, verstreken) == expected


# --------------------------------------------------------------------------------------------
# Bad input: every Dutch message (line numbers refer to BASE after the edit)

BASE = """\
bron: test
titel: Testproject
sector: test
promotor: Organisatie
soort_rapport: tussentijds
projectperiode:
  start: 2022-01-01
  einde: 2022-12-31
rapportperiode:
  start: 2022-01-01
  einde: 2022-06-30
doelgroep: jongeren
acties:
  - nummer: 1
    titel: Actie een
    doelgroep: jongeren
    doelstellingen:
      - jongeren bereiken
    streefcijfers:
      - omschrijving: jongeren
        streefwaarde: 100
        realisatie: 40
        eenheid: personen
    budget:
      voorzien: 1000.00
      besteed: 400.00
    toelichting: kort
samenvatting:
  totaal_uniek: 40
uniek_tellen:
  regel: alleen actie 1
  deelnemers:
    - actie: 1
      streefcijfer: jongeren
"""


def build(tmp_path: Path, text: str) -> tuple[Project | None, list[Problem], str]:
    path = tmp_path / "project.yaml"
    path.write_text(text, encoding="utf-8")
    project, problems = load(path)
    return project, problems, str(path)


def test_the_base_snippet_is_valid(tmp_path):
    project, problems, _ = build(tmp_path, BASE)
    assert problems == []
    assert project is not None
    assert project_totals(project).uniek == 40
    assert project.opmerkingen == ()


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


BAD = {
    "onbekende sleutel met suggestie": (
        edit("titel: Testproject", "titl: Testproject"),
        [
            (1, "titel", "project: verplichte sleutel 'titel' ontbreekt"),
            (2, "titl", "project: onbekende sleutel 'titl'; bedoelt u 'titel'?"),
        ],
    ),
    "onbekende sleutel in een streefcijfer": (
        edit("        eenheid: personen\n", "        eenheid: personen\n        kleur: rood\n"),
        [(24, "kleur", "actie 1, streefcijfer 'jongeren': onbekende sleutel 'kleur'")],
    ),
    "verplichte sleutel ontbreekt": (
        edit("    toelichting: kort\n", ""),
        [(14, "toelichting", "actie 1: verplichte sleutel 'toelichting' ontbreekt")],
    ),
    "tekst als aantal": (
        edit("realisatie: 40", "realisatie: veel"),
        [(22, "realisatie",
          "actie 1, streefcijfer 'jongeren': 'realisatie' moet een geheel getal zijn, "
          "niet 'veel'")],
    ),
    "duizendtal met punt": (
        edit("realisatie: 40", "realisatie: 6.850"),
        [(22, "realisatie",
          "actie 1, streefcijfer 'jongeren': 'realisatie' moet een geheel getal zijn, niet "
          "'6.85' (schrijf een aantal zonder punt of komma als duizendtal, bv. 6850)")],
    ),
    "bedrag als tekst": (
        edit("voorzien: 1000.00", "voorzien: € 1.000,00"),
        [(25, "budget.voorzien",
          "actie 1: 'budget.voorzien' moet een bedrag in euro zijn, niet tekst "
          "('€ 1.000,00'); schrijf bv. 276335.31: punt als decimaalteken, zonder € en "
          "duizendtallen")],
    ),
    "negatief bedrag": (
        edit("besteed: 400.00", "besteed: -400"),
        [(26, "budget.besteed", "actie 1: 'budget.besteed' kan niet negatief zijn, niet '-400'")],
    ),
    "bedrag met meer dan twee decimalen": (
        edit("besteed: 400.00", "besteed: 400.005"),
        [(26, "budget.besteed",
          "actie 1: 'budget.besteed' heeft meer dan 2 decimalen ('400.005'); bedragen zijn in "
          "euro en cent")],
    ),
    "realisatie zonder streefwaarde": (
        edit("        streefwaarde: 100\n", ""),
        [(21, "realisatie",
          "actie 1, streefcijfer 'jongeren': realisatie 40 zonder streefwaarde; een "
          "gerealiseerd aantal zonder streefcijfer hoort onder 'bereik'")],
    ),
    "streefwaarde nul": (
        edit("streefwaarde: 100", "streefwaarde: 0"),
        [(21, "streefwaarde",
          "actie 1, streefcijfer 'jongeren': 'streefwaarde' moet groter dan 0 zijn, niet '0'")],
    ),
    "einde voor start": (
        edit("  einde: 2022-12-31", "  einde: 2021-12-31"),
        [(8, "projectperiode.einde",
          "project: 'projectperiode' eindigt (2021-12-31) vóór de start (2022-01-01)")],
    ),
    "datum als tekst": (
        edit("  start: 2022-01-01\n  einde: 2022-12-31", "  start: 1/01/2022\n  einde: 2022-12-31"),
        [(7, "projectperiode.start",
          "project: 'projectperiode.start' moet een datum zijn in de vorm JJJJ-MM-DD, zonder "
          "aanhalingstekens, niet '1/01/2022'")],
    ),
    "ongeldige keuze": (
        edit("soort_rapport: tussentijds", "soort_rapport: tussentijdse"),
        [(5, "soort_rapport",
          "project: 'tussentijdse' is geen geldige waarde voor 'soort_rapport' (kies uit "
          "tussentijds, eind)")],
    ),
    "ongeldige eenheid": (
        edit("eenheid: personen", "eenheid: jongeren"),
        [(23, "eenheid",
          "actie 1, streefcijfer 'jongeren': 'jongeren' is geen geldige waarde voor 'eenheid' "
          "(kies uit personen, bedrijven, acties, werkplekken)")],
    ),
    "eindrapport eindigt voor het project": (
        edit("soort_rapport: tussentijds", "soort_rapport: eind"),
        [(11, "rapportperiode.einde",
          "project: een eindrapport loopt tot het einde van de projectperiode (2022-12-31), "
          "niet tot 2022-06-30")],
    ),
    "rapportperiode buiten de projectperiode": (
        edit("  einde: 2022-06-30", "  einde: 2023-06-30"),
        [(11, "rapportperiode.einde",
          "project: de rapportperiode eindigt (2023-06-30) na de projectperiode (2022-12-31)")],
    ),
    "uitstroom groter dan de basis": (
        edit(
            "    toelichting: kort",
            "    uitstroom:\n      - groep: deelnemers\n        basis: 15\n        naar_werk: 8\n"
            "        naar_stage: 3\n        naar_opleiding: 1\n        werkzoekend: 4\n"
            "    toelichting: kort",
        ),
        [(29, "basis",
          "actie 1, uitstroomgroep 'deelnemers': naar_werk + naar_stage + naar_opleiding + "
          "werkzoekend = 16 is meer dan 'basis' (15)")],
    ),
    "aandeel als cijfer en als formulering": (
        edit(
            "    toelichting: kort",
            "    uitstroom:\n      - groep: deelnemers\n        basis: 15\n        naar_werk: 8\n"
            "        aandelen:\n          - omschrijving: aan het werk\n            waarde: 60\n"
            "            eenheid: procent\n            gepubliceerd_als: zo'n 6 op 10\n"
            "    toelichting: kort",
        ),
        [(33, "waarde",
          "actie 1, uitstroomgroep 'deelnemers', aandeel 'aan het werk': geef 'waarde' (een "
          "gepubliceerd cijfer) of 'gepubliceerd_als' (de letterlijke formulering), niet beide: "
          "een formulering als 'zo'n 6 op 10' is geen exact cijfer")],
    ),
    "aandeel zonder cijfer of formulering": (
        edit(
            "    toelichting: kort",
            "    uitstroom:\n      - groep: deelnemers\n        basis: 15\n        naar_werk: 8\n"
            "        aandelen:\n          - omschrijving: aan het werk\n"
            "            eenheid: procent\n    toelichting: kort",
        ),
        [(32, "waarde",
          "actie 1, uitstroomgroep 'deelnemers', aandeel 'aan het werk': geef 'waarde' (een "
          "gepubliceerd cijfer) of 'gepubliceerd_als' (de letterlijke formulering)")],
    ),
    "formulering zonder aandeel": (
        edit(
            "    toelichting: kort",
            "    uitstroom:\n      - groep: deelnemers\n        basis: 15\n        naar_werk: 8\n"
            "        aandelen:\n          - omschrijving: aan het werk\n"
            "            eenheid: procent\n            gepubliceerd_als: de meesten\n"
            "    toelichting: kort",
        ),
        [(34, "gepubliceerd_als",
          "actie 1, uitstroomgroep 'deelnemers', aandeel 'aan het werk': 'de meesten' noemt "
          "geen aandeel: verwacht een percentage ('zo'n 40 %') of 'x op y' ('zo'n 6 op 10')")],
    ),
    "teller zonder aantal": (
        edit(
            "    toelichting: kort",
            "    uitstroom:\n      - groep: deelnemers\n        basis: 15\n        naar_werk: 8\n"
            "        aandelen:\n          - omschrijving: in opleiding\n            waarde: 7\n"
            "            eenheid: procent\n            teller: naar_opleiding\n"
            "    toelichting: kort",
        ),
        [(35, "teller",
          "actie 1, uitstroomgroep 'deelnemers', aandeel 'in opleiding': 'teller: "
          "naar_opleiding' vraagt 'basis' en 'naar_opleiding' van de groep")],
    ),
    "teller in de samenvatting": (
        edit(
            "    toelichting: kort",
            "    uitstroom:\n      - groep: deelnemers\n        basis: 15\n        naar_werk: 8\n"
            "        aandelen:\n          - omschrijving: aan het werk\n            waarde: 53\n"
            "            eenheid: procent\n            teller: naar_werk\n    toelichting: kort",
        ).replace("  totaal_uniek: 40\n", "  totaal_uniek: 40\n  acties:\n    - actie: 1\n"
                  "      aandelen:\n        - omschrijving: aan het werk\n          waarde: 53\n"
                  "          eenheid: procent\n          teller: naar_werk\n"),
        [(45, "teller",
          "samenvatting, actie 1: 'teller' hoort bij het aandeel in de uitstroom van actie 1, "
          "niet in de samenvatting")],
    ),
    "posten tellen niet op": (
        edit(
            "      besteed: 400.00\n",
            "      besteed: 400.00\n      posten:\n        - post: a\n          voorzien: 600\n"
            "          besteed: 400\n        - post: b\n          voorzien: 300\n"
            "          besteed: 0\n",
        ),
        [(25, "budget.voorzien",
          "actie 1: de som van de posten (€ 900,00) verschilt van 'voorzien' (€ 1.000,00)")],
    ),
    "budget zonder bedragen": (
        edit("    budget:\n      voorzien: 1000.00\n      besteed: 400.00\n", "    budget: {}\n"),
        [(24, "budget",
          "actie 1: budget zonder bedragen: geef 'voorzien' en 'besteed', 'posten' of een "
          "'opmerking' die zegt waarom er geen bedragen zijn")],
    ),
    "profiel boven 100 procent": (
        edit(
            "    toelichting: kort",
            "    profiel:\n      - kenmerk: geslacht\n        categorie: man\n        waarde: 60\n"
            "        eenheid: procent\n      - kenmerk: geslacht\n        categorie: vrouw\n"
            "        waarde: 50\n        eenheid: procent\n    toelichting: kort",
        ),
        [(34, "waarde",
          "actie 1, profielkenmerk 'geslacht: vrouw': de aandelen van kenmerk 'geslacht' tellen "
          "op tot 110 procent, meer dan 100")],
    ),
    "onbekend streefcijfer in uniek_tellen": (
        edit("      streefcijfer: jongeren", "      streefcijfer: jongere"),
        [(34, "streefcijfer",
          "uniek_tellen, deelnemer op plaats 1: actie 1 heeft geen streefcijfer 'jongere'; "
          "bedoelt u 'jongeren'?")],
    ),
    "onbekende actie in de samenvatting": (
        edit(
            "  totaal_uniek: 40\n",
            "  totaal_uniek: 40\n  acties:\n    - actie: 2\n      naar_werk: 3\n",
        ),
        [(31, "actie", "samenvatting, actie 2: actie 2 bestaat niet")],
    ),
    "afgeleid cijfer dat niet klopt": (
        BASE + "afgeleid:\n  - veld: acties.1.budget.voorzien\n    waarde: 999\n"
        "    berekening: x\n",
        [(37, "waarde",
          "afgeleid cijfer 'acties.1.budget.voorzien': 'waarde' (999) verschilt van de waarde "
          "van 'acties.1.budget.voorzien' in dit bestand (1000)")],
    ),
    "afgeleid veld bestaat niet": (
        BASE + "afgeleid:\n  - veld: acties.2.budget.voorzien\n    waarde: 999\n"
        "    berekening: x\n",
        [(36, "veld",
          "afgeleid cijfer 'acties.2.budget.voorzien': veld 'acties.2.budget.voorzien' bestaat "
          "niet in dit bestand")],
    ),
    "afgeleid personeel zonder berekening": (
        BASE + "personeel:\n  omschrijving: personeel\n  voorzien: 500\n  bron: afgeleid\n",
        [(38, "personeel.bron",
          "project: personeel is afgeleid, maar 'afgeleid' bevat geen berekening voor "
          "'personeel.voorzien'")],
    ),
    "gebruikte waarde niet gepubliceerd": (
        BASE + "afwijkingen:\n  - onderwerp: test\n    veld: acties.1.streefcijfers.1.realisatie\n"
        "    gepubliceerd:\n      - bron: a\n        waarde: 40\n      - bron: b\n"
        "        waarde: 41\n    gebruikt: 42\n    reden: x\n",
        [
            (43, "gebruikt",
             "afwijking 'test': 'gebruikt' (42) is geen van de gepubliceerde waarden (40, 41)"),
            (43, "gebruikt",
             "afwijking 'test': 'gebruikt' (42) verschilt van de waarde van "
             "'acties.1.streefcijfers.1.realisatie' in dit bestand (40)"),
        ],
    ),
    "dubbel actienummer": (
        edit(
            "samenvatting:",
            "  - nummer: 1\n    titel: b\n    doelgroep: c\n    doelstellingen: [d]\n"
            "    streefcijfers:\n      - omschrijving: x\n        streefwaarde: 1\n"
            "        eenheid: personen\n    budget: {opmerking: geen}\n    toelichting: t\n"
            "samenvatting:",
        ),
        [(28, "nummer", "actie 1: actienummer 1 komt twee keer voor (eerst op plaats 1)")],
    ),
    "lijst verwacht": (
        edit("    doelstellingen:\n      - jongeren bereiken", "    doelstellingen: bereiken"),
        [(17, "doelstellingen",
          "actie 1: 'doelstellingen' moet een lijst zijn (elk item begint met '- '), maar is "
          "tekst")],
    ),
    "actie is geen mapping": (
        edit("acties:\n  - nummer: 1", "acties:\n  - tekst\n  - nummer: 1"),
        [(14, "acties",
          "actie op plaats 1: moet een mapping van sleutels en waarden zijn, maar is tekst")],
    ),
    "sleutel twee keer": (
        edit("titel: Testproject", "titel: Testproject\ntitel: Nog eens"),
        [(3, "titel", "het project: sleutel 'titel' komt twee keer voor (eerst in rij 2)")],
    ),
    "bestand is een lijst": (
        "- a\n- b\n",
        [(1, None,
          "een projectbestand moet een mapping van sleutels en waarden zijn (titel: …, "
          "acties: …), maar is een lijst")],
    ),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_input_is_reported_in_dutch(tmp_path, case):
    text, expected = BAD[case]
    project, problems, bestand = build(tmp_path, text)
    assert project is None
    assert problems == [Problem(bestand, rij, kolom, melding) for rij, kolom, melding in expected]


def test_more_spent_than_foreseen_is_a_note(tmp_path):
    project, problems, bestand = build(tmp_path, edit("besteed: 400.00", "besteed: 1200.50"))
    assert problems == []
    assert project is not None
    assert project.opmerkingen == (
        Problem(
            bestand, 26, "budget.besteed",
            "opmerking: actie 1: besteed (€ 1.200,50) is meer dan voorzien (€ 1.000,00): "
            "overbesteding (€ 200,50 meer, 120,1 % van het voorziene budget)",
        ),
    )
    frame = budget_frame(project)
    assert (frame.loc[0, "besteed_pct"], frame.loc[0, "besteding"]) == (120.05, OVERBESTEDING)


def test_an_empty_document_is_reported(tmp_path):
    project, problems, bestand = build(tmp_path, "# alleen commentaar\n")
    assert project is None
    assert problems == [Problem(bestand, None, None, "bestand bevat geen gegevens")]


def test_a_target_without_realisation_has_no_status(tmp_path):
    project, problems, _ = build(
        tmp_path,
        edit("      - omschrijving: jongeren\n",
             "      - omschrijving: bedrijven\n        streefwaarde: 10\n"
             "        eenheid: bedrijven\n      - omschrijving: jongeren\n"),
    )
    assert problems == []
    frame = realisation_frame(project)
    first = frame.iloc[0]
    assert first["streefcijfer"] == "bedrijven"
    assert pd.isna(first["realisatie"]) and pd.isna(first["realisatiegraad_pct"])
    assert pd.isna(first["status"])
    assert frame.iloc[1]["status"] == OP_SCHEMA  # 40 % at 181/365 elapsed (49,59 %)
