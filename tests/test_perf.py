"""Issue 19: commands load only what they use, and the caches that make them quick give the same objects and answers
as computing afresh (speed itself is measured by benchmarks/bench_cli.py, not asserted here)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from features import build as build_mod
from features import cache_sign
from features.build import TEXT_PART, load_knowledge
from recommender import cli
from recommender.compiled import CACHE_NAME, cache_key, loads, recommender_for
from recommender.engine import METHODS, Recommender
from tests.conftest import DATA, ROOT


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of data/ with its current build (the full build, its core file and the recommender cache)."""
    load_knowledge(DATA)  # the bundled build, current (the same inputs hash alike in a copy: no second build)
    dst = tmp_path_factory.mktemp("perf") / "data"
    shutil.copytree(DATA, dst, ignore=shutil.ignore_patterns("*.lock", ".~*"))
    recommender_for(load_knowledge(dst))
    build_mod._recent.clear()
    return dst


@pytest.fixture
def data_built(built, tmp_path):
    """A private copy of :func:`built`, build folder included, that a test may change."""
    dst = tmp_path / "data"
    shutil.copytree(built, dst)
    build_mod._recent.clear()
    return dst


def _touch_strategies(data_dir) -> None:
    """A new data version whose text part is unchanged (a comment line in strategies.yaml): a quick rebuild."""
    path = data_dir / "strategies.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed by a test\n", encoding="utf-8")


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code`` (in the checkout)."""
    probe = code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_help_loads_neither_numpy_nor_pandas():
    mods = _modules_after("import contextlib, io\nfrom recommender.cli import main\n"
                          "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
                          "    main(['--help'])")  # fmt: skip
    assert "recommender.cli" in mods
    assert not {"numpy", "pandas", "sklearn", "scipy", "joblib"} & mods


def test_one_recommendation_loads_no_scikit_learn_scipy_or_joblib():
    load_knowledge()  # the build and its core file exist before the probe
    mods = _modules_after("import contextlib, io\nfrom recommender.cli import main\n"
                          "with contextlib.redirect_stdout(io.StringIO()):\n"
                          "    assert main(['recommend', 'data/samples/firm.json', '--format', 'json']) == 0")  # fmt: skip
    assert "recommender.engine" in mods
    assert not {"sklearn", "scipy", "joblib"} & mods


def test_the_cli_offers_the_engines_methods_and_names_real_error_classes():
    assert cli.METHODS == METHODS
    import importlib

    for module, name in cli.CLEAN_ERRORS:
        assert issubclass(getattr(importlib.import_module(module), name), Exception), (module, name)


def test_a_core_build_reads_its_search_index_and_tagger_on_first_use(data_built):
    assert (data_built / "build" / build_mod.CORE_NAME).is_file()
    full = build_mod._load_artifact(data_built / "build" / build_mod.ARTIFACT_NAME)
    core = load_knowledge(data_built)
    assert core is not full and core.data_version == full.data_version
    assert not set(TEXT_PART) & set(core.__dict__)  # not loaded yet
    assert [p.__dict__ for p in core.profiles] == [p.__dict__ for p in full.profiles]
    hits = core.index.search("자율주행 시범구역", top=5)  # loads the text part from the full build
    assert set(TEXT_PART) <= set(core.__dict__)
    assert [(p.passage_id, s) for p, s in hits] == [(p.passage_id, s) for p, s in full.index.search("자율주행 시범구역", top=5)]
    assert type(core.tagger) is type(full.tagger)


def test_a_core_build_without_its_full_build_says_how_to_fix_it(data_built):
    core = load_knowledge(data_built)
    for f in (data_built / "build").rglob("*.joblib"):
        f.unlink()
    with pytest.raises(build_mod.BuildError, match="rebuild"):
        core.index  # noqa: B018 - the attribute read is what is tested


def test_a_stale_core_file_is_not_used(data_built):
    kb1 = load_knowledge(data_built)
    _touch_strategies(data_built)
    build_mod._recent.clear()
    assert build_mod._load_core(data_built, build_mod.input_hash(data_built)[:12]) is None
    kb2 = load_knowledge(data_built)  # rebuilt (the text part taken over from the core build's full one)
    assert kb2.data_version != kb1.data_version and "index" in kb2.__dict__
    assert build_mod._load_core(data_built, kb2.data_version).data_version == kb2.data_version


def _same_state(a: Recommender, b: Recommender) -> None:
    assert a.__dict__.keys() == b.__dict__.keys()
    for name, x in a.__dict__.items():
        y = b.__dict__[name]
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and np.array_equal(x, y), name
        elif isinstance(x, list) and any(isinstance(v, np.ndarray) for v in x):  # e.g. indistinct_cols
            assert len(x) == len(y) and all(np.array_equal(u, v) for u, v in zip(x, y)), name
        elif hasattr(x, "__dataclass_fields__"):
            for f in x.__dataclass_fields__:
                u, v = getattr(x, f), getattr(y, f)
                assert (np.array_equal(u, v) if isinstance(u, np.ndarray) else u == v), (name, f)
        else:
            assert x == y, name


def test_the_cached_recommender_is_the_fresh_one(data_built):
    (data_built / "build" / CACHE_NAME).unlink()
    kb = load_knowledge(data_built)
    first = recommender_for(kb)  # computes and writes the cache
    assert (data_built / "build" / CACHE_NAME).is_file()
    cached = recommender_for(kb)  # reads it
    fresh = Recommender(kb)
    _same_state(cached, fresh)
    _same_state(first, fresh)
    assert cached.kb is kb and all(p is q for p, q in zip(cached.profiles, fresh.profiles))
    assert all(a is b for a, b in zip(cached.strategies.specs, fresh.strategies.specs))


def test_a_cache_of_other_data_is_not_used(data_built):
    path = data_built / "build" / CACHE_NAME
    stale = path.read_bytes()
    payload = cache_sign.verified_payload(path)  # the cache is signed (issue 20); the pickle inside is the old one
    _touch_strategies(data_built)
    kb2 = load_knowledge(data_built)
    assert payload is not None and loads(payload, kb2, cache_key(kb2)) is None
    path.write_bytes(stale)
    _same_state(recommender_for(kb2), Recommender(kb2))
    path.write_bytes(b"not a pickle")
    _same_state(recommender_for(kb2), Recommender(kb2))
