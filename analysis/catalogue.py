"""The indicator catalogue: the schema of ``params/indicators.yaml`` and its Dutch validation.

The catalogue declares every indicator of the rapportage (seed 003, December 2022): id, Dutch
title and definition, teller and noemer, unit, polarity, comparison method, decimals, disclosure
threshold, source, reference date, frequency, lowest geographic level, chart type and the
section and strategic goal it belongs to. Code dispatches on this metadata.

This module is pure: :func:`build_catalogue` validates an already parsed YAML document (plus an
optional map from YAML paths to line numbers) and returns a :class:`Catalogue` or the problems
found, each with a Dutch message. Reading the file is :func:`analysis.io.read_catalogue`.

Relevance (``relevant_verschil``)
---------------------------------
On census-sized populations nearly every difference is significant, so significance alone
does not decide a comparison. ``relevant_verschil`` is the smallest difference that counts, in
procentpunt for a percentage and in procent for a count; it is required for every indicator of
``soort: observatie`` (a reference table has no comparisons and may leave it out). A
comparison with Vlaanderen, the province, one or two years earlier, or a trend over its run,
is beter/slechter (hoger/lager, stijgend/dalend) only when it is significant *and* the
difference of the values as displayed is at least ``relevant_verschil``; best/slechtst (veel
hoger/lager) also needs the 99.8 % interval and more than twice that difference
(:func:`analysis.statistics.compare_with_benchmark`). The values chosen in
``params/indicators.yaml``: 1 procentpunt for percentages (the werkzaamheidsgraad among them),
0.5 procentpunt for percentages whose Flemish level lies below about 10 % (there one point is
a tenth of the level or more), 5 % for counts.

Rules checked
-------------
* Per entry (pydantic, ``extra="forbid"``, strict types): every required key present, no unknown
  keys, enumerations from the ``Literal`` types below, ``decimalen`` 0-3, ``min_telling`` ≥ 0,
  ``id`` in snake_case, ``nummer`` like ``Kerncijfer 3`` or ``Samenwerking 11``.
* Across the fields of one entry (model validator): a percentage has a noemer; a count has
  neither a noemer nor a comparison; ``Kerncijfer n`` belongs to the section ``Kerncijfers``;
  a section named after a strategic goal carries that goal; a streefwaarde of a percentage
  lies between 0 and 100; an observation indicator has a ``relevant_verschil`` (> 0), the
  smallest difference that counts (see below).
* Across entries: the ``maatstaf`` of a streefwaarde is another indicator with the same unit.
* Across entries: ids are unique (checked on the raw entries, so that duplicates are reported
  together with every other problem).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from analysis.leestekst import ReaderText
from analysis.yamlcheck import YamlPath, shown, type_name, yaml_line

if TYPE_CHECKING:
    import pandas as pd

    from analysis.io import Problem

__all__ = [
    "DOELEN",
    "Catalogue",
    "Indicator",
    "Streefwaarde",
    "build_catalogue",
]

Sectie = Literal[
    "Kerncijfers",
    "Samenwerkingsovereenkomsten",
    "Elk talent aan de slag",
    "Perspectief op talent voor elke werkgever",
    "Loopbaanperspectief en loopbaan-eigenaarschap voor elke burger",
]
Doel = Literal[
    "Elk talent aan de slag",
    "Een perspectief op talent voor elke werkgever",
    "Een loopbaanperspectief en loopbaan-eigenaarschap voor elke burger",
]
Eenheid = Literal["percent", "aantal"]
Polariteit = Literal["hoger_beter", "lager_beter", "geen_oordeel"]
Vergelijking = Literal["ci_95_998", "geen"]
Frequentie = Literal["kwartaal", "maand", "jaar"]
Niveau = Literal["gemeente", "wijk-werkorganisator", "regiegebied", "provincie", "vlaanderen"]
Grafiek = Literal["lijn", "staaf", "geen"]
Soort = Literal["observatie", "referentietabel"]
GeldtVoor = Literal["alle", "vlaanderen"]
#: Geography types whose report can show the projection towards a target.
ProjectieVoor = Literal["vlaanderen", "provincie", "referentieregio", "regiegebied",
                        "centrumstad"]

#: The three strategic goals of the VDAB Managementplan 2020-2025, worded as in seed 003.
DOELEN: tuple[str, ...] = get_args(Doel)
#: Sections named after a strategic goal, with that goal.
SECTIE_DOEL: dict[str, str] = {
    "Elk talent aan de slag": "Elk talent aan de slag",
    "Perspectief op talent voor elke werkgever": "Een perspectief op talent voor elke werkgever",
    "Loopbaanperspectief en loopbaan-eigenaarschap voor elke burger": (
        "Een loopbaanperspectief en loopbaan-eigenaarschap voor elke burger"
    ),
}

ID_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
NUMMER_PATTERN = r"^(Kerncijfer|Samenwerking) [1-9][0-9]?$"
MIN_JAAR = 1990
MAX_JAAR = 2100

#: Printed text: refuses seed files, file names and paths (analysis.leestekst).
Text = ReaderText

#: Allowed values per key (also the key of a nested streefwaarde field), for messages.
CHOICES: dict[str, tuple[str, ...]] = {
    "sectie": get_args(Sectie),
    "doel": DOELEN,
    "eenheid": get_args(Eenheid),
    "polariteit": get_args(Polariteit),
    "vergelijking": get_args(Vergelijking),
    "frequentie": get_args(Frequentie),
    "niveau": get_args(Niveau),
    "grafiek": get_args(Grafiek),
    "soort": get_args(Soort),
    "streefwaarde.geldt_voor": get_args(GeldtVoor),
    "streefwaarde.projectie": get_args(ProjectieVoor),
}
_PATTERN_HINTS: dict[str, str] = {
    "id": "gebruik snake_case: kleine letters, cijfers en '_', beginnend met een letter",
    "nummer": "verwacht 'Kerncijfer n' of 'Samenwerking n', bv. 'Kerncijfer 3'",
}
_RULE = "catalogusregel"
_MODEL = ConfigDict(extra="forbid", frozen=True, strict=True)


class Streefwaarde(BaseModel):
    """A target: ``waarde`` to reach by ``jaar``, for all geographies or for Vlaanderen only.

    ``maatstaf``: the indicator whose measure the target is defined on, when that is another
    one (the 80 % of werkzaamheidsgraad is an EAK figure); ``projectie``: the geography types
    whose report shows the indicative projection towards the target (none by default).
    """

    model_config = _MODEL

    waarde: float
    jaar: Annotated[int, Field(ge=MIN_JAAR, le=MAX_JAAR)]
    geldt_voor: GeldtVoor
    bron: Text
    maatstaf: Annotated[str, StringConstraints(pattern=ID_PATTERN)] | None = None
    projectie: list[ProjectieVoor] = []


class Indicator(BaseModel):
    """One catalogue entry (see the header of ``params/indicators.yaml`` for each field)."""

    model_config = _MODEL

    id: Annotated[str, StringConstraints(pattern=ID_PATTERN)]
    nummer: Annotated[str, StringConstraints(pattern=NUMMER_PATTERN)]
    sectie: Sectie
    doel: Doel
    titel: Text
    definitie: Text
    teller: Text
    noemer: Text | None
    eenheid: Eenheid
    polariteit: Polariteit
    vergelijking: Vergelijking
    decimalen: Annotated[int, Field(ge=0, le=3)]
    min_telling: Annotated[int, Field(ge=0)]
    bron: Text
    peildatum: Text
    frequentie: Frequentie
    niveau: Niveau
    grafiek: Grafiek
    soort: Soort
    relevant_verschil: Annotated[float, Field(gt=0)] | None = None
    streefwaarde: Streefwaarde | None = None
    opmerking: Text | None = None
    #: teller and noemer may hold a fraction (full-time equivalents, extrapolated survey
    #: figures); otherwise they are whole counts and a fraction is refused on reading.
    breuken: bool = False

    @property
    def is_rate(self) -> bool:
        """True for a percentage (teller / noemer), False for a count."""
        return self.eenheid == "percent"

    @model_validator(mode="after")
    def _cross_field_rules(self) -> Indicator:
        broken = _rule_violations(self)
        if broken:
            raise PydanticCustomError(
                _RULE,
                "{samenvatting}",
                {"samenvatting": "; ".join(m for _, m in broken), "regels": tuple(broken)},
            )
        return self


def _rule_violations(ind: Indicator) -> list[tuple[str, str]]:
    """(key, Dutch message) for every cross-field rule this entry breaks."""
    broken: list[tuple[str, str]] = []
    if ind.eenheid == "percent" and ind.noemer is None:
        broken.append(("noemer", "een percentage heeft een noemer nodig"))
    if ind.eenheid == "aantal" and ind.noemer is not None:
        broken.append(("noemer", "een aantal heeft geen noemer"))
    if ind.soort == "observatie" and ind.relevant_verschil is None:
        broken.append((
            "relevant_verschil",
            "een indicator van soort 'observatie' heeft 'relevant_verschil' nodig: het kleinste "
            "verschil dat telt, in procentpunt bij een percentage, in procent bij een aantal",
        ))
    if ind.eenheid == "aantal" and ind.vergelijking != "geen":
        broken.append(("vergelijking", "een aantal heeft geen vergelijking; gebruik 'geen'"))
    is_kern = ind.nummer.startswith("Kerncijfer")
    if is_kern and ind.sectie != "Kerncijfers":
        broken.append(
            ("sectie", f"'{ind.nummer}' hoort in sectie 'Kerncijfers', niet in '{ind.sectie}'")
        )
    if not is_kern and ind.sectie == "Kerncijfers":
        broken.append(("sectie", f"'{ind.nummer}' hoort niet in sectie 'Kerncijfers'"))
    expected = SECTIE_DOEL.get(ind.sectie)
    if expected is not None and ind.doel != expected:
        broken.append(("doel", f"sectie '{ind.sectie}' hoort bij doel '{expected}'"))
    if ind.streefwaarde is not None:
        waarde = ind.streefwaarde.waarde
        if ind.is_rate and not 0 <= waarde <= 100:
            broken.append(
                ("streefwaarde.waarde", "de streefwaarde van een percentage ligt tussen 0 en 100")
            )
        elif waarde < 0:
            broken.append(("streefwaarde.waarde", "de streefwaarde kan niet negatief zijn"))
    return broken


#: The keys of an entry, in schema order (also the columns of Catalogue.to_frame before
#: the streefwaarde is spread over a column per key).
FIELDS: tuple[str, ...] = tuple(Indicator.model_fields)
_STREEFWAARDE_FIELDS: tuple[str, ...] = tuple(Streefwaarde.model_fields)
_STREEFWAARDE_REQUIRED: tuple[str, ...] = tuple(
    name for name, info in Streefwaarde.model_fields.items() if info.is_required())


@dataclass(frozen=True)
class Catalogue:
    """The validated indicators, in file order."""

    indicators: tuple[Indicator, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "indicators", tuple(self.indicators))
        seen: set[str] = set()
        for indicator in self.indicators:
            if indicator.id in seen:
                raise ValueError(f"indicator '{indicator.id}' komt twee keer voor")
            seen.add(indicator.id)
        object.__setattr__(self, "_by_id", {ind.id: ind for ind in self.indicators})

    def __getitem__(self, id: str) -> Indicator:
        try:
            return self._by_id[id]  # type: ignore[attr-defined]
        except (KeyError, TypeError):
            pass
        message = f"onbekende indicator '{id}'"
        close = difflib.get_close_matches(str(id).lower(), self.ids(), n=1, cutoff=0.6)
        if close:
            message += f"; bedoelt u '{close[0]}'?"
        raise KeyError(message)

    def __contains__(self, id: object) -> bool:
        return id in self._by_id  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def ids(self) -> tuple[str, ...]:
        """All ids, in file order."""
        return tuple(ind.id for ind in self.indicators)

    @property
    def observation_ids(self) -> tuple[str, ...]:
        """Ids delivered as observations (``soort: observatie``), in file order."""
        return tuple(ind.id for ind in self.indicators if ind.soort == "observatie")

    @property
    def reference_ids(self) -> tuple[str, ...]:
        """Ids kept as reference tables (``soort: referentietabel``), in file order."""
        return tuple(ind.id for ind in self.indicators if ind.soort == "referentietabel")

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator, one column per field; the streefwaarde becomes a column per
        key: ``streefwaarde_waarde``, ``streefwaarde_jaar``, ``streefwaarde_geldt_voor``,
        ``streefwaarde_bron``, ``streefwaarde_maatstaf`` and ``streefwaarde_projectie``
        (missing when an indicator has none)."""
        import pandas as pd  # local: the schema itself does not need pandas

        columns = [
            name
            for field in FIELDS
            for name in (
                [f"streefwaarde_{sub}" for sub in _STREEFWAARDE_FIELDS]
                if field == "streefwaarde"
                else [field]
            )
        ]
        records = []
        for ind in self.indicators:
            record = ind.model_dump(exclude={"streefwaarde"})
            target = ind.streefwaarde.model_dump() if ind.streefwaarde else {}
            for sub in _STREEFWAARDE_FIELDS:
                record[f"streefwaarde_{sub}"] = target.get(sub)
            records.append(record)
        frame = pd.DataFrame.from_records(records, columns=columns)
        return frame.astype(
            {
                "decimalen": "int64",
                "min_telling": "int64",
                "relevant_verschil": "float64",
                "streefwaarde_waarde": "float64",
                "streefwaarde_jaar": "Int64",
            }
        )


# --------------------------------------------------------------------------------------------
# Building and Dutch messages



def build_catalogue(
    raw: object,
    *,
    bestand: str = "params/indicators.yaml",
    lines: Mapping[YamlPath, int] | None = None,
) -> tuple[Catalogue | None, list[Problem]]:
    """Validate a parsed catalogue document; return the catalogue or ``None`` and the problems.

    ``raw`` is what ``yaml.safe_load`` returns: a list of mappings, one per indicator.
    ``lines`` maps a YAML path (``()`` the document, ``(3,)`` the fourth entry,
    ``(3, "bron")`` its key ``bron``, ``(3, "streefwaarde", "jaar")`` a nested key) to its
    1-based line number; problems then carry the line in ``rij``. Every message is Dutch and
    starts with the indicator it concerns, e.g. ``indicator 'wzw': onbekende sleutel 'kleur'``.
    """
    from analysis.io import Problem  # local: analysis.io imports this module

    lines = lines or {}

    def line(path: YamlPath) -> int | None:
        return yaml_line(lines, path)

    problems: list[Problem] = []
    if raw is None:
        message = "bestand is leeg: er staan geen indicatoren in"
        return None, [Problem(bestand, None, None, message)]
    if not isinstance(raw, list):
        message = (
            "de catalogus moet een lijst van indicatoren zijn (elk item begint met '- '), "
            f"maar is {type_name(raw)}"
        )
        return None, [Problem(bestand, line(()), None, message)]
    if not raw:
        return None, [Problem(bestand, line(()), None, "de catalogus bevat geen indicatoren")]

    indicators: list[Indicator] = []
    for position, entry in enumerate(raw):
        if not isinstance(entry, dict):
            message = (
                f"indicator op plaats {position + 1} moet een mapping van sleutels en waarden "
                f"zijn, maar is {type_name(entry)}"
            )
            problems.append(Problem(bestand, line((position,)), None, message))
            continue
        label = _label(entry, position)
        try:
            indicators.append(Indicator.model_validate(entry))
        except ValidationError as exc:
            for loc, kolom, melding in _translate(exc, label):
                problems.append(Problem(bestand, line((position, *loc)), kolom, melding))

    first: dict[str, int] = {}
    for position, entry in enumerate(raw):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        ident = entry["id"]
        if ident not in first:
            first[ident] = position
            continue
        count = sum(1 for e in raw if isinstance(e, dict) and e.get("id") == ident)
        times = "twee keer" if count == 2 else f"{count} keer"
        earlier = line((first[ident], "id"))
        where = f"rij {earlier}" if earlier is not None else f"plaats {first[ident] + 1}"
        problems.append(
            Problem(
                bestand,
                line((position, "id")),
                "id",
                f"indicator '{ident}' komt {times} voor (eerst in {where})",
            )
        )

    known = {ind.id: ind for ind in indicators}
    for position, entry in enumerate(raw):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        target, own = entry.get("streefwaarde"), known.get(entry["id"])
        measure = target.get("maatstaf") if isinstance(target, dict) else None
        if not isinstance(measure, str) or own is None:
            continue
        other = known.get(measure)
        if other is None or other.eenheid != own.eenheid or measure == own.id:
            why = ("is geen andere indicator van de catalogus" if other is None
                   or measure == own.id else f"heeft eenheid {other.eenheid}, niet {own.eenheid}")
            problems.append(Problem(
                bestand, line((position, "streefwaarde", "maatstaf")), "streefwaarde.maatstaf",
                f"{_label(entry, position)}: maatstaf '{measure}' {why}"))

    if problems:
        problems.sort(key=lambda p: -1 if p.rij is None else p.rij)
        return None, problems
    return Catalogue(tuple(indicators)), []


def _label(entry: Mapping[Any, Any], position: int) -> str:
    ident = entry.get("id")
    if isinstance(ident, str) and ident.strip():
        return f"indicator '{ident.strip()}'"
    return f"indicator op plaats {position + 1}"


def _translate(exc: ValidationError, label: str) -> Iterable[tuple[YamlPath, str, str]]:
    """(YAML path within the entry, key, Dutch message) per pydantic error; no English leaks."""
    for error in exc.errors(include_url=False):
        loc: YamlPath = tuple(error["loc"])
        yield from _translate_one(error, loc, label)


def _translate_one(
    error: Mapping[str, Any], loc: YamlPath, label: str
) -> Iterator[tuple[YamlPath, str, str]]:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    key = ".".join(str(part) for part in loc)
    if kind == _RULE:
        for kolom, melding in ctx.get("regels", ()):
            yield tuple(kolom.split(".")), kolom, f"{label}: {melding}"
        return
    if kind == "missing":
        # The line of the mapping that lacks the key.
        yield loc[:-1], key, f"{label}: verplichte sleutel '{key}' ontbreekt"
        return
    if kind == "invalid_key":
        yield loc, key, f"{label}: sleutel {shown(loc[-1])} moet tekst zijn"
        return
    if kind == "extra_forbidden":
        message = f"{label}: onbekende sleutel '{key}'"
        known = FIELDS if len(loc) == 1 else _STREEFWAARDE_FIELDS
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.75)
        if close:
            message += f"; bedoelt u '{close[0]}'?"
        yield loc, key, message
        return
    yield loc, key, f"{label}: {_value_message(kind, key, value, ctx)}"


def _value_message(kind: str, key: str, value: object, ctx: Mapping[str, Any]) -> str:
    """The Dutch text for a bad value of ``key`` (without the indicator label)."""
    if kind == "literal_error":
        # An item of a list (``streefwaarde.projectie.1``) has the choices of its list.
        choices = ", ".join(CHOICES.get(key) or CHOICES.get(key.rsplit(".", 1)[0], ()))
        if value is None:
            return f"'{key}' heeft geen waarde (kies uit {choices})"
        return f"{shown(value)} is geen geldige waarde voor '{key}' (kies uit {choices})"
    if value is None:
        return f"'{key}' heeft geen waarde"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"'{key}' moet een geheel getal zijn"
    if kind in {"float_type", "float_parsing", "finite_number"}:
        return f"'{key}' moet een getal zijn"
    if kind == "string_type":
        return f"'{key}' moet tekst zijn (zet de waarde tussen aanhalingstekens)"
    if kind == "string_too_short":
        return f"'{key}' mag niet leeg zijn"
    if kind == "list_type":
        return f"'{key}' moet een lijst zijn, bv. [vlaanderen, provincie]"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(key, "ongeldige vorm")
        return f"{shown(value)} is geen geldige waarde voor '{key}' ({hint})"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = next(iter(ctx.values()), None)
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # "groter dan 0", not the "0.0" of a float field
        relation = {
            "greater_than_equal": "minstens",
            "greater_than": "groter dan",
            "less_than_equal": "hoogstens",
            "less_than": "kleiner dan",
        }[kind]
        return f"'{key}' moet {relation} {bound} zijn, niet {shown(value)}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        if key == "streefwaarde":
            keys = ", ".join(_STREEFWAARDE_REQUIRED)
            return f"'{key}' moet een mapping zijn met de sleutels {keys}"
        return f"'{key}' moet een mapping zijn"
    if kind in {"value_error", "assertion_error"} and "error" in ctx:
        return str(ctx["error"])
    return f"ongeldige waarde {shown(value)} voor '{key}' (foutcode {kind})"
