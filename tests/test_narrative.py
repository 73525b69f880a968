"""Dutch narrative: every sentence from a named rule, gated by significance, exact wording.

Hand-made rows test each rule with exact strings (including the slips of seed 003 done right:
11,9 → 14,1 % is 2,2 procentpunt, not "3 %"). A property test over the embedded profile checks
that no sentence contradicts its row.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import io as aio
from analysis import narrative, wording
from analysis import statistics as st
from analysis.formatting import format_number, format_value
from analysis.indicators import build_profile
from analysis.narrative import (
    PHRASING,
    Sentence,
    dutch_list,
    group_sentences,
    indicator_sentences,
    notable_facts,
    one_in_n,
    ordinal,
    ratio_phrase,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalogue():
    return aio.load_catalogue()


def row(**values) -> pd.Series:
    """A profile row with the columns the rules read (missing ones NaN / empty)."""
    base = {
        "geo_type": "centrumstad", "waarde": np.nan, "vlaanderen": np.nan,
        "vergelijking_vlaanderen": st.NOT_COMPARED, "vergelijking_vlaanderen_reden": "",
        "provincie_waarde": np.nan, "vergelijking_provincie": st.NOT_COMPARED,
        "rang": np.nan, "n_peers": np.nan, "verschil_1j": np.nan,
        "verschil_1j_significant": np.nan, "trend": st.TREND_NOT_COMPUTED, "trend_reden": "",
        "trend_punten": np.nan, "onderdrukt": 0, "opmerking": "",
    }
    base.update(values)
    return pd.Series(base)


def texts(sentences: list[Sentence]) -> dict[str, str]:
    return {s.rule: s.text for s in sentences}


def say(r, ind, *, area="Gent", periode="2022Q4", peers="centrumsteden", **kwargs):
    return indicator_sentences(r, ind, area=area, period_label=periode, peers_label=peers,
                               **kwargs)


# -- helpers ----------------------------------------------------------------------------------


def test_dutch_list():
    assert dutch_list([]) == ""
    assert dutch_list(["A"]) == "A"
    assert dutch_list(["A", "B"]) == "A en B"
    assert dutch_list(["A", "B", "C"]) == "A, B en C"
    assert dutch_list(iter(["Roeselare", "Brugge", "Kortrijk", "Aalst"])) == (
        "Roeselare, Brugge, Kortrijk en Aalst")


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0de"), (1, "1ste"), (2, "2de"), (3, "3de"), (4, "4de"), (7, "7de"), (8, "8ste"),
    (9, "9de"), (10, "10de"), (11, "11de"), (12, "12de"), (13, "13de"), (18, "18de"),
    (19, "19de"), (20, "20ste"), (21, "21ste"), (28, "28ste"), (30, "30ste"), (99, "99ste"),
    (100, "100ste"), (101, "101ste"), (102, "102de"), (108, "108ste"), (112, "112de"),
    (120, "120ste"), (300, "300ste"), (1000, "1000ste"), (1003, "1003de"),
])
def test_ordinal(n, expected):
    assert ordinal(n) == expected


def test_ordinal_rejects_negative_numbers():
    with pytest.raises(ValueError):
        ordinal(-1)


@pytest.mark.parametrize(("value", "reference", "expected"), [
    (75278, 33977, "meer dan het dubbele van"),  # seed: Antwerpen vs Gent, "ruim het dubbele"
    (196, 100, "ongeveer het dubbele van"),
    (185, 100, "bijna het dubbele van"),
    (170, 100, "meer dan anderhalve keer"),
    (150, 100, "ongeveer anderhalve keer"),
    (140, 100, "ongeveer 1,4 keer"),
    (130, 100, "ongeveer 1,3 keer"),
    (127, 100, None),
    (100, 100, None),
    (72, 100, None),
    (71, 100, "ongeveer twee derde van"),
    (50, 100, "ongeveer de helft van"),
    (33, 100, "ongeveer een derde van"),
    (5, 100, "minder dan een tiende van"),
    (10, 0, None),
    (math.nan, 10, None),
])
def test_ratio_phrase_follows_census_reporter_thresholds(value, reference, expected):
    assert ratio_phrase(value, reference) == expected


@pytest.mark.parametrize(("value", "reference", "expected"), [
    (3018, 411, "ruim 7 keer zoveel als"),  # the issue: Antwerpen vs Gent, 7,3 ×
    (390, 100, "bijna 4 keer zoveel als"),  # the issue: 3,9 × was "meer dan het dubbele"
    (300, 100, "ongeveer 3 keer zoveel als"),
    (306, 100, "ongeveer 3 keer zoveel als"),  # within 2 %
    (307, 100, "ruim 3 keer zoveel als"),
    (349, 100, "ruim 3 keer zoveel als"),
    (350, 100, "bijna 4 keer zoveel als"),  # 3,5 rounds half-up to 4
    (280, 100, "bijna 3 keer zoveel als"),
    (279, 100, "ruim tweeënhalve keer"),
    (256, 100, "ruim tweeënhalve keer"),
    (250, 100, "ongeveer tweeënhalve keer"),
    (245, 100, "ongeveer tweeënhalve keer"),
    (244, 100, "meer dan het dubbele van"),
    (206, 100, "meer dan het dubbele van"),
    (1200, 100, "ongeveer 12 keer zoveel als"),
])
def test_ratio_phrase_above_two_and_a_half_says_how_many_times(value, reference, expected):
    assert ratio_phrase(value, reference) == expected


def test_ratio_phrase_follows_the_displayed_values():
    # 19,46 against 10,04 is 1,94 × (bijna het dubbele); the page shows 19,5 and 10,0: 1,95 ×.
    assert ratio_phrase(19.46, 10.04) == "bijna het dubbele van"
    assert ratio_phrase(19.46, 10.04, 1) == "ongeveer het dubbele van"
    # A reference that displays as 0 gives no phrase.
    assert ratio_phrase(5.0, 0.04, 1) is None


def test_ratio_phrase_index_is_rounded_half_up():
    assert ratio_phrase(127.5, 100) == "ongeveer 1,3 keer"  # index 128
    assert ratio_phrase(127.4, 100) is None


@pytest.mark.parametrize(("share", "expected"), [
    (75278 / 780974, ("bijna", 10)),  # seed: "Bijna 1 op de 10 niet-beroepsactieven"
    (0.10, ("ongeveer", 10)),
    (0.105, ("ruim", 10)),
    (0.111, ("ongeveer", 9)),
    (0.5, ("ongeveer", 2)),
    (0.46, ("bijna", 2)),
    (0.345, ("ruim", 3)),
    (0.089, None),  # 1 op de 10 would be 11 % too many
    (0.6, None),
    (0.0, None),
    (math.nan, None),
])
def test_one_in_n_only_when_it_reads_true(share, expected):
    assert one_in_n(share) == expected
    if expected:
        qualifier, n = expected
        r = share * n
        assert 0.9 <= r <= 1.1
        assert (qualifier == "bijna") == (r < 0.98)
        assert (qualifier == "ruim") == (r > 1.02)


# -- waarde -----------------------------------------------------------------------------------


def test_headline_for_a_percentage(catalogue):
    out = say(row(waarde=20.8), catalogue["wzw_in_opleiding"])
    assert out[0] == Sentence(
        "In Gent is 20,8 % van de werkzoekenden zonder werk in opleiding (2022Q4).", "waarde",
        "wzw_in_opleiding")


def test_headline_for_a_count(catalogue):
    out = say(row(waarde=33977.0), catalogue["niet_beroepsactieven"], periode="2019")
    assert out[0].text == "Gent telt 33.977 niet-beroepsactieven (2019)."
    assert out[0].rule == "waarde"


def test_every_catalogue_indicator_gets_a_headline_with_its_value(catalogue):
    for ind in catalogue:
        value = 12.345 if ind.is_rate else 1234.0
        out = say(row(waarde=value), ind, area="Brugge", periode="2021")
        head = out[0]
        assert head.rule == "waarde"
        assert format_value(value, ind.eenheid, ind.decimalen) in head.text
        assert "Brugge" in head.text and "(2021)" in head.text
        assert head.text[0].isupper() and head.text.endswith(".")
        assert "{" not in head.text
        assert ind.id in PHRASING


def test_headline_falls_back_for_a_single_count_and_an_unknown_indicator(catalogue):
    out = say(row(waarde=1.0), catalogue["digibanken"], periode="2023")
    assert out[0].text == "Digibanken in Gent (2023): 1."
    other = catalogue["wzw_in_opleiding"].model_copy(
        update={"id": "nieuw", "titel": "Nieuwe indicator"})
    assert say(row(waarde=3.25), other)[0].text == "Nieuwe indicator in Gent (2022Q4): 3,3 %."


# -- vergelijking -----------------------------------------------------------------------------


def test_better_than_flanders(catalogue):
    r = row(waarde=16.3, vlaanderen=14.1, vergelijking_vlaanderen=st.BETTER)
    got = texts(say(r, catalogue["wzw_in_opleiding"]))
    assert got["vergelijking_vlaanderen"] == (
        "Gent scoort beter dan Vlaanderen (16,3 % tegenover 14,1 %): 2,2 procentpunt hoger.")


def test_best_adds_duidelijk_and_a_size_phrase(catalogue):
    r = row(waarde=4.8, vlaanderen=2.3, vergelijking_vlaanderen=st.BEST)
    got = texts(say(r, catalogue["wijkwerk_werkplekleren"]))
    assert got["vergelijking_vlaanderen"] == (
        "Gent scoort duidelijk beter dan Vlaanderen (4,8 % tegenover 2,3 %): 2,5 procentpunt "
        "hoger, meer dan het dubbele van het Vlaamse cijfer.")


def test_worse_for_lower_is_better(catalogue):
    r = row(waarde=8.9, vlaanderen=5.9, vergelijking_vlaanderen=st.WORST)
    got = texts(say(r, catalogue["werkzoekendengraad"], periode="2022"))
    assert got["vergelijking_vlaanderen"] == (
        "Gent scoort duidelijk slechter dan Vlaanderen (8,9 % tegenover 5,9 %): 3,0 procentpunt "
        "hoger, ongeveer anderhalve keer het Vlaamse cijfer.")
    r = row(waarde=12.0, vlaanderen=14.1, vergelijking_vlaanderen=st.WORSE)
    got = texts(say(r, catalogue["wzw_in_opleiding"]))
    assert got["vergelijking_vlaanderen"] == (
        "Gent scoort slechter dan Vlaanderen (12,0 % tegenover 14,1 %): 2,1 procentpunt lager.")


def test_similar_never_says_higher_even_when_the_number_is_higher(catalogue):
    r = row(waarde=15.9, vlaanderen=14.1, vergelijking_vlaanderen=st.SIMILAR)
    got = say(r, catalogue["wzw_in_opleiding"])
    assert texts(got)["vergelijking_vlaanderen"] == (
        "Gent ligt in de lijn van Vlaanderen (15,9 % tegenover 14,1 %): het verschil is niet "
        "significant.")
    for s in got:
        assert not re.search(r"\b(hoger|lager|beter|slechter)\b", s.text)


def test_no_judgement_says_higher_without_better(catalogue):
    ind = catalogue["wzw_in_opleiding"].model_copy(update={"polariteit": "geen_oordeel"})
    r = row(waarde=16.3, vlaanderen=14.1, vergelijking_vlaanderen=st.MUCH_HIGHER)
    assert texts(say(r, ind))["vergelijking_vlaanderen"] == (
        "Gent ligt duidelijk hoger dan Vlaanderen (16,3 % tegenover 14,1 %): een verschil van "
        "2,2 procentpunt.")
    r = row(waarde=7.0, vlaanderen=14.1, vergelijking_vlaanderen=st.LOWER)
    assert texts(say(r, ind))["vergelijking_vlaanderen"] == (
        "Gent ligt lager dan Vlaanderen (7,0 % tegenover 14,1 %): een verschil van 7,1 "
        "procentpunt, ongeveer de helft van het Vlaamse cijfer.")


def test_equal_figures_on_the_page_are_never_called_better(catalogue):
    # 14,13 against 14,1: the page shows 14,1 twice, so no difference is said, whatever the label.
    r = row(waarde=14.13, vlaanderen=14.1, vergelijking_vlaanderen=st.BETTER)
    assert texts(say(r, catalogue["wzw_in_opleiding"]))["vergelijking_vlaanderen"] == (
        "Gent ligt op het niveau van Vlaanderen (14,1 %).")


def test_similar_says_when_the_difference_is_smaller_than_relevant(catalogue):
    # Mechelen: 74,3 % against 75,2 %, significant but less than 1 procentpunt.
    r = row(waarde=74.2995, vlaanderen=75.16, vergelijking_vlaanderen=st.SIMILAR)
    assert texts(say(r, catalogue["werkzaamheidsgraad"], area="Mechelen", periode="2019"))[
        "vergelijking_vlaanderen"] == (
        "Mechelen ligt in de lijn van Vlaanderen (74,3 % tegenover 75,2 %): het verschil is "
        "kleiner dan 1 procentpunt.")
    r = row(waarde=6.2, vlaanderen=5.9, vergelijking_vlaanderen=st.SIMILAR)
    assert texts(say(r, catalogue["werkzoekendengraad"], periode="2022"))[
        "vergelijking_vlaanderen"] == (
        "Gent ligt in de lijn van Vlaanderen (6,2 % tegenover 5,9 %): het verschil is kleiner "
        "dan 0,5 procentpunt.")


def test_not_compared_gives_no_comparison(catalogue):
    r = row(waarde=16.3, vlaanderen=14.1, vergelijking_vlaanderen=st.NOT_COMPARED,
            vergelijking_vlaanderen_reden="geen waarde voor de vergelijking")
    rules = [s.rule for s in say(r, catalogue["wzw_in_opleiding"])]
    assert "vergelijking_vlaanderen" not in rules and "vlaanderen_ter_info" not in rules


def test_flanders_for_reference_when_the_catalogue_does_not_compare(catalogue):
    r = row(waarde=80.0, vlaanderen=75.0, vergelijking_vlaanderen=st.NOT_COMPARED,
            vergelijking_vlaanderen_reden="geen vergelijking voor deze indicator")
    got = texts(say(r, catalogue["so_status"], area="Brugge", periode="2022"))
    assert got["vlaanderen_ter_info"] == "Ter vergelijking: in Vlaanderen is dat 75,0 %."
    flanders = row(geo_type="vlaanderen", waarde=75.0, vlaanderen=75.0)
    rules = [s.rule for s in say(flanders, catalogue["so_status"], area="Vlaanderen")]
    assert rules == ["waarde"]


def test_province_comparison_only_when_it_differs(catalogue):
    ind = catalogue["twe_uitstroom_12m"]
    r = row(waarde=65.8, vlaanderen=67.0, vergelijking_vlaanderen=st.SIMILAR,
            provincie_waarde=68.5, vergelijking_provincie=st.WORSE)
    got = texts(say(r, ind, province="Oost-Vlaanderen"))
    assert got["vergelijking_provincie"] == (
        "Gent scoort slechter dan de provincie Oost-Vlaanderen (65,8 % tegenover 68,5 %): 2,7 "
        "procentpunt lager.")
    assert "vergelijking_provincie" not in texts(say(r, ind))  # no province given
    same = row(waarde=65.8, vlaanderen=67.0, vergelijking_vlaanderen=st.SIMILAR,
               provincie_waarde=66.0, vergelijking_provincie=st.SIMILAR)
    assert "vergelijking_provincie" not in texts(say(same, ind, province="Oost-Vlaanderen"))


# -- verandering_1j ---------------------------------------------------------------------------


def test_change_in_procentpunt_not_percent(catalogue):
    # Seed 003: "11,9 → 14,1 % … een stijging van 3 %" — it is 2,2 procentpunt.
    ind = catalogue["wzw_in_opleiding"]
    r = row(waarde=14.1, verschil_1j=14.1 - 11.9, verschil_1j_significant=1.0)
    got = texts(say(r, ind, previous=row(waarde=11.9)))
    assert got["verandering_1j"] == (
        "Tegenover een jaar eerder is dat 2,2 procentpunt meer (11,9 → 14,1 %); die stijging "
        "is statistisch significant.")
    assert "3 %" not in got["verandering_1j"]


def test_a_significant_fall(catalogue):
    ind = catalogue["vervullingsgraad_nec"]
    r = row(waarde=56.0, verschil_1j=56.0 - 60.8, verschil_1j_significant=1.0)
    assert texts(say(r, ind, previous=row(waarde=60.8)))["verandering_1j"] == (
        "Tegenover een jaar eerder is dat 4,8 procentpunt minder (60,8 → 56,0 %); die daling "
        "is statistisch significant.")


def test_a_non_significant_change_is_not_called_a_rise(catalogue):
    ind = catalogue["wzw_in_opleiding"]
    r = row(waarde=14.1, verschil_1j=14.1 - 12.9, verschil_1j_significant=0.0)
    text = texts(say(r, ind, previous=row(waarde=12.9)))["verandering_1j"]
    assert text == ("Tegenover een jaar eerder is dat 1,2 procentpunt meer (12,9 → 14,1 %), "
                    "maar dat verschil is niet significant.")
    assert "stijging" not in text and "daling" not in text


def test_a_change_smaller_than_relevant_is_not_called_a_rise(catalogue):
    # The issue: "0,1 procentpunt meer (5,8 → 5,9 %); die stijging is statistisch significant".
    ind = catalogue["werkzoekendengraad"]
    r = row(waarde=5.9, verschil_1j=0.12, verschil_1j_significant=0.0)
    text = texts(say(r, ind, periode="2022", previous=row(waarde=5.78)))["verandering_1j"]
    assert text == ("Tegenover een jaar eerder is dat 0,1 procentpunt meer (5,8 → 5,9 %), minder "
                    "dan het relevante verschil van 0,5 procentpunt.")
    assert "significant" not in text


def test_change_without_previous_row_and_from_previous_row_only(catalogue):
    ind = catalogue["wzw_in_opleiding"]
    r = row(waarde=14.1, verschil_1j=2.2, verschil_1j_significant=1.0)
    # The earlier figure is the one behind verschil_1j: 14,1 − 2,2 = 11,9 %.
    assert texts(say(r, ind))["verandering_1j"] == (
        "Tegenover een jaar eerder is dat 2,2 procentpunt meer (11,9 → 14,1 %); die stijging is "
        "statistisch significant.")
    # No verschil_1j in the row: computed from the previous row as the profile does.
    r = row(waarde=14.1)
    assert texts(say(r, ind, previous=row(waarde=11.9)))["verandering_1j"] == (
        "Tegenover een jaar eerder is dat 2,2 procentpunt meer (11,9 → 14,1 %).")


def test_untested_change_of_a_rate_makes_no_significance_claim(catalogue):
    r = row(waarde=14.1, verschil_1j=-0.3, verschil_1j_significant=np.nan)
    text = texts(say(r, catalogue["wzw_in_opleiding"]))["verandering_1j"]
    assert text == "Tegenover een jaar eerder is dat 0,3 procentpunt minder (14,4 → 14,1 %)."
    assert "significant" not in text


def test_tiny_and_zero_changes(catalogue):
    ind = catalogue["wzw_in_opleiding"]
    # 14,14 → 14,1: the same figure on the page, so no change is said.
    r = row(waarde=14.1, verschil_1j=-0.04, verschil_1j_significant=0.0)
    assert texts(say(r, ind))["verandering_1j"] == (
        "Tegenover een jaar eerder is het cijfer ongewijzigd (14,1 → 14,1 %).")
    r = row(waarde=14.1, verschil_1j=0.0, verschil_1j_significant=0.0)
    assert texts(say(r, ind))["verandering_1j"] == (
        "Tegenover een jaar eerder is het cijfer ongewijzigd (14,1 → 14,1 %).")


def test_a_count_change_that_rounds_to_zero_percent_is_not_unchanged(catalogue):
    r = row(waarde=49606.0, verschil_1j=(49606 / 49626 - 1) * 100)
    text = texts(say(r, catalogue["rmi"], previous=row(waarde=49626.0)))["verandering_1j"]
    assert text == "Tegenover een jaar eerder is dat minder dan 0,1 % minder (49.626 → 49.606)."


def test_a_change_is_the_difference_of_the_displayed_figures(catalogue):
    # The issue: 17,55 → 17,04 is 0,51 unrounded, but the page shows 17,6 → 17,0: 0,6.
    ind = catalogue["wzw_in_opleiding"]
    r = row(waarde=17.04, verschil_1j=17.04 - 17.55, verschil_1j_significant=1.0)
    assert texts(say(r, ind, previous=row(waarde=17.55)))["verandering_1j"] == (
        "Tegenover een jaar eerder is dat 0,6 procentpunt minder (17,6 → 17,0 %); die daling is "
        "statistisch significant.")


def test_counts_change_in_percent(catalogue):
    ind = catalogue["rmi"]
    r = row(waarde=3422.0, verschil_1j=(3422 / 3450 - 1) * 100)
    text = texts(say(r, ind, periode="2022-09", previous=row(waarde=3450.0)))["verandering_1j"]
    assert text == "Tegenover een jaar eerder is dat 0,8 % minder (3.450 → 3.422)."
    assert "procentpunt" not in text and "significant" not in text


# -- trend ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "expected"), [
    (st.TREND_RISING_IMPROVING,
     "Over de laatste 3 jaar stijgt het percentage significant; dat is een verbetering."),
    (st.TREND_RISING_WORSENING,
     "Over de laatste 3 jaar stijgt het percentage significant; dat is een verslechtering."),
    (st.TREND_FALLING_IMPROVING,
     "Over de laatste 3 jaar daalt het percentage significant; dat is een verbetering."),
    (st.TREND_FALLING_WORSENING,
     "Over de laatste 3 jaar daalt het percentage significant; dat is een verslechtering."),
    (st.TREND_RISING, "Over de laatste 3 jaar stijgt het percentage significant."),
    (st.TREND_NO_CHANGE, "Over de laatste 3 jaar is er geen significante verandering."),
    (st.TREND_NOT_COMPUTED, None),
])
def test_trend_sentence_from_the_label(catalogue, label, expected):
    r = row(waarde=14.1, trend=label, trend_punten=3.0)
    assert texts(say(r, catalogue["wzw_in_opleiding"])).get("trend") == expected


def test_trend_alternating_and_unknown_length(catalogue):
    r = row(waarde=14.1, trend=st.TREND_NO_CHANGE, trend_reden=st.TREND_REASON_ALTERNATING)
    assert texts(say(r, catalogue["wzw_in_opleiding"]))["trend"] == (
        "Over de laatste jaren is er geen significante verandering (wisselend verloop).")


def test_trend_sentence_names_its_window(catalogue):
    r = row(waarde=74.3, periode="2019", trend=st.TREND_RISING_IMPROVING, trend_punten=5.0)
    assert texts(say(r, catalogue["werkzaamheidsgraad"], periode="2019"))["trend"] == (
        "Over de laatste 5 jaar (2015–2019) stijgt het percentage significant; dat is een "
        "verbetering.")
    r = row(waarde=14.1, periode="2022Q4", trend=st.TREND_NO_CHANGE, trend_punten=3.0)
    assert texts(say(r, catalogue["wzw_in_opleiding"]))["trend"] == (
        "Over de laatste 3 jaar (2020Q4–2022Q4) is er geen significante verandering.")


def test_a_significant_but_small_trend_is_no_relevant_change(catalogue):
    r = row(waarde=5.9, periode="2022", trend=st.TREND_NO_CHANGE, trend_punten=5.0,
            trend_reden=st.TREND_REASON_NOT_RELEVANT)
    text = texts(say(r, catalogue["werkzoekendengraad"], periode="2022"))["trend"]
    assert text == ("Over de laatste 5 jaar (2018–2022) is er geen relevante verandering: de "
                    "trend is significant, maar kleiner dan 0,5 procentpunt.")


def test_trend_caption_says_what_it_tests():
    assert narrative.trend_caption(row(trend=st.TREND_NO_CHANGE, trend_punten=5.0)) == (
        "trend over 5 jaar: geen significante verandering")
    assert narrative.trend_caption(row(trend=st.TREND_RISING_IMPROVING, trend_punten=3.0)) == (
        "trend over 3 jaar: stijgend en verbeterend")
    assert narrative.trend_caption(row(trend=st.TREND_NO_CHANGE, trend_punten=4.0,
                                       trend_reden=st.TREND_REASON_NOT_RELEVANT)) == (
        "trend over 4 jaar: geen relevante verandering")
    assert narrative.trend_caption(row(trend=st.TREND_NOT_COMPUTED, trend_punten=2.0)) == ""


def test_relevance_rule_for_the_technical_note(catalogue):
    text = narrative.relevance_rule(catalogue)
    assert text.startswith("Een verschil met Vlaanderen, de provincie of een of twee jaar "
                           "eerder heet hoger of lager (beter of slechter) alleen als het "
                           "statistisch significant is")
    assert ("(1 procentpunt bij percentages; 0,5 procentpunt voor Ongekwalificeerde "
            "uitstroom, ") in text
    assert "; 5 % bij aantallen)" in text
    assert "meer dan twee keer dat verschil" in text
    assert "(1 procentpunt" not in narrative.relevance_rule()


# -- rang -------------------------------------------------------------------------------------


def test_rank_sentences(catalogue):
    r = row(waarde=14.1, rang=3.0, n_peers=13.0)
    assert texts(say(r, catalogue["wzw_in_opleiding"]))["rang"] == (
        "Gent staat 3de van de 13 centrumsteden (1ste = beste).")
    r = row(waarde=33977.0, rang=2.0, n_peers=13.0)
    assert texts(say(r, catalogue["niet_beroepsactieven"], periode="2019"))["rang"] == (
        "Gent staat 2de van de 13 centrumsteden (1ste = hoogste).")
    r = row(waarde=14.1, rang=8.0, n_peers=37.0)
    assert texts(say(r, catalogue["wzw_in_opleiding"], area="Regio Gent",
                     peers="regiegebieden"))["rang"] == (
        "Regio Gent staat 8ste van de 37 regiegebieden (1ste = beste).")
    r = row(waarde=14.1, rang=1.0, n_peers=1.0)
    assert "rang" not in texts(say(r, catalogue["wzw_in_opleiding"]))


# -- aandeel_vlaanderen -----------------------------------------------------------------------


def test_share_of_flanders_with_one_in_n(catalogue):
    r = row(waarde=75278.0, vlaanderen=780974.0)
    got = texts(say(r, catalogue["niet_beroepsactieven"], area="Antwerpen", periode="2019"))
    assert got["aandeel_vlaanderen"] == (
        "Dat is 9,6 % van alle niet-beroepsactieven in Vlaanderen (bijna 1 op de 10).")


def test_share_of_flanders_without_a_phrase_that_would_not_read_true(catalogue):
    r = row(waarde=33977.0, vlaanderen=780974.0)
    got = texts(say(r, catalogue["niet_beroepsactieven"], periode="2019"))
    assert got["aandeel_vlaanderen"] == "Dat is 4,4 % van alle niet-beroepsactieven in Vlaanderen."


def test_share_of_flanders_given_by_the_caller(catalogue):
    r = row(waarde=5000.0)
    got = texts(say(r, catalogue["wzw"], share_of_flanders=0.5))
    assert got["aandeel_vlaanderen"] == (
        "Dat is 50,0 % van alle werkzoekenden zonder werk in Vlaanderen (ongeveer de helft).")
    with pytest.raises(ValueError):
        say(r, catalogue["wzw"], share_of_flanders=9.6)


# -- onderdrukt -------------------------------------------------------------------------------


def test_suppressed_row_says_nothing_about_the_value(catalogue):
    r = row(waarde=7.0, vlaanderen=14.1, vergelijking_vlaanderen=st.BETTER, rang=1.0,
            n_peers=13.0, verschil_1j=3.0, verschil_1j_significant=1.0, onderdrukt=1,
            opmerking="onderdrukt: telling kleiner dan 5")
    out = say(r, catalogue["wzw_in_opleiding"], area="Herstappe")
    assert out == [Sentence(
        "Het cijfer voor 'Werkzoekenden zonder werk in opleiding' in Herstappe (2022Q4) wordt "
        "niet gepubliceerd: het steunt op te kleine aantallen.", "onderdrukt",
        "wzw_in_opleiding")]
    assert not re.search(r"\d", out[0].text.replace("2022Q4", ""))


def test_secondary_suppression_gives_its_own_reason(catalogue):
    r = row(onderdrukt=1, opmerking="onderdrukt: secundair onderdrukt: anders af te leiden "
            "uit het totaal")
    out = say(r, catalogue["wzw"])
    assert out[0].text.endswith("anders zou een klein aantal elders af te leiden zijn.")
    assert len(out) == 1


def test_row_without_value(catalogue):
    assert say(row(), catalogue["wzw"]) == [Sentence(
        "Voor 'Werkzoekenden zonder werk' is er geen cijfer voor Gent (2022Q4).", "geen_waarde",
        "wzw")]


# -- selection --------------------------------------------------------------------------------


def test_at_most_four_sentences_by_priority_in_reading_order(catalogue):
    ind = catalogue["wzw_in_opleiding"]
    r = row(waarde=12.3, vlaanderen=14.1, vergelijking_vlaanderen=st.WORST,
            provincie_waarde=12.9, vergelijking_provincie=st.SIMILAR, rang=13.0, n_peers=13.0,
            verschil_1j=0.3, verschil_1j_significant=0.0, trend=st.TREND_RISING_IMPROVING,
            trend_punten=3.0)
    rules = [s.rule for s in say(r, ind, province="Oost-Vlaanderen")]
    assert rules == ["waarde", "vergelijking_vlaanderen", "verandering_1j", "trend"]
    every = [s.rule for s in say(r, ind, province="Oost-Vlaanderen", max_sentences=None)]
    assert every == ["waarde", "vergelijking_vlaanderen", "vergelijking_provincie",
                     "verandering_1j", "trend", "rang"]
    # A trend without significant change yields to the rank.
    r["trend"] = st.TREND_NO_CHANGE
    assert [s.rule for s in say(r, ind)] == [
        "waarde", "vergelijking_vlaanderen", "verandering_1j", "rang"]


def test_plain_mapping_rows_work(catalogue):
    r = {"waarde": 16.3, "vlaanderen": 14.1, "vergelijking_vlaanderen": "beter"}
    assert [s.rule for s in say(r, catalogue["wzw_in_opleiding"])] == [
        "waarde", "vergelijking_vlaanderen"]


# -- group_sentences --------------------------------------------------------------------------


def werkzaamheid_rows() -> pd.DataFrame:
    return pd.DataFrame(
        [("Roeselare", 77.2, st.BETTER), ("Brugge", 76.2, st.BETTER),
         ("Kortrijk", 74.3, st.SIMILAR), ("Leuven", 71.2, st.SIMILAR),
         ("Genk", 65.3, st.WORST), ("Antwerpen", 66.0, st.WORST)],
        columns=["geo_naam", "waarde", "vergelijking_vlaanderen"],
    ).assign(teller=np.nan)


def test_group_reproduces_the_seed_sentence(catalogue):
    out = group_sentences(werkzaamheid_rows(), catalogue["werkzaamheidsgraad"],
                          vlaanderen=75.16, peers_label="centrumsteden")
    assert [s.rule for s in out] == [
        "groep_hoger_dan_vlaanderen", "groep_lager_dan_vlaanderen", "groep_overige"]
    assert out[0].text == ("Roeselare (77,2 %) en Brugge (76,2 %) scoren hoger dan het Vlaamse "
                           "gemiddelde (75,2 %).")
    assert out[1].text == ("Antwerpen (66,0 %) en Genk (65,3 %) scoren lager dan het Vlaamse "
                           "gemiddelde (75,2 %).")
    assert out[2].text == ("De andere centrumsteden liggen tussen 71,2 % en 74,3 %, in de lijn "
                           "van het Vlaamse gemiddelde.")


def test_group_higher_by_number_but_similar_is_not_named_higher(catalogue):
    rows = pd.DataFrame([("Aa", 76.0, st.SIMILAR), ("Bb", 74.0, st.SIMILAR)],
                        columns=["geo_naam", "waarde", "vergelijking_vlaanderen"])
    out = group_sentences(rows, catalogue["werkzaamheidsgraad"], vlaanderen=75.16,
                          peers_label="centrumsteden")
    assert [s.text for s in out] == [
        "De centrumsteden liggen tussen 74,0 % en 76,0 %, in de lijn van het Vlaamse "
        "gemiddelde."]


def test_group_lower_is_better_and_single_names(catalogue):
    rows = pd.DataFrame([("Genk", 29.8, st.WORST), ("Aalst", 17.0, st.BETTER),
                         ("Gent", 20.0, st.NOT_COMPARED)],
                        columns=["geo_naam", "waarde", "vergelijking_vlaanderen"])
    out = group_sentences(rows, catalogue["nba_graad"], vlaanderen=20.3,
                          peers_label="centrumsteden")
    assert [s.text for s in out] == [
        "Genk (29,8 %) ligt hoger dan het Vlaamse gemiddelde (20,3 %), wat ongunstig is.",
        "Aalst (17,0 %) ligt lager dan het Vlaamse gemiddelde (20,3 %), wat gunstig is.",
        "Gent ligt op 20,0 %.",
    ]


def test_group_of_counts(catalogue):
    rows = pd.DataFrame(
        [("Gent", 33977.0), ("Antwerpen", 75278.0), ("Leuven", 15793.0), ("Turnhout", 5576.0),
         ("Roeselare", 6822.0)],
        columns=["geo_naam", "waarde"],
    ).assign(vergelijking_vlaanderen=st.NOT_COMPARED, teller=lambda f: f["waarde"])
    out = group_sentences(rows, catalogue["niet_beroepsactieven"], vlaanderen=780974.0,
                          peers_label="centrumsteden")
    assert texts(out) == {
        "groep_grootste": "Antwerpen telt 75.278 niet-beroepsactieven, meer dan het dubbele "
                          "van het aantal in Gent (33.977).",
        "groep_aandeel_vlaanderen": "Bijna 1 op de 10 niet-beroepsactieven woont in Antwerpen.",
        "groep_aandeel_samen": "Samen tellen de 5 centrumsteden 17,6 % van alle "
                               "niet-beroepsactieven in Vlaanderen.",
        "groep_overige": "De andere centrumsteden tellen tussen 5.576 en 15.793 "
                         "niet-beroepsactieven.",
    }


def test_group_names_suppressed_peers_without_value(catalogue):
    rows = pd.DataFrame(
        [("Gent", 13000.0, 0), ("Antwerpen", 15999.0, 0), ("Herstappe", np.nan, 1)],
        columns=["geo_naam", "waarde", "onderdrukt"],
    ).assign(vergelijking_vlaanderen=st.NOT_COMPARED, teller=lambda f: f["waarde"])
    out = group_sentences(rows, catalogue["wzw"], vlaanderen=179796.0, peers_label="gemeenten")
    assert texts(out) == {
        "groep_grootste": "Antwerpen telt de meeste werkzoekenden zonder werk (15.999), "
                          "gevolgd door Gent (13.000).",
        "groep_aandeel_vlaanderen": "Antwerpen telt 8,9 % van alle werkzoekenden zonder werk "
                                    "in Vlaanderen.",
        "groep_onderdrukt": "Voor Herstappe wordt geen cijfer gepubliceerd (kleine aantallen).",
    }


def test_group_of_nothing(catalogue):
    empty = pd.DataFrame(columns=["geo_naam", "waarde", "vergelijking_vlaanderen", "teller"])
    assert group_sentences(empty, catalogue["wzw"], vlaanderen=1.0, peers_label="x") == []


# -- notable_facts ----------------------------------------------------------------------------


def facts_frame() -> pd.DataFrame:
    rows = [
        # (a): slechtst, significant and relevant worsening change (lager_beter, +0,6)
        dict(indicator="werkzoekendengraad", waarde=8.9, vlaanderen=5.9,
             vergelijking_vlaanderen=st.WORST, verschil_1j=0.6, verschil_1j_significant=1.0,
             rang=9.0, n_peers=13.0),
        # also (a), but only "slechter": loses to the one above
        dict(indicator="nba_graad", waarde=21.9, vlaanderen=20.3,
             vergelijking_vlaanderen=st.WORSE, trend=st.TREND_RISING_WORSENING,
             trend_punten=3.0, verschil_1j=1.2, verschil_1j_significant=1.0, rang=9.0,
             n_peers=13.0),
        # (b): the largest significant change
        dict(indicator="vervullingsgraad_nec", waarde=61.2, vlaanderen=56.0,
             vergelijking_vlaanderen=st.BEST, verschil_1j=-5.3, verschil_1j_significant=1.0,
             rang=3.0, n_peers=13.0),
        # (c): best rank; also the best gap, but already used
        dict(indicator="lde_doorstroom_3m", waarde=96.9, vlaanderen=49.5,
             vergelijking_vlaanderen=st.BEST, verschil_1j=0.0, verschil_1j_significant=0.0,
             rang=1.0, n_peers=12.0),
        # (d): worst rank; a rising, improving trend is no worsening
        dict(indicator="wzw_in_opleiding", waarde=12.3, vlaanderen=14.1,
             vergelijking_vlaanderen=st.WORST, trend=st.TREND_RISING_IMPROVING,
             verschil_1j=0.3, verschil_1j_significant=0.0, rang=13.0, n_peers=13.0),
        # (e): better than Vlaanderen by the largest remaining gap
        dict(indicator="cm_doorstroom_3m", waarde=41.5, vlaanderen=25.5,
             vergelijking_vlaanderen=st.BEST, verschil_1j=2.8, verschil_1j_significant=0.0,
             rang=4.0, n_peers=13.0),
        # a count: never a significant change, its rank 1 is "largest", not "best"
        dict(indicator="niet_beroepsactieven", waarde=33977.0, vlaanderen=780974.0,
             verschil_1j=40.0, rang=1.0, n_peers=13.0),
        # suppressed: ignored whatever its labels say
        dict(indicator="twe_aandeel", waarde=np.nan, vlaanderen=12.5,
             vergelijking_vlaanderen=st.BEST, verschil_1j=-20.0, verschil_1j_significant=1.0,
             rang=1.0, n_peers=13.0, onderdrukt=1),
    ]
    return pd.DataFrame([row(**r) for r in rows])


def test_notable_facts_pick_by_rule(catalogue):
    out = notable_facts(facts_frame(), catalogue, area="Gent", peers_label="centrumsteden")
    assert [(s.rule, s.indicator) for s in out] == [
        ("wat_valt_op_slechter_en_verslechterend", "werkzoekendengraad"),
        ("wat_valt_op_grootste_verandering", "vervullingsgraad_nec"),
        ("wat_valt_op_beste_rang", "lde_doorstroom_3m"),
        ("wat_valt_op_slechtste_rang", "wzw_in_opleiding"),
        ("wat_valt_op_beter_dan_vlaanderen", "cm_doorstroom_3m"),
    ]
    assert [s.text for s in out] == [
        "Werkzoekendengraad: Gent scoort duidelijk slechter dan Vlaanderen (8,9 % tegenover "
        "5,9 %), en tegenover een jaar eerder verslechterde het cijfer significant met 0,6 "
        "procentpunt (8,3 → 8,9 %).",
        "Vervullingsgraad vacatures NEC gedeeld beheer (zonder uitzendopdrachten): in Gent "
        "daalde het percentage significant met 5,3 procentpunt tegenover een jaar eerder (66,5 "
        "→ 61,2 %); dat is een verslechtering.",
        "Doorstroom naar werk na Lokale Diensteneconomie: Gent staat 1ste van de 12 "
        "centrumsteden (1ste = beste), met 96,9 %.",
        "Werkzoekenden zonder werk in opleiding: Gent staat 13de van de 13 centrumsteden "
        "(1ste = beste), met 12,3 %.",
        "Doorstroom naar werk na Collectief Maatwerk: Gent scoort duidelijk beter dan "
        "Vlaanderen (41,5 % tegenover 25,5 %): 16,0 procentpunt hoger, meer dan anderhalve "
        "keer het Vlaamse cijfer.",
    ]


def test_notable_facts_respect_max_and_find_fewer(catalogue):
    frame = facts_frame()
    assert len(notable_facts(frame, catalogue, area="Gent", peers_label="c", max_facts=3)) == 3
    only_trend = frame[frame["indicator"] == "nba_graad"]
    out = notable_facts(only_trend, catalogue, area="Gent", peers_label="centrumsteden")
    assert [s.text for s in out] == [
        "Aandeel niet-beroepsactieven: Gent scoort slechter dan Vlaanderen (21,9 % tegenover "
        "20,3 %), en over de laatste 3 jaar stijgt het percentage significant, een "
        "verslechtering."]
    nothing = frame[frame["indicator"].isin(["niet_beroepsactieven", "twe_aandeel"])]
    assert notable_facts(nothing, catalogue, area="Gent", peers_label="centrumsteden") == []


def test_notable_facts_ranks_need_three_peers_and_an_extreme_quarter(catalogue):
    frame = pd.DataFrame([
        row(indicator="wzw_in_opleiding", waarde=12.3, rang=1.0, n_peers=2.0),
        row(indicator="twe_aandeel", waarde=12.3, rang=7.0, n_peers=13.0),
    ])
    assert notable_facts(frame, catalogue, area="Gent", peers_label="centrumsteden") == []


def test_notable_facts_are_deterministic(catalogue):
    frame = facts_frame()
    a = notable_facts(frame, catalogue, area="Gent", peers_label="centrumsteden")
    b = notable_facts(frame.iloc[::-1], catalogue, area="Gent", peers_label="centrumsteden")
    assert a == b


# -- property: no sentence contradicts its row (embedded data) ---------------------------------

PEERS = {"provincie": "provincies", "referentieregio": "referentieregio's",
         "regiegebied": "regiegebieden", "centrumstad": "centrumsteden", "gemeente": "gemeenten",
         "vlaanderen": ""}


@pytest.fixture(scope="module")
def latest_rows(geography, catalogue) -> pd.DataFrame:
    result = aio.read_observations([REPO / "data" / "voorbeeld"], geo_check=geography.check_geo)
    profile = build_profile(result.data, geography, catalogue)
    order = profile["periode"].map(lambda p: (p[:4], p[4:].replace("-", "Z") or "ZZ"))
    latest = profile.assign(_order=order).sort_values("_order")
    return latest.groupby(["indicator", "geo_type", "geo"]).tail(1).drop(columns="_order")


WORDS = re.compile(r"\b(hoger|lager|beter|slechter|duidelijk)\b")


def _nl(text: str) -> float:
    """A number as the reports print it (nl-BE: 1.234,5)."""
    return float(text.replace(".", "").replace(",", "."))


def _check_comparison(s: Sentence, r: dict, ind, label_col: str, bench_col: str) -> None:
    label = r[label_col]
    words = set(WORDS.findall(s.text))
    assert label not in (st.NOT_COMPARED, "")
    assert format_value(r[bench_col], ind.eenheid, ind.decimalen) in s.text
    if label == st.SIMILAR:
        assert not words, s.text
        return
    assert ("beter" in words) == (label in (st.BETTER, st.BEST)), s.text
    assert ("slechter" in words) == (label in (st.WORSE, st.WORST)), s.text
    assert ("duidelijk" in words) == (label in (st.BEST, st.WORST, st.MUCH_HIGHER,
                                                st.MUCH_LOWER)), s.text
    higher = r["waarde"] > r[bench_col]
    assert ("hoger" in words) == higher and ("lager" in words) == (not higher), s.text
    if label in (st.HIGHER, st.MUCH_HIGHER):
        assert higher
    if label in (st.LOWER, st.MUCH_LOWER):
        assert not higher


def test_no_sentence_contradicts_its_row(latest_rows, catalogue, geography):
    provinces = dict(geography.geographies("provincie")[["code", "naam"]].to_numpy())
    counted: dict[str, int] = {}
    for r in latest_rows.to_dict("records"):  # plain dicts: the rules accept any mapping
        ind = catalogue[r["indicator"]]
        province = provinces.get(r["provincie"]) or None
        out = indicator_sentences(r, ind, area=r["geo_naam"], period_label=r["periode"],
                                  peers_label=PEERS[r["geo_type"]], province=province)
        assert 1 <= len(out) <= 4
        assert len({s.rule for s in out}) == len(out)
        for s in out:
            counted[s.rule] = counted.get(s.rule, 0) + 1
            assert s.indicator == ind.id
            assert s.text.endswith(".") and "{" not in s.text and " nan" not in s.text
            if r["onderdrukt"] == 1:
                assert [x.rule for x in out] == ["onderdrukt"]
            elif s.rule == "waarde":
                assert format_value(r["waarde"], ind.eenheid, ind.decimalen) in s.text
            elif s.rule == "vergelijking_vlaanderen":
                _check_comparison(s, r, ind, "vergelijking_vlaanderen", "vlaanderen")
            elif s.rule == "vergelijking_provincie":
                assert r["vergelijking_provincie"] != r["vergelijking_vlaanderen"]
                _check_comparison(s, r, ind, "vergelijking_provincie", "provincie_waarde")
            elif s.rule == "vlaanderen_ter_info":
                assert not WORDS.search(s.text)
                assert format_value(r["vlaanderen"], ind.eenheid, ind.decimalen) in s.text
            elif s.rule == "verandering_1j":
                sig = r["verschil_1j_significant"]
                claims = "statistisch significant" in s.text
                denies = "niet significant" in s.text
                small = "minder dan het relevante verschil" in s.text
                # The difference of the two figures the sentence prints.
                a, b = re.search(r"\(([\d.,]+) → ([\d.,]+)", s.text).groups()
                delta = _nl(b) - _nl(a) if ind.is_rate else (_nl(b) / _nl(a) - 1) * 100
                large = abs(delta) >= ind.relevant_verschil - 1e-9
                assert claims == (sig == 1), s.text
                if sig == 1:
                    assert large, s.text
                assert denies == (sig == 0 and large and "ongewijzigd" not in s.text), s.text
                assert small == (sig == 0 and not large and "ongewijzigd" not in s.text), s.text
                if math.isnan(sig):
                    assert "significant" not in s.text
                assert ("stijging" in s.text) == (sig == 1 and r["verschil_1j"] > 0), s.text
                assert ("daling" in s.text) == (sig == 1 and r["verschil_1j"] < 0), s.text
                unit = "procentpunt" if ind.is_rate else "%"
                shown = format_number(abs(delta), ind.decimalen if ind.is_rate else 1)
                tiny = delta != 0 and shown.strip("0,") == ""
                assert f"{shown} {unit}" in s.text or "ongewijzigd" in s.text or (
                    tiny and f"minder dan 0,1 {unit}" in s.text), s.text
                if f"{unit} meer" in s.text:
                    assert delta > 0 and r["verschil_1j"] > 0
                if f"{unit} minder" in s.text:
                    assert delta < 0 and r["verschil_1j"] < 0
            elif s.rule == "trend":
                directional = r["trend"] not in (st.TREND_NO_CHANGE, st.TREND_NOT_COMPUTED)
                assert ("percentage significant" in s.text) == directional, s.text
                no_change = r["trend"] == st.TREND_NO_CHANGE
                small = r["trend_reden"] == st.TREND_REASON_NOT_RELEVANT
                assert ("geen significante" in s.text) == (no_change and not small), s.text
                assert ("geen relevante" in s.text) == (no_change and small), s.text
                assert f"de laatste {int(r['trend_punten'])} jaar (" in s.text, s.text
                assert ("verbetering" in s.text) == ("verbeterend" in r["trend"])
                assert ("verslechtering" in s.text) == ("verslechterend" in r["trend"])
                assert ("stijgt" in s.text) == r["trend"].startswith("stijgend")
            elif s.rule == "rang":
                assert f"{ordinal(int(r['rang']))} van de {int(r['n_peers'])} " in s.text
            elif s.rule == "aandeel_vlaanderen":
                share = r["waarde"] / r["vlaanderen"]
                assert format_value(share * 100, "percent", 1) in s.text
                found = re.search(r"1 op de (\d+)", s.text)
                if found:  # "1 op de N" is read from the share as displayed
                    shown_share = st.round_half_up(share * 100, 1) / 100
                    assert 0.9 <= shown_share * int(found.group(1)) <= 1.1 + 1e-12
            else:
                pytest.fail(f"unexpected rule {s.rule}: {s.text}")
    # The data exercise every rule (vlaanderen_ter_info: only so_status, not in the data).
    for rule in ("onderdrukt", "waarde", "vergelijking_vlaanderen", "vergelijking_provincie",
                 "verandering_1j", "trend", "rang", "aandeel_vlaanderen"):
        assert counted.get(rule, 0) > 0, rule


def test_group_and_facts_on_the_embedded_data_agree_with_the_rows(latest_rows, catalogue):
    steden = latest_rows[latest_rows["geo_type"] == "centrumstad"]
    flanders = latest_rows[latest_rows["geo_type"] == "vlaanderen"].set_index("indicator")
    for indicator, rows in steden.groupby("indicator"):
        ind = catalogue[indicator]
        if indicator not in flanders.index:
            continue
        out = group_sentences(rows, ind, vlaanderen=flanders.loc[indicator, "waarde"],
                              peers_label="centrumsteden")
        for s in out:
            if s.rule in ("groep_hoger_dan_vlaanderen", "groep_lager_dan_vlaanderen"):
                higher = s.rule == "groep_hoger_dan_vlaanderen"
                names = re.split(r" (?:scoort|scoren|ligt|liggen) (?:hoger|lager) ", s.text)[0]
                for item in re.split(r", | en ", names):
                    name, value = item.rsplit(" (", 1)
                    r = rows[rows["geo_naam"] == name].iloc[0]
                    assert format_value(r["waarde"], ind.eenheid, ind.decimalen) + ")" == value
                    assert r["vergelijking_vlaanderen"] not in (st.SIMILAR, st.NOT_COMPARED)
                    assert (r["waarde"] > r["vlaanderen"]) == higher
    for _, rows in steden.groupby("geo"):
        out = notable_facts(rows, catalogue, area=rows["geo_naam"].iloc[0],
                            peers_label="centrumsteden")
        assert len(out) <= 5
        assert len({s.indicator for s in out}) == len(out)


# -- wording: the numbers of a sentence from the displayed values ---------------------------------


def test_wording_change_is_the_difference_of_the_displayed_figures(catalogue):
    rate, count = catalogue["wzw_in_opleiding"], catalogue["rmi"]
    assert wording.change(17.04, 17.55, rate) == -0.6  # 17,0 − 17,6, not −0,51
    assert wording.change(8.94, 5.86, rate) == 3.0  # 8,9 − 5,9, not 3,08
    assert wording.change(3422.4, 3449.6, count) == -0.8  # 3.422 / 3.450 − 1, one decimal
    assert math.isnan(wording.change(5.0, math.nan, rate))
    assert math.isnan(wording.change(5.0, 0.0, count))


def test_wording_previous_value_undoes_the_profile_difference(catalogue):
    rate, count = catalogue["wzw_in_opleiding"], catalogue["rmi"]
    assert wording.previous_value(14.1, 2.2, rate) == pytest.approx(11.9)
    assert wording.previous_value(3422, (3422 / 3450 - 1) * 100, count) == pytest.approx(3450)
    assert math.isnan(wording.previous_value(14.1, math.nan, rate))


def test_wording_difference_text_and_shares(catalogue):
    rate, count = catalogue["wzw_in_opleiding"], catalogue["rmi"]
    assert wording.difference_text(-0.6, rate) == "0,6 procentpunt"
    assert wording.difference_text(3.2, count) == "3,2 %"
    # 3.018 of 31.400 is 9,61 %: printed 9,6 %, so 0,096 (bijna 1 op de 10).
    assert wording.displayed_share(3018, 31400, 0) == 0.096
    assert one_in_n(wording.displayed_share(3018, 31400, 0)) == ("bijna", 10)
    assert wording.share(19.46, 10.04, 1) == pytest.approx(1.95)
    assert math.isnan(wording.displayed_share(5, 0, 0))
