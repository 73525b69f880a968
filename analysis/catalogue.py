"""Indicator ids known to the package.

Until the catalogue ``params/indicators.yaml`` exists (issue [2/8]) the ids of
ARCHITECTURE.md are listed here; the catalogue will take over this role.
"""

from __future__ import annotations

#: Indicators delivered as observations (gemeente level or higher), seed 003.
OBSERVATION_INDICATORS: tuple[str, ...] = (
    # Kerncijfers
    "werkzaamheidsgraad",
    "niet_beroepsactieven",
    "wzw",
    "rmi",
    "oekrainers_leefloon",
    "ongekwalificeerde_uitstroom",
    "wz_ongekwalificeerden",
    # Samenwerking
    "esf_outreach_bereik",
    "esf_jongeren_bereik",
    "ocmw_ingeschreven",
    "oekrainers_ingeschreven",
    "uitstroom_ocmw_12m",
    "twe_aandeel",
    "twe_uitstroom_3m",
    "twe_uitstroom_12m",
    "wijkwerk_uitstroom_3m",
    "wijkwerk_werkplekleren",
    "lde_doorstroom_3m",
    "cm_doorstroom_3m",
    "werkgevers_werkplekleren",
    "vervullingsgraad_nec",
    "wzw_in_opleiding",
    # Derived rates with a denominator
    "werkzoekendengraad",
    "nba_graad",
)

#: Indicators kept as reference tables, not as observations.
REFERENCE_INDICATORS: tuple[str, ...] = ("so_status", "digibanken")
