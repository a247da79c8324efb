"""The recommender: scores every (firm, region × sector opportunity), picks entry strategies, explains the result.

Score (fit-gated weighted sum, the default aggregator)::

    score = w_fit·fit + fit·(w_policy·policy + w_demand·demand + w_risk·(1 − risk_eff))

with ``fit`` the requirement-weighted capability coverage, ``policy``/``demand`` from the profile and ``risk_eff``
the profile's risk after the firm's readiness and risk tolerance (:mod:`recommender.kernels`). Firms that name
preferred regions get ``(1 − 0.05)·score + 0.05·[region preferred]``; excluded regions are never recommended.
TOPSIS over the same four criteria (risk as a cost) is the alternative aggregator. Ties are broken by region id then
sector id, so the output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from features.build import KnowledgeBase
from features.facts import CAPABILITY_KEYS
from features.firms import FirmTable
from features.vintage import period_label
from recommender import answer_notes, kernels, risk_notes
from recommender.dated import fact_note
from recommender.strategies import (
    CITY_ELEMENTS,
    CompiledStrategies,
    availability,
    explain_conditions,
    failed_prerequisites,
    failed_requirements,
    firm_conditions_once,
    first_entrant,
)
from recommender.weights import Weights

METHODS = ("wsm", "topsis")
ROBUSTNESS_SAMPLES = 200
ROBUSTNESS_CONCENTRATION = 40.0
ROBUSTNESS_SEED = 20181230
#: score cells per block of robustness draws (draws × firms × opportunities), bounding its memory
ROBUSTNESS_BLOCK = 1 << 20
COST = np.array([False, False, False, True])


class RecommendError(ValueError):
    """A request the engine cannot serve (unknown opportunity, method, …); the message says what to change."""


#: coverage statuses by code (TopPairs.coverage)
COVERAGE_STATUS = ("none", "weak", "ok")
#: a firm's coverage is ``weak`` when none of its recommendations rests on the region's own sector facts with at
#: least this confidence (docs/METHOD.md: ≈ 0.2 national evidence only, ≈ 0.5 one or two concrete regional facts)
WEAK_CONFIDENCE = 0.35
#: what the evidence behind a pair is (panel 25 F07: Tianjin robotics on one fund line at confidence 0.36 was not
#: flagged weak while Shanghai at 0.346 on two list mentions was — a score cut decided, not the evidence):
#: ``national`` no fact of the region about the sector; ``single`` one such fact, short of the strongest grade;
#: ``mentions`` several, each a passing mention (strength 1); ``documented`` two or more with one beyond a mention
#: (strength ≥ 2), or one of the strongest grade (strength 3: a quantified plan, the leading firm or place in China,
#: docs/DATA.md). ``documented`` is what coverage ``ok`` asks of a recommendation; the others are ``weak``.
EVIDENCE_BASIS = ("national", "single", "mentions", "documented")
DOCUMENTED = EVIDENCE_BASIS.index("documented")


def evidence_basis(strengths: list[int]) -> int:
    """Index in :data:`EVIDENCE_BASIS` of a pair whose region's own facts about the sector have these strengths."""
    if not strengths:
        return 0
    if max(strengths) >= 3 or (len(strengths) >= 2 and max(strengths) >= 2):
        return DOCUMENTED
    return 1 if len(strengths) == 1 else 2


#: robustness: spread of a profile component at zero confidence (σ = 0.2·(1 − confidence))
ROBUSTNESS_DATA_SPREAD = 0.2

#: rows scored at a time inside :meth:`Recommender.top_pairs`: the block's (rows, P) route buffer (bool, ≈ 0.66 MB)
#: stays in a core's L2 and its gated entries (≈ 22 % of the cells, 40 bytes each, ≈ 6 MB) in the shared L3; the
#: kernels' fixed cost per block halves against 1,024 rows (perf16: 2–7 % less CPU on one thread; 4,096 saved
#: 3–5 % more there but puts the buffer past L2 and ≈ 12 MB of entries per thread in the L3 the two threads share)
SCORE_BLOCK_ROWS = 2048


@dataclass
class ScoreBlock:
    """Scores of n firms over all P opportunities (arrays (n, P))."""

    fit: np.ndarray
    risk_eff: np.ndarray
    score: np.ndarray  # −inf where the pair does not pass the gate (or the region is excluded)
    readiness: np.ndarray  # (n,)
    covered: np.ndarray  # (n, P) bool: the firm covers the sector's core need (kernels.core_coverage)
    route: np.ndarray  # (n, P) bool: an entry strategy is open to the firm there (eligible and available)
    ungated: np.ndarray  # (n, P) the score before the gate (−inf only for excluded regions): near misses


@dataclass
class TopPairs:
    """The kept (firm, opportunity) pairs of a chunk, flat, in (firm, rank) order; only finite scores are kept."""

    firm: np.ndarray  # (m,) int64 position of the firm in the chunk
    rank: np.ndarray  # (m,) int64, 1 = best
    opp: np.ndarray  # (m,) int64 opportunity index (into Recommender.profiles)
    strategy: np.ndarray  # (m,) int64 chosen strategy index (into strategies.ids)
    score: np.ndarray  # (m,) float64
    fit: np.ndarray  # (m,) float64
    risk: np.ndarray  # (m,) float64 effective risk
    tie_group: np.ndarray  # (m,) int64, 1 = best group of near-equal scores
    coverage: np.ndarray  # (n_firms,) int8 per firm of the chunk: 0 none, 1 weak, 2 ok (COVERAGE_STATUS)
    #: (m,) int64 bit mask over Recommender.region_list: the regions this row stands for when tied national-only
    #: candidates of one sector were collapsed into one sector-level answer (0 = the row stands for its region alone)
    equivalent: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.firm)


#: fact tags that speak of one role, and the capabilities (any one at the core level) a firm needs to play it: a
#: national AI open platform takes partners who build AI on it or bring the product it runs in — Hyundai joined
#: Baidu's Apollo as a partner (KIEP 390-394, 6290-6296); an internet hospital is a digital-health service (KIEP
#: 4954-4972, 5904-5922)
ROLE_TAGS = {"open_platform": ("ai_software", "automotive_mobility"), "internet_hospital": ("digital_health",)}
#: in a sector, the roles read otherwise: the city OS (City Brain) takes partners with smart-city element
#: technologies (KIEP 6371-6396; ``strategies.CITY_ELEMENTS``, as the smart-city routes gate on them)
SECTOR_ROLE_TAGS = {"smart_city": {"open_platform": CITY_ELEMENTS}}


def reason_off_role(tags, capabilities: dict, sector_id: str = "") -> bool:
    """Whether a fact with ``tags`` is about a role the firm cannot play: it carries a role tag of :data:`ROLE_TAGS`
    (read per sector by :data:`SECTOR_ROLE_TAGS`) and the firm has none of those roles' capabilities at the core
    level (3). No capabilities given: never."""
    table = {**ROLE_TAGS, **SECTOR_ROLE_TAGS.get(sector_id, {})}
    roles = [table[t] for t in tags if t in table]
    if not roles or not capabilities:
        return False
    return all(int(capabilities.get(k, 0)) < kernels.CORE_LEVEL for role in roles for k in role)


@dataclass
class _ScreenTables:
    """The screening kernels' static operands (perf16: built once per recommender instead of once per block)."""

    open_bits: np.ndarray  # (P,) int64 — ranking_jit.route_items of every sector-scoped requirement
    item_t: np.ndarray
    item_at_bits: np.ndarray
    item_of_t: np.ndarray
    line_backed: np.ndarray  # positions of the requirements that are not size rules (strategies.line_backed)
    first_t: np.ndarray  # … route_items of those, for the first step's routes
    first_at_bits: np.ndarray
    first_of_t: np.ndarray
    all_cols: np.ndarray  # (P,) bool, all True
    lead_open: np.ndarray  # (P,) bool: the first step is open there (strategies.open_here[:, lead])
    group: np.ndarray  # (P,) int64 sector of an indistinct opportunity, else −1 (_ranked_entries)
    bits: np.ndarray  # (P,) int64 1 << region
    evidence_rank: np.ndarray
    sector_of: np.ndarray
    n_sectors: int
    open_here: np.ndarray  # choose_pairs' operands
    soft_t: np.ndarray
    soft_at: np.ndarray
    scoped_t: np.ndarray
    scoped_at: np.ndarray
    bonus: np.ndarray
    preference: np.ndarray
    lead: np.int64

    @classmethod
    def build(cls, rec: Recommender) -> _ScreenTables | bool:
        """The tables of ``rec`` (False when a routes bit mask would not fit: more than 62 strategies or scoped
        requirements), each as ``ranking_jit.routes``, ``choose_pairs`` and ``_ranked_entries`` built it per call."""
        from recommender import ranking_jit

        cs = rec.strategies
        scoped = cs.scoped or []
        if cs.route_open.shape[1] > 62 or len(scoped) > 62:
            return False
        p = len(rec.profiles)
        at = [cs.scoped_at[:, j] for j in range(len(scoped))]
        line = np.array([j for j, (t, kk) in enumerate(scoped)
                         if not cs.specs[t]["firm_conditions"][kk].get("tool_rule")], dtype=np.int64)  # fmt: skip
        routes = ranking_jit.route_items(cs.route_open, [t for t, _ in scoped], at)
        first = ranking_jit.route_items(cs.route_open, [scoped[j][0] for j in line], [at[j] for j in line])
        lead_open = cs.open_here[:, cs.lead] if cs.lead >= 0 else np.zeros(p, dtype=bool)
        soft = cs.soft or []
        specific = np.array([bool(s["sectors"]) for s in cs.specs])
        sector_of = np.ascontiguousarray(rec.opp_sector, dtype=np.int64)
        return cls(*routes, line, *first[1:], np.ones(p, dtype=np.bool_), np.ascontiguousarray(lead_open),
                   np.where(rec.indistinct, rec.opp_sector, -1).astype(np.int64),
                   np.left_shift(np.int64(1), rec.opp_region).astype(np.int64),
                   np.ascontiguousarray(rec._evidence_rank, dtype=np.int64), sector_of, int(sector_of.max()) + 1,
                   np.ascontiguousarray(cs.open_here), np.array([t for t, _ in soft], dtype=np.int64),
                   np.ascontiguousarray(cs.soft_at.T, dtype=np.float64).reshape(len(soft), p),
                   np.array([t for t, _ in scoped], dtype=np.int64),
                   np.ascontiguousarray(cs.scoped_at.T, dtype=np.bool_).reshape(len(scoped), p),
                   np.ascontiguousarray(cs.ranking_key(np.zeros((1, len(specific))))[0]),
                   np.ascontiguousarray(cs.preference, dtype=np.int64), np.int64(cs.lead))  # fmt: skip


@dataclass
class _ScreenPrep:
    """Per-firm operands of one :meth:`Recommender.top_pairs` call (its rows sliced per block) and the block's
    reused (rows, P) route buffer ``live``."""

    tab: _ScreenTables
    fit: np.ndarray  # (n, S) float64
    cov: np.ndarray  # (n, S) uint8
    factor: np.ndarray  # (n,)
    eligible: np.ndarray  # (n, T) uint8
    failed: np.ndarray  # (n, I) uint8
    first_failed: np.ndarray  # (n, I') uint8, the line-backed requirements
    held: np.ndarray  # (n, T) uint8
    any_held: bool
    has_pref: np.ndarray
    pref_pos: np.ndarray  # (n,) the firm's row in pref_region, −1 when it names no preferred region
    pref_region: np.ndarray  # (firms naming one, R) bool: kernels.region_matrix of their preferred regions
    has_excl: np.ndarray
    excl_pos: np.ndarray  # (n,) and (firms naming one, R): the same for the excluded regions
    excl_region: np.ndarray
    soft_pts: np.ndarray  # (Z, n) float64
    scoped_fail: np.ndarray  # (I, n) bool
    live: np.ndarray  # (block rows, P) bool


class Recommender:
    """Holds the knowledge base compiled into arrays; stateless between calls (safe to share and to pickle)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.profiles = sorted(kb.profiles, key=lambda p: (p.region_id, p.sector_id))
        self.region_ids = np.array([p.region_id for p in self.profiles])
        self.sector_ids = np.array([p.sector_id for p in self.profiles])
        self.policy = np.array([p.policy for p in self.profiles])
        self.demand = np.array([p.demand for p in self.profiles])
        self.risk = np.array([p.risk for p in self.profiles])
        self.confidence = np.array([p.confidence for p in self.profiles])
        self.sector_list = sorted(kb.sectors)
        self.opp_sector = np.array([self.sector_list.index(s) for s in self.sector_ids])
        self.requirements = np.zeros((len(self.sector_list), len(CAPABILITY_KEYS)), dtype=np.float32)
        self.core = np.zeros((len(self.sector_list), len(CAPABILITY_KEYS)), dtype=bool)
        self.central = np.zeros((len(self.sector_list), len(CAPABILITY_KEYS)), dtype=bool)
        #: sectors whose core needs count together in fit (core = 3, kernels.fit_scores)
        self.together = np.zeros(len(self.sector_list), dtype=bool)
        for need in kb.needs:
            s, k = self.sector_list.index(need.sector_id), CAPABILITY_KEYS.index(need.capability)
            self.requirements[s, k] = need.weight
            self.core[s, k] = need.core
            self.central[s, k] = need.central
            self.together[s] |= need.together
        #: stated risk with information risk for what the reports do not document (kernels.total_risk)
        self.risk_total = kernels.total_risk(self.risk, self.confidence)
        self.region_specific = np.array([bool(p.sector_fact_ids) for p in self.profiles])
        self.strategies = CompiledStrategies.compile(kb.strategies, self.profiles, self.sector_list)
        self._opp_index = {(p.region_id, p.sector_id): i for i, p in enumerate(self.profiles)}
        self.region_list = sorted(set(self.region_ids.tolist()))
        self._region_pos = {r: i for i, r in enumerate(self.region_list)}
        self.opp_region = np.array([self._region_pos[r] for r in self.region_ids.tolist()], dtype=np.int64)
        #: the evidence that orders a tie (docs/METHOD.md § Ties): (P, 3) — the number of the region's own facts
        #: about the sector, their total strength, their newest publication year; higher first
        self.tie_keys = np.array([self._evidence_key(p) for p in self.profiles], dtype=np.float64).reshape(-1, 3)
        #: (P,) the reports do not tell this region apart for the sector: no regional fact about the sector, or
        #: confidence below WEAK_CONFIDENCE (national data plus at most a list mention, docs/METHOD.md § 3)
        self.indistinct = (self.tie_keys[:, 0] == 0) | (self.confidence < WEAK_CONFIDENCE)
        #: (P,) int8 index in EVIDENCE_BASIS: what the region's own facts about the sector are (the weak label)
        self.basis = np.array([evidence_basis([int(kb.fact(f).strength) for f in p.sector_fact_ids])
                               for p in self.profiles], dtype=np.int8)  # fmt: skip
        #: (P,) the profiles' dense rank by that evidence, 0 = the most (kernels.evidence_ranks; screening blocks)
        self._evidence_rank = kernels.evidence_ranks(self.tie_keys)
        #: the opportunity columns sector by sector and where each sector starts among them (np.*.reduceat)
        self._by_sector = np.argsort(self.opp_sector, kind="stable")
        self._sector_starts = np.flatnonzero(np.r_[True, np.diff(self.opp_sector[self._by_sector]) != 0])
        #: sector s's columns are ``_by_sector[_sector_bounds[s]:_sector_bounds[s + 1]]`` (none for a sector without
        #: opportunities; ranking_jit.gate_block)
        self._sector_bounds = np.searchsorted(self.opp_sector[self._by_sector], np.arange(len(self.sector_list) + 1))
        #: the sectors that have opportunities (a row's fit over all P columns ranges over these only)
        self._sectors_present = np.unique(self.opp_sector)
        #: per sector with two or more indistinct regions, their opportunity columns in id order
        self.indistinct_cols = [cols for s in range(len(self.sector_list))
                                if len(cols := np.flatnonzero(self.indistinct & (self.opp_sector == s))) > 1]
        #: (P,) the column whose random draw an opportunity takes in :meth:`robustness`: its own, or, for regions the
        #: reports cannot tell apart, the first of its sector's — they rest on the same national data, so they move
        #: together (independent draws made the best of 20 national-only regions beat every documented one by chance)
        self.noise_col = np.arange(len(self.profiles))
        for cols in self.indistinct_cols:
            self.noise_col[cols] = cols[0]

    def _evidence_key(self, prof) -> tuple[float, float, float]:
        facts = [self.kb.fact(f) for f in prof.sector_fact_ids]
        years = [int(str(f.published)[:4]) for f in facts if str(f.published)[:4].isdigit()]
        return float(len(facts)), float(sum(f.strength for f in facts)), float(max(years, default=0))

    def _indistinct_masks(self, score: np.ndarray, live: np.ndarray | None = None) -> np.ndarray:
        """(n, S) int64 bit masks over region positions: per firm and sector, the indistinct opportunities with a
        finite score (they pass the gate and the region is not excluded); ``live`` (n, P) bool: that test given."""
        out = np.zeros((score.shape[0], len(self.sector_list)), dtype=np.int64)
        cols = np.flatnonzero(self.indistinct)
        if not len(cols):
            return out
        finite = live[:, cols] if live is not None else np.isfinite(score[:, cols])
        if len(self.region_list) <= 32:  # each sector's 32 region bits as one little-endian uint32 (issue 19)
            grid = np.zeros((score.shape[0], len(self.sector_list) * 32), dtype=bool)
            grid[:, self.opp_sector[cols] * 32 + self.opp_region[cols]] = finite
            return np.packbits(grid, axis=1, bitorder="little").view("<u4").astype(np.int64)
        # the indistinct columns grouped by sector, OR-reduced group by group in one call
        cols = cols[np.argsort(self.opp_sector[cols], kind="stable")]
        starts = np.flatnonzero(np.r_[True, np.diff(self.opp_sector[cols]) != 0])
        bits = np.left_shift(np.int64(1), self.opp_region[cols].astype(np.int64))
        cells = np.where(finite, bits, np.int64(0))
        out[:, self.opp_sector[cols][starts]] = np.bitwise_or.reduceat(cells, starts, axis=1)
        return out

    def equivalent_regions(self, mask: int) -> list[str]:
        """Region ids of a :attr:`TopPairs.equivalent` bit mask, in id order."""
        return [r for i, r in enumerate(self.region_list) if (int(mask) >> i) & 1]

    def ranked(self, score: np.ndarray, k: int, fit: np.ndarray | None = None):
        """``(idx, values, groups, equivalent)`` (n, k): the k best per row. Candidates the reports cannot tell apart
        (:attr:`indistinct`) are first collapsed, per sector, into the best-scoring one (:func:`kernels.one_per_group`:
        one sector-level answer listing the equivalent regions); what is left is grouped into
        near-ties and each group ordered by evidence (:func:`kernels.order_ties`). Entries beyond a row's candidates
        have value −inf and group 0.

        With ``fit`` (n, P), opportunities the firm fits much worse than its best are dropped first
        (:func:`kernels.trim_weak_fit`), and a sector holding more than :data:`kernels.PER_SECTOR` of the k rows gives
        its further regions' places to the other sectors' answers (:func:`kernels.cap_per_sector`: they are not
        ranked; the answer's note ``more_regions`` names them)."""
        # only the best indistinct region of each sector enters the window (the highest score, ties to the lower
        # id), so collapsed candidates cannot crowd the other sectors out of the k
        # shown — two sectors of 23 indistinct regions each once filled a window of k + 16 + 23 and left 2 answers;
        # the window then needs only the tie slack (16) beyond k (same results, 10 % less CPU on 100k firms)
        # After that there is nothing left to merge inside the window, and it is already in score order, −inf last.
        # (issue 19: the trim and the collapse as masks of the live entries; only those are read and sorted — the
        # same window as top_window(one_per_group(trim_weak_fit(score, fit))))
        live = kernels.trimmed_live(score, fit)
        idx, vals = kernels.top_window_live(score, kernels.one_per_group_live(score, live, self.indistinct_cols), k + 16)
        kept = np.isfinite(vals)
        eq = np.zeros(idx.shape, dtype=np.int64)
        # a kept indistinct entry stands for every indistinct region of its sector open to the firm (finite score),
        # not only those that happened to fall inside the window
        eq = np.where(kept & self.indistinct[idx], self._indistinct_masks(score, live)[
            np.arange(len(idx))[:, None], self.opp_sector[idx]], eq)
        return self._rank_window(idx, vals, eq, k)

    def _rank_window(self, idx: np.ndarray, vals: np.ndarray, eq: np.ndarray, k: int):
        """:meth:`ranked` from its window ``(idx, vals, eq)`` (n, k + 16) in score order, −inf last: ties ordered by
        evidence, then the two-regions-per-sector cap. Shared by the dense ranking and the screening blocks'
        entries (:meth:`_screen_block`)."""
        eq = np.where(np.bitwise_and(eq, eq - 1) == 0, 0, eq)  # a single region is no list of equivalents
        window = (idx, vals, eq)
        idx, vals, groups, eq = kernels.order_ties(idx, vals, self.tie_keys, extra=(eq,), first=k)
        k = min(k, idx.shape[1])
        idx, vals, groups, eq = idx[:, :k], vals[:, :k], groups[:, :k], eq[:, :k]
        # a sector with more than PER_SECTOR entries among the k shown gives way to the other sectors (issue 18,
        # panel 5; its further regions are not ranked, panel 6); only those rows need their whole window in order
        crowded = self._crowded(idx, vals)
        if crowded.any():
            rows = np.flatnonzero(crowded)
            full = kernels.order_ties(window[0][rows], window[1][rows], self.tie_keys, extra=(window[2][rows],))
            r_idx, r_vals, r_groups, r_eq = kernels.cap_per_sector(full[0], full[1], full[2], self.opp_sector, k,
                                                                   extra=(full[3],))  # fmt: skip
            # an entry given way may have begun a tie group: what is kept is grouped afresh, in score order (ties to
            # the lower index) and each group by evidence — else two rows 0.0036 apart sat in two groups (adv14)
            o = np.lexsort((r_idx, -r_vals), axis=1)
            r_idx, r_vals, r_eq = (np.take_along_axis(a, o, axis=1) for a in (r_idx, r_vals, r_eq))
            r_idx, r_vals, r_groups, r_eq = kernels.order_ties(r_idx, r_vals, self.tie_keys, extra=(r_eq,))
            idx, vals, groups, eq = idx.copy(), vals.copy(), groups.copy(), eq.copy()
            idx[rows], vals[rows], groups[rows], eq[rows] = r_idx[:, :k], r_vals[:, :k], r_groups[:, :k], r_eq[:, :k]
        return idx, vals, groups, eq

    def _crowded(self, idx: np.ndarray, vals: np.ndarray) -> np.ndarray:
        """(n,) bool: some sector holds more than :data:`kernels.PER_SECTOR` of the row's finite entries."""
        sec = np.where(np.isfinite(vals), self.opp_sector[idx], -1)  # (n, k): k is small, so k × k comparisons
        same = (sec[:, :, None] == sec[:, None, :]) & (sec[:, :, None] >= 0)
        return (same.sum(axis=2) > kernels.PER_SECTOR).any(axis=1)

    # ------------------------------------------------------------------ scoring (vectorised)
    def opportunity_index(self, region_id: str, sector_id: str) -> int:
        try:
            return self._opp_index[(region_id, sector_id)]
        except KeyError:
            raise RecommendError(
                f"no opportunity {region_id}/{sector_id}: use a region id such as CN-ZJ and a sector id such as "
                f"smart_city (see `python -m recommender profiles`)"
            ) from None

    def region_mask(self, lists: list[tuple[str, ...]]) -> np.ndarray:
        """(n, P) bool: the opportunity's region is in the firm's list."""
        return kernels.region_matrix(lists, self._region_pos, len(self.region_list))[:, self.opp_region]

    def score_block(self, firms: FirmTable, weights: Weights, method: str = "wsm") -> ScoreBlock:
        """Fit, effective risk and score for every firm × opportunity; excluded regions score −inf."""
        if method not in METHODS:
            raise RecommendError(f"unknown method {method!r}: use wsm or topsis")
        # np.take keeps C order (fancy indexing [:, idx] returns a column-major array, which makes every later
        # element-wise operation several times slower); same values
        # (widened to float64 per sector before the gather: the same values, one (n, P) pass fewer; issue 19)
        fit = np.take(kernels.fit_scores(firms.capabilities, self.requirements, self.core,
                                         central=self.central, together=self.together).astype(np.float64), self.opp_sector, axis=1)  # fmt: skip
        ready = kernels.readiness(firms.china_experience_years, firms.has_china_entity,
                                  firms.chinese_speaking_staff, firms.investment_capacity_krw_100m)  # fmt: skip
        risk_eff = kernels.effective_risk(self.risk_total, ready, firms.risk_tolerance)
        w = weights.vector()
        if method == "wsm":
            score = kernels.wsm(fit, self.policy, self.demand, risk_eff, w)
        else:  # same numbers as kernels.topsis on the stacked (n, P, 4) matrix, without building it
            score = kernels.topsis_columns([fit, self.policy[None, :], self.demand[None, :], risk_eff], w, COST)
        self._apply_regions(score, firms)
        covered = np.take(kernels.core_coverage(firms.capabilities, self.core), self.opp_sector, axis=1)
        eligible, scoped = self.strategies.eligibility(firms), self.strategies.scoped_failures(firms)
        route = self.strategies.routes(eligible, scoped)
        route |= self.strategies.first_step_routes(firms, eligible, scoped)  # a micro first entrant's first step (adv17)
        # the gate as one select into a new array (issue 19: no copy plus boolean-mask store); the same values
        gated = np.where(covered & route, score, -np.inf)
        return ScoreBlock(fit, risk_eff, gated, ready, covered, route, score)

    def coverage_codes(self, idx: np.ndarray, values: np.ndarray) -> np.ndarray:
        """(n,) int8 per firm from its kept opportunities ``idx`` (n, k) and their scores: 0 ``none`` (nothing passes
        the gate), 1 ``weak`` (none of what is recommended is ``documented`` by the region's own facts about the
        sector, :data:`EVIDENCE_BASIS`: the reports do not tell the regions apart for this firm), 2 ``ok``."""
        kept = np.isfinite(values)
        documented = self.basis == DOCUMENTED
        ok = (kept & documented[idx]).any(axis=1)
        return np.where(~kept.any(axis=1), 0, np.where(ok, 2, 1)).astype(np.int8)

    def _apply_regions(self, score: np.ndarray, firms: FirmTable) -> None:
        """Preferred-region blend and excluded-region −inf, in place, on the rows that name regions only.

        Row for row the same operations as applying :func:`kernels.with_preference` to the whole block (a firm
        naming no region gets ``(1 − 0)·s + 0·m == s`` there), so the numbers are identical, without (n, P) work for
        the firms that name no region.
        """
        rows = [i for i, x in enumerate(firms.preferred_regions) if x]
        if rows:
            mask = self.region_mask([firms.preferred_regions[i] for i in rows])
            score[rows] = kernels.with_preference(score[rows], mask, np.ones(len(rows), dtype=bool))
        rows = [i for i, x in enumerate(firms.excluded_regions) if x]
        if rows:
            mask = self.region_mask([firms.excluded_regions[i] for i in rows])
            score[rows] = np.where(mask, -np.inf, score[rows])

    def top_pairs(self, firms: FirmTable, weights: Weights, k: int, method: str = "wsm",
                  block_rows: int = SCORE_BLOCK_ROWS) -> TopPairs:  # fmt: skip
        """The k best opportunities of every firm with the chosen strategy, as flat arrays in (firm, rank) order.

        Exactly :meth:`top` followed by :meth:`choose_strategies` (and so the same rows as :meth:`recommend`): each
        block of ``block_rows`` firms is scored by :meth:`score_block` itself, so the (n, P) arrays never outgrow
        one block (≈ 1.7 MB each, cache-sized) and the numbers cannot drift from the one-firm path. The k best are
        taken by argmax rounds (:func:`kernels.top_k_inplace`); fit and effective risk are kept only for the kept
        pairs; strategies are chosen only for them. Pairs with a −inf score (excluded region) are dropped, as in
        :meth:`recommend`.
        """
        if method not in METHODS:
            raise RecommendError(f"unknown method {method!r}: use wsm or topsis")
        from recommender import ranking_jit  # numba: the screening path only (issue 19)

        n, p = len(firms), len(self.profiles)
        k = max(0, min(int(k), p))
        step = max(1, int(block_rows))
        idx, groups, equivalent = (np.empty((n, k), dtype=np.int64) for _ in range(3))
        vals, fit, risk = (np.empty((n, k), dtype=np.float64) for _ in range(3))
        strategy = np.empty((n, k), dtype=np.int64)
        coverage = np.empty(n, dtype=np.int8)
        cs = self.strategies
        # the firms' strategy conditions once for all blocks (row by row the same numbers as per block; the
        # goods-making test read once for all of them, perf16)
        with firm_conditions_once():
            points, eligible_all, scoped_all = cs.firm_points(firms), cs.eligibility(firms), cs.scoped_failures(firms)
            soft_all = cs.soft_points(firms)
            first_all = first_entrant(firms) > 0  # a first entrant is given the first step where open (strategies.leads)
            held_all = cs.size_held(firms, eligible_all)  # … and opens it past the tool's size rules (once per call)
        # perf16: every per-firm operand of the blocks' kernels once per call, row by row the same numbers (fit,
        # coverage, risk factor, the routes' and the choice's bit tables), so a block is the compiled kernels and
        # little Python between them (the GIL-held part that kept two threads from scaling)
        prep = self._screen_prep(firms, eligible_all, scoped_all, held_all, soft_all, step)
        tab = prep.tab if prep is not None else None
        for start in range(0, n, step):
            stop = min(n, start + step)
            part = firms if n <= step else firms.slice(start, stop)
            if prep is None:
                out = self._screen_block(part, weights, k, method, eligible_all[start:stop],
                                         [(t, fail[start:stop], at) for t, fail, at in scoped_all],
                                         held_all[start:stop])  # fmt: skip
            else:
                out = self._screen_block(part, weights, k, method, prep=prep, at=start)
            idx[start:stop], vals[start:stop], groups[start:stop], equivalent[start:stop] = out[:4]
            fit[start:stop], risk[start:stop] = out[4:6]
            coverage[start:stop] = self.coverage_codes(idx[start:stop], vals[start:stop])
            # the strategies of the block's kept pairs (choose_strategies, row by row the same numbers; issue 19:
            # the block's eligibility reused and its (pairs, T) arrays cache-sized)
            b_keep = np.isfinite(vals[start:stop])
            b_firm = np.nonzero(b_keep)[0]
            # (cs.rule_scores then cs.choose, compiled: ranking_jit.choose_pairs, tests/test_ranking_jit.py)
            if tab is not None:  # choose_pairs' operands, built once (perf16)
                b_strategy = ranking_jit.choose_kernel(
                    eligible_all[start:stop], points[start:stop], b_firm, idx[start:stop][b_keep],
                    cs.profile_points, cs.total_weight, tab.open_here, tab.soft_t,
                    np.ascontiguousarray(prep.soft_pts[:, start:stop]), tab.soft_at, tab.scoped_t,
                    np.ascontiguousarray(prep.scoped_fail[:, start:stop]), tab.scoped_at, tab.bonus,
                    tab.preference, first_all[start:stop], tab.lead) if len(b_firm) else b_firm  # fmt: skip
            else:
                eligible, scoped = out[6:]
                b_strategy = ranking_jit.choose_pairs(
                    cs, eligible, points[start:stop], b_firm, idx[start:stop][b_keep], scoped,
                    [(t, pts[start:stop], at) for t, pts, at in soft_all], first_all[start:stop])  # fmt: skip
            strategy[start:stop][b_keep] = b_strategy
        keep = np.isfinite(vals).ravel()
        firm_idx = np.repeat(np.arange(n, dtype=np.int64), k)[keep]
        opp_idx = idx.ravel()[keep]
        strat = strategy.ravel()[keep]
        rank = np.tile(np.arange(1, k + 1, dtype=np.int64), n)[keep]
        return TopPairs(firm_idx, rank, opp_idx, strat.astype(np.int64), vals.ravel()[keep], fit.ravel()[keep],
                        risk.ravel()[keep], groups.ravel()[keep], coverage, equivalent.ravel()[keep])  # fmt: skip

    def _screen_block(self, firms: FirmTable, weights: Weights, k: int, method: str,
                      eligible: np.ndarray | None = None, scoped: list | None = None,
                      held: np.ndarray | None = None, prep: _ScreenPrep | None = None, at: int = 0):  # fmt: skip
        """``(idx, vals, groups, equivalent, fit, risk)`` (n, k) of one screening block, then the block's strategy
        ``eligibility`` and ``scoped_failures`` (given, or computed here; for :meth:`choose_strategies`' numbers on its
        kept pairs; ``held``: ``strategies.size_held`` of the block, given or computed here): exactly
        ``ranked(score_block(...).score, k, fit)`` with the kept pairs' fit and effective risk, computed on the
        entries that pass the gate only (issue 19: ≈ 22 % of the n × P pairs; the one-firm path keeps the dense
        :class:`ScoreBlock`, which near misses and notes read).

        Each entry gets the IEEE operations of its element of the dense block — the same kernels (:func:`kernels.wsm`,
        :func:`kernels.with_preference`) on gathered operands, TOPSIS with the row's extremes found exactly
        (:meth:`_topsis_entries`) — so the scores are bit for bit those of :meth:`score_block`; the trim, the collapse
        of indistinct regions, the window and its masks follow :meth:`ranked` test for test (kernels
        ``trimmed_sectors``, ``one_per_group_entries``, ``rank_entries``; tests/test_screen_entries.py).

        ``prep`` (:meth:`_screen_prep`, from :meth:`top_pairs`): the per-firm operands of a whole call, this block
        being its rows ``at:at + n`` — the same kernels on the same numbers, with no NumPy or Python per block
        between them but the slices (perf16); the strategy eligibility is then not returned (None, None)."""
        from recommender import ranking_jit  # numba: the screening path only (issue 19)

        n = len(firms)
        w = weights.vector()
        if method == "wsm" or (w >= 0).all():  # the gated entries (else the dense block, below)
            if prep is not None:
                return self._screen_prepared(firms, w, k, method, prep, at)
            if eligible is None:
                eligible, scoped = self.strategies.eligibility(firms), self.strategies.scoped_failures(firms)
            prep = self._screen_prep(firms, eligible, scoped, held, None, n)
            if prep is not None:
                return self._screen_prepared(firms, w, k, method, prep, 0)[:6] + (eligible, scoped)
        fit_s, ready = self._fit_and_readiness(firms)
        factor = kernels.risk_factor(ready, firms.risk_tolerance)
        if eligible is None:
            eligible, scoped = self.strategies.eligibility(firms), self.strategies.scoped_failures(firms)
        w = weights.vector()
        if method == "wsm" or (w >= 0).all():
            # the gate's route test, a new array: strategies.routes compiled (tests/test_ranking_jit.py)
            live = ranking_jit.routes(self.strategies, eligible, scoped)
            live |= self.strategies.first_step_routes(firms, eligible, scoped, held)  # as score_block (adv17)
            excluded = np.flatnonzero(np.fromiter(map(bool, firms.excluded_regions), dtype=bool, count=n))  # perf14
            if len(excluded):
                live[excluded] &= ~self.region_mask([firms.excluded_regions[i] for i in excluded])
            # one compiled pass per firm: live where a route is open and a core need of the sector is covered
            # (kernels.core_coverage), the fit trim per sector (kernels.trimmed_sectors: the row's best fit among
            # its live sectors; fit depends on the sector only, so a sector is kept or dropped whole), the entries
            # (kernels.entries) with their fit, effective risk (kernels.effective_risk, element by element) and
            # WSM score (kernels.wsm), each the same IEEE operations (tests/test_ranking_jit.py)
            rows, cols, f, risk_eff, score = ranking_jit.gate_block(
                kernels.core_coverage(firms.capabilities, self.core).view(np.uint8), live.view(np.uint8), fit_s,
                factor, self.opp_sector, self._by_sector, self._sector_bounds, self.risk_total, self.policy,
                self.demand, np.asarray(w, dtype=np.float64), kernels.FIT_FLOOR, kernels.RELATIVE_FIT,
                method == "wsm")  # fmt: skip
            if method != "wsm":
                score = self._topsis_entries(rows, cols, f, risk_eff, fit_s, factor, w)
            has_pref = np.fromiter(map(bool, firms.preferred_regions), dtype=bool, count=n)
            if has_pref.any():  # _apply_regions: the rows that name preferred regions only
                pref_rows = np.flatnonzero(has_pref)
                at = np.full(n, -1, dtype=np.int64)
                at[pref_rows] = np.arange(len(pref_rows))
                region = kernels.region_matrix([firms.preferred_regions[i] for i in pref_rows], self._region_pos,
                                               len(self.region_list))  # fmt: skip
                e = np.flatnonzero(has_pref[rows])
                preferred = region[at[rows[e]], self.opp_region[cols[e]]][:, None]
                score[e] = kernels.with_preference(score[e][:, None], preferred, np.ones(len(e), dtype=bool))[:, 0]
        else:  # negative weights (no preset or user weight has them): the dense block, ranked on its entries
            block = self.score_block(firms, weights, method)
            rows, cols = kernels.entries(np.isfinite(block.score))
            score = block.score[rows, cols]
            keep = kernels.trimmed_entries(rows, block.fit[rows, cols], n)
            rows, cols, score = rows[keep], cols[keep], score[keep]
        idx, vals, groups, eq = self._ranked_entries(rows, cols, score, n, k)
        firm = np.arange(n)[:, None]
        fit = fit_s[firm, self.opp_sector[idx]]
        risk = factor[:, None] * self.risk_total[idx]
        return idx, vals, groups, eq, fit, risk, eligible, scoped

    def _screen_tables(self) -> _ScreenTables | None:
        """The static operands of the screening kernels (built once per recommender; None when a strategy table is
        too wide for the routes' bit masks — more than 62 strategies or scoped requirements: the per-block path)."""
        tab = self.__dict__.get("_screen_tab")
        if tab is None:
            tab = _ScreenTables.build(self)
            self._screen_tab = tab
        return tab or None

    def _fit_and_readiness(self, firms: FirmTable) -> tuple[np.ndarray, np.ndarray]:
        """(n, S) float64 fit of every firm to every sector — ``ranking_jit.fit_block`` for whole-number capabilities
        (int8), :func:`kernels.fit_scores` value for value otherwise — and (n,) China readiness
        (:func:`kernels.readiness`): the per-firm operands both the block path and the per-call preparation read."""
        from recommender import ranking_jit

        if firms.capabilities.dtype == np.int8:  # kernels.fit_scores value for value, compiled (whole numbers 0–5)
            fit_s = ranking_jit.fit_block(np.ascontiguousarray(firms.capabilities), self.requirements, self.core,
                                          self.central, self.together, np.float32(kernels.CORE_SHARE),
                                          np.float32(kernels.ANCHOR_SHARE),
                                          np.float32(kernels.CORE_LEVEL))  # (n, S) fmt: skip
        else:
            fit_s = kernels.fit_scores(firms.capabilities, self.requirements, self.core, central=self.central,
                                       together=self.together).astype(np.float64)  # (n, S) fmt: skip
        ready = kernels.readiness(firms.china_experience_years, firms.has_china_entity,
                                  firms.chinese_speaking_staff, firms.investment_capacity_krw_100m)  # fmt: skip
        return fit_s, ready

    def _screen_prep(self, firms: FirmTable, eligible: np.ndarray, scoped: list, held: np.ndarray | None,
                     soft: list | None, step: int) -> _ScreenPrep | None:  # fmt: skip
        """The per-firm operands of :meth:`_screen_prepared` for ``firms`` (a whole :meth:`top_pairs` call), row by
        row the numbers the per-block code computed: ``fit_block`` (or ``kernels.fit_scores``), ``core_coverage``,
        ``risk_factor`` of ``readiness``, the routes' failure bits (``ranking_jit.routes``), the first step's held
        modes (``strategies.size_held``) and, with ``soft``, the choice's soft points and scoped failures
        (``ranking_jit.choose_pairs``). None: no compiled tables (:meth:`_screen_tables`)."""
        tab = self._screen_tables()
        if tab is None:
            return None

        fit_s, ready = self._fit_and_readiness(firms)
        n = len(firms)
        scoped = scoped or []
        failed = np.zeros((n, len(scoped)), dtype=np.uint8)
        for j, (_, fail, _) in enumerate(scoped):
            failed[:, j] = fail
        held = self.strategies.size_held(firms, eligible) if held is None else held
        cov = kernels.core_coverage(firms.capabilities, self.core).view(np.uint8)
        # the preferred and excluded regions of the firms that name any, as region matrices once per call
        # (kernels.region_matrix is row by row; region_mask its columns per opportunity)
        has_pref = np.fromiter(map(bool, firms.preferred_regions), dtype=bool, count=n)
        has_excl = np.fromiter(map(bool, firms.excluded_regions), dtype=bool, count=n)
        pref_rows, excl_rows = np.flatnonzero(has_pref), np.flatnonzero(has_excl)
        pref_pos = np.full(n, -1, dtype=np.int64)
        pref_pos[pref_rows] = np.arange(len(pref_rows))
        pref_region = kernels.region_matrix([firms.preferred_regions[i] for i in pref_rows], self._region_pos,
                                            len(self.region_list))  # fmt: skip
        excl_pos = np.full(n, -1, dtype=np.int64)
        excl_pos[excl_rows] = np.arange(len(excl_rows))
        excl_region = kernels.region_matrix([firms.excluded_regions[i] for i in excl_rows], self._region_pos,
                                            len(self.region_list))  # fmt: skip
        return _ScreenPrep(
            tab=tab, fit=fit_s, cov=cov, factor=kernels.risk_factor(ready, firms.risk_tolerance),
            eligible=np.ascontiguousarray(eligible, dtype=np.bool_).view(np.uint8), failed=failed,
            first_failed=np.ascontiguousarray(failed[:, tab.line_backed]),
            held=np.ascontiguousarray(held, dtype=np.bool_).view(np.uint8), any_held=bool(held.any()),
            has_pref=has_pref, pref_pos=pref_pos, pref_region=pref_region, has_excl=has_excl, excl_pos=excl_pos,
            excl_region=excl_region,
            soft_pts=np.array([pts for _, pts, _ in soft or []], dtype=np.float64).reshape(len(soft or []), n),
            scoped_fail=np.array([fail for _, fail, _ in scoped], dtype=np.bool_).reshape(len(scoped), n),
            live=np.empty((min(n, max(1, step)), len(self.profiles)), dtype=np.bool_))  # fmt: skip

    def _screen_prepared(self, firms: FirmTable, w: np.ndarray, k: int, method: str, prep: _ScreenPrep, at: int):
        """:meth:`_screen_block` of rows ``at:at + n`` of ``prep``: the same kernels in the same order on the same
        numbers (routes ``ranking_jit.routes_into`` into ``prep.live``, the block's reused buffer; the first step's
        routes OR-ed into it in place), so each output is bit for bit the per-block code's."""
        from recommender import ranking_jit

        n = len(firms)
        b = slice(at, at + n)
        tab = prep.tab
        fit_s, factor = prep.fit[b], prep.factor[b]
        live = prep.live[:n]
        ranking_jit.routes_into(live, prep.eligible[b], tab.open_bits, tab.item_t, prep.failed[b], tab.item_at_bits,
                                tab.item_of_t, tab.all_cols, False)  # fmt: skip
        if prep.any_held:  # strategies.first_step_routes: the line-backed requirements only, where the lead is open
            ranking_jit.routes_into(live, prep.held[b], tab.open_bits, tab.first_t, prep.first_failed[b],
                                    tab.first_at_bits, tab.first_of_t, tab.lead_open, True)  # fmt: skip
        has_excl = prep.has_excl[b]
        if has_excl.any():
            excluded = np.flatnonzero(has_excl)
            live[excluded] &= ~prep.excl_region[prep.excl_pos[at + excluded]][:, self.opp_region]  # region_mask
        rows, cols, f, risk_eff, score = ranking_jit.gate_block(
            prep.cov[b], live.view(np.uint8), fit_s, factor, self.opp_sector, self._by_sector, self._sector_bounds,
            self.risk_total, self.policy, self.demand, np.asarray(w, dtype=np.float64), kernels.FIT_FLOOR,
            kernels.RELATIVE_FIT, method == "wsm")  # fmt: skip
        if method != "wsm":
            score = self._topsis_entries(rows, cols, f, risk_eff, fit_s, factor, w)
        has_pref = prep.has_pref[b]
        if has_pref.any():  # _apply_regions: the rows that name preferred regions only
            e = np.flatnonzero(has_pref[rows])
            preferred = prep.pref_region[prep.pref_pos[at + rows[e]], self.opp_region[cols[e]]][:, None]
            score[e] = kernels.with_preference(score[e][:, None], preferred, np.ones(len(e), dtype=bool))[:, 0]
        # _ranked_entries, its static operands built once
        ki = min(k, len(self.profiles))
        idx = np.zeros((n, ki), dtype=np.intp)
        vals = np.full((n, ki), -np.inf, dtype=np.float64)
        groups = np.zeros((n, ki), dtype=np.int64)
        eq = np.zeros((n, ki), dtype=np.int64)
        wdw = min(ki + 16, len(self.profiles))
        if len(rows) and ki and wdw:
            ranking_jit.rank_block(rows, cols, np.ascontiguousarray(score, dtype=np.float64), tab.group, tab.bits,
                                   tab.evidence_rank, tab.sector_of, len(self.sector_list), tab.n_sectors, ki, wdw,
                                   float(kernels.TIE_TOLERANCE), int(kernels.PER_SECTOR),
                                   float(10.0**kernels.SCORE_DECIMALS), idx, vals, groups, eq)  # fmt: skip
        fit = fit_s[np.arange(n)[:, None], self.opp_sector[idx]]
        risk = factor[:, None] * self.risk_total[idx]
        return idx, vals, groups, eq, fit, risk, None, None

    def _topsis_entries(self, rows: np.ndarray, cols: np.ndarray, fit: np.ndarray, risk_eff: np.ndarray,
                        fit_s: np.ndarray, factor: np.ndarray, w: np.ndarray) -> np.ndarray:  # fmt: skip
        """:func:`kernels.topsis_columns` of the dense block (criteria fit, policy, demand, risk as a cost) at the
        entries ``(rows, cols)`` only, element for element the same IEEE operations.

        The row's min–max normalisation needs each criterion's row minimum and maximum over all P opportunities:
        fit depends on the sector only, so they are the row's min/max over the fits of the sectors that have
        opportunities; effective risk is ``factor · risk_total``, and rounding is monotone, so they are ``factor ·
        min/max(risk_total)``. The row's best and worst normalised value, which the distances need, is then the
        same operations applied to that maximum and minimum (each step — subtract a constant, divide by a positive
        one, multiply by a weight ≥ 0 — is monotone). Policy and demand are the same for every firm and are
        normalised once over P, as the dense form does."""
        terms = []
        present = fit_s[:, self._sectors_present] if len(self._sectors_present) < fit_s.shape[1] else fit_s
        for c, (x, lo, hi) in enumerate((
                (fit, present.min(axis=1)[rows], present.max(axis=1)[rows]),
                (None, None, None), (None, None, None),
                (risk_eff, (factor * self.risk_total.min())[rows], (factor * self.risk_total.max())[rows]))):
            if x is None:  # a (1, P) criterion: the dense form's own arithmetic, then the entries' columns
                one = kernels.topsis_terms((self.policy, self.demand)[c - 1][None, :], w[c], COST[c])
                terms.append((one[0][0, cols], one[1][0, cols]))
                continue
            terms.append(kernels.topsis_entry_terms(x, lo, hi, w[c], COST[c]))
        return kernels.topsis_close(terms)

    def _ranked_entries(self, rows: np.ndarray, cols: np.ndarray, score: np.ndarray, n: int, k: int):
        """:meth:`ranked` of an (n, P) block given as its live entries after the fit trim (row-major ``rows``,
        ``cols``, ``score``): the finite part of ``(idx, vals, groups, equivalent)`` (n, k) is the dense one's; past
        a row's entries the value is −inf and the rest 0 (the dense form names −inf columns there)."""
        # issue 19: kernels.one_per_group_entries then kernels.rank_entries, as one compiled loop per firm (numba,
        # imported here so that only the screening path loads it; tests/test_ranking_jit.py holds the two equal)
        from recommender import ranking_jit

        group = np.where(self.indistinct, self.opp_sector, -1)
        bits = np.left_shift(np.int64(1), self.opp_region)
        return ranking_jit.ranked_entries(rows, cols, score, group, bits, n, k, min(k + 16, len(self.profiles)),
                                          self._evidence_rank, self.opp_sector, len(self.sector_list),
                                          kernels.TIE_TOLERANCE, kernels.PER_SECTOR, kernels.SCORE_DECIMALS)

    def top(self, firms: FirmTable, weights: Weights, k: int, method: str = "wsm"):
        """(block, idx (n, k), groups (n, k)) — the k best opportunities per firm, best first; near-ties share a
        group and are ordered by evidence; candidates the reports cannot tell apart are one entry (:meth:`ranked`,
        which also gives the equivalent regions). Entries past a firm's candidates score −inf in ``block.score``."""
        block = self.score_block(firms, weights, method)
        idx, vals, groups, _ = self.ranked(block.score, k, block.fit)
        # an entry merged into a sector-level answer is no candidate of its own: −inf in the returned block, so
        # ``isfinite(block.score[f, idx])`` still marks exactly the rows that are shown
        rows, cols = np.nonzero(~np.isfinite(vals))
        block.score[rows, idx[rows, cols]] = -np.inf
        return block, idx, groups

    def choose_strategies(self, firms: FirmTable, firm_idx: np.ndarray, opp_idx: np.ndarray):
        """Chosen strategy index and rule-score matrix for (firm, opportunity) pairs."""
        eligible = self.strategies.eligibility(firms)
        pts = self.strategies.firm_points(firms)
        rules = self.strategies.rule_scores(eligible, pts, firm_idx, opp_idx, self.strategies.scoped_failures(firms),
                                            self.strategies.soft_points(firms))  # fmt: skip
        return self.strategies.choose(rules, (first_entrant(firms) > 0)[firm_idx]), rules

    # ------------------------------------------------------------------ robustness
    def robustness(self, firms: FirmTable, weights: Weights, top_n: int, method: str = "wsm",
                   samples: int = ROBUSTNESS_SAMPLES, seed: int = ROBUSTNESS_SEED) -> np.ndarray:  # fmt: skip
        """(n, P) share of draws of weights *and* data under which each opportunity is in the firm's top N.

        Each draw takes weights ``w' ~ Dirichlet(c·w + 0.5)`` with c = 40 around the chosen ones (roughly ±0.07 on
        a weight of 0.25) and profiles ``x' = clip(x + σ·z, 0, 1)``, z ~ N(0, 1), for policy, demand and risk, with
        ``σ = 0.2·(1 − confidence)``: a well-documented profile barely moves, a national-only one moves by ±0.16.
        Each draw is ranked as the answer is (:meth:`ranked`), so the share is that of the row as shown; regions
        the reports cannot tell apart count as their one sector-level answer. Fixed seed: deterministic.
        """
        rng = np.random.default_rng(seed)
        draws = rng.dirichlet(ROBUSTNESS_CONCENTRATION * weights.vector() + 0.5, size=samples)
        base = self.score_block(firms, weights, method)
        n, p = base.score.shape
        hits = np.zeros((n, p), dtype=np.int64)
        sector_hits = np.zeros((n, len(self.sector_list)), dtype=np.int64)
        k = min(top_n, p)
        spread = ROBUSTNESS_DATA_SPREAD * (1.0 - self.confidence)
        factor = kernels.risk_factor(base.readiness, firms.risk_tolerance)[:, None]
        has_pref = np.array([bool(x) for x in firms.preferred_regions])
        pref = self.region_mask(firms.preferred_regions) if has_pref.any() else None
        # every draw at once, the same numbers (issue 19): rows are (draw, firm) pairs, draw-major; the noise is the
        # per-draw loop's stream (three rows of p per draw, after the weights), each row ranked as the answer is
        z = rng.standard_normal((samples, 3, p))[:, :, self.noise_col]
        data = np.clip(np.stack([self.policy, self.demand, self.risk_total])[None] + spread * z, 0.0, 1.0)
        step = max(1, ROBUSTNESS_BLOCK // max(1, n * p))
        for d0 in range(0, samples, step):
            w = draws[d0:d0 + step]  # (d, 4)
            d = len(w)
            policy, demand, risk = (data[d0:d0 + step, c, None, :] for c in range(3))  # (d, 1, p)
            risk_eff = factor[None] * risk  # (d, n, p)
            if method == "wsm":  # kernels.wsm per draw
                wd = w[:, None, None, :]
                s = wd[..., 0] * base.fit[None] + base.fit[None] * (
                    wd[..., 1] * policy + wd[..., 2] * demand + wd[..., 3] * (1.0 - risk_eff))
                s = s.reshape(-1, p)
            else:  # kernels.topsis per draw: row-wise, each row with its draw's weights (kernels.topsis_columns)
                rows = (d * n, p)
                s = kernels.topsis_columns([np.broadcast_to(base.fit[None], (d, n, p)).reshape(rows),
                                            np.broadcast_to(policy, (d, n, p)).reshape(rows),
                                            np.broadcast_to(demand, (d, n, p)).reshape(rows),
                                            risk_eff.reshape(rows)], np.repeat(w, n, axis=0), COST)  # fmt: skip
            if pref is not None:
                s = kernels.with_preference(s, np.tile(pref, (d, 1)), np.tile(has_pref, d))
            s = np.where(np.tile(np.isneginf(base.score), (d, 1)), -np.inf, s)
            self._count_hits(s, np.tile(base.fit, (d, 1)), n, k, hits, sector_hits)
        return self._hit_share(hits, sector_hits, samples)

    def _count_hits(self, s: np.ndarray, fit: np.ndarray, n: int, k: int, hits: np.ndarray,
                    sector_hits: np.ndarray) -> None:  # fmt: skip
        """Rank rows of drawn scores ``s`` (row r is firm ``r % n``) exactly as an answer is ranked
        (:meth:`ranked`: weak fits dropped, indistinct regions collapsed, ties by evidence, two regions per sector) and count,
        in place, each shown opportunity — and, for a sector-level entry, its sector."""
        idx, vals, _, _ = self.ranked(s, k, fit)
        hit = np.isfinite(vals)
        firm = np.nonzero(hit)[0] % n
        np.add.at(hits, (firm, idx[hit]), 1)
        level = self.indistinct[idx[hit]]
        np.add.at(sector_hits, (firm[level], self.opp_sector[idx[hit][level]]), 1)

    def _hit_share(self, hits: np.ndarray, sector_hits: np.ndarray, samples: int) -> np.ndarray:
        """(n, P) share of draws: an opportunity the reports cannot tell apart from its sector's other regions
        (:attr:`indistinct`) is shown as one sector-level answer, so it counts as shown whenever that answer is."""
        out = hits / samples
        cols = np.flatnonzero(self.indistinct)
        out[:, cols] = sector_hits[:, self.opp_sector[cols]] / samples
        return out

    # ------------------------------------------------------------------ one firm, fully explained
    def recommend(self, firms: FirmTable, i: int, weights: Weights, top: int = 5, method: str = "wsm",
                  with_robustness: bool = True) -> dict:  # fmt: skip
        """The contract JSON for firm ``i`` of ``firms``: coverage, and recommendations with a full explanation."""
        one = firms.take([i])
        block = self.score_block(one, weights, method)
        idx, vals, groups, eq = self.ranked(block.score, top, block.fit)
        keep = [(int(j), int(g), int(e)) for j, g, e, v in zip(idx[0], groups[0], eq[0], vals[0]) if np.isfinite(v)]
        robust = self.robustness(one, weights, top, method)[0] if with_robustness and keep else None
        firm = one.firm(0)
        opp = np.array([j for j, _, _ in keep], dtype=np.int64)
        strat_idx, rules = self.choose_strategies(one, np.zeros(len(opp), dtype=np.int64), opp)
        recs = []
        for rank, ((j, g, e), t) in enumerate(zip(keep, strat_idx), start=1):
            rec = self._explain(one, firm, j, int(t), rules[rank - 1], block, weights, rank, method, robust,
                                sector_level=bool(e))
            rec["tie_group"] = g
            rec["equivalent_regions"] = self.equivalent_regions(e) if e else []
            recs.append(rec)
        code = int(self.coverage_codes(idx, vals)[0])
        coverage = self.coverage(firm, block, COVERAGE_STATUS[code], one=one)
        notes = self.answer_notes(firm, block, recs, [j for j, _, _ in keep], coverage, one)
        short = answer_notes.short_list(len(recs), top, any(len(r.get("equivalent_regions") or []) > 1 for r in recs))
        if short:
            notes.append(short)
        if method == "wsm" and recs and firm["risk_tolerance"] == "low":  # adv15, panel 16 F07
            risky = answer_notes.riskiest_first(firm, recs, float(weights.vector()[3]), None)
            if risky:
                notes.append(answer_notes.riskiest_first(firm, recs, float(weights.vector()[3]),
                                                         self._conservative_first(one, top, keep[0][0], recs[0])))
        if notes:
            coverage["notes"] = notes
        return {
            "data_version": self.kb.data_version,
            "vintage": self.kb.vintage,
            "evidence_period": self.kb.period_label,
            "method": method,
            "weights": weights.as_dict(),
            "preset": weights.preset,
            "firm_id": firm["firm_id"],
            "firm_name": firm["name"],
            "readiness": round(float(block.readiness[0]), 4),
            "coverage": coverage,
            "ties": tie_note(recs),
            "recommendations": recs,
        }

    def coverage(self, firm: dict, block: ScoreBlock, status: str, limit: int = 3, one: FirmTable | None = None) -> dict:
        """The contract's ``coverage`` object: status, a message (ko/en) and, when nothing passes, the closest
        opportunities with what stands in the way (issue 18: a near miss says everything that is missing).

        Near misses, one per sector: the sectors whose core the firm is closest to come first (the shortfall of its
        best core capability below :data:`kernels.CORE_LEVEL`; 0 = covered), then those where an entry route would
        be open, then the score; within a sector the region with an open route, then the best score. Each says the
        core capabilities missing (``missing``, with ``have``), whether an entry route is open to the firm there
        (``route_open``) and, when not, why (``route_blockers``: the strategies open there and the prerequisites the
        firm fails, or that none is documented), and one sentence ``why`` (ko/en) that says both."""
        near = []
        if status == "none":
            cand = np.flatnonzero(np.isfinite(block.ungated[0]))
            best: dict[str, int] = {}
            for j in cand[np.lexsort((cand, -block.ungated[0, cand], ~block.route[0, cand]))]:
                best.setdefault(self.profiles[int(j)].sector_id, int(j))
            rows = []
            for sector, j in best.items():
                missing = self.missing_core(firm, sector)
                s = self.sector_list.index(sector)
                top = max(int(firm["capabilities"][k]) for i, k in enumerate(CAPABILITY_KEYS) if self.core[s, i])
                short = max(0, kernels.CORE_LEVEL - top)
                rows.append(((short, not bool(block.route[0, j]), -float(block.ungated[0, j]), j), j, missing))
            # a sector the firm has none of the core capabilities for is not "near": listing it would only show
            # whichever region comes first (a firm with no capability at all gets no near misses, and says so)
            rows = [r for r in rows if r[0][0] < kernels.CORE_LEVEL]
            # … nor one the firm fits much worse than its closest sectors: the same rule as the ranked list
            # (kernels.trim_weak_fit; panel 7: a 3-person AI / e-commerce seller was shown Beijing autonomous driving)
            if rows:
                fit = {j: float(block.fit[0, j]) for _, j, _ in rows}
                top = max(fit.values())
                need = min(top, max(kernels.FIT_FLOOR, kernels.RELATIVE_FIT * top))
                rows = [r for r in rows if fit[r[1]] >= need]
            for _, j, missing in sorted(rows)[:limit]:
                prof = self.profiles[j]
                route_open = bool(block.route[0, j])
                blockers = [] if route_open or one is None else self.route_blockers(one, firm, j)
                near.append({"region_id": prof.region_id, "sector_id": prof.sector_id, "missing": missing,
                             "sector_level": bool(self.indistinct[j]),
                             "have": {k: int(firm["capabilities"][k]) for k in missing},
                             "route_open": route_open, "route_blockers": blockers,
                             "core_level": kernels.CORE_LEVEL,
                             "why": near_miss_why(missing, firm, route_open, blockers)})  # fmt: skip
        all_excluded = not np.isfinite(block.ungated[0]).any()
        covered_somewhere = bool(block.covered[0].any())
        return {"status": status, "message": coverage_message(status, near, all_excluded, self.kb.period_label,
                                                              covered_somewhere),
                "near_misses": near}  # fmt: skip

    @property
    def heaviest_needs(self) -> dict[str, list[str]]:
        """Per sector, the capability keys of its central need (``core = 2``) or else its heaviest core need(s)."""
        out = {}
        for s, sector in enumerate(self.sector_list):
            if self.central[s].any():
                out[sector] = [k for i, k in enumerate(CAPABILITY_KEYS) if self.central[s, i]]
                continue
            r = np.where(self.core[s], self.requirements[s], 0)
            out[sector] = [k for i, k in enumerate(CAPABILITY_KEYS) if r.max() > 0 and r[i] == r.max()]
        return out

    def documented(self, j: int) -> bool:
        """Opportunity ``j`` is ``documented`` by its region's own facts about the sector (:data:`EVIDENCE_BASIS`; the
        test of :meth:`coverage_codes`)."""
        return bool(self.basis[j] == DOCUMENTED)

    def _conservative_first(self, one: FirmTable, top: int, first: int, shown: dict) -> tuple[str, str] | None:
        """(ko, en) name of the rank-1 answer under the conservative preset when it differs from ``first`` (the
        opportunity shown first), else None — for the riskiest-first note (:func:`answer_notes.riskiest_first`)."""
        from recommender.weights import preset_weights

        block = self.score_block(one, preset_weights("conservative"), "wsm")
        idx, vals, _, eq = self.ranked(block.score, top, block.fit)
        if not len(idx[0]) or not np.isfinite(vals[0][0]):
            return None
        j = int(idx[0][0])
        p = self.profiles[j]
        if j == first or (eq[0][0] and shown.get("equivalent_regions") and p.sector_id == shown["sector_id"]):
            return None
        sector, region = self.kb.sectors[p.sector_id], self.kb.regions[p.region_id]
        if eq[0][0]:  # a sector-level answer: the region stands for several
            return f"{sector.name_ko}(분야 수준의 답)", f"{sector.name_en} (a sector-level answer)"
        return f"{region.name_ko} {sector.name_ko}", f"{sector.name_en} in {region.name_en}"

    def answer_notes(self, firm: dict, block: ScoreBlock, recs: list[dict], opps: list[int], coverage: dict,
                     one: FirmTable | None = None) -> list:  # fmt: skip
        """Where the answer stands (:mod:`recommender.answer_notes`): a sector-level answer at rank 1, the firm's
        preferred regions, and the first step for a firm every documented entry mode is closed to."""
        notes = []
        documented = [self.documented(j) and not r.get("equivalent_regions") for j, r in zip(opps, recs)]
        lead = answer_notes.sector_level_lead(recs, documented, self.kb)
        if lead:
            notes.append(lead)
        from features.firms.schema import capability_label

        thin = answer_notes.low_fit(recs, self.heaviest_needs, capability_label)
        if thin:
            notes.append(thin)
        notes += [n for n in self.ranking_notes(block, recs, opps) if n]
        notes += [n for n in [answer_notes.ev_battery_chain(firm, recs)] if n]  # adv15: panels 14, 15, 17
        notes += [n for n in [answer_notes.energy_supply_competition(recs)] if n]  # panels 27 F13, 28 F08
        if recs and one is not None:
            notes += [n for n in [answer_notes.closed_sectors(self.closed_sectors(one, firm, block), self.kb)] if n]
        if firm["preferred_regions"]:
            row = block.score[0]
            best: dict[str, tuple[str, float] | None] = {}
            for rid in firm["preferred_regions"]:
                here = [p for p in np.flatnonzero(self.region_ids == rid) if np.isfinite(row[p])]
                p = max(here, key=lambda q: (row[q], -q), default=None)
                best[rid] = None if p is None else (self.profiles[int(p)].sector_id, round(float(row[p]), 4))
            top_score = recs[0]["score"] if recs else None
            closed = {rid: self.closed_because(one, firm, block, rid) for rid in firm["preferred_regions"]
                      if best.get(rid) is None and one is not None}  # fmt: skip
            in_top: dict[str, tuple | None] = {}
            if recs:  # where each preferred region stands in the rank-1 answer's sector (panel 10, F05)
                top_sector = recs[0]["sector_id"]
                for rid in firm["preferred_regions"]:
                    cols = np.flatnonzero((self.region_ids == rid) & (self.sector_ids == top_sector))
                    if not len(cols):
                        in_top[rid] = None
                        continue
                    j = int(cols[0])
                    val = round(float(row[j]), 4) if np.isfinite(row[j]) else None
                    pre = round(float(block.ungated[0, j]), 4) if np.isfinite(block.ungated[0, j]) else None
                    in_top[rid] = (val, bool(self.region_specific[j]), pre)
            notes += answer_notes.preferred_region_notes(list(firm["preferred_regions"]), recs, best, top_score,
                                                         kernels.PREFERENCE_SHARE, self.kb, closed, in_top)  # fmt: skip
        if firm["excluded_regions"]:
            notes.append(answer_notes.excluded_note(list(firm["excluded_regions"]), self.kb))
        if coverage["status"] == "none":
            step = answer_notes.first_step(coverage.get("near_misses") or [], self.kb)
            if step:
                notes.append(step)
        notes += [n for n in [answer_notes.first_step_readiness(firm, recs, notes)] if n]  # panel 6: no China base yet
        return notes

    def closed_sectors(self, one: FirmTable, firm: dict, block: ScoreBlock, limit: int = 3) -> list[dict]:
        """Sectors the firm's capabilities match but where no entry mode is open to it in any region (issue 18,
        panel 11 F13: a 10-person IoT sensor start-up whose IoT sector had only a 30-employee standards route simply
        vanished from the answer). A sector counts when one of its opportunities passes the core gate
        (``block.covered``) yet none passes the route gate (``block.route``), and its best fit is one the ranked list
        would keep (the rule of :func:`kernels.trim_weak_fit`: at least ``RELATIVE_FIT`` of the best ranked fit and
        ``FIT_FLOOR``). Each: ``{"sector_id", "fit", "why"}`` at the sector's best-scoring opportunity (ungated), with
        ``why`` from :func:`near_miss_why` (the closest route and what the firm lacks, or that none is documented);
        best fit first, at most ``limit``."""
        score, fit, ungated = block.score[0], block.fit[0], block.ungated[0]
        finite = np.isfinite(score)
        if not finite.any():
            return []
        top = float(fit[finite].max())
        need = min(top, max(kernels.FIT_FLOOR, kernels.RELATIVE_FIT * top))
        open_sectors = set(self.sector_ids[finite & block.route[0]])
        rows = []
        for sector in self.sector_list:
            if sector in open_sectors:
                continue
            cols = np.flatnonzero((self.sector_ids == sector) & block.covered[0] & np.isfinite(ungated))
            if not len(cols) or block.route[0, cols].any():
                continue
            j = int(max(cols, key=lambda q: (ungated[q], -q)))
            if float(fit[j]) < need:
                continue
            why = near_miss_why([], firm, False, self.route_blockers(one, firm, j))
            rows.append({"sector_id": sector, "fit": round(float(fit[j]), 2), "why": why})
        rows.sort(key=lambda r: (-r["fit"], r["sector_id"]))
        return rows[:limit]

    def ranking_notes(self, block: ScoreBlock, recs: list[dict], opps: list[int]) -> list[dict | None]:
        """What the ranking left out and why (issue 18, panel 5): sectors dropped for a much weaker fit
        (:func:`kernels.trim_weak_fit`) and the regions of a sector that holds :data:`kernels.PER_SECTOR` rows left
        out for other sectors' answers though they score as high as a row shown (:func:`kernels.cap_per_sector`)."""
        score, fit = block.score[0], block.fit[0]
        finite = np.isfinite(score)
        if not finite.any():
            return []
        kept = np.isfinite(kernels.trim_weak_fit(block.score, block.fit)[0])
        dropped: dict[str, float] = {}
        for j in np.flatnonzero(finite & ~kept):
            dropped[self.sector_ids[j]] = float(fit[j])
        order = sorted(dropped.items(), key=lambda x: (-x[1], x[0]))
        weaker = answer_notes.weaker_sectors([(s, round(f, 2)) for s, f in order], float(fit[finite].max()),
                                             kernels.RELATIVE_FIT, self.kb)  # fmt: skip
        more: dict[str, list[tuple[str, float]]] = {}
        above = False  # a region left out scores above a row shown of its sector (the tie order put it after)
        if recs:
            shown = set(opps)
            for sector in dict.fromkeys(r["sector_id"] for r in recs):
                others = [r["score"] for r in recs if r["sector_id"] != sector]
                if sum(r["sector_id"] == sector for r in recs) < kernels.PER_SECTOR or not others:
                    continue
                floor = min(others)  # a region that scores as high as another sector's row was left out for it
                cols = [int(j) for j in np.flatnonzero((self.sector_ids == sector) & kept & ~self.indistinct)
                        if int(j) not in shown and round(float(score[j]), 4) >= floor]
                if cols:
                    cols.sort(key=lambda j: (-score[j], j))
                    more[sector] = [(self.region_ids[j], round(float(score[j]), 4)) for j in cols]
                    lowest = min(r["score"] for r in recs if r["sector_id"] == sector)
                    above = above or round(float(score[cols[0]]), 4) > lowest
        counts: dict[str, int] = {}
        for r in recs:  # rows of one sector past the cap: the other sectors could not fill the list
            counts[r["sector_id"]] = counts.get(r["sector_id"], 0) + 1
        if len(counts) < 2:  # a one-sector list: no other sector's answer, no cap to explain
            counts = {}
        return [weaker, answer_notes.more_regions(more, kernels.PER_SECTOR, self.kb, above, counts)]

    def closed_because(self, one: FirmTable, firm: dict, block: ScoreBlock, region_id: str) -> dict:
        """Why nothing is open to the firm in ``region_id``: its best opportunity there whose core capability the
        firm covers, and what the firm lacks for the entry modes open there (``{"sector_id", "blockers"}``); or
        ``{"sector_id": None}`` when no sector of the region matches a core capability of the firm."""
        here = [int(p) for p in np.flatnonzero(self.region_ids == region_id)
                if block.covered[0, p] and np.isfinite(block.ungated[0, p])]  # fmt: skip
        if not here:
            return {"sector_id": None, "blockers": []}
        j = max(here, key=lambda q: (block.ungated[0, q], -q))
        return {"sector_id": self.profiles[j].sector_id, "blockers": self.route_blockers(one, firm, j)}

    def route_blockers(self, one: FirmTable, firm: dict, j: int) -> list[dict]:
        """Why no entry route is open to the firm at opportunity ``j``: each strategy that is open there (applies to
        the sector, its regional condition holds) with what the firm lacks for it; empty when the reports document
        no strategy open there at all."""
        out = []
        for u, spec in enumerate(self.strategies.specs):
            if self.strategies.route_open[j, u]:
                lacks = (failed_prerequisites(firm, spec["prerequisites"])
                         + failed_requirements(one, spec, self.profiles[j].sector_id))
                out.append({"strategy_id": self.strategies.ids[u], "name": {"ko": spec["name_ko"], "en": spec["name_en"]},
                            "missing": lacks})  # fmt: skip
        return out

    def missing_core(self, firm: dict, sector_id: str) -> list[str]:
        """The sector's core capabilities the firm has below the core level (empty when one of them is covered)."""
        s = self.sector_list.index(sector_id)
        core = [k for i, k in enumerate(CAPABILITY_KEYS) if self.core[s, i]]
        if any(firm["capabilities"][k] >= kernels.CORE_LEVEL for k in core):
            return []
        return core

    def _explain(self, one, firm, j, t, rule_row, block, weights, rank, method, robust, sector_level=False) -> dict:
        kb = self.kb
        prof = self.profiles[j]
        region, sector = kb.regions[prof.region_id], kb.sectors[prof.sector_id]
        fit, risk_eff = float(block.fit[0, j]), float(block.risk_eff[0, j])
        contributions = kernels.contributions(fit, prof.policy, prof.demand, risk_eff, weights.vector())
        if firm["preferred_regions"]:  # the score is (1 − β)·Σ terms + β·[preferred]: show both parts
            beta = kernels.PREFERENCE_SHARE
            contributions = {k: (1 - beta) * v for k, v in contributions.items()}
            contributions["preference"] = beta * float(prof.region_id in firm["preferred_regions"])
        caps = []
        for need in sorted((n for n in kb.needs if n.sector_id == prof.sector_id), key=lambda n: (-n.weight, n.capability)):
            have = int(firm["capabilities"][need.capability])
            caps.append({"capability": need.capability, "need": need.weight, "have": have,
                         "covered": round(min(have, need.weight) / need.weight, 4),
                         "status": "matched" if have >= need.weight else ("partial" if have > 0 else "gap"),
                         "evidence": [r.as_dict() for r in need.evidence]})  # fmt: skip
        spec = self.strategies.specs[t]
        key = self.strategies.ranking_key(rule_row[None, :])[0]
        first = first_entrant(one) > 0
        order = [int(x) for x in self.strategies.order(rule_row[None, :], first)[0]]
        runner_ups = [{"strategy_id": self.strategies.ids[u], "rule_score": round(float(rule_row[u]), 4),
                       "ranking_score": round(float(key[u]), 4),
                       "preference": int(self.strategies.preference[u])}
                      for u in order if u != t and rule_row[u] >= 0][:2]  # fmt: skip
        not_eligible, not_here = [], []
        for u, s in enumerate(self.strategies.specs):
            if not self.strategies.applies[j, u]:
                continue
            fails = failed_prerequisites(firm, s["prerequisites"]) + failed_requirements(one, s, prof.sector_id)
            if fails:
                not_eligible.append({"strategy_id": self.strategies.ids[u], "missing": fails})
            elif not self.strategies.available[j, u]:
                _, decided = availability(s, prof)
                not_here.append({"strategy_id": self.strategies.ids[u],
                                 "why": [_unmet_reason(c) for c in decided
                                         if (c["kind"] == "unless") == c["met"]]})  # fmt: skip
        _, decided = availability(spec, prof)
        open_because = [{"ko": c["why_ko"], "en": c["why_en"]} for c in decided
                        if c["kind"] == "available_if" and c["met"]]  # fmt: skip
        risks = []
        for ind in prof.indicators:
            if ind.dimension == "risk" and ind.normalised > 0:
                notes = [kb.fact(f) for f in ind.fact_ids]
                risks.append({"indicator": ind.indicator, "level": ind.normalised,
                              "facts": [_fact_line(f, {"evidence": [r.as_dict() for r in f.evidence],
                                                       "published": f.published}) for f in notes[:3]]})  # fmt: skip
        risks.sort(key=lambda r: -r["level"])
        info = float(kernels.total_risk(0.0, prof.confidence))
        if info >= 0.1:
            risks.append({"indicator": "information_gap", "level": round(info, 4), "facts": [],
                          "note_ko": "보고서가 이 지역·분야를 충분히 다루지 않았습니다. 모르는 것은 안전하지 않으므로 정보 위험으로 "
                                     "계산했습니다(신뢰도가 낮을수록 큼).",
                          "note_en": "The reports say little about this region and sector. What is unknown is not "
                                     "safe, so it counts as information risk (the lower the confidence, the larger)."})  # fmt: skip
        reasons = self.reasons(prof, j, sector_level=sector_level, capabilities=firm.get("capabilities"))
        evidence = self.evidence_for(prof, j, reasons, sector_level=sector_level)
        # … or the support route chosen first for a first entrant where it opens the opportunity itself (healthcare's
        # documented institutions, KIEP 6518–6524: 초기 진출 시 — the step before the other modes, panel 23 F07)
        first_step = bool(self.strategies.open_here[j, t] and (not self.strategies.route_open[j, t]
                                                               or (t == self.strategies.lead and first[0])))
        # a first step is open through its own lines (the national proposal, issue report 1716–1736), not the mode's
        # first citations (KIEP 6518–6524, 449–451: healthcare passages; panel 17 F05)
        mode_refs = ([e for c in decided if c["kind"] == "available_if" and c["met"] for e in c["evidence"]]
                     if first_step else spec["evidence"][:2])  # fmt: skip
        for ref in mode_refs[:2]:
            if ref not in evidence:
                evidence.append(ref)
        return {
            "rank": rank,
            "region_id": prof.region_id,
            "sector_id": prof.sector_id,
            "strategy_id": self.strategies.ids[t],
            "score": round(float(block.score[0, j]), 4),
            "components": {"fit": round(fit, 4), "policy": round(prof.policy, 4), "demand": round(prof.demand, 4),
                           "risk": round(risk_eff, 4)},  # fmt: skip
            "confidence": round(prof.confidence, 4),
            # what the region's own facts about the sector are (panel 25 F07): the weak label reads this
            "evidence_basis": {"kind": EVIDENCE_BASIS[int(self.basis[j])], "facts": len(prof.sector_fact_ids)},
            "evidence": evidence,
            "implication_ids": self.implications_for(prof.region_id, prof.sector_id, self.strategies.ids[t]),
            "region_name": {"ko": region.name_ko, "en": region.name_en, "zh": region.name_zh},
            "sector_name": {"ko": sector.name_ko, "en": sector.name_en},
            "strategy_name": {"ko": spec["name_ko"], "en": spec["name_en"]},
            "vintage": prof.vintage,
            "evidence_period": period_label(prof.evidence_from, prof.evidence_to),
            "robustness": None if robust is None else round(float(robust[j]), 4),
            "contributions": {k: round(float(v), 4) for k, v in contributions.items()} if method == "wsm" else None,
            "risk_profile": round(prof.risk, 4),
            "risk_parts": {"stated": round(prof.risk, 4), "national": round(prof.risk_national, 4),
                           "information": round(info, 4), "with_information": round(float(self.risk_total[j]), 4)},
            "region_specific": bool(prof.sector_fact_ids),
            "capabilities": caps,
            "precedents": self.precedents_for(prof.region_id, prof.sector_id, self.strategies.ids[t],
                                              capabilities=firm["capabilities"]),
            "strategy": {
                "rule_score": round(float(rule_row[t]), 4),
                "ranking_score": round(float(key[t]), 4),
                "preference": int(self.strategies.preference[t]),
                # the mode is open here only through a condition that does not open an opportunity of its own: it is
                # the first step before the runner-ups (Korean support for a first entrant, panel 17 F05)
                "first_step": first_step,
                "description": {"ko": spec["description_ko"], "en": spec["description_en"]},
                "open_here_because": open_because,
                "conditions": explain_conditions(spec, one, prof),
                "runner_ups": runner_ups,
                "not_eligible": not_eligible,
                "not_available_here": not_here,
                "risks": {"ko": spec["risks_ko"], "en": spec["risks_en"]},
                "evidence": spec["evidence"],
            },
            "risks": risks,
            "reasons": reasons,
            # issue 18: the sector's market-access barriers that apply to this firm (shown before the generic risk
            # lines) and how the firm's risk number is made (recommender.risk_notes)
            "sector_risks": risk_notes.sector_risks(kb, firm, prof.region_id, prof.sector_id, self.strategies.ids[t]),
            "risk_explained": risk_notes.risk_explanation(firm, float(self.risk_total[j]), prof.risk, info, risk_eff),
        }

    def reasons(self, prof, j: int, limit: int = 5, sector_level: bool = False,
                capabilities: dict | None = None) -> list[dict]:
        """The policy and demand facts that speak for this opportunity, about the sector first (issue 18): the
        region's own facts about the sector (``scope`` ``sector``), strongest first; then, only where the reports do
        not tell this region apart for the sector (:attr:`indistinct`), what they say about the sector nationally
        (``national``) — the answer is then about the sector more than the place; the region's measures for every
        sector (``region_wide``: a talent subsidy, an entrepreneurship-base list) come last, labelled as such, and
        never ahead of a fact about the sector. A ``sector_level`` answer stands for every equivalent region: the
        facts of the one region standing in for the group are no reason for it, so only national facts are given
        (issue 18 panel: Hangzhou's City Brain plan and the list of entrepreneurship bases were quoted under "any
        of 23 regions").

        Among facts of the same scope and strength, one about a role the firm cannot play comes after the others
        (:func:`reason_off_role`, panels 18 F05 and 19 F10/F14: three medical-device and diagnostics makers were
        all told "Guangdong's plan includes Tencent's national AI medical-imaging platform" first). Only the order
        of the shown reasons changes; no score reads it."""
        kb = self.kb
        caps = capabilities or {}

        def key(f):
            return (-f.strength, reason_off_role(f.tags, caps, prof.sector_id), f.fact_id)

        sector = sorted((kb.fact(f) for f in prof.sector_fact_ids), key=key)
        wide = sorted((kb.fact(f) for f in prof.regional_fact_ids if f not in set(prof.sector_fact_ids)), key=key)
        national = []
        if self.indistinct[j]:
            regional = set(prof.regional_fact_ids)
            national = sorted((f for f in (kb.fact(x) for x in prof.fact_ids if x not in regional)
                               if f.sector_id == prof.sector_id), key=key)  # fmt: skip
        out = []
        # a sector-level answer stands for every equivalent region: the measures of the one region standing in for
        # them (a startup-base list, a region-wide plan) are no reason for it (issue 18 panel: the list of 17
        # entrepreneurship bases was quoted as evidence in 13 of 16 answers)
        if sector_level:
            sector, wide = [], []
        for scope, facts in (("sector", sector), ("national", national), ("region_wide", wide)):
            for f in facts:
                if f.dimension in ("policy", "demand") and len(out) < limit:
                    out.append(_fact_line(f, {"evidence": [r.as_dict() for r in f.evidence], "published": f.published},
                                          dimension=f.dimension, scope=scope))  # fmt: skip
        return out

    def evidence_for(self, prof, j: int, reasons: list[dict], limit: int = 8, sector_level: bool = False) -> list:
        """The recommendation's evidence refs, at most ``limit``: the lines behind its reasons first (the region's
        own facts about the sector, then national ones, then region-wide measures), then the profile's other refs —
        for a sector-level answer, none of the facts of the one region that only stands in for the group."""
        skip: set[tuple] = set()
        if sector_level:
            for f in prof.regional_fact_ids:
                skip |= {(r.doc_id, r.line_start, r.line_end) for r in self.kb.fact(f).evidence}
        out: list[dict] = []
        for ref in [x for reason in reasons for x in reason["evidence"]] + [r.as_dict() for r in prof.evidence]:
            key = (ref["doc_id"], ref["line_start"], ref["line_end"])
            if key not in skip and ref not in out:
                out.append(ref)
            if len(out) >= limit:
                break
        return out

    def precedents_for(self, region_id: str, sector_id: str, strategy_id: str, limit: int = 3,
                       capabilities: dict | None = None, skip: frozenset = frozenset()) -> list[str]:  # fmt: skip
        """Precedents (``data/precedents.yaml``) like this recommendation: same sector and the same entry mode or the
        same region; the closest first (mode and region both, then mode, then region; Korean cases first).

        With the firm's ``capabilities``, a precedent whose ``applies_if`` the firm does not meet is left out before
        the ``limit`` (panel 31 S4: a dental-implant maker was shown Legend Capital → Lunit, a medical-AI imaging
        case; that precedent now needs AI 3 or digital health 3). ``skip``: ids left out as well. Without either,
        every precedent of the opportunity is a candidate — what the screen tables list (their lean companion table
        is one row per opportunity, so it cannot hold a firm's own list; docs/DATA.md)."""
        if capabilities is not None:
            skip = skip | self.precedent_skips(capabilities)
        scored = []
        for pos, (pid, c) in enumerate(self.kb.precedents.items()):
            if c["sector_id"] != sector_id or pid in skip:
                continue
            same_mode, same_region = c["strategy_id"] == strategy_id, c["region_id"] == region_id
            if not (same_mode or same_region):
                continue
            scored.append(((not (same_mode and same_region), not same_mode, not c["korean"], pos), pid))
        return [pid for _, pid in sorted(scored)[:limit]]

    def precedent_skips(self, capabilities: dict) -> frozenset:
        """The precedents whose ``applies_if`` (capability terms, :mod:`features.sector_risks` syntax) this firm does
        not meet."""
        return frozenset(pid for pid, c in self.kb.precedents.items()
                         if c.get("conditions") and not any(_term_held(t, capabilities) for t in c["conditions"]))

    def implications_for(self, region_id: str, sector_id: str, strategy_id: str, limit: int = 6) -> list[str]:
        """Implications that apply: sector (or all), region (if any named), and — when an implication names entry
        modes — only with one of those modes, so none argues against the pick; those backing the strategy first."""
        scored = []
        for pos, (iid, imp) in enumerate(self.kb.implications.items()):
            if not ("all" in imp["sectors"] or sector_id in imp["sectors"]):
                continue
            if imp["regions"] and region_id not in imp["regions"]:
                continue
            if imp["strategies"] and strategy_id not in imp["strategies"]:
                continue  # an implication that argues for another entry mode would contradict the pick
            rank = (0 if strategy_id in imp["strategies"] else 1, 0 if sector_id in imp["sectors"] else 1,
                    0 if imp["audience"] == "firms" else 1, pos)  # fmt: skip
            scored.append((rank, iid))
        return [iid for _, iid in sorted(scored)[:limit]]


def _term_held(term: tuple, capabilities: dict) -> bool:
    """One ``&``-joined term of a precedent's ``applies_if`` (``(key, level, negate)`` literals) holds for the firm."""
    return all((int(capabilities.get(k, 0) or 0) >= level) != neg for k, level, neg in term)


def _fact_line(f, tail: dict, **head) -> dict:
    """A fact as a reason or risk line: ``fact_id``, ``head``, its notes (a ``dated_judgement`` fact's marked as the
    2018 report's judgement, :func:`recommender.dated.fact_note`), ``tail``; ``dated_judgement: true`` only on a
    flagged fact (every other line stays as it was)."""
    line = {"fact_id": f.fact_id, **head, "note_ko": fact_note(f, "ko"), "note_en": fact_note(f, "en"), **tail}
    if f.dated_judgement:
        line["dated_judgement"] = True
    return line


def _unmet_reason(cond: dict) -> dict:
    """Why a strategy is not open in a region, said as such: a missing condition ("needs, not documented here") or a
    reported restriction."""
    if cond["kind"] == "unless":
        ko, en = f"보고된 제약: {cond['why_ko']}", f"Reported restriction: {cond['why_en']}"
    else:
        ko = f"필요하지만 이 지역·분야에는 기록이 없음 — {cond['why_ko']}"
        en = f"Needed, but not documented for this region and sector — {cond['why_en']}"
    return {"ko": ko, "en": en, "kind": cond["kind"], "met": cond["met"]}


def near_miss_why(missing: list[str], firm: dict, route_open: bool, blockers: list[dict]) -> dict:
    """One sentence (ko, en) for a near miss that says *everything* in the way: the core capabilities below the core
    level (with the firm's level) and, when no entry route is open either, that too — with the first thing the firm
    lacks for the routes that exist there, or that the reports document none."""
    ko, en = [], []
    if missing:
        from features.firms import capability_label  # readable names: the ids stay in ``missing`` / ``have``

        have_ko = ", ".join(f"{capability_label(k, 'ko')} {firm['capabilities'][k]}" for k in missing)
        have_en = ", ".join(f"{capability_label(k, 'en')} {firm['capabilities'][k]}" for k in missing)
        ko.append(f"핵심 역량이 {kernels.CORE_LEVEL}에 못 미칩니다(현재 {have_ko}; 이 중 하나가 {kernels.CORE_LEVEL} 이상이어야 함)")
        en.append(f"no core capability at {kernels.CORE_LEVEL} or more (you have {have_en}; one of them must reach "
                  f"{kernels.CORE_LEVEL})")
    if not route_open:
        lacks = [m for b in blockers for m in b["missing"]]
        if not blockers:
            ko.append("이 지역·분야에는 보고서가 기록한 진입 방식이 없습니다")
            en.append("the reports document no entry mode for this region and sector")
        elif lacks:
            first = min((b for b in blockers if b["missing"]), key=lambda b: len(b["missing"]))  # the closest route
            too_ko, too_en = ("도", " too") if missing else ("은", "")
            from recommender.reading import prerequisite_text  # panel 6: the tool's threshold or a report's

            ko.append(f"여기서 열린 진입 방식{too_ko} 귀사에는 닫혀 있습니다(가장 가까운 것: {first['name']['ko']} — "
                      + ", ".join(prerequisite_text(m, "ko") for m in first["missing"]) + ")")
            en.append(f"the entry modes open here are closed to your firm{too_en} (the closest: {first['name']['en']} "
                      "— missing: " + "; ".join(prerequisite_text(m, "en") for m in first["missing"]) + ")")
        else:
            ko.append("여기서 귀사에 열린 진입 방식이 없습니다")
            en.append("no entry mode open here is open to your firm")
    elif missing:
        ko.append("역량이 갖춰지면 진입 방식은 열려 있습니다")
        en.append("an entry mode would be open once the capability is there")
    return {"ko": "; ".join(ko) + ".", "en": ("; ".join(en) + ".")[:1].upper() + ("; ".join(en) + ".")[1:]}


def coverage_message(status: str, near: list[dict], all_excluded: bool = False, period: str = "",
                     covered_somewhere: bool | None = None) -> dict:  # fmt: skip
    """One or two sentences (ko, en) that say what the coverage status means for the firm; ``period`` is the
    evidence period of the data (``2018``, ``2018–2025``: ``KnowledgeBase.period_label``)."""
    if status == "ok":
        ko_when, en_when = (f"{period}년 ", f"{period} ") if period else ("", "")
        return {"ko": f"핵심 역량이 맞는 기회를 찾았습니다. 점수는 {ko_when}보고서에 근거합니다.",
                "en": f"Opportunities that match your core capabilities were found. Scores rest on {en_when}reports."}
    if status == "weak":
        return {"ko": "핵심 역량이 맞는 분야는 있지만, 보고서가 그 분야를 이 지역들에 대해서는 전국 수준으로만(또는 아주 짧게) "
                      "다뤄 지역 사이의 차이는 근거가 약합니다. 지역 순위보다 분야와 진입 방식의 참고로 보세요.",
                "en": "Sectors match your core capabilities, but for these regions the reports cover them only "
                      "nationally (or very briefly), so differences between regions rest on weak evidence: read the "
                      "list as a pointer to the sector and entry mode more than to the region."}  # fmt: skip
    if all_excluded:
        return {"ko": "제외한 지역 밖에 남는 기회가 없습니다. 제외 지역을 줄여 보세요.",
                "en": "No opportunity is left outside the regions you excluded: exclude fewer regions."}
    if covered_somewhere is None:  # callers without the gate's view: judge from the near misses
        covered_somewhere = any(not n["missing"] for n in near)
    if not near and not covered_somewhere:
        return {"ko": "귀사의 역량 중 보고서가 다루는 분야의 핵심 역량과 겹치는 것이 없어 추천하지 않습니다. 가까운 기회도 "
                      "없습니다 — 역량 점수(또는 업종코드와 주생산품)를 확인해 주세요.",
                "en": "None of your capabilities is a core need of any sector the reports cover, so nothing is "
                      "recommended and no opportunity is close — check the capability scores (or the industry code "
                      "and products)."}  # fmt: skip
    if near and not covered_somewhere:
        return {"ko": "보고서가 다루는 분야 중 귀사의 핵심 역량(3 이상)과 맞는 분야가 없어 추천하지 않습니다. 가장 가까운 "
                      "기회와 부족한 역량을 아래에 보여 드립니다.",
                "en": "None of the sectors the reports cover matches a core capability of yours (level 3 or more), "
                      "so nothing is recommended. The closest opportunities and the missing capabilities are "
                      "listed below."}  # fmt: skip
    return {"ko": "역량은 맞지만, 귀사의 규모·경험·투자여력으로 열려 있는 진입 방식이 보고서에 기록된 지역이 없습니다.",
            "en": "Your capabilities match, but the reports document no region where an entry mode open to a firm of "
                  "your size, experience and investment capacity is available."}  # fmt: skip


def tie_note(recs: list[dict]) -> dict | None:
    """How ties were shown and ordered (None when every recommendation has a group of its own and none stands for
    several equivalent regions)."""
    groups = [r["tie_group"] for r in recs]
    merged = any(r.get("equivalent_regions") for r in recs)
    if len(set(groups)) == len(groups) and not merged:
        return None
    return {"tolerance": kernels.TIE_TOLERANCE,
            "ko": f"점수 차이가 {kernels.TIE_TOLERANCE}보다 작은 추천은 구분할 수 없어 같은 순위(공동)로 묶습니다. 그 안에서는 "
                  "보고서가 그 지역의 이 분야에 대해 기록한 사실이 많은 곳, 그 사실이 강하고 최근인 곳, 점수가 높은 곳 순으로 "
                  "보여 줍니다. 전국 자료로만 뒷받침되는 지역들은 서로 구분할 근거가 없으므로 한 줄(분야 수준의 답)로 묶고 "
                  "해당 지역들을 함께 적습니다.",
            "en": f"Recommendations whose scores differ by less than {kernels.TIE_TOLERANCE} cannot be told apart: they "
                  "share a rank (tie group). Within a group, the region with more of its own recorded facts about the "
                  "sector comes first, then stronger and more recent facts, then the higher score. Regions backed "
                  "only by national data cannot be told apart at all, so they are shown as one sector-level answer "
                  "that lists the equivalent regions."}  # fmt: skip
