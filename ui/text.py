"""Showing text safely: anything from a user or a file is escaped before it goes into Markdown (never HTML)."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def md_escape(text: object) -> str:
    """Backslash-escape every Markdown (and Streamlit directive) character so text shows literally.

    Streamlit never renders HTML from ``st.markdown`` without ``unsafe_allow_html``; escaping also keeps
    ``**``, links, ``:red[...]`` and ``$math$`` in a firm name or a quote from being interpreted.
    """
    s = str(text).replace("\r", " ").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", s)


def safe_filename(text: object, fallback: str = "firm") -> str:
    """A file-name fragment from user text: letters, digits, ``-`` and ``_`` only."""
    s = re.sub(r"[^A-Za-z0-9_-]+", "_", str(text)).strip("_")[:40]
    return s or fallback


def pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def num(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def shorten(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


# ---------------------------------------------------------------- Korean particles and numbers for readers

_PARTICLES = {"은": ("은", "는"), "는": ("은", "는"), "이": ("이", "가"), "가": ("이", "가"), "을": ("을", "를"),
              "를": ("을", "를"), "과": ("과", "와"), "와": ("과", "와")}  # fmt: skip


def has_batchim(word: str) -> bool | None:
    """Whether the last Hangul syllable of ``word`` ends in a consonant (받침): ``(code − 0xAC00) % 28 ≠ 0``.

    Hangul syllables U+AC00–U+D7A3 are ordered (initial × 21 + medial) × 28 + final, final 0 = none (Unicode §3.12).
    A trailing digit or Latin letter is read the Korean way (1 일, 2 이, 3 삼 …; L, M, N, R end in a consonant);
    ``None`` when it cannot be told.
    """
    s = re.sub(r"[\s)\]}'\"’”.,·]+$", "", str(word))
    if not s:
        return None
    ch = s[-1]
    if "\uac00" <= ch <= "\ud7a3":
        return (ord(ch) - 0xAC00) % 28 != 0
    if ch.isdigit():
        return ch in "013678"  # 영/공, 일, 삼, 육, 칠, 팔 end in a consonant
    if ch.isascii() and ch.isalpha():
        return ch.lower() in "lmnr"
    return None


def josa(word: str, particle: str) -> str:
    """``word`` with the particle that fits its last syllable: 은/는, 이/가, 을/를, 과/와 (``josa("항저우", "은")`` →
    ``항저우는``; ``josa("안후이성", "은")`` → ``안후이성은``). Unknown endings keep the both-forms spelling ``은(는)``."""
    pair = _PARTICLES.get(particle)
    if pair is None:
        return f"{word}{particle}"
    final = has_batchim(word)
    if final is None:
        return f"{word}{pair[0]}({pair[1]})"
    return f"{word}{pair[0] if final else pair[1]}"


def thousands(x: float, digits: int = 1) -> str:
    """``1683`` → ``1,683``; ``2.50`` → ``2.5``: thousands separators, at most ``digits`` decimals, no trailing zeros."""
    v = round(float(x), digits)
    if v == int(v):
        return f"{int(v):,}"
    return f"{v:,.{digits}f}".rstrip("0").rstrip(".")


def _en_amount(value: float, currency: str) -> str:
    """``2.0e9, KRW`` → ``KRW 2.0bn``; ``5e8`` → ``KRW 500m``; tn / bn / m / k by size."""
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            q = value / size
            return f"{currency} {q:,.1f}{suffix}" if q < 100 else f"{currency} {q:,.0f}{suffix}"
    return f"{currency} {thousands(value)}"


def krw_100m(x: float | None, lang: str = "ko") -> str:
    """An amount held in 억원 (KRW 100m): ``120`` → ``120억원`` / ``KRW 12.0bn``; ``20`` → ``20억원`` / ``KRW 2.0bn``."""
    if x is None:
        return "–"
    return f"{thousands(x)}억원" if lang == "ko" else _en_amount(float(x) * 1e8, "KRW")


def years(x: float | None, lang: str = "ko") -> str:
    """``2.0`` → ``2년`` / ``2 years``; ``1.5`` → ``1.5년`` / ``1.5 years``; ``1`` → ``1 year``."""
    if x is None:
        return "–"
    v = thousands(x)
    return f"{v}년" if lang == "ko" else f"{v} year{'' if float(x) == 1 else 's'}"


#: fact units (data/facts/*.csv ``unit``) → (multiplier, Korean spacing, English currency or noun)
UNITS = {
    "억위안": (1e8, "억 위안", "CNY"), "조위안": (1e12, "조 위안", "CNY"), "만위안": (1e4, "만 위안", "CNY"),
    "억달러": (1e8, "억 달러", "USD"), "만달러": (1e4, "만 달러", "USD"), "조원": (1e12, "조 원", "KRW"),
    "만명": (1e4, "만 명", "people"), "억명": (1e8, "억 명", "people"), "억개": (1e8, "억 개", "units"),
    "만장": (1e4, "만 장", "sheets"), "개": (1, "개", "units"), "대": (1, "대", "units"), "종": (1, "종", "kinds"),
    "일": (1, "일", "days"), "년": (1, "년", "years"), "무(亩)": (1, "무(亩)", "mu (亩)"),
}  # fmt: skip
_CURRENCIES = {"CNY", "USD", "KRW"}


def fact_value(value: float | None, unit: str, lang: str = "ko") -> str:
    """A fact's value with its unit for a reader: ``1683 억달러`` → ``1,683억 달러`` / ``USD 168.3bn``; ``40 %`` →
    ``40%``; ``120 억위안`` → ``120억 위안`` / ``CNY 12.0bn``. Units not in :data:`UNITS` follow the number."""
    if value is None:
        return ""
    unit = (unit or "").strip()
    if unit == "%":
        return f"{thousands(value)}%"
    if unit in UNITS:
        mult, ko, en = UNITS[unit]
        if lang == "ko":
            return f"{thousands(value)}{ko}"
        if en in _CURRENCIES:
            return _en_amount(float(value) * mult, en)
        total = float(value) * mult
        return f"{_en_amount(total, '').strip()} {en}" if total >= 1e3 else f"{thousands(total)} {en}"
    if unit == "USD bn":
        return _en_amount(float(value) * 1e9, "USD") if lang == "en" else f"{thousands(float(value) * 10)}억 달러"
    if unit == "rank":
        return f"{thousands(value)}위" if lang == "ko" else f"rank {thousands(value)}"
    return f"{thousands(value)} {unit}".strip()
