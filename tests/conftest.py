"""Shared fixtures: the embedded reference tables and the geography built on them."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import cli
from analysis import io as aio
from analysis.geography import Geography
from analysis.indicators import build_profile

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "data" / "reference"

# No test sees the boundary files of the user who runs it (reports would get maps): no
# RAPPORTAGE_GRENZEN, and an empty folder for the files `rapportage grenzen` installs. Set at
# import, before any fixture builds report inputs; worker processes inherit it.
os.environ.pop("RAPPORTAGE_GRENZEN", None)
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="rapportage-test-gebruiker-")

#: The municipal boundaries beside the project (never committed): ../shared/geo.
SHARED_GEO_CANDIDATES = [Path(p) for p in (os.environ.get("RAPPORTAGE_TEST_GRENZEN"),) if p] + [
    REPO.parent / "shared" / "geo", Path("/work/shared/geo")]


@pytest.fixture(scope="session")
def shared_geo() -> Path:
    """The folder with gemeente2024.shp (grenzen 2024) and gemeente.shp (2025).

    Missing, the tests that need it fail under CI (CI=true) and are skipped elsewhere.
    """
    for folder in SHARED_GEO_CANDIDATES:
        if (folder / "gemeente2024.shp").is_file() and (folder / "gemeente.shp").is_file():
            return folder
    where = ", ".join(str(p) for p in SHARED_GEO_CANDIDATES)
    message = f"gemeentegrenzen niet gevonden (gezocht in {where}; of zet RAPPORTAGE_TEST_GRENZEN)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def demo_batch(tmp_path_factory) -> tuple[Path, float]:
    """Every report of params/rapporten.yaml from the embedded data, built once per test run
    (75-110 s on 2 cores) and shared by the scans over every page: (output folder, seconds)."""
    out = tmp_path_factory.mktemp("demo") / "uitvoer"
    started = time.perf_counter()
    status = cli.main(["bouw", "--stil", "--uitvoer", str(out)])
    assert status == 0, "rapportage bouw mislukte"
    return out, time.perf_counter() - started


@pytest.fixture(scope="session")
def reference_tables() -> dict[str, pd.DataFrame]:
    tables, problems = aio.read_reference(REFERENCE)
    assert problems == []
    return tables


@pytest.fixture(scope="session")
def geography(reference_tables) -> Geography:
    return Geography(reference_tables)


@pytest.fixture(scope="session")
def profile_parquet(tmp_path_factory, geography: Geography) -> str:
    """The profile of the small fixture data (boundaries 2024), as the batch's Parquet file."""
    result = aio.read_observations([REPO / "tests" / "fixtures" / "observaties"],
                                   geo_check=geography.check_geo)
    assert result.problems == []
    profile = build_profile(result.data, geography, aio.load_catalogue(), "2024")
    path = tmp_path_factory.mktemp("profiel") / "profiel.parquet"
    profile.to_parquet(path)
    return str(path)


MINI_SOURCE = '''\
import os, time
from IPython.display import HTML, display
if os.environ.get("RAPPORTAGE_TEST_SLAAP") == geo:
    time.sleep(30)
if os.environ.get("RAPPORTAGE_TEST_FOUT") == geo:
    raise ValueError("kapotte parameter " + geo)
if os.environ.get("RAPPORTAGE_TEST_DOOD") == geo:
    os.kill(os.getpid(), 9)
display(HTML("<h2>Rapport " + geo + "</h2><p>12,5 %</p>"))'''


@pytest.fixture(scope="session")
def mini_notebook(tmp_path_factory) -> Path:
    """A two-cell stand-in for the report notebook: fails or sleeps for a chosen geo."""
    path = tmp_path_factory.mktemp("nb") / "mini.ipynb"
    parameters = nbformat.v4.new_code_cell(
        'geo = "Gent"  # gebied\nperiode = None  # periode\ndata_dir = None  # map\n'
        'grenzen = None  # grenzen\nprofiel = None  # profiel')
    parameters.metadata["tags"] = ["parameters"]
    notebook = nbformat.v4.new_notebook(cells=[parameters, nbformat.v4.new_code_cell(MINI_SOURCE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, path)
    return path


def squares(codes, *, crs: str | None = "EPSG:31370"):
    """Hand-made boundaries: gemeente n of ``codes`` as a 1 km square at column n % 20 and
    row n // 20 of a grid in Lambert 72, with a ``nis`` and a ``naam`` column."""
    import geopandas as gpd
    from shapely.geometry import box

    shapes = [box(100_000 + (n % 20) * 1000, 200_000 - (n // 20) * 1000,
                  101_000 + (n % 20) * 1000, 201_000 - (n // 20) * 1000)
              for n in range(len(codes))]
    return gpd.GeoDataFrame({"nis": list(codes), "naam": [f"G{c}" for c in codes]},
                            geometry=shapes, crs=crs)


@pytest.fixture(scope="session")
def square_boundaries():
    """:func:`squares`, for tests that make their own boundary files."""
    return squares
