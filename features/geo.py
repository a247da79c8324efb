"""Province outlines for maps: the vendored ``data/geo/china_provinces.geojson`` (derived once from Apache ECharts
4.9.0's ``map/json/china.json``, Apache-2.0, by ``scripts/build_geo.py``; see ``data/geo/NOTICE.md``).

Offline by design: nothing here touches the network. One feature per ISO 3166-2:CN code (31 mainland provinces,
municipalities and autonomous regions, and CN-HK, CN-MO, CN-TW); exterior rings run clockwise, as d3-geo/Vega expect.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

GEO_FILE = Path(__file__).resolve().parents[1] / "data" / "geo" / "china_provinces.geojson"


@lru_cache(maxsize=1)
def _load(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def provinces(path: Path | None = None) -> dict:
    """The FeatureCollection (a deep copy, so callers may add properties); ``features`` sorted by region id."""
    return copy.deepcopy(_load(str(path or GEO_FILE)))


def province_ids(path: Path | None = None) -> list[str]:
    return [f["id"] for f in _load(str(path or GEO_FILE))["features"]]


def province_names(path: Path | None = None) -> dict[str, dict[str, str]]:
    """``{region_id: {"ko", "zh", "en"}}`` for every shape, including provinces without a profile."""
    return {f["id"]: {"ko": f["properties"]["name_ko"], "zh": f["properties"]["name_zh"],
                      "en": f["properties"]["name_en"]} for f in _load(str(path or GEO_FILE))["features"]}  # fmt: skip


def source(path: Path | None = None) -> dict:
    """Where the outlines come from (package, version, file, licence, SHA-256 of the source file)."""
    return dict(_load(str(path or GEO_FILE))["metadata"]["source"])
