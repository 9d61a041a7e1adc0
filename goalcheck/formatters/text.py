"""``--format text``: one line per finding, ``path:line:col: ID [label confidence] message``.

Readable without colour; coloured only when the CLI says the output is a
terminal. A goal's verdict is its own line (rule GC101/GC102 carry the label);
the suggestion follows, indented, for goals that read as medical or ambiguous.
"""

from __future__ import annotations

import click

from goalcheck.formatters.json import summary
from goalcheck.plugins import hookimpl

_LABEL_COLOUR = {"educational": "green", "medical": "red", "ambiguous": "yellow"}
_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "cyan"}


def _where(path: str, goal) -> tuple[int, int]:
    loc = goal.goal.location
    line = loc.line or 1
    column = loc.column or 1
    return line, column


def format_results(results, options) -> str:
    style = click.style if options.color else (lambda s, **_: s)
    out: list[str] = []
    for r in results:
        if r.error:
            out.append(f"{r.path}: error: {r.error}")
        for g in r.goals:
            line, col = _where(r.path, g)
            v = g.verdict
            tag = style(f"[{v.label} {v.confidence:.2f}]", fg=_LABEL_COLOUR.get(v.label))
            where = g.goal.location.extra.get("where")  # a table cell, a resource: said in words
            ident = "".join(f" ({x})" for x in (g.goal.id, where) if x)
            if not g.findings:
                out.append(f"{r.path}:{line}:{col}:{ident} {tag} ok")
            for f in g.findings:
                rule = style(f.rule, fg=_SEVERITY_COLOUR.get(f.severity), bold=f.severity == "error")
                out.append(f"{r.path}:{line}:{col}:{ident} {rule} {tag} {f.message}")
            if options.show_suggestions and v.suggestion and g.findings:
                out.append(f"    suggestion: {v.suggestion}")
            for e in g.plugin_errors:
                out.append(f"{r.path}:{line}:{col}: plugin {e.plugin!r} failed in {e.hook}: {e.error}")
    s = summary(results)
    labels = ", ".join(f"{n} {k}" for k, n in s["labels"].items())
    total = sum(s["findings"].values())
    errors = f", {s['files_with_errors']} file(s) could not be read" if s["files_with_errors"] else ""
    suppressed = f" ({s['suppressed']} suppressed)" if s["suppressed"] else ""
    out.append(f"{s['goals']} goal(s) in {s['files']} file(s): {labels}; {total} finding(s){suppressed}{errors}")
    return "\n".join(out) + "\n"


@hookimpl
def goalcheck_register_formatters(register):
    register("text", format_results)
