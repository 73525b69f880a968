"""Text from data files that reports print: no references a reader cannot follow.

A report cites its sources as a reader cites them (publisher, title, date). A seed file, a
project note (``domein.md §2.9``), a file name or a path of this repository means nothing to a
reader, so the text types of the catalogue, the project files and the qualitative data refuse
them where the text is read (:data:`ReaderText`), with a Dutch message, instead of a report
printing them. Ground floor: imports nothing of ours.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

#: Extensions of files of this project or its sources (not of a web page a reader can open).
_EXTENSIONS = ("txt", "md", "yaml", "yml", "csv", "xlsx", "json", "py", "ipynb", "parquet",
               "shp", "gpkg", "toml")
_SEED = r"\bseeds?\b(?:\s+\d{3}\b)?(?:[\s_]*\d{3}_[0-9a-f]+\.txt)?"
_FILE = r"\b[\w-]+(?:\.[\w-]+)*\.(?:" + "|".join(_EXTENSIONS) + r")\b(?:\s*§\s*[\d.]*\d)?"
_PATH = r"(?<![\w./])(?:params|data|notebooks|analysis|outputs|shared|scripts|tests)/[\w./-]*"
#: The start of a chain of name parts joined by single dots (``a-b.c.md``) and the dashes
#: and dash-only parts before its first letter or digit. A file name is only looked for from
#: here: tried from every part of a chain, as a plain ``\b`` would, a 5 MB ``a.a.a…`` or
#: ``a-a-a…`` costs hours (each try runs to the end of the chain); a name that starts later
#: in a chain is found from its start as well, so nothing is missed.
_CHAIN_START = r"(?<![\w-])(?<![\w-]\.)(?:-+\.)*-*"
#: What a reader cannot follow: a seed, a file name, a path of the repository. Linear in the
#: text: every try does bounded work or starts a chain of its own.
_INTERNAL = re.compile(
    rf"{_SEED}|{_CHAIN_START}(?P<ref>{_SEED}|{_FILE})|{_PATH}",
    re.IGNORECASE,
)


def internal_reference(text: str) -> str | None:
    """The first reference in ``text`` a reader cannot follow (``seed 001``, ``domein.md
    §2.9``, ``data/projecten/x.yaml``), or None."""
    found = _INTERNAL.search(text)
    if found is None:
        return None
    return found.group("ref") or found.group(0)


def _readable(text: str) -> str:
    found = internal_reference(text)
    if found is not None:
        raise ValueError(
            f"de tekst verwijst naar '{found}': een lezer kan dat niet openen; noem de bron "
            "zoals een lezer ze citeert (uitgever, titel, datum) of laat de verwijzing weg")
    return text


#: Non-empty text (stripped) that a report may print.
ReaderText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1),
                       AfterValidator(_readable)]
