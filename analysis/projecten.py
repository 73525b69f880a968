"""Youth projects (jongerenprojecten): the schema of ``data/projecten/*.yaml``, its Dutch
validation and the figures of a project report.

A project file holds one interim (``tussentijds``) or final (``eind``) report of a sector youth
project: per action the targets (streefcijfers) and realisations, the budget foreseen and
spent, the outflow (uitstroom) and the profile of the participants, plus the report's own
summary table (``samenvatting``) as published, the rule by which the report counts unique
participants, the figures we derived ourselves (``afgeleid``) and the published figures that
contradict each other (``afwijkingen``). The header of every project file documents the keys.

This module is pure (no file I/O). :func:`build_project` validates a document read by
:func:`analysis.io.read_yaml` and returns a :class:`Project` or the problems found, each with a
Dutch message, the YAML line and the key. Notes that are no error (more spent than foreseen)
travel with the project: :attr:`Project.opmerkingen`.

Rules checked
-------------
* Per mapping (pydantic, ``extra="forbid"``, strict types): required keys present, no unknown
  keys, enumerations, counts are non-negative whole numbers, a streefwaarde is > 0, amounts are
  numbers ≥ 0 with at most 2 decimals (euro and cents), dates are YAML dates, shares 0–100.
* Within a mapping (model validators): a period does not end before it starts; a realisation
  needs a streefwaarde (a figure without target belongs under ``bereik``); a budget with posten
  adds up; a budget without amounts says why; the outflow of a group does not exceed its basis;
  a profile does not exceed 100 % or its basis; streefcijfers of an action are unique.
* Across the document (after the schema passed): the rapportperiode lies within the
  projectperiode and a final report ends with the project; action numbers are unique; the
  references of ``uniek_tellen`` and ``samenvatting`` exist; a derived personnel budget is
  listed under ``afgeleid``; every ``veld`` of ``afgeleid`` and ``afwijkingen`` that points into
  the file exists and holds the stated value; the value ``gebruikt`` of a discrepancy is one of
  its published values.

Computations
------------
:func:`elapsed_share`, :func:`realisation_status`, :func:`spending_status`,
:func:`realisation_frame`, :func:`budget_frame` and :func:`project_totals`. Totals are
computed from the action rows (and the personnel line), never read back from the summary;
:func:`analysis.controle.check_summary` then compares them with the published summary and
shows every difference. Money is summed as :class:`~decimal.Decimal` and rounded half-up to
cents; percentages are rounded half-up to 2 decimals with
:func:`analysis.statistics.round_half_up` (display: :func:`analysis.formatting.format_number`).
"""

from __future__ import annotations

import difflib
import math
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

import pandas as pd
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from analysis.aandelen import (
    PublishedShare,
    computed_share,
    parse_share,
    share_of_value,
)
from analysis.catalogue import _value_message
from analysis.formatting import format_number
from analysis.leestekst import ReaderText
from analysis.statistics import round_half_up
from analysis.yamlcheck import YamlPath, shown, type_name, yaml_line

if TYPE_CHECKING:
    from analysis.io import Problem, YamlDocument

__all__ = [
    "LOOPT_ACHTER",
    "NIET_BEHAALD",
    "ONDERBESTEDING",
    "OP_SCHEMA",
    "OVERBESTEDING",
    "REEDS_BEHAALD",
    "TOLERANTIE",
    "VOLGT_PLANNING",
    "Aandeel",
    "Actie",
    "Project",
    "ProjectTotals",
    "Uitstroomgroep",
    "budget_frame",
    "build_project",
    "elapsed_share",
    "exact_decimal",
    "outflow_sum",
    "project_totals",
    "realisation_frame",
    "realisation_status",
    "spending_status",
]

# --------------------------------------------------------------------------------------------
# Status labels

#: Realisation ≥ streefwaarde.
REEDS_BEHAALD = "reeds behaald"
#: Realisatiegraad ≥ elapsed share − tolerance (project still running).
OP_SCHEMA = "op schema"
#: Realisatiegraad < elapsed share − tolerance (project still running).
LOOPT_ACHTER = "loopt achter"
#: Project period over and realisation < streefwaarde.
NIET_BEHAALD = "niet behaald"
#: Share spent within elapsed share ± tolerance.
VOLGT_PLANNING = "besteding volgt de planning"
#: Share spent < elapsed share − tolerance.
ONDERBESTEDING = "onderbesteding"
#: Share spent > elapsed share + tolerance.
OVERBESTEDING = "overbesteding"
#: The tolerance of the status rules: 10 procentpunt.
TOLERANTIE = Fraction(1, 10)

CENT = Decimal("0.01")

# --------------------------------------------------------------------------------------------
# Value types

_MODEL = ConfigDict(extra="forbid", frozen=True, strict=True)
_RULE = "projectregel"

#: Printed text: refuses seed files, file names and paths (analysis.leestekst).
Text = ReaderText
Aantal = Annotated[int, Field(ge=0)]
Eenheid = Literal["personen", "bedrijven", "acties", "werkplekken"]
SoortRapport = Literal["tussentijds", "eind"]


def _to_decimal(value: object) -> object:
    """YAML number → Decimal as written (276335.31 stays 276335.31); text is refused."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float) and math.isfinite(value):
        return Decimal(repr(value))
    raise PydanticCustomError("nl_bedrag_type", "geen bedrag")


def _check_amount(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if value < 0:
        raise PydanticCustomError("nl_negatief", "negatief bedrag")
    if value != value.quantize(CENT):
        raise PydanticCustomError("nl_centen", "meer dan 2 decimalen")
    return value.quantize(CENT)


#: An amount in euro (≥ 0, at most 2 decimals), or null.
Bedrag = Annotated[
    Decimal | None, BeforeValidator(_to_decimal), AfterValidator(_check_amount)
]


def _to_value(value: object) -> int | float | date:
    """A published or derived value: a number or a date."""
    if isinstance(value, bool) or not isinstance(value, int | float | date):
        raise PydanticCustomError("nl_waarde_type", "geen getal of datum")
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("nl_waarde_type", "geen getal of datum")
    return value


#: A number or a date (``afgeleid``, ``afwijkingen``).
Waarde = Annotated[int | float | date, PlainValidator(_to_value)]


def _rules(broken: list[tuple[tuple[str | int, ...], str]]) -> None:
    """Raise the broken rules of one mapping as one pydantic error (translated later)."""
    if broken:
        raise PydanticCustomError(
            _RULE,
            "{samenvatting}",
            {"samenvatting": "; ".join(m for _, m in broken), "regels": tuple(broken)},
        )


def _euro(value: Decimal) -> str:
    return f"€ {format_number(float(value), 2)}"


# --------------------------------------------------------------------------------------------
# Schema


class Periode(BaseModel):
    """A period ``start`` – ``einde`` (both inclusive)."""

    model_config = _MODEL

    start: date
    einde: date

    @property
    def dagen(self) -> int:
        """Number of days, both ends included."""
        return (self.einde - self.start).days + 1

    @model_validator(mode="after")
    def _einde_na_start(self) -> Periode:
        if self.einde < self.start:
            _rules([(
                ("einde",),
                f"'{{plek}}' eindigt ({self.einde.isoformat()}) vóór de start "
                f"({self.start.isoformat()})",
            )])
        return self


class Streefcijfer(BaseModel):
    """A target and its realisation (null: not measured yet)."""

    model_config = _MODEL

    omschrijving: Text
    streefwaarde: Annotated[int, Field(gt=0)] | None = None
    realisatie: Aantal | None = None
    eenheid: Eenheid
    opmerking: Text | None = None

    @model_validator(mode="after")
    def _target_needed(self) -> Streefcijfer:
        if self.streefwaarde is None and self.realisatie is not None:
            _rules([(
                ("realisatie",),
                f"realisatie {self.realisatie} zonder streefwaarde; een gerealiseerd aantal "
                "zonder streefcijfer hoort onder 'bereik'",
            )])
        if self.streefwaarde is None and self.realisatie is None:
            _rules([((), "streefcijfer zonder streefwaarde en zonder realisatie")])
        return self


class Bereik(BaseModel):
    """A realised count without a target."""

    model_config = _MODEL

    omschrijving: Text
    aantal: Aantal
    eenheid: Eenheid
    opmerking: Text | None = None


class Post(BaseModel):
    """One line of an action budget."""

    model_config = _MODEL

    post: Text
    code: Text | None = None
    voorzien: Bedrag = None
    besteed: Bedrag = None
    opmerking: Text | None = None


def _sum_known(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum, or None when a value is missing or there are none."""
    listed = list(values)
    if not listed or any(v is None for v in listed):
        return None
    return sum(listed, Decimal("0.00"))  # type: ignore[arg-type]


class Budget(BaseModel):
    """An action budget: foreseen for the whole project period, spent up to the report's end."""

    model_config = _MODEL

    voorzien: Bedrag = None
    besteed: Bedrag = None
    posten: list[Post] = []
    opmerking: Text | None = None

    @property
    def totaal_voorzien(self) -> Decimal | None:
        """``voorzien``, else the sum of the posten (None when one is missing)."""
        if self.voorzien is not None:
            return self.voorzien
        return _sum_known(p.voorzien for p in self.posten)

    @property
    def totaal_besteed(self) -> Decimal | None:
        """``besteed``, else the sum of the posten (None when one is missing)."""
        if self.besteed is not None:
            return self.besteed
        return _sum_known(p.besteed for p in self.posten)

    @model_validator(mode="after")
    def _adds_up(self) -> Budget:
        broken: list[tuple[tuple[str | int, ...], str]] = []
        if (
            self.voorzien is None
            and self.besteed is None
            and not self.posten
            and self.opmerking is None
        ):
            broken.append((
                (),
                "budget zonder bedragen: geef 'voorzien' en 'besteed', 'posten' of een "
                "'opmerking' die zegt waarom er geen bedragen zijn",
            ))
        for key in ("voorzien", "besteed"):
            stated = getattr(self, key)
            total = _sum_known(getattr(p, key) for p in self.posten)
            if stated is not None and total is not None and stated != total:
                broken.append((
                    (key,),
                    f"de som van de posten ({_euro(total)}) verschilt van '{key}' "
                    f"({_euro(stated)})",
                ))
        _rules(broken)
        return self


_OUTFLOW = ("naar_werk", "naar_stage", "naar_opleiding", "werkzoekend")


class Aandeel(BaseModel):
    """A published share in procent: a figure (``waarde``) or a wording (``gepubliceerd_als``,
    e.g. "zo'n 6 op 10"), never both; an approximate wording is no exact figure.

    ``teller`` names the count of the outflow group the share is of (its ``basis``), so the
    share can be computed and checked (see :mod:`analysis.aandelen`).
    """

    model_config = _MODEL

    omschrijving: Text
    waarde: Annotated[float, Field(ge=0, le=100)] | None = None
    eenheid: Literal["procent"]
    gepubliceerd_als: Text | None = None
    teller: Literal["naar_werk", "naar_stage", "naar_opleiding", "werkzoekend"] | None = None

    @property
    def gepubliceerd(self) -> PublishedShare:
        """The share as published, with the range it stands for."""
        if self.gepubliceerd_als is not None:
            return parse_share(self.gepubliceerd_als)  # type: ignore[return-value]
        return share_of_value(self.waarde)  # type: ignore[arg-type]

    @model_validator(mode="after")
    def _figure_or_wording(self) -> Aandeel:
        if self.waarde is not None and self.gepubliceerd_als is not None:
            _rules([(("waarde",), "geef 'waarde' (een gepubliceerd cijfer) of "
                     "'gepubliceerd_als' (de letterlijke formulering), niet beide: een "
                     f"formulering als '{self.gepubliceerd_als}' is geen exact cijfer")])
        if self.waarde is None and self.gepubliceerd_als is None:
            _rules([(("waarde",), "geef 'waarde' (een gepubliceerd cijfer) of "
                     "'gepubliceerd_als' (de letterlijke formulering)")])
        if self.gepubliceerd_als is not None and parse_share(self.gepubliceerd_als) is None:
            _rules([(("gepubliceerd_als",), f"'{self.gepubliceerd_als}' noemt geen aandeel: "
                     "verwacht een percentage ('zo'n 40 %') of 'x op y' ('zo'n 6 op 10')")])
        return self


class Uitstroomgroep(BaseModel):
    """Where the participants of one group went; ``telt_in_totaal`` False when counted elsewhere."""

    model_config = _MODEL

    groep: Text
    basis: Aantal | None = None
    naar_werk: Aantal | None = None
    naar_stage: Aantal | None = None
    naar_opleiding: Aantal | None = None
    werkzoekend: Aantal | None = None
    aandelen: list[Aandeel] = []
    telt_in_totaal: bool = True
    opmerking: Text | None = None

    def berekend(self, aandeel: Aandeel) -> Fraction | None:
        """The share computed from this group's counts (teller / basis), or None."""
        if aandeel.teller is None or self.basis is None:
            return None
        teller = getattr(self, aandeel.teller)
        return None if teller is None else computed_share(teller, self.basis)

    @model_validator(mode="after")
    def _within_basis(self) -> Uitstroomgroep:
        broken: list[tuple[tuple[str | int, ...], str]] = []
        given = [(k, getattr(self, k)) for k in _OUTFLOW if getattr(self, k) is not None]
        total = sum(v for _, v in given)
        if self.basis is not None and given and total > self.basis:
            terms = " + ".join(k for k, _ in given)
            broken.append((("basis",), f"{terms} = {total} is meer dan 'basis' ({self.basis})"))
        for position, aandeel in enumerate(self.aandelen):
            if aandeel.teller is not None and self.berekend(aandeel) is None:
                broken.append((
                    ("aandelen", position, "teller"),
                    f"'teller: {aandeel.teller}' vraagt 'basis' en '{aandeel.teller}' van de "
                    "groep",
                ))
        _rules(broken)
        return self


class Profielkenmerk(BaseModel):
    """One figure of the participants' profile: a count (personen) or a share (procent)."""

    model_config = _MODEL

    groep: Text | None = None
    basis: Aantal | None = None
    kenmerk: Text
    categorie: Text
    waarde: Annotated[float, Field(ge=0)]
    eenheid: Literal["personen", "procent"]
    opmerking: Text | None = None

    @property
    def sleutel(self) -> tuple[str | None, str, str]:
        """(groep, kenmerk, categorie): how the summary refers to this figure."""
        return (self.groep, self.kenmerk, self.categorie)

    @model_validator(mode="after")
    def _bounds(self) -> Profielkenmerk:
        if self.eenheid == "procent" and self.waarde > 100:
            _rules([(("waarde",), f"een aandeel is hoogstens 100 procent, niet {self.waarde:g}")])
        if self.eenheid == "personen":
            if self.waarde != int(self.waarde):
                _rules([(("waarde",), f"een aantal personen is geheel, niet {self.waarde:g}")])
            if self.basis is not None and self.waarde > self.basis:
                _rules([(
                    ("waarde",),
                    f"{self.waarde:g} personen is meer dan 'basis' ({self.basis})",
                )])
        return self


#: Rounded shares of one characteristic may add up to a little more than 100.
PROFIEL_MARGE = 1.0


def _profile_rules(profiel: Sequence[Profielkenmerk]) -> list[tuple[tuple[str | int, ...], str]]:
    """Shares of one kenmerk (per groep) ≤ 100 (+ margin); counts ≤ basis."""
    broken: list[tuple[tuple[str | int, ...], str]] = []
    groups: dict[tuple[str | None, str, str], list[int]] = {}
    for position, item in enumerate(profiel):
        groups.setdefault((item.groep, item.kenmerk, item.eenheid), []).append(position)
    for (groep, kenmerk, eenheid), positions in groups.items():
        total = sum(profiel[p].waarde for p in positions)
        where = f"kenmerk '{kenmerk}'" + (f" van groep '{groep}'" if groep else "")
        last = positions[-1]
        if eenheid == "procent" and total > 100 + PROFIEL_MARGE:
            broken.append((
                ("profiel", last, "waarde"),
                f"de aandelen van {where} tellen op tot {total:g} procent, meer dan 100",
            ))
        bases = {profiel[p].basis for p in positions} - {None}
        if eenheid == "personen" and len(bases) == 1 and total > next(iter(bases)):
            broken.append((
                ("profiel", last, "waarde"),
                f"de aantallen van {where} tellen op tot {total:g}, meer dan de basis "
                f"({next(iter(bases))})",
            ))
    return broken


class Actie(BaseModel):
    """One action (luik) of the project."""

    model_config = _MODEL

    nummer: Annotated[int, Field(gt=0)]
    titel: Text
    doelgroep: Text
    doelstellingen: Annotated[list[Text], Field(min_length=1)]
    activiteiten: list[Text] = []
    streefcijfers: Annotated[list[Streefcijfer], Field(min_length=1)]
    bereik: list[Bereik] = []
    budget: Budget
    uitstroom: list[Uitstroomgroep] = []
    profiel: list[Profielkenmerk] = []
    toelichting: Text

    def streefcijfer(self, omschrijving: str) -> Streefcijfer | None:
        """The streefcijfer with this omschrijving, or None."""
        return next((s for s in self.streefcijfers if s.omschrijving == omschrijving), None)

    @property
    def naar_werk(self) -> int | None:
        """Outflow to work of the groups that count in the total (None: not reported)."""
        return outflow_sum(self, "naar_werk")

    @model_validator(mode="after")
    def _unique_targets(self) -> Actie:
        broken: list[tuple[tuple[str | int, ...], str]] = []
        seen: set[str] = set()
        for position, target in enumerate(self.streefcijfers):
            if target.omschrijving in seen:
                broken.append((
                    ("streefcijfers", position, "omschrijving"),
                    f"streefcijfer '{target.omschrijving}' komt twee keer voor",
                ))
            seen.add(target.omschrijving)
        broken += _profile_rules(self.profiel)
        _rules(broken)
        return self


def outflow_sum(actie: Actie, key: str) -> int | None:
    """The sum of ``key`` over the outflow groups that count in the total (None: none)."""
    values = [
        getattr(g, key)
        for g in actie.uitstroom
        if g.telt_in_totaal and getattr(g, key) is not None
    ]
    return sum(values) if values else None


class Personeel(BaseModel):
    """The personnel line of the budget; ``bron`` says whether it is published or derived."""

    model_config = _MODEL

    omschrijving: Text
    voorzien: Bedrag = None
    besteed: Bedrag = None
    bron: Literal["gepubliceerd", "afgeleid"]
    opmerking: Text | None = None


class SamenvattingStreefcijfer(BaseModel):
    """A streefcijfer as the summary publishes it."""

    model_config = _MODEL

    omschrijving: Text
    streefwaarde: Aantal | None = None
    realisatie: Aantal | None = None


class SamenvattingActie(BaseModel):
    """The summary's row of one action, as published."""

    model_config = _MODEL

    actie: Annotated[int, Field(gt=0)]
    titel: Text | None = None
    streefcijfers: list[SamenvattingStreefcijfer] = []
    naar_werk: Aantal | None = None
    naar_opleiding: Aantal | None = None
    basis_uitstroom: Aantal | None = None
    aandelen: list[Aandeel] = []
    profiel: list[Profielkenmerk] = []
    voorzien: Bedrag = None
    besteed: Bedrag = None


class SamenvattingPersoneel(BaseModel):
    """The summary's personnel line."""

    model_config = _MODEL

    voorzien: Bedrag = None
    besteed: Bedrag = None


class Samenvatting(BaseModel):
    """The report's summary table (or conclusion), as published."""

    model_config = _MODEL

    totaal_uniek: Aantal | None = None
    totaal_voorzien: Bedrag = None
    totaal_besteed: Bedrag = None
    aandeel_besteed: Annotated[float, Field(ge=0)] | None = None
    totaal_naar_werk: Aantal | None = None
    personeel: SamenvattingPersoneel | None = None
    acties: list[SamenvattingActie] = []


class Deelnemer(BaseModel):
    """A realisation that counts towards the unique participants."""

    model_config = _MODEL

    actie: Annotated[int, Field(gt=0)]
    streefcijfer: Text


class UniekTellen(BaseModel):
    """How the report counts unique participants: the rule in words and the rows it adds."""

    model_config = _MODEL

    regel: Text
    deelnemers: Annotated[list[Deelnemer], Field(min_length=1)]


class Afgeleid(BaseModel):
    """A figure we derived (never published), with its computation."""

    model_config = _MODEL

    veld: Text
    waarde: Waarde
    berekening: Text


class GepubliceerdeWaarde(BaseModel):
    """One published value of a figure and where it was published."""

    model_config = _MODEL

    bron: Text
    waarde: Waarde


class Afwijking(BaseModel):
    """Published figures that contradict each other, the one used and why."""

    model_config = _MODEL

    onderwerp: Text
    veld: Text | None = None
    gepubliceerd: Annotated[list[GepubliceerdeWaarde], Field(min_length=1)]
    gebruikt: Waarde
    reden: Text


class Project(BaseModel):
    """One project report (see the header of a file in ``data/projecten``)."""

    model_config = _MODEL

    bron: Text
    titel: Text
    sector: Text
    promotor: Text
    soort_rapport: SoortRapport
    projectperiode: Periode
    rapportperiode: Periode
    doelgroep: Text
    acties: Annotated[list[Actie], Field(min_length=1)]
    personeel: Personeel | None = None
    samenvatting: Samenvatting
    uniek_tellen: UniekTellen
    afgeleid: list[Afgeleid] = []
    afwijkingen: list[Afwijking] = []

    _opmerkingen: tuple[Problem, ...] = PrivateAttr(default=())

    @property
    def opmerkingen(self) -> tuple[Problem, ...]:
        """Notes that are no error (e.g. more spent than foreseen), with file, line and key."""
        return self._opmerkingen

    def actie(self, nummer: int) -> Actie | None:
        """The action with this number, or None."""
        return next((a for a in self.acties if a.nummer == nummer), None)

    def is_afgeleid(self, veld: str) -> bool:
        """True when ``veld`` (e.g. ``personeel.voorzien``) is a derived figure."""
        return any(item.veld == veld for item in self.afgeleid)


_TOP_KEYS = frozenset(Project.model_fields)


# --------------------------------------------------------------------------------------------
# Building and Dutch messages



def build_project(document: YamlDocument, bestand: str) -> tuple[Project | None, list[Problem]]:
    """Validate a project document; return the project or ``None`` and every problem found.

    ``document`` comes from :func:`analysis.io.read_yaml`; its problems (invalid YAML, a key
    that occurs twice) are returned too and make the project ``None``. Every message is Dutch
    and names the item it concerns (``actie 3, streefcijfer 'jongeren': …``); ``rij`` is the
    YAML line, ``kolom`` the key within that item (``budget.besteed``). Problems are sorted by
    line. Notes that are no error are in :attr:`Project.opmerkingen` of the returned project.
    """
    from analysis.io import Problem

    raw = document.data
    lines = document.lines

    def line(path: YamlPath) -> int | None:
        return yaml_line(lines, path)

    problems: list[Problem] = list(document.problems)
    if raw is None:
        if not problems:
            problems.append(Problem(bestand, None, None, "bestand bevat geen gegevens"))
        return None, problems
    if not isinstance(raw, dict):
        message = (
            "een projectbestand moet een mapping van sleutels en waarden zijn "
            f"(titel: …, acties: …), maar is {type_name(raw)}"
        )
        return None, [*problems, Problem(bestand, line(()), None, message)]

    project: Project | None = None
    try:
        project = Project.model_validate(raw)
    except ValidationError as exc:
        for path, kolom, melding in _translate(exc, raw):
            problems.append(Problem(bestand, line(path), kolom, melding))
    if project is not None:
        for path, melding in _document_rules(project, raw):
            problems.append(Problem(bestand, line(path), _kolom(path), melding))
    if problems or project is None:
        problems.sort(key=lambda p: -1 if p.rij is None else p.rij)
        return None, problems
    notes = [Problem(bestand, line(path), _kolom(path), m) for path, m in _notes(project)]
    project._opmerkingen = tuple(notes)
    return project, []


def _kolom(path: YamlPath) -> str | None:
    """The key path after the last list position (the key within the item)."""
    tail: list[str] = []
    for part in reversed(path):
        if isinstance(part, int):
            break
        tail.append(part)
    if not tail:
        keys = [p for p in path if isinstance(p, str)]
        return keys[-1] if keys else None
    return ".".join(reversed(tail))


#: How list items are named in messages: list (its keys without positions) → (noun, keys).
_ITEMS: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {
    ("acties",): ("actie", ("nummer",)),
    ("acties", "doelstellingen"): ("doelstelling", ()),
    ("acties", "activiteiten"): ("activiteit", ()),
    ("acties", "streefcijfers"): ("streefcijfer", ("omschrijving",)),
    ("acties", "bereik"): ("bereik", ("omschrijving",)),
    ("acties", "budget", "posten"): ("budgetpost", ("post",)),
    ("acties", "uitstroom"): ("uitstroomgroep", ("groep",)),
    ("acties", "uitstroom", "aandelen"): ("aandeel", ("omschrijving",)),
    ("acties", "profiel"): ("profielkenmerk", ("kenmerk", "categorie")),
    ("samenvatting", "acties"): ("samenvatting, actie", ("actie",)),
    ("samenvatting", "acties", "streefcijfers"): ("streefcijfer", ("omschrijving",)),
    ("samenvatting", "acties", "aandelen"): ("aandeel", ("omschrijving",)),
    ("samenvatting", "acties", "profiel"): ("profielkenmerk", ("kenmerk", "categorie")),
    ("uniek_tellen", "deelnemers"): ("uniek_tellen, deelnemer", ()),
    ("afgeleid",): ("afgeleid cijfer", ("veld",)),
    ("afwijkingen",): ("afwijking", ("onderwerp",)),
    ("afwijkingen", "gepubliceerd"): ("gepubliceerde waarde", ()),
}


def _item_name(keys: tuple[str, ...], item: object, position: int) -> str:
    noun, ident_keys = _ITEMS.get(keys, (keys[-1] if keys else "item", ()))
    if ident_keys and isinstance(item, dict):
        values = [item.get(k) for k in ident_keys]
        if len(values) == 1 and isinstance(values[0], int) and not isinstance(values[0], bool):
            return f"{noun} {values[0]}"
        if all(isinstance(v, str) and v.strip() for v in values):
            return f"{noun} '{': '.join(v.strip() for v in values)}'"  # type: ignore[union-attr]
    return f"{noun} op plaats {position + 1}"


def _label(raw: object, path: YamlPath) -> str:
    """``project`` or the list items on the path: ``actie 3, streefcijfer 'jongeren'``."""
    parts: list[str] = []
    node: object = raw
    keys: list[str] = []
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            parts.append(_item_name(tuple(keys), item, part))
            node = item
        else:
            keys.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    return ", ".join(parts) if parts else "project"


def _leaves(annotation: Any) -> Iterator[Any]:
    """The types inside Annotated / Optional / list / Literal wrappers (Literal kept whole)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _leaves(get_args(annotation)[0])
    elif origin in (Union, types.UnionType, list):
        for arg in get_args(annotation):
            yield from _leaves(arg)
    else:
        yield annotation


def _model_at(path: YamlPath) -> type[BaseModel] | None:
    """The model whose fields are valid at ``path`` (a mapping's path)."""
    model: type[BaseModel] | None = Project
    for part in path:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
        model = next(
            (t for t in _leaves(annotation) if isinstance(t, type) and issubclass(t, BaseModel)),
            None,
        )
    return model


def _choices_at(path: YamlPath) -> tuple[str, ...]:
    keys = [p for p in path if isinstance(p, str)]
    model = _model_at(path[:-1]) if path and isinstance(path[-1], str) else None
    if model is None or not keys or keys[-1] not in model.model_fields:
        return ()
    for leaf in _leaves(model.model_fields[keys[-1]].annotation):
        if get_origin(leaf) is Literal:
            return tuple(str(a) for a in get_args(leaf))
    return ()


def _translate(exc: ValidationError, raw: object) -> Iterator[tuple[YamlPath, str | None, str]]:
    """(YAML path, key, Dutch message) per pydantic error; no English leaks."""
    for error in exc.errors(include_url=False):
        loc: YamlPath = tuple(error["loc"])
        kind = error["type"]
        if kind == _RULE:
            for rel, melding in (error.get("ctx") or {}).get("regels", ()):
                path = (*loc, *rel)
                text = melding.replace("{plek}", _kolom(loc) or "")
                yield path, _kolom(path), f"{_label(raw, path)}: {text}"
            continue
        label = _label(raw, loc)
        if kind == "missing":
            key = _kolom(loc)
            yield loc[:-1], key, f"{_label(raw, loc[:-1])}: verplichte sleutel '{key}' ontbreekt"
            continue
        if kind == "extra_forbidden":
            key = _kolom(loc)
            message = f"{_label(raw, loc[:-1])}: onbekende sleutel '{key}'"
            model = _model_at(loc[:-1])
            known = tuple(model.model_fields) if model else ()
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.75)
            if close:
                message += f"; bedoelt u '{close[0]}'?"
            yield loc, key, message
            continue
        yield loc, _kolom(loc), f"{label}: {_message(kind, loc, error)}"


_DATE_ERRORS = frozenset(
    {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
)


def _message(kind: str, loc: YamlPath, error: Mapping[str, Any]) -> str:
    """The Dutch text for a bad value at ``loc`` (without the item label)."""
    value = error.get("input")
    key = _kolom(loc) or ""
    if loc and isinstance(loc[-1], int) and kind in {"model_type", "model_attributes_type"}:
        return f"moet een mapping van sleutels en waarden zijn, maar is {type_name(value)}"
    if kind == "literal_error":
        choices = ", ".join(_choices_at(loc))
        if value is None:
            return f"'{key}' heeft geen waarde (kies uit {choices})"
        return f"{shown(value)} is geen geldige waarde voor '{key}' (kies uit {choices})"
    if kind == "nl_bedrag_type":
        if value is None:
            return f"'{key}' heeft geen waarde"
        return (
            f"'{key}' moet een bedrag in euro zijn, niet {type_name(value)} ({shown(value)}); "
            "schrijf bv. 276335.31: punt als decimaalteken, zonder € en duizendtallen"
        )
    if kind == "nl_negatief":
        return f"'{key}' kan niet negatief zijn, niet {shown(value)}"
    if kind == "nl_centen":
        return (
            f"'{key}' heeft meer dan 2 decimalen ({shown(value)}); bedragen zijn in euro en cent"
        )
    if kind == "nl_waarde_type":
        return f"'{key}' moet een getal of een datum (JJJJ-MM-DD) zijn, niet {type_name(value)}"
    if value is None:
        return f"'{key}' heeft geen waarde"
    if kind in _DATE_ERRORS:
        return (
            f"'{key}' moet een datum zijn in de vorm JJJJ-MM-DD, zonder aanhalingstekens, "
            f"niet {shown(value)}"
        )
    if kind in {"int_type", "int_from_float", "int_parsing"} and isinstance(value, float):
        return (
            f"'{key}' moet een geheel getal zijn, niet {shown(value)} "
            "(schrijf een aantal zonder punt of komma als duizendtal, bv. 6850)"
        )
    if kind in {"int_type", "int_parsing"}:
        return f"'{key}' moet een geheel getal zijn, niet {shown(value)}"
    if kind == "bool_type":
        return f"'{key}' moet true of false zijn, niet {shown(value)}"
    if kind == "list_type":
        return (
            f"'{key}' moet een lijst zijn (elk item begint met '- '), maar is {type_name(value)}"
        )
    if kind == "too_short":
        return f"'{key}' moet minstens 1 item bevatten"
    return _value_message(kind, key, value, error.get("ctx") or {})


def _resolve(raw: object, veld: str) -> tuple[bool, object, YamlPath]:
    """Follow a ``veld`` path in the raw document: (found, value, YAML path)."""
    node: object = raw
    path: list[int | str] = []
    parts = veld.split(".")
    for index, part in enumerate(parts):
        if isinstance(node, dict):
            if part not in node:
                return False, None, tuple(path)
            node = node[part]
            path.append(part)
            continue
        if isinstance(node, list) and part.isdigit():
            number = int(part)
            if index > 0 and parts[index - 1] == "acties":
                key = "actie" if path[:1] == ["samenvatting"] else "nummer"
                found = [
                    i for i, item in enumerate(node)
                    if isinstance(item, dict) and item.get(key) == number
                ]
                if not found:
                    return False, None, tuple(path)
                position = found[0]
            else:
                position = number - 1
                if not 0 <= position < len(node):
                    return False, None, tuple(path)
            node = node[position]
            path.append(position)
            continue
        return False, None, tuple(path)
    return True, node, tuple(path)


def _same(a: object, b: object) -> bool:
    """Equal as the reader sees it: numbers by their decimal value, dates exactly."""
    if isinstance(a, date) or isinstance(b, date):
        return a == b
    if isinstance(a, bool) or isinstance(b, bool):
        return False
    if isinstance(a, int | float | Decimal) and isinstance(b, int | float | Decimal):
        return exact_decimal(a) == exact_decimal(b)
    return False


def exact_decimal(value: int | float | Decimal) -> Decimal:
    """The decimal a reader sees: 276335.31 stays 276335.31, never its binary float."""
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def _shown_value(value: object) -> str:
    """A value as the YAML file writes it: 2022-12-31, 139587.29, 1000 (not 1000.0)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format(exact_decimal(value).normalize(), "f")
    return str(value)


def _document_rules(project: Project, raw: dict[str, Any]) -> Iterator[tuple[YamlPath, str]]:
    """Rules across the document, run once the schema passed: (YAML path, Dutch message)."""
    proj, rapport = project.projectperiode, project.rapportperiode
    if rapport.start < proj.start:
        yield ("rapportperiode", "start"), (
            f"project: de rapportperiode begint ({rapport.start.isoformat()}) vóór de "
            f"projectperiode ({proj.start.isoformat()})"
        )
    if rapport.einde > proj.einde:
        yield ("rapportperiode", "einde"), (
            f"project: de rapportperiode eindigt ({rapport.einde.isoformat()}) na de "
            f"projectperiode ({proj.einde.isoformat()})"
        )
    if project.soort_rapport == "eind" and rapport.einde != proj.einde:
        yield ("rapportperiode", "einde"), (
            f"project: een eindrapport loopt tot het einde van de projectperiode "
            f"({proj.einde.isoformat()}), niet tot {rapport.einde.isoformat()}"
        )

    first: dict[int, int] = {}
    for position, actie in enumerate(project.acties):
        if actie.nummer in first:
            yield ("acties", position, "nummer"), (
                f"{_label(raw, ('acties', position))}: actienummer {actie.nummer} komt twee "
                f"keer voor (eerst op plaats {first[actie.nummer] + 1})"
            )
        first.setdefault(actie.nummer, position)

    for position, ref in enumerate(project.uniek_tellen.deelnemers):
        path: YamlPath = ("uniek_tellen", "deelnemers", position)
        label = _label(raw, path)
        actie = project.actie(ref.actie)
        if actie is None:
            yield (*path, "actie"), f"{label}: actie {ref.actie} bestaat niet"
            continue
        target = actie.streefcijfer(ref.streefcijfer)
        if target is None:
            yield (*path, "streefcijfer"), (
                f"{label}: actie {ref.actie} heeft geen streefcijfer '{ref.streefcijfer}'"
                f"{_suggest(ref.streefcijfer, [s.omschrijving for s in actie.streefcijfers])}"
            )
        elif target.realisatie is None:
            yield (*path, "streefcijfer"), (
                f"{label}: streefcijfer '{ref.streefcijfer}' van actie {ref.actie} heeft geen "
                "realisatie"
            )

    yield from _summary_references(project, raw)

    if project.personeel is not None and project.personeel.bron == "afgeleid":
        for key in ("voorzien", "besteed"):
            if getattr(project.personeel, key) is not None and not project.is_afgeleid(
                f"personeel.{key}"
            ):
                yield ("personeel", "bron"), (
                    f"project: personeel is afgeleid, maar 'afgeleid' bevat geen berekening "
                    f"voor 'personeel.{key}'"
                )

    seen: dict[str, int] = {}
    for position, item in enumerate(project.afgeleid):
        path = ("afgeleid", position)
        if item.veld in seen:
            yield (*path, "veld"), (
                f"{_label(raw, path)}: komt twee keer voor (eerst op plaats {seen[item.veld] + 1})"
            )
        seen.setdefault(item.veld, position)
        yield from _field_rule(raw, path, item.veld, item.waarde, "waarde")

    for position, afwijking in enumerate(project.afwijkingen):
        path = ("afwijkingen", position)
        published = [g.waarde for g in afwijking.gepubliceerd]
        if not any(_same(afwijking.gebruikt, v) for v in published):
            shown = ", ".join(_shown_value(v) for v in published)
            yield (*path, "gebruikt"), (
                f"{_label(raw, path)}: 'gebruikt' ({_shown_value(afwijking.gebruikt)}) is geen "
                f"van de gepubliceerde waarden ({shown})"
            )
        if afwijking.veld is not None:
            yield from _field_rule(raw, path, afwijking.veld, afwijking.gebruikt, "gebruikt")


def _suggest(word: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"; bedoelt u '{close[0]}'?" if close else ""


def _field_rule(
    raw: object, path: YamlPath, veld: str, waarde: object, key: str
) -> Iterator[tuple[YamlPath, str]]:
    """A ``veld`` that points into the file must exist and hold ``waarde``."""
    if veld.split(".")[0] not in _TOP_KEYS:
        return
    found, value, _ = _resolve(raw, veld)
    label = _label(raw, path)
    if not found:
        yield (*path, "veld"), f"{label}: veld '{veld}' bestaat niet in dit bestand"
    elif not _same(value, waarde):
        yield (*path, key), (
            f"{label}: '{key}' ({_shown_value(waarde)}) verschilt van de waarde van '{veld}' "
            f"in dit bestand ({_shown_value(value)})"
        )


def _summary_references(project: Project, raw: object) -> Iterator[tuple[YamlPath, str]]:
    """Every action, streefcijfer, share and profile figure of the summary exists."""
    for position, row in enumerate(project.samenvatting.acties):
        path: YamlPath = ("samenvatting", "acties", position)
        label = _label(raw, path)
        actie = project.actie(row.actie)
        if actie is None:
            yield (*path, "actie"), f"{label}: actie {row.actie} bestaat niet"
            continue
        for index, target in enumerate(row.streefcijfers):
            if actie.streefcijfer(target.omschrijving) is None:
                known = [s.omschrijving for s in actie.streefcijfers]
                yield (*path, "streefcijfers", index, "omschrijving"), (
                    f"{label}: actie {row.actie} heeft geen streefcijfer "
                    f"'{target.omschrijving}'{_suggest(target.omschrijving, known)}"
                )
        shares = {a.omschrijving for g in actie.uitstroom for a in g.aandelen}
        for index, share in enumerate(row.aandelen):
            if share.omschrijving not in shares:
                yield (*path, "aandelen", index, "omschrijving"), (
                    f"{label}: actie {row.actie} heeft geen aandeel '{share.omschrijving}' in "
                    "haar uitstroom"
                )
            if share.teller is not None:
                yield (*path, "aandelen", index, "teller"), (
                    f"{label}: 'teller' hoort bij het aandeel in de uitstroom van actie "
                    f"{row.actie}, niet in de samenvatting"
                )
        profile = {p.sleutel for p in actie.profiel}
        for index, item in enumerate(row.profiel):
            if item.sleutel not in profile:
                yield (*path, "profiel", index), (
                    f"{label}: actie {row.actie} heeft geen profielkenmerk '{item.kenmerk}: "
                    f"{item.categorie}'" + (f" voor groep '{item.groep}'" if item.groep else "")
                )


def _notes(project: Project) -> Iterator[tuple[YamlPath, str]]:
    """Notes that are no error: more spent than foreseen."""

    def over(voorzien: Decimal | None, besteed: Decimal | None) -> str | None:
        if voorzien is None or besteed is None or besteed <= voorzien:
            return None
        extra = f"{_euro(besteed - voorzien)} meer"
        if voorzien > 0:
            # One decimal like every share on the page; Decimal rounds the exact quotient once.
            pct = (besteed / voorzien * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            extra += f", {format_number(float(pct), 1)} % van het voorziene budget"
        return (
            f"besteed ({_euro(besteed)}) is meer dan voorzien ({_euro(voorzien)}): "
            f"overbesteding ({extra})"
        )

    for position, actie in enumerate(project.acties):
        budget = actie.budget
        text = over(budget.totaal_voorzien, budget.totaal_besteed)
        if text:
            key = "besteed" if budget.besteed is not None else "posten"
            yield ("acties", position, "budget", key), f"opmerking: actie {actie.nummer}: {text}"
        for index, post in enumerate(budget.posten):
            text = over(post.voorzien, post.besteed)
            if text:
                yield ("acties", position, "budget", "posten", index, "besteed"), (
                    f"opmerking: actie {actie.nummer}, budgetpost '{post.post}': {text}"
                )
    if project.personeel is not None:
        text = over(project.personeel.voorzien, project.personeel.besteed)
        if text:
            yield ("personeel", "besteed"), f"opmerking: personeel: {text}"


# --------------------------------------------------------------------------------------------
# Computations


def _fraction(value: int | float | Decimal | Fraction) -> Fraction:
    """Exact fraction; a float as the decimal a reader sees (0.1 → 1/10)."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def elapsed_share(project: Project) -> Fraction:
    """The share of the project period elapsed at the end of the rapportperiode.

    Days from the project start up to and including the rapportperiode's last day, over the
    days of the project period (both ends included): 275 / 640 for 1/04/2022–31/12/2022 of a
    project running 1/04/2022–31/12/2023; exactly 1 for a final report.
    """
    days = (project.rapportperiode.einde - project.projectperiode.start).days + 1
    return Fraction(days, project.projectperiode.dagen)


def realisation_status(
    realisatie: int | float | Fraction,
    streefwaarde: int | float | Fraction,
    verstreken: int | float | Fraction,
    tolerantie: int | float | Fraction = TOLERANTIE,
) -> str:
    """The status of a target, comparing realisatiegraad with the elapsed time.

    With realisatiegraad r = realisatie / streefwaarde and the elapsed share t of the project
    period (:func:`elapsed_share`), both as fractions, and the tolerance (10 procentpunt):

    * ``reeds behaald``: r ≥ 1 (the target is reached, whatever the time);
    * ``niet behaald``: r < 1 and t ≥ 1 (the project period is over);
    * ``op schema``: r ≥ t − tolerance (boundary included);
    * ``loopt achter``: r < t − tolerance.

    Computed exactly (fractions), so boundaries are not blurred by binary floats: with t = 1/2,
    r = 40 % is op schema, 39 % loopt achter.
    """
    r = _fraction(realisatie) / _fraction(streefwaarde)
    t = _fraction(verstreken)
    if r >= 1:
        return REEDS_BEHAALD
    if t >= 1:
        return NIET_BEHAALD
    if r >= t - _fraction(tolerantie):
        return OP_SCHEMA
    return LOOPT_ACHTER


def spending_status(
    besteed: int | float | Decimal | Fraction,
    voorzien: int | float | Decimal | Fraction,
    verstreken: int | float | Fraction,
    tolerantie: int | float | Fraction = TOLERANTIE,
) -> str | None:
    """The spending status, comparing the share spent with the elapsed time.

    With s = besteed / voorzien and the elapsed share t (exact fractions), tolerance 10
    procentpunt: ``overbesteding`` when s > t + tolerance, ``onderbesteding`` when
    s < t − tolerance, else ``besteding volgt de planning`` (both boundaries included).
    ``None`` when nothing was foreseen (voorzien = 0).
    """
    v = _fraction(voorzien)
    if v == 0:
        return None
    s = _fraction(besteed) / v
    t, tol = _fraction(verstreken), _fraction(tolerantie)
    if s > t + tol:
        return OVERBESTEDING
    if s < t - tol:
        return ONDERBESTEDING
    return VOLGT_PLANNING


def _pct(teller: int | Decimal, noemer: int | Decimal) -> float | None:
    """teller / noemer × 100, rounded half-up to 2 decimals; None when noemer is 0."""
    if noemer == 0:
        return None
    exact = Fraction(teller) / Fraction(noemer) * 100
    return round_half_up(float(Decimal(exact.numerator) / Decimal(exact.denominator)), 2)


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(CENT, rounding=ROUND_HALF_UP))


REALISATION_COLUMNS = (
    "actie", "actie_titel", "streefcijfer", "eenheid", "streefwaarde", "realisatie",
    "realisatiegraad_pct", "verstreken_pct", "status",
)  # fmt: skip


def realisation_frame(project: Project, tolerantie: Fraction = TOLERANTIE) -> pd.DataFrame:
    """One row per streefcijfer: realisatiegraad (%), elapsed share (%) and status.

    Percentages are rounded half-up to 2 decimals; the status is computed exactly (see
    :func:`realisation_status`). A streefcijfer without realisation gets no graad or status.
    """
    t = elapsed_share(project)
    records = []
    for actie in project.acties:
        for target in actie.streefcijfers:
            measured = target.realisatie is not None and target.streefwaarde is not None
            records.append({
                "actie": actie.nummer,
                "actie_titel": actie.titel,
                "streefcijfer": target.omschrijving,
                "eenheid": target.eenheid,
                "streefwaarde": target.streefwaarde,
                "realisatie": target.realisatie,
                "realisatiegraad_pct": (
                    _pct(target.realisatie, target.streefwaarde) if measured else None
                ),
                "verstreken_pct": _pct(t.numerator, t.denominator),
                "status": (
                    realisation_status(target.realisatie, target.streefwaarde, t, tolerantie)
                    if measured
                    else None
                ),
            })
    frame = pd.DataFrame.from_records(records, columns=list(REALISATION_COLUMNS))
    return frame.astype({"streefwaarde": "Int64", "realisatie": "Int64",
                         "realisatiegraad_pct": "float64", "verstreken_pct": "float64"})


BUDGET_COLUMNS = (
    "actie", "budgetlijn", "voorzien", "besteed", "besteed_pct", "verstreken_pct",
    "besteding", "afgeleid", "opmerking",
)  # fmt: skip


def budget_frame(project: Project, tolerantie: Fraction = TOLERANTIE) -> pd.DataFrame:
    """One row per action budget plus the personnel line: spent / foreseen (%) and status.

    Amounts in euro (rounded to cents), the share spent rounded half-up to 2 decimals,
    ``besteding`` per :func:`spending_status`; ``afgeleid`` is True for a derived line.
    An action without amounts (e.g. paid from the personnel budget) keeps its opmerking.
    """
    t = elapsed_share(project)
    records = []
    lines: list[tuple[int | None, str, Decimal | None, Decimal | None, bool, str | None]] = [
        (
            a.nummer,
            f"actie {a.nummer}: {a.titel}",
            a.budget.totaal_voorzien,
            a.budget.totaal_besteed,
            False,
            a.budget.opmerking,
        )
        for a in project.acties
    ]
    if project.personeel is not None:
        p = project.personeel
        lines.append(
            (None, "personeel", p.voorzien, p.besteed, p.bron == "afgeleid", p.opmerking)
        )
    for nummer, name, voorzien, besteed, derived, note in lines:
        known = voorzien is not None and besteed is not None
        records.append({
            "actie": nummer,
            "budgetlijn": name,
            "voorzien": _money(voorzien),
            "besteed": _money(besteed),
            "besteed_pct": _pct(besteed, voorzien) if known else None,  # type: ignore[arg-type]
            "verstreken_pct": _pct(t.numerator, t.denominator),
            "besteding": (
                spending_status(besteed, voorzien, t, tolerantie) if known else None  # type: ignore[arg-type]
            ),
            "afgeleid": derived,
            "opmerking": note,
        })
    frame = pd.DataFrame.from_records(records, columns=list(BUDGET_COLUMNS))
    return frame.astype({"actie": "Int64", "voorzien": "float64", "besteed": "float64",
                         "besteed_pct": "float64", "verstreken_pct": "float64"})


@dataclass(frozen=True)
class ProjectTotals:
    """Project totals computed from the action rows and the personnel line.

    ``voorzien`` / ``besteed`` are None when a line lacks the amount (an action paid from the
    personnel budget has none and is skipped); ``*_afgeleid`` is True when a derived figure
    (the personnel line) is part of the sum. ``besteed_pct`` is rounded half-up to 2 decimals.
    """

    voorzien: Decimal | None
    besteed: Decimal | None
    besteed_pct: float | None
    voorzien_afgeleid: bool
    besteed_afgeleid: bool
    uniek: int
    naar_werk: int | None
    verstreken_pct: float
    besteding: str | None


def _budget_lines(project: Project) -> list[tuple[Decimal | None, Decimal | None, bool, bool]]:
    """(voorzien, besteed, has amounts, derived) per action and the personnel line."""
    out = []
    for actie in project.acties:
        b = actie.budget
        has = b.voorzien is not None or b.besteed is not None or bool(b.posten)
        out.append((b.totaal_voorzien, b.totaal_besteed, has, False))
    if project.personeel is not None:
        p = project.personeel
        out.append((p.voorzien, p.besteed, True, p.bron == "afgeleid"))
    return out


def project_totals(project: Project, tolerantie: Fraction = TOLERANTIE) -> ProjectTotals:
    """Total budget foreseen and spent (%), unique participants and outflow to work.

    Unique participants follow ``uniek_tellen``: the sum of the realisations it lists. Outflow
    to work is the sum over the actions' outflow groups with ``telt_in_totaal``. Nothing is
    read from the summary.
    """
    lines = [line for line in _budget_lines(project) if line[2]]
    voorzien = _sum_known(v for v, _, _, _ in lines)
    besteed = _sum_known(b for _, b, _, _ in lines)
    uniek = 0
    for ref in project.uniek_tellen.deelnemers:
        actie = project.actie(ref.actie)
        target = actie.streefcijfer(ref.streefcijfer) if actie else None
        uniek += (target.realisatie or 0) if target else 0
    werk = [a.naar_werk for a in project.acties if a.naar_werk is not None]
    t = elapsed_share(project)
    known = voorzien is not None and besteed is not None
    return ProjectTotals(
        voorzien=voorzien,
        besteed=besteed,
        besteed_pct=_pct(besteed, voorzien) if known else None,  # type: ignore[arg-type]
        voorzien_afgeleid=any(d and v is not None for v, _, _, d in lines),
        besteed_afgeleid=any(d and b is not None for _, b, _, d in lines),
        uniek=uniek,
        naar_werk=sum(werk) if werk else None,
        verstreken_pct=_pct(t.numerator, t.denominator) or 0.0,
        besteding=(
            spending_status(besteed, voorzien, t, tolerantie) if known else None  # type: ignore[arg-type]
        ),
    )
