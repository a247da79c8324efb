"""Real report files written by the tests: one short Korean report as PDF (fpdf2 + a Nanum font), DOCX (python-docx),
HWPX (zipfile with the OWPML parts), HTML, TXT (UTF-8 and CP949) — and hostile ones (scanned, encrypted, truncated,
zip bombs, wrong extension, empty). The HWP 5.x file is the fixture in ``tests/fixtures/hwp``."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/nanum")
FONT = FONT_DIR / "NanumGothic.ttf"
HWP_SAMPLE = Path(__file__).parent / "fixtures" / "hwp" / "sample.hwp"

TITLE = "후난성 스마트 농업 시장 동향 (시험용 문서)"
PARAGRAPHS = [
    "후난성 창사시는 2019년 스마트 농업 시범구 3곳을 지정하고 농업용 드론 보급을 늘리기로 하였다.",
    "창사시 정부는 농업 사물인터넷 기업에 20억 위안 규모의 기금을 마련하였다.",
    "다만 외국 기업은 종자 분야에 투자할 수 없어 진입에 제약이 있다.",
]
NOTE = "창사시 농업농촌국 발표 자료(2019)."
LONG = ("창사시의 스마트 농업 플랫폼은 농가의 토양 센서와 기상 자료를 모아 관개와 시비 시기를 알려 주며, 시 정부는 "
        "이 플랫폼을 2020년까지 현 단위 전체로 넓히고 참여 농가에 장비 구입비의 절반을 보조하는 계획을 세워 두고 "
        "있어 센서와 드론, 저온 유통 설비를 공급하는 기업에게는 꾸준한 수요가 생길 것으로 보인다.")  # fmt: skip


def pdf_bytes(paragraphs: list[str] | None = None, head: str = "후난성 스마트 농업 시장 동향",
              image_only: bool = False, top: float = 55) -> bytes:  # fmt: skip
    """An A6 PDF with a running head and ``- N -`` page numbers, the paragraphs flowing from page to page (the long
    paragraph runs across a page break: ``top`` mm of space before it moves the break)."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self):
            if image_only:
                return
            self.set_font("nanum", size=7)
            self.cell(0, 4, head)
            self.ln(7)
            self.set_font("nanum", size=9)

        def footer(self):
            if image_only:
                return
            self.set_y(-10)
            self.set_font("nanum", size=7)
            self.cell(0, 4, f"- {self.page_no()} -", align="C")
            self.set_font("nanum", size=9)

    pdf = Report(format=(105, 148))  # A6 in mm
    pdf.add_font("nanum", "", str(FONT))
    pdf.set_font("nanum", size=9)
    pdf.set_auto_page_break(True, margin=14)
    pdf.set_creation_date(datetime.datetime(2019, 5, 1, tzinfo=datetime.UTC))
    pdf.add_page()
    if image_only:
        from PIL import Image

        buf = io.BytesIO()
        Image.new("RGB", (200, 100), (255, 255, 255)).save(buf, format="PNG")
        pdf.image(buf, x=10, y=20, w=60)
        return bytes(pdf.output())
    for para in paragraphs if paragraphs is not None else [TITLE, *PARAGRAPHS]:
        pdf.multi_cell(0, 5, para)
        pdf.ln(2)
    if paragraphs is None:
        pdf.ln(top)
        pdf.multi_cell(0, 5, LONG)
    return bytes(pdf.output())


def encrypted_pdf_bytes(password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    for para in PARAGRAPHS:
        d.add_paragraph(para)
    table = d.add_table(rows=2, cols=2)
    for (r, c), v in zip([(0, 0), (0, 1), (1, 0), (1, 1)], ["지역", "시범구", "창사시", "3곳"]):
        table.cell(r, c).text = v
    d.add_paragraph(LONG)
    d.core_properties.title = TITLE
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
HS = "http://www.hancom.co.kr/hwpml/2011/section"


def _hwpx_p(text: str, page_break: bool = False, inner: str = "") -> str:
    from xml.sax.saxutils import escape

    return (f'<hp:p id="0" paraPrIDRef="0" styleIDRef="0" pageBreak="{1 if page_break else 0}" columnBreak="0" '
            f'merged="0"><hp:run charPrIDRef="0"><hp:t>{escape(text)}</hp:t>{inner}</hp:run></hp:p>')  # fmt: skip


def hwpx_bytes(paragraphs: list[str] | None = None, bomb: int = 0) -> bytes:
    """An HWPX package (mimetype first and stored, as OWPML requires); ``bomb`` > 0 adds a section part of that many
    bytes of zeros (it compresses about 1000-fold)."""
    paragraphs = paragraphs if paragraphs is not None else [TITLE, *PARAGRAPHS[:2]]
    body = "".join(_hwpx_p(p) for p in paragraphs)
    note = (f'<hp:ctrl><hp:footNote number="1"><hp:subList>{_hwpx_p(NOTE)}</hp:subList></hp:footNote></hp:ctrl>')
    body = body[: body.rfind("</hp:run>")] + note + body[body.rfind("</hp:run>"):]
    table = ('<hp:p id="0" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0"><hp:run '
             'charPrIDRef="0"><hp:tbl rowCnt="2" colCnt="2">'
             + "".join("<hp:tr>" + "".join(f"<hp:tc><hp:subList>{_hwpx_p(c)}</hp:subList></hp:tc>" for c in row)
                       + "</hp:tr>" for row in (["지역", "시범구"], ["창사시", "3곳"]))
             + "</hp:tbl></hp:run></hp:p>")  # fmt: skip
    body += table + _hwpx_p(PARAGRAPHS[2], page_break=True) + _hwpx_p(LONG)
    section = f'<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}">{body}</hs:sec>'
    hpf = ('<?xml version="1.0" encoding="UTF-8"?><opf:package xmlns:opf="http://www.idpf.org/2007/opf/">'
           '<opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
           '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/></opf:manifest>'
           '<opf:spine><opf:itemref idref="header" linear="no"/><opf:itemref idref="section0"/></opf:spine>'
           '</opf:package>')  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("version.xml", '<?xml version="1.0" encoding="UTF-8"?><hv:HCFVersion '
                   'xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" major="5" minor="1"/>')  # fmt: skip
        z.writestr("Contents/content.hpf", hpf, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("Contents/header.xml", '<?xml version="1.0" encoding="UTF-8"?><hh:head '
                   'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"/>', compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("Contents/section0.xml", section, compress_type=zipfile.ZIP_DEFLATED)
        if bomb:
            z.writestr("Contents/section1.xml", b"\0" * bomb, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def docx_bomb_bytes(size: int = 300 * 1024 * 1024) -> bytes:
    """A DOCX whose document.xml declares ``size`` bytes of zeros (deflated ≈ 1000-fold)."""
    buf = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return buf.getvalue()


def html_bytes(encoding: str = "utf-8") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>{TITLE}</title>'
            f"<script>var x = '무시';</script></head><body><nav>메뉴</nav><h1>{TITLE}</h1>{body}"
            f"<table><tr><td>지역</td><td>시범구</td></tr><tr><td>창사시</td><td>3곳</td></tr></table>"
            f"<p>{LONG}</p></body></html>")  # fmt: skip
    return html.encode(encoding)


def text_bytes(encoding: str = "utf-8") -> bytes:
    return "\n".join([TITLE, "", *PARAGRAPHS, "", LONG, ""]).encode(encoding)


def write(folder: Path, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path
