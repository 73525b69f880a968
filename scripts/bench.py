"""Benchmark (``make bench``): medians of repeated runs, printed in Dutch.

Sections grow with the package; each prints the median and the spread of ``REPEATS`` runs
measured in this one process, so ratios between sections are comparable.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import io as aio
from analysis.geography import Geography
from analysis.indicators import build_profile

REPO = Path(__file__).resolve().parents[1]
REPEATS = 5


def timed(label: str, func: Callable[[], object], repeats: int = REPEATS) -> object:
    """Run ``func`` ``repeats`` times; print median, min and max wall time."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    print(
        f"{label:<62} mediaan {statistics.median(times) * 1000:9.1f} ms"
        f"  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={repeats})"
    )
    return result


def synthetic_observations(geography: Geography) -> pd.DataFrame:
    """Every 2024 gemeente × observation indicator × 12 quarters, Dutch-formatted numbers.

    Until the embedded example data exists ([3/8]) this stands in for it, at the same size.
    """
    rng = np.random.default_rng(20221231)
    codes = geography.members("Vlaanderen", "2024")
    periods = [f"{y}Q{q}" for y in (2020, 2021, 2022) for q in (1, 2, 3, 4)]
    index = pd.MultiIndex.from_product(
        [aio.load_catalogue().observation_ids, codes, periods],
        names=["indicator", "geo", "periode"],
    )
    frame = index.to_frame(index=False)
    noemer = rng.integers(30, 200_000, len(frame))
    teller = (noemer * rng.uniform(0.05, 0.8, len(frame))).astype(int)
    frame["teller"] = [f"{t:,}".replace(",", ".") for t in teller]
    frame["noemer"] = [f"{n:,}".replace(",", ".") for n in noemer]
    return frame


def main() -> int:
    print("rapportage — snelheidsmeting (medianen over herhaalde runs, één proces)\n")
    directory = REPO / "data" / "reference"
    tables, problems = timed("referentietabellen lezen en controleren",
                             lambda: aio.read_reference(directory))
    if problems:
        print("\n".join(map(str, problems)))
        return 1
    geography = timed("Geography opbouwen (3 grensversies)", lambda: Geography(tables))
    names = geography.geographies(grenzen="2025")["naam"].tolist()
    timed(f"{len(names)} namen opzoeken (resolve)",
          lambda: [geography.resolve(n) for n in names])

    frame = synthetic_observations(geography)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "observaties.csv"
        frame.to_csv(csv_path, sep=";", index=False)
        size = csv_path.stat().st_size / 1e6
        result = timed(
            f"CSV inlezen + valideren ({len(frame):,} rijen".replace(",", ".")
            + f", {size:.1f} MB)".replace(".", ","),
            lambda: aio.read_observations([csv_path], geo_check=geography.check_geo),
            repeats=3,
        )
    print(f"{'':<62} geldige rijen: {len(result.data):,}".replace(",", "."))
    data = result.data
    converted = timed("omzetten grenzen 2024 → 2025",
                      lambda: geography.convert(data, "2025", "2024"))
    same = all(
        data.groupby("indicator")[c].sum().equals(converted.groupby("indicator")[c].sum())
        for c in ("teller", "noemer")
    )
    print(f"{'':<62} {data.geo.nunique()} → {converted.geo.nunique()} gemeenten; "
          f"Vlaamse totalen per indicator gelijk: {'ja' if same else 'NEE'}")

    catalogue = aio.load_catalogue()
    timed("profiel van de synthetische set hierboven",
          lambda: build_profile(data, geography, catalogue, "2024"), repeats=3)

    embedded = REPO / "data" / "voorbeeld"
    result = timed("meegeleverde voorbeelddata inlezen + valideren",
                   lambda: aio.read_observations([embedded], geo_check=geography.check_geo),
                   repeats=3)
    observations = result.data
    profile = timed("volledig profiel op de voorbeelddata (doel ≤ 2 s)",
                    lambda: build_profile(observations, geography, catalogue))
    geos = profile[["geo_type", "geo"]].drop_duplicates()
    rows = f"{len(profile):,}".replace(",", ".")
    print(f"{'':<62} {rows} rijen: {len(geos)} geografieën × "
          f"{profile.indicator.nunique()} indicatoren × {profile.periode.nunique()} perioden")
    return 0


if __name__ == "__main__":
    sys.exit(main())
