"""Geographies of the rapportage: gemeenten per boundary version and the areas built from them.

Boundary versions (``grenzen``): ``2018`` = 308 gemeenten (until 2018), ``2024`` = 300
gemeenten (2019-2024), ``2025`` = 285 gemeenten (from 1 January 2025). Source: Statbel REFNIS
and the merger lists of Provincies in Cijfers (see ``data/reference/*.csv``, column ``bron``).

Geography types: ``gemeente``, ``centrumstad`` (13), ``regiegebied`` (37 regiegebieden sociale
economie en werk), ``referentieregio`` (15, Regiodecreet), ``provincie`` (5), ``vlaanderen``.
Membership is one long table gemeente → geography per boundary version. A membership table
that is given only for a newer version is inherited by an older one through the mergers (every
old gemeente lies in exactly one new one); the reverse is impossible, a merged gemeente may
straddle two areas.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

VERSIONS: tuple[str, ...] = ("2018", "2024", "2025")
#: First calendar year of each boundary version.
VERSION_START: dict[str, int] = {"2018": 1977, "2024": 2019, "2025": 2025}
#: The merger that leads into each version.
MERGER_INTO: dict[str, str] = {"2024": "2019", "2025": "2025"}

VLAANDEREN_CODE = "02000"
VLAANDEREN_NAAM = "Vlaanderen"

#: Geography types; the order decides which one a name means when several share it
#: ("Westhoek" is a regiegebied and a referentieregio; "Limburg" a provincie and a
#: referentieregio). Prefix ``type:`` to choose another (``referentieregio:Westhoek``).
TYPES: tuple[str, ...] = (
    "vlaanderen",
    "centrumstad",
    "gemeente",
    "provincie",
    "regiegebied",
    "referentieregio",
)
#: Membership tables in ``data/reference`` for the grouping types.
GROUP_TABLES: dict[str, str] = {
    "centrumstad": "centrumsteden",
    "regiegebied": "regiegebieden",
    "referentieregio": "referentieregios",
}

_PERIODE = re.compile(r"^(\d{4})(?:Q[1-4]|-(?:0[1-9]|1[0-2]))?$")


class GeoError(ValueError):
    """A geography that cannot be resolved or converted; the message is Dutch."""


@dataclass(frozen=True)
class Geo:
    """One geography in one boundary version."""

    code: str
    naam: str
    type: str
    grenzen: str
    gemeenten: tuple[str, ...]
    provincie: str | None = None


def normalise_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: ``Sint-Niklaas`` == ``sint niklaas``."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = re.sub(r"[-'’.,/()]", " ", text.lower())
    return " ".join(text.split())


def version_for_periode(periode: str) -> str:
    """Boundary version in force during ``periode`` (``2019``, ``2022Q4``, ``2022-09``)."""
    match = _PERIODE.match(str(periode))
    if not match:
        raise GeoError(f"ongeldige periode '{periode}'")
    year = int(match.group(1))
    return max(v for v in VERSIONS if VERSION_START[v] <= year) if year >= 1977 else "2018"


def _check_version(grenzen: str) -> str:
    grenzen = str(grenzen)
    if grenzen not in VERSIONS:
        raise GeoError(
            f"onbekende grensversie '{grenzen}' (kies uit {', '.join(VERSIONS)})"
        )
    return grenzen


class Geography:
    """Gemeenten, mergers and memberships, built from the reference tables.

    ``tables`` maps a table name (``gemeenten``, ``fusies``, ``provincies``, ``centrumsteden``,
    ``regiegebieden``, ``referentieregios``) to a DataFrame of string columns as in
    ``data/reference``; :func:`analysis.io.read_reference` reads them.
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        gemeenten = tables["gemeenten"].astype({"grenzen": str, "nis": str})
        self.gemeenten = gemeenten[["grenzen", "nis", "naam", "provincie"]].reset_index(
            drop=True
        )
        self.fusies = tables["fusies"].astype(str)[
            ["fusie", "oud_nis", "oud_naam", "nieuw_nis", "nieuw_naam"]
        ]
        self.provincies = tables["provincies"].astype(str)
        self._province_names = dict(
            zip(self.provincies["code"], self.provincies["naam"], strict=True)
        )
        self.membership = self._build_membership(tables)
        self._index = self._build_index()
        self._geos = self._build_geos()
        self._higher = frozenset(
            self.membership.loc[
                ~self.membership["type"].isin({"gemeente", "centrumstad"}), "code"
            ]
        )
        self._code_versions = set(self.gemeenten["grenzen"] + "|" + self.gemeenten["nis"])
        self._versions_of: dict[str, set[str]] = {}
        for grenzen, nis in zip(self.gemeenten["grenzen"], self.gemeenten["nis"], strict=True):
            self._versions_of.setdefault(nis, set()).add(grenzen)
        # The latest merger an old code went into (a code may disappear only once).
        self._moved = {row["oud_nis"]: row for row in self.fusies.to_dict("records")}

    # -- construction -------------------------------------------------------------------

    def _crosswalk(self, source: str, target: str) -> dict[str, str]:
        """Old NIS → NIS in ``target`` for the gemeenten of ``source`` (identity if unchanged)."""
        mapping = {nis: nis for nis in self._nis(source)}
        for version in VERSIONS[VERSIONS.index(source) + 1 : VERSIONS.index(target) + 1]:
            step = self.fusies[self.fusies["fusie"] == MERGER_INTO[version]]
            step_map = dict(zip(step["oud_nis"], step["nieuw_nis"], strict=True))
            mapping = {old: step_map.get(new, new) for old, new in mapping.items()}
        return mapping

    def crosswalk(self, source: str, target: str) -> dict[str, str]:
        """NIS of ``source`` → NIS of the later version ``target`` that it lies in."""
        _check_version(source)
        _check_version(target)
        if VERSIONS.index(target) < VERSIONS.index(source):
            raise GeoError(f"grenzen {target} komen voor {source}: een gemeente kan niet "
                           "teruggesplitst worden")
        return self._crosswalk(source, target)

    def _nis(self, grenzen: str) -> list[str]:
        return self.gemeenten.loc[self.gemeenten["grenzen"] == grenzen, "nis"].tolist()

    def _build_membership(self, tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        frames = []
        for grenzen in VERSIONS:
            gem = self.gemeenten[self.gemeenten["grenzen"] == grenzen]
            if gem.empty:
                continue
            frames.append(pd.DataFrame({
                "grenzen": grenzen, "type": "gemeente", "code": gem["nis"],
                "naam": gem["naam"], "nis": gem["nis"], "status": "",
            }))
            frames.append(pd.DataFrame({
                "grenzen": grenzen, "type": "provincie", "code": gem["provincie"],
                "naam": gem["provincie"].map(lambda c: f"Provincie {self._province_names[c]}"),
                "nis": gem["nis"], "status": "",
            }))
            frames.append(pd.DataFrame({
                "grenzen": grenzen, "type": "vlaanderen", "code": VLAANDEREN_CODE,
                "naam": VLAANDEREN_NAAM, "nis": gem["nis"], "status": "",
            }))
        for geo_type, table_name in GROUP_TABLES.items():
            table = tables[table_name].astype(str).copy()
            if "code" not in table.columns:  # centrumsteden: the code is the gemeente's own
                table["code"] = table["nis"]
            for optional in ("status", "provincie"):
                if optional not in table.columns:
                    table[optional] = ""
            table = table[["grenzen", "code", "naam", "nis", "status", "provincie"]]
            for grenzen in reversed(VERSIONS):
                if (table["grenzen"] == grenzen).any():
                    continue
                newer = [v for v in VERSIONS if v > grenzen and (table["grenzen"] == v).any()]
                if not newer or not self._nis(grenzen):
                    continue
                walk = self._crosswalk(grenzen, newer[0])
                base = table[table["grenzen"] == newer[0]].set_index("nis")
                inherited = [
                    {"grenzen": grenzen, "code": base.loc[new, "code"],
                     "naam": base.loc[new, "naam"], "nis": old,
                     "status": base.loc[new, "status"], "provincie": base.loc[new, "provincie"]}
                    for old, new in walk.items() if new in base.index
                ]
                table = pd.concat([table, pd.DataFrame(inherited, columns=table.columns)])
            frames.append(table.assign(type=geo_type))
        membership = pd.concat(frames, ignore_index=True)
        membership["provincie"] = membership["provincie"].fillna("")
        return membership[["grenzen", "type", "code", "naam", "nis", "status", "provincie"]]

    def _build_index(self) -> dict[str, dict[str, list[tuple[str, str]]]]:
        """Per version: normalised name or code → [(type, code)] in TYPES order."""
        index: dict[str, dict[str, list[tuple[str, str]]]] = {}
        geos = self.membership[["grenzen", "type", "code", "naam"]].drop_duplicates()
        geos = geos.assign(order=geos["type"].map(TYPES.index)).sort_values("order")
        for row in geos.itertuples(index=False):
            keys = {row.code.lower(), normalise_name(row.naam)}
            if row.type == "provincie":
                keys.add(normalise_name(row.naam.removeprefix("Provincie ")))
            if row.type == "vlaanderen":
                keys.update({"vlaams gewest", "flanders"})
            for key in keys:
                index.setdefault(row.grenzen, {}).setdefault(key, []).append(
                    (row.type, row.code)
                )
        return index

    # -- queries --------------------------------------------------------------------------

    def geographies(self, type: str | None = None, grenzen: str = "2025") -> pd.DataFrame:
        """Every geography of a version: ``code, naam, type, aantal_gemeenten``."""
        grenzen = _check_version(grenzen)
        if type is not None and type not in TYPES:
            raise GeoError(f"onbekend type '{type}' (kies uit {', '.join(TYPES)})")
        rows = self.membership[self.membership["grenzen"] == grenzen]
        if type is not None:
            rows = rows[rows["type"] == type]
        table = (
            rows.groupby(["type", "code", "naam"], sort=False)["nis"].nunique()
            .rename("aantal_gemeenten").reset_index()
        )
        table["order"] = table["type"].map(TYPES.index)
        table = table.sort_values(["order", "code"]).reset_index(drop=True)
        return table[["code", "naam", "type", "aantal_gemeenten"]]

    def _build_geos(self) -> dict[tuple[str, str, str], Geo]:
        provinces = {
            (g, nis): prov for g, nis, prov in
            zip(self.gemeenten["grenzen"], self.gemeenten["nis"], self.gemeenten["provincie"],
                strict=True)
        }
        geos = {}
        for (grenzen, geo_type, code), rows in self.membership.groupby(
            ["grenzen", "type", "code"], sort=False
        ):
            members = tuple(sorted(rows["nis"]))
            # A group may declare the province it reports under (Waasland includes
            # Zwijndrecht, in the province of Antwerpen until 2024).
            declared = set(rows["provincie"]) - {""}
            in_provinces = declared or {provinces[(grenzen, nis)] for nis in members}
            geos[(grenzen, geo_type, code)] = Geo(
                code=code, naam=rows["naam"].iloc[0], type=geo_type, grenzen=grenzen,
                gemeenten=members,
                provincie=in_provinces.pop() if len(in_provinces) == 1 else None,
            )
        return geos

    def get(self, code: str, type: str, grenzen: str = "2025") -> Geo:
        """The geography with this exact code and type."""
        grenzen = _check_version(grenzen)
        try:
            return self._geos[(grenzen, type, code)]
        except KeyError:
            raise GeoError(f"geen {type} met code '{code}' in grensversie {grenzen}") from None

    def resolve(self, text: str, grenzen: str = "2025") -> Geo:
        """A geography from a code or a name, case- and accent-insensitive.

        ``Sint-Niklaas``, ``sint niklaas`` and ``46021`` give the same centrumstad. Where a
        name is shared, the type first in :data:`TYPES` wins; ``type:naam`` chooses.
        """
        grenzen = _check_version(grenzen)
        raw = str(text).strip()
        wanted_type = None
        head, sep, rest = raw.partition(":")
        if sep and normalise_name(head) in TYPES:
            wanted_type, raw = normalise_name(head), rest.strip()
        index = self._index.get(grenzen, {})
        hits = index.get(raw.lower(), []) or index.get(normalise_name(raw), [])
        if wanted_type:
            hits = [hit for hit in hits if hit[0] == wanted_type]
        if hits:
            return self.get(hits[0][1], hits[0][0], grenzen)
        raise GeoError(self._not_found_message(raw, grenzen, wanted_type))

    def _not_found_message(self, raw: str, grenzen: str, wanted_type: str | None) -> str:
        what = f"{wanted_type} " if wanted_type else "geografie "
        message = f"{what}'{raw}' niet gevonden in grensversie {grenzen}"
        row = self._moved.get(raw)
        if row is not None:
            return (
                f"{message}: {row['oud_naam']} ({raw}) is op 1/1/{row['fusie']} opgegaan in "
                f"{row['nieuw_naam']} ({row['nieuw_nis']})"
            )
        names = {
            name: key for key in self._index.get(grenzen, {})
            for name in [key] if not key.isdigit()
        }
        close = difflib.get_close_matches(normalise_name(raw), list(names), n=3, cutoff=0.75)
        if close:
            labels = []
            for key in close:
                geo_type, code = self._index[grenzen][key][0]
                labels.append(self.get(code, geo_type, grenzen).naam)
            message += "; bedoelde u " + " of ".join(f"'{label}'" for label in labels) + "?"
        return message

    def members(self, geo: str | Geo, grenzen: str = "2025") -> tuple[str, ...]:
        """NIS codes of the gemeenten that make up a geography."""
        resolved = geo if isinstance(geo, Geo) else self.resolve(geo, grenzen)
        return resolved.gemeenten

    def memberships_of(self, gemeente: str, grenzen: str = "2025") -> pd.DataFrame:
        """The geographies a gemeente belongs to: ``type, code, naam, status``."""
        geo = self.resolve(f"gemeente:{gemeente}", grenzen)
        rows = self.membership[
            (self.membership["grenzen"] == geo.grenzen) & (self.membership["nis"] == geo.code)
        ]
        rows = rows.assign(order=rows["type"].map(TYPES.index)).sort_values("order")
        return rows[["type", "code", "naam", "status"]].reset_index(drop=True)

    def higher_codes(self) -> frozenset[str]:
        """Codes of the non-gemeente geographies (valid as ``geo`` of higher-level figures)."""
        return self._higher

    def check_geo(self, geo: str, periode: str) -> str | None:
        """Why ``geo`` cannot carry data for ``periode`` (Dutch), or None when it can.

        A gemeente code is accepted in the boundary version in force for the periode and in
        later versions (history recalculated on newer boundaries is common); a code that had
        already disappeared by then is refused, with the merger named.
        """
        try:
            version = version_for_periode(periode)
        except GeoError as error:
            return str(error)
        if geo in self._higher:
            return None
        versions = self._versions_of.get(geo)
        if versions is None:
            return f"onbekende geografische code '{geo}'"
        if versions & set(VERSIONS[VERSIONS.index(version) :]):
            return None
        reason = (
            f"gemeente '{geo}' bestaat niet in grensversie {version} "
            f"(geldig voor periode {periode})"
        )
        row = self._moved.get(geo)
        if row is not None:
            reason += (
                f": {row['oud_naam']} is op 1/1/{row['fusie']} opgegaan in "
                f"{row['nieuw_naam']} ({row['nieuw_nis']})"
            )
        return reason

    def _row_versions(self, data: pd.DataFrame, target: str) -> pd.Series:
        """The boundary version each row's gemeente code is meant in.

        A code is read in the version in force for the row's periode when it exists there
        (11002 in 2022 is Antwerpen without Borsbeek, in 2025 with it); otherwise in the newest
        version up to ``target`` that has it (history recalculated on newer codes).
        """
        allowed = VERSIONS[: VERSIONS.index(target) + 1]
        newest: dict[str, str] = {}
        for version in allowed:
            newest.update(dict.fromkeys(self._nis(version), version))
        periods = {p: version_for_periode(p) for p in data["periode"].unique()}
        in_force = data["periode"].map(periods)
        exists = (in_force + "|" + data["geo"]).isin(self._code_versions)
        fallback = data["geo"].map(newest)
        return in_force.where(exists & in_force.isin(allowed), fallback)

    def convert(
        self, observations: pd.DataFrame, target: str, source: str | None = None
    ) -> pd.DataFrame:
        """Observations expressed on ``target`` boundaries.

        With ``source`` every code is read in that version; without it, in the version in force
        for the row's periode (see :meth:`_row_versions`). teller and noemer are summed along
        the mergers (a rate is Σteller / Σnoemer, so the merged gemeente's rate follows); a
        merged gemeente whose parts are not all known (suppressed or missing) gets a missing
        value, never a partial sum. Codes of higher geographies pass unchanged. Splitting to
        older boundaries is impossible.
        """
        target = _check_version(target)
        data = observations.copy()
        if "noemer" not in data.columns:
            data["noemer"] = float("nan")
        higher = data["geo"].isin(self._higher)
        if source is not None:
            source = _check_version(source)
            if VERSIONS.index(target) < VERSIONS.index(source):
                raise GeoError(
                    f"omzetten van grenzen {source} naar de oudere grenzen {target} kan niet: "
                    "een fusiegemeente valt niet op te splitsen"
                )
            versions = pd.Series(source, index=data.index)
            versions = versions.where(data["geo"].isin(self._nis(source)))
        else:
            versions = self._row_versions(data, target)
        unknown = sorted(set(data.loc[versions.isna() & ~higher, "geo"]))
        if unknown:
            where = f"in grensversie {source}" if source else f"om te zetten naar grenzen {target}"
            raise GeoError(f"codes zonder gemeente {where}: {', '.join(unknown[:10])}")

        columns = ["indicator", "geo", "periode", "teller", "noemer"]
        if "opmerking" in data.columns:
            columns.append("opmerking")
        new_geo = data["geo"].copy()
        expected = pd.Series(1, index=data.index)
        for version in versions.dropna().unique():
            walk = self._crosswalk(version, target)
            parts_of: dict[str, int] = {}
            for new in walk.values():
                parts_of[new] = parts_of.get(new, 0) + 1
            rows = versions == version
            new_geo[rows] = data.loc[rows, "geo"].map(walk)
            expected[rows] = new_geo[rows].map(parts_of)
        data["geo"] = new_geo
        # Only gemeenten made of several old ones need summing; the rest pass as they are.
        involved = expected > 1
        untouched = data.loc[~involved, columns]
        data = data[involved].assign(_delen=expected[involved])
        keys = ["indicator", "geo", "periode"]
        parts = data.groupby(keys, sort=False)
        result = parts[["teller", "noemer"]].sum(min_count=1)
        # A merged gemeente is known only when every part is there and known.
        complete = parts[["teller", "noemer"]].count().eq(parts["_delen"].first(), axis=0)
        result = result.where(complete).reset_index()
        if "opmerking" in data.columns:
            noted = data[data["opmerking"].fillna("").astype(str) != ""]
            notes = noted.groupby(keys, sort=False)["opmerking"].agg(
                lambda s: "; ".join(dict.fromkeys(s))
            )
            result = result.merge(notes.reset_index(), on=keys, how="left")
            result["opmerking"] = result["opmerking"].fillna("")
        return pd.concat([untouched, result], ignore_index=True)
