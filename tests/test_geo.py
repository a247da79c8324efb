"""The vendored province outlines (``data/geo``): licence and size, one shape per ISO 3166-2:CN code and per region of
``data/regions.csv``, the ECharts decoder (round trip against an encoder written here from the same scheme), decoded
outlines that contain the source's own capital points, d3 winding, and map labels that stay inside their shapes and
do not overlap on the drawn map (the chart's Albers projection computed here with d3's formulas).
"""

from __future__ import annotations

import importlib.util
import math
import random
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from features import geo  # noqa: E402
from ui.charts import CHINA_PROJECTION, LABEL_NUDGE  # noqa: E402

GEO_DIR = ROOT / "data" / "geo"
# ISO 3166-2:CN: 4 municipalities, 22 provinces (incl. CN-TW), 5 autonomous regions, 2 SARs.
ISO_CN = {"CN-BJ", "CN-TJ", "CN-SH", "CN-CQ", "CN-HE", "CN-SX", "CN-LN", "CN-JL", "CN-HL", "CN-JS", "CN-ZJ", "CN-AH",
          "CN-FJ", "CN-JX", "CN-SD", "CN-HA", "CN-HB", "CN-HN", "CN-GD", "CN-HI", "CN-SC", "CN-GZ", "CN-YN", "CN-SN",
          "CN-GS", "CN-QH", "CN-TW", "CN-NM", "CN-GX", "CN-XZ", "CN-NX", "CN-XJ", "CN-HK", "CN-MO"}  # fmt: skip


def _build_geo():
    spec = importlib.util.spec_from_file_location("build_geo", ROOT / "scripts" / "build_geo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _build_geo()


def _features() -> dict[str, dict]:
    return {f["id"]: f for f in geo.provinces()["features"]}


def _in_multipolygon(lon: float, lat: float, coordinates) -> bool:
    for poly in coordinates:
        if BUILD._inside(lon, lat, poly[0]) and not any(BUILD._inside(lon, lat, hole) for hole in poly[1:]):
            return True
    return False


def test_vendored_file_is_small_offline_and_licensed() -> None:
    path = GEO_DIR / "china_provinces.geojson"
    assert path.stat().st_size < 1_000_000
    licence = (GEO_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0" in licence
    notice = (GEO_DIR / "NOTICE.md").read_text(encoding="utf-8")
    assert "ECharts 4.9.0" in notice and "Apache License, Version 2.0" in notice
    src = geo.source()
    assert (src["package"], src["version"], src["license"]) == ("echarts", "4.9.0", "Apache-2.0")
    assert src["sha256"] in notice


def test_one_shape_per_iso_code_with_names() -> None:
    feats = _features()
    assert set(feats) == ISO_CN and len(geo.province_ids()) == len(ISO_CN)
    for region_id, f in feats.items():
        p = f["properties"]
        assert p["region_id"] == region_id
        assert p["name_ko"] and p["name_en"] and p["name_zh"]
        assert f["geometry"]["type"] == "MultiPolygon" and f["geometry"]["coordinates"]
    names = geo.province_names()
    assert names["CN-ZJ"] == {"ko": "저장성", "zh": "浙江", "en": "Zhejiang"}


def test_every_region_in_regions_csv_has_a_shape() -> None:
    regions = pd.read_csv(ROOT / "data" / "regions.csv")
    shapes = _features()
    missing = sorted(set(regions["region_id"]) - set(shapes))
    assert not missing, f"regions without a shape: {missing}"
    for row in regions.itertuples():
        assert shapes[row.region_id]["properties"]["name_zh"] == row.name_zh, row.region_id


def _encode_ring(points: list[tuple[int, int]], start: tuple[int, int]) -> str:
    """ECharts' encoding of integer coordinates (value × 1024): zig-zag deltas + 64, one character each."""
    out, prev = [], start
    for x, y in points:
        for value, before in ((x, prev[0]), (y, prev[1])):
            d = value - before
            out.append(chr(((d << 1) ^ (d >> 31)) + 64))
        prev = (x, y)
    return "".join(out)


def test_decoder_round_trips_the_echarts_scheme() -> None:
    rng = random.Random(7)
    for _ in range(50):
        start = (rng.randint(70_000, 140_000), rng.randint(15_000, 55_000))
        pts, x, y = [], *start
        for _ in range(rng.randint(3, 60)):
            x += rng.randint(-3000, 3000)
            y += rng.randint(-3000, 3000)
            pts.append((x, y))
        decoded = BUILD.decode_ring(_encode_ring(pts, start), list(start))
        assert decoded == [[px / 1024, py / 1024] for px, py in pts]


def test_decoded_outlines_contain_the_sources_capital_points() -> None:
    """``cp`` is a property of the source, not decoded: a wrong decoder or a wrong name→code mapping moves it out."""
    outside = [rid for rid, f in _features().items()
               if not _in_multipolygon(*f["properties"]["cp"], f["geometry"]["coordinates"])]  # fmt: skip
    assert not outside, outside


def test_rings_are_closed_and_wound_for_d3() -> None:
    for rid, f in _features().items():
        for poly in f["geometry"]["coordinates"]:
            for i, ring in enumerate(poly):
                assert ring[0] == ring[-1] and len(ring) >= 4, rid
                area = BUILD.signed_area(ring[:-1])
                assert (area < 0) if i == 0 else (area > 0), f"{rid}: exterior clockwise, holes counter-clockwise"


def test_label_points_lie_inside_their_shapes() -> None:
    feats = _features()
    for rid, f in feats.items():
        p = f["properties"]
        assert _in_multipolygon(p["label_lon"], p["label_lat"], f["geometry"]["coordinates"]), rid
    for rid, (lon, lat, _align, leader) in LABEL_NUDGE.items():
        if not leader:  # a shifted label stays on its own shape; a moved one has a leader line back to it
            assert _in_multipolygon(lon, lat, feats[rid]["geometry"]["coordinates"]), rid


def _albers_china():
    """d3.geoConicEqualArea with the chart's parallels and rotation (screen y grows downwards)."""
    phi0, phi1 = (math.radians(v) for v in CHINA_PROJECTION["parallels"])
    lam0 = -CHINA_PROJECTION["rotate"][0]
    n = (math.sin(phi0) + math.sin(phi1)) / 2
    c = 1 + math.sin(phi0) * (2 * n - math.sin(phi0))
    r0 = math.sqrt(c) / n

    def project(lon: float, lat: float) -> tuple[float, float]:
        lam = math.radians(lon - lam0) * n
        r = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
        return r * math.sin(lam), -(r0 - r * math.cos(lam))

    return project


def _short_ko(name: str) -> str:
    for suffix in ("좡족자치구", "회족자치구", "위구르자치구", "자치구", "성"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_labels_of_all_mainland_provinces_do_not_overlap(lang: str) -> None:
    """Every mainland province labelled at once (the app labels only profiled ones, a subset), fitted like Vega-Lite
    fits the projection into a 560 × 440 px plot (the map's size beside its legend at a 1440 px wide window), with
    text boxes of 11 px bold type: Hangul ≈ 11.5 px per character, Latin ≈ 6.6 px, 13 px high."""
    project = _albers_china()
    feats = _features()
    pts = [project(*pt) for f in feats.values() for poly in f["geometry"]["coordinates"] for ring in poly
           for pt in ring]  # fmt: skip
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    scale = min(560 / (max(xs) - min(xs)), 440 / (max(ys) - min(ys)))
    boxes = []
    for rid, f in feats.items():
        if rid in ("CN-HK", "CN-MO", "CN-TW"):
            continue
        p = f["properties"]
        text = _short_ko(p["name_ko"]) if lang == "ko" else p["name_en"]
        lon, lat, align, _ = LABEL_NUDGE.get(rid, (p["label_lon"], p["label_lat"], "center", False))
        x, y = (v * scale for v in project(lon, lat))
        w = sum(11.5 if ord(ch) > 0x3000 else 6.6 for ch in text)
        x0 = {"center": x - w / 2, "left": x + 3, "right": x - 3 - w}[align]
        boxes.append((rid, x0, y - 6.5, x0 + w, y + 6.5))
    clashes = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]  # fmt: skip
    assert not clashes
