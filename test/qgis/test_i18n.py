"""Traditional Chinese and English throughout (issue #9).

What the registry shows for every twzoning algorithm (display name, group, description and help, every parameter's
label, help and options, every output's label) is read in both languages, the way QGIS shows it:

* ``zh-Hant``: every text holds Chinese, and no English word is left outside parentheses except codes and names
  that are an API (see :func:`english_words`). An English gloss inside parentheses after a Chinese term, e.g. a
  rule-data option ``河川區域線 (river-area line)``, is allowed.
* ``en``: Chinese appears only *quoted on purpose* (see :func:`unquoted_chinese`): inside parentheses ``( )`` /
  ``（ ）`` or corner brackets ``「 」`` (the official term after its English description, or a quoted wording), or as an
  official term used as a name: a zoning class (國1 … 城3, through the catalogue), a layer name of the rule set
  (indicators, context layers and their aliases, through ``RuleSet.match_layer``), a table of the official documents
  (表17, 表29 …), or one of :data:`OFFICIAL_TERMS` (RULES.md §10 glossary and the legal forms' column names).

The loader maps zh-Hant / zh_TW / zh-TW / zh_HK to the .qm and everything else to English; the .ts is complete and
the .qm compiled from it; the generated docs are current.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from qgis.PyQt.QtCore import QCoreApplication, QSettings

ROOT = Path(__file__).resolve().parents[2]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")
#: A run of Chinese as it is written in the English texts: CJK characters with the digits and dashes that belong to
#: the name (城2-1, 海洋資源地區-參考坐標附表, 附件三).
CJK_RUN_RE = re.compile(f"[{CJK}○△][{CJK}○△0-9]*(?:-[{CJK}○△0-9]+)*")

#: Official terms an English text may use bare, as names (RULES.md §10 glossary, the legal forms' column names, and
#: the certificate's / register's own words). Each is Chinese on purpose: the English help names the form field or
#: the document the user must recognise.
OFFICIAL_TERMS = frozenset("""
國土保育用地 因地制宜 鄉村區單元 零星土地 界線決定 劃設參考指標 繪製作業辦法 繪製說明書 附件三 說明 二 備註 編號 坐標
參考坐標 海洋資源地區-參考坐標 X坐標 Y坐標 列印日期 列印案號 許可用地 既成巷道 產業道路 農水路 最寬 分段 海洋資源地區 海 是 否 纜線 農業區
屬原依區域計畫法編定之○○用地 屬原區域計畫法編定之○○用地 示範縣政府地政處
""".split())
TABLE_RE = re.compile(r"^表\d+$")


def _tools_module(name: str):
    spec = importlib.util.spec_from_file_location(f"_tools_{name}", ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_docs(plugin):
    return _tools_module("make_docs")


def visible_texts(texts: dict) -> list[tuple[str, str]]:
    """(where, text) for everything the registry shows of one algorithm."""
    out = [("displayName", texts["display"]), ("group", texts["group"]), ("shortHelpString", texts["short_help"])]
    for p in texts["params"]:
        out += [(f"{p['name']}.description", p["description"]), (f"{p['name']}.help", p["help"])]
        out += [(f"{p['name']}.option[{i}]", o) for i, o in enumerate(p["options"])]
    out += [(f"{o['name']}.description", o["description"]) for o in texts["outputs"]]
    return [(f"{texts['id']} {where}", text) for where, text in out if text]


def strip_parenthesised(text: str) -> str:
    """The text with every ( … ), （ … ） and 「 … 」 removed, innermost first."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\([^()（）]*\)|（[^()（）]*）|「[^「」]*」", " ", text)
    return text


# -- zh-Hant -------------------------------------------------------------------------------------------------------
def api_words() -> set[str]:
    """English words that are names, not prose: field names of every field contract in core and algorithms
    (module-level lists of ``(name, kind)`` pairs), the parcel schema, status values, shipped preset ids, and product / format names."""
    import importlib
    import pkgutil

    import twzoning.algorithms as algorithms
    import twzoning.core as core
    from twzoning.core.ruleset import list_presets, load_ruleset

    words = set()
    modules = [f"twzoning.core.{i.name}" for i in pkgutil.iter_modules(core.__path__)]
    modules += [f"twzoning.algorithms.{i.name}" for i in pkgutil.iter_modules(algorithms.__path__)]
    for name in modules:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, (list, tuple)) and value and all(
                    isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, str) for x in v) for v in value):
                words |= {name for name, _kind in value}
    words |= {f.name for f in load_ruleset().parcel_schema}
    words |= {pid for pid, _name in list_presets()}
    from twzoning.core import fields

    words |= {v for k, v in vars(fields).items() if k.startswith("STATUS_")}
    # decision and comparison values written in the tables, and product names
    words |= {"accepted", "refused", "proposed", "flagged", "comment", "added", "removed", "moved", "renumbered",
              "unchanged", "table", "seq", "true", "false", "Excel", "GeoPackage", "Debian", "Big5", "QGIS"}
    return words


def english_words(text: str, allowed: set[str]) -> list[str]:
    """English words left in a Chinese text outside parentheses. Not words: tokens with a digit or one of
    ``_ . : / | # * < > -`` (codes, ids, file names, EPSG:3826, native:fixgeometries, RULES.md), upper-case codes
    and parameter names (CON1, MAPPING, XLSX), single letters, and the names of :func:`api_words`."""
    text = strip_parenthesised(text)
    text = re.sub(r"[A-Za-z0-9_.:/|#*<>@§\-]*[0-9_.:/|#*<>@§][A-Za-z0-9_.:/|#*<>@§\-]*", " ", text)
    text = re.sub(r"\b[A-Z][A-Z0-9]+\b", " ", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in allowed]


def test_zh_hant_has_no_english_only_text(make_docs):
    allowed = api_words()
    problems = []
    for _alg, texts in make_docs.algorithms("zh-Hant"):
        for where, text in visible_texts(texts):
            if not CJK_RE.search(text) and english_words(text, allowed):
                problems.append(f"{where}: English only: {text!r}")
            elif english_words(text, allowed):
                problems.append(f"{where}: English words {english_words(text, allowed)} in {text!r}")
    assert not problems, "\n".join(problems)


def test_zh_hant_is_really_translated(make_docs):
    """The check above can fail: the same texts in English are full of English words."""
    allowed = api_words()
    english = [t for _a, texts in make_docs.algorithms("en") for _w, t in visible_texts(texts)
               if english_words(t, allowed)]
    assert len(english) > 100


# -- en ------------------------------------------------------------------------------------------------------------
def unquoted_chinese(text: str, rules) -> list[str]:
    """Chinese runs of an English text that are not quoted on purpose (see the module docstring)."""
    from twzoning.core import catalogue

    bad = []
    for run in CJK_RUN_RE.findall(strip_parenthesised(text)):
        if run in OFFICIAL_TERMS or TABLE_RE.match(run) or rules.match_layer(run).kind != "unknown":
            continue
        try:
            if catalogue.resolve(run, rules)[0]:
                continue
        except (KeyError, ValueError):
            pass
        bad.append(run)
    return bad


def test_english_has_chinese_only_quoted_on_purpose(make_docs):
    from twzoning.core.ruleset import load_ruleset

    rules = load_ruleset()
    problems = []
    for _alg, texts in make_docs.algorithms("en"):
        for where, text in visible_texts(texts):
            bad = unquoted_chinese(text, rules)
            if bad:
                problems.append(f"{where}: {bad} in {text[:120]!r}")
    assert not problems, "\n".join(problems)


def test_quoted_on_purpose_rule_can_fail():
    from twzoning.core.ruleset import load_ruleset

    rules = load_ruleset()
    assert unquoted_chinese("Validate inputs (輸入資料檢查)", rules) == []
    assert unquoted_chinese("the wording 「部分A、部分B」 and 國1, 城2-1, 表31, 河川區域線", rules) == []
    assert unquoted_chinese("輸入資料檢查 of the parcels", rules) == ["輸入資料檢查"]
    assert english_words("檢查 the parcels（請先修正）", set()) == ["the", "parcels"]
    assert english_words("欄位 class_code、EPSG:3826、CON1、MAPPING (river line)", set()) == []


# -- loader --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("locale", ["zh-Hant", "zh_TW", "zh-TW", "zh_HK", "zh_Hant_TW", "zh_TW.UTF-8"])
def test_traditional_chinese_locales_use_the_qm(plugin, locale):
    from twzoning import plugin as plugin_module

    assert plugin_module.translation_for(locale) == str(ROOT / "i18n" / "twzoning_zh-Hant.qm")


@pytest.mark.parametrize("locale", ["en", "en_US", "zh_CN", "zh-Hans", "zh", "fr_FR", "", None])
def test_other_locales_fall_back_to_english(plugin, locale):
    from twzoning import plugin as plugin_module

    assert plugin_module.translation_for(locale) is None


def test_plugin_installs_and_removes_its_translator(plugin, qgis_iface):
    """With QGIS set to zh-Hant, a new plugin instance shows the algorithms in Chinese; after unload, English."""
    import twzoning
    from twzoning.algorithms.validate_inputs import ValidateInputs

    settings = QSettings()
    before = settings.value("locale/userLocale")
    settings.setValue("locale/userLocale", "zh-Hant")
    try:
        instance = twzoning.classFactory(qgis_iface)
        assert instance.translator is not None
        assert ValidateInputs().displayName() == "輸入資料檢查"
        assert QCoreApplication.translate("TwZoning", "Parcels (地籍)") == "地籍"
        instance.unload()
        assert ValidateInputs().displayName() == "Validate inputs (輸入資料檢查)"
        settings.setValue("locale/userLocale", "en_US")
        assert twzoning.classFactory(qgis_iface).translator is None
    finally:
        if before is None:
            settings.remove("locale/userLocale")
        else:
            settings.setValue("locale/userLocale", before)


# -- the files are current -----------------------------------------------------------------------------------------
def test_ts_complete_and_qm_current(plugin):
    i18n = _tools_module("i18n")
    strings, errors, complete = i18n.all_strings()
    assert complete and not errors
    known = i18n.read_ts()
    assert sorted(s for s in strings if s not in known) == []
    assert sorted(s for s in strings if not known[s][1]) == []
    assert sorted(s for s in known if s not in strings) == []
    assert i18n.check() == 0


def form_strings(path: Path) -> set[tuple[str, str]]:
    """(context, text) of every translatable text of a Qt Designer form, read from the XML itself: uic translates
    each ``<string>`` not marked ``notr="true"`` in the context of the form's ``<class>``."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    context = root.findtext("class")
    return {(context, el.text) for el in root.iter("string") if el.text and el.get("notr") != "true"}


def test_ui_form_texts_are_in_the_ts_and_translated(plugin):
    """The panel's .ui labels are extracted in uic's context and translated (the completeness check above covers
    them because the extraction finds them)."""
    i18n = _tools_module("i18n")
    strings, errors = i18n.extract()
    known = i18n.read_ts()
    forms = sorted((ROOT / "ui").glob("*.ui"))
    assert forms and not errors
    for form in forms:
        texts = form_strings(form)
        assert len(texts) >= 30, form
        assert sorted(texts - set(strings)) == [], f"{form.name}: texts the extraction misses"
        assert sorted(t for t in texts if not known.get(t, ("", False))[1]) == [], f"{form.name}: untranslated"
        assert all(CJK_RE.search(known[t][0]) for t in texts)


def test_a_form_text_without_translation_fails_the_check(plugin, tmp_path, monkeypatch, capsys):
    """The check can fail: a label added to the form but not to the .ts is reported, in the form's context."""
    i18n = _tools_module("i18n")
    form = tmp_path / "dock.ui"
    text = (ROOT / "ui" / "dock.ui").read_text(encoding="utf-8")
    form.write_text(text.replace("<string>Default order (預設順序)</string>",
                                 "<string>Reverse the order (反轉順序)</string>"), encoding="utf-8")
    original = i18n.source_files
    monkeypatch.setattr(i18n, "source_files", lambda suffix=".py": original(suffix) + (
        [form] if suffix == ".ui" else []))
    monkeypatch.setattr(i18n, "runtime_strings", lambda: None)  # static strings only: fast
    assert i18n.check() == 1
    assert "not in twzoning_zh-Hant.ts: [TwZoningDock] 'Reverse the order (反轉順序)'" in capsys.readouterr().out


def test_generated_docs_are_current(make_docs):
    files = make_docs.render_all()
    assert {p.parent.name for p in files if p.parent.parent.name == "reference"} == {"en", "zh-Hant"}
    assert make_docs.stale(files) == [], "run `make docs`"
