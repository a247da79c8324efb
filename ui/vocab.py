"""Names of domain things in the current language: regions, sectors, strategies, capabilities, fields, indicators."""

from __future__ import annotations

from features.facts import CAPABILITY_KEYS, INDICATOR_LABELS
from features.firms import CAPABILITY_LABELS_EN, CAPABILITY_LABELS_KO, FIELD_LABELS_KO
from recommender.doc_names import DOC_TITLES_EN, PUBLISHERS_EN  # noqa: F401 (re-exported)
from ui.i18n import lang

CAPABILITY_HELP = {  # plain language: what a level of this capability means
    "ai_software": ("머신러닝·컴퓨터비전·음성인식 같은 AI 모델과 소프트웨어를 직접 만드는 능력",
                    "Building AI models and software yourself: machine learning, computer vision, speech"),
    "semiconductors_sensors": ("반도체 칩, 카메라·레이더·라이다 같은 센서와 부품을 설계·생산하는 능력",
                               "Designing or making chips and sensors (camera, radar, lidar) and components"),
    "cloud_big_data": ("클라우드 인프라와 데이터 수집·저장·분석 플랫폼을 구축하고 운영하는 능력",
                       "Building and running cloud infrastructure and data collection, storage and analytics"),
    "iot_devices": ("네트워크에 연결되는 기기·단말·게이트웨이를 만드는 능력",
                    "Making connected devices, terminals and gateways"),
    "automotive_mobility": ("완성차·자동차 부품·전장, 모빌리티 서비스를 만드는 능력",
                            "Vehicles, automotive parts and electronics, mobility services"),
    "smart_transport": ("교통 신호·관제, 주차, 교통 데이터 분석 같은 지능형 교통 시스템",
                        "Intelligent transport: traffic signals and control, parking, traffic analytics"),
    "urban_services": ("도시 관리·공공 안전·행정 서비스 등 도시 운영 솔루션",
                       "City operations: urban management, public safety, e-government services"),
    "medical_devices": ("의료기기의 설계·생산과 인허가 경험",
                        "Designing and making medical devices, with approval experience"),
    "digital_health": ("원격진료, 건강관리 앱, 의료 데이터·AI 진단 서비스",
                       "Telemedicine, health apps, medical data and AI diagnosis services"),
    "biotech_genomics": ("바이오 의약품, 유전체 분석", "Biopharmaceuticals, genome analysis"),
    "smart_manufacturing": ("스마트공장 솔루션, 공정 자동화, 산업용 로봇과 설비",
                            "Smart-factory solutions, automation, industrial robots and equipment"),
    "fintech": ("모바일 결제, 인터넷 금융, 금융 데이터 서비스", "Mobile payment, online finance, financial data services"),
    "ecommerce_consumer": ("온라인 판매·유통과 소비재 브랜드", "Online retail and distribution, consumer brands"),
    "telecom_5g": ("5G·통신 장비와 네트워크 부품·서비스", "5G and telecom equipment, network parts and services"),
    "agritech": ("스마트팜·정밀농업 장비, 농업 데이터, 농산물 온라인 유통·이력 관리",
                 "Smart-farm and precision-farming equipment, farm data, online sale and tracing of farm produce"),
    "energy_tech": ("스마트그리드·에너지 저장·분산형 발전·에너지 관리 시스템",
                    "Smart grid, energy storage, distributed generation, energy management systems"),
    "logistics_tech": ("스마트 물류 창고·배송 시스템, 물류 정보 플랫폼, 물류 자동화 설비",
                       "Smart warehousing and delivery systems, logistics information platforms, logistics automation"),
}
LEVELS_HELP = ("0 없음 · 1 기초 · 2 보통 · 3 경쟁력 있음 · 4 국내 선도 · 5 세계적 수준",
               "0 none · 1 basic · 2 fair · 3 competitive · 4 national leader · 5 world-class")

FIELD_LABELS_EN = {
    "firm_id": "Firm ID", "name": "Firm name", "employees": "Employees", "revenue_krw_100m": "Revenue (KRW 100m)",
    "china_experience_years": "China experience (years)", "has_china_entity": "China entity",
    "chinese_speaking_staff": "Chinese-speaking staff", "investment_capacity_krw_100m": "Investment capacity (KRW 100m)",
    "certifications": "Certifications", "risk_tolerance": "Risk appetite", "horizon_years": "Horizon (years)",
    "preferred_regions": "Preferred regions", "excluded_regions": "Excluded regions",
    "china_entity_region": "Where the China entity is",
}  # fmt: skip

DIMENSION_LABELS = {"policy": ("정책", "Policy"), "demand": ("수요", "Demand"), "risk": ("위험", "Risk"),
                    "context": ("배경", "Context")}  # fmt: skip


def _pick(pair: tuple[str, str]) -> str:
    return pair[1] if lang() == "en" else pair[0]


def region_name(kb, region_id: str) -> str:
    r = kb.regions.get(region_id)
    if r is None:
        return "중국 전체" if lang() == "ko" and region_id == "CN" else ("China (national)" if region_id == "CN" else region_id)
    return r.name_en if lang() == "en" else r.name_ko


def answer_region_name(kb, r: dict) -> str:
    """The region of one recommendation: its name, or "전국 단위 (지역은 귀사 선택)" for a sector-level answer
    (:func:`recommender.present.answer_region`)."""
    from recommender.present import answer_region

    return answer_region(r, kb, lang())


def short_region_name(kb, region_id: str) -> str:
    """A compact name for chart labels: 저장성 → 저장, 광시좡족자치구 → 광시 (English names are kept)."""
    name = region_name(kb, region_id)
    if lang() == "en":
        return name
    for suffix in ("좡족자치구", "회족자치구", "자치구", "성"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def sector_name(kb, sector_id: str) -> str:
    s = kb.sectors.get(sector_id)
    if s is None:
        return _pick(("모든 분야", "all sectors")) if sector_id == "all" else sector_id
    return s.name_en if lang() == "en" else s.name_ko


def strategy_name(kb, strategy_id: str, sector_id: str | None = None) -> str:
    """A strategy's name; with ``sector_id`` the sector's own where it has one (cluster co-location names hub
    hospitals only in smart healthcare — :func:`recommender.present.strategy_label`)."""
    from recommender.present import strategy_label

    return strategy_label(kb, strategy_id, sector_id, lang())


def capability_label(key: str) -> str:
    return CAPABILITY_LABELS_EN.get(key, key) if lang() == "en" else CAPABILITY_LABELS_KO.get(key, key)


def levels_help() -> str:
    """The 0–5 capability scale in words (one source for the form heading and every slider's help)."""
    return _pick(LEVELS_HELP)


def capability_help(key: str) -> str:
    return f"{_pick(CAPABILITY_HELP[key])}. {levels_help()}"


def field_label(field: str) -> str:
    if field in CAPABILITY_KEYS:
        return capability_label(field)
    return FIELD_LABELS_EN.get(field, field) if lang() == "en" else FIELD_LABELS_KO.get(field, field)


def indicator_label(indicator: str) -> str:
    return _pick(INDICATOR_LABELS.get(indicator, (indicator, indicator)))


def dimension_label(dimension: str) -> str:
    return _pick(DIMENSION_LABELS.get(dimension, (dimension, dimension)))


# English titles of the stored reports: one table for the app and the client report (recommender/doc_names.py)


def doc_title(doc) -> str:
    """The report's title in the UI language (the catalog's own title in Korean; our English one, else the original)."""
    return DOC_TITLES_EN.get(doc.doc_id, doc.title) if lang() == "en" else doc.title


def doc_publisher(doc) -> str:
    return PUBLISHERS_EN.get(doc.publisher, doc.publisher) if lang() == "en" else doc.publisher
