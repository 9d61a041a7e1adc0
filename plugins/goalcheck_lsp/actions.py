"""Code actions for the goals in a range.

* **Apply a rule's fix** (``Finding.fix``): a text edit of the goal, e.g. "add a
  timeframe" inserts "By the annual review, ".
* **Ignore a rule for this goal**: ``<!-- goalcheck: ignore GC201 -->`` on the
  line before the goal (added to an existing suppression comment there).
* **Add the suggestion as a note**: goalcheck's suggestion is advice in prose,
  not a rewording of the goal, so it is not applied to the goal; this action
  only keeps it as an HTML comment above the goal (Markdown documents only),
  for whoever rewrites it.
* **Add a term to the project's vocabulary**: the words selected in a goal
  (a district's name for a place: "SDC", "life-skills lab") become a
  ``school_setting`` phrase; a command, run by the server, edits the
  configuration file.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from goalcheck_lsp import suppression
from goalcheck_lsp.diagnostics import VERDICT_RULES, lsp_range
from goalcheck_lsp.engine import GoalView, Report

ADD_TO_VOCABULARY = "goalcheck.addToVocabulary"
QUICKFIX = types.CodeActionKind.QuickFix


@dataclass(frozen=True)
class Request:
    start: int  # document offsets of the requested range
    end: int
    diagnostics: tuple[types.Diagnostic, ...] = ()
    only: tuple[str, ...] = ()
    markdown: bool = True
    document_changes: bool = True  # the client takes versioned TextDocumentEdits


def code_actions(report: Report, req: Request) -> list[types.CodeAction]:
    if req.only and not any(QUICKFIX.value.startswith(k) or k == "" for k in req.only):
        return []
    out: list[types.CodeAction] = []
    for view in report.goals:
        if view.start <= req.end and req.start <= view.end:
            out += _goal_actions(report, view, req)
    term = _term(report, req)
    if term:
        out.append(types.CodeAction(
            title=f'Add "{term}" to the project\'s school-setting vocabulary',
            kind=QUICKFIX,
            command=types.Command(title="Add to goalcheck vocabulary", command=ADD_TO_VOCABULARY,
                                  arguments=[report.snapshot.uri, term]),
        ))
    return out


def _goal_actions(report: Report, view: GoalView, req: Request) -> list[types.CodeAction]:
    fixes, ignores, notes = [], [], []
    seen_rules = set()
    for fv in view.findings:
        if not (fv.start <= req.end and req.start <= fv.end):
            continue
        f = fv.finding
        diags = [d for d in req.diagnostics if d.code == f.rule]
        if f.fix is not None:
            fixes.append(_fix_action(report, view, f, diags, req))
        if f.rule not in seen_rules:
            seen_rules.add(f.rule)
            ignores.append(_action(report, req, f"Ignore {f.rule} ({f.name}) for this goal",
                                   [_ignore_edit(report, view, f.rule)], diags))
        suggestion = view.result.verdict.suggestion
        if f.rule in VERDICT_RULES and suggestion and req.markdown and not notes:
            notes.append(_action(report, req, "Add goalcheck's suggestion as a note above this goal",
                                 [_note_edit(report, view, suggestion)], diags))
    if len(fixes) == 1:
        fixes[0].is_preferred = True
    return fixes + notes + ignores


def _fix_action(report, view, finding, diags, req) -> types.CodeAction:
    fix = finding.fix
    loc = view.result.goal.location
    start = report.index.from_engine(loc.source_offset(fix.start))
    end = report.index.from_engine(loc.source_offset(fix.end))
    label = fix.description or "apply the fix"
    title = f"{label[:1].upper()}{label[1:]} ({finding.rule})"
    return _action(report, req, title, [types.TextEdit(range=lsp_range(report.index, start, end), new_text=fix.replacement)], diags)


def _ignore_edit(report: Report, view: GoalView, rule_id: str) -> types.TextEdit:
    index = report.index
    above = view.line - 1
    merged = suppression.merged_comment(index.line_text(above), rule_id) if above >= 0 else None
    if merged:
        start, end, comment = merged
        base = index.line_start(above)
        return types.TextEdit(range=lsp_range(index, base + start, base + end), new_text=comment)
    return _insert_line_before(report, view.line, suppression.comment([rule_id]))


def _note_edit(report: Report, view: GoalView, suggestion: str) -> types.TextEdit:
    """The note goes above any goalcheck comments already there, so a suppression stays next to the goal."""
    line = view.line
    while line > 0 and suppression.GOALCHECK_COMMENT_LINE.match(report.index.line_text(line - 1)):
        line -= 1
    text = " ".join(suggestion.split()).replace("--", "—")
    return _insert_line_before(report, line, f"<!-- goalcheck suggestion: {text} -->")


def _insert_line_before(report: Report, line: int, content: str) -> types.TextEdit:
    index = report.index
    current = index.line_text(line)
    indent = current[: len(current) - len(current.lstrip(" \t"))]
    at = index.line_start(line)
    return types.TextEdit(range=lsp_range(index, at, at), new_text=f"{indent}{content}{index.line_break(line)}")


def _action(report: Report, req: Request, title: str, edits: list[types.TextEdit], diags) -> types.CodeAction:
    snap = report.snapshot
    if req.document_changes:
        doc = types.OptionalVersionedTextDocumentIdentifier(uri=snap.uri, version=snap.version)
        edit = types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=doc, edits=edits)])
    else:
        edit = types.WorkspaceEdit(changes={snap.uri: edits})
    return types.CodeAction(title=title, kind=QUICKFIX, diagnostics=diags or None, edit=edit)


def _term(report: Report, req: Request) -> str | None:
    """The words to offer for the vocabulary: a one-line selection inside a goal."""
    from goalcheck_lsp.vocabulary import VocabularyError, clean_term

    view = report.goal_at(req.start)
    if view is None or req.start >= req.end or req.end > view.end:
        return None
    raw = report.snapshot.text[req.start:req.end]
    if "\n" in raw or "\r" in raw:
        return None
    try:
        return clean_term(raw)
    except VocabularyError:
        return None
