"""What the firm-file reader says about a file (``FirmBatch.notes`` and ``warnings``: encoding, delimiter, sheet,
ignored columns …), in the user's language.

The reader (``features.firms``) writes its notes in English, some with a Korean sentence in parentheses at the end;
this module words the known ones in Korean for the Korean UI and drops the bracketed Korean in the English UI. A
note it does not know is shown as the reader wrote it (never lost)."""

from __future__ import annotations

import re

from ui.text import josa

_DELIM_KO = {"comma ','": "쉼표 ','", "semicolon ';'": "세미콜론 ';'", "tab": "탭", "pipe '|'": "세로선 '|'"}
_FROM_KO = {"the header": "머리행을 보고 판단", "the first line": "첫 줄을 보고 판단", "the file's sep= line": "파일의 sep= 줄"}
_PART = re.compile(r"^([^:]{1,80}): (?=[a-z0-9])")  # "part.csv: encoding UTF-8" (a multi-part upload)


def _q(name: str) -> str:
    """``'매출'`` → ``‘매출’``: a column or sheet name as the reader quoted it (Python repr), in Korean quotes."""
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "'\"":
        name = name[1:-1]
    return f"‘{name}’"


def _field_ko(key: str) -> str:
    """``‘IoT 기기’(iot_devices)``: a field or capability a note suggests, by its Korean name, with the column name the
    file can use."""
    from recommender.present import field_label

    key = key.strip().strip("'\"")
    label = field_label(key, "ko")
    return f"‘{label}’({key})" if label != key else f"‘{key}’"


def _ko(msg: str) -> str | None:
    """The Korean wording of one known reader note; ``None`` when the note is not one of them."""
    rules = (
        (r"encoding (.+)", lambda m: f"인코딩: {m[1]}"),
        (r"delimiter (.+?) \(from (.+)\)",
         lambda m: f"구분자: {_DELIM_KO.get(m[1], m[1])} ({_FROM_KO.get(m[2], m[2])})"),
        (r"column ('.*'|\".*\") is not a known field and was ignored(?: — did you mean (.+)\?)?",
         lambda m: f"{josa(_q(m[1]), '은')} 알 수 없는 열이라 읽지 않았습니다"
                   + (f" — {_field_ko(m[2])}을(를) 뜻했나요?" if m[2] else "")),
        (r"column ('.*'|\".*\") repeats (\S+) \(already read from ('.*'|\".*\")\) and was ignored",
         lambda m: f"{josa(_q(m[1]), '은')} 이미 읽은 열 {_q(m[3])}과(와) 같은 항목이라 읽지 않았습니다"),
        (r"column ('.*'|\".*\") appears more than once; the repeat is called ('.*'|\".*\")",
         lambda m: f"열 {josa(_q(m[1]), '이')} 두 번 이상 나와 반복된 열을 {_q(m[2])}(으)로 부릅니다"),
        (r"(\d+) NUL bytes at the end of the file were ignored", lambda m: f"파일 끝의 NUL 바이트 {m[1]}개를 무시했습니다"),
        (r"sheet ('.*'|\".*\") was read \((\d+) of (\d+)\)",
         lambda m: f"시트 {josa(_q(m[1]), '을')} 읽었습니다 ({m[3]}개 중 {m[2]}번째)"),
        (r"merged cells (.+) were filled with their top-left value on every row they span",
         lambda m: f"병합된 셀 {m[1]}에는 걸친 모든 행에 왼쪽 위 칸의 값을 채웠습니다"),
        (r"the file is named (.+) but is an Excel workbook \(XLSX\); read as XLSX",
         lambda m: f"파일 이름은 {m[1]}이지만 엑셀 통합문서(XLSX)라서 XLSX로 읽었습니다"),
        (r"the file is named (.+) but is a Parquet file; read as Parquet",
         lambda m: f"파일 이름은 {m[1]}이지만 Parquet 파일이라서 Parquet으로 읽었습니다"),
    )  # fmt: skip
    for pattern, word in rules:
        m = re.fullmatch(pattern, msg)
        if m:
            return word(m)
    return None


def _trailing_korean(body: str) -> tuple[int, str] | None:
    """Where the trailing ``(…한국어…)`` of ``body`` starts and its text, brackets inside it allowed
    (``(업종코드 '1121'를 01121로 읽었습니다 (엑셀에서 앞자리 0이 빠졌나요?) — 확인하세요)``); ``None`` without one."""
    text = body.rstrip()
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            inner = text[i + 1 : -1]
            return (i, inner) if _HANGUL.search(inner) else None
    return None


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: ``(rows 3, 5 … (25 rows))`` in an English note: which rows it is about
_ROWS = re.compile(r"\(rows? ((?:[^()]|\(\d+ rows?\))*)\)")


def _rows_ko(english: str) -> str:
    """`` (3, 5행)`` / `` (3, 5, 7 … 모두 25행)`` from the English note's ``(rows …)``, so a Korean note keeps the row
    numbers the user needs to find the cells; ``""`` when it names no rows."""
    m = _ROWS.search(english)
    if not m:
        return ""
    rows = m.group(1).strip()
    total = re.search(r"\((\d+) rows?\)$", rows)
    if total:
        return f" ({rows[: total.start()].strip()} 모두 {total.group(1)}행)"
    return f" ({rows}행)"


#: ``'제조업'는`` → ``'제조업'은``: the particle after a quoted value, fitted to how the value ends
_QUOTED_JOSA = re.compile(r"('[^']{1,60}')(은|는|을|를|이|가)(?![가-힣])")
_JOSA_BASE = {"은": "은", "는": "은", "을": "을", "를": "을", "이": "이", "가": "이"}


def note_text(msg: str, lang: str) -> str:
    """One reader note in ``lang``: known notes worded in Korean for ``ko``; a trailing Korean sentence in
    parentheses (brackets inside it allowed) used alone for ``ko`` — with the row numbers the English names — and
    dropped for ``en``; anything else as written."""
    msg = str(msg)
    part = _PART.match(msg)
    prefix, body = (part.group(0), msg[part.end():]) if part else ("", msg)
    trailing = _trailing_korean(body)
    if lang != "ko":  # the field by its name, not its key: "industry code", as the template's header reads
        english = body[: trailing[0]].rstrip() if trailing else body
        english = re.sub(r"\(rows (\d+)\)", r"(row \1)", english)  # one row: "(row 19)"
        return prefix + re.sub(r"\bindustry_code\b", "industry code", english)
    known = _ko(body)
    if known is not None:
        return prefix + known
    if trailing:
        korean = _QUOTED_JOSA.sub(lambda m: josa(m[1], _JOSA_BASE[m[2]]), trailing[1])
        rows = _rows_ko(body[: trailing[0]])
        return prefix + korean + (rows if rows and "행" not in korean else "")
    return msg
