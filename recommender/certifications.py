"""Certification names as a firm writes them, reduced to one canonical key so a strategy condition matches what it means.

A firm writes ``ISO 13485``, ``ISO13485:2016``, ``CE-MDR``, ``FDA 510(k)``, ``KFDA 허가`` or ``NMPA 등록``; a strategy
condition lists canonical keys (``ISO13485``, ``CE``, ``FDA``, ``MFDS``, ``NMPA`` … in data/strategies.yaml).
:func:`canonical` maps both sides to the same key:

1. upper case, keep only letters, digits and Hangul (``ISO 13485:2016`` → ``ISO134852016``);
2. drop a trailing Korean word for the act (인증, 등록, 승인, 허가, 취득, 획득);
3. a known prefix followed only by digits (a year or version) is that key (``ISO134852016`` → ``ISO13485``);
4. aliases: ``KFDA`` → ``MFDS`` (the ministry's former name), ``CFDA`` → ``NMPA`` (likewise), ``CEMDR``/``MDR``/
   ``CEIVDR``/``IVDR``/``CEIVD``/``CE마크`` → ``CE``, ``FDA510K``/``510K`` → ``FDA510K``.

Drug manufacturing certificates (``GMP``, ``KGMP``, ``EU-GMP``, ``cGMP``, ``PIC/S``) keep their own keys, so they never
count as the medical-device certification that KIEP 6512–6516 means (issue 18, panel 6: a biologics CDMO's
KGMP/EU-GMP was counted as one). Matching is exact on canonical keys — ``FDA cGMP`` is ``FDACGMP``, not ``FDA``.
"""

from __future__ import annotations

import re
from functools import lru_cache

_ACT = re.compile(r"(인증|등록|승인|허가|취득|획득)+$")
#: keys a year or version may follow (ISO 13485:2016, ISO 9001 2015)
_VERSIONED = ("ISO13485", "ISO9001", "ISO14001", "ISO27001", "IATF16949")
_ALIASES = {
    "KFDA": "MFDS", "MFDS": "MFDS", "식약처": "MFDS", "식품의약품안전처": "MFDS",
    "CFDA": "NMPA", "NMPA": "NMPA", "SFDA": "NMPA",
    "CE": "CE", "CEMARK": "CE", "CE마크": "CE", "CEMDR": "CE", "MDR": "CE", "CEIVD": "CE", "CEIVDR": "CE",
    "IVDR": "CE", "CEMDD": "CE", "MDD": "CE",
    "FDA510K": "FDA510K", "510K": "FDA510K", "FDA": "FDA",
}  # fmt: skip
#: medical-device certifications and approvals (what KIEP 6512–6516's "인증 및 허가" means for a device maker)
DEVICE_KEYS = frozenset({"ISO13485", "CE", "MFDS", "NMPA", "FDA", "FDA510K"})
#: drug manufacturing quality certificates: never a device certification
DRUG_GMP_KEYS = frozenset({"GMP", "KGMP", "EUGMP", "CGMP", "PICS", "WHOGMP", "FDACGMP"})


@lru_cache(maxsize=4096)
def canonical(name: str) -> str:
    """The canonical key of one certification name (see the module docstring); '' for an empty name."""
    s = re.sub(r"[^0-9A-Z가-힣]", "", str(name).upper())
    s = _ACT.sub("", s)
    for key in _VERSIONED:
        if s.startswith(key) and s[len(key):].isdigit():
            return key
    return _ALIASES.get(s, s)


def holds_any(have, wanted) -> bool:
    """True when one of the firm's certifications ``have`` is, canonically, one of ``wanted``."""
    want = {canonical(w) for w in wanted} - {""}
    return any(canonical(h) in want for h in have)
