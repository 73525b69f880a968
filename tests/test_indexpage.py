"""The index page of a batch: key figures per area and one safe offline HTML page.

A hand-made profile of three areas and two indicators tests the figures with exact nl-BE
strings; hand-made entries test the page: grouping, status, escaping, relative links only,
the banner, the filter script and no resource from the network. One check runs on the
embedded data: the headline indicators exist for every area type.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import io as aio
from analysis.indexpage import (
    KEY_INDICATORS,
    IndexEntry,
    KeyFigure,
    check_href,
    index_html,
    key_figures,
    relative_href,
    search_text,
)
from analysis.voorbeeld import BANNER

IDS = ("werkzaamheidsgraad", "wzw")
MADE = "23/11/2026 02:22"


@pytest.fixture(scope="module")
def catalogue():
    return aio.load_catalogue()


def profile_row(indicator, geo_type, geo, naam, periode, waarde, vergelijking="vergelijkbaar"):
    return {"indicator": indicator, "geo_type": geo_type, "geo": geo, "geo_naam": naam,
            "periode": periode, "waarde": waarde, "vlaanderen": np.nan,
            "vergelijking_vlaanderen": vergelijking, "rang": np.nan, "n_peers": np.nan}


@pytest.fixture(scope="module")
def profile() -> pd.DataFrame:
    """Gent (two periods of each indicator), Sint-Niklaas (no wzw, suppressed latest rate) and
    a provincie that shares Gent's code under another type."""
    rows = [
        profile_row("werkzaamheidsgraad", "centrumstad", "44021", "Gent", "2018", 70.95,
                    "slechter"),
        profile_row("werkzaamheidsgraad", "centrumstad", "44021", "Gent", "2019", 71.4386,
                    "beter"),
        profile_row("wzw", "centrumstad", "44021", "Gent", "2022Q4", 33977.0, "niet vergeleken"),
        profile_row("wzw", "centrumstad", "44021", "Gent", "2022Q3", 31000.0, "niet vergeleken"),
        profile_row("werkzaamheidsgraad", "centrumstad", "46021", "Sint-Niklaas", "2018", 72.0),
        profile_row("werkzaamheidsgraad", "centrumstad", "46021", "Sint-Niklaas", "2019", np.nan,
                    np.nan),
        profile_row("werkzaamheidsgraad", "provincie", "44021", "Fictief", "2019", 50.0),
        profile_row("wzw", "provincie", "44021", "Fictief", "2022Q4", 1.0),
    ]
    return pd.DataFrame(rows)


def figure(indicator="werkzaamheidsgraad", value="71,4 %", periode="2019", vergelijking="",
           eenheid="percent", label="Werkzaamheidsgraad") -> KeyFigure:
    return KeyFigure(indicator, label, value, periode, vergelijking, eenheid)


def entry(naam="Gent", geo_type="centrumstad", code="44021", status="gebouwd", **kwargs):
    href = kwargs.pop("href", f"{geo_type}/{naam.lower()}.html")
    return IndexEntry(geo_type=geo_type, code=code, naam=naam, href=href, status=status,
                      **kwargs)


def page(entries, banner=None, **kwargs) -> str:
    return index_html(entries, title="Overzicht van de rapporten", made=MADE, banner=banner,
                      **kwargs)


# -- key figures ------------------------------------------------------------------------------


def test_key_figures_are_formatted_nl_be_with_unit(profile, catalogue):
    figures = key_figures(profile, "centrumstad", "44021", catalogue, ids=IDS)
    assert [f.value for f in figures] == ["71,4 %", "33.977"]


def test_key_figures_take_the_latest_periode_per_indicator(profile, catalogue):
    figures = key_figures(profile, "centrumstad", "44021", catalogue, ids=IDS)
    assert [(f.indicator, f.periode) for f in figures] == [
        ("werkzaamheidsgraad", "2019"), ("wzw", "2022Q4")]


def test_key_figure_without_rows_is_a_dash(profile, catalogue):
    figures = key_figures(profile, "centrumstad", "46021", catalogue, ids=IDS)
    assert figures[1] == KeyFigure("wzw", "Werkzoekenden zonder werk", "–", "", "", "aantal")


def test_key_figure_with_a_missing_latest_value_is_a_dash_at_that_periode(profile, catalogue):
    # As in the report: the latest row counts, even when suppressed; no older value instead.
    figures = key_figures(profile, "centrumstad", "46021", catalogue, ids=IDS)
    assert (figures[0].value, figures[0].periode, figures[0].vergelijking) == ("–", "2019", "")


def test_key_figures_keep_the_comparison_with_vlaanderen(profile, catalogue):
    figures = key_figures(profile, "centrumstad", "44021", catalogue, ids=IDS)
    assert [f.vergelijking for f in figures] == ["beter", "niet vergeleken"]


def test_key_figures_only_read_the_area_of_the_given_type(profile, catalogue):
    figures = key_figures(profile, "provincie", "44021", catalogue, ids=IDS)
    assert [f.value for f in figures] == ["50,0 %", "1"]


def test_key_figure_header_is_short_label_and_unit(profile, catalogue):
    figures = key_figures(profile, "centrumstad", "44021", catalogue, ids=IDS)
    assert [f.header for f in figures] == [
        "Werkzaamheidsgraad (%)", "Werkzoekenden zonder werk (aantal)"]


def test_key_indicators_exist_for_every_area_type_in_the_embedded_data():
    profile = aio.load_report_inputs().profile
    present = profile[profile["indicator"].isin(KEY_INDICATORS) & profile["waarde"].notna()]
    per_type = present.groupby("geo_type")["indicator"].nunique().to_dict()
    assert per_type == {t: len(KEY_INDICATORS) for t in (
        "centrumstad", "gemeente", "provincie", "referentieregio", "regiegebied", "vlaanderen")}


# -- entries and links ------------------------------------------------------------------------


def test_relative_href_is_posix_and_relative_to_the_index():
    assert relative_href(Path("/out/centrumstad/gent.html"), Path("/out")) == (
        "centrumstad/gent.html")


@pytest.mark.parametrize("href", [
    "https://example.org/gent.html", "//example.org/gent.html", "/etc/passwd",
    "../gent.html", "centrumstad/../../gent.html", "javascript:alert(1)",
])
def test_entry_refuses_links_outside_the_output_folder(href):
    with pytest.raises(ValueError, match="geen relatief pad"):
        entry(href=href)


def test_an_entry_without_a_file_has_no_link_and_an_empty_data_link_is_refused():
    assert entry(href="").href == ""
    with pytest.raises(ValueError, match="link '' is geen relatief pad"):
        entry(links=[("CSV", "")])


def test_entry_refuses_absolute_data_links():
    with pytest.raises(ValueError, match="geen relatief pad"):
        entry(links=[("CSV", "file:///tmp/gent.csv")])


def test_entry_refuses_an_unknown_status():
    with pytest.raises(ValueError, match="onbekende status 'klaar'"):
        entry(status="klaar")


def test_check_href_keeps_a_relative_link():
    assert check_href("centrumstad/sint-niklaas.html") == "centrumstad/sint-niklaas.html"


def test_search_text_is_lower_case_without_accents():
    assert search_text("Liège", "62063") == "liege 62063"


# -- the page ---------------------------------------------------------------------------------


def test_page_is_dutch_offline_html():
    html = page([entry()])
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
                           '<meta name="viewport" content="width=device-width, '
                           'initial-scale=1">\n<title>Overzicht van de rapporten</title>')


def test_types_follow_types_order_with_dutch_labels_and_counts():
    entries = [entry("Gent"), entry("Provincie Limburg", "provincie", "70000"),
               entry("Genk", code="71016"), entry("Vlaanderen", "vlaanderen", "02000"),
               entry("Regio Antwerpen", "referentieregio", "REFREG01"),
               entry("Rivierenland", "regiegebied", "RG03")]
    headings = re.findall(r"<h2 id='[^']+'>([^<]+) <span class='aantal'>\((\d+)\)</span>",
                          unescape(page(entries)))
    assert headings == [("Vlaanderen", "1"), ("Centrumsteden", "2"),
                        ("Regiegebieden sociale economie en werk", "1"), ("Provincies", "1"),
                        ("Referentieregio's", "1")]


def test_unknown_type_comes_last_capitalised():
    entries = [entry("Cluster A", "gemeentecluster", "C1"), entry("Gent")]
    headings = re.findall(r"<h2 id='[^']+'>([^<]+) <span", page(entries))
    assert headings == ["Centrumsteden", "Gemeentecluster"]


def test_rows_keep_the_given_order_within_a_type():
    html = page([entry("Hasselt", code="71022"), entry("Aalst", code="41002")])
    assert re.findall(r"<th scope='row'><a [^>]+>([^<]+)</a>", html) == ["Hasselt", "Aalst"]


def test_failed_report_is_marked_in_text_and_not_linked():
    html = page([entry("Gent", status="mislukt"), entry("Genk", code="71016")])
    assert ("<th scope='row'>Gent<br><span class='status'>rapport niet beschikbaar</span></th>"
            in html)
    assert ("<p class='toelichting'><strong>Let op:</strong> 1 rapport is niet beschikbaar.</p>"
            in html)
    assert 'href="centrumstad/gent.html"' not in html


def test_built_report_links_its_name_and_data_files():
    html = page([entry(links=[("CSV", "centrumstad/gent.csv"),
                              ("Excel", "centrumstad/gent.xlsx")])])
    assert "<th scope='row'><a href=\"centrumstad/gent.html\">Gent</a></th>" in html
    assert ("<td class='bestanden'><a href=\"centrumstad/gent.csv\">CSV</a> · "
            "<a href=\"centrumstad/gent.xlsx\">Excel</a></td>") in html


@pytest.mark.parametrize("status", ["gebouwd", "ongewijzigd"])
def test_the_reader_sees_no_build_status(status):
    # How a report was made is for the manifest and the CLI; the reader only needs the report.
    html = page([entry(status=status)])
    assert status not in html
    assert "Status" not in html


def test_key_figures_are_columns_with_unit_and_shared_periode():
    html = page([entry(key_figures=[figure(vergelijking="beter")]),
                 entry("Genk", code="71016", key_figures=[figure(value="65,3 %")])])
    assert ("<th scope='col' class='getal'>Werkzaamheidsgraad (%)<br>"
            "<span class='periode'>2019</span></th>") in html
    assert ("<td class='getal'>71,4 %<br><span class='tag tag-beter' "
            "title='vergeleken met Vlaanderen'>beter</span></td>") in html
    assert "<td class='getal'>65,3 %</td>" in html


def test_periode_moves_into_the_cell_when_areas_differ():
    html = page([entry(key_figures=[figure()]),
                 entry("Genk", code="71016", key_figures=[figure(value="65,3 %", periode="2018")])])
    assert "<th scope='col' class='getal'>Werkzaamheidsgraad (%)</th>" in html
    assert "<td class='getal'>65,3 % <span class='periode'>(2018)</span></td>" in html


def test_area_without_a_figure_of_the_column_shows_a_dash():
    html = page([entry(key_figures=[figure()]), entry("Genk", code="71016")])
    assert "<td class='getal geen'>–</td>" in html


def test_hostile_text_is_escaped():
    hostile = '<script>alert("x")</script>'
    html = page([entry(hostile, href="centrumstad/x.html", code='"><img>',
                       key_figures=[figure(value=hostile, label=hostile)])],
                banner=hostile)
    assert html.count("<script") == 1
    assert "<img>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_no_resource_or_link_leaves_the_page():
    html = page([entry(links=[("CSV", "centrumstad/gent.csv")])], banner=BANNER)
    assert "src=" not in html
    assert "http" not in html
    assert "@import" not in html and "url(" not in html
    hrefs = re.findall(r"href=[\"']([^\"']*)", html)
    assert hrefs == ["#type-centrumstad", "centrumstad/gent.html", "centrumstad/gent.csv"]


def test_link_with_odd_characters_stays_a_path():
    html = page([entry(href="centrumstad/a b:c.html")])
    assert 'href="centrumstad/a%20b%3Ac.html"' in html


def test_banner_appears_only_when_given():
    with_banner = page([entry()], banner=BANNER)
    assert ("<p class='banner' role='note'><strong>Voorbeelddata.</strong> Vlaamse totalen en "
            "genoemde centrumstadcijfers zijn gepubliceerde cijfers (rapportage december 2022); "
            "de verdeling over gemeenten is synthetisch.</p>") in with_banner
    assert "class='banner'" not in page([entry()])


def test_filter_box_and_its_inline_script():
    html = page([entry("Liège", code="62063", href="centrumstad/liege.html")])
    assert ("<label for='zoek'>Zoek een gebied</label><input type='search' id='zoek' "
            "autocomplete='off' placeholder='naam, code of gemeente'>") in html
    assert re.findall(r"<script[^>]*>", html) == ["<script>"]
    assert "addEventListener('input', filter)" in html
    assert 'data-zoek="liege 62063"' in html


def test_bottom_line_gives_the_moment_and_the_count():
    html = page([entry("Gent"), entry("Genk", code="71016", status="mislukt"),
                 entry("Aalst", code="41002", status="ongewijzigd")])
    assert ("<footer><p class='bron'>Gemaakt op 23/11/2026 02:22 · 3 rapporten.</p></footer>"
            in html)


def test_single_report_is_singular():
    assert "· 1 rapport." in page([entry()])


def test_an_area_is_found_by_its_gemeenten():
    html = page([entry("Westhoek", "regiegebied", "RG22", href="regiegebied/westhoek.html",
                       zoektermen=["Ieper", "Poperinge", "Diksmuide"])])
    assert 'data-zoek="westhoek rg22 ieper poperinge diksmuide"' in html


def test_search_terms_are_normalised_and_escaped():
    html = page([entry("Regio", "referentieregio", "R1", href="referentieregio/r.html",
                       zoektermen=["Zwevegem", 'Liège"><b>'])])
    assert 'data-zoek="regio r1 zwevegem liege&quot;&gt;&lt;b&gt;"' in html


def test_empty_index_says_so():
    html = page([])
    assert "<p class='geen'>Geen rapporten gemaakt.</p>" in html
    assert "· 0 rapporten." in html
