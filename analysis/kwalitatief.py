"""Qualitative material of the rapportage: example actions, good practices, digibanken, SO status.

Four UTF-8 YAML files in ``data/kwalitatief/`` (each explains its keys in a header comment):

* ``acties.yaml``: every example of a local action in seed 003 (hoofdstuk 1 per province or
  city, hoofdstuk 2 West-Vlaanderen), sections 2, 7, 10 and 12 (:class:`Actie`);
* ``praktijken.yaml``: the good-practice entries of seeds 002 and 004 (:class:`Praktijk`);
* ``digibanken.yaml``: the 13 West-Vlaamse digibanken and the Flemish total (:class:`Digibanken`);
* ``so_status.yaml``: the status of the samenwerkingsovereenkomsten (SO) per gemeente,
  regiegebied and provinciebestuur on 1/1/2023 and the prognose for 30/6/2023, consistent with
  Tabel 1 of seed 003 (:class:`SoStatus`). The per-gemeente assignment is synthetic.

This module is pure: reading a file is :func:`analysis.io.read_yaml`; the ``build_*``
functions validate the parsed :class:`~analysis.io.YamlDocument` (pydantic v2,
``extra="forbid"``, strict types) and return the valid items with every problem found, each a
Dutch message with the YAML line and key. The problems of the document itself (invalid YAML, a
key given twice, …) are included, so a reader returns the builder's problems as they are.

Then pure helpers: :func:`link_to_geographies` (which geographies an item belongs to),
:func:`items_for` (the items of one geography, or of its province with a flag),
:func:`so_summary` (Tabel 1), :func:`so_per_regiegebied`, :func:`so_comparison` (the published
figures against the reproduced ones) and :func:`synthetic_so_assignment` (the deterministic rule
that produced the per-gemeente SO status).
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from analysis import formatting as fmt
from analysis.geography import VLAANDEREN_CODE, Geo, GeoError, Geography, normalise_name
from analysis.leestekst import ReaderText
from analysis.yamlcheck import YamlPath, shown, type_name, yaml_line

if TYPE_CHECKING:
    import pandas as pd

    from analysis.io import Problem, YamlDocument

__all__ = [
    "FILES",
    "MOMENTS",
    "SO_STATUSES",
    "Actie",
    "Afwijking",
    "Digibank",
    "Digibanken",
    "GemeenteStatus",
    "Item",
    "Praktijk",
    "PraktijkProject",
    "PraktijkStad",
    "ProvinciebestuurStatus",
    "RegiegebiedStatus",
    "Selection",
    "SoStatus",
    "TabelRij",
    "build_acties",
    "build_digibanken",
    "build_praktijken",
    "build_so_status",
    "check_so_status",
    "items_for",
    "link_to_geographies",
    "so_comparison",
    "so_per_regiegebied",
    "so_summary",
    "synthetic_so_assignment",
]


MIN_JAAR = 1990
MAX_JAAR = 2100

#: The SO status values, from least to most advanced.
SO_STATUSES: tuple[str, ...] = ("gesprekken aan te vatten", "gesprekken lopend", "getekend")
#: Moment of Tabel 1 → the key that holds the status at that moment.
MOMENTS: dict[str, str] = {"2023-01": "op_2023_01", "2023-06": "prognose_2023_06"}
MOMENT_LABELS: dict[str, str] = {"2023-01": "op 1/1/2023", "2023-06": "prognose 30/6/2023"}

#: Tabel 1 order: West-Vlaanderen, Oost-Vlaanderen, Antwerpen, Vlaams-Brabant, Limburg.
TABEL_1_PROVINCIES: tuple[str, ...] = ("30000", "40000", "10000", "20001", "70000")

#: Signed SO per province (1/1/2023, prognose 30/6/2023) as reproduced from Tabel 1 of seed 003
#: (the numerators as published; see the header of data/kwalitatief/so_status.yaml).
SO_QUOTA_GEMEENTEN: dict[str, tuple[int, int]] = {
    "30000": (57, 64),
    "40000": (55, 55),
    "10000": (64, 68),
    "20001": (26, 38),
    "70000": (23, 36),
}
SO_QUOTA_REGIEGEBIEDEN: dict[str, tuple[int, int]] = {
    "30000": (4, 5),
    "40000": (7, 7),
    "10000": (11, 11),
    "20001": (7, 7),
    "70000": (4, 5),
}

#: Printed text: refuses seed files, file names and paths (analysis.leestekst).
Text = ReaderText
NonEmptyTexts = Annotated[list[Text], Field(min_length=1)]
_MODEL = ConfigDict(extra="forbid", frozen=True, strict=True)

SoWaarde = Literal["getekend", "gesprekken lopend", "gesprekken aan te vatten"]
Sectie = Literal[2, 7, 10, 12]
Hoofdstuk = Literal[1, 2]
Niveau = Literal["gemeenten", "regiegebieden"]
Moment = Literal["2023-01", "2023-06"]

#: Allowed values per key, for messages.
CHOICES: dict[str, str] = {
    "sectie": "2, 7, 10, 12",
    "hoofdstuk": "1, 2",
    "op_2023_01": ", ".join(f"'{s}'" for s in reversed(SO_STATUSES)),
    "prognose_2023_06": ", ".join(f"'{s}'" for s in reversed(SO_STATUSES)),
    "niveau": "'gemeenten', 'regiegebieden'",
    "moment": "'2023-01', '2023-06'",
    "synthetisch": "true",
    "grenzen": "'2024'",
}
_PATTERN_HINTS: dict[str, str] = {
    "nis": "verwacht een NIS-code van 5 cijfers tussen aanhalingstekens, bv. '11002'",
    "code": "verwacht een regiegebiedcode zoals 'RG05'",
    "peildatum": "verwacht een maand zoals '2023-01'",
}
_RULE = "kwalitatief_regel"
#: An e-mail address. The look-behind starts the address only where a run of address
#: characters starts: tried from every position of a 5 MB text without spaces, each try would
#: run to the end of it (hours); an address that starts later in a run is found from the
#: run's start as well.
_EMAIL_RE = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_PHONE_RE = re.compile(r"(?:\+32|\b0032)[\s./]?[0-9](?:[\s./]?[0-9]){7,9}\b")


# --------------------------------------------------------------------------------------------
# Dates


_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_MONTH = r"[0-9]{4}-[0-9]{2}"
_YEAR = r"[0-9]{4}"
_POINT_RE = re.compile(rf"^(?:{_DAY}|{_MONTH}|{_YEAR})$")
_SEASONS: dict[str, tuple[int, int]] = {
    "voorjaar": (3, 1),
    "zomer": (6, 1),
    "najaar": (9, 1),
    "winter": (12, 1),
    "eerste helft": (1, 1),
    "tweede helft": (7, 1),
}
_SEASON_RE = re.compile(rf"^({'|'.join(_SEASONS)}) ([0-9]{{4}})$", re.IGNORECASE)
DATUM_HINT = (
    "verwacht een dag zoals 2022-11-22, een maand zoals 2022-11, een jaar zoals 2022, "
    "een periode zoals 2022-09/2023-01 of een seizoen zoals 'najaar 2022'"
)


def _point_start(text: str) -> date:
    """The first day of ``2022-11-22``, ``2022-11`` or ``2022``; ValueError (Dutch) otherwise."""
    parts = [int(p) for p in text.split("-")]
    year, month, day = [*parts, 1, 1][:3]
    if not MIN_JAAR <= year <= MAX_JAAR:
        raise ValueError(f"jaar moet tussen {MIN_JAAR} en {MAX_JAAR} liggen")
    if not 1 <= month <= 12:
        raise ValueError("maand moet 01 tot en met 12 zijn")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError("die dag bestaat niet") from None


def datum_begin(text: str) -> date:
    """The first day of a validated ``datum`` (for sorting); see :func:`check_datum`."""
    text = text.strip()
    if match := _SEASON_RE.match(text):
        month, day = _SEASONS[match.group(1).lower()]
        return date(int(match.group(2)), month, day)
    return _point_start(text.split("/")[0])


def check_datum(value: object) -> object:
    """Normalise a ``datum``: a YAML date becomes ``2022-11-22``; text must be a day, month,
    year, period ``begin/einde`` of those, or a season (``najaar 2022``). Raises a pydantic
    error with a Dutch message; other types pass on (pydantic then says it must be text)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # an unquoted year
    if not isinstance(value, str):
        return value
    text = " ".join(value.split())
    if _SEASON_RE.match(text):
        year = int(text.rsplit(" ", 1)[1])
        if not MIN_JAAR <= year <= MAX_JAAR:
            _datum_error(text, f"jaar moet tussen {MIN_JAAR} en {MAX_JAAR} liggen")
        return text[0].lower() + text[1:]
    points = [p.strip() for p in text.split("/")]
    if not 1 <= len(points) <= 2 or not all(_POINT_RE.match(p) for p in points):
        _datum_error(text, DATUM_HINT)
    starts = []
    for point in points:
        try:
            starts.append(_point_start(point))
        except ValueError as exc:
            _datum_error(text, str(exc))
    if len(starts) == 2 and starts[1] < starts[0]:
        _datum_error(text, "het begin van de periode ligt na het einde")
    return "/".join(points)


def _datum_error(text: str, reason: str) -> typing.NoReturn:
    raise PydanticCustomError(
        _RULE, "{samenvatting}", {"samenvatting": f"'{text}' is geen geldige datum ({reason})"}
    )


Datum = Annotated[str, BeforeValidator(check_datum)]


# --------------------------------------------------------------------------------------------
# Models


class Item(BaseModel):
    """Base of every validated entry: remembers its file and the YAML line of each key."""

    model_config = _MODEL

    _bestand: str = PrivateAttr(default="")
    _lines: dict[YamlPath, int] = PrivateAttr(default_factory=dict)
    _label: str = PrivateAttr(default="")

    @property
    def bestand(self) -> str:
        """The file the entry was read from (as given to the builder)."""
        return self._bestand

    @property
    def rij(self) -> int | None:
        """The YAML line where the entry starts."""
        return self._lines.get(())

    @property
    def label(self) -> str:
        """How messages name the entry, e.g. ``actie 'Jobdag Horeca Sint-Truiden'``."""
        return self._label

    def line_of(self, *path: int | str) -> int | None:
        """The YAML line of a key inside the entry (``line_of("plaatsen", 1)``), or of the
        nearest enclosing key."""
        key: YamlPath = tuple(path)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return self._lines.get(())


class Actie(Item):
    """An example of a local action (seed 003), see the header of ``acties.yaml``."""

    titel: Text
    datum: Datum | None = None
    plaatsen: NonEmptyTexts
    sectie: Sectie
    hoofdstuk: Hoofdstuk
    beschrijving: Text
    partners: list[Text] = Field(default_factory=list)
    bron: Text
    opmerking: Text | None = None

    @property
    def datum_begin(self) -> date | None:
        """The first day of ``datum`` (None without a date), for sorting."""
        return datum_begin(self.datum) if self.datum else None


class PraktijkProject(BaseModel):
    """One project of a good practice in one city."""

    model_config = _MODEL

    titel: Text
    beschrijving: Text | None = None
    initiatiefnemers: list[Text] = Field(default_factory=list)
    partners: list[Text] = Field(default_factory=list)
    contact: Text | None = None


class PraktijkStad(BaseModel):
    """The practice as run in one city or group of gemeenten."""

    model_config = _MODEL

    plaats: Text
    plaatsen: NonEmptyTexts
    projecten: Annotated[list[PraktijkProject], Field(min_length=1)]
    opmerking: Text | None = None


class Praktijk(Item):
    """A good-practice entry (seeds 002 and 004), see the header of ``praktijken.yaml``."""

    titel: Text
    categorie: Text | None = None
    doelen: list[Text] = Field(default_factory=list)
    doelgroepen: list[Text] = Field(default_factory=list)
    beschrijving: Text
    succesfactoren: list[Text] = Field(default_factory=list)
    uitdagingen: list[Text] = Field(default_factory=list)
    steden: list[PraktijkStad] = Field(default_factory=list)
    plaatsen: NonEmptyTexts
    bron: Text
    opmerking: Text | None = None

    @model_validator(mode="after")
    def _city_places_listed(self) -> Praktijk:
        listed = {normalise_name(p) for p in self.plaatsen}
        broken = []
        for index, stad in enumerate(self.steden):
            for position, plaats in enumerate(stad.plaatsen):
                if normalise_name(plaats) not in listed:
                    broken.append((
                        f"steden.{index}.plaatsen.{position}",
                        f"plaats '{plaats}' van '{stad.plaats}' ontbreekt in 'plaatsen'",
                    ))
        if broken:
            raise _rule_error(broken)
        return self


class Digibank(Item):
    """One digibank of the West-Vlaamse list (seed 003, hoofdstuk 2, §13)."""

    id: Annotated[int, Field(ge=1)]
    titel: Text
    promotor: Text
    plaatsen: NonEmptyTexts
    plaatsen_afgeleid: bool
    toelichting: Text | None = None

    @property
    def naam(self) -> str:
        """The digibank's name (its ``titel``)."""
        return self.titel


class _DigibankenHead(BaseModel):
    model_config = _MODEL

    vlaanderen_totaal: Annotated[int, Field(ge=0)]
    peildatum: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
    bron: Text
    nieuw_goedgekeurd: Annotated[int, Field(ge=0)] | None = None
    nieuwe_regios: list[Text] = Field(default_factory=list)
    west_vlaanderen: list[Any]


@dataclass(frozen=True)
class Digibanken:
    """The digibanken file: the Flemish total and the West-Vlaamse list."""

    vlaanderen_totaal: int
    peildatum: str
    bron: str
    nieuw_goedgekeurd: int | None
    nieuwe_regios: tuple[str, ...]
    west_vlaanderen: tuple[Digibank, ...]


def _status_order(moment_1: str, moment_2: str) -> list[tuple[str, str]]:
    if SO_STATUSES.index(moment_2) < SO_STATUSES.index(moment_1):
        return [(
            "prognose_2023_06",
            f"de prognose '{moment_2}' ligt vóór de stand op 1/1/2023 '{moment_1}'",
        )]
    return []


class GemeenteStatus(Item):
    """SO status of one gemeente (boundaries 2024)."""

    nis: Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")]
    naam: Text
    op_2023_01: SoWaarde
    prognose_2023_06: SoWaarde

    @model_validator(mode="after")
    def _not_backwards(self) -> GemeenteStatus:
        broken = _status_order(self.op_2023_01, self.prognose_2023_06)
        if broken:
            raise _rule_error(broken)
        return self

    def status(self, moment: str) -> str:
        """The status at ``2023-01`` or ``2023-06``."""
        return str(getattr(self, MOMENTS[moment]))


class RegiegebiedStatus(Item):
    """SO status of one regiegebied sociale economie en werk."""

    code: Annotated[str, StringConstraints(pattern=r"^RG[0-9]{2}$")]
    naam: Text
    op_2023_01: SoWaarde
    prognose_2023_06: SoWaarde

    @model_validator(mode="after")
    def _not_backwards(self) -> RegiegebiedStatus:
        broken = _status_order(self.op_2023_01, self.prognose_2023_06)
        if broken:
            raise _rule_error(broken)
        return self

    def status(self, moment: str) -> str:
        """The status at ``2023-01`` or ``2023-06``."""
        return str(getattr(self, MOMENTS[moment]))


class ProvinciebestuurStatus(Item):
    """SO with a provinciebestuur on 1/1/2023 (the seed gives no prognose)."""

    provincie: Text
    op_2023_01: SoWaarde
    via: Text | None = None
    opmerking: Text | None = None


class Afwijking(Item):
    """A published figure that cannot be reproduced as printed, and what is used instead."""

    titel: Text
    gepubliceerd: Text
    gereproduceerd: Text
    reden: Text


class TabelRij(Item):
    """One cell pair of Tabel 1 (seed 003) as published: n/N and the printed percentage."""

    gebied: Text
    niveau: Niveau
    moment: Moment
    teller: Annotated[int, Field(ge=0)]
    noemer: Annotated[int, Field(ge=1)]
    pct: Annotated[int, Field(ge=0, le=100)]


class _SoHead(BaseModel):
    model_config = _MODEL

    synthetisch: Literal[True]
    grenzen: Literal["2024"]
    peildatum: Datum
    prognosedatum: Datum
    bron: Text
    toewijzing: Text
    afwijkingen: list[Any]
    tabel_1_gepubliceerd: list[Any]
    gemeenten: list[Any]
    regiegebieden: list[Any]
    provinciebesturen: list[Any]


@dataclass(frozen=True)
class SoStatus:
    """The SO status file, validated."""

    synthetisch: bool
    grenzen: str
    peildatum: str
    prognosedatum: str
    bron: str
    toewijzing: str
    afwijkingen: tuple[Afwijking, ...]
    tabel_1_gepubliceerd: tuple[TabelRij, ...]
    gemeenten: tuple[GemeenteStatus, ...]
    regiegebieden: tuple[RegiegebiedStatus, ...]
    provinciebesturen: tuple[ProvinciebestuurStatus, ...]
    bestand: str = ""
    lines: Mapping[YamlPath, int] | None = None

    def gemeente(self, nis: str) -> GemeenteStatus | None:
        """The row of one gemeente, or None."""
        return next((row for row in self.gemeenten if row.nis == nis), None)

    def regiegebied(self, code: str) -> RegiegebiedStatus | None:
        """The row of one regiegebied, or None."""
        return next((row for row in self.regiegebieden if row.code == code), None)


# --------------------------------------------------------------------------------------------
# Validation machinery (shared by the builders)


def _rule_error(broken: list[tuple[str, str]]) -> PydanticCustomError:
    """A model-level error carrying (dotted key, Dutch message) pairs."""
    return PydanticCustomError(
        _RULE,
        "{samenvatting}",
        {"samenvatting": "; ".join(m for _, m in broken), "regels": tuple(broken)},
    )


def _new_problem(bestand: str, rij: int | None, kolom: str | None, melding: str) -> Problem:
    from analysis.io import Problem  # local: analysis.io may import this module

    return Problem(bestand, rij, kolom, melding)


def _shown_key(loc: Sequence[int | str]) -> str:
    """``("steden", 0, "plaatsen", 1)`` → ``steden[1].plaatsen[2]`` (list items 1-based)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``list[M]``, ``M | None``, ``Annotated[...]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _model_in(get_args(annotation)[0])
    if origin in (list, tuple, typing.Union, types.UnionType):
        for arg in get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _fields_at(model: type[BaseModel], loc: Sequence[int | str]) -> tuple[str, ...]:
    """The keys allowed in the mapping at ``loc`` inside ``model``."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return ()
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        current = _model_in(field.annotation) if field is not None else None
    return tuple(current.model_fields) if current is not None else ()


def _translate(
    exc: ValidationError, label: str, model: type[BaseModel]
) -> Iterator[tuple[YamlPath, str, str]]:
    """(path within the entry, shown key, Dutch message) per pydantic error."""
    for error in exc.errors(include_url=False):
        yield from _translate_one(error, tuple(error["loc"]), label, model)


def _translate_one(
    error: Mapping[str, Any], loc: YamlPath, label: str, model: type[BaseModel]
) -> Iterator[tuple[YamlPath, str, str]]:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    key = _shown_key(loc)
    if kind == _RULE and "regels" in ctx:
        for dotted, melding in ctx["regels"]:
            path = tuple(int(p) if p.isdigit() else p for p in dotted.split("."))
            yield (*loc, *path), _shown_key((*loc, *path)), f"{label}: {melding}"
        return
    if kind == _RULE:
        yield loc, key, f"{label}: {ctx.get('samenvatting', '')}"
        return
    if kind == "missing":
        yield loc[:-1], key, f"{label}: verplichte sleutel '{key}' ontbreekt"
        return
    if kind == "invalid_key":
        yield loc, key, f"{label}: sleutel {shown(loc[-1])} moet tekst zijn"
        return
    if kind == "extra_forbidden":
        message = f"{label}: onbekende sleutel '{key}'"
        known = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.75)
        if close:
            message += f"; bedoelt u '{close[0]}'?"
        elif known:
            message += f" (toegelaten: {', '.join(known)})"
        yield loc, key, message
        return
    yield loc, key, f"{label}: {_value_message(kind, loc, key, value, ctx)}"


def _value_message(
    kind: str, loc: YamlPath, key: str, value: object, ctx: Mapping[str, Any]
) -> str:
    """The Dutch text for a bad value of ``key`` (without the entry label)."""
    last = next((str(p) for p in reversed(loc) if isinstance(p, str)), key)
    if kind == "literal_error":
        choices = CHOICES.get(last, str(ctx.get("expected", "")))
        if value is None:
            return f"'{key}' heeft geen waarde (kies uit {choices})"
        return f"{shown(value)} is geen geldige waarde voor '{key}' (kies uit {choices})"
    if value is None:
        return f"'{key}' heeft geen waarde"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"'{key}' moet een geheel getal zijn, niet {type_name(value)}"
    if kind == "bool_type":
        return f"'{key}' moet true of false zijn, niet {shown(value)}"
    if kind == "string_type":
        return (
            f"'{key}' moet tekst zijn, niet {type_name(value)} "
            "(zet de waarde tussen aanhalingstekens)"
        )
    if kind == "string_too_short":
        return f"'{key}' mag niet leeg zijn"
    if kind == "list_type":
        return (
            f"'{key}' moet een lijst zijn (elk item op een nieuwe regel met '- '), "
            f"maar is {type_name(value)}"
        )
    if kind == "too_short":
        return f"'{key}' moet minstens één item bevatten"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(last, "ongeldige vorm")
        return f"{shown(value)} is geen geldige waarde voor '{key}' ({hint})"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = next(iter(ctx.values()), None)
        relation = {
            "greater_than_equal": "minstens",
            "greater_than": "groter dan",
            "less_than_equal": "hoogstens",
            "less_than": "kleiner dan",
        }[kind]
        return f"'{key}' moet {relation} {bound} zijn, niet {shown(value)}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"'{key}' moet een mapping van sleutels en waarden zijn, maar is {type_name(value)}"
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return f"ongeldige waarde {shown(value)} voor '{key}' (foutcode {kind})"


ModelT = TypeVar("ModelT", bound=BaseModel)


def _subtrees(lines: Mapping[YamlPath, int], prefix: YamlPath) -> dict[int, dict[YamlPath, int]]:
    """Per list index under ``prefix``: the lines relative to that item."""
    depth = len(prefix)
    grouped: dict[int, dict[YamlPath, int]] = {}
    for path, line in lines.items():
        if len(path) > depth and path[:depth] == prefix and isinstance(path[depth], int):
            grouped.setdefault(path[depth], {})[path[depth + 1 :]] = line
    return grouped


def _validate(
    model: type[ModelT],
    entry: object,
    label: str,
    bestand: str,
    lines: Mapping[YamlPath, int],
    path: YamlPath,
    problems: list[Problem],
    own_lines: dict[YamlPath, int] | None = None,
) -> ModelT | None:
    """Validate one mapping at ``path``; append Dutch problems; set the item's provenance."""
    if not isinstance(entry, dict):
        message = (
            f"{label} moet een mapping van sleutels en waarden zijn, maar is {type_name(entry)}"
        )
        kolom = _shown_key(path) or None
        problems.append(_new_problem(bestand, yaml_line(lines, path), kolom, message))
        return None
    try:
        item = model.model_validate(entry)
    except ValidationError as exc:
        for loc, kolom, melding in _translate(exc, label, model):
            problems.append(_new_problem(bestand, yaml_line(lines, (*path, *loc)), kolom, melding))
        return None
    if isinstance(item, Item):
        item._bestand = bestand
        item._lines = own_lines if own_lines is not None else {
            p[len(path) :]: n for p, n in lines.items() if p[: len(path)] == path
        }
        item._label = label
    return item


def _label_of(kind: str, entry: object, position: int, *keys: str) -> str:
    """``actie 'Jobdag X'`` or ``actie op plaats 3``."""
    if isinstance(entry, dict):
        for key in keys:
            ident = entry.get(key)
            if isinstance(ident, str) and ident.strip():
                return f"{kind} '{ident.strip()}'"
            if isinstance(ident, int) and not isinstance(ident, bool):
                return f"{kind} {ident}"
    return f"{kind} op plaats {position + 1}"


def _validate_list(
    model: type[ModelT],
    raw: list[Any],
    kind: str,
    keys: Sequence[str],
    bestand: str,
    lines: Mapping[YamlPath, int],
    prefix: YamlPath,
    problems: list[Problem],
) -> list[ModelT]:
    subtrees = _subtrees(lines, prefix)
    valid: list[ModelT] = []
    for position, entry in enumerate(raw):
        label = _label_of(kind, entry, position, *keys)
        item = _validate(
            model, entry, label, bestand, lines, (*prefix, position), problems,
            own_lines=subtrees.get(position, {}),
        )
        if item is not None:
            valid.append(item)
    return valid


def _duplicates(
    raw: list[Any],
    kind: str,
    key: str,
    bestand: str,
    lines: Mapping[YamlPath, int],
    prefix: YamlPath,
    normalise: Callable[[object], object] = lambda v: v,
) -> list[Problem]:
    """A problem for every entry whose ``key`` repeats an earlier entry's."""
    problems = []
    first: dict[object, int] = {}
    for position, entry in enumerate(raw):
        if not isinstance(entry, dict):
            continue
        value = entry.get(key)
        if not isinstance(value, str | int) or isinstance(value, bool):
            continue
        ident = normalise(value)
        if ident not in first:
            first[ident] = position
            continue
        earlier = yaml_line(lines, (*prefix, first[ident], key))
        where = f"rij {earlier}" if earlier is not None else f"plaats {first[ident] + 1}"
        shown = str(value) if isinstance(value, int) else f"'{value}'"
        problems.append(_new_problem(
            bestand, yaml_line(lines, (*prefix, position, key)), key,
            f"{kind} {shown} komt meer dan één keer voor (eerst in {where})",
        ))
    return problems


def _strings(raw: object, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """(path, text) for every string value in a parsed document."""
    if isinstance(raw, dict):
        for key, value in raw.items():
            yield from _strings(value, (*path, str(key)))
    elif isinstance(raw, list):
        for index, value in enumerate(raw):
            yield from _strings(value, (*path, index))
    elif isinstance(raw, str):
        yield path, raw


def _private_data(
    data: object, kind: str, whole: str, bestand: str, lines: Mapping[YamlPath, int]
) -> Iterator[Problem]:
    """Personal contact data (e-mail addresses, phone numbers) anywhere in the document."""
    for path, text in _strings(data):
        for pattern, what in ((_EMAIL_RE, "een e-mailadres"), (_PHONE_RE, "een telefoonnummer")):
            found = pattern.search(text)
            if not found:
                continue
            label, rest = whole, path
            if isinstance(data, list) and path and isinstance(path[0], int):
                label, rest = _label_of(kind, data[path[0]], path[0], "titel"), path[1:]
            key = _shown_key(rest)
            yield _new_problem(
                bestand, yaml_line(lines, path), key or None,
                f"{label}: '{key}' bevat {what} ('{found.group(0)}'); contactgegevens van "
                "personen horen niet in dit bestand (noem de organisatie)",
            )


def _start(
    document: YamlDocument, bestand: str, file_name: str, expect: type
) -> tuple[object, list[Problem]]:
    """The document's data if it has the expected shape, plus the document's own problems."""
    kind, whole, _ = FILES[file_name]
    problems = list(document.problems)
    data = document.data
    lines = document.lines
    if data is None:
        if not problems:
            problems.append(_new_problem(bestand, None, None, f"{whole} is leeg"))
        return None, problems
    if not isinstance(data, expect):
        shape = (
            "een lijst zijn (elk item begint met '- ')" if expect is list
            else "een mapping van sleutels en waarden zijn"
        )
        problems.append(_new_problem(
            bestand, yaml_line(lines, ()), None, f"{whole} moet {shape}, maar is {type_name(data)}"
        ))
        return None, problems
    problems.extend(_private_data(data, kind, whole, bestand, lines))
    return data, problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: -1 if p.rij is None else p.rij)


# --------------------------------------------------------------------------------------------
# Builders

#: File name → (``kind`` and ``whole`` for :func:`analysis.io.read_yaml`, builder).
FILES: dict[str, tuple[str, str, Callable[..., Any]]] = {}


def build_acties(document: YamlDocument, bestand: str) -> tuple[list[Actie], list[Problem]]:
    """The valid actions of ``acties.yaml`` and every problem (document problems included).

    The document is a list of mappings; titels are unique. Invalid entries are left out.
    """
    data, problems = _start(document, bestand, "acties.yaml", list)
    if not isinstance(data, list):
        return [], _sorted(problems)
    acties = _validate_list(
        Actie, data, "actie", ("titel",), bestand, document.lines, (), problems
    )
    problems += _duplicates(data, "actie", "titel", bestand, document.lines, ())
    return acties, _sorted(problems)


def build_praktijken(
    document: YamlDocument, bestand: str
) -> tuple[list[Praktijk], list[Problem]]:
    """The valid good practices of ``praktijken.yaml`` and every problem."""
    data, problems = _start(document, bestand, "praktijken.yaml", list)
    if not isinstance(data, list):
        return [], _sorted(problems)
    praktijken = _validate_list(
        Praktijk, data, "praktijk", ("titel",), bestand, document.lines, (), problems
    )
    problems += _duplicates(data, "praktijk", "titel", bestand, document.lines, ())
    return praktijken, _sorted(problems)


def build_digibanken(
    document: YamlDocument, bestand: str
) -> tuple[Digibanken | None, list[Problem]]:
    """The digibanken file (None when its head is invalid) and every problem.

    Invalid digibanken are left out of ``west_vlaanderen``; ids are unique.
    """
    data, problems = _start(document, bestand, "digibanken.yaml", dict)
    if not isinstance(data, dict):
        return None, _sorted(problems)
    lines = document.lines
    head = _validate(_DigibankenHead, data, "digibanken", bestand, lines, (), problems)
    raw = data.get("west_vlaanderen")
    banks: list[Digibank] = []
    if isinstance(raw, list):
        banks = _validate_list(
            Digibank, raw, "digibank", ("titel", "id"), bestand, lines, ("west_vlaanderen",),
            problems,
        )
        problems += _duplicates(raw, "digibank met id", "id", bestand, lines, ("west_vlaanderen",))
    if head is None:
        return None, _sorted(problems)
    result = Digibanken(
        vlaanderen_totaal=head.vlaanderen_totaal,
        peildatum=head.peildatum,
        bron=head.bron,
        nieuw_goedgekeurd=head.nieuw_goedgekeurd,
        nieuwe_regios=tuple(head.nieuwe_regios),
        west_vlaanderen=tuple(banks),
    )
    return result, _sorted(problems)


def build_so_status(
    document: YamlDocument, bestand: str
) -> tuple[SoStatus | None, list[Problem]]:
    """The SO status file (None when its head is invalid) and every problem.

    Checked here: the schema, status values, a prognose not behind the status on 1/1/2023, and
    no gemeente, regiegebied or provinciebestuur twice. Whether the rows match the geography
    (every gemeente of 2024 once, names matching codes) is :func:`check_so_status`.
    """
    data, problems = _start(document, bestand, "so_status.yaml", dict)
    if not isinstance(data, dict):
        return None, _sorted(problems)
    lines = document.lines
    head = _validate(_SoHead, data, "SO-status", bestand, lines, (), problems)

    def rows(key: str, model: type[ModelT], kind: str, keys: Sequence[str]) -> list[ModelT]:
        raw = data.get(key)
        if not isinstance(raw, list):
            return []
        return _validate_list(model, raw, kind, keys, bestand, lines, (key,), problems)

    afwijkingen = rows("afwijkingen", Afwijking, "afwijking", ("titel",))
    tabel = rows("tabel_1_gepubliceerd", TabelRij, "tabelrij", ())
    gemeenten = rows("gemeenten", GemeenteStatus, "gemeente", ("naam", "nis"))
    regiegebieden = rows("regiegebieden", RegiegebiedStatus, "regiegebied", ("naam", "code"))
    besturen = rows("provinciebesturen", ProvinciebestuurStatus, "provinciebestuur", ("provincie",))
    for key, kind, ident, normalise in (
        ("gemeenten", "gemeente met NIS-code", "nis", str),
        ("regiegebieden", "regiegebied met code", "code", str),
        ("provinciebesturen", "provinciebestuur", "provincie", lambda v: normalise_name(str(v))),
    ):
        raw = data.get(key)
        if isinstance(raw, list):
            problems += _duplicates(raw, kind, ident, bestand, lines, (key,), normalise)
    if head is None:
        return None, _sorted(problems)
    status = SoStatus(
        synthetisch=head.synthetisch,
        grenzen=head.grenzen,
        peildatum=head.peildatum,
        prognosedatum=head.prognosedatum,
        bron=head.bron,
        toewijzing=head.toewijzing,
        afwijkingen=tuple(afwijkingen),
        tabel_1_gepubliceerd=tuple(tabel),
        gemeenten=tuple(gemeenten),
        regiegebieden=tuple(regiegebieden),
        provinciebesturen=tuple(besturen),
        bestand=bestand,
        lines=dict(lines),
    )
    return status, _sorted(problems)


FILES.update({
    "acties.yaml": ("actie", "de actielijst", build_acties),
    "praktijken.yaml": ("praktijk", "de lijst van praktijken", build_praktijken),
    "digibanken.yaml": ("digibank", "het digibankenbestand", build_digibanken),
    "so_status.yaml": ("gemeente", "het SO-statusbestand", build_so_status),
})


def check_so_status(status: SoStatus, geography: Geography) -> list[Problem]:
    """Problems of the SO status against the geography of its boundary version (Dutch).

    Every gemeente once with a NIS code of that version and its own name; every regiegebied
    likewise; provinciebesturen and the areas of Tabel 1 resolve to a province (or Vlaanderen).
    """
    grenzen = status.grenzen
    lines = status.lines or {}
    bestand = status.bestand
    problems: list[Problem] = []
    names = _names(geography, "gemeente", grenzen)
    for row in status.gemeenten:
        _check_row(row, row.nis, names, "NIS-code", grenzen, problems)
    missing = sorted(set(names) - {row.nis for row in status.gemeenten})
    if missing:
        shown = ", ".join(f"{nis} {names[nis]}" for nis in missing[:5])
        more = ", …" if len(missing) > 5 else ""
        problems.append(_new_problem(
            bestand, yaml_line(lines, ("gemeenten",)), "gemeenten",
            f"{fmt.count(len(missing), 'gemeente')} van grensversie {grenzen} "
            f"{fmt.plural(len(missing), 'ontbreekt', 'ontbreken')}: {shown}{more}",
        ))
    regions = _names(geography, "regiegebied", grenzen)
    for region in status.regiegebieden:
        _check_row(region, region.code, regions, "regiegebiedcode", grenzen, problems)
    missing = sorted(set(regions) - {region.code for region in status.regiegebieden})
    if missing:
        problems.append(_new_problem(
            bestand, yaml_line(lines, ("regiegebieden",)), "regiegebieden",
            f"{fmt.count(len(missing), 'regiegebied')} "
            f"{fmt.plural(len(missing), 'ontbreekt', 'ontbreken')}: {', '.join(missing[:10])}",
        ))
    for bestuur in status.provinciebesturen:
        _check_area(bestuur, bestuur.provincie, "provincie", geography, grenzen, problems,
                    ("provincie",))
    for cell in status.tabel_1_gepubliceerd:
        _check_area(cell, cell.gebied, "gebied", geography, grenzen, problems,
                    ("provincie", "vlaanderen"))
    return _sorted(problems)


def _names(geography: Geography, geo_type: str, grenzen: str) -> dict[str, str]:
    table = geography.geographies(geo_type, grenzen)
    return dict(zip(table["code"], table["naam"], strict=True))


def _check_row(
    row: GemeenteStatus | RegiegebiedStatus,
    code: str,
    names: Mapping[str, str],
    what: str,
    grenzen: str,
    problems: list[Problem],
) -> None:
    key = "nis" if isinstance(row, GemeenteStatus) else "code"
    if code not in names:
        problems.append(_new_problem(
            row.bestand, row.line_of(key), key,
            f"{row.label}: {what} '{code}' bestaat niet in grensversie {grenzen}",
        ))
    elif normalise_name(row.naam) != normalise_name(names[code]):
        problems.append(_new_problem(
            row.bestand, row.line_of("naam"), "naam",
            f"{row.label}: naam '{row.naam}' hoort niet bij {what} {code} ({names[code]})",
        ))


def _check_area(
    item: Item,
    name: str,
    key: str,
    geography: Geography,
    grenzen: str,
    problems: list[Problem],
    allowed: tuple[str, ...],
) -> None:
    try:
        geo = geography.resolve(name, grenzen)
    except GeoError as error:
        message = f"{item.label}: {error}"
        problems.append(_new_problem(item.bestand, item.line_of(key), key, message))
        return
    if geo.type not in allowed:
        problems.append(_new_problem(
            item.bestand, item.line_of(key), key,
            f"{item.label}: '{name}' is een {geo.type}, verwacht {' of '.join(allowed)}",
        ))


# --------------------------------------------------------------------------------------------
# Linking items to geographies

ItemT = TypeVar("ItemT", bound=Item)


def _containers(geography: Geography, grenzen: str) -> list[tuple[str, frozenset[str]]]:
    """(code, member gemeenten) of every geography of a version."""
    table = geography.geographies(None, grenzen)
    return [
        (code, frozenset(geography.get(code, geo_type, grenzen).gemeenten))
        for code, geo_type in zip(table["code"], table["type"], strict=True)
    ]


def link_to_geographies(
    items: Sequence[Item], geography: Geography, grenzen: str = "2024"
) -> tuple[list[frozenset[str]], list[Problem]]:
    """Per item (same order): the codes of every geography that contains one of its places.

    A place is a gemeente, regiegebied, referentieregio, province, … as
    :meth:`Geography.resolve` knows it. A geography contains a place when all the place's
    gemeenten are among its own: an action in Sint-Truiden belongs to gemeente 71053,
    regiegebied RG34, referentieregio Limburg, Provincie Limburg and Vlaanderen; an action for
    "Provincie Limburg" to the province, the referentieregio with the same gemeenten and
    Vlaanderen, not to each gemeente. Codes of all types share one set (a centrumstad has its
    gemeente's code). A place that does not resolve gives a Dutch problem with its line.
    """
    containers = _containers(geography, grenzen)
    cache: dict[str, frozenset[str] | GeoError] = {}
    links: list[frozenset[str]] = []
    problems: list[Problem] = []
    for item in items:
        codes: set[str] = set()
        for position, place in enumerate(getattr(item, "plaatsen", ())):
            if place not in cache:
                try:
                    members = frozenset(geography.resolve(place, grenzen).gemeenten)
                    cache[place] = frozenset(
                        code for code, inside in containers if members <= inside
                    )
                except GeoError as error:
                    cache[place] = error
            found = cache[place]
            if isinstance(found, GeoError):
                reason = str(found).removeprefix("geografie ")
                problems.append(_new_problem(
                    item.bestand, item.line_of("plaatsen", position), f"plaatsen[{position + 1}]",
                    f"{item.label or 'item'}: onbekende plaats: {reason}",
                ))
            else:
                codes |= found
        links.append(frozenset(codes))
    return links, _sorted(problems)


@dataclass(frozen=True)
class Selection:
    """The items shown for one geography.

    ``uit_provincie`` is True when the geography has no items of its own and those of its
    province are shown instead (``bron`` is then the province).
    """

    geo: Geo
    items: tuple[Item, ...]
    uit_provincie: bool
    bron: Geo

    @property
    def melding(self) -> str | None:
        """The Dutch note for the report, or None when the geography has its own items."""
        if self.items and not self.uit_provincie:
            return None
        if self.uit_provincie:
            return f"geen voorbeelden voor {self.geo.naam}; voorbeelden uit de {_lower(self.bron)}"
        return f"geen voorbeelden voor {self.geo.naam}"


def _lower(geo: Geo) -> str:
    """``Provincie Limburg`` → ``provincie Limburg`` (for use inside a sentence)."""
    if geo.type == "provincie":
        return "provincie " + geo.naam.removeprefix("Provincie ")
    return geo.naam


def items_for(
    geo: str | Geo,
    items: Sequence[ItemT],
    links: Sequence[frozenset[str]],
    geography: Geography,
    grenzen: str = "2024",
) -> Selection:
    """The items linked to ``geo`` (file order); with none, those of its province, flagged.

    ``links`` is the first result of :func:`link_to_geographies` for the same ``items``.
    Vlaanderen and the provinces have no fallback.
    """
    if len(links) != len(items):
        raise ValueError("items en links horen bij elkaar: even lang en in dezelfde volgorde")
    target = geo if isinstance(geo, Geo) else geography.resolve(geo, grenzen)
    own = tuple(item for item, codes in zip(items, links, strict=True) if target.code in codes)
    if own or target.type in ("provincie", "vlaanderen") or not target.provincie:
        return Selection(target, own, False, target)
    province = geography.get(target.provincie, "provincie", target.grenzen)
    fallback = tuple(
        item for item, codes in zip(items, links, strict=True) if province.code in codes
    )
    if not fallback:
        return Selection(target, (), False, target)
    return Selection(target, fallback, True, province)


# --------------------------------------------------------------------------------------------
# SO status: Tabel 1


def _check_moment(moment: str) -> None:
    if moment not in MOMENTS:
        raise ValueError(f"onbekend moment '{moment}' (kies uit {', '.join(MOMENTS)})")


def _check_grenzen(status: SoStatus, grenzen: str) -> None:
    if grenzen != status.grenzen:
        raise ValueError(
            f"de SO-status geldt voor de gemeenten van grensversie {status.grenzen}, "
            f"niet {grenzen}"
        )


def _pct(teller: int, noemer: int) -> float:
    return 100.0 * teller / noemer if noemer else math.nan


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def so_summary(
    status: SoStatus, geography: Geography, grenzen: str = "2024", moment: str = "2023-01"
) -> pd.DataFrame:
    """Tabel 1: signed SO per province (Tabel 1 order) and Vlaanderen at ``moment``.

    Columns ``code, naam, gemeenten_getekend, gemeenten_totaal, gemeenten_pct,
    regiegebieden_getekend, regiegebieden_totaal, regiegebieden_pct, moment``. The totals come
    from the geography (a gemeente without a row counts as not signed); percentages are
    unrounded (0-100).
    """
    import pandas as pd

    _check_moment(moment)
    _check_grenzen(status, grenzen)
    signed = {row.nis for row in status.gemeenten if row.status(moment) == "getekend"}
    signed_rg = {row.code for row in status.regiegebieden if row.status(moment) == "getekend"}
    regions = [
        geography.get(code, "regiegebied", grenzen)
        for code in geography.geographies("regiegebied", grenzen)["code"]
    ]
    records = []
    for code in (*TABEL_1_PROVINCIES, VLAANDEREN_CODE):
        geo_type = "vlaanderen" if code == VLAANDEREN_CODE else "provincie"
        geo = geography.get(code, geo_type, grenzen)
        members = set(geo.gemeenten)
        in_area = [r for r in regions if code == VLAANDEREN_CODE or r.provincie == code]
        n_gem = len(members & signed)
        n_rg = sum(1 for r in in_area if r.code in signed_rg)
        records.append({
            "code": code,
            "naam": geo.naam,
            "gemeenten_getekend": n_gem,
            "gemeenten_totaal": len(members),
            "gemeenten_pct": _pct(n_gem, len(members)),
            "regiegebieden_getekend": n_rg,
            "regiegebieden_totaal": len(in_area),
            "regiegebieden_pct": _pct(n_rg, len(in_area)),
            "moment": moment,
        })
    return pd.DataFrame.from_records(records)


def so_per_regiegebied(
    status: SoStatus, geography: Geography, grenzen: str = "2024", moment: str = "2023-01"
) -> pd.DataFrame:
    """Per regiegebied: its own SO status and the signed SO of its gemeenten at ``moment``.

    Columns ``code, naam, provincie, so_regiegebied, gemeenten_getekend, gemeenten_totaal,
    gemeenten_pct, moment`` (``so_regiegebied`` is empty when the file has no row for it).
    """
    import pandas as pd

    _check_moment(moment)
    _check_grenzen(status, grenzen)
    signed = {row.nis for row in status.gemeenten if row.status(moment) == "getekend"}
    own = {row.code: row.status(moment) for row in status.regiegebieden}
    records = []
    for code in geography.geographies("regiegebied", grenzen)["code"]:
        geo = geography.get(code, "regiegebied", grenzen)
        n = len(set(geo.gemeenten) & signed)
        records.append({
            "code": code,
            "naam": geo.naam,
            "provincie": geo.provincie or "",
            "so_regiegebied": own.get(code, ""),
            "gemeenten_getekend": n,
            "gemeenten_totaal": len(geo.gemeenten),
            "gemeenten_pct": _pct(n, len(geo.gemeenten)),
            "moment": moment,
        })
    return pd.DataFrame.from_records(records)


def _nl(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def so_comparison(status: SoStatus, geography: Geography) -> pd.DataFrame:
    """Tabel 1 as published next to the reproduction, one row per published cell.

    Columns ``moment, niveau, code, gebied, gepubliceerd, gepubliceerd_pct, berekend,
    berekend_pct, verschil``; ``verschil`` names every difference in Dutch (empty when none),
    including a printed percentage that does not match its own n/N.
    """
    import pandas as pd

    summaries = {m: so_summary(status, geography, status.grenzen, m) for m in MOMENTS}
    records = []
    for cell in status.tabel_1_gepubliceerd:
        geo = geography.resolve(cell.gebied, status.grenzen)
        row = summaries[cell.moment].set_index("code").loc[geo.code]
        n = int(row[f"{cell.niveau}_getekend"])
        total = int(row[f"{cell.niveau}_totaal"])
        pct = float(row[f"{cell.niveau}_pct"])
        notes = []
        own = _pct(cell.teller, cell.noemer)
        if _round_half_up(own) != cell.pct:
            notes.append(
                f"het gedrukte percentage {cell.pct} past niet bij {cell.teller}/{cell.noemer} "
                f"({_nl(own)} %)"
            )
        if cell.teller != n:
            notes.append(f"teller {cell.teller} gepubliceerd, {n} hier")
        if cell.noemer != total:
            notes.append(f"noemer {cell.noemer} gepubliceerd, {total} hier")
        if (cell.teller, cell.noemer) != (n, total) and _round_half_up(pct) != cell.pct:
            notes.append(f"percentage {cell.pct} gepubliceerd, {_nl(pct)} hier")
        records.append({
            "moment": cell.moment,
            "niveau": cell.niveau,
            "code": geo.code,
            "gebied": geo.naam,
            "gepubliceerd": f"{cell.teller}/{cell.noemer}",
            "gepubliceerd_pct": cell.pct,
            "berekend": f"{n}/{total}",
            "berekend_pct": pct,
            "verschil": "; ".join(notes),
        })
    return pd.DataFrame.from_records(records)


# --------------------------------------------------------------------------------------------
# The synthetic per-gemeente assignment


def _rank_key(nis: str) -> str:
    return hashlib.sha256(nis.encode("ascii")).hexdigest()


def _assign(ranked: Sequence[str], quota: tuple[int, int]) -> dict[str, tuple[str, str]]:
    """Statuses (1/1, 30/6) by rank: signed, then signed by 30/6, then half in talks."""
    first, second = quota
    rest = len(ranked) - second
    talking = second + math.ceil(rest / 2)
    result = {}
    for rank, code in enumerate(ranked):
        if rank < first:
            result[code] = ("getekend", "getekend")
        elif rank < second:
            result[code] = ("gesprekken lopend", "getekend")
        elif rank < talking:
            result[code] = ("gesprekken lopend", "gesprekken lopend")
        else:
            result[code] = ("gesprekken aan te vatten", "gesprekken aan te vatten")
    return result


def synthetic_so_assignment(
    geography: Geography, grenzen: str = "2024"
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The deterministic rule behind the per-gemeente and per-regiegebied rows of
    ``so_status.yaml`` (the seed publishes only province totals).

    Gemeenten, per province: the centrumsteden first, then the others by the SHA-256 hex digest
    of their NIS code. The first n₁ (signed on 1/1/2023, :data:`SO_QUOTA_GEMEENTEN`) are
    'getekend' at both moments; the next n₂ - n₁ 'gesprekken lopend' on 1/1 and 'getekend' on
    30/6; of the rest the first half (rounded up) 'gesprekken lopend' and the others
    'gesprekken aan te vatten' at both moments. Regiegebieden, per province, by the same rule
    with :data:`SO_QUOTA_REGIEGEBIEDEN`, ranked by the share of their gemeenten signed on 1/1
    (highest first, then by code). Returns (gemeente rows by NIS, regiegebied rows by code).
    """
    gemeenten = geography.geographies("gemeente", grenzen)
    centrumsteden = set(geography.geographies("centrumstad", grenzen)["code"])
    statuses: dict[str, tuple[str, str]] = {}
    for province, quota in SO_QUOTA_GEMEENTEN.items():
        members = geography.get(province, "provincie", grenzen).gemeenten
        ranked = sorted(members, key=lambda nis: (nis not in centrumsteden, _rank_key(nis)))
        statuses.update(_assign(ranked, quota))
    names = dict(zip(gemeenten["code"], gemeenten["naam"], strict=True))
    rows = [
        {"nis": nis, "naam": names[nis], "op_2023_01": statuses[nis][0],
         "prognose_2023_06": statuses[nis][1]}
        for nis in sorted(names)
    ]
    signed = {nis for nis, (first, _) in statuses.items() if first == "getekend"}
    region_status: dict[str, tuple[str, str]] = {}
    regions = [
        geography.get(code, "regiegebied", grenzen)
        for code in geography.geographies("regiegebied", grenzen)["code"]
    ]
    for province, quota in SO_QUOTA_REGIEGEBIEDEN.items():
        inside = [r for r in regions if r.provincie == province]
        ranked = sorted(
            inside, key=lambda r: (-len(set(r.gemeenten) & signed) / len(r.gemeenten), r.code)
        )
        region_status.update(_assign([r.code for r in ranked], quota))
    region_rows = [
        {"code": r.code, "naam": r.naam, "op_2023_01": region_status[r.code][0],
         "prognose_2023_06": region_status[r.code][1]}
        for r in sorted(regions, key=lambda r: r.code)
    ]
    return rows, region_rows

