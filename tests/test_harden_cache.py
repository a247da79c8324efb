"""Issue 20: the build cache is checked (HMAC of this user's key) before it is unpickled — a crafted
``knowledge.joblib`` under a data directory is rebuilt over, never run."""

from __future__ import annotations

import pickle

import joblib

from features import cache_sign


class Boom:
    def __reduce__(self):
        import os

        return (os.system, ("touch PWNED",))


def test_a_crafted_cache_is_not_unpickled(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KOCN_CACHE_KEY", "test-key")
    crafted = tmp_path / "knowledge.joblib"
    joblib.dump(Boom(), crafted)  # an unsigned pickle that would run a command
    assert cache_sign.load(crafted) is None
    forged = tmp_path / "forged.joblib"
    payload = pickle.dumps(Boom())
    forged.write_bytes(cache_sign.MAGIC + b"\0" * cache_sign.TAG_BYTES + payload)  # a made-up signature
    assert cache_sign.load(forged) is None
    assert not (tmp_path / "PWNED").exists()


def test_a_cache_this_user_wrote_loads_and_another_key_refuses_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KOCN_CACHE_KEY", "mine")
    path = tmp_path / "kb.joblib"
    cache_sign.dump({"a": [1, 2, 3]}, path)
    assert cache_sign.load(path) == {"a": [1, 2, 3]}
    monkeypatch.setenv("KOCN_CACHE_KEY", "someone else")
    assert cache_sign.load(path) is None


def test_the_key_file_is_private(tmp_path, monkeypatch):
    monkeypatch.delenv("KOCN_CACHE_KEY", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache_sign.dump([1], tmp_path / "x.joblib")
    assert cache_sign.load(tmp_path / "x.joblib") == [1]
    assert cache_sign.key_path().stat().st_mode & 0o777 == 0o600



def test_the_compiled_recommender_cache_is_signed_and_a_foreign_one_is_never_unpickled(tmp_path, monkeypatch):
    """build/recommender.pickle (issue 19's cache of the recommender's arrays) is signed like the build itself: an
    unsigned file, or one signed with another user's key, is recomputed, never unpickled (issue 20)."""
    import shutil

    import pytest

    from features.build import load_knowledge
    from recommender import compiled
    from tests.conftest import ROOT

    class Boom:
        def __reduce__(self):
            return (pytest.fail, ("a foreign cache was unpickled",))

    monkeypatch.setenv("KOCN_CACHE_KEY", "test-key-one")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("build"))
    kb = load_knowledge(data)
    compiled.recommender_for(kb)
    path = data / "build" / compiled.CACHE_NAME
    assert path.read_bytes().startswith(cache_sign.MAGIC)

    path.write_bytes(pickle.dumps(Boom()))  # unsigned
    assert compiled.recommender_for(kb) is not None
    path.write_bytes(cache_sign.sign(pickle.dumps(Boom())))  # signed with key one …
    monkeypatch.setenv("KOCN_CACHE_KEY", "test-key-two")  # … read by someone whose key is two
    assert compiled.recommender_for(kb) is not None
