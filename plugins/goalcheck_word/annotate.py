"""``goalcheck annotate``: a copy of the .docx with a Word comment on each flagged goal.

python-docx writes the comments; the copy is then assembled from the original
zip, member by member, so that only the document part (the comment anchors),
the comments part and, when the document had no comments yet, the two small
files that register the comments part differ from the input. Everything else
(styles, numbering, headers, pictures, custom XML) is copied byte for byte:
python-docx's own ``save`` would re-serialise every part.

Comments are anchored on the whole paragraph that holds the goal (the host
paragraph for a goal in a text box), so no run is split and tracked changes and
content controls are left as they are.
"""

from __future__ import annotations

import io
import posixpath
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from goalcheck.files import write_atomic
from goalcheck.fixes import goal_with_fixes
from goalcheck.readers import Metadata, ReadError, read_bytes
from goalcheck.types import GoalResult

from goalcheck_word.package import (COMMENTS, CONTENT_TYPES, PKG_RELS, Package, check_document_root, open_package,
                                    parse_xml, rels_member, require_docx, w)
from goalcheck_word.reader import Located, locate_goals

AUTHOR = "goalcheck"
INITIALS = "GC"
COMMENTS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


class AnnotateError(Exception):
    """Why nothing was written, in one line."""


@dataclass
class Tally:
    goals: int = 0
    flagged: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def run(path: str, output: str | None, metadata: Metadata, model_path: str | None = None) -> str:
    """Annotate ``path`` into ``output``; returns the line to print, raises AnnotateError."""
    source = Path(path)
    target = Path(output) if output else default_output(source)
    if target.resolve() == source.resolve():
        raise AnnotateError("the output would overwrite the input; choose another -o")
    data = _read_input(source)
    try:
        copy, tally = annotate_bytes(data, metadata, lambda goals: _checker(path, model_path).check_goals(goals))
    except ReadError as exc:
        raise AnnotateError(exc.reason) from None
    if copy is None:
        return f"{path}: no goals found; nothing written"
    _write_atomic(target, copy)
    return (f"{path}: {tally.goals} goal(s), {tally.flagged} flagged; {tally.added} comment(s) added, "
            f"{tally.updated} updated, {tally.unchanged} already there; wrote {target}")


def default_output(source: Path) -> Path:
    return source.with_name(f"{source.stem}.goalcheck{source.suffix or '.docx'}")


def annotate_bytes(data: bytes, metadata: Metadata,
                   check: Callable[[list], list[GoalResult]]) -> tuple[bytes | None, Tally]:
    """The annotated copy of ``data`` (None when it has no goals) and what was done."""
    package = open_package(data)
    document = _open_document(data)
    check_document_root(document.element)
    styles = package.xml(package.styles) if package.styles else None
    located = locate_goals(document.element, styles, metadata)
    tally = Tally(goals=len(located))
    if not located:
        return None, tally
    results = check([found.goal for found in located])
    _comment(document, located, results, tally)
    return (_repackage(package, data, document) if tally.changed else data), tally


# --- the comment --------------------------------------------------------------


def is_flagged(result: GoalResult) -> bool:
    return bool(result.findings) or result.verdict.label != "educational"


def comment_text(result: GoalResult) -> str:
    """Verdict sentence, findings, suggestion and suggested wording, one paragraph each."""
    lines = [verdict_sentence(result)]
    lines += [f"{f.rule} {f.name} ({f.severity}): {f.message}" for f in result.findings]
    if result.verdict.suggestion:
        lines.append(f"Suggestion: {result.verdict.suggestion}")
    wording = suggested_wording(result)
    if wording:
        lines.append(f"Suggested wording: {wording}")
    return "\n".join(lines)


def verdict_sentence(result: GoalResult) -> str:
    v = result.verdict
    sure = f"{round(v.confidence * 100)}% confidence"
    if v.label == "medical":
        return f"This goal reads as medical rather than educationally relevant ({sure})."
    if v.label == "ambiguous":
        lacks = " and ".join(f"its school {m}" if m == "setting" else f"its {m} at school" for m in v.missing)
        why = f"it does not say {lacks}" if lacks else "it could be read as medical or as educational"
        return f"This goal is ambiguous: {why} ({sure})."
    n = len(result.findings)
    points = f"{n} point{'s' if n != 1 else ''}"
    return f"This goal reads as educationally relevant ({sure}); {points} to fix before the meeting."


def suggested_wording(result: GoalResult) -> str | None:
    """The goal with every rule's fix applied, when any fix changes it."""
    text = result.goal.text
    edited = goal_with_fixes(text, [f.fix for f in result.findings if f.fix])
    return edited if edited != text else None


# --- comments in the document ---------------------------------------------------


def _comment(document, located: list[Located], results: list[GoalResult], tally: Tally) -> None:
    wanted: dict[int, tuple[object, list[str]]] = {}
    for found, result in zip(located, results):
        if is_flagged(result):
            tally.flagged += 1
            anchor = found.paragraph.anchor
            wanted.setdefault(id(anchor), (anchor, []))[1].append(comment_text(result))
    for anchor, texts in wanted.values():
        _sync(document, anchor, texts, tally)


def _sync(document, anchor, texts: list[str], tally: Tally) -> None:
    """Bring goalcheck's comments on one paragraph up to date without adding a second copy."""
    existing = _our_comments(document, anchor)
    pending = []
    for text in texts:
        same = next((c for c in existing if c.text == text), None)
        if same is not None:
            existing.remove(same)
            tally.unchanged += 1
        else:
            pending.append(text)
    for text in pending:
        if existing:  # the goal was edited since the last run: say what is true now
            _rewrite(existing.pop(0), text)
            tally.updated += 1
        else:
            comment = document.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS)
            _anchor(anchor, comment.comment_id)
            tally.added += 1


def _our_comments(document, paragraph) -> list:
    ids = [int(el.get(w("id"))) for el in paragraph.iter(w("commentRangeStart")) if (el.get(w("id")) or "").isdigit()]
    if not ids:
        return []  # asking for document.comments would create an empty comments part
    found = (document.comments.get(i) for i in ids)
    return [c for c in found if c is not None and c.author == AUTHOR]


def _rewrite(comment, text: str) -> None:
    if not comment.paragraphs:  # someone emptied it by hand
        comment.add_paragraph("")
    first, *rest = comment.paragraphs
    for p in rest:
        p._p.getparent().remove(p._p)
    for run in first.runs:
        if run._r.find(w("annotationRef")) is None:
            run._r.getparent().remove(run._r)
    lines = text.split("\n")
    first.add_run(lines[0])
    for line in lines[1:]:
        comment.add_paragraph(line)


def _anchor(paragraph, comment_id: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    attrs = {qn("w:id"): str(comment_id)}
    ppr = paragraph.find(w("pPr"))
    first = paragraph.index(ppr) + 1 if ppr is not None else 0
    paragraph.insert(first, OxmlElement("w:commentRangeStart", attrs=attrs))
    paragraph.append(OxmlElement("w:commentRangeEnd", attrs=attrs))
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:rPr"))
    run[0].append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    run.append(OxmlElement("w:commentReference", attrs=attrs))
    paragraph.append(run)


# --- opening and writing ----------------------------------------------------------


def _open_document(data: bytes):
    docx = require_docx()
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, its own errors
        if "macroEnabled" in str(exc):
            raise ReadError("a macro-enabled document (.docm) renamed .docx; save it as .docx to annotate it") from None
        raise ReadError(f"python-docx cannot open it: {type(exc).__name__}: {exc}") from None


def _repackage(package: Package, data: bytes, document) -> bytes:
    """The original zip with the document and comments parts replaced, all else as it was."""
    part = document.part
    comments = _comments_part(part)
    doc_member, comments_member = _member(part.partname), _member(comments.partname)
    replacements = {doc_member: part.blob, comments_member: comments.blob}
    if package.comments is None:  # the document had no comments: register the new part
        rel = next(r for r in part.rels.values() if r.reltype == COMMENTS)
        rels = rels_member(doc_member)
        target = posixpath.relpath("/" + comments_member, posixpath.dirname("/" + doc_member))
        replacements[rels] = _add_relationship(_maybe_read(package, rels), rel.rId, target)
        replacements["[Content_Types].xml"] = _add_override(package.read("[Content_Types].xml"), "/" + comments_member)
    return _rezip(package.zip, replacements)


def _comments_part(part):
    return next(r.target_part for r in part.rels.values() if r.reltype == COMMENTS and not r.is_external)


def _member(partname) -> str:
    return str(partname).lstrip("/")


def _maybe_read(package: Package, member: str) -> bytes | None:
    return package.read(member) if member in package.zip.namelist() else None


def _add_relationship(rels: bytes | None, rel_id: str, target: str) -> bytes:
    from lxml import etree

    if rels:
        root = parse_xml(rels, "relationships")
    else:
        root = etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
    etree.SubElement(root, f"{{{PKG_RELS}}}Relationship", Id=rel_id, Type=COMMENTS, Target=target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_override(types: bytes, partname: str) -> bytes:
    from lxml import etree

    root = parse_xml(types, "[Content_Types].xml")
    if not any(o.get("PartName") == partname for o in root.iter(f"{{{CONTENT_TYPES}}}Override")):
        etree.SubElement(root, f"{{{CONTENT_TYPES}}}Override", PartName=partname, ContentType=COMMENTS_CONTENT_TYPE)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rezip(original: zipfile.ZipFile, replacements: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    pending = dict(replacements)
    with zipfile.ZipFile(buffer, "w") as out:
        for info in original.infolist():
            data = pending.pop(info.filename) if info.filename in pending else original.read(info)
            out.writestr(_clone(info), data)
        for name, data in pending.items():
            info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _clone(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    # A fresh ZipInfo: the original's sizes, CRC and zip64 extras describe the old bytes.
    clone = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    for attr in ("compress_type", "external_attr", "internal_attr", "create_system", "comment"):
        setattr(clone, attr, getattr(info, attr))
    return clone


def _read_input(path: Path) -> bytes:
    try:
        return read_bytes(str(path))
    except ReadError as exc:
        raise AnnotateError(exc.reason) from None


def _write_atomic(target: Path, data: bytes) -> None:
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise AnnotateError(f"cannot write {target}: {exc.strerror or exc}") from None


def _checker(path: str, model_path: str | None):
    """The Checker for ``path``'s configuration, built only once there are goals to check."""
    from goalcheck.checker import Checker
    from goalcheck.classifier import ModelError
    from goalcheck.config import ConfigError, resolve

    try:
        config = resolve(path, model=model_path)
    except ConfigError as exc:
        raise AnnotateError(f"configuration error: {exc}") from None
    try:
        return Checker(config)
    except ModelError as exc:
        raise AnnotateError(f"model error: {exc}") from None
