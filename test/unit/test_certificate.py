"""Content of the 國土功能分區證明書 (RULES.md §7): header texts, rows, wording (Q1-Q3), verification code."""
from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
import shapely

from twzoning.core import certificate as C
from twzoning.core import register as R
from twzoning.core.ruleset import load_ruleset

DAY = dt.date(2025, 11, 24)
ANNOUNCED = dt.date(2025, 4, 30)


@pytest.fixture(scope="module")
def rules():
    return load_ruleset()


def piece(parcel_no, cls, *, use="農牧用地", status="registrable", rule_id="BND-FOLLOW", class_name="", office="HB",
          section="0388", registered=1, **extra):
    row = dict(county="示範縣", town="海濱鄉", office=office, section=section, section_name="濱海段",
               parcel_no=parcel_no, reg_area=100.0, nu_zone="一般農業區", nu_landuse=use, registered=registered,
               class_code=cls, class_name=class_name, status=status, rule_id=rule_id)
    row.update(extra)
    return row


PIECES = pd.DataFrame([
    piece("0001-0000", "AGR2", slope_land=0, permit=""),
    piece("0001-0000", "AGR1", slope_land=0, permit=""),                       # split 農1 / 農2
    piece("0002-0000", "URB2_2", use="交通用地", rule_id="URB22-MIX", slope_land=1, permit=""),
    piece("0003-0000", "AGR4", use="甲種建築用地", class_name="農業發展地區第4類（原）", slope_land=1,
          permit="依示範縣政府114年1月2日府地字第1140000001號函許可『示範計畫』，計畫內容請至『使用許可審議作業及書件查詢系統』查詢。"),
    piece("0004-0000", "CON1", use="丁種建築用地", slope_land=1, assessed=1, permit=""),
    piece("0005-0000", "URB1", use="", status="urban_plan", slope_land=0, permit=""),
    piece("", "CON1", use="", registered=0, slope_land=0, permit=""),
])


def land(rules, keys, **kw):
    kw.setdefault("print_date", DAY)
    kw.setdefault("announce_date", ANNOUNCED)
    return C.land_certificate(PIECES, rules, keys, applicant="王小明", agency="示範縣政府地政處",
                              phone="05-5522000", conservation_field="assessed", **kw)


def test_header_texts(rules):
    cert = land(rules, ["HB|0388|0001-0000"], serial=7)
    assert cert.title == "示範縣國土功能分區證明書(陸域)"
    assert cert.applicant == "申請者：王小明"
    assert cert.case_no == "列印案號：(114)示範縣國證字第H1411240007號"
    assert cert.print_date == "列印日期：114 年 11 月 24 日"
    assert cert.note.startswith("說明： 一、本證明書有效期限為 3 個月，")
    assert cert.note.endswith("二、如對本證明書有任何疑義，請洽示範縣政府地政處（電話：05-5522000）。")
    assert cert.columns == ("序號", "鄉（鎮、市、區）名稱", "地段名稱", "地號", "國土功能分區及其分類", "使用地編定類別",
                            "土地使用管制注意事項", "原依區域計畫法編定之使用地及許可內容")
    assert cert.total == "共計 1 筆、以下空白"
    assert cert.page_template == "114/11/24 第 {page} 頁/共 {pages} 頁"


def test_rows_follow_the_request_order_with_certificate_wording(rules):
    cert = land(rules, ["HB|0388|0004-0000", "HB 0388 0001-0000", "HB|0388|0002-0000", "HB|0388|0003-0000"],
                permit_field="permit")
    assert cert.keys == ["HB|0388|0004-0000", "HB|0388|0001-0000", "HB|0388|0002-0000", "HB|0388|0003-0000"]
    con1, split, urb22, agr4 = (r.cells for r in cert.rows)
    assert con1 == ("1", "海濱鄉", "濱海段", "0004-0000", "國土保育地區第一類\n114/04/30", "國土保育用地", "",
                    "屬原區域計畫法編定之丁種建築用地")
    assert split[4] == "農業發展地區第一類\n農業發展地區第二類\n114/04/30"  # Q2: one per line, no 部分
    assert split[7] == "屬原區域計畫法編定之農牧用地"                          # Q3: no 依
    assert urb22[6] == "非屬開發許可範圍且位於山坡地，比照農業發展地區第3類進行管制"
    assert agr4[4] == "農業發展地區第四類（原）\n114/04/30"
    assert agr4[6] == "農業發展地區第4類(原住民族聚落)"
    assert agr4[7] == ("1. 屬原區域計畫法編定之甲種建築用地\n"
                       "2. 依示範縣政府114年1月2日府地字第1140000001號函許可『示範計畫』，計畫內容請至『使用許可審議作業及書件查詢系統』查詢。")


def test_permit_field_and_notes_field(rules):
    cert = land(rules, ["HB|0388|0002-0000"], notes_field="permit", permit_field="permit")
    assert cert.rows[0].cells[6] == "非屬開發許可範圍且位於山坡地，比照農業發展地區第3類進行管制"


def test_provisional_number_of_the_register_is_a_valid_key(rules):
    cert = land(rules, ["HB|0388|暫0001"])
    assert cert.rows[0].cells[3] == "暫0001"


def test_unknown_keys_and_urban_plan_land_are_refused(rules):
    with pytest.raises(R.InputError, match="HB\\|0388\\|9999-0000"):
        land(rules, ["HB|0388|9999-0000"])
    with pytest.raises(R.InputError, match="urban-plan"):
        land(rules, ["HB|0388|0005-0000"])
    with pytest.raises(R.InputError):
        land(rules, [])


def test_verification_code_pattern_and_tamper_evidence(rules):
    first = land(rules, ["HB|0388|0001-0000"])
    again = land(rules, ["HB|0388|0001-0000"])
    other = land(rules, ["HB|0388|0002-0000"])
    keyed = land(rules, ["HB|0388|0001-0000"], secret=b"office key")
    assert re.fullmatch(r"114H1124[A-Z2-7]{6}", first.code)
    assert first.verification == "驗證碼 " + first.code
    assert first.code == again.code
    assert first.code != other.code and first.code != keyed.code
    content = C._content(first.case_no.split("：", 1)[1], first.print_date, first.applicant, first.rows)
    assert C.verification_code(rules, "H", DAY, content) == first.code


def test_sea_certificate_lists_the_classes_a_query_touches(rules):
    zones = pd.DataFrame({"class_code": ["MAR3", "MAR1_1", "MAR2"], "permit": ["", "依內政部核發海底電纜或管道設置範圍。", ""],
                          "landuse": ["", "應經申請同意用地", "許可用地（使）"]})
    zone_geoms = np.array([shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100), shapely.box(300, 0, 400, 100)],
                          dtype=object)
    query = shapely.box(50, 10, 150, 60)
    query84 = shapely.Polygon([(120.879677, 25.178566), (120.895003, 25.190627), (120.914936, 25.177775)])
    cert = C.sea_certificate(zones, zone_geoms, [query84], np.array([query], dtype=object), rules, county="示範縣",
                             county_letter="h", applicant="示範公司", print_date=DAY, announce_date=ANNOUNCED,
                             permit_field="permit", landuse_field="landuse")
    assert cert.title == "示範縣國土功能分區證明書(海域)"
    cells = cert.rows[0].cells
    assert cells[1] == "1. 120.879677, 25.178566\n2. 120.895003, 25.190627\n3. 120.914936, 25.177775"
    assert cells[2] == "海洋資源地區第一類之一\n114/04/30\n海洋資源地區第三類\n114/04/30"
    assert cells[5] == "依內政部核發海底電纜或管道設置範圍。"
    assert cells[3] == "許可用地（應）"  # the old name 應經申請同意用地 is renamed (RULES.md §6.4); 海2 is not touched
    assert cert.columns == ("序號", "範圍", "國土功能分區及其分類", "使用地編定類別", "土地使用管制注意事項",
                            "原依區域計畫法許可內容")
    assert re.fullmatch(r"114H1124[A-Z2-7]{6}", cert.code)


def test_normalise_key():
    assert C.normalise_key(" HB , 0388 , 0012-0000 ") == "HB|0388|0012-0000"
    assert C.normalise_key("HB 0388 0012-0000") == "HB|0388|0012-0000"
