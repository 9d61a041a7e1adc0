"""Applying rules' fixes: to a goal's text, or to the source it came from.

A finding's fix is an edit of the goal's text. :func:`goal_with_fixes` gives the
reworded goal (the report and the Word comments show it); for ``check --diff`` /
``--fix``, :meth:`Location.source_offset` maps each fix into the source. Only
sources read as text (Markdown, plain text) can be edited. A fix that overlaps
an earlier one is left for the next run.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from goalcheck.files import write_atomic
from goalcheck.types import FileResult, Fix

FIXABLE_SUFFIXES = (".md", ".markdown", ".txt", ".text")


class FixError(Exception):
    """A file that cannot be fixed safely; one line for the user."""


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str


def edits_for(result: FileResult, *, unsafe: bool = False) -> list[Edit]:
    """Source edits for every fix in a file's findings, in order, without overlaps."""
    edits = []
    for goal in result.goals:
        loc = goal.goal.location
        if loc.start is None:
            continue
        for finding in goal.findings:
            fix = finding.fix
            if fix is None or not (fix.safe or unsafe):
                continue
            edits.append(Edit(loc.source_offset(fix.start), loc.source_offset(fix.end), fix.replacement))
    return _without_overlaps(edits)


def goal_with_fixes(text: str, fixes: list[Fix], *, unsafe: bool = True) -> str:
    """The goal's text with its fixes applied (by default unsafe ones too: a suggestion to read)."""
    return apply(text, [Edit(f.start, f.end, f.replacement) for f in fixes_to_apply(text, fixes, unsafe=unsafe)])


def fixes_to_apply(text: str, fixes: list[Fix], *, unsafe: bool = True) -> list[Fix]:
    """The fixes :func:`goal_with_fixes` applies: in order, inside the text, without overlaps."""
    return _without_overlaps([f for f in fixes if (f.safe or unsafe) and 0 <= f.start <= f.end <= len(text)])


_Span = TypeVar("_Span", Edit, Fix)


def _without_overlaps(edits: list[_Span]) -> list[_Span]:
    """Edits or fixes in order; one that overlaps an earlier one is left for the next run."""
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    kept: list[_Span] = []
    for edit in edits:
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    return kept


def apply(text: str, edits: list[Edit]) -> str:
    for edit in reversed(edits):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def source_text(path: Path) -> tuple[bytes, str, str]:
    """The file's bytes, its text as the readers saw it (LF newlines), and its newline style."""
    data = path.read_bytes()
    text = data.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    return data, text.replace("\r\n", "\n").replace("\r", "\n"), newline


def diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), f"a/{path}", f"b/{path}"))


def write_fixed(path: Path, original: bytes, fixed_text: str, newline: str) -> None:
    """Replace ``path`` atomically with the fixed text, unless it changed since it was read."""
    if hashlib.sha256(path.read_bytes()).digest() != hashlib.sha256(original).digest():
        raise FixError(f"{path}: changed since it was read; not fixed (run again)")
    bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
    write_atomic(path, bom + fixed_text.replace("\n", newline).encode("utf-8"))
