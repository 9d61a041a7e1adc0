"""CDS Hooks cards for checked goals: one card per goal with something to say.

A card's ``indicator`` is ``warning`` when the goal reads as medical or
ambiguous or has a warning, else ``info``; its ``summary`` (under 140
characters) names the goal and the verdict; its ``detail`` (Markdown) gives the
evidence, the suggestion and the findings. When the goal has safe fixes
(:func:`goalcheck.fixes.fixes_to_apply`), the card carries one suggestion with an ``update`` action: the
resource with its ``description.text`` reworded, and the detail says exactly
which words were replaced and that nothing else was changed.
"""

from __future__ import annotations

import copy
import re
import uuid

from goalcheck import __version__
from goalcheck.fixes import fixes_to_apply, goal_with_fixes
from goalcheck.types import GoalResult

from goalcheck_http.fhir import FoundGoal

SUMMARY_MAX = 139
SOURCE = {"label": f"goalcheck {__version__}: goal wording check"}
_LABEL_WORDS = {
    "educational": "educationally relevant (a skill the student needs to take part in school)",
    "medical": "medical: clinic-based, home or community-focused",
    "ambiguous": "ambiguous: no clear school setting or purpose",
}
# Characters that start emphasis, code, links, HTML or tables inside a line of GFM.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def goal_card(result: GoalResult, found: FoundGoal, *, age: int | None) -> dict | None:
    """The card for one goal, or None when there is nothing to say (educational, no findings)."""
    verdict = result.verdict
    findings = list(result.findings)
    hidden_timeframe = found.has_due_date and any(f.rule == "GC201" for f in findings)
    if hidden_timeframe:  # target.dueDate is the timeframe; the text alone need not repeat it
        findings = [f for f in findings if f.rule != "GC201"]
    if verdict.label == "educational" and not findings:
        return None
    serious = verdict.label != "educational" or any(f.severity in ("warning", "error") for f in findings)
    card = {
        "uuid": str(uuid.uuid4()),
        "summary": summary(found.text, verdict.label, verdict.confidence, len(findings)),
        "indicator": "warning" if serious else "info",
        "source": dict(SOURCE),
        "detail": detail(result, found, findings, hidden_timeframe, age is not None),
    }
    suggestion = _suggestion(result, found)
    if suggestion:
        card["suggestions"] = [suggestion]
        card["selectionBehavior"] = "at-most-one"
    return card


def problem_card(problem: str) -> dict:
    """A resource that could not be reviewed, named with its reason."""
    return {
        "uuid": str(uuid.uuid4()),
        "summary": _fit("goalcheck could not review ", problem, ""),
        "indicator": "info",
        "source": dict(SOURCE),
        "detail": f"goalcheck could not review this resource: {md(problem)}. The other goals were reviewed.",
    }


def summary(text: str, label: str, confidence: float, n_findings: int) -> str:
    issues = f"; {n_findings} issue{'s' if n_findings != 1 else ''}" if n_findings else ""
    return _fit("Goal \"", text, f"\" reads as {label} ({round(confidence * 100)}%){issues}")


def _fit(before: str, quoted: str, after: str) -> str:
    """``before + quoted + after`` in at most SUMMARY_MAX characters, cutting ``quoted``."""
    quoted = " ".join(quoted.split())
    room = SUMMARY_MAX - len(before) - len(after)
    if len(quoted) > room:
        quoted = quoted[: max(room - 1, 0)].rstrip() + "…"
    return (before + quoted + after)[:SUMMARY_MAX]


def detail(result: GoalResult, found: FoundGoal, findings, hidden_timeframe: bool, age_known: bool) -> str:
    v = result.verdict
    lines = [f"**{found.ref}** reads as **{_LABEL_WORDS[v.label]}** (confidence {round(v.confidence * 100)}%). "
             "This describes the wording, not eligibility: that decision belongs to the team.", "",
             f"> {md(found.text)}", ""]
    if v.evidence:
        words = ", ".join(f"\"{md(e.text)}\" ({e.label})" for e in v.evidence)
        lines += [f"Words that drove this: {words}.", ""]
    if v.suggestion:
        lines += [f"**Suggestion:** {md(v.suggestion)}", ""]
    if findings:
        lines.append("**Findings**")
        lines += [f"- {f.rule} {f.name} ({f.severity}): {md(f.message)}" for f in findings]
        lines.append("")
    if hidden_timeframe:
        lines += ["GC201 (no timeframe) is not shown: the Goal's target due date gives the timeframe.", ""]
    if not age_known:
        lines += ["The patient's age was not available (no Patient with a birth date was prefetched or sent), "
                  "so the goal was checked without it.", ""]
    return "\n".join(lines).strip()


def _suggestion(result: GoalResult, found: FoundGoal) -> dict | None:
    fixes = [f.fix for f in result.findings if f.fix]
    applied = fixes_to_apply(found.text, fixes, unsafe=False)
    new_text = goal_with_fixes(found.text, applied)
    if not applied or new_text == found.text:
        return None
    changes = "; ".join(f"\"{found.text[f.start:f.end]}\" → \"{f.replacement}\"" for f in applied)
    description = (f"Update {found.ref}: replace clinical shorthand with plain words ({changes}). "
                   "Only these words change; timeframe, condition and criterion are left to you.")
    return {
        "label": "Use plain words in this goal",
        "uuid": str(uuid.uuid4()),
        "isRecommended": True,
        "actions": [{"type": "update", "description": description, "resource": updated_resource(found, new_text)}],
    }


def updated_resource(found: FoundGoal, new_text: str) -> dict:
    """The whole resource with the new description: the Goal, or its CarePlan when contained."""
    if found.container is None:
        goal = copy.deepcopy(found.resource)
        goal["description"]["text"] = new_text
        return goal
    plan = copy.deepcopy(found.container)
    plan["contained"][found.contained_index]["description"]["text"] = new_text
    return plan


def md(text: str) -> str:
    """Text from a goal or a message, escaped so Markdown shows it as written."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
