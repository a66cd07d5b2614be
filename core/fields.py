"""The field sets the algorithms exchange: one definition, so a chain (toolbox, Modeler, qgis_process) always fits.

Names are ASCII and an API (saved models and later algorithms read them). Kinds: ``text``, ``integer``, ``double``.

Chain::

    delineateclasses.OUTPUT (ZONE_FIELDS)
        └─> assignparcels.ZONES
    assignparcels.OUTPUT (parcel schema + PIECE_FIELDS, one feature per parcel piece)
        └─> sporadicland.INPUT ─> sporadicland.OUTPUT (same fields) ─> ruralunits.INPUT ─> ruralunits.OUTPUT (same)
              └─> landregister.INPUT, zoningstatistics.INPUT, checkresults.SUBMITTED
    assignparcels.OUTPUT_PARCELS (parcel schema + PARCEL_FIELDS, one row per parcel)
"""
from __future__ import annotations

#: Resolved zoning map: non-overlapping polygons, one class each (delineateclasses.OUTPUT).
ZONE_FIELDS = [
    ("class_code", "text"),    # CON1 … URB3
    ("class_name", "text"),    # 國土保育地區第1類 … (catalogue, kind "register")
    ("rule_id", "text"),       # the rule that decided the polygon, e.g. CON1-4 (reservoir), AGR2-IN-AGR1 (§2.2)
    ("reason", "text"),        # readable reason (Chinese), naming indicator and case
    ("reason_en", "text"),
    ("indicator_id", "text"),  # the indicator behind it ('' for rules such as the residual 海3)
    ("scope", "text"),         # 通案 / 因地制宜 / 特殊個案 (RULES.md §2.11)
    ("area_m2", "double"),     # planar area in the layer's projected CRS
    # A polygon whose class a later step decides (a qualify step with ``defer_to``, core/rules/README.md): the id of
    # that unit rule, e.g. SPZ-D (a special-purpose zone under 2 ha on its own stays 城2-1 until twzoning:ruralunits
    # tests the unit after its inclusions and merges, DECISIONS.md Q9); '' when the class is final.
    ("pending_rule", "text"),
    # With pending_rule: the class the land gets by the general conditions when that rule fails (the class of the
    # same land in a delineation where the qualify step rejects it); '' otherwise.
    ("fallback_class", "text"),
]

#: Candidate areas before precedence (delineateclasses.OUTPUT_CANDIDATES).
CANDIDATE_FIELDS = [
    ("class_code", "text"),
    ("indicator_id", "text"),
    ("indicator_name", "text"),
    ("rule_id", "text"),
    ("case_name", "text"),
]

#: Added to the parcel schema fields on each parcel piece (assignparcels.OUTPUT and everything downstream).
PIECE_FIELDS = [
    ("parcel_key", "text"),    # office|section|parcel_no, the register key
    ("class_code", "text"),
    ("class_name", "text"),
    ("share", "double"),       # fraction of the parcel's geometric area in this piece, 0..1
    ("piece_area", "double"),  # planar m² of the piece
    ("is_split", "integer"),   # 1 when the parcel has pieces in two or more classes
    ("status", "text"),        # registrable / sea_side / urban_plan / national_park
    ("rule_id", "text"),       # the rule that decided this piece (e.g. BND-FOLLOW, MAJ50, SPZ-2)
    ("reason", "text"),
    ("reason_en", "text"),
    # From the zone (ZONE_FIELDS, the largest zone of the piece's class in the parcel): the unit rule that still has
    # to decide the piece (SPZ-D) and the class it reverts to when that rule fails; twzoning:ruralunits decides and
    # clears both. '' for a final piece (and for zones without these fields).
    ("pending_rule", "text"),
    ("fallback_class", "text"),
]

#: Added to the parcel schema fields on the one-row-per-parcel table (assignparcels.OUTPUT_PARCELS).
PARCEL_FIELDS = [
    ("parcel_key", "text"),
    ("class_codes", "text"),    # comma-separated, canonical class order: "CON1,CON2"
    ("class_wording", "text"),  # register wording from the catalogue: 部分國土保育地區第1類、部分國土保育地區第2類
    ("is_split", "integer"),
    ("status", "text"),
    ("rule_id", "text"),
    ("reason", "text"),
    ("reason_en", "text"),
]

#: Values of ``status``.
STATUS_REGISTRABLE = "registrable"
STATUS_SEA_SIDE = "sea_side"
STATUS_URBAN_PLAN = "urban_plan"
STATUS_NATIONAL_PARK = "national_park"


def parcel_key(office: str, section: str, parcel_no: str) -> str:
    """The register key of a parcel, as stored in ``parcel_key``."""
    return f"{str(office).strip()}|{str(section).strip()}|{str(parcel_no).strip()}"
