"""``goalcheck report``: one self-contained HTML page for the OT and the IEP team.

The page holds a summary (labels, findings by kind, a small inline-SVG chart)
and one card per goal: its label and confidence, the words that drove the
label highlighted, the findings in plain words, the suggestion, the goal with
the quick fixes applied, and, for goals that read as medical or community
focused, a note for the family on what school-based OT covers and when a
clinic-based OT referral may help.

Self-contained on purpose: the page may be opened on a school laptop with no
network, mailed, or printed to PDF, and it must never fetch anything (it holds
student data). Styles and the one-line print script are inline; a Content
Security Policy forbids any other load. Rendered with Jinja2 (already a
dependency of spaCy) for its escaping by default: goal text is user input.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from goalcheck.files import write_atomic
from goalcheck.fixes import goal_with_fixes
from goalcheck.types import LABELS

LABEL_COLOURS = {"educational": "#2e7d32", "medical": "#c62828", "ambiguous": "#b26a00"}
LABEL_TITLES = {"educational": "Educational", "medical": "Medical / community", "ambiguous": "Ambiguous"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# What the goal is about, from its findings, for the first sentence of the family note.
_TOPICS = (
    ("GC104", "a home or family routine"),
    ("GC103", "practice in a clinic"),
    ("GC106", "community life outside the school program"),
)
_DEFAULT_TOPIC = "a body function worked on for its own sake, or life outside school"
FAMILY_NOTE = (
    "Occupational therapy at school is there to help your child take part in the school day: "
    "written work, using classroom tools, getting around the building, lunch, recess, and self-care "
    "at school. As written, this goal reads as being about {topic}. That is a comment on the wording, "
    "not a decision: the IEP team decides what goes in the IEP. If the skill matters mostly outside "
    "school, a clinic-based (outpatient) occupational therapist, usually reached through your child's "
    "doctor, may help alongside school services. You can ask the team about it at the meeting."
)


class OutputExists(Exception):
    """The output file exists and --force was not given."""


@dataclass
class Card:
    """One goal as the page shows it."""

    number: int
    where: str
    goal_id: str | None
    label: str
    confidence: int  # percent
    parts: list[tuple[str, str | None]]  # (text, evidence label or None)
    findings: list[dict] = field(default_factory=list)
    suggestion: str | None = None
    fixed: str | None = None
    family_note: str | None = None


def render(results, *, rules=(), title: str = "Goal check report", version: str = "", model: dict | None = None,
           generated: _dt.datetime | None = None) -> str:
    """The whole HTML page for a list of :class:`~goalcheck.types.FileResult`."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("goalcheck", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("report.html.j2").render(context(results, rules=rules, title=title, version=version,
                                                             model=model or {}, generated=generated))


def context(results, *, rules=(), title: str, version: str, model: dict, generated=None) -> dict:
    """Everything the template shows, as plain values (the template does no arithmetic)."""
    summaries = {r.id: r.summary for r in rules}
    goals = [(r.path, g) for r in results for g in r.goals]
    counts = {label: sum(1 for _, g in goals if g.verdict.label == label) for label in LABELS}
    kinds: dict[tuple[str, str], int] = {}
    for _, g in goals:
        for f in g.findings:
            kinds[(f.rule, f.name)] = kinds.get((f.rule, f.name), 0) + 1
    by_kind = [{"rule": rule, "name": name, "summary": summaries.get(rule, name.replace("-", " ")), "count": n}
               for (rule, name), n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
    top = max([k["count"] for k in by_kind], default=1)
    for k in by_kind:
        k["percent"] = round(100 * k["count"] / top)
    return {
        "title": title,
        "version": version,
        "model": model,
        "generated": (generated or _dt.datetime.now()).strftime("%d %B %Y, %H:%M"),
        "files": [{"path": r.path, "goals": len(r.goals), "error": r.error} for r in results],
        "total_goals": len(goals),
        "counts": [{"label": label, "title": LABEL_TITLES[label], "count": counts[label],
                    "colour": LABEL_COLOURS[label]} for label in LABELS],
        "total_findings": sum(kinds.values()),
        "by_kind": by_kind,
        "chart": chart(counts),
        "cards": [card(i, path, g) for i, (path, g) in enumerate(goals, start=1)],
        "colours": LABEL_COLOURS,
    }


def chart(counts: dict[str, int]) -> dict:
    """Geometry of a horizontal bar chart of the labels (inline SVG, no script)."""
    width, label_w, bar_h, gap, value_w = 420, 150, 26, 12, 40
    top = max(counts.values(), default=0) or 1
    bars = []
    for i, label in enumerate(LABELS):
        n = counts.get(label, 0)
        length = round((width - label_w - value_w) * n / top)
        y = i * (bar_h + gap)
        bars.append({"label": LABEL_TITLES[label], "count": n, "x": label_w, "y": y, "width": length,
                     "height": bar_h, "colour": LABEL_COLOURS[label], "text_y": y + bar_h / 2 + 5,
                     "value_x": label_w + length + 6})
    return {"width": width, "height": len(LABELS) * (bar_h + gap) - gap, "bars": bars,
            "summary": ", ".join(f"{counts.get(label, 0)} {label}" for label in LABELS)}


def card(number: int, path: str, result) -> Card:
    goal, verdict = result.goal, result.verdict
    loc = goal.location
    where = f"{path}:{loc.line}" if loc.line else path
    if "row" in loc.extra:
        where = f"{path}, row {loc.extra['row']}"
    findings = sorted(result.findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.rule))
    return Card(
        number=number,
        where=where,
        goal_id=goal.id,
        label=verdict.label,
        confidence=round(100 * verdict.confidence),
        parts=highlight(goal.text, verdict.evidence),
        findings=[{"rule": f.rule, "severity": f.severity, "message": _sentence(f.message)} for f in findings],
        suggestion=verdict.suggestion,
        fixed=apply_fixes(goal.text, [f.fix for f in result.findings if f.fix]),
        family_note=family_note(result),
    )


def highlight(text: str, evidence) -> list[tuple[str, str | None]]:
    """The goal text cut into plain and highlighted pieces; overlapping evidence keeps the first span."""
    parts, at = [], 0
    for ev in sorted(evidence, key=lambda e: (e.start, -e.end)):
        if ev.start < at or not 0 <= ev.start < ev.end <= len(text):
            continue
        if ev.start > at:
            parts.append((text[at:ev.start], None))
        parts.append((text[ev.start:ev.end], ev.label))
        at = ev.end
    if at < len(text):
        parts.append((text[at:], None))
    return parts


def apply_fixes(text: str, fixes) -> str | None:
    """The goal with every quick fix applied, or None when that changes nothing."""
    fixed = goal_with_fixes(text, list(fixes))
    return fixed if fixed != text else None


def family_note(result) -> str | None:
    """The note for the family, for goals that read as medical or community-focused."""
    rules = {f.rule for f in result.findings}
    if result.verdict.label != "medical" and "GC106" not in rules:
        return None
    topic = next((text for rule, text in _TOPICS if rule in rules), _DEFAULT_TOPIC)
    return FAMILY_NOTE.format(topic=topic)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def write(path: str | os.PathLike, html: str, *, force: bool = False) -> None:
    """Write ``html`` to ``path`` atomically; never replace an existing file unless ``force``."""
    target = Path(path)
    if not force and target.exists():
        raise OutputExists(f"{target} exists; use --force to replace it")
    try:
        write_atomic(target, html.encode("utf-8"), overwrite=force)
    except FileExistsError:
        raise OutputExists(f"{target} exists; use --force to replace it") from None
