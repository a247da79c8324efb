"""A firm that already sells through a cross-border / Chinese online channel is told so, with the next step the
reports document — not "list on Chinese platforms" again (issue 18, panel 26 F11: a cosmetics maker already on
Tmall Global was told to list on a platform).

The channel is what the firm inference reads in the products line (:meth:`features.firms.infer.Lexicon.channel`:
"역직구", "티몰 글로벌", "해외 온라인몰", "중국 라이브커머스" …). Where such a firm's answer holds the e-commerce
platform route (``platform_alliance`` in ``ecommerce``), the route is marked ``already`` and a coverage note
(``kind: channel_next_step``) says what the reports name beyond listing: precision marketing on the platforms'
big data and new channels — mobile social, new media, the "fandom" economy of star marketing (KIEP 1641–1659); the
single window for customs, inspection and foreign-exchange settlement of cross-border e-commerce and the
international logistics system (KIEP 1661–1667); attention to cross-border personal-data protection
beside a strategy aimed at China's digital consumers (issue report 1707–1709). That these are the firm's next steps is this recommender's reading, said so.
Scores and order are unchanged: only words are added."""

from __future__ import annotations

ROUTE = ("ecommerce", "platform_alliance")

EVIDENCE = ({"doc_id": "kiep_internet_plus_2018", "line_start": 1641, "line_end": 1659},
            {"doc_id": "kiep_internet_plus_2018", "line_start": 1661, "line_end": 1667},
            {"doc_id": "china_4ir_issue_2018", "line_start": 1707, "line_end": 1709})  # fmt: skip


def stated_channel(firm: dict) -> tuple[str, ...]:
    """The words of the firm's products line that state a cross-border / China-facing online sales channel it sells
    through now — not one its products line only plans ("티몰 글로벌 입점 계획": :meth:`features.firms.infer.Lexicon.
    planned`; issue 18 panel 34, F13b was told "귀사는 이미 … 판매하고 있습니다" of a plan)."""
    products = str(firm.get("products") or "").strip()
    if not products:
        return ()
    from features.firms.infer import selling_channel

    return selling_channel(str(firm.get("industry_code") or ""), products)[0]


def next_step_note(words: tuple[str, ...]) -> dict:
    """The coverage note: the firm already sells through the channel it names; what the reports document next."""
    said = ", ".join(f"'{w}'" for w in words)
    ko = (f"귀사는 이미 국경 간 온라인 채널로 판매하고 있습니다(제품 설명: {said}). 아래 전자상거래 분야의 답(플랫폼 "
          "입점·제휴든 지원사업을 통한 첫발이든)은 새로 입점하라는 뜻이 아니라 그 판로를 넓히는 단계로 읽으세요. 보고서가 입점 다음으로 기록하는 "
          "것은 ① 전자상거래 플랫폼의 빅데이터를 이용한 정밀 마케팅과 모바일 소셜·뉴미디어, 스타마케팅('팬덤' 경제) 같은 "
          "새 채널, ② 국경 간 전자상거래의 통관·검사검역·외화결제를 한데 묶는 단일 창구와 국제 물류체계, ③ 중국의 디지털 "
          "소비자를 겨냥한 전략과 함께 국경 간 개인정보 보호에 선제 대응하는 것입니다 — 이것을 귀사의 다음 단계로 묶은 것은 보고서 내용을 "
          "바탕으로 한 추천 도구의 해석입니다.")
    en = (f"Your firm already sells through a cross-border online channel (products line: {said}). Read the "
          "e-commerce answers below (listing on / allying with the platforms, or a first step through Korean "
          "programmes) as widening that channel, not as listing anew. "
          "Beyond listing, the reports record (1) precision marketing on the platforms' big data and new channels — "
          "mobile social, new media, the 'fandom' economy of star marketing; (2) the single window for customs, "
          "inspection and foreign-exchange settlement of cross-border e-commerce and the international logistics "
          "system; (3) a strategy aimed at China's digital consumers with early attention to cross-border personal-data protection — that "
          "these are your next steps is this recommender's reading of the reports.")
    return {"kind": "channel_next_step", "ko": ko, "en": en, "evidence": [dict(e) for e in EVIDENCE]}


#: the line under the route's "why this strategy" (the note above says it in full)
ALREADY_LINE = {"ko": "✔ 이미 이 경로로 판매 중입니다 — 보고서가 기록하는 다음 단계는 '적합도 판정'의 안내를 보세요.",
                "en": "✔ You already sell this way — for the next steps the reports record, see the note under "
                      "'Coverage'."}  # fmt: skip


def mark_already_selling(result: dict, firm: dict) -> dict:
    """``result`` with the e-commerce platform route marked ``already`` (``strategy["already"] = True``) and the
    :func:`next_step_note` added to the coverage notes, where the firm states a cross-border channel and that route
    or any other e-commerce answer is among its recommendations (also its side recommendations); else ``result``
    unchanged."""
    recs = result.get("recommendations") or []
    side = result.get("side_recommendations") or []
    # any e-commerce answer, not only the platform route (panel 27 F06: a cosmetics maker already on Tmall Global
    # with no China experience was answered "e-commerce — first step through Korean support" with no word of it)
    if not any(r.get("sector_id") == ROUTE[0] for r in recs + side):
        return result
    words = stated_channel(firm)
    if not words:
        return result
    out = dict(result)
    for key in ("recommendations", "side_recommendations"):
        if key in result:
            out[key] = [{**r, "strategy": {**r["strategy"], "already": True}}
                        if (r.get("sector_id"), r.get("strategy_id")) == ROUTE and r.get("strategy") else r
                        for r in result[key]]  # fmt: skip
    cov = dict(result.get("coverage") or {})
    cov["notes"] = [*(cov.get("notes") or []), next_step_note(words)]
    out["coverage"] = cov
    return out
