"""Find the goals in a Word document, from its XML.

python-docx's ``paragraph.text`` drops tracked insertions and skips block
content controls, and IEP templates are full of both, so the text is read from
the XML here: insertions count as final text, deletions and moved-from text do
not, content controls, hyperlinks, fields and text boxes are read through, a
content control still showing its placeholder is not.

Goals are found two ways:

* body paragraphs (and the cells of tables that are not goal tables, and text
  boxes) are rendered as a Markdown draft, one paragraph a line, headings as
  ``#`` lines and Word lists as ``-`` items, and handed to the text reader's
  :func:`~goalcheck.readers.text.find_goals`, so a .docx is read exactly as the
  same draft pasted into a .md file;
* a table whose header names a goal column ("Goal", "Annual goal", ...) holds one
  goal per row in that column; a table whose first column labels a row "Goal"
  holds it in the next cell. Each such cell is read as text under a "Goals"
  heading, so objectives written under the goal in the same cell are still left
  out. The other columns (baseline, "measured by") are not read: they often say
  "... will ..." without being goals.

A goal's location: ``line``/``column`` are its paragraph and column in the
document's plain text (every paragraph, in reading order, one per line, as
Word's "Plain Text" export writes it) and ``start``/``end`` offsets into that
text; ``extra`` names the body ``paragraph``, or the ``table``, ``row`` and
``table_column`` (and the column's ``header``), and ``where`` says it in words,
as does the goal's ``id``, so the text output points at it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from goalcheck.readers import Metadata, Source
from goalcheck.readers.text import find_goals, goals_and_metadata
from goalcheck.types import Goal, Location

from goalcheck_word.package import MC, check_document_root, open_package, w

_GOAL_HEADER = re.compile(
    r"^(?:(?:measurable\s+)?annual|long[- ]term|short[- ]term|iep|ot|functional|treatment)?\s*goals?(?:\(s\))?"
    r"(?:\s+statements?|\s+text)?(?:\s*\d{1,2}[a-z]?)?\s*:?$|^(?:ltg|stg)s?(?:\s*\d{1,2})?\s*:?$",
    re.I,
)
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$|^(title)$", re.I)
_FALLBACK = f"{{{MC}}}Fallback"
_PRUNED = {w("del"), w("moveFrom"), w("txbxContent"), w("sdtPr"), w("rPr"), w("pPr"), w("instrText"),
           w("delText"), _FALLBACK}
_OFF = ("0", "false", "off")


@dataclass
class Para:
    """One paragraph of the document, in reading order."""

    element: Any  # the w:p
    anchor: Any  # the w:p a comment is anchored on: the host paragraph of a text box
    text: str
    number: int  # 1-based over every paragraph in reading order
    offset: int  # where its line starts in the document's plain text
    place: dict[str, Any]
    heading: int | None = None
    list_level: int | None = None
    bold: bool = False


@dataclass
class Located:
    """A goal and the paragraph it was found in (where `annotate` puts its comment)."""

    goal: Goal
    paragraph: Para


def read(source: Source) -> list[Goal]:
    package = open_package(source.data)
    document = package.xml(package.document)
    check_document_root(document)
    styles = package.xml(package.styles) if package.styles else None
    return [found.goal for found in locate_goals(document, styles, source.metadata)]


def locate_goals(document, styles=None, metadata: Metadata | None = None) -> list[Located]:
    """Every goal of a ``w:document`` element, in reading order, with its paragraph."""
    body = document.find(w("body"))
    walker = _Walker(_Styles(styles))
    if body is not None:
        walker.blocks(body, None, walker.flow)
    flow_text, flow_lines = _render(walker.flow)
    flow_goals, meta = goals_and_metadata(flow_text, metadata)
    found = _located(flow_goals, flow_lines, 0)
    for cell in walker.goal_cells:
        cell_text, cell_lines = _render(cell)
        # Under a "Goals" heading every sentence of the cell counts, labelled or not.
        found += _located(find_goals("# Goals\n\n" + cell_text, meta), cell_lines, 2)
    return sorted(found, key=lambda f: (f.paragraph.number, f.goal.location.column or 0))


# --- walking the document ---------------------------------------------------


@dataclass
class _Walker:
    styles: "_Styles"
    paragraphs: list[Para] = field(default_factory=list)
    flow: list[Para] = field(default_factory=list)
    goal_cells: list[list[Para]] = field(default_factory=list)
    body_count: int = 0
    table_count: int = 0
    offset: int = 0

    def blocks(self, container, place, sink, anchor=None) -> None:
        for child in container:
            if child.tag == w("p"):
                self.paragraph(child, place, sink, anchor)
            elif child.tag == w("tbl"):
                self.table(child, place, sink, anchor)
            elif child.tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None and not _showing_placeholder(child):
                    self.blocks(content, place, sink, anchor)
            elif child.tag == w("customXml"):
                self.blocks(child, place, sink, anchor)

    def paragraph(self, p, place, sink, anchor) -> None:
        if place is None:
            self.body_count += 1
            place = {"paragraph": self.body_count}
        text = _text(p)
        para = Para(p, anchor if anchor is not None else p, text, len(self.paragraphs) + 1, self.offset, place,
                    *self.styles.describe(p))
        self.offset += len(text) + 1
        self.paragraphs.append(para)
        sink.append(para)
        for box in _text_boxes(p):
            self.blocks(box, {**place, "text_box": True}, sink, para.anchor)

    def table(self, tbl, outer, sink, anchor) -> None:
        self.table_count += 1
        number = self.table_count
        rows = _rows(tbl)
        header = _goal_column(rows)
        row_labels = header is None and any(_row_label(cells) for cells in rows)
        for r, cells in enumerate(rows, start=1):
            for cell in cells:
                place = {"table": number, "row": r, "table_column": cell[0]}
                if outer is not None:
                    place["in"] = describe(outer)
                target = self._cell_sink(rows, r, cells, cell, header, place) if header or row_labels else sink
                self.blocks(cell[2], place, target, anchor)

    def _cell_sink(self, rows, r, cells, cell, header, place) -> list[Para]:
        """A goal cell gets a list of its own; the other cells of a goal table are not read."""
        col, span, _ = cell
        if header is not None:
            header_row, header_col, title = header
            title_row = len(cells) == 1 and _grid_width(rows) > 1
            if r > header_row and col <= header_col < col + span and not title_row:
                return self._goal_cell(place, title)
            return []
        label = _row_label(cells)
        if label and cell is cells[1]:
            return self._goal_cell(place, label)
        return []

    def _goal_cell(self, place, header: str) -> list[Para]:
        place["header"] = header
        self.goal_cells.append([])
        return self.goal_cells[-1]


def _rows(tbl) -> list[list[tuple[int, int, Any]]]:
    """Each row's cells as (grid column, span, w:tc), grid columns 1-based."""
    rows = []
    for tr in _children(tbl, w("tr")):
        before = tr.find(f"{w('trPr')}/{w('gridBefore')}")
        col = 1 + (_int(before.get(w("val"))) if before is not None else 0)
        cells = []
        for tc in _children(tr, w("tc")):
            span_el = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
            span = max(1, _int(span_el.get(w("val")))) if span_el is not None else 1
            cells.append((col, span, tc))
            col += span
        rows.append(cells)
    return rows


def _children(parent, tag):
    """Children with ``tag``, looking through content controls and custom XML around them."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == w("customXml"):
            yield from _children(child, tag)


def _grid_width(rows) -> int:
    return max((col + span - 1 for cells in rows for col, span, _ in cells), default=0)


def _goal_column(rows) -> tuple[int, int, str] | None:
    """(header row, grid column, header text) of a goal column in the first rows, if any."""
    for r, cells in enumerate(rows[:3], start=1):
        for i, (col, _, tc) in enumerate(cells):
            title = _cell_text(tc)
            if _GOAL_HEADER.match(title) and len(rows) > r and not (i == 0 and _row_label(cells)):
                return r, col, title
    return None


def _row_label(cells) -> str | None:
    """The label of a row that holds its goal in the next cell ("Annual goal" | "Jordan will ...")."""
    if len(cells) < 2:
        return None
    title = _cell_text(cells[0][2])
    # A column header row has short titles beside "Goal" ("Baseline"); a labelled row has a sentence.
    return title if _GOAL_HEADER.match(title) and len(_cell_text(cells[1][2]).split()) >= 4 else None


def _cell_text(tc) -> str:
    return " ".join(_text(p) for p in _children(tc, w("p"))).strip()


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


# --- the text of a paragraph -------------------------------------------------


def _text(p) -> str:
    return "".join(_pieces(p))


def _pieces(element):
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _PRUNED:
            continue
        if tag == w("t"):
            # One paragraph must stay one line: the goal's line number is its paragraph.
            yield (child.text or "").replace("\r", " ").replace("\n", " ")
        elif tag in (w("tab"), w("ptab")):
            yield "\t"
        elif tag in (w("br"), w("cr")):
            yield " "
        elif tag == w("noBreakHyphen"):
            yield "-"
        elif tag == w("r") and _hidden(child):
            continue
        elif tag == w("sdt") and _showing_placeholder(child):
            continue
        else:
            yield from _pieces(child)


def _hidden(run) -> bool:
    vanish = run.find(f"{w('rPr')}/{w('vanish')}")
    return vanish is not None and vanish.get(w("val"), "true") not in _OFF


def _showing_placeholder(sdt) -> bool:
    # "Click or tap here to enter text." is the form's prompt, not what the therapist wrote.
    return sdt.find(f"{w('sdtPr')}/{w('showingPlcHdr')}") is not None


def _text_boxes(p):
    """Text boxes anchored in ``p`` (once: the VML fallback copy of a shape is skipped)."""
    for box in p.iter(w("txbxContent")):
        between = []
        for ancestor in box.iterancestors():
            if ancestor is p:
                break
            between.append(ancestor.tag)
        if w("txbxContent") not in between and _FALLBACK not in between:
            yield box


# --- styles: headings, lists, bold ------------------------------------------


class _Styles:
    """What a paragraph's style says about it: heading level, list level, bold."""

    def __init__(self, root) -> None:
        self._styles: dict[str, Any] = {}
        if root is not None:
            for style in root.iter(w("style")):
                if style.get(w("styleId")):
                    self._styles[style.get(w("styleId"))] = style

    def describe(self, p) -> tuple[int | None, int | None, bool]:
        ppr = p.find(w("pPr"))
        pstyle = ppr.find(w("pStyle")) if ppr is not None else None
        chain = self._chain(pstyle.get(w("val")) if pstyle is not None else None)
        return self._heading(ppr, chain), self._list_level(ppr, chain), self._bold(p, chain)

    def _chain(self, style_id: str | None) -> list[Any]:
        chain, seen = [], set()
        while style_id and style_id in self._styles and style_id not in seen and len(chain) < 10:
            seen.add(style_id)
            style = self._styles[style_id]
            chain.append(style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def _heading(self, ppr, chain) -> int | None:
        for holder in [ppr, *(s.find(w("pPr")) for s in chain)]:
            level = holder.find(w("outlineLvl")) if holder is not None else None
            if level is not None:
                n = _int(level.get(w("val")))
                return n + 1 if n < 9 else None
        # Style names are English in the file whatever the language of Word ("heading 1").
        name = chain[0].find(w("name")) if chain else None
        m = _HEADING_STYLE.match(name.get(w("val"), "") if name is not None else "")
        if m:
            return int(m.group(1)) if m.group(1) else 1
        return None

    def _list_level(self, ppr, chain) -> int | None:
        for holder in [ppr, *(s.find(w("pPr")) for s in chain)]:
            num = holder.find(w("numPr")) if holder is not None else None
            if num is None:
                continue
            num_id = num.find(w("numId"))
            if num_id is not None and num_id.get(w("val")) == "0":
                return None  # numbering switched off for this paragraph
            ilvl = num.find(w("ilvl"))
            return _int(ilvl.get(w("val"))) if ilvl is not None else 0
        return None

    def _bold(self, p, chain) -> bool:
        style_bold = any(_on(s.find(f"{w('rPr')}/{w('b')}")) for s in chain)
        runs = [r for r in p.iter(w("r")) if "".join(t.text or "" for t in r.iter(w("t"))).strip()]
        return bool(runs) and all(_on(r.find(f"{w('rPr')}/{w('b')}")) or style_bold for r in runs)


def _on(flag) -> bool:
    return flag is not None and flag.get(w("val"), "true") not in _OFF


# --- handing paragraphs to find_goals ---------------------------------------


@dataclass
class _Line:
    para: Para
    prefix: int  # characters added in front of the paragraph's text
    lead: int  # leading whitespace of the paragraph's text that was dropped


def _render(paras: list[Para]) -> tuple[str, list[_Line]]:
    """The paragraphs as a Markdown draft: one a line, a blank line between."""
    out, lines = [], []
    for para in paras:
        body = para.text.replace("\t", " ")
        stripped = body.lstrip()
        prefix, suffix = _markup(para, stripped)
        out += [prefix + stripped.rstrip() + suffix, ""]
        lines.append(_Line(para, len(prefix), len(body) - len(stripped)))
    return "\n".join(out), lines


def _markup(para: Para, text: str) -> tuple[str, str]:
    if not text:
        return "", ""
    if para.heading:
        return "#" * min(para.heading, 6) + " ", ""
    if para.list_level is not None:
        return "  " * para.list_level + "- ", ""
    # A short bold line is how Word drafts write a section title ("Annual Goals").
    if para.bold and len(text) <= 60 and not re.search(r"\bwill\b", text, re.I) and "*" not in text:
        return "**", "**"
    return "", ""


def _located(goals: list[Goal], lines: list[_Line], skip: int) -> list[Located]:
    """Goals found in rendered text, placed back on their paragraphs (``skip``: lines added before the text)."""
    found = []
    for goal in goals:
        index = ((goal.location.line or 1) - 1 - skip) // 2
        if 0 <= index < len(lines):
            found.append(Located(_placed(goal, lines[index]), lines[index].para))
    return found


def _placed(goal: Goal, line: _Line) -> Goal:
    para = line.para
    column = (goal.location.column or 1) - line.prefix + line.lead
    start = para.offset + column - 1
    where = describe(para.place)
    location = Location(line=para.number, column=column, start=start, end=start + len(goal.text),
                        extra={**para.place, "where": where})
    return replace(goal, location=location)


def describe(place: dict[str, Any]) -> str:
    """A location in words: "paragraph 12", 'table 2, row 3, column 2 ("Annual goal")'."""
    if "table" in place:
        header = f' ("{place["header"]}")' if place.get("header") else ""
        text = f"table {place['table']}, row {place['row']}, column {place['table_column']}{header}"
        if place.get("in"):
            text += f", inside {place['in']}"
    else:
        text = f"paragraph {place['paragraph']}"
    return f"text box at {text}" if place.get("text_box") else text
