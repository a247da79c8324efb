"""Entry-strategy selection by explicit rules (``data/strategies.yaml``), vectorised and explained.

For firm *f*, opportunity *p* and strategy *t*:

* **eligible** — the firm meets every hard prerequisite of *t* and *t* applies to *p*'s sector; a ``required`` firm
  condition with ``sectors`` binds only at opportunities of those sectors (:attr:`CompiledStrategies.scoped`: a
  software house cannot supply robot parts, but can supply smart-factory products — issue 18, panel 9);
* **rule score** ``= (firm points + profile points) / (firm maximum + profile maximum)``. Firm points are the
  weights of the met field conditions (size, experience, tolerance…) plus the *largest* weight among the met
  capability conditions: a strategy's capability conditions are alternatives (component supply suits a chip maker
  or a 5G equipment maker; it does not need both). Profile points are the weights of the met profile conditions,
  where a tag or indicator found in the region's facts about the sector counts fully and one found only in national
  facts, or in the region's facts about every sector, counts half (a national programme is reachable from any
  region, and a region-wide zone is not about this sector, so both count less directly);
* the chosen strategy is the eligible one with the highest rule score, where a strategy written for specific
  sectors gets ``SPECIFICITY_BONUS`` (0.05) over a generic one (the reports' sector-specific advice wins a near
  tie); remaining ties go to the lower strategy id — except that a firm with no base in China yet
  (:func:`first_entrant`) is given the first step, :data:`FIRST_STEP` (Korean support channels), wherever it is open
  to the firm (rule score ≥ 0), whatever the other modes score (issue 18 item 4, panels 21 F01 and 23 F07: a drone
  start-up with readiness 0.02 was sent to Baidu Apollo with the support route its runner-up; the issue report
  proposes public support for Korean firms entering China, 1716–1736, and the KIEP report places the support
  institutions at the first entry, 초기 진출 시, 6518–6524). The
  runner-ups are the next best, and the explanation lists which conditions held and which prerequisites failed.

Strategies are compiled once into arrays so that millions of (firm, opportunity) pairs are scored without a Python
loop over pairs.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from features.facts import CAPABILITY_KEYS
from features.firms import RISK_LEVELS, FirmTable, capability_label
from recommender import kernels
from recommender.certifications import holds_any

NATIONAL_SHARE = 0.5
SPECIFICITY_BONUS = 0.05
#: tags that record a restriction: shown as risks, and binding in every region when national
RISK_TAGS = frozenset({"foreign_restricted", "regulation_reversal"})
DEFAULT_PREFERENCE = 50
#: the mode a first entrant (:func:`first_entrant`) is given first wherever it can carry it; the other open modes
#: follow as "after this first step" (issue report 1716–1736; KIEP 6518–6524: 초기 진출 시 … 지원기관을 적극 활용)
FIRST_STEP = "korean_support_channels"
_OPS = {"<=": np.less_equal, ">=": np.greater_equal, "==": np.equal}
#: risk indicators: a condition on one is a reported restriction (shown ⚠, :func:`explain_conditions`)
RISK_INDICATORS = ("foreign_access_restriction", "regulatory_uncertainty")


def restriction_condition(cond: dict) -> bool:
    """The condition is a reported restriction the mode routes around: a :data:`RISK_TAGS` tag, a risk indicator,
    the risk component, or a condition marked ``restriction: true`` (a firm condition whose reason is a restriction,
    e.g. the digital-health firm's local-platform route, KIEP 6416–6422)."""
    return (cond.get("tag") in RISK_TAGS or cond.get("indicator") in RISK_INDICATORS
            or cond.get("component") == "risk" or bool(cond.get("restriction")))  # fmt: skip


def dated_note(cond: dict) -> bool:
    """A ``dated_judgement`` condition whose 2018 reading is an *opening* (privacy rules lenient, China weak in chips and
    sensors, a platform open to outsiders, BAT dominance as the way in), not a restriction: it adds nothing to the rule
    score and is shown as a dated note (◇), never as ✔ (panel 34 F04: "✔ 2018년 보고서 기준 판단 … 개인정보 규제가
    비교적 느슨해", china_4ir_issue_2018:1599-1603, stood as a met condition for an ERP vendor). A dated *restriction*
    keeps its weight and its ⚠: acting on a barrier since lifted costs a detour, acting on an opening since closed a
    failed entry (docs/audit/dated_readings.md, "How flagged conditions count")."""
    return bool(cond.get("dated_judgement")) and not restriction_condition(cond)


def weight_of(cond: dict) -> float:
    """The weight a condition adds to the rule score when met: its ``weight`` (default 1), 0 for a :func:`dated_note`."""
    return 0.0 if dated_note(cond) else float(cond.get("weight", 1.0))


#: KSIC divisions of section C (manufacturing), KSIC 10th revision
MANUFACTURING_DIVISIONS = range(10, 35)


#: per thread, while :func:`firm_conditions_once` is active: the industry-code sequence last read by
#: :func:`makes_goods` and its result
_ONCE = threading.local()


@contextmanager
def firm_conditions_once():
    """Within this block (one thread), :func:`makes_goods` reads each industry-code sequence once: the screening
    engine asks it for the same firms up to seven times per call (eligibility, firm points, scoped and soft
    conditions, the size rules; perf16). The firms must not change inside the block; outside it nothing is kept."""
    prev = getattr(_ONCE, "memo", None)
    _ONCE.memo = {}
    try:
        yield
    finally:
        _ONCE.memo = prev


def makes_goods(firms: FirmTable) -> np.ndarray:
    """(n,) float 1/0: the firm is not known to be outside manufacturing — its KSIC code is missing, or its division
    (first two digits) is one of section C's, 10–34. A software house (KSIC 58222) or a service firm gives 0: it
    makes no parts or equipment to supply (issue 18, panel 9: a MES software house was sent to supply robot parts)."""
    if firms.industry_code is None:
        return np.ones(len(firms), dtype=np.float64)
    memo = getattr(_ONCE, "memo", None)
    if memo is not None:
        hit = memo.get(id(firms.industry_code))
        if hit is not None and hit[0] is firms.industry_code:
            return hit[1].copy()
        out = _makes_goods(firms)
        memo[id(firms.industry_code)] = (firms.industry_code, out)
        return out.copy()
    return _makes_goods(firms)


def _makes_goods(firms: FirmTable) -> np.ndarray:
    # one test per distinct code, not per firm (no per-row Python in the screening path, issue 19), the codes told
    # apart by a dict in C (4× faster than np.unique of their str forms; perf14); a missing code (None, NaN, "") reads
    # as no two-digit division, as before
    codes = firms.industry_code

    def goods(code: str) -> float:
        head = code[:2]
        return float(not (len(head) == 2 and head.isdigit()) or int(head) in MANUFACTURING_DIVISIONS)

    seen = {c: goods(str(c)) for c in dict.fromkeys(codes)}
    return np.fromiter(map(seen.__getitem__, codes), dtype=np.float64, count=len(firms))


#: health capabilities a firm can lead with (issue 18, panels 12–13: an 800-person ultrasound maker and a genomics lab
#: were sent to internet-hospital platforms, a route the report gives online-service firms, KIEP 6416–6422)
HEALTH_LEADS = ("digital_health", "medical_devices", "biotech_genomics")
#: a smart city's element technologies: what a Korean firm brings there (KIEP 6371–6375, 6393–6396) — devices and
#: sensors, transport and urban services, AI modules (4471–4479); cloud and big data are the platform owner's own
#: (Alibaba's city OS rests on its cloud and AI, 6379–6381), so they are not among them
CITY_ELEMENTS = ("iot_devices", "semiconductors_sensors", "smart_transport", "urban_services", "ai_software")


def digital_health_led(firms: FirmTable) -> np.ndarray:
    """(n,) float 1/0: the firm's healthcare business is a digital-health service — digital health ≥ 3 and at least
    its medical-device and genomics levels. The report gives the local-platform route to online services kept out by
    the foreign-investment limits (KIEP 6416–6422); a device maker or a lab leads with something else."""
    caps = firms.capabilities
    dh, md, bio = (caps[:, CAPABILITY_KEYS.index(k)].astype(np.float64) for k in HEALTH_LEADS)
    return ((dh >= 3) & (dh >= md) & (dh >= bio)).astype(np.float64)


def device_led(firms: FirmTable) -> np.ndarray:
    """(n,) float 1/0: the firm's healthcare business is medical devices — devices ≥ 3 and at least its digital-health,
    genomics and AI levels (a digital-health-led firm keeps the local-platform route, :func:`digital_health_led`; a
    genomics-led lab and an AI-imaging firm the Chinese-major route, whose one Korean case is AI imaging, KIEP
    6441–6445). For a device firm's first entry the report names the Korean support bodies, among them a
    medical-device cooperative (KIEP 6518–6524; panels 31 S4 and 34 F06)."""
    caps = firms.capabilities
    dh, md, bio = (caps[:, CAPABILITY_KEYS.index(k)].astype(np.float64) for k in HEALTH_LEADS)
    ai = caps[:, CAPABILITY_KEYS.index("ai_software")].astype(np.float64)
    return ((md >= 3) & (md >= dh) & (md >= bio) & (md >= ai)).astype(np.float64)


def city_element_level(firms: FirmTable) -> np.ndarray:
    """(n,) the firm's best smart-city element technology (:data:`CITY_ELEMENTS`), 0–5."""
    idx = [CAPABILITY_KEYS.index(k) for k in CITY_ELEMENTS]
    return firms.capabilities[:, idx].astype(np.float64).max(axis=1)


def china_readiness(firms: FirmTable) -> np.ndarray:
    """(n,) the firm's readiness for China, 0–1 (:func:`recommender.kernels.readiness`: experience, entity,
    Chinese-speaking staff, capital) — the same number the risk adjustment uses."""
    return kernels.readiness(firms.china_experience_years, firms.has_china_entity, firms.chinese_speaking_staff,
                             firms.investment_capacity_krw_100m)  # fmt: skip


def first_entrant(firms: FirmTable) -> np.ndarray:
    """(n,) float 1/0: the firm has no base in China yet — no China experience, no entity and readiness below
    :data:`recommender.kernels.LOW_READINESS` (the test of the first-step note, ``answer_notes.first_step_readiness``;
    panels 14 F13 and 17 F05: 12- and 25-person farm-equipment makers with readiness 0.00–0.01 were sent to supply
    equipment with no first step)."""
    exp = np.asarray(firms.china_experience_years, dtype=np.float64)
    entity = np.asarray(firms.has_china_entity, dtype=bool)
    return ((exp <= 0) & ~entity & (china_readiness(firms) < kernels.LOW_READINESS)).astype(np.float64)


#: firm fields computed from the firm's other inputs (validated by features.knowledge.FIRM_FIELDS)
COMPUTED_FIELDS = {"makes_goods": makes_goods, "digital_health_led": digital_health_led, "device_led": device_led,
                   "city_element_level": city_element_level, "china_readiness": china_readiness,
                   "first_entrant": first_entrant}  # fmt: skip


def _firm_field(firms: FirmTable, name: str) -> np.ndarray:
    if name in COMPUTED_FIELDS:
        return COMPUTED_FIELDS[name](firms)
    if name in CAPABILITY_KEYS:
        return firms.capabilities[:, CAPABILITY_KEYS.index(name)].astype(np.float64)
    return np.asarray(getattr(firms, name), dtype=np.float64)


def _certified(firms: FirmTable, wanted) -> np.ndarray:
    """(n,) bool: the firm holds at least one of ``wanted`` (NMPA, CE, ISO13485 …), compared as canonical keys
    (:func:`recommender.certifications.canonical`: "ISO 13485" is ISO13485, KGMP is no device certification)."""
    want = [str(c) for c in (wanted if isinstance(wanted, list) else [wanted])]
    # each distinct list once (a registry repeats a few; issue 19), numbered in order of first appearance; the
    # lookups by map/dict in C, not a Python loop over the firms
    lists = firms.certifications
    try:
        seen = {h: i for i, h in enumerate(dict.fromkeys(lists))}  # tuples, as validation makes them
    except TypeError:  # lists
        lists = list(map(tuple, lists))
        seen = {h: i for i, h in enumerate(dict.fromkeys(lists))}
    code = np.fromiter(map(seen.__getitem__, lists), dtype=np.int64, count=len(lists))
    return np.array([holds_any(have, want) for have in seen], dtype=bool)[code]


def _firm_condition(firms: FirmTable, cond: dict) -> np.ndarray:
    """(n,) bool: the firm meets ``cond``. Within :func:`firm_conditions_once` each (firms, condition) pair is
    computed once (the screening engine reads the same conditions for eligibility, points, scoped, soft and size
    rules: 177 calls per call for ≈ 60 distinct conditions; perf16), the result read-only."""
    memo = getattr(_ONCE, "memo", None)
    if memo is None:
        return _firm_condition_of(firms, cond)
    key = ("condition", id(firms), id(cond))
    hit = memo.get(key)
    if hit is not None and hit[0] is firms and hit[1] is cond:  # the objects are kept, so their ids stay theirs
        return hit[2]
    out = _firm_condition_of(firms, cond)
    out.flags.writeable = False
    memo[key] = (firms, cond, out)
    return out


def _firm_condition_of(firms: FirmTable, cond: dict) -> np.ndarray:
    if cond.get("or_if"):  # met by its own test or by its alternative (korean_support_channels: device_led, risk31)
        return _firm_test(firms, cond) | _firm_test(firms, cond["or_if"])
    return _firm_test(firms, cond)


def _firm_test(firms: FirmTable, cond: dict) -> np.ndarray:
    name = cond.get("field") or cond.get("capability")
    if name == "certifications":
        return _certified(firms, cond["value"])
    values = _firm_field(firms, name)
    if cond.get("goods_only"):
        # a capability that counts only for a firm that makes goods (makes_goods: KSIC 10-34 or no code): data-
        # collection devices a smart-city contractor buys in (KIEP 4471-4475) are made by device makers — an IoT
        # platform integrator (KSIC 62/63) holds the capability without the devices (issue 18 panel 27, F14: told
        # "you can supply cameras and sensors" beside "as a non-manufacturer you cannot supply hardware")
        values = values * makes_goods(firms)
    if cond["op"] == "in":
        wanted = cond["value"] if isinstance(cond["value"], list) else [cond["value"]]
        if name == "risk_tolerance":
            wanted = [RISK_LEVELS.index(v) for v in wanted]
        return np.isin(values, np.asarray(wanted, dtype=np.float64))
    target = cond["value"]
    if isinstance(target, bool):
        target = float(target)
    return _OPS[cond["op"]](values, float(target))


@dataclass
class CompiledStrategies:
    ids: list[str]  # sorted by id
    specs: list[dict]
    applies: np.ndarray  # (P, T) bool: strategy applies to the opportunity's sector
    profile_points: np.ndarray  # (P, T)
    total_weight: np.ndarray  # (P, T): the most points at the opportunity (sector-scoped conditions count only there)
    available: np.ndarray  # (P, T) bool: the region has what the strategy needs there (available_if / unless)
    preference: np.ndarray  # (T,) int: the reports' stated order between strategies (lower first) for ties
    #: required firm conditions that bind only in some sectors: (strategy index, index in its firm_conditions) …
    scoped: list = None
    #: … and (P, len(scoped)) bool: where each binds (plain lists and arrays, so a cached copy compares equal)
    scoped_at: np.ndarray = None
    #: soft field conditions that count only in some sectors (a weight, not a gate: the medical-certification line
    #: of co-location is a healthcare reason, panel 14 F02) — (strategy index, index in its firm_conditions) …
    soft: list = None
    #: … and (P, len(soft)) bool: where each counts
    soft_at: np.ndarray = None
    #: (P, T) bool: the strategy applies and an ``available_if`` condition that *opens an opportunity* holds — a
    #: condition with ``opens_opportunity: false`` lets the mode be chosen where another mode opens the opportunity,
    #: not open it itself (the national first-entrant route of Korean support channels, panel 17 F05: the first step
    #: before a documented route, not an opportunity of its own). None: the same as :attr:`open_here`.
    gate_open: np.ndarray = None
    #: index of :data:`FIRST_STEP` among :attr:`ids` (−1: not defined) — chosen first for a first entrant
    lead: int = -1

    @classmethod
    def compile(cls, strategies: dict[str, dict], profiles: list, sector_ids: list[str]) -> CompiledStrategies:
        ids = sorted(strategies)
        specs = [strategies[i] for i in ids]
        P, T = len(profiles), len(ids)
        applies = np.zeros((P, T), dtype=bool)
        available = np.zeros((P, T), dtype=bool)
        opens = np.zeros((P, T), dtype=bool)
        points = np.zeros((P, T), dtype=np.float64)
        total = np.zeros((P, T), dtype=np.float64)
        for t, spec in enumerate(specs):
            for p, prof in enumerate(profiles):
                applies[p, t] = not spec["sectors"] or prof.sector_id in spec["sectors"]
                available[p, t] = availability(spec, prof)[0]
                opens[p, t] = availability(spec, prof, opening=True)[0]
                conds = counted_conditions(spec, prof.sector_id)
                total[p, t] = firm_maximum(spec, prof.sector_id) + sum(weight_of(c) for c in conds)
                points[p, t] = sum(weight_of(c) * profile_condition_met(c, prof) for c in conds)
        total[total == 0] = 1.0
        preference = np.array([int(sp.get("preference", DEFAULT_PREFERENCE)) for sp in specs], dtype=np.int64)
        scoped = [(t, k) for t, spec in enumerate(specs) for k, c in enumerate(spec["firm_conditions"])
                  if c.get("required") and c.get("sectors")]  # fmt: skip
        scoped_at = np.array([[prof.sector_id in specs[t]["firm_conditions"][k]["sectors"] for t, k in scoped]
                              for prof in profiles], dtype=bool).reshape(P, len(scoped))  # fmt: skip
        soft = [(t, k) for t, spec in enumerate(specs) for k, c in enumerate(spec["firm_conditions"]) if soft_scoped(c)]
        soft_at = np.array([[prof.sector_id in specs[t]["firm_conditions"][k]["sectors"] for t, k in soft]
                            for prof in profiles], dtype=bool).reshape(P, len(soft))  # fmt: skip
        return cls(ids, specs, applies, points, total, available, preference, scoped, scoped_at, soft, soft_at,
                   applies & opens, ids.index(FIRST_STEP) if FIRST_STEP in ids else -1)  # fmt: skip

    def soft_points(self, firms: FirmTable) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """Per sector-scoped soft condition: (strategy index, (n,) its weight where the firm meets it, (P,) bool where
        it counts) — added to the rule score's points at those opportunities only (:meth:`rule_scores`)."""
        out = []
        for i, (t, k) in enumerate(self.soft or []):
            c = self.specs[t]["firm_conditions"][k]
            out.append((t, weight_of(c) * _firm_condition(firms, c), self.soft_at[:, i]))
        return out

    def scoped_failures(self, firms: FirmTable) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """Per sector-scoped required condition: (strategy index, (n,) bool the firm fails it, (P,) bool where it
        binds). An eligible firm that fails one cannot carry the strategy at the opportunities where it binds."""
        return [(t, ~_firm_condition(firms, self.specs[t]["firm_conditions"][k]), self.scoped_at[:, i])
                for i, (t, k) in enumerate(self.scoped or [])]

    @property
    def open_here(self) -> np.ndarray:
        """(P, T) bool: the strategy applies to the sector and its regional condition holds."""
        return self.applies & self.available

    @property
    def route_open(self) -> np.ndarray:
        """(P, T) bool: the strategy opens the opportunity (:attr:`gate_open`) — what :meth:`routes` reads."""
        return self.open_here if self.gate_open is None else self.gate_open

    def routes(self, eligible: np.ndarray, scoped: list | None = None) -> np.ndarray:
        """(n, P) bool: some strategy is both open at the opportunity and within the firm's prerequisites (and its
        sector-scoped requirements, ``scoped`` from :meth:`scoped_failures`, where they bind)."""
        if not scoped:
            return self._routes(eligible)
        clean = eligible.copy()
        for t, fail, _ in scoped:
            clean[:, t] &= ~fail
        out = self._routes(clean)
        # the strategy stays open to those firms where none of the conditions they fail binds — per strategy, over all
        # its sector-scoped conditions at once (component supply has two, adv16: a firm failing the robots/AI/IoT one
        # must not be reopened there by the logistics one's "not binding here")
        by_strategy: dict[int, list] = {}
        for t, fail, at in scoped:
            by_strategy.setdefault(t, []).append((fail, at))
        for t, items in by_strategy.items():
            rows = np.flatnonzero(eligible[:, t] & np.logical_or.reduce([fail for fail, _ in items]))
            if len(rows):
                blocked = np.zeros((len(rows), self.route_open.shape[0]), dtype=bool)
                for fail, at in items:
                    blocked |= fail[rows][:, None] & at[None, :]
                out[rows] |= self.route_open[:, t][None, :] & ~blocked
        return out

    def _routes(self, eligible: np.ndarray) -> np.ndarray:
        t = eligible.shape[1]
        if t > 62 or not len(eligible):
            return (eligible.astype(np.uint8) @ self.route_open.T.astype(np.uint8)) > 0
        # once per distinct eligibility pattern (firms share a few; issue 19), then gathered per firm
        code = eligible @ np.left_shift(np.int64(1), np.arange(t, dtype=np.int64))
        _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
        return ((eligible[first].astype(np.uint8) @ self.route_open.T.astype(np.uint8)) > 0)[inverse.ravel()]

    def eligibility(self, firms: FirmTable, size_blind: bool = False) -> np.ndarray:
        """(n, T) bool: the firm meets every hard prerequisite and can carry the strategy (its ``required`` firm
        conditions hold and, where the strategy ``requires_capability``, one of its capability conditions does).
        ``size_blind``: the minimum number of employees is not asked (:meth:`first_step_routes`)."""
        n = len(firms)
        out = np.ones((n, len(self.ids)), dtype=bool)
        for t, spec in enumerate(self.specs):
            prereq = {**spec["prerequisites"], "min_employees": 0} if size_blind else spec["prerequisites"]
            out[:, t] = (prerequisite_failures_mask(firms, prereq) == 0) & carries(firms, spec)
        return out

    def size_held(self, firms: FirmTable, eligible: np.ndarray) -> np.ndarray:
        """(n, T) bool: the modes a first entrant to whom the first step (:data:`FIRST_STEP`) is open could carry but
        for this tool's own size rules (the ``min_employees`` prerequisites, "our judgement", no line behind them) —
        what :meth:`first_step_routes` opens through. All False for other firms (and for the first step itself)."""
        out = np.zeros(eligible.shape, dtype=bool)
        if self.lead < 0:
            return out
        floor = max(float(sp["prerequisites"].get("min_employees", 0)) for sp in self.specs)
        small = np.asarray(firms.employees, dtype=np.float64) < floor  # only firms a size rule can hold back
        rows = np.flatnonzero(small & eligible[:, self.lead] & (first_entrant(firms) > 0))
        if len(rows):
            some = firms.take(rows)  # once for both (perf16)
            out[rows] = self.eligibility(some, size_blind=True) & ~eligible[rows]
            # a size rule that binds only in some sectors (features.knowledge._size_rule) holds the mode back there
            for t, fail, _ in self.size_failures(some):
                out[rows, t] |= fail & eligible[rows, t]
            out[:, self.lead] = False  # the first step opens no opportunity of its own
        return out

    def size_failures(self, firms: FirmTable) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """:meth:`scoped_failures` of the sector-scoped size rules only (``tool_rule``, :func:`features.knowledge.
        _size_rule`): this tool's thresholds, which the first step of a first entrant opens past."""
        return [(t, ~_firm_condition(firms, self.specs[t]["firm_conditions"][k]), self.scoped_at[:, i])
                for i, (t, k) in enumerate(self.scoped or []) if self.specs[t]["firm_conditions"][k].get("tool_rule")]

    def line_backed(self, scoped: list | None) -> list:
        """The items of ``scoped`` (from :meth:`scoped_failures`, in its order) that are not size rules."""
        return [x for x, (t, k) in zip(scoped or [], self.scoped or [])
                if not self.specs[t]["firm_conditions"][k].get("tool_rule")]

    def first_step_routes(self, firms: FirmTable, eligible: np.ndarray, scoped: list | None,
                          held: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
        """(n, P) bool: the opportunities the first step (:data:`FIRST_STEP`) opens for a first entrant — where it is
        open to the firm and another mode opens the opportunity (:meth:`routes`) that the firm could carry but for
        this tool's own size rules (:meth:`size_held`, given or computed here). Panels 24 F14 and 21 F02: 3-person
        first entrants were answered "no matching opportunity" by the ≥ 10-employee supply rule while the support
        route exists for such firms (issue report 1716–1736). Rules with lines behind them (capabilities,
        goods-making, smart-city element technologies) still bind."""
        out = np.zeros((len(firms), self.open_here.shape[0]), dtype=bool)
        held = self.size_held(firms, eligible) if held is None else held
        rows = np.flatnonzero(held.any(axis=1))
        if not len(rows):
            return out
        kept = [(t, fail[rows], at) for t, fail, at in self.line_backed(scoped)]
        out[rows] = self.routes(held[rows], kept) & self.open_here[:, self.lead][None, :]
        return out

    def firm_points(self, firms: FirmTable) -> np.ndarray:
        """(n, T) sum of the weights of the firm conditions that hold."""
        out = np.zeros((len(firms), len(self.ids)), dtype=np.float64)
        for t, spec in enumerate(self.specs):
            best_capability = np.zeros(len(firms), dtype=np.float64)
            # the strategy's column summed in a contiguous array, then stored: the same additions in the same
            # order (0 + each condition's points + the best capability's), not strided over (n, T) (perf16)
            col = np.zeros(len(firms), dtype=np.float64)
            for c in spec["firm_conditions"]:
                if soft_scoped(c):  # counted per opportunity (soft_points), only in its sectors
                    continue
                met = weight_of(c) * _firm_condition(firms, c)
                if "capability" in c:
                    best_capability = np.maximum(best_capability, met)
                else:
                    col += met
            col += best_capability
            out[:, t] = col
        return out

    def rule_scores(self, eligible: np.ndarray, firm_pts: np.ndarray, firm_idx: np.ndarray, opp_idx: np.ndarray,
                    scoped: list | None = None, soft: list | None = None):  # fmt: skip
        """(m, T) rule scores for m (firm, opportunity) pairs; −1 where not eligible (a sector-scoped requirement
        in ``scoped`` counted where it binds), not applicable, or not available in the region::

            rule[f, o, t] = (firm points[f, t] + Σ soft points[f, t] where they count at o + profile points[o, t])
                            / most points[o, t]

        ``soft`` (from :meth:`soft_points`) are the sector-scoped soft conditions; without any the numbers are the
        same bits as before they existed."""
        num = firm_pts[firm_idx] + self.profile_points[opp_idx]
        for t, pts, at in soft or []:
            num[:, t] += pts[firm_idx] * at[opp_idx]
        s = num / self.total_weight[opp_idx]
        ok = eligible[firm_idx] & self.open_here[opp_idx]
        for t, fail, at in scoped or []:
            ok[:, t] &= ~(fail[firm_idx] & at[opp_idx])
        return np.where(ok, s, -1.0)

    def ranking_key(self, rule_scores: np.ndarray) -> np.ndarray:
        """(m, T) the value strategies are ranked by: rule score + specificity bonus (−1 stays −1)."""
        specific = np.array([bool(s["sectors"]) for s in self.specs])
        return np.where(rule_scores < 0, -1.0, rule_scores + SPECIFICITY_BONUS * specific[None, :])

    def leads(self, rule_scores: np.ndarray, first: np.ndarray | None) -> np.ndarray:
        """(m,) bool: the pair's firm is a first entrant (``first``, (m,) from :func:`first_entrant`) and the first step
        (:attr:`lead`) is open to it there (rule score ≥ 0) — then it is chosen whatever the others score."""
        if first is None or self.lead < 0 or rule_scores.shape[0] == 0:
            return np.zeros(rule_scores.shape[0], dtype=bool)
        return np.asarray(first, dtype=bool) & (rule_scores[:, self.lead] >= 0)

    def order(self, rule_scores: np.ndarray, first: np.ndarray | None = None) -> np.ndarray:
        """(m, T) strategy indexes best first: the first step where :meth:`leads`, then the ranking key, the reports'
        stated preference, then id."""
        key = np.round(self.ranking_key(rule_scores), 9)
        pref = np.broadcast_to(self.preference, key.shape)
        pos = np.broadcast_to(np.arange(key.shape[1]), key.shape)
        ahead = (self.leads(rule_scores, first)[:, None] & (pos == self.lead)).astype(np.int8)
        return np.lexsort((pos, pref, -key, -ahead), axis=1)

    def choose(self, rule_scores: np.ndarray, first: np.ndarray | None = None) -> np.ndarray:
        """Index of the chosen strategy per pair (:meth:`order`'s first); −1 where no strategy is open (such pairs
        never pass the recommender's gate). ``first``: (m,) the pair's firm is a first entrant (:meth:`leads`)."""
        if rule_scores.shape[0] == 0:
            return np.zeros(0, dtype=np.int64)
        # order()'s first without sorting (issue 19): the highest key, then the lowest stated preference among
        # those, then the first position — lexsort((pos, pref, −key))[:, 0] by three reductions
        key = np.round(self.ranking_key(rule_scores), 9)
        cand = key == key.max(axis=1, keepdims=True)
        pref = np.where(cand, self.preference[None, :], np.iinfo(np.int64).max)
        cand &= pref == pref.min(axis=1, keepdims=True)
        best = cand.argmax(axis=1)
        best[rule_scores[np.arange(len(best)), best] < 0] = -1
        best[self.leads(rule_scores, first)] = self.lead
        return best


def _tag_scopes(prof, scope: str) -> set[str]:
    tags = set(prof.tags_regional)
    if scope in ("region", "any", "all"):
        tags |= set(prof.tags_region_wide)
    if scope in ("any", "all"):
        tags |= set(prof.tags_national)
    if scope == "all":  # also national facts about every sector (a proposal for Korean firms in every sector)
        tags |= set(getattr(prof, "tags_national_all", None) or ())
    return tags


def _indicator_facts(prof, indicator: str, scope: str) -> bool:
    ind = next((i for i in prof.indicators if i.indicator == indicator), None)
    if ind is None or not ind.fact_ids:
        return False
    allowed = set(prof.sector_fact_ids) if scope == "sector" else set(prof.regional_fact_ids)
    return scope == "any" or any(f in allowed for f in ind.fact_ids)


def scoped_condition_met(cond: dict, prof) -> bool:
    """A tag or indicator found in the profile's facts at the condition's ``scope``: ``sector`` — the region's facts
    about this sector; ``region`` — also the region's facts about every sector; ``any`` — also national facts about
    the sector; ``all`` — also national facts about every sector (tags only)."""
    scope = cond.get("scope", "sector")
    if "tag" in cond:
        return cond["tag"] in _tag_scopes(prof, scope)
    return _indicator_facts(prof, cond["indicator"], scope)


def availability(spec: dict, prof, opening: bool = False) -> tuple[bool, list[dict]]:
    """Whether the strategy is open at this region × sector, and the conditions that decided it.

    Open when one of its ``available_if`` conditions holds (none listed: open wherever the strategy applies) and
    none of its ``unless`` conditions does: e.g. Korean support channels only where a Korean support institution is
    documented for the region, direct bidding not where a restriction on foreign bidders is reported
    (KIEP 6384–6396). ``opening``: count only conditions that open an opportunity (``opens_opportunity`` not false)."""
    decided = []
    # an available_if condition with ``sectors`` opens the mode only at those sectors' opportunities (the national
    # Korean-support route of first entrants is for the sectors without the healthcare institutions, panel 17 F05)
    alts = [c for c in spec.get("available_if") or [] if not c.get("sectors") or prof.sector_id in c["sectors"]]
    ok = not alts
    for c in alts:
        met = scoped_condition_met(c, prof)
        decided.append({**c, "met": met, "kind": "available_if"})
        # ``opening``: whether the mode opens the opportunity itself (CompiledStrategies.gate_open)
        ok = ok or (met and (not opening or c.get("opens_opportunity", True)))
    for c in spec.get("unless") or []:
        met = scoped_condition_met(c, prof)
        decided.append({**c, "met": met, "kind": "unless"})
        ok = ok and not met
    return ok, decided


def counted_conditions(spec: dict, sector_id: str) -> list[dict]:
    """The strategy's profile conditions that count at an opportunity of ``sector_id``: a condition with ``sectors``
    counts only there (issue 18, panel 6: a logistics-only condition had lowered the platform alliance's rule score
    in every other sector, since an unmet condition still adds its weight to the total)."""
    return [c for c in spec["profile_conditions"] if "sectors" not in c or sector_id in c["sectors"]]


def soft_scoped(cond: dict) -> bool:
    """A firm condition that adds its weight only in its ``sectors`` (not ``required``: a reason, not a gate)."""
    return bool(cond.get("sectors")) and not cond.get("required")


def firm_maximum(spec: dict, sector_id: str | None = None) -> float:
    """The most firm points a strategy can give at an opportunity of ``sector_id``: all field conditions that count
    there (a sector-scoped soft one only in its sectors) plus its heaviest capability condition."""
    fields = sum(weight_of(c) for c in spec["firm_conditions"]
                 if "capability" not in c and (not soft_scoped(c) or binds(c, sector_id)))  # fmt: skip
    caps = [weight_of(c) for c in spec["firm_conditions"] if "capability" in c]
    return fields + max(caps, default=0.0)


def profile_condition_met(cond: dict, prof) -> float:
    """1 when met by the region's facts about this sector, or by a national *restriction* (a ``foreign_restricted`` /
    ``regulation_reversal`` tag or a risk indicator: a national barrier binds in every region alike);
    ``NATIONAL_SHARE`` when met only by national facts or by the region's facts about every sector (a national
    programme or a region-wide measure speaks of the place, not of this sector); else 0."""
    if "tag" in cond:
        if cond["tag"] in prof.tags_regional:
            return 1.0
        if cond["tag"] in RISK_TAGS and cond["tag"] in prof.tags_national:
            return 1.0  # a national restriction binds in every region alike
        indirect = cond["tag"] in prof.tags_national or cond["tag"] in prof.tags_region_wide
        return NATIONAL_SHARE if indirect else 0.0
    if "indicator" in cond:
        ind = next((i for i in prof.indicators if i.indicator == cond["indicator"]), None)
        if ind is None or not ind.fact_ids:
            return 0.0
        direct = set(prof.sector_fact_ids)
        if ind.dimension == "risk" or any(f in direct for f in ind.fact_ids):
            return 1.0  # a stated barrier binds wherever it is stated, national ones in every region
        return NATIONAL_SHARE
    value = getattr(prof, cond["component"])
    return float(value >= cond["value"] if cond["op"] == ">=" else value <= cond["value"])


def carries(firms: FirmTable, spec: dict) -> np.ndarray:
    """(n,) bool: the firm can carry the strategy — every ``required`` firm condition holds (start-up investment
    needs the capital to invest, KIEP 6310–6328, and a tolerance for start-ups that fail, 2119–2125) and, where the
    strategy ``requires_capability``, at least one of its capability conditions holds (joint research needs advanced
    core technology to bring, seminar 38–45; tier-2 supply an element technology, KIEP 6393–6396)."""
    ok = np.ones(len(firms), dtype=bool)
    for c in spec["firm_conditions"]:
        if c.get("required") and not c.get("sectors"):  # a sector-scoped one: CompiledStrategies.scoped
            ok &= _firm_condition(firms, c)
    if spec.get("requires_capability"):
        any_cap = np.zeros(len(firms), dtype=bool)
        for c in carrying_capabilities(spec):
            any_cap |= _firm_condition(firms, c)
        ok &= any_cap
    return ok


def carrying_capabilities(spec: dict) -> list[dict]:
    """The capability conditions a firm can carry the strategy with (``requires_capability``): those with a weight.
    A weight-0 capability condition only explains, shown where met (the Tencent genetics line of the Chinese-major
    route, panels 12–13): it must not open the mode to a firm that brings nothing else (it would in every sector)."""
    return [c for c in spec["firm_conditions"] if "capability" in c and float(c.get("weight", 1.0)) > 0]


def binds(cond: dict, sector_id: str | None) -> bool:
    """A firm condition counts at an opportunity of ``sector_id``: it has no ``sectors``, or they hold the sector
    (``None``: a sector-scoped condition does not count)."""
    return not cond.get("sectors") or (sector_id is not None and sector_id in cond["sectors"])


def failed_requirements(firm_table_row: FirmTable, spec: dict, sector_id: str | None = None) -> list[dict]:
    """Why one firm cannot carry a strategy, in words (ko/en): each failed ``required`` condition with its reason
    (a sector-scoped one only at ``sector_id`` in its sectors), and, where the strategy ``requires_capability``,
    the capability levels it asks for (none met)."""
    from recommender.present import condition_phrase  # words, never field names or ``in`` (panel review 3)

    out = []
    for c in spec["firm_conditions"]:
        if not binds(c, sector_id):
            continue
        if c.get("required") and not bool(_firm_condition(firm_table_row, c)[0]):
            if c.get("tool_rule"):  # a sector-scoped size rule (features.knowledge._size_rule): said as a prerequisite
                out += failed_prerequisites({**_ONE_FIRM_ZERO, "employees": float(_firm_field(firm_table_row, c["field"])[0])},
                                            {"min_employees": c["value"]})  # fmt: skip
                continue
            name = c.get("field") or c.get("capability")
            cond = {"kind": "firm", "name": name, "op": c["op"], "value": c["value"],
                    "have": _shown_value(firm_table_row, name)}  # fmt: skip
            # a condition may say why it fails in its own words (``why_failed_*``): its ``why`` speaks to the firm
            # that meets it ("귀사는 … 이므로")
            why_ko, why_en = (c.get("why_failed_" + k, c.get("why_" + k, "")) for k in ("ko", "en"))
            out.append({"ko": f"필수 조건 미충족: {condition_phrase(cond, 'ko')} — {why_ko}",
                        "en": f"Required condition not met: {condition_phrase(cond, 'en')} — {why_en}"})  # fmt: skip
    if spec.get("requires_capability"):
        caps = carrying_capabilities(spec)
        if not any(bool(_firm_condition(firm_table_row, c)[0]) for c in caps):
            need_ko = ", ".join(f"{capability_label(c['capability'], 'ko')} {c['value']} 이상" for c in caps)
            need_en = ", ".join(f"{capability_label(c['capability'], 'en')} {c['value']}+" for c in caps)
            out.append({"ko": f"이 방식으로 가져갈 역량이 없음 — 다음 중 하나가 필요: {need_ko}",
                        "en": f"no capability to bring to this mode — it needs one of: {need_en}"})  # fmt: skip
    return out


def prerequisite_failures_mask(firms: FirmTable, prereq: dict) -> np.ndarray:
    """(n,) number of failed hard prerequisites per firm."""
    fails = np.zeros(len(firms), dtype=np.int64)
    checks = (
        ("min_employees", firms.employees),
        ("min_investment_krw_100m", firms.investment_capacity_krw_100m),
        ("min_china_experience_years", firms.china_experience_years),
        ("min_horizon_years", firms.horizon_years),
    )
    for key, values in checks:
        if prereq.get(key):
            fails += np.asarray(values, dtype=np.float64) < float(prereq[key])
    if prereq.get("requires_china_entity"):
        fails += ~np.asarray(firms.has_china_entity, dtype=bool)
    certs = prereq.get("certifications_any") or []
    if certs:
        fails += np.array([not holds_any(have, certs) for have in firms.certifications], dtype=np.int64)
    return fails


#: a firm that fails no other prerequisite (:func:`failed_requirements` asks only for the size rule's words)
_ONE_FIRM_ZERO = {"employees": 0, "investment_capacity_krw_100m": 0, "china_experience_years": 0, "horizon_years": 0,
                  "has_china_entity": True, "certifications": []}  # fmt: skip


PREREQ_TEXT = {
    "min_employees": ("종업원 {v}명 이상", "at least {v} employees"),
    "min_investment_krw_100m": ("투자여력 {v}억원 이상", "investment capacity of at least {v_en}"),
    "min_china_experience_years": ("중국 사업 경험 {v}년 이상", "at least {v} {years} of China experience"),
    "min_horizon_years": ("투자기간 {v}년 이상", "a horizon of at least {v} {years}"),
    "requires_china_entity": ("중국 현지법인 보유", "a legal entity in China"),
    "certifications_any": ("인증 보유: {v}", "one of these certifications: {v}"),
}


def _krw_100m_en(v: float) -> str:
    """An amount in 억원 (KRW 100m) as an English reader writes it: 20 → ``KRW 2.0bn``, 5 → ``KRW 500m``."""
    won = float(v) * 1e8
    return f"KRW {won / 1e9:,.1f}bn" if won >= 1e9 else f"KRW {won / 1e6:,.0f}m"


def failed_prerequisites(firm: dict, prereq: dict) -> list[dict]:
    """Which hard prerequisites one firm fails, in words (ko/en)."""
    out = []
    values = {
        "min_employees": firm["employees"],
        "min_investment_krw_100m": firm["investment_capacity_krw_100m"],
        "min_china_experience_years": firm["china_experience_years"],
        "min_horizon_years": firm["horizon_years"],
    }
    for key, have in values.items():
        if prereq.get(key) and have < prereq[key]:
            ko, en = PREREQ_TEXT[key]
            v = prereq[key]
            out.append({"ko": ko.format(v=f"{v:,g}"), "en": en.format(v=f"{v:,g}", v_en=_krw_100m_en(v),
                                                                 years="year" if v == 1 else "years"),
                        "kind": "prerequisite"})  # fmt: skip
    if prereq.get("requires_china_entity") and not firm["has_china_entity"]:
        ko, en = PREREQ_TEXT["requires_china_entity"]
        out.append({"ko": ko, "en": en, "kind": "prerequisite"})
    certs = prereq.get("certifications_any") or []
    if certs and not holds_any(firm["certifications"], certs):
        ko, en = PREREQ_TEXT["certifications_any"]
        out.append({"ko": ko.format(v=", ".join(certs)), "en": en.format(v=", ".join(certs)), "kind": "prerequisite"})
    return out


_DECIMAL_FIELDS = ("investment_capacity_krw_100m", "revenue_krw_100m", "china_experience_years", "horizon_years")


def _shown_value(firm: FirmTable, name: str):
    """The firm's value of a condition's field as a reader should see it (one-firm table)."""
    if name == "certifications":
        return ", ".join(firm.certifications[0]) or "-"
    raw = _firm_field(firm, name)[0]
    if name == "risk_tolerance":
        return RISK_LEVELS[int(raw)]
    if name in ("has_china_entity", "makes_goods", "digital_health_led", "device_led", "first_entrant"):
        return bool(raw)
    if name == "china_readiness":
        return round(float(raw), 2)
    return float(raw) if name in _DECIMAL_FIELDS else int(raw)


def _entity_where(firm: FirmTable, name: str, have) -> dict:
    """``{"entity_region": id}`` on the entity condition of a firm that said where its Chinese entity is, so that
    the line citing the entity names the region (panels 31 S1/S3, 32 P08: "중국 법인: 있음" under a Shanghai answer
    for an entity in Liaoning); nothing otherwise (the row is what it always was). Text only: ``met`` is unchanged."""
    region = firm.china_entity_region[0] if name == "has_china_entity" and have else ""
    return {"entity_region": str(region)} if region else {}


def _dated(cond: dict) -> dict:
    """``{"dated_note": True, "counted_weight": 0.0}`` on a :func:`dated_note` condition's row (shown ◇, not ✔ or ½);
    nothing otherwise (the row is what it always was)."""
    return {"dated_note": True, "counted_weight": 0.0} if dated_note(cond) else {}


def explain_conditions(spec: dict, firm_table_row: FirmTable, prof) -> list[dict]:
    """Every soft condition of a strategy for one firm and profile: met (0, 0.5 or 1), weight, why (ko/en), and what
    was tested — the threshold and the firm's value (``IoT ≥ 3, have 2``), or the tag/indicator and where it was found
    (``sector`` = the region's facts about the sector, ``indirect`` = national or region-wide facts, half weight).
    ``is_risk`` marks a condition that is a reported restriction: it makes the strategy *more suitable* (it routes
    around the barrier) but is a risk to show as such, never as a plain check."""
    rows = []
    for c in spec["firm_conditions"]:
        if not binds(c, prof.sector_id) or (c.get("required") and not float(c.get("weight", 1.0))):
            continue  # a pure gate (required, weight 0) is said where it fails (not_eligible), not as a ✔ line
        met = float(_firm_condition(firm_table_row, c)[0])
        if met and c.get("or_if") and not bool(_firm_test(firm_table_row, c)[0]):
            # met by its alternative only: said in the alternative's words and test, with the condition's weight
            c = {**c, **c["or_if"], "weight": c.get("weight", 1.0)}
            c.pop("or_if", None)
        name = c.get("field") or c.get("capability")
        value = c["value"]
        have = _shown_value(firm_table_row, name)
        goods = {}
        if c.get("goods_only"):  # the capability counts only for a maker: said, with the firm's own level kept
            goods = {"goods_only": True, "makes_goods": bool(makes_goods(firm_table_row)[0])}
        rows.append({"kind": "firm", "met": met, "weight": float(c.get("weight", 1.0)), "name": name,
                     "is_capability": "capability" in c, "op": c["op"], "value": value, "have": have,
                     "is_risk": bool(c.get("restriction")), "why_ko": c.get("why_ko", ""), "why_en": c.get("why_en", ""),
                     **goods, **_entity_where(firm_table_row, name, have), **_dated(c), **{k: c[k] for k in ("why_unmet_ko", "why_unmet_en") if k in c}})  # fmt: skip
    for c in counted_conditions(spec, prof.sector_id):
        met = profile_condition_met(c, prof)
        name = c.get("tag") or c.get("indicator") or c.get("component")
        found = "sector" if met == 1.0 else ("indirect" if met > 0 else "")
        is_risk = name in RISK_TAGS or any(name == i for i in ("foreign_access_restriction", "regulatory_uncertainty"))
        row = {"kind": "profile", "met": met, "weight": float(c.get("weight", 1.0)), "name": name,
               "found_in": found, "is_risk": bool(is_risk) or (c.get("component") == "risk"),
               "why_ko": c.get("why_ko", ""), "why_en": c.get("why_en", ""), **_dated(c)}  # fmt: skip
        if "component" in c:
            row.update(op=c["op"], value=c["value"], have=round(float(getattr(prof, c["component"])), 4))
        rows.append(row)
    return rows
