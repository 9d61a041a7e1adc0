"""Hover on a flagged goal: the verdict, confidence, evidence, suggestion and rule explanations.

Every finding of the goal is listed on one line; the full explanation
(``goalcheck explain``) is given for the findings under the cursor, the ones on a
specific span first (a whole-goal finding is under every position of the goal).
"""

from __future__ import annotations

from lsprotocol import types

from goalcheck_lsp.diagnostics import lsp_range
from goalcheck_lsp.engine import GoalView, Report


def hover(report: Report, offset: int, rules: dict, markdown: bool = True) -> types.Hover | None:
    view = report.goal_at(offset)
    if view is None or not view.flagged:
        return None
    text = "\n".join(_lines(view, offset, rules, markdown))
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(contents=types.MarkupContent(kind=kind, value=text),
                       range=lsp_range(report.index, view.start, view.end))


def _lines(view: GoalView, offset: int, rules: dict, md: bool) -> list[str]:
    b = (lambda s: f"**{s}**") if md else (lambda s: s)
    v = view.result.verdict
    lines = [f"{b('goalcheck')}: reads as {b(v.label)} (confidence {v.confidence:.2f})", ""]
    if v.evidence:
        words = ", ".join(f'"{e.text}" → {e.label}' for e in v.evidence)
        lines += [f"Evidence: {words}", ""]
    if v.suggestion:
        lines += [f"Suggestion: {v.suggestion}", ""]
    for fv in view.findings:
        f = fv.finding
        lines.append(f"{'- ' if md else '* '}{b(f.rule)} {f.name} ({f.severity}): {f.message}")
    for fv in _explained(view, offset):
        rule = rules.get(fv.finding.rule)
        if rule is None:
            continue
        lines += ["", "---" if md else "", f"{b(rule.id + ' ' + rule.name)}: {rule.summary}"]
        for title, body in rule.explanation.sections():
            lines.append(f"{'*' + title + '.*' if md else title + ':'} {body}")
    return lines


def _explained(view: GoalView, offset: int):
    """Findings under the cursor, specific spans first; one explanation per rule."""
    under = [fv for fv in view.findings if fv.start <= offset <= fv.end]
    specific = [fv for fv in under if (fv.start, fv.end) != (view.start, view.end)]
    chosen, seen = [], set()
    for fv in specific or under:
        if fv.finding.rule not in seen:
            seen.add(fv.finding.rule)
            chosen.append(fv)
    return chosen
