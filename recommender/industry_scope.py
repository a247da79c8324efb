"""Industries the reports do not treat: an honest answer instead of a pick made from one side capability.

A firm's *main industry* is its KSIC code (or, without one, what its products text names). When the KSIC table maps
that industry to no capability (``data/ksic/ksic.csv``: textiles, apparel, cosmetics, basic chemicals, games,
food…) or the products name such an industry, the reports have no sector for it. The answer then

1. says so (``보고서는 섬유·의류 산업을 직접 다루지 않습니다``, and in English);
2. shows what the reports do say that touches it — passages found with the report search
   (:meth:`features.search.PassageIndex.search`) for the industry family's questions (cluster cooperation in
   Shanghai for cars, semiconductors, robots and textiles; parts, materials and equipment into China's 5G and
   smart-factory build-out; Chinese digital consumers and cross-border e-commerce…), each cited as doc id and lines
   and quoted from the stored report file (:meth:`features.build.KnowledgeBase.quote`);
3. keeps a recommendation only when it rests on a capability of at least :data:`SIDE_MIN` that the firm *gave*
   (a side business strong enough to stand on its own). Otherwise the ranked opportunities move to
   ``side_recommendations`` and ``recommendations`` is empty, with ``coverage.status`` ``none`` and a message saying
   why (docs/METHOD.md, "Industries the reports do not treat").

Firms whose industry *is* covered get the same ``industry_scope`` block with ``status`` ``covered`` and, for a few
supply-chain families (semiconductor equipment, batteries and ESS), the passages that speak to them.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from features.facts import CAPABILITY_KEYS
from features.firms.lexicon import OWN_SHOP_LEVEL

#: a capability the firm gave at this level or above may still carry a recommendation for an uncovered industry
SIDE_MIN = 4
#: the capability a goods maker's stated cross-border sales channel carries (industry_scope "channel")
CHANNEL_CAPABILITY = "ecommerce_consumer"
#: coverage notes about the ranked list: dropped when the gate leaves no ranked list (issue 18, panel 6: "regions as
#: high as rows shown" under a no-match answer)
LIST_NOTES = ("sector_level_lead", "low_fit", "weaker_sectors", "more_regions", "closed_sectors", "short_list",
              # … and the notes that name a row of it (a rank, "the entry mode above"): with the list moved aside they
              # would point to nothing (panel 26 F12: a chip-equipment maker "not covered" was told its preferred
              # Jiangsu "is inside the rank-1 sector-level answer")
              "preferred_region", "first_step_readiness", "ev_battery_chain", "riskiest_first")
#: coverage notes drawn from the near misses (recommender.answer_notes.first_step): dropped with them
NEAR_MISS_NOTES = ("first_step",)


@dataclass(frozen=True)
class Family:
    family_id: str
    codes: tuple[str, ...]  # KSIC prefixes
    words: str  # products words (regex) naming the family when there is no code
    label_ko: str
    label_en: str
    queries: tuple[str, ...]  # report-search questions whose passages touch the family
    covered: bool = False  # the reports do treat it (a sector); the passages are then pointers, not a substitute
    note_ko: str = ""  # for a covered family: how the reports treat it (said plainly, issue 18 panel)
    note_en: str = ""
    #: the reports do not treat it even where its KSIC code maps to capabilities (chip and display equipment: three
    #: independent advisor panels judged every sector pick for it wrong); other families only add passages
    outside: bool = False
    #: products words that take a firm *out* of the family whatever its code (a diagnostics-kit maker filed under
    #: biological products, KSIC 21102, is not a drug maker: its genomic analysis is a smart-healthcare need)
    unless: str = ""
    #: when set, the products ``words`` name the family only for a firm without a code or with a code under one of
    #: these prefixes (a software house that writes "바이오의약품 생산관리 MES" is not a drug maker)
    words_codes: tuple[str, ...] = ()
    #: a passage found for the family's questions is shown only when its text names one of these words (regex):
    #: a search hit that only shares the query's other words (a 5G-spec passage for a chip-equipment maker, a rural
    #: farm-produce e-commerce passage for a cosmetics maker — panel 9, F09 and F15) is left out; fewer, relevant
    #: passages rather than more
    relevant: str = ""
    #: the products ``words`` do not name the family for a firm filed under one of these prefixes: a cold-chain
    #: warehouse (KSIC 52) that stores "신선식품" carries food, it does not make it (issue 18 panel 19, F06: a cold-chain
    #: 3PL was shown "업종 범위: 식품·음료", which the panel found confusing for a logistics client)
    not_codes: tuple[str, ...] = ()
    #: goods sold to consumers (cosmetics, food, toys, apparel): the reports treat one route for them — selling to
    #: China's digital consumers through cross-border e-commerce — so a maker that names no such channel is told how
    #: to get that answer (:data:`CONSUMER_CHANNEL_HINT`; panel 28 F10/F15: a drinks and a cosmetics maker got "no
    #: opportunity" with no word that the channel route exists)
    consumer_goods: bool = False
    #: for a family the reports do not treat: what they do say of the nearest field, added to the "not treated"
    #: message (conventional car parts: the reports' automotive content is autonomous driving)
    why_ko: str = ""
    why_en: str = ""
    #: the answer names the firm's industry by its KSIC division (a pipe-fitting maker stays "1차 금속"), the family
    #: only adds the passages that touch it; without a code the family's label is used
    label_from_code: bool = False


#: the next step of a consumer-goods maker the reports do not treat that names no cross-border channel: the reports'
#: lines on that channel (KIEP 1596–1604: Internet Plus e-commerce is to develop cross-border e-commerce; China 4IR
#: issue report 1704–1706: a strategy to use China's digitalised consumers) — said as a condition, never assumed
CONSUMER_CHANNEL_HINT = {
    "ko": "이 제품을 중국 소비자에게 온라인으로(티몰 글로벌·징둥 같은 국경 간 전자상거래, 역직구) 팔거나 팔 계획이라면, "
          "주생산품에 그 판매 경로를 적어(예: '티몰 글로벌 입점') 다시 실행하세요 — 보고서는 그 판로를 다루고, 답은 그 "
          "판로를 따라갑니다. 제품 자체에 대한 추천은 아닙니다.",
    "en": "If you sell or plan to sell these goods online to Chinese consumers (cross-border e-commerce such as Tmall "
          "Global or JD), write that sales channel into your products line (e.g. 'Tmall Global store') and run again — "
          "the reports treat that channel, and the answer then follows it. It is no recommendation for the goods "
          "themselves.",
    "evidence": [{"doc_id": "kiep_internet_plus_2018", "line_start": 1596, "line_end": 1604},
                 {"doc_id": "china_4ir_issue_2018", "line_start": 1704, "line_end": 1706}],
}


#: the next step of a consumer-goods maker the reports do not treat whose products line says it supplies other
#: brands (B2B, OEM/ODM, 납품; :func:`features.firms.infer.supply_reading`): the reports' consumer route (cross-border
#: e-commerce, CONSUMER_CHANNEL_HINT) is a route for goods sold to consumers; B2B supply to Chinese brands is
#: treated nowhere in them (no line of data/reports/*.txt names OEM, ODM, 주문자, 위탁생산 or 납품; checked) — said
#: plainly, no invented step. The e-commerce hint is kept beside it only when the firm
#: also names a brand of its own. Issue 18 panel 34 F12 (cosmetics ODM "중국 브랜드사 B2B 공급") and panel 31 K4
#: (cosmetics OEM/ODM "중국 브랜드사 납품") were told to write a Tmall Global store into their products line.
B2B_SUPPLY_NOTE = {
    "ko": "제품 설명으로 보아 귀사는 브랜드사에 제품을 공급하는 B2B(OEM·ODM·납품) 기업입니다. 보고서는 중국 "
          "브랜드사에 대한 B2B 공급을 다루지 않아, 보고서에 근거해 권할 다음 단계가 없습니다 — 고객사 발굴·계약·현지 "
          "규제는 보고서 밖에서 확인하세요. 귀사가 다른 분야(보고서가 다루는 분야)에서도 직접 사업을 한다면, 그 역량을 "
          "확인된 점수(4 이상)로 입력해 다시 실행하세요.",
    "en": "Your products line reads as a B2B supplier (OEM/ODM, supply) to brands. The reports do not treat B2B "
          "supply to Chinese brands, so there is no next step they support — check customer search, contracts and "
          "local rules outside them. If your firm also does business itself in a sector the reports treat, enter "
          "that capability as a confirmed score (4 or more) and run again.",
}

#: the same for a supplier that also names a brand of its own (panel 31 K8: "러닝화·안전화 OEM, 자체 브랜드 운동화"): the
#: B2B part is not treated; the consumer-channel step that follows it is for the own-brand goods
B2B_OWN_BRAND_NOTE = {
    "ko": "귀사의 B2B 공급(OEM·ODM·납품)은 보고서가 다루지 않습니다 — 아래 안내는 귀사 자체 브랜드 제품에 대한 것입니다.",
    "en": "Your B2B supply (OEM/ODM) is not treated by the reports — the step below is for your own-brand goods.",
}


#: chip and display process materials a products line may name (the family ``semiconductor_materials``; the chemicals
#: family's ``unless``: such a maker under a chemicals code is not in that family)
CHIP_MATERIALS = (r"식각액|에천트|etchant|cmp\s*슬러리|슬러리|slurry|포토레지스트|감광액|photoresist|전구체|precursor|"
                  r"고순도\s*(가스|케미칼|화학|약품|불산|과산화수소)|공정용\s*세정제|특수\s*가스|반도체용\s*(소재|화학|약품|케미칼)")

FAMILIES: tuple[Family, ...] = (
    # chip and display process materials (etchants, CMP slurry, photoresist, precursors, high-purity gases): the same
    # place in the reports as chip equipment — parts and materials for 5G / smart-factory build-outs and the Shanghai
    # chip-cluster proposal, no sector (issue 18 panel 30, F01, judged wrong: a 350-person etchant / CMP-slurry maker,
    # KSIC 20499, was read as chips 3 / factory 3 and sent to Shanghai robotics supply, with a scope note calling
    # chemicals both covered and not)
    Family("semiconductor_materials", (), CHIP_MATERIALS,
           "반도체·디스플레이 공정 소재", "chip and display process materials",
           ("5G 스마트공장 제품 부품 소재 중국 진출", "자동차 반도체 로봇 섬유 클러스터 간 협력",
            "디스플레이 반도체 경쟁 ICT 수출품목"), False, outside=True,
           relevant=r"반도체|디스플레이|부품|소재|칩"),
    # vehicle bodies, trailers, body parts and other conventional parts (KSIC 3020, 3031 engine parts, 3032 body parts,
    # 30331 power transmission, 3039 steering, suspension, brakes, seats and other parts): the reports treat cars only
    # through autonomous driving — AV software, sensors, chips and the Apollo platform (kiep_internet_plus_2018:3510-
    # 3536), whose foreign hardware partners are system and sensor makers (Bosch, Continental, Delphi, Velodyne;
    # 3530-3534) and whose Korean participants are the car makers (3536) — and a Shanghai proposal of cluster
    # cooperation in cars (seminar); conventional body, structural and drive-line parts are no sector there (issue 18
    # panel 30: F02, a tier-2 stamping supplier, and F08, a refrigerated-truck body maker; panel 31: K6, a tier-2
    # aluminium die-caster of transmission housings, KSIC 30399 — all judged wrong, sent to Baidu Apollo / Beijing
    # self-driving from an automotive 3 read off the code). A parts line naming vehicle electronics or AV hardware
    # (sensors, cameras, LiDAR, ADAS, ECUs, by-wire braking or steering, EV drive parts) stays covered; so does KSIC
    # 30332 (vehicle electrical and electronic equipment).
    Family("vehicle_bodies", ("3020", "3031", "3032", "30331", "3039"),
           r"차체|특장차|트레일러|탑차|프레스\s*부품|시트\s*프레임|변속기\s*하우징|피스톤\s*링|실린더\s*라이너|"
           r"브레이크\s*패드|자동차\s*(시트|범퍼|휠|머플러|다이\s*캐스팅|주조|단조|프레스)",
           "자동차 차체·일반 부품", "vehicle bodies and conventional parts",
           ("자동차 반도체 로봇 섬유 클러스터 간 협력", "Apollo 프로젝트 해외기업 하드웨어 부문 보시 콘티넨털 델파이 벨로다인"),
           outside=True, relevant=r"자동차|완성차|Apollo|보시",
           unless=r"센서|카메라|레이더|라이다|lidar|radar|전장|ecu|adas|자율주행|전자식\s*(제동|조향)|전동\s*(식\s*)?(제동|조향)|"
                  r"by-?wire|바이\s*와이어|\beps\b|\besc\b|인버터|bms|구동\s*모터|배터리|전기차",
           words_codes=("22", "24", "25", "29", "30"),
           why_ko="보고서의 자동차 내용은 자율주행입니다 — 자율주행 소프트웨어·센서·칩과 바이두 Apollo 플랫폼이며, Apollo의 "
                  "해외 하드웨어 협력사로는 보시·콘티넨털·델파이·벨로다인 같은 시스템·센서 기업이 이름을 올립니다. 차체·"
                  "구동계·주조·프레스 같은 일반 부품은 분야로 다루지 않습니다.",
           why_en="The reports' automotive content is autonomous driving — AV software, sensors, chips and Baidu's "
                  "Apollo platform, whose named foreign hardware partners are system and sensor makers (Bosch, "
                  "Continental, Delphi, Velodyne). Conventional body, drive-line, casting and stamping parts are no "
                  "sector there."),
    # home appliances and HVAC (KSIC 2851 household electric appliances, 29172 air conditioning): the reports name the
    # smart home only as one application field of IoT (china_4ir_issue_2018:1034-1037) and of AI (KIEP 1809-1813), and
    # home appliances once among the industries the internet will change most (KIEP 642-646) — no sector, region or
    # entry mode for an appliance maker. Issue 18 panel 35 K08 (system air conditioners and air purifiers "(IoT 앱
    # 연동)", KSIC 29172) was read IoT 4 off the app feature and told to supply IoT components, judged wrong. A line
    # naming building-energy or grid systems is not this family (smart energy treats those).
    Family("home_appliances_hvac", ("2851", "29172"),
           r"에어컨|공기\s*청정기|공조|환기\s*장치|전열\s*교환|냉장고|세탁기|정수기|가습기|제습기|생활\s*가전|가전\s*제품",
           "가전·공조", "home appliances and HVAC",
           ("스마트제조 스마트농업 스마트홈 지능형 교통 사물인터넷 응용", "인공지능 스마트홈 지능형 단말장치"),
           outside=True, relevant=r"스마트\s*홈|가전",
           unless=r"\bbems\b|건물\s*에너지\s*관리|스마트\s*그리드|\bess\b|에너지\s*저장|태양광",
           words_codes=("26", "27", "28", "29")),
    Family("semiconductor_equipment", ("2927",), r"반도체\s*(장비|검사장비|제조장비)|웨이퍼|세정장비|증착|식각",
           "반도체 장비", "semiconductor equipment",
           ("5G 스마트공장 제품 부품 소재 중국 진출", "자동차 반도체 로봇 섬유 클러스터 간 협력",
            "디스플레이 반도체 경쟁 ICT 수출품목",
            # panel 12: sensor makers were told "China is weak in chips and advanced sensors" (KIEP 2532-2540) and the
            # chip-equipment maker was not
            "칩 첨단 센서 하드웨어 기술 부족"), False,
           "보고서는 반도체·디스플레이 장비 산업을 하나의 분야로 다루지 않습니다. 반도체·센서는 5G·사물인터넷·AI의 "
           "부품으로, 장비는 5G·스마트공장·로봇 투자에 따른 제품·부품·소재 수요와 상하이 측이 제안한 반도체 클러스터 간 "
           "협력으로만 나옵니다 — 아래 추천은 그 연결을 따라간 것입니다.",
           "The reports do not treat chip and display equipment as a sector of its own. Chips and sensors appear as "
           "parts of 5G, IoT and AI; equipment only through the demand for products, parts and materials that 5G, "
           "smart-factory and robot investment creates and through the chip-cluster cooperation the Shanghai speaker "
           "proposed — the recommendations below follow those links.", outside=True,
           relevant=r"반도체|디스플레이|장비|부품|소재|칩"),
    # drug and biologics manufacturing (CDMO/CMO, antibodies, vaccines, APIs, finished drugs): the reports' smart
    # healthcare is internet hospitals, online care and drug retail, medical AI and imaging, devices and genomic
    # analysis (data/sector_needs.csv smart_healthcare rows; KIEP 4861-4896, 5186-5194, 6416-6445); drugs appear only as
    # online sales and distribution (KIEP 1651-1655, 5084-5092, 5924-5951) and the issue report names biopharma once
    # as a field of demand for base technology (china_4ir_issue_2018:474-478) — no sector, no region, no entry mode
    # (issue 18, panel 6: a biologics CDMO was told to set up an entity in Nansha under a digital-health policy)
    Family("drug_manufacturing", ("2110", "2121", "2122"),
           r"\bcdmo\b|\bcmo\b|위탁\s*(개발)?\s*생산|(바이오|생물|원료|완제|합성|전문|일반)\s*의약품|의약품\s*(제조|생산)|항체|백신|"
           r"제네릭|바이오시밀러|biologic|biosimilar|antibod|vaccine|pharmaceutical|drug\s*(product|substance|manufactur)",
           "의약품·바이오의약품 제조", "drug and biologics manufacturing",
           ("온라인 의약품 유통 처방약 판매", "바이오 의약품 기반기술 수요 제조업 혁신센터", "바이오 빅데이터 의약개발 응용"),
           outside=True,
           unless=r"진단|유전체|게놈|시약|시퀀싱|바이오마커|의료\s*기기|diagnos|genom|sequenc|reagent|biomarker|device",
           words_codes=("21", "70", "72")),
    # by words: a battery-management system names battery electronics, not a battery or ESS maker — an EV-parts line's
    # "배터리 관리 시스템(BMS)" is a vehicle part (features.firms.lexicon.FIELD_READINGS; issue 18 panel 26, F02k was
    # told the reports treat batteries only inside grid smart energy while its answer was autonomous driving)
    Family("battery_ess", ("2820", "28202", "28114", "28119"), r"배터리(?!\s*관리)|2차\s*전지|이차전지|ess|에너지\s*저장",
           "배터리·ESS", "batteries and ESS",
           ("재생에너지 에너지 저장 스마트 배전 에너지 네트워크", "에너지 생산의 스마트화 분산형 에너지 네트워크"), True,
           "보고서는 배터리·ESS 산업을 따로 다루지 않고, 에너지 저장을 인터넷 플러스 스마트에너지(분산형 발전·저장·"
           "마이크로그리드)의 한 요소로만 다룹니다. 지역별 사례는 없습니다 — 아래 추천은 그 분야를 따라간 것입니다.",
           "The reports do not treat batteries and ESS as an industry of their own; energy storage appears only as one "
           "element of Internet Plus smart energy (distributed generation, storage, micro-grids), with no regional "
           "case — the recommendations below follow that sector."),
    # EV charging (operating charging stations, CPO, or making chargers): the reports hold no word on it — "충전"
    # appears only for a prepaid e-wallet (china_4ir_issue_2018:1451) and "전기차" only in the Made-in-China-2025 list
    # of strategic industries (china_4ir_issue_2018:358-368). The nearest field they treat is Internet Plus smart
    # energy on the grid side: distributed generation, storage, smart micro-grids and active distribution networks
    # (kiep_internet_plus_2018:1399-1426), at national level only. Issue 18 panel 32, P05 (an EV-charging operator)
    # was told to "supply parts and equipment" to smart energy, judged questionable: "the reports contain no word on
    # EV charging". A firm whose products also name grid storage, solar or grid equipment is not this family.
    Family("ev_charging", (), r"(전기차|전기\s*자동차|\bev)\s*충전|충전소|충전\s*인프라|충전\s*사업|charging\s*station|"
           r"\bev\s*charg|charge\s*point|\bcpo\b",
           "전기차 충전", "EV charging",
           ("분산형 에너지 네트워크 재생에너지 분산형 발전 저장 에너지 저장 스마트 마이크로 네트워크 능동형 배전망",
            "에너지 생산의 스마트화 분산형 에너지 네트워크"),
           outside=True, relevant=r"에너지\s*저장|마이크로|배전망|분산형",
           unless=r"\bess\b|에너지\s*저장|태양광|풍력|마이크로\s*그리드|스마트\s*그리드|\bv2g\b|\bvpp\b|배전반|변압기|\bpcs\b",
           why_ko="보고서에는 전기차 충전에 관한 문장이 없습니다. 가장 가까운 내용은 인터넷 플러스 스마트에너지의 전력망 쪽 "
                  "— 분산형 발전·에너지 저장·스마트 마이크로그리드·능동형 배전망 — 이고, 그것도 국가 단위 정책뿐 지역별 사례는 "
                  "없습니다. 충전 시장과 현지 운영사는 보고서 밖 자료로 확인하세요.",
           why_en="The reports hold no sentence on EV charging. The nearest they come is the grid side of Internet Plus "
                  "smart energy — distributed generation, energy storage, smart micro-grids and active distribution "
                  "networks — and only as national policy, with no regional case. Check the charging market and its "
                  "local operators in other sources."),
    # drones (KSIC 31312): the reports name them three times and never as a sector — a 5G application ("장거리
    # 무선조종 드론", KIEP 1934), an AI strength of the national AI plan ("무인기", KIEP 2918-2919) and a new-technology
    # industry beside robots (china_4ir_issue_2018:1259); the answer follows the capabilities the products line shows
    # (features.firms.lexicon: IoT, autonomy, delivery, spraying). Issue 18 panel 26, F04: "No note that the reports
    # barely mention drones". A farm-machinery code naming spraying drones is not this family (words only for a
    # firm without a code or under 3131).
    Family("drones", ("31312",), r"드론|무인기|무인\s*항공기|무인\s*비행|\buav|\bdrone", "드론·무인기", "drones",
           ("장거리 무선조종 드론 5G 서비스 시장", "무인기 음성인식 이미지인식 인공지능 기업 세계 선도",
            "로봇 드론 신기술산업 선도기업 성장"), True,
           "보고서는 드론 산업을 하나의 분야로 다루지 않습니다. 드론은 5G가 여는 응용(장거리 무선조종 드론), 인공지능 "
           "우위 영역(무인기), 로봇과 나란한 신기술 산업으로 세 번 언급될 뿐이고 지역별 사례는 없습니다 — 아래 추천은 "
           "제품 설명에서 추정한 역량(IoT 기기, 자율비행 AI 등)을 따라간 것입니다.",
           "The reports do not treat drones as a sector. They mention them three times: as an application 5G opens "
           "(long-range remote-controlled drones), as an area of AI strength (unmanned aircraft) and as a "
           "new-technology industry beside robots, with no regional case — the recommendations below follow the "
           "capabilities estimated from your products line (IoT devices, autonomous-flight AI and the like).",
           words_codes=("3131",), relevant=r"드론|무인기"),
    Family("cosmetics", ("2042",), r"화장품|코스메틱|cosmetic|스킨케어", "화장품", "cosmetics",
           ("중국 디지털 소비자 전자상거래 진출 지원", "국경간 전자상거래 발전"),
           relevant=r"국경\s*간|소비자|소비재|화장품", consumer_goods=True),
    # dolls and toys (KSIC 33401): a plush-toy maker's "봉제인형" is a toy, not a textile (issue 18 panel 15, F12 was
    # answered under 섬유·의류 with a textile-cluster quote); the reports touch toys only as consumer goods sold to
    # China's digital consumers across the border, so only such passages are shown
    Family("toys", ("33401",), r"인형|장난감|완구|피규어|toy|doll|plush", "인형·장난감", "dolls and toys",
           ("중국 디지털 소비자 전자상거래 진출 지원", "국경간 전자상거래 발전"),
           relevant=r"국경\s*간|소비자|소비재", consumer_goods=True),
    # education and edtech (KSIC 85; a learning app filed under software): the reports name online education only as
    # one Internet Plus business (KIEP 97; issue report 1593) and smart education as e-learning in a footnote (KIEP
    # 3952) — no sector, region or entry mode (issue 18 panel 16, F08: a 30-person language-learning app was sent to
    # Beijing AI basic research)
    Family("education", ("85",), r"에듀테크|edtech|이러닝|e-?러닝|e-?learning|학습\s*앱|학습\s*플랫폼|온라인\s*수업|원격\s*수업|어학",
           "교육·에듀테크", "education and edtech",
           ("온라인 교육 인터넷 교육 앱 기반 비즈니스", "스마트 교육 e-러닝 서비스"),
           relevant=r"교육|러닝", words_codes=("58", "62", "63", "85")),
    Family("textiles", ("13", "14", "15"), r"섬유|직물|방적|의류|의복|봉제|textile|apparel|원단",
           "섬유·의류", "textiles and apparel",
           ("자동차 반도체 로봇 섬유 클러스터 간 협력", "중국 디지털 소비자 전자상거래 진출 지원"), consumer_goods=True),
    Family("chemicals", ("20",), r"화학|도료|계면활성제|합성수지|석유화학|비료|농약", "화학", "chemicals",
           ("5G 스마트공장 제품 부품 소재 중국 진출", "자동차 반도체 로봇 섬유 클러스터 간 협력"),
           unless=CHIP_MATERIALS),  # chip process materials: their own family (panel 30 F01)
    Family("games", ("5821",), r"게임|game", "게임", "games",
           ("텐센트 메신저 게임 결제 AI 서비스", "콘텐츠 모델 플랫폼 비즈니스 모델")),
    # ships, ship sections and their steel, pipe and fitting supplies: no sector in the reports. The one passage that
    # names their field is the Made-in-China-2025 list of ten strategic industries, "해양플랜트" (offshore plant) among
    # them (china_4ir_issue_2018:358-368) — China builds it up as a state-backed industry. Issue 18 panel 31: K5 (ship
    # and plant pipe fittings, KSIC 24133) and K7 (ship blocks, KSIC 31114) were rightly told "not covered", but
    # "no passage found" missed that one. The firm's industry keeps its KSIC name.
    Family("shipbuilding_offshore", ("3111",), r"조선|선박|해양\s*플랜트|lng\s*선|offshore|shipbuild|ship\s*block",
           "조선·해양플랜트 기자재", "shipbuilding and offshore-plant supplies",
           ("중국제조 2025 10대 전략산업 해양플랜트 선진교통설비 전력설비",),
           relevant=r"해양플랜트", words_codes=("24", "25", "28", "29", "31"), label_from_code=True),
    # webtoons, web novels and digital content (a platform and its IP; KSIC 5811x publishing, 59 film and video): no
    # sector in the reports. Two passages touch it: the content model among the business models Chinese internet
    # firms moved through — free platform, content, Internet+O2O (kiep_internet_plus_2018:795-799) — and the limit that
    # decides how an online platform can enter at all: foreign investment in online services in China is much
    # restricted, and more so under the Network Security Law (kiep_internet_plus_2018:6416-6422). Issue 18 panel 32,
    # K03 (a webtoon platform and IP licensor, KSIC 58112) was labelled "출판업" with "no passage found".
    Family("content", (), r"웹툰|webtoon|웹소설|web\s*novel|디지털\s*콘텐츠|digital\s*content",
           "웹툰·디지털 콘텐츠", "webtoons and digital content",
           ("콘텐츠 모델 무료 플랫폼 모델 인터넷+O2O 산업체인 모델", "온라인 서비스 관련 외국인투자 정책적 제한 네트워크보안법"),
           relevant=r"콘텐츠\s*모델|외국인\s*투자"),
    Family("food", ("10", "11"), r"식품|음료|김치|제과|홍삼|건강기능식품|장류|고추장|된장|간장|조미료|젓갈|떡볶이|가정간편식",
           "식품·음료", "food and beverages",
           ("중국 디지털 소비자 전자상거래 진출 지원", "농촌 전자상거래 국경간 전자상거래"), consumer_goods=True,
           not_codes=("49", "50", "51", "52")),  # land, water and air transport, warehousing
)


def family_of(code: str, products: str) -> Family | None:
    """The family of a KSIC code (longest prefix), else of the products words; None when neither names one."""
    text = (products or "").lower()
    best = None
    for f in FAMILIES:
        if f.unless and text and re.search(f.unless, text):
            continue  # the products say the firm is not of this family (a diagnostics maker under 21102)
        for p in f.codes:
            if code.startswith(p) and (best is None or len(p) > best[1]):
                best = (f, len(p))
    if best:
        return best[0]
    for f in FAMILIES:
        if f.unless and re.search(f.unless, text):
            continue
        if f.words_codes and code and not code.startswith(f.words_codes):
            continue
        if f.not_codes and code and code.startswith(f.not_codes):
            continue
        if text and re.search(f.words, text):
            return f
    return None


def _main_industry_uncovered(firm: dict) -> tuple[bool, str, str]:
    """(uncovered, label_ko, label_en): the KSIC mapping of the code lists no capability, or the products veto."""
    from features.firms.infer import default_inferrer
    from features.firms.ksic import load_ksic

    code = str(firm.get("industry_code") or "")
    products = str(firm.get("products") or "")
    if not code and not products:
        return False, "", ""
    inf = default_inferrer().infer(code, products)
    ksic = load_ksic()
    prior = ksic.prior(code) if code else None
    by_code = bool(prior and prior.source and not prior.capabilities)
    # a sales channel is no industry: e-commerce read from the products of a firm whose code maps to nothing is the
    # way its goods are sold, not what it makes. A China-facing channel ("티몰", "역직구") is answered on that channel
    # below (:func:`_stated_channel`); a domestic own shop ("온라인몰 직판") opens nothing (issue 18 panel 31, K3 fish
    # cakes KSIC 10211 and K8 shoes KSIC 15219: "온라인몰" made the industry "covered" and the answer said so, falsely)
    # (an e-commerce business word of its own, "이커머스 플랫폼 운영", reads above OWN_SHOP_LEVEL and still counts)
    own = [v for k, v in zip(CAPABILITY_KEYS, inf.values)
           if not (k == CHANNEL_CAPABILITY and (inf.channel or v <= OWN_SHOP_LEVEL))] if inf.values else []  # fmt: skip
    # the products veto the code and leave at most side touches (level 1): goods or teaching named after a technology
    # ("AI 말하기 학습 앱" under a software code — issue 18 panel 16, F08) is an industry with no capability of the 17
    uncovered = ((by_code and not (own and max(own) >= 2 and not inf.veto))
                 or (inf.veto and max(inf.values, default=0) <= 1))  # fmt: skip
    entry = ksic.division(code) if code else None
    return uncovered, entry.name_ko if entry else "", entry.name_en if entry else ""


def _names_own_shop(firm: dict) -> bool:
    """The firm's products line names its own web shop or online sales (:data:`~features.firms.lexicon.
    OWN_SHOP_WORDS`: "온라인몰 직판", "자체 브랜드 운동화 (온라인몰)")."""
    from features.firms.infer import normalise_text
    from features.firms.lexicon import OWN_SHOP_WORDS

    text = re.sub(r"\s+", "", normalise_text(str(firm.get("products") or "")))
    return any(re.sub(r"\s+", "", w) in text for w in OWN_SHOP_WORDS.split("|"))


def _code_maps(code: str) -> bool:
    """The KSIC table maps ``code`` (its nearest ancestor with a row) to at least one capability."""
    from features.firms.ksic import load_ksic

    prior = load_ksic().prior(code)
    return bool(prior and prior.capabilities)


def _stated_channel(code: str, products: str) -> dict | None:
    """``{"capability", "level", "words", "source"}`` when the products line of a firm whose industry the reports do
    not treat states a cross-border online sales channel (:meth:`features.firms.infer.Lexicon.channel`: "역직구",
    "티몰 글로벌", "중국 라이브커머스") that the inference reads as e-commerce at 2 or more; else None. The reports
    treat cross-border e-commerce (KIEP 1598-1604) but not cosmetics, food or clothing themselves, so such a maker is
    answered on its channel (issue 18 panel 24, F09), the capability marked as inferred from those words."""
    from features.firms.infer import default_inferrer, selling_channel

    inf = default_inferrer().infer(code, products)
    level = inf.values[CAPABILITY_KEYS.index(CHANNEL_CAPABILITY)] if inf.values else 0
    if not inf.channel or level < 2:
        return None
    out = {"capability": CHANNEL_CAPABILITY, "level": int(level), "words": list(inf.channel), "source": "inferred"}
    now, planned = selling_channel(code, products)
    if planned and not now:  # only planned ("티몰 글로벌 입점 계획"): the answer says so (issue 18 panel 34, F13b)
        out["planned"] = list(planned)
    return out


def related_passages(kb, family: Family, top: int = 2, limit: int = 4) -> list[dict]:
    """Passages for the family's questions, best first, each once: ``{doc_id, line_start, line_end, text, query}``
    with the text read from the stored report file."""
    import re

    from features.evidence import readable_quote

    out, seen = [], set()
    for q in family.queries:
        for p, _score in kb.index.search(q, top=top):
            # panel 26 F01: whole sentences read from the stored report ("소 부주임은" began a passage cut mid-word)
            whole = readable_quote(kb.docs, kb.passages, p.doc_id, p.line_start, p.line_end)
            text = whole.text
            if family.relevant and not re.search(family.relevant, text):
                continue  # panel 9: a hit that does not name the family's subject is no "related passage"
            # the same sentence reported in two documents (the seminar's press release and a news article about
            # it) is shown once: the same passage, or the same last 60 characters without spaces
            keys = {(p.doc_id, whole.line_start, whole.line_end), re.sub(r"\s+", "", text)[-60:]}
            if keys & seen:
                continue
            seen |= keys
            out.append({"doc_id": p.doc_id, "line_start": whole.line_start, "line_end": whole.line_end,
                        "text": text, "query": q})  # fmt: skip
            if len(out) >= limit:
                return out
    return out


_SCOPES: dict[tuple, dict] = {}


def industry_scope(kb, firm: dict) -> dict | None:
    """The ``industry_scope`` block of a recommendation answer, or None when the firm names no industry (cached per
    data version, code and products: the app asks on every rerun)."""

    code = str(firm.get("industry_code") or "")
    products = str(firm.get("products") or "")
    if not code and not products:
        return None
    key = (getattr(kb, "data_version", id(kb)), code, products)
    if key not in _SCOPES:
        if len(_SCOPES) > 512:
            _SCOPES.clear()
        _SCOPES[key] = _industry_scope(kb, code, products)
    return copy.deepcopy(_SCOPES[key])


def _industry_scope(kb, code: str, products: str) -> dict:
    firm = {"industry_code": code, "products": products}
    uncovered, div_ko, div_en = _main_industry_uncovered(firm)
    fam = family_of(code, products)
    if fam is not None and fam.outside:
        uncovered = True  # a family the reports do not treat even where its KSIC code maps to capabilities
    named = fam is not None and not (fam.label_from_code and div_ko)
    label_ko = fam.label_ko if named else (div_ko or code)
    label_en = fam.label_en if named else (div_en or code)
    channel = _stated_channel(code, products) if uncovered and not (fam is not None and fam.outside) else None
    if channel:
        uncovered = False  # the goods are not covered, the stated channel is: the answer follows the channel
    block = {"status": "not_covered" if uncovered else "covered", "industry_code": code,
             "industry": {"ko": label_ko, "en": label_en}, "family": fam.family_id if fam else None,
             "related": related_passages(kb, fam) if fam else []}  # fmt: skip
    if channel:
        block["channel"] = channel
        said = ", ".join(f"'{w}'" for w in channel["words"])
        below_ko = " 제품 자체에 대해 보고서가 말하는 부분은 아래 문단뿐입니다." if block["related"] else ""
        below_en = " For the goods themselves, the passages below are all the reports say." if block["related"] else ""
        plan = bool(channel.get("planned"))  # a channel the firm plans: never read as one it sells through now
        block["message"] = {
            "ko": f"보고서는 {label_ko} 산업 자체를 직접 다루지 않습니다. 다만 제품 설명에 적힌 "
                  f"{'계획 중인(아직 판매 전) ' if plan else ''}판매 경로({said})는 보고서가 "
                  "다루는 국경 간 전자상거래입니다 — 이 답은 이 말에서 추정한 전자상거래 역량(추정치, 확인 필요)에 따른 "
                  f"것이고, {label_ko} 제품 자체에 대한 추천이 아닙니다.{below_ko}",
            "en": f"The reports do not treat the {label_en} industry itself. The sales channel "
                  f"{'your products line plans (not yet selling)' if plan else 'named in your products line'} "
                  f"({said}) is cross-border e-commerce, which they do treat — this answer follows the "
                  "e-commerce capability estimated from those words (an estimate to confirm), not your "
                  f"{label_en} goods themselves.{below_en}",
        }  # fmt: skip
    elif not uncovered and fam is not None and fam.note_ko:
        block["message"] = {"ko": fam.note_ko, "en": fam.note_en}
    elif not uncovered and fam is not None and block["related"]:
        # panel 13: a covered firm whose products line names such an item (a cold-chain 3PL's "식품", a cross-border
        # seller's "화장품") got a heading "업종 범위: 식품·음료" and quotes with no word of why — say it
        main_ko = f"귀사의 주업종(업종코드 {code}, {div_ko})" if code and div_ko else "귀사의 주업종"
        main_en = f"KSIC {code} ({div_en})" if code and div_en else "your main industry"
        topic = "은"
        if code and not _code_maps(code):
            # the code's industry is no sector; what is covered is what the products line names — never say the main
            # industry is covered (issue 18 panel 31, K3/K8: "귀사의 주업종(업종코드 10211, 식료품 제조업)은 보고서가
            # 다루는 분야" was false)
            main_ko, main_en, topic = "제품 설명에서 읽은 분야", "the field your products line names", "는"
        block["message"] = {
            "ko": f"{main_ko}{topic} 보고서가 다루는 분야이고, 추천은 그에 따른 것입니다. 제품 설명에 나온 {label_ko} 관련 "
                  "품목은 보고서가 직접 다루지 않습니다 — 아래는 보고서가 그와 맞닿아 말하는 부분입니다.",
            "en": f"{main_en[0].upper() + main_en[1:]} is one the reports treat, and the recommendations rest on it. The "
                  f"{label_en} items named in your products line are not treated directly — below is what the reports "
                  "say that touches them.",
        }  # fmt: skip
    if uncovered and fam is not None and fam.consumer_goods and not fam.outside:
        from features.firms.infer import supply_reading

        b2b, own_brand = supply_reading(products)
        if b2b:  # a B2B / OEM / ODM supplier of brands: the consumer next step does not fit (panel 34 F12, 31 K4)
            block["b2b_supply_note"] = dict(B2B_OWN_BRAND_NOTE if own_brand else B2B_SUPPLY_NOTE)
        if own_brand or not b2b:
            block["consumer_channel_hint"] = copy.deepcopy(CONSUMER_CHANNEL_HINT)
    if uncovered:
        why_ko = f" {fam.why_ko}" if fam is not None and fam.why_ko else ""
        why_en = f" {fam.why_en}" if fam is not None and fam.why_en else ""
        block["message"] = {
            "ko": f"보고서는 {label_ko} 산업을 직접 다루지 않습니다.{why_ko} 아래는 보고서가 이 산업과 맞닿아 말하는 부분입니다"
                  f"{'' if block['related'] else ' (찾은 문단 없음)'}.",
            "en": f"The reports do not treat the {label_en} industry directly.{why_en} Below is what they say that "
                  f"touches it{'' if block['related'] else ' (no passage found)'}.",
        }  # fmt: skip
    return block


#: the coverage note of a firm entered with capability scores only: its industry was not checked (issue 18 panel 16,
#: F05: a chip-equipment maker given as scores got a confident IoT answer; the same firm as KSIC 29271 is told the
#: reports do not treat its industry)
UNCHECKED_NOTE = {
    "kind": "industry_unchecked",
    "ko": "업종코드(KSIC)·주생산품 없이 역량 점수로만 입력되어, 보고서가 귀사의 업종 자체를 다루는지는 확인하지 않았습니다 — "
          "반도체·디스플레이 장비, 섬유·의류, 화장품, 식품처럼 보고서가 다루지 않는 업종이라면 업종코드를 넣어 다시 실행하세요.",
    "en": "Your firm was entered with capability scores only, without a KSIC code or products, so whether the reports "
          "treat your industry itself was not checked — if it is one they do not treat (chip or display equipment, "
          "textiles and apparel, cosmetics, food …), run again with your industry code.",
    "evidence": [],
}


def _with_unchecked_note(result: dict, firm: dict) -> dict:
    """``result`` with :data:`UNCHECKED_NOTE` among its coverage notes when it recommends something to a firm that
    gave neither an industry code nor products (nothing to check its industry against); else unchanged."""
    # also under a no-match answer (panel 28, F11: a textile maker given as scores only was told "closest: robotics"
    # with no word that its industry was never checked; the same firm with its KSIC code gets the textile scope)
    if firm.get("industry_code") or firm.get("products"):
        return result
    out = dict(result)
    cov = dict(out.get("coverage") or {})
    cov["notes"] = [*(cov.get("notes") or []), dict(UNCHECKED_NOTE)]
    out["coverage"] = cov
    return out


def apply_industry_gate(result: dict, firm: dict, scope: dict | None) -> dict:
    """``result`` with ``industry_scope`` added and, for an uncovered main industry, the recommendations that rest
    on no capability the firm gave at :data:`SIDE_MIN` or more moved to ``side_recommendations`` (documented in
    docs/METHOD.md). Existing keys are never renamed."""
    from recommender.channel_next import mark_already_selling

    result = mark_already_selling(result, firm)  # panel 26 F11: a firm already on the platforms is told so
    if scope is None:
        return _with_unchecked_note(result, firm)
    out = dict(result)
    out["industry_scope"] = scope
    if scope.get("channel"):
        return _channel_gate(out, result, firm, scope)
    if scope["status"] != "not_covered":
        return out
    caps = firm.get("capabilities") or {}
    srcs = firm.get("capability_sources") or {}
    strong = {k for k in CAPABILITY_KEYS if int(caps.get(k, 0)) >= SIDE_MIN and srcs.get(k, "given") == "given"}
    if not result.get("recommendations"):
        # nothing matched because the main industry is not one the reports treat: say that, not "check your input"
        # (issue 18 panel: a restaurant chain was told to check its scores or industry code)
        cov = dict(result.get("coverage") or {})
        moot = [n for n in cov.get("near_misses") or [] if not n.get("missing")] if not strong else []
        if not strong and (scope.get("consumer_channel_hint") or scope.get("b2b_supply_note")) and _names_own_shop(firm):
            # a goods maker's own (domestic) shop read e-commerce 2: the near miss "e-commerce must reach 3" is the
            # channel route the next step already explains (CONSUMER_CHANNEL_HINT) — one reason, the industry, as for
            # the same row without the shop word (issue 18 panel 31, K3 and its probe K3b; K8 and K8b). A maker that
            # names no shop keeps its near miss (panel 15 F10: what the firm would need, in words)
            moot += [n for n in cov.get("near_misses") or []
                     if n.get("missing") and set(n["missing"]) <= {CHANNEL_CAPABILITY}]  # fmt: skip
        if cov.get("status") == "none" and moot:
            # a near miss the firm's capabilities already cover, closed only by an entry mode's prerequisite (size,
            # experience), says "your capabilities match" — but with no given capability >= SIDE_MIN this gate would
            # move it aside even if the mode opened: one reason (the industry), not a second one about size (issue 18
            # panel 15, F12: a 3-person plush-toy maker was told both that toys are not covered and that e-commerce
            # needs 5 staff; panel 14, F14 the same for a sauce maker). Kept, as side recommendations are, under a
            # new key; near misses that name a missing capability stay (what the firm would need).
            out["side_near_misses"] = moot
            cov["near_misses"] = [n for n in cov["near_misses"] if not any(n is m for m in moot)]
            cov["notes"] = [n for n in cov.get("notes") or []
                            if n.get("kind") not in LIST_NOTES + NEAR_MISS_NOTES]  # fmt: skip
        if cov.get("status") == "none" and (moot or not cov.get("near_misses")):
            cov["message"] = {
                "ko": f"보고서는 귀사의 주업종({scope['industry']['ko']})을 다루지 않아 추천할 기회가 없습니다. 입력이 "
                      "잘못된 것이 아닙니다 — 아래는 보고서가 이 업종과 맞닿아 말하는 부분입니다.",
                "en": f"The reports do not treat your main industry ({scope['industry']['en']}), so there is no "
                      "opportunity to recommend. Your input is not at fault — below is what the reports say that "
                      "touches this industry.",
            }  # fmt: skip
            out["coverage"] = cov
        return out
    keep, side = [], []
    for r in result["recommendations"]:
        # a capability the recommendation rests on: it covers the need fully or in part (a given 4 against a need
        # of 5 still carries it; the anchored fit of issue 18 made such partial covers the usual case)
        used = {c["capability"] for c in r.get("capabilities", []) if c.get("status") in ("matched", "partial")}
        (keep if used & strong else side).append(r)
    out["recommendations"] = keep
    out["side_recommendations"] = side
    if not keep:
        cov = dict(result.get("coverage") or {})
        cov["status"] = "none"
        cov["message"] = {
            "ko": f"보고서는 귀사의 주업종({scope['industry']['ko']})을 다루지 않아 추천할 기회가 없습니다. 업종코드·주생산품에서 "
                  "추정한 역량만으로는 다른 분야를 추천하지 않습니다. 귀사가 보고서가 다루는 분야에서도 직접 사업을 하고 "
                  "있다면, 그 역량을 확인된 점수(4 이상)로 입력해 다시 실행하세요.",
            "en": f"The reports do not treat your main industry ({scope['industry']['en']}), so there is no opportunity "
                  "to recommend. Capabilities estimated from the industry code and products alone do not carry a "
                  "recommendation in another sector. If your firm also does business of its own in a sector the "
                  "reports treat, enter that capability as a confirmed score (4 or more) and run again.",
        }  # fmt: skip
        # notes about a ranked list no longer shown (a sector-level rank 1, a thin fit) would point to nothing
        cov["notes"] = [n for n in cov.get("notes") or [] if n.get("kind") not in LIST_NOTES]
        out["coverage"] = cov
        out["ties"] = None  # no ranked list is shown
    return out


def _channel_gate(out: dict, result: dict, firm: dict, scope: dict) -> dict:
    """For a goods maker answered on its stated sales channel (``scope["channel"]``): the recommendations that rest
    on the channel's capability (or on one the firm gave at :data:`SIDE_MIN` or more) stay; any other — a sector the
    goods or a side word would reach — moves to ``side_recommendations``, as for an uncovered industry."""
    caps = firm.get("capabilities") or {}
    srcs = firm.get("capability_sources") or {}
    carry = {scope["channel"]["capability"]}
    carry |= {k for k in CAPABILITY_KEYS if int(caps.get(k, 0)) >= SIDE_MIN and srcs.get(k, "given") == "given"}
    keep, side = [], []
    for r in result.get("recommendations") or []:
        used = {c["capability"] for c in r.get("capabilities", []) if c.get("status") in ("matched", "partial")}
        (keep if used & carry else side).append(r)
    if side:
        out["recommendations"] = keep
        out["side_recommendations"] = side
        if not keep:
            cov = dict(result.get("coverage") or {})
            cov["status"] = "none"
            cov["notes"] = [n for n in cov.get("notes") or [] if n.get("kind") not in LIST_NOTES]
            out["coverage"] = cov
            out["ties"] = None
    return out
