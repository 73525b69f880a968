"""What a reader sees of an HTML page, and the set-up text and file names it must not hold.

A helper of the page scans (tests/test_leesbaar.py, tests/test_kaart_rapporten.py), not a test
module. The text is what a browser shows or reads out: the text of the body and of the page
title, and the attribute text of ``title``, ``alt``, ``aria-label`` and ``placeholder``
(including the ``<title>`` and ``<desc>`` of inline SVG). Scripts and style sheets are not
text; link targets (``href``) are not either, so the report's own downloads (CSV, Excel) may be
linked.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

#: Attributes whose text a reader sees (a tooltip) or hears (a screen reader).
READ_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
#: Elements that hold no reader text.
SILENT = ("script", "style", "template")
#: Elements of code: set-up text, never on a reader's page.
CODE = ("code", "kbd", "samp", "pre")
#: Extensions of files a reader's page must not name.
EXTENSIONS = ("txt", "md", "yaml", "yml", "csv", "xlsx", "json", "py", "ipynb", "shp", "shx",
              "dbf", "prj", "cpg", "gpkg", "geojson", "parquet", "zip", "html", "toml", "cfg")

#: (what, pattern) of the deny-list: set-up instructions, file names and internals.
DENY: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, flags)) for name, pattern, flags in (
        ("opdracht", r"\brapportage\s+(grenzen|bouw|indicatoren|valideer|geos|importeer|haal)"
                     r"\b|\bmake\s+(reports|data|test)\b|\.venv\b|\bpip install\b", 0),
        ("optie", r"(?<![\w-])--[a-z]", 0),
        ("bestandsnaam", r"\b[\w-]+(?:\.[\w-]+)*\.(?:" + "|".join(EXTENSIONS) + r")\b",
         re.IGNORECASE),
        ("seed", r"\bseeds?\b", re.IGNORECASE),
        ("domein", r"\bdomein\.md\b|\breferentiesystemen\b", re.IGNORECASE),
        ("paragraafteken", r"§", 0),
        ("omgevingsvariabele", r"\b(RAPPORTAGE|XDG)_[A-Z_]+\b|\$[A-Z][A-Z_]{2,}\b", 0),
        ("pad", r"(?<![\w.])(params|data|notebooks|analysis|outputs|tests|scripts|shared)/|"
                r"(?<![\w.])/(work|tmp|home|usr|root|var|etc|opt)/|~/|\b[A-Z]:\\", 0),
        ("instelling", r"Zo voeg je|[Kk]aarten toevoegen|\bomgevingsvariabele\b|"
                       r"\binstalleer\b|\bbouw de rapporten\b|PAD-OF-URL|\bshapefile\b|"
                       r"\bGeoPackage\b", 0),
        ("backtick", r"`", 0),
        ("fout", r"Traceback \(most recent call last\)|\b[A-Z]\w*(Error|Exception):", 0),
    ))


class _ReaderText(HTMLParser):
    """Collects the reader text of a page, and the code elements in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.code: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SILENT:
            self._silent += 1
            return
        if tag in CODE and not self._silent:
            self.code.append(f"<{tag}>")
        for key, value in attrs:
            if key in READ_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in SILENT:
            self._silent = max(0, self._silent - 1)

    def handle_data(self, data: str) -> None:
        if not self._silent:
            self.parts.append(data)


def reader_text(page: str) -> tuple[str, list[str]]:
    """The text a reader sees of ``page`` (one space between parts) and its code elements."""
    parser = _ReaderText()
    parser.feed(page)
    parser.close()
    return " ".join(" ".join(parser.parts).split()), parser.code


def offending(page: str, context: int = 60) -> list[tuple[str, str]]:
    """Every (what, excerpt) of the deny-list in the reader text of ``page``."""
    text, code = reader_text(page)
    found = [("code-element", tag) for tag in code]
    for name, pattern in DENY:
        for match in pattern.finditer(text):
            start, end = max(0, match.start() - context), match.end() + context
            found.append((name, text[start:end]))
    return found


def scan(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Offending text per HTML page (relative path) under ``folder``; clean pages left out."""
    out = {}
    for path in sorted(folder.rglob("*.html")):
        found = offending(path.read_text(encoding="utf-8"))
        if found:
            out[str(path.relative_to(folder))] = found
    return out


def report(found: dict[str, list[tuple[str, str]]], limit: int = 40) -> str:
    """The failures as lines ``page: what: excerpt``, for an assertion message."""
    lines = [f"{page}: {what}: …{excerpt}…" for page, hits in found.items()
             for what, excerpt in hits]
    more = f"\n… en nog {len(lines) - limit}" if len(lines) > limit else ""
    return f"{len(lines)} keer set-up-tekst of een bestandsnaam op {len(found)} pagina's:\n" + (
        "\n".join(lines[:limit]) + more)
