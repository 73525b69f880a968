"""Dutch sentences computed from the classified facts of the profile, never typed by hand.

Every sentence comes from a **named rule** and carries that name (:class:`Sentence`), so a
test or a reviewer can trace each sentence to the rule and the profile row that produced it.
Pure functions: no I/O, no plotting. Numbers are shown nl-BE through
:mod:`analysis.formatting` (75,2 %; 780.974; half-up rounding).

Public API
----------
* :func:`indicator_sentences` — up to 4 sentences about one indicator of one area.
* :func:`group_sentences` — the comparative sentences of a benchmark chapter (the peers of one
  type against Vlaanderen).
* :func:`notable_facts` — "Wat valt op": up to five facts picked by rule.
* :func:`dutch_list`, :func:`ordinal` — helpers; :func:`ratio_phrase` and :func:`one_in_n`
  live in :mod:`analysis.wording` and are re-exported here.

Gating by significance and relevance (referentiesystemen.md §6, goal G5)
------------------------------------------------------------------------
The words *hoger*/*lager*/*beter*/*slechter* in a comparison appear only when the comparison
label of the row says so (Fingertips' two-level rule, §1.5, with our relevance rule: the
difference of the displayed values is at least the catalogue's ``relevant_verschil``, more than
twice it for best/slechtst); "vergelijkbaar" always reads "ligt in de lijn van", with why
(smaller than the relevant difference, or not significant). A change is called a
*stijging*/*daling* that "is statistisch significant" only when ``verschil_1j_significant`` is
1 (significant and relevant); with 0 it is "minder dan het relevante verschil" or "niet
significant"; with no test (counts) the change is stated without any claim about significance.
A trend is described only from the trend label and names its window ("over de laatste 5 jaar
(2018–2022)"), the change its comparison ("tegenover een jaar eerder"), so the two never seem
to contradict. The size phrases (:data:`analysis.wording.RATIO_PHRASES`) follow Census Reporter
but, unlike Census Reporter, are only used for significant differences.

Numbers in sentences
--------------------
Every difference, ratio and share in a sentence is computed from the values as displayed
(:mod:`analysis.wording`): "0,6 procentpunt minder (17,6 → 17,0 %)", never the 0,5 of the
unrounded 17,55 → 17,04; both figures of a comparison stand in its sentence ("74,3 %
tegenover 75,2 %") so a reader can check it.

Phrase tables
-------------
Comparison with a benchmark B (Vlaanderen, or "de provincie X"), by label:

=========================  =====================================================================
label                      sentence
=========================  =====================================================================
beter / best               "{area} scoort [duidelijk ]beter dan B (a tegenover b): {size}."
slechter / slechtst        "{area} scoort [duidelijk ]slechter dan B (a tegenover b): {size}."
hoger / veel hoger         "{area} ligt [duidelijk ]hoger dan B (a tegenover b): een verschil
                           van {d}."
lager / veel lager         "{area} ligt [duidelijk ]lager dan B (a tegenover b): een verschil
                           van {d}."
vergelijkbaar              "{area} ligt in de lijn van B (a tegenover b): het verschil is
                           kleiner dan {relevant}." or "…: het verschil is niet significant.";
                           "{area} ligt op het niveau van B (b)." when a and b are equal
niet vergeleken            no sentence
=========================  =====================================================================

"duidelijk" marks the 99.8 % tier (best, slechtst, veel hoger/lager). ``{size}`` is, for a
percentage, "{d} procentpunt hoger|lager" followed by ", {ratio phrase} het Vlaamse cijfer"
when :func:`ratio_phrase` gives one; for a count the ratio phrase, else "{p} % meer|minder".

Change against a year earlier (``verschil_1j_significant``): 1 → "Tegenover een jaar eerder is
dat {d} meer|minder (a → b); die stijging|daling is statistisch significant."; 0 → "…, minder
dan het relevante verschil van {relevant}." or "…, maar dat verschil is niet significant.";
no test → the change only; equal displayed figures → "… is het cijfer ongewijzigd (a → b).".
Percentages in procentpunt, counts in procent (one decimal).

Trend label → "Over de laatste {n} jaar ({first}–{last}) stijgt|daalt het percentage
significant[; dat is een verbetering|verslechtering]." or "… is er geen significante
verandering[ (wisselend verloop)]." or, significant but small, "… is er geen relevante
verandering: de trend is significant, maar kleiner dan {relevant}."

Editorial decisions
-------------------
* "niet vergeleken" gives no comparison sentence: every reason in the profile ("geen
  vergelijking voor deze indicator", "is zelf Vlaanderen", "onderdrukt", "geen waarde", …) is
  either structural or said elsewhere. For a percentage the catalogue does not test
  (``vergelijking: geen``) the Flemish figure is given for reference, without any comparative
  word (rule ``vlaanderen_ter_info``).
* The province comparison (rule ``vergelijking_provincie``) is only given when the caller
  passes a province and the province label differs from the Flemish one; otherwise it would
  repeat the Flemish sentence.
* Trend "niet berekend" is never mentioned: its reasons (counts are not tested, fewer than 3
  yearly points, a constant 0 % or 100 %) are technical. "geen significante verandering" is
  mentioned, with "wisselend verloop" when that is the reason.
* At most ``max_sentences`` (4) sentences: when more rules apply, the lowest priority ones are
  dropped (:data:`SENTENCE_PRIORITY`), the rest keep reading order.
* A change is the difference of the displayed figures, so "11,94 → 14,06 %" reads "11,9 →
  14,1 %: 2,2 procentpunt", never the 2,1 of the unrounded values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis import statistics as st
from analysis import wording
from analysis.catalogue import Catalogue, Indicator
from analysis.formatting import format_number, format_value, plural
from analysis.wording import PERCENT_DECIMALS, RATIO_PHRASES, one_in_n, ratio_phrase

__all__ = [
    "PHRASING",
    "RATIO_PHRASES",
    "SENTENCE_PRIORITY",
    "Phrasing",
    "Sentence",
    "comparison_side",
    "dutch_list",
    "group_sentences",
    "indicator_sentences",
    "notable_facts",
    "one_in_n",
    "ordinal",
    "ratio_phrase",
    "relevance_rule",
    "trend_caption",
]


@dataclass(frozen=True)
class Sentence:
    """One Dutch sentence, the rule that produced it and the indicator it is about."""

    text: str
    rule: str
    indicator: str | None = None


# -- phrasing per indicator -------------------------------------------------------------------


@dataclass(frozen=True)
class Phrasing:
    """Natural wording for one indicator.

    ``zin``: the headline, with ``{area}``, ``{waarde}`` (formatted) and ``{periode}``.
    ``meervoud``: for counts, what is counted, in the plural ("niet-beroepsactieven").
    ``plaats``: for counts of people, the verb for where they live ("woont in"), used in
    "Bijna 1 op de 10 niet-beroepsactieven woont in Antwerpen".
    """

    zin: str
    meervoud: str | None = None
    plaats: str | None = None


_TWE = "TWE-OCMW-cliënten met een beëindigd traject"

#: Headline wording per indicator id. An indicator without an entry (or a count of exactly 1,
#: where the plural would be wrong) gets the generic "Titel in area (periode): waarde.".
PHRASING: dict[str, Phrasing] = {
    "werkzaamheidsgraad": Phrasing(
        "In {area} bedraagt de werkzaamheidsgraad {waarde} ({periode})."
    ),
    "werkzaamheidsgraad_eak": Phrasing(
        "In {area} bedraagt de werkzaamheidsgraad volgens de Enquête naar de Arbeidskrachten "
        "{waarde} ({periode})."
    ),
    "niet_beroepsactieven": Phrasing(
        "{area} telt {waarde} niet-beroepsactieven ({periode}).", "niet-beroepsactieven",
        "woont in",
    ),
    "nba_graad": Phrasing(
        "In {area} is {waarde} van de inwoners van 20 tot 64 jaar niet-beroepsactief "
        "({periode})."
    ),
    "wzw": Phrasing(
        "{area} telt {waarde} werkzoekenden zonder werk ({periode}).",
        "werkzoekenden zonder werk", "woont in",
    ),
    "werkzoekendengraad": Phrasing(
        "In {area} bedraagt de werkzoekendengraad {waarde} ({periode})."
    ),
    "rmi": Phrasing(
        "{area} telt {waarde} RMI-gerechtigden ({periode}).", "RMI-gerechtigden", "woont in"
    ),
    "oekrainers_leefloon": Phrasing(
        "{area} telt {waarde} Oekraïense ontheemden met recht op (equivalent) leefloon "
        "({periode}).",
        "Oekraïense ontheemden met recht op (equivalent) leefloon", "woont in",
    ),
    "wz_schoolverlaters": Phrasing(
        "In {area} is {waarde} van de schoolverlaters een jaar na het schoolverlaten als "
        "werkzoekende ingeschreven ({periode})."
    ),
    "ongekwalificeerde_uitstroom": Phrasing(
        "In {area} verlaat {waarde} van de schoolverlaters de school ongekwalificeerd, met "
        "hoogstens een getuigschrift van de tweede graad secundair onderwijs ({periode})."
    ),
    "wz_ongekwalificeerden": Phrasing(
        "In {area} is {waarde} van de ongekwalificeerde schoolverlaters een jaar na het "
        "schoolverlaten als werkzoekende ingeschreven ({periode})."
    ),
    "wz_ongekwalificeerden_s01": Phrasing(
        "In {area} is {waarde} van de schoolverlaters met hoogstens de eerste graad secundair "
        "onderwijs een jaar na het schoolverlaten als werkzoekende ingeschreven ({periode})."
    ),
    "so_status": Phrasing(
        "In {area} heeft {waarde} van de gemeenten een samenwerkingsovereenkomst met VDAB "
        "getekend ({periode})."
    ),
    "so_status_regiegebieden": Phrasing(
        "In {area} heeft {waarde} van de regiegebieden sociale economie en werk een "
        "samenwerkingsovereenkomst met VDAB getekend ({periode})."
    ),
    "esf_outreach_bereik": Phrasing(
        "De ESF-projecten 'Outreach & Activering' bereikten in {area} {waarde} personen "
        "({periode}).",
        "personen bereikt in de ESF-projecten 'Outreach & Activering'",
    ),
    "esf_jongeren_bereik": Phrasing(
        "De ESF-projecten 'Lokale partnerschappen voor jongeren' bereikten in {area} {waarde} "
        "jongeren ({periode}).",
        "jongeren bereikt in de ESF-projecten 'Lokale partnerschappen voor jongeren'",
    ),
    "ocmw_ingeschreven": Phrasing(
        "In {area} is {waarde} van de RMI-gerechtigden bij VDAB gekend ({periode})."
    ),
    "oekrainers_ingeschreven": Phrasing(
        "In {area} is het aantal bij VDAB ingeschreven Oekraïense ontheemden gelijk aan "
        "{waarde} van het aantal Oekraïense ontheemden met recht op (equivalent) leefloon "
        "({periode})."
    ),
    "uitstroom_ocmw_12m": Phrasing(
        "In {area} is {waarde} van de OCMW-cliënten binnen 12 maanden na de instroom in "
        "categorie 05 aan het werk ({periode})."
    ),
    "twe_werkplekleren": Phrasing(
        "In {area} werd in {waarde} van de TWE-OCMW-trajecten sinds 2017 werkplekleren of een "
        "opleiding gebruikt ({periode})."
    ),
    "twe_aandeel": Phrasing(
        "In {area} is het aantal OCMW-cliënten in TWE-OCMW gelijk aan {waarde} van het aantal "
        "RMI-gerechtigden ({periode})."
    ),
    "twe_uitstroom_3m": Phrasing(
        f"In {{area}} is {{waarde}} van de {_TWE} 3 maanden na het einde aan het werk "
        "({periode})."
    ),
    "twe_uitstroom_12m": Phrasing(
        f"In {{area}} is {{waarde}} van de {_TWE} binnen 12 maanden na het einde aan het werk "
        "({periode})."
    ),
    "twe_uitstroom_12m_duurzaam": Phrasing(
        "In {area} is {waarde} van de TWE-OCMW-cliënten die na TWE-OCMW als werknemer aan het "
        "werk gingen, duurzaam aan het werk ({periode})."
    ),
    "twe_uitstroom_12m_zelfstandige": Phrasing(
        f"In {{area}} is {{waarde}} van de {_TWE} binnen 12 maanden na het einde aan het werk "
        "als zelfstandige ({periode})."
    ),
    "twe_uitstroom_12m_zelfstandige_duurzaam": Phrasing(
        "In {area} is {waarde} van de TWE-OCMW-cliënten die na TWE-OCMW als zelfstandige aan "
        "het werk gingen, duurzaam aan het werk ({periode})."
    ),
    "wijkwerkers": Phrasing(
        "{area} telt {waarde} wijk-werkers sinds de start van wijk-werken ({periode}).",
        "wijk-werkers",
    ),
    "wijkwerk_uitstroom_3m": Phrasing(
        "In {area} is {waarde} van de wijk-werkers (nieuwe instroom) binnen 3 maanden na het "
        "einde van wijk-werken aan het werk ({periode})."
    ),
    "wijkwerk_werkplekleren": Phrasing(
        "In {area} werd in {waarde} van de wijk-werktrajecten (nieuwe instroom) werkplekleren "
        "of een opleiding gebruikt ({periode})."
    ),
    "lde_doorstroom_3m": Phrasing(
        "In {area} is {waarde} van de werknemers in de Lokale Diensteneconomie 3 maanden na het "
        "einde van hun tewerkstelling aan het werk ({periode})."
    ),
    "lde_contingent": Phrasing(
        "Het contingent Lokale Diensteneconomie telt in {area} {waarde} voltijdse equivalenten "
        "({periode}).",
        "voltijdse equivalenten in het contingent Lokale Diensteneconomie",
    ),
    "cm_doorstroom_3m": Phrasing(
        "In {area} is {waarde} van de werknemers in Collectief Maatwerk 3 maanden na het einde "
        "van hun tewerkstelling aan het werk ({periode})."
    ),
    "cm_contingent": Phrasing(
        "Het contingent Collectief Maatwerk telt in {area} {waarde} voltijdse equivalenten "
        "({periode}).",
        "voltijdse equivalenten in het contingent Collectief Maatwerk",
    ),
    "werkgevers_werkplekleren": Phrasing(
        "In {area} doet {waarde} van de actieve BTW-plichtige werkgevers aan werkplekleren "
        "({periode})."
    ),
    "vervullingsgraad_nec": Phrasing(
        "In {area} bedraagt de vervullingsgraad van de vacatures NEC in gedeeld beheer (zonder "
        "uitzendopdrachten) {waarde} ({periode})."
    ),
    "wzw_in_opleiding": Phrasing(
        "In {area} is {waarde} van de werkzoekenden zonder werk in opleiding ({periode})."
    ),
    "digibanken": Phrasing("{area} telt {waarde} digibanken ({periode}).", "digibanken"),
}

_GENERIC_HEADLINE = "{titel} in {area} ({periode}): {waarde}."


# -- helpers ----------------------------------------------------------------------------------


def dutch_list(names: Iterable[str]) -> str:
    """``A``, ``A en B``, ``A, B en C`` (no serial comma, as Dutch writes it); ``""`` if empty."""
    items = [str(n) for n in names]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def ordinal(n: int) -> str:
    """Dutch ordinal in figures: 1ste, 2de, 3de, 7de, 8ste, 9de, 19de, 20ste, 21ste, 100ste, 102de.

    The suffix follows the spoken word: *-ste* for eerste, achtste and everything from
    twintigste on (twintig-, dertig-, honderd-, duizendste), *-de* for the rest (tweede,
    derde, negende, tiende … negentiende). Only the last two digits matter (honderdtweede →
    102de, honderdachtste → 108ste), and a round hundred is *-ste* (honderdste).
    """
    n = int(n)
    if n < 0:
        raise ValueError(f"geen rangtelwoord voor een negatief getal: {n}")
    last_two = n % 100
    ste = (n > 0 and last_two == 0) or last_two in (1, 8) or last_two >= 20
    return f"{n}{'ste' if ste else 'de'}"


def _one_in_n_text(qualifier: str, n: int, noun: str) -> str:
    """ "bijna 1 op de 10 niet-beroepsactieven", "ruim de helft van de niet-beroepsactieven"."""
    if n == 2:
        return f"{qualifier} de helft van de {noun}"
    return f"{qualifier} 1 op de {n} {noun}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _get(row: Mapping[str, Any] | pd.Series, key: str) -> Any:
    """A cell as a plain value; missing key, None and NaN all become None."""
    value = row.get(key) if hasattr(row, "get") else None
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _num(row: Mapping[str, Any] | pd.Series, key: str) -> float:
    value = _get(row, key)
    return float(value) if _finite(value) else math.nan


def _text(row: Mapping[str, Any] | pd.Series, key: str) -> str:
    value = _get(row, key)
    return "" if value is None else str(value)


def _value(value: float, ind: Indicator) -> str:
    return format_value(value, ind.eenheid, ind.decimalen)


def _difference(delta: float, ind: Indicator) -> str:
    """Size of a displayed difference: procentpunt for a percentage, procent for a count."""
    return wording.difference_text(delta, ind)


def _relevant_text(ind: Indicator) -> str:
    """The catalogue's relevant difference in words: "1 procentpunt", "0,5 procentpunt", "5 %"."""
    size = float(ind.relevant_verschil or 0)
    decimals = 0 if size.is_integer() else 1
    return wording.amount(size, decimals, "procentpunt" if ind.is_rate else "%")


# -- comparison -------------------------------------------------------------------------------

_JUDGED_BETTER = (st.BETTER, st.BEST)
_JUDGED_WORSE = (st.WORSE, st.WORST)
_NEUTRAL_HIGHER = (st.HIGHER, st.MUCH_HIGHER)
_NEUTRAL_LOWER = (st.LOWER, st.MUCH_LOWER)
_CLEARLY = (st.BEST, st.WORST, st.MUCH_HIGHER, st.MUCH_LOWER)
_SIGNIFICANT_LABELS = _JUDGED_BETTER + _JUDGED_WORSE + _NEUTRAL_HIGHER + _NEUTRAL_LOWER
_WORSENING_TRENDS = (st.TREND_RISING_WORSENING, st.TREND_FALLING_WORSENING)
_DIRECTIONAL_TRENDS = (
    st.TREND_RISING_IMPROVING,
    st.TREND_RISING_WORSENING,
    st.TREND_FALLING_IMPROVING,
    st.TREND_FALLING_WORSENING,
    st.TREND_RISING,
    st.TREND_FALLING,
)


def comparison_side(label: str, polarity: str) -> int | None:
    """+1 significantly higher than the benchmark, −1 lower, 0 similar, None not compared."""
    if label in _NEUTRAL_HIGHER:
        return 1
    if label in _NEUTRAL_LOWER:
        return -1
    if label == st.SIMILAR:
        return 0
    good = label in _JUDGED_BETTER
    if good or label in _JUDGED_WORSE:
        higher_good = polarity != st.LOWER_IS_BETTER
        return 1 if good == higher_good else -1
    return None


def _magnitude(value: float, bench: float, ind: Indicator, reference: str, *,
               direction: bool = True) -> str:
    """ "2,2 procentpunt hoger, meer dan het dubbele van het Vlaamse cijfer" (significant only),
    from the displayed values.

    Without ``direction`` (the sentence already says hoger/lager): "een verschil van 2,2
    procentpunt".
    """
    delta = wording.change(value, bench, ind)
    phrase = ratio_phrase(value, bench, ind.decimalen)
    if ind.is_rate:
        if direction:
            text = f"{_difference(delta, ind)} {'hoger' if delta > 0 else 'lager'}"
        else:
            text = f"een verschil van {_difference(delta, ind)}"
        return f"{text}, {phrase} {reference}" if phrase else text
    if phrase:
        return f"{phrase} {reference}"
    word = "meer" if delta > 0 else "minder"
    return f"{_difference(delta, ind)} {word}"


def _versus_text(value: float, bench: float, ind: Indicator) -> str:
    """ "74,3 % tegenover 75,2 %": both figures a comparison is about, in the sentence."""
    return f"{_value(value, ind)} tegenover {_value(bench, ind)}"


def _comparison(
    row: Mapping[str, Any] | pd.Series,
    ind: Indicator,
    area: str,
    *,
    label: str,
    bench: float,
    name: str,
    reference: str,
    rule: str,
) -> Sentence | None:
    """A comparison sentence from the label, or None when not compared.

    "vergelijkbaar" says why: the displayed difference is smaller than the catalogue's
    relevant difference, or it is not significant.
    """
    value = _num(row, "waarde")
    if label not in (*_SIGNIFICANT_LABELS, st.SIMILAR) or not (_finite(value) and _finite(bench)):
        return None
    versus = _versus_text(value, bench, ind)
    delta = wording.change(value, bench, ind)
    if label == st.SIMILAR or delta == 0:
        # Equal figures on the page are never "beter" (the profile's rule cannot say so).
        if delta == 0:
            text = f"{area} ligt op het niveau van {name} ({_value(bench, ind)})."
        elif ind.relevant_verschil and not st.at_least(delta, ind.relevant_verschil):
            text = (f"{area} ligt in de lijn van {name} ({versus}): het verschil is kleiner dan "
                    f"{_relevant_text(ind)}.")
        else:
            text = (f"{area} ligt in de lijn van {name} ({versus}): het verschil is niet "
                    "significant.")
        return Sentence(text, rule, ind.id)
    clearly = "duidelijk " if label in _CLEARLY else ""
    if label in _JUDGED_BETTER + _JUDGED_WORSE:
        verdict = "beter" if label in _JUDGED_BETTER else "slechter"
        magnitude = _magnitude(value, bench, ind, reference)
        text = f"{area} scoort {clearly}{verdict} dan {name} ({versus}): {magnitude}."
    else:
        word = "hoger" if label in _NEUTRAL_HIGHER else "lager"
        magnitude = _magnitude(value, bench, ind, reference, direction=False)
        text = f"{area} ligt {clearly}{word} dan {name} ({versus}): {magnitude}."
    return Sentence(text, rule, ind.id)


def trend_caption(row: Mapping[str, Any] | pd.Series) -> str:
    """What a trend chart's title says of the trend, with what it tests: "trend over 5 jaar:
    geen significante verandering"; "" when no trend was computed."""
    label = _text(row, "trend")
    if label not in st.TREND_LABELS or label == st.TREND_NOT_COMPUTED:
        return ""
    points = _num(row, "trend_punten")
    window = f"trend over {int(points)} jaar" if _finite(points) and points > 0 else "trend"
    if label == st.TREND_NO_CHANGE and _text(row, "trend_reden") == st.TREND_REASON_NOT_RELEVANT:
        label = "geen relevante verandering"
    return f"{window}: {label}"


def relevance_rule(catalogue: Catalogue | None = None) -> str:
    """The rule of significance and relevance in Dutch, for the technical note; with the
    catalogue, its relevant differences (the most common one first, the others named)."""
    sizes = ""
    if catalogue is not None:
        rates = [i for i in catalogue if i.soort == "observatie" and i.is_rate]
        counts = {_relevant_text(i) for i in catalogue if i.soort == "observatie"
                  and not i.is_rate}
        by_size: dict[str, list[str]] = {}
        for ind in rates:
            by_size.setdefault(_relevant_text(ind), []).append(ind.titel)
        if by_size:
            common = max(by_size, key=lambda k: len(by_size[k]))
            others = [f"{size} voor {dutch_list(sorted(titles))}"
                      for size, titles in by_size.items() if size != common]
            sizes = f" ({common} bij percentages" + "".join(f"; {o}" for o in others)
            sizes += f"; {dutch_list(sorted(counts))} bij aantallen)" if counts else ")"
    return (
        "Een verschil met Vlaanderen, de provincie of een of twee jaar eerder heet hoger of "
        "lager (beter of slechter) alleen als het statistisch significant is (het Vlaamse of "
        "provinciale cijfer buiten het 95 %-betrouwbaarheidsinterval; bij een verandering de "
        "tweeproportietoets, 95 %) én minstens zo groot als het relevante verschil van de "
        f"indicator{sizes}, gemeten op de afgeronde cijfers zoals ze in het rapport staan. "
        "Duidelijk beter of slechter (best, slechtst) vraagt bovendien het 99,8 %-interval en "
        "meer dan twee keer dat verschil; anders heet het gebied vergelijkbaar. Een trend "
        "(chi-kwadraattoets voor trend over de laatste 3 tot 5 jaar, 99,8 %) heet stijgend of "
        "dalend alleen als elke stap dezelfde kant op gaat en de verandering over die jaren "
        "minstens het relevante verschil is. De zin over een jaar eerder en de trend toetsen "
        "dus elk iets anders: de ene kan een verandering tonen, de andere niet. Verschillen, "
        "verhoudingen en aandelen in de tekst zijn berekend uit de getoonde, afgeronde cijfers."
    )


# -- the sentences of one indicator -----------------------------------------------------------

#: Which sentences survive when more than ``max_sentences`` apply (first = kept first). The
#: survivors keep reading order: waarde, Vlaanderen, provincie, verandering, trend, rang.
SENTENCE_PRIORITY: tuple[str, ...] = (
    "onderdrukt",
    "geen_waarde",
    "waarde",
    "vergelijking_vlaanderen",
    "aandeel_vlaanderen",
    "vlaanderen_ter_info",
    "verandering_1j",
    "trend",  # only a significant trend ranks here; "geen significante verandering" is last
    "vergelijking_provincie",
    "rang",
    "trend_geen_verandering",
)
_READING_ORDER: tuple[str, ...] = (
    "onderdrukt",
    "geen_waarde",
    "waarde",
    "vergelijking_vlaanderen",
    "aandeel_vlaanderen",
    "vlaanderen_ter_info",
    "vergelijking_provincie",
    "verandering_1j",
    "trend",
    "rang",
)


def _headline(value: float, ind: Indicator, area: str, period_label: str) -> Sentence:
    phrasing = PHRASING.get(ind.id)
    formatted = _value(value, ind)
    singular = not ind.is_rate and st.round_half_up(value, ind.decimalen) == 1
    template = phrasing.zin if phrasing and not singular else _GENERIC_HEADLINE
    text = template.format(area=area, waarde=formatted, periode=period_label, titel=ind.titel)
    return Sentence(_capitalise(text), "waarde", ind.id)


def _suppressed(row: Mapping[str, Any] | pd.Series, ind: Indicator, area: str,
                period_label: str) -> Sentence:
    secondary = "secundair" in _text(row, "opmerking")
    why = (
        "anders zou een klein aantal elders af te leiden zijn"
        if secondary
        else "het steunt op te kleine aantallen"
    )
    text = (f"Het cijfer voor '{ind.titel}' in {area} ({period_label}) wordt niet "
            f"gepubliceerd: {why}.")
    return Sentence(text, "onderdrukt", ind.id)


def _is_flanders(row: Mapping[str, Any] | pd.Series, area: str) -> bool:
    geo_type = _text(row, "geo_type")
    return geo_type == "vlaanderen" if geo_type else area == "Vlaanderen"


def _change(
    row: Mapping[str, Any] | pd.Series,
    ind: Indicator,
    previous: Mapping[str, Any] | pd.Series | None,
) -> Sentence | None:
    """Rule ``verandering_1j``: the change against one year earlier, from the two displayed
    figures, gated by ``verschil_1j_significant`` (significant and relevant)."""
    value = _num(row, "waarde")
    before = _num(previous, "waarde") if previous is not None else math.nan
    if not _finite(before):
        before = wording.previous_value(value, _num(row, "verschil_1j"), ind)
    delta = wording.change(value, before, ind)
    if not (_finite(delta) and _finite(value)):
        return None
    significant = _num(row, "verschil_1j_significant")
    arrow = f" ({format_number(before, ind.decimalen)} → {_value(value, ind)})"
    lead = "Tegenover een jaar eerder"
    if delta == 0 and wording.shown(value, ind.decimalen) == wording.shown(before, ind.decimalen):
        return Sentence(f"{lead} is het cijfer ongewijzigd{arrow}.", "verandering_1j", ind.id)
    more = value > before
    size = _difference(delta, ind)
    if delta == 0:  # two counts whose relative change rounds to 0,0 %
        size = "minder dan " + wording.difference_text(10.0**-PERCENT_DECIMALS, ind)
    said = f"{lead} is dat {size} {'meer' if more else 'minder'}{arrow}"
    if significant == 1:
        noun = "stijging" if more else "daling"
        text = f"{said}; die {noun} is statistisch significant."
    elif significant == 0 and ind.relevant_verschil and not st.at_least(
            delta, ind.relevant_verschil):
        text = f"{said}, minder dan het relevante verschil van {_relevant_text(ind)}."
    elif significant == 0:
        text = f"{said}, maar dat verschil is niet significant."
    else:
        text = f"{said}."
    return Sentence(text, "verandering_1j", ind.id)


def _years(row: Mapping[str, Any] | pd.Series) -> str:
    """ "de laatste 5 jaar (2018–2022)": the window of the trend test, named."""
    points = _num(row, "trend_punten")
    periode = _text(row, "periode")
    if _finite(points) and points > 0:
        n = int(points)
        if periode[:4].isdigit() and n > 1:
            first = f"{int(periode[:4]) - n + 1}{periode[4:]}"
            return f"de laatste {n} jaar ({first}–{periode})"
        return f"de laatste {n} jaar"
    return "de laatste jaren"


_TREND_TEXT: dict[str, str] = {
    st.TREND_RISING_IMPROVING: "stijgt het percentage significant; dat is een verbetering",
    st.TREND_RISING_WORSENING: "stijgt het percentage significant; dat is een verslechtering",
    st.TREND_FALLING_IMPROVING: "daalt het percentage significant; dat is een verbetering",
    st.TREND_FALLING_WORSENING: "daalt het percentage significant; dat is een verslechtering",
    st.TREND_RISING: "stijgt het percentage significant",
    st.TREND_FALLING: "daalt het percentage significant",
}


def _trend(row: Mapping[str, Any] | pd.Series, ind: Indicator) -> Sentence | None:
    """Rule ``trend``: from the trend label, naming its window ("Over de laatste 5 jaar
    (2018–2022) …"); "niet berekend" gives nothing (see module doc)."""
    label = _text(row, "trend")
    if label in _TREND_TEXT:
        return Sentence(f"Over {_years(row)} {_TREND_TEXT[label]}.", "trend", ind.id)
    if label == st.TREND_NO_CHANGE:
        reason = _text(row, "trend_reden")
        if reason == st.TREND_REASON_NOT_RELEVANT:
            text = (f"Over {_years(row)} is er geen relevante verandering: de trend is "
                    f"significant, maar kleiner dan {_relevant_text(ind)}.")
            return Sentence(text, "trend", ind.id)
        extra = " (wisselend verloop)" if reason == st.TREND_REASON_ALTERNATING else ""
        text = f"Over {_years(row)} is er geen significante verandering{extra}."
        return Sentence(text, "trend", ind.id)
    return None


def _rank_key(ind: Indicator) -> str:
    judged = ind.is_rate and ind.polariteit != st.NO_JUDGEMENT
    return "1ste = beste" if judged else "1ste = hoogste"


def _rank(row: Mapping[str, Any] | pd.Series, ind: Indicator, area: str,
          peers_label: str) -> Sentence | None:
    """Rule ``rang``: "Gent staat 3de van de 13 centrumsteden (1ste = beste)."."""
    rank, peers = _num(row, "rang"), _num(row, "n_peers")
    if not (_finite(rank) and _finite(peers)) or peers < 2 or not peers_label:
        return None
    text = (f"{area} staat {ordinal(int(rank))} van de {int(peers)} {peers_label} "
            f"({_rank_key(ind)}).")
    return Sentence(text, "rang", ind.id)


def _share_sentence(share: float, ind: Indicator) -> Sentence | None:
    """Rule ``aandeel_vlaanderen``: "Dat is 9,6 % van alle niet-beroepsactieven in Vlaanderen
    (bijna 1 op de 10)."."""
    if not _finite(share) or share <= 0 or share >= 1:
        return None
    phrasing = PHRASING.get(ind.id)
    noun = phrasing.meervoud if phrasing and phrasing.meervoud else None
    percent = format_value(share * 100, "percent", PERCENT_DECIMALS)
    whole = f"alle {noun} in Vlaanderen" if noun else "het Vlaamse totaal"
    # The words follow the percentage as printed (9,6 % → bijna 1 op de 10).
    fit = one_in_n(st.round_half_up(share * 100, PERCENT_DECIMALS) / 100)
    extra = ""
    if fit:
        qualifier, n = fit
        extra = f" ({qualifier} de helft)" if n == 2 else f" ({qualifier} 1 op de {n})"
    return Sentence(f"Dat is {percent} van {whole}{extra}.", "aandeel_vlaanderen", ind.id)


def indicator_sentences(
    row: pd.Series | Mapping[str, Any],
    indicator: Indicator,
    *,
    area: str,
    period_label: str,
    peers_label: str,
    previous: pd.Series | Mapping[str, Any] | None = None,
    province: str | None = None,
    share_of_flanders: float | None = None,
    max_sentences: int | None = 4,
) -> list[Sentence]:
    """Up to 4 sentences (2 to 4 when there is something to compare) about one indicator of one
    area at its latest period.

    ``row`` is the area's profile row (columns of :data:`analysis.indicators.PROFILE_COLUMNS`);
    ``previous`` the row one year earlier, for "(11,9 → 14,1 %)". ``province`` is the name of
    the area's province ("Oost-Vlaanderen"): the province comparison is then given when its
    label differs from the Flemish one. ``share_of_flanders`` (a fraction 0–1) is the area's
    share of the Flemish total of a count; by default ``waarde / vlaanderen`` of the row.

    Rules: ``waarde`` (headline), ``vergelijking_vlaanderen`` / ``vlaanderen_ter_info`` /
    ``aandeel_vlaanderen``, ``vergelijking_provincie``, ``verandering_1j``, ``trend``,
    ``rang``; a suppressed row gives one ``onderdrukt`` sentence and nothing else, a row
    without value one ``geen_waarde`` sentence. See the module docstring for the gating.
    """
    ind = indicator
    if share_of_flanders is not None and _finite(share_of_flanders) and not (
        0 <= share_of_flanders <= 1
    ):
        raise ValueError(
            f"share_of_flanders is een fractie tussen 0 en 1, niet {share_of_flanders}"
        )
    if _num(row, "onderdrukt") == 1:
        return [_suppressed(row, ind, area, period_label)]
    value = _num(row, "waarde")
    if not _finite(value):
        text = f"Voor '{ind.titel}' is er geen cijfer voor {area} ({period_label})."
        return [Sentence(text, "geen_waarde", ind.id)]

    found: dict[str, Sentence] = {"waarde": _headline(value, ind, area, period_label)}
    flanders = _is_flanders(row, area)
    bench = _num(row, "vlaanderen")
    label = _text(row, "vergelijking_vlaanderen")
    if ind.is_rate:
        sentence = _comparison(row, ind, area, label=label, bench=bench, name="Vlaanderen",
                               reference="het Vlaamse cijfer", rule="vergelijking_vlaanderen")
        if sentence:
            found["vergelijking_vlaanderen"] = sentence
        elif (not flanders and ind.vergelijking == "geen" and _finite(bench)
              and label in ("", st.NOT_COMPARED)):
            text = f"Ter vergelijking: in Vlaanderen is dat {_value(bench, ind)}."
            found["vlaanderen_ter_info"] = Sentence(text, "vlaanderen_ter_info", ind.id)
    elif not flanders:
        share = share_of_flanders
        if share is None:
            share = wording.share(value, bench, ind.decimalen)
        sentence = _share_sentence(share, ind)
        if sentence:
            found["aandeel_vlaanderen"] = sentence
    if province:
        province_label = _text(row, "vergelijking_provincie")
        if province_label != label:
            sentence = _comparison(
                row, ind, area, label=province_label, bench=_num(row, "provincie_waarde"),
                name=f"de provincie {province}", reference="het provinciale cijfer",
                rule="vergelijking_provincie",
            )
            if sentence:
                found["vergelijking_provincie"] = sentence
    change = _change(row, ind, previous)
    if change:
        found["verandering_1j"] = change
    trend = _trend(row, ind)
    if trend:
        found["trend"] = trend
    rank = _rank(row, ind, area, peers_label)
    if rank:
        found["rang"] = rank

    def priority(key: str) -> int:
        if key == "trend" and _text(row, "trend") not in _DIRECTIONAL_TRENDS:
            key = "trend_geen_verandering"
        return SENTENCE_PRIORITY.index(key)

    kept = sorted(found, key=priority)
    if max_sentences is not None:
        kept = kept[:max_sentences]
    return [found[k] for k in _READING_ORDER if k in kept]


# -- the peers of one type against Vlaanderen --------------------------------------------------


def _sorted_desc(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(_neg=-rows["waarde"].astype(float)).sort_values(
        ["_neg", "geo_naam"], kind="mergesort").drop(columns="_neg")


def _names_with_values(rows: pd.DataFrame, ind: Indicator) -> str:
    return dutch_list(f"{r.geo_naam} ({_value(r.waarde, ind)})" for r in rows.itertuples())


def _missing_sentences(rows: pd.DataFrame, ind: Indicator) -> list[Sentence]:
    out: list[Sentence] = []
    hidden = rows["onderdrukt"].fillna(0).astype(float).eq(1) if "onderdrukt" in rows else (
        pd.Series(False, index=rows.index))
    missing = rows["waarde"].isna()
    names = sorted(rows.loc[hidden, "geo_naam"].astype(str))
    if names:
        text = f"Voor {dutch_list(names)} wordt geen cijfer gepubliceerd (kleine aantallen)."
        out.append(Sentence(text, "groep_onderdrukt", ind.id))
    names = sorted(rows.loc[missing & ~hidden, "geo_naam"].astype(str))
    if names:
        out.append(Sentence(f"Voor {dutch_list(names)} is er geen cijfer.", "groep_geen_waarde",
                            ind.id))
    return out


def _rate_group(rows: pd.DataFrame, ind: Indicator, vlaanderen: float,
                peers_label: str) -> list[Sentence]:
    out: list[Sentence] = []
    vl = _value(vlaanderen, ind)
    sides = [comparison_side(str(label), ind.polariteit)
             for label in rows["vergelijking_vlaanderen"]]
    side = pd.Series(sides, index=rows.index, dtype=object)
    named = pd.Series(False, index=rows.index)
    for direction, word in ((1, "hoger"), (-1, "lager")):
        group = _sorted_desc(rows[side.eq(direction)])
        if group.empty:
            continue
        named |= side.eq(direction)
        n = len(group)
        tail = ""
        if ind.polariteit == st.HIGHER_IS_BETTER:
            verb = plural(n, "scoort", "scoren")
        else:
            verb = plural(n, "ligt", "liggen")
            if ind.polariteit == st.LOWER_IS_BETTER:
                tail = ", wat ongunstig is" if direction == 1 else ", wat gunstig is"
        text = (f"{_names_with_values(group, ind)} {verb} {word} dan het Vlaamse gemiddelde "
                f"({vl}){tail}.")
        rule = "groep_hoger_dan_vlaanderen" if direction == 1 else "groep_lager_dan_vlaanderen"
        out.append(Sentence(text, rule, ind.id))
    rest = rows[~named]
    if not rest.empty:
        all_similar = rest["vergelijking_vlaanderen"].eq(st.SIMILAR).all()
        similar = ", in de lijn van het Vlaamse gemiddelde"
        if len(rest) == 1:
            r = rest.iloc[0]
            text = f"{r['geo_naam']} ligt op {_value(r['waarde'], ind)}"
            text += similar if all_similar else ""
        else:
            low, high = _value(rest["waarde"].min(), ind), _value(rest["waarde"].max(), ind)
            other = "De andere " if named.any() else "De "
            text = (f"{other}{peers_label} liggen allemaal op {low}" if low == high
                    else f"{other}{peers_label} liggen tussen {low} en {high}")
            text += similar if all_similar else ""
        out.append(Sentence(text + ".", "groep_overige", ind.id))
    return out


def _count_group(rows: pd.DataFrame, ind: Indicator, vlaanderen: float, peers_label: str,
                 complete: bool) -> list[Sentence]:
    out: list[Sentence] = []
    phrasing = PHRASING.get(ind.id)
    noun = phrasing.meervoud if phrasing else None
    ordered = _sorted_desc(rows)
    first = ordered.iloc[0]
    v1 = _value(first["waarde"], ind)
    if len(ordered) >= 2:
        second = ordered.iloc[1]
        v2 = _value(second["waarde"], ind)
        phrase = ratio_phrase(first["waarde"], second["waarde"], ind.decimalen)
        what = noun or f"voor '{ind.titel}'"
        if v1 == v2:
            text = (f"{first['geo_naam']} en {second['geo_naam']} tellen elk {v1} {noun}"
                    if noun else f"{first['geo_naam']} en {second['geo_naam']} hebben het "
                    f"hoogste cijfer {what} ({v1} elk)")
        elif phrase:
            text = (f"{first['geo_naam']} telt {v1} {noun}" if noun
                    else f"{first['geo_naam']} heeft het hoogste cijfer {what} ({v1})")
            text += f", {phrase} het aantal in {second['geo_naam']} ({v2})"
        else:
            text = (f"{first['geo_naam']} telt de meeste {noun} ({v1})" if noun
                    else f"{first['geo_naam']} heeft het hoogste cijfer {what} ({v1})")
            text += f", gevolgd door {second['geo_naam']} ({v2})"
        out.append(Sentence(text + ".", "groep_grootste", ind.id))
    if _finite(vlaanderen) and vlaanderen > 0 and noun:
        share = wording.displayed_share(first["waarde"], vlaanderen, ind.decimalen)
        fit = one_in_n(share) if share < 1 else None
        if fit:
            many = _one_in_n_text(*fit, noun)
            text = (f"{_capitalise(many)} {phrasing.plaats} {first['geo_naam']}"
                    if phrasing and phrasing.plaats
                    else f"{first['geo_naam']} telt {many} van Vlaanderen")
        else:
            percent = format_value(share * 100, "percent", PERCENT_DECIMALS)
            text = f"{first['geo_naam']} telt {percent} van alle {noun} in Vlaanderen"
        out.append(Sentence(text + ".", "groep_aandeel_vlaanderen", ind.id))
        if complete and len(ordered) >= 2:
            total = wording.share(sum(wording.shown(v, ind.decimalen) for v in ordered["waarde"]),
                                  vlaanderen, ind.decimalen)
            if total <= 1:
                percent = format_value(total * 100, "percent", PERCENT_DECIMALS)
                text = (f"Samen tellen de {len(ordered)} {peers_label} {percent} van alle "
                        f"{noun} in Vlaanderen.")
                out.append(Sentence(text, "groep_aandeel_samen", ind.id))
    rest = ordered.iloc[2:]
    if len(rest) >= 2:
        low, high = _value(rest["waarde"].min(), ind), _value(rest["waarde"].max(), ind)
        unit = f" {noun}" if noun else ""
        text = f"De andere {peers_label} tellen tussen {low} en {high}{unit}."
        out.append(Sentence(text, "groep_overige", ind.id))
    elif len(rest) == 1:
        r = rest.iloc[0]
        unit = f" {noun}" if noun else ""
        text = f"{r['geo_naam']} telt {_value(r['waarde'], ind)}{unit}."
        out.append(Sentence(text, "groep_overige", ind.id))
    return out


def group_sentences(
    rows: pd.DataFrame,
    indicator: Indicator,
    *,
    vlaanderen: float,
    peers_label: str,
) -> list[Sentence]:
    """The comparative sentences of a benchmark chapter, for the peers in ``rows``.

    ``rows``: one row per peer (at least ``geo_naam``, ``waarde``, ``vergelijking_vlaanderen``;
    ``onderdrukt`` when present). The peers are assumed disjoint (centrumsteden, regiegebieden,
    provinces), so their counts may be added.

    Percentages: who is significantly higher (rule ``groep_hoger_dan_vlaanderen``) and lower
    (``groep_lager_dan_vlaanderen``) than Vlaanderen by the comparison label, with their values
    — "Roeselare (77,2 %) en Brugge (76,2 %) scoren hoger dan het Vlaamse gemiddelde (75,2 %)."
    ("scoren" for hoger_beter; "liggen …, wat (on)gunstig is" for lager_beter) — and the range
    of the rest (``groep_overige``), "niet significant" only when all of them are
    "vergelijkbaar". Counts: the largest with a Census Reporter size phrase against the second
    (``groep_grootste``), the largest share of Vlaanderen with "1 op de N" when it reads true
    (``groep_aandeel_vlaanderen``), the peers' joint share when none is missing
    (``groep_aandeel_samen``), the range of the rest (``groep_overige``). Suppressed or missing
    peers are named (``groep_onderdrukt``, ``groep_geen_waarde``), never valued.
    """
    ind = indicator
    if rows.empty:
        return []
    rows = rows.copy()
    rows["waarde"] = pd.to_numeric(rows["waarde"], errors="coerce")
    hidden = (rows["onderdrukt"].fillna(0).astype(float).eq(1) if "onderdrukt" in rows
              else pd.Series(False, index=rows.index))
    valued = rows[rows["waarde"].notna() & ~hidden]
    missing = _missing_sentences(rows, ind)
    if valued.empty:
        return missing
    if ind.is_rate:
        out = _rate_group(valued, ind, vlaanderen, peers_label)
    else:
        out = _count_group(valued, ind, vlaanderen, peers_label, complete=not missing)
    return out + missing


# -- "Wat valt op" ----------------------------------------------------------------------------


def _row_facts(latest: pd.DataFrame, catalogue: Catalogue) -> list[tuple[int, Indicator, Any]]:
    """(catalogue position, indicator, row) for every published row of ``latest``."""
    order = {id_: i for i, id_ in enumerate(catalogue.ids())}
    facts = []
    for _, row in latest.iterrows():
        ind = catalogue[str(row["indicator"])]
        if _num(row, "onderdrukt") == 1 or not _finite(_num(row, "waarde")):
            continue
        facts.append((order[ind.id], ind, row))
    return sorted(facts, key=lambda f: f[0])


def _versus(row: Any, ind: Indicator) -> str:
    return f"{_value(_num(row, 'waarde'), ind)} tegenover {_value(_num(row, 'vlaanderen'), ind)}"


def _displayed_change(row: Any, ind: Indicator) -> tuple[float, str]:
    """The change against a year earlier from the two displayed figures, and " (a → b)"."""
    value = _num(row, "waarde")
    before = wording.previous_value(value, _num(row, "verschil_1j"), ind)
    arrow = f" ({format_number(before, ind.decimalen)} → {_value(value, ind)})"
    return wording.change(value, before, ind), arrow


def _worsening_change(row: Any, ind: Indicator) -> bool:
    delta = _num(row, "verschil_1j")
    if _num(row, "verschil_1j_significant") != 1 or not _finite(delta) or delta == 0:
        return False
    if ind.polariteit == st.HIGHER_IS_BETTER:
        return delta < 0
    if ind.polariteit == st.LOWER_IS_BETTER:
        return delta > 0
    return False


def notable_facts(
    latest: pd.DataFrame,
    catalogue: Catalogue,
    *,
    area: str,
    peers_label: str,
    max_facts: int = 5,
) -> list[Sentence]:
    """"Wat valt op": at most ``max_facts`` facts about one area, picked by rule.

    ``latest`` has one profile row per indicator (the area's latest period). Suppressed rows and
    rows without value are ignored. Rules, in this order, each giving at most one fact, and an
    indicator used by an earlier rule is not used again (the next candidate is taken):

    a. ``wat_valt_op_slechter_en_verslechterend``: "slechter"/"slechtst" than Vlaanderen and a
       worsening trend or a significant worsening change against a year earlier; the worst
       ("slechtst" before "slechter"), then the largest gap in procentpunt.
    b. ``wat_valt_op_grootste_verandering``: the largest significant change against a year
       earlier, by absolute procentpunt (counts are not tested and never qualify).
    c. ``wat_valt_op_beste_rang``: the best rank among peers, when ``n_peers`` ≥ 3 and the rank
       lies in the best quarter (the profile's kwartiel 1); only percentages with a polarity
       (for counts and geen_oordeel rank 1 is the largest, not the best).
    d. ``wat_valt_op_slechtste_rang``: the worst rank, same conditions, in the worst quarter.
    e. ``wat_valt_op_beter_dan_vlaanderen``: "beter"/"best" than Vlaanderen by the largest gap
       in procentpunt.

    Ties go to the catalogue order (then, for ranks, the larger peer group). Fewer facts when
    the rules find less; nothing is invented.
    """
    facts = _row_facts(latest, catalogue)
    used: set[str] = set()
    out: list[Sentence] = []

    def pick(rule: str, candidates: list[tuple[tuple, Indicator, Any]],
             build: Callable[[Indicator, Any], str]) -> None:
        for _, ind, row in sorted(candidates, key=lambda c: c[0]):
            if ind.id in used:
                continue
            used.add(ind.id)
            out.append(Sentence(build(ind, row), rule, ind.id))
            return

    def gap(row: Any) -> float:
        return abs(_num(row, "waarde") - _num(row, "vlaanderen"))

    # (a)
    cands = []
    for pos, ind, row in facts:
        label = _text(row, "vergelijking_vlaanderen")
        if not ind.is_rate or label not in _JUDGED_WORSE or not _finite(gap(row)):
            continue
        trend_worse = _text(row, "trend") in _WORSENING_TRENDS
        if trend_worse or _worsening_change(row, ind):
            cands.append(((-int(label == st.WORST), -gap(row), pos), ind, row))

    def build_a(ind: Indicator, row: Any) -> str:
        label = _text(row, "vergelijking_vlaanderen")
        clearly = "duidelijk " if label == st.WORST else ""
        head = (f"{ind.titel}: {area} scoort {clearly}slechter dan Vlaanderen "
                f"({_versus(row, ind)})")
        trend = _text(row, "trend")
        if trend in _WORSENING_TRENDS:
            verb = "stijgt" if trend == st.TREND_RISING_WORSENING else "daalt"
            return (f"{head}, en over {_years(row)} {verb} het percentage significant, een "
                    "verslechtering.")
        delta, arrow = _displayed_change(row, ind)
        return (f"{head}, en tegenover een jaar eerder verslechterde het cijfer significant "
                f"met {_difference(delta, ind)}{arrow}.")

    pick("wat_valt_op_slechter_en_verslechterend", cands, build_a)

    # (b)
    cands = []
    for pos, ind, row in facts:
        delta = _num(row, "verschil_1j")
        if ind.is_rate and _num(row, "verschil_1j_significant") == 1 and _finite(delta) and delta:
            cands.append(((-abs(delta), pos), ind, row))

    def build_b(ind: Indicator, row: Any) -> str:
        delta, arrow = _displayed_change(row, ind)
        verb = "steeg" if delta > 0 else "daalde"
        text = (f"{ind.titel}: in {area} {verb} het percentage significant met "
                f"{_difference(delta, ind)} tegenover een jaar eerder{arrow}")
        if ind.polariteit != st.NO_JUDGEMENT:
            better = (delta > 0) == (ind.polariteit == st.HIGHER_IS_BETTER)
            text += f"; dat is een {'verbetering' if better else 'verslechtering'}"
        return text + "."

    pick("wat_valt_op_grootste_verandering", cands, build_b)

    # (c) and (d)
    ranked = []
    for pos, ind, row in facts:
        rank, peers = _num(row, "rang"), _num(row, "n_peers")
        judged = ind.is_rate and ind.polariteit != st.NO_JUDGEMENT
        if judged and _finite(rank) and _finite(peers) and peers >= 3:
            quartile = math.floor((rank - 1) * 4 / peers) + 1
            ranked.append((pos, ind, row, rank, peers, quartile))

    def build_rank(ind: Indicator, row: Any) -> str:
        rank, peers = int(_num(row, "rang")), int(_num(row, "n_peers"))
        return (f"{ind.titel}: {area} staat {ordinal(rank)} van de {peers} {peers_label} "
                f"(1ste = beste), met {_value(_num(row, 'waarde'), ind)}.")

    best = [((r, -p, pos), ind, row) for pos, ind, row, r, p, q in ranked if q == 1]
    pick("wat_valt_op_beste_rang", best, build_rank)
    worst = [((p - r, -p, pos), ind, row) for pos, ind, row, r, p, q in ranked if q == 4]
    pick("wat_valt_op_slechtste_rang", worst, build_rank)

    # (e)
    cands = []
    for pos, ind, row in facts:
        label = _text(row, "vergelijking_vlaanderen")
        if ind.is_rate and label in _JUDGED_BETTER and _finite(gap(row)):
            cands.append(((-gap(row), pos), ind, row))

    def build_e(ind: Indicator, row: Any) -> str:
        label = _text(row, "vergelijking_vlaanderen")
        clearly = "duidelijk " if label == st.BEST else ""
        magnitude = _magnitude(_num(row, "waarde"), _num(row, "vlaanderen"), ind,
                               "het Vlaamse cijfer")
        return (f"{ind.titel}: {area} scoort {clearly}beter dan Vlaanderen "
                f"({_versus(row, ind)}): {magnitude}.")

    pick("wat_valt_op_beter_dan_vlaanderen", cands, build_e)
    return out[:max(0, max_facts)]


