"""English titles and publisher names of the stored reports (data/reports/catalog.csv holds the original Korean
ones): our own translations, shown wherever an English reader sees a document named — the client report's citation
lines (``recommend --lang en``, panel 28 F12: Korean titles and "발행기관 미기재" in English output) and the app."""

from __future__ import annotations

import re

DOC_TITLES_EN = {
    "kiep_seminar_2018": ("Press release: seeking Korea–China cooperation in AI, smart cities and the industrial "
                          "internet (international seminar \"China's regional strategies for the fourth industrial "
                          "revolution and Korea–China cooperation\")"),
    "bizon_seminar_2018": "KIEP looks for ways of Korea–China cooperation in the fourth-industrial-revolution era",
    "china_4ir_issue_2018": "China's response to the fourth industrial revolution (issue report, Q3 2018)",
    "kiep_internet_plus_2018": "China's Internet Plus strategy: its features and regional cases",
}  # fmt: skip
PUBLISHERS_EN = {
    "대외경제정책연구원(KIEP)": "Korea Institute for International Economic Policy (KIEP)",
    "데일리비즈온": "Daily Bizon",
    "발행기관 미기재 (뿌리산업·스마트팩토리 교육사업 분기 이슈리포트)":
        "Publisher not stated (quarterly issue report of a root-industry and smart-factory training programme)",
}


def title(doc, lang: str) -> str:
    """The document's title in ``lang``: the catalog's own in Korean; ours in English, else the original."""
    return DOC_TITLES_EN.get(doc.doc_id, doc.title) if lang == "en" else doc.title


def publisher(doc, lang: str, short: bool = False) -> str:
    """The publisher in ``lang``; an unknown publisher as the catalog writes it; "publisher not stated" in English
    for any catalog note that starts with 발행기관 미기재. ``short`` (a citation line in English): the Latin acronym
    the catalog gives in brackets (``KIEP``) instead of the full English name."""
    if lang != "en":
        return doc.publisher
    if short and (m := re.search(r"\(([A-Z][A-Za-z&\-]{1,11})\)$", doc.publisher)):
        return m.group(1)
    if short and doc.publisher.startswith("발행기관 미기재"):
        return "publisher not stated"
    if doc.publisher in PUBLISHERS_EN:
        return PUBLISHERS_EN[doc.publisher]
    return "Publisher not stated" if doc.publisher.startswith("발행기관 미기재") else doc.publisher
