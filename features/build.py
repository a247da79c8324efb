"""Build and cache the knowledge base: reports → passages → facts → profiles, saved with joblib in ``data/build/``.

The artifact is rebuilt by itself when the hash of any input changes (every file under ``data/reports``,
``data/facts``, the reference tables, the YAML files, and the ``features`` source code that computes it). The hash
is the **data version** shown to users and written into every export. Building is deterministic: the same inputs
give the same artifact content.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import joblib

from features.corpus import Document, Passage, build_passages, load_catalog, quote
from features.facts import Fact, Region, Sector, SectorNeed, load_facts, load_regions, load_sector_needs, load_sectors
from features.ingest.places import load_homonyms
from features.ingest.tagger import Tagger
from features.knowledge import load_implications, load_precedents, load_strategies
from features.profiles import Profile, build_profiles
from features.search import PassageIndex, synonyms_from

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ARTIFACT_NAME = "knowledge.joblib"
FORMAT_VERSION = 1


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
    #: signals come from it; keyed, like everything here, by the data version
    tagger: object = None
    homonyms: list = field(default_factory=list)

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

    def __getstate__(self):
        state = dict(self.__dict__)
        state["docs"] = {}
        state.pop("_fact_map", None)
        return state


def _input_files(data_dir: Path) -> list[Path]:
    files = sorted((data_dir / "reports").glob("*")) + sorted((data_dir / "facts").glob("*.csv"))
    files += [data_dir / n for n in ("regions.csv", "homonyms.csv", "sectors.csv", "sector_needs.csv",
                                     "strategies.yaml", "implications.yaml", "precedents.yaml")]  # fmt: skip
    files += sorted((PROJECT_ROOT / "features").glob("*.py")) + sorted((PROJECT_ROOT / "features" / "ingest").glob("*.py"))
    return [f for f in files if f.is_file() and not f.name.startswith(".~")]  # not temporary files or lock sidecars


def input_hash(data_dir: Path) -> str:
    """sha256 over the relative names and bytes of every input file (and the builder's code)."""
    h = hashlib.sha256(f"format{FORMAT_VERSION}".encode())
    for f in _input_files(data_dir):
        rel = f.relative_to(PROJECT_ROOT if f.is_relative_to(PROJECT_ROOT / "features") else data_dir)
        h.update(str(rel).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def build(data_dir: Path) -> KnowledgeBase:
    """Load and validate every input, then compute passages, the search index and all profiles."""
    docs = load_catalog(data_dir / "reports", verify=True)
    regions = load_regions(data_dir / "regions.csv")
    sectors = load_sectors(data_dir / "sectors.csv")
    needs = load_sector_needs(data_dir / "sector_needs.csv", sectors, docs)
    facts = load_facts(data_dir / "facts", regions, sectors, docs)
    strategies = load_strategies(data_dir / "strategies.yaml", set(sectors), docs)
    implications = load_implications(data_dir / "implications.yaml", set(sectors), set(regions), set(strategies), docs)
    precedents = load_precedents(data_dir / "precedents.yaml", set(sectors), set(regions), set(strategies), docs)
    homonyms = load_homonyms(data_dir / "homonyms.csv")
    passages = build_passages(docs)
    index = PassageIndex().fit(passages, synonyms=synonyms_from(sectors.values(), regions.values()))
    tagger = Tagger(regions, sectors, homonyms).fit(passages, facts)
    profiles = build_profiles(regions, sectors, facts, passages, docs, tagger.tag(passages))
    kb = KnowledgeBase(input_hash(data_dir)[:12], regions, sectors, needs, facts, passages, index, profiles,
                       strategies, implications, docs, precedents, tagger, homonyms)  # fmt: skip
    return kb


def load_knowledge(data_dir: Path | str | None = None, rebuild: bool = False) -> KnowledgeBase:
    """The knowledge base for ``data_dir``, from ``data_dir/build`` when its data version is current."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    version = input_hash(data_dir)[:12]
    artifact = data_dir / "build" / ARTIFACT_NAME
    kb = None
    if artifact.is_file() and not rebuild:
        try:
            cached = joblib.load(artifact)
            if isinstance(cached, KnowledgeBase) and cached.data_version == version:
                kb = cached
        except Exception:  # noqa: BLE001 - a stale or unreadable cache is simply rebuilt
            kb = None
    if kb is None:
        kb = build(data_dir)
        artifact.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=artifact.parent, suffix=".tmp")
        os.close(fd)
        joblib.dump(kb, tmp, compress=3)
        os.replace(tmp, artifact)  # atomic: a concurrent reader sees the old or the new artifact, never half
    kb.docs = load_catalog(data_dir / "reports", verify=False)
    return kb
