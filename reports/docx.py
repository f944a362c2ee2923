"""The editable report: the same ``ReportContext`` as the PDF, laid out with python-docx.

Same structure as the PDF (cover, contents, chapters, annexes), real Word headings (so the
contents field and the navigation pane work), tables with band-coloured cells, and the charts
as PNG images. Text is written as typed; only characters XML cannot hold (control characters)
are dropped. Fonts are not embedded: Latin text asks for Calibri and Chinese for Microsoft
YaHei, which Word and LibreOffice substitute when missing.
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from reports import static_charts, style
from reports.document import (
    Block,
    Bullets,
    Chart,
    Entries,
    KeyFigures,
    Paragraph,
    ReportContext,
    Subheading,
    Table,
)

LATIN_FONT, EAST_ASIAN_FONT = "Calibri", "Microsoft YaHei"
CONTENT_CM = 17.0
TABLE_PT, BODY_PT = 8, 10
_XML_OK = {"\n", "\t"}


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 forbids (everything else as typed)."""
    return "".join(
        ch for ch in text if ch in _XML_OK or (ord(ch) >= 32 and ch not in "\ufffe\uffff")
    )


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor(*style.rgb(hex_color))


def _shade(cell: _Cell, hex_color: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_color.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)


def _field(paragraph: object, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that the viewer fills in."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)
    paragraph.add_run(placeholder)  # type: ignore[attr-defined]
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)  # type: ignore[attr-defined]


def _setup(doc: DocxDocument, context: ReportContext) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    for level in (1, 2, 3):
        doc.styles[f"Heading {level}"].font.color.rgb = _rgb(style.PRIMARY)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    header = section.header.paragraphs[0]
    header.text = xml_safe(context.title)
    if context.cover.fictional_mark:
        mark = header.add_run(f"    {xml_safe(context.cover.fictional_mark)}")
        mark.font.color.rgb = _rgb(style.WARNING)
    footer = section.footer.paragraphs[0]
    footer.add_run(xml_safe(context.footer) + "    ")
    before, _, rest = context.page_label.partition("{page}")
    middle, _, after = rest.partition("{total}")
    footer.add_run(xml_safe(before))
    _field(footer, "PAGE", "1")
    footer.add_run(xml_safe(middle))
    _field(footer, "NUMPAGES", "1")
    footer.add_run(xml_safe(after))
    props = doc.core_properties
    props.title = xml_safe(context.metadata.get("title", context.title))
    props.subject = xml_safe(context.metadata.get("subject", ""))
    props.keywords = xml_safe(context.metadata.get("keywords", ""))
    props.author = "gapassess"
    props.created = props.modified = context.created or datetime(2000, 1, 1)


def _cover(doc: DocxDocument, context: ReportContext) -> None:
    cover = context.cover
    doc.add_paragraph(xml_safe(cover.title), style="Title")
    doc.add_paragraph(xml_safe(cover.subtitle), style="Subtitle")
    country = doc.add_paragraph()
    run = country.add_run(xml_safe(cover.country))
    run.font.size, run.font.bold = Pt(22), True
    if cover.fictional_mark:
        mark = doc.add_paragraph()
        run = mark.add_run(xml_safe(cover.fictional_mark))
        run.font.size, run.font.bold = Pt(18), True
        run.font.color.rgb = _rgb(style.WARNING)
        note = doc.add_paragraph().add_run(xml_safe(cover.fictional_note))
        note.font.color.rgb = _rgb(style.WARNING)
    table = doc.add_table(rows=0, cols=2)
    for label, value in cover.lines:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = xml_safe(label), xml_safe(value)
        cells[0].paragraphs[0].runs[0].font.color.rgb = _rgb(style.MUTED)
    doc.add_page_break()
    doc.add_paragraph(xml_safe(context.toc_title), style="TOC Heading")
    _field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', xml_safe(context.toc_hint))
    doc.add_page_break()


def _table(doc: DocxDocument, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, block.headings, strict=True):
        cell.text = xml_safe(heading)
        _shade(cell, style.PRIMARY)
        run = cell.paragraphs[0].runs[0]
        run.font.bold, run.font.size = True, Pt(TABLE_PT)
        run.font.color.rgb = _rgb("#ffffff")
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = xml_safe(value.text)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(TABLE_PT)
                if value.color:
                    run.font.color.rgb = _rgb(style.text_on(value.color))
            if value.color:
                _shade(cell, value.color)
    doc.add_paragraph()


def _chart(doc: DocxDocument, context: ReportContext, block: Chart) -> None:
    width_mm = min(block.width_mm or CONTENT_CM * 10, CONTENT_CM * 10)
    doc.add_paragraph(xml_safe(block.title), style="Caption")
    image = static_charts.png(block.kind, context.charts, width_mm, block.height_mm)
    doc.add_picture(io.BytesIO(image), width=Cm(width_mm / 10))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _key_figures(doc: DocxDocument, block: KeyFigures) -> None:
    table = doc.add_table(rows=2, cols=len(block.figures))
    for i, figure in enumerate(block.figures):
        table.cell(0, i).text = xml_safe(figure.label)
        value = table.cell(1, i).paragraphs[0].add_run(xml_safe(figure.value))
        value.font.size, value.font.bold = Pt(16), True
        if figure.comment:
            table.cell(1, i).add_paragraph(xml_safe(figure.comment)).runs[0].font.size = Pt(7)
        _shade(table.cell(0, i), figure.color or style.ZEBRA)
    doc.add_paragraph()


def _entries(doc: DocxDocument, block: Entries) -> None:
    for entry in block.entries:
        doc.add_paragraph(xml_safe(entry.heading), style="Heading 3")
        if entry.subheading:
            run = doc.add_paragraph().add_run(xml_safe(entry.subheading))
            run.font.color.rgb, run.font.size = _rgb(style.MUTED), Pt(8)
        if entry.url:
            run = doc.add_paragraph().add_run(xml_safe(entry.url))
            run.font.color.rgb, run.font.underline = _rgb(style.LINK), True
        for label, text in entry.fields:
            paragraph = doc.add_paragraph()
            head = paragraph.add_run(xml_safe(label) + "\n")
            head.font.bold, head.font.color.rgb = True, _rgb(style.PRIMARY)
            paragraph.add_run(xml_safe(text))


def _block(doc: DocxDocument, context: ReportContext, block: Block) -> None:
    if isinstance(block, Paragraph):
        run = doc.add_paragraph().add_run(xml_safe(block.text))
        if block.tone != "normal":
            run.font.color.rgb = _rgb(style.MUTED if block.tone == "note" else style.WARNING)
    elif isinstance(block, Subheading):
        doc.add_paragraph(xml_safe(block.text), style="Heading 2")
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(xml_safe(item), style="List Bullet")
    elif isinstance(block, Table):
        _table(doc, block)
    elif isinstance(block, Chart):
        _chart(doc, context, block)
    elif isinstance(block, KeyFigures):
        _key_figures(doc, block)
    elif isinstance(block, Entries):
        _entries(doc, block)


def build_docx(context: ReportContext) -> bytes:
    """The report as a .docx (opens in Word and LibreOffice Writer)."""
    doc = Document()
    _setup(doc, context)
    _cover(doc, context)
    for number, chapter in enumerate(context.chapters):
        if number and chapter.new_page:
            doc.add_page_break()
        doc.add_paragraph(xml_safe(chapter.title), style="Heading 1")
        for block in chapter.blocks:
            _block(doc, context, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
