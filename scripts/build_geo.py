"""Build ``data/geo/china_provinces.geojson`` once from Apache ECharts 4.9.0's ``map/json/china.json``.

Run by hand, never by the app (the app reads only the vendored output)::

    cd /tmp && npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz package/map/json/china.json
    python scripts/build_geo.py /tmp/package/map/json/china.json

What it does, in order:

1. **Decode** ECharts' compressed coordinates (``UTF8Encoding: true``), exactly as ``decodePolygon`` in
   ``src/coord/geo/parseGeoJson.js`` of the same package: a ring is a string of character pairs; each UTF-16 code unit
   minus 64 is zig-zag decoded (``(v >> 1) ^ -(v & 1)``), added to the previous value (the first to the ring's
   ``encodeOffsets`` start) and divided by the scale 1024 (``UTF8Scale`` when given).
2. **Name** each feature by its ISO 3166-2:CN code, looked up from the feature's Chinese name (``properties.name``),
   and add Korean and English names (``NAMES`` below; our own transcription).
3. **Round** coordinates to ``DECIMALS`` places (0.001° ≈ 100 m, finer than the source's own detail), drop repeated
   points, close every ring.
4. **Orient** rings for d3-geo / Vega (which draw a ring as the smaller spherical area only when the exterior runs
   clockwise): exterior rings clockwise, holes counter-clockwise, in (lon, lat) as seen with north up. RFC 7946
   recommends the opposite; readers SHOULD NOT reject either, and Vega fills the wrong side of the globe otherwise.
5. **Label point**: the pole of inaccessibility of the feature's largest polygon (the interior point farthest from
   its outline, found by a grid search refined around the best cell, distances in km-scaled degrees).

The output keeps ECharts' ``adcode`` (the feature ``id``) and capital point ``cp`` beside the new properties.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "geo" / "china_provinces.geojson"
DECIMALS = 3
SOURCE = {"package": "echarts", "version": "4.9.0", "file": "map/json/china.json", "license": "Apache-2.0",
          "registry": "https://registry.npmjs.org/echarts/-/echarts-4.9.0.tgz"}  # fmt: skip

# Chinese name in ECharts → (ISO 3166-2:CN, Korean, English, kind).
NAMES: dict[str, tuple[str, str, str, str]] = {
    "北京": ("CN-BJ", "베이징", "Beijing", "municipality"),
    "天津": ("CN-TJ", "톈진", "Tianjin", "municipality"),
    "上海": ("CN-SH", "상하이", "Shanghai", "municipality"),
    "重庆": ("CN-CQ", "충칭", "Chongqing", "municipality"),
    "河北": ("CN-HE", "허베이성", "Hebei", "province"),
    "山西": ("CN-SX", "산시성(山西)", "Shanxi", "province"),
    "辽宁": ("CN-LN", "랴오닝성", "Liaoning", "province"),
    "吉林": ("CN-JL", "지린성", "Jilin", "province"),
    "黑龙江": ("CN-HL", "헤이룽장성", "Heilongjiang", "province"),
    "江苏": ("CN-JS", "장쑤성", "Jiangsu", "province"),
    "浙江": ("CN-ZJ", "저장성", "Zhejiang", "province"),
    "安徽": ("CN-AH", "안후이성", "Anhui", "province"),
    "福建": ("CN-FJ", "푸젠성", "Fujian", "province"),
    "江西": ("CN-JX", "장시성", "Jiangxi", "province"),
    "山东": ("CN-SD", "산둥성", "Shandong", "province"),
    "河南": ("CN-HA", "허난성", "Henan", "province"),
    "湖北": ("CN-HB", "후베이성", "Hubei", "province"),
    "湖南": ("CN-HN", "후난성", "Hunan", "province"),
    "广东": ("CN-GD", "광둥성", "Guangdong", "province"),
    "海南": ("CN-HI", "하이난성", "Hainan", "province"),
    "四川": ("CN-SC", "쓰촨성", "Sichuan", "province"),
    "贵州": ("CN-GZ", "구이저우성", "Guizhou", "province"),
    "云南": ("CN-YN", "윈난성", "Yunnan", "province"),
    "陕西": ("CN-SN", "산시성(陝西)", "Shaanxi", "province"),
    "甘肃": ("CN-GS", "간쑤성", "Gansu", "province"),
    "青海": ("CN-QH", "칭하이성", "Qinghai", "province"),
    "台湾": ("CN-TW", "타이완", "Taiwan", "province"),
    "内蒙古": ("CN-NM", "네이멍구자치구", "Inner Mongolia", "autonomous_region"),
    "广西": ("CN-GX", "광시좡족자치구", "Guangxi", "autonomous_region"),
    "西藏": ("CN-XZ", "시짱(티베트)자치구", "Xizang (Tibet)", "autonomous_region"),
    "宁夏": ("CN-NX", "닝샤회족자치구", "Ningxia", "autonomous_region"),
    "新疆": ("CN-XJ", "신장위구르자치구", "Xinjiang", "autonomous_region"),
    "香港": ("CN-HK", "홍콩", "Hong Kong", "special_administrative_region"),
    "澳门": ("CN-MO", "마카오", "Macao", "special_administrative_region"),
}


def utf16_units(s: str) -> list[int]:
    """UTF-16 code units, as JavaScript's ``charCodeAt`` sees the string."""
    b = s.encode("utf-16-le")
    return [b[i] | (b[i + 1] << 8) for i in range(0, len(b), 2)]


def decode_ring(encoded: str, offsets: list[int], scale: float = 1024.0) -> list[list[float]]:
    """ECharts ``decodePolygon``: zig-zag, delta-coded character pairs → [[lon, lat], …]."""
    units = utf16_units(encoded)
    prev_x, prev_y = offsets[0], offsets[1]
    out = []
    for i in range(0, len(units) - 1, 2):
        x, y = units[i] - 64, units[i + 1] - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        prev_x, prev_y = prev_x + x, prev_y + y
        out.append([prev_x / scale, prev_y / scale])
    return out


def decode_geometry(geom: dict, scale: float) -> list[list[list[list[float]]]]:
    """Any ECharts geometry as a list of polygons (each a list of rings)."""
    coords, offsets = geom["coordinates"], geom["encodeOffsets"]
    if geom["type"] == "Polygon":
        return [[decode_ring(r, offsets[i], scale) for i, r in enumerate(coords)]]
    if geom["type"] == "MultiPolygon":
        return [[decode_ring(r, offsets[p][i], scale) for i, r in enumerate(poly)] for p, poly in enumerate(coords)]
    raise ValueError(f"unexpected geometry type {geom['type']}")


def signed_area(ring: list[list[float]]) -> float:
    """Shoelace area in (lon, lat): positive when counter-clockwise with north up."""
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))


def clean_ring(ring: list[list[float]], exterior: bool) -> list[list[float]] | None:
    pts: list[list[float]] = []
    for lon, lat in ring:
        p = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    if len(pts) < 3:
        return None
    area = signed_area(pts)
    if area == 0:
        return None
    if (exterior and area > 0) or (not exterior and area < 0):
        pts.reverse()
    return [*pts, pts[0]]


def _segment_distance(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _inside(px: float, py: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > py) != (y1 > py) and px < x0 + (py - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def label_point(polygon: list[list[list[float]]]) -> tuple[float, float]:
    """Pole of inaccessibility of one polygon (exterior + holes): grid search, then four refinements around the best."""
    k = math.cos(math.radians(sum(p[1] for p in polygon[0]) / len(polygon[0])))  # lon degrees → equal-distance units
    rings = [[[x * k, y] for x, y in r] for r in polygon]

    def score(x: float, y: float) -> float:
        if not _inside(x, y, rings[0]) or any(_inside(x, y, h) for h in rings[1:]):
            return -1.0
        return min(_segment_distance(x, y, *a, *b) for r in rings for a, b in zip(r, r[1:]))

    xs, ys = [p[0] for p in rings[0]], [p[1] for p in rings[0]]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    best = (-1.0, (x0 + x1) / 2, (y0 + y1) / 2)
    step_x, step_y, n = (x1 - x0) / 40, (y1 - y0) / 40, 41
    cx, cy = x0, y0
    for _ in range(5):
        for i in range(n):
            for j in range(n):
                x, y = cx + i * step_x, cy + j * step_y
                s = score(x, y)
                if s > best[0]:
                    best = (s, x, y)
        step_x, step_y = step_x / 8, step_y / 8
        cx, cy, n = best[1] - 10 * step_x, best[2] - 10 * step_y, 21
    return round(best[1] / k, 2), round(best[2], 2)


def build(src: Path) -> dict:
    raw = json.loads(src.read_text(encoding="utf-8"))
    scale = float(raw.get("UTF8Scale") or 1024) if raw.get("UTF8Encoding") else None
    features = []
    for feat in raw["features"]:
        props = feat["properties"]
        region_id, name_ko, name_en, kind = NAMES[props["name"]]
        geom = feat["geometry"]
        polygons = decode_geometry(geom, scale) if scale else (
            [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"])  # fmt: skip
        cleaned = []
        for poly in polygons:
            rings = [clean_ring(r, exterior=(i == 0)) for i, r in enumerate(poly)]
            if rings[0] is None:
                continue
            cleaned.append([rings[0], *[r for r in rings[1:] if r is not None]])
        largest = max(cleaned, key=lambda p: abs(signed_area(p[0][:-1])))
        lon, lat = label_point(largest)
        features.append({
            "type": "Feature",
            "id": region_id,
            "properties": {"region_id": region_id, "name_zh": props["name"], "name_ko": name_ko, "name_en": name_en,
                           "kind": kind, "adcode": str(feat.get("id") or props.get("id")), "cp": props.get("cp"),
                           "label_lon": lon, "label_lat": lat},
            "geometry": {"type": "MultiPolygon", "coordinates": cleaned},
        })  # fmt: skip
    features.sort(key=lambda f: f["id"])
    missing = sorted(set(v[0] for v in NAMES.values()) - {f["id"] for f in features})
    if missing:
        raise SystemExit(f"features missing for {missing}")
    return {"type": "FeatureCollection",
            "metadata": {"source": {**SOURCE, "sha256": hashlib.sha256(src.read_bytes()).hexdigest()},
                         "decimals": DECIMALS, "winding": "exterior clockwise (d3-geo)",
                         "built_by": "scripts/build_geo.py"},
            "features": features}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path, help="path to echarts-4.9.0 package/map/json/china.json")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    geo = build(args.src)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(geo, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(geo['features'])} features, {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main()
