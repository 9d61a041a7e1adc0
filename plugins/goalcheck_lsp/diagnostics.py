"""A Report as LSP diagnostics: one per finding, source "goalcheck", code the rule id."""

from __future__ import annotations

from lsprotocol import types

from goalcheck_lsp.engine import Report
from goalcheck_lsp.positions import LineIndex
from goalcheck_lsp.ruledocs import RuleDocs
from goalcheck_lsp.settings import Settings

SOURCE = "goalcheck"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
# The rules that carry the verdict (as in `goalcheck check` text output): their
# message gets the label, confidence and suggestion.
VERDICT_RULES = ("GC101", "GC102")


def lsp_range(index: LineIndex, start: int, end: int) -> types.Range:
    (sl, sc), (el, ec) = index.position(start), index.position(end)
    return types.Range(start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec))


def to_diagnostics(report: Report, settings: Settings, docs: RuleDocs) -> list[types.Diagnostic]:
    if report.problem:
        return [_problem(report)]
    out = []
    for view in report.goals:
        verdict = view.result.verdict
        for fv in view.findings:
            f = fv.finding
            message = f.message
            if f.rule in VERDICT_RULES:
                message += f" [{verdict.label} {verdict.confidence:.2f}]"
                if settings.show_suggestions and verdict.suggestion:
                    message += f"\nsuggestion: {verdict.suggestion}"
            href = docs.href(f.rule)
            out.append(types.Diagnostic(
                range=lsp_range(report.index, fv.start, fv.end),
                message=message,
                severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
                code=f.rule,
                code_description=types.CodeDescription(href=href) if href else None,
                source=SOURCE,
                data={"rule": f.rule, "name": f.name, "fixable": f.fix is not None},
            ))
    return out


def _problem(report: Report) -> types.Diagnostic:
    """A configuration or model problem, shown on the first line of the document."""
    first = report.index.line_text(0)
    return types.Diagnostic(
        range=lsp_range(report.index, 0, len(first)),
        message=report.problem or "",
        severity=types.DiagnosticSeverity.Error,
        code="config",
        source=SOURCE,
    )
