"""The house style of every page we write: colours, type, tables and comparison tags.

Shared by the reports (:mod:`analysis.batch`, :mod:`analysis.report`) and the index page
(:mod:`analysis.indexpage`); each adds only its own layout. Kept free of heavy imports so the
index can use it without papermill or nbconvert. Colours are Okabe–Ito, as in the charts; a tag
always carries its label as text, never colour alone.
"""

from __future__ import annotations

from analysis import statistics as st

#: Comparison with a benchmark → the CSS class of its tag.
TAG_CLASS: dict[str, str] = {
    st.BEST: "tag-best", st.BETTER: "tag-beter", st.SIMILAR: "tag-gelijk",
    st.WORSE: "tag-slechter", st.WORST: "tag-slechtst", st.HIGHER: "tag-hoger",
    st.MUCH_HIGHER: "tag-hoger", st.LOWER: "tag-lager", st.MUCH_LOWER: "tag-lager",
    st.NOT_COMPARED: "tag-niet",
}

#: The rules both pages share; each page appends its own (width, navigation, print).
BASE_CSS = """
:root { --tekst: #1d1d1b; --accent: #0072B2; --grijs: #6b6b6b; --lijn: #d9d9d9;
        --fout: #D55E00; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; color: var(--tekst);
       margin: 0 auto; padding: 1.5rem; line-height: 1.5; }
h1 { font-size: 2rem; margin: .2rem 0; }
h2 { margin-top: 2.5rem; border-bottom: 2px solid var(--accent); }
.boventitel { color: var(--grijs); margin: 0; }
.banner { background: #fff4ce; border-left: 6px solid #E69F00; padding: .6rem 1rem; }
aside.correcties { border-left: 6px solid var(--fout); background: #fdf1ea; padding: .2rem 1rem;
                   margin: 1.5rem 0; }
.correcties .plaats, .correcties q { color: var(--grijs); font-size: .92em; font-weight: normal; }
.so .gepubliceerd, .correctie-redenen { color: var(--grijs); font-size: .85rem; }
.gecorrigeerd { color: var(--fout); font-weight: bold; }
p.correctie { border-left: 4px solid var(--fout); padding-left: .6rem; font-size: .9rem; }
table.correcties { table-layout: fixed; hyphens: auto; overflow-wrap: break-word; }
table.correcties th:nth-child(1) { width: 27%; } table.correcties th:nth-child(2) { width: 15%; }
table.correcties th:nth-child(3), table.correcties th:nth-child(4) { width: 29%; }
@media print { aside.correcties { padding: 0 .5rem; } table.correcties { font-size: .72rem; } }
main { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--lijn); padding: .3rem .4rem; text-align: left;
         vertical-align: top; }
.getal { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tag { display: inline-block; padding: 0 .4rem; border-radius: .3rem; border: 1px solid;
       font-size: .85em; white-space: nowrap; }
.tag-best { background: #009E73; color: #fff; border-color: #009E73; }
.tag-beter { background: #d3efe4; border-color: #009E73; }
.tag-gelijk { background: #fff; border-color: #999; }
.tag-slechter { background: #fbe3d4; border-color: #D55E00; }
.tag-slechtst { background: #D55E00; color: #fff; border-color: #D55E00; }
.tag-hoger, .tag-lager { background: #dbeaf5; border-color: #0072B2; }
.tag-niet { color: var(--grijs); border-style: dashed; }
"""

#: Print rules every page shares: headings stay with what follows, a table row or figure is
#: never cut, table heads repeat on every page, links print as text. Not the figcaption: it
#: ends its figure, and a last child's break-after passes to its parent, so every figure
#: would then stick to the next heading and push that heading to the foot of the page.
PRINT_BASE_CSS = """
  main { overflow: visible; }
  h1, h2, h3, h4, caption { break-after: avoid; }
  h1, h2, h3, h4 { break-inside: avoid; }
  figure, tr, .banner, img, svg { break-inside: avoid; }
  thead { display: table-header-group; }
  p { orphans: 2; widows: 2; }
  a { color: inherit; text-decoration: none; }
"""

#: The A4 layout of a report (inside ``@media print``): figures of an indicator two abreast
#: (:func:`analysis.chartlayout.side_by_side`) and kept whole (a grid split at a page moves
#: one column's figure away from the text beside it), a figure never cut from its caption, no
#: forced page breaks but before a chapter of the beleidsrapportage (as in seed 003) and the
#: sources, and smaller type for the long tables.
REPORT_PRINT_CSS = """
  @page { size: A4; margin: 11mm 11mm 12mm; }
  body { max-width: none; padding: 0; font-size: 8.5pt; line-height: 1.35; }
  nav.inhoud { display: none; }
  h1 { font-size: 17pt; } h2 { font-size: 13pt; margin-top: 1.1rem; }
  h3 { font-size: 10.5pt; margin: .9rem 0 .2rem; } h4 { margin: .5rem 0 .2rem; }
  h2[id^="hoofdstuk-"], h2#bronnen-en-definities { break-before: page; }
  p { margin: .25rem 0; }
  section.indicator { margin-bottom: .5rem; }
  .kerncijfer { margin: 0; break-after: avoid; } .getal-groot { font-size: 15pt; }
  figure { margin: .3rem 0; } figcaption { font-size: 7.5pt; line-height: 1.25; }
  .blok.twee { display: grid; grid-template-columns: 43fr 57fr; column-gap: 5mm;
               align-items: start; break-inside: avoid; }
  .blok.twee > div { min-width: 0; }
  .bron, .toelichting, .geen, .geen-trend { font-size: 7.5pt; }
  table { font-size: 7.5pt; margin: .4rem 0; } th, td { padding: .12rem .25rem; }
  table.overzicht { font-size: 6.8pt; } table.overzicht .tag { white-space: normal; }
  .tag { font-size: 6.5pt; padding: 0 .2rem; }
  table.bronnen { table-layout: fixed; } table.bronnen thead th:first-child { width: 22%; }
  table.bronnen thead th:nth-child(2) { width: 54%; }
  table.groepen ol { margin: 0; padding-left: 1.6rem; }
"""
