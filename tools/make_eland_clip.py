"""Cut the small committed clip of the real government indicator layers used by the always-on tests.

Source: ../shared/data/eland-cpami-wfs-2019 (內政部營建署（現國土管理署）環境敏感地區單一窗口 WFS, 2019 snapshot, via
kiang/eland.cpami.gov.tw; testing use only, see test/data/eland_clip/README.md). For each layer that has invalid
geometries it keeps up to MAX_INVALID of them (the smallest first) and the first VALID_PER_LAYER valid features,
unchanged (coordinates, padded strings and field names as published), so the clip carries the real dirt.

Usage: python tools/make_eland_clip.py [--src ../shared/data/eland-cpami-wfs-2019] [--out test/data/eland_clip]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
MAX_INVALID = 3
VALID_PER_LAYER = 2
MAX_GEOMETRY_CHARS = 40_000  # keep the clip small: skip a feature whose geometry alone is larger
#: Layers kept whole or in part even without invalid geometries (line layers, padded strings, marine points).
ALWAYS = ("平均高潮線", "二級海岸防護區", "人工魚礁區及保護礁區", "漁港", "水庫蓄水範圍")


def clip_layer(path: Path) -> dict | None:
    data = json.loads(path.read_text(encoding="utf-8"))
    features = data["features"]
    sized = [(len(json.dumps(f["geometry"])), i, f) for i, f in enumerate(features) if f.get("geometry")]
    invalid = sorted((s, i, f) for s, i, f in sized if not shape(f["geometry"]).is_valid)
    valid = [(s, i, f) for s, i, f in sized if shape(f["geometry"]).is_valid and s <= MAX_GEOMETRY_CHARS]
    if not invalid and path.stem not in ALWAYS:
        return None
    keep = [t for t in invalid if t[0] <= MAX_GEOMETRY_CHARS][:MAX_INVALID]
    keep += valid[:VALID_PER_LAYER]
    keep.sort(key=lambda t: t[1])
    out = {k: v for k, v in data.items() if k not in ("features", "totalFeatures", "numberMatched", "numberReturned")}
    out["features"] = [f for _s, _i, f in keep]
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--src", type=Path, default=ROOT.parent / "shared" / "data" / "eland-cpami-wfs-2019")
    parser.add_argument("--out", type=Path, default=ROOT / "test" / "data" / "eland_clip")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.src.glob("*.json")):
        clipped = clip_layer(path)
        if clipped is None:
            continue
        target = args.out / (path.stem + ".geojson")
        target.write_text(json.dumps(clipped, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        print(f"{target.name}: {len(clipped['features'])} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
