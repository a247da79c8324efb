"""The build cache is signed by whoever wrote it, and checked before it is unpickled (issue 20).

``knowledge.joblib`` is a pickle: loading a crafted one runs its code. A file this user wrote carries an HMAC-SHA256
of its payload under a key only this user can read (``KOCN_CACHE_KEY``, else a random 32-byte key created once in
``~/.cache/kocn-recommender/cache.key`` with mode 0600); :func:`load` checks the tag first and returns ``None`` for
anything else — an unsigned, altered or foreign file is simply rebuilt, never unpickled. (A data directory itself —
its CSV, YAML and report files — must still be trusted: it decides what the app shows.)

File layout: ``KOCN-SIGNED-1\\n`` · 32-byte tag · the payload (joblib for a full build, a plain pickle for the core
build a scoring command reads: :func:`pickle_bytes`, :func:`load_pickle`).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import secrets
from pathlib import Path

MAGIC = b"KOCN-SIGNED-1\n"
TAG_BYTES = 32


def key_path() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "kocn-recommender" / "cache.key"


def _key() -> bytes:
    env = os.environ.get("KOCN_CACHE_KEY")
    if env:
        return env.encode("utf-8")
    path = key_path()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it in between
        return path.read_bytes()
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_bytes(32))
    return path.read_bytes()


def sign(payload: bytes) -> bytes:
    """``MAGIC`` · HMAC-SHA256(key, payload) · payload."""
    return MAGIC + hmac.new(_key(), payload, hashlib.sha256).digest() + payload


def verified_payload(path: Path | str) -> bytes | None:
    """The payload of a file :func:`sign` wrote with this user's key, else ``None``."""
    with open(path, "rb") as fh:
        data = fh.read()
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + TAG_BYTES:
        return None
    tag, payload = data[len(MAGIC) : len(MAGIC) + TAG_BYTES], data[len(MAGIC) + TAG_BYTES :]
    if not hmac.compare_digest(tag, hmac.new(_key(), payload, hashlib.sha256).digest()):
        return None
    return payload


def dump(obj, path: Path | str, compress: int = 3) -> None:
    """``joblib.dump(obj)`` into ``path`` with the signature in front."""
    import joblib

    buf = io.BytesIO()
    joblib.dump(obj, buf, compress=compress)
    with open(path, "wb") as fh:
        fh.write(sign(buf.getvalue()))


def load(path: Path | str):
    """The object in a file :func:`dump` wrote with this user's key, else ``None`` (never unpickled)."""
    payload = verified_payload(path)
    if payload is None:
        return None
    import joblib

    return joblib.load(io.BytesIO(payload))


def pickle_bytes(obj) -> bytes:
    """A plain pickle of ``obj``, signed (the core build: read without importing joblib)."""
    return sign(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickle(path: Path | str):
    """The object in a file :func:`pickle_bytes` wrote with this user's key, else ``None`` (never unpickled)."""
    payload = verified_payload(path)
    return None if payload is None else pickle.loads(payload)
