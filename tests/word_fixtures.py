"""Realistic .docx drafts for the Word adapter's tests, built with python-docx.

python-docx has no API for tracked changes, content controls or text boxes, so
those are written as the XML Word itself writes, and inserted into documents
python-docx built. Each builder returns the .docx bytes.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.shared import Pt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
REVIEWER = 'w:author="K. Osei" w:date="2026-10-14T09:30:00Z"'

# The goals, as the tests expect to read them back.
GOAL_WRITING = ("By the annual review in October 2027, during classroom writing assignments and given a slant "
                "board, Jordan will write three or more sentences with correctly formed letters and spaces "
                "between words in 4 of 5 work samples.")
GOAL_TYPING = ("By October 2027, Jordan will type 15 words per minute with 90% accuracy during weekly computer "
               "lab assignments, as measured by the district typing rubric.")
GOAL_GRIP = "Jordan will increase grip strength to 15 lb."
GOAL_SDT = ("By June 2027, Jordan will open his milk carton and snack packages in the cafeteria without adult "
            "help on 4 of 5 days.")
GOAL_INLINE_SDT = "Jordan will improve his fine motor skills."
GOAL_TABLE_1 = ("By the annual review, during math worksheets, Jordan will copy problems from the board with "
                "no more than 2 errors in 4 of 5 trials.")
GOAL_TABLE_2 = "Jordan will improve upper extremity range of motion."
GOAL_NESTED = ("By June 2027, Jordan will use scissors to cut out shapes within 1/4 inch of the line during art "
               "class in 4 of 5 trials.")
GOAL_TEXT_BOX = "Jordan will tolerate tactile input."
OBJECTIVE = "Objective 1a: By January 2027, Jordan will form the letters a, d, g and q correctly in 4 of 5 trials."
NOT_A_GOAL = "The teacher will collect weekly work samples to measure progress."


def _el(fragment: str):
    """An element from XML written with the w:, r:, mc:... prefixes; the namespaces are added here."""
    first = re.match(r"<[\w:]+", fragment).end()
    return parse_xml(fragment[:first] + " " + NS + fragment[first:])


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def iep_draft() -> bytes:
    """A whole IEP draft: goals in paragraphs, lists, tables, a nested table, controls, a text box."""
    doc = Document()
    doc.add_heading("Occupational Therapy: IEP Draft", level=0)
    doc.add_paragraph("Student: Jordan P.    Age: 9    Grade: 3")
    doc.add_heading("Present Levels of Performance", level=1)
    doc.add_paragraph("Jordan writes 6 legible words per minute and tires after five minutes of copying from the board.")
    doc.add_heading("Annual Goals", level=1)
    doc.add_paragraph(GOAL_WRITING, style="List Number")
    objective = doc.add_paragraph(OBJECTIVE, style="List Number 2")
    objective.paragraph_format.left_indent = Pt(36)
    doc.element.body.insert(len(doc.element.body) - 1, tracked_paragraph(doc))
    doc.add_paragraph(f"Annual Goal 3: {GOAL_GRIP}")
    doc.element.body.insert(len(doc.element.body) - 1, block_content_control(GOAL_SDT))
    doc.element.body.insert(len(doc.element.body) - 1, placeholder_control())
    doc.element.body.insert(len(doc.element.body) - 1, inline_control_paragraph())
    doc.add_heading("Goals by area", level=1)
    goal_table(doc, [("Handwriting", GOAL_TABLE_1, "2 errors a line", NOT_A_GOAL),
                     ("Motor", GOAL_TABLE_2, "limited reach", "Goniometer")])
    doc.add_heading("Art class", level=1)
    outer_with_nested_goal_table(doc)
    doc.add_heading("Sensory", level=1)
    doc.element.body.insert(len(doc.element.body) - 1, text_box_paragraph(GOAL_TEXT_BOX))
    doc.add_heading("Accommodations", level=1)
    doc.add_paragraph("Jordan will be given time and a half on written tests.")
    return to_bytes(doc)


def tracked_paragraph(doc):
    """Goal 2, with the measure typed as a tracked insertion and "faster" tracked as deleted.

    The measure sits in a hyperlink to the rubric too, as districts link theirs.
    """
    rel = doc.part.relate_to("https://example.org/typing-rubric", RT.HYPERLINK, is_external=True)
    return _el(
        f'<w:p><w:pPr><w:pStyle w:val="ListNumber"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">By October 2027, Jordan will type </w:t></w:r>'
        f'<w:del w:id="901" {REVIEWER}><w:r><w:delText>faster</w:delText></w:r></w:del>'
        f'<w:ins w:id="902" {REVIEWER}><w:r><w:t>15 words per minute with 90% accuracy</w:t></w:r></w:ins>'
        f'<w:r><w:t xml:space="preserve"> during weekly computer lab assignments, as measured by the </w:t></w:r>'
        f'<w:hyperlink r:id="{rel}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
        f'<w:t>district typing rubric</w:t></w:r></w:hyperlink>'
        f'<w:r><w:t>.</w:t></w:r></w:p>'
    )


def block_content_control(goal: str):
    return _el(
        '<w:sdt><w:sdtPr><w:alias w:val="Goal 4"/><w:tag w:val="goal-4"/><w:id w:val="4001"/></w:sdtPr>'
        '<w:sdtContent><w:p><w:pPr><w:pStyle w:val="ListNumber"/></w:pPr>'
        f'<w:r><w:t>{goal}</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    )


def placeholder_control():
    """A form's empty goal field: its prompt reads like a goal but was never written by anyone."""
    return _el(
        '<w:sdt><w:sdtPr><w:alias w:val="Goal 6"/><w:id w:val="4002"/><w:showingPlcHdr/></w:sdtPr>'
        '<w:sdtContent><w:p><w:pPr><w:pStyle w:val="ListNumber"/></w:pPr><w:r><w:rPr><w:rStyle w:val="PlaceholderText"/>'
        '</w:rPr><w:t>Click or tap here: the student will do what, where and how well.</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'
    )


def inline_control_paragraph():
    return _el(
        '<w:p><w:pPr><w:pStyle w:val="ListNumber"/></w:pPr><w:r><w:t xml:space="preserve">Jordan will </w:t></w:r>'
        '<w:sdt><w:sdtPr><w:alias w:val="Skill"/><w:id w:val="4003"/></w:sdtPr><w:sdtContent>'
        '<w:r><w:t>improve his fine motor skills</w:t></w:r></w:sdtContent></w:sdt>'
        '<w:r><w:t>.</w:t></w:r></w:p>'
    )


def goal_table(doc, rows, header=("Area", "Goal", "Baseline", "Measured by")):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, header):
        cell.text = title
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = value
    return table


def outer_with_nested_goal_table(doc):
    """A form's layout table; its second cell holds the goal table (nested)."""
    outer = doc.add_table(rows=1, cols=2)
    outer.style = "Table Grid"
    outer.cell(0, 0).text = "Area: fine motor (art)"
    cell = outer.cell(0, 1)
    cell.text = "Goals for art class:"
    inner = cell.add_table(rows=1, cols=2)
    inner.style = "Table Grid"
    inner.cell(0, 0).text = "Annual goal"
    inner.cell(0, 1).text = "Measured by"
    row = inner.add_row().cells
    row[0].text = GOAL_NESTED
    cell.add_paragraph("")  # Word requires a paragraph after a nested table in a cell
    return outer


def text_box_paragraph(goal: str):
    """A paragraph anchoring a text box, as Word 2010+ writes it: DrawingML with a VML fallback copy."""
    content = f'<w:txbxContent><w:p><w:r><w:t>{goal}</w:t></w:r></w:p></w:txbxContent>'
    return _el(
        '<w:p><w:r><w:t xml:space="preserve">Sensory goal (see box): </w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        '<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="4572000" cy="457200"/>'
        '<wp:docPr id="101" name="Text Box 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
        '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="4572000" cy="457200"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/>'
        f'</a:solidFill></a:ln></wps:spPr><wps:txbx>{content}</wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t"/>'
        '</wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><v:shape id="TextBox1" type="#_x0000_t202" style="width:360pt;height:36pt">'
        f'<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>'
    )


def no_goals() -> bytes:
    doc = Document()
    doc.add_heading("Meeting notes", level=1)
    doc.add_paragraph("The team met on 14 October and agreed to meet again in the spring.")
    return to_bytes(doc)


# --- files that are not a readable .docx -------------------------------------------------


def corrupt_zip() -> bytes:
    data = no_goals()
    return data[: len(data) // 2]


def _ole(stream_names: tuple[str, ...]) -> bytes:
    """The start of an OLE compound file: header sector, then a directory sector naming the streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    header = header.ljust(512, b"\x00")
    entries = b""
    for name in ("Root Entry", *stream_names):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entries += raw.ljust(64, b"\x00") + struct.pack("<H", len(raw)) + bytes(62)
    return header + entries.ljust(512 * 2, b"\x00")


def not_word_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("notes.txt", "Jordan will improve his fine motor skills.")
    return buffer.getvalue()


def with_reviewer_comment() -> bytes:
    """A draft a colleague has already commented on (so it has a comments part)."""
    doc = Document()
    doc.add_heading("Annual Goals", level=1)
    goal = doc.add_paragraph(GOAL_GRIP, style="List Number")
    doc.add_comment(goal.runs, text="Is this for handwriting?", author="R. Alvarez", initials="RA")
    doc.add_paragraph(GOAL_WRITING, style="List Number")
    return to_bytes(doc)


def password_protected() -> bytes:
    # Word saves an encrypted .docx as an OLE file holding these two streams.
    return _ole(("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))


def legacy_doc() -> bytes:
    return _ole(("WordDocument", "1Table", "\x05SummaryInformation"))


def zip_bomb(expanded_mb: int = 300) -> bytes:
    """A small zip that claims a .docx but expands a member to ``expanded_mb`` MB of zeros."""
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zipfile.ZipFile(io.BytesIO(no_goals())) as real:
            for info in real.infolist():
                zf.writestr(info.filename, real.read(info))
        with zf.open("word/media/image1.png", "w", force_zip64=True) as member:
            for _ in range(expanded_mb):
                member.write(chunk)
    return buffer.getvalue()
