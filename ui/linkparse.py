"""Reading a shared link and a saved profile safely (issue 20, item 6) — the parsing layer, no Streamlit.

A link or a profile file comes from anyone, so every step is bounded before it costs anything:

* **decompression** stops at :data:`MAX_FIRM_BYTES` of output (``zlib.decompressobj(...).decompress(data,
  max_length)``; anything left over means the firm is too large — a zip bomb never expands past the limit);
* **JSON depth** is measured on the text before parsing (brackets outside strings) and refused past
  :data:`MAX_DEPTH` — a firm object is two levels deep, so ``[[[[…]]]]`` 990 deep never reaches the recursive parser;
* **duplicate keys** are refused (the firm files refuse them too), as are lone surrogates and control characters in
  names;
* **every field is capped as the form caps it** (:data:`FIELD_CAPS`: firm id 60, name 120, certifications 200
  characters, region lists 34 entries) — a record over a cap is refused naming the field, never cut silently.

:func:`parse_query` reads all the parameters and returns what can be applied plus a :class:`Problem` for each value
that cannot, with a code (``firm``, ``preset``, ``w``, ``w_missing``, ``method``, ``lang``) the page turns into a
sentence (``ui/strings_flow.py``: ``link_problem_<code>``). The page then says what was loaded and what was not —
never "loaded" for a dropped value.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import unicodedata
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from features.firms.decoding import json_depth as _json_depth

MAX_PARAM = 8000  # characters of the encoded firm accepted (a firm is ~300 bytes compressed)
MAX_FIRM_BYTES = 16_384  # decompressed JSON of one firm (a full firm is ~1 KB)
MAX_PROFILE_BYTES = 65_536  # a saved profile file (pretty-printed JSON of one firm, ~2 KB)
MAX_DEPTH = 4  # nesting of objects/arrays (a firm: {"capabilities": {…}, "preferred_regions": […]} is 2)
FIELD_CAPS = {"firm_id": 60, "name": 120}  # as the form's text inputs (ui/firm_form.py max_chars)
CERTS_CAP = 200  # the form's certifications input, "; "-joined
LIST_CAP = 34  # preferred/excluded regions: there are 34 provincial units
ITEM_CAP = 60  # one certification or region code
PRESETS = ("conservative", "balanced", "growth")
CUSTOM = "custom"
METHODS = ("wsm", "topsis")
LANGS = ("ko", "en")
N_WEIGHTS = 4
GRID = 0.05  # the weight sliders' step


class LinkError(ValueError):
    """A value that cannot be used; ``code`` names the kind (for the page's sentence), ``str()`` says why."""

    def __init__(self, message: str, code: str = "firm", damaged: bool = False):
        super().__init__(message)
        self.code = code
        #: the value could not even be decoded (cut short, altered): the page says so in one plain sentence
        self.damaged = damaged


def shown(value: object, limit: int = 40) -> str:
    """A value as it may be shown back to the user: control and format characters (ESC, NUL, U+202E …) and lone
    surrogates as ``\\x1b`` / ``\\u202e`` escapes, cut at ``limit`` characters."""
    text = str(value)
    out = []
    for ch in text[:limit]:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out) + ("…" if len(text) > limit else "")


def json_depth(text: str, stop: int = MAX_DEPTH) -> int:
    """The deepest nesting of ``[``/``{`` outside strings, counting stopped past ``stop``
    (:func:`features.firms.decoding.json_depth`)."""
    return _json_depth(text, stop)


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise LinkError(f"the key {shown(k)!r} appears twice — keep one", "firm")
        out[k] = v
    return out


def loads_bounded(raw: bytes, limit: int = MAX_FIRM_BYTES) -> dict:
    """One JSON object from ``raw`` (UTF-8), within ``limit`` bytes and :data:`MAX_DEPTH`, without duplicate keys."""
    if len(raw) > limit:
        raise LinkError(f"the firm is {len(raw):,} bytes; at most {limit:,} are read", "firm")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LinkError(f"byte {exc.start} is not UTF-8", "firm", damaged=True) from None
    if json_depth(text) > MAX_DEPTH:
        raise LinkError(f"nested more than {MAX_DEPTH} levels deep (a firm is 2)", "firm")
    try:
        obj = json.loads(text, object_pairs_hook=_no_duplicates)
    except LinkError:
        raise
    except (ValueError, RecursionError) as exc:
        raise LinkError(f"not JSON ({shown(exc, 80)})", "firm", damaged=True) from None
    if not isinstance(obj, dict):
        raise LinkError("not a firm object", "firm", damaged=True)
    check_caps(obj)
    return obj


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def check_caps(record: dict) -> None:
    """Refuse a firm object whose fields are longer than the form allows (the field named), or hold lone
    surrogates or control characters in the firm's id or name."""
    for key, cap in FIELD_CAPS.items():
        value = record.get(key)
        if isinstance(value, str):
            if len(value) > cap:
                raise LinkError(f"{key} is {len(value):,} characters; the form allows {cap}", "firm")
            if _has_surrogate(value) or any(unicodedata.category(c) == "Cc" for c in value):
                raise LinkError(f"{key} {shown(value)!r} holds control characters or broken text", "firm")
    certs = record.get("certifications")
    if isinstance(certs, list):
        if len("; ".join(str(c) for c in certs)) > CERTS_CAP or any(len(str(c)) > ITEM_CAP for c in certs):
            raise LinkError(f"certifications are longer than the form's {CERTS_CAP} characters", "firm")
    elif isinstance(certs, str) and len(certs) > CERTS_CAP:
        raise LinkError(f"certifications are longer than the form's {CERTS_CAP} characters", "firm")
    for key in ("preferred_regions", "excluded_regions"):
        value = record.get(key)
        if isinstance(value, list) and (len(value) > LIST_CAP or any(len(str(v)) > ITEM_CAP for v in value)):
            raise LinkError(f"{key} lists more than the {LIST_CAP} regions there are", "firm")
        if isinstance(value, str) and len(value) > LIST_CAP * 8:
            raise LinkError(f"{key} is longer than {LIST_CAP} region codes", "firm")
    caps = record.get("capabilities")
    if isinstance(caps, dict) and len(caps) > 64:
        raise LinkError("capabilities has more entries than there are capabilities", "firm")
    for key, value in record.items():
        if isinstance(value, str) and len(value) > max(CERTS_CAP, LIST_CAP * 8):
            raise LinkError(f"{shown(key)} is {len(value):,} characters long", "firm")


def decode_firm(text: str) -> dict:
    """The firm object of a link's ``firm`` parameter (compact JSON, zlib, base64url without padding), read within
    every bound of the module docstring; :class:`LinkError` otherwise."""
    text = str(text)
    if len(text) > MAX_PARAM:
        raise LinkError(f"the firm parameter is {len(text):,} characters; at most {MAX_PARAM:,} are read", "firm")
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise LinkError("the firm part of the link is damaged or cut short — copy the whole link again", "firm", damaged=True) from None
    d = zlib.decompressobj()
    try:
        raw = d.decompress(packed, MAX_FIRM_BYTES + 1)
    except zlib.error:
        raise LinkError("the firm part of the link is damaged or cut short — copy the whole link again", "firm", damaged=True) from None
    if len(raw) > MAX_FIRM_BYTES or d.unconsumed_tail:
        raise LinkError(f"the firm expands past {MAX_FIRM_BYTES:,} bytes", "firm", damaged=True)
    return loads_bounded(raw)


def read_profile(data: bytes) -> dict:
    """A saved profile file (pretty JSON of one firm), bounded like a link: :data:`MAX_PROFILE_BYTES`."""
    if len(data) > MAX_PROFILE_BYTES:
        raise LinkError(f"the file is {len(data):,} bytes; a firm profile is at most {MAX_PROFILE_BYTES:,}", "firm")
    return loads_bounded(data, MAX_PROFILE_BYTES)


@dataclass(frozen=True)
class Problem:
    code: str  # firm | preset | w | w_missing | method | lang | link
    param: str
    value: str  # as shown (escaped, cut)
    reason: str = ""


@dataclass
class ParsedLink:
    """What a link asks for, each part either usable or named in ``problems``."""

    lang: str | None = None
    method: str | None = None
    preset: str | None = None  # a preset name or CUSTOM
    weights: list[float] | None = None  # custom slider values on the 0.05 grid (with preset == CUSTOM)
    firm: dict | None = None  # bounded and capped; the caller still validates it as a firm (read_firms)
    problems: list[Problem] = field(default_factory=list)

    @property
    def loaded(self) -> list[str]:
        """The parts that will be applied: ``firm``, ``weights``, ``method``, ``lang`` (in that order)."""
        parts = [("firm", self.firm is not None), ("weights", self.preset is not None),
                 ("method", self.method is not None), ("lang", self.lang is not None)]  # fmt: skip
        return [name for name, ok in parts if ok]


def _one(qp: Mapping, key: str) -> str | None:
    value = qp.get(key)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value)


def slider_weights(text: str) -> list[float]:
    """``w=fit,policy,demand,risk`` (numbers 0–1, not all zero) on the sliders' 0.05 grid. Values too small for the
    grid keep their ratios: when every one would round to 0 they are scaled by the largest first
    (``0.01,0,0,0`` → ``1,0,0,0``), so a link never falls back to another preset unasked."""
    parts = text.split(",")
    if len(parts) != N_WEIGHTS:
        raise LinkError(f"w needs {N_WEIGHTS} numbers (fit, policy, demand, risk), got {len(parts)}", "w")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise LinkError("w holds something that is not a number", "w") from None
    if not all(math.isfinite(v) and 0 <= v <= 1 for v in values):
        raise LinkError("each weight in w must be a number from 0 to 1", "w")
    top = max(values)
    if top <= 0:
        raise LinkError("the weights in w are all zero", "w")
    grid = [round(round(v / GRID) * GRID, 2) for v in values]
    if sum(grid) <= 0:
        grid = [round(round(v / top / GRID) * GRID, 2) for v in values]
    return grid


def parse_query(qp: Mapping) -> ParsedLink:
    """Every link parameter read and checked (no exception escapes for any input: anything unexpected becomes a
    :class:`Problem` coded ``link``)."""
    out = ParsedLink()
    try:
        _parse(qp, out)
    except Exception as exc:  # noqa: BLE001 - a link must never take the page down
        out.problems.append(Problem("link", "", "", shown(exc, 120)))
    return out


def _parse(qp: Mapping, out: ParsedLink) -> None:
    lang, method, preset, w, firm = (_one(qp, k) for k in ("lang", "method", "preset", "w", "firm"))
    if lang is not None:
        if lang in LANGS:
            out.lang = lang
        else:
            out.problems.append(Problem("lang", "lang", shown(lang), "use ko or en"))
    if method is not None:
        if method in METHODS:
            out.method = method
        else:
            out.problems.append(Problem("method", "method", shown(method), "use wsm or topsis"))
    if preset is not None and preset not in (*PRESETS, CUSTOM):
        out.problems.append(Problem("preset", "preset", shown(preset), "use conservative, balanced, growth or custom"))
    elif preset in PRESETS:
        out.preset = preset
        if w is not None:
            out.problems.append(Problem("w", "w", shown(w), f"ignored: the link names the preset {preset}"))
    elif preset == CUSTOM or w is not None:
        if w is None or not w.strip():
            out.problems.append(Problem("w_missing", "w", "", "preset=custom needs w=fit,policy,demand,risk"))
        else:
            try:
                out.weights = slider_weights(w)
                out.preset = CUSTOM
            except LinkError as exc:
                out.problems.append(Problem("w", "w", shown(w), str(exc)))
    if firm is not None:
        try:
            out.firm = decode_firm(firm)
        except LinkError as exc:
            code = "firm_damaged" if exc.damaged else "firm"
            out.problems.append(Problem(code, "firm", shown(firm, 24), str(exc)))
