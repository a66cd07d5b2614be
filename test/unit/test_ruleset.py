"""Tests of the rule set: loading, validation errors, look-ups, presets (no QGIS)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from twzoning.core.ruleset import (
    METHOD_TYPES,
    RULES_DIR,
    RuleSetError,
    default_ruleset,
    list_presets,
    load_ruleset,
)

# Same location test/conftest.py calls SHARED (ROOT.parent / "shared"); recomputed here because test modules are
# imported in importlib mode and cannot import conftest.
ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
ELAND = SHARED / "data" / "eland-cpami-wfs-2019"

CANONICAL = [
    "CON1", "CON2", "CON3", "CON4", "MAR1_1", "MAR1_2", "MAR1_3", "MAR2", "MAR3",
    "AGR1", "AGR2", "AGR3", "AGR4", "AGR5", "URB1", "URB2_1", "URB2_2", "URB2_3", "URB3",
]  # fmt: skip


@pytest.fixture(scope="module")
def rs():
    return load_ruleset()


def _yaml(name: str) -> dict:
    return yaml.safe_load((RULES_DIR / name).read_text(encoding="utf-8"))


def write(tmp_path: Path, text: str, name: str = "overlay.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------------- classes
def test_nineteen_classes_in_canonical_order(rs):
    assert [c.code for c in rs.classes] == CANONICAL
    assert [c.short for c in rs.classes][:5] == ["國1", "國2", "國3", "國4", "海1-1"]
    assert [c.order for c in rs.classes] == list(range(1, 20))
    assert rs.class_by_code("URB2_1").name == "城鄉發展地區第2類之1"
    assert rs.class_by_code("MAR1_1").name_certificate == "海洋資源地區第一類之一"
    assert {c.code for c in rs.classes if c.side == "sea"} == {"MAR1_1", "MAR1_2", "MAR1_3", "MAR2", "MAR3"}
    assert all(c.color.startswith("#") and len(c.color) == 7 for c in rs.classes)


def test_every_class_alias_resolves_to_its_class(rs):
    raw = _yaml("classes.yaml")["classes"]
    checked = 0
    for entry in raw:
        for alias in entry["aliases"] + [entry["short"], entry["name"], entry["name_certificate"], entry["code"]]:
            assert rs.resolve_class(alias) == entry["code"], alias
            assert rs.resolve_class(f"  {alias}\u3000") == entry["code"], alias  # padded, ideographic space
            checked += 1
        for variant in entry.get("variants", []):
            for alias in variant["aliases"]:
                assert rs.resolve_class_variant(alias) == (entry["code"], variant["id"]), alias
                checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "text, code",
    [
        ("國 1", "CON1"),
        ("國保一", "CON1"),
        ("國土保育地區第 1 類", "CON1"),
        ("國保 2", "CON2"),
        ("海１－１", "MAR1_1"),  # full-width digits and dash
        ("海洋資源地區第 1 類之 2", "MAR1_2"),
        ("農發五", "AGR5"),
        ("城鄉一", "URB1"),
        ("城鄉發展地區第2之1類", "URB2_1"),
        ("城 2-3", "URB2_3"),
        ("urb3", "URB3"),
        ("農業發展地區第四類（原）", "AGR4"),
    ],
)
def test_resolve_class_examples(rs, text, code):
    assert rs.resolve_class(text) == code


def test_resolve_class_variant_and_unknown(rs):
    assert rs.resolve_class_variant("農 4 (原)") == ("AGR4", "indigenous")
    assert rs.resolve_class_variant("農業發展地區第4類（原）") == ("AGR4", "indigenous")
    assert rs.resolve_class_variant("農4") == ("AGR4", None)
    for bad in ("國土保育地區", "國5", "", None, "海1-4"):
        assert rs.resolve_class(bad) is None


# ---------------------------------------------------------------------------------------------------- indicators
def test_every_indicator_name_and_alias_resolves(rs):
    for ind in rs.indicators:
        for text in (ind.name, *ind.aliases):
            hit = rs.match_layer(text)
            assert hit.kind == "indicator", text
            assert ind in hit.indicators, (text, ind.id)
            if ind.layer_group is None:
                assert hit.indicator is ind, text
            assert rs.match_indicator(text + ".json") is hit.indicator


def test_indicator_definitions(rs):
    ids = [i.id for i in rs.indicators]
    assert len(ids) == len(set(ids))
    assert all(step.type in METHOD_TYPES for i in rs.indicators for step in i.method)
    reserve = rs.indicator("nature_reserve")
    assert dict(reserve.targets) == {"land": ("CON1",), "sea": ("MAR1_1",)}
    # 國有林事業區 is read by two indicators splitting on the zone field
    forest = rs.match_layer("國有林事業區")
    assert {i.id for i in forest.indicators} == {
        "national_forest_conservation_zones",
        "national_forest_production_zones",
    }
    assert forest.indicators[0].target("land") == "CON1" and forest.indicators[1].target("land") == "CON2"
    zone_filter = forest.indicators[1].method[0]
    assert zone_filter.type == "attribute_filter" and set(zone_filter.params["values"]) == {"林木經營區", "森林育樂區"}
    # 其他公有森林區 = 森林區 ∩ 公有 − 5 indicators, off when the PENDING switch is on
    other = rs.indicator("other_public_forest")
    derived = next(s for s in other.method if s.type == "derived")
    assert dict(derived.params["include"][0]["parcels"]) == {"nu_zone": ("森林區",), "owner_type": ("公有",)}
    assert {t["indicator"] for t in derived.params["subtract"]} == {
        "national_forest_conservation_zones", "national_forest_production_zones", "protection_forest",
        "forestry_experimental_forest", "university_experimental_forest",
    }  # fmt: skip
    assert other.enabled(rs) is True and other.reads_layer is False
    # county rivers only by switch; landslides clipped to slope land; debris flow polygons only
    assert rs.indicator("county_river_area").enabled(rs) is False
    assert rs.indicator("central_river_area").enabled(rs) is True
    assert ("clip_to", "slope_land") in [
        (s.type, s.params.get("context")) for s in rs.indicator("landslide_geosensitive").method
    ]
    assert rs.indicator("debris_flow_potential").method_types == ("polygons_only",)
    assert rs.indicator("major_construction_project").targets["sea"] == ("MAR1_3",)
    assert rs.indicator("residual_sea").method[0].type == "residual"
    assert set(rs.indicator("rural_district").targets["land"]) == {"AGR4", "URB2_1"}
    assert rs.indicator("rural_district_indigenous").target() == "URB3"


def test_q21_aliases(rs):
    assert rs.match_indicator("保安林地").id == "protection_forest"
    for reef in ("人工魚礁及保護確區", "人工魚礁及保護礁區", "人工魚礁區及保護礁區"):
        assert rs.match_indicator(reef).id == "artificial_reef"
    assert rs.match_indicator("漁港範圍").id == rs.match_indicator("港區範圍").id == "port_area"
    assert rs.match_indicator("土石採取設施設置").id == "sand_gravel_extraction"
    for wetland in ("國家級重要濕地", "國際級重要濕地", "國際、國家級重要濕地"):
        assert rs.match_indicator(wetland).id == "important_wetland"
    for river in ("中央管河川", "央管河川", "中央管河川區域"):
        assert rs.match_indicator(river).id == "central_river_area"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("示範縣_保安林.shp", "protection_forest"),
        ("桃園市保安林", "protection_forest"),
        ("/data/layers/漁業權範圍-面.json", "set_net_fishery_right"),
        ("indicators.gpkg|layername=自然保留區", "nature_reserve"),
        ("農業經營專區", "agricultural_management_zone"),
        ("農業經營專區圖", "agricultural_management_zone"),
        ("港區", "port_area"),
        ("錨地", "anchorage"),
        ("水庫蓄水範圍_2023", "reservoir_storage_area"),
    ],
)
def test_match_indicator_normalisation(rs, name, expected):
    assert rs.match_indicator(name).id == expected


def test_match_layer_kinds_and_roles(rs):
    assert rs.match_layer("完全不相干的圖層").kind == "unknown"
    assert not rs.match_layer("完全不相干的圖層")
    assert rs.context_role("縣市海域區.json") == "sea_area"
    assert rs.context_role("平均高潮線") == "mean_high_tide_line"
    assert rs.context_role("都市計畫範圍") == "urban_plan"
    assert rs.context_role("國家公園範圍") == "national_park"  # an indicator that also plays a context role
    assert rs.match_layer("國家公園範圍").kind == "indicator"
    assert rs.context_role("保安林") is None
    non = rs.match_layer("水庫集水區供家用或公共給水")
    assert non.kind == "non_indicator" and non.non_indicator.reason and non.role == "reservoir_catchment_public_supply"
    assert rs.match_layer("休閒農業區").kind == "non_indicator"


def test_closest_names(rs):
    best = rs.closest_names("保安林區域", n=3)
    assert len(best) == 3
    assert best[0][:2] == ("保安林", "protection_forest")
    assert 0 < best[0][2] <= 1 and best[0][2] >= best[1][2] >= best[2][2]
    assert rs.closest_names("保安林", n=0) == []


@pytest.mark.shared
def test_every_eland_layer_is_known(rs):
    if not ELAND.is_dir():
        pytest.skip(f"shared data not available: {ELAND} (only in the development workspace)")
    names = sorted(p.stem for p in ELAND.glob("*.json"))
    assert len(names) == 73
    unknown = [n for n in names if rs.match_layer(n + ".json").kind == "unknown"]
    assert unknown == []
    kinds = {n: rs.match_layer(n).kind for n in names}
    assert kinds["人工魚礁區及保護礁區"] == "indicator"
    assert kinds["平均高潮線"] == "context"
    assert kinds["沿海自然保護區"] == "non_indicator"


# ---------------------------------------------------------------------------------------------------- thresholds / switches
def test_threshold_edges(rs):
    not_reaching_2ha = rs.threshold("agr2_in_agr1_max_area")  # 「未達 2 公頃」
    assert (not_reaching_2ha.op, not_reaching_2ha.value, not_reaching_2ha.unit) == ("lt", 20000, "m2")
    assert not_reaching_2ha.test(19999.99) is True
    assert not_reaching_2ha.test(20000) is False
    one_ha_or_less = rs.threshold("rdu_sporadic_max_area")  # 「1 公頃以下」
    assert one_ha_or_less.test(10000) is True and one_ha_or_less.test(10000.01) is False
    above_25ha = rs.threshold("agr1_min_block_area")  # 「大於 25 公頃以上」
    assert above_25ha.test(250000) is False and above_25ha.test(250000.5) is True
    at_least_80 = rs.threshold("agr1_agri_use_share")
    assert at_least_80.test(0.8) is True and at_least_80.test(0.7999) is False
    cutoff = rs.threshold("conservation_land_cutoff_date")  # 民國 99 年 6 月 15 日（含）以前
    assert cutoff.test("2010-06-15") is True and cutoff.test("2010-06-16") is False
    assert rs.rule_threshold("SPZ-2", "max_area").key == "spz_enclosed_max_area"
    assert rs.rule_threshold("SPZ-2", "max_area").test(10000) is False


def test_thresholds_never_in_hectares(rs):
    assert all(t.unit != "ha" and t.op in {"lt", "le", "gt", "ge"} for t in rs.thresholds.values())
    raw = _yaml("thresholds.yaml")["thresholds"]
    assert len(raw) == len(rs.thresholds) and all(t["source"] for t in raw)


def test_switch_defaults(rs):
    for key in (
        "con2_requires_con1_adjacency",
        "con2_remnant_merge",
        "water_source_stream_type_out_of_con1",
        "other_public_forest_out_of_con1",
    ):
        sw = rs.switch_def(key)
        assert sw.value is False and sw.status == "PENDING" and sw.group == "reassess_con1_con2"
    assert rs.switch("county_rivers_to_con1") is False
    assert rs.switch("river_boundary_mode") == "河川區域線"
    assert "最寬" in rs.switch_def("river_boundary_mode").allowed
    assert rs.switch("majority_rule") is False
    assert rs.majority_applies("CON2") is False  # off until the county enables it
    by_class = rs.switch("majority_rule_by_class")
    assert by_class["CON1"] is False and all(by_class[c] for c in CANONICAL if c != "CON1")
    assert (rs.switch("marine_numbering_mode"), rs.switch("marine_numbering_start")) == ("traversal", 1)
    assert rs.switch("marine_mar3_remark") is False


def test_precedence_and_rules(rs):
    flat = [c for step in rs.precedence for c in step.classes]
    assert sorted(flat) == sorted(CANONICAL) and len(flat) == 19
    assert rs.class_rank("CON1") < rs.class_rank("AGR1") < rs.class_rank("CON2") < rs.class_rank("AGR2")
    assert rs.class_rank("URB1") < rs.class_rank("CON1")
    assert rs.marine_precedence == ("MAR1_1", "MAR1_2", "MAR1_3", "MAR2", "MAR3")
    ids = {r.id for r in rs.sporadic_rules}
    assert {"SPZ-1", "SPZ-2", "SPZ-3", "SPZ-D", "SPZ-X", "SPZ-C", "MAJ50", "AGR2-IN-AGR1", "CON2-AGR3"} <= ids
    assert {"RDU-UNIT", "RDU-CUM", "RDU-GAP", "RDU-EXCL"} <= ids
    assert rs.rule("MAJ50").enabled(rs) is False and rs.rule("SPZ-2").enabled(rs) is True
    assert [f.name for f in rs.parcel_schema][:10] == [
        "county", "town", "office", "section", "section_name", "parcel_no", "reg_area", "nu_zone", "nu_landuse",
        "owner_type",
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------------- presets
def test_presets_listed():
    ids = [pid for pid, _ in list_presets()]
    assert sorted(ids) == sorted([
        "new_taipei", "taoyuan", "taichung", "tainan", "kaohsiung", "keelung", "yilan", "hsinchu_county",
        "hsinchu_city", "miaoli", "changhua", "nantou", "yunlin", "chiayi_county", "pingtung", "hualien", "taitung",
    ])  # fmt: skip
    assert dict(list_presets())["taoyuan"] == "桃園市"


@pytest.mark.parametrize("pid", [pid for pid, _ in list_presets()])
def test_every_preset_loads_and_marks_its_changes(pid):
    rs = load_ruleset(preset=pid)
    assert rs.preset_id == pid and rs.preset.remark
    for rule in rs.local_rules:
        assert rule.scope == "因地制宜" and rule.source and rule.file.endswith(f"{pid}.yaml")
        assert rule.value != rule.national_value
    for key, sw in rs.switches.items():
        assert (sw.scope == "因地制宜") == (sw.value != sw.national_default), key


def test_taoyuan_preset():
    rs = load_ruleset(preset="taoyuan")
    assert rs.switch("river_boundary_mode") == "最寬"
    assert rs.switch("river_boundary_justification") == "依公告之水道治理計畫線、用地範圍線及河川區域線取最寬者。"
    assert rs.is_local("switches.river_boundary_mode")
    mode = rs.switch_def("river_boundary_mode")
    assert mode.scope == "因地制宜" and mode.local_source == "001_f01d2a00176af413.txt:980"
    assert mode.national_default == "河川區域線"
    codes = {r.code: r for r in rs.sporadic_rules if r.code}
    assert set(codes) == {"納6", "納8", "不納入"}
    assert all(r.scope == "因地制宜" for r in codes.values())
    assert codes["不納入"].text == (
        "不納入鄉村區單元原則：屬狹長突出於鄉村區外之交通或水利用地、現況道路、農水路或考量範圍完整性等情形，且土地權屬為公有者。"
    )
    assert codes["納8"].extends == "RDU-GAP" and "未登錄地" in codes["納8"].gap_types
    local_keys = {r.key for r in rs.local_rules}
    assert {"switches.river_boundary_mode", "sporadic_rules.RDU-NA6"} <= local_keys
    # the national rules are untouched
    assert default_ruleset().switch("river_boundary_mode") == "河川區域線"
    assert "RDU-NA6" not in {r.id for r in default_ruleset().sporadic_rules}


def test_preset_without_difference_has_no_local_rule():
    assert load_ruleset(preset="new_taipei").local_rules == ()
    assert load_ruleset(preset="pingtung").switch("county_rivers_to_con1") is True


def test_unknown_preset():
    with pytest.raises(RuleSetError) as err:
        load_ruleset(preset="atlantis")
    assert err.value.key == "preset" and "taoyuan" in err.value.expected


# ---------------------------------------------------------------------------------------------------- overlays
def test_overlay_changes_are_local_rules(tmp_path):
    path = write(
        tmp_path,
        """
        source: 示範縣國土計畫第 5 章
        thresholds:
          spz_enclosed_max_area: 5000
          agr2_in_agr1_max_area: 20000
        switches:
          majority_rule: true
        classes:
          - code: CON1
            color: "#005500"
        """,
    )
    rs = load_ruleset(overlays=[path])
    assert rs.threshold("spz_enclosed_max_area").value == 5000
    assert rs.threshold("spz_enclosed_max_area").scope == "因地制宜"
    assert rs.threshold("agr2_in_agr1_max_area").scope == "通案"  # same value as national: not local
    assert rs.majority_applies("CON2") is True and rs.majority_applies("CON1") is False
    by_key = {r.key: r for r in rs.local_rules}
    assert set(by_key) == {"thresholds.spz_enclosed_max_area", "switches.majority_rule", "classes.CON1.color"}
    assert by_key["thresholds.spz_enclosed_max_area"].national_value == 10000
    assert by_key["classes.CON1.color"].source == "示範縣國土計畫第 5 章"
    assert rs.class_by_code("CON1").color == "#005500"
    assert str(path) in rs.sources


def test_overlay_then_preset_order(tmp_path):
    path = write(tmp_path, "switches:\n  river_boundary_mode: 用地範圍線\n")
    assert load_ruleset(overlays=[path]).switch("river_boundary_mode") == "用地範圍線"
    assert load_ruleset(overlays=[path], preset="taoyuan").switch("river_boundary_mode") == "最寬"


# ---------------------------------------------------------------------------------------------------- broken files
def test_bad_indentation_gives_yaml_error_with_line(tmp_path):
    path = write(
        tmp_path,
        """
        thresholds:
          - key: spz_enclosed_max_area
            value: 5000
           unit: m2
        """,
    )
    with pytest.raises(RuleSetError) as err:
        load_ruleset(overlays=[path])
    assert err.value.file == str(path)
    assert err.value.line == 4
    assert err.value.key == "(yaml)"
    assert str(err.value).startswith(f"{path}:4: (yaml): YAML syntax error")


def test_wrong_type_names_file_key_line(tmp_path):
    path = write(
        tmp_path,
        """
        classes:
          - code: CON2
            color: 5
        """,
    )
    with pytest.raises(RuleSetError) as err:
        load_ruleset(overlays=[path])
    e = err.value
    assert (e.file, e.key, e.line) == (str(path), "classes[0].color", 3)
    assert "#RRGGBB" in e.expected
    assert str(e) == f"{path}:3: classes[0].color: color is integer 5; expected a colour '#RRGGBB' (quoted)"


def test_unknown_class_in_precedence(tmp_path):
    path = write(
        tmp_path,
        """
        precedence:
          - id: first
            classes: [URB1, AGR5, CON4, CON3, CON1]
            description: test
            source: test
          - id: second
            classes: [URB2_2, CON9]
            description: test
            source: test
        """,
    )
    with pytest.raises(RuleSetError) as err:
        load_ruleset(overlays=[path])
    assert (err.value.key, err.value.line) == ("precedence[1].classes[1]", 7)
    assert "CON9" in err.value.problem and "CON1" in err.value.expected


def test_duplicate_alias_to_a_different_indicator(tmp_path):
    path = write(
        tmp_path,
        """
        indicators:
          - id: county_forest
            name: 縣有林地
            name_en: County forest
            aliases: [縣有林, 保安林地]
            targets: {land: CON2}
            method:
              - {type: extent}
            status: CONFIG
            agency: 示範縣政府
            source: test
        """,
    )
    with pytest.raises(RuleSetError) as err:
        load_ruleset(overlays=[path])
    assert (err.value.file, err.value.key, err.value.line) == (str(path), "indicators[0].aliases[1]", 5)
    assert "protection_forest" in err.value.problem


def test_duplicate_class_alias(tmp_path):
    path = write(tmp_path, "classes:\n  - code: CON3\n    aliases: [國3, 國保1]\n")
    with pytest.raises(RuleSetError) as err:
        load_ruleset(overlays=[path])
    assert err.value.key == "classes[0].aliases[1]" and err.value.line == 3 and "CON1" in err.value.problem


@pytest.mark.parametrize(
    "text, key, line, fragment",
    [
        (
            "indicators:\n  - id: protection_forest\n    method:\n      - {type: buffer}\n",
            "indicators[0].method[0].type",
            4,
            "buffer",
        ),
        ("thresholds:\n  - key: spz_enclosed_max_area\n    op: lte\n", "thresholds[0].op", 3, "lte"),
        ("thresholds:\n  - key: agr1_agri_use_share\n    value: 80\n", "thresholds[0].value", 3, "0..1"),
        ("switches:\n  river_boundary_mode: 河道中心線\n", "switches.river_boundary_mode", 2, "河道中心線"),
        ("switches:\n  majority_rule: 1\n", "switches.majority_rule", 2, "integer"),
        ("indicators:\n  - id: new_layer\n    name: 新圖層\n", "indicators[0]", 2, "missing key"),
        (
            "indicators:\n  - id: protection_forest\n    targets: {sea: CON1}\n",
            "indicators[0].targets.sea",
            3,
            "land class",
        ),
        (
            "sporadic_rules:\n  - id: SPZ-2\n    params: {max_area: no_such_threshold}\n",
            "sporadic_rules[0].params.max_area",
            3,
            "no_such_threshold",
        ),
        ("classes:\n  - code: CON1\n    colour: '#000000'\n", "classes[0].colour", 3, "unknown key"),
        ("zoning:\n  - a\n", "zoning", 1, "unknown section"),
        (
            "indicators:\n  - id: other_public_forest\n    method:\n      - type: derived\n        include:\n"
            "          - {indicator: nowhere}\n",
            "indicators[0].method[0].include[0].indicator",
            6,
            "nowhere",
        ),
        (
            "indicators:\n  - id: tap_water_protection_area\n    method:\n      - {type: clip_to, parcels: {nu_zone: [城市區]}}\n",
            "indicators[0].method[0].parcels.nu_zone[0]",
            4,
            "城市區",
        ),
        ("precedence: []\n", "precedence", 1, "non-empty"),
    ],
)
def test_validation_errors(tmp_path, text, key, line, fragment):
    path = write(tmp_path, text)
    with pytest.raises(RuleSetError) as err:
        load_ruleset(overlays=[path])
    assert (err.value.file, err.value.key, err.value.line) == (str(path), key, line)
    assert fragment in err.value.problem or fragment in err.value.expected


def test_missing_overlay_file(tmp_path):
    with pytest.raises(RuleSetError) as err:
        load_ruleset(overlays=[tmp_path / "nope.yaml"])
    assert err.value.line is None and err.value.file.endswith("nope.yaml")


@pytest.mark.parametrize(
    "value, shown",
    [("[null]", "list [None]"), ("[test, 3]", "list ['test', 3]"), ("{a: 1}", "mapping"), ("0", "integer 0"),
     ("[]", "list []"), ('""', "text ''")],
)
def test_malformed_file_source_names_file_key_line(tmp_path, value, shown):
    # the file's own citation (top-level `source`, optional) is checked like any source: a RuleSetError, never a
    # TypeError (regression: `source: [null]` crashed in the citation join, found by test_fuzz)
    path = write(tmp_path, f"switches:\n  majority_rule: true\nsource: {value}\n")
    with pytest.raises(RuleSetError) as err:
        load_ruleset(overlays=[path])
    assert (err.value.file, err.value.key, err.value.line) == (str(path), "source", 3)
    assert shown in err.value.problem and "source citation" in err.value.expected
    ok = write(tmp_path, "switches:\n  majority_rule: true\nsource: [示範縣國土計畫, 'p. 3']\n", "ok.yaml")
    local = {r.key: r for r in load_ruleset(overlays=[ok]).local_rules}
    assert local["switches.majority_rule"].source == "示範縣國土計畫; p. 3"


def test_a_list_where_a_class_code_belongs_is_a_clear_error(tmp_path):
    # found by test_fuzz: marine_precedence: {order: [[]]} crashed with "unhashable type: 'list'"
    path = write(
        tmp_path,
        """
        marine_precedence:
          order: [[]]
          source: test
        """,
    )
    with pytest.raises(RuleSetError) as err:
        load_ruleset(overlays=[path])
    assert err.value.key.startswith("marine_precedence.order") and "unknown class code []" in err.value.problem
