"""Class names per output kind and split-parcel wording (DECISIONS.md Q1, Q2)."""

from __future__ import annotations

import pytest

from twzoning.core.catalogue import KINDS, class_name, split_wording
from twzoning.core.ruleset import load_ruleset


@pytest.mark.parametrize(
    "code, kind, expected",
    [
        ("CON1", "register", "國土保育地區第1類"),
        ("CON1", "certificate", "國土保育地區第一類"),
        ("CON1", "short", "國1"),
        ("CON1", "en", "Conservation Area Class 1"),
        ("MAR1_1", "appendix", "海洋資源地區第1類之1"),
        ("MAR1_1", "certificate", "海洋資源地區第一類之一"),
        ("MAR1_1", "short", "海1-1"),
        ("MAR3", "appendix", "海洋資源地區第3類"),
        ("AGR3", "register", "農業發展地區第3類"),
        ("AGR3", "statistics", "農業發展地區第3類"),
        ("URB2_1", "register", "城鄉發展地區第2類之1"),
        ("URB2_1", "certificate", "城鄉發展地區第二類之一"),
        ("URB2_2", "certificate", "城鄉發展地區第二類之二"),
        ("URB2_3", "en", "Urban-Rural Development Area Class 2-3"),
        ("URB3", "short", "城3"),
    ],
)
def test_class_name_per_kind(code, kind, expected):
    assert class_name(code, kind) == expected


def test_indigenous_variant_of_agr4():
    assert class_name("AGR4", "register", variant="indigenous") == "農業發展地區第4類（原）"
    assert class_name("AGR4", "statistics", variant="indigenous") == "農業發展地區第4類（原）"
    assert class_name("AGR4", "certificate", variant="indigenous") == "農業發展地區第四類（原）"
    assert class_name("AGR4", "short", variant="indigenous") == "農4（原）"
    assert (
        class_name("AGR4", "en", variant="indigenous")
        == "Agricultural Development Area Class 4 (indigenous settlement)"
    )
    # the variant implied by an alias
    assert class_name("農 4(原)") == "農業發展地區第4類（原）"
    assert class_name("農業發展地區第 4 類(原)", "certificate") == "農業發展地區第四類（原）"
    assert class_name("AGR4") == "農業發展地區第4類"
    with pytest.raises(KeyError):
        class_name("CON1", variant="indigenous")


def test_aliases_accepted_as_input():
    assert class_name("國 2") == "國土保育地區第2類"
    assert class_name("城鄉發展地區第2之1類", "short") == "城2-1"
    assert class_name("國土保育地區第 1 類") == "國土保育地區第1類"


def test_unknown_class_and_kind():
    with pytest.raises(ValueError, match="unknown class"):
        class_name("CON9")
    with pytest.raises(ValueError, match="unknown name kind"):
        class_name("CON1", "poster")
    with pytest.raises(ValueError):
        split_wording(["CON1"], "poster")


def test_every_class_has_every_kind():
    rs = load_ruleset()
    for cls in rs.classes:
        names = {kind: class_name(cls.code, kind, rs) for kind in KINDS}
        assert names["register"] == names["appendix"] == names["statistics"] == cls.name
        assert " " not in names["register"]
        assert names["certificate"] != names["register"]


def test_split_wording_register_order_and_duplicates():
    expected = "部分國土保育地區第1類、部分國土保育地區第2類"
    assert split_wording(["CON1", "CON2"]) == expected
    assert split_wording(["CON2", "CON1"]) == expected
    assert split_wording(["國2", "CON1", "CON2", "國 1"]) == expected
    assert split_wording(["AGR2", "CON1", "URB2_1"]) == (
        "部分國土保育地區第1類、部分農業發展地區第2類、部分城鄉發展地區第2類之1"
    )


def test_split_wording_single_and_empty():
    assert split_wording(["AGR1"]) == "農業發展地區第1類"
    assert split_wording(["AGR1", "農1"]) == "農業發展地區第1類"
    assert split_wording([]) == ""
    assert split_wording(["AGR4", "農4(原)"]) == "部分農業發展地區第4類、部分農業發展地區第4類（原）"


def test_split_wording_certificate():
    assert split_wording(["AGR2", "AGR1"], "certificate") == "農業發展地區第一類\n農業發展地區第二類"
    assert split_wording(["URB2_2"], "certificate") == "城鄉發展地區第二類之二"
    assert "部分" not in split_wording(["CON1", "CON2"], "certificate")


def test_spacing_switch(tmp_path):
    overlay = tmp_path / "spaced.yaml"
    overlay.write_text("switches:\n  class_name_spacing: spaced\n", encoding="utf-8")
    rs = load_ruleset(overlays=[overlay])
    assert class_name("CON1", "register", rs) == "國土保育地區第 1 類"
    assert class_name("MAR1_2", "appendix", rs) == "海洋資源地區第 1 類之 2"
    assert class_name("AGR4", "register", rs, variant="indigenous") == "農業發展地區第 4 類（原）"
    assert class_name("CON1", "certificate", rs) == "國土保育地區第一類"
    assert split_wording(["CON2", "CON1"], ruleset=rs) == "部分國土保育地區第 1 類、部分國土保育地區第 2 類"
