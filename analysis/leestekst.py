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
#: What a reader cannot follow: a seed, a file name, a path of the repository.
_INTERNAL = re.compile(
    r"\bseeds?\b(?:\s+\d{3}\b)?(?:[\s_]*\d{3}_[0-9a-f]+\.txt)?"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:" + "|".join(_EXTENSIONS) + r")\b(?:\s*§\s*[\d.]*\d)?"
    r"|(?<![\w./])(?:params|data|notebooks|analysis|outputs|shared|scripts|tests)/[\w./-]*",
    re.IGNORECASE,
)


def internal_reference(text: str) -> str | None:
    """The first reference in ``text`` a reader cannot follow (``seed 001``, ``domein.md
    §2.9``, ``data/projecten/x.yaml``), or None."""
    found = _INTERNAL.search(text)
    return found.group(0) if found else None


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
