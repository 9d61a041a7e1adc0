"""``--format json``: the versioned JSON contract documented in the README."""

from __future__ import annotations

import json

from goalcheck.plugins import hookimpl

SCHEMA_VERSION = 1


def document(results, options) -> dict:
    """The whole JSON document, as a dict (the HTTP adapter returns the same)."""
    return {
        "goalcheck": options.version,
        "schema": SCHEMA_VERSION,
        "model": options.model,
        "files": [r.to_dict() for r in results],
        "summary": summary(results),
    }


def summary(results) -> dict:
    labels = {"educational": 0, "medical": 0, "ambiguous": 0}
    findings: dict[str, int] = {}
    suppressed = 0
    for r in results:
        for g in r.goals:
            suppressed += g.suppressed
            labels[g.verdict.label] = labels.get(g.verdict.label, 0) + 1
            for f in g.findings:
                findings[f.rule] = findings.get(f.rule, 0) + 1
    return {
        "files": len(results),
        "files_with_errors": sum(1 for r in results if r.error),
        "goals": sum(len(r.goals) for r in results),
        "labels": labels,
        "findings": dict(sorted(findings.items())),
        "suppressed": suppressed,
    }


def format_results(results, options) -> str:
    return json.dumps(document(results, options), indent=2, ensure_ascii=False) + "\n"


@hookimpl
def goalcheck_register_formatters(register):
    register("json", format_results)
