"""The 34 province-level divisions of China (ISO 3166-2:CN codes, with Korean, Chinese and English names), so that a
firm may name a real region the reports hold no data on.

The rule: ``data/regions.csv`` lists only the regions the two 2018 reports describe (23 of the 34). A firm that
excludes or prefers one of the other eleven (Xinjiang CN-XJ, Tibet CN-XZ, Qinghai CN-QH, Gansu CN-GS, Inner Mongolia
CN-NM, Heilongjiang CN-HL, Yunnan CN-YN, Shanxi CN-SX, Hong Kong CN-HK, Macao CN-MO, Taiwan CN-TW) has written a
valid region, not a typo: the validator accepts the row, warns that the reports hold no data on that region, and drops
the id from the firm's list (nothing downstream knows it). Panel 34 F06: a firm excluding Xinjiang was rejected
whole with "unknown region 'CN-XJ'". A code or name outside this table is still an unknown region.
"""

from __future__ import annotations

from features.firms.schema import _norm_header

#: ISO 3166-2:CN code → (Korean, Chinese, English) name
PROVINCES: dict[str, tuple[str, str, str]] = {
    "CN-AH": ("안후이성", "安徽", "Anhui"), "CN-BJ": ("베이징", "北京", "Beijing"),
    "CN-CQ": ("충칭", "重庆", "Chongqing"), "CN-FJ": ("푸젠성", "福建", "Fujian"),
    "CN-GD": ("광둥성", "广东", "Guangdong"), "CN-GS": ("간쑤성", "甘肃", "Gansu"),
    "CN-GX": ("광시좡족자치구", "广西", "Guangxi"), "CN-GZ": ("구이저우성", "贵州", "Guizhou"),
    "CN-HA": ("허난성", "河南", "Henan"), "CN-HB": ("후베이성", "湖北", "Hubei"),
    "CN-HE": ("허베이성", "河北", "Hebei"), "CN-HI": ("하이난성", "海南", "Hainan"),
    "CN-HK": ("홍콩", "香港", "Hong Kong"), "CN-HL": ("헤이룽장성", "黑龙江", "Heilongjiang"),
    "CN-HN": ("후난성", "湖南", "Hunan"), "CN-JL": ("지린성", "吉林", "Jilin"),
    "CN-JS": ("장쑤성", "江苏", "Jiangsu"), "CN-JX": ("장시성", "江西", "Jiangxi"),
    "CN-LN": ("랴오닝성", "辽宁", "Liaoning"), "CN-MO": ("마카오", "澳门", "Macao"),
    "CN-NM": ("네이멍구자치구", "内蒙古", "Inner Mongolia"), "CN-NX": ("닝샤회족자치구", "宁夏", "Ningxia"),
    "CN-QH": ("칭하이성", "青海", "Qinghai"), "CN-SC": ("쓰촨성", "四川", "Sichuan"),
    "CN-SD": ("산둥성", "山东", "Shandong"), "CN-SH": ("상하이", "上海", "Shanghai"),
    "CN-SN": ("산시성(陕西)", "陕西", "Shaanxi"), "CN-SX": ("산시성(山西)", "山西", "Shanxi"),
    "CN-TJ": ("톈진", "天津", "Tianjin"), "CN-TW": ("타이완", "台湾", "Taiwan"),
    "CN-XJ": ("신장위구르자치구", "新疆", "Xinjiang"), "CN-XZ": ("시짱자치구(티베트)", "西藏", "Tibet"),
    "CN-YN": ("윈난성", "云南", "Yunnan"), "CN-ZJ": ("저장성", "浙江", "Zhejiang"),
}  # fmt: skip

#: extra names a Korean or English writer uses for the regions without report data
_ALIASES: dict[str, tuple[str, ...]] = {
    "CN-XJ": ("신장", "신장위구르", "新疆维吾尔自治区", "Xinjiang Uyghur"), "CN-XZ": ("티베트", "시짱", "西藏自治区", "Xizang"),
    "CN-QH": ("칭하이",), "CN-GS": ("간쑤",), "CN-NM": ("내몽골", "네이멍구", "内蒙古自治区"),
    "CN-HL": ("헤이룽장", "흑룡강", "흑룡강성"), "CN-YN": ("윈난", "운남", "운남성"), "CN-HK": ("香港特别行政区",),
    "CN-MO": ("Macau", "澳门特别行政区"), "CN-TW": ("대만", "台灣"),
}  # fmt: skip


def _lookup() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, names in PROVINCES.items():
        for name in (code, *names, *_ALIASES.get(code, ())):
            out[_norm_header(name)] = code
    return out


_LOOKUP = _lookup()


def province_code(text: str) -> str | None:
    """The ISO 3166-2:CN code of a province-level region written as its code or a Korean/Chinese/English name, or
    None (an unknown region)."""
    return _LOOKUP.get(_norm_header(text))


def no_data_warning(field: str, code: str, shown: str) -> tuple[str, str]:
    """(English, Korean) warning for a valid region outside ``data/regions.csv`` in ``excluded_regions`` or
    ``preferred_regions``: the reports hold no data on it, so excluding it changes nothing / preferring it cannot
    be honoured; the id is dropped from the list."""
    ko_name, _zh, en_name = PROVINCES[code]
    same = shown.strip("'\"").upper() == code
    en = f"{code} ({en_name})" if same else f"{shown} ({code}, {en_name})"
    ko = f"{code}({ko_name})" if same else f"{shown}({code}, {ko_name})"
    if field == "excluded_regions":
        return (f"excluded_regions: {en} is a valid Chinese region, but the reports hold no data on it and never "
                "recommend it — excluding it changes nothing; it was left out of the list",
                f"제외지역: {ko}은 중국의 성급 지역이지만 보고서에 이 지역 자료가 없어 추천에 나오지 않습니다 — 제외해도 "
                "달라지는 것이 없어 목록에서 뺐습니다")  # fmt: skip
    return (f"preferred_regions: {en} is a valid Chinese region, but the reports hold no data on it — the "
            "preference cannot be honoured; it was left out of the list",
            f"선호지역: {ko}은 중국의 성급 지역이지만 보고서에 이 지역 자료가 없어 선호를 반영할 수 없습니다 — 목록에서 "
            "뺐습니다")  # fmt: skip
