"""Aggregation weights: presets (안정형, 균형형, 성장형) and user weights, validated and normalised at the edge."""

from __future__ import annotations

import math
from dataclasses import dataclass

COMPONENTS = ("fit", "policy", "demand", "risk")

PRESETS: dict[str, dict[str, float]] = {
    # 안정형 conservative: capability match and low risk first
    "conservative": {"fit": 0.40, "policy": 0.20, "demand": 0.15, "risk": 0.25},
    # 균형형 balanced
    "balanced": {"fit": 0.40, "policy": 0.25, "demand": 0.25, "risk": 0.10},
    # 성장형 growth: market size and momentum first, risk weighs little
    "growth": {"fit": 0.35, "policy": 0.20, "demand": 0.40, "risk": 0.05},
}
PRESET_NAMES_KO = {"conservative": "안정형", "balanced": "균형형", "growth": "성장형"}
PRESET_ALIASES = {**{v: k for k, v in PRESET_NAMES_KO.items()}, **{k: k for k in PRESETS}}
DEFAULT_PRESET = "balanced"


class WeightsError(ValueError):
    """Weights the user gave cannot be used; the message says what to change."""


@dataclass(frozen=True)
class Weights:
    fit: float
    policy: float
    demand: float
    risk: float
    preset: str | None = None

    def as_dict(self) -> dict[str, float]:
        return {c: round(getattr(self, c), 6) for c in COMPONENTS}

    def vector(self):
        import numpy as np

        return np.array([self.fit, self.policy, self.demand, self.risk], dtype=np.float64)


def make_weights(values: dict[str, float], preset: str | None = None) -> Weights:
    """Validate (finite, non-negative, not all zero, only known components) and normalise to sum 1."""
    unknown = [k for k in values if k not in COMPONENTS]
    if unknown:
        raise WeightsError(f"unknown weight {', '.join(unknown)}: use fit, policy, demand, risk")
    vals = {c: float(values.get(c, 0.0)) for c in COMPONENTS}
    for c, v in vals.items():
        if not math.isfinite(v) or v < 0:
            raise WeightsError(f"weight {c}={v} must be a non-negative number")
    top = max(vals.values())
    if top <= 0:
        raise WeightsError("weights are all zero: give at least one component a positive weight")
    # scaled by the largest first, so huge values (fit=1e308,policy=1e308) cannot overflow the sum to inf and
    # every weight to 0: w_c = (v_c / max v) / Σ_k (v_k / max v), the same ratios
    scaled = {c: v / top for c, v in vals.items()}
    total = sum(scaled.values())
    return Weights(**{c: v / total for c, v in scaled.items()}, preset=preset)


def preset_weights(name: str = DEFAULT_PRESET) -> Weights:
    key = PRESET_ALIASES.get(name.strip().lower() if name.isascii() else name.strip())
    if key is None:
        raise WeightsError(f"unknown preset {name!r}: use conservative(안정형), balanced(균형형) or growth(성장형)")
    return make_weights(PRESETS[key], preset=key)


def parse_weights(text: str) -> Weights:
    """``"fit=0.4,policy=0.3,demand=0.2,risk=0.1"`` → normalised :class:`Weights`."""
    values: dict[str, float] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, sep, val = part.partition("=")
        if not sep:
            raise WeightsError(f"weight {part!r} must look like name=number, e.g. fit=0.4")
        try:
            values[key.strip()] = float(val)
        except ValueError:
            raise WeightsError(f"weight {key.strip()}={val!r} is not a number") from None
    return make_weights(values)
