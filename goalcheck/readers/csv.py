"""CSV: a table of goals, one per row, such as a district's goal bank exported from a spreadsheet.

The goal column is found by its header (``goal``, ``goal text``, ``annual goal``,
``text``, or one header that mentions "goal"), or named with ``--column``. The
columns ``id``, ``age``, ``grade`` and ``transition`` become the goal's id and
metadata; any other column is kept under ``fields`` in the goal's location,
next to its spreadsheet ``row`` (the header is row 1).

The parser is a small RFC 4180 one (quotes, doubled quotes, line breaks inside
quoted cells) rather than :mod:`csv`, because it keeps the source offset of
every character: findings then point at the exact characters of the cell, in
the CSV file, even for a goal written as ``"... the ""tall"" letters ..."``.
The delimiter is a comma, or a semicolon or tab when the header uses those.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from goalcheck.plugins import hookimpl
from goalcheck.readers import MAX_GOAL_CHARS, Reader, ReadError, Source
from goalcheck.types import Goal, Location

# `--column NAME`: set by the command line around reading (readers only receive a Source).
_COLUMN: ContextVar[str | None] = ContextVar("goalcheck_csv_column", default=None)

_GOAL_HEADERS = ("goal", "goals", "goal text", "goal statement", "annual goal", "measurable annual goal",
                 "iep goal", "ot goal", "text")
_NOT_GOAL_TEXT = {"id", "no", "number", "num", "area", "domain", "type", "status", "date", "code", "category",
                  "met", "progress", "baseline", "owner", "count"}
_META = {"id": ("id", "goal id"), "age": ("age", "student age"), "grade": ("grade", "grade level"),
         "transition": ("transition", "transition plan")}
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


@contextmanager
def goal_column(name: str | None):
    """Read CSV files with ``name`` as the goal column (``--column``) inside this block."""
    token = _COLUMN.set(name)
    try:
        yield
    finally:
        _COLUMN.reset(token)


@dataclass
class _Cell:
    text: str
    offsets: list[int]  # the source offset of each character of ``text``
    start: int  # source offset where the cell begins (its opening quote, if any)


def read(source: Source) -> list[Goal]:
    text = source.text()
    records = _records(text, _delimiter(text))
    header_at = next((i for i, r in enumerate(records) if _nonblank(r)), None)
    if header_at is None:
        raise ReadError("no header row")
    names = [_norm(c.text) for c in records[header_at]]
    goal_col = _goal_column(names, [c.text.strip() for c in records[header_at]])
    meta_cols = {key: next((i for i, n in enumerate(names) if n in aliases and i != goal_col), None)
                 for key, aliases in _META.items()}
    goals, problems = [], []
    for row, record in enumerate(records[header_at + 1:], start=header_at + 2):
        if not _nonblank(record):
            continue
        try:
            goal = _goal(record, row, goal_col, meta_cols, records[header_at], text, source)
        except ValueError as exc:
            problems.append(f"row {row}: {exc}")
            continue
        if goal is not None:
            goals.append(goal)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ReadError(problems[0] + more, goals)
    return goals


# -- parsing ---------------------------------------------------------------------


def _delimiter(text: str) -> str:
    first = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])  # ignore delimiters inside quoted headers
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _records(text: str, delim: str) -> list[list[_Cell]]:
    """Rows of cells (RFC 4180); a one-line ReadError for a quote that is never closed."""
    records: list[list[_Cell]] = []
    row: list[_Cell] = []
    i, n, line = 0, len(text), 1
    while True:
        cell, i, line = _cell(text, i, delim, line)
        row.append(cell)
        if i < n and text[i] == delim:
            i += 1
            continue
        records.append(row)  # the row ends at a line break or at the end of the text
        row, i, line = [], i + 1, line + 1
        if i >= n:
            return records


def _cell(text: str, i: int, delim: str, line: int) -> tuple[_Cell, int, int]:
    """Read one cell starting at ``i``; return it, the index of the delimiter/newline after it, the line."""
    start, n = i, len(text)
    chars: list[str] = []
    offsets: list[int] = []
    if i < n and text[i] == '"':
        opened = line
        i += 1
        while True:
            if i >= n:
                raise ReadError(f"line {opened}: a quoted cell is never closed (a stray \" ?)")
            ch = text[i]
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':  # "" is one quote character
                    chars.append('"')
                    offsets.append(i + 1)
                    i += 2
                    continue
                i += 1
                break
            if ch == "\n":
                line += 1
            chars.append(ch)
            offsets.append(i)
            i += 1
        if i < n and text[i] not in (delim, "\n"):
            raise ReadError(f"line {line}: unexpected text after a closing quote (quote the whole cell, and double any \" inside it)")
        return _Cell("".join(chars), offsets, start), i, line
    while i < n and text[i] not in (delim, "\n"):
        chars.append(text[i])
        offsets.append(i)
        i += 1
    return _Cell("".join(chars), offsets, start), i, line


def _nonblank(record: list[_Cell]) -> bool:
    return any(c.text.strip() for c in record)


def _norm(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", header.lower()).split())


# -- columns ---------------------------------------------------------------------


def _goal_column(names: list[str], shown: list[str]) -> int:
    # Headers are echoed cut short: a file without a header would otherwise print a goal.
    cut = [s if len(s) <= 30 else s[:29] + "…" for s in shown if s]
    listed = ", ".join(repr(s) for s in cut[:8]) + (", …" if len(cut) > 8 else "") or "none"
    wanted = _COLUMN.get()
    if wanted is not None:
        if _norm(wanted) in names:
            return names.index(_norm(wanted))
        raise ReadError(f"no column {wanted!r} in the header (columns: {listed})")
    for exact in _GOAL_HEADERS:
        if exact in names:
            return names.index(exact)
    likely = [i for i, n in enumerate(names)
              if {"goal", "goals"} & set(n.split()) and not _NOT_GOAL_TEXT & set(n.split())]
    if len(likely) == 1:
        return likely[0]
    if likely:
        several = ", ".join(repr(shown[i]) for i in likely)
        raise ReadError(f"several columns could hold the goals ({several}); choose one with --column")
    raise ReadError(f"no goal column in the header (columns: {listed}); name it \"goal\" or use --column")


def _goal(record, row, goal_col, meta_cols, header, text, source) -> Goal | None:
    if goal_col >= len(record):
        return None
    extra = [c for c in record[len(header):] if c.text.strip()]
    if extra:
        raise ValueError(f"{len(record)} cells but the header has {len(header)} "
                         "(a comma in an unquoted goal? put the goal in double quotes)")
    goal_text, offsets = _clean(record[goal_col])
    if not goal_text:
        return None
    if len(goal_text) > MAX_GOAL_CHARS:
        raise ValueError(f"the goal is {len(goal_text)} characters; a goal may have at most {MAX_GOAL_CHARS}")
    value = {key: (record[i].text.strip() if i is not None and i < len(record) else "") for key, i in meta_cols.items()}
    meta = source.metadata
    used = {goal_col, *(i for i in meta_cols.values() if i is not None)}
    fields = {header[i].text.strip(): record[i].text.strip() for i in range(min(len(record), len(header)))
              if i not in used and header[i].text.strip() and record[i].text.strip()}
    return Goal(
        text=goal_text,
        id=value["id"] or None,
        location=_location(offsets, text, row, fields),
        age=_int(value["age"], "age", meta.age, 0, 120),
        grade=_int(value["grade"], "grade", meta.grade, -1, 13),
        transition=_bool(value["transition"], meta.transition),
    )


def _clean(cell: _Cell) -> tuple[str, list[int]]:
    """The cell's text with runs of white space (line breaks too) as one space, and its offsets."""
    chars: list[str] = []
    offsets: list[int] = []
    for ch, at in zip(cell.text, cell.offsets):
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(at)
            continue
        chars.append(ch)
        offsets.append(at)
    if chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


def _location(offsets: list[int], text: str, row: int, fields: dict) -> Location:
    start = offsets[0]
    # A new segment wherever the goal's characters stop being contiguous in the source
    # (a doubled quote, a line break inside the cell).
    segments = [(i, at) for i, at in enumerate(offsets) if i and at != offsets[i - 1] + 1]
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    extra = {"row": row, **({"fields": fields} if fields else {})}
    return Location(line=line, column=column, start=start, end=offsets[-1] + 1, extra=extra,
                    segments=tuple([(0, start)] + segments) if segments else ())


def _int(value: str, key: str, default: int | None, low: int, high: int) -> int | None:
    if not value:
        return default
    if value.lower() in ("k", "kindergarten"):
        return 0
    if re.fullmatch(r"-?\d+", value) and low <= int(value) <= high:
        return int(value)
    raise ValueError(f"{key} {value!r} is not a whole number from {low} to {high}")


def _bool(value: str, default: bool | None) -> bool | None:
    if not value:
        return default
    if value.lower() in _YES:
        return True
    if value.lower() in _NO:
        return False
    raise ValueError(f"transition {value!r} is not yes or no")


@hookimpl
def goalcheck_register_readers(register):
    register(Reader("csv", (".csv",), read, "a table with a goal column (found by its header, or --column)"))
