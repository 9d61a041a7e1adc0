"""Find the goals in a plain-text or Markdown draft.

Drafts mix goals with everything else an IEP or care plan holds: a header with
the student's age and grade, present levels, accommodations, service minutes.
A line or paragraph is a goal when

* it carries a goal label: ``Annual Goal 2:``, ``Goal:``, ``LTG:``, ``STG 1:``,
  ``Long-term goal:`` (the label is not part of the goal's text);
* it is a list item or paragraph under a heading that names goals; or
* it is a list item or paragraph elsewhere that reads as a goal ("... will ...")
  and is not under a heading for present levels, accommodations or services.

Items indented under a goal, or labelled ``Objective``/``Benchmark``, are
short-term objectives of that goal, not goals of their own. A goal that wraps
over several lines is joined with single spaces; its location maps back to the
source. ``<!-- ... -->`` comments are skipped. The document's header
("Age: 17", "Grade 11", "Transition plan: yes") becomes metadata of every goal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from goalcheck.plugins import hookimpl
from goalcheck.readers import MAX_GOAL_CHARS, Metadata, Reader, Source
from goalcheck.types import Goal, Location

_GOAL_LABEL = re.compile(
    r"""^(?P<label>
        (?:annual|measurable\s+annual|long[- ]term|short[- ]term|ot|iep|treatment|functional)?\s*goal
        |ltg|stg|lt\s+goal|st\s+goal
    )\s*(?:\#\s*)?(?P<num>\d+[a-z]?|[a-z]|[ivx]+)?\s*(?:\((?P<area>[^)]{1,40})\))?\s*[:.)\-–—]\s*""",
    re.I | re.X,
)
_OBJECTIVE_LABEL = re.compile(
    r"^(?:short[- ]term\s+)?(?:objective|benchmark|obj\.?)\s*(?:#\s*)?(?:\d+[a-z]?|[a-z])?(?:\.\d+)?\s*[:.)\-–—]\s*",
    re.I,
)
_LIST_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+•▪◦‣]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)]|\d{1,2}\.\d{1,2}\.?)[ \t]+")
_HEADING = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
_LABEL_HEADING = re.compile(r"^\s*(?:\*\*|__)?(?P<title>[A-Za-z][A-Za-z0-9 /&'()\-]{2,60}?)(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$")
_EMPHASIS_AROUND_LABEL = re.compile(r"^(\*\*|__)(?P<inner>[^*_]{1,60}?)(\*\*|__)\s*")
_READS_AS_GOAL = re.compile(r"\b(?:will|to)\s+(?:be\s+able\s+to\s+)?(?:independently\s+|indep\.?\s+)?[a-z]{3,}", re.I)
_WILL = re.compile(r"\bwill\b|\bby\s+(?:the\s+)?(?:end|annual|\d)|\bpt\.?\s+(?:to|will)\b|^(?:to|increase|improve|decrease|incr\.?|decr\.?)\b", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# "Parent input: ...", "Pt: K.M.", SOAP "S:" lines: labelled fields that are not goals.
_FIELD = re.compile(r"^(?:\*\*|__)?[A-Za-z][A-Za-z/&' .-]{0,28}(?:\*\*|__)?:(?:\*\*|__)?\s+\S")
_EMPHASISED_LINE = re.compile(r"^\s*([*_])(?!\1).+\1\s*$")
# A sentence that is not the goal itself: a note about reporting, the team or the service.
_NOT_GOAL_SENTENCE = re.compile(
    r"^\s*(?:progress|data|this\s+goal|services?|the\s+team|team|ot|therapy|we|i|in\s+the\s+area\s+of)\b"
    r"|\bwill\s+be\s+(?:reported|measured|monitored|reviewed|shared|sent|collected|provided|documented|taken)\b",
    re.I,
)

_GOAL_SECTION = re.compile(r"\b(goals?|objectives?|outcomes?|ltgs?|stgs?|plan of care)\b", re.I)
_OTHER_SECTION = re.compile(
    r"\b(present\s+levels?|plaa?fp|plep|accommodations?|modifications?|services?|service\s+minutes|minutes|"
    r"background|history|strengths|concerns|assessment|evaluation|results|notes?|supports?|baseline|"
    r"progress|reason for referral|diagnos[ie]s|recommendations?|frequency|schedule|team|signatures?|"
    r"parent input|student input)\b",
    re.I,
)

_AGE = re.compile(r"\bage\s*[:=]?\s*(?P<n>\d{1,2})\b|\b(?P<m>\d{1,2})[- ](?:years?|yrs?)[- ]old\b|\b(?P<y>\d{1,2})\s*y/?o\b", re.I)
_GRADE = re.compile(
    r"\b(?:grade|gr\.?)\s*(?:level)?\s*[:=]?\s*(?P<n>\d{1,2}|k|pre-?k)\b|\b(?P<m>\d{1,2})(?:st|nd|rd|th)\s+grade(?:r)?\b", re.I
)
_TRANSITION = re.compile(r"\btransition\s+plan\b|\bpost-?secondary\s+goals?\b|\bcommunity-based instruction\b", re.I)


@dataclass
class _Line:
    number: int  # 1-based
    start: int  # offset of the line in the source
    text: str


@dataclass
class _Candidate:
    # (line, offset of that line in the source, offset of this piece, piece text)
    lines: list[tuple[int, int, int, str]] = field(default_factory=list)
    kind: str = "paragraph"  # labelled | item | paragraph | objective | field

    def add(self, line: _Line, offset: int, text: str) -> None:
        self.lines.append((line.number, line.start, offset, text))


def read(source: Source) -> list[Goal]:
    return find_goals(source.text(), source.metadata)


def find_goals(text: str, metadata: Metadata | None = None) -> list[Goal]:
    """All goals of a plain-text or Markdown document, in order."""
    return goals_and_metadata(text, metadata)[0]


def goals_and_metadata(text: str, metadata: Metadata | None = None) -> tuple[list[Goal], Metadata]:
    """The document's goals, and the metadata its header gives them (see :func:`header_metadata`)."""
    given = metadata or Metadata()
    goals = _goals(text, given)
    meta = _header_before(goals, text, given)
    if meta != given:
        goals = [replace(g, age=meta.age, grade=meta.grade, transition=meta.transition) for g in goals]
    return _apply_directives(goals, text), meta


def _header_before(goals: list[Goal], text: str, given: Metadata) -> Metadata:
    # The header is the text before the first goal: a goal that mentions an age or
    # community-based instruction speaks for itself, not for every goal of the document.
    first = min((g.location.start for g in goals if g.location.start is not None), default=len(text))
    return header_metadata(text[:first], given)


def _goals(text: str, meta: Metadata) -> list[Goal]:
    blanked = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    lines, pos = [], 0
    for number, raw in enumerate(blanked.split("\n"), start=1):
        lines.append(_Line(number, pos, raw))
        pos += len(raw) + 1
    goals = []
    for cand, section in _candidates(lines):
        goal = _to_goal(cand, section, meta)
        if goal:
            goals.append(goal)
    return goals


_DIRECTIVE = re.compile(r"<!--\s*goalcheck:\s*(?P<verb>ignore|disable|enable)\b(?P<rules>[^>]*?)-->", re.I)


def _apply_directives(goals: list[Goal], text: str) -> list[Goal]:
    """Inline comments switch rules off: ``ignore`` for the next goal, ``disable``/``enable`` for a range.

    ``<!-- goalcheck: ignore GC201 no-condition -->`` (no rules: all of them).
    """
    directives = list(_DIRECTIVE.finditer(text))
    if not directives:
        return goals
    out = []
    disabled: set[str] = set()
    pending: set[str] = set()
    events = iter(directives)
    upcoming = next(events, None)
    for goal in goals:
        while upcoming is not None and upcoming.start() < (goal.location.start or 0):
            rules = set(re.split(r"[\s,]+", upcoming.group("rules").strip())) - {""} or {"*"}
            verb = upcoming.group("verb").lower()
            if verb == "ignore":
                pending |= rules
            elif verb == "disable":
                disabled |= rules
            else:
                disabled -= rules if rules != {"*"} else disabled.copy()
            upcoming = next(events, None)
        suppress = tuple(sorted(disabled | pending))
        out.append(replace(goal, suppress=suppress) if suppress else goal)
        pending = set()
    return out


def header_metadata(text: str, given: Metadata) -> Metadata:
    """Age, grade and transition status from a document's header, where the caller gave none."""
    age, grade, transition = given.age, given.grade, given.transition
    head = re.sub(r"[*_]", "", text[:4000])  # "**Age:** 9" is "Age: 9"
    if age is None and (m := _AGE.search(head)):
        age = int(m.group("n") or m.group("m") or m.group("y"))
    if grade is None and (m := _GRADE.search(head)):
        g = (m.group("n") or m.group("m")).lower()
        grade = 0 if g in ("k", "prek", "pre-k") else int(g)
    if transition is None and _TRANSITION.search(head):
        transition = True
    return Metadata(age=age, grade=grade, transition=transition)


def _candidates(lines: list[_Line]):
    """Yield (candidate, section) for every block that might be a goal."""
    section = None  # "goal", "other" or None
    current: _Candidate | None = None
    goal_indent: int | None = None
    in_objectives = False

    def flush():
        nonlocal current
        if current and current.lines:
            yield current, section
        current = None

    for line in lines:
        raw = line.text
        stripped = raw.strip()
        if not stripped:
            yield from flush()
            continue
        heading = _heading_title(raw)
        if heading is not None:
            yield from flush()
            if _OBJECTIVE_LABEL.match(heading + ":") or re.match(r"^(short[- ]term\s+)?objectives?|benchmarks?$", heading, re.I):
                in_objectives = True
                continue
            section = "goal" if _GOAL_SECTION.search(heading) and not _OTHER_SECTION.search(heading) else "other" if _OTHER_SECTION.search(heading) else section
            in_objectives = False
            goal_indent = None
            continue
        if re.fullmatch(r"[-=_*]{3,}|\|.*\||```.*", stripped):
            yield from flush()
            continue
        marker = _LIST_MARKER.match(raw)
        indent = len((marker.group("indent") if marker else raw[: len(raw) - len(raw.lstrip())]).expandtabs(4))
        body_offset = marker.end() if marker else len(raw) - len(raw.lstrip())
        body = raw[body_offset:]
        body, body_offset = _strip_emphasised_label(body, body_offset)
        if _OBJECTIVE_LABEL.match(body):
            yield from flush()
            current = _Candidate(kind="objective")
            current.add(line, line.start + body_offset, body)
            continue
        label = _GOAL_LABEL.match(body)
        if label and label.end() < len(body.rstrip()):
            yield from flush()
            current = _Candidate(kind="labelled")
            current.add(line, line.start + body_offset + label.end(), body[label.end():])
            goal_indent = indent
            in_objectives = False
            continue
        if not marker and _FIELD.match(body) and not current:
            yield from flush()
            current = _Candidate(kind="field")
            current.add(line, line.start + body_offset, body)
            continue
        if _EMPHASISED_LINE.match(body) and not marker:
            yield from flush()
            current = _Candidate(kind="field")
            current.add(line, line.start + body_offset, body)
            continue
        if marker:
            yield from flush()
            # Deeper than the goal above, or lettered ("a.", "1.1") right under it: an objective.
            is_objective = in_objectives or (goal_indent is not None and (
                indent > goal_indent
                or (indent == goal_indent and re.fullmatch(r"\(?(?:[a-z]|[ivx]+)[.)]|\d+\.\d+\.?", marker.group("marker")))
            ))
            current = _Candidate(kind="objective" if is_objective else "item")
            current.add(line, line.start + body_offset, body)
            if not is_objective:
                goal_indent = indent
            continue
        if current is not None:
            # A continuation line of the current block (a wrapped goal or paragraph).
            lead = len(raw) - len(raw.lstrip())
            current.add(line, line.start + lead, raw[lead:])
            continue
        current = _Candidate(kind="paragraph")
        current.add(line, line.start + body_offset, body)
        if goal_indent is not None and indent > goal_indent:
            current.kind = "objective"
    yield from flush()


def _heading_title(raw: str) -> str | None:
    if m := _HEADING.match(raw):
        return m.group("title").strip("*_ ")
    m = _LABEL_HEADING.match(raw)
    if m and (raw.rstrip().endswith(":") or raw.strip().startswith(("**", "__")) or raw.strip().isupper()):
        title = m.group("title").strip()
        if not _GOAL_LABEL.match(title + ":") or re.search(r"goals$", title, re.I):
            return title
    return None


def _strip_emphasised_label(body: str, offset: int) -> tuple[str, int]:
    """``**Goal 1:** text`` -> ``Goal 1: text`` (keeping source offsets right)."""
    m = _EMPHASIS_AROUND_LABEL.match(body)
    if m and (_GOAL_LABEL.match(m.group("inner") + (" x" if m.group("inner").rstrip().endswith(":") else ": x"))
              or _OBJECTIVE_LABEL.match(m.group("inner"))):
        inner = m.group("inner").rstrip()
        if not inner.endswith((":", ".", ")", "-")):
            inner += ":"
        rest = body[m.end():]
        # Keep offsets: the rest of the body still starts at its true source offset.
        return inner + " " + rest, offset + m.end() - len(inner) - 1
    return body, offset


def _to_goal(cand: _Candidate, section: str | None, meta: Metadata) -> Goal | None:
    if cand.kind in ("objective", "field"):
        return None
    pieces, segments = [], []
    text_len = 0
    for _, _, offset, piece in cand.lines:
        piece_stripped = piece.rstrip()
        if pieces:
            pieces.append(" ")
            text_len += 1
        segments.append((text_len, offset))
        pieces.append(piece_stripped)
        text_len += len(piece_stripped)
    text = "".join(pieces).strip()
    if not text:
        return None
    start_in_text = 0
    if cand.kind == "paragraph":
        start_in_text, end_in_text = _goal_sentences(text)
        text = text[start_in_text:end_in_text]
        if not text:
            return None
    if cand.kind != "labelled":
        if section == "other":
            return None
        if section != "goal" and not _reads_as_goal(text):
            return None
        if section == "goal" and len(text.split()) < 3 and not _reads_as_goal(text):
            return None
    if len(text) > MAX_GOAL_CHARS:
        return None
    location = _location(cand, segments, start_in_text, len(text))
    return Goal(text=text, id=None, location=location, age=meta.age, grade=meta.grade, transition=meta.transition)


def _location(cand: _Candidate, segments: list[tuple[int, int]], start: int, length: int) -> Location:
    """Where the goal text ``joined[start:start + length]`` stands in the source."""
    whole = Location(start=cand.lines[0][2], segments=tuple(segments))
    src_start = whole.source_offset(start)
    src_end = whole.source_offset(start + length)
    kept = [(max(0, t - start), src) for t, src in segments if start < t < start + length]
    first = max((i for i, (t, _) in enumerate(segments) if t <= start), default=0)
    number, line_start, _, _ = cand.lines[first]
    return Location(line=number, column=src_start - line_start + 1, start=src_start, end=src_end,
                    segments=tuple([(0, src_start)] + kept) if kept else ())


def _goal_sentences(text: str) -> tuple[int, int]:
    """The run of sentences in a paragraph that make up the goal (skipping notes around it)."""
    sentences = [(m.start(), m.end()) for m in re.finditer(r"\S.*?(?:[.!?](?=\s+[A-Z(\"])|$)", text, re.S)]
    goal_like = [(s, e) for s, e in sentences if _reads_as_goal(text[s:e]) and not _NOT_GOAL_SENTENCE.search(text[s:e])]
    if len(sentences) <= 1 or not goal_like:
        return 0, len(text)
    start, end = goal_like[0]
    for s, e in goal_like[1:]:
        if text[end:s].strip():
            break
        end = e
    return start, end


def _reads_as_goal(text: str) -> bool:
    words = text.split()
    return len(words) >= 4 and bool(_WILL.search(text)) and bool(_READS_AS_GOAL.search(text))


@hookimpl
def goalcheck_register_readers(register):
    register(Reader("text", (".txt", ".text", ""), read, "plain-text drafts"))
    register(Reader("markdown", (".md", ".markdown", ".mdown"), read, "Markdown drafts"))

