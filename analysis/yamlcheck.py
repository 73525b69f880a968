"""Shared pieces for validating YAML inputs (catalogue, qualitative data, projects).

Dutch wording of values in messages and the YAML line of a key path; the schemas themselves
live in ``catalogue.py``, ``kwalitatief.py`` and ``projecten.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

YamlPath = tuple[int | str, ...]

#: Largest YAML file read, in bytes (the largest shipped one has 50 kB).
MAX_YAML_BYTES = 1_000_000
#: Most values (scalars, lists, mappings) all aliases of one document may repeat together.
MAX_ALIAS_VALUES = 10_000
#: Longest text (a value or a key) in a YAML file, in characters (the longest shipped one
#: has some 600); every scan of a text (e-mail addresses, file names) stays bounded by it.
MAX_TEXT_CHARS = 10_000


def yaml_line(lines: Mapping[YamlPath, int], path: YamlPath) -> int | None:
    """The line of ``path``, else of its nearest parent that has one, else of the document."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


def type_name(value: object) -> str:
    """What kind of value this is, in Dutch (``een getal``, ``tekst``, ``een lijst``…)."""
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "een waarheidswaarde"
    if isinstance(value, int | float):
        return "een getal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, dict):
        return "een mapping"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, date):
        return "een datum"
    return f"een waarde van het type {type(value).__name__}"


def shown(value: object) -> str:
    """A value quoted as the YAML file spells it (``true``, not ``True``)."""
    if isinstance(value, bool):
        return "'true'" if value else "'false'"
    if isinstance(value, dict | list):
        return type_name(value)
    return f"'{value}'"
