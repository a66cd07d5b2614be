"""Problem codes of the input checks, with their Chinese and English message templates.

A problem is data written into an output layer, in both languages, so a planner and a reviewer read the same row.
Each template is formatted with ``str.format`` from the keyword arguments the check passes; a code's placeholders
are documented by the template itself. The codes are an API (a planner filters by them): ASCII, stable.
"""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# code: (severity, Chinese template, English template); each message says what is wrong and what to do
_TEMPLATES: dict[str, tuple[str, str, str]] = {
    "CRS_GEOGRAPHIC": (
        ERROR,
        "圖層「{layer}」使用地理坐標系統 {crs}（單位為度），無法計算面積。請先重新投影至 EPSG:3826（TWD97 / TM2 臺灣本島）"
        "或 EPSG:3825（TWD97 / TM2 澎湖、金門、馬祖）。",
        "Layer '{layer}' uses the geographic CRS {crs} (degrees), so areas cannot be computed. Reproject it to "
        "EPSG:3826 (TWD97 / TM2, Taiwan) or EPSG:3825 (TWD97 / TM2, Penghu, Kinmen, Matsu) first.",
    ),
    "CRS_NOT_METRES": (
        ERROR,
        "圖層「{layer}」的坐標系統 {crs} 單位不是公尺（{units}）。請重新投影至 EPSG:3826 或 EPSG:3825。",
        "Layer '{layer}' has CRS {crs} whose units are not metres ({units}). Reproject it to EPSG:3826 or EPSG:3825.",
    ),
    "CRS_MISSING": (
        ERROR,
        "圖層「{layer}」未設定坐標系統。請在圖層屬性中指定正確的坐標系統（通常為 EPSG:3826）。",
        "Layer '{layer}' has no CRS. Set the right CRS in the layer properties (usually EPSG:3826).",
    ),
    "CRS_MISMATCH": (
        WARNING,
        "圖層「{layer}」的坐標系統 {crs} 與地籍圖層 {parcel_crs} 不同；後續演算法會即時轉換，建議先統一坐標系統。",
        "Layer '{layer}' has CRS {crs}, unlike the parcel layer ({parcel_crs}); later algorithms reproject on the "
        "fly, but reprojecting once beforehand is recommended.",
    ),
    "FIELD_MISSING": (
        ERROR,
        "地籍圖層「{layer}」缺少必要欄位 {field}（{alias}）。請以「重構欄位」(native:refactorfields) 搭配本外掛提供的"
        "欄位對應表，將縣市自有欄位對應到 {field}。",
        "Parcel layer '{layer}' lacks the required field {field} ({alias}). Map the county's own field to {field} "
        "with 'Refactor fields' (native:refactorfields) and the mapping this plugin ships.",
    ),
    "FIELD_TYPE": (
        ERROR,
        "地籍圖層「{layer}」的欄位 {field}（{alias}）型態為 {actual}，應為 {expected}。請以「重構欄位」轉換型態。",
        "Field {field} ({alias}) of parcel layer '{layer}' is of type {actual}; expected {expected}. Convert it with "
        "'Refactor fields'.",
    ),
    "VALUE_NULL": (
        ERROR,
        "地籍圖層「{layer}」圖徵 {fid} 的必要欄位 {field}（{alias}）為空值。請補齊資料。",
        "Feature {fid} of parcel layer '{layer}' has no value in the required field {field} ({alias}). Fill it in.",
    ),
    "VALUE_PATTERN": (
        ERROR,
        "地籍圖層「{layer}」圖徵 {fid} 的欄位 {field}（{alias}）值「{value}」格式不符，應為 {pattern_hint}。",
        "Feature {fid} of parcel layer '{layer}': field {field} ({alias}) value '{value}' is malformed; expected "
        "{pattern_hint}.",
    ),
    "VALUE_DOMAIN": (
        WARNING,
        "地籍圖層「{layer}」圖徵 {fid} 的欄位 {field}（{alias}）值「{value}」不在代碼表內（{allowed}）；規則將無法判讀。",
        "Feature {fid} of parcel layer '{layer}': field {field} ({alias}) value '{value}' is not in the code list "
        "({allowed}); the rules cannot interpret it.",
    ),
    "KEY_DUPLICATE": (
        ERROR,
        "地籍圖層「{layer}」地號重複：{key}（地政事務所+地段+地號）出現 {count} 次（圖徵 {fids}）。每筆土地的鍵值必須唯一。",
        "Parcel layer '{layer}' has a duplicate parcel key {key} (office+section+parcel_no), {count} times "
        "(features {fids}). Each parcel key must be unique.",
    ),
    "GEOM_NULL": (
        ERROR,
        "圖層「{layer}」圖徵 {fid} 沒有幾何。請補繪或刪除該圖徵。",
        "Feature {fid} of layer '{layer}' has no geometry. Draw it or delete the feature.",
    ),
    "GEOM_EMPTY": (
        ERROR,
        "圖層「{layer}」圖徵 {fid} 的幾何為空。請補繪或刪除該圖徵。",
        "Feature {fid} of layer '{layer}' has an empty geometry. Redraw it or delete the feature.",
    ),
    "GEOM_INVALID": (
        ERROR,
        "圖層「{layer}」圖徵 {fid} 的幾何無效（{reason}）。請以「修復幾何」(native:fixgeometries) 修復後再執行。",
        "Feature {fid} of layer '{layer}' has an invalid geometry ({reason}). Repair it with 'Fix geometries' "
        "(native:fixgeometries) and run again.",
    ),
    "GEOM_NOT_POLYGON": (
        ERROR,
        "圖層「{layer}」為{actual}圖層，此處需要面圖層。請提供面狀資料（例如以公告範圍繪製的多邊形）。",
        "Layer '{layer}' is a {actual_en} layer; a polygon layer is needed here. Provide polygons (e.g. the announced "
        "extent).",
    ),
    "INDICATOR_LINES_NOT_USED": (
        WARNING,
        "圖層「{layer}」為{actual}圖層；依規則 {rule_id}：{reason} 此圖層不參與劃設，請改提供面狀範圍（例如影響範圍）。",
        "Layer '{layer}' is a {actual_en} layer; by rule {rule_id} only polygons are delineated (rule text: "
        "{reason}). The layer takes no part in the delineation: provide the polygons (e.g. the affected area).",
    ),
    "PARCEL_OVERLAP": (
        ERROR,
        "地籍圖層「{layer}」圖徵 {fid} 與圖徵 {other_fid} 重疊 {area:.2f} 平方公尺（{key} 與 {other_key}）。地籍不應重疊，"
        "請檢查圖資接合或重複數化。",
        "Features {fid} and {other_fid} of parcel layer '{layer}' overlap by {area:.2f} m² ({key} and {other_key}). "
        "Parcels must not overlap: check edge matching or duplicated digitising.",
    ),
    "LAYER_EMPTY": (
        WARNING,
        "圖層「{layer}」沒有任何圖徵。",
        "Layer '{layer}' has no features.",
    ),
    "INDICATOR_UNKNOWN": (
        WARNING,
        "圖層「{layer}」的名稱無法對應任何劃設參考指標；最接近的名稱：{closest}。請將圖層更名為正確的指標名稱，"
        "否則此圖層不會參與劃設。",
        "The name of layer '{layer}' matches no known delineation indicator; closest names: {closest}. Rename the "
        "layer to the indicator's name, or it will take no part in the delineation.",
    ),
    "INDICATOR_NOT_INDICATOR": (
        WARNING,
        "圖層「{layer}」是已知圖資，但不是任何分區的劃設參考指標（{reason}），將不參與劃設。",
        "Layer '{layer}' is a known layer but not a delineation indicator of any class (reason, in Chinese: "
        "{reason}); it takes no part in the delineation.",
    ),
}


@dataclass(frozen=True)
class Problem:
    """One problem found by an input check: one feature of the error layer."""

    code: str
    severity: str
    layer: str
    message_zh: str
    message_en: str
    feature_id: int | None = None
    field: str | None = None
    x: float | None = None
    y: float | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def codes() -> list[str]:
    """Every problem code, in documentation order."""
    return list(_TEMPLATES)


def severity_of(code: str) -> str:
    return _TEMPLATES[code][0]


def make_problem(
    code: str,
    layer: str,
    *,
    feature_id: int | None = None,
    field: str | None = None,
    x: float | None = None,
    y: float | None = None,
    **values: object,
) -> Problem:
    """Build a :class:`Problem` with its messages rendered in both languages."""
    severity, zh, en = _TEMPLATES[code]
    values = {"layer": layer, "fid": feature_id, "field": field, **values}
    return Problem(
        code=code,
        severity=severity,
        layer=layer,
        message_zh=zh.format(**values),
        message_en=en.format(**values),
        feature_id=feature_id,
        field=field,
        x=x,
        y=y,
    )
