"""Shared fixtures: the embedded reference tables and the geography built on them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import io as aio
from analysis.geography import Geography

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "data" / "reference"


@pytest.fixture(scope="session")
def reference_tables() -> dict[str, pd.DataFrame]:
    tables, problems = aio.read_reference(REFERENCE)
    assert problems == []
    return tables


@pytest.fixture(scope="session")
def geography(reference_tables) -> Geography:
    return Geography(reference_tables)
