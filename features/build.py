"""Build and cache the knowledge base: reports → passages → facts → profiles, saved with joblib in ``data/build/``.

The artifact is rebuilt by itself when the hash of any input changes (every file under ``data/reports``,
``data/facts``, the reference tables, the YAML files, and the ``features`` source code that computes it). The hash
is the **data version** shown to users and written into every export. Building is deterministic: the same inputs
give the same artifact content.

Every build is kept under its version (``features.versions``: ``build/versions/<version>.joblib`` and a history
line), so what a new report changed can be shown against the build before it. The text part of a build (passages,
search index, the fitted tagger and the passages it pairs with each region and sector) depends only on the reports,
the region, homonym and sector tables, the code and the tagger's training labels — the curated facts' citations in
hand-curated reports (:func:`text_hash`): when only the facts of an ingested report changed — a review — it is taken
from the previous build, and a rebuild takes seconds, not the full build's time.

**The data directory** is ``--data-dir`` or ``KOCN_DATA_DIR``, else the bundled ``data/`` of the checkout. The
bundled data is never written by a review (``features.workspace``); a team keeps its reviewed data in a directory of
its own (README § 팀 데이터 디렉터리).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from features import cache_sign, versions
from features.atomic import write_bytes_atomic
from features.corpus import Document, Passage, build_passages, load_catalog, quote
from features.facts import (
    BuildError,
    Fact,
    Region,
    Sector,
    SectorNeed,
    load_facts,
    load_regions,
    load_sector_needs,
    load_sectors,
)
from features.profiles import Profile, build_profiles, text_hits
from features.sector_risks import load_sector_risks
from features.vintage import period_label

if TYPE_CHECKING:  # scikit-learn, SciPy and joblib are imported only where a build, a search or the tagger needs them
    from features.search import PassageIndex

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ARTIFACT_NAME = "knowledge.joblib"
#: the current build without its text part (:data:`TEXT_PART`), pickled plainly: what a command that only scores
#: firms loads (:func:`load_knowledge`)
CORE_NAME = "knowledge.core.pickle"
FORMAT_VERSION = 1
#: the fields of a build that hold scikit-learn objects (the search index and the fitted tagger): only search, ingest
#: and the tagger's evaluation use them. A knowledge base read from the core file reads them from the full build on
#: first use (:class:`_TextPart`), so scoring a firm never imports scikit-learn or unpickles ~10 MB it does not need.
TEXT_PART = ("index", "tagger")


def default_data_dir() -> Path:
    return Path(os.environ.get("KOCN_DATA_DIR") or PROJECT_ROOT / "data")


@dataclass
class KnowledgeBase:
    """Everything the recommender needs, built from ``data/`` (docs are re-attached at load, not pickled)."""

    data_version: str
    regions: dict[str, Region]
    sectors: dict[str, Sector]
    needs: list[SectorNeed]
    facts: list[Fact]
    passages: list[Passage]
    index: PassageIndex
    profiles: list[Profile]
    strategies: dict[str, dict]
    implications: dict[str, dict]
    docs: dict[str, Document] = field(default_factory=dict, repr=False)
    precedents: dict[str, dict] = field(default_factory=dict)
    #: the fitted tagger (issue 15; features.ingest.tagger) — candidates for new reports and the profiles' text
    #: signals come from it; part of the text part of the build (:func:`text_hash`)
    tagger: object = None
    homonyms: list = field(default_factory=list)
    text_key: str = ""  # text_hash of the inputs the passages, index, tagger and hits were built from
    text_hits: dict[str, list[str]] = field(default_factory=dict, repr=False)  # "REGION/SECTOR" → salient passages
    #: sector market-access risks (``data/sector_risks.csv``, :mod:`features.sector_risks`): shown, never scored
    sector_risks: list = field(default_factory=list)

    def profile(self, region_id: str, sector_id: str) -> Profile:
        for p in self.profiles:
            if p.region_id == region_id and p.sector_id == sector_id:
                return p
        raise KeyError(f"no profile {region_id}/{sector_id}")

    def fact(self, fact_id: str) -> Fact:
        return self._facts_by_id()[fact_id]

    def _facts_by_id(self) -> dict[str, Fact]:
        cache = self.__dict__.get("_fact_map")
        if cache is None:
            cache = self.__dict__["_fact_map"] = {f.fact_id: f for f in self.facts}
        return cache

    def quote(self, doc_id: str, line_start: int, line_end: int) -> str:
        """The cited lines, cleaned, read from the stored report file."""
        return quote(self.docs, doc_id, line_start, line_end)

    @property
    def vintage(self) -> int:
        return max(p.vintage for p in self.profiles)

    @property
    def evidence_period(self) -> tuple[int, int]:
        """First and last publication year of the documents the scores rest on (those the facts cite)."""
        years = sorted({f.published_year for f in self.facts if f.published})
        if not years:
            return self.vintage, self.vintage
        return years[0], years[-1]

    @property
    def period_label(self) -> str:
        """``2018`` or ``2018–2025``: what every banner and export note says the scores rest on."""
        return period_label(*self.evidence_period)

    @property
    def scored_documents(self) -> list[str]:
        """The documents cited by facts (the reports the scores rest on), in catalog order."""
        cited = {r.doc_id for f in self.facts for r in f.evidence}
        return [d for d in self.docs if d in cited] if self.docs else sorted(cited)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["docs"] = {}
        state.pop("_fact_map", None)
        return state

    def _load_text_part(self) -> None:
        """Fill in :data:`TEXT_PART` from a full build with the same text part (:func:`_text_part_from`)."""
        source = self.__dict__.get("_data_dir")
        if source is None:
            raise BuildError("this knowledge base has no search index or tagger (it was read without its text part "
                             "and does not say where from): load it again with load_knowledge")  # fmt: skip
        full = _text_part_from(Path(source), self.data_version, self.text_key)
        for name in TEXT_PART:
            self.__dict__[name] = full.__dict__[name]


class _TextPart:
    """A field of :class:`KnowledgeBase` read from the full build on first use. A non-data descriptor: a value in
    the instance (every build, and a core one once loaded) is found before it, so it costs nothing after that."""

    def __init__(self, name: str, default: object = None):
        self.name, self.default = name, default

    def __get__(self, obj, owner=None):
        if obj is None:
            return self.default
        obj._load_text_part()
        return obj.__dict__[self.name]


for _name in TEXT_PART:  # installed after @dataclass, which has already taken the fields' defaults
    setattr(KnowledgeBase, _name, _TextPart(_name, KnowledgeBase.__dict__.get(_name)))


TEXT_TABLES = ("regions.csv", "homonyms.csv", "sectors.csv")  # the tables the text part (tagger, hits) reads


def _input_files(data_dir: Path, text_only: bool = False) -> list[Path]:
    files = sorted((data_dir / "reports").glob("*"))
    if not text_only:
        files += sorted((data_dir / "facts").glob("*.csv"))
    files += [data_dir / n for n in ("regions.csv", "homonyms.csv", "sectors.csv", "sector_needs.csv",
                                     "strategies.yaml", "implications.yaml", "precedents.yaml", "sector_risks.csv")
              if not text_only or n in TEXT_TABLES]  # fmt: skip
    files += sorted((PROJECT_ROOT / "features").glob("*.py")) + sorted((PROJECT_ROOT / "features" / "ingest").glob("*.py"))
    return [f for f in files if f.is_file() and not f.name.startswith(".~")]  # not temporary files or lock sidecars


def input_hash(data_dir: Path, text_only: bool = False) -> str:
    """sha256 over the relative names and bytes of every input file (and the builder's code). Temporary and lock
    files of an atomic write (``.~NAME…``) are not inputs."""
    h = hashlib.sha256(f"format{FORMAT_VERSION}".encode() + (b"text" if text_only else b""))
    for f in _input_files(Path(data_dir), text_only):
        rel = f.relative_to(PROJECT_ROOT if f.is_relative_to(PROJECT_ROOT / "features") else data_dir)
        h.update(str(rel).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def training_labels(facts: list[Fact], docs: dict[str, Document]) -> list[tuple]:
    """What the tagger learns from: each fact's labels and its citations in hand-curated (not ingested) reports.
    Facts about an ingested report (a review's) add nothing here, so accepting them never retrains the tagger."""
    curated = {d for d, doc in docs.items() if not doc.extractor}
    out = []
    for f in facts:
        refs = sorted((r.doc_id, r.line_start, r.line_end) for r in f.evidence if r.doc_id in curated)
        if refs:
            out.append((f.region_id, f.sector_id, f.dimension, f.indicator, tuple(refs)))
    return sorted(out)


def text_hash(data_dir: Path, facts: list[Fact], docs: dict[str, Document]) -> str:
    """The hash of what the text part of a build (passages, search index, tagger, text signals) depends on: the
    reports and catalog, the region, homonym and sector tables, the code, and the tagger's training labels
    (:func:`training_labels`)."""
    h = hashlib.sha256(input_hash(data_dir, text_only=True).encode())
    h.update(repr(training_labels(facts, docs)).encode())
    return h.hexdigest()[:16]


def build(data_dir: Path, reuse: KnowledgeBase | Callable[[str], KnowledgeBase | None] | None = None) -> KnowledgeBase:
    """Load and validate every input, then compute passages, the search index and all profiles. With ``reuse`` (an
    earlier build of the same text inputs, :func:`text_hash`) its passages, index and salient passages are taken
    over instead of being computed again: the same values, in a fraction of the time."""
    from features.ingest.places import load_homonyms
    from features.knowledge import load_implications, load_precedents, load_strategies

    data_dir = Path(data_dir)
    docs = load_catalog(data_dir / "reports", verify=True)
    regions = load_regions(data_dir / "regions.csv")
    sectors = load_sectors(data_dir / "sectors.csv")
    needs = load_sector_needs(data_dir / "sector_needs.csv", sectors, docs)
    facts = load_facts(data_dir / "facts", regions, sectors, docs)
    strategies = load_strategies(data_dir / "strategies.yaml", set(sectors), docs)
    implications = load_implications(data_dir / "implications.yaml", set(sectors), set(regions), set(strategies), docs)
    precedents = load_precedents(data_dir / "precedents.yaml", set(sectors), set(regions), set(strategies), docs)
    sector_risks = load_sector_risks(data_dir / "sector_risks.csv", sectors, regions, set(strategies), docs)
    homonyms = load_homonyms(data_dir / "homonyms.csv")
    key = text_hash(data_dir, facts, docs)
    if callable(reuse):
        reuse = reuse(key)
    taken = None
    if reuse is not None and reuse.text_key == key and reuse.text_hits:
        with contextlib.suppress(BuildError):  # a core build whose full build is gone: computed again below
            taken = reuse.passages, reuse.index, reuse.tagger, reuse.text_hits
    if taken is not None and taken[2] is not None:
        passages, index, tagger, hits = taken
    else:
        from features.ingest.tagger import Tagger
        from features.search import PassageIndex, synonyms_from

        passages = build_passages(docs)
        index = PassageIndex().fit(passages, synonyms=synonyms_from(sectors.values(), regions.values()))
        ingested = {d for d, doc in docs.items() if doc.extractor}
        # trained on the hand-curated reports only: a review of an ingested report never retrains it (module doc)
        tagger = Tagger(regions, sectors, homonyms).fit(passages, facts, exclude=lambda p: p.doc_id in ingested)
        hits = text_hits(tagger.tag(passages), facts, docs)
    profiles = build_profiles(regions, sectors, facts, passages, docs, hits)
    kb = KnowledgeBase(input_hash(data_dir)[:12], regions, sectors, needs, facts, passages, index, profiles,
                       strategies, implications, docs, precedents, tagger, homonyms, key, hits,
                       sector_risks=sector_risks)  # fmt: skip
    return kb


def _load_artifact(path: Path) -> KnowledgeBase | None:
    """A cached build: the core file (:data:`CORE_NAME`, plain pickle) or a full one (joblib); None when it is
    unreadable or not a build (a stale or unreadable cache is simply rebuilt)."""
    try:
        # the signature is checked before anything is unpickled (issue 20)
        cached = cache_sign.load_pickle(path) if path.name == CORE_NAME else cache_sign.load(path)
    except Exception:  # noqa: BLE001 - a stale or unreadable cache is simply rebuilt
        return None
    return cached if isinstance(cached, KnowledgeBase) else None


def core_path(data_dir: Path) -> Path:
    return versions.build_dir(data_dir) / CORE_NAME


def _load_core(data_dir: Path, version: str) -> KnowledgeBase | None:
    """The core file when it is of ``version``, its text part to be read from the full build on first use."""
    path = core_path(data_dir)
    if not path.is_file():
        return None
    kb = _load_artifact(path)
    if kb is None or kb.data_version != version:
        return None
    return kb


def _save_core(data_dir: Path, kb: KnowledgeBase) -> None:
    """Write the core file for ``kb`` (atomically; a folder that cannot be written only costs the quick load)."""
    state = {k: v for k, v in kb.__getstate__().items() if k not in TEXT_PART and k != "_data_dir"}
    core = KnowledgeBase.__new__(KnowledgeBase)
    core.__dict__.update(state)
    with contextlib.suppress(OSError):
        write_bytes_atomic(core_path(data_dir), cache_sign.pickle_bytes(core))


def _text_part_from(data_dir: Path, version: str, text_key: str) -> KnowledgeBase:
    """A full build whose text part is ``text_key``'s: the kept build of ``version``, else the current one, else
    any kept build with that text part (the index and tagger depend only on it, :func:`text_hash`)."""
    candidates = [versions.kept_path(data_dir, version), versions.build_dir(data_dir) / ARTIFACT_NAME]
    candidates += [versions.kept_path(data_dir, e["version"]) for e in reversed(versions.history(data_dir))
                   if e.get("text_key") == text_key]  # fmt: skip
    for path in candidates:
        if path.is_file():
            kb = _load_artifact(path)
            if kb is not None and kb.text_key == text_key and all(n in kb.__dict__ for n in TEXT_PART):
                return kb
    raise BuildError(f"the search index and tagger of data version {version} are no longer kept in "
                     f"{versions.build_dir(data_dir)}: rebuild (profiles --rebuild)")  # fmt: skip


#: the last knowledge base loaded per data directory in this process (the app's rebuild after a review reuses its
#: text part without reading it back from disk)
_recent: dict[str, KnowledgeBase] = {}


def _reusable(data_dir: Path, key: str) -> KnowledgeBase | None:
    """An earlier build whose text part (:func:`text_hash` = ``key``) matches the inputs now: the one this process
    loaded last, else the current artifact, else the newest kept one."""
    recent = _recent.get(str(Path(data_dir).resolve()))
    if recent is not None and recent.text_key == key and recent.text_hits:
        return recent
    candidates = [versions.build_dir(data_dir) / versions.CURRENT]
    candidates += [versions.kept_path(data_dir, e["version"]) for e in reversed(versions.history(data_dir))
                   if e.get("text_key") == key]  # fmt: skip
    for path in candidates:
        if path.is_file():
            kb = _load_artifact(path)
            if kb is not None and kb.text_key == key and kb.text_hits:
                return kb
    return None


def load_knowledge(data_dir: Path | str | None = None, rebuild: bool = False) -> KnowledgeBase:
    """The knowledge base for ``data_dir``, from ``data_dir/build`` when its data version is current; otherwise a
    kept build of this version, else a new build (reusing the text part of an earlier one when it still applies),
    which is kept under its version with a history line (``features.versions``)."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    version = input_hash(data_dir)[:12]
    artifact = versions.build_dir(data_dir) / ARTIFACT_NAME
    kb = None if rebuild else _load_core(data_dir, version)
    if kb is not None:
        return _attach(data_dir, kb)
    if artifact.is_file() and not rebuild:
        cached = _load_artifact(artifact)
        if cached is not None and cached.data_version == version:
            kb = cached
    if kb is None and not rebuild and versions.kept_path(data_dir, version).is_file():
        kept = _load_artifact(versions.kept_path(data_dir, version))
        if kept is not None and kept.data_version == version:
            kb = kept  # back to a version built before (e.g. a review undone): make it current again
            with contextlib.suppress(OSError):
                versions.make_current(data_dir, version)
    if kb is None:
        kb = build(data_dir, reuse=None if rebuild else (lambda key: _reusable(data_dir, key)))
        _save(data_dir, kb)
    _save_core(data_dir, kb)
    return _attach(data_dir, kb)


def _attach(data_dir: Path, kb: KnowledgeBase) -> KnowledgeBase:
    """Re-attach the documents; remember where the build lives (its text part, :class:`_TextPart`, and the scoring
    arrays, ``recommender.compiled``, are read from there)."""
    kb.docs = load_catalog(data_dir / "reports", verify=False)
    kb.__dict__["_data_dir"] = str(data_dir)
    _recent[str(data_dir.resolve())] = kb
    return kb


def _save(data_dir: Path, kb: KnowledgeBase) -> None:
    """Keep the build under its version, make it current and add its history line. A folder that cannot be written
    (a read-only installation) only costs the cache."""
    try:
        versions.save(data_dir, kb.data_version, lambda path: cache_sign.dump(kb, path, compress=3))
        versions.record(data_dir, {
            "version": kb.data_version, "text_key": kb.text_key, "evidence_period": list(kb.evidence_period),
            "documents": {d.doc_id: d.published for d in kb.docs.values()},
            "facts": dict(sorted(Counter(f.source_file for f in kb.facts).items())),
        })  # fmt: skip
    except OSError:
        pass
