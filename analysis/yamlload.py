"""YAML within bounds: file size, values repeated through aliases, and text length.

An anchor (``&a``) and its aliases (``*a``) let a few lines stand for a huge document: ten
aliases to a list of ten aliases to … ("billion laughs") parse into shared nodes, but every
walk over the document (line numbers, schema checks, text scans) visits each repetition.
:class:`BoundedLoader` counts, while composing and so before anything is walked or built,
how many values the aliases repeat and stops past :data:`MAX_ALIAS_VALUES`, with the line of
the alias. The data files use no aliases at all; the bound leaves room for a few short ones.

:func:`read_bounded` reads at most :data:`MAX_YAML_BYTES` of a file (the largest shipped
YAML file is 50 kB) and :func:`long_texts` finds every text longer than
:data:`MAX_TEXT_CHARS` (the longest shipped one has some 600 characters), so that no scan of
a text (e-mail addresses, file names) ever sees an unbounded one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from analysis.formatting import format_number
from analysis.yamlcheck import MAX_ALIAS_VALUES, MAX_TEXT_CHARS, MAX_YAML_BYTES, YamlPath

__all__ = [
    "MAX_ALIAS_VALUES",
    "MAX_TEXT_CHARS",
    "MAX_YAML_BYTES",
    "BoundedLoader",
    "FileTooLargeError",
    "YamlLimitError",
    "long_texts",
    "read_bounded",
    "too_long",
]


class YamlLimitError(Exception):
    """A YAML document beyond a bound; ``line`` is 1-based, ``message`` Dutch."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class FileTooLargeError(Exception):
    """A file larger than the bound; ``message`` is Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_bounded(path: Path, limit: int = MAX_YAML_BYTES) -> bytes:
    """The bytes of ``path``, reading no more than ``limit`` + 1 of them.

    Raises :class:`FileTooLargeError` beyond ``limit`` (a device or pipe that never ends
    included) and ``OSError`` when the file cannot be read.
    """
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
        if len(data) <= limit:
            return data
        size = path.stat().st_size if path.is_file() else 0
    maximum = f"{format_number(limit)} bytes"
    if size > limit:
        raise FileTooLargeError(
            f"bestand is te groot: {format_number(size)} bytes, maximum {maximum}"
        )
    # A device or pipe has no size: it only shows that it goes on past the limit.
    raise FileTooLargeError(f"bestand is te groot: meer dan {maximum}")


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses a document whose aliases repeat too much.

    Composing keeps an alias as a reference to the anchored node; this loader adds the
    size of that node (every value in it, aliases within counted in full) to a running
    total and raises :class:`YamlLimitError` past ``max_alias_values``, and for an alias
    inside its own anchor (a document that never ends). Work and memory stay linear in the
    file.
    """

    def __init__(self, stream: str, max_alias_values: int = MAX_ALIAS_VALUES) -> None:
        super().__init__(stream)
        self.max_alias_values = max_alias_values
        self._repeated = 0
        # Size of each completed node, by identity: the nodes live as long as the loader.
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose the next node, counting what an alias repeats (PyYAML's composer hook)."""
        event = self.peek_event()
        node = super().compose_node(parent, index)
        if isinstance(event, AliasEvent):
            size = self._sizes.get(id(node))
            line = event.start_mark.line + 1
            if size is None:  # the anchored node is still being composed: it holds itself
                raise YamlLimitError(
                    line,
                    f"alias '*{event.anchor}' staat binnen zijn eigen anker "
                    f"'&{event.anchor}'; zo wordt het document oneindig groot",
                )
            self._repeated += size
            if self._repeated > self.max_alias_values:
                raise YamlLimitError(
                    line,
                    f"de aliassen herhalen samen meer dan "
                    f"{format_number(self.max_alias_values)} waarden (bij alias "
                    f"'*{event.anchor}'); schrijf de waarden voluit in plaats van ze met "
                    "ankers (&) en aliassen (*) te herhalen",
                )
            return node
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = []
        self._sizes[id(node)] = 1 + sum(self._sizes[id(child)] for child in children)
        return node


def long_texts(node: Any, limit: int = MAX_TEXT_CHARS) -> list[tuple[YamlPath, int, int, bool]]:
    """``(path, line, length, is_key)`` of every text longer than ``limit`` in a composed
    document, each node once (an aliased one at its first place), in document order."""
    found: list[tuple[YamlPath, int, int, bool]] = []
    seen: set[int] = set()
    # An explicit stack: nesting is bounded by PyYAML's own recursion, not by ours.
    stack: list[tuple[Any, YamlPath]] = [(node, ())]
    while stack:
        current, path = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode):
            if len(current.value) > limit:
                found.append((path, current.start_mark.line + 1, len(current.value), False))
        elif isinstance(current, yaml.MappingNode):
            children: list[tuple[Any, YamlPath]] = []
            for key_node, value_node in current.value:
                key = str(key_node.value)
                if isinstance(key_node, yaml.ScalarNode) and len(key) > limit:
                    found.append((path, key_node.start_mark.line + 1, len(key), True))
                    continue
                children.append((value_node, (*path, key)))
            stack.extend(reversed(children))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed([(item, (*path, i)) for i, item in enumerate(current.value)]))
    return sorted(found, key=lambda item: item[1])


def too_long(what: str, length: int, limit: int = MAX_TEXT_CHARS) -> str:
    """``'beschrijving' is te lang: 12.000 tekens, maximum 10.000`` (``what`` names the text)."""
    return f"{what} is te lang: {format_number(length)} tekens, maximum {format_number(limit)}"
