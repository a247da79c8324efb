"""Panel 34 (and panel 31 K4) input and products-line fixes, each asserted on the firm that showed it, in the words the
client reads (ko and en):

* F06 — a firm excluding Xinjiang (CN-XJ) was rejected whole ("unknown region 'CN-XJ'"): a valid ISO 3166-2:CN
  region the reports hold no data on is accepted with a warning and left out of the list; a made-up region is still
  rejected with the old message; the one-firm quick path gives what the pandas validator gives.
* F13b — "자사 온라인몰 판매, 티몰 글로벌 입점 계획" was told "귀사는 이미 국경 간 온라인 채널로 판매하고 있습니다" and that
  its products line named another industry ('티몰 글로벌 입점 계획'): a planned channel is not one the firm sells
  through, and a sales channel is no industry.
* F12 / K4 — a cosmetics ODM/OEM supplying Chinese brands was told to list its goods on Tmall Global: a B2B supplier
  is told the reports do not treat B2B supply to Chinese brands.
"""

from __future__ import annotations

import json

import pytest

from features.firms import read_firms
from features.firms.quick import quick_read
from features.firms.readers import read_firm_frame
from features.firms.validation import validate_frame

HEADER = ("사업자번호,기업명,업종코드,주생산품,종업원수,매출액(억원),중국경험(년),중국법인,중국법인지역,위험성향,"
          "preferred_regions,excluded_regions")  # fmt: skip
#: panel 34 F06 as first written (IVD kits, excluding Xinjiang)
F06 = '211-88-10006,㈜진단바이오텍,21301,"체외진단 키트 (코로나 신속항원 진단키트, 분자진단 PCR 시약)",210,1200,3,N,,medium,{pref},{excl}'
#: panel 34 F13b: baby food, own web shop, Tmall Global only planned
F13B = '211-88-10013,㈜맘스키친,10799,"유기농 이유식·유아 간식 (자사 온라인몰 판매, 티몰 글로벌 입점 계획)",22,45,0,N,,low,,'
#: panel 34 F12: cosmetics ODM supplying Chinese brands (entity in Zhejiang)
F12 = '211-88-10012,㈜코스맥스타,20423,"기초·색조 화장품 ODM (중국 브랜드사 B2B 공급, 쿠션팩트·스킨케어)",900,3500,10,Y,저장성,medium,,'
#: panel 31 K4: cosmetics OEM/ODM supplying Chinese brands
K4 = '606-86-44504,㈜해운대코스메틱랩,20423,"기초화장품·선크림 OEM/ODM, 마스크팩 (중국 브랜드사 납품)",110,390,5,N,,high,,'


def _csv(tmp_path, row: str, name: str = "firm.csv"):
    path = tmp_path / name
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    return path


def _run(path, capsys, *args: str) -> tuple[str, str]:
    from recommender.cli import main

    capsys.readouterr()
    assert main(["recommend", str(path), *args]) == 0
    got = capsys.readouterr()
    return got.out, got.err


# ---------------------------------------------------------------- F06: Xinjiang excluded
def test_f06_xinjiang_excluded_is_accepted_with_a_warning_and_dropped(kb, tmp_path):
    """Panel 34 F06: the row is accepted, CN-XJ is warned about (en and ko) and left out of excluded_regions."""
    batch = read_firms(_csv(tmp_path, F06.format(pref="", excl="CN-XJ")), kb.regions)
    assert batch.accepted == 1 and not batch.rejected
    assert batch.firms.excluded_regions == [()]
    warn = [w for w in batch.warnings if "CN-XJ" in w]
    assert len(warn) == 1
    assert "reports hold no data on it" in warn[0] and "excluding it changes nothing" in warn[0]
    assert "보고서에 이 지역 자료가 없어" in warn[0] and "제외해도 달라지는 것이 없어" in warn[0]
    (rw,) = [w for w in batch.row_warnings if w.column == "excluded_regions"]
    assert rw.row == 2 and "신장위구르자치구" in rw.reason_ko and "Xinjiang" in rw.reason


def test_f06_other_excluded_regions_stay_and_names_work(kb, tmp_path):
    """A known region beside CN-XJ is kept; Xinjiang and Tibet by Korean name are read too."""
    batch = read_firms(_csv(tmp_path, F06.format(pref="", excl="CN-XJ;CN-BJ;티베트;신장")), kb.regions)
    assert batch.accepted == 1 and batch.firms.excluded_regions == [("CN-BJ",)]
    assert sum("CN-XZ" in w for w in batch.warnings) == 1 and sum("CN-XJ" in w for w in batch.warnings) == 1


@pytest.mark.parametrize("code", ["CN-XZ", "CN-QH", "CN-GS", "CN-NM", "CN-HL", "CN-YN", "CN-SX", "CN-HK", "CN-MO",
                                  "CN-TW"])  # fmt: skip
def test_every_province_level_code_outside_the_table_is_accepted(kb, tmp_path, code):
    """The 34 ISO 3166-2:CN codes: the ones data/regions.csv lacks are accepted (excluded and preferred)."""
    assert code not in kb.regions
    batch = read_firms(_csv(tmp_path, F06.format(pref=code, excl=code)), kb.regions)
    assert batch.accepted == 1
    assert batch.firms.excluded_regions == [()] and batch.firms.preferred_regions == [()]
    pref = [w for w in batch.warnings if "preferred_regions" in w and code in w]
    assert pref and "preference cannot be honoured" in pref[0] and "선호를 반영할 수 없습니다" in pref[0]


def test_truly_unknown_region_is_still_rejected_with_the_old_message(kb, tmp_path):
    batch = read_firms(_csv(tmp_path, F06.format(pref="", excl="CN-XX")), kb.regions)
    assert batch.accepted == 0
    assert batch.rejected[0].reason == ("excluded_regions: unknown region 'CN-XX' — use ids such as CN-BJ or names "
                                        "such as 베이징")  # fmt: skip


@pytest.mark.parametrize("excl", ["CN-XJ", "CN-XJ;CN-BJ", "CN-BJ", "Atlantis"])
def test_quick_path_equals_the_pandas_validator(kb, tmp_path, excl):
    """tests/test_firms_quick.py's contract on the F06 row: read_firms (quick path when it can) == validate_frame."""
    path = _csv(tmp_path, F06.format(pref="", excl=excl))
    quick = quick_read(path, kb.regions)
    full = validate_frame(read_firm_frame(path), kb.regions, source=path.name)
    got = read_firms(path, kb.regions)
    if "CN-XJ" in excl or excl == "Atlantis":
        assert quick is None  # a warning or a rejection: the pandas validator words it
    for a in (got, *(() if quick is None else (quick,))):
        assert a.firms.excluded_regions == full.firms.excluded_regions
        assert a.warnings == full.warnings and [e.as_dict() for e in a.rejected] == [e.as_dict() for e in full.rejected]
        assert [e.as_dict() for e in a.row_warnings] == [e.as_dict() for e in full.row_warnings]


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_f06_recommend_runs_end_to_end(tmp_path, capsys, fmt):
    """Nothing downstream meets CN-XJ: the answer is the one without the exclusion (panel 34 F06)."""
    out_x, err = _run(_csv(tmp_path, F06.format(pref="", excl="CN-XJ"), "x.csv"), capsys, "--format", fmt, "--lang", "en")
    out_0, _ = _run(_csv(tmp_path, F06.format(pref="", excl=""), "o.csv"), capsys, "--format", fmt, "--lang", "en")
    assert "CN-XJ (Xinjiang) is a valid Chinese region" in err
    if fmt == "json":
        a, b = json.loads(out_x), json.loads(out_0)
        assert a["recommendations"] == b["recommendations"] and a["coverage"] == b["coverage"]
    else:
        assert out_x.replace("x.csv", "o.csv") == out_0 or fmt == "html"


# ---------------------------------------------------------------- F13b: a planned channel
def test_f13b_planned_channel_is_not_already_selling(tmp_path, capsys):
    """Panel 34 F13b: no "already sells" wording, the channel called planned, no mismatch note on '티몰 글로벌'."""
    path = _csv(tmp_path, F13B)
    ko, _ = _run(path, capsys, "--format", "md")
    en, _ = _run(path, capsys, "--format", "md", "--lang", "en")
    assert "이미 국경 간 온라인 채널로 판매" not in ko and "이미 이 경로로 판매 중" not in ko
    assert "already sells through a cross-border" not in en and "You already sell this way" not in en
    assert "계획 중인(아직 판매 전) 판매 경로('티몰 글로벌')" in ko
    assert "the sales channel your products line plans (not yet selling) ('Tmall Global')" in en or \
        "your products line plans (not yet selling)" in en
    assert "주생산품이 가리키는 업종" not in ko and "name different industries" not in en
    # the channel route is still taken: the firm intends it
    assert "전자상거래" in ko.split("## 1위", 1)[1].split("\n", 1)[0]


def test_selling_channel_reads_plan_words():
    from features.firms.infer import selling_channel

    assert selling_channel("10799", "이유식 (티몰 글로벌 입점 계획)") == ((), ("티몰 글로벌",))
    assert selling_channel("10799", "이유식 (역직구 판매 중, 티몰 입점 예정)") == (("역직구",), ("티몰",))
    assert selling_channel("20423", "스킨케어 (plan to list on Tmall Global)")[0] == ()
    assert selling_channel("20423", "스킨케어 (티몰 글로벌 판매)") == (("티몰 글로벌",), ())


def test_a_channel_sold_through_now_keeps_the_already_note():
    """Panel 26 F11's case (a cosmetics maker on Tmall Global) still reads as already selling."""
    from recommender.channel_next import stated_channel

    assert stated_channel({"industry_code": "20423", "products": "기초 화장품 (티몰 글로벌 입점 판매 중)"})
    assert not stated_channel({"industry_code": "20423", "products": "기초 화장품 (티몰 글로벌 입점 준비 중)"})


# ---------------------------------------------------------------- F12 / K4: B2B supply
@pytest.mark.parametrize("row", [F12, K4], ids=["panel34-F12", "panel31-K4"])
def test_b2b_supplier_gets_no_consumer_channel_step(tmp_path, capsys, row):
    path = _csv(tmp_path, row)
    ko, _ = _run(path, capsys, "--format", "md")
    en, _ = _run(path, capsys, "--format", "md", "--lang", "en")
    assert "다음 단계: 제품 설명으로 보아 귀사는 브랜드사에 제품을 공급하는 B2B(OEM·ODM·납품) 기업입니다" in ko
    assert "보고서는 중국 브랜드사에 대한 B2B 공급을 다루지 않아" in ko
    assert "The reports do not treat B2B supply to Chinese brands" in en
    assert "티몰 글로벌 입점') 다시 실행하세요" not in ko and "Tmall Global store" not in en
    assert "보고서는 귀사의 주업종(화장품)을 다루지 않아" in ko  # still the honest "not covered"


def test_b2b_supplier_with_its_own_brand_keeps_the_channel_hint(kb):
    from recommender.industry_scope import industry_scope

    scope = industry_scope(kb, {"industry_code": "15219", "products": "기능성 러닝화·안전화 OEM, 자체 브랜드 운동화"})
    assert scope["consumer_channel_hint"]
    assert scope["b2b_supply_note"]["ko"] == ("귀사의 B2B 공급(OEM·ODM·납품)은 보고서가 다루지 않습니다 — 아래 안내는 귀사 "
                                              "자체 브랜드 제품에 대한 것입니다.")  # fmt: skip
    plain = industry_scope(kb, {"industry_code": "20423", "products": "기초 화장품 스킨케어"})
    assert "b2b_supply_note" not in plain and plain["consumer_channel_hint"]
