"""The recommender's arrays (profile matrices, requirement table, compiled strategy tables), computed once per data
version and scoring code and read back by every later run (issue 19: one recommendation in half a second).

``recommender_for(kb)`` is ``Recommender(kb)``: the same object, attribute for attribute. Its state, without the
knowledge base, is pickled to ``DATA_DIR/build/recommender.pickle`` under a key: the data version (which already
covers the ``features`` code) plus the bytes of every ``recommender/*.py`` file and the NumPy version. Objects that
belong to the knowledge base (the knowledge base itself, its profiles, strategy specs, regions, sectors …) are
stored by reference and resolved against the loaded knowledge base, so the arrays point at the very same objects a
fresh ``Recommender(kb)`` would. Any mismatch, an unreadable file or a folder that cannot be written only costs the
cache: the arrays are then computed as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import pickle
from pathlib import Path

import numpy as np

from features import cache_sign
from features.atomic import write_bytes_atomic
from features.build import KnowledgeBase
from features.versions import build_dir
from recommender.engine import Recommender

CACHE_NAME = "recommender.pickle"
CODE_DIR = Path(__file__).resolve().parent
FORMAT = 1


def cache_key(kb: KnowledgeBase) -> str:
    """Data version + the scoring code + the NumPy version (the arrays' pickle format)."""
    h = hashlib.sha256(f"recommender{FORMAT}\0{kb.data_version}\0{np.__version__}\0".encode())
    for f in sorted(CODE_DIR.glob("*.py")):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _members(kb: KnowledgeBase) -> dict[int, tuple]:
    """id → reference for the knowledge base and the objects it holds directly (list items, dict values)."""
    refs: dict[int, tuple] = {id(kb): ("kb",)}
    for name, value in kb.__dict__.items():
        if name.startswith("_") or name == "docs":
            continue
        if isinstance(value, list):
            refs.setdefault(id(value), ("field", name))
            for i, item in enumerate(value):
                refs.setdefault(id(item), ("item", name, i))
        elif isinstance(value, dict):
            refs.setdefault(id(value), ("field", name))
            for key, item in value.items():
                refs.setdefault(id(item), ("value", name, key))
    return refs


def _resolve(kb: KnowledgeBase, ref: tuple):
    kind = ref[0]
    if kind == "kb":
        return kb
    value = kb.__dict__[ref[1]]
    return value if kind == "field" else value[ref[2]]


class _Pickler(pickle.Pickler):
    def __init__(self, file, refs: dict[int, tuple]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.refs = refs

    def persistent_id(self, obj):
        return self.refs.get(id(obj)) if not isinstance(obj, (str, int, float, bool, type(None))) else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, kb: KnowledgeBase):
        super().__init__(file)
        self.kb = kb

    def persistent_load(self, ref):
        return _resolve(self.kb, tuple(ref))


def dumps(rec: Recommender, key: str) -> bytes:
    buf = io.BytesIO()
    _Pickler(buf, _members(rec.kb)).dump((key, rec.__dict__))
    return buf.getvalue()


def loads(data: bytes, kb: KnowledgeBase, key: str) -> Recommender | None:
    """The recommender stored in ``data`` when its key is ``key``; None otherwise."""
    stored, state = _Unpickler(io.BytesIO(data), kb).load()
    if stored != key or not isinstance(state, dict) or state.get("kb") is not kb:
        return None
    rec = Recommender.__new__(Recommender)
    rec.__dict__.update(state)
    return rec


def recommender_for(kb: KnowledgeBase) -> Recommender:
    """``Recommender(kb)``, read from the cache of ``kb``'s data directory when it is current (module doc)."""
    data_dir = kb.__dict__.get("_data_dir")
    if not data_dir:
        return Recommender(kb)
    path = build_dir(Path(data_dir)) / CACHE_NAME
    key = cache_key(kb)
    if path.is_file():
        with contextlib.suppress(Exception):  # a stale, unreadable or unsigned cache is simply computed again
            payload = cache_sign.verified_payload(path)  # this user's signature, checked before unpickling (issue 20)
            rec = loads(payload, kb, key) if payload is not None else None
            if rec is not None:
                return rec
    rec = Recommender(kb)
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        write_bytes_atomic(path, cache_sign.sign(dumps(rec, key)))
    return rec
